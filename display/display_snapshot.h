// What the projection display shows, as plain data: built from the server's published results
// and public state (or from a contest file for the demo), swapped in whole by the network
// thread, drawn by the scenes. No ImGui, no JSON here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scoring/live/advancement.h"  // AdvanceZone: the rule, not the display

namespace lf {

// A row of someone out of the round, listed last with the word instead of a total.
enum class OutOfRound { kIn, kAbsent, kWithdrew };  // 缺赛 / 弃权

struct LeaderRow {
  std::string contestant;                  // id
  std::optional<int> rank;                 // none while unranked (incomplete, untimed)
  std::string name, school;
  std::vector<std::string> section_scores; // in the round's section order; "" = not published
  std::string total;                       // exact, the rule's decimals
  int movement = 0;                        // places gained (+) or lost (-) since the last update
  bool complete = false;                   // every section published
  AdvanceZone zone = AdvanceZone::kNone;
  bool advanced = false;                   // the server's result says this row goes on (rules + rulings)
  std::string award;                       // once the group is final
  OutOfRound out = OutOfRound::kIn;        // 缺赛 / 弃权 in this round: last, no rank, no total
  // 备注 of a place told apart from an equal total, as the server's result words it
  // ("总分相同，按主题班会设计成绩排序", "总分相同，经裁判长裁决（评审组合议）"); empty otherwise.
  std::string note;
};

struct Leaderboard {
  std::string round, group;                // keys
  std::string title;                       // "全县决赛 · 小学组"
  std::vector<std::string> section_names;  // column heads
  std::vector<LeaderRow> rows;             // ranked first, then unranked in running order
  bool provisional = true;                 // someone still to perform or be published (暂定)
  std::optional<int> advance;              // prelim: places that go on
};

struct StageView {
  std::string venue;             // its name ("小学组决赛第一赛场")
  std::string title;             // round · group
  std::string contestant_name;   // empty: nobody on stage
  std::string school;
  std::string section_name;
  bool clock_running = false;
  int64_t elapsed_ms = 0;        // at `server_time_ms`
  int64_t server_time_ms = 0;    // when elapsed_ms was true
  std::optional<int64_t> min_time_s, max_time_s;
};

struct RevealMark {
  std::string points;
  bool dropped = false;
};

struct Reveal {
  int64_t seq = 0;  // the publish event's number: a new one restarts the animation
  std::string round, group;  // whose leaderboard to return to
  std::string title;
  std::string contestant_name, school, section_name;
  std::vector<RevealMark> marks;  // ascending; the dropped lowest first, highest last
  std::string average, penalty, score;
  std::string over_s;             // "" when on time
  // penalty: "" when there is none (on time, or over by less than the first tier)
  std::string total;
  std::optional<int> rank;
};

struct AwardTier {
  std::string award;
  std::vector<LeaderRow> rows;  // in rank order
};

struct AwardsView {
  std::string round, group;
  std::string title;
  bool final = false;            // every result published and no tie left unresolved
  bool open_tie = false;         // what holds it back is a tie waiting for its ruling (并列待裁决)
  std::vector<AwardTier> tiers;  // best first (一等奖 ...); the ceremony reveals them last-first
};

// The organizer's "show this scene" for this display (POST /api/display-scene).
struct SceneCommand {
  int64_t seq = 0;
  std::string scene;  // leaderboard | stage | reveal | awards | follow
};

struct DisplaySnapshot {
  std::string contest_name, contest_date, organizer;
  std::vector<Leaderboard> boards;
  std::vector<StageView> stages;
  std::optional<Reveal> reveal;  // the latest publish
  std::vector<AwardsView> awards;
  std::optional<SceneCommand> command;  // the latest one addressed to this display
  int64_t last_seq = 0;
  int64_t received_steady_ms = 0;  // when it was built (steady clock), to run stage clocks on
};

}  // namespace lf
