#include "data/format/contest_file.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>

#include "data/format/contest_loader.h"
#include "data/format/person_text.h"
#include "scoring/engine/fixed_point.h"

namespace lf {

std::string plain_decimal(int64_t units, int decimals) {
  std::string s = format_fixed(units, decimals);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

namespace contest_loading {

// A reference by id to something already loaded; -1 (with an error) when unknown.
int Loader::ref(const Json& obj, const std::string& path, const char* key, const IdIndex& ids,
                const char* kind) {
  auto id = ck.string(obj, path, key, true);
  if (!id) return -1;
  int i = ids.find(*id);
  if (i < 0) ck.fail(path_key(path, key), "没有这个" + std::string(kind) + "：" + qt(*id));
  return i;
}

void Loader::load_header(const Json& doc) {
  if (auto f = ck.string(doc, "", "format", true); f && *f != kContestFormat)
    ck.fail("format", qt(*f) + " 不是本程序能读的文件格式（应为 " + qt(kContestFormat) + "）");
  if (const Json* info = ck.member(doc, "", "contest", true);
      info && ck.expect_object(*info, "contest")) {
    c.name = ck.string(*info, "contest", "name", true).value_or("");
    c.date = ck.string(*info, "contest", "date", false, true).value_or("");
    c.organizer = ck.string(*info, "contest", "organizer", false, true).value_or("");
    if (const Json* anon = ck.member(*info, "contest", "anonymous_judging", false);
        anon && !anon->is_boolean())
      ck.fail("contest.anonymous_judging", "应为 true 或 false，实际为" + json_type_name(*anon));
  }
}

void Loader::load_scale(const Json& doc) {
  if (const Json* step = ck.member(doc, "", "score_step", false)) {
    auto text = json_decimal_text(*step);
    auto places = text ? decimal_places(*text) : std::nullopt;
    if (!places || *places > 3) {
      ck.fail("score_step", text ? *text + " 应为大于 0、至多 3 位小数的分值单位"
                                 : "应为数字，实际为" + json_type_name(*step));
    } else {
      int64_t step = *parse_fixed(*text, *places);
      if (step <= 0) {
        ck.fail("score_step", *text + " 应大于 0");
      } else {
        c.scale.mark_decimals = *places;
        c.scale.step = step;
      }
    }
  }
  if (auto d = ck.integer(doc, "", "decimals", false, 0, 4)) c.scale.score_decimals = int(*d);
}

void Loader::load_sections(const Json& doc) {
  const Json* arr = ck.array(doc, "", "sections", true);
  if (!arr) return;
  if (arr->empty()) ck.fail("sections", "至少要有一个环节");
  for (size_t i = 0; i < arr->size(); ++i) {
    std::string p = path_index("sections", i);
    const Json& j = (*arr)[i];
    Section s;
    if (ck.expect_object(j, p)) {
      s.key = ck.string(j, p, "key", true).value_or("");
      s.name = ck.string(j, p, "name", true).value_or(s.key);
      if (const Json* mp = ck.member(j, p, "max_points", true)) {
        auto v =
            ck.decimal_value(*mp, path_key(p, "max_points"), c.scale.mark_decimals, step_text());
        if (v && *v <= 0)
          ck.fail(path_key(p, "max_points"), "满分必须大于 0");
        else if (v && *v % c.scale.step != 0)
          ck.fail(path_key(p, "max_points"), "不是" + step_text() + "的整数倍");
        else if (v)
          s.max_points = *v;
      }
      s.min_time_s = ck.integer(j, p, "min_time_s", false, 0, kMaxDurationS);
      s.max_time_s = ck.integer(j, p, "max_time_s", false, 1, kMaxDurationS);
      if (s.min_time_s && s.max_time_s && *s.min_time_s > *s.max_time_s)
        ck.fail(path_key(p, "min_time_s"), "最短用时大于最长用时（max_time_s）");
      ck.integer(j, p, "prep_s", false, 0, kMaxDurationS);
      ck.string(j, p, "timing_starts", false);
      s.criteria = ck.string(j, p, "criteria", false, true, false).value_or("");
    }
    section_ids.add(ck, s.key, int(i), path_key(p, "key"), "sections");
    c.sections.push_back(std::move(s));
  }
}

void Loader::load_tiers(const Json& doc, const char* key, const char* threshold_key,
                        std::vector<PenaltyTier>& out) {
  const Json* arr = ck.array(doc, "", key, false);
  if (!arr) return;
  std::set<int64_t> seen;
  for (size_t i = 0; i < arr->size(); ++i) {
    std::string p = path_index(key, i);
    const Json& j = (*arr)[i];
    if (!ck.expect_object(j, p)) continue;
    auto at = ck.integer(j, p, threshold_key, true, 1, kMaxDurationS);
    std::optional<int64_t> pts;
    if (const Json* pj = ck.member(j, p, "points", true)) {
      pts = ck.decimal_value(*pj, path_key(p, "points"), c.scale.score_decimals,
                             "规则规定的小数位（decimals）");
      if (pts && *pts < 0) {
        ck.fail(path_key(p, "points"), "不能为负数");
        pts.reset();
      }
    }
    if (at && !seen.insert(*at).second)
      ck.fail(path_key(p, threshold_key), "门槛 " + std::to_string(*at) + " 秒重复");
    if (at && pts) out.push_back({*at, *pts});
  }
}

void Loader::load_aggregation(const Json& doc) {
  const Json* a = ck.member(doc, "", "aggregation", false);
  if (!a || !ck.expect_object(*a, "aggregation")) return;
  if (auto m = ck.string(*a, "aggregation", "method", true)) {
    if (*m == "trimmed_mean")
      c.aggregation.method = AggregationMethod::kTrimmedMean;
    else if (*m == "mean")
      c.aggregation.method = AggregationMethod::kMean;
    else if (*m == "median")
      c.aggregation.method = AggregationMethod::kMedian;
    else
      ck.fail(
          "aggregation.method",
          qt(*m) +
              " 不是可用的计分方法（trimmed_mean 去掉最高最低分取平均、mean 平均、median 中位数）");
  }
  if (auto t = ck.integer(*a, "aggregation", "trim", false, 0, 10)) c.aggregation.trim = int(*t);
  if (auto m = ck.integer(*a, "aggregation", "min_marks_for_trim", false, 1, 100))
    c.aggregation.min_marks_for_trim = int(*m);
  if (c.aggregation.method == AggregationMethod::kTrimmedMean &&
      c.aggregation.min_marks_for_trim <= 2 * c.aggregation.trim)
    ck.fail("aggregation.min_marks_for_trim",
            "应大于去掉分数个数（trim）的两倍，否则去掉后没有分数可用");
}

void Loader::load_tie_break(const Json& doc) {
  const Json* arr = ck.array(doc, "", "tie_break", false);
  if (!arr) return;
  for (size_t i = 0; i < arr->size(); ++i) {
    std::string p = path_index("tie_break", i);
    const Json& j = (*arr)[i];
    if (!j.is_string()) {
      ck.fail(p, "应为环节代号，实际为" + json_type_name(j));
      continue;
    }
    int s = section_ids.find(j.get<std::string>());
    if (s < 0)
      ck.fail(p, "没有这个环节：" + qt(j.get<std::string>()));
    else if (std::find(c.tie_break.begin(), c.tie_break.end(), s) != c.tie_break.end())
      ck.fail(p, "环节 " + qt(j.get<std::string>()) + " 列了两次");
    else
      c.tie_break.push_back(s);
  }
}

void Loader::load_groups(const Json& doc) {
  const Json* arr = ck.array(doc, "", "groups", true);
  if (!arr) return;
  if (arr->empty()) ck.fail("groups", "至少要有一个组别");
  for (size_t i = 0; i < arr->size(); ++i) {
    std::string p = path_index("groups", i);
    const Json& j = (*arr)[i];
    Group g;
    if (ck.expect_object(j, p)) {
      g.key = ck.string(j, p, "key", true).value_or("");
      g.name = ck.string(j, p, "name", true).value_or(g.key);
    }
    group_ids.add(ck, g.key, int(i), path_key(p, "key"), "groups");
    c.groups.push_back(std::move(g));
  }
}

// A list of keys resolved through `ids`, refusing unknown and repeated ones.
std::vector<int> Loader::key_list(const Json& arr, const std::string& p, const IdIndex& ids,
                                  const char* kind) {
  std::vector<int> out;
  for (size_t k = 0; k < arr.size(); ++k) {
    std::string pk = path_index(p, k);
    if (!arr[k].is_string()) {
      ck.fail(pk, "应为" + std::string(kind) + "代号，实际为" + json_type_name(arr[k]));
      continue;
    }
    std::string key = arr[k].get<std::string>();
    int i = ids.find(key);
    if (i < 0)
      ck.fail(pk, "没有这个" + std::string(kind) + "：" + qt(key));
    else if (std::find(out.begin(), out.end(), i) != out.end())
      ck.fail(pk, std::string(kind) + " " + qt(key) + " 列了两次");
    else
      out.push_back(i);
  }
  return out;
}

void Loader::load_rounds(const Json& doc) {
  const Json* arr = ck.array(doc, "", "rounds", true);
  if (!arr) return;
  if (arr->empty()) ck.fail("rounds", "至少要有一轮比赛");
  for (size_t i = 0; i < arr->size(); ++i) {
    std::string p = path_index("rounds", i);
    const Json& j = (*arr)[i];
    Round r;
    if (ck.expect_object(j, p)) {
      r.key = ck.string(j, p, "key", true).value_or("");
      r.name = ck.string(j, p, "name", true).value_or(r.key);
      if (const Json* g = ck.array(j, p, "groups", true)) {
        r.groups = key_list(*g, path_key(p, "groups"), group_ids, "组别");
        if (g->empty()) ck.fail(path_key(p, "groups"), "至少要有一个组别");
      }
      if (const Json* s = ck.array(j, p, "sections", false)) {
        r.sections = key_list(*s, path_key(p, "sections"), section_ids, "环节");
        if (s->empty()) ck.fail(path_key(p, "sections"), "至少要有一个环节");
      } else {
        for (size_t s = 0; s < c.sections.size(); ++s) r.sections.push_back(int(s));
      }
      if (auto a = ck.integer(j, p, "advance", false, 1, 1000000)) r.advance = int(*a);
      load_entrants_from(j, p, int(i), r);
      load_awards(j, p, r);
    }
    round_ids.add(ck, r.key, int(i), path_key(p, "key"), "rounds");
    c.rounds.push_back(std::move(r));
  }
}

void Loader::load_entrants_from(const Json& j, const std::string& p, int round, Round& r) {
  const Json* ef = ck.member(j, p, "entrants_from", false);
  if (!ef || !ck.expect_object(*ef, path_key(p, "entrants_from"))) return;
  for (auto it = ef->begin(); it != ef->end(); ++it) {
    std::string pk = path_key(path_key(p, "entrants_from"), it.key());
    int g = group_ids.find(it.key());
    if (g < 0) {
      ck.fail(pk, "没有这个组别：" + qt(it.key()));
      continue;
    }
    if (std::find(r.groups.begin(), r.groups.end(), g) == r.groups.end()) {
      ck.fail(pk, "组别 " + qt(it.key()) + " 不在这一轮");
      continue;
    }
    if (!it->is_string()) {
      ck.fail(pk, "应为轮次代号，实际为" + json_type_name(*it));
      continue;
    }
    std::string src_key = it->get<std::string>();
    int src = round_ids.find(src_key);
    if (src < 0) {
      ck.fail(pk, "没有这个轮次：" + qt(src_key) + "（选手只能来自前面的轮次）");
      continue;
    }
    const Round& from = c.rounds[size_t(src)];
    if (std::find(from.groups.begin(), from.groups.end(), g) == from.groups.end())
      ck.fail(pk, "轮次 " + qt(src_key) + "（" + from.name + "）没有组别 " + qt(it.key()));
    else if (!from.advance)
      ck.fail(pk, "轮次 " + qt(src_key) + "（" + from.name +
                      "）没有设定晋级人数（advance），不会有人进入这一轮");
    else
      r.entrants_from[g] = src;
    (void)round;
  }
}

void Loader::load_awards(const Json& j, const std::string& p, Round& r) {
  const Json* arr = ck.array(j, p, "awards", false);
  if (!arr) return;
  std::string pa = path_key(p, "awards");
  for (size_t k = 0; k < arr->size(); ++k) {
    std::string pk = path_index(pa, k);
    const Json& a = (*arr)[k];
    if (!ck.expect_object(a, pk)) continue;
    AwardQuota q;
    q.name = ck.string(a, pk, "name", true).value_or("");
    if (const Json* cnt = ck.member(a, pk, "count", true)) {
      if (cnt->is_string() && cnt->get<std::string>() == "rest") {
        if (k + 1 != arr->size())
          ck.fail(path_key(pk, "count"), "\"rest\"（其余全部）只能用于最后一个奖项");
      } else if (auto n = ck.integer_value(*cnt, path_key(pk, "count"), 1, 1000000)) {
        q.count = int(*n);
      }
    }
    r.awards.push_back(std::move(q));
  }
}

void Loader::load_judges(const Json& doc) {
  const Json* arr = ck.array(doc, "", "judges", true);
  if (!arr) return;
  for (size_t i = 0; i < arr->size(); ++i) {
    std::string p = path_index("judges", i);
    const Json& j = (*arr)[i];
    Judge jd;
    if (ck.expect_object(j, p)) {
      jd.id = ck.string(j, p, "id", true).value_or("");
      jd.name = ck.string(j, p, "name", true).value_or(jd.id);
      jd.school = ck.string(j, p, "school", false, true).value_or("");
    }
    judge_ids.add(ck, jd.id, int(i), path_key(p, "id"), "judges");
    c.judges.push_back(std::move(jd));
  }
}

void Loader::load_venues(const Json& doc) {
  const Json* arr = ck.array(doc, "", "venues", true);
  if (!arr) return;
  venue_of.assign(c.rounds.size() * c.groups.size() * c.sections.size(), -1);
  for (size_t i = 0; i < arr->size(); ++i) {
    std::string p = path_index("venues", i);
    const Json& j = (*arr)[i];
    Venue v;
    bool usable = false;
    if (ck.expect_object(j, p)) {
      v.key = ck.string(j, p, "key", true).value_or("");
      v.name = ck.string(j, p, "name", false).value_or("");
      v.round = ref(j, p, "round", round_ids, "轮次");
      v.group = ref(j, p, "group", group_ids, "组别");
      usable = v.round >= 0 && v.group >= 0;
      if (usable) {
        const Round& r = c.rounds[size_t(v.round)];
        if (std::find(r.groups.begin(), r.groups.end(), v.group) == r.groups.end()) {
          ck.fail(path_key(p, "group"), c.groups[size_t(v.group)].name + "（" +
                                            c.groups[size_t(v.group)].key + "）不参加" + r.name +
                                            "（" + r.key + "）");
          usable = false;
        }
      }
      if (const Json* s = ck.array(j, p, "sections", true)) {
        v.sections = key_list(*s, path_key(p, "sections"), section_ids, "环节");
        if (s->empty()) ck.fail(path_key(p, "sections"), "至少要有一个环节");
      }
      if (const Json* js = ck.array(j, p, "judges", true))
        v.judges = key_list(*js, path_key(p, "judges"), judge_ids, "评委");
      ck.string(j, p, "head_judge", false);  // the people's names, for logins and screens
      ck.string(j, p, "timekeeper", false);
    }
    if (usable) {
      const Round& r = c.rounds[size_t(v.round)];
      for (size_t k = 0; k < v.sections.size(); ++k) {
        int s = v.sections[k];
        std::string pk = path_index(path_key(p, "sections"), k);
        if (std::find(r.sections.begin(), r.sections.end(), s) == r.sections.end()) {
          ck.fail(pk, r.name + "（" + r.key + "）没有" + c.sections[size_t(s)].name + "（" +
                          c.sections[size_t(s)].key + "）这个环节");
          continue;
        }
        int& slot =
            venue_of[(size_t(v.round) * c.groups.size() + size_t(v.group)) * c.sections.size() +
                     size_t(s)];
        if (slot >= 0)
          ck.fail(pk, r.name + " · " + c.groups[size_t(v.group)].name + "的" +
                          c.sections[size_t(s)].name + "已由赛场 " +
                          qt(c.venues[size_t(slot)].key) + " 负责");
        else
          slot = int(i);
      }
    }
    venue_ids.add(ck, v.key, int(i), path_key(p, "key"), "venues");
    c.venues.push_back(std::move(v));
  }
  // A venue without a name is called by its round and group (and sections, if the round
  // and group have several venues). Names are what people pick a venue by: no two alike.
  std::map<std::string, size_t> seen;
  for (size_t i = 0; i < c.venues.size(); ++i) {
    Venue& v = c.venues[i];
    if (v.name.empty() && v.round >= 0 && v.group >= 0) v.name = venue_name(c, int(i));
    if (v.name.empty()) continue;
    auto [it, fresh] = seen.emplace(v.name, i);
    if (!fresh)
      ck.fail(path_key(path_index("venues", i), "name"),
              "名称 " + qt(v.name) + " 已是赛场 " + qt(c.venues[it->second].key) + " 的名称");
  }
}

// Stewards by name (import-judges), shown with the prep room's login.
void Loader::load_stewards(const Json& doc) {
  const Json* arr = ck.array(doc, "", "stewards", false);
  if (!arr) return;
  for (size_t i = 0; i < arr->size(); ++i) {
    const Json& j = (*arr)[i];
    std::string p = path_index("stewards", i);
    if (!j.is_string())
      ck.fail(p, "应为姓名（文字），实际为" + json_type_name(j));
    else if (j.get<std::string>().empty())
      ck.fail(p, "不能为空");
    else if (auto problem = person_text_problem(j.get<std::string>()))
      ck.fail(p, *problem);
  }
}

void Loader::load_contestants(const Json& doc) {
  const Json* arr = ck.array(doc, "", "contestants", true);
  if (!arr) return;
  for (size_t i = 0; i < arr->size(); ++i) {
    std::string p = path_index("contestants", i);
    const Json& j = (*arr)[i];
    Contestant ct;
    ct.group = -1;
    if (ck.expect_object(j, p)) {
      ct.id = ck.string(j, p, "id", true).value_or("");
      ct.name = ck.string(j, p, "name", true).value_or(ct.id);
      ct.school = ck.string(j, p, "school", false, true).value_or("");
      ck.string(j, p, "phone", false, true);  // kept in the file, not in the model
      ct.group = ref(j, p, "group", group_ids, "组别");
      if (auto st = ck.string(j, p, "status", false)) {
        if (*st == "withdrawn")
          ct.withdrawn = true;
        else if (*st != "active")
          ck.fail(path_key(p, "status"),
                  qt(*st) + " 不是可用的状态（active 参赛 或 withdrawn 弃权）");
      }
      ck.integer(j, p, "draw", false, 1, 1000000);
    }
    contestant_ids.add(ck, ct.id, int(i), path_key(p, "id"), "contestants");
    c.contestants.push_back(std::move(ct));
  }
}

void Loader::load(const Json& doc) {
  load_header(doc);
  load_scale(doc);
  load_sections(doc);
  if (!doc.contains("overtime_penalty")) {
    // contest-file.md §2 default: 30 s over -> 1 point, 60 s over -> 2 points.
    int64_t one = pow10(c.scale.score_decimals);
    c.overtime_penalty = {{30, one}, {60, 2 * one}};
  }
  load_tiers(doc, "overtime_penalty", "over_s_at_least", c.overtime_penalty);
  load_tiers(doc, "undertime_penalty", "under_s_at_least", c.undertime_penalty);
  load_aggregation(doc);
  load_tie_break(doc);
  load_groups(doc);
  load_rounds(doc);
  load_judges(doc);
  load_venues(doc);
  load_stewards(doc);
  load_contestants(doc);
  if (ck.failed()) return;  // marks can only be checked against a sound contest
  load_marks(doc);
  load_timings(doc);
  load_decisions(doc);
  load_absences(doc);
  load_published(doc);
}

}  // namespace contest_loading

Result<ContestFile> load_contest_document(Json document) {
  if (!document.is_object())
    return Error{"", "比赛文件应为一个 JSON 对象，实际为" + json_type_name(document)};
  contest_loading::Loader loader;
  loader.load(document);
  if (loader.ck.failed()) {
    auto errors = std::move(loader.ck.errors);
    if (loader.ck.suppressed > 0)
      errors.push_back({"", "……另有 " + std::to_string(loader.ck.suppressed) + " 处错误未列出"});
    return Result<ContestFile>(std::move(errors));
  }
  return ContestFile{std::move(document), std::move(loader.c)};
}

Result<ContestFile> load_contest(std::string_view text) {
  auto doc = parse_json(text);
  if (!doc.ok()) return Result<ContestFile>(doc.errors());
  return load_contest_document(std::move(doc.value()));
}

Result<ContestFile> load_contest_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path, "无法打开文件（文件是否存在？当前用户是否有权读取？）"};
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Error{path, "无法读取文件"};
  return load_contest(ss.str());
}

std::string write_contest(const Json& document) { return dump_json(document); }

namespace {
template <class V, class F>
int find_by(const V& v, F key_of, std::string_view key) {
  for (size_t i = 0; i < v.size(); ++i)
    if (key_of(v[i]) == key) return int(i);
  return -1;
}
}  // namespace

int find_section(const Contest& c, std::string_view k) {
  return find_by(c.sections, [](const Section& s) { return s.key; }, k);
}
int find_group(const Contest& c, std::string_view k) {
  return find_by(c.groups, [](const Group& g) { return g.key; }, k);
}
int find_round(const Contest& c, std::string_view k) {
  return find_by(c.rounds, [](const Round& r) { return r.key; }, k);
}
int find_judge(const Contest& c, std::string_view k) {
  return find_by(c.judges, [](const Judge& j) { return j.id; }, k);
}
int find_contestant(const Contest& c, std::string_view k) {
  return find_by(c.contestants, [](const Contestant& x) { return x.id; }, k);
}
int find_venue(const Contest& c, std::string_view k) {
  return find_by(c.venues, [](const Venue& v) { return v.key; }, k);
}

int find_venue_by_name_or_key(const Contest& c, std::string_view text) {
  for (size_t i = 0; i < c.venues.size(); ++i)
    if (!c.venues[i].name.empty() && c.venues[i].name == text) return int(i);
  return find_venue(c, text);
}

std::string venue_name(const Contest& c, int v) {
  const Venue& x = c.venues[size_t(v)];
  if (!x.name.empty()) return x.name;
  std::string out = c.rounds[size_t(x.round)].name + " · " + c.groups[size_t(x.group)].name;
  int alike = 0;
  for (const Venue& y : c.venues) alike += y.round == x.round && y.group == x.group;
  if (alike > 1 && !x.sections.empty()) {
    out += " · ";
    for (size_t k = 0; k < x.sections.size(); ++k)
      out += (k ? "、" : "") + c.sections[size_t(x.sections[k])].name;
  }
  return out;
}

}  // namespace lf