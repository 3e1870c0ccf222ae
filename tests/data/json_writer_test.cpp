#include "data/format/json_writer.h"

#include <gtest/gtest.h>

#include "data/format/json_text.h"

namespace lf {
namespace {

TEST(JsonWriter, WritesNumbersAsGivenAndParsesBack) {
  JsonWriter w;
  w.begin_object().key("total").number("97.70").key("name").string("谭玉 \"小\"\n");
  w.key("list").begin_array().integer(1).null().boolean(false).end_array();
  w.key("empty").begin_object().end_object();
  w.end_object();
  EXPECT_NE(w.str().find("\"total\": 97.70"), std::string::npos);
  auto j = parse_json(w.str());
  ASSERT_TRUE(j.ok()) << w.str();
  EXPECT_EQ(j.value()["name"], "谭玉 \"小\"\n");
  EXPECT_EQ(j.value()["list"].size(), 3u);
  EXPECT_TRUE(j.value()["empty"].empty());
}

TEST(JsonWriter, EscapesControlCharacters) {
  std::string out;
  append_json_string(out, std::string("a\x01z", 3));
  EXPECT_EQ(out, "\"a\\u0001z\"");
}

TEST(JsonText, DecimalTextIsTheShortestRoundTrip) {
  auto j = parse_json("[27.45, 0.1, 30, -2.5, 1e2]");
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(json_decimal_text(j.value()[0]), "27.45");
  EXPECT_EQ(json_decimal_text(j.value()[1]), "0.1");
  EXPECT_EQ(json_decimal_text(j.value()[2]), "30");
  EXPECT_EQ(json_decimal_text(j.value()[3]), "-2.5");
  EXPECT_EQ(json_decimal_text(j.value()[4]), "100");
  EXPECT_FALSE(json_decimal_text(Json("x")));
}

// Issue 23: a number is read exactly as written or refused, by its JSON path, in Chinese words;
// never rounded to the nearest double (8.600000000000000000001 was stored as 8.6, 1e-400 as 0).
TEST(JsonText, ANumberThatCannotBeReadExactlyIsRefusedByItsPath) {
  struct Case {
    const char* text;
    const char* path;
  };
  for (const Case& c : {Case{R"({"points": 8.600000000000000000001})", "points"},
                        Case{R"({"marks": [{"points": 1}, {"points": 1e-400}]})", "marks[1].points"},
                        Case{R"([0.1, [2, 123456789012345678901234567890]])", "[1][1]"},
                        Case{R"({"a": {"b": [0.30000000000000000001]}})", "a.b[0]"}}) {
    auto j = parse_json(c.text);
    ASSERT_FALSE(j.ok()) << c.text;
    const Error& e = j.errors().front();
    EXPECT_EQ(e.path, c.path) << c.text;
    EXPECT_EQ(e.kind, ErrorKind::invalid) << c.text;
    EXPECT_NE(e.message.find("无法精确读取"), std::string::npos) << e.message;
  }
}

TEST(JsonText, EveryExactWayOfWritingANumberIsRead) {
  auto j = parse_json(R"([8.6, 8.60, 86e-1, 0.0, -0.0, 1e2, 1E+2, 0e-999, 27.45, 0.30000000000000004, 1e-300])");
  ASSERT_TRUE(j.ok()) << j.status().to_string();
  EXPECT_EQ(json_decimal_text(j.value()[0]), "8.6");
  EXPECT_EQ(json_decimal_text(j.value()[1]), "8.6");
  EXPECT_EQ(json_decimal_text(j.value()[2]), "8.6");
  EXPECT_EQ(json_decimal_text(j.value()[5]), "100");
  EXPECT_EQ(json_decimal_text(j.value()[8]), "27.45");
  // Malformed JSON is still a syntax error with its line and column, kind malformed.
  auto bad = parse_json("{\n  \"a\": 1,\n}");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.errors().front().path.find("第 3 行"), std::string::npos) << bad.errors().front().path;
  EXPECT_EQ(bad.errors().front().kind, ErrorKind::malformed);
}

}  // namespace
}  // namespace lf
