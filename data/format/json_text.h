// JSON text in and out, without exceptions crossing this boundary.
//
// parse_json reports malformed JSON and invalid UTF-8 with a line and column (kind malformed).
// Numbers are read back as exact decimals with json_decimal_text (the shortest text that
// round-trips the parsed double, so "27.45" reads as "27.45", never 27.449999...); a number
// whose text that double does not hold exactly ("8.600000000000000000001", "1e-400") is refused
// by parse_json with its JSON path (kind invalid) instead of being rounded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "scoring/engine/status.h"

namespace lf {

using Json = nlohmann::ordered_json;  // keeps key order, so a file round-trips as written

// Parses a whole document. On a syntax error (kind malformed) the Error's path names the place
// twice: the JSON path of the value being read and the line and column,
// "marks[3].points（第 5 行第 20 列）" (only the line and column at the top level); a number that
// cannot be read exactly is refused with its JSON path alone ("marks[3].points", kind invalid).
// The message says why in Chinese.
Result<Json> parse_json(std::string_view text);

// Serializes with 2-space indentation and UTF-8 kept as is, ending in a newline.
std::string dump_json(const Json& j);

// Decimal text for a JSON number ("27.5", "30", "-1"); nullopt if `j` is not a number.
std::optional<std::string> json_decimal_text(const Json& j);

// The string at `key` of an object, or "" when absent or not a string (for reading the
// server's own answers, which are trusted to have the documented shape).
std::string json_string(const Json& object, const char* key);

// A JSON number as an exact integer in units of 10^-decimals ("27.5" with 1 decimal -> 275);
// nullopt for null, a non-number, or more decimals than allowed.
std::optional<int64_t> json_units(const Json& number, int decimals);

// A JSON value's type as a person reads it in a message, in Chinese: "数组", "文字（字符串）", ...
std::string json_type_name(const Json& j);

// Joins a path: path_key("marks[3]", "points") -> "marks[3].points"; path_index("marks", 3).
std::string path_key(const std::string& base, const std::string& key);
std::string path_index(const std::string& base, size_t index);

}  // namespace lf
