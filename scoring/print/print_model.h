// The printed documents as plain data — headings, tables, signature lines — built from the
// contest and its computed result. One model, three writers (PDF, XLSX, CSV), so the paper,
// the spreadsheet and the CSV always say the same thing. Pure: no Cairo, no files.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "data/format/json_text.h"
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
  bool wrap = false;  // PDF: long cells wrap and the row grows (otherwise cut short with "…")
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
  // 证书编号, the same on every reprint of a settled result: the contest's year, the round's
  // and the group's numbers, and the place in the group's standing order (which is unique
  // even for a shared rank): "2026-2-1-003". Without a date, no year: "2-1-003".
  std::string number;
};

struct PrintFilter {
  std::string round;  // key; empty: every round
  std::string group;  // key; empty: every group
};

// The running order of one group in one round, from its draw (抽签): contestants, first on first.
struct RunningOrder {
  int round = 0;
  int group = 0;
  std::vector<int> contestants;
};

// The running orders recorded in a contest document's "draws" (written by `liangfen draw`; the
// last record of a round and group counts). Ids the contest does not know are skipped.
std::vector<RunningOrder> running_orders(const Contest& c, const Json& document);

// One login slip (登录码条): everything in the words the person reads — their name, role,
// venue and round by their Chinese names — and the code itself.
struct CredentialSlip {
  std::string name;   // "王老师", or the role and venue when the person is not named
  std::string role;   // "评委", "裁判长", "计时员", "组委会", "大屏", "备赛室"
  std::string venue;  // the venue's name(s); empty when the person has none
  std::string round;  // the round's name(s); empty when none
  std::string code;   // the login code, digits only
  std::string how;    // how this person logs in ("在评分平板上打开亮分评分……")
  // What the slip's QR code holds: the link that opens the console and logs this person in
  // ("https://HOST:PORT/#code=CODE", scoring/client/join_link.h); empty: no QR code (the
  // display's slip, or no address known when printed).
  std::string join_link;
  // The organizer's slip only: the backup restore passphrase, grouped ("1234 5678 …"); empty
  // on every other slip.
  std::string restore_passphrase;
};

struct CredentialSheet {
  std::string contest;      // the contest's name, on every slip
  std::string server_url;   // empty: not known when printed (a line to fill in by hand)
  std::string fingerprint;  // the server certificate's short fingerprint; may be empty
  std::vector<CredentialSlip> slips;
};

// Refuses (with every reason, naming the contestants; kind conflict) when a group in the filter
// whose round gives awards still has an unresolved tie or an unfinished contestant: a final
// award list and certificates must not be printed then.
Status check_final(const Contest& c, const ContestResult& r, const PrintFilter& f);

// A group not final yet (only a draft prints it) says why under its heading — the round not
// started, the contestants still unfinished — lists an open tie's contestants in a 并列待裁决
// table, and has no signature lines; a final group has the signature lines.
Result<PrintDocument> award_list(const Contest& c, const ContestResult& r, const PrintFilter& f);
// A contestant without a score shows "—" (never 0.00): a section not fully marked, a total of a
// contestant unfinished or withdrawn; a group not complete says why under its heading and has
// no signature lines.
Result<PrintDocument> results_sheet(const Contest& c, const ContestResult& r, const PrintFilter& f);
Result<PrintDocument> marks_sheets(const Contest& c, const ContestResult& r, const PrintFilter& f);
// In each venue's running order where `orders` has the round and group's draw (numbered 出场序号),
// in entrant order otherwise (and the sheet says its numbers are not the running order).
Result<PrintDocument> score_sheets(const Contest& c, const ContestResult& r, const PrintFilter& f,
                                   const std::vector<RunningOrder>& orders = {});
// What the 查分 (history) sheet opens with, before the trail: the results a teacher asks about
// first. One line per round the contestant entered ("全县决赛 · 中学组：总分 84.60，第 14 名，
// 未晋级"), and a table with a row per section of those rounds: marks counted, average, time,
// what the clock cost, section score. Empty when the contestant entered no round.
struct ContestantSummary {
  std::vector<std::string> lines;
  PrintTable table;
};
ContestantSummary contestant_summary(const Contest& c, const ContestResult& r, int contestant);

Result<std::vector<Certificate>> certificates(const Contest& c, const ContestResult& r, const PrintFilter& f);

}  // namespace lf
