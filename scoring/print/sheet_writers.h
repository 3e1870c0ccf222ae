// The same documents as spreadsheets: XLSX through libxlsxwriter (scores are real numbers with
// the rule's decimals, not text) and CSV as UTF-8 with a byte-order mark, so Excel on Chinese
// Windows opens it correctly.
#pragma once

#include "scoring/print/print_model.h"

namespace lf {

Status write_xlsx(const PrintDocument& doc, const std::string& path);
// CSV text: the BOM, then per section its heading, then per table its caption (if any), the
// header line and the rows; a blank line between tables. RFC 4180 quoting.
//
// Spreadsheets run a CSV cell that starts with = + - @ (or a tab or CR) as a formula, so a
// contestant named =HYPERLINK("http://x","点我") would become a link. Such a cell is written
// as text the OWASP way: quoted, with a single quote ' in front ("'=HYPERLINK(""http://x"",
// ""点我"")"); Excel and LibreOffice show it as text. To read the name back, drop the one
// leading ' of a field whose next character is one of = + - @ tab CR. A plain number ("-3",
// "94.46") is not touched and stays a number.
std::string csv_text(const PrintDocument& doc);
// True for a cell csv_text writes with the leading ' (formula-like, not a plain number).
bool csv_formula_like(const std::string& cell);

}  // namespace lf
