// The part of GET /api/state (docs/api.md) that every role may see: the contest, its sections,
// groups and rounds, and each venue with who is on stage and its clock. Built here, from the
// model and the live state, so the server and the display's demo produce the same JSON.
#pragma once

#include <functional>

#include "data/format/json_text.h"
#include "data/live/live_state.h"
#include "scoring/engine/contest.h"

namespace lf {

// {"id", "draw", "name", "school"}; name and school left out when `anonymous`. `draw` is the
// contestant's number in `round` (data/live: the live draw of that round wins over the file's
// contestants[].draw); round -1: the file's number.
Json contestant_json(const Contest& c, const Json& document, const LiveState& s, int contestant,
                     int round, bool anonymous);

// `now_ms` is the server's clock, sent as server_time_ms.
Json public_state(const Contest& c, const Json& document, const LiveState& s, bool anonymous,
                  int64_t now_ms);
// As above, a contestant's name and school left out where `hide_name(contestant, round)` says
// (a projector under anonymous judging: until their group's results are final).
Json public_state(const Contest& c, const Json& document, const LiveState& s,
                  const std::function<bool(int contestant, int round)>& hide_name, int64_t now_ms);

}  // namespace lf
