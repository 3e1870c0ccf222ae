#include "judge_console/console_view.h"

#include "scoring/engine/fixed_point.h"

namespace lf {

namespace {


// An exact decimal from the server's JSON, in `decimals` places ("" for null).
std::string shown(const Json& v, int decimals) {
  auto u = json_units(v, decimals);
  return u ? format_fixed(*u, decimals) : std::string();
}

PersonOnStage person(const Json& j, const std::string& round) {
  PersonOnStage p;
  p.round = round;
  p.id = json_string(j, "id");
  p.name = json_string(j, "name");
  p.school = json_string(j, "school");
  if (j.contains("draw") && j["draw"].is_number_integer()) p.draw = std::to_string(j["draw"].get<int>());
  return p;
}

MarkState state_of(const std::string& s) {
  if (s == "saved") return MarkState::kSaved;
  if (s == "returned") return MarkState::kReturned;
  if (s == "locked") return MarkState::kLocked;
  return MarkState::kMissing;
}

}  // namespace

std::string PersonOnStage::label() const {
  if (!name.empty()) return school.empty() ? name : name + " · " + school;
  return (draw.empty() ? id : draw) + " 号选手";
}

const SectionInfo* ConsoleView::section(const std::string& key) const {
  for (const auto& s : sections)
    if (s.key == key) return &s;
  return nullptr;
}

const VenueView* ConsoleView::venue_view(const std::string& key) const {
  for (const auto& v : venues)
    if (v.key == key) return &v;
  return nullptr;
}

std::string ConsoleView::venue_name(const std::string& key) const {
  const VenueView* v = venue_view(key);
  return v ? v->name : key;
}

std::vector<const VenueView*> ConsoleView::venues_of_judge(const std::string& judge) const {
  std::vector<const VenueView*> out;
  for (const auto& v : venues)
    for (const auto& [id, name] : v.judges)
      if (id == judge) out.push_back(&v);
  return out;
}

ConsoleView build_console_view(const Json& state, const std::vector<OutboxItem>& outbox) {
  ConsoleView v;
  const Json& me = state.value("me", Json::object());
  v.person = json_string(me, "person");
  v.role = json_string(me, "role");
  v.name = json_string(me, "name");
  v.venue = json_string(me, "venue");
  const Json& contest = state.value("contest", Json::object());
  v.contest_name = json_string(contest, "name");
  v.mark_decimals = contest.value("mark_decimals", 1);
  v.score_decimals = contest.value("score_decimals", 2);
  v.server_time_ms = state.value("server_time_ms", int64_t{0});
  v.last_seq = state.value("last_seq", int64_t{0});
  for (const Json& s : state.value("sections", Json::array())) {
    SectionInfo si;
    si.key = json_string(s, "key");
    si.name = json_string(s, "name");
    si.criteria = json_string(s, "criteria");
    si.max_units = json_units(s["max_points"], v.mark_decimals).value_or(0);
    si.step_units = std::max<int64_t>(1, json_units(s["step"], v.mark_decimals).value_or(1));
    if (s["min_time_s"].is_number()) si.min_time_s = s["min_time_s"].get<int64_t>();
    if (s["max_time_s"].is_number()) si.max_time_s = s["max_time_s"].get<int64_t>();
    v.sections.push_back(si);
  }
  for (const Json& t : state.value("overtime_penalty", Json::array()))
    v.overtime.push_back({t.value("at_least_s", int64_t{0}), json_units(t["points"], v.score_decimals).value_or(0)});
  for (const Json& x : state.value("venues", Json::array())) {
    VenueView vv;
    vv.key = json_string(x, "key");
    vv.name = json_string(x, "name");
    if (vv.name.empty()) vv.name = vv.key;  // an older server
    vv.round = json_string(x, "round");
    vv.group = json_string(x, "group");
    for (const Json& k : x.value("sections", Json::array())) vv.sections.push_back(k.get<std::string>());
    for (const Json& j : x.value("judges", Json::array())) vv.judges.push_back({json_string(j, "id"), json_string(j, "name")});
    if (x["stage"].is_object()) {
      vv.on_stage = person(x["stage"]["contestant"], json_string(x["stage"], "round"));
      v.names[vv.on_stage->id] = vv.on_stage->label();
    }
    if (x["clock"].is_object()) {
      const Json& c = x["clock"];
      vv.clock_running = c.value("running", false);
      vv.clock_elapsed_ms = c.value("elapsed_ms", int64_t{0});
      if (vv.clock_running)
        vv.clock_elapsed_ms += std::max<int64_t>(0, v.server_time_ms - c.value("started_at_ms", v.server_time_ms));
      vv.clock_section = json_string(c, "section");
    }
    v.venues.push_back(vv);
  }
  auto judge_name = [&](const std::string& id) {
    for (const auto& vv : v.venues)
      for (const auto& [jid, name] : vv.judges)
        if (jid == id) return name;
    return id;
  };
  for (const Json& p : state.value("panels", Json::array())) {
    PanelView pv;
    pv.round = json_string(p, "round");
    PersonOnStage who = person(p["contestant"], pv.round);
    pv.contestant = who.id;
    pv.contestant_label = who.label();
    pv.draw = who.draw.empty() ? 0 : std::atoi(who.draw.c_str());
    v.names[who.id] = pv.contestant_label;
    pv.section = json_string(p, "section");
    pv.complete = p.value("complete", false);
    pv.published = p.value("published", false);
    pv.average = shown(p.value("average", Json(nullptr)), v.score_decimals);
    pv.penalty = shown(p.value("penalty", Json(nullptr)), v.score_decimals);
    pv.score = shown(p.value("score", Json(nullptr)), v.score_decimals);
    if (p["duration_s"].is_number()) pv.duration_s = p["duration_s"].get<int64_t>();
    for (const Json& m : p.value("marks", Json::array())) {
      MarkLine ml;
      ml.round = pv.round;
      ml.contestant = pv.contestant;
      ml.contestant_label = pv.contestant_label;
      ml.section = pv.section;
      ml.judge = json_string(m, "judge");
      ml.judge_name = judge_name(ml.judge);
      ml.units = json_units(m["points"], v.mark_decimals);
      ml.points = ml.units ? format_fixed(*ml.units, v.mark_decimals) : "";
      ml.state = state_of(json_string(m, "status"));
      ml.note = json_string(m, "note");
      ml.dropped = m.value("dropped", false);
      pv.marks.push_back(ml);
    }
    v.panels.push_back(pv);
  }
  for (const Json& c : state.value("head_judge_calls", Json::array())) {
    v.head_judge_calls.push_back(json_string(c, "venue"));
    std::string judge = json_string(c, "judge");
    v.judge_calls.push_back({json_string(c, "venue"), judge, judge.empty() ? "" : judge_name(judge), json_string(c, "note")});
  }
  for (const Json& r : state.value("rounds", Json::array())) v.round_names[json_string(r, "key")] = json_string(r, "name");
  for (const Json& g : state.value("groups", Json::array())) v.group_names[json_string(g, "key")] = json_string(g, "name");
  for (const Json& c : state.value("contestants", Json::array())) {
    PersonOnStage who = person(c, "");
    v.contestants.push_back({who.id, who.label()});
    v.names[who.id] = who.label();
  }
  for (const Json& d : state.value("topic_draws", Json::array())) {
    PersonOnStage who = person(d["contestant"], json_string(d, "round"));
    v.topic_draws.push_back({json_string(d, "round"), who.id, who.label(), json_string(d, "section"),
                             json_string(d, "text"), d.value("topic", 0), d.value("at_ms", int64_t{0})});
  }
  if (state.contains("topic_banks") && state["topic_banks"].is_object())
    for (auto it = state["topic_banks"].begin(); it != state["topic_banks"].end(); ++it)
      v.topic_banks[it.key()] = it.value().is_number_integer() ? it.value().get<int>() : 0;
  for (const Json& t : state.value("unresolved", Json::array())) {
    TieToRule tie{json_string(t, "round"), json_string(t, "group"), json_string(t, "kind"), {}};
    for (const Json& id : t.value("contestants", Json::array())) tie.contestants.push_back(id.get<std::string>());
    v.ties.push_back(tie);
  }
  for (const Json& m : state.value("my_marks", Json::array())) {
    MarkLine ml;
    ml.round = json_string(m, "round");
    ml.contestant = json_string(m, "contestant");
    ml.section = json_string(m, "section");
    ml.judge = json_string(m, "judge");
    ml.units = json_units(m["points"], v.mark_decimals);
    ml.points = ml.units ? format_fixed(*ml.units, v.mark_decimals) : "";
    ml.state = state_of(json_string(m, "status"));
    ml.note = json_string(m, "note");
    if (m.contains("revision") && m["revision"].is_number_integer()) ml.revision = m["revision"].get<int64_t>();
    if (m.contains("who") && m["who"].is_object()) v.names[ml.contestant] = person(m["who"], ml.round).label();
    v.my_marks.push_back(ml);
  }
  // The outbox's unsent marks are newer than anything the server has: they show as waiting.
  // A refused one does not hide what the server holds: it is listed beside it.
  for (const OutboxItem& item : outbox) {
    if (item.path != kMarksPath || item.saved_seq > 0) continue;
    MarkLine ml;
    ml.round = json_string(item.body, "round");
    ml.contestant = json_string(item.body, "contestant");
    ml.section = json_string(item.body, "section");
    ml.judge = v.person;
    ml.units = json_units(item.body["points"], v.mark_decimals);
    ml.points = ml.units ? format_fixed(*ml.units, v.mark_decimals) : "";
    ml.state = item.refused.empty() ? MarkState::kWaiting : MarkState::kRefused;
    ml.note = item.refused;
    bool replaced = false;
    if (ml.state == MarkState::kWaiting)
      for (MarkLine& existing : v.my_marks)
        if (existing.state != MarkState::kRefused && existing.round == ml.round &&
            existing.contestant == ml.contestant && existing.section == ml.section) {
          ml.revision = existing.revision;
          existing = ml;
          replaced = true;
        }
    if (!replaced) v.my_marks.push_back(ml);
  }
  for (MarkLine& ml : v.my_marks) {
    auto it = v.names.find(ml.contestant);
    ml.contestant_label = it != v.names.end() ? it->second : ml.contestant;
  }
  return v;
}

}  // namespace lf
