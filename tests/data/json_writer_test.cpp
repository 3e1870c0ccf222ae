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

}  // namespace
}  // namespace lf
