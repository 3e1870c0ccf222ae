#include "data/format/contest_file.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>

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

namespace {

std::string qt(std::string_view s) { return "\"" + std::string(s) + "\""; }

// Collects errors and reads typed fields; every read names its path on failure.
class Checker {
 public:
  std::vector<Error> errors;
  size_t suppressed = 0;

  void fail(const std::string& path, std::string message) {
    if (errors.size() < kMaxErrors) errors.push_back({path, std::move(message)});
    else ++suppressed;
  }
  bool failed() const { return !errors.empty(); }

  // The member `key` of object `obj`, or nullptr (with an error when required).
  const Json* member(const Json& obj, const std::string& path, const char* key, bool required) {
    auto it = obj.find(key);
    if (it == obj.end() || (it->is_null() && !required)) {
      if (required) fail(path_key(path, key), "缺少必填项");
      return nullptr;
    }
    return &*it;
  }

  bool expect_object(const Json& j, const std::string& path) {
    if (j.is_object()) return true;
    fail(path, "应为对象，实际为" + json_type_name(j));
    return false;
  }

  // An array member (absent optional -> nullptr with no error).
  const Json* array(const Json& obj, const std::string& path, const char* key, bool required) {
    const Json* j = member(obj, path, key, required);
    if (j && !j->is_array()) {
      fail(path_key(path, key), "应为数组，实际为" + json_type_name(*j));
      return nullptr;
    }
    return j;
  }

  // Every string is also checked as text a person reads (person_text.h): no control codes,
  // escapes or invisible characters; `person_text` false only for free text that may span lines.
  std::optional<std::string> string(const Json& obj, const std::string& path, const char* key,
                                    bool required, bool allow_empty = false, bool person_text = true) {
    const Json* j = member(obj, path, key, required);
    if (!j) return std::nullopt;
    if (!j->is_string()) {
      fail(path_key(path, key), "应为文字（字符串），实际为" + json_type_name(*j));
      return std::nullopt;
    }
    std::string s = j->get<std::string>();
    if (s.empty() && !allow_empty) {
      fail(path_key(path, key), "不能为空");
      return std::nullopt;
    }
    if (auto problem = person_text ? person_text_problem(s) : std::nullopt) {
      fail(path_key(path, key), *problem);
      return std::nullopt;
    }
    return s;
  }

  // A whole number within [lo, hi].
  std::optional<int64_t> integer(const Json& obj, const std::string& path, const char* key,
                                 bool required, int64_t lo, int64_t hi) {
    const Json* j = member(obj, path, key, required);
    if (!j) return std::nullopt;
    return integer_value(*j, path_key(path, key), lo, hi);
  }

  std::optional<int64_t> integer_value(const Json& j, const std::string& path, int64_t lo,
                                       int64_t hi) {
    auto text = json_decimal_text(j);
    if (!text) {
      fail(path, "应为数字，实际为" + json_type_name(j));
      return std::nullopt;
    }
    auto v = parse_fixed(*text, 0);
    if (!v) {
      fail(path, *text + " 应为整数");
      return std::nullopt;
    }
    if (*v < lo || *v > hi) {
      fail(path, *text + " 超出范围（应在 " + std::to_string(lo) + " 到 " + std::to_string(hi) + " 之间）");
      return std::nullopt;
    }
    return v;
  }

  // decimal_value for member `key` of the object at `base`; the path is built only on failure.
  std::optional<int64_t> decimal_value(const Json& j, const std::string& base, const char* key,
                                       int decimals, int64_t step, int step_decimals) {
    auto text = json_decimal_text(j);
    if (text) {
      if (auto v = parse_fixed(*text, decimals)) return v;
    }
    return decimal_value(j, path_key(base, key), decimals,
                         "最小分值单位 " + plain_decimal(step, step_decimals));
  }

  // A decimal number as units of 10^-decimals; `what_step` explains a refusal of precision.
  std::optional<int64_t> decimal_value(const Json& j, const std::string& path, int decimals,
                                       const std::string& what_step) {
    auto text = json_decimal_text(j);
    if (!text) {
      fail(path, "应为数字，实际为" + json_type_name(j));
      return std::nullopt;
    }
    auto v = parse_fixed(*text, decimals);
    if (!v) {
      auto places = decimal_places(*text);
      if (places && *places > decimals)
        fail(path, *text + " 不是" + what_step + "的整数倍");
      else
        fail(path, *text + " 不是可用的数字");
      return std::nullopt;
    }
    return v;
  }
};

// Id -> index for one kind of thing, reporting duplicates.
class IdIndex {
 public:
  explicit IdIndex(std::string kind) : kind_(std::move(kind)) {}
  void add(Checker& ck, const std::string& id, int index, const std::string& path,
           const std::string& first_path_base) {
    auto [it, inserted] = ids_.emplace(id, index);
    if (!inserted)
      ck.fail(path, kind_ + " " + qt(id) + " 重复（第一次出现在 " +
                        path_index(first_path_base, size_t(it->second)) + "）");
  }
  int find(std::string_view id) const {
    auto it = ids_.find(std::string(id));
    return it == ids_.end() ? -1 : it->second;
  }

 private:
  std::string kind_;
  std::unordered_map<std::string, int> ids_;
};

struct Loader {
  Checker ck;
  Contest c;
  IdIndex section_ids{"环节代号"}, group_ids{"组别代号"}, round_ids{"轮次代号"},
      venue_ids{"赛场代号"}, judge_ids{"评委编号"}, contestant_ids{"选手编号"};
  // (round, group, section) -> venue, for panels.
  std::vector<int> venue_of;  // [(round * groups + group) * sections + section], -1 none

  int venue_index(int round, int group, int section) const {
    return venue_of[(size_t(round) * c.groups.size() + size_t(group)) * c.sections.size() +
                    size_t(section)];
  }

  // A reference by id to something already loaded; -1 (with an error) when unknown.
  int ref(const Json& obj, const std::string& path, const char* key, const IdIndex& ids,
          const char* kind) {
    auto id = ck.string(obj, path, key, true);
    if (!id) return -1;
    int i = ids.find(*id);
    if (i < 0) ck.fail(path_key(path, key), "没有这个" + std::string(kind) + "：" + qt(*id));
    return i;
  }

  void load_header(const Json& doc) {
    if (auto f = ck.string(doc, "", "format", true); f && *f != kContestFormat)
      ck.fail("format", qt(*f) + " 不是本程序能读的文件格式（应为 " + qt(kContestFormat) + "）");
    if (const Json* info = ck.member(doc, "", "contest", true); info && ck.expect_object(*info, "contest")) {
      c.name = ck.string(*info, "contest", "name", true).value_or("");
      c.date = ck.string(*info, "contest", "date", false, true).value_or("");
      c.organizer = ck.string(*info, "contest", "organizer", false, true).value_or("");
      if (const Json* anon = ck.member(*info, "contest", "anonymous_judging", false);
          anon && !anon->is_boolean())
        ck.fail("contest.anonymous_judging", "应为 true 或 false，实际为" + json_type_name(*anon));
    }
  }

  void load_scale(const Json& doc) {
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

  std::string step_text() const {
    return "最小分值单位 " + plain_decimal(c.scale.step, c.scale.mark_decimals);
  }

  void load_sections(const Json& doc) {
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
          auto v = ck.decimal_value(*mp, path_key(p, "max_points"), c.scale.mark_decimals,
                                    step_text());
          if (v && *v <= 0) ck.fail(path_key(p, "max_points"), "满分必须大于 0");
          else if (v && *v % c.scale.step != 0)
            ck.fail(path_key(p, "max_points"), "不是" + step_text() + "的整数倍");
          else if (v) s.max_points = *v;
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

  void load_tiers(const Json& doc, const char* key, const char* threshold_key,
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

  void load_aggregation(const Json& doc) {
    const Json* a = ck.member(doc, "", "aggregation", false);
    if (!a || !ck.expect_object(*a, "aggregation")) return;
    if (auto m = ck.string(*a, "aggregation", "method", true)) {
      if (*m == "trimmed_mean") c.aggregation.method = AggregationMethod::kTrimmedMean;
      else if (*m == "mean") c.aggregation.method = AggregationMethod::kMean;
      else if (*m == "median") c.aggregation.method = AggregationMethod::kMedian;
      else
        ck.fail("aggregation.method",
                qt(*m) + " 不是可用的计分方法（trimmed_mean 去掉最高最低分取平均、mean 平均、median 中位数）");
    }
    if (auto t = ck.integer(*a, "aggregation", "trim", false, 0, 10)) c.aggregation.trim = int(*t);
    if (auto m = ck.integer(*a, "aggregation", "min_marks_for_trim", false, 1, 100))
      c.aggregation.min_marks_for_trim = int(*m);
    if (c.aggregation.method == AggregationMethod::kTrimmedMean &&
        c.aggregation.min_marks_for_trim <= 2 * c.aggregation.trim)
      ck.fail("aggregation.min_marks_for_trim",
              "应大于去掉分数个数（trim）的两倍，否则去掉后没有分数可用");
  }

  void load_tie_break(const Json& doc) {
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
      if (s < 0) ck.fail(p, "没有这个环节：" + qt(j.get<std::string>()));
      else if (std::find(c.tie_break.begin(), c.tie_break.end(), s) != c.tie_break.end())
        ck.fail(p, "环节 " + qt(j.get<std::string>()) + " 列了两次");
      else c.tie_break.push_back(s);
    }
  }

  void load_groups(const Json& doc) {
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
  std::vector<int> key_list(const Json& arr, const std::string& p, const IdIndex& ids,
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
      if (i < 0) ck.fail(pk, "没有这个" + std::string(kind) + "：" + qt(key));
      else if (std::find(out.begin(), out.end(), i) != out.end())
        ck.fail(pk, std::string(kind) + " " + qt(key) + " 列了两次");
      else out.push_back(i);
    }
    return out;
  }

  void load_rounds(const Json& doc) {
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

  void load_entrants_from(const Json& j, const std::string& p, int round, Round& r) {
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
        ck.fail(pk, "轮次 " + qt(src_key) + "（" + from.name + "）没有设定晋级人数（advance），不会有人进入这一轮");
      else
        r.entrants_from[g] = src;
      (void)round;
    }
  }

  void load_awards(const Json& j, const std::string& p, Round& r) {
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

  void load_judges(const Json& doc) {
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

  void load_venues(const Json& doc) {
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
            ck.fail(path_key(p, "group"), c.groups[size_t(v.group)].name + "（" + c.groups[size_t(v.group)].key +
                                              "）不参加" + r.name + "（" + r.key + "）");
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
          int& slot = venue_of[(size_t(v.round) * c.groups.size() + size_t(v.group)) *
                                   c.sections.size() + size_t(s)];
          if (slot >= 0)
            ck.fail(pk, r.name + " · " + c.groups[size_t(v.group)].name + "的" +
                            c.sections[size_t(s)].name + "已由赛场 " + qt(c.venues[size_t(slot)].key) +
                            " 负责");
          else slot = int(i);
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
  void load_stewards(const Json& doc) {
    const Json* arr = ck.array(doc, "", "stewards", false);
    if (!arr) return;
    for (size_t i = 0; i < arr->size(); ++i) {
      const Json& j = (*arr)[i];
      std::string p = path_index("stewards", i);
      if (!j.is_string()) ck.fail(p, "应为姓名（文字），实际为" + json_type_name(j));
      else if (j.get<std::string>().empty()) ck.fail(p, "不能为空");
      else if (auto problem = person_text_problem(j.get<std::string>())) ck.fail(p, *problem);
    }
  }

  void load_contestants(const Json& doc) {
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
          if (*st == "withdrawn") ct.withdrawn = true;
          else if (*st != "active")
            ck.fail(path_key(p, "status"), qt(*st) + " 不是可用的状态（active 参赛 或 withdrawn 弃权）");
        }
        ck.integer(j, p, "draw", false, 1, 1000000);
      }
      contestant_ids.add(ck, ct.id, int(i), path_key(p, "id"), "contestants");
      c.contestants.push_back(std::move(ct));
    }
  }

  // round, contestant, section of a mark or timing, checked for consistency. Returns false
  // (with errors) when any is unusable.
  bool performance_ref(const Json& j, const std::string& p, int& round, int& contestant,
                       int& section) {
    round = ref(j, p, "round", round_ids, "轮次");
    contestant = ref(j, p, "contestant", contestant_ids, "选手");
    section = ref(j, p, "section", section_ids, "环节");
    if (round < 0 || contestant < 0 || section < 0) return false;
    const Round& r = c.rounds[size_t(round)];
    const Contestant& ct = c.contestants[size_t(contestant)];
    if (ct.group < 0) return false;
    if (std::find(r.groups.begin(), r.groups.end(), ct.group) == r.groups.end()) {
      ck.fail(path_key(p, "contestant"),
              "选手 " + qt(ct.id) + "（" + ct.name + "，" + c.groups[size_t(ct.group)].name + "）不参加" + r.name);
      return false;
    }
    if (std::find(r.sections.begin(), r.sections.end(), section) == r.sections.end()) {
      ck.fail(path_key(p, "section"),
              r.name + "没有" + c.sections[size_t(section)].name + "这个环节");
      return false;
    }
    return true;
  }

  std::optional<Mark> mark(const Json& j, const std::string& p) {
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
      return c.rounds[size_t(m.round)].name + " · " + c.groups[size_t(ct.group)].name + "的" + sec->name;
    };
    if (v < 0) {
      ck.fail(path_key(p, "section"), "没有赛场负责" + where());
      return std::nullopt;
    }
    const Venue& venue = c.venues[size_t(v)];
    if (std::find(venue.judges.begin(), venue.judges.end(), m.judge) == venue.judges.end()) {
      ck.fail(path_key(p, "judge"), "评委 " + qt(jd.id) + "（" + jd.name + "）不在" + venue_name(c, v) +
                                        "（" + venue.key + "）的评委组，该赛场负责" + where());
      return std::nullopt;
    }
    if (is_conflicted(jd, ct)) {
      ck.fail(path_key(p, "judge"), "评委 " + qt(jd.id) + "（" + jd.name + "）与选手 " + qt(ct.id) + "（" +
                                        ct.name + "）同校（" + jd.school + "），应回避，不能为其评分");
      return std::nullopt;
    }
    return m;
  }

  std::optional<Timing> timing(const Json& j, const std::string& p) {
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
        if (negative) ck.fail(pd, *text + " 是负数；用时应为 0 秒或以上");
        else if (!v || *v > kMaxDurationS)
          ck.fail(pd, *text + " 秒不是合理的用时（最多 " + std::to_string(kMaxDurationS) + " 秒）");
        else secs = std::max<int64_t>(0, *v);
      }
    }
    if (!ok || !secs) return std::nullopt;
    t.duration_s = *secs;
    return t;
  }

  void load_marks(const Json& doc) {
    const Json* arr = ck.array(doc, "", "marks", false);
    if (!arr) return;
    c.marks.reserve(arr->size());
    for (size_t i = 0; i < arr->size(); ++i)
      if (auto m = mark((*arr)[i], path_index("marks", i))) c.marks.push_back(*m);
  }

  void load_timings(const Json& doc) {
    const Json* arr = ck.array(doc, "", "timings", false);
    if (!arr) return;
    c.timings.reserve(arr->size());
    for (size_t i = 0; i < arr->size(); ++i)
      if (auto t = timing((*arr)[i], path_index("timings", i))) c.timings.push_back(*t);
  }

  void load_decisions(const Json& doc) {
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
        ck.fail(path_key(p, "group"), c.groups[size_t(d.group)].name + "（" + c.groups[size_t(d.group)].key +
                                          "）不参加" + r.name + "（" + r.key + "）");
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
  void load_absences(const Json& doc) {
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
        ck.fail(path_key(p, "status"), qt(*status) + " 不是可用的状态（absent 缺赛 或 withdrew 弃权）");
        continue;
      }
      if (a.round < 0 || a.contestant < 0 || !status) continue;
      const Round& r = c.rounds[size_t(a.round)];
      const Contestant& ct = c.contestants[size_t(a.contestant)];
      if (std::find(r.groups.begin(), r.groups.end(), ct.group) == r.groups.end()) {
        ck.fail(path_key(p, "contestant"), "选手 " + qt(ct.id) + "（" + ct.name + "）不参加" + r.name);
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

  void load_published(const Json& doc) {
    const Json* arr = ck.array(doc, "", "published", false);
    if (!arr) return;
    for (size_t i = 0; i < arr->size(); ++i) {
      std::string p = path_index("published", i);
      int r, ct, s;
      if (ck.expect_object((*arr)[i], p)) performance_ref((*arr)[i], p, r, ct, s);
    }
  }

  void load(const Json& doc) {
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
};

}  // namespace

Result<ContestFile> load_contest_document(Json document) {
  if (!document.is_object())
    return Error{"", "比赛文件应为一个 JSON 对象，实际为" + json_type_name(document)};
  Loader loader;
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

struct PerformanceChecker::Impl {
  Loader loader;
};

PerformanceChecker::PerformanceChecker(const Contest& contest) : impl_(std::make_unique<Impl>()) {
  Loader& l = impl_->loader;
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
                     contest.sections.size() + size_t(s)] = int(v);
  }
}

PerformanceChecker::~PerformanceChecker() = default;

Result<Mark> PerformanceChecker::mark(const Json& j, const std::string& path) const {
  Loader& l = impl_->loader;
  l.ck = Checker{};
  auto m = l.mark(j, path);
  if (!m) return Result<Mark>(std::move(l.ck.errors));
  return *m;
}

Result<Timing> PerformanceChecker::timing(const Json& j, const std::string& path) const {
  Loader& l = impl_->loader;
  l.ck = Checker{};
  auto t = l.timing(j, path);
  if (!t) return Result<Timing>(std::move(l.ck.errors));
  return *t;
}

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
