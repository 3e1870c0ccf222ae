#include "scoring/protocol/access.h"

#include <algorithm>

#include "scoring/protocol/protocol.h"

namespace lf::protocol {

const std::vector<AccessRule>& access_table() {
  using S = Scope;
  namespace r = role;
  static const std::vector<AccessRule> table = {
      // Changes.
      {r::kJudge, "mark", S::kOwnMarks},
      {r::kTimekeeper, "timing", S::kOwnVenue},
      {r::kTimekeeper, "clock", S::kOwnVenue},
      {r::kHeadJudge, "stage", S::kOwnVenue},
      {r::kOrganizer, "stage", S::kEverything},
      {r::kHeadJudge, "publish", S::kOwnVenue},
      {r::kHeadJudge, "reopen", S::kOwnVenue},
      {r::kHeadJudge, "return", S::kOwnVenue},
      {r::kHeadJudge, "decision", S::kOwnVenue},  // the round and group their venue runs
      {r::kOrganizer, "decision", S::kEverything},
      {r::kJudge, "call_head_judge", S::kOwnVenue},      // a venue whose panel they sit on
      {r::kHeadJudge, "call_head_judge", S::kOwnVenue},  // clears the call
      {r::kOrganizer, "display_scene", S::kEverything},
      {r::kSteward, "topic_draw", S::kEverything},  // the round's entrants only
      {r::kOrganizer, "topic_draw", S::kEverything},
      {r::kOrganizer, "advance", S::kEverything},  // confirm who goes on from a round
      {r::kOrganizer, "draw", S::kEverything},     // a round's running order
      {r::kOrganizer, "absence", S::kEverything},  // 缺赛 / 弃权, any round
      {r::kHeadJudge, "absence", S::kOwnVenue},    // their venue's round and group
      {r::kOrganizer, "roster_correct", S::kEverything},  // a name or school corrected
      {r::kOrganizer, "roster_add", S::kEverything},      // a substitute entrant
      {r::kOrganizer, "topic_add", S::kEverything},       // one more topic in a bank
      // Reads.
      {r::kOrganizer, "state", S::kEverything},
      {r::kHeadJudge, "state", S::kOwnVenue},
      {r::kJudge, "state", S::kOwnMarks},
      {r::kTimekeeper, "state", S::kOwnVenue},
      {r::kSteward, "state", S::kEverything},  // the prep room: names and topic draws
      {r::kDisplay, "state", S::kPublished},
      {r::kOrganizer, "results", S::kEverything},
      {r::kHeadJudge, "results", S::kPublished},  // their venue's unpublished marks: state
      {r::kJudge, "results", S::kPublished},      // none under anonymous judging
      {r::kTimekeeper, "results", S::kPublished},
      {r::kSteward, "results", S::kPublished},
      {r::kDisplay, "results", S::kPublished},
      {r::kOrganizer, "events", S::kEverything},
      {r::kHeadJudge, "events", S::kOwnVenue},
      {r::kJudge, "events", S::kOwnMarks},
      {r::kTimekeeper, "events", S::kOwnVenue},
      {r::kSteward, "events", S::kOwnVenue},
      {r::kDisplay, "events", S::kPublished},
      {r::kOrganizer, "export", S::kEverything},
      {r::kOrganizer, "backup", S::kEverything},
      {r::kOrganizer, "print", S::kEverything},
      {r::kOrganizer, "reissue_code", S::kEverything},  // a new login code for one person
      // One contestant's trail (查分): who changed what, when, old -> new. A head judge sees
      // their venue's part (they see its marks anyway); a judge none (contest-file.md §6: no other
      // judge's mark before 亮分).
      {r::kOrganizer, "history", S::kEverything},
      {r::kHeadJudge, "history", S::kOwnVenue},
  };
  return table;
}

Scope scope_of(std::string_view role, std::string_view resource) {
  for (const AccessRule& a : access_table())
    if (a.role == role && a.resource == resource) return a.scope;
  return Scope::kNothing;
}

const std::vector<std::string_view>& all_roles() {
  namespace r = role;
  static const std::vector<std::string_view> roles = {r::kOrganizer,  r::kHeadJudge, r::kJudge,
                                                      r::kTimekeeper, r::kDisplay,   r::kSteward};
  return roles;
}

const std::vector<std::string_view>& all_resources() {
  static const std::vector<std::string_view> resources = {
      "mark",   "timing", "clock",           "stage",         "publish",    "reopen",
      "return", "decision", "call_head_judge", "display_scene", "topic_draw", "advance",
      "draw",   "absence", "roster_correct", "roster_add", "topic_add", "state",
      "results", "events", "export",         "backup",        "print",
      "reissue_code", "history"};
  return resources;
}

}  // namespace lf::protocol
