#include "display/snapshot_builder.h"

#include <algorithm>
#include <map>
#include <set>

#include "scoring/engine/fixed_point.h"
#include "scoring/protocol/public_state_view.h"

namespace lf {

namespace {

// GET /api/results is read leniently (api_json); the public state through decode_public_state.
using api_json::flag;
using api_json::integer;
using api_json::list;
using api_json::member;

// An exact decimal from the server's JSON, in `decimals` places ("" for null).
std::string shown(const Json& v, int decimals) {
  auto u = json_units(v, decimals);
  return u ? format_fixed(*u, decimals) : std::string();
}

bool has_flag(const Json& standing, const char* name) {
  for (const Json& f : list(standing, "flags"))
    if (f.is_string() && f.get<std::string>() == name) return true;
  return false;
}

// A mark-unit amount in score units (a section's maximum, for the most a row can still reach).
int64_t to_score_units(int64_t mark_units, int mark_decimals, int score_decimals) {
  int64_t u = mark_units;
  for (int i = mark_decimals; i < score_decimals; ++i) u *= 10;
  for (int i = score_decimals; i < mark_decimals; ++i) u /= 10;
  return u;
}

}  // namespace

std::vector<RevealMark> reveal_order(const std::vector<std::string>& kept,
                                     const std::vector<std::string>& dropped, int decimals) {
  struct M {
    int64_t v;
    std::string t;
    bool dropped;
  };
  std::vector<M> all;
  int64_t max_kept = INT64_MIN;
  for (const auto& k : kept) {
    int64_t v = parse_fixed(k, decimals).value_or(0);
    max_kept = std::max(max_kept, v);
    all.push_back({v, k, false});
  }
  std::vector<M> highs, lows;
  for (const auto& d : dropped) {
    int64_t v = parse_fixed(d, decimals).value_or(0);
    (v >= max_kept ? highs : lows).push_back({v, d, true});
  }
  auto by_value = [](const M& a, const M& b) { return a.v < b.v; };
  std::stable_sort(all.begin(), all.end(), by_value);
  std::sort(lows.begin(), lows.end(), by_value);
  std::sort(highs.begin(), highs.end(), by_value);
  std::vector<RevealMark> out;
  for (const auto& m : lows) out.push_back({m.t, true});
  for (const auto& m : all) out.push_back({m.t, false});
  for (const auto& m : highs) out.push_back({m.t, true});
  return out;
}

void order_by_provisional_total(std::vector<LeaderRow>& rows, std::vector<ZoneInput>& totals) {
  std::vector<size_t> idx(rows.size());
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  // Ranked rows first, in rank order; then the unfinished by their total so far; then those with
  // nothing published. Stable: equal totals keep the results' order.
  auto tier = [&](size_t i) { return rows[i].rank ? 0 : !rows[i].total.empty() ? 1 : 2; };
  std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
    if (tier(a) != tier(b)) return tier(a) < tier(b);
    return tier(a) == 1 && totals[a].total > totals[b].total;
  });
  std::vector<LeaderRow> r;
  std::vector<ZoneInput> z;
  for (size_t i : idx) r.push_back(std::move(rows[i])), z.push_back(totals[i]);
  rows = std::move(r);
  totals = std::move(z);
}

namespace {

using FinalGroups = std::set<std::pair<std::string, std::string>>;  // (round, group)

// Under anonymous judging the judges in the hall see this screen: a group's people are shown
// by their draw numbers until its results are final (every result published, no open tie).
std::string draw_label(const PublicStateView& pub, const std::string& id) {
  const StatePerson* p = pub.person(id);
  return p ? p->draw_label() : id + " 号选手";
}

// A standing of someone in the round: their row on the board, and in `z` what the advancement
// zones need of it (the most the row can still reach).
LeaderRow ranked_row(const Json& st, const StateRound& round, const PublicStateView& pub,
                     ZoneInput& z) {
  const int sd = pub.contest.score_decimals, md = pub.contest.mark_decimals;
  LeaderRow row;
  row.contestant = json_string(st, "contestant");
  if (member(st, "rank").is_number_integer()) row.rank = int(integer(st, "rank"));
  row.name = json_string(st, "name");
  row.school = json_string(st, "school");
  row.total = shown(member(st, "total"), sd);
  row.award = json_string(st, "award");
  row.advanced = flag(st, "advanced");
  row.note = json_string(member(st, "tie"), "note");
  row.complete = true;
  z.rank = row.rank;
  z.total = json_units(member(st, "total"), sd).value_or(0);
  z.best_possible = z.total;
  for (const auto& k : round.sections) {
    const Json& sec = member(member(st, "sections"), k.c_str());
    std::string score = shown(member(sec, "score"), sd);
    row.section_scores.push_back(score);
    if (score.empty()) {
      row.complete = false;
      if (const StateSection* def = pub.section(k))
        z.best_possible += to_score_units(def->max_units, md, sd);
    }
  }
  // Nothing published yet: no total to show (0.00 would read as a result).
  if (std::all_of(row.section_scores.begin(), row.section_scores.end(),
                  [](const std::string& x) { return x.empty(); }))
    row.total.clear();
  // A section can show a score while a mark or the time is still missing.
  if (has_flag(st, "incomplete") || has_flag(st, "untimed")) row.complete = false;
  z.complete = row.complete;
  return row;
}

// One group of a round in the results as its board: the rows ordered, the zones set, 缺赛 and
// 弃权 listed last, names hidden under anonymous judging until the group is final. `all_final`:
// every result complete and no open tie.
Leaderboard board_of(const Json& g, const std::string& round_key, const StateRound& round,
                     const PublicStateView& pub, const DisplaySnapshot* previous, bool& all_final) {
  Leaderboard b;
  b.round = round_key;
  b.group = json_string(g, "group");
  // A round of one group is usually named for it ("小学组预赛"): no need to say it twice.
  b.title = round.groups.size() == 1 ? pub.round_name(round_key)
                                     : pub.round_name(round_key) + " · " + pub.group_name(b.group);
  b.advance = round.advance;
  for (const auto& k : round.sections) b.section_names.push_back(pub.section_name(k));
  const Leaderboard* before = nullptr;
  if (previous)
    for (const Leaderboard& pb : previous->boards)
      if (pb.round == b.round && pb.group == b.group) before = &pb;
  std::vector<ZoneInput> zone_in;
  all_final = list(g, "unresolved").empty();
  std::vector<LeaderRow> out_of_round;  // 缺赛 / 弃权 in this round: listed last, as they are
  for (const Json& st : list(g, "standings")) {
    if (has_flag(st, "withdrawn") && !has_flag(st, "absent") && !has_flag(st, "withdrew"))
      continue;  // withdrawn from the whole contest: not on the board at all
    if (has_flag(st, "withdrawn")) {
      LeaderRow row;
      row.contestant = json_string(st, "contestant");
      row.name = json_string(st, "name");
      row.school = json_string(st, "school");
      row.section_scores.assign(round.sections.size(), "");
      row.out = has_flag(st, "absent") ? OutOfRound::kAbsent : OutOfRound::kWithdrew;
      out_of_round.push_back(std::move(row));
      continue;
    }
    ZoneInput z;
    LeaderRow row = ranked_row(st, round, pub, z);
    if (!row.complete) all_final = false;
    if (before && row.rank)
      for (const LeaderRow& pr : before->rows)
        if (pr.contestant == row.contestant && pr.rank) row.movement = *pr.rank - *row.rank;
    zone_in.push_back(z);
    b.rows.push_back(std::move(row));
  }
  b.provisional = !all_final;
  order_by_provisional_total(b.rows, zone_in);
  if (b.advance) {
    if (all_final) {
      // The result is final: who goes on is the server's (the rules and any tie ruling), not
      // arithmetic done here.
      for (size_t i = 0; i < b.rows.size(); ++i)
        b.rows[i].zone = b.rows[i].advanced ? AdvanceZone::kCertain : AdvanceZone::kNone;
    } else {
      auto zones = advance_zones(zone_in, *b.advance);
      for (size_t i = 0; i < b.rows.size(); ++i) b.rows[i].zone = zones[i];
    }
  }
  for (LeaderRow& r : out_of_round) b.rows.push_back(std::move(r));
  if (pub.contest.anonymous_judging && !all_final)
    for (LeaderRow& r : b.rows) r.name = draw_label(pub, r.contestant), r.school.clear();
  return b;
}

// The awards of a board's group, tier by tier, each with the rows that won it (a tier nobody
// won is left out: nothing to call up).
AwardsView awards_of(const Leaderboard& b, const StateRound& round, bool all_final, bool open_tie) {
  AwardsView a;
  a.round = b.round;
  a.group = b.group;
  a.title = b.title;
  a.final = all_final;
  a.open_tie = open_tie;
  for (const StateAwardQuota& aw : round.awards) {
    AwardTier tier;
    tier.award = aw.name;
    for (const LeaderRow& r : b.rows)
      if (r.award == tier.award) tier.rows.push_back(r);
    if (!tier.rows.empty()) a.tiers.push_back(std::move(tier));
  }
  return a;
}

// The section just published (亮分) of the standing `st`, as the reveal shows it.
Reveal reveal_of(const Json& st, const Leaderboard& b, const PublishedSection& published,
                 const PublicStateView& pub, bool all_final) {
  const int sd = pub.contest.score_decimals, md = pub.contest.mark_decimals;
  const Json& sec = member(member(st, "sections"), published.section.c_str());
  Reveal rv;
  rv.seq = published.seq;
  rv.round = b.round;
  rv.group = b.group;
  rv.title = b.title;
  rv.contestant_name = json_string(st, "name");
  rv.school = json_string(st, "school");
  if (pub.contest.anonymous_judging && !all_final)
    rv.contestant_name = draw_label(pub, json_string(st, "contestant")), rv.school.clear();
  rv.section_name = pub.section_name(published.section);
  std::vector<std::string> kept, dropped;
  for (const Json& m : list(sec, "marks")) kept.push_back(shown(m, md));
  for (const Json& m : list(sec, "dropped")) dropped.push_back(shown(m, md));
  rv.marks = reveal_order(kept, dropped, md);
  rv.average = shown(member(sec, "average"), sd);
  // A zero penalty is no penalty: nothing to subtract (and nothing drawn in red).
  if (json_units(member(sec, "penalty"), sd).value_or(0) != 0)
    rv.penalty = shown(member(sec, "penalty"), sd);
  rv.score = shown(member(sec, "score"), sd);
  if (auto over = json_decimal_text(member(sec, "over_s"));
      over && json_units(member(sec, "over_s"), 0).value_or(1) != 0)
    rv.over_s = *over;
  rv.total = shown(member(st, "total"), sd);
  if (member(st, "rank").is_number_integer()) rv.rank = int(integer(st, "rank"));
  return rv;
}

// A venue's stage: who is on (a draw number under anonymous judging until their group is
// final) and the clock of that performance.
StageView stage_of(const StateVenue& v, const PublicStateView& pub,
                   const FinalGroups& final_groups) {
  StageView sv;
  sv.venue = v.name;
  const StateRound* round = pub.round(v.round);
  sv.title = round && round->groups.size() == 1
                 ? pub.round_name(v.round)
                 : pub.round_name(v.round) + " · " + pub.group_name(v.group);
  if (v.stage) {
    const StatePerson& who = v.stage->contestant;
    bool hide = who.name.empty() ||
                (pub.contest.anonymous_judging && !final_groups.count({v.stage->round, v.group}));
    sv.contestant_name = hide ? who.draw_label() : who.name;
    sv.school = hide ? "" : who.school;
  }
  sv.server_time_ms = pub.server_time_ms;
  // The clock of the performance on stage only (the server resets it at each call; a clock
  // naming someone else is never shown as this teacher's). "": a clock of an older log.
  if (v.clock &&
      (v.clock->contestant.empty() || (v.stage && v.clock->contestant == v.stage->contestant.id))) {
    sv.clock_running = v.clock->running;
    sv.elapsed_ms = v.clock->elapsed_at(pub.server_time_ms);
    sv.section_name = pub.section_name(v.clock->section);
    if (const StateSection* def = pub.section(v.clock->section)) {
      sv.min_time_s = def->min_time_s;
      sv.max_time_s = def->max_time_s;
    }
  }
  return sv;
}

}  // namespace

Result<DisplaySnapshot> build_snapshot(const Json& state, const Json& results,
                                       const DisplaySnapshot* previous,
                                       const std::optional<PublishedSection>& last_publish) {
  auto decoded = decode_public_state(state);
  if (!decoded.ok()) return decoded.status();
  const PublicStateView& pub = decoded.value();
  DisplaySnapshot snap;
  snap.contest_name = pub.contest.name;
  snap.contest_date = pub.contest.date;
  snap.organizer = pub.contest.organizer;
  snap.last_seq = std::max(pub.last_seq, integer(results, "last_seq"));
  FinalGroups final_groups;
  for (const Json& rr : list(results, "rounds")) {
    std::string round_key = json_string(rr, "round");
    const StateRound* round = pub.round(round_key);
    if (!round) continue;
    for (const Json& g : list(rr, "groups")) {
      bool all_final = false;
      Leaderboard b = board_of(g, round_key, *round, pub, previous, all_final);
      if (all_final) final_groups.insert({b.round, b.group});
      if (!round->awards.empty())
        snap.awards.push_back(awards_of(b, *round, all_final, !list(g, "unresolved").empty()));
      if (last_publish && last_publish->round == round_key)
        for (const Json& st : list(g, "standings"))
          if (json_string(st, "contestant") == last_publish->contestant)
            snap.reveal = reveal_of(st, b, *last_publish, pub, all_final);
      snap.boards.push_back(std::move(b));
    }
  }
  if (!snap.reveal && previous) snap.reveal = previous->reveal;
  for (const StateVenue& v : pub.venues) snap.stages.push_back(stage_of(v, pub, final_groups));
  return snap;
}

}  // namespace lf
