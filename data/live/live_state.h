// The live contest on contest day: what judges, timekeepers and head judges have done since
// the contest file was imported, as a state rebuilt by applying events in order.
//
// Pure: no SQL, no clock, no threads. The server applies each accepted event here and
// persists the same event (data/store/contest_store.h); replaying the log through `apply` gives
// back the same state, which is how a database is recovered or checked.
//
// The events and their JSON are data/live/event.h. The file's decisions[], advancements[],
// draws[] and absences[] are applied as the same kinds. roster_correct, roster_add and
// topic_add change the contest itself, not its state: apply_document_change() applies them to
// the contest document, and the store applies them in log order to the imported document
// whenever it loads the contest (docs/contest-file.md §10); apply_event only counts them for
// the bounds.
// A change that replaces a value also records it under "previous" (contest-file.md §6: old and new
// value; docs/api.md lists them): the mark, time, ruling, stage call or clock it replaced, the
// mark a return sends back, what a reopen took back. Applying an event ignores it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "data/format/json_text.h"
#include "data/live/event.h"
#include "scoring/engine/contest.h"
#include "scoring/engine/status.h"

namespace lf {


using PerformanceKey = std::tuple<int, int, int>;   // round, contestant, section
using MarkKey = std::tuple<int, int, int, int>;     // round, contestant, section, judge

struct LiveMark {
  int64_t points = 0;  // mark units
  int64_t seq = 0;     // event that set it
};

struct LiveTiming {
  std::string duration_text;  // exactly as entered, e.g. "341.2"
  int64_t duration_s = 0;     // truncated
  int64_t seq = 0;
};

struct StageCall {
  int round = -1;
  int contestant = -1;  // -1: stage empty
  int64_t since_ms = 0;
};

// A venue's clock: it belongs to one performance (round, contestant, section) and is erased by
// the next stage call. A clock recorded before clocks named their contestant has -1 there.
struct ClockState {
  bool running = false;
  int section = -1;
  int64_t started_at_ms = 0;  // when running
  int64_t elapsed_ms = 0;     // accumulated before started_at_ms
  int round = -1, contestant = -1;
};

struct HeadJudgeCallState {
  int64_t at_ms = 0;  // 0: answered (cleared by the head judge)
  std::string judge;  // who asked
  std::string note;   // what they typed, may be empty
};

// Who recorded a ruling, when and why (decisions[i] of the state has ruling_notes[i] when
// recorded here; the demo's settling adds decisions without one).
struct RulingNote {
  std::string by;      // the actor ("head:P1", "organizer"), or the file's "by"
  int64_t at_ms = 0;   // 0: not known (a file written before rulings kept it)
  std::string reason;
};

// A group's running order in one round (抽签), drawn on the day or carried in the file.
// NOLINTNEXTLINE(bugprone-exception-escape): false alarm; nlohmann::json moves are noexcept
struct LiveDraw {
  std::vector<int> order;  // contestants in running order: order[i] draws number i + 1
  Json record;             // the event's payload as recorded (method, seed, reason, replaces)
  std::string by;
  int64_t at_ms = 0;
  int64_t seq = 0;
};

// Who goes on from a round, as the organizer confirmed it (晋级).
struct LiveAdvancement {
  std::map<int, std::vector<int>> groups;  // group -> contestants
  std::string by;
  int64_t at_ms = 0;
  int64_t seq = 0;
};

// 缺赛 / 弃权 of one contestant in one round, as last recorded (a cleared one is gone).
struct LiveAbsence {
  AbsenceKind kind = AbsenceKind::kAbsent;
  std::string reason;
  std::string by;
  int64_t at_ms = 0;
  int64_t seq = 0;
};

struct LiveState {
  std::map<MarkKey, LiveMark> marks;
  std::map<PerformanceKey, LiveTiming> timings;
  std::vector<std::pair<int64_t, TieDecision>> decisions;  // (seq, decision)
  std::vector<RulingNote> ruling_notes;                     // aligned with decisions
  std::map<std::pair<int, int>, LiveDraw> draws;            // (round, group) -> the latest draw
  std::map<int, LiveAdvancement> advancements;              // round -> who went on from it
  std::map<std::pair<int, int>, LiveAbsence> absences;      // (round, contestant) -> 缺赛 / 弃权
  std::set<PerformanceKey> published;
  std::map<MarkKey, std::string> returned;  // sent back for re-entry, with the note
  std::map<int, StageCall> stage;           // venue -> who is on
  std::map<int, ClockState> clocks;         // venue -> clock
  std::map<int, HeadJudgeCallState> head_judge_called;  // venue -> the last call (at_ms 0: cleared)
  // (venue, round, contestant) ever called to the stage: a mark typed while the contestant was
  // on stage is still taken when it arrives after the next one was called.
  std::set<std::tuple<int, int, int>> called;
  // Topic and case draws in the prep room: (round, contestant, section) -> (topic index, at_ms).
  std::map<PerformanceKey, std::pair<int, int64_t>> topic_draws;
  // What the live rules bound per person (scoring/live/live_rules.h, "Bounds"), counted by
  // apply_event from each event, so that a replayed log counts the same.
  std::map<MarkKey, int> mark_corrections;           // a judge's marks after their first one
  std::map<PerformanceKey, int> timing_corrections;  // times after the first one
  std::map<PerformanceKey, int> returns;             // marks sent back (退回), all judges
  std::map<PerformanceKey, int> reopens;             // published results taken back
  std::map<std::pair<int, int>, int> rulings_made;   // (round, group) -> rulings recorded
  std::map<std::pair<int, int>, int> absence_changes;  // (round, contestant) -> recorded or cleared
  std::map<std::string, int> roster_corrections;  // contestant id -> names or schools corrected
  std::map<std::string, int> substitutes_added;   // group key -> substitutes entered
  // (judge, venue, round, contestant on stage then; -1, -1 when none) -> calls of the head judge
  std::map<std::tuple<int, int, int, int>, int> head_judge_calls_made;
  // person -> when they made their bounded changes (corrections, returns, reopens, rulings,
  // calls and their clearing) within kRecentWindowMs of their newest one, oldest first.
  std::map<std::string, std::vector<int64_t>> recent_bounded_ms;
  int64_t last_seq = 0;
};

// How far back LiveState::recent_bounded_ms reaches: the per-minute bounds read it.
inline constexpr int64_t kRecentWindowMs = 60'000;

// The rulings still in force, for the views: indexes into state.decisions, in log order, of
// those that no later ruling of the same round and group replaces (a later one ordering every
// contestant this one ordered; the engine applies the last such one). What they replaced stays
// in the log and the history, so a view grows with the ties, not with how often one was ruled.
std::vector<size_t> rulings_in_force(const LiveState& state);

// Applies one event that has already been checked (the service checks before it accepts).
// Returns an error for an event that does not fit the contest (a corrupt log); the state is
// then unchanged.
Status apply_event(const Contest& contest, const Event& event, LiveState& state);

// Whether an event of `kind` changes the contest document (roster_correct, roster_add,
// topic_add) rather than the live state.
bool changes_contest_document(const EventBody& body);

// Applies such an event to the contest `document` (a name or school set, a contestant appended,
// a topic appended to its section's bank). An error, with `document` unchanged, when the event
// does not fit it (an unknown contestant, an id already taken, a payload without its fields).
// The caller checks the changed document like any contest file (load_contest_document).
Status apply_document_change(Json& document, const Event& event);

// The 缺赛 / 弃权 of `contestant` in `round`, or nullptr.
const LiveAbsence* absence_of(const LiveState& state, int round, int contestant);

// The section being performed at `venue` (docs/contest-file.md §2, 正在进行的环节): the section
// the venue's clock times for the contestant on stage (the timekeeper's 开始 names it; a stage
// call resets the clock), otherwise the first of the venue's sections, in the venue's order, not
// yet published for them, otherwise the venue's first section. -1 when nobody is on stage or the
// venue has no sections. Every screen that opens "the section now" (a judge's keypad, the
// projector) reads this one answer.
int performed_section(const Contest& contest, const LiveState& state, int venue);

// The draw number of a contestant in a round: from the round's draw for their group when there
// is one; otherwise `file_number` (the file's contestants[].draw) unless the contestant was drawn
// here for another round (a number from another round's order means nothing in this one).
std::optional<int> draw_number(const Contest& contest, const LiveState& state, int round,
                               int contestant, std::optional<int> file_number);

// The state of a freshly imported contest file: its marks, timings, decisions and published
// list, all at seq 0.
Result<LiveState> state_from_document(const Contest& contest, const Json& document);

// The contest model with the live marks, timings and decisions, in log order, for
// compute_results. With `published_only`, only published sections carry marks and timings
// (what a display may see).
Contest contest_with_state(const Contest& base, const LiveState& state, bool published_only);

// Whether an event can change contest_with_state(..., published_only = true): a mark, a time,
// the clock, a call for the head judge or a returned mark touch only performances not yet
// published (a published one is locked until it is reopened), and a stage call or a scene
// touch no result, so the published standings a display reads are the same before and after
// them. Every other kind, including any added later, counts as a change. The server keys its
// published results on the last such event; a display reads its results again after one.
bool changes_published_standings(const EventBody& body);

// The contest document to export: `document` with marks, timings, decisions (with who, when and
// why), published, draws and advancements replaced by the live state (so that `liangfen compute`
// on it gives what the server shows, and `liangfen draw --seed` re-checks each seeded draw);
// each contestant's `draw` is their number in the latest round they were drawn in.
Json export_document(const Contest& contest, const Json& document, const LiveState& state);

}  // namespace lf
