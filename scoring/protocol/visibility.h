// Who sees what (contest-file.md §6), decided in one place for the state, the results and the
// live feed: a pure function of the viewer (role, venue, judge), the contest's anonymity and,
// for an event, where it happened. The access table (access.h) says which reads a role has at
// all and their scope; this file turns that into the parts of each answer, and the feed's
// audience of each event kind into one table (event_audience()).
//
// Readers: ContestService::state_view, results and the live feed (through live::may_see),
// and the tests generated from the tables (tests/live/visibility_test.cpp: every role × every
// event kind × own or other venue × anonymous on or off).
//
// Pure; thread-safety: immutable tables and value functions.
#pragma once

#include <string_view>
#include <vector>

#include "data/live/event.h"
#include "scoring/engine/contest.h"
#include "scoring/engine/standings.h"
#include "scoring/protocol/access.h"

namespace lf::protocol {

// The person looking (the server's session, reduced to what visibility reads).
struct Viewer {
  std::string_view role;
  int venue = -1;  // head judge, timekeeper: their venue (index into contest.venues)
  int judge = -1;  // judge: index into contest.judges
};

// What one viewer's /api/state and /api/results hold.
struct ViewRules {
  // The access table's scope of `results` (the feed's is read by may_see, the state's below).
  Scope results = Scope::kNothing;
  // Contestants' names and schools; false: the draw number only (a judge under anonymous
  // judging: the name next to a number is what they must not learn).
  bool names = true;
  // Names only for a group whose results are final (group_is_final); a draw number before
  // (a projector under anonymous judging: the judges in the hall read it).
  bool names_when_final = false;
  // Every judge's 回避 for the one on stage; false: a judge only their own, a display none
  // (under anonymous judging, that J03 may not mark her tells J03's school).
  bool every_recusal = true;
  // The prep room's parts: every entrant with their draw numbers, the topics drawn, the banks.
  bool prep_room = false;
  // A judge's own marks and performances (my_marks, my_performances).
  bool own_marks = false;
  // The times recorded at the viewer's venue (a timekeeper's 已记录).
  bool venue_times = false;
  // The venue's desk: every judge's marks of its performances, ties, calls for the head judge,
  // rulings, draws, advancements and absences with who and why (head judge: their venue; the
  // organizer: all of them).
  bool desk = false;
  // The results: readable at all (a judge under anonymous judging: no), and with the sections
  // not yet published (the organizer).
  bool may_read_results = false;
  bool unpublished_results = false;

  // The desk covers every venue (the organizer), not only the viewer's.
  bool all_venues = false;

  // Whether a desk part of `venue` (its performances, calls) is this viewer's.
  bool desk_covers_venue(int venue, int viewer_venue) const {
    return desk && (all_venues || venue == viewer_venue);
  }
};

ViewRules view_rules(const Viewer& viewer, bool anonymous_judging);

// Whether a group's results, as the projector sees them (published sections only), are final:
// every entrant still in the round has a score in every section, complete and timed, and no tie
// waits for a ruling. Under anonymous judging its names are shown from then on.
bool group_is_final(const GroupStandings& group);

// Whether a desk part of a round and group (its rulings, draw, absences) is the viewer's: all of
// them for the organizer, the round and group their venue runs for a head judge.
bool desk_covers(const Contest& contest, const ViewRules& rules, const Viewer& viewer, int round, int group);

// ---- The live feed ----

// Where an event happened, as far as visibility asks: the venue it belongs to, the round and
// group, the judge whose mark or call it is (-1 where it names none).
struct EventPlace {
  int venue = -1, round = -1, group = -1, judge = -1;
};
EventPlace event_place(const Contest& contest, const EventBody& body);

// Whom an event kind reaches, besides the organizer (who sees every event).
enum class Reach {
  kAnywhere,         // wherever it happened
  kOwnVenue,         // an event of the viewer's venue
  kOwnRoundGroup,    // an event of the round and group the viewer's venue runs
  kPanelOfVenue,     // a judge on the panel of the event's venue
  kOwnJudge,         // a judge's own mark, returned mark or call
};
struct Audience {
  std::string_view kind;  // an event kind (known_event_kinds())
  std::string_view role;
  Reach reach;
};

// Every (kind, role) that sees some events of that kind; a pair not listed sees none.
const std::vector<Audience>& event_audience();

// Whether `viewer` sees `event` on the live feed.
bool may_see(const Contest& contest, const Viewer& viewer, const Event& event);

}  // namespace lf::protocol
