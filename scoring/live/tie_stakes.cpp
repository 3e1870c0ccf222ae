#include "scoring/live/tie_stakes.h"

#include <algorithm>
#include <cstdio>

namespace lf {

std::string tie_shown_token(const Contest& c, int round, int group, int first_place,
                            const std::vector<const Standing*>& block) {
  // Independent of the order within the block: a ruling reorders it, and the block is the same.
  std::vector<const Standing*> by_id = block;
  std::sort(by_id.begin(), by_id.end(), [&](const Standing* a, const Standing* b) {
    return c.contestants[size_t(a->contestant)].id < c.contestants[size_t(b->contestant)].id;
  });
  std::string text = c.rounds[size_t(round)].key + "|" + c.groups[size_t(group)].key + "|" +
                     std::to_string(first_place);
  for (const Standing* s : by_id) {
    text += "|" + c.contestants[size_t(s->contestant)].id + ":" + std::to_string(s->total);
    for (const SectionResult& sr : s->sections)
      text += "," + (sr.score ? std::to_string(*sr.score) : "-");
  }
  uint64_t h = 1469598103934665603ull;  // FNV-1a: a fingerprint, not a secret
  for (unsigned char ch : text) h = (h ^ ch) * 1099511628211ull;
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

std::vector<TieAtStake> ties_at_stake(const Contest& c, const ContestResult& result, int round,
                                      int group) {
  std::vector<TieAtStake> out;
  const Round& r = c.rounds[size_t(round)];
  for (const RoundStandings& rs : result.rounds) {
    if (rs.round != round) continue;
    for (const GroupStandings& gs : rs.groups) {
      if (gs.group != group) continue;
      for (const TiedBlock& b : gs.tied) {
        TieAtStake t;
        t.round = round;
        t.group = group;
        t.decision = b.decision;
        for (int ct : b.contestants)
          for (const Standing& st : gs.standings)
            if (st.contestant == ct) t.standings.push_back(&st);
        for (size_t i = 0; i < b.contestants.size(); ++i) {
          PlaceAtStake p{b.first_place + int(i), {}, {}};
          if (!r.awards.empty()) p.award = award_at_place(r.awards, p.place);
          if (r.advance) p.advances = p.place <= *r.advance;
          t.places.push_back(p);
        }
        t.decides = std::any_of(t.places.begin(), t.places.end(), [&](const PlaceAtStake& p) {
          return p.award != t.places.front().award || p.advances != t.places.front().advances;
        });
        std::vector<int> ids = b.contestants;
        std::sort(ids.begin(), ids.end());
        for (const Unresolved& u : gs.unresolved) {
          std::vector<int> uids = u.contestants;
          std::sort(uids.begin(), uids.end());
          if (uids == ids)
            t.open = u.kind;  // an award line and the cutoff: the cutoff is named last
        }
        t.shown = tie_shown_token(c, round, group, b.first_place, t.standings);
        out.push_back(std::move(t));
      }
    }
  }
  return out;
}

}  // namespace lf
