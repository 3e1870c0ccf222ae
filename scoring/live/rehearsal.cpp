#include "scoring/live/rehearsal.h"

#include <algorithm>

#include "scoring/engine/standings.h"

namespace lf {

void settle_for_rehearsal(const Contest& c, LiveState& state) {
  int64_t seq = state.last_seq;
  for (int pass = 0; pass < 3; ++pass) {
    Contest now = contest_with_state(c, state, false);
    ContestResult result = compute_results(now);
    bool changed = false;
    for (const RoundStandings& rs : result.rounds) {
      // Settling a round that feeds a later one would change who is in the later one.
      bool feeds = false;
      for (const Round& r : c.rounds)
        for (const auto& [g, from] : r.entrants_from) feeds = feeds || from == rs.round;
      if (feeds) continue;
      for (const GroupStandings& gs : rs.groups) {
        for (const Standing& st : gs.standings) {
          if (!(st.flags & kIncomplete) || (st.flags & kWithdrawn)) continue;
          for (const SectionResult& sr : st.sections) {
            std::vector<int64_t> given;
            std::vector<int> missing;
            for (int j : panel_for(c, rs.round, st.contestant, sr.section)) {
              auto it = state.marks.find({rs.round, st.contestant, sr.section, j});
              if (it == state.marks.end()) missing.push_back(j);
              else given.push_back(it->second.points);
            }
            if (given.empty() || missing.empty()) continue;
            std::sort(given.begin(), given.end());
            for (int j : missing)
              state.marks[{rs.round, st.contestant, sr.section, j}] = LiveMark{given[given.size() / 2], ++seq};
            changed = true;
          }
        }
        for (const Unresolved& u : gs.unresolved) {
          state.decisions.push_back({++seq, TieDecision{rs.round, gs.group, u.contestants}});
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
}

}  // namespace lf
