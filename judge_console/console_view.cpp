#include "judge_console/console_view.h"

#include <algorithm>

#include "judge_console/timer_model.h"
#include "scoring/engine/fixed_point.h"
#include "scoring/protocol/public_state_view.h"

namespace lf {

namespace {

using api_json::flag;
using api_json::integer;
using api_json::list;
using api_json::member;

// An exact decimal from the server's JSON, in `decimals` places ("" for null).
std::string shown(const Json& v, int decimals) {
  auto u = json_units(v, decimals);
  return u ? format_fixed(*u, decimals) : std::string();
}

PersonOnStage person(const StatePerson& p, const std::string& round) {
  return {round, p.id, p.name, p.school, p.draw ? std::to_string(*p.draw) : ""};
}

// A contestant object of the role-specific parts (panels, my marks, topic draws); a wrong shape
// is recorded in `error` (the first one wins) and leaves an empty person.
PersonOnStage person(const Json& j, const std::string& round, const std::string& path,
                     std::optional<Error>& error) {
  auto p = decode_state_person(j, path);
  if (!p.ok()) {
    if (!error) error = p.errors().front();
    return {};
  }
  return person(p.value(), round);
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

std::string ConsoleView::display_name() const {
  if (!name.empty() && name != person) return name;
  for (const auto& v : venues)
    for (const auto& [id, judge_name] : v.judges)
      if (id == person && !judge_name.empty()) return judge_name;
  return name.empty() ? person : name;
}

const MarkLine* ConsoleView::my_mark(const std::string& round, const std::string& ct,
                                     const std::string& section) const {
  for (const MarkLine& m : my_marks)
    if (m.state != MarkState::kRefused && m.round == round && m.contestant == ct &&
        m.section == section)
      return &m;
  return nullptr;
}

const MarkLine* ConsoleView::refused_mark(const std::string& round, const std::string& ct,
                                          const std::string& section) const {
  const MarkLine* found = nullptr;
  for (const MarkLine& m : my_marks)
    if (m.round == round && m.contestant == ct && m.section == section)
      found = m.state == MarkState::kRefused   ? &m
              : m.state == MarkState::kWaiting ? nullptr
                                               : found;
  return found;
}

MarkState ConsoleView::my_state(const MyPerformance& p) const {
  if (p.published) return MarkState::kLocked;
  const MarkLine* m = my_mark(p.round, p.contestant, p.section);
  return m ? m->state : MarkState::kMissing;
}

std::string VenueView::performance() const {
  return on_stage ? on_stage->round + "|" + on_stage->id + "|" + std::to_string(on_stage_since_ms)
                  : "";
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

bool ConsoleView::recused(const VenueView& venue, const std::string& judge) const {
  return venue.on_stage &&
         std::find(venue.recused.begin(), venue.recused.end(), judge) != venue.recused.end();
}

VenueProgress ConsoleView::progress(const VenueView& venue) const {
  VenueProgress out;
  for (const PanelView& p : panels) {
    bool here = p.venue.empty() ? p.round == venue.round &&
                                      std::find(venue.sections.begin(), venue.sections.end(),
                                                p.section) != venue.sections.end()
                                : p.venue == venue.key;
    if (!here || !p.absence.empty()) continue;
    ++out.expected;
    out.published += p.published;
    if (std::none_of(p.marks.begin(), p.marks.end(),
                     [](const MarkLine& m) { return m.units.has_value(); })) {
      ++out.unmarked;
      if (std::find(out.unmarked_people.begin(), out.unmarked_people.end(), p.contestant_label) ==
          out.unmarked_people.end())
        out.unmarked_people.push_back(p.contestant_label);
    }
  }
  return out;
}

const AbsenceView* ConsoleView::absence(const std::string& round,
                                        const std::string& contestant) const {
  for (const AbsenceView& a : absences)
    if (a.round == round && a.contestant == contestant) return &a;
  return nullptr;
}

std::vector<const VenueView*> ConsoleView::venues_of_judge(const std::string& judge) const {
  std::vector<const VenueView*> out;
  for (const auto& v : venues)
    for (const auto& [id, name] : v.judges)
      if (id == judge) out.push_back(&v);
  return out;
}

namespace {

// A judge's name from the venues' panels ("评委三"); the id when no panel names them.
std::string judge_name(const ConsoleView& v, const std::string& id) {
  for (const auto& vv : v.venues)
    for (const auto& [jid, name] : vv.judges)
      if (jid == id) return name;
  return id;
}

// The parts of build_console_view, one per section of /api/state; each records the first
// wrong shape it meets in `error` and goes on.

// Who I am, the contest's sections and rounds, and each venue's stage and clock.
void read_contest_and_venues(const Json& state, const PublicStateView& pub, ConsoleView& v) {
  const Json& me = state.contains("me") && state["me"].is_object() ? state["me"] : Json::object();
  v.person = json_string(me, "person");
  v.role = json_string(me, "role");
  v.name = json_string(me, "name");
  v.venue = json_string(me, "venue");
  v.contest_name = pub.contest.name;
  v.mark_decimals = pub.contest.mark_decimals;
  v.score_decimals = pub.contest.score_decimals;
  v.server_time_ms = pub.server_time_ms;
  v.last_seq = pub.last_seq;
  for (const StateSection& s : pub.sections)
    v.sections.push_back(
        {s.key, s.name, s.criteria, s.max_units, s.step_units, s.min_time_s, s.max_time_s});
  v.overtime = pub.overtime;
  for (const StateVenue& x : pub.venues) {
    VenueView vv;
    vv.key = x.key;
    vv.name = x.name;
    vv.round = x.round;
    vv.group = x.group;
    vv.sections = x.sections;
    vv.judges = x.judges;
    if (x.stage) {
      vv.on_stage = person(x.stage->contestant, x.stage->round);
      vv.recused = x.stage->recused;
      vv.on_stage_since_ms = x.stage->since_ms;
      vv.performed_section = x.stage->section;
      v.names[vv.on_stage->id] = vv.on_stage->label();
    }
    if (x.clock) {
      vv.clock_running = x.clock->running;
      vv.clock_elapsed_ms = x.clock->elapsed_at(v.server_time_ms);
      vv.clock_section = x.clock->section;
      vv.clock_contestant = x.clock->contestant;
    }
    v.venues.push_back(vv);
  }
  for (const StateRound& r : pub.rounds) v.round_names[r.key] = r.name;
  for (const StateGroup& g : pub.groups) v.group_names[g.key] = g.name;
}

// The panels' marks, as a head judge or the organizer reads them.
void read_panels(const Json& state, ConsoleView& v, std::optional<Error>& error) {
  const Json& panels = list(state, "panels");
  for (size_t i = 0; i < panels.size(); ++i) {
    const Json& p = panels[i];
    PanelView pv;
    pv.venue = json_string(p, "venue");
    pv.round = json_string(p, "round");
    PersonOnStage who = person(member(p, "contestant"), pv.round,
                               path_key(path_index("panels", i), "contestant"), error);
    pv.contestant = who.id;
    pv.contestant_label = who.label();
    pv.draw = who.draw.empty() ? 0 : std::atoi(who.draw.c_str());
    v.names[who.id] = pv.contestant_label;
    pv.section = json_string(p, "section");
    pv.complete = flag(p, "complete");
    pv.published = flag(p, "published");
    pv.average = shown(member(p, "average"), v.score_decimals);
    pv.penalty = shown(member(p, "penalty"), v.score_decimals);
    pv.score = shown(member(p, "score"), v.score_decimals);
    if (member(p, "duration_s").is_number_integer()) pv.duration_s = integer(p, "duration_s");
    pv.absence = json_string(p, "absence");
    for (const Json& m : list(p, "marks")) {
      MarkLine ml;
      ml.round = pv.round;
      ml.contestant = pv.contestant;
      ml.contestant_label = pv.contestant_label;
      ml.section = pv.section;
      ml.judge = json_string(m, "judge");
      ml.judge_name = judge_name(v, ml.judge);
      ml.units = json_units(member(m, "points"), v.mark_decimals);
      ml.points = ml.units ? format_fixed(*ml.units, v.mark_decimals) : "";
      ml.state = state_of(json_string(m, "status"));
      ml.note = json_string(m, "note");
      ml.dropped = flag(m, "dropped");
      pv.marks.push_back(ml);
    }
    v.panels.push_back(pv);
  }
}

// The venue's recorded times and the calls for the head judge.
void read_times_and_calls(const Json& state, ConsoleView& v) {
  for (const Json& t : list(state, "venue_timings")) {
    const Json& d = member(t, "duration_s");
    auto text = d.is_number() ? json_decimal_text(d) : std::nullopt;
    auto tenths = text ? duration_tenths_of(*text) : std::nullopt;
    if (tenths)
      v.recorded_times[json_string(t, "round") + "|" + json_string(t, "contestant") + "|" +
                       json_string(t, "section")] = *tenths;
  }
  for (const Json& c : list(state, "head_judge_calls")) {
    v.head_judge_calls.push_back(json_string(c, "venue"));
    std::string judge = json_string(c, "judge");
    v.judge_calls.push_back({json_string(c, "venue"), judge,
                             judge.empty() ? "" : judge_name(v, judge), json_string(c, "note")});
  }
}

// The organizer's steps between rounds: each advancement and each draw, as recorded.
void read_round_steps(const Json& state, const PublicStateView& pub, ConsoleView& v,
                      std::optional<Error>& error) {
  // Organizer: between rounds, each round's advancement (a round with a quota) and each round
  // and group's draw, as recorded.
  if (member(state, "advancements").is_array() && member(state, "draws").is_array())
    for (const StateRound& r : pub.rounds) {
      if (r.advance) {
        RoundStep step{r.key, "", false, "", "", {}};
        for (const Json& a : list(state, "advancements"))
          if (json_string(a, "from") == r.key)
            step.done = true, step.by = json_string(a, "by_name");
        v.round_steps.push_back(step);
      }
      for (const std::string& g : r.groups) {
        RoundStep step{r.key, g, false, "", "", {}};
        const Json& recorded = list(state, "draws");
        for (size_t i = 0; i < recorded.size(); ++i) {
          const Json& d = recorded[i];
          if (json_string(d, "round") != r.key || json_string(d, "group") != g) continue;
          step.done = true, step.by = json_string(d, "by_name"), step.seed = json_string(d, "seed");
          step.reason = json_string(d, "reason"), step.at_ms = integer(d, "at_ms");
          step.order.clear(), step.places.clear();
          const Json& order = list(d, "order");
          for (size_t k = 0; k < order.size(); ++k) {
            std::string at = path_index(path_key(path_index("draws", i), "order"), k);
            auto p = decode_state_person(order[k], at);
            if (!p.ok()) {
              if (!error) error = p.errors().front();
              continue;
            }
            step.order.push_back(p->id);
            step.places.push_back({p->draw.value_or(int(k) + 1), p->id, p->name, p->school});
          }
        }
        v.round_steps.push_back(step);
      }
    }
}

// Rulings and 缺赛 / 弃权, with who, when and why.
void read_rulings_and_absences(const Json& state, ConsoleView& v, std::optional<Error>& error) {
  // Rulings, with who, when and why (a head judge's answer holds their own round and group's).
  const Json& rulings = list(state, "rulings");
  for (size_t i = 0; i < rulings.size(); ++i) {
    const Json& r = rulings[i];
    RulingView rv{json_string(r, "round"),  json_string(r, "group"),   {},
                  json_string(r, "reason"), json_string(r, "by_name"), integer(r, "at_ms")};
    const Json& order = list(r, "order");
    for (size_t k = 0; k < order.size(); ++k)
      rv.order.push_back(person(order[k], rv.round,
                                path_index(path_key(path_index("rulings", i), "order"), k), error)
                             .label());
    v.rulings.push_back(rv);
  }
  const Json& absences = list(state, "absences");
  for (size_t i = 0; i < absences.size(); ++i) {
    const Json& a = absences[i];
    AbsenceView av{json_string(a, "round"),
                   "",
                   "",
                   json_string(a, "status"),
                   json_string(a, "reason"),
                   json_string(a, "by_name"),
                   integer(a, "at_ms")};
    PersonOnStage who = person(member(a, "contestant"), av.round,
                               path_key(path_index("absences", i), "contestant"), error);
    av.contestant = who.id, av.contestant_label = who.label();
    v.absences.push_back(av);
  }
}

// The roster (names, groups, draw numbers) and the topics drawn, short and in the banks.
void read_people_and_topics(const Json& state, ConsoleView& v, std::optional<Error>& error) {
  const Json& people = list(state, "contestants");
  for (size_t i = 0; i < people.size(); ++i) {
    PersonOnStage who = person(people[i], "", path_index("contestants", i), error);
    v.contestants.push_back({who.id, who.label()});
    v.names[who.id] = who.label();
    if (std::string g = json_string(people[i], "group"); !g.empty())
      v.contestant_groups[who.id] = g;
    v.name_and_school[who.id] = {who.name, who.school};
    if (const Json& numbers = member(people[i], "draws"); numbers.is_object())
      for (auto it = numbers.begin(); it != numbers.end(); ++it)
        if (it.value().is_number_integer())
          v.draw_numbers[who.id][it.key()] = it.value().get<int>();
  }
  const Json& draws = list(state, "topic_draws");
  for (size_t i = 0; i < draws.size(); ++i) {
    const Json& d = draws[i];
    PersonOnStage who = person(member(d, "contestant"), json_string(d, "round"),
                               path_key(path_index("topic_draws", i), "contestant"), error);
    v.topic_draws.push_back({json_string(d, "round"), who.id, who.label(),
                             json_string(d, "section"), json_string(d, "text"),
                             int(integer(d, "topic")), integer(d, "at_ms")});
  }
  for (const Json& x : list(state, "topic_shortfalls"))
    if (std::string text = json_string(x, "text"); !text.empty())
      v.topic_shortfalls.push_back(text);
  if (const Json& banks = member(state, "topic_banks"); banks.is_object())
    for (auto it = banks.begin(); it != banks.end(); ++it)
      v.topic_banks[it.key()] = it.value().is_number_integer() ? it.value().get<int>() : 0;
}

// The ties to rule, with what is at stake.
void read_ties(const Json& state, ConsoleView& v, std::optional<Error>& error) {
  const Json& ties = list(state, "ties");
  for (size_t i = 0; i < ties.size(); ++i) {
    const Json& t = ties[i];
    TieToRule tie;
    tie.round = json_string(t, "round"), tie.group = json_string(t, "group"),
    tie.kind = json_string(t, "kind");
    tie.ruled = flag(t, "ruled"), tie.decides = flag(t, "decides"),
    tie.shown = json_string(t, "shown");
    for (const Json& k : list(t, "tie_break"))
      if (k.is_string()) tie.tie_break.push_back(k.get<std::string>());
    const Json& people = list(t, "contestants");
    for (size_t k = 0; k < people.size(); ++k) {
      PersonOnStage who =
          person(people[k], tie.round,
                 path_index(path_key(path_index("ties", i), "contestants"), k), error);
      TiedPerson tp{who.id,
                    who.name.empty() ? who.label() : who.name,
                    shown(member(people[k], "total"), v.score_decimals),
                    {}};
      if (const Json& sec = member(people[k], "sections"); sec.is_object())
        for (auto it = sec.begin(); it != sec.end(); ++it)
          tp.sections[it.key()] = shown(it.value(), v.score_decimals);
      tie.contestants.push_back(tp.id);
      tie.people.push_back(std::move(tp));
    }
    for (const Json& p : list(t, "places")) {
      PlaceAtStakeView pv;
      pv.place = int(integer(p, "place"));
      pv.has_award = p.is_object() && p.contains("award");
      pv.award = json_string(p, "award");
      if (const Json& a = member(p, "advances"); a.is_boolean()) pv.advances = a.get<bool>();
      tie.places.push_back(pv);
    }
    v.ties.push_back(std::move(tie));
  }
}

// A judge's own marks and performances.
void read_mine(const Json& state, ConsoleView& v, std::optional<Error>& error) {
  const Json& mine = list(state, "my_marks");
  for (size_t i = 0; i < mine.size(); ++i) {
    const Json& m = mine[i];
    MarkLine ml;
    ml.round = json_string(m, "round");
    ml.contestant = json_string(m, "contestant");
    ml.section = json_string(m, "section");
    ml.judge = json_string(m, "judge");
    ml.units = json_units(member(m, "points"), v.mark_decimals);
    ml.points = ml.units ? format_fixed(*ml.units, v.mark_decimals) : "";
    ml.state = state_of(json_string(m, "status"));
    ml.note = json_string(m, "note");
    ml.revision = integer(m, "revision");
    if (member(m, "who").is_object())
      v.names[ml.contestant] =
          person(member(m, "who"), ml.round, path_key(path_index("my_marks", i), "who"), error)
              .label();
    v.my_marks.push_back(ml);
  }
  const Json& performances = list(state, "my_performances");
  for (size_t i = 0; i < performances.size(); ++i) {
    const Json& p = performances[i];
    MyPerformance mp{json_string(p, "venue"),   json_string(p, "round"), "", "",
                     json_string(p, "section"), flag(p, "published")};
    PersonOnStage who = person(member(p, "contestant"), mp.round,
                               path_key(path_index("my_performances", i), "contestant"), error);
    mp.contestant = who.id, mp.contestant_label = who.label();
    v.names[who.id] = mp.contestant_label;
    v.my_performances.push_back(mp);
  }
}

// The outbox's unsent marks over the server's, then every mark line's name.
void merge_outbox(const std::vector<OutboxItem>& outbox, ConsoleView& v) {
  // The outbox's unsent marks are newer than anything the server has: they show as waiting.
  // A refused one does not hide what the server holds: it is listed beside it.
  for (const OutboxItem& item : outbox) {
    if (item.path != kMarksPath || item.saved_seq > 0) continue;
    MarkLine ml;
    ml.round = json_string(item.body, "round");
    ml.contestant = json_string(item.body, "contestant");
    ml.section = json_string(item.body, "section");
    ml.judge = v.person;
    ml.units = json_units(member(item.body, "points"), v.mark_decimals);
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
}

}  // namespace

Result<ConsoleView> build_console_view(const Json& state, const std::vector<OutboxItem>& outbox) {
  auto decoded = decode_public_state(state);
  if (!decoded.ok()) return decoded.status();
  const PublicStateView& pub = decoded.value();
  std::optional<Error> error;  // the first wrong shape in the role-specific parts
  ConsoleView v;
  read_contest_and_venues(state, pub, v);
  read_panels(state, v, error);
  read_times_and_calls(state, v);
  read_round_steps(state, pub, v, error);
  read_rulings_and_absences(state, v, error);
  read_people_and_topics(state, v, error);
  read_ties(state, v, error);
  read_mine(state, v, error);
  merge_outbox(outbox, v);
  if (error) return *error;
  return v;
}

}  // namespace lf
