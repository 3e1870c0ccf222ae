// Entrant and judge lists as schools send them: CSV saved by Excel on Chinese Windows
// (GB18030/GBK), UTF-8 with or without a BOM, or XLSX; headers in Chinese or English in any
// order. Each bad row is reported with its line number and reason.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "data/format/json_text.h"
#include "scoring/engine/contest.h"
#include "scoring/engine/status.h"

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

// What an XLSX roster may be (roster_xlsx.cpp). A roster of 100,000 rows fits easily; a file
// that declares or unpacks to more, or has a cell beyond these, is refused before anything is
// allocated for it. Peak memory stays below about 150 MB whatever the file says.
struct XlsxLimits {
  uint64_t max_file_bytes = 64ull << 20;            // the .xlsx itself
  uint64_t max_zip_entries = 10000;
  uint64_t max_sheet_bytes = 256ull << 20;          // xl/worksheets/sheet1.xml unpacked (streamed)
  uint64_t max_shared_strings_bytes = 64ull << 20;  // xl/sharedStrings.xml unpacked (streamed)
  size_t max_shared_strings = 1000000;
  size_t max_rows = 200000;                         // <row> elements, blank ones included
  size_t max_columns = 256;                         // IV: a cell with text further right is refused
  size_t max_cells = 2000000;                       // stored cells, empty ones in between included
  size_t max_cell_bytes = 32767 * 3;                // Excel's 32,767 characters, in UTF-8
};
constexpr int kXlsxMaxColumn = 16384;  // XFD
constexpr int kXlsxMaxRow = 1048576;

// "B7" -> column 2, row 7, without allocating; false for anything else, a column beyond XFD or
// a row beyond 1048576 (so "ZZZZZZZZZZ3" is refused, not a 10-letter column).
bool parse_cell_reference(std::string_view ref, int& column, int& row);
// 1 -> "A", 28 -> "AB".
std::string column_letters(int column);

// The first worksheet, streamed, within the limits; refusals are in Chinese, naming the part.
Result<SheetTable> read_xlsx(const std::string& path, const XlsxLimits& limits);
Result<SheetTable> read_xlsx(const std::string& path);
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
  std::string name, school, venue;  // venue key (the sheet may give its name); may be empty
  // From an optional 身份 column: "judge" (评委, or empty), "head_judge" (裁判长) and
  // "timekeeper" (计时员), both with a venue, or "steward" (场务, the prep room).
  std::string role = "judge";
};

// Reads entrant rows: name and school required, group from a 组别 column or, without one,
// from the school's kind (contest-file.md §4: 小学/幼儿园/特教 -> the primary group, 中学/职教 ->
// the secondary group). A person already in the contest (same name and school) is a problem.
void read_contestants(const SheetTable& t, const Contest& c, std::vector<ContestantRow>& rows,
                      std::vector<RosterProblem>& problems);
void read_judges(const SheetTable& t, const Contest& c, std::vector<JudgeRow>& rows,
                 std::vector<RosterProblem>& problems);

// The group a free-text group or school name belongs to, or "" if none can be told.
std::string group_for(const Contest& c, const std::string& text);

}  // namespace lf
