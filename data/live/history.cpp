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

namespace {

// One contestant's lines from the log: one member per kind (a kind added to EventBody and left
// out here does not compile). Each adds the event's line when it concerns the contestant, and
// remembers what it set (an event logged before payloads recorded the value they replace is
// told from the earlier ones).
class HistoryWriter {
 public:
  HistoryWriter(const Contest& c, int contestant, const HistoryPeople& people)
      : c_(c), ct_(contestant), id_(c.contestants[size_t(contestant)].id), people_(people) {}

  void add(const Event& e) {
    if (!e.payload.is_object()) return;
    e_ = &e;
    line_ = HistoryLine{};
    line_.seq = e.seq, line_.at_ms = e.at_ms, line_.kind = e.kind();
    line_.when = beijing_time_text(e.at_ms);
    line_.who = who_text(e);
    std::visit(*this, e.body);
  }
  std::vector<HistoryLine> take() { return std::move(out_); }

  void operator()(const ev::Decision& d) {
    int r = find_round(c_, d.round), g = find_group(c_, d.group);
    if (r < 0 || g < 0) return;
    bool concerns = false;
    std::vector<std::string> names = names_of(d.order, concerns);
    std::vector<std::string> before = seen_.rulings[{r, g}];
    if (const Json* was = previous(); was && was->contains("order") && (*was)["order"].is_array()) {
      std::vector<std::string> ids;
      for (const Json& x : (*was)["order"])
        if (x.is_string()) ids.push_back(x.get<std::string>());
      before = names_of(ids, concerns);
    }
    seen_.rulings[{r, g}] = names;
    if (!concerns) return;
    emit("并列裁决：" + c_.rounds[size_t(r)].name + " · " + c_.groups[size_t(g)].name, order_text(before),
         order_text(names), labelled("理由：", d.reason.value_or("")));
  }
  void operator()(const ev::RosterCorrect& r) {
    if (r.contestant != id_) return;
    const Json* was = previous();
    emit("更正姓名或学校", was ? person(json_string(*was, "name"), json_string(*was, "school")) : "",
         person(r.name, r.school), labelled("原因：", r.reason));
  }
  void operator()(const ev::RosterAdd& r) {
    if (r.contestant != id_) return;
    int g = find_group(c_, r.group);
    emit("替补报名" + (g >= 0 ? "：" + c_.groups[size_t(g)].name : std::string()), "", person(r.name, r.school),
         labelled("原因：", r.reason));
  }
  void operator()(const ev::Absence& a) {  // 缺赛 / 弃权 in one round, or its clearing
    int r = round_of(a.contestant, a.round);
    if (r < 0) return;
    auto word = [](const std::string& status) -> std::string {
      return status == "absent" ? "缺赛" : status == "withdrew" ? "弃权" : "";
    };
    const Json* previous_status = previous();
    const std::string was = previous_status ? word(json_string(*previous_status, "status")) : "";
    const bool cleared = a.status == "cleared";
    emit((cleared ? "撤销" + (was.empty() ? std::string("缺赛或弃权") : was) : word(a.status)) + "：" +
             c_.rounds[size_t(r)].name,
         was, cleared ? "参赛" : word(a.status), labelled("原因：", a.reason));
  }
  void operator()(const ev::Stage& st) {
    int r = round_of(st.contestant, st.round), v = find_venue(c_, st.venue);
    if (r < 0 || v < 0) return;
    emit("上台：" + venue_name(c_, v), "", "在台上", "");
  }
  void operator()(const ev::Mark& m) {
    auto k = performance(m.contestant, m.round, m.section);
    int j = find_judge(c_, m.judge);
    if (!k || j < 0) return;
    const MarkKey mk{k->round, ct_, k->section, j};
    auto old = mark_before(mk);
    std::string now = points_text(c_, encode_number(m.points));
    // The judge is named here when someone else entered it (an imported file); their own mark
    // names them as who.
    emit(std::string(old ? "改分：" : "评分：") + k->name + (e_->actor == c_.judges[size_t(j)].id ? "" : " · " + judge_name(c_, j)),
         old ? old->first : "", now, old && old->second > 0 ? "更正第 " + std::to_string(old->second) + " 号记录" : "");
    seen_.marks[mk] = {now, e_->seq};
  }
  void operator()(const ev::Return& r) {
    auto k = performance(r.contestant, r.round, r.section);
    int j = find_judge(c_, r.judge);
    if (!k || j < 0) return;
    auto old = mark_before({k->round, ct_, k->section, j});
    emit("退回重打：" + k->name + " · " + judge_name(c_, j), old ? old->first : "", "待重打",
         labelled("说明：", r.note));
  }
  void operator()(const ev::Timing& t) {
    auto k = performance(t.contestant, t.round, t.section);
    if (!k) return;
    const PerformanceKey pk{k->round, ct_, k->section};
    std::optional<std::string> old;
    if (const Json* was = previous(); was && was->contains("duration_s"))
      old = duration_text((*was)["duration_s"]);
    else if (auto it = seen_.times.find(pk); it != seen_.times.end())
      old = it->second.first;
    std::string now = duration_text(encode_number(t.duration_s));
    emit(std::string(old ? "更正用时：" : "记录用时：") + k->name, old.value_or(""), now,
         labelled("原因：", t.reason.value_or("")));
    seen_.times[pk] = {now, e_->seq};
  }
  void operator()(const ev::Publish& p) {
    auto k = performance(p.contestant, p.round, p.section);
    if (!k) return;
    std::string locked = marks_text(c_, seen_, k->round, ct_, k->section);
    if (auto t = seen_.times.find({k->round, ct_, k->section}); t != seen_.times.end())
      locked += (locked.empty() ? "" : "；") + std::string("用时 ") + t->second.first;
    emit("亮分：" + k->name, "未亮分", "已亮分", locked.empty() ? "" : "锁定：" + locked);
  }
  void operator()(const ev::Reopen& r) {
    auto k = performance(r.contestant, r.round, r.section);
    if (!k) return;
    // Whose mark each was comes from the marks' own events (the reopen's record has the points
    // only); without them (a log cut short), the points the reopen recorded.
    std::string was = marks_text(c_, seen_, k->round, ct_, k->section);
    const Json* previous_values = previous();
    if (was.empty() && previous_values && previous_values->contains("marks") &&
        (*previous_values)["marks"].is_array())
      for (const Json& m : (*previous_values)["marks"]) was += (was.empty() ? "" : "、") + points_text(c_, m);
    if (previous_values && previous_values->contains("duration_s"))
      was += (was.empty() ? "" : "；") + std::string("用时 ") + duration_text((*previous_values)["duration_s"]);
    else if (auto t = seen_.times.find({k->round, ct_, k->section}); t != seen_.times.end())
      was += (was.empty() ? "" : "；") + std::string("用时 ") + t->second.first;
    emit("撤回亮分：" + k->name, "已亮分" + (was.empty() ? "" : "（" + was + "）"), "未亮分，可改分",
         labelled("原因：", r.reason));
  }
  void operator()(const ev::TopicDraw& t) {
    auto k = performance(t.contestant, t.round, t.section);
    if (!k) return;
    std::string after = "第 " + std::to_string(t.topic.value_or(0) + 1) + " 题";
    if (t.text && !t.text->empty()) after += "：" + *t.text;
    emit("抽题：" + k->name, "", after, "");
  }
  // Not about one contestant's marks or place: the import's counts, who goes on, the running
  // order, the clock, calls for the head judge, the banks and the projector's scenes.
  void operator()(const ev::Import&) {}
  void operator()(const ev::Advance&) {}
  void operator()(const ev::Draw&) {}
  void operator()(const ev::Clock&) {}
  void operator()(const ev::CallHeadJudge&) {}
  void operator()(const ev::TopicAdd&) {}
  void operator()(const ev::DisplayScene&) {}
  void operator()(const ev::UnknownEvent&) {}

 private:
  struct Performance {
    int round, section;
    std::string name;  // "初赛 · 主题班会设计"
  };

  // "邹东（评委）", "王老师（裁判长）"; a person known only by their login id by their role
  // and venue: "裁判长 · 小学组预赛赛场".
  std::string who_text(const Event& e) const {
    if (e.actor == "import") return "导入的比赛文件";
    auto it = people_.find(e.actor);
    int j = find_judge(c_, e.actor);
    if (it == people_.end()) return j >= 0 ? judge_name(c_, j) + "（评委）" : e.actor;
    std::string role = role_in_chinese(it->second.role);
    std::string name = j >= 0 && it->second.role == "judge" ? judge_name(c_, j) : it->second.name;
    if (!name.empty() && name != role && name != e.actor) return name + "（" + role + "）";
    int v = find_venue(c_, it->second.venue);
    return v >= 0 ? role + " · " + venue_name(c_, v) : role;
  }
  const Json* previous() const {
    const Json& p = e_->payload;
    return p.contains("previous") && p["previous"].is_object() ? &p["previous"] : nullptr;
  }
  // This contestant's round, or -1 when the event is another's or names no round.
  int round_of(const std::string& contestant, const std::string& round) const {
    return contestant == id_ ? find_round(c_, round) : -1;
  }
  std::optional<Performance> performance(const std::string& contestant, const std::string& round,
                                         const std::string& section) const {
    int r = round_of(contestant, round);
    int sec = r < 0 ? -1 : find_section(c_, section);
    if (sec < 0) return std::nullopt;
    return Performance{r, sec, c_.rounds[size_t(r)].name + " · " + c_.sections[size_t(sec)].name};
  }
  // The mark a change or return replaced: as its event recorded it, or as the log set it.
  std::optional<std::pair<std::string, int64_t>> mark_before(const MarkKey& mk) const {
    if (const Json* was = previous(); was && was->contains("points"))
      return std::make_pair(points_text(c_, (*was)["points"]), integer_at(*was, "revision"));
    if (auto it = seen_.marks.find(mk); it != seen_.marks.end()) return it->second;
    return std::nullopt;
  }
  std::vector<std::string> names_of(const std::vector<std::string>& ids, bool& concerns) const {
    std::vector<std::string> names;
    for (const std::string& x : ids) {
      int k = find_contestant(c_, x);
      if (k < 0) continue;
      names.push_back(contestant_name(c_, k));
      concerns |= k == ct_;
    }
    return names;
  }
  static std::string person(const std::string& name, const std::string& school) {
    return name + (school.empty() ? "" : " · " + school);
  }
  static std::string labelled(const char* label, const std::string& text) {
    return text.empty() ? std::string() : label + text;
  }
  static Json encode_number(const DecimalText& d) { return Json::parse(d.text, nullptr, false); }
  void emit(std::string what, std::string before, std::string after, std::string note) {
    line_.what = std::move(what), line_.before = std::move(before), line_.after = std::move(after);
    line_.note = std::move(note);
    out_.push_back(std::move(line_));
  }

  const Contest& c_;
  const int ct_;
  const std::string id_;
  const HistoryPeople& people_;
  const Event* e_ = nullptr;
  HistoryLine line_;
  Seen seen_;
  std::vector<HistoryLine> out_;
};

}  // namespace

std::vector<HistoryLine> contestant_history(const Contest& c, const std::vector<Event>& events,
                                            int contestant, const HistoryPeople& people) {
  if (contestant < 0 || size_t(contestant) >= c.contestants.size()) return {};
  HistoryWriter writer(c, contestant, people);
  for (const Event& e : events) writer.add(e);
  return writer.take();
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
