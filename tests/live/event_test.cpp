// The typed events (data/live/event.h): every kind reads back what it wrote, a field of the
// wrong type is refused with its path, what the codec does not know is kept as recorded, and a
// kind it does not know reads as UnknownEvent, which applying refuses.
#include <gtest/gtest.h>

#include <set>

#include "data/live/event.h"
#include "data/live/live_state.h"

namespace lf {
namespace {

// One full JSON per kind: every field the kind has, optional ones included. The test below
// fails when a kind is added to EventBody without a row here.
const std::map<std::string, Json>& full_payloads() {
  static const std::map<std::string, Json> rows = [] {
    const Json perf = {{"round", "prelim"}, {"contestant", "C001"}, {"section", "speech"}};
    auto with = [&](Json extra) {
      Json p = perf;
      p.update(extra);
      return p;
    };
    std::map<std::string, Json> m;
    m["import"] = {{"contestants", 3}, {"marks", 0}};
    m["mark"] = with({{"judge", "J01"}, {"points", 27.5}, {"previous", {{"points", 26}, {"revision", 4}}}});
    m["timing"] = with({{"duration_s", 341.2}, {"reason", "看错表"}, {"previous", {{"duration_s", 300}, {"revision", 5}}}});
    m["publish"] = perf;
    m["reopen"] = with({{"reason", "评委输错"}, {"previous", {{"published", true}, {"marks", {26, 27}}}}});
    m["return"] = with({{"judge", "J02"}, {"note", "请复核"}, {"previous", {{"points", 26}, {"revision", 7}}}});
    m["decision"] = {{"kind", "tie_order"}, {"round", "prelim"}, {"group", "primary"}, {"order", {"C002", "C001"}},
                     {"reason", "抽签"}, {"previous", {{"order", {"C001", "C002"}}, {"revision", 9}}},
                     {"by", "head:PRE"}, {"at_ms", 1000}, {"import_index", "0"}};
    m["advance"] = {{"from", "prelim"}, {"groups", {{{"group", "primary"}, {"contestants", {"C001"}}}}},
                    {"by", "organizer"}, {"at_ms", 2000}};
    m["draw"] = {{"round", "final"}, {"group", "primary"}, {"replaces", {{"method", "manual"}}},
                 {"method", "seeded"}, {"seed", "ab"}, {"order", {"C001", "C002"}}, {"reason", "重抽"},
                 {"by", "organizer"}, {"at_ms", 3000}};
    m["stage"] = {{"venue", "PRE"}, {"round", "prelim"}, {"contestant", "C001"}, {"previous", {{"contestant", ""}}}};
    m["clock"] = {{"contestant", "C001"}, {"running", true}, {"started_at_ms", 5}, {"elapsed_ms", 6},
                  {"section", "speech"}, {"venue", "PRE"}, {"round", "prelim"}, {"previous", {{"running", false}}}};
    m["call_head_judge"] = {{"venue", "PRE"}, {"judge", "J01"}, {"note", "设备"}, {"cleared", false}};
    m["topic_draw"] = with({{"topic", 2}, {"text", "诚信"}});
    m["absence"] = {{"round", "prelim"}, {"contestant", "C001"}, {"status", "absent"}, {"reason", "病假"},
                    {"previous", {{"status", "withdrew"}}}, {"by", "organizer"}, {"at_ms", 4000}};
    m["roster_correct"] = {{"contestant", "C001"}, {"name", "张三"}, {"school", "一小"}, {"reason", "错字"},
                           {"previous", {{"name", "张山"}, {"school", "一小"}}}};
    m["roster_add"] = {{"contestant", "C009"}, {"group", "primary"}, {"name", "李四"}, {"school", "二小"}, {"reason", "替补"}};
    m["topic_add"] = {{"section", "speech"}, {"topic", "新题"}, {"index", 4}};
    m["display_scene"] = {{"display", "main"}, {"scene", "stage"}};
    return m;
  }();
  return rows;
}

TEST(Event, EveryKindHasAFullPayloadRow) {
  std::set<std::string> kinds;
  for (const auto& k : known_event_kinds()) kinds.insert(k);
  std::set<std::string> rows;
  for (const auto& [k, p] : full_payloads()) rows.insert(k);
  EXPECT_EQ(kinds, rows);
}

TEST(Event, EveryKindReadsBackExactlyWhatItWrote) {
  for (const auto& [kind, payload] : full_payloads()) {
    auto body = decode_event_body(kind, payload);
    ASSERT_TRUE(body.ok()) << kind << ": " << body.status().to_string();
    EXPECT_EQ(event_kind(body.value()), kind);
    EXPECT_EQ(encode_event_body(body.value()), payload) << kind;  // every field, in its order
    auto made = make_event(1, 2, "organizer", body.value());
    EXPECT_EQ(made.payload, payload) << kind;
    EXPECT_EQ(made.kind(), kind);
  }
}

// Each field of each kind, given a value of another JSON type, is refused with its own path.
TEST(Event, AFieldOfTheWrongTypeIsRefusedWithItsPath) {
  for (const auto& [kind, payload] : full_payloads()) {
    if (kind == "import") continue;  // its counts are kept as recorded
    for (auto it = payload.begin(); it != payload.end(); ++it) {
      if (it.key() == "previous" || it.key() == "replaces") continue;  // kept as recorded
      Json wrong = payload;
      wrong[it.key()] = it->is_object() || it->is_array() ? Json(7) : Json::object();
      auto e = read_event(12, 0, "J01", kind, wrong);
      ASSERT_FALSE(e.ok()) << kind << "." << it.key();
      EXPECT_EQ(e.errors().front().path, "events[seq 12].payload." + it.key()) << kind;
      EXPECT_EQ(e.errors().front().kind, ErrorKind::malformed);
    }
  }
}

TEST(Event, ANestedFieldOfTheWrongTypeIsRefusedWithItsFullPath) {
  Json advance = full_payloads().at("advance");
  advance["groups"][0]["contestants"][0] = 5;
  auto e = read_event(3, 0, "organizer", "advance", advance);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.errors().front().path, "events[seq 3].payload.groups[0].contestants[0]");
}

// A log written by an older server lacks fields (a clock without its round); a newer one may
// add fields. Both read; what is unknown stays in the payload as recorded.
TEST(Event, MissingFieldsReadAsEmptyAndUnknownOnesStayRecorded) {
  Json old_clock = {{"venue", "PRE"}, {"running", false}, {"elapsed_ms", 9}, {"colour", "red"}};
  auto e = read_event(4, 0, "timer:PRE", "clock", old_clock);
  ASSERT_TRUE(e.ok()) << e.status().to_string();
  const auto& clock = std::get<ev::Clock>(e->body);
  EXPECT_EQ(clock.round, "");
  EXPECT_EQ(clock.elapsed_ms, 9);
  EXPECT_EQ(e->payload, old_clock);
  // null is read as absent: an optional field stays unset.
  auto t = read_event(5, 0, "timer:PRE", "timing",
                      Json{{"round", "prelim"}, {"contestant", "C001"}, {"section", "speech"},
                           {"duration_s", 300}, {"reason", nullptr}});
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(std::get<ev::Timing>(t->body).reason.has_value());
}

TEST(Event, AnUnknownKindReadsButApplyingItIsRefused) {
  auto e = read_event(8, 0, "organizer", "from_the_future", Json{{"x", 1}});
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->kind(), "from_the_future");
  EXPECT_TRUE(std::holds_alternative<ev::UnknownEvent>(e->body));
  LiveState s;
  Status st = apply_event(Contest{}, e.value(), s);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.to_string().find("不认识的记录种类"), std::string::npos) << st.to_string();
}

TEST(Event, APointsTextKeepsItsExactDecimals) {
  Json mark = full_payloads().at("mark");
  mark["points"] = Json::parse("27.45");
  auto e = read_event(1, 0, "J01", "mark", mark);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(std::get<ev::Mark>(e->body).points.text, "27.45");
  EXPECT_EQ(encode_event_body(e->body)["points"].dump(), "27.45");
}

}  // namespace
}  // namespace lf
