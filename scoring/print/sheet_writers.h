// The same documents as spreadsheets: XLSX through libxlsxwriter (scores are real numbers with
// the rule's decimals, not text) and CSV as UTF-8 with a byte-order mark, so Excel on Chinese
// Windows opens it correctly.
#pragma once

#include "print/print_model.h"

namespace lf {

Status write_xlsx(const PrintDocument& doc, const std::string& path);
// CSV text: the BOM, then per section its heading, then per table its caption (if any), the
// header line and the rows; a blank line between tables. RFC 4180 quoting.
std::string csv_text(const PrintDocument& doc);

}  // namespace lf
