#include "data/live/history.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <optional>
#include <tuple>

#include "data/format/contest_file.h"
#include "scoring/engine/fixed_point.h"

namespace lf {

namespace {

std::string judge_name(const Contest& c, int j) {
  const Judge& judge = c.judges[size_t(j)];
  return judge.name.empty() ? "评委 " + judge.id : judge.name;
}

std::string contestant_name(const Contest& c, int ct) {
  const Contestant& x = c.contestants[size_t(ct)];
  return x.name.empty() ? x.id : x.name;
}

// A mark from the log, with the contest's decimals ("27.5", "28.0"); "?" for a value that is
// not a mark (never trusted to be one).
std::string points_text(const Contest& c, const Json& points) {
  auto units = json_units(points, c.scale.mark_decimals);
  return units ? format_fixed(*units, c.scale.mark_decimals) : "?";
}

// An integer field, 0 when absent or not an integer (the log is read, never trusted).
int64_t integer_at(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

Json value_at(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() ? *it : Json();
}

std::string duration_text(const Json& seconds) {
  auto text = json_decimal_text(seconds);
  return text ? *text + " 秒" : "?";
}

// What the earlier events of the list set, for an event logged before payloads recorded the
// value they replace.
struct Seen {
  std::map<MarkKey, std::pair<std::string, int64_t>> marks;         // points text, seq
  std::map<PerformanceKey, std::pair<std::string, int64_t>> times;  // duration text, seq
  std::map<std::pair<int, int>, std::vector<std::string>> rulings;  // (round, group) -> names
};

std::string order_text(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : " > ") + n;
  return out;
}

// The marks of one performance as a head judge reads them: "评委一 26.5、评委二 28.0".
std::string marks_text(const Contest& c, const Seen& seen, int round, int ct, int section) {
  std::string out;
  for (const auto& [k, v] : seen.marks)
    if (std::get<0>(k) == round && std::get<1>(k) == ct && std::get<2>(k) == section)
      out += (out.empty() ? "" : "、") + judge_name(c, std::get<3>(k)) + " " + v.first;
  return out;
}

}  // namespace

std::string beijing_time_text(int64_t at_ms) {
  std::time_t t = std::time_t(at_ms / 1000 + 8 * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%d月%d日 %02d:%02d:%02d", tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec);
  return buf;
}

std::string role_in_chinese(const std::string& r) {
  if (r == "organizer") return "组委会";
  if (r == "head_judge") return "裁判长";
  if (r == "judge") return "评委";
  if (r == "timekeeper") return "计时员";
  if (r == "display") return "大屏";
  if (r == "steward") return "备赛室工作人员";
  return "其他人员";
}

std::string history_heading(const Contest& c, int ct) {
  const Contestant& x = c.contestants[size_t(ct)];
  std::string out = x.id + " " + x.name;
  if (!x.school.empty()) out += " · " + x.school;
  if (x.group >= 0 && size_t(x.group) < c.groups.size())
    out += " · " + c.groups[size_t(x.group)].name;
  return out;
}

std::vector<HistoryLine> contestant_history(const Contest& c, const std::vector<Event>& events,
                                            int contestant, const HistoryPeople& people) {
  std::vector<HistoryLine> out;
  if (contestant < 0 || size_t(contestant) >= c.contestants.size()) return out;
  const std::string& id = c.contestants[size_t(contestant)].id;
  Seen seen;

  // "邹东（评委）", "王老师（裁判长）"; a person known only by their login id by their role
  // and venue: "裁判长 · 小学组预赛赛场".
  auto who_text = [&](const Event& e) -> std::string {
    if (e.actor == "import") return "导入的比赛文件";
    auto it = people.find(e.actor);
    int j = find_judge(c, e.actor);
    if (it == people.end()) return j >= 0 ? judge_name(c, j) + "（评委）" : e.actor;
    std::string role = role_in_chinese(it->second.role);
    std::string name = j >= 0 && it->second.role == "judge" ? judge_name(c, j) : it->second.name;
    if (!name.empty() && name != role && name != e.actor) return name + "（" + role + "）";
    int v = find_venue(c, it->second.venue);
    return v >= 0 ? role + " · " + venue_name(c, v) : role;
  };

  for (const Event& e : events) {
    const Json& p = e.payload;
    if (!p.is_object()) continue;
    HistoryLine line;
    line.seq = e.seq, line.at_ms = e.at_ms, line.kind = e.kind;
    line.when = beijing_time_text(e.at_ms);
    line.who = who_text(e);
    const Json* previous =
        p.contains("previous") && p["previous"].is_object() ? &p["previous"] : nullptr;
    auto reason = [&](const char* key, const char* label) {
      std::string r = json_string(p, key);
      return r.empty() ? std::string() : std::string(label) + r;
    };

    if (e.kind == "decision") {
      int r = find_round(c, json_string(p, "round")), g = find_group(c, json_string(p, "group"));
      if (r < 0 || g < 0 || !p.contains("order") || !p["order"].is_array()) continue;
      std::vector<std::string> names;
      bool concerns = false;
      for (const Json& x : p["order"]) {
        int k = x.is_string() ? find_contestant(c, x.get<std::string>()) : -1;
        if (k < 0) continue;
        names.push_back(contestant_name(c, k));
        concerns |= k == contestant;
      }
      std::vector<std::string> before = seen.rulings[{r, g}];
      if (previous && previous->contains("order") && (*previous)["order"].is_array()) {
        before.clear();
        for (const Json& x : (*previous)["order"]) {
          int k = x.is_string() ? find_contestant(c, x.get<std::string>()) : -1;
          if (k < 0) continue;
          before.push_back(contestant_name(c, k));
          concerns |= k == contestant;
        }
      }
      seen.rulings[{r, g}] = names;
      if (!concerns) continue;
      line.what = "并列裁决：" + c.rounds[size_t(r)].name + " · " + c.groups[size_t(g)].name;
      line.before = order_text(before);
      line.after = order_text(names);
      line.note = reason("reason", "理由：");
      out.push_back(std::move(line));
      continue;
    }

    if (json_string(p, "contestant") != id) continue;
    if (e.kind == "roster_correct" || e.kind == "roster_add") {  // the roster on the running server
      auto person = [](const Json& x) {
        std::string school = json_string(x, "school");
        return json_string(x, "name") + (school.empty() ? "" : " · " + school);
      };
      int g = find_group(c, json_string(p, "group"));
      line.what = e.kind == "roster_add"
                      ? "替补报名" + (g >= 0 ? "：" + c.groups[size_t(g)].name : std::string())
                      : std::string("更正姓名或学校");
      line.before = previous ? person(*previous) : "";
      line.after = person(p);
      line.note = reason("reason", "原因：");
      out.push_back(std::move(line));
      continue;
    }
    int r = find_round(c, json_string(p, "round"));
    if (r < 0) continue;
    const std::string& round_name = c.rounds[size_t(r)].name;

    if (e.kind == "absence") {  // 缺赛 / 弃权 in one round, or its clearing
      auto word = [](const std::string& status) -> std::string {
        return status == "absent" ? "缺赛" : status == "withdrew" ? "弃权" : "";
      };
      const std::string status = json_string(p, "status");
      const std::string was = previous ? word(json_string(*previous, "status")) : "";
      line.what = (status == "cleared" ? "撤销" + (was.empty() ? std::string("缺赛或弃权") : was) : word(status)) +
                  "：" + round_name;
      line.before = was;
      line.after = status == "cleared" ? "参赛" : word(status);
      line.note = reason("reason", "原因：");
      out.push_back(std::move(line));
      continue;
    }

    if (e.kind == "stage") {
      int v = find_venue(c, json_string(p, "venue"));
      if (v < 0) continue;
      line.what = "上台：" + venue_name(c, v);
      line.after = "在台上";
      out.push_back(std::move(line));
      continue;
    }

    int sec = find_section(c, json_string(p, "section"));
    if (sec < 0) continue;
    std::string perf = round_name + " · " + c.sections[size_t(sec)].name;
    PerformanceKey pk{r, contestant, sec};

    if (e.kind == "mark" || e.kind == "return") {
      int j = find_judge(c, json_string(p, "judge"));
      if (j < 0) continue;
      MarkKey mk{r, contestant, sec, j};
      std::optional<std::pair<std::string, int64_t>> old;
      if (previous && previous->contains("points"))
        old = std::make_pair(points_text(c, (*previous)["points"]),
                             integer_at(*previous, "revision"));
      else if (auto it = seen.marks.find(mk); it != seen.marks.end())
        old = it->second;
      if (e.kind == "mark") {
        std::string now = points_text(c, value_at(p, "points"));
        // The judge is named here when someone else entered it (an imported file); their
        // own mark names them as who.
        line.what = std::string(old ? "改分：" : "评分：") + perf +
                    (e.actor == c.judges[size_t(j)].id ? "" : " · " + judge_name(c, j));
        line.before = old ? old->first : "";
        line.after = now;
        if (old && old->second > 0) line.note = "更正第 " + std::to_string(old->second) + " 号记录";
        seen.marks[mk] = {now, e.seq};
      } else {
        line.what = "退回重打：" + perf + " · " + judge_name(c, j);
        line.before = old ? old->first : "";
        line.after = "待重打";
        line.note = reason("note", "说明：");
      }
      out.push_back(std::move(line));
    } else if (e.kind == "timing") {
      std::optional<std::string> old;
      if (previous && previous->contains("duration_s"))
        old = duration_text((*previous)["duration_s"]);
      else if (auto it = seen.times.find(pk); it != seen.times.end())
        old = it->second.first;
      std::string now = duration_text(value_at(p, "duration_s"));
      line.what = std::string(old ? "更正用时：" : "记录用时：") + perf;
      line.before = old.value_or("");
      line.after = now;
      line.note = reason("reason", "原因：");
      seen.times[pk] = {now, e.seq};
      out.push_back(std::move(line));
    } else if (e.kind == "publish") {
      line.what = "亮分：" + perf;
      line.before = "未亮分";
      line.after = "已亮分";
      std::string locked = marks_text(c, seen, r, contestant, sec);
      if (auto t = seen.times.find(pk); t != seen.times.end())
        locked += (locked.empty() ? "" : "；") + std::string("用时 ") + t->second.first;
      if (!locked.empty()) line.note = "锁定：" + locked;
      out.push_back(std::move(line));
    } else if (e.kind == "reopen") {
      line.what = "撤回亮分：" + perf;
      // Whose mark each was comes from the marks' own events (the reopen's record has the
      // points only); without them (a log cut short), the points the reopen recorded.
      std::string was = marks_text(c, seen, r, contestant, sec);
      if (was.empty() && previous && previous->contains("marks") && (*previous)["marks"].is_array())
        for (const Json& m : (*previous)["marks"])
          was += (was.empty() ? "" : "、") + points_text(c, m);
      if (previous && previous->contains("duration_s"))
        was += (was.empty() ? "" : "；") + std::string("用时 ") +
               duration_text((*previous)["duration_s"]);
      else if (auto t = seen.times.find(pk); t != seen.times.end())
        was += (was.empty() ? "" : "；") + std::string("用时 ") + t->second.first;
      line.before = "已亮分" + (was.empty() ? "" : "（" + was + "）");
      line.after = "未亮分，可改分";
      line.note = reason("reason", "原因：");
      out.push_back(std::move(line));
    } else if (e.kind == "topic_draw") {
      line.what = "抽题：" + perf;
      line.after = "第 " + std::to_string(integer_at(p, "topic") + 1) + " 题";
      std::string text = json_string(p, "text");
      if (!text.empty()) line.after += "：" + text;
      out.push_back(std::move(line));
    }
  }
  return out;
}

Json history_json(const std::vector<HistoryLine>& lines) {
  Json out = Json::array();
  for (const HistoryLine& l : lines)
    out.push_back(Json{{"seq", l.seq},
                       {"at_ms", l.at_ms},
                       {"kind", l.kind},
                       {"when", l.when},
                       {"who", l.who},
                       {"what", l.what},
                       {"before", l.before},
                       {"after", l.after},
                       {"note", l.note}});
  return out;
}

Result<std::vector<HistoryLine>> history_from_json(const Json& lines) {
  if (!lines.is_array())
    return Error{"lines", "应为数组，实际为" + json_type_name(lines), ErrorKind::malformed};
  std::vector<HistoryLine> out;
  for (size_t i = 0; i < lines.size(); ++i) {
    const Json& l = lines[i];
    if (!l.is_object())
      return Error{path_index("lines", i), "应为对象，实际为" + json_type_name(l),
                   ErrorKind::malformed};
    HistoryLine h;
    h.seq = integer_at(l, "seq"), h.at_ms = integer_at(l, "at_ms");
    h.kind = json_string(l, "kind"), h.when = json_string(l, "when"), h.who = json_string(l, "who");
    h.what = json_string(l, "what"), h.before = json_string(l, "before"),
    h.after = json_string(l, "after");
    h.note = json_string(l, "note");
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace lf
