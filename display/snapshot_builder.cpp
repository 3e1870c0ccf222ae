#include "display/snapshot_builder.h"

#include <algorithm>
#include <map>

#include "scoring/engine/fixed_point.h"

namespace lf {

namespace {

// An exact decimal from the server's JSON, in `decimals` places ("" for null).
std::string shown(const Json& v, int decimals) {
  auto u = json_units(v, decimals);
  return u ? format_fixed(*u, decimals) : std::string();
}

const Json* find_by(const Json& list, const char* key, const std::string& value) {
  if (!list.is_array()) return nullptr;
  for (const Json& x : list)
    if (json_string(x, key) == value) return &x;
  return nullptr;
}

std::string name_of(const Json& list, const std::string& key) {
  const Json* x = find_by(list, "key", key);
  return x ? json_string(*x, "name") : key;
}

bool has_flag(const Json& standing, const char* flag) {
  for (const Json& f : standing.value("flags", Json::array()))
    if (f == flag) return true;
  return false;
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

DisplaySnapshot build_snapshot(const Json& state, const Json& results,
                               const DisplaySnapshot* previous,
                               const std::optional<PublishedSection>& last_publish) {
  DisplaySnapshot snap;
  const Json& contest = state.value("contest", Json::object());
  snap.contest_name = json_string(contest, "name");
  snap.contest_date = json_string(contest, "date");
  snap.organizer = json_string(contest, "organizer");
  snap.last_seq = std::max(state.value("last_seq", int64_t{0}), results.value("last_seq", int64_t{0}));
  const int sd = contest.value("score_decimals", 2);
  const Json& sections = state.value("sections", Json::array());
  const Json& groups = state.value("groups", Json::array());
  const Json& rounds = state.value("rounds", Json::array());

  for (const Json& rr : results.value("rounds", Json::array())) {
    std::string round_key = json_string(rr, "round");
    const Json* round = find_by(rounds, "key", round_key);
    if (!round) continue;
    std::vector<std::string> round_sections;
    for (const Json& k : round->value("sections", Json::array())) round_sections.push_back(k.get<std::string>());
    std::optional<int> advance;
    if ((*round)["advance"].is_number_integer()) advance = (*round)["advance"].get<int>();
    for (const Json& g : rr.value("groups", Json::array())) {
      Leaderboard b;
      b.round = round_key;
      b.group = json_string(g, "group");
      // A round of one group is usually named for it ("小学组预赛"): no need to say it twice.
      b.title = round->value("groups", Json::array()).size() == 1
                    ? json_string(*round, "name")
                    : json_string(*round, "name") + " · " + name_of(groups, b.group);
      b.advance = advance;
      for (const auto& k : round_sections) b.section_names.push_back(name_of(sections, k));
      const Leaderboard* before = nullptr;
      if (previous)
        for (const Leaderboard& pb : previous->boards)
          if (pb.round == b.round && pb.group == b.group) before = &pb;
      std::vector<ZoneInput> zone_in;
      bool all_final = g.value("unresolved", Json::array()).empty();
      for (const Json& st : g.value("standings", Json::array())) {
        if (has_flag(st, "withdrawn")) continue;
        LeaderRow row;
        row.contestant = json_string(st, "contestant");
        if (st["rank"].is_number_integer()) row.rank = st["rank"].get<int>();
        row.name = json_string(st, "name");
        row.school = json_string(st, "school");
        row.total = shown(st["total"], sd);
        row.award = json_string(st, "award");
        row.complete = true;
        ZoneInput z;
        z.rank = row.rank;
        z.total = json_units(st["total"], sd).value_or(0);
        z.best_possible = z.total;
        for (const auto& k : round_sections) {
          const Json& sec = st["sections"].value(k, Json::object());
          std::string score = shown(sec.value("score", Json(nullptr)), sd);
          row.section_scores.push_back(score);
          if (score.empty()) {
            row.complete = false;
            const Json* def = find_by(sections, "key", k);
            if (def) z.best_possible += json_units((*def)["max_points"], sd).value_or(0);
          }
        }
        // Nothing published yet: no total to show (0.00 would read as a result).
        if (std::all_of(row.section_scores.begin(), row.section_scores.end(),
                        [](const std::string& x) { return x.empty(); }))
          row.total.clear();
        // A section can show a score while a mark or the time is still missing.
        if (has_flag(st, "incomplete") || has_flag(st, "untimed")) row.complete = false;
        z.complete = row.complete;
        if (!row.complete) all_final = false;
        if (before && row.rank)
          for (const LeaderRow& pr : before->rows)
            if (pr.contestant == row.contestant && pr.rank) row.movement = *pr.rank - *row.rank;
        zone_in.push_back(z);
        b.rows.push_back(std::move(row));
      }
      b.provisional = !all_final;
      order_by_provisional_total(b.rows, zone_in);
      if (advance) {
        auto zones = advance_zones(zone_in, *advance);
        for (size_t i = 0; i < b.rows.size(); ++i) b.rows[i].zone = zones[i];
      }
      const Json& awards = round->value("awards", Json::array());
      if (!awards.empty()) {
        AwardsView a;
        a.round = b.round;
        a.group = b.group;
        a.title = b.title;
        a.final = all_final;
        for (const Json& aw : awards) {
          AwardTier tier;
          tier.award = json_string(aw, "name");
          for (const LeaderRow& r : b.rows)
            if (r.award == tier.award) tier.rows.push_back(r);
          if (!tier.rows.empty()) a.tiers.push_back(std::move(tier));  // nothing to call up
        }
        snap.awards.push_back(std::move(a));
      }
      if (last_publish && last_publish->round == round_key) {
        for (const Json& st : g.value("standings", Json::array())) {
          if (json_string(st, "contestant") != last_publish->contestant) continue;
          const Json& sec = st["sections"].value(last_publish->section, Json::object());
          Reveal rv;
          rv.seq = last_publish->seq;
          rv.round = b.round;
          rv.group = b.group;
          rv.title = b.title;
          rv.contestant_name = json_string(st, "name");
          rv.school = json_string(st, "school");
          rv.section_name = name_of(sections, last_publish->section);
          const int md = contest.value("mark_decimals", 1);
          std::vector<std::string> kept, dropped;
          for (const Json& m : sec.value("marks", Json::array())) kept.push_back(shown(m, md));
          for (const Json& m : sec.value("dropped", Json::array())) dropped.push_back(shown(m, md));
          rv.marks = reveal_order(kept, dropped, md);
          rv.average = shown(sec.value("average", Json(nullptr)), sd);
          rv.penalty = shown(sec.value("penalty", Json(nullptr)), sd);
          rv.score = shown(sec.value("score", Json(nullptr)), sd);
          if (sec.value("over_s", Json(nullptr)).is_number() && sec["over_s"].get<double>() > 0)
            rv.over_s = json_decimal_text(sec["over_s"]).value_or("");
          rv.total = shown(st["total"], sd);
          if (st["rank"].is_number_integer()) rv.rank = st["rank"].get<int>();
          snap.reveal = std::move(rv);
        }
      }
      snap.boards.push_back(std::move(b));
    }
  }
  if (!snap.reveal && previous) snap.reveal = previous->reveal;

  const int64_t server_now = state.value("server_time_ms", int64_t{0});
  for (const Json& v : state.value("venues", Json::array())) {
    StageView sv;
    sv.venue = json_string(v, "name");  // what people read; the key from an older server
    if (sv.venue.empty()) sv.venue = json_string(v, "key");
    const Json* round = find_by(rounds, "key", json_string(v, "round"));
    sv.title = round && round->value("groups", Json::array()).size() == 1
                   ? json_string(*round, "name")
                   : (round ? json_string(*round, "name") : json_string(v, "round")) + " · " + name_of(groups, json_string(v, "group"));
    if (v["stage"].is_object()) {
      const Json& who = v["stage"]["contestant"];
      sv.contestant_name = json_string(who, "name");
      sv.school = json_string(who, "school");
    }
    sv.server_time_ms = server_now;
    if (v["clock"].is_object()) {
      const Json& c = v["clock"];
      sv.clock_running = c.value("running", false);
      sv.elapsed_ms = c.value("elapsed_ms", int64_t{0});
      if (sv.clock_running) sv.elapsed_ms += std::max<int64_t>(0, server_now - c.value("started_at_ms", server_now));
      std::string sk = json_string(c, "section");
      sv.section_name = name_of(sections, sk);
      if (const Json* def = find_by(sections, "key", sk)) {
        if ((*def)["min_time_s"].is_number()) sv.min_time_s = (*def)["min_time_s"].get<int64_t>();
        if ((*def)["max_time_s"].is_number()) sv.max_time_s = (*def)["max_time_s"].get<int64_t>();
      }
    }
    snap.stages.push_back(std::move(sv));
  }
  return snap;
}

}  // namespace lf
