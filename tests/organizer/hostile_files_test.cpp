// Hostile files in: XLSX files of a few hundred bytes that claim gigabytes or cells at column
// ZZZZZ (made here with libzip, one part at a time), and names carrying terminal escapes. Each
// is refused by the real `liangfen import-roster` with exit 2; the child's peak memory (from
// wait4's rusage) and CPU time are measured and printed.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include "data/format/contest_file.h"
#include "data/roster/roster.h"
#include "tests/data/test_files.h"

namespace lf {
namespace {

namespace fs = std::filesystem;

const char* kContentTypes =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";

std::string sheet(const std::string& rows) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/"
         "spreadsheetml/2006/main\"><sheetData>" +
         rows + "</sheetData></worksheet>";
}

std::string inline_cell(const std::string& ref, const std::string& text) {
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
}

const std::string kHeader = "<row r=\"1\">" + inline_cell("A1", "姓名") + inline_cell("B1", "学校") + "</row>";

// A zip of these parts (deflated).
void write_zip(const std::string& path, const std::map<std::string, std::string>& parts) {
  fs::remove(path);
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  ASSERT_NE(z, nullptr);
  for (const auto& [name, data] : parts) {
    char* copy = static_cast<char*>(std::malloc(data.size() + 1));
    std::memcpy(copy, data.data(), data.size());
    zip_source_t* src = zip_source_buffer(z, copy, data.size(), 1);
    ASSERT_GE(zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8), 0);
  }
  ASSERT_EQ(zip_close(z), 0);
}

// Rewrites the uncompressed size the archive declares for `name` (local header and central
// directory), as a hostile file would.
void declare_size(const std::string& path, const std::string& name, uint32_t size) {
  std::string bytes = test::read_text(path);
  auto patch = [&](const char* sig, size_t size_at, size_t name_len_at, size_t name_at) {
    for (size_t i = 0; (i = bytes.find(sig, i, 4)) != std::string::npos; ++i) {
      uint16_t n = uint16_t(uint8_t(bytes[i + name_len_at]) | uint8_t(bytes[i + name_len_at + 1]) << 8);
      if (bytes.compare(i + name_at, n, name) != 0) continue;
      for (int k = 0; k < 4; ++k) bytes[i + size_at + size_t(k)] = char((size >> (8 * k)) & 0xFF);
    }
  };
  patch("PK\x03\x04", 22, 26, 30);
  patch("PK\x01\x02", 24, 28, 46);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

struct ChildRun {
  int exit = -1;
  long max_rss_kb = 0;
  double cpu_s = 0, wall_s = 0;
  std::string output;
};

// Runs `liangfen args...` as a child; its exit status, peak memory and time.
ChildRun run_liangfen(std::vector<std::string> args, const std::string& out_file) {
  ChildRun r;
  auto start = std::chrono::steady_clock::now();
  pid_t pid = ::fork();
  if (pid == 0) {
    int fd = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    std::string bin = std::string(LF_BIN_DIR) + "/liangfen";
    std::vector<char*> argv{bin.data()};
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(bin.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  struct rusage ru {};
  ::wait4(pid, &status, 0, &ru);
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.exit = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.max_rss_kb = ru.ru_maxrss;
  r.cpu_s = double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  r.output = test::read_text(out_file);
  return r;
}

class Hostile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("liangfen-hostile-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    contest_ = path("day.contest.json");
    ASSERT_EQ(run_liangfen({"init", contest_}, path("init.txt")).exit, 0);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const char* n) { return (dir_ / n).string(); }

  // import-roster of `file`: refused (exit 2) with `expect` in the message, within 200 MB and
  // a second of CPU.
  void expect_refused(const std::string& file, const std::string& expect) {
    std::string before = test::read_text(contest_);
    ChildRun r = run_liangfen({"import-roster", file, "--contest", contest_}, path("out.txt"));
    std::printf("  %s (%ju bytes): exit %d, max RSS %.1f MB, CPU %.3f s, wall %.3f s\n  %s",
                fs::path(file).filename().c_str(), uintmax_t(fs::file_size(file)), r.exit, r.max_rss_kb / 1024.0,
                r.cpu_s, r.wall_s, r.output.c_str());
    EXPECT_TRUE(r.exit == 1 || r.exit == 2) << r.output;
    EXPECT_LT(r.max_rss_kb, 200 * 1024) << "peak memory";
    EXPECT_LT(r.cpu_s, 1.0) << "CPU time";
    EXPECT_NE(r.output.find(expect), std::string::npos) << r.output;
    EXPECT_EQ(test::read_text(contest_), before);
  }

  fs::path dir_;
  std::string contest_;
};

TEST_F(Hostile, CellAtColumnZZZZZZZZZZIsRefused) {
  std::string f = path("zzz.xlsx");
  write_zip(f, {{"[Content_Types].xml", kContentTypes},
                {"xl/worksheets/sheet1.xml", sheet(kHeader + "<row r=\"3\">" + inline_cell("ZZZZZZZZZZ3", "张三") + "</row>")}});
  EXPECT_LT(fs::file_size(f), 1000u);
  expect_refused(f, "ZZZZZZZZZZ3");
}

TEST_F(Hostile, ThirtySevenCellsAtColumnZZZZZAreRefused) {
  std::string rows = kHeader;
  for (int i = 2; i <= 38; ++i) rows += "<row r=\"" + std::to_string(i) + "\"><c r=\"ZZZZZ" + std::to_string(i) + "\"><v>1</v></c></row>";
  std::string f = path("zzzzz.xlsx");
  write_zip(f, {{"[Content_Types].xml", kContentTypes}, {"xl/worksheets/sheet1.xml", sheet(rows)}});
  EXPECT_LT(fs::file_size(f), 1500u);
  expect_refused(f, "XFD");
}

TEST_F(Hostile, ACellFarRightButWithinXfdIsRefusedNotAllocated) {
  std::string rows = kHeader;
  for (int i = 2; i <= 38; ++i) rows += "<row r=\"" + std::to_string(i) + "\"><c r=\"XFD" + std::to_string(i) + "\"><v>1</v></c></row>";
  std::string f = path("xfd.xlsx");
  write_zip(f, {{"[Content_Types].xml", kContentTypes}, {"xl/worksheets/sheet1.xml", sheet(rows)}});
  expect_refused(f, "第 2 行 XFD 列有内容");
}

TEST_F(Hostile, DeclaredHugeSharedStringsAreRefusedBeforeReading) {
  std::string f = path("sst.xlsx");
  std::string sst = "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                    "<si><t>姓名</t></si><si><t>学校</t></si></sst>";
  write_zip(f, {{"[Content_Types].xml", kContentTypes},
                {"xl/sharedStrings.xml", sst},
                {"xl/worksheets/sheet1.xml",
                 sheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>")}});
  declare_size(f, "xl/sharedStrings.xml", 2900u * 1000 * 1000);  // 2.9 GB
  EXPECT_LT(fs::file_size(f), 3000u);
  expect_refused(f, "xl/sharedStrings.xml：解压后声明有 2766 MB");
}

TEST_F(Hostile, AnUnderDeclaredPartIsStoppedAtItsRealSize) {
  // 300 MB of real XML (a few hundred KB deflated) that claims to be 400 bytes: stopped at the
  // 256 MB limit by counting what is really unpacked.
  // Made in a child process, so this test process stays small for the child measured below
  // (a forked child starts with its parent's peak memory).
  std::string f = path("bomb.xlsx");
  pid_t maker = ::fork();
  if (maker == 0) {
    write_zip(f, {{"[Content_Types].xml", kContentTypes},
                  {"xl/worksheets/sheet1.xml", sheet(kHeader + [] {
                    std::string comments;  // 300 MB of empty comments: no text, no rows, only bytes
                    comments.reserve(300u << 20);
                    while (comments.size() < (300u << 20)) comments += "<!---->";
                    return comments;
                  }())}});
    declare_size(f, "xl/worksheets/sheet1.xml", 400);
    ::_exit(0);
  }
  int st = 0;
  ::waitpid(maker, &st, 0);
  ASSERT_TRUE(fs::exists(f));
  ChildRun r = run_liangfen({"import-roster", f, "--contest", contest_}, path("out.txt"));
  std::printf("  under-declared 300 MB sheet (%ju bytes): exit %d, max RSS %.1f MB, CPU %.3f s\n  %s",
              uintmax_t(fs::file_size(f)), r.exit, r.max_rss_kb / 1024.0, r.cpu_s, r.output.c_str());
  EXPECT_EQ(r.exit, 2) << r.output;
  EXPECT_NE(r.output.find("解压后超过 256 MB 的上限"), std::string::npos) << r.output;
  EXPECT_LT(r.max_rss_kb, 200 * 1024);
}

TEST_F(Hostile, AHonestButTooLargeSheetIsRefusedByItsRealSize) {
  XlsxLimits small;
  small.max_sheet_bytes = 1 << 20;
  std::string f = path("big.xlsx");
  write_zip(f, {{"[Content_Types].xml", kContentTypes}, {"xl/worksheets/sheet1.xml", sheet(kHeader + std::string(2 << 20, ' '))}});
  declare_size(f, "xl/worksheets/sheet1.xml", 1000);
  auto t = read_xlsx(f, small);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().to_string().find("上限"), std::string::npos) << t.status().to_string();
  write_zip(f, {{"[Content_Types].xml", kContentTypes}, {"xl/worksheets/sheet1.xml", sheet(kHeader + std::string(2 << 20, ' '))}});
  t = read_xlsx(f, small);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().to_string().find("声明有 3 MB"), std::string::npos) << t.status().to_string();
}

TEST_F(Hostile, MalformedXmlAndDoctypeAreRefused) {
  std::string f = path("bad.xlsx");
  write_zip(f, {{"xl/worksheets/sheet1.xml", sheet(kHeader + "<row r=\"2\"><c r=\"A2\"><v>1</c></row")}});
  expect_refused(f, "XML");
  write_zip(f, {{"xl/worksheets/sheet1.xml", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><worksheet/>"}});
  expect_refused(f, "DOCTYPE");
  write_zip(f, {{"xl/worksheets/sheet1.xml", sheet(kHeader + "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>7</v></c></row>")}});
  expect_refused(f, "共享字符串");
}

TEST(CellReference, ParsedWithoutAllocatingAndBoundedAtXfd) {
  int c = 0, r = 0;
  EXPECT_TRUE(parse_cell_reference("A1", c, r));
  EXPECT_EQ(c, 1);
  EXPECT_EQ(r, 1);
  EXPECT_TRUE(parse_cell_reference("AB12", c, r));
  EXPECT_EQ(c, 28);
  EXPECT_EQ(r, 12);
  EXPECT_TRUE(parse_cell_reference("XFD1048576", c, r));
  EXPECT_EQ(c, 16384);
  EXPECT_EQ(r, 1048576);
  EXPECT_FALSE(parse_cell_reference("XFE1", c, r));
  EXPECT_FALSE(parse_cell_reference("ZZZZZZZZZZ3", c, r));
  EXPECT_FALSE(parse_cell_reference("ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ3", c, r));
  EXPECT_FALSE(parse_cell_reference("A1048577", c, r));
  EXPECT_FALSE(parse_cell_reference("A0", c, r));
  EXPECT_FALSE(parse_cell_reference("A", c, r));
  EXPECT_FALSE(parse_cell_reference("12", c, r));
  EXPECT_FALSE(parse_cell_reference("a1", c, r));
  EXPECT_FALSE(parse_cell_reference("A1B", c, r));
  EXPECT_EQ(column_letters(1), "A");
  EXPECT_EQ(column_letters(26), "Z");
  EXPECT_EQ(column_letters(27), "AA");
  EXPECT_EQ(column_letters(16384), "XFD");
}

TEST_F(Hostile, EscapeSequencesInNamesAreRefusedWithLineAndColumn) {
  std::string csv = path("r.csv");
  std::ofstream(csv, std::ios::binary) << "学校,姓名\n实验小学,林小雨\n实验小学,张\x1b[31m三\n";
  expect_refused(csv, "第 3 行：B 列（姓名）：第 2 个字符是控制字符 U+001B");
  // The same in an XLSX, escaped the way Excel writes it (_x001B_), and a bidi override.
  std::string f = path("r.xlsx");
  write_zip(f, {{"xl/worksheets/sheet1.xml",
                 sheet(kHeader + "<row r=\"2\">" + inline_cell("A2", "张_x001B_[31m三") + inline_cell("B2", "实验小学") +
                       "</row><row r=\"5\">" + inline_cell("A5", "李四") + inline_cell("B5", "实验&#x202E;小学") + "</row>")}});
  ChildRun r = run_liangfen({"import-roster", f, "--contest", contest_}, path("out.txt"));
  EXPECT_EQ(r.exit, 2);
  EXPECT_NE(r.output.find("第 2 行：A 列（姓名）：第 2 个字符是控制字符 U+001B"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("第 5 行：B 列（学校）：第 3 个字符是双向文本控制字符 U+202E"), std::string::npos) << r.output;
}

TEST_F(Hostile, JudgesWithControlCharactersAreRefused) {
  std::string csv = path("j.csv");
  std::ofstream(csv, std::ios::binary) << "姓名,学校\n王老师,实验小学\n李\xe2\x80\x8b老师,第一中学\n";
  ChildRun r = run_liangfen({"import-judges", csv, "--contest", contest_}, path("out.txt"));
  EXPECT_EQ(r.exit, 2);
  EXPECT_NE(r.output.find("第 3 行：A 列（姓名）：第 2 个字符是不可见的格式字符 U+200B"), std::string::npos) << r.output;
}

TEST_F(Hostile, RealXlsxWithRichTextAndExtensionBNamesStillReads) {
  std::string f = path("ok.xlsx");
  std::string sst = "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                    "<si><t>姓名</t></si><si><t>学校</t></si>"
                    "<si><r><rPr><b/></rPr><t>𠀀</t></r><r><t xml:space=\"preserve\">𠀁𪚥</t></r>"
                    "<rPh sb=\"0\" eb=\"1\"><t>フリガナ</t></rPh></si>"
                    "<si><t>实验&amp;小学</t></si></sst>";
  write_zip(f, {{"[Content_Types].xml", kContentTypes},
                {"xl/sharedStrings.xml", sst},
                {"xl/worksheets/sheet1.xml",
                 sheet("<row r=\"1\" spans=\"1:2\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>"
                       "<!-- a comment --><row r=\"4\"><c r=\"A4\" t=\"s\" s=\"1\"><v>2</v></c><c r=\"B4\" t=\"s\"><v>3</v></c>"
                       "<c r=\"C4\" s=\"2\"/></row><row r=\"5\"><c t=\"inlineStr\"><is><t><![CDATA[王<五>]]></t></is></c>"
                       "<c><v>42</v></c></row>")}});
  auto t = read_xlsx(f);
  ASSERT_TRUE(t.ok()) << t.status().to_string();
  ASSERT_EQ(t->rows.size(), 3u);
  EXPECT_EQ(t->rows[1][0], "𠀀𠀁𪚥");
  EXPECT_EQ(t->rows[1][1], "实验&小学");
  EXPECT_EQ(t->lines[1], 4);
  EXPECT_EQ(t->rows[2][0], "王<五>");
  EXPECT_EQ(t->rows[2][1], "42");
}

}  // namespace
}  // namespace lf
