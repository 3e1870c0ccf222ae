// Issue 15's walk: the README's contest day from the organizer's side — a new contest from the
// county template, a GBK roster as a school sends it, a judges' sheet that names venues by their
// names and the other people of the day by their roles, a topic bank, the paper score sheets,
// the draw, the code sheet, the drafts printed from the database — and not one of the file's
// keys (round, group, venue, section, display, role) in anything a person reads: the command
// line's messages and the printed pages (pdftotext). Keys stay in files and URLs.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "data/format/json_text.h"
#include "tests/data/run_command.h"
#include "tests/data/test_files.h"
#include "tests/organizer/gbk.h"
#include "tests/organizer/contest_keys.h"

namespace lf {
namespace {

namespace fs = std::filesystem;

using test::gbk;

using test::CommandRun;
using test::run_command;

class NamesNotKeys : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("liangfen-keys-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& n) const { return (dir_ / n).string(); }
  CommandRun liangfen(const std::string& args) const { return run_command(std::string(LF_BIN_DIR) + "/liangfen " + args); }

  // Every step's output is kept with its command, checked at the end against the keys.
  void said(const std::string& step, const CommandRun& r) { outputs_.push_back({step, r.out}); }
  void printed(const std::string& step, const std::string& pdf) {
    CommandRun t = run_command("pdftotext -layout " + pdf + " -");
    ASSERT_EQ(t.status, 0) << step << ": " << t.out;
    ASSERT_FALSE(t.out.empty()) << step;
    outputs_.push_back({step + "（打印）", t.out});
  }

  fs::path dir_;
  std::vector<std::pair<std::string, std::string>> outputs_;
};

TEST_F(NamesNotKeys, TheContestDayShowsNoKeyInAnyMessageOrPrintedPage) {
  std::string contest = path("day.contest.json"), db = path("day.db");
  CommandRun r = liangfen("init " + contest + " --name 某县2026年中小学班主任基本功大赛 --date 2026-05-20 --organizer 某县教育局 --advance 3");
  ASSERT_EQ(r.status, 0) << r.out;
  said("init", r);

  // A GBK roster, as Excel on a Chinese Windows saves it.
  std::string roster = "姓名,学校,联系电话\n";
  const char* primary[] = {"林小雨", "王芳", "李娜", "赵敏", "周婷", "吴静", "郑海燕", "孙丽"};
  const char* secondary[] = {"陈刚", "杨帆", "黄磊", "朱琳"};
  int k = 0;
  for (const char* n : primary) {
    ++k;
    roster += std::string(n) + ",城关第" + std::to_string(k) + "小学,1380000000" + std::to_string(k % 10) + "\n";
  }
  for (const char* n : secondary) {
    ++k;
    roster += std::string(n) + ",第" + std::to_string(k) + "中学,1390000000" + std::to_string(k % 10) + "\n";
  }
  std::ofstream(path("报名表.csv"), std::ios::binary) << gbk(roster);
  r = liangfen("import-roster " + path("报名表.csv") + " --contest " + contest);
  ASSERT_EQ(r.status, 0) << r.out;
  said("import-roster", r);

  // Judges by venue name; the other people of the day by their roles.
  std::string judges = "姓名,学校,赛场,身份\n";
  for (int j = 1; j <= 5; ++j) judges += "评委" + std::to_string(j) + ",城关第" + std::to_string(j) + "小学,小学组预赛赛场,评委\n";
  judges += "张主任,,小学组预赛赛场,裁判长\n刘老师,,小学组预赛赛场,计时员\n陈老师,,,场务\n";
  std::ofstream(path("评委.csv")) << judges;
  r = liangfen("import-judges " + path("评委.csv") + " --contest " + contest);
  ASSERT_EQ(r.status, 0) << r.out;
  said("import-judges", r);
  // A wrong venue lists the valid ones, by name.
  std::ofstream(path("错.csv")) << "姓名,学校,赛场\n钱老师,实验小学,预赛\n";
  r = liangfen("import-judges " + path("错.csv") + " --contest " + contest);
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("小学组预赛赛场"), std::string::npos) << r.out;
  said("import-judges (a wrong venue)", r);

  std::ofstream(path("班会主题.txt")) << "班级里的“小团体”\n手机进校园\n考试失利之后\n";
  r = liangfen("import-topics " + path("班会主题.txt") + " --contest " + contest + " --section 主题班会设计");
  ASSERT_EQ(r.status, 0) << r.out;
  said("import-topics", r);

  // The draw, by names; a second draw of the same round and group is refused.
  r = liangfen("draw --contest " + contest + " --round 小学组预赛 --group 小学组");
  ASSERT_EQ(r.status, 0) << r.out;
  said("draw", r);
  r = liangfen("draw --contest " + contest + " --round 小学组预赛 --group 小学组");
  EXPECT_NE(r.status, 0) << r.out;
  said("draw (again)", r);
  r = liangfen("draw --contest " + contest + " --round 半决赛 --group 小学组");
  EXPECT_NE(r.status, 0) << r.out;
  said("draw (no such round)", r);

  r = liangfen("print score-sheets --contest " + contest + " --out " + path("评分表.pdf"));
  ASSERT_EQ(r.status, 0) << r.out;
  said("print score-sheets", r);
  printed("print score-sheets", path("评分表.pdf"));

  // The code sheet, and the drafts printed from the database before anyone is scored.
  r = liangfen("credentials --db " + db + " --import " + contest + " --server-url https://192.168.1.10:8080 --out " +
               path("登录码条.pdf"));
  ASSERT_EQ(r.status, 0) << r.out;
  said("credentials", r);
  printed("credentials", path("登录码条.pdf"));
  r = liangfen("credentials --db " + db + " --text");
  ASSERT_EQ(r.status, 0) << r.out;
  said("credentials --text", r);
  EXPECT_NE(r.out.find("J001"), std::string::npos) << r.out;  // a judge's 编号 is a number people use
  // One person's new code, by the name people know them by.
  r = liangfen("credentials --db " + db + " --reissue 张主任");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("裁判长 张主任 · 小学组预赛赛场的新登录码："), std::string::npos) << r.out;
  said("credentials --reissue 张主任", r);
  r = liangfen("credentials --db " + db + " --reissue 评委3");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("评委3（编号 J003）的新登录码："), std::string::npos) << r.out;
  said("credentials --reissue 评委3", r);
  r = liangfen("credentials --db " + db + " --reissue 主任");
  EXPECT_NE(r.status, 0) << r.out;  // a part of a name is not a name
  said("credentials --reissue 主任", r);
  r = liangfen("print awards --db " + db + " --round 小学组预赛");
  EXPECT_NE(r.status, 0) << r.out;  // nothing scored yet: refused, saying why
  said("print awards (not yet)", r);
  r = liangfen("print awards --db " + db + " --draft --out " + path("获奖名单.pdf"));
  ASSERT_EQ(r.status, 0) << r.out;
  said("print awards --draft", r);
  printed("print awards --draft", path("获奖名单.pdf"));
  r = liangfen("print results --db " + db + " --draft --out " + path("成绩汇总表.pdf"));
  ASSERT_EQ(r.status, 0) << r.out;
  said("print results --draft", r);
  printed("print results --draft", path("成绩汇总表.pdf"));

  // The keys of this very contest, and the roles' and displays' keys.
  auto doc = parse_json(test::read_text(contest));
  ASSERT_TRUE(doc.ok());
  std::set<std::string> keys = test::contest_keys(doc.value());
  ASSERT_TRUE(keys.count("PRE") && keys.count("primary") && keys.count("final") && keys.count("speech"));
  for (const auto& [step, text] : outputs_) {
    auto found = test::keys_in(text, keys);
    EXPECT_TRUE(found.empty()) << step << " shows " << test::joined(found) << ":\n" << text;
  }
}

// The check itself finds a key where one stands, and not inside a longer word.
TEST(NamesNotKeysCheck, FindsAKeyAsAWordOnly) {
  std::set<std::string> keys = {"PRE", "main", "final"};
  EXPECT_EQ(test::keys_in("裁判长 PRE · 赛场", keys), std::set<std::string>{"PRE"});
  EXPECT_EQ(test::keys_in("抽签 final · 小学组", keys), std::set<std::string>{"final"});
  EXPECT_TRUE(test::keys_in("/tmp/domain/PREFIX finalist", keys).empty());
}

}  // namespace
}  // namespace lf
