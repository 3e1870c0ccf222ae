#include "scoring/print/sheet_writers.h"

#include <xlsxwriter.h>

#include <cctype>
#include <set>

namespace lf {

namespace {

// "-3", "94.46", "+1.5": a number, left as a number.
bool plain_number(const std::string& s) {
  size_t i = s[0] == '-' || s[0] == '+' ? 1 : 0, digits = 0;
  for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i) ++digits;
  if (i < s.size() && s[i] == '.')
    for (++i; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i) ++digits;
  return digits > 0 && i == s.size();
}

}  // namespace

bool csv_formula_like(const std::string& s) {
  return !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') &&
         !plain_number(s);
}

namespace {

std::string csv_field(const std::string& s) {
  bool formula = csv_formula_like(s);
  if (!formula && s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = formula ? "\"'" : "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void csv_line(std::string& out, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + csv_field(fields[i]);
  out += "\r\n";
}

// Excel sheet names: at most 31 characters, none of []:*?/\, unique.
std::string sheet_name(const std::string& heading, std::set<std::string>& used) {
  std::string name;
  size_t chars = 0;
  for (size_t i = 0; i < heading.size() && chars < 28;) {
    unsigned char c = static_cast<unsigned char>(heading[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    std::string ch = heading.substr(i, len);
    if (ch.find_first_of("[]:*?/\\") == std::string::npos) name += ch, ++chars;
    i += len;
  }
  if (name.empty()) name = "Sheet";
  std::string unique = name;
  for (int n = 2; used.count(unique); ++n) unique = name + "(" + std::to_string(n) + ")";
  used.insert(unique);
  return unique;
}

}  // namespace

std::string csv_text(const PrintDocument& doc) {
  std::string out = "\xEF\xBB\xBF";
  csv_line(out, {doc.title});
  for (const PrintSection& sec : doc.sections) {
    out += "\r\n";
    csv_line(out, {sec.heading});
    for (const PrintTable& t : sec.tables) {
      if (!t.caption.empty()) csv_line(out, {t.caption});
      csv_line(out, t.headers);
      for (const auto& row : t.rows) {
        std::vector<std::string> fields;
        for (const PrintCell& c : row) fields.push_back(c.struck ? "(" + c.text + ")" : c.text);
        csv_line(out, fields);
      }
      out += "\r\n";
    }
  }
  return out;
}

Status write_xlsx(const PrintDocument& doc, const std::string& path) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return Error{path, "无法新建 XLSX 文件", ErrorKind::internal};
  lxw_format* title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_font_size(title, 14);
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_bg_color(head, 0xE6E6EA);
  format_set_border(head, LXW_BORDER_THIN);
  format_set_align(head, LXW_ALIGN_CENTER);
  lxw_format* cell = workbook_add_format(wb);
  format_set_border(cell, LXW_BORDER_THIN);
  lxw_format* caption = workbook_add_format(wb);
  format_set_bold(caption);
  format_set_font_color(caption, 0x8B0000);
  lxw_format* number_formats[5];
  lxw_format* struck_formats[5];
  const char* patterns[5] = {"0", "0.0", "0.00", "0.000", "0.0000"};
  for (int d = 0; d < 5; ++d) {
    number_formats[d] = workbook_add_format(wb);
    format_set_num_format(number_formats[d], patterns[d]);
    format_set_border(number_formats[d], LXW_BORDER_THIN);
    struck_formats[d] = workbook_add_format(wb);
    format_set_num_format(struck_formats[d], patterns[d]);
    format_set_border(struck_formats[d], LXW_BORDER_THIN);
    format_set_font_strikeout(struck_formats[d]);
  }
  std::set<std::string> used;
  for (const PrintSection& sec : doc.sections) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name(sec.heading, used).c_str());
    if (doc.landscape) worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);  // A4
    lxw_row_t r = 0;
    worksheet_write_string(ws, r++, 0, doc.title.c_str(), title);
    worksheet_write_string(ws, r++, 0, (sec.heading + (doc.draft ? "（草稿）" : "")).c_str(), caption);
    for (const auto& n : sec.notes) worksheet_write_string(ws, r++, 0, n.c_str(), nullptr);
    size_t widest = 0;
    for (const PrintTable& t : sec.tables) {
      ++r;
      if (!t.caption.empty()) worksheet_write_string(ws, r++, 0, t.caption.c_str(), caption);
      for (size_t i = 0; i < t.headers.size(); ++i) worksheet_write_string(ws, r, lxw_col_t(i), t.headers[i].c_str(), head);
      ++r;
      widest = std::max(widest, t.headers.size());
      for (const auto& row : t.rows) {
        for (size_t i = 0; i < row.size(); ++i) {
          const PrintCell& c = row[i];
          if (c.units) {
            // A real number: the exact decimal, shown with the rule's decimals.
            // One division by an exact power of ten gives the double nearest the decimal
            // (94.46, not 94.46000000000001 as dividing by 10 twice would).
            double scale = 1;
            for (int d = 0; d < c.decimals; ++d) scale *= 10;
            double v = double(*c.units) / scale;
            int d = std::min(c.decimals, 4);
            worksheet_write_number(ws, r, lxw_col_t(i), v, c.struck ? struck_formats[d] : number_formats[d]);
          } else {
            worksheet_write_string(ws, r, lxw_col_t(i), c.text.c_str(), cell);
          }
        }
        ++r;
      }
    }
    for (size_t i = 0; i < widest; ++i) worksheet_set_column(ws, lxw_col_t(i), lxw_col_t(i), i == 2 ? 22 : 11, nullptr);
  }
  lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR)
    return Error{path, std::string("无法写入 XLSX 文件（") + lxw_strerror(err) + "）", ErrorKind::internal};
  return Status();
}

}  // namespace lf
