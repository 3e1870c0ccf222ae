// `liangfen compute` as a user runs it: exit codes, JSON on stdout, errors on stderr, table.
#include <gtest/gtest.h>

#include <sstream>

#include "scoring/cli/commands.h"
#include "scoring/cli/text_width.h"
#include "tests/data/test_files.h"

namespace lf::cli {
namespace {

struct Run {
  int status;
  std::string out, err;
};

Run run(const Args& args) {
  std::ostringstream out, err;
  int status = compute_command(args, out, err);
  return {status, out.str(), err.str()};
}

TEST(ComputeCommand, ValidFilePrintsJsonAndExitsZero) {
  auto r = run({test::source_path(test::kSampleContest)});
  EXPECT_EQ(r.status, kExitOk);
  EXPECT_EQ(r.out.rfind("{\n  \"rounds\": [", 0), 0u);
  EXPECT_TRUE(r.err.empty());
}

TEST(ComputeCommand, RefusedFileExitsTwoWithEveryErrorOnStderr) {
  auto r = run({test::source_path("tests/data/broken/out_of_range.contest.json")});
  EXPECT_EQ(r.status, kExitRefused);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("marks[12].points: 31 超过主题班会设计的满分 30"),
            std::string::npos)
      << r.err;
}

TEST(ComputeCommand, MissingFileExitsTwo) {
  auto r = run({"/nonexistent.contest.json"});
  EXPECT_EQ(r.status, kExitRefused);
  EXPECT_NE(r.err.find("无法打开文件"), std::string::npos);
}

TEST(ComputeCommand, UsageErrorsExitOne) {
  EXPECT_EQ(run({}).status, kExitUsage);
  EXPECT_EQ(run({"a", "b"}).status, kExitUsage);
  EXPECT_EQ(run({"a", "--format", "xml"}).status, kExitUsage);
  EXPECT_EQ(run({"a", "--bogus"}).status, kExitUsage);
}

TEST(ComputeCommand, TableAlignsChineseNames) {
  auto r = run({test::source_path(test::kSampleContest), "--format", "table"});
  ASSERT_EQ(r.status, kExitOk);
  EXPECT_NE(r.out.find("【小学组预赛 · 小学组】"), std::string::npos);
  EXPECT_NE(r.out.find("并列待裁决（晋级线）"), std::string::npos);
  // Rows of one block have equal display width up to the total column.
  std::istringstream lines(r.out);
  std::string line;
  std::vector<size_t> total_col;
  while (std::getline(lines, line)) {
    auto p = line.find("97.70");
    if (p == std::string::npos) p = line.find("94.46");
    if (p != std::string::npos) total_col.push_back(display_width(line.substr(0, p)));
  }
  ASSERT_GE(total_col.size(), 2u);
  EXPECT_EQ(total_col[0], total_col[1]);
}

TEST(TextWidth, CjkIsTwoColumns) {
  EXPECT_EQ(display_width("abc"), 3u);
  EXPECT_EQ(display_width("谭玉"), 4u);
  EXPECT_EQ(display_width("A谭"), 3u);
  EXPECT_EQ(pad_right("谭玉", 6), "谭玉  ");
  EXPECT_EQ(pad_left("1", 3), "  1");
}

}  // namespace
}  // namespace lf::cli
