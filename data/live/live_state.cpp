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

std::optional<int64_t> number_in(const Json& p, const char* key, int decimals) {
  auto it = p.find(key);
  if (it == p.end()) return std::nullopt;
  auto text = json_decimal_text(*it);
  if (!text) return std::nullopt;
  return parse_fixed(*text, decimals);
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
    s.marks[k] = {*pts, e.seq};
    s.returned.erase(k);
  } else if (e.kind == "timing") {
    auto it = p.find("duration_s");
    auto text = it == p.end() ? std::nullopt : json_decimal_text(*it);
    if (!perf() || !text) return bad(e, "缺少计时的内容（轮次、选手、环节或用时）");
    auto whole = parse_fixed(text->substr(0, text->find('.')), 0);
    if (!whole || *whole < 0) return bad(e, "用时不是可用的秒数");
    s.timings[*perf()] = {*text, *whole, e.seq};
  } else if (e.kind == "publish") {
    if (!perf()) return bad(e, "缺少轮次、选手或环节");
    s.published.insert(*perf());
  } else if (e.kind == "reopen") {
    if (!perf()) return bad(e, "缺少轮次、选手或环节");
    s.published.erase(*perf());
  } else if (e.kind == "return") {
    if (!perf() || id.judge < 0) return bad(e, "缺少退回评分的内容（轮次、选手、环节或评委）");
    s.returned[{id.round, id.contestant, id.section, id.judge}] = str(p, "note");
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
    s.clocks[id.venue] = clk;
  } else if (e.kind == "call_head_judge") {
    if (id.venue < 0) return bad(e, "赛场不存在");
    auto cleared = p.find("cleared");
    if (cleared != p.end() && cleared->is_boolean() && cleared->get<bool>())
      s.head_judge_called[id.venue] = HeadJudgeCallState{};
    else
      s.head_judge_called[id.venue] = HeadJudgeCallState{e.at_ms, str(p, "judge"), str(p, "note")};
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
  for (const TieDecision& d : c.decisions) s.decisions.emplace_back(0, d);
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
  for (const auto& [seq, d] : s.decisions) c.decisions.push_back(d);
  return c;
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
  Json decisions = Json::array();
  for (const auto& [seq, d] : s.decisions) {
    Json order = Json::array();
    for (int ct : d.order) order.push_back(c.contestants[size_t(ct)].id);
    decisions.push_back({{"kind", "tie_order"},
                         {"round", c.rounds[size_t(d.round)].key},
                         {"group", c.groups[size_t(d.group)].key},
                         {"order", order}});
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
  return doc;
}

}  // namespace lf
