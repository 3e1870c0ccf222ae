// XLSX rosters, read with limits: an .xlsx is a zip of XML parts, and a file of a few hundred
// bytes can declare gigabytes or a cell at column ZZZZZZZZZZ. Every size is checked before
// anything is allocated for it, the parts are streamed through a small pull parser in 64 KB
// chunks (never loaded whole), and reading is linear in the file's size.
#include <zip.h>

#include <cstring>
#include <filesystem>
#include <memory>

#include "data/format/bytes.h"
#include "data/format/person_text.h"
#include "data/roster/roster.h"

namespace lf {

namespace {

std::string mb(uint64_t bytes) {
  return std::to_string((bytes + (1u << 20) - 1) >> 20) + " MB";
}

// The bytes of one zip entry, in chunks, refusing more than `limit` (whatever the archive
// declares).
class EntryStream {
 public:
  EntryStream(zip_file_t* f, uint64_t limit) : f_(f), limit_(limit) {}
  ~EntryStream() {
    if (f_) zip_fclose(f_);
  }
  // -1 at the end; throws std::string on a read error or beyond the limit.
  int get() {
    if (pos_ == len_ && !fill()) return -1;
    return static_cast<unsigned char>(buf_[pos_++]);
  }
  int peek() {
    if (pos_ == len_ && !fill()) return -1;
    return static_cast<unsigned char>(buf_[pos_]);
  }
  uint64_t offset() const { return total_ - (len_ - pos_); }

 private:
  bool fill() {
    zip_int64_t n = zip_fread(f_, buf_, sizeof buf_);
    if (n < 0) throw std::string("文件已损坏，无法解压（") + zip_file_strerror(f_) + "）";
    if (n == 0) return false;
    total_ += uint64_t(n);
    if (total_ > limit_) throw std::string("解压后超过 ") + mb(limit_) + " 的上限";
    pos_ = 0;
    len_ = size_t(n);
    return true;
  }
  zip_file_t* f_;
  uint64_t limit_, total_ = 0;
  char buf_[1 << 16];
  size_t pos_ = 0, len_ = 0;
};

// OOXML escapes characters XML cannot carry as _xHHHH_ (UTF-16 units; _x005F_ is '_'), as Excel
// writes a name with an ESC in it: "张_x001B_[31m三". Decoded here, so such a name is seen (and
// refused) for what it is.
std::string decode_xstring(const std::string& s) {
  if (s.find("_x") == std::string::npos) return s;
  std::string out;
  out.reserve(s.size());
  auto unit_at = [&](size_t i) -> int {
    if (i + 7 > s.size() || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_') return -1;
    int v = 0;
    for (size_t k = i + 2; k < i + 6; ++k) {
      int d = hex_digit_value(s[k]);
      if (d < 0) return -1;
      v = v * 16 + d;
    }
    return v;
  };
  for (size_t i = 0; i < s.size();) {
    int u = unit_at(i);
    if (u < 0) {
      out += s[i++];
      continue;
    }
    i += 7;
    uint32_t cp = uint32_t(u);
    if (u >= 0xD800 && u <= 0xDBFF) {
      int low = unit_at(i);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        cp = 0x10000 + ((uint32_t(u) - 0xD800) << 10) + (uint32_t(low) - 0xDC00);
        i += 7;
      }
    }
    // A lone surrogate is kept as its (invalid) three bytes, so the name check names it.
    if (cp >= 0xD800 && cp <= 0xDFFF)
      out += char(0xE0 | (cp >> 12)), out += char(0x80 | ((cp >> 6) & 0x3F)),
          out += char(0x80 | (cp & 0x3F));
    else
      append_utf8(out, cp);
  }
  return out;
}

// A pull parser for the little XML that spreadsheet parts use: elements, attributes, text,
// the five named entities and character references, CDATA; comments and processing
// instructions skipped; a DOCTYPE (entity definitions) refused. Names are given without their
// namespace prefix. Every name, attribute and text is bounded. Errors are thrown as
// std::string.
class XmlPull {
 public:
  enum Kind { kStart, kEnd, kText, kEof };
  struct Attr {
    std::string name, value;
  };

  XmlPull(EntryStream& in, size_t max_text) : in_(in), max_text_(max_text) {}

  Kind next() {
    if (pending_end_) {
      pending_end_ = false;
      return kEnd;
    }
    for (;;) {
      int c = in_.peek();
      if (c < 0) return kEof;
      if (c != '<') {
        text_.clear();
        read_text_until_tag();
        return kText;
      }
      in_.get();
      c = in_.peek();
      if (c == '?') {
        skip_until("?>");
        continue;
      }
      if (c == '!') {
        in_.get();
        if (in_.peek() == '-') {
          expect("--");
          skip_until("-->");
          continue;
        }
        if (in_.peek() == '[') {
          expect("[CDATA[");
          text_.clear();
          read_cdata();
          return kText;
        }
        fail("含有 DOCTYPE 声明（XLSX 文件不会有）");
      }
      if (c == '/') {
        in_.get();
        read_name();
        skip_space();
        if (in_.get() != '>') fail("结束标签不完整");
        return kEnd;
      }
      read_name();
      attrs_count_ = 0;
      for (;;) {
        skip_space();
        int d = in_.get();
        if (d == '>') return kStart;
        if (d == '/') {
          if (in_.get() != '>') fail("标签不完整");
          pending_end_ = true;
          return kStart;
        }
        if (d < 0) fail("在标签中间结束");
        read_attribute(char(d));
      }
    }
  }

  const std::string& name() const { return name_; }  // of the last start or end tag
  const std::string& text() const { return text_; }
  const char* attr(const char* key) const {
    for (size_t i = 0; i < attrs_count_; ++i)
      if (attrs_[i].name == key) return attrs_[i].value.c_str();
    return nullptr;
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw std::string("XML 格式错误：") + what + "（约第 " + std::to_string(in_.offset()) +
        " 字节处）";
  }

 private:
  static bool name_char(int c) {
    return c >= 0x80 || std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == ':';
  }
  void skip_space() {
    while (in_.peek() == ' ' || in_.peek() == '\t' || in_.peek() == '\n' || in_.peek() == '\r')
      in_.get();
  }
  void expect(const char* s) {
    for (; *s; ++s)
      if (in_.get() != static_cast<unsigned char>(*s)) fail("无法识别的标记");
  }
  void skip_until(const char* end) {
    size_t n = std::strlen(end), matched = 0;
    while (matched < n) {
      int c = in_.get();
      if (c < 0) fail("注释或处理指令没有结束");
      matched = c == static_cast<unsigned char>(end[matched]) ? matched + 1 : c == end[0] ? 1 : 0;
    }
  }
  // Reads a qualified name and keeps its local part in name_.
  void read_name() {
    name_.clear();
    size_t length = 0;
    while (name_char(in_.peek())) {
      char c = char(in_.get());
      if (++length > 128) fail("标签名过长");
      if (c == ':')
        name_.clear();
      else
        name_ += c;
    }
    if (length == 0) fail("缺少标签名");
  }
  void add_text(std::string& out, char c, size_t limit) {
    if (out.size() >= limit) fail("文字超过 " + std::to_string(limit) + " 字节的上限");
    out += c;
  }
  void read_reference(std::string& out, size_t limit) {
    char ref[12];
    size_t n = 0;
    for (int c; (c = in_.get()) != ';';) {
      if (c < 0 || n + 1 >= sizeof ref) fail("实体引用不完整");
      ref[n++] = char(c);
    }
    ref[n] = 0;
    const char* named[][2] = {
        {"lt", "<"}, {"gt", ">"}, {"amp", "&"}, {"quot", "\""}, {"apos", "'"}};
    for (auto& [k, v] : named)
      if (!std::strcmp(ref, k)) return add_text(out, v[0], limit);
    if (ref[0] != '#') fail(std::string("未定义的实体 &") + ref + ";");
    char* end = nullptr;
    unsigned long cp =
        ref[1] == 'x' ? std::strtoul(ref + 2, &end, 16) : std::strtoul(ref + 1, &end, 10);
    if (!end || *end || end == ref + 1 || cp == 0 || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      fail(std::string("无效的字符引用 &") + ref + ";");
    if (out.size() + 4 > limit) fail("文字超过 " + std::to_string(limit) + " 字节的上限");
    append_utf8(out, uint32_t(cp));
  }
  void read_text_until_tag() {
    for (int c; (c = in_.peek()) >= 0 && c != '<';) {
      in_.get();
      if (c == '&')
        read_reference(text_, max_text_);
      else if (c == '\r') {  // XML line ends: CR LF and CR are LF
        if (in_.peek() == '\n') in_.get();
        add_text(text_, '\n', max_text_);
      } else
        add_text(text_, char(c), max_text_);
    }
  }
  void read_cdata() {
    size_t brackets = 0;
    for (;;) {
      int c = in_.get();
      if (c < 0) fail("CDATA 没有结束");
      if (c == '>' && brackets >= 2) {
        text_.resize(text_.size() - 2);
        return;
      }
      brackets = c == ']' ? brackets + 1 : 0;
      add_text(text_, char(c), max_text_ + 2);
    }
  }
  void read_attribute(char first) {
    if (attrs_count_ == kMaxAttrs) fail("一个标签的属性过多");
    Attr& a = attrs_[attrs_count_++];
    a.name.clear();
    a.value.clear();
    a.name += first;
    while (name_char(in_.peek())) {
      if (a.name.size() > 128) fail("属性名过长");
      a.name += char(in_.get());
    }
    if (size_t colon = a.name.find(':');
        colon != std::string::npos && a.name.compare(0, colon, "xmlns") != 0)
      a.name.erase(0, colon + 1);
    skip_space();
    if (in_.get() != '=') fail("属性缺少 =");
    skip_space();
    int quote = in_.get();
    if (quote != '"' && quote != '\'') fail("属性值缺少引号");
    for (int c; (c = in_.get()) != quote;) {
      if (c < 0 || c == '<') fail("属性值没有结束");
      if (c == '&')
        read_reference(a.value, 1024);
      else
        add_text(a.value, char(c), 1024);
    }
  }

  static constexpr size_t kMaxAttrs = 32;
  EntryStream& in_;
  size_t max_text_;
  std::string name_, text_;
  Attr attrs_[kMaxAttrs];
  size_t attrs_count_ = 0;
  bool pending_end_ = false;
};

}  // namespace

bool parse_cell_reference(std::string_view ref, int& column, int& row) {
  size_t i = 0;
  int col = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) {
    col = col * 26 + (ref[i] - 'A' + 1);
    if (col > kXlsxMaxColumn) return false;  // beyond XFD: stop before it can overflow
  }
  if (i == 0 || i == ref.size() || ref[i] == '0') return false;
  long r = 0;
  for (; i < ref.size(); ++i) {
    if (ref[i] < '0' || ref[i] > '9') return false;
    r = r * 10 + (ref[i] - '0');
    if (r > kXlsxMaxRow) return false;
  }
  column = col;
  row = int(r);
  return true;
}

std::string column_letters(int column) {
  std::string s;
  for (int c = column; c > 0; c = (c - 1) / 26) s.insert(s.begin(), char('A' + (c - 1) % 26));
  return s;
}

// xl/sharedStrings.xml: plain text, or the runs of rich text joined (phonetic runs left out).
// Throws the refusal (std::string or const char*), as read_xlsx's parts do.
std::vector<std::string> read_shared_strings(EntryStream& in, const XlsxLimits& lim) {
  std::vector<std::string> shared;
  uint64_t shared_bytes = 0;
  XmlPull x(in, lim.max_cell_bytes);
  std::string s;
  int in_si = 0, in_t = 0, in_phonetic = 0;
  for (XmlPull::Kind k; (k = x.next()) != XmlPull::kEof;) {
    if (k == XmlPull::kStart) {
      if (x.name() == "si")
        ++in_si, s.clear();
      else if (x.name() == "t")
        ++in_t;
      else if (x.name() == "rPh")
        ++in_phonetic;
    } else if (k == XmlPull::kEnd) {
      if (x.name() == "si" && in_si) {
        --in_si;
        if (shared.size() >= lim.max_shared_strings)
          throw "有超过 " + std::to_string(lim.max_shared_strings) + " 个共享字符串";
        shared_bytes += s.size();
        shared.push_back(decode_xstring(s));
      } else if (x.name() == "t" && in_t)
        --in_t;
      else if (x.name() == "rPh" && in_phonetic)
        --in_phonetic;
    } else if (in_si && in_t && !in_phonetic) {
      if (s.size() + x.text().size() > lim.max_cell_bytes)
        throw "一个共享字符串超过 " + std::to_string(lim.max_cell_bytes) + " 字节的上限";
      s += x.text();
    }
  }
  (void)shared_bytes;
  return shared;
}

// The first sheet's rows, as XmlPull's events come: a row's cells by their references (or in
// order), shared and inline strings resolved, blank rows left out, each row with its number.
// Throws the refusal (std::string or const char*), as read_xlsx's parts do.
class SheetReader {
 public:
  SheetReader(const std::vector<std::string>& shared, const XlsxLimits& lim)
      : shared_(shared), lim_(lim) {}

  SheetTable table;

  void start(const XmlPull& x) {
    const std::string& n = x.name();
    if (n == "row")
      start_row(x);
    else if (n == "c" && in_row_)
      start_cell(x);
    else if (n == "v" && in_cell_)
      in_v_ = has_value_ = true;
    else if (n == "is" && in_cell_)
      in_is_ = has_value_ = true;
    else if (n == "t" && in_is_)
      ++in_t_;
    else if (n == "rPh" && in_is_)
      ++in_phonetic_;
  }

  void end(const std::string& n) {
    if (n == "v")
      in_v_ = false;
    else if (n == "t" && in_t_)
      --in_t_;
    else if (n == "rPh" && in_phonetic_)
      --in_phonetic_;
    else if (n == "is")
      in_is_ = false;
    else if (n == "c" && in_cell_)
      end_cell();
    else if (n == "row" && in_row_)
      end_row();
  }

  void text(const std::string& text) {
    if (!in_cell_ || !(in_v_ || (in_is_ && in_t_ && !in_phonetic_))) return;
    if (value_.size() + text.size() > lim_.max_cell_bytes)
      throw where() + "单元格文字超过 " + std::to_string(lim_.max_cell_bytes) + " 字节的上限";
    value_ += text;
  }

 private:
  std::string where() const { return "第 " + std::to_string(row_number_) + " 行 "; }

  void start_row(const XmlPull& x) {
    if (++rows_seen_ > lim_.max_rows) throw "超过 " + std::to_string(lim_.max_rows) + " 行的上限";
    const char* r = x.attr("r");
    int number = 0;
    if (r) {
      char* end = nullptr;
      long v = std::strtol(r, &end, 10);
      if (*end || v < 1 || v > kXlsxMaxRow) throw std::string("行号 \"") + r + "\" 无效";
      number = int(v);
    }
    row_number_ = number ? number : last_row_ + 1;
    last_row_ = row_number_;
    in_row_ = true;
    row_.clear();
    col_ = 0;
  }

  void start_cell(const XmlPull& x) {
    in_cell_ = true;
    has_value_ = false;
    value_.clear();
    const char* t_attr = x.attr("t");
    type_ = t_attr ? t_attr : "";
    const char* r = x.attr("r");
    if (r) {
      int c = 0, rr = 0;
      if (!parse_cell_reference(r, c, rr))
        throw where() + "单元格位置 \"" + std::string(r).substr(0, 20) +
            "\" 无效（列最多到 XFD，行最多到 " + std::to_string(kXlsxMaxRow) + "）";
      col_ = c;
    } else {
      if (++col_ > kXlsxMaxColumn) throw where() + "单元格超过了 XFD 列";
    }
  }

  void end_cell() {
    in_cell_ = in_v_ = in_is_ = false;
    if (!has_value_) return;  // formatting only: no text
    if (type_ == "s") {
      char* end = nullptr;
      unsigned long i = std::strtoul(value_.c_str(), &end, 10);
      if (value_.empty() || *end || i >= shared_.size())
        throw where() + column_letters(col_) + " 列引用了不存在的共享字符串 " +
            value_.substr(0, 20);
      value_ = shared_[i];
    } else if (type_ == "inlineStr" || type_ == "str") {
      value_ = decode_xstring(value_);
    }
    if (value_.empty()) return;
    if (size_t(col_) > lim_.max_columns)
      throw where() + column_letters(col_) + " 列有内容；名单最多 " +
          std::to_string(lim_.max_columns) + " 列（到 " + column_letters(int(lim_.max_columns)) +
          " 列）";
    if (row_.size() < size_t(col_)) {
      cells_ += size_t(col_) - row_.size();
      if (cells_ > lim_.max_cells)
        throw "单元格总数超过 " + std::to_string(lim_.max_cells) + " 的上限";
      row_.resize(size_t(col_));
    }
    row_[size_t(col_) - 1] = std::move(value_);
    value_.clear();
  }

  void end_row() {
    in_row_ = false;
    bool blank = true;
    for (const auto& f : row_)
      if (f.find_first_not_of(" \t\r\n") != std::string::npos) blank = false;
    if (blank) return;
    table.rows.push_back(std::move(row_));
    table.lines.push_back(row_number_);
    row_ = {};
  }

  const std::vector<std::string>& shared_;
  const XlsxLimits& lim_;
  std::vector<std::string> row_;
  std::string value_, type_;
  int row_number_ = 0, last_row_ = 0, col_ = 0;
  bool in_row_ = false, in_cell_ = false, in_v_ = false, in_is_ = false, has_value_ = false;
  int in_t_ = 0, in_phonetic_ = 0;
  size_t rows_seen_ = 0, cells_ = 0;
};

Result<SheetTable> read_xlsx(const std::string& path, const XlsxLimits& lim) {
  std::error_code ec;
  uint64_t on_disk = std::filesystem::file_size(path, ec);
  if (ec) return Error{"", "无法读取文件"};
  if (on_disk > lim.max_file_bytes)
    return Error{"",
                 "文件有 " + mb(on_disk) + "，超过名单文件 " + mb(lim.max_file_bytes) + " 的上限"};
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
  if (!z) return Error{"", "不是 XLSX 文件（无法作为 zip 压缩包打开）"};
  std::unique_ptr<zip_t, void (*)(zip_t*)> guard(z, zip_discard);
  zip_int64_t entries = zip_get_num_entries(z, 0);
  if (entries < 0 || uint64_t(entries) > lim.max_zip_entries)
    return Error{"", "压缩包里有 " + std::to_string(entries) + " 个文件，不像一个名单（上限 " +
                         std::to_string(lim.max_zip_entries) + "）"};
  // Opens a part after checking the size the archive declares for it.
  auto open_part = [&](const char* name, uint64_t limit,
                       bool required) -> std::unique_ptr<EntryStream> {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(z, name, 0, &st) != 0) {
      if (required) throw std::string("工作簿里没有第一张工作表（") + name + "）";
      return nullptr;
    }
    if ((st.valid & ZIP_STAT_SIZE) && st.size > limit)
      throw std::string("解压后声明有 ") + mb(st.size) + "，超过 " + mb(limit) + " 的上限";
    zip_file_t* f = zip_fopen(z, name, 0);
    if (!f) throw std::string("无法解压（") + zip_strerror(z) + "；加密或不支持的压缩方式？）";
    return std::make_unique<EntryStream>(f, limit);
  };
  const char* part = "xl/sharedStrings.xml";
  try {
    std::vector<std::string> shared;
    if (auto in = open_part(part, lim.max_shared_strings_bytes, false))
      shared = read_shared_strings(*in, lim);
    part = "xl/worksheets/sheet1.xml";
    auto in = open_part(part, lim.max_sheet_bytes, true);
    XmlPull x(*in, lim.max_cell_bytes);
    SheetReader sheet(shared, lim);
    for (XmlPull::Kind k; (k = x.next()) != XmlPull::kEof;) {
      if (k == XmlPull::kStart)
        sheet.start(x);
      else if (k == XmlPull::kEnd)
        sheet.end(x.name());
      else
        sheet.text(x.text());
    }
    if (sheet.table.rows.empty()) return Error{"", "第一张工作表是空的"};
    return std::move(sheet.table);
  } catch (const std::string& why) {
    return Error{"", std::string(part) + "：" + why + "，不予导入"};
  } catch (const char* why) {
    return Error{"", std::string(part) + "：" + why + "，不予导入"};
  } catch (const std::bad_alloc&) {
    return Error{"", std::string(part) + "：内存不足，不予导入"};
  }
}

Result<SheetTable> read_xlsx(const std::string& path) {
  return read_xlsx(path, XlsxLimits{});
}

}  // namespace lf
