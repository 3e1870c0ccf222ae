// The printed documents as plain data — headings, tables, signature lines — built from the
// contest and its computed result. One model, three writers (PDF, XLSX, CSV), so the paper,
// the spreadsheet and the CSV always say the same thing. Pure: no Cairo, no files.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scoring/engine/standings.h"
#include "scoring/engine/status.h"

namespace lf {

struct PrintCell {
  std::string text;
  std::optional<int64_t> units;  // a number (score or mark units) for spreadsheets
  int decimals = 0;
  bool struck = false;           // a dropped mark
  bool bold = false;
};

struct PrintTable {
  std::string caption;                   // e.g. "一等奖（2 名）"; also the XLSX sheet's heading
  std::vector<std::string> headers;
  std::vector<float> widths;             // relative column widths
  std::vector<std::vector<PrintCell>> rows;
};

struct PrintSection {       // one group (or venue, or judge): starts on a new page
  std::string heading;      // "全县决赛 · 小学组"
  std::vector<std::string> notes;  // lines under the heading
  std::vector<PrintTable> tables;
  std::vector<std::string> signatures;  // signature lines at the end ("评委会主任", "监审")
};

struct PrintDocument {
  std::string kind;       // awards | results | marks | score-sheets
  std::string title;      // "测试县中小学班主任基本功大赛 获奖名单"
  std::string subtitle;   // organizer and date
  bool landscape = false;
  bool draft = false;     // every page says 草稿
  std::vector<PrintSection> sections;
};

struct Certificate {
  std::string name, school, group, award, contest, organizer, date, round;
};

struct PrintFilter {
  std::string round;  // key; empty: every round
  std::string group;  // key; empty: every group
};

// Refuses (with every reason, naming the contestants) when a group in the filter whose round
// gives awards still has an unresolved tie or an unfinished contestant: a final award list and
// certificates must not be printed then.
Status check_final(const Contest& c, const ContestResult& r, const PrintFilter& f);

Result<PrintDocument> award_list(const Contest& c, const ContestResult& r, const PrintFilter& f);
Result<PrintDocument> results_sheet(const Contest& c, const ContestResult& r, const PrintFilter& f);
Result<PrintDocument> marks_sheets(const Contest& c, const ContestResult& r, const PrintFilter& f);
Result<PrintDocument> score_sheets(const Contest& c, const ContestResult& r, const PrintFilter& f);
Result<std::vector<Certificate>> certificates(const Contest& c, const ContestResult& r, const PrintFilter& f);

}  // namespace lf
