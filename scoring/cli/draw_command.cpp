// liangfen draw: the running order of a round and group, drawn from a seed (the same order from
// the same seed, anywhere), by hand (--manual), or on a running server (--server).
#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>

#include "data/format/contest_file.h"
#include "data/roster/draw.h"
#include "scoring/cli/organizer_shared.h"
#include "scoring/engine/standings.h"

namespace lf::cli {

namespace {

int server_draw(const OrganizerOptions& o, std::ostream& out, std::ostream& err) {
  if (!o.manual.empty() || !o.advance.empty()) {
    err << "--manual 和 --advance 只用于比赛文件；在服务器上抽签请给 "
           "--seed（或不给，由服务器生成种子）\n";
    return kExitUsage;
  }
  auto session = organizer_session(o.server, o.code, err);
  if (!session) return kExitRefused;
  const Json& st = session->state;
  std::string round = key_of(st["rounds"], o.round), group = key_of(st["groups"], o.group);
  if (round.empty()) {
    err << "本次比赛没有“" << o.round << "”这一轮（可填：" << names_in(st["rounds"]) << "）\n";
    return kExitRefused;
  }
  if (group.empty()) {
    err << "本次比赛没有“" << o.group << "”这个组别（可填：" << names_in(st["groups"]) << "）\n";
    return kExitRefused;
  }
  Json body = {{"round", round}, {"group", group}};
  if (!o.seed.empty()) body["seed"] = o.seed;
  if (o.redraw) body["redraw"] = true;
  if (!o.reason.empty()) body["reason"] = o.reason;
  ApiAnswer drew = session->api->post("/api/draw", body);
  if (!drew.ok()) {
    err << "未抽签：" << drew.message() << "\n";
    return kExitRefused;
  }
  ApiAnswer now = session->api->get("/api/state");
  const std::string what = name_of(st["rounds"], round) + " · " + name_of(st["groups"], group);
  for (const Json& d : now.body.value("draws", Json::array())) {
    if (d.value("round", "") != round || d.value("group", "") != group) continue;
    if (d.contains("replaces"))
      out << "已替换原来的抽签（原因：" << d.value("reason", "") << "）\n";
    out << "抽签（服务器已记录，各赛场裁判长的上场顺序即时更新）：" << what
        << (d.contains("seed") ? "  种子 " + d["seed"].get<std::string>()
                               : std::string("  （人工抽签）"))
        << "\n";
    int n = 0;
    for (const Json& x : d["order"])
      out << "  " << ++n << "  " << x.value("id", "") << "  " << x.value("name", "") << "  "
          << x.value("school", "") << "\n";
    if (d.contains("seed"))
      out << "任何人都可以在导出的比赛文件上复核：liangfen draw --contest "
             "导出的比赛文件.contest.json --round "
          << name_of(st["rounds"], round) << " --group " << name_of(st["groups"], group)
          << " --seed " << d["seed"].get<std::string>() << " --redraw\n";
  }
  // Before the round: a topic bank that will not last it (the server's words).
  for (const Json& x : now.body.value("topic_shortfalls", Json::array()))
    if (x.value("round", "") == round) out << "注意：" << x.value("text", "") << "\n";
  return kExitOk;
}

// A round that sends on as many as it has (the template's 14 with 12 entrants) would rank
// nobody out, and the projector would announce "前 14 名晋级": the organizer settles the
// number here, before the running order is made public, rather than find out on the day.
// `advance` is the round's, or --advance once checked; kExitOk or why not (printed).
int settle_advance(const OrganizerOptions& o, const Contest& c, int r, int g, size_t entrants,
                   std::optional<int>& advance, std::ostream& err) {
  const Round& round = c.rounds[size_t(r)];
  if (!o.advance.empty()) {
    auto n = advance_option(o.advance, err);
    if (!n) return kExitUsage;
    std::vector<int> per_group = entrants_per_group(c, r);
    for (int gi : round.groups)
      if (per_group[size_t(gi)] > 0 && *n >= per_group[size_t(gi)]) {
        err << round.name << "晋级 " << *n << " 人不行：" << c.groups[size_t(gi)].name << "只有 "
            << per_group[size_t(gi)] << " 名选手，晋级人数须少于选手人数\n";
        return kExitRefused;
      }
    advance = *n;
  } else if (round.advance && int(entrants) <= *round.advance) {
    err << round.name << "设定晋级 " << *round.advance << " 人，而" << c.groups[size_t(g)].name
        << "只有 " << entrants << " 名选手，这样无人被淘汰，未抽签。请定下晋级人数（少于 "
        << entrants << " 人）再抽签，例如：\n"
        << "  liangfen draw --contest " << o.contest << " --round " << round.name << " --group "
        << c.groups[size_t(g)].name << " --advance " << std::max<size_t>(1, entrants / 2) << "\n";
    return kExitRefused;
  }
  return kExitOk;
}

// --manual: the draw numbers of `entrants` from a table (a 抽签号 column, and 编号 or 姓名),
// each entrant once, 1..n, none repeated; kExitOk, or every problem printed.
int manual_numbers(const std::string& path, const Contest& c, const std::vector<int>& entrants,
                   const std::string& what, std::vector<int>& numbers, std::ostream& err) {
  auto table = open_table(path, err);
  if (!table) return kExitRefused;
  const auto& t = *table;
  auto col = [&](std::initializer_list<const char*> names) {
    for (size_t i = 0; i < t.rows[0].size(); ++i)
      for (const char* n : names)
        if (t.rows[0][i] == n) return int(i);
    return -1;
  };
  int id_col = col({"编号", "id", "ID"}), name_col = col({"姓名", "name"}),
      draw_col = col({"抽签号", "draw", "序号"});
  if (draw_col < 0 || (id_col < 0 && name_col < 0)) {
    err << path << "：表头需要有“抽签号”一列，以及“编号”或“姓名”一列\n";
    return kExitRefused;
  }
  std::fill(numbers.begin(), numbers.end(), 0);
  std::vector<std::string> problems;
  std::set<int> used;
  for (size_t i = 1; i < t.rows.size(); ++i) {
    auto at = [&](int k) {
      return k >= 0 && size_t(k) < t.rows[i].size() ? t.rows[i][size_t(k)] : std::string();
    };
    std::string who = id_col >= 0 ? at(id_col) : at(name_col);
    int n = std::atoi(at(draw_col).c_str());
    auto it = std::find_if(entrants.begin(), entrants.end(), [&](int x) {
      return c.contestants[size_t(x)].id == who || c.contestants[size_t(x)].name == who;
    });
    std::string line = "第 " + std::to_string(t.lines[i]) + " 行：";
    if (it == entrants.end())
      problems.push_back(line + "“" + who + "”不是" + what + "的选手");
    else if (n < 1 || n > int(entrants.size()))
      problems.push_back(line + "抽签号须在 1 到 " + std::to_string(entrants.size()) + " 之间");
    else if (!used.insert(n).second)
      problems.push_back(line + "抽签号 " + std::to_string(n) + " 重复");
    else
      numbers[size_t(it - entrants.begin())] = n;
  }
  for (size_t i = 0; i < entrants.size(); ++i)
    if (!numbers[i])
      problems.push_back("缺少" + c.contestants[size_t(entrants[i])].name + "的抽签号");
  if (!problems.empty()) {
    for (const auto& p : problems) err << path << "：" << p << "\n";
    return kExitRefused;
  }
  return kExitOk;
}

// A seeded draw: the seed given, or a new one; numbers[i] is entrant i's place in the order it
// gives, and `record` says how it was made. kExitOk, or why not (printed).
int seeded_numbers(const std::string& given, std::vector<int>& numbers, Json& record,
                   std::ostream& err) {
  std::string seed = given;
  if (seed.empty()) {
    auto s = new_draw_seed();
    if (!s.ok()) {
      err << s.status().to_string() << "\n";
      return kExitRefused;
    }
    seed = s.value();
  }
  auto order = draw_order(seed, numbers.size());
  if (!order.ok()) {
    err << order.status().to_string() << "\n";
    return kExitUsage;
  }
  // Entrants in entrant order (the file's order) get positions from the shuffle.
  for (size_t k = 0; k < order.value().size(); ++k) numbers[size_t(order.value()[k])] = int(k) + 1;
  record["method"] = "seeded";
  record["seed"] = seed;
  return kExitOk;
}

// How a draw was made, as the messages say it: "2026-05-20T09:00:00，种子 …" or "…，人工抽签".
std::string draw_description(const Json& x) {
  std::string s = x.value("at", "");
  if (x.value("method", "") == "manual")
    s += "，人工抽签";
  else if (x.contains("seed") && x["seed"].is_string())
    s += "，种子 " + x["seed"].get<std::string>();
  return s;
}

// Writes the draw into the document `d`: each entrant's number, and `record` (with the order
// and the time) in place of `earlier_draw`, a record of `d` that it says it replaces. Returns
// (number, contestant) in running order.
std::vector<std::pair<int, int>> record_draw(Json& d, const Contest& c,
                                             const std::vector<int>& entrants,
                                             const std::vector<int>& numbers, Json& record,
                                             const Json* earlier_draw) {
  Json order_ids = Json::array();
  std::vector<std::pair<int, int>> by_number;
  for (size_t i = 0; i < entrants.size(); ++i) by_number.push_back({numbers[i], entrants[i]});
  std::sort(by_number.begin(), by_number.end());
  for (auto [n, x] : by_number) {
    d["contestants"][size_t(x)]["draw"] = n;
    order_ids.push_back(c.contestants[size_t(x)].id);
  }
  record["order"] = order_ids;
  std::time_t now = std::time(nullptr);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", std::localtime(&now));
  record["at"] = when;
  if (!d.contains("draws")) d["draws"] = Json::array();
  if (earlier_draw)  // the replaced record goes; the new one says what it replaced
    for (size_t k = 0; k < d["draws"].size(); ++k)
      if (&d["draws"][k] == earlier_draw) {
        record["replaces"] = *earlier_draw;
        d["draws"].erase(k);
        break;
      }
  d["draws"].push_back(record);
  return by_number;
}

}  // namespace

int draw_command(const Args& args, std::ostream& out, std::ostream& err) {
  const char* usage =
      "用法：liangfen draw --contest 比赛文件.contest.json --round 轮次 --group 组别 [--seed 种子] "
      "[--manual 抽签表.csv]\n"
      "                   [--redraw] [--advance 人数]\n"
      "  轮次、组别填名称或代号均可（如 小学组预赛、小学组）\n"
      "  --seed：用记录的种子重抽一遍，以便复核；--manual：录入人工抽出的签号\n"
      "  （表头要有“编号”或“姓名”一列，以及“抽签号”一列）；--redraw：替换已经抽过的签\n"
      "  --advance：这一轮每组晋级的人数（选手不多于晋级人数时必须先定下来）\n"
      "比赛当天在运行中的服务器上抽签（记入服务器，裁判长的上场顺序即时更新，登录码不变）：\n"
      "  liangfen draw --server https://服务器:8080 --code 组委会登录码 --round 轮次 --group 组别 "
      "[--seed 种子]\n"
      "                [--redraw --reason 原因]\n";
  auto o = parse_organizer_options(args, err, usage);
  if (o && !o->server.empty() && !o->code.empty() && o->contest.empty() && !o->round.empty() &&
      !o->group.empty() && o->positional.empty())
    return server_draw(*o, out, err);
  if (!o || o->contest.empty() || o->round.empty() || o->group.empty() || !o->positional.empty() ||
      !o->server.empty()) {
    if (o) err << usage;
    return kExitUsage;
  }
  auto opened = open_contest_file(o->contest, err);
  if (!opened) return kExitRefused;
  const Contest& c = opened->contest;
  int r = round_by_key_or_name(c, o->round), g = group_by_key_or_name(c, o->group);
  if (r < 0) {
    err << "本次比赛没有“" << o->round << "”这一轮（可填：" << choices(c.rounds) << "）\n";
    return kExitRefused;
  }
  if (g < 0) {
    err << "本次比赛没有“" << o->group << "”这个组别（可填：" << choices(c.groups) << "）\n";
    return kExitRefused;
  }
  if (!o->advance.empty() && !c.rounds[size_t(r)].advance) {
    err << c.rounds[size_t(r)].name
        << "不设晋级（比赛文件中该轮没有 advance），--advance 只用于有晋级人数的轮次\n";
    return kExitRefused;
  }
  const std::string what = c.rounds[size_t(r)].name + " · " + c.groups[size_t(g)].name;
  const std::string& round_key = c.rounds[size_t(r)].key;
  const std::string& group_key = c.groups[size_t(g)].key;
  // A draw already made is the running order people were told: replaced only on purpose.
  const Json* earlier_draw = nullptr;
  if (opened->doc.contains("draws") && opened->doc["draws"].is_array())
    for (const Json& x : opened->doc["draws"])
      if (x.is_object() && x.value("round", "") == round_key && x.value("group", "") == group_key)
        earlier_draw = &x;
  if (earlier_draw && !o->redraw) {
    err << what << " 已经抽过签（" << draw_description(*earlier_draw)
        << "），未改动；确需重新抽签请加 --redraw\n";
    return kExitRefused;
  }
  ContestResult result = compute_results(c);
  std::vector<RoundStandings> earlier(result.rounds.begin(), result.rounds.begin() + r);
  std::vector<int> entrants = entrants_of(c, earlier, r, g);
  std::erase_if(entrants, [&](int x) { return c.contestants[size_t(x)].withdrawn; });
  if (entrants.empty()) {
    err << what << " 没有可抽签的选手（请先用 liangfen import-roster 导入报名表）\n";
    return kExitRefused;
  }
  const Round& round = c.rounds[size_t(r)];
  std::optional<int> advance = round.advance;
  if (int rc = settle_advance(*o, c, r, g, entrants.size(), advance, err); rc != kExitOk) return rc;
  std::vector<int> numbers(entrants.size());  // draw number of each entrant
  Json record = {{"round", round_key}, {"group", group_key}};
  if (!o->manual.empty()) {
    if (int rc = manual_numbers(o->manual, c, entrants, what, numbers, err); rc != kExitOk)
      return rc;
    record["method"] = "manual";
  } else {
    if (int rc = seeded_numbers(o->seed, numbers, record, err); rc != kExitOk) return rc;
  }
  Json& d = opened->doc;
  std::string replaced = earlier_draw ? draw_description(*earlier_draw) : "";
  const auto by_number = record_draw(d, c, entrants, numbers, record, earlier_draw);
  bool advance_changed = advance && advance != round.advance;
  if (advance_changed) d["rounds"][size_t(r)]["advance"] = *advance;  // rounds[i] is c.rounds[i]
  if (int rc = save_document(o->contest, d, err); rc != kExitOk) return rc;
  if (advance_changed)
    out << "晋级人数：" << round.name << "每组前 " << *advance << " 名晋级（原为 " << *round.advance
        << " 名，已写入比赛文件）\n";
  if (!replaced.empty()) out << "已替换原来的抽签（" << replaced << "）\n";
  out << "抽签：" << what
      << (record.contains("seed") ? "  种子 " + record["seed"].get<std::string>()
                                  : "  （人工抽签）")
      << "\n";
  for (auto [n, x] : by_number)
    out << "  " << n << "  " << c.contestants[size_t(x)].id << "  " << c.contestants[size_t(x)].name
        << "  " << c.contestants[size_t(x)].school << "\n";
  if (record.contains("seed"))
    out << "任何人都可以在抽签前的副本上复核：liangfen draw --contest 副本.contest.json --round "
        << c.rounds[size_t(r)].name << " --group " << c.groups[size_t(g)].name << " --seed "
        << record["seed"].get<std::string>() << "\n";
  return kExitOk;
}

}  // namespace lf::cli
