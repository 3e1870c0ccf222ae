#include "scoring/protocol/public_state_view.h"

namespace lf {

namespace {

// Checked access to one object: every getter leaves the default when the member is absent or
// null, and records the first member of the wrong type (the decoder then refuses the answer).
class Fields {
 public:
  Fields(const Json& j, std::string path, std::optional<Error>& error)
      : j_(j), path_(std::move(path)), error_(error) {
    if (!j.is_object() && !j.is_null()) fail(path_, "应为对象，实际为" + json_type_name(j));
  }

  const Json* member(const char* key) const {
    if (!j_.is_object()) return nullptr;
    auto it = j_.find(key);
    return it == j_.end() || it->is_null() ? nullptr : &*it;
  }
  std::string at(const char* key) const { return path_key(path_, key); }

  void text(const char* key, std::string& out) {
    if (const Json* x = member(key)) {
      if (x->is_string()) out = x->get<std::string>();
      else fail(at(key), "应为文字，实际为" + json_type_name(*x));
    }
  }
  void flag(const char* key, bool& out) {
    if (const Json* x = member(key)) {
      if (x->is_boolean()) out = x->get<bool>();
      else fail(at(key), "应为 true 或 false，实际为" + json_type_name(*x));
    }
  }
  template <class Int>
  void integer(const char* key, Int& out) {
    if (const Json* x = member(key)) {
      if (x->is_number_integer()) out = Int(x->get<int64_t>());
      else fail(at(key), "应为整数，实际为" + json_type_name(*x));
    }
  }
  template <class Int>
  void integer(const char* key, std::optional<Int>& out) {
    Int v{};
    if (member(key)) {
      integer(key, v);
      if (member(key)->is_number_integer()) out = v;
    }
  }
  // An exact decimal in units of 10^-decimals.
  void units(const char* key, int decimals, int64_t& out) {
    if (const Json* x = member(key)) {
      if (auto u = json_units(*x, decimals)) out = *u;
      else fail(at(key), "应为最多 " + std::to_string(decimals) + " 位小数的数，实际为" + json_type_name(*x));
    }
  }
  // An array member, each element handed to `each(element, path)`.
  template <class F>
  void list(const char* key, F each) {
    if (const Json* x = member(key)) {
      if (!x->is_array()) return fail(at(key), "应为数组，实际为" + json_type_name(*x));
      for (size_t i = 0; i < x->size() && !error_; ++i) each((*x)[i], path_index(at(key), i));
    }
  }
  void keys(const char* key, std::vector<std::string>& out) {
    list(key, [&](const Json& k, const std::string& path) {
      if (k.is_string()) out.push_back(k.get<std::string>());
      else fail(path, "应为文字，实际为" + json_type_name(k));
    });
  }

  void fail(const std::string& path, const std::string& why) {
    if (!error_) error_ = Error{path, "服务器的回答无法读懂：" + why, ErrorKind::malformed};
  }

 private:
  const Json& j_;
  std::string path_;
  std::optional<Error>& error_;
};

StatePerson person_of(const Json& j, const std::string& path, std::optional<Error>& error) {
  StatePerson p;
  Fields f(j, path, error);
  f.text("id", p.id);
  f.text("name", p.name);
  f.text("school", p.school);
  f.integer("draw", p.draw);
  return p;
}

// The contest's heading: its name, date, organizer, anonymity and decimals.
void contest_of(Fields& top, StateContest& out, std::optional<Error>& error) {
  static const Json kAbsent;  // an older server without "contest": every default
  const Json* contest = top.member("contest");
  Fields c(contest ? *contest : kAbsent, "contest", error);
  c.text("name", out.name);
  c.text("date", out.date);
  c.text("organizer", out.organizer);
  c.flag("anonymous_judging", out.anonymous_judging);
  c.integer("mark_decimals", out.mark_decimals);
  c.integer("score_decimals", out.score_decimals);
  if (out.mark_decimals < 0 || out.mark_decimals > 4) c.fail("contest.mark_decimals", "小数位数应在 0 到 4 之间");
  if (out.score_decimals < 0 || out.score_decimals > 4) c.fail("contest.score_decimals", "小数位数应在 0 到 4 之间");
}

// One venue: its panel, who is on stage and its clock.
StateVenue venue_of(const Json& j, const std::string& path, std::optional<Error>& error) {
  StateVenue x;
  Fields f(j, path, error);
  f.text("key", x.key);
  f.text("name", x.name);
  if (x.name.empty()) x.name = x.key;  // an older server
  f.text("round", x.round);
  f.text("group", x.group);
  f.keys("sections", x.sections);
  f.list("judges", [&](const Json& jj, const std::string& jpath) {
    std::pair<std::string, std::string> judge;
    Fields fj(jj, jpath, error);
    fj.text("id", judge.first);
    fj.text("name", judge.second);
    x.judges.push_back(std::move(judge));
  });
  if (const Json* st = f.member("stage")) {
    StateStage stage;
    Fields fs(*st, f.at("stage"), error);
    fs.text("round", stage.round);
    if (const Json* who = fs.member("contestant")) stage.contestant = person_of(*who, fs.at("contestant"), error);
    fs.integer("since_ms", stage.since_ms);
    fs.keys("recused", stage.recused);
    fs.text("section", stage.section);
    if (!stage.contestant.id.empty()) x.stage = std::move(stage);
  }
  if (const Json* cl = f.member("clock")) {
    StateClock clock;
    Fields fc(*cl, f.at("clock"), error);
    fc.flag("running", clock.running);
    fc.integer("started_at_ms", clock.started_at_ms);
    fc.integer("elapsed_ms", clock.elapsed_ms);
    fc.text("section", clock.section);
    fc.text("contestant", clock.contestant);
    x.clock = clock;
  }
  return x;
}

}  // namespace

std::string StatePerson::draw_label() const { return (draw ? std::to_string(*draw) : id) + " 号选手"; }

std::string StatePerson::label() const {
  if (name.empty()) return draw_label();
  return school.empty() ? name : name + " · " + school;
}

int64_t StateClock::elapsed_at(int64_t server_now_ms) const {
  return running ? elapsed_ms + std::max<int64_t>(0, server_now_ms - started_at_ms) : elapsed_ms;
}

const StateSection* PublicStateView::section(const std::string& key) const {
  for (const auto& x : sections)
    if (x.key == key) return &x;
  return nullptr;
}
const StateRound* PublicStateView::round(const std::string& key) const {
  for (const auto& x : rounds)
    if (x.key == key) return &x;
  return nullptr;
}
const StateVenue* PublicStateView::venue(const std::string& key) const {
  for (const auto& x : venues)
    if (x.key == key) return &x;
  return nullptr;
}
const StatePerson* PublicStateView::person(const std::string& id) const {
  for (const auto& x : people)
    if (x.id == id) return &x;
  return nullptr;
}
std::string PublicStateView::section_name(const std::string& key) const {
  const StateSection* x = section(key);
  return x && !x->name.empty() ? x->name : key;
}
std::string PublicStateView::round_name(const std::string& key) const {
  const StateRound* x = round(key);
  return x && !x->name.empty() ? x->name : key;
}
std::string PublicStateView::group_name(const std::string& key) const {
  for (const auto& x : groups)
    if (x.key == key) return x.name.empty() ? key : x.name;
  return key;
}

namespace api_json {
const Json& member(const Json& j, const char* key) {
  static const Json null;
  if (!j.is_object()) return null;
  auto it = j.find(key);
  return it == j.end() ? null : *it;
}
const Json& list(const Json& j, const char* key) {
  static const Json empty = Json::array();
  const Json& x = member(j, key);
  return x.is_array() ? x : empty;
}
bool flag(const Json& j, const char* key) {
  const Json& x = member(j, key);
  return x.is_boolean() && x.get<bool>();
}
int64_t integer(const Json& j, const char* key, int64_t otherwise) {
  const Json& x = member(j, key);
  return x.is_number_integer() ? x.get<int64_t>() : otherwise;
}
}  // namespace api_json

Result<StatePerson> decode_state_person(const Json& j, const std::string& path) {
  std::optional<Error> error;
  StatePerson p = person_of(j, path, error);
  if (error) return *error;
  return p;
}

Result<PublicStateView> decode_public_state(const Json& state) {
  std::optional<Error> error;
  PublicStateView v;
  if (!state.is_object()) return Error{"", "服务器的回答无法读懂：应为对象，实际为" + json_type_name(state), ErrorKind::malformed};
  Fields top(state, "", error);
  top.integer("last_seq", v.last_seq);
  top.integer("server_time_ms", v.server_time_ms);
  contest_of(top, v.contest, error);
  if (error) return *error;
  const int md = v.contest.mark_decimals, sd = v.contest.score_decimals;
  top.list("sections", [&](const Json& j, const std::string& path) {
    StateSection s;
    Fields f(j, path, error);
    f.text("key", s.key);
    f.text("name", s.name);
    f.text("criteria", s.criteria);
    f.units("max_points", md, s.max_units);
    f.units("step", md, s.step_units);
    if (s.step_units < 1) s.step_units = 1;
    f.integer("min_time_s", s.min_time_s);
    f.integer("max_time_s", s.max_time_s);
    v.sections.push_back(std::move(s));
  });
  top.list("overtime_penalty", [&](const Json& j, const std::string& path) {
    PenaltyTier t{};
    Fields f(j, path, error);
    f.integer("at_least_s", t.at_least_s);
    f.units("points", sd, t.points);
    v.overtime.push_back(t);
  });
  top.list("groups", [&](const Json& j, const std::string& path) {
    StateGroup g;
    Fields f(j, path, error);
    f.text("key", g.key);
    f.text("name", g.name);
    v.groups.push_back(std::move(g));
  });
  top.list("rounds", [&](const Json& j, const std::string& path) {
    StateRound r;
    Fields f(j, path, error);
    f.text("key", r.key);
    f.text("name", r.name);
    f.keys("groups", r.groups);
    f.keys("sections", r.sections);
    f.integer("advance", r.advance);
    f.list("awards", [&](const Json& a, const std::string& apath) {
      StateAwardQuota q;
      Fields fa(a, apath, error);
      fa.text("name", q.name);
      if (const Json* n = fa.member("count"); n && !n->is_string()) fa.integer("count", q.count);  // "rest": none
      r.awards.push_back(std::move(q));
    });
    v.rounds.push_back(std::move(r));
  });
  top.list("venues", [&](const Json& j, const std::string& path) { v.venues.push_back(venue_of(j, path, error)); });
  top.list("draw_numbers", [&](const Json& j, const std::string& path) { v.people.push_back(person_of(j, path, error)); });
  if (error) return *error;
  return v;
}

}  // namespace lf
