// The demo's settling rule. The demo display is a rehearsal of a finished day: where the
// sample contest leaves a judge's mark missing or a tie unruled (on purpose, to exercise the
// rules), settle it as the head judges would, so that the awards can be shown. Only the demo
// does this (display/display_feed.cpp: demo_snapshots); a live display shows what is.
//
// Thread-safety: pure; changes only `state`.
#pragma once

#include "data/live/live_state.h"
#include "scoring/engine/contest.h"

namespace lf {

// In every round that feeds no later round (settling one would change who is in the next):
// each missing mark of an incomplete, not withdrawn contestant's section that has at least one
// mark is set to the median of the panel's marks (the upper middle one of an even count); each
// unresolved tie is ruled in the order the standings list it. Repeated (at most 3 passes) until
// nothing changes, since a ruling or a mark can reveal another boundary. New marks and rulings
// take seqs after state.last_seq (which itself is left as it was).
void settle_for_rehearsal(const Contest& contest, LiveState& state);

}  // namespace lf
