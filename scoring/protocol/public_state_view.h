// GET /api/state (docs/api.md) read back into types: the one decoder of the public part of the
// live state (what public_state() in public_state.h writes), used by every client — the judge
// console's view and the display's snapshot both start here instead of walking the JSON.
//
// Contract: decode_public_state never throws and never asserts on input. A member that is
// absent takes its default (an older server may not send it); a member that is present with the
// wrong type, or an exact decimal with more places than the contest's decimals, makes the whole
// answer a refusal: Error{kind malformed, path "venues[2].stage.contestant.draw", Chinese message}.
// Pure: depends only on its argument; safe on any thread. Exact decimals become integer units
// (marks in mark_decimals, penalties in score_decimals); floating point is never used.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "data/format/json_text.h"
#include "scoring/engine/contest.h"
#include "scoring/engine/status.h"

namespace lf {

// A contestant as the state names them: the name and school are empty when the answer is
// anonymous (a judge's, under anonymous judging).
struct StatePerson {
  std::string id, name, school;
  std::optional<int> draw;  // running-order number (none: not drawn)

  // "邱娟 · 机关幼儿园"; anonymous: "3 号选手" (the id when there is no draw number).
  std::string label() const;
  // "3 号选手" whatever the answer holds (the id when there is no draw number).
  std::string draw_label() const;
};

struct StateContest {
  std::string name, date, organizer;
  bool anonymous_judging = false;
  int mark_decimals = 1, score_decimals = 2;
};

struct StateSection {
  std::string key, name, criteria;
  int64_t max_units = 0, step_units = 1;  // in mark units
  std::optional<int64_t> min_time_s, max_time_s;
};

struct StateAwardQuota {
  std::string name;
  std::optional<int> count;  // none: "rest"
};

struct StateRound {
  std::string key, name;
  std::vector<std::string> groups, sections;  // keys
  std::optional<int> advance;
  std::vector<StateAwardQuota> awards;
};

struct StateGroup {
  std::string key, name;
};

struct StateStage {
  std::string round;  // key
  StatePerson contestant;
  int64_t since_ms = 0;
  std::vector<std::string> recused;  // judges of the venue who may not mark this contestant (回避)
  std::string section;  // key of the section being performed; "" from an older server
};

struct StateClock {
  bool running = false;
  int64_t started_at_ms = 0, elapsed_ms = 0;
  std::string section;     // key; "" when none
  std::string contestant;  // whose performance it times (id); "" from an older server

  // The elapsed time at the server's `server_now_ms` (a running clock keeps counting).
  int64_t elapsed_at(int64_t server_now_ms) const;
};

struct StateVenue {
  std::string key, name, round, group;  // name: what people read; the key from an older server
  std::vector<std::string> sections;    // keys
  std::vector<std::pair<std::string, std::string>> judges;  // id, name
  std::optional<StateStage> stage;
  std::optional<StateClock> clock;
};

struct PublicStateView {
  int64_t last_seq = 0, server_time_ms = 0;
  StateContest contest;
  std::vector<StateSection> sections;
  std::vector<PenaltyTier> overtime;  // points in score units
  std::vector<StateGroup> groups;
  std::vector<StateRound> rounds;
  std::vector<StateVenue> venues;
  // Every contestant still in the contest with their draw number (names only where the answer
  // carries them); empty from an older server.
  std::vector<StatePerson> people;

  const StateSection* section(const std::string& key) const;
  const StateRound* round(const std::string& key) const;
  const StateVenue* venue(const std::string& key) const;
  const StatePerson* person(const std::string& id) const;
  // The name people read, or the key when unknown.
  std::string section_name(const std::string& key) const;
  std::string round_name(const std::string& key) const;
  std::string group_name(const std::string& key) const;
};

Result<PublicStateView> decode_public_state(const Json& state);

// Checked access for the parts of an answer read leniently (the role-specific parts of the
// state, GET /api/results): a member that is absent or of another type reads as null, an empty
// array, false or 0 — never throws, never asserts.
namespace api_json {
const Json& member(const Json& object, const char* key);
const Json& list(const Json& object, const char* key);  // an array, or an empty one
bool flag(const Json& object, const char* key);
int64_t integer(const Json& object, const char* key, int64_t otherwise = 0);
}  // namespace api_json

// One contestant object ({"id", "draw", "name", "school"}) at `path`; for the role-specific
// parts of the state (panels, my marks, topic draws) that carry the same shape.
Result<StatePerson> decode_state_person(const Json& j, const std::string& path);

}  // namespace lf
