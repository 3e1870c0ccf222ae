// Every request body of the liangfen API as a type, and one decoder per type.
//
// A decoder checks the whole body before anything else looks at it: it must be a JSON object;
// every key must be a field of that request (unknown keys are refused, so nothing undocumented
// is ever stored); every field has its type, its length or range, and for decimals the number
// of decimal places. A refusal names the field (its JSON path) and says why in words. Decoders
// never throw and never look at the contest's state: whether a contestant exists or is on
// stage is for the server's rules (scoring/server/contest_service.cpp).
//
// The field lists (request_specs()) are data, so tests can send every wrong type to every
// field of every endpoint from the same list the decoders use.
//
// Thread-safety: pure functions over values; the spec tables are immutable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "data/format/json_text.h"
#include "scoring/engine/status.h"

namespace lf::protocol {

enum class FieldType {
  kId,        // an id from the contest file: 1..64 bytes of text, no spaces or control codes
  kText,      // words a person typed (note, reason): 0..max_length characters of clean text
  kCode,      // a login code: 1..32 digits
  kKey,       // an idempotency key: 1..100 printable ASCII characters
  kInteger,   // an integer in [min, max]
  kDecimal,   // a JSON number with at most `decimals` decimal places, in [min, max] units
  kBoolean,
  kIdList,    // an array of 1..max ids
  kChoice,    // one of `choices`
};

// The decimal places of a mark depend on the contest (scale.mark_decimals): a decimal field
// with this value takes DecodeContext::mark_decimals.
inline constexpr int kMarkDecimals = -1;

struct FieldSpec {
  std::string_view name;
  FieldType type;
  bool required = true;
  int64_t min = 0, max = 0;    // kInteger, kDecimal (in units of 10^-decimals), kIdList (count)
  int decimals = 0;            // kDecimal
  size_t max_length = 0;       // kText: characters
  std::vector<std::string_view> choices;  // kChoice
  bool empty_allowed = false;  // kId: "" is a value (the stage's contestant: "" clears it)
};

struct RequestSpec {
  std::string_view kind;  // the change kind the server's rules know ("mark", ...); "login"
  std::string_view path;  // protocol::path
  std::vector<FieldSpec> fields;
};
// Who may send each kind: protocol/access.h.

// Every POST endpoint that takes a body, with its fields.
const std::vector<RequestSpec>& request_specs();
const RequestSpec* request_spec(std::string_view kind);

struct DecodeContext {
  int mark_decimals = 1;
};

// Longest text a person may type in a note or a reason (characters).
inline constexpr size_t kMaxTextChars = 200;
// Deepest JSON nesting a body may have (the deepest real body is 2).
inline constexpr int kMaxDepth = 8;

// Reads a request body: at most kMaxBodyBytes, nesting at most kMaxDepth (checked before the
// parser runs), valid JSON and UTF-8, an object, every number exactly as written (a refusal
// names a number that is not by its JSON path). Refusals are malformed.
Result<Json> parse_body(std::string_view text);

// ---- The requests ----

struct LoginRequest {
  std::string code;
  int64_t api_version = 0;
};

// A judge's mark. `revision` is the seq of the stored mark this one replaces as the judge last
// saw it (0: the judge saw none); a mark over another revision is stale and refused.
struct MarkSubmission {
  std::string round, contestant, section, judge;
  int64_t points = 0;        // in mark units (10^-mark_decimals)
  std::string points_text;   // exactly as sent, e.g. "8.5"
  int64_t revision = 0;
  std::string idempotency_key;
};

struct TimingSubmission {
  std::string round, contestant, section;
  std::string duration_text;  // e.g. "341.2" (at most one decimal)
  int64_t duration_tenths = 0;
  std::string reason;          // required by the rules for a correction
  std::string idempotency_key;
};

// The venue's clock, for one performance: the contestant on stage (the rules refuse a change
// without one, or for anyone else) and a section. The server decides the clock's value
// (scoring/live/live_rules.h, decide_clock): `elapsed_ms` is the tablet's own reading, taken
// only on a stop and never above what the server measured.
struct ClockChange {
  bool running = false;
  std::optional<int64_t> elapsed_ms;  // absent: the server's measure
  std::string section;                // "" when not said
  std::string contestant;             // "" when not said (refused by the rules)
  std::string idempotency_key;
};

struct StageCall {
  std::string venue;       // "" : the caller's own venue
  std::string contestant;  // "" clears the stage
  std::string idempotency_key;
};

// publish, reopen and return: the head judge's actions on one performance.
struct PerformanceAction {
  std::string kind;  // publish | reopen | return
  std::string round, contestant, section;
  std::string judge;   // return: whose mark is sent back
  std::string note;    // return: what to look at again
  std::string reason;  // reopen: why
  std::string idempotency_key;
};

struct TieRuling {
  std::string round, group;
  std::vector<std::string> order;
  std::string reason;
  std::string shown;  // the tied block as the screen showed it (the state's ties[].shown)
  std::string idempotency_key;
};

// A judge asks for the head judge (with a note), or the head judge clears the call.
struct HeadJudgeCall {
  std::string venue;
  std::string note;
  std::string idempotency_key;
};

struct DisplaySceneChange {
  std::string display;  // a display's name, or "*" for all
  std::string scene;
  std::string idempotency_key;
};

struct TopicDrawRequest {
  std::string round, contestant, section;
  std::string idempotency_key;
};

// The organizer confirms who goes on from a round (晋级): the list the engine computes, with
// every ruling applied, is recorded; the next round's draw waits for it.
struct AdvanceRequest {
  std::string from;  // the round's key
  std::string idempotency_key;
};

// The organizer draws one group's running order for a round (抽签): from `seed` (64 hex
// digits; the server makes one when none is sent) or, drawn by hand in the hall, `order` (the
// ids in running order). Replacing a draw needs `redraw` and a reason.
struct DrawRequest {
  std::string round, group;
  std::string seed;                // "" : the server's random source
  std::vector<std::string> order;  // a manual draw; empty: seeded
  bool redraw = false;
  std::string reason;
  std::string idempotency_key;
};

// One contestant's absence from one round (缺赛: did not come; 弃权: gave up), recorded by the
// organizer or the head judge of a venue of that round and the contestant's group, or cleared
// again. Always with a reason.
struct AbsenceChange {
  std::string round, contestant;
  std::string status;  // absent | withdrew | cleared
  std::string reason;
  std::string idempotency_key;
};

// Roster fixes on the running server (the organizer): a teacher's name or school corrected
// (at least one of the two sent), or a substitute entered in a group (the server gives the
// id). Always with a reason. Withdrawing is an AbsenceChange (弃权), not a roster fix.
struct RosterCorrection {
  std::string contestant;
  std::optional<std::string> name, school;  // nullopt: unchanged
  std::string reason;
  std::string idempotency_key;
};

struct RosterAddition {
  std::string group;
  std::string name, school;
  std::string reason;
  std::string idempotency_key;
};

// One more topic (班会主题) or case (答辩案例) in a section's bank, on the running server.
struct TopicAddition {
  std::string section;
  std::string topic;
  std::string idempotency_key;
};

// Longest name and school a roster fix may set (characters): a certificate line holds them.
inline constexpr size_t kMaxNameChars = 40;
inline constexpr size_t kMaxSchoolChars = 60;
// Longest topic or case (characters): a case's whole text, as import-topics takes it.
inline constexpr size_t kMaxTopicChars = 2000;

using ChangeRequest =
    std::variant<MarkSubmission, TimingSubmission, ClockChange, StageCall, PerformanceAction,
                 TieRuling, HeadJudgeCall, DisplaySceneChange, TopicDrawRequest, AdvanceRequest,
                 DrawRequest, AbsenceChange, RosterCorrection, RosterAddition, TopicAddition>;

Result<LoginRequest> decode_login(const Json& body);
// Decodes the body of the change `kind` (a RequestSpec::kind other than "login").
Result<ChangeRequest> decode_change(std::string_view kind, const Json& body,
                                    const DecodeContext& context);

// The idempotency key of any change ("" when none was sent).
const std::string& idempotency_key(const ChangeRequest& request);

// Bodies for clients (the console and the tests), built from the same types.
Json encode(const MarkSubmission& m);

}  // namespace lf::protocol
