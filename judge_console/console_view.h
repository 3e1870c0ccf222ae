// What the console's screens show, as plain data built from GET /api/state (as this person may
// see it) and the local outbox. Screens draw a ConsoleView; they never read JSON. Pure.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "data/format/json_text.h"
#include "scoring/engine/contest.h"
#include "judge_console/outbox.h"

namespace lf {

struct SectionInfo {
  std::string key, name, criteria;
  int64_t max_units = 0, step_units = 1;  // in mark units
  std::optional<int64_t> min_time_s, max_time_s;
};

struct PersonOnStage {
  std::string round, id, name, school, draw;  // name/school empty when judging is anonymous
  std::string label() const;                   // "邱娟 · 机关幼儿园" or "3 号选手"
};

struct VenueView {
  std::string key, name, round, group;  // name: what people read ("小学组预赛赛场"); key if none

  std::vector<std::string> sections;  // keys
  std::vector<std::pair<std::string, std::string>> judges;  // id, name
  std::optional<PersonOnStage> on_stage;
  int64_t on_stage_since_ms = 0;  // when the head judge called them: a new call, a new performance
  std::vector<std::string> recused;  // judges of this venue who may not mark who is on stage (回避)
  bool clock_running = false;
  int64_t clock_elapsed_ms = 0;  // at server_time_ms
  std::string clock_section;
  std::string clock_contestant;  // whose performance the server's clock times ("" : an older server)
  // The section being performed by who is on stage, as the server decides it (stage.section;
  // live_state.h performed_section): where a judge's keypad opens. "" from an older server.
  std::string performed_section;

  // "round|contestant|since_ms" of who is on stage ("" for nobody): what the timekeeper's clock
  // belongs to (a call of the same teacher again is a new performance too).
  std::string performance() const;
};

enum class MarkState { kSaved, kWaiting, kReturned, kLocked, kRefused, kMissing };

struct MarkLine {  // one of my marks (judge) or one cell of a panel (head judge)
  std::string round, contestant, contestant_label, section, judge, judge_name;
  std::optional<int64_t> units;
  std::string points;  // as text, "" when missing
  MarkState state = MarkState::kMissing;
  std::string note;    // the head judge's note, or the server's refusal
  bool dropped = false;
  int64_t revision = 0;  // my_marks: the seq of the stored mark (0: none); what a correction replaces
};

// A performance a judge may mark (issue 24 §2): a contestant called at one of my venues, one of
// its sections; what the server sends as my_performances.
struct MyPerformance {
  std::string venue, round, contestant, contestant_label, section;
  bool published = false;
  std::string key() const { return round + "|" + contestant + "|" + section; }
};

struct PanelView {  // head judge: one performance of my venue (organizer: of every venue)
  std::string round, contestant, contestant_label, section;
  int draw = 0;  // running-order number from the draw (0: not drawn)
  std::vector<MarkLine> marks;  // in panel order
  bool complete = false, published = false;
  std::string average, penalty, score;
  std::optional<int64_t> duration_s;
  // Out of this round: "absent" (缺赛), "withdrew" (弃权), "withdrawn" (from the whole contest);
  // "" when the teacher is in it. Nothing more is expected of an out performance.
  std::string absence;
  std::string venue;  // its key ("" from a server that does not say)
};

// 缺赛 / 弃权 as recorded (organizer: all; head judge: their round and group), with who, when
// and why when the server says.
struct AbsenceView {
  std::string round, contestant, contestant_label;
  std::string status;  // absent | withdrew
  std::string reason, by_name;
  int64_t at_ms = 0;
};

// What is left at one venue (the organizer's overview): every entrant x section of the venue,
// less those out of the round (缺赛 / 弃权 / withdrawn).
struct VenueProgress {
  int expected = 0;   // performances to be marked
  int published = 0;  // of those, published (亮分)
  int unmarked = 0;   // of those, without a single mark
  std::vector<std::string> unmarked_people;  // labels, in the panels' order, each once
};

// A tied block a ruling may order, as the server words it (state "ties": scoring/live/
// tie_stakes.h computes it; the screens only draw it).
struct TiedPerson {
  std::string id, name;         // name: how the table and the question name her ("蔡伟")
  std::string total;            // exact, the rule's decimals
  std::map<std::string, std::string> sections;  // section key -> score ("" when none)
};

struct PlaceAtStakeView {
  int place = 0;
  std::string award;               // the award at this place; "" none
  bool has_award = false;          // the round gives awards
  std::optional<bool> advances;    // the round has an advancement quota
};

struct TieToRule {
  std::string round, group, kind;  // kind: award_boundary / advance_boundary; "" when ruled
  bool ruled = false;              // a ruling orders it (in that order); it may be replaced
  bool decides = false;            // its places do not all bring the same (the screens offer it)
  std::string shown;               // the block as shown: a ruling names it (stale otherwise)
  std::vector<std::string> tie_break;     // section keys compared, in the rulebook's order
  std::vector<TiedPerson> people;         // in standing order
  std::vector<PlaceAtStakeView> places;   // what each position of the block brings
  std::vector<std::string> contestants;   // ids, in standing order
};

struct JudgeCall {  // a judge asking for the head judge (API v2 names the judge, with a note)
  std::string venue, judge, judge_name, note;
};

struct TopicDrawView {  // a topic or case drawn in the prep room
  std::string round, contestant, contestant_label, section, text;
  int topic = 0;
  int64_t at_ms = 0;
};

// One place in a group's running order: the draw number (抽签号) and who drew it.
struct DrawnPlace {
  int draw = 0;  // 1, 2, … as drawn
  std::string id, name, school;
};

// Organizer, between rounds: confirming who goes on from a round (group ""), or one group's
// draw for a round, as the server recorded it (the group's latest draw: a redraw replaces).
struct RoundStep {
  std::string round, group;
  bool done = false;
  std::string by;                  // who recorded it
  std::string seed;                // a seeded draw
  std::vector<std::string> order;  // a draw: ids in running order
  std::vector<DrawnPlace> places;  // the same order with names (empty names when not sent)
  std::string reason;              // a redraw's reason
  int64_t at_ms = 0;               // when it was recorded (a new record: a new at_ms)
};

// A tie ruling as recorded (head judge and organizer): the order decided, by whom, when, why.
struct RulingView {
  std::string round, group;
  std::vector<std::string> order;  // labels, first placed first
  std::string reason, by_name;
  int64_t at_ms = 0;
};

struct ConsoleView {
  std::string person, role, name, venue;  // venue: head judge / timekeeper
  std::string contest_name;
  int mark_decimals = 1, score_decimals = 2;
  std::vector<SectionInfo> sections;
  std::vector<PenaltyTier> overtime;  // score units
  std::vector<VenueView> venues;
  std::vector<MarkLine> my_marks;     // judge: server's and the outbox's, newest last
  std::vector<MyPerformance> my_performances;  // judge: in running order, each venue's sections
  std::vector<PanelView> panels;      // head judge
  std::vector<std::string> head_judge_calls;  // venues calling
  std::vector<JudgeCall> judge_calls;         // who is calling, and why (when the server says)
  std::vector<TieToRule> ties;
  std::map<std::string, std::string> names;   // contestant id -> label
  // Steward and organizer: every contestant (id, label), the draws, and each bank's size.
  std::vector<std::pair<std::string, std::string>> contestants;
  std::map<std::string, std::map<std::string, int>>
      draw_numbers;                                      // contestant id -> round key -> 抽签号
  std::map<std::string, std::string> contestant_groups;  // contestant id -> group key
  std::map<std::string, std::pair<std::string, std::string>>
      name_and_school;  // contestant id -> as registered
  std::vector<std::string>
      topic_shortfalls;  // the server's words: a bank that will not last its round
  std::vector<TopicDrawView> topic_draws;
  std::map<std::string, int> topic_banks;
  std::map<std::string, std::string> round_names;  // key -> 小学组预赛
  std::map<std::string, std::string> group_names;  // key -> 小学组
  std::vector<RoundStep> round_steps;              // organizer: advancements and draws
  std::vector<RulingView> rulings;                 // head judge (own group) and organizer
  std::vector<AbsenceView> absences;               // 缺赛 / 弃权 (every person: who and what)
  // Timekeeper: the times the server holds for the venue, "round|contestant|section" -> tenths.
  std::map<std::string, int64_t> recorded_times;
  int64_t server_time_ms = 0;
  int64_t last_seq = 0;

  // The person as people call them: the name, or for a judge whose login carries no name (or
  // only the id, "J01") the name on the venue's panel.
  std::string display_name() const;
  const SectionInfo* section(const std::string& key) const;
  const VenueView* venue_view(const std::string& key) const;
  std::string venue_name(const std::string& key) const;  // the key if the venue is unknown
  // The venues a judge sits in (a judge has no venue of their own).
  std::vector<const VenueView*> venues_of_judge(const std::string& judge) const;
  // Whether `judge` may not mark whoever is on stage at `venue` (回避, contest-file.md §6).
  bool recused(const VenueView& venue, const std::string& judge) const;
  // The venue's performances (its round and sections) from `panels`: what is expected, published
  // and not marked at all.
  VenueProgress progress(const VenueView& venue) const;
  // My mark (judge) for a performance as shown: the outbox's unsent one over the server's;
  // never a refused line (refused_mark); nullptr when I have given none.
  const MarkLine* my_mark(const std::string& round, const std::string& contestant, const std::string& section) const;
  // The latest refusal of my mark for a performance, if it is the last thing I typed for it.
  const MarkLine* refused_mark(const std::string& round, const std::string& contestant,
                               const std::string& section) const;
  // A performance's state in the judge's list: kLocked once published (亮分), else my mark's
  // (kSaved, kWaiting, kReturned), else kMissing (待打分).
  MarkState my_state(const MyPerformance& p) const;
  // The 缺赛 / 弃权 of `contestant` in `round`, or nullptr.
  const AbsenceView* absence(const std::string& round, const std::string& contestant) const;
};

// `outbox` items not yet saved show as waiting on top of the server's marks (keeping the stored
// mark's revision); refused ones are listed after them, beside the value the server holds.
// The public part is read by decode_public_state (scoring/protocol/public_state_view.h); an
// answer of the wrong shape is refused (kind malformed, with its JSON path), never thrown.
Result<ConsoleView> build_console_view(const Json& state, const std::vector<OutboxItem>& outbox);

}  // namespace lf
