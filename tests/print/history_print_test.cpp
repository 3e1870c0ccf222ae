// `liangfen print history --contestant ID` (查分 on appeal) through the real binary, while the
// server holds the database: the PDF read back with pdftotext holds every mark of the teacher
// with its old value, who and when (each row as the history API gives it), the times, the
// return, both publishes and the reopen with its reason, and the signature lines.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <sstream>

#include "tests/server/history_day.h"
#include "tests/data/run_command.h"

namespace lf {
namespace {

namespace fs = std::filesystem;

using test::CommandRun;
using test::run_command;
std::string liangfen() {
  return std::string(LF_BIN_DIR) + "/liangfen";
}

// The PDF's text, laid out as on paper: one table row per line (its first line when it wraps).
std::vector<std::string> pdf_lines(const std::string& pdf) {
  CommandRun text = run_command("pdftotext -layout " + pdf + " -");
  EXPECT_EQ(text.status, 0) << text.out;
  std::vector<std::string> lines;
  std::stringstream in(text.out);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

// The words of a line split at runs of spaces (pdftotext's columns).
bool has_cell(const std::string& line, const std::string& cell) {
  size_t at = line.find(cell);
  while (at != std::string::npos) {
    bool starts = at == 0 || line[at - 1] == ' ';
    bool ends = at + cell.size() == line.size() || line[at + cell.size()] == ' ';
    if (starts && ends) return true;
    at = line.find(cell, at + 1);
  }
  return false;
}

class HistoryPrint : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("liangfen-history-print-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string out(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST_F(HistoryPrint, EveryMarkWithItsOldValueWhoAndWhenWhileTheServerRuns) {
  test::LiveServer server(test::sample_without_results());
  test::HistoryDay day(server);
  day.play();
  auto api = server.get(day.tokens["organizer"],
                        (std::string(protocol::path::kHistory) + "?contestant=C002").c_str());
  ASSERT_EQ(api.first, 200) << api.second.dump();
  const Json& want = api.second["lines"];

  std::string pdf = out("history-C002.pdf");
  CommandRun printed = run_command(liangfen() + " print history --db " + server.db_path() +
                    " --contestant C002 --out " + pdf);
  ASSERT_EQ(printed.status, 0) << printed.out;
  auto lines = pdf_lines(pdf);
  std::string all;
  for (const auto& l : lines) all += l + "\n";
  EXPECT_NE(all.find("选手成绩记录（查分）"), std::string::npos) << all;
  EXPECT_NE(all.find("C002 陆兰桂 · 实验小学 · 小学组"), std::string::npos) << all;
  EXPECT_NE(all.find("裁判长（签字）"), std::string::npos) << all;
  EXPECT_NE(all.find("监督（签字）"), std::string::npos) << all;

  // Every mark: its row starts with its number, and says when, who, the old value and the new.
  int marks = 0;
  for (const Json& w : want) {
    if (w["kind"] != "mark") continue;
    ++marks;
    std::string seq = std::to_string(w["seq"].get<int64_t>());
    std::string before = json_string(w, "before").empty() ? "—" : json_string(w, "before");
    bool found = false;
    for (const auto& l : lines)
      if (l.find(seq) != std::string::npos && has_cell(l, seq) &&
          l.find(json_string(w, "when")) != std::string::npos &&
          l.find(json_string(w, "who")) != std::string::npos && has_cell(l, before) &&
          has_cell(l, json_string(w, "after")))
        found = true;
    EXPECT_TRUE(found) << "no row for " << w.dump() << " in\n" << all;
  }
  EXPECT_EQ(marks, 8);
  // J01's correction in so many words: 8.5 -> 9.1 by 评委邹东.
  bool correction = false;
  for (const auto& l : lines)
    correction |= has_cell(l, std::to_string(day.corrected)) &&
                  l.find("评委邹东（评委）") != std::string::npos && has_cell(l, "8.5") &&
                  has_cell(l, "9.1");
  EXPECT_TRUE(correction) << all;
  for (const char* words : {"250 秒", "245.5 秒", "原因：看错了秒表", "待重打", "说明：请再看一下",
                            "原因：评委录错分", "已亮分", "撤回亮分", "裁判长 · 小学组预赛"})
    EXPECT_NE(all.find(words), std::string::npos) << words << " missing in\n" << all;

  // The sheet opens with the results before the trail. C002's talent marks 9.1 7.6 8 8.8 8:
  // the highest and lowest dropped, (8 + 8.8 + 8) / 3 = 8.2667 → 8.27, 245.5 s read as 4:05;
  // the preliminary's other sections have no marks, so no total, no rank, 缺评分.
  size_t summary = all.find("小学组预赛：总分 —，无名次，缺评分");
  size_t trail = all.find("全部记录");
  EXPECT_NE(summary, std::string::npos) << all;
  EXPECT_NE(trail, std::string::npos) << all;
  EXPECT_LT(summary, trail);
  bool talent = false;
  for (const auto& l : lines)
    talent |= l.find("才艺展示") != std::string::npos && has_cell(l, "3/5") && has_cell(l, "4:05") &&
              l.find("8.27") != std::string::npos;
  EXPECT_TRUE(talent) << all;

  // A name finds the contestant too; an unknown one and a contest file are refused in Chinese.
  CommandRun by_name = run_command(liangfen() + " print history --db " + server.db_path() +
                    " --contestant 陆兰桂 --out " + out("n.pdf"));
  EXPECT_EQ(by_name.status, 0) << by_name.out;
  CommandRun unknown = run_command(liangfen() + " print history --db " + server.db_path() +
                    " --contestant C999 --out " + out("x.pdf"));
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.out.find("没有这位选手"), std::string::npos) << unknown.out;
  CommandRun from_file = run_command(liangfen() + " print history --contest " +
                      test::source_path(test::kSampleContest) + " --contestant C002");
  EXPECT_EQ(from_file.status, 1);
  EXPECT_NE(from_file.out.find("请用 --db"), std::string::npos) << from_file.out;
  // For a person to look at: build/screenshots/history-C002-1.png (first page).
  fs::path shots = fs::path(LF_BIN_DIR).parent_path() / "screenshots";
  fs::create_directories(shots);
  EXPECT_EQ(
      run_command("pdftoppm -png -r 80 -f 1 -l 1 " + pdf + " " + (shots / "history-C002").string()).status,
      0);
}

}  // namespace
}  // namespace lf
