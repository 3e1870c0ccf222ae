#include "data/format/json_text.h"

#include "scoring/engine/fixed_point.h"

#include <charconv>
#include <cmath>
#include <vector>

namespace lf {

namespace {

// Records the first error the SAX parser meets, and where in the document it was: the JSON path
// (`marks[3].points`) of the value being read, so a person finds the place by its name as well as
// by its line. Builds nothing.
class ErrorCatcher : public nlohmann::json_sax<Json> {
 public:
  size_t position = 0;
  std::string message;
  std::string path;  // "" at the top level

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override {
    value();
    frames_.push_back({false, -1, ""});
    return true;
  }
  bool key(string_t& k) override {
    frames_.back().key = k;
    return true;
  }
  bool end_object() override { return end(); }
  bool start_array(std::size_t) override {
    value();
    frames_.push_back({true, -1, ""});
    return true;
  }
  bool end_array() override { return end(); }
  bool parse_error(std::size_t pos, const std::string& last_token,
                   const nlohmann::detail::exception& ex) override {
    position = pos;
    // A value that fails to parse was never counted: in an array it is the next element.
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    path = current_path();
    if (ex.id == 406) {  // out_of_range.406: a number too large for a double ("1e999")
      message = "数字超出可以表示的范围：" + last_token;
      return false;
    }
    message = ex.what();
    // nlohmann's message reads "[json.exception.parse_error.101] parse error at line 1,
    // column 5: syntax error while parsing value - invalid literal; last read: 'tru'".
    // Keep the part after the location.
    if (auto colon = message.find(": ", message.find("column")); colon != std::string::npos)
      message = message.substr(colon + 2);
    return false;
  }

 private:
  struct Frame {
    bool array;
    int64_t index;    // the element being read (arrays)
    std::string key;  // the member being read (objects)
  };
  std::vector<Frame> frames_;

  bool value() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    return true;
  }
  bool end() {
    frames_.pop_back();
    return true;
  }
  std::string current_path() const {
    std::string p;
    for (const Frame& f : frames_) {
      if (f.array && f.index >= 0) p = path_index(p, static_cast<size_t>(f.index));
      else if (!f.array && !f.key.empty()) p = path_key(p, f.key);
    }
    return p;
  }
};

// A JSON number's text as sign, significant digits (no leading or trailing zeros) and the power
// of ten of the last one: "8.60" -> (+, "86", -1), "1e-400" -> (+, "1", -400), "0.0" -> zero.
// Exponents beyond ±100000 (no double comes near) come back as nullopt.
struct DecimalValue {
  bool negative = false;
  std::string digits;  // empty: zero
  int64_t exponent = 0;
  bool operator==(const DecimalValue&) const = default;
};

std::optional<DecimalValue> decimal_value(std::string_view t) {
  DecimalValue v;
  size_t i = 0;
  if (i < t.size() && (t[i] == '-' || t[i] == '+')) v.negative = t[i++] == '-';
  std::string digits;
  int64_t exponent = 0;
  for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) digits += t[i];
  if (i < t.size() && t[i] == '.')
    for (++i; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) digits += t[i], --exponent;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    bool minus = i < t.size() && t[i] == '-';
    if (i < t.size() && (t[i] == '-' || t[i] == '+')) ++i;
    int64_t e = 0;
    for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) {
      e = e * 10 + (t[i] - '0');
      if (e > 100000) return std::nullopt;
    }
    exponent += minus ? -e : e;
  }
  if (i != t.size()) return std::nullopt;
  size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return DecimalValue{};  // zero, whatever its sign or exponent
  digits.erase(0, first);
  while (digits.back() == '0') digits.pop_back(), ++exponent;
  v.digits = std::move(digits);
  v.exponent = exponent;
  return v;
}

// Whether the double read from `text` is exactly the number written: the shortest text that
// reads back as the double has the same value. "8.600000000000000000001" (read as 8.6),
// "1e-400" (read as 0) and 2^70 written in full are not.
bool exact_number(double value, std::string_view text) {
  if (!std::isfinite(value)) return false;
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  if (ec != std::errc()) return false;
  auto written = decimal_value(text);
  auto read = decimal_value(std::string_view(buf, size_t(end - buf)));
  return written && read && *written == *read;
}

// Builds the document as nlohmann's own parser does, and refuses a number whose text the
// double it becomes does not hold exactly, naming it by its JSON path ("marks[3].points"):
// rounding it silently would store a value nobody typed.
struct ExactDocumentBuilder {
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  explicit ExactDocumentBuilder(Json& root) : dom(root, /*allow_exceptions=*/false) {}

  nlohmann::detail::json_sax_dom_parser<Json> dom;
  struct Level {
    bool array = false;
    size_t index = 0;  // an array's: the element being read
    std::string key;   // an object's: the member being read
  };
  std::vector<Level> levels;
  std::optional<Error> inexact;

  std::string path() const {
    std::string p;
    for (const Level& l : levels) p = l.array ? path_index(p, l.index) : path_key(p, l.key);
    return p;
  }
  // A value ended: the next one in an array has the next index.
  bool ended(bool ok) {
    if (!levels.empty() && levels.back().array) ++levels.back().index;
    return ok;
  }
  bool null() { return ended(dom.null()); }
  bool boolean(bool b) { return ended(dom.boolean(b)); }
  bool number_integer(number_integer_t n) { return ended(dom.number_integer(n)); }
  bool number_unsigned(number_unsigned_t n) { return ended(dom.number_unsigned(n)); }
  bool number_float(number_float_t n, const string_t& text) {
    if (!exact_number(n, text)) {
      std::string shown = text.size() > 40 ? text.substr(0, 40) + "…" : text;
      inexact = Error{path(), "数字 " + shown + " 无法精确读取（位数过多、太小或太大），请按规定的小数位数填写，例如 8.6"};
      return false;
    }
    return ended(dom.number_float(n, text));
  }
  bool string(string_t& s) { return ended(dom.string(s)); }
  bool binary(binary_t& b) { return ended(dom.binary(b)); }
  bool start_object(std::size_t n) {
    levels.push_back({false, 0, ""});
    return dom.start_object(n);
  }
  bool key(string_t& k) {
    levels.back().key = k;
    return dom.key(k);
  }
  bool end_object() {
    levels.pop_back();
    return ended(dom.end_object());
  }
  bool start_array(std::size_t n) {
    levels.push_back({true, 0, ""});
    return dom.start_array(n);
  }
  bool end_array() {
    levels.pop_back();
    return ended(dom.end_array());
  }
  template <class Exception>
  bool parse_error(std::size_t pos, const std::string& token, const Exception& ex) {
    return dom.parse_error(pos, token, ex);
  }
};

}  // namespace

Result<Json> parse_json(std::string_view text) {
  Json j;
  ExactDocumentBuilder builder(j);
  const bool parsed = Json::sax_parse(text.begin(), text.end(), &builder);
  if (builder.inexact) return *builder.inexact;
  if (parsed && !builder.dom.is_errored()) return j;
  ErrorCatcher catcher;
  Json::sax_parse(text.begin(), text.end(), &catcher);
  // Line and column of the byte where parsing stopped (1-based; columns count bytes).
  size_t line = 1, column = 1;
  size_t end = std::min(catcher.position == 0 ? 0 : catcher.position - 1, text.size());
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') ++line, column = 1;
    else ++column;
  }
  // The parser's own words stay, in brackets, for whoever repairs the file by hand; the
  // reason a person acts on comes first, in Chinese.
  std::string why = catcher.message.empty() ? "不是有效的 JSON" : "从这里起无法读懂（" + catcher.message + "）";
  if (catcher.message.rfind("数字超出", 0) == 0) why = catcher.message;
  if (catcher.message.find("UTF-8") != std::string::npos || catcher.message.find("utf-8") != std::string::npos)
    why = "文字中有无效的 UTF-8 编码（请把文件另存为 UTF-8）（" + catcher.message + "）";
  std::string where = "第 " + std::to_string(line) + " 行第 " + std::to_string(column) + " 列";
  if (!catcher.path.empty()) where = catcher.path + "（" + where + "）";
  return Error{where, "JSON 格式错误：" + why, ErrorKind::malformed};
}

std::string dump_json(const Json& j) {
  return j.dump(2, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace) + "\n";
}

std::optional<std::string> json_decimal_text(const Json& j) {
  if (j.is_number_unsigned()) return std::to_string(j.get<uint64_t>());
  if (j.is_number_integer()) return std::to_string(j.get<int64_t>());
  if (!j.is_number_float()) return std::nullopt;
  double d = j.get<double>();
  if (!std::isfinite(d)) return std::string("inf");  // refused by parse_fixed
  char buf[400];  // fixed notation of any finite double fits
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
  if (ec != std::errc()) return std::nullopt;
  return std::string(buf, end);
}

std::string json_type_name(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null: return "空值（null）";
    case Json::value_t::boolean: return "真假值（true/false）";
    case Json::value_t::string: return "文字（字符串）";
    case Json::value_t::array: return "数组";
    case Json::value_t::object: return "对象";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "数字";
    default: return "不支持的值";
  }
}

std::string path_key(const std::string& base, const std::string& key) {
  return base.empty() ? key : base + "." + key;
}

std::string path_index(const std::string& base, size_t index) {
  return base + "[" + std::to_string(index) + "]";
}

std::string json_string(const Json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<int64_t> json_units(const Json& number, int decimals) {
  if (!number.is_number()) return std::nullopt;
  auto t = json_decimal_text(number);
  return t ? parse_fixed(*t, decimals) : std::nullopt;
}

}  // namespace lf
