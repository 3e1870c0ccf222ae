// The contest-day rules (contest-file.md §4, §6, §7 as they apply while the contest runs): whether
// one typed change from one person is accepted against the contest and its live state, and if so
// the event the server records. One entry point, decide(); everything it needs is a parameter.
//
// The split with the server (scoring/server/contest_service.cpp):
//   here    every rule about the contest and its state: ids exist, the person's venue, panel
//           and 回避, marks in range and on the step, the contestant on stage, a result locked
//           once published (亮分), publish needs a complete panel and the time, a correction or
//           a reopen needs a reason, a withdrawn or non-entrant contestant is refused, a topic is
//           never drawn twice in a round, a head judge rules only on their venue's round and
//           group and gives a reason, advancement is confirmed only from complete, published
//           results without an open tie at the line (and then freezes the round: no ruling or
//           reopen), a round's draw waits for its entrants and replaces an earlier one only on
//           purpose, the bounds per person below, the payload recorded for each kind, with the
//           value it replaces ("previous"; a redraw: "replaces").
//   server  the plumbing: the role gate (protocol::scope_of, before the body is read), decoding
//           (protocol::decode_change), idempotency keys, a mark's revision (a stale resend from
//           another tablet: optimistic concurrency, checked after decide() accepts), sessions,
//           queueing and group commit, the clock and the random source (passed in here).
//
// Adding a change kind: its path, request type and decoder (scoring/protocol/protocol.h,
// requests.*), its access rows (scoring/protocol/access.cpp), who sees its event (its rows in
// protocol::event_audience(), scoring/protocol/visibility.cpp), its rule here (one `decide_...`
// function, one line in decide() and change_kind()), its rows in
// tests/live/live_rules_test.cpp, and its event (data/live/event.h: its struct and fields; the
// compiler then asks for it in every reader: applying it, the store's rows, the history and
// where it happened for visibility). The server's routes come from protocol::request_specs()
// and need no change.
//
// Pure: no store, no sockets, no clock, no threads, no randomness of its own. Thread-safety:
// decide() reads only its arguments; call it from any thread (RuleInputs' callbacks must then
// be safe to call from that thread).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "data/format/json_text.h"
#include "data/live/live_state.h"
#include "scoring/engine/contest.h"
#include "scoring/engine/standings.h"
#include "scoring/engine/status.h"
#include "scoring/protocol/requests.h"

namespace lf::live {

// Who sends the change (the server's session, reduced to what the rules read).
struct Actor {
  std::string person;  // "J01", "head:PRE", "organizer", ...
  std::string role;    // protocol::role
  int venue = -1;      // head judge, timekeeper: their venue (index into contest.venues)
  int judge = -1;      // judge: index into contest.judges
};

// Bounds per person (docs/contest-file.md, "每人操作的上限"; docs/security.md): generous for a
// real day, where a judge corrects a mark once or twice and a head judge rules a few times per
// tie, and small enough that an insider's login cannot fill the disk or the views. Counted in
// LiveState by apply_event; the time is RuleInputs::now_ms. Over a bound per performance (or
// per tie) is a conflict (409): nothing more to do there without the head judge or organizer;
// over the bound per minute is too_many (429): wait and retry.
inline constexpr int kMaxMarkCorrections = 10;    // per judge and performance
inline constexpr int kMaxTimingCorrections = 10;  // per performance
inline constexpr int kMaxReturns = 10;            // per performance, all its judges together
inline constexpr int kMaxReopens = 5;             // per performance
// Rulings per round and group: kRulingsPerContestant for each contestant of the group, plus
// kRulingsExtra.
inline constexpr int kRulingsPerContestant = 3;
inline constexpr int kRulingsExtra = 10;
inline constexpr int kMaxHeadJudgeCalls = 10;     // per judge and contestant on stage
inline constexpr int kMaxAbsenceChanges = 6;      // 缺赛 / 弃权 recorded or cleared, per contestant and round
inline constexpr int kMaxRosterCorrections = 6;   // names or schools corrected, per contestant
inline constexpr int kMaxSubstitutes = 20;        // substitutes entered, per group
inline constexpr int kMaxTopicsPerBank = 500;     // topics or cases in one section's bank
// Corrections, returns, reopens, rulings, calls (made or cleared) and absences per person per minute
// (LiveState::recent_bounded_ms, kRecentWindowMs).
inline constexpr int kMaxBoundedPerMinute = 30;

// The bounds above as one value (RuleInputs::bounds). The server always decides with these
// defaults; only a benchmark that measures the store's own ceiling, not the rules, raises them
// (ContestService::set_bounds).
struct Bounds {
  int mark_corrections = kMaxMarkCorrections;
  int timing_corrections = kMaxTimingCorrections;
  int returns = kMaxReturns;
  int reopens = kMaxReopens;
  int rulings_per_contestant = kRulingsPerContestant;
  int rulings_extra = kRulingsExtra;
  int head_judge_calls = kMaxHeadJudgeCalls;
  int per_minute = kMaxBoundedPerMinute;
  int absence_changes = kMaxAbsenceChanges;
  int roster_corrections = kMaxRosterCorrections;
  int substitutes = kMaxSubstitutes;
  int topics_per_bank = kMaxTopicsPerBank;
  // Every bound so high that no day reaches it.
  static Bounds unbounded() {
    constexpr int kHuge = 1'000'000'000;
    return {kHuge, kHuge, kHuge, kHuge, 0, kHuge, kHuge, kHuge, kHuge, kHuge, kHuge, kHuge};
  }
};

// What some rules need from outside the contest and its state.
struct RuleInputs {
  // Now, in wall-clock milliseconds: when a started clock started (clock).
  int64_t now_ms = 0;
  // The contest document's "topics" object (section key -> array of texts); null: no banks
  // (topic_draw refuses). Not owned; must outlive the call.
  const Json* topics = nullptr;
  // The contest document itself (roster_correct and roster_add check the changed document
  // like any contest file; null: they refuse). Not owned; must outlive the call.
  const Json* document = nullptr;
  // An unbiased random integer in [0, n), n > 0 (topic_draw picks among the topics left).
  // Empty: the first topic left (tests).
  std::function<uint64_t(uint64_t n)> random_below;
  // The standings of every mark in the state passed to decide() (advance: who goes on).
  // Empty: computed here from the contest and the state (slow for a big contest; the server
  // passes its cached standings). Who enters a round fed by an earlier one (stage, topic_draw,
  // draw) is the confirmed advancement in the state, never provisional standings.
  std::function<std::shared_ptr<const ContestResult>()> standings;
  // A new draw seed: 64 hex digits from a cryptographic source (a draw sent without a seed).
  // Empty: such a draw is refused.
  std::function<Result<std::string>()> new_seed;
  // The bounds per person (defaults: the constants above).
  Bounds bounds;
};

// An accepted change: the event to record (the server adds seq, time, actor and key:
// make_event, data/live/event.h).
struct Accepted {
  EventBody body;
};

// Accepted, or refused with one Error: kind (conflict, forbidden, not_found, invalid,
// malformed), a message in Chinese for the judge or organizer who reads it, and the field
// (the request's JSON path; "" when the whole request is meant).
using Decision = Result<Accepted>;

Decision decide(const Contest& contest, const LiveState& state, const Actor& who,
                const protocol::ChangeRequest& change, const RuleInputs& inputs = {});

// The change kind of a request ("mark", "publish", ...): the event kind decide() gives it.
std::string change_kind(const protocol::ChangeRequest& change);

}  // namespace lf::live
