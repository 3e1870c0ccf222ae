// Names are text, not control codes: what person_text_problem refuses (with the position and
// the code point) and the real names it must keep; and the contest file refusing such a name
// with its JSON path.
#include "data/format/person_text.h"

#include <gtest/gtest.h>

#include "data/format/contest_file.h"
#include "tests/data/test_files.h"

namespace lf {
namespace {

std::string problem(std::string_view s) { return person_text_problem(s).value_or(""); }

TEST(PersonText, RealNamesPass) {
  for (const char* name : {"张三", "林小雨", "欧阳修", "阿依古丽·买买提", "阿依古丽•买买提",
                           "𠀀𠀁𪚥", "王𠮷", "李（小）明", "张三 ", "Anna Müller", "O'Brien-Smith",
                           "实验小学（东校区）", "第二中学·初中部", "葛\xE8\x91\x9B\xF3\xA0\x84\x80",  // IVS after 葛
                           "Ｚｈａｎｇ", "", "123"}) {
    EXPECT_EQ(person_text_problem(name), std::nullopt) << name;
  }
}

TEST(PersonText, EscapeSequenceNamesPositionAndCodePoint) {
  std::string p = problem("张\x1b[31m三");
  EXPECT_NE(p.find("第 2 个字符"), std::string::npos) << p;
  EXPECT_NE(p.find("控制字符 U+001B"), std::string::npos) << p;
}

TEST(PersonText, ControlCharactersAreRefused) {
  EXPECT_NE(problem(std::string("张\0三", 4)).find("U+0000"), std::string::npos);
  EXPECT_NE(problem("张\t三").find("U+0009"), std::string::npos);
  EXPECT_NE(problem("张\n三").find("U+000A"), std::string::npos);
  EXPECT_NE(problem("张\r三").find("U+000D"), std::string::npos);
  EXPECT_NE(problem("张\x7f").find("第 2 个字符是控制字符 U+007F"), std::string::npos);
  EXPECT_NE(problem("张\xC2\x9B" "31m").find("U+009B"), std::string::npos);  // C1 CSI
  EXPECT_NE(problem("a\xC2\x85").find("U+0085"), std::string::npos);         // C1 NEL
}

TEST(PersonText, InvisibleAndBidiCharactersAreRefused) {
  EXPECT_NE(problem("张\xE2\x80\x8B三").find("U+200B"), std::string::npos);  // zero-width space
  EXPECT_NE(problem("张\xE2\x80\x8D三").find("U+200D"), std::string::npos);  // ZWJ
  EXPECT_NE(problem("张\xE2\x80\xAE三").find("U+202E"), std::string::npos);  // RLO
  EXPECT_NE(problem("张\xE2\x80\xAA三").find("U+202A"), std::string::npos);
  EXPECT_NE(problem("张\xE2\x81\xA6三").find("U+2066"), std::string::npos);  // LRI
  EXPECT_NE(problem("张\xE2\x81\xA9三").find("U+2069"), std::string::npos);
  EXPECT_NE(problem("张\xEF\xBB\xBF三").find("U+FEFF"), std::string::npos);  // BOM inside
  EXPECT_NE(problem("张\xE2\x81\xA0三").find("U+2060"), std::string::npos);  // word joiner
  EXPECT_NE(problem("张\xC2\xAD三").find("U+00AD"), std::string::npos);      // soft hyphen
  EXPECT_NE(problem("张\xE3\x85\xA4").find("U+3164"), std::string::npos);    // Hangul filler
  EXPECT_NE(problem("a\xF3\xA0\x80\x81").find("U+E0001"), std::string::npos);  // tag
  EXPECT_NE(problem("\xEF\xB8\x8F").find("U+FE0F"), std::string::npos);  // selector alone
}

TEST(PersonText, BrokenUtf8AndSurrogatesAreRefused) {
  EXPECT_NE(problem("张\xFF三").find("0xFF"), std::string::npos);
  EXPECT_NE(problem("张\xE4\xB8").find("第 2 个字符"), std::string::npos);   // truncated
  EXPECT_NE(problem("\xC0\xAF").find("第 1 个字符"), std::string::npos);     // overlong '/'
  EXPECT_NE(problem("\xE0\x80\xAF").find("第 1 个字符"), std::string::npos); // overlong
  EXPECT_NE(problem("张\xED\xA0\x80").find("U+D800"), std::string::npos);    // lone surrogate
  EXPECT_NE(problem("\xF4\x90\x80\x80").find("第 1 个字符"), std::string::npos);  // > U+10FFFF
  EXPECT_NE(problem("张\xEF\xBF\xBD").find("U+FFFD"), std::string::npos);
  EXPECT_NE(problem("张\xEE\x80\x80").find("U+E000"), std::string::npos);    // private use
  EXPECT_NE(problem("张\xEF\xBF\xBF").find("U+FFFF"), std::string::npos);    // noncharacter
}

TEST(PersonText, ContestFileRefusesAControlCharacterWithItsPath) {
  auto doc = parse_json(test::read_text(test::source_path(test::kSampleContest))).value();
  doc["contestants"][3]["name"] = "张\x1b[31m三";
  doc["judges"][1]["school"] = "实验\xE2\x80\xAE小学";
  doc["contest"]["organizer"] = "某县\x07教育局";
  auto r = load_contest_document(doc);
  ASSERT_FALSE(r.ok());
  std::string all;
  for (const auto& e : r.errors()) all += e.to_string() + "\n";
  EXPECT_NE(all.find("contestants[3].name"), std::string::npos) << all;
  EXPECT_NE(all.find("U+001B"), std::string::npos) << all;
  EXPECT_NE(all.find("judges[1].school"), std::string::npos) << all;
  EXPECT_NE(all.find("U+202E"), std::string::npos) << all;
  EXPECT_NE(all.find("contest.organizer"), std::string::npos) << all;
}

TEST(PersonText, ContestFileKeepsExtensionBNames) {
  auto doc = parse_json(test::read_text(test::source_path(test::kSampleContest))).value();
  doc["contestants"][3]["name"] = "𠀀𠀁𪚥";
  auto r = load_contest_document(doc);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->contest.contestants[3].name, "𠀀𠀁𪚥");
}

}  // namespace
}  // namespace lf
