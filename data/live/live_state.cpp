#include "data/live/live_state.h"

#include <algorithm>

#include "data/format/contest_file.h"
#include "scoring/engine/fixed_point.h"

namespace lf {

namespace {

// Reads the ids of an event payload; -1 where absent or unknown.
struct Ids {
  int round = -1, contestant = -1, section = -1, judge = -1, venue = -1, group = -1;
};

std::string str(const Json& p, const char* key) {
  auto it = p.find(key);
  return it != p.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Ids ids_of(const Contest& c, const Json& p) {
  Ids i;
  i.round = find_round(c, str(p, "round"));
  i.contestant = find_contestant(c, str(p, "contestant"));
  i.section = find_section(c, str(p, "section"));
  i.judge = find_judge(c, str(p, "judge"));
  i.venue = find_venue(c, str(p, "venue"));
  i.group = find_group(c, str(p, "group"));
  return i;
}

Error bad(const Event& e, const std::string& why) {
  return Error{"events[seq " + std::to_string(e.seq) + "]", "比赛记录第 " + std::to_string(e.seq) + " 条（" + e.kind + "）" + why};
}

// Who and when of a recorded thing: the file's "by" and "at_ms" when it carries them (an
// exported file re-imported), otherwise the event's own.
std::string by_of(const Event& e) {
  std::string by = str(e.payload, "by");
  return by.empty() ? e.actor : by;
}
int64_t at_of(const Event& e) {
  auto it = e.payload.find("at_ms");
  return it != e.payload.end() && it->is_number_integer() ? it->get<int64_t>() : e.at_ms;
}

// A list of contestant ids as indexes; nullopt when one is unknown or not a string.
std::optional<std::vector<int>> contestants_in(const Contest& c, const Json& list) {
  if (!list.is_array()) return std::nullopt;
  std::vector<int> out;
  for (const auto& o : list) {
    int ct = o.is_string() ? find_contestant(c, o.get<std::string>()) : -1;
    if (ct < 0) return std::nullopt;
    out.push_back(ct);
  }
  return out;
}

std::optional<int64_t> number_in(const Json& p, const char* key, int decimals) {
  auto it = p.find(key);
  if (it == p.end()) return std::nullopt;
  auto text = json_decimal_text(*it);
  if (!text) return std::nullopt;
  return parse_fixed(*text, decimals);
}

// One more bounded change by `person` at `at_ms`; the times older than the window go.
void count_recent(LiveState& s, const std::string& person, int64_t at_ms) {
  std::vector<int64_t>& times = s.recent_bounded_ms[person];
  std::erase_if(times, [&](int64_t t) { return t <= at_ms - kRecentWindowMs; });
  times.push_back(at_ms);
}

}  // namespace

Status apply_event(const Contest& c, const Event& e, LiveState& s) {
  const Json& p = e.payload;
  Ids id = ids_of(c, p);
  auto perf = [&]() -> std::optional<PerformanceKey> {
    if (id.round < 0 || id.contestant < 0 || id.section < 0) return std::nullopt;
    return PerformanceKey{id.round, id.contestant, id.section};
  };

  if (e.kind == "mark") {
    auto pts = number_in(p, "points", c.scale.mark_decimals);
    if (!perf() || id.judge < 0 || !pts) return bad(e, "缺少评分的内容（轮次、选手、环节、评委或分数）");
    MarkKey k{id.round, id.contestant, id.section, id.judge};
    if (s.marks.count(k)) {
      ++s.mark_corrections[k];
      count_recent(s, e.actor, e.at_ms);
    }
    s.marks[k] = {*pts, e.seq};
    s.returned.erase(k);
  } else if (e.kind == "timing") {
    auto it = p.find("duration_s");
    auto text = it == p.end() ? std::nullopt : json_decimal_text(*it);
    if (!perf() || !text) return bad(e, "缺少计时的内容（轮次、选手、环节或用时）");
    auto whole = parse_fixed(text->substr(0, text->find('.')), 0);
    if (!whole || *whole < 0) return bad(e, "用时不是可用的秒数");
    if (s.timings.count(*perf())) {
      ++s.timing_corrections[*perf()];
      count_recent(s, e.actor, e.at_ms);
    }
    s.timings[*perf()] = {*text, *whole, e.seq};
  } else if (e.kind == "publish") {
    if (!perf()) return bad(e, "缺少轮次、选手或环节");
    s.published.insert(*perf());
  } else if (e.kind == "reopen") {
    if (!perf()) return bad(e, "缺少轮次、选手或环节");
    s.published.erase(*perf());
    ++s.reopens[*perf()];
    count_recent(s, e.actor, e.at_ms);
  } else if (e.kind == "return") {
    if (!perf() || id.judge < 0) return bad(e, "缺少退回评分的内容（轮次、选手、环节或评委）");
    s.returned[{id.round, id.contestant, id.section, id.judge}] = str(p, "note");
    ++s.returns[*perf()];
    count_recent(s, e.actor, e.at_ms);
  } else if (e.kind == "decision") {
    if (id.round < 0 || id.group < 0 || !p.contains("order") || !p["order"].is_array())
      return bad(e, "缺少裁决的内容（轮次、组别或名次顺序）");
    TieDecision d{id.round, id.group, {}};
    for (const auto& o : p["order"]) {
      int ct = o.is_string() ? find_contestant(c, o.get<std::string>()) : -1;
      if (ct < 0) return bad(e, "名次顺序中有不存在的选手");
      d.order.push_back(ct);
    }
    s.decisions.emplace_back(e.seq, std::move(d));
    s.ruling_notes.resize(s.decisions.size() - 1);  // decisions added without a note (demo)
    s.ruling_notes.push_back(RulingNote{by_of(e), at_of(e), str(p, "reason")});
    ++s.rulings_made[{id.round, id.group}];
    count_recent(s, e.actor, e.at_ms);
  } else if (e.kind == "advance") {
    int from = find_round(c, str(p, "from"));
    auto groups = p.find("groups");
    if (from < 0 || groups == p.end() || !groups->is_array()) return bad(e, "缺少晋级的内容（轮次或各组名单）");
    LiveAdvancement a{{}, by_of(e), at_of(e), e.seq};
    for (const auto& g : *groups) {
      int group = g.is_object() ? find_group(c, str(g, "group")) : -1;
      auto who = group >= 0 ? contestants_in(c, g.value("contestants", Json())) : std::nullopt;
      if (!who) return bad(e, "晋级名单中有不存在的组别或选手");
      a.groups[group] = std::move(*who);
    }
    s.advancements[from] = std::move(a);
  } else if (e.kind == "draw") {
    if (id.round < 0 || id.group < 0) return bad(e, "缺少抽签的轮次或组别");
    auto order = contestants_in(c, p.value("order", Json()));
    if (!order) return bad(e, "抽签顺序中有不存在的选手");
    s.draws[{id.round, id.group}] = LiveDraw{std::move(*order), p, by_of(e), at_of(e), e.seq};
  } else if (e.kind == "absence") {
    const std::string status = str(p, "status");
    if (id.round < 0 || id.contestant < 0 || (status != "absent" && status != "withdrew" && status != "cleared"))
      return bad(e, "缺少缺赛或弃权的内容（轮次、选手或状态）");
    const std::pair<int, int> key{id.round, id.contestant};
    if (status == "cleared")
      s.absences.erase(key);
    else
      s.absences[key] = LiveAbsence{status == "absent" ? AbsenceKind::kAbsent : AbsenceKind::kWithdrew,
                                    str(p, "reason"), by_of(e), at_of(e), e.seq};
    if (e.actor != "import") {  // a file's absences are the starting point, not a change
      ++s.absence_changes[key];
      count_recent(s, e.actor, e.at_ms);
    }
  } else if (e.kind == "roster_correct" || e.kind == "roster_add") {
    // The change itself is the document's (apply_document_change); the state counts it.
    const std::string who = str(p, "contestant");
    if (who.empty()) return bad(e, "缺少名单更正的选手");
    if (e.kind == "roster_correct")
      ++s.roster_corrections[who];
    else
      ++s.substitutes_added[str(p, "group")];
    count_recent(s, e.actor, e.at_ms);
  } else if (e.kind == "topic_add") {
    if (str(p, "section").empty()) return bad(e, "缺少加题的环节");
  } else if (e.kind == "stage") {
    if (id.venue < 0) return bad(e, "赛场不存在");
    StageCall call{id.round, id.contestant, e.at_ms};
    if (str(p, "contestant").empty()) call = StageCall{};
    else if (id.round < 0 || id.contestant < 0) return bad(e, "轮次或选手不存在");
    s.stage[id.venue] = call;
    if (call.contestant >= 0) s.called.insert({id.venue, call.round, call.contestant});
    s.clocks.erase(id.venue);  // a new contestant starts with a reset clock
  } else if (e.kind == "clock") {
    if (id.venue < 0) return bad(e, "赛场不存在");
    ClockState clk;
    // Read without throwing: a log written by an older server is trusted, not assumed.
    auto running = p.find("running");
    auto number = [&](const char* k) {
      auto it = p.find(k);
      return it != p.end() && it->is_number_integer() ? it->get<int64_t>() : int64_t{0};
    };
    clk.running = running != p.end() && running->is_boolean() && running->get<bool>();
    clk.section = id.section;
    clk.started_at_ms = number("started_at_ms");
    clk.elapsed_ms = number("elapsed_ms");
    clk.round = id.round;
    clk.contestant = id.contestant;
    s.clocks[id.venue] = clk;
  } else if (e.kind == "call_head_judge") {
    if (id.venue < 0) return bad(e, "赛场不存在");
    auto cleared = p.find("cleared");
    if (cleared != p.end() && cleared->is_boolean() && cleared->get<bool>()) {
      s.head_judge_called[id.venue] = HeadJudgeCallState{};
    } else {
      s.head_judge_called[id.venue] = HeadJudgeCallState{e.at_ms, str(p, "judge"), str(p, "note")};
      auto on = s.stage.find(id.venue);
      const StageCall now = on == s.stage.end() ? StageCall{} : on->second;
      ++s.head_judge_calls_made[{id.judge, id.venue, now.round, now.contestant}];
    }
    count_recent(s, e.actor, e.at_ms);
  } else if (e.kind == "topic_draw") {
    if (!perf() || !p.contains("topic") || !p["topic"].is_number_integer()) return bad(e, "缺少抽题的内容（轮次、选手、环节或题号）");
    s.topic_draws[*perf()] = {p["topic"].get<int>(), e.at_ms};
  } else if (e.kind == "import" || e.kind == "display_scene") {
    // The import is the starting point; a display's scene is the display's business. Neither
    // changes the contest's state.
  } else {
    return bad(e, "是本程序不认识的记录种类（可能由更新版本的 liangfen 写入）");
  }
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
  const Json* decisions = doc.contains("decisions") && doc["decisions"].is_array() ? &doc["decisions"] : nullptr;
  for (size_t i = 0; i < c.decisions.size(); ++i) {
    s.decisions.emplace_back(0, c.decisions[i]);
    Event e{0, 0, "import", "decision", decisions && i < decisions->size() ? (*decisions)[i] : Json::object(), ""};
    s.ruling_notes.push_back(RulingNote{by_of(e), at_of(e), str(e.payload, "reason")});
  }
  // The file's draws and advancements, as the server's import applies them.
  const std::pair<const char*, const char*> imported[] = {
      {"draws", "draw"}, {"advancements", "advance"}, {"absences", "absence"}};
  for (auto [key, kind] : imported)
    if (doc.contains(key) && doc[key].is_array())
      for (const Json& record : doc[key]) {
        Event e{0, 0, "import", kind, record, ""};
        if (auto st = apply_event(c, e, s); !st.ok()) return Error{key, "列出了不存在的轮次、组别、选手或状态"};
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

bool changes_contest_document(const std::string& kind) {
  return kind == "roster_correct" || kind == "roster_add" || kind == "topic_add";
}

Status apply_document_change(Json& doc, const Event& e) {
  const Json& p = e.payload;
  if (!doc.is_object()) return bad(e, "比赛文件不是 JSON 对象");
  if (e.kind == "topic_add") {
    const std::string section = str(p, "section");
    auto topic = p.find("topic");
    if (section.empty() || topic == p.end() || !topic->is_string())
      return bad(e, "缺少加题的内容（环节或题目）");
    if (!doc.contains("topics") || !doc["topics"].is_object()) doc["topics"] = Json::object();
    Json& bank = doc["topics"][section];
    if (!bank.is_array()) bank = Json::array();
    bank.push_back(*topic);
    return {};
  }
  if (e.kind != "roster_correct" && e.kind != "roster_add") return bad(e, "不是名单或题库的改动");
  const std::string id = str(p, "contestant");
  auto name = p.find("name"), school = p.find("school");
  if (id.empty() || name == p.end() || !name->is_string() || school == p.end() ||
      !school->is_string())
    return bad(e, "缺少名单改动的内容（选手、姓名或学校）");
  auto list = doc.find("contestants");
  if (list == doc.end() || !list->is_array()) return bad(e, "比赛文件没有选手名单");
  Json* found = nullptr;
  for (Json& x : *list)
    if (x.is_object() && x.value("id", "") == id) found = &x;
  if (e.kind == "roster_add") {
    if (found) return bad(e, "选手编号 " + id + " 已被占用");
    const std::string group = str(p, "group");
    if (group.empty()) return bad(e, "缺少替补的组别");
    list->push_back(Json{{"id", id}, {"name", *name}, {"school", *school}, {"group", group}});
    return {};
  }
  if (!found) return bad(e, "没有选手 " + id);
  (*found)["name"] = *name;
  (*found)["school"] = *school;
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

bool changes_published_standings(const std::string& kind) {
  return !(kind == "mark" || kind == "timing" || kind == "clock" || kind == "call_head_judge" ||
           kind == "return");
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
