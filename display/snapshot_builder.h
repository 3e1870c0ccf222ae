// Builds a DisplaySnapshot from the server's JSON (GET /api/state as a display sees it, and
// GET /api/results with published results only). Pure: the same code serves the live display,
// the demo and the tests.
#pragma once

#include "data/format/json_text.h"
#include "display/display_snapshot.h"

namespace lf {

struct PublishedSection {  // a publish event's payload, for the reveal
  int64_t seq = 0;
  std::string round, contestant, section;
};

// `previous` (may be null) gives the ranks the movement arrows compare against. The state is
// read by decode_public_state (scoring/protocol/public_state_view.h); a state of the wrong shape
// is refused (kind malformed, with its JSON path), never thrown. Advancement on a final board is
// the server's (`advanced` in the results: the rules and any tie ruling); on a running board the
// zones come from scoring/live/advancement.h. Under anonymous judging, a group's people are shown
// by draw number ("3 号选手") on every scene until its results are final.
Result<DisplaySnapshot> build_snapshot(const Json& state, const Json& results,
                               const DisplaySnapshot* previous,
                               const std::optional<PublishedSection>& last_publish);

// The marks of a section in reveal order: ascending, each dropped one struck, the dropped
// lows at the left end and the dropped highs at the right.
std::vector<RevealMark> reveal_order(const std::vector<std::string>& kept,
                                     const std::vector<std::string>& dropped, int decimals);

// Advancement zones (ZoneInput, advance_zones): scoring/live/advancement.h.

// A board mid-round: the ranked rows in rank order, then the unranked (unfinished) rows by their
// total so far (the sections published), high to low, then the rows with nothing published.
// Equal totals keep the results' order (the roster's). `totals[i]` goes with `rows[i]` and is
// reordered with it.
void order_by_provisional_total(std::vector<LeaderRow>& rows, std::vector<ZoneInput>& totals);

}  // namespace lf
