#include "judge_console/panels/console_glyphs.h"

#include "scoring/protocol/session_end.h"

namespace lf {

const char* const kConsoleDrawnLiterals =
    "✓●−–≤回避·：（）号选手、"
    // A ruling's time (data/live/history.h: beijing_time_text, "11月23日 09:14:05").
    "月日"
    // console_client.cpp's messages, shown on the login panel and the status line.
    "内部错误，正在重试 本机暂存区无法打开 本程序版本与服务器不一致，请更新 "
    "输错次数太多，请稍等一分钟再试 "
    "连不上服务器，未执行，请稍后重试 请检查网络和服务器地址 "
    // The outbox's, the sender's and the client library's refusals (shown as a toast or on the
    // status line): in Chinese like every other word.
    "尚未登录，分数无法保存 这个分数属于另一位评委，未发送 等待前一条发送完成 保存到本机失败 "
    "无法打开本机待发送记录 待发送的内容格式不对 "
    "服务器没有回应（网络不通、地址不对或服务器未启动） "
    "与服务器的连接断开了 服务器拒绝了实时连接 请填写服务器地址 不是服务器地址，应形如 "
    "端口超出范围 "
    "服务器的回答无法读懂：应为对象文字整数数组 内存不足 建立本机待发送记录 升级本机待发送记录 "
    "从本机待发送记录删除 更新本机待发送记录";

void collect_console_glyphs(const ConsoleStrings& s, const ConsoleView* v, GlyphSet& g) {
  static_assert(sizeof(ConsoleStrings) % sizeof(const char*) == 0, "ConsoleStrings holds only strings");
  const char* const* begin = reinterpret_cast<const char* const*>(&s);
  const char* const* end = reinterpret_cast<const char* const*>(&s + 1);
  for (auto p = begin; p != end; ++p)  // every member is a const char* (or an array of them)
    if (*p) g.add(*p);
  g.add(kConsoleDrawnLiterals);
  for (const protocol::session_end::Words& w : protocol::session_end::kWords) g.add(w.message);
  if (!v) return;
  g.add(v->name + v->venue + v->contest_name);
  for (const auto& sec : v->sections) g.add(sec.name + sec.criteria);
  for (const auto& [id, label] : v->names) g.add(label);
  for (const auto& venue : v->venues) {
    g.add(venue.name);
    for (const auto& [id, name] : venue.judges) g.add(name);
    if (venue.on_stage) g.add(venue.on_stage->label());
  }
  for (const auto& m : v->my_marks) g.add(m.note + m.contestant_label);
  for (const auto& p : v->panels)
    for (const auto& m : p.marks) g.add(m.note);
  for (const auto& d : v->topic_draws) g.add(d.text);
  for (const auto& call : v->judge_calls) g.add(call.judge_name + call.note);
  for (const auto& [key, name] : v->round_names) g.add(name);
  for (const auto& [key, name] : v->group_names) g.add(name);
  for (const auto& [id, label] : v->contestants) g.add(label);
  for (const auto& step : v->round_steps) {
    g.add(step.by + step.reason);
    for (const auto& p : step.places) g.add(p.name + p.school);
  }
  for (const auto& r : v->rulings) {
    g.add(r.reason + r.by_name);
    for (const auto& label : r.order) g.add(label);
  }
  for (const auto& a : v->absences) g.add(a.contestant_label + a.reason + a.by_name);
  for (const auto& t : v->ties) {
    for (const auto& p : t.people) g.add(p.name);
    for (const auto& p : t.places) g.add(p.award);
  }
  for (const auto& [id, ns] : v->name_and_school) g.add(ns.first + ns.second);
  for (const auto& line : v->topic_shortfalls) g.add(line);
}

ConsoleView drawable_view(ConsoleView v) {
  auto fix = [](std::string& s) { s = drawable_text(s); };
  auto fix_mark = [&](MarkLine& m) {
    fix(m.contestant_label);
    fix(m.judge_name);
    fix(m.note);
  };
  fix(v.name);
  fix(v.contest_name);
  for (SectionInfo& sec : v.sections) {
    fix(sec.name);
    fix(sec.criteria);
  }
  for (VenueView& venue : v.venues) {
    fix(venue.name);
    for (auto& [id, name] : venue.judges) fix(name);
    if (venue.on_stage) {
      fix(venue.on_stage->name);
      fix(venue.on_stage->school);
    }
  }
  for (MarkLine& m : v.my_marks) fix_mark(m);
  for (MyPerformance& p : v.my_performances) fix(p.contestant_label);
  for (PanelView& p : v.panels) {
    fix(p.contestant_label);
    for (MarkLine& m : p.marks) fix_mark(m);
  }
  for (JudgeCall& call : v.judge_calls) {
    fix(call.judge_name);
    fix(call.note);
  }
  for (auto& [id, label] : v.names) fix(label);
  for (auto& [id, label] : v.contestants) fix(label);
  for (auto& [id, ns] : v.name_and_school) fix(ns.first), fix(ns.second);
  for (std::string& line : v.topic_shortfalls) fix(line);
  for (TopicDrawView& d : v.topic_draws) {
    fix(d.contestant_label);
    fix(d.text);
  }
  for (auto& [key, name] : v.round_names) fix(name);
  for (auto& [key, name] : v.group_names) fix(name);
  for (RoundStep& step : v.round_steps) {
    fix(step.by);
    fix(step.reason);
    for (DrawnPlace& p : step.places) {
      fix(p.name);
      fix(p.school);
    }
  }
  for (RulingView& r : v.rulings) {
    fix(r.reason);
    fix(r.by_name);
    for (std::string& label : r.order) fix(label);
  }
  for (TieToRule& t : v.ties) {
    for (TiedPerson& p : t.people) {
      fix(p.name);
    }
    for (PlaceAtStakeView& p : t.places) fix(p.award);
  }
  for (AbsenceView& a : v.absences) {
    fix(a.contestant_label);
    fix(a.reason);
    fix(a.by_name);
  }
  return v;
}

}  // namespace lf
