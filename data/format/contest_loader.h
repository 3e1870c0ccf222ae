// The contest file's loader, shared by the two files that define it (lf_format only; no other
// target includes this): contest_file.cpp reads the contest's structure — header, scale,
// sections, penalties, groups, rounds, judges, venues, stewards, contestants — and
// contest_performances.cpp the day's records — marks, timings, decisions, absences, published —
// and checks one more mark or timing for the server and the console (PerformanceChecker).
//
// Thread-safety: a Loader is used by one thread at a time; it owns what it has read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "data/format/contest_file.h"
#include "data/format/person_text.h"
#include "scoring/engine/fixed_point.h"

namespace lf::contest_loading {

inline std::string qt(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

// Collects errors and reads typed fields; every read names its path on failure.
class Checker {
 public:
  std::vector<Error> errors;
  size_t suppressed = 0;

  void fail(const std::string& path, std::string message) {
    if (errors.size() < kMaxErrors)
      errors.push_back({path, std::move(message)});
    else
      ++suppressed;
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
                                    bool required, bool allow_empty = false,
                                    bool person_text = true) {
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
      fail(path, *text + " 超出范围（应在 " + std::to_string(lo) + " 到 " + std::to_string(hi) +
                     " 之间）");
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

// One pass over a contest document: every value read is checked, every refusal recorded in `ck`
// with its JSON path; `c` is the model built so far.
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

  // The contest's structure (contest_file.cpp).
  // A reference by id to something already loaded; -1 (with an error) when unknown.
  int ref(const Json& obj, const std::string& path, const char* key, const IdIndex& ids,
          const char* kind);
  void load_header(const Json& doc);
  void load_scale(const Json& doc);

  std::string step_text() const {
    return "最小分值单位 " + plain_decimal(c.scale.step, c.scale.mark_decimals);
  }

  void load_sections(const Json& doc);
  void load_tiers(const Json& doc, const char* key, const char* threshold_key,
                  std::vector<PenaltyTier>& out);
  void load_aggregation(const Json& doc);
  void load_tie_break(const Json& doc);
  void load_groups(const Json& doc);

  // A list of keys resolved through `ids`, refusing unknown and repeated ones.
  std::vector<int> key_list(const Json& arr, const std::string& p, const IdIndex& ids,
                            const char* kind);
  void load_rounds(const Json& doc);
  void load_entrants_from(const Json& j, const std::string& p, int round, Round& r);
  void load_awards(const Json& j, const std::string& p, Round& r);
  void load_judges(const Json& doc);
  void load_venues(const Json& doc);

  // Stewards by name (import-judges), shown with the prep room's login.
  void load_stewards(const Json& doc);
  void load_contestants(const Json& doc);

  // The day's records (contest_performances.cpp).
  // round, contestant, section of a mark or timing, checked for consistency. Returns false
  // (with errors) when any is unusable.
  bool performance_ref(const Json& j, const std::string& p, int& round, int& contestant,
                       int& section);
  std::optional<Mark> mark(const Json& j, const std::string& p);
  std::optional<Timing> timing(const Json& j, const std::string& p);
  void load_marks(const Json& doc);
  void load_timings(const Json& doc);
  void load_decisions(const Json& doc);

  // contest-file.md §7: 缺赛 / 弃权 in one round ({round, contestant, status, reason}, with who
  // and when when the server recorded it); at most one per round and contestant.
  void load_absences(const Json& doc);
  void load_published(const Json& doc);

  // The whole document, in order: the records only once the structure is sound.
  void load(const Json& doc);
};

}  // namespace lf::contest_loading
