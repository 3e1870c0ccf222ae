// A small streaming JSON writer that prints numbers exactly as given (e.g. "97.70" with the
// rule's decimals), which a DOM library holding doubles cannot do. Pretty-prints with 2-space
// indentation. Not thread-safe; one writer per document.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lf {

class JsonWriter {
 public:
  explicit JsonWriter(bool pretty = true) : pretty_(pretty) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  JsonWriter& string(std::string_view s);
  JsonWriter& number(std::string_view decimal_text);  // written as is: must be valid JSON
  JsonWriter& integer(int64_t v) { return number(std::to_string(v)); }
  JsonWriter& boolean(bool b) { return number(b ? "true" : "false"); }
  JsonWriter& null() { return number("null"); }

  // The document so far; complete once every begin_ has its end_.
  const std::string& str() const { return out_; }

 private:
  void before_value();
  void newline();

  struct Level {
    bool is_object;
    size_t count = 0;
  };
  bool pretty_;
  bool after_key_ = false;
  std::vector<Level> stack_;
  std::string out_;
};

// Appends `s` as a quoted JSON string (UTF-8 kept; quotes, backslashes and controls escaped).
void append_json_string(std::string& out, std::string_view s);

}  // namespace lf
