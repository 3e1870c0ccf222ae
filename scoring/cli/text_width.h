// Terminal column widths for UTF-8 text, so that Chinese names line up in a table: CJK and
// full-width characters take two columns, others one.
#pragma once

#include <string>
#include <string_view>

namespace lf::cli {

size_t display_width(std::string_view utf8);
// `s` padded with spaces to `width` columns (left-aligned) or right-aligned.
std::string pad_right(std::string_view s, size_t width);
std::string pad_left(std::string_view s, size_t width);

}  // namespace lf::cli
