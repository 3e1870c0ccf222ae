// Issue 24 §4 on the projector, the real program under Xvfb against the real server: the
// secondary final with two ties ruled (with their reasons) and one told apart by the
// tie-break (tests/data/tied_sample.h), every result published. The board's rows of those
// teachers carry the 备注 under the school, as the server's result words it. Picture:
// build/screenshots/tie-note-display-leaderboard.png — look at it.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "tests/data/test_files.h"
#include "tests/data/tied_sample.h"
#include "tests/server/child_server.h"
#include "tests/server/known_people.h"
#include "tests/ui/program_shot.h"

namespace lf {
namespace {

namespace fs = std::filesystem;

size_t count_in(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size()))
    ++n;
  return n;
}

TEST(TieNoteScreens, TheProjectorsBoardSaysHowEqualTotalsWereToldApart) {
  fs::path dir = fs::temp_directory_path() / ("liangfen-tie-note-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  Json doc = test::with_settled_ties(test::sample_document());
  std::set<std::string> seen;  // every performance with marks published (亮分)
  doc["published"] = Json::array();
  for (const Json& m : doc["marks"]) {
    std::string key = m["round"].get<std::string>() + "|" + m["contestant"].get<std::string>() +
                      "|" + m["section"].get<std::string>();
    if (seen.insert(key).second)
      doc["published"].push_back(
          {{"round", m["round"]}, {"contestant", m["contestant"]}, {"section", m["section"]}});
  }
  std::string db = (dir / "contest.db").string();
  ASSERT_TRUE(test::create_contest_db(db, doc).ok());
  test::ChildServer server({"--db", db, "--backup-minutes", "0"});
  ASSERT_TRUE(server.start());
  // Boards: the preliminary, the primary final, the secondary final.
  auto s = test::shoot_program(
      "liangfen-display", "tie-note-display-leaderboard", server.port(),
      "--code " + test::code_of("display:main") + " --scene leaderboard --board 2 --at 6", 1920,
      1080, dir);
  ASSERT_EQ(s.exit, 0) << s.log;
  EXPECT_EQ(s.png_check, 0);
  ASSERT_NE(s.text.find("全县决赛 · 中学组"), std::string::npos) << s.text;
  EXPECT_EQ(count_in(s.text, test::kRuledNote), 2u) << s.text;
  EXPECT_EQ(count_in(s.text, test::kDrawnNote), 2u) << s.text;
  EXPECT_EQ(count_in(s.text, test::kTieBreakNote), 2u) << s.text;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace lf
