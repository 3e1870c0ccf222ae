#include "scoring/engine/standings.h"

#include <algorithm>
#include <cassert>
#include <numeric>

namespace lf {

std::optional<int> venue_for(const Contest& contest, int round, int group, int section) {
  for (size_t v = 0; v < contest.venues.size(); ++v) {
    const Venue& venue = contest.venues[v];
    if (venue.round != round || venue.group != group) continue;
    if (std::find(venue.sections.begin(), venue.sections.end(), section) != venue.sections.end())
      return int(v);
  }
  return std::nullopt;
}

std::vector<int> panel_for(const Contest& contest, int round, int contestant, int section) {
  const Contestant& c = contest.contestants[size_t(contestant)];
  std::vector<int> panel;
  auto v = venue_for(contest, round, c.group, section);
  if (!v) return panel;
  for (int j : contest.venues[size_t(*v)].judges)
    if (!is_conflicted(contest.judges[size_t(j)], c)) panel.push_back(j);
  return panel;
}

std::optional<int> award_at_place(const std::vector<AwardQuota>& awards, int place) {
  int upto = 0;
  for (size_t a = 0; a < awards.size(); ++a) {
    if (!awards[a].count) return int(a);  // "rest"
    upto += *awards[a].count;
    if (place <= upto) return int(a);
  }
  return std::nullopt;
}

std::vector<int> entrants_of(const Contest& contest, const std::vector<RoundStandings>& earlier,
                             int round, int group) {
  std::vector<int> out;
  const Round& r = contest.rounds[size_t(round)];
  auto from = r.entrants_from.find(group);
  if (from == r.entrants_from.end()) {
    for (size_t c = 0; c < contest.contestants.size(); ++c)
      if (contest.contestants[c].group == group) out.push_back(int(c));
    return out;
  }
  for (const RoundStandings& rs : earlier) {
    if (rs.round != from->second) continue;
    for (const GroupStandings& gs : rs.groups) {
      if (gs.group != group) continue;
      for (const Standing& s : gs.standings)
        if (s.advanced) out.push_back(s.contestant);
    }
  }
  return out;
}

namespace {

// Marks and timings of one round, indexed by contestant (counting sort, O(M)).
struct RoundIndex {
  std::vector<size_t> mark_start;  // CSR offsets into mark_ids, size contestants+1
  std::vector<int> mark_ids;       // indexes into contest.marks, file order per contestant
  std::vector<int> timing;         // [contestant * sections + section] -> latest timing or -1
};

RoundIndex index_round(const Contest& contest, int round) {
  RoundIndex ix;
  const size_t nc = contest.contestants.size(), ns = contest.sections.size();
  ix.mark_start.assign(nc + 1, 0);
  for (const Mark& m : contest.marks)
    if (m.round == round) ++ix.mark_start[size_t(m.contestant) + 1];
  for (size_t c = 0; c < nc; ++c) ix.mark_start[c + 1] += ix.mark_start[c];
  ix.mark_ids.resize(ix.mark_start[nc]);
  std::vector<size_t> fill(ix.mark_start.begin(), ix.mark_start.end() - 1);
  for (size_t i = 0; i < contest.marks.size(); ++i) {
    const Mark& m = contest.marks[i];
    if (m.round == round) ix.mark_ids[fill[size_t(m.contestant)]++] = int(i);
  }
  ix.timing.assign(nc * ns, -1);
  for (size_t i = 0; i < contest.timings.size(); ++i) {
    const Timing& t = contest.timings[i];
    if (t.round == round) ix.timing[size_t(t.contestant) * ns + size_t(t.section)] = int(i);
  }
  return ix;
}

// Panels per section for one (round, group), before conflicts of interest are removed.
std::vector<const Venue*> venues_by_section(const Contest& contest, int round, int group) {
  std::vector<const Venue*> out(contest.sections.size(), nullptr);
  for (const Venue& v : contest.venues)
    if (v.round == round && v.group == group)
      for (int s : v.sections) out[size_t(s)] = &v;
  return out;
}

// The flags of a contestant out of `round`: withdrawn from the contest, or 缺赛 / 弃权 in this
// round only (contest-file.md §7).
unsigned absence_flags(const Contest& contest, int round, int contestant) {
  unsigned flags = contest.contestants[size_t(contestant)].withdrawn ? kWithdrawn : 0u;
  for (const RoundAbsence& a : contest.absences)
    if (a.round == round && a.contestant == contestant)
      flags |= kWithdrawn | (a.kind == AbsenceKind::kAbsent ? kAbsent : kWithdrew);
  return flags;
}

Standing score_contestant(const Contest& contest, int round, int contestant,
                          const RoundIndex& ix, const std::vector<const Venue*>& venues) {
  const Round& r = contest.rounds[size_t(round)];
  const Contestant& c = contest.contestants[size_t(contestant)];
  Standing st;
  st.contestant = contestant;
  st.flags |= absence_flags(contest, round, contestant);

  std::vector<int> panel;
  std::vector<std::optional<int64_t>> panel_marks;
  for (int s : r.sections) {
    panel.clear();
    if (const Venue* v = venues[size_t(s)])
      for (int j : v->judges)
        if (!is_conflicted(contest.judges[size_t(j)], c)) panel.push_back(j);
    panel_marks.assign(panel.size(), std::nullopt);
    // File order: a later mark from the same judge replaces the earlier one.
    for (size_t k = ix.mark_start[size_t(contestant)]; k < ix.mark_start[size_t(contestant) + 1];
         ++k) {
      const Mark& m = contest.marks[size_t(ix.mark_ids[k])];
      if (m.section != s) continue;
      auto seat = std::find(panel.begin(), panel.end(), m.judge);
      if (seat != panel.end()) panel_marks[size_t(seat - panel.begin())] = m.points;
    }
    int t = ix.timing[size_t(contestant) * contest.sections.size() + size_t(s)];
    std::optional<int64_t> duration;
    if (t >= 0) duration = contest.timings[size_t(t)].duration_s;

    SectionResult sr = score_section(contest, s, panel, panel_marks, duration);
    if (!sr.complete()) st.flags |= kIncomplete;
    if (!duration && needs_timing(contest.sections[size_t(s)])) st.flags |= kUntimed;
    if (sr.timing.under_time) st.flags |= kUnderTime;
    if (sr.score) st.total += *sr.score;
    st.sections.push_back(std::move(sr));
  }
  return st;
}

// Orders by total, then the tie_break sections; "equal" means tied for a rank.
struct RankKey {
  const Contest& contest;
  const Round& round;

  int64_t section_score(const Standing& s, int section) const {
    for (size_t i = 0; i < round.sections.size(); ++i)
      if (round.sections[i] == section) return s.sections[i].score.value_or(0);
    return 0;  // a tie-break section this round does not run separates nobody
  }
  // <0: a ahead of b, 0: tied, >0: b ahead of a.
  int compare(const Standing& a, const Standing& b) const {
    if (a.total != b.total) return a.total > b.total ? -1 : 1;
    for (int s : contest.tie_break) {
      int64_t x = section_score(a, s), y = section_score(b, s);
      if (x != y) return x > y ? -1 : 1;
    }
    return 0;
  }
};

// The last recorded decision for this round and group that names every contestant of the
// tied block, if any.
const TieDecision* decision_for(const Contest& contest, int round, int group,
                                const std::vector<Standing>& block) {
  const TieDecision* found = nullptr;
  for (const TieDecision& d : contest.decisions) {
    if (d.round != round || d.group != group) continue;
    bool covers = std::all_of(block.begin(), block.end(), [&](const Standing& s) {
      return std::find(d.order.begin(), d.order.end(), s.contestant) != d.order.end();
    });
    if (covers) found = &d;
  }
  return found;
}

// Within each run of equal totals, which tie_break sections told whom apart: for every pair of
// the run, the first section where their scores differ (the one the rule decided by).
void note_tie_breaks(const Contest& contest, const RankKey& key, std::vector<Standing>& ranked) {
  for (size_t begin = 0; begin < ranked.size();) {
    size_t end = begin + 1;
    while (end < ranked.size() && ranked[end].total == ranked[begin].total) ++end;
    for (size_t a = begin; end - begin > 1 && a < end; ++a) {
      Standing& x = ranked[a];
      for (size_t b = begin; b < end; ++b) {
        for (int s : contest.tie_break) {
          if (key.section_score(x, s) == key.section_score(ranked[b], s)) continue;
          if (std::find(x.tie.sections.begin(), x.tie.sections.end(), s) == x.tie.sections.end())
            x.tie.sections.push_back(s);
          break;
        }
      }
      if (x.tie.sections.empty()) continue;
      std::sort(x.tie.sections.begin(), x.tie.sections.end(), [&](int p, int q) {
        return std::find(contest.tie_break.begin(), contest.tie_break.end(), p) <
               std::find(contest.tie_break.begin(), contest.tie_break.end(), q);
      });
      x.tie.by = TieSettlement::By::kTieBreak;
    }
    begin = end;
  }
}

void sort_ids(const Contest& contest, std::vector<int>& ids) {
  std::sort(ids.begin(), ids.end(), [&](int a, int b) {
    return contest.contestants[size_t(a)].id < contest.contestants[size_t(b)].id;
  });
}

GroupStandings rank_group(const Contest& contest, int round, int group,
                          const std::vector<int>& entrants, const RoundIndex& ix) {
  const Round& r = contest.rounds[size_t(round)];
  auto venues = venues_by_section(contest, round, group);
  GroupStandings gs;
  gs.group = group;

  std::vector<Standing> ranked, unranked, withdrawn;
  for (int c : entrants) {
    Standing st = score_contestant(contest, round, c, ix, venues);
    if (st.flags & kWithdrawn)
      withdrawn.push_back(std::move(st));
    else if (st.ranked_eligible())
      ranked.push_back(std::move(st));
    else
      unranked.push_back(std::move(st));
  }

  RankKey key{contest, r};
  std::stable_sort(ranked.begin(), ranked.end(), [&](const Standing& a, const Standing& b) {
    return key.compare(a, b) < 0;
  });

  note_tie_breaks(contest, key, ranked);

  int place = 1;  // position of the first contestant of the next block
  for (size_t begin = 0; begin < ranked.size();) {
    size_t end = begin + 1;
    while (end < ranked.size() && key.compare(ranked[begin], ranked[end]) == 0) ++end;
    std::vector<Standing> block(std::make_move_iterator(ranked.begin() + long(begin)),
                                std::make_move_iterator(ranked.begin() + long(end)));
    const int size = int(block.size());
    const int last_place = place + size - 1;

    const TieDecision* ruling = size > 1 ? decision_for(contest, round, group, block) : nullptr;
    if (ruling) {
      // The ruling orders the block; each takes a place of their own.
      auto pos = [&](const Standing& s) {
        return std::find(ruling->order.begin(), ruling->order.end(), s.contestant) -
               ruling->order.begin();
      };
      std::stable_sort(block.begin(), block.end(),
                       [&](const Standing& a, const Standing& b) { return pos(a) < pos(b); });
    }
    const bool shared = size > 1 && !ruling;
    if (size > 1) {
      TiedBlock tied{place, {}, ruling ? int(ruling - contest.decisions.data()) : -1};
      for (Standing& s : block) {
        tied.contestants.push_back(s.contestant);
        s.tie.by = ruling ? TieSettlement::By::kRuling : TieSettlement::By::kShared;
        s.tie.decision = tied.decision;
        if (ruling) s.tie.reason = ruling->reason;
      }
      gs.tied.push_back(std::move(tied));
    }

    std::vector<int> ids;
    for (const Standing& s : block) ids.push_back(s.contestant);
    sort_ids(contest, ids);

    // Awards: a shared block that spans more than one award (or an award and none) gets none.
    if (!r.awards.empty()) {
      if (shared && award_at_place(r.awards, place) != award_at_place(r.awards, last_place)) {
        Unresolved u{Unresolved::Kind::kAwardBoundary, {}, ids};
        for (int p = place; p <= last_place; ++p) {
          auto a = award_at_place(r.awards, p);
          if (a && std::find(u.awards.begin(), u.awards.end(), *a) == u.awards.end())
            u.awards.push_back(*a);
        }
        gs.unresolved.push_back(std::move(u));
      } else {
        for (int i = 0; i < size; ++i)
          block[size_t(i)].award = award_at_place(r.awards, shared ? place : place + i);
      }
    }
    // Advancement: the same for the cutoff.
    if (r.advance) {
      if (shared && place <= *r.advance && last_place > *r.advance) {
        gs.unresolved.push_back({Unresolved::Kind::kAdvanceBoundary, {}, ids});
      } else {
        for (int i = 0; i < size; ++i)
          block[size_t(i)].advanced = (shared ? place : place + i) <= *r.advance;
      }
    }
    for (int i = 0; i < size; ++i) {
      block[size_t(i)].rank = shared ? place : place + i;
      gs.standings.push_back(std::move(block[size_t(i)]));
    }
    place += size;
    begin = end;
  }
  for (auto& s : unranked) gs.standings.push_back(std::move(s));
  for (auto& s : withdrawn) gs.standings.push_back(std::move(s));
  return gs;
}

}  // namespace

ContestResult compute_results(const Contest& contest) {
  ContestResult result;
  for (size_t r = 0; r < contest.rounds.size(); ++r) {
    RoundIndex ix = index_round(contest, int(r));
    RoundStandings rs;
    rs.round = int(r);
    for (int g : contest.rounds[r].groups) {
      std::vector<int> entrants = entrants_of(contest, result.rounds, int(r), g);
      rs.groups.push_back(rank_group(contest, int(r), g, entrants, ix));
    }
    result.rounds.push_back(std::move(rs));
  }
  return result;
}

}  // namespace lf
