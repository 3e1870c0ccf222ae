// Entrant and judge lists as schools send them: CSV saved by Excel on Chinese Windows
// (GB18030/GBK), UTF-8 with or without a BOM, or XLSX; headers in Chinese or English in any
// order. Each bad row is reported with its line number and reason.
#pragma once

#include <string>
#include <vector>

#include "data/json_text.h"
#include "engine/contest.h"
#include "engine/status.h"

namespace lf {

// Rows of cells; row 0 is the header. `lines` gives each row's line (CSV) or row number (XLSX).
struct SheetTable {
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;
};

// Bytes to UTF-8: a UTF-8 BOM is dropped; text that is not valid UTF-8 is read as GB18030
// (which includes GBK), as Excel on Chinese Windows saves CSV.
Result<std::string> to_utf8(const std::string& bytes);
Result<SheetTable> read_csv(const std::string& utf8);
Result<SheetTable> read_xlsx(const std::string& path);  // the first worksheet
// CSV or XLSX by the file's extension.
Result<SheetTable> read_table_file(const std::string& path);

struct RosterProblem {
  int line = 0;
  std::string reason;
};

struct ContestantRow {
  int line = 0;
  std::string name, school, group, phone;  // group: the contest's group key
};

struct JudgeRow {
  int line = 0;
  std::string name, school, venue;  // venue key; may be empty
};

// Reads entrant rows: name and school required, group from a 组别 column or, without one,
// from the school's kind (RULES §4: 小学/幼儿园/特教 -> the primary group, 中学/职教 -> the
// secondary group). A person already in the contest (same name and school) is a problem.
void read_contestants(const SheetTable& t, const Contest& c, std::vector<ContestantRow>& rows,
                      std::vector<RosterProblem>& problems);
void read_judges(const SheetTable& t, const Contest& c, std::vector<JudgeRow>& rows,
                 std::vector<RosterProblem>& problems);

// The group a free-text group or school name belongs to, or "" if none can be told.
std::string group_for(const Contest& c, const std::string& text);

}  // namespace lf
