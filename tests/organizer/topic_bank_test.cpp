// liangfen import-topics (issue 17 §7) on tables as schools make them: a header row is
// recognised and skipped, the text column is found (案例内容 over 案例名称 over a numbering),
// --column chooses one, what is imported is shown (count and the first few), and a column of
// numbers is refused with a reason in Chinese, leaving the contest file as it was.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "data/format/contest_file.h"
#include "tests/data/test_files.h"

namespace lf {
namespace {

namespace fs = std::filesystem;

class TopicBank : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("liangfen-topics-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    contest_ = path("a.contest.json");
    ASSERT_EQ(liangfen("init " + contest_), 0);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& n) { return (dir_ / n).string(); }
  int liangfen(const std::string& args, std::string* output = nullptr) {
    std::string cmd = std::string(LF_BIN_DIR) + "/liangfen " + args + " 2>&1";
    FILE* p = ::popen(cmd.c_str(), "r");
    std::string out;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    int st = ::pclose(p);
    if (output) *output = out;
    return WEXITSTATUS(st);
  }
  std::string csv(const std::string& name, const std::string& text) {
    std::ofstream(path(name), std::ios::binary) << text;
    return path(name);
  }
  int import(const std::string& file, const std::string& more, std::string* out) {
    return liangfen("import-topics " + file + " --contest " + contest_ + " --section qa" + more,
                    out);
  }
  Json bank() {
    Json d = parse_json(test::read_text(contest_)).value();
    return d.contains("topics") ? d["topics"].value("qa", Json::array()) : Json::array();
  }
  std::string contest_;
  fs::path dir_;
};

const char* kCases =
    "序号,案例名称,案例内容\n"
    "1,手机风波,班上一名学生上课玩手机被没收后，家长到学校质问班主任。你如何处理？\n"
    "2,座位之争,两位家长都要求把孩子调到前排，你如何回应？\n"
    "3,课间冲突,两名男生课间推搡，一人受了轻伤。你如何处理？\n";

TEST_F(TopicBank, TheCaseTextIsImportedNotTheNumberingAndWhatIsTakenIsShown) {
  std::string out;
  ASSERT_EQ(import(csv("cases.csv", kCases), "", &out), 0) << out;
  Json b = bank();
  ASSERT_EQ(b.size(), 3u) << b.dump();
  EXPECT_EQ(b[0], "班上一名学生上课玩手机被没收后，家长到学校质问班主任。你如何处理？");
  EXPECT_EQ(b[2], "两名男生课间推搡，一人受了轻伤。你如何处理？");
  for (const Json& t : b) EXPECT_FALSE(t == "序号" || t == "1" || t == "案例内容") << b.dump();
  EXPECT_NE(out.find("“案例内容”一列读到 3 道题"), std::string::npos) << out;
  EXPECT_NE(out.find("1. 班上一名学生上课玩手机被没收后"), std::string::npos) << out;
  EXPECT_NE(out.find("2. 两位家长都要求把孩子调到前排"), std::string::npos) << out;
  EXPECT_NE(out.find("加入 3 道题"), std::string::npos) << out;
}

// A bank smaller than the teachers who will draw from it in a round is said at import, with
// the count per group: the sample's final has 14 primary teachers from the preliminary's quota
// and 17 secondary ones (18 registered, one withdrawn), all drawing from one bank; the
// preliminary has 35.
TEST_F(TopicBank, ABankSmallerThanARoundsDrawersIsSaidAtImport) {
  fs::copy_file(test::source_path(test::kSampleContest), path("sample.contest.json"));
  std::string topics;
  for (int i = 1; i <= 12; ++i) topics += "班会主题" + std::to_string(i) + "\n";
  std::string out;
  ASSERT_EQ(liangfen("import-topics " + csv("topics.txt", topics) + " --contest " + path("sample.contest.json") +
                         " --section class_meeting",
                     &out),
            0)
      << out;
  EXPECT_NE(out.find("注意：主题班会设计题库共 12 道，全县决赛有 31 名选手要抽（小学组 14、中学组 17），"
                     "从第 13 位起将抽不到题：请再导入至少 19 道"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("小学组预赛有 35 名选手要抽（小学组 35）"), std::string::npos) << out;
  // Enough topics: nothing to say.
  topics.clear();
  for (int i = 13; i <= 40; ++i) topics += "班会主题" + std::to_string(i) + "\n";
  ASSERT_EQ(liangfen("import-topics " + csv("more.txt", topics) + " --contest " + path("sample.contest.json") +
                         " --section class_meeting",
                     &out),
            0)
      << out;
  EXPECT_EQ(out.find("注意："), std::string::npos) << out;
}

TEST_F(TopicBank, TheNameColumnWhenItIsTheOnlyTextColumn) {
  std::string out;
  ASSERT_EQ(import(csv("names.csv", "题号,案例名称\n1,手机风波\n2,座位之争\n"), "", &out), 0)
      << out;
  EXPECT_EQ(bank(), Json::array({"手机风波", "座位之争"}));
  EXPECT_NE(out.find("“案例名称”一列"), std::string::npos) << out;
}

TEST_F(TopicBank, ColumnChoosesByItsHeaderName) {
  std::string out;
  ASSERT_EQ(import(csv("cases.csv", kCases), " --column 案例名称", &out), 0) << out;
  EXPECT_EQ(bank(), Json::array({"手机风波", "座位之争", "课间冲突"}));
  EXPECT_EQ(import(path("cases.csv"), " --column 案例", &out), 2);
  EXPECT_NE(out.find("第一行没有“案例”这一列（第一行的列：“序号”、“案例名称”、“案例内容”）"),
            std::string::npos)
      << out;
}

TEST_F(TopicBank, AColumnOfNumbersIsRefusedWithTheReasonAndTheFileIsUntouched) {
  std::string before = test::read_text(contest_), out;
  EXPECT_EQ(import(csv("cases.csv", kCases), " --column 序号", &out), 2);
  EXPECT_NE(out.find("“序号”一列全是数字（如 1），不是题目；题目可能在“案例名称”、“案例内容”"),
            std::string::npos)
      << out;
  EXPECT_EQ(import(csv("numbers.csv", "1\n2\n3\n"), "", &out), 2);
  EXPECT_NE(out.find("都是数字或空的"), std::string::npos) << out;
  EXPECT_EQ(import(csv("numbers.txt", "1\n2\n3\n"), "", &out), 2);
  EXPECT_NE(out.find("每一行全是数字"), std::string::npos) << out;
  EXPECT_EQ(test::read_text(contest_), before);
}

TEST_F(TopicBank, ATableWithoutAHeaderKeepsItsFirstRow) {
  std::string out;
  ASSERT_EQ(import(csv("plain.csv", "如何开好第一次家长会\n班级里的小团体\n"), "", &out), 0) << out;
  EXPECT_EQ(bank(), Json::array({"如何开好第一次家长会", "班级里的小团体"}));
  EXPECT_NE(out.find("第 1 列读到 2 道题"), std::string::npos) << out;
}

}  // namespace
}  // namespace lf
