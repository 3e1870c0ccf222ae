// The contest file's records of the day — marks, timings, decisions, absences, what was
// published — as the loader reads them (contest_loader.h), and one more mark or timing checked
// with exactly the file's rules (PerformanceChecker, contest_file.h).
#include <algorithm>
#include <set>

#include "data/format/contest_loader.h"
#include "data/format/person_text.h"
#include "scoring/engine/fixed_point.h"

namespace lf {

namespace contest_loading {

// round, contestant, section of a mark or timing, checked for consistency. Returns false
// (with errors) when any is unusable.
bool Loader::performance_ref(const Json& j, const std::string& p, int& round, int& contestant,
                             int& section) {
  round = ref(j, p, "round", round_ids, "轮次");
  contestant = ref(j, p, "contestant", contestant_ids, "选手");
  section = ref(j, p, "section", section_ids, "环节");
  if (round < 0 || contestant < 0 || section < 0) return false;
  const Round& r = c.rounds[size_t(round)];
  const Contestant& ct = c.contestants[size_t(contestant)];
  if (ct.group < 0) return false;
  if (std::find(r.groups.begin(), r.groups.end(), ct.group) == r.groups.end()) {
    ck.fail(path_key(p, "contestant"), "选手 " + qt(ct.id) + "（" + ct.name + "，" +
                                           c.groups[size_t(ct.group)].name + "）不参加" + r.name);
    return false;
  }
  if (std::find(r.sections.begin(), r.sections.end(), section) == r.sections.end()) {
    ck.fail(path_key(p, "section"),
            r.name + "没有" + c.sections[size_t(section)].name + "这个环节");
    return false;
  }
  return true;
}

std::optional<Mark> Loader::mark(const Json& j, const std::string& p) {
  if (!ck.expect_object(j, p)) return std::nullopt;
  Mark m;
  bool ok = performance_ref(j, p, m.round, m.contestant, m.section);
  m.judge = ref(j, p, "judge", judge_ids, "评委");
  const Json* pts = ck.member(j, p, "points", true);
  std::optional<int64_t> points;
  const Section* sec = m.section >= 0 ? &c.sections[size_t(m.section)] : nullptr;
  if (pts) {
    // Paths and messages are built only on failure: a valid mark allocates nothing here.
    auto pp = [&] { return path_key(p, "points"); };
    auto shown = [&] { return *json_decimal_text(*pts); };
    points = ck.decimal_value(*pts, p, "points", c.scale.mark_decimals, c.scale.step,
                              c.scale.mark_decimals);
    if (points) {
      if (*points < 0) {
        ck.fail(pp(), shown() + " 低于最低分 0");
        points.reset();
      } else if (sec && *points > sec->max_points) {
        ck.fail(pp(), shown() + " 超过" + sec->name + "的满分 " +
                          plain_decimal(sec->max_points, c.scale.mark_decimals));
        points.reset();
      } else if (*points % c.scale.step != 0) {
        ck.fail(pp(), shown() + " 不是" + step_text() + "的整数倍");
        points.reset();
      }
    }
  }
  if (!ok || m.judge < 0 || !points) return std::nullopt;
  m.points = *points;
  const Contestant& ct = c.contestants[size_t(m.contestant)];
  const Judge& jd = c.judges[size_t(m.judge)];
  int v = venue_index(m.round, ct.group, m.section);
  auto where = [&] {
    return c.rounds[size_t(m.round)].name + " · " + c.groups[size_t(ct.group)].name + "的" +
           sec->name;
  };
  if (v < 0) {
    ck.fail(path_key(p, "section"), "没有赛场负责" + where());
    return std::nullopt;
  }
  const Venue& venue = c.venues[size_t(v)];
  if (std::find(venue.judges.begin(), venue.judges.end(), m.judge) == venue.judges.end()) {
    ck.fail(path_key(p, "judge"), "评委 " + qt(jd.id) + "（" + jd.name + "）不在" +
                                      venue_name(c, v) + "（" + venue.key +
                                      "）的评委组，该赛场负责" + where());
    return std::nullopt;
  }
  if (is_conflicted(jd, ct)) {
    ck.fail(path_key(p, "judge"), "评委 " + qt(jd.id) + "（" + jd.name + "）与选手 " + qt(ct.id) +
                                      "（" + ct.name + "）同校（" + jd.school +
                                      "），应回避，不能为其评分");
    return std::nullopt;
  }
  return m;
}

std::optional<Timing> Loader::timing(const Json& j, const std::string& p) {
  if (!ck.expect_object(j, p)) return std::nullopt;
  Timing t;
  bool ok = performance_ref(j, p, t.round, t.contestant, t.section);
  std::optional<int64_t> secs;
  if (const Json* d = ck.member(j, p, "duration_s", true)) {
    std::string pd = path_key(p, "duration_s");
    auto text = json_decimal_text(*d);
    if (!text) {
      ck.fail(pd, "应为数字，实际为" + json_type_name(*d));
    } else if (!decimal_places(*text)) {
      ck.fail(pd, *text + " 不是可用的数字");
    } else {
      // Truncate to whole seconds, as a stopwatch display is read.
      std::string whole = text->substr(0, text->find('.'));
      auto v = parse_fixed(whole, 0);
      bool negative = (*text)[0] == '-' && parse_fixed(*text, 6).value_or(-1) != 0;
      if (negative)
        ck.fail(pd, *text + " 是负数；用时应为 0 秒或以上");
      else if (!v || *v > kMaxDurationS)
        ck.fail(pd, *text + " 秒不是合理的用时（最多 " + std::to_string(kMaxDurationS) + " 秒）");
      else
        secs = std::max<int64_t>(0, *v);
    }
  }
  if (!ok || !secs) return std::nullopt;
  t.duration_s = *secs;
  return t;
}

void Loader::load_marks(const Json& doc) {
  const Json* arr = ck.array(doc, "", "marks", false);
  if (!arr) return;
  c.marks.reserve(arr->size());
  for (size_t i = 0; i < arr->size(); ++i)
    if (auto m = mark((*arr)[i], path_index("marks", i))) c.marks.push_back(*m);
}

void Loader::load_timings(const Json& doc) {
  const Json* arr = ck.array(doc, "", "timings", false);
  if (!arr) return;
  c.timings.reserve(arr->size());
  for (size_t i = 0; i < arr->size(); ++i)
    if (auto t = timing((*arr)[i], path_index("timings", i))) c.timings.push_back(*t);
}

void Loader::load_decisions(const Json& doc) {
  const Json* arr = ck.array(doc, "", "decisions", false);
  if (!arr) return;
  for (size_t i = 0; i < arr->size(); ++i) {
    std::string p = path_index("decisions", i);
    const Json& j = (*arr)[i];
    if (!ck.expect_object(j, p)) continue;
    auto kind = ck.string(j, p, "kind", true);
    if (kind && *kind != "tie_order") {
      ck.fail(path_key(p, "kind"), qt(*kind) + " 不是可用的裁决种类（应为 tie_order 并列排序）");
      continue;
    }
    TieDecision d;
    d.round = ref(j, p, "round", round_ids, "轮次");
    d.group = ref(j, p, "group", group_ids, "组别");
    const Json* order = ck.array(j, p, "order", true);
    if (d.round < 0 || d.group < 0 || !order) continue;
    const Round& r = c.rounds[size_t(d.round)];
    if (std::find(r.groups.begin(), r.groups.end(), d.group) == r.groups.end()) {
      ck.fail(path_key(p, "group"), c.groups[size_t(d.group)].name + "（" +
                                        c.groups[size_t(d.group)].key + "）不参加" + r.name + "（" +
                                        r.key + "）");
      continue;
    }
    std::string po = path_key(p, "order");
    if (order->size() < 2) ck.fail(po, "至少要列出两名选手");
    d.order = key_list(*order, po, contestant_ids, "选手");
    if (auto reason = ck.string(j, p, "reason", false, true)) d.reason = *reason;
    for (size_t k = 0; k < d.order.size(); ++k)
      if (c.contestants[size_t(d.order[k])].group != d.group)
        ck.fail(path_index(po, k), "选手 " + qt(c.contestants[size_t(d.order[k])].id) + "（" +
                                       c.contestants[size_t(d.order[k])].name + "）不在" +
                                       c.groups[size_t(d.group)].name);
    c.decisions.push_back(std::move(d));
  }
}

// contest-file.md §7: 缺赛 / 弃权 in one round ({round, contestant, status, reason}, with who
// and when when the server recorded it); at most one per round and contestant.
void Loader::load_absences(const Json& doc) {
  const Json* arr = ck.array(doc, "", "absences", false);
  if (!arr) return;
  std::set<std::pair<int, int>> seen;
  for (size_t i = 0; i < arr->size(); ++i) {
    std::string p = path_index("absences", i);
    const Json& j = (*arr)[i];
    if (!ck.expect_object(j, p)) continue;
    RoundAbsence a;
    a.round = ref(j, p, "round", round_ids, "轮次");
    a.contestant = ref(j, p, "contestant", contestant_ids, "选手");
    auto status = ck.string(j, p, "status", true);
    ck.string(j, p, "reason", true);
    ck.string(j, p, "by", false);
    ck.integer(j, p, "at_ms", false, 0, int64_t{1} << 53);
    if (status && *status != "absent" && *status != "withdrew") {
      ck.fail(path_key(p, "status"),
              qt(*status) + " 不是可用的状态（absent 缺赛 或 withdrew 弃权）");
      continue;
    }
    if (a.round < 0 || a.contestant < 0 || !status) continue;
    const Round& r = c.rounds[size_t(a.round)];
    const Contestant& ct = c.contestants[size_t(a.contestant)];
    if (std::find(r.groups.begin(), r.groups.end(), ct.group) == r.groups.end()) {
      ck.fail(path_key(p, "contestant"),
              "选手 " + qt(ct.id) + "（" + ct.name + "）不参加" + r.name);
      continue;
    }
    if (!seen.insert({a.round, a.contestant}).second) {
      ck.fail(p, "选手 " + qt(ct.id) + " 在" + r.name + "的缺赛或弃权记录重复");
      continue;
    }
    a.kind = *status == "absent" ? AbsenceKind::kAbsent : AbsenceKind::kWithdrew;
    c.absences.push_back(a);
  }
}

void Loader::load_published(const Json& doc) {
  const Json* arr = ck.array(doc, "", "published", false);
  if (!arr) return;
  for (size_t i = 0; i < arr->size(); ++i) {
    std::string p = path_index("published", i);
    int r, ct, s;
    if (ck.expect_object((*arr)[i], p)) performance_ref((*arr)[i], p, r, ct, s);
  }
}

}  // namespace contest_loading

struct PerformanceChecker::Impl {
  contest_loading::Loader loader;
};

PerformanceChecker::PerformanceChecker(const Contest& contest) : impl_(std::make_unique<Impl>()) {
  contest_loading::Loader& l = impl_->loader;
  l.c = contest;
  l.c.marks.clear();  // only the structure is needed to check one more mark or timing
  l.c.timings.clear();
  for (size_t i = 0; i < contest.sections.size(); ++i)
    l.section_ids.add(l.ck, contest.sections[i].key, int(i), "", "");
  for (size_t i = 0; i < contest.groups.size(); ++i)
    l.group_ids.add(l.ck, contest.groups[i].key, int(i), "", "");
  for (size_t i = 0; i < contest.rounds.size(); ++i)
    l.round_ids.add(l.ck, contest.rounds[i].key, int(i), "", "");
  for (size_t i = 0; i < contest.judges.size(); ++i)
    l.judge_ids.add(l.ck, contest.judges[i].id, int(i), "", "");
  for (size_t i = 0; i < contest.contestants.size(); ++i)
    l.contestant_ids.add(l.ck, contest.contestants[i].id, int(i), "", "");
  l.venue_of.assign(contest.rounds.size() * contest.groups.size() * contest.sections.size(), -1);
  for (size_t v = 0; v < contest.venues.size(); ++v) {
    const Venue& ven = contest.venues[v];
    for (int s : ven.sections)
      l.venue_of[(size_t(ven.round) * contest.groups.size() + size_t(ven.group)) *
                     contest.sections.size() +
                 size_t(s)] = int(v);
  }
}

PerformanceChecker::~PerformanceChecker() = default;

Result<Mark> PerformanceChecker::mark(const Json& j, const std::string& path) const {
  contest_loading::Loader& l = impl_->loader;
  l.ck = contest_loading::Checker{};
  auto m = l.mark(j, path);
  if (!m) return Result<Mark>(std::move(l.ck.errors));
  return *m;
}

Result<Timing> PerformanceChecker::timing(const Json& j, const std::string& path) const {
  contest_loading::Loader& l = impl_->loader;
  l.ck = contest_loading::Checker{};
  auto t = l.timing(j, path);
  if (!t) return Result<Timing>(std::move(l.ck.errors));
  return *t;
}

}  // namespace lf
