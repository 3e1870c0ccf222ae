// Every character the console draws is in the glyph set it bakes (ImGui 1.86 cannot add glyphs
// later): each string literal in the console's sources, each format string of ConsoleStrings,
// checked against collect_console_glyphs with no view. A character missing here is a '?' on
// the tablet (it was 号, in "3 号选手").
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "judge_console/panels/console_glyphs.h"

namespace lf {
namespace {

namespace fs = std::filesystem;

// The string literals of a C++ source (comments, character literals and raw strings handled).
std::vector<std::string> string_literals(const std::string& src) {
  std::vector<std::string> out;
  size_t i = 0, n = src.size();
  while (i < n) {
    if (src.compare(i, 2, "//") == 0) {
      i = src.find('\n', i);
      if (i == std::string::npos) break;
    } else if (src.compare(i, 2, "/*") == 0) {
      i = src.find("*/", i + 2);
      if (i == std::string::npos) break;
      i += 2;
    } else if (src[i] == 'R' && i + 1 < n && src[i + 1] == '"' &&
               (i == 0 || !(std::isalnum(static_cast<unsigned char>(src[i - 1])) || src[i - 1] == '_'))) {
      size_t open = src.find('(', i + 2);
      std::string delim = ")" + src.substr(i + 2, open - i - 2) + "\"";
      size_t close = src.find(delim, open);
      out.push_back(src.substr(open + 1, close - open - 1));
      i = close + delim.size();
    } else if (src[i] == '\'' || src[i] == '"') {
      char q = src[i++];
      std::string lit;
      while (i < n && src[i] != q) {
        if (src[i] == '\\' && i + 1 < n) lit += src[i++];
        lit += src[i++];
      }
      ++i;
      if (q == '"') out.push_back(lit);
    } else {
      ++i;
    }
  }
  return out;
}

TEST(ConsoleGlyphs, TheLiteralScannerFindsStringsNotComments) {
  auto lits = string_literals("// \"注释\"\nint a = '\"'; f(\"号\", R\"x(原)x\"); /* \"不\" */ g(\"a\\\"b\");");
  ASSERT_EQ(lits.size(), 3u);
  EXPECT_EQ(lits[0], "号");
  EXPECT_EQ(lits[1], "原");
  EXPECT_EQ(lits[2], "a\\\"b");
}

TEST(ConsoleGlyphs, EveryCharacterTheConsoleDrawsIsBaked) {
  GlyphSet g;
  collect_console_glyphs(console_strings(), nullptr, g);
  fs::path root = fs::path(LF_SOURCE_DIR) / "judge_console";
  int files = 0;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    std::string ext = e.path().extension().string();
    if (ext != ".cpp" && ext != ".h") continue;
    ++files;
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    for (const std::string& lit : string_literals(ss.str()))
      for (uint32_t cp : decode_utf8(lit))
        if (cp > 0x7f && !g.contains(cp)) {
          char buf[16];
          std::snprintf(buf, sizeof buf, "U+%04X", cp);
          ADD_FAILURE() << e.path().filename().string() << ": \"" << lit << "\" draws " << buf
                        << ", which the console's glyph set does not hold";
        }
  }
  EXPECT_GT(files, 10);
}

TEST(ConsoleGlyphs, TheViewsNamesAreBaked) {
  ConsoleView v;
  VenueView venue;
  venue.key = "PRE";
  venue.name = "小学组预赛赛场";
  v.venues.push_back(venue);
  v.contestants.push_back({"C001", "邱娟 · 机关幼儿园"});
  GlyphSet g;
  collect_console_glyphs(console_strings(), &v, g);
  for (const char* text : {"小学组预赛赛场", "邱娟 · 机关幼儿园", "3 号选手"})
    for (uint32_t cp : decode_utf8(text)) EXPECT_TRUE(g.contains(cp)) << text;
}

}  // namespace
}  // namespace lf
