// Before the contest: liangfen init (a new contest from the county template), import-roster and
// import-judges (the entrant and judge lists as schools send them).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "data/format/contest_file.h"
#include "data/format/resource_files.h"
#include "data/roster/roster.h"
#include "scoring/cli/organizer_shared.h"

namespace lf::cli {

namespace {

// New ids after the highest one in `list` ("C007" -> "C008", ...): one pass over the list,
// then counting up, so importing n rows is linear, not n passes over a growing list.
class IdCounter {
 public:
  IdCounter(const Json& list, char prefix) : prefix_(prefix) {
    for (const Json& x : list) {
      std::string id = x.value("id", "");
      if (id.size() > 1 && id[0] == prefix) max_ = std::max(max_, std::atoi(id.c_str() + 1));
    }
  }
  std::string next() {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%c%03d", prefix_, ++max_);
    return buf;
  }

 private:
  char prefix_;
  int max_ = 0;
};

int report(const std::vector<RosterProblem>& problems, const std::string& file, bool skip_bad,
           size_t good, std::ostream& err) {
  for (const auto& p : problems) err << file << "：第 " << p.line << " 行：" << p.reason << "\n";
  if (!problems.empty() && !skip_bad) {
    err << "有 " << problems.size()
        << " 行有问题，全部未导入（改正后重新导入，或用 --skip-bad 只导入其余 " << good
        << " 行）\n";
    return kExitRefused;
  }
  return kExitOk;
}

}  // namespace

int init_command(const Args& args, std::ostream& out, std::ostream& err) {
  const char* usage =
      "用法：liangfen init 比赛文件.contest.json [--name 比赛名称] [--date 2026-05-20] "
      "[--organizer 主办单位] [--advance 人数]\n"
      "  --advance：预赛每组晋级决赛的人数（不填则用模板的设定）\n";
  auto o = parse_organizer_options(args, err, usage);
  if (!o || o->positional.empty()) {
    if (o) err << usage;
    return kExitUsage;
  }
  if (std::filesystem::exists(o->positional)) {
    err << o->positional << " 已存在，未覆盖（换一个文件名，或先删除它）\n";
    return kExitRefused;
  }
  auto doc = read_document(resource_path("templates/county.contest.json"));
  if (!doc.ok()) {
    err << doc.status().to_string() << "\n";
    return kExitRefused;
  }
  Json& d = doc.value();
  if (!o->name.empty()) d["contest"]["name"] = o->name;
  if (!o->organizer.empty()) d["contest"]["organizer"] = o->organizer;
  if (!o->date.empty()) d["contest"]["date"] = o->date;
  if (!o->advance.empty()) {  // the template's preliminary rounds send on this many instead
    auto n = advance_option(o->advance, err);
    if (!n) return kExitUsage;
    for (Json& r : d["rounds"])
      if (r.contains("advance")) r["advance"] = *n;
  }
  if (int rc = save_document(o->positional, d, err); rc != kExitOk) return rc;
  // What the template holds, from the template itself.
  auto file = load_contest_document(d);
  const Contest& c = file.value().contest;
  out << "已新建比赛文件 " << o->positional << "（县级模板：" << c.sections.size() << " 个环节，"
      << c.venues.size() << " 个赛场";
  for (const Round& r : c.rounds)
    if (r.advance) out << "，" << r.name << "晋级 " << *r.advance << " 人";
  out << "）。\n下一步：liangfen import-roster 导入报名表，import-judges 导入评委，draw 抽签。\n";
  return kExitOk;
}

int import_roster_command(const Args& args, std::ostream& out, std::ostream& err) {
  const char* usage =
      "用法：liangfen import-roster 报名表.csv|报名表.xlsx --contest 比赛文件.contest.json "
      "[--skip-bad]\n";
  auto o = parse_organizer_options(args, err, usage);
  if (!o || o->positional.empty() || o->contest.empty()) {
    if (o) err << usage;
    return kExitUsage;
  }
  auto opened = open_contest_file(o->contest, err);
  if (!opened) return kExitRefused;
  auto table = open_table(o->positional, err);
  if (!table) return kExitRefused;
  std::vector<ContestantRow> rows;
  std::vector<RosterProblem> problems;
  read_contestants(*table, opened->contest, rows, problems);
  if (int rc = report(problems, o->positional, o->skip_bad, rows.size(), err); rc != kExitOk)
    return rc;
  Json& d = opened->doc;
  std::map<std::string, int> per_group;
  IdCounter ids(d["contestants"], 'C');
  for (const ContestantRow& r : rows) {
    Json c = {{"id", ids.next()}, {"name", r.name}, {"school", r.school}, {"group", r.group}};
    if (!r.phone.empty()) c["phone"] = r.phone;
    d["contestants"].push_back(c);
    ++per_group[r.group];
  }
  if (int rc = save_document(o->contest, d, err); rc != kExitOk) return rc;
  const Contest& c = opened->contest;
  out << "已导入 " << rows.size() << " 名选手";
  std::string sep = "：";
  for (const Group& g : c.groups)  // in the contest's order of groups
    if (auto it = per_group.find(g.key); it != per_group.end()) {
      out << sep << g.name << " " << it->second;
      sep = "，";
    }
  if (!problems.empty()) out << "（跳过有问题的 " << problems.size() << " 行）";
  out << "\n";
  // A round that sends on more than its group has: everyone goes on, and the organizer should
  // know before the day (rounds[].advance in the contest file).
  auto after = load_contest_document(d);
  if (after.ok()) {
    const Contest& now = after->contest;
    for (const Round& r : now.rounds) {
      if (!r.advance) continue;
      for (int g : r.groups) {
        int n = 0;
        for (const Contestant& x : now.contestants) n += x.group == g && !x.withdrawn;
        if (n > 0 && n <= *r.advance)
          out << "注意：" << r.name << "设定晋级 " << *r.advance << " 人，而"
              << now.groups[size_t(g)].name << "只有 " << n
              << " 名选手，这样无人被淘汰。抽签时请定下晋级人数（少于 " << n
              << " 人）：liangfen draw --contest " << o->contest << " --round " << r.name
              << " --group " << now.groups[size_t(g)].name << " --advance 人数\n";
      }
    }
  }
  return kExitOk;
}

int import_judges_command(const Args& args, std::ostream& out, std::ostream& err) {
  const char* usage =
      "用法：liangfen import-judges 评委名单.csv|评委名单.xlsx --contest 比赛文件.contest.json "
      "[--skip-bad]\n";
  auto o = parse_organizer_options(args, err, usage);
  if (!o || o->positional.empty() || o->contest.empty()) {
    if (o) err << usage;
    return kExitUsage;
  }
  auto opened = open_contest_file(o->contest, err);
  if (!opened) return kExitRefused;
  auto table = open_table(o->positional, err);
  if (!table) return kExitRefused;
  std::vector<JudgeRow> rows;
  std::vector<RosterProblem> problems;
  read_judges(*table, opened->contest, rows, problems);
  if (int rc = report(problems, o->positional, o->skip_bad, rows.size(), err); rc != kExitOk)
    return rc;
  Json& d = opened->doc;
  // Head judges and timekeepers are named on their venue (one each: the sheet's last row
  // counts), stewards in the contest's list; only judges get an id and a seat on a panel.
  int heads = 0, timers = 0, stewards = 0;
  for (const JudgeRow& r : rows) {
    if (r.role == "judge") continue;
    if (r.role == "steward") {
      if (!d.contains("stewards") || !d["stewards"].is_array()) d["stewards"] = Json::array();
      if (std::find(d["stewards"].begin(), d["stewards"].end(), r.name) == d["stewards"].end())
        d["stewards"].push_back(r.name);
      ++stewards;
      continue;
    }
    for (Json& v : d["venues"])
      if (v["key"] == r.venue) v[r.role] = r.name;
    ++(r.role == "head_judge" ? heads : timers);
  }
  IdCounter ids(d["judges"], 'J');
  size_t judges = 0;
  std::map<std::string, std::string>
      id_of;  // name -> id: one person on several panels (read_judges)
  for (const JudgeRow& r : rows) {
    if (r.role != "judge") continue;
    auto [known, fresh] = id_of.try_emplace(r.name, "");
    if (fresh) {
      ++judges;
      known->second = ids.next();
      Json j = {{"id", known->second}, {"name", r.name}};
      if (!r.school.empty()) j["school"] = r.school;  // for 回避 (contest-file.md §6)
      d["judges"].push_back(j);
    }
    const std::string& id = known->second;
    if (!r.venue.empty())
      for (Json& v : d["venues"])
        if (v["key"] == r.venue) v["judges"].push_back(id);
  }
  if (int rc = save_document(o->contest, d, err); rc != kExitOk) return rc;
  out << "已导入 " << judges << " 名评委";
  std::map<std::string, int> per_venue;
  for (const JudgeRow& r : rows)
    if (!r.venue.empty() && r.role == "judge") ++per_venue[r.venue];
  std::string sep = "：";
  for (size_t v = 0; v < opened->contest.venues.size(); ++v)
    if (auto it = per_venue.find(opened->contest.venues[v].key); it != per_venue.end()) {
      out << sep << venue_name(opened->contest, int(v)) << " " << it->second;
      sep = "，";
    }
  if (heads + timers + stewards > 0)
    out << "；裁判长 " << heads << " 名，计时员 " << timers << " 名，场务 " << stewards << " 名";
  out << "\n";
  return kExitOk;
}

}  // namespace lf::cli
