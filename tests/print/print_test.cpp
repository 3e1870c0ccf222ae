// The printed documents for the shared example, through the real `liangfen print` binary, read
// back the way a person or Excel would: pdftotext for the PDFs (names under the right award,
// in rank order), unzip + the sheet XML for the XLSX (real numbers), the CSV byte for byte.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <set>

#include "data/format/contest_file.h"
#include "data/format/contest_file.h"
#include "scoring/client/api_client.h"
#include "scoring/client/join_link.h"
#include "tests/data/test_files.h"
#include "tests/server/child_server.h"
#include "tests/data/run_command.h"
#include "tests/data/tied_sample.h"
#include "scoring/engine/fixed_point.h"
#include "scoring/engine/standings.h"

namespace lf {
namespace {

namespace fs = std::filesystem;

using test::CommandRun;
using test::run_command;

// CSV text (after its BOM) back into lines and fields, RFC 4180.
std::vector<std::vector<std::string>> csv_lines(const std::string& text) {
  std::vector<std::vector<std::string>> lines;
  std::string field;
  std::vector<std::string> line;
  bool quoted = false;
  for (size_t i = 3; i < text.size(); ++i) {
    char ch = text[i];
    if (quoted) {
      if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch == '"') quoted = true;
    else if (ch == ',') line.push_back(field), field.clear();
    else if (ch == '\r') continue;
    else if (ch == '\n') {
      line.push_back(field);
      field.clear();
      lines.push_back(line);
      line.clear();
    } else {
      field += ch;
    }
  }
  return lines;
}

class Print : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("liangfen-print-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // The shared example, settled for the secondary final as the head judges would: its two
    // award-boundary ties ruled, and its three unfinished contestants withdrawn.
    Json doc = parse_json(test::read_text(test::source_path(test::kSampleContest))).value();
    for (Json& ct : doc["contestants"])
      for (const char* id : {"C045", "C052", "C053"})
        if (ct["id"] == id) ct["status"] = "withdrawn";
    doc["decisions"].push_back({{"kind", "tie_order"}, {"round", "final"}, {"group", "secondary"}, {"order", {"C048", "C038"}}});
    doc["decisions"].push_back({{"kind", "tie_order"}, {"round", "final"}, {"group", "secondary"}, {"order", {"C044", "C049"}}});
    settled_ = (dir_ / "settled.contest.json").string();
    std::ofstream(settled_) << doc.dump(2);
    auto file = load_contest_document(doc);
    ASSERT_TRUE(file.ok()) << file.status().to_string();
    contest_ = file->contest;
    result_ = compute_results(contest_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string liangfen() const { return std::string(LF_BIN_DIR) + "/liangfen"; }
  std::string out(const char* name) const { return (dir_ / name).string(); }
  // The secondary final's standings: (name, award index) in rank order.
  std::vector<std::pair<std::string, int>> secondary_awards() const {
    std::vector<std::pair<std::string, int>> out;
    for (const RoundStandings& rs : result_.rounds)
      for (const GroupStandings& gs : rs.groups)
        if (contest_.rounds[size_t(rs.round)].key == "final" && contest_.groups[size_t(gs.group)].key == "secondary")
          for (const Standing& st : gs.standings)
            if (st.award) out.push_back({contest_.contestants[size_t(st.contestant)].name, *st.award});
    return out;
  }

  fs::path dir_;
  std::string settled_;
  Contest contest_;
  ContestResult result_;
};

TEST_F(Print, AwardListNamesEveryWinnerUnderTheirAwardInRankOrder) {
  std::string pdf = out("awards.pdf");
  auto r = run_command(liangfen() + " print awards --contest " + settled_ + " --round final --group secondary --out " + pdf);
  ASSERT_EQ(r.status, 0) << r.out;
  auto text = run_command("pdftotext -layout " + pdf + " -");
  ASSERT_EQ(text.status, 0);
  auto winners = secondary_awards();
  ASSERT_GT(winners.size(), 5u);
  size_t at = 0;
  int award = -1;
  for (const auto& [name, a] : winners) {
    if (a != award) {  // the award's heading comes before its first winner
      award = a;
      const std::string& heading = contest_.rounds[1].awards[size_t(a)].name;
      size_t h = text.out.find(heading, at);
      ASSERT_NE(h, std::string::npos) << heading;
      at = h;
    }
    size_t p = text.out.find(name, at);
    ASSERT_NE(p, std::string::npos) << name << " missing or out of order";
    at = p;
  }
  EXPECT_NE(text.out.find("评委会主任"), std::string::npos);
  EXPECT_NE(text.out.find("测试县教育局"), std::string::npos);
  EXPECT_NE(text.out.find("第 1 页"), std::string::npos);
  EXPECT_EQ(text.out.find("草稿"), std::string::npos);
}

TEST_F(Print, AwardListIsRefusedWhileTiesOrGapsRemainAndDraftsSaySo) {
  std::string sample = test::source_path(test::kSampleContest);
  auto refused = run_command(liangfen() + " print awards --contest " + sample + " --out " + out("a.pdf"));
  EXPECT_EQ(refused.status, 2);
  EXPECT_NE(refused.out.find("熊芳(C038)"), std::string::npos) << refused.out;  // the tie, by name
  EXPECT_NE(refused.out.find("孟英娟(C021)"), std::string::npos);              // the unfinished one
  EXPECT_FALSE(fs::exists(out("a.pdf")));
  auto draft = run_command(liangfen() + " print awards --contest " + sample + " --draft --out " + out("d.pdf"));
  ASSERT_EQ(draft.status, 0) << draft.out;
  auto pages = run_command("pdfinfo " + out("d.pdf"));
  int n = std::stoi(std::regex_replace(pages.out, std::regex("(?:.|\\n)*Pages:\\s+(\\d+)(?:.|\\n)*"), "$1"));
  auto text = run_command("pdftotext " + out("d.pdf") + " -");
  size_t marks = 0;
  for (size_t p = 0; (p = text.out.find("草稿", p)) != std::string::npos; p += 3) ++marks;
  EXPECT_GE(int(marks), n);  // on every page
}

TEST_F(Print, CertificatesOnePagePerAwardee) {
  std::string pdf = out("cert.pdf");
  auto r = run_command(liangfen() + " print certificates --contest " + settled_ + " --round final --group secondary --out " + pdf);
  ASSERT_EQ(r.status, 0) << r.out;
  auto winners = secondary_awards();
  auto info = run_command("pdfinfo " + pdf);
  EXPECT_NE(info.out.find("Pages:           " + std::to_string(winners.size())), std::string::npos) << info.out;
  for (size_t i = 0; i < winners.size(); ++i) {
    auto page = run_command("pdftotext -f " + std::to_string(i + 1) + " -l " + std::to_string(i + 1) + " " + pdf + " -");
    EXPECT_NE(page.out.find(winners[i].first), std::string::npos) << i;
    EXPECT_NE(page.out.find(contest_.rounds[1].awards[size_t(winners[i].second)].name), std::string::npos);
    EXPECT_NE(page.out.find("2026年8月15日"), std::string::npos);
  }
}

TEST_F(Print, ResultsXlsxHoldsRealNumbers) {
  std::string xlsx = out("results.xlsx");
  auto r = run_command(liangfen() + " print results --contest " + settled_ + " --round prelim --format xlsx --out " + xlsx);
  ASSERT_EQ(r.status, 0) << r.out;
  auto sheet = run_command("unzip -p " + xlsx + " xl/worksheets/sheet1.xml");
  ASSERT_EQ(sheet.status, 0);
  // Every total of the prelim appears as a numeric cell (no t="s"). libxlsxwriter writes a
  // double with 16 significant digits (94.45999999999999 for 94.46); Excel keeps 15, so the
  // cell holds 94.46 exactly as far as Excel is concerned: compare to the hundredth.
  std::vector<double> cells;
  std::regex numeric("<c r=\"[A-Z]+[0-9]+\" s=\"[0-9]+\"><v>([0-9.]+)</v></c>");
  for (std::sregex_iterator it(sheet.out.begin(), sheet.out.end(), numeric), end; it != end; ++it)
    cells.push_back(std::stod((*it)[1]));
  int numbers = 0;
  for (const Standing& st : result_.rounds[0].groups[0].standings) {
    if (!st.rank) continue;
    double want = double(st.total) / 100;
    EXPECT_TRUE(std::any_of(cells.begin(), cells.end(), [&](double v) { return std::abs(v - want) < 1e-9; }))
        << format_fixed(st.total, 2);
    ++numbers;
  }
  EXPECT_GT(numbers, 10);
  auto strings = run_command("unzip -p " + xlsx + " xl/sharedStrings.xml");
  EXPECT_NE(strings.out.find("德育故事演讲"), std::string::npos);
}

TEST_F(Print, CsvStartsWithABomAndRoundTrips) {
  std::string csv = out("results.csv");
  auto r = run_command(liangfen() + " print results --contest " + settled_ + " --round final --group primary --format csv --out " + csv);
  ASSERT_EQ(r.status, 0) << r.out;
  std::string text = test::read_text(csv);
  ASSERT_GE(text.size(), 3u);
  EXPECT_EQ(text.substr(0, 3), "\xEF\xBB\xBF");
  // Back into lines and fields: the header, then one line per contestant with the same total.
  auto lines = csv_lines(text);
  size_t header = 0;
  while (header < lines.size() && (lines[header].empty() || lines[header][0] != "名次")) ++header;
  ASSERT_LT(header, lines.size());
  const GroupStandings& gs = result_.rounds[1].groups[0];
  for (size_t i = 0; i < gs.standings.size(); ++i) {
    const auto& row = lines[header + 1 + i];
    const Standing& st = gs.standings[i];
    EXPECT_EQ(row[1], contest_.contestants[size_t(st.contestant)].name);
    size_t total_col = std::find(lines[header].begin(), lines[header].end(), "总分") - lines[header].begin();
    // A teacher still unfinished has no total yet: "—", not the sum of the sections so far.
    EXPECT_EQ(row[total_col], st.ranked_eligible() ? format_fixed(st.total, 2) : "—") << row[1];
  }
}

// 超时扣分 names each section that ran over with its own seconds and points, read from the
// contest file's timings here (truncated to whole seconds, the tiers of overtime_penalty:
// 30 s → 1, 60 s → 2): C001 (邱娟) ran 359.4 s in 德育故事演讲 (limit 300) and 541.9 s in
// 主题班会设计 (limit 480). The old sheet said 超时(秒) 120, one overrun that never happened.
TEST_F(Print, TheResultsSayHowLongEachSectionRanOverAndWhatItCost) {
  std::string csv = out("results.csv");
  auto r = run_command(liangfen() + " print results --contest " + settled_ + " --round prelim --group primary --format csv --out " + csv);
  ASSERT_EQ(r.status, 0) << r.out;
  auto lines = csv_lines(test::read_text(csv));
  size_t header = 0;
  while (header < lines.size() && (lines[header].empty() || lines[header][0] != "名次")) ++header;
  ASSERT_LT(header, lines.size());
  const auto& h = lines[header];
  size_t words = std::find(h.begin(), h.end(), "超时扣分") - h.begin();
  size_t sum = std::find(h.begin(), h.end(), "扣分") - h.begin();
  ASSERT_LT(words, h.size());
  ASSERT_LT(sum, h.size());
  EXPECT_EQ(std::find(h.begin(), h.end(), "超时(秒)"), h.end());
  bool found = false;
  for (size_t i = header + 1; i < lines.size(); ++i)
    if (lines[i].size() > sum && lines[i][1] == "邱娟") {
      found = true;
      EXPECT_EQ(lines[i][words], "德育故事演讲 超时 59 秒 扣 1.00；主题班会设计 超时 61 秒 扣 2.00");
      EXPECT_EQ(lines[i][sum], "3.00");
    }
  EXPECT_TRUE(found);
}

TEST_F(Print, CsvFormulaLikeNamesAreWrittenAsTextAndReadBackIdentical) {
  // Names a careless or hostile secretary might type; each must reach Excel as text.
  const std::vector<std::string> names = {"=HYPERLINK(\"http://x\",\"点我\")", "+1+2", "-2+3", "@SUM(A1:A9)",
                                          "=1+1,\"x\""};
  Json doc = parse_json(test::read_text(settled_)).value();
  std::vector<std::string> ids;
  for (Json& ct : doc["contestants"])
    if (ct["group"] == "primary" && ids.size() < names.size()) {
      ct["name"] = names[ids.size()];
      ids.push_back(ct["id"]);
    }
  std::ofstream(settled_, std::ios::trunc) << doc.dump(2);
  std::string csv = out("results.csv");
  auto r = run_command(liangfen() + " print results --contest " + settled_ + " --round prelim --group primary --format csv --out " + csv);
  ASSERT_EQ(r.status, 0) << r.out;
  std::string text = test::read_text(csv);
  // On the raw line: quoted, the single quote first, so no cell starts with = + - @.
  EXPECT_NE(text.find("\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\""), std::string::npos) << text;
  EXPECT_NE(text.find(",\"'+1+2\","), std::string::npos);
  EXPECT_EQ(text.find(",=HYPERLINK"), std::string::npos);
  EXPECT_EQ(text.find(",+1+2"), std::string::npos);
  // Read back: the documented prefix dropped, every name identical; numbers stay numbers.
  std::set<std::string> read_back;
  size_t numbers = 0;
  for (const auto& line : csv_lines(text))
    for (const std::string& f : line) {
      bool unquote = f.size() > 1 && f[0] == '\'' && std::string("=+-@\t\r").find(f[1]) != std::string::npos;
      read_back.insert(unquote ? f.substr(1) : f);
      if (!f.empty() && f[0] == '\'') {
        EXPECT_TRUE(unquote) << f;
      }
      if (std::regex_match(f, std::regex("-?[0-9]+\\.[0-9]+"))) ++numbers;
    }
  for (const auto& n : names) EXPECT_TRUE(read_back.count(n)) << n;
  EXPECT_GT(numbers, 10u);
}

// The embedded fonts of a PDF (pdffonts), without the subset prefix ("ABCDEF+HanaMinB").
std::vector<std::string> embedded_fonts(const std::string& pdf) {
  std::vector<std::string> names;
  std::istringstream lines(run_command("pdffonts " + pdf).out);
  std::string line;
  for (int n = 0; std::getline(lines, line); ++n) {
    if (n < 2 || line.empty()) continue;
    std::string name = line.substr(0, line.find(' '));
    if (size_t plus = name.find('+'); plus != std::string::npos) name = name.substr(plus + 1);
    EXPECT_NE(line.find(" yes "), std::string::npos) << "not embedded: " << line;
    names.push_back(name);
  }
  return names;
}

// The PostScript names of the installed fonts that have this character (fontconfig).
std::set<std::string> fonts_covering(uint32_t cp) {
  char query[64];
  std::snprintf(query, sizeof query, "fc-list ':charset=%x' postscriptname", unsigned(cp));
  std::set<std::string> names;
  std::istringstream lines(run_command(query).out);
  for (std::string line; std::getline(lines, line);)
    if (size_t eq = line.find("postscriptname="); eq != std::string::npos) names.insert(line.substr(eq + 15));
  return names;
}

// A teacher named with three CJK Extension B characters (𠀀 U+20000, 𠀁 U+20001, 𪚥 U+2A6A5):
// the certificate and the results embed a font that has them, and the text layer keeps them.
TEST_F(Print, ExtensionBNamesAreDrawnWithAFontThatHasThem) {
  const std::string rare = "𠀀𠀁𪚥芳";
  Json doc = parse_json(test::read_text(settled_)).value();
  for (Json& ct : doc["contestants"])
    if (ct["id"] == "C038") ct["name"] = rare;  // second prize in the secondary final
  std::ofstream(settled_, std::ios::trunc) << doc.dump(2);
  for (uint32_t cp : {0x20000u, 0x20001u, 0x2A6A5u})
    ASSERT_FALSE(fonts_covering(cp).empty()) << std::hex << cp << ": no font installed (fonts-hanazono)";

  std::string cert = out("certs.pdf");
  auto r = run_command(liangfen() + " print certificates --contest " + settled_ + " --round final --group secondary --out " + cert);
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out.find("注意"), std::string::npos) << r.out;  // nothing printed as a box
  EXPECT_NE(run_command("pdftotext " + cert + " -").out.find(rare), std::string::npos);
  auto fonts = embedded_fonts(cert);
  for (uint32_t cp : {0x20000u, 0x20001u, 0x2A6A5u}) {
    auto covering = fonts_covering(cp);
    bool found = false;
    for (const auto& f : fonts) found = found || covering.count(f);
    EXPECT_TRUE(found) << "U+" << std::hex << cp << " is in none of the embedded fonts";
  }
  // Look at it: the page with the rare name, as a PNG beside the test's output.
  for (int page = 1; page < 20; ++page)
    if (run_command("pdftotext -f " + std::to_string(page) + " -l " + std::to_string(page) + " " + cert + " -").out.find(rare) !=
        std::string::npos) {
      run_command("pdftoppm -png -r 60 -f " + std::to_string(page) + " -l " + std::to_string(page) + " -singlefile " + cert + " " +
          std::string(LF_BIN_DIR) + "/../extb-certificate");
      break;
    }

  std::string results = out("results.pdf");
  r = run_command(liangfen() + " print results --contest " + settled_ + " --round final --group secondary --out " + results);
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(run_command("pdftotext " + results + " -").out.find(rare), std::string::npos);
  // The name is bold in the results: cairo embeds the synthetic bold of HanaMin under a
  // generated name (CairoFont-N-M), so here only "more than the Noto fonts" can be checked.
  fonts = embedded_fonts(results);
  size_t other = 0;
  for (const auto& f : fonts) other += f.find("NotoSansCJK") == std::string::npos;
  EXPECT_GE(other, 1u) << run_command("pdffonts " + results).out;
  run_command("pdftoppm -png -r 60 -f 1 -l 1 -singlefile " + results + " " + std::string(LF_BIN_DIR) + "/../extb-results");
}

// A character no installed font has (CJK Extension G, U+30000, newer than fonts-hanazono):
// the award list and the certificates are refused naming the person and the character; a
// draft prints, the character as a box with its code in it, and says so.
TEST_F(Print, AwardsNamingACharacterNoFontHasAreRefusedUnlessDraft) {
  if (!fonts_covering(0x30000).empty()) GTEST_SKIP() << "a font for U+30000 is installed here";
  Json doc = parse_json(test::read_text(settled_)).value();
  for (Json& ct : doc["contestants"])
    if (ct["id"] == "C038") ct["name"] = "王\U00030000";
  std::ofstream(settled_, std::ios::trunc) << doc.dump(2);
  for (const char* kind : {"awards", "certificates"}) {
    auto r = run_command(liangfen() + " print " + kind + " --contest " + settled_ + " --round final --group secondary --out " +
                 out("x.pdf"));
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_NE(r.out.find("王\U00030000"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("U+30000"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(out("x.pdf")));
    r = run_command(liangfen() + " print " + kind + " --contest " + settled_ + " --round final --group secondary --draft --out " +
            out("d.pdf"));
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("注意：王\U00030000"), std::string::npos) << r.out;
  }
}

TEST_F(Print, ScoreSheetsOnePerJudgeWithTheRunningOrder) {
  std::string pdf = out("sheets.pdf");
  auto r = run_command(liangfen() + " print score-sheets --contest " + settled_ + " --round final --group secondary --out " + pdf);
  ASSERT_EQ(r.status, 0) << r.out;
  auto text = run_command("pdftotext " + pdf + " -");
  for (const Venue& v : contest_.venues) {
    if (v.key[0] != 'S') continue;  // the secondary final's venues
    for (int j : v.judges) EXPECT_NE(text.out.find(contest_.judges[size_t(j)].name), std::string::npos);
  }
  EXPECT_NE(text.out.find("评委签名"), std::string::npos);
  // No draw in this file: the sheet says its order is not the running order.
  EXPECT_NE(text.out.find("按报名顺序排列，序号不是出场顺序"), std::string::npos) << text.out;
  for (const char* key : {"赛场 S1", "(J0", "（J0"}) EXPECT_EQ(text.out.find(key), std::string::npos) << key;
}

TEST_F(Print, BadSelectionsAreRefusedWithTheReason) {
  auto r = run_command(liangfen() + " print results --contest " + settled_ + " --round semifinal --out " + out("x.pdf"));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("不能打印成绩汇总表：本次比赛没有“semifinal”这一轮（可填：小学组预赛、全县决赛）\n"),
            std::string::npos) << r.out;
  // A round without awards has no award list: said in one line, with the rounds that do.
  r = run_command(liangfen() + " print awards --contest " + settled_ + " --round prelim --out " + out("a.pdf"));
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "不能打印获奖名单：所选轮次不设奖项，没有获奖名单（设奖项的轮次：全县决赛）\n");
  EXPECT_EQ(run_command(liangfen() + " print certificates --contest " + settled_ + " --format csv").status, 1);
  EXPECT_EQ(run_command(liangfen() + " print nonsense --contest " + settled_).status, 1);
  // A wrong command line says what was wrong before the usage.
  r = run_command(liangfen() + " print results --contest " + settled_ + " --bogus");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out.rfind("不认识的选项：--bogus\n", 0), 0u) << r.out;
  r = run_command(liangfen() + " print results");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out.rfind("请用 --contest（比赛文件）或 --db（比赛数据库）指明比赛", 0), 0u) << r.out;
  r = run_command(liangfen() + " print nonsense --contest " + settled_);
  EXPECT_EQ(r.out.rfind("没有“nonsense”这种文件（可打印：awards 获奖名单", 0), 0u) << r.out;
}

}  // namespace
}  // namespace lf

namespace lf {
namespace {

// Contest day: the server holds the database, and the organizer prints from it meanwhile, as
// the README says. The read sees what the server committed (the same sheet as from the file);
// a second writer is still refused while the server runs, and printing works after it stops.
TEST_F(Print, PrintsFromTheDatabaseWhileTheServerRuns) {
  std::string db = out("day.db");
  auto made = run_command(liangfen() + " credentials --db " + db + " --import " + settled_ + " --text");
  ASSERT_EQ(made.status, 0) << made.out;
  test::ChildServer server({"--db", db});
  ASSERT_TRUE(server.start());
  std::string from_db = out("from-db.csv"), from_file = out("from-file.csv");
  auto printed = run_command(liangfen() + " print results --db " + db + " --format csv --out " + from_db);
  ASSERT_EQ(printed.status, 0) << printed.out;
  EXPECT_EQ(printed.out.find("正由另一个"), std::string::npos) << printed.out;
  ASSERT_EQ(run_command(liangfen() + " print results --contest " + settled_ + " --format csv --out " + from_file).status, 0);
  std::string sheet = test::read_text(from_db);
  EXPECT_EQ(sheet, test::read_text(from_file));
  EXPECT_NE(sheet.find(secondary_awards().front().first), std::string::npos);  // a real sheet, not empty
  auto pdf = run_command(liangfen() + " print awards --db " + db + " --round 全县决赛 --group 中学组 --out " + out("a.pdf"));
  EXPECT_EQ(pdf.status, 0) << pdf.out;
  auto exported = run_command(liangfen() + " export --db " + db + " --out " + out("export.contest.json"));
  EXPECT_EQ(exported.status, 0) << exported.out;
  // Readers do not make room for a second writer.
  auto writer = run_command(liangfen() + " credentials --db " + db);
  EXPECT_EQ(writer.status, 2);
  EXPECT_NE(writer.out.find("数据库正由另一个 liangfen-server 使用"), std::string::npos) << writer.out;
  EXPECT_EQ(server.terminate(), 0);
  auto after = run_command(liangfen() + " print results --db " + db + " --format csv --out " + out("after.csv"));
  EXPECT_EQ(after.status, 0) << after.out;
  EXPECT_EQ(test::read_text(out("after.csv")), sheet);
  auto missing = run_command(liangfen() + " print results --db " + out("nothing.db"));
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.out.find("无法打开数据库"), std::string::npos) << missing.out;
  EXPECT_FALSE(fs::exists(out("nothing.db")));  // a reader creates nothing
}

}  // namespace
}  // namespace lf

namespace lf {
namespace {

std::string without_spaces(const std::string& s) {
  std::string out;
  for (char ch : s)
    if (!std::isspace(static_cast<unsigned char>(ch))) out += ch;
  return out;
}

// The text of slip `k` (0–7, two across, four down) on `page`, whitespace removed: pdftotext
// cropped to the slip's rectangle (write_credential_slips_pdf's layout, in points).
std::string slip_text(const std::string& pdf, int page, int k) {
  const double mm = 72.0 / 25.4, margin = 10 * mm, w = 95 * mm, h = (297 - 20 - 6) / 4.0 * mm, top = 16 * mm;
  double x = margin + (k % 2) * w, y = top + (k / 2) * h;
  char cmd[1024];
  std::snprintf(cmd, sizeof cmd, "pdftotext -r 72 -f %d -l %d -x %d -y %d -W %d -H %d %s -", page, page, int(x) + 2,
                int(y) + 2, int(w) - 4, int(h) - 4, pdf.c_str());
  return without_spaces(run_command(cmd).out);
}

// A key or id from the files anywhere in `text`, as a whole word ("PRE", "head_judge", "J01").
std::vector<std::string> ascii_keys_in(const std::string& text) {
  std::vector<std::string> found;
  std::regex key("(^|[^A-Za-z0-9_])(PRE|P[1-3]|S[1-3]|J[0-9]{2}|head_judge|head|timekeeper|timer|organizer|display|steward|"
                 "judge|primary|secondary|final|prelim|main|lobby|prep)(?=[^A-Za-z0-9_]|$)");
  for (std::sregex_iterator it(text.begin(), text.end(), key), end; it != end; ++it) found.push_back((*it)[2]);
  return found;
}

// What the QR codes on `pdf`'s pages hold, as a phone's camera would read them: each page
// rendered at 150 dpi (pdftoppm) and decoded by zbarimg (zbar-tools), one line per code.
std::multiset<std::string> qr_codes_on(const std::string& pdf, int pages, const std::string& png_prefix) {
  std::multiset<std::string> found;
  for (int p = 1; p <= pages; ++p) {
    std::string png = png_prefix + std::to_string(p);
    run_command("pdftoppm -png -r 150 -f " + std::to_string(p) + " -l " + std::to_string(p) + " -singlefile " + pdf + " " + png);
    std::istringstream lines(run_command("zbarimg --raw -q --nodbus -Sdisable -Sqrcode.enable " + png + ".png").out);
    for (std::string line; std::getline(lines, line);)
      if (!line.empty()) found.insert(line);
  }
  return found;
}

// Every person gets a slip with their name, role, venue and round in Chinese and a code that
// logs in as that very person; no key from the files is printed; eight slips to a page. Every
// console user's slip carries a QR code of their join link (the display's does not), and a
// reader decodes exactly those links from the printed page.
TEST_F(Print, CredentialSlipsOnePerPersonWithNameRoleVenueAndAWorkingCode) {
  std::string db = out("day.db"), pdf = out("slips.pdf");
  auto r = run_command(liangfen() + " print credentials --db " + db + " --contest " + settled_ +
               " --join-url https://192.168.1.10:8080 --out " + pdf);
  ASSERT_EQ(r.status, 0) << r.out;
  std::set<int> judges;
  for (const Venue& v : contest_.venues) judges.insert(v.judges.begin(), v.judges.end());
  const size_t people = 1 + 2 * contest_.venues.size() + judges.size() + 3 + 1;  // + displays, stewards
  EXPECT_NE(r.out.find("已为 " + std::to_string(people) + " 人生成新登录码"), std::string::npos) << r.out;
  auto info = run_command("pdfinfo " + pdf);
  EXPECT_NE(info.out.find("Pages:           " + std::to_string((people + 7) / 8)), std::string::npos) << info.out;
  std::string all = run_command("pdftotext " + pdf + " -").out;
  EXPECT_EQ(ascii_keys_in(all), std::vector<std::string>{}) << all;
  EXPECT_NE(all.find("剪切线"), std::string::npos);

  test::ChildServer server({"--db", db});
  ASSERT_TRUE(server.start());
  auto addr = parse_server_address("http://127.0.0.1:" + std::to_string(server.port()));
  ASSERT_TRUE(addr.ok());
  const std::map<std::string, std::string> role_names = {{"judge", "评委"},     {"head_judge", "裁判长"},
                                                         {"timekeeper", "计时员"}, {"organizer", "组委会"},
                                                         {"display", "大屏"},    {"steward", "备赛室"}};
  std::set<std::string> persons;
  std::set<std::string> console_users;  // everyone whose slip has a QR code
  // The QR code's label may sit on the code label's line (the organizer's slip is a line
  // longer: the restore passphrase).
  std::regex code_re("登录码(?:扫码登录)?([0-9]{10})");
  for (size_t k = 0; k < people; ++k) {
    std::string slip = slip_text(pdf, int(k / 8) + 1, int(k % 8));
    std::smatch m;
    ASSERT_TRUE(std::regex_search(slip, m, code_re)) << k << ": " << slip;
    ApiClient api(addr.value());
    ApiAnswer login = api.login(m[1]);
    ASSERT_TRUE(login.ok()) << k << ": " << slip << " " << login.body.dump();
    std::string person = login.body.value("person", ""), role = login.body.value("role", "");
    persons.insert(person);
    ASSERT_TRUE(role_names.count(role)) << role;
    EXPECT_NE(slip.find("身份：" + role_names.at(role)), std::string::npos) << slip;
    EXPECT_NE(slip.find("服务器地址：https://192.168.1.10:8080"), std::string::npos) << slip;
    EXPECT_NE(slip.find("证书指纹"), std::string::npos) << slip;
    if (role == "display") {
      EXPECT_EQ(slip.find("扫码"), std::string::npos) << slip;  // the display's program, not a browser
    } else {
      EXPECT_NE(slip.find("扫码登录"), std::string::npos) << slip;
      console_users.insert(person);
    }
    std::vector<int> venues;  // the slip must name each venue of the person, and its round
    if (role == "judge") {
      int j = find_judge(contest_, person);
      ASSERT_GE(j, 0) << person;
      EXPECT_NE(slip.find(without_spaces(contest_.judges[size_t(j)].name)), std::string::npos) << slip;
      for (size_t v = 0; v < contest_.venues.size(); ++v)
        if (std::count(contest_.venues[v].judges.begin(), contest_.venues[v].judges.end(), j)) venues.push_back(int(v));
      EXPECT_FALSE(venues.empty());
    } else if (role == "head_judge" || role == "timekeeper") {
      int v = find_venue(contest_, person.substr(person.find(':') + 1));
      ASSERT_GE(v, 0) << person;
      venues.push_back(v);
    }
    for (int v : venues) {
      EXPECT_NE(slip.find("赛场："), std::string::npos) << slip;
      EXPECT_NE(slip.find(without_spaces(venue_name(contest_, v))), std::string::npos) << slip;
      EXPECT_NE(slip.find(without_spaces(contest_.rounds[size_t(contest_.venues[size_t(v)].round)].name)),
                std::string::npos)
          << slip;
    }
    if (person == "display:main") EXPECT_NE(slip.find("主会场大屏"), std::string::npos) << slip;
  }
  EXPECT_EQ(persons.size(), people);  // every person once: no slip twice, nobody left out
  EXPECT_EQ(console_users.size(), people - 3);  // all but the three displays (main, lobby, prep)
  // Each QR code holds a one-time ticket (never the code) that logs its own person in.
  std::set<std::string> scanned;
  for (const std::string& link : qr_codes_on(pdf, int((people + 7) / 8), out("page"))) {
    std::smatch t;
    ASSERT_TRUE(std::regex_match(link, t, std::regex("https://192\\.168\\.1\\.10:8080/#t=([0-9]{24})"))) << link;
    ApiAnswer scan = ApiClient(addr.value()).login(t[1]);
    ASSERT_TRUE(scan.ok()) << link << " " << scan.body.dump();
    scanned.insert(scan.body.value("person", ""));
  }
  EXPECT_EQ(scanned, console_users);
  EXPECT_EQ(server.terminate(), 0);
  // Beside the test's output, to look at.
  run_command("pdftoppm -png -r 80 -f 1 -l 1 -singlefile " + pdf + " " + std::string(LF_BIN_DIR) + "/../credential-slips");

  // `liangfen credentials` prints the same slips by default; --text keeps the terminal list.
  auto again = run_command(liangfen() + " credentials --db " + db + " --out " + out("again.pdf"));
  ASSERT_EQ(again.status, 0) << again.out;
  EXPECT_NE(run_command("pdftotext " + out("again.pdf") + " -").out.find("身份：裁判长"), std::string::npos);
  EXPECT_NE(again.out.find("服务器证书指纹"), std::string::npos) << again.out;
  auto no_db = run_command(liangfen() + " print credentials --contest " + settled_);
  EXPECT_EQ(no_db.status, 1);
  EXPECT_NE(no_db.out.find("须用 --db 指明数据库"), std::string::npos) << no_db.out;
}

// Without --join-url the slips carry this machine's LAN address on port 8080 (what a server
// started with --listen 0.0.0.0:8080 answers on); a wrong --join-url is refused before any
// code is made, so nobody's code is voided by a typo.
TEST_F(Print, CredentialSlipsJoinThisMachineByDefaultAndAWrongJoinUrlVoidsNoCode) {
  std::string db = out("day.db"), pdf = out("slips.pdf");
  auto wrong = run_command(liangfen() + " print credentials --db " + db + " --contest " + settled_ + " --join-url https://laptop:80x80 --out " + pdf);
  EXPECT_EQ(wrong.status, 1) << wrong.out;
  EXPECT_NE(wrong.out.find("--join-url"), std::string::npos) << wrong.out;
  EXPECT_FALSE(fs::exists(db)) << "refused before the database was made";
  EXPECT_FALSE(fs::exists(pdf));

  auto ip = first_lan_ipv4();
  if (!ip) GTEST_SKIP() << "this machine has no LAN address";
  auto r = run_command(liangfen() + " print credentials --db " + db + " --contest " + settled_ + " --out " + pdf);
  ASSERT_EQ(r.status, 0) << r.out;
  std::string base = "https://" + *ip + ":8080";
  EXPECT_NE(slip_text(pdf, 1, 0).find("服务器地址：" + base), std::string::npos) << slip_text(pdf, 1, 0);
  auto links = qr_codes_on(pdf, 1, out("page"));
  ASSERT_EQ(links.size(), 8u);  // the first page: the organizer, head judges, timekeepers
  for (const std::string& link : links) EXPECT_TRUE(std::regex_match(link, std::regex(base + "/#t=[0-9]{24}"))) << link;
}

// The shared example as it stands (an open tie, unfinished teachers): the refusal ends with
// one hint for a draft; the draft says why for each group not final, lists the open tie's
// people under 并列待裁决, and has no signature lines where the group is not final.
TEST_F(Print, DraftAwardListSaysWhyAndListsTheOpenTie) {
  std::string sample = test::source_path(test::kSampleContest);
  auto refused = run_command(liangfen() + " print awards --contest " + sample + " --round 全县决赛 --out " + out("a.pdf"));
  EXPECT_EQ(refused.status, 2);
  std::string hint = "先看草稿可加 --draft（每页印有“草稿”）\n";
  ASSERT_GE(refused.out.size(), hint.size());
  EXPECT_EQ(refused.out.substr(refused.out.size() - hint.size()), hint) << refused.out;
  EXPECT_EQ(refused.out.find(hint), refused.out.size() - hint.size()) << "said once";
  EXPECT_EQ(ascii_keys_in(refused.out), std::vector<std::string>{}) << refused.out;

  auto draft = run_command(liangfen() + " print awards --contest " + sample + " --round 全县决赛 --draft --out " + out("d.pdf"));
  ASSERT_EQ(draft.status, 0) << draft.out;
  auto file = load_contest_file(sample);
  ASSERT_TRUE(file.ok());
  ContestResult result = compute_results(file->contest);
  int pages = std::stoi(std::regex_replace(run_command("pdfinfo " + out("d.pdf")).out,
                                           std::regex("(?:.|\\n)*Pages:\\s+(\\d+)(?:.|\\n)*"), "$1"));
  std::string text;
  for (int p = 1; p <= pages; ++p) {
    std::string page =
        run_command("pdftotext -layout -f " + std::to_string(p) + " -l " + std::to_string(p) + " " + out("d.pdf") + " -").out;
    bool not_final = page.find("并列待裁决") != std::string::npos || page.find("成绩未完成") != std::string::npos;
    if (not_final) EXPECT_EQ(page.find("签字"), std::string::npos) << "page " << p << ": " << page;
    text += page;
  }
  EXPECT_EQ(ascii_keys_in(text), std::vector<std::string>{}) << text;
  size_t tied = 0;
  for (const RoundStandings& rs : result.rounds)
    for (const GroupStandings& gs : rs.groups) {
      if (file->contest.rounds[size_t(rs.round)].awards.empty()) continue;
      for (const Unresolved& u : gs.unresolved)
        for (int x : u.contestants) {
          // In the 并列待裁决 table (after its caption), not silently left out.
          size_t table = text.find("并列待裁决（");
          ASSERT_NE(table, std::string::npos) << text;
          EXPECT_NE(text.find(file->contest.contestants[size_t(x)].name, table), std::string::npos);
          ++tied;
        }
      size_t open = 0;
      for (const Standing& st : gs.standings) open += (st.flags & (kIncomplete | kUntimed)) && !(st.flags & kWithdrawn);
      if (open)
        EXPECT_NE(text.find("仍有 " + std::to_string(open) + " 名选手成绩未完成"), std::string::npos) << text;
    }
  EXPECT_GT(tied, 0u);  // the example has an open tie to show
  EXPECT_NE(text.find("裁判长记录裁决后才能定奖"), std::string::npos) << text;
}

// Before the final: the draft award list says the round has not started (no empty award
// tables, no signature lines), and the results sheet shows "—" for every unscored teacher in
// the PDF, the CSV and the XLSX — never 0.00, never a number.
TEST_F(Print, BeforeTheFinalDraftsSayItHasNotStartedAndUnscoredIsADash) {
  Json doc = parse_json(test::read_text(settled_)).value();
  for (const char* list : {"marks", "timings"}) {
    Json kept = Json::array();
    for (const Json& m : doc[list])
      if (m["round"] != "final") kept.push_back(m);
    doc[list] = kept;
  }
  doc["decisions"] = Json::array();
  std::ofstream(settled_, std::ios::trunc) << doc.dump(2);
  auto r = run_command(liangfen() + " print awards --contest " + settled_ + " --round 全县决赛 --draft --out " + out("d.pdf"));
  ASSERT_EQ(r.status, 0) << r.out;
  std::string text = run_command("pdftotext " + out("d.pdf") + " -").out;
  EXPECT_NE(text.find("全县决赛尚未开始"), std::string::npos) << text;
  EXPECT_EQ(text.find("签字"), std::string::npos) << text;
  EXPECT_EQ(text.find("一等奖（"), std::string::npos) << text;

  r = run_command(liangfen() + " print results --contest " + settled_ + " --round 全县决赛 --out " + out("r.pdf"));
  ASSERT_EQ(r.status, 0) << r.out;
  text = run_command("pdftotext " + out("r.pdf") + " -").out;
  EXPECT_EQ(text.find("0.00"), std::string::npos) << text;
  EXPECT_NE(text.find("全县决赛尚未开始"), std::string::npos) << text;
  r = run_command(liangfen() + " print results --contest " + settled_ + " --round 全县决赛 --format csv --out " + out("r.csv"));
  ASSERT_EQ(r.status, 0) << r.out;
  auto lines = csv_lines(test::read_text(out("r.csv")));
  size_t rows = 0;
  std::vector<std::string> header;
  for (const auto& line : lines) {
    if (!line.empty() && line[0] == "名次") header = line;
    else if (!header.empty() && line.size() == header.size()) {
      size_t total = std::find(header.begin(), header.end(), "总分") - header.begin();
      EXPECT_EQ(line[total], "—") << line[1];
      EXPECT_EQ(line[0], "—") << line[1];
      EXPECT_EQ(line[3], "—") << line[1];  // the first section's score
      ++rows;
    }
  }
  EXPECT_GT(rows, 10u);
  r = run_command(liangfen() + " print results --contest " + settled_ + " --round 全县决赛 --group 中学组 --format xlsx --out " +
          out("r.xlsx"));
  ASSERT_EQ(r.status, 0) << r.out;
  std::string sheet = run_command("unzip -p " + out("r.xlsx") + " xl/worksheets/sheet1.xml").out;
  std::regex numeric("<c r=\"[A-Z]+[0-9]+\" s=\"[0-9]+\"><v>[0-9.]+</v></c>");
  EXPECT_FALSE(std::regex_search(sheet, numeric)) << sheet;  // not a 0 anywhere
  EXPECT_NE(run_command("unzip -p " + out("r.xlsx") + " xl/sharedStrings.xml").out.find("<t>—</t>"), std::string::npos);
}

// One teacher with a judge's mark missing: that section and the total read "—" and 缺评分,
// every other teacher keeps their numbers.
TEST_F(Print, AnUnfinishedTeacherShowsADashNotAPartialTotal) {
  Json doc = parse_json(test::read_text(settled_)).value();
  const GroupStandings& gs = result_.rounds[1].groups[0];  // the primary final
  const Contestant& who = contest_.contestants[size_t(gs.standings.front().contestant)];
  for (size_t i = 0; i < doc["marks"].size(); ++i)
    if (doc["marks"][i]["round"] == "final" && doc["marks"][i]["contestant"] == who.id) {
      doc["marks"].erase(i);
      break;
    }
  std::ofstream(settled_, std::ios::trunc) << doc.dump(2);
  auto r = run_command(liangfen() + " print results --contest " + settled_ + " --round 全县决赛 --group 小学组 --format csv --out " +
               out("r.csv"));
  ASSERT_EQ(r.status, 0) << r.out;
  auto lines = csv_lines(test::read_text(out("r.csv")));
  std::vector<std::string> header;
  int dashes = 0, numbers = 0;
  for (const auto& line : lines) {
    if (!line.empty() && line[0] == "名次") header = line;
    else if (!header.empty() && line.size() == header.size()) {
      size_t total = std::find(header.begin(), header.end(), "总分") - header.begin();
      if (line[1] == who.name) {
        EXPECT_EQ(line[total], "—");
        EXPECT_EQ(line.back(), "缺评分");
        dashes += std::count(line.begin(), line.end(), "—");
      } else if (std::regex_match(line[total], std::regex("[0-9]+\\.[0-9]{2}"))) {
        ++numbers;
      }
    }
  }
  EXPECT_EQ(dashes, 3);  // rank, the section with the missing mark, the total
  EXPECT_GT(numbers, 5);
  r = run_command(liangfen() + " print results --contest " + settled_ + " --round 全县决赛 --group 小学组 --out " + out("r.pdf"));
  ASSERT_EQ(r.status, 0) << r.out;
  std::string pdf = run_command("pdftotext " + out("r.pdf") + " -").out;
  size_t unfinished = 1;  // who, and those the example leaves unfinished already
  for (const Standing& st : gs.standings) unfinished += (st.flags & (kIncomplete | kUntimed)) && !(st.flags & kWithdrawn);
  size_t why = pdf.find("仍有 " + std::to_string(unfinished) + " 名选手成绩未完成（缺评分或计时）：");
  ASSERT_NE(why, std::string::npos) << pdf;
  EXPECT_NE(pdf.find(who.name + "(" + who.id + ")", why), std::string::npos) << pdf;  // named in that line
}

// The final's paper score sheets follow the round's draw, numbered as drawn; the XLSX keeps
// that number and the results' ranks as numbers.
TEST_F(Print, ScoreSheetsFollowTheDrawAndRanksAreNumbersInXlsx) {
  Json doc = parse_json(test::read_text(settled_)).value();
  std::vector<int> entrants = entrants_of(contest_, {result_.rounds[0]}, 1, find_group(contest_, "secondary"));
  ASSERT_GT(entrants.size(), 5u);
  std::vector<int> drawn(entrants.rbegin(), entrants.rend());  // any order but the entrant order
  std::swap(drawn[0], drawn[2]);
  Json ids = Json::array();
  for (int x : drawn) ids.push_back(contest_.contestants[size_t(x)].id);
  doc["draws"] = Json::array({{{"round", "final"}, {"group", "secondary"}, {"method", "seeded"}, {"order", ids}}});
  std::ofstream(settled_, std::ios::trunc) << doc.dump(2);
  std::string pdf = out("sheets.pdf");
  auto r = run_command(liangfen() + " print score-sheets --contest " + settled_ + " --round 全县决赛 --group 中学组 --out " + pdf);
  ASSERT_EQ(r.status, 0) << r.out;
  std::string page = run_command("pdftotext -layout -f 1 -l 1 " + pdf + " -").out;
  EXPECT_NE(page.find("按抽签的出场顺序排列"), std::string::npos) << page;
  EXPECT_NE(page.find("出场序号"), std::string::npos) << page;
  size_t at = 0;
  for (size_t k = 0; k < drawn.size(); ++k) {
    const Contestant& x = contest_.contestants[size_t(drawn[k])];
    std::smatch m;
    std::string rest = page.substr(at);
    ASSERT_TRUE(std::regex_search(rest, m, std::regex("\\n\\s*([0-9]+)\\s+" + x.name))) << x.name << " out of order";
    EXPECT_EQ(m[1], std::to_string(k + 1)) << x.name;
    at += size_t(m.position(0) + m.length(0));
  }

  std::string xlsx = out("results.xlsx");
  r = run_command(liangfen() + " print results --contest " + settled_ + " --round prelim --format xlsx --out " + xlsx);
  ASSERT_EQ(r.status, 0) << r.out;
  std::string sheet = run_command("unzip -p " + xlsx + " xl/worksheets/sheet1.xml").out;
  std::set<int> ranks;
  std::regex rank_cell("<c r=\"A[0-9]+\" s=\"[0-9]+\"><v>([0-9]+)</v></c>");
  for (std::sregex_iterator it(sheet.begin(), sheet.end(), rank_cell), end; it != end; ++it) ranks.insert(std::stoi((*it)[1]));
  for (const Standing& st : result_.rounds[0].groups[0].standings)
    if (st.rank) EXPECT_TRUE(ranks.count(*st.rank)) << *st.rank;
  EXPECT_GT(ranks.size(), 10u);
  EXPECT_EQ(run_command("unzip -p " + xlsx + " xl/sharedStrings.xml").out.find("<t>1</t>"), std::string::npos);
}

// The certificate's number ({编号}) is the year, the round, the group and the place in the
// group's order; a line breaks only between phrases. The box here is 24.5 characters of
// 20 pt wide: "在测试县中小学班主任基本功大赛（中学组）中表现优异，荣获" would break inside
// 表现优异 if any two characters could part; it must break before 中表现优异.
TEST_F(Print, CertificatesCarryTheirNumberAndBreakLinesBetweenWords) {
  Json tmpl = parse_json(test::read_text(test::source_path("assets/templates/certificate.json"))).value();
  for (Json& t : tmpl["texts"])
    if (t["text"].get<std::string>().rfind("在{contest}", 0) == 0) t["width_mm"] = 24.5 * 20 * 25.4 / 72;
  std::string narrow = out("narrow.json");
  std::ofstream(narrow) << tmpl.dump(2);
  std::string pdf = out("cert.pdf");
  auto r = run_command(liangfen() + " print certificates --contest " + settled_ +
                       " --round final --group secondary --template " + narrow + " --out " + pdf);
  ASSERT_EQ(r.status, 0) << r.out;
  auto page = run_command("pdftotext -f 1 -l 1 " + pdf + " -").out;
  EXPECT_NE(page.find("（中学组）\n中表现优异，荣获"), std::string::npos) << page;
  EXPECT_EQ(page.find("表现优\n"), std::string::npos) << page;
  // The first secondary winner is first in the group's order: round 2, group 2, place 001.
  EXPECT_NE(page.find("证书编号：2026-2-2-001"), std::string::npos) << page;
  auto winners = secondary_awards();
  auto last = run_command("pdftotext -f " + std::to_string(winners.size()) + " -l " + std::to_string(winners.size()) +
                          " " + pdf + " -").out;
  EXPECT_NE(last.find("证书编号：2026-2-2-0"), std::string::npos) << last;
  EXPECT_EQ(last.find("证书编号：2026-2-2-001"), std::string::npos) << last;
}

// A placeholder the template does not know is refused naming it (printed, it would stand on
// every certificate as written).
TEST_F(Print, AnUnknownCertificatePlaceholderIsRefusedByName) {
  Json tmpl = parse_json(test::read_text(test::source_path("assets/templates/certificate.json"))).value();
  tmpl["texts"].push_back({{"text", "指导教师：{teacher}"}, {"x_mm", 40}, {"y_mm", 150}, {"size_pt", 14}});
  std::string bad = out("bad-template.json");
  std::ofstream(bad) << tmpl.dump(2);
  auto r = run_command(liangfen() + " print certificates --contest " + settled_ + " --round 全县决赛 --group 中学组 --template " + bad +
               " --out " + out("c.pdf"));
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("不能打印荣誉证书："), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("不认识的占位符“{teacher}”"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("{award} 奖项"), std::string::npos) << r.out;  // what it may use
  EXPECT_EQ(r.out.find("--draft"), std::string::npos) << r.out;      // a draft would not help
  EXPECT_FALSE(fs::exists(out("c.pdf")));
}

// Issue 24 §5: teachers recorded 缺赛 or 弃权 in the secondary final (instead of withdrawn from the
// contest) are named with that word on every print: the award list explains why they are not on
// it, the results sheet (PDF, CSV, XLSX) and the judges' score sheets say 缺赛 / 弃权 in their
// row, with "—" for rank and total.
TEST_F(Print, AbsentAndWithdrewTeachersAreNamedSoOnEveryPrint) {
  Json doc = parse_json(test::read_text(settled_)).value();
  for (Json& ct : doc["contestants"])
    if (ct["id"] == "C045" || ct["id"] == "C052" || ct["id"] == "C053") ct.erase("status");
  Json kept = Json::array();  // 缺赛: she never came, so nothing of hers was marked in the final
  for (const Json& m : doc["marks"])
    if (!(m["round"] == "final" && m["contestant"] == "C045")) kept.push_back(m);
  doc["marks"] = kept;
  doc["absences"] = {{{"round", "final"}, {"contestant", "C045"}, {"status", "absent"}, {"reason", "本人未到场"}},
                     {{"round", "final"}, {"contestant", "C052"}, {"status", "withdrew"}, {"reason", "身体不适"}},
                     {{"round", "final"}, {"contestant", "C053"}, {"status", "withdrew"}, {"reason", "身体不适"}}};
  std::ofstream(settled_, std::ios::trunc) << doc.dump(2);
  auto file = load_contest_document(doc);
  ASSERT_TRUE(file.ok()) << file.status().to_string();
  auto name = [&](const char* id) { return file->contest.contestants[size_t(find_contestant(file->contest, id))].name; };

  // The award list: final (the three no longer block it), each named under 缺赛、弃权.
  auto r = run_command(liangfen() + " print awards --contest " + settled_ + " --round final --group secondary --out " + out("a.pdf"));
  ASSERT_EQ(r.status, 0) << r.out;
  std::string text = run_command("pdftotext -layout " + out("a.pdf") + " -").out;
  size_t withdrawn = 0;  // withdrawn from the contest in the example: 弃权 there too
  for (const Contestant& ct : file->contest.contestants)
    withdrawn += ct.withdrawn && file->contest.groups[size_t(ct.group)].key == "secondary";
  size_t table = text.find("缺赛、弃权（" + std::to_string(3 + withdrawn) + " 名）");
  ASSERT_NE(table, std::string::npos) << text;
  for (auto [id, word] : {std::pair{"C045", "缺赛"}, {"C052", "弃权"}, {"C053", "弃权"}}) {
    size_t at = text.find(name(id), table);
    ASSERT_NE(at, std::string::npos) << id << "\n" << text;
    size_t eol = text.find('\n', at);
    EXPECT_NE(text.substr(at, eol - at).find(word), std::string::npos) << id << ": " << text.substr(at, eol - at);
  }
  EXPECT_NE(text.find("评委会主任"), std::string::npos) << "a final list is signed";

  // The results sheet, PDF and CSV: the word in the teacher's row, a dash for rank and total.
  r = run_command(liangfen() + " print results --contest " + settled_ + " --round final --group secondary --out " + out("r.pdf"));
  ASSERT_EQ(r.status, 0) << r.out;
  text = run_command("pdftotext -layout " + out("r.pdf") + " -").out;
  for (auto [id, word] : {std::pair{"C045", "缺赛"}, {"C052", "弃权"}}) {
    size_t at = text.find(name(id));
    ASSERT_NE(at, std::string::npos) << id << "\n" << text;
    size_t eol = text.find('\n', at);
    EXPECT_NE(text.substr(at, eol - at).find(word), std::string::npos) << id << ": " << text.substr(at, eol - at);
  }
  r = run_command(liangfen() + " print results --contest " + settled_ + " --round final --group secondary --format csv --out " +
                  out("r.csv"));
  ASSERT_EQ(r.status, 0) << r.out;
  std::vector<std::string> header;
  std::map<std::string, std::vector<std::string>> rows;
  for (const auto& line : csv_lines(test::read_text(out("r.csv")))) {
    if (!line.empty() && line[0] == "名次") header = line;
    else if (!header.empty() && line.size() == header.size()) rows[line[1]] = line;
  }
  ASSERT_FALSE(header.empty());
  size_t total = std::find(header.begin(), header.end(), "总分") - header.begin();
  ASSERT_TRUE(rows.count(name("C045")));
  EXPECT_EQ(rows[name("C045")].back(), "缺赛");
  EXPECT_EQ(rows[name("C045")][0], "—");
  EXPECT_EQ(rows[name("C045")][total], "—");
  ASSERT_TRUE(rows.count(name("C052")));
  EXPECT_EQ(rows[name("C052")].back(), "弃权");
  EXPECT_EQ(rows[name("C052")][total], "—");
  r = run_command(liangfen() + " print results --contest " + settled_ + " --round final --group secondary --format xlsx --out " +
                  out("r.xlsx"));
  ASSERT_EQ(r.status, 0) << r.out;
  std::string strings = run_command("unzip -p " + out("r.xlsx") + " xl/sharedStrings.xml").out;
  EXPECT_NE(strings.find("<t>缺赛</t>"), std::string::npos) << strings;
  EXPECT_NE(strings.find("<t>弃权</t>"), std::string::npos) << strings;

  // The judges' score sheets: her row says 缺赛 where the marks would go.
  r = run_command(liangfen() + " print score-sheets --contest " + settled_ + " --round final --group secondary --out " + out("s.pdf"));
  ASSERT_EQ(r.status, 0) << r.out;
  text = run_command("pdftotext -layout " + out("s.pdf") + " -").out;
  size_t at = text.find(name("C045"));
  ASSERT_NE(at, std::string::npos) << text;
  EXPECT_NE(text.substr(at, text.find('\n', at) - at).find("缺赛"), std::string::npos) << text.substr(at, 200);
}

}  // namespace
}  // namespace lf

namespace lf {
namespace {

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// Issue 24 §4: a place settled by a ruling or by the tie-break says so in its 备注 on the results
// (PDF, XLSX, CSV) and the award list, so nobody wonders why two equal totals got different
// places (tests/data/tied_sample.h: two ruled ties, one told apart by 主题班会设计).
TEST_F(Print, APlaceSettledByARulingOrTheTieBreakSaysSoInItsNote) {
  Json doc = test::with_settled_ties(parse_json(test::read_text(test::source_path(test::kSampleContest))).value());
  std::ofstream(settled_, std::ios::trunc) << doc.dump(2);
  auto file = load_contest_document(doc);
  ASSERT_TRUE(file.ok()) << file.status().to_string();
  const std::string ruled = test::kRuledNote, drawn = test::kDrawnNote, broken = test::kTieBreakNote;

  for (const char* what : {"results", "awards"}) {
    SCOPED_TRACE(what);
    std::string pdf = out((std::string(what) + ".pdf").c_str());
    auto r = run_command(liangfen() + " print " + what + " --contest " + settled_ + " --round final --group secondary --out " + pdf);
    ASSERT_EQ(r.status, 0) << r.out;
    // Without whitespace: a 备注 wrapped inside its cell reads back whole.
    std::string text = without_spaces(run_command("pdftotext " + pdf + " -").out);
    EXPECT_EQ(count_of(text, ruled), 2u) << text;   // both of the ruled pair
    EXPECT_EQ(count_of(text, broken), 2u) << text;  // both of the pair the tie-break told apart
    EXPECT_EQ(count_of(text, drawn), 2u) << text;
  }
  std::string xlsx = out("results.xlsx");
  auto r = run_command(liangfen() + " print results --contest " + settled_ + " --round final --group secondary --format xlsx --out " + xlsx);
  ASSERT_EQ(r.status, 0) << r.out;
  std::string strings = run_command("unzip -p " + xlsx + " xl/sharedStrings.xml").out;
  EXPECT_NE(strings.find(ruled), std::string::npos);
  EXPECT_NE(strings.find(broken), std::string::npos);
  // And in the CSV, in the rows of the teachers concerned.
  r = run_command(liangfen() + " print results --contest " + settled_ + " --round final --group secondary --format csv --out " +
                  out("r.csv"));
  ASSERT_EQ(r.status, 0) << r.out;
  auto name = [&](const char* id) { return file->contest.contestants[size_t(find_contestant(file->contest, id))].name; };
  std::map<std::string, std::string> note_of;
  std::vector<std::string> header;
  for (const auto& line : csv_lines(test::read_text(out("r.csv")))) {
    if (!line.empty() && line[0] == "名次") header = line;
    else if (!header.empty() && line.size() == header.size()) note_of[line[1]] = line.back();
  }
  ASSERT_EQ(header.back(), "备注");
  EXPECT_EQ(note_of[name("C048")], ruled);
  EXPECT_EQ(note_of[name("C038")], ruled);
  EXPECT_EQ(note_of[name("C050")], broken);
  EXPECT_EQ(note_of[name("C046")], broken);
  EXPECT_EQ(note_of[name("C044")], "用时不足；" + drawn);  // a note of her own first
  EXPECT_EQ(note_of[name("C036")], "");  // a total of her own
}

}  // namespace
}  // namespace lf
