#include "scoring/protocol/public_state.h"

#include "data/format/contest_file.h"
#include "scoring/protocol/protocol.h"

namespace lf {

Json contestant_json(const Contest& c, const Json& document, const LiveState& s, int ct, int round,
                     bool anonymous) {
  if (ct < 0) return nullptr;
  const Contestant& x = c.contestants[size_t(ct)];
  const Json& raw = document["contestants"][size_t(ct)];
  auto file_number = raw.contains("draw") && raw["draw"].is_number_integer()
                         ? std::optional<int>(raw["draw"].get<int>())
                         : std::nullopt;
  auto number = round < 0 ? file_number : draw_number(c, s, round, ct, file_number);
  Json j = {{"id", x.id}, {"draw", number ? Json(*number) : Json(nullptr)}};
  if (!anonymous) j["name"] = x.name, j["school"] = x.school;
  return j;
}

Json public_state(const Contest& c, const Json& document, const LiveState& s, bool anonymous,
                  int64_t now_ms) {
  return public_state(c, document, s, [anonymous](int, int) { return anonymous; }, now_ms);
}

Json public_state(const Contest& c, const Json& document, const LiveState& s,
                  const std::function<bool(int contestant, int round)>& hide_name, int64_t now_ms) {
  auto person = [&](int ct, int round) { return contestant_json(c, document, s, ct, round, hide_name(ct, round)); };
  Json out = {{"api_version", protocol::kApiVersion}, {"last_seq", s.last_seq}};
  out["contest"] = {{"name", c.name}, {"date", c.date}, {"organizer", c.organizer},
                    {"anonymous_judging", document["contest"].value("anonymous_judging", false)},
                    {"mark_decimals", c.scale.mark_decimals}, {"score_decimals", c.scale.score_decimals}};
  Json sections = Json::array();
  for (const Section& x : c.sections)
    sections.push_back({{"key", x.key}, {"name", x.name},
                        {"max_points", Json::parse(plain_decimal(x.max_points, c.scale.mark_decimals), nullptr, false)},
                        {"step", Json::parse(plain_decimal(c.scale.step, c.scale.mark_decimals), nullptr, false)},
                        {"min_time_s", x.min_time_s ? Json(*x.min_time_s) : Json(nullptr)},
                        {"max_time_s", x.max_time_s ? Json(*x.max_time_s) : Json(nullptr)},
                        {"criteria", x.criteria}});
  out["sections"] = sections;
  // The overtime tiers, so a timekeeper's clock can show what running over will cost.
  Json tiers = Json::array();
  for (const PenaltyTier& t : c.overtime_penalty)
    tiers.push_back({{"at_least_s", t.at_least_s},
                     {"points", Json::parse(plain_decimal(t.points, c.scale.score_decimals), nullptr, false)}});
  out["overtime_penalty"] = tiers;
  // Public structure, so a display can title its scenes without the contest file.
  Json groups = Json::array(), rounds = Json::array();
  for (const Group& g : c.groups) groups.push_back({{"key", g.key}, {"name", g.name}});
  for (const Round& r : c.rounds) {
    Json gs = Json::array(), awards = Json::array(), secs = Json::array();
    for (int g : r.groups) gs.push_back(c.groups[size_t(g)].key);
    for (int k : r.sections) secs.push_back(c.sections[size_t(k)].key);
    for (const AwardQuota& a : r.awards)
      awards.push_back({{"name", a.name}, {"count", a.count ? Json(*a.count) : Json("rest")}});
    rounds.push_back({{"key", r.key}, {"name", r.name}, {"groups", gs}, {"sections", secs},
                      {"advance", r.advance ? Json(*r.advance) : Json(nullptr)}, {"awards", awards}});
  }
  out["groups"] = groups;
  out["rounds"] = rounds;
  // Clients run clocks from started_at_ms: they need the server's now to correct their own.
  out["server_time_ms"] = now_ms;
  Json venues = Json::array();
  for (size_t v = 0; v < c.venues.size(); ++v) {
    const Venue& x = c.venues[v];
    Json secs = Json::array(), judges = Json::array();
    for (int k : x.sections) secs.push_back(c.sections[size_t(k)].key);
    for (int j : x.judges) judges.push_back({{"id", c.judges[size_t(j)].id}, {"name", c.judges[size_t(j)].name}});
    Json stage = nullptr;
    if (auto it = s.stage.find(int(v)); it != s.stage.end() && it->second.contestant >= 0) {
      // The panel's judges who may not mark this contestant (回避), so a judge's console says so
      // before anything is typed; ids only: the school stays out of an anonymous answer.
      Json recused = Json::array();
      for (int j : x.judges)
        if (is_conflicted(c.judges[size_t(j)], c.contestants[size_t(it->second.contestant)]))
          recused.push_back(c.judges[size_t(j)].id);
      stage = {{"round", c.rounds[size_t(it->second.round)].key},
               {"contestant", person(it->second.contestant, it->second.round)},
               {"since_ms", it->second.since_ms}, {"recused", recused}};
      // The section being performed (performed_section): where a judge's keypad opens.
      int performed = performed_section(c, s, int(v));
      stage["section"] = performed >= 0 ? c.sections[size_t(performed)].key : "";
    }
    Json clock = nullptr;
    if (auto it = s.clocks.find(int(v)); it != s.clocks.end())
      clock = {{"running", it->second.running}, {"started_at_ms", it->second.started_at_ms},
               {"elapsed_ms", it->second.elapsed_ms},
               {"section", it->second.section >= 0 ? c.sections[size_t(it->second.section)].key : ""},
               // Whose performance it times: a client shows it only for the one on stage.
               {"contestant", it->second.contestant >= 0 ? c.contestants[size_t(it->second.contestant)].id : ""}};
    venues.push_back({{"key", x.key}, {"name", venue_name(c, int(v))}, {"round", c.rounds[size_t(x.round)].key},
                      {"group", c.groups[size_t(x.group)].key}, {"sections", secs},
                      {"judges", judges}, {"stage", stage}, {"clock", clock}});
  }
  out["venues"] = venues;
  // Every entrant's draw number, never a name: what a projector under anonymous judging shows
  // in place of the name until the group's results are final.
  // `draw` is the number in the latest round drawn for the contestant (the round they are in
  // now); `draws` has it per round (round key -> number), as each round's live draw gave it.
  Json draws = Json::array();
  for (size_t i = 0; i < c.contestants.size(); ++i) {
    if (c.contestants[i].withdrawn) continue;
    int latest = -1;
    Json per_round = Json::object();
    for (size_t r = 0; r < c.rounds.size(); ++r)
      if (auto n = draw_number(c, s, int(r), int(i), std::nullopt)) per_round[c.rounds[r].key] = *n, latest = int(r);
    Json x = contestant_json(c, document, s, int(i), latest, true);
    x["draws"] = per_round;
    draws.push_back(x);
  }
  out["draw_numbers"] = draws;
  // 缺赛 / 弃权 per round, as announced in the hall (the reason and who recorded it are in the
  // organizer's and head judges' views).
  Json absences = Json::array();
  for (const auto& [key, a] : s.absences)
    absences.push_back({{"round", c.rounds[size_t(key.first)].key}, {"contestant", person(key.second, key.first)},
                        {"status", a.kind == AbsenceKind::kAbsent ? "absent" : "withdrew"}});
  out["absences"] = absences;
  return out;
}

}  // namespace lf
