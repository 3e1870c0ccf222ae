#include "data/live/live_state.h"

#include <algorithm>

#include "data/format/contest_file.h"
#include "scoring/engine/fixed_point.h"

namespace lf {

namespace {

std::string str(const Json& p, const char* key) {
  auto it = p.find(key);
  return it != p.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Error bad(const Event& e, const std::string& why) {
  return Error{"events[seq " + std::to_string(e.seq) + "]",
               "比赛记录第 " + std::to_string(e.seq) + " 条（" + e.kind() + "）" + why};
}

// A list of contestant ids as indexes; nullopt when one is unknown.
std::optional<std::vector<int>> contestants_in(const Contest& c, const std::vector<std::string>& ids) {
  std::vector<int> out;
  for (const auto& id : ids) {
    int ct = find_contestant(c, id);
    if (ct < 0) return std::nullopt;
    out.push_back(ct);
  }
  return out;
}

// Applies one event's body to the state: one member per kind, so that a kind added to
// EventBody and left out here does not compile. Each returns the event's error, the state then
// untouched (every check comes before the first change).
class Applier {
 public:
  Applier(const Contest& c, const Event& e, LiveState& s) : c_(c), e_(e), s_(s) {}

  Status operator()(const ev::Mark& m) {
    auto k = mark_key(m.round, m.contestant, m.section, m.judge);
    auto pts = parse_fixed(m.points.text, c_.scale.mark_decimals);
    if (!k || !pts) return bad(e_, "缺少评分的内容（轮次、选手、环节、评委或分数）");
    if (s_.marks.count(*k)) {
      ++s_.mark_corrections[*k];
      count_recent();
    }
    s_.marks[*k] = {*pts, e_.seq};
    s_.returned.erase(*k);
    return {};
  }
  Status operator()(const ev::Timing& t) {
    auto k = perf(t.round, t.contestant, t.section);
    const std::string& text = t.duration_s.text;
    if (!k || text.empty()) return bad(e_, "缺少计时的内容（轮次、选手、环节或用时）");
    auto whole = parse_fixed(text.substr(0, text.find('.')), 0);
    if (!whole || *whole < 0) return bad(e_, "用时不是可用的秒数");
    if (s_.timings.count(*k)) {
      ++s_.timing_corrections[*k];
      count_recent();
    }
    s_.timings[*k] = {text, *whole, e_.seq};
    return {};
  }
  Status operator()(const ev::Publish& p) {
    auto k = perf(p.round, p.contestant, p.section);
    if (!k) return bad(e_, "缺少轮次、选手或环节");
    s_.published.insert(*k);
    return {};
  }
  Status operator()(const ev::Reopen& r) {
    auto k = perf(r.round, r.contestant, r.section);
    if (!k) return bad(e_, "缺少轮次、选手或环节");
    s_.published.erase(*k);
    ++s_.reopens[*k];
    count_recent();
    return {};
  }
  Status operator()(const ev::Return& r) {
    auto k = mark_key(r.round, r.contestant, r.section, r.judge);
    if (!k) return bad(e_, "缺少退回评分的内容（轮次、选手、环节或评委）");
    s_.returned[*k] = r.note;
    ++s_.returns[{std::get<0>(*k), std::get<1>(*k), std::get<2>(*k)}];
    count_recent();
    return {};
  }
  Status operator()(const ev::Decision& d) {
    int round = find_round(c_, d.round), group = find_group(c_, d.group);
    if (round < 0 || group < 0 || d.order.empty()) return bad(e_, "缺少裁决的内容（轮次、组别或名次顺序）");
    auto order = contestants_in(c_, d.order);
    if (!order) return bad(e_, "名次顺序中有不存在的选手");
    s_.decisions.emplace_back(e_.seq, TieDecision{round, group, std::move(*order)});
    s_.ruling_notes.resize(s_.decisions.size() - 1);  // decisions added without a note (demo)
    s_.ruling_notes.push_back(RulingNote{by(d.by), at(d.at_ms), d.reason.value_or("")});
    ++s_.rulings_made[{round, group}];
    count_recent();
    return {};
  }
  Status operator()(const ev::Advance& a) {
    int from = find_round(c_, a.from);
    if (from < 0) return bad(e_, "缺少晋级的内容（轮次或各组名单）");
    LiveAdvancement out{{}, by(a.by), at(a.at_ms), e_.seq};
    for (const ev::AdvancingGroup& g : a.groups) {
      int group = find_group(c_, g.group);
      auto who = group >= 0 ? contestants_in(c_, g.contestants) : std::nullopt;
      if (!who) return bad(e_, "晋级名单中有不存在的组别或选手");
      out.groups[group] = std::move(*who);
    }
    s_.advancements[from] = std::move(out);
    return {};
  }
  Status operator()(const ev::Draw& d) {
    int round = find_round(c_, d.round), group = find_group(c_, d.group);
    if (round < 0 || group < 0) return bad(e_, "缺少抽签的轮次或组别");
    auto order = contestants_in(c_, d.order);
    if (!order) return bad(e_, "抽签顺序中有不存在的选手");
    s_.draws[{round, group}] = LiveDraw{std::move(*order), e_.payload, by(d.by), at(d.at_ms), e_.seq};
    return {};
  }
  Status operator()(const ev::Absence& a) {
    int round = find_round(c_, a.round), ct = find_contestant(c_, a.contestant);
    if (round < 0 || ct < 0 || (a.status != "absent" && a.status != "withdrew" && a.status != "cleared"))
      return bad(e_, "缺少缺赛或弃权的内容（轮次、选手或状态）");
    const std::pair<int, int> key{round, ct};
    if (a.status == "cleared")
      s_.absences.erase(key);
    else
      s_.absences[key] = LiveAbsence{a.status == "absent" ? AbsenceKind::kAbsent : AbsenceKind::kWithdrew,
                                     a.reason, by(a.by), at(a.at_ms), e_.seq};
    if (e_.actor != "import") {  // a file's absences are the starting point, not a change
      ++s_.absence_changes[key];
      count_recent();
    }
    return {};
  }
  // The roster and topic changes are the document's (apply_document_change); the state counts
  // them for the bounds.
  Status operator()(const ev::RosterCorrect& r) {
    if (r.contestant.empty()) return bad(e_, "缺少名单更正的选手");
    ++s_.roster_corrections[r.contestant];
    count_recent();
    return {};
  }
  Status operator()(const ev::RosterAdd& r) {
    if (r.contestant.empty()) return bad(e_, "缺少名单更正的选手");
    ++s_.substitutes_added[r.group];
    count_recent();
    return {};
  }
  Status operator()(const ev::TopicAdd& t) {
    if (t.section.empty()) return bad(e_, "缺少加题的环节");
    return {};
  }
  Status operator()(const ev::Stage& st) {
    int venue = find_venue(c_, st.venue);
    if (venue < 0) return bad(e_, "赛场不存在");
    StageCall call{find_round(c_, st.round), find_contestant(c_, st.contestant), e_.at_ms};
    if (st.contestant.empty()) call = StageCall{};
    else if (call.round < 0 || call.contestant < 0) return bad(e_, "轮次或选手不存在");
    s_.stage[venue] = call;
    if (call.contestant >= 0) s_.called.insert({venue, call.round, call.contestant});
    s_.clocks.erase(venue);  // a new contestant starts with a reset clock
    return {};
  }
  Status operator()(const ev::Clock& k) {
    int venue = find_venue(c_, k.venue);
    if (venue < 0) return bad(e_, "赛场不存在");
    // Older logs lack the round and contestant: -1 there.
    s_.clocks[venue] = ClockState{k.running, find_section(c_, k.section), k.started_at_ms, k.elapsed_ms,
                                  find_round(c_, k.round), find_contestant(c_, k.contestant)};
    return {};
  }
  Status operator()(const ev::CallHeadJudge& h) {
    int venue = find_venue(c_, h.venue);
    if (venue < 0) return bad(e_, "赛场不存在");
    if (h.cleared.value_or(false)) {
      s_.head_judge_called[venue] = HeadJudgeCallState{};
    } else {
      s_.head_judge_called[venue] = HeadJudgeCallState{e_.at_ms, h.judge.value_or(""), h.note.value_or("")};
      auto on = s_.stage.find(venue);
      const StageCall now = on == s_.stage.end() ? StageCall{} : on->second;
      ++s_.head_judge_calls_made[{find_judge(c_, h.judge.value_or("")), venue, now.round, now.contestant}];
    }
    count_recent();
    return {};
  }
  Status operator()(const ev::TopicDraw& t) {
    auto k = perf(t.round, t.contestant, t.section);
    if (!k || !t.topic) return bad(e_, "缺少抽题的内容（轮次、选手、环节或题号）");
    s_.topic_draws[*k] = {int(*t.topic), e_.at_ms};
    return {};
  }
  // The import is the starting point; a display's scene is the display's business. Neither
  // changes the contest's state.
  Status operator()(const ev::Import&) { return {}; }
  Status operator()(const ev::DisplayScene&) { return {}; }
  Status operator()(const ev::UnknownEvent&) {
    return bad(e_, "是本程序不认识的记录种类（可能由更新版本的 liangfen 写入）");
  }

 private:
  std::optional<PerformanceKey> perf(const std::string& round, const std::string& contestant,
                                     const std::string& section) const {
    int r = find_round(c_, round), ct = find_contestant(c_, contestant), sec = find_section(c_, section);
    if (r < 0 || ct < 0 || sec < 0) return std::nullopt;
    return PerformanceKey{r, ct, sec};
  }
  std::optional<MarkKey> mark_key(const std::string& round, const std::string& contestant,
                                  const std::string& section, const std::string& judge) const {
    auto p = perf(round, contestant, section);
    int j = find_judge(c_, judge);
    if (!p || j < 0) return std::nullopt;
    return MarkKey{std::get<0>(*p), std::get<1>(*p), std::get<2>(*p), j};
  }
  // Who and when of a recorded thing: the file's "by" and "at_ms" when it carries them (an
  // exported file re-imported), otherwise the event's own.
  std::string by(const std::optional<std::string>& recorded) const {
    return recorded && !recorded->empty() ? *recorded : e_.actor;
  }
  int64_t at(std::optional<int64_t> recorded) const { return recorded.value_or(e_.at_ms); }
  // One more bounded change by the event's actor at its time; the times older than the window go.
  void count_recent() {
    std::vector<int64_t>& times = s_.recent_bounded_ms[e_.actor];
    std::erase_if(times, [&](int64_t t) { return t <= e_.at_ms - kRecentWindowMs; });
    times.push_back(e_.at_ms);
  }

  const Contest& c_;
  const Event& e_;
  LiveState& s_;
};

}  // namespace

Status apply_event(const Contest& c, const Event& e, LiveState& s) {
  LF_TRY(std::visit(Applier{c, e, s}, e.body));
  s.last_seq = std::max(s.last_seq, e.seq);
  return {};
}

std::vector<size_t> rulings_in_force(const LiveState& s) {
  std::vector<size_t> out;
  for (size_t i = 0; i < s.decisions.size(); ++i) {
    const TieDecision& d = s.decisions[i].second;
    bool replaced = false;
    for (size_t later = i + 1; later < s.decisions.size() && !replaced; ++later) {
      const TieDecision& l = s.decisions[later].second;
      replaced = l.round == d.round && l.group == d.group &&
                 std::all_of(d.order.begin(), d.order.end(), [&](int x) {
                   return std::find(l.order.begin(), l.order.end(), x) != l.order.end();
                 });
    }
    if (!replaced) out.push_back(i);
  }
  return out;
}

Result<LiveState> state_from_document(const Contest& c, const Json& doc) {
  LiveState s;
  for (const Mark& m : c.marks) s.marks[{m.round, m.contestant, m.section, m.judge}] = {m.points, 0};
  // contest.timings[i] is doc["timings"][i]: the loader keeps them all, in order.
  const Json* timings = doc.contains("timings") ? &doc["timings"] : nullptr;
  for (size_t i = 0; i < c.timings.size(); ++i) {
    const Timing& t = c.timings[i];
    std::string text = std::to_string(t.duration_s);
    if (timings && i < timings->size())
      text = json_decimal_text((*timings)[i]["duration_s"]).value_or(text);
    s.timings[{t.round, t.contestant, t.section}] = {text, t.duration_s, 0};
  }
  // Who ruled, when and why, as the file's decisions[i] says (read as the event it imports as).
  const Json* decisions = doc.contains("decisions") && doc["decisions"].is_array() ? &doc["decisions"] : nullptr;
  for (size_t i = 0; i < c.decisions.size(); ++i) {
    s.decisions.emplace_back(0, c.decisions[i]);
    auto e = read_event(0, 0, "import", ev::Decision::kKind,
                        decisions && i < decisions->size() ? (*decisions)[i] : Json::object());
    if (!e.ok()) return Error{path_index("decisions", i), e.errors().front().message};
    const auto& d = std::get<ev::Decision>(e->body);
    s.ruling_notes.push_back(RulingNote{d.by.value_or("import"), d.at_ms.value_or(0), d.reason.value_or("")});
  }
  // The file's draws and advancements, as the server's import applies them.
  const std::pair<const char*, std::string_view> imported[] = {
      {"draws", ev::Draw::kKind}, {"advancements", ev::Advance::kKind}, {"absences", ev::Absence::kKind}};
  for (auto [key, kind] : imported)
    if (doc.contains(key) && doc[key].is_array())
      for (const Json& record : doc[key]) {
        auto e = read_event(0, 0, "import", kind, record);
        if (!e.ok() || !apply_event(c, e.value(), s).ok()) return Error{key, "列出了不存在的轮次、组别、选手或状态"};
      }
  if (doc.contains("published") && doc["published"].is_array()) {
    for (const auto& p : doc["published"]) {
      int r = find_round(c, str(p, "round")), ct = find_contestant(c, str(p, "contestant")),
          sec = find_section(c, str(p, "section"));
      if (r < 0 || ct < 0 || sec < 0) return Error{"published", "列出了不存在的轮次、选手或环节"};
      s.published.insert({r, ct, sec});
    }
  }
  return s;
}

bool changes_contest_document(const EventBody& body) {
  return std::holds_alternative<ev::RosterCorrect>(body) || std::holds_alternative<ev::RosterAdd>(body) ||
         std::holds_alternative<ev::TopicAdd>(body);
}

Status apply_document_change(Json& doc, const Event& e) {
  if (!doc.is_object()) return bad(e, "比赛文件不是 JSON 对象");
  if (const auto* t = std::get_if<ev::TopicAdd>(&e.body)) {
    if (t->section.empty() || !e.payload.contains("topic")) return bad(e, "缺少加题的内容（环节或题目）");
    if (!doc.contains("topics") || !doc["topics"].is_object()) doc["topics"] = Json::object();
    Json& bank = doc["topics"][t->section];
    if (!bank.is_array()) bank = Json::array();
    bank.push_back(t->topic);
    return {};
  }
  // A name or school corrected, or a substitute entered: the same fields.
  const auto* fix = std::get_if<ev::RosterCorrect>(&e.body);
  const auto* add = std::get_if<ev::RosterAdd>(&e.body);
  if (!fix && !add) return bad(e, "不是名单或题库的改动");
  const std::string& id = fix ? fix->contestant : add->contestant;
  if (id.empty() || !e.payload.contains("name") || !e.payload.contains("school"))
    return bad(e, "缺少名单改动的内容（选手、姓名或学校）");
  const std::string& name = fix ? fix->name : add->name;
  const std::string& school = fix ? fix->school : add->school;
  auto list = doc.find("contestants");
  if (list == doc.end() || !list->is_array()) return bad(e, "比赛文件没有选手名单");
  Json* found = nullptr;
  for (Json& x : *list)
    if (x.is_object() && x.value("id", "") == id) found = &x;
  if (add) {
    if (found) return bad(e, "选手编号 " + id + " 已被占用");
    if (add->group.empty()) return bad(e, "缺少替补的组别");
    list->push_back(Json{{"id", id}, {"name", name}, {"school", school}, {"group", add->group}});
    return {};
  }
  if (!found) return bad(e, "没有选手 " + id);
  (*found)["name"] = name;
  (*found)["school"] = school;
  return {};
}

const LiveAbsence* absence_of(const LiveState& s, int round, int contestant) {
  auto it = s.absences.find({round, contestant});
  return it == s.absences.end() ? nullptr : &it->second;
}

int performed_section(const Contest& c, const LiveState& s, int venue) {
  auto stage = s.stage.find(venue);
  if (venue < 0 || size_t(venue) >= c.venues.size() || stage == s.stage.end() || stage->second.contestant < 0)
    return -1;
  const std::vector<int>& sections = c.venues[size_t(venue)].sections;
  if (sections.empty()) return -1;
  const StageCall& on = stage->second;
  if (auto clock = s.clocks.find(venue); clock != s.clocks.end() && clock->second.contestant == on.contestant &&
                                         clock->second.round == on.round &&
                                         std::find(sections.begin(), sections.end(), clock->second.section) != sections.end())
    return clock->second.section;
  for (int k : sections)
    if (!s.published.count({on.round, on.contestant, k})) return k;
  return sections.front();
}

std::optional<int> draw_number(const Contest& c, const LiveState& s, int round, int contestant,
                               std::optional<int> file_number) {
  if (round < 0 || contestant < 0) return file_number;
  int group = c.contestants[size_t(contestant)].group;
  if (auto it = s.draws.find({round, group}); it != s.draws.end()) {
    const auto& order = it->second.order;
    auto at = std::find(order.begin(), order.end(), contestant);
    return at == order.end() ? std::nullopt : std::optional<int>(int(at - order.begin()) + 1);
  }
  for (const auto& [key, d] : s.draws)
    if (std::find(d.order.begin(), d.order.end(), contestant) != d.order.end()) return std::nullopt;
  return file_number;
}

Contest contest_with_state(const Contest& base, const LiveState& s, bool published_only) {
  Contest c = base;
  c.marks.clear();
  c.timings.clear();
  c.decisions.clear();
  // Log order, so that the engine's "last one counts" agrees with the live state.
  std::vector<std::pair<int64_t, Mark>> marks;
  for (const auto& [k, m] : s.marks) {
    auto [r, ct, sec, j] = k;
    if (published_only && !s.published.count({r, ct, sec})) continue;
    marks.push_back({m.seq, Mark{r, ct, sec, j, m.points}});
  }
  std::stable_sort(marks.begin(), marks.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [seq, m] : marks) c.marks.push_back(m);
  for (const auto& [k, t] : s.timings) {
    auto [r, ct, sec] = k;
    if (published_only && !s.published.count(k)) continue;
    c.timings.push_back({r, ct, sec, t.duration_s});
  }
  for (size_t i = 0; i < s.decisions.size(); ++i) {
    c.decisions.push_back(s.decisions[i].second);
    if (i < s.ruling_notes.size()) c.decisions.back().reason = s.ruling_notes[i].reason;
  }
  c.absences.clear();
  for (const auto& [key, a] : s.absences) c.absences.push_back(RoundAbsence{key.first, key.second, a.kind});
  return c;
}

bool changes_published_standings(const EventBody& body) {
  return !(std::holds_alternative<ev::Mark>(body) || std::holds_alternative<ev::Timing>(body) ||
           std::holds_alternative<ev::Clock>(body) || std::holds_alternative<ev::CallHeadJudge>(body) ||
           std::holds_alternative<ev::Return>(body) || std::holds_alternative<ev::Stage>(body) ||
           std::holds_alternative<ev::DisplayScene>(body));
}

Json export_document(const Contest& c, const Json& document, const LiveState& s) {
  Json doc = document;
  Contest live = contest_with_state(c, s, false);
  Json marks = Json::array();
  for (const Mark& m : live.marks) {
    Json points = Json::parse(plain_decimal(m.points, c.scale.mark_decimals), nullptr, false);
    marks.push_back({{"round", c.rounds[size_t(m.round)].key},
                     {"contestant", c.contestants[size_t(m.contestant)].id},
                     {"section", c.sections[size_t(m.section)].key},
                     {"judge", c.judges[size_t(m.judge)].id},
                     {"points", points}});
  }
  Json timings = Json::array();
  for (const auto& [k, t] : s.timings) {
    auto [r, ct, sec] = k;
    timings.push_back({{"round", c.rounds[size_t(r)].key},
                       {"contestant", c.contestants[size_t(ct)].id},
                       {"section", c.sections[size_t(sec)].key},
                       {"duration_s", Json::parse(t.duration_text, nullptr, false)}});
  }
  auto ids = [&](const std::vector<int>& xs) {
    Json out = Json::array();
    for (int ct : xs) out.push_back(c.contestants[size_t(ct)].id);
    return out;
  };
  Json decisions = Json::array();
  for (size_t i = 0; i < s.decisions.size(); ++i) {
    const TieDecision& d = s.decisions[i].second;
    Json x = {{"kind", "tie_order"},
              {"round", c.rounds[size_t(d.round)].key},
              {"group", c.groups[size_t(d.group)].key},
              {"order", ids(d.order)}};
    if (i < s.ruling_notes.size()) {  // who, when and why travel with the file
      const RulingNote& n = s.ruling_notes[i];
      if (!n.reason.empty()) x["reason"] = n.reason;
      if (!n.by.empty()) x["by"] = n.by;
      if (n.at_ms) x["at_ms"] = n.at_ms;
    }
    decisions.push_back(x);
  }
  // Draws and advancements in the order they were made, each with who and when.
  std::vector<std::pair<int64_t, Json>> draws;
  for (const auto& [key, d] : s.draws) {
    Json x = d.record;
    x["round"] = c.rounds[size_t(key.first)].key;
    x["group"] = c.groups[size_t(key.second)].key;
    x["order"] = ids(d.order);
    x["by"] = d.by;
    if (d.at_ms) x["at_ms"] = d.at_ms;
    draws.push_back({d.seq, x});
  }
  std::stable_sort(draws.begin(), draws.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [seq, x] : draws)  // the latest round's number last, as `liangfen draw` writes it
    for (size_t i = 0; i < x["order"].size(); ++i)
      doc["contestants"][size_t(find_contestant(c, x["order"][i].get<std::string>()))]["draw"] = int(i) + 1;
  Json advancements = Json::array();
  for (const auto& [from, a] : s.advancements) {
    Json groups = Json::array();
    for (const auto& [g, who] : a.groups) groups.push_back({{"group", c.groups[size_t(g)].key}, {"contestants", ids(who)}});
    Json x = {{"from", c.rounds[size_t(from)].key}, {"groups", groups}, {"by", a.by}};
    if (a.at_ms) x["at_ms"] = a.at_ms;
    advancements.push_back(x);
  }
  Json published = Json::array();
  for (const auto& [r, ct, sec] : s.published)
    published.push_back({{"round", c.rounds[size_t(r)].key},
                         {"contestant", c.contestants[size_t(ct)].id},
                         {"section", c.sections[size_t(sec)].key}});
  doc["marks"] = marks;
  doc["timings"] = timings;
  doc["decisions"] = decisions;
  doc["published"] = published;
  if (!draws.empty()) {
    Json list = Json::array();
    for (auto& [seq, x] : draws) list.push_back(std::move(x));
    doc["draws"] = list;
  }
  if (!advancements.empty()) doc["advancements"] = advancements;
  Json absences = Json::array();  // who recorded each 缺赛 / 弃权, when and why travel with the file
  for (const auto& [key, a] : s.absences) {
    Json x = {{"round", c.rounds[size_t(key.first)].key},
              {"contestant", c.contestants[size_t(key.second)].id},
              {"status", a.kind == AbsenceKind::kAbsent ? "absent" : "withdrew"},
              {"reason", a.reason}};
    if (!a.by.empty()) x["by"] = a.by;
    if (a.at_ms) x["at_ms"] = a.at_ms;
    absences.push_back(x);
  }
  if (absences.empty()) doc.erase("absences");
  else doc["absences"] = absences;
  return doc;
}

}  // namespace lf
