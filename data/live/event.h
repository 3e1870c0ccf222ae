// The contest day's events as types: one struct per kind, one variant (`EventBody`), and one
// codec between them and the JSON the log, the store and the live feed carry.
//
// Every part of the program that reads an event reads its body with std::visit over an overload
// set that names each kind (applying it, data/live/live_state.cpp; the store's state rows,
// data/store/contest_store.cpp; the history, data/live/history.cpp; who may see it,
// scoring/live/live_rules.cpp), so a kind added here and left out of one of them does not
// compile. The live rules produce bodies (live::Accepted); nothing builds an event's JSON by hand.
//
// Why here and not in scoring/protocol: the store, which replays the log on every start, sits
// below the protocol (docs/architecture.md, "who may include whom"); the codec has to be where
// the lowest reader can reach it. scoring/protocol re-exports nothing of it: the feed's JSON is
// `Event::payload`, written by this codec.
//
// The JSON of each kind (ids are the contest file's ids and keys; docs/api.md lists them):
//   import          {contestants, marks}            (counts; nothing reads them back)
//   mark            {round, contestant, section, judge, points, previous?}
//   timing          {round, contestant, section, duration_s, reason?, previous?}
//   publish         {round, contestant, section}
//   reopen          {round, contestant, section, reason, previous}
//   return          {round, contestant, section, judge, note, previous}
//   decision        {kind: "tie_order", round, group, order: [...], reason, previous?, by?, at_ms?,
//                    import_index?}
//   advance         {from, groups: [{group, contestants: [...]}], by?, at_ms?}
//   draw            {round, group, method, seed?, order: [...], reason?, replaces?, by?, at_ms?}
//   stage           {venue, round, contestant, previous?}       (contestant "" clears the stage)
//   clock           {contestant, running, started_at_ms, elapsed_ms, section, venue, round,
//                    previous?}
//   call_head_judge {venue, judge, note?}  or  {venue, cleared: true}
//   topic_draw      {round, contestant, section, topic, text}
//   absence         {round, contestant, status: "absent"|"withdrew"|"cleared", reason, previous?,
//                    by?, at_ms?}
//   roster_correct  {contestant, name, school, reason, previous: {name, school}}
//   roster_add      {contestant, group, name, school, reason}
//   topic_add       {section, topic, index}
//   display_scene   {display, scene}
// "previous" (and a redraw's "replaces") is the value the change replaced, as recorded
// (contest-file.md §6: old and new value); only the history reads it, so it stays JSON.
// "by" and "at_ms" are an imported file's who and when for a record it carries.
//
// Decoding reads the fields above and refuses a field of the wrong JSON type with its path
// ("payload.points"); a missing field is read as empty (the rules that apply the event say
// which are required: a log written by an older server lacks some). Fields it does not know
// stay in `Event::payload`, untouched. A kind it does not know decodes as UnknownEvent, which
// applying refuses (a log written by a newer liangfen) and every other reader skips.
//
// Pure: no I/O. Thread-safety: values; the functions are reentrant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "data/format/json_text.h"
#include "scoring/engine/status.h"

namespace lf {

// A number recorded exactly, as its decimal text ("27.5", "341.2"); "" when absent.
struct DecimalText {
  std::string text;
  bool operator==(const DecimalText&) const = default;
};

namespace ev {

// NOLINTNEXTLINE(bugprone-exception-escape): false alarm; nlohmann::json moves are noexcept
struct Import {
  static constexpr std::string_view kKind = "import";
  Json counts;  // {contestants, marks}
};
// NOLINTNEXTLINE(bugprone-exception-escape): false alarm; nlohmann::json moves are noexcept
struct Mark {
  static constexpr std::string_view kKind = "mark";
  std::string round, contestant, section, judge;
  DecimalText points;
  Json previous;  // {points, revision}, or null for a first mark
};
// NOLINTNEXTLINE(bugprone-exception-escape): false alarm; nlohmann::json moves are noexcept
struct Timing {
  static constexpr std::string_view kKind = "timing";
  std::string round, contestant, section;
  DecimalText duration_s;
  std::optional<std::string> reason;
  Json previous;  // {duration_s, revision}
};
struct Publish {
  static constexpr std::string_view kKind = "publish";
  std::string round, contestant, section;
};
// NOLINTNEXTLINE(bugprone-exception-escape): false alarm; nlohmann::json moves are noexcept
struct Reopen {
  static constexpr std::string_view kKind = "reopen";
  std::string round, contestant, section, reason;
  Json previous;  // {published, marks: [...], duration_s?}
};
// NOLINTNEXTLINE(bugprone-exception-escape): false alarm; nlohmann::json moves are noexcept
struct Return {
  static constexpr std::string_view kKind = "return";
  std::string round, contestant, section, judge, note;
  Json previous;  // the mark sent back: {points, revision}
};
// NOLINTNEXTLINE(bugprone-exception-escape): false alarm; nlohmann::json moves are noexcept
struct Decision {
  static constexpr std::string_view kKind = "decision";
  std::optional<std::string> rule;  // the JSON's "kind": "tie_order"
  std::string round, group;
  std::vector<std::string> order;
  std::optional<std::string> reason;
  Json previous;  // {order, revision}
  std::optional<std::string> by;
  std::optional<int64_t> at_ms;
  std::optional<std::string> import_index;  // the file's decisions[i] (the store's state row)
};
struct AdvancingGroup {
  std::string group;
  std::vector<std::string> contestants;
};
struct Advance {
  static constexpr std::string_view kKind = "advance";
  std::string from;
  std::vector<AdvancingGroup> groups;
  std::optional<std::string> by;
  std::optional<int64_t> at_ms;
};
// NOLINTNEXTLINE(bugprone-exception-escape): false alarm; nlohmann::json moves are noexcept
struct Draw {
  static constexpr std::string_view kKind = "draw";
  std::string round, group;
  std::optional<std::string> method, seed;  // "seeded" with a seed, or "manual"
  std::vector<std::string> order;
  std::optional<std::string> reason;
  Json replaces;  // the draw a redraw replaced, as recorded
  std::optional<std::string> by;
  std::optional<int64_t> at_ms;
};
// NOLINTNEXTLINE(bugprone-exception-escape): false alarm; nlohmann::json moves are noexcept
struct Stage {
  static constexpr std::string_view kKind = "stage";
  std::string venue, round, contestant;  // contestant "": the stage cleared
  Json previous;                         // {contestant}
};
// NOLINTNEXTLINE(bugprone-exception-escape): false alarm; nlohmann::json moves are noexcept
struct Clock {
  static constexpr std::string_view kKind = "clock";
  std::string contestant;
  bool running = false;
  int64_t started_at_ms = 0, elapsed_ms = 0;
  std::string section, venue, round;
  Json previous;  // the clock it replaced, in the same fields
};
struct CallHeadJudge {
  static constexpr std::string_view kKind = "call_head_judge";
  std::string venue;
  std::optional<std::string> judge, note;
  std::optional<bool> cleared;  // true: the head judge answered their venue's call
};
struct TopicDraw {
  static constexpr std::string_view kKind = "topic_draw";
  std::string round, contestant, section;
  std::optional<int64_t> topic;  // index into the section's bank
  std::optional<std::string> text;
};
// NOLINTNEXTLINE(bugprone-exception-escape): false alarm; nlohmann::json moves are noexcept
struct Absence {
  static constexpr std::string_view kKind = "absence";
  std::string round, contestant, status, reason;
  Json previous;  // {status, reason}
  std::optional<std::string> by;
  std::optional<int64_t> at_ms;
};
// NOLINTNEXTLINE(bugprone-exception-escape): false alarm; nlohmann::json moves are noexcept
struct RosterCorrect {
  static constexpr std::string_view kKind = "roster_correct";
  std::string contestant, name, school, reason;
  Json previous;  // {name, school}
};
struct RosterAdd {
  static constexpr std::string_view kKind = "roster_add";
  std::string contestant, group, name, school, reason;
};
struct TopicAdd {
  static constexpr std::string_view kKind = "topic_add";
  std::string section, topic;
  int64_t index = 0;
};
struct DisplayScene {
  static constexpr std::string_view kKind = "display_scene";
  std::string display, scene;
};
// A kind this build does not know (written by a newer liangfen).
struct UnknownEvent {
  std::string kind;
};

}  // namespace ev

using EventBody =
    std::variant<ev::Import, ev::Mark, ev::Timing, ev::Publish, ev::Reopen, ev::Return, ev::Decision,
                 ev::Advance, ev::Draw, ev::Stage, ev::Clock, ev::CallHeadJudge, ev::TopicDraw,
                 ev::Absence, ev::RosterCorrect, ev::RosterAdd, ev::TopicAdd, ev::DisplayScene,
                 ev::UnknownEvent>;

// The overload set std::visit takes: Overloaded{[](const ev::Mark&) {...}, ...}.
template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

// The kind's name in the log and on the feed ("mark"); an unknown one's own name.
std::string event_kind(const EventBody& body);

// Every kind this build knows, in the variant's order (tests walk it).
std::vector<std::string> known_event_kinds();

// The JSON of a body (the table above). An unknown kind encodes as {}.
Json encode_event_body(const EventBody& body);

// A body from its kind and JSON; an Error (kind malformed, path "payload.<field>") for a field
// of the wrong type or a payload that is not an object.
Result<EventBody> decode_event_body(std::string_view kind, const Json& payload);

// One event of the log. Made only by make_event (a new one: `payload` is the body encoded) or
// read_event (a recorded one: `body` is the payload decoded), so the two always agree.
// NOLINTNEXTLINE(bugprone-exception-escape): false alarm; nlohmann::json moves are noexcept
struct Event {
  int64_t seq = 0;      // position in the log, from 1; 0 before it is stored
  int64_t at_ms = 0;    // wall-clock milliseconds since the epoch
  std::string actor;    // person id ("J01", "head:P1", "organizer", "import", ...)
  EventBody body;       // what happened, typed
  Json payload;         // what happened, as recorded and sent (body's JSON; more for old logs)
  std::string idempotency_key;  // client-made; empty when none

  std::string kind() const { return event_kind(body); }
};

Event make_event(int64_t seq, int64_t at_ms, std::string actor, EventBody body,
                 std::string idempotency_key = {});

// An event as recorded; the Error names the event ("events[seq 12].payload.points").
Result<Event> read_event(int64_t seq, int64_t at_ms, std::string actor, std::string_view kind,
                         Json payload, std::string idempotency_key = {});

}  // namespace lf
