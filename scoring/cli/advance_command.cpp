// liangfen advance: who goes on from a round, confirmed in the contest file or on a running
// server.
#include <algorithm>
#include <map>

#include "data/format/contest_file.h"
#include "scoring/cli/organizer_shared.h"
#include "scoring/engine/standings.h"

namespace lf::cli {

namespace {

int server_advance(const std::string& server, const std::string& code, const std::string& from,
                   std::ostream& out, std::ostream& err) {
  auto session = organizer_session(server, code, err);
  if (!session) return kExitRefused;
  const Json& st = session->state;
  std::string round = key_of(st["rounds"], from);
  if (round.empty()) {
    err << "本次比赛没有“" << from << "”这一轮（可填：" << names_in(st["rounds"]) << "）\n";
    return kExitRefused;
  }
  ApiAnswer done = session->api->post("/api/advance", {{"from", round}});
  if (!done.ok()) {
    err << "晋级名单尚不能确定：" << done.message() << "\n";
    return kExitRefused;
  }
  ApiAnswer now = session->api->get("/api/state");
  std::map<std::string, Json> people;
  for (const Json& x : now.body.value("contestants", Json::array())) people[x.value("id", "")] = x;
  for (const Json& a : now.body.value("advancements", Json::array())) {
    if (a.value("from", "") != round) continue;
    out << name_of(st["rounds"], round) << "：晋级名单已确认（服务器已记录）\n";
    for (const Json& g : a["groups"]) {
      out << "  " << name_of(st["groups"], g.value("group", "")) << "：" << g["contestants"].size()
          << " 人晋级\n";
      for (const Json& id : g["contestants"]) {
        const Json& x = people[id.get<std::string>()];
        out << "    " << id.get<std::string>() << "  " << x.value("name", "") << "  "
            << x.value("school", "") << "\n";
      }
    }
  }
  out << "下一步：liangfen draw --server " << server
      << " --code 组委会登录码 --round 下一轮 --group 组别 抽签\n";
  return kExitOk;
}

}  // namespace

int advance_command(const Args& args, std::ostream& out, std::ostream& err) {
  const char* usage =
      "用法：liangfen advance --contest 比赛文件.contest.json --from 轮次（名称或代号）\n"
      "比赛当天在运行中的服务器上确认晋级（记入服务器；之后可在服务器上为下一轮抽签）：\n"
      "  liangfen advance --server https://服务器:8080 --code 组委会登录码 --from 轮次\n";
  std::string contest, from, server, code;
  bool known = args.size() % 2 == 0;
  for (size_t i = 0; i + 1 < args.size(); i += 2) {
    if (args[i] == "--contest")
      contest = args[i + 1];
    else if (args[i] == "--from")
      from = args[i + 1];
    else if (args[i] == "--server")
      server = args[i + 1];
    else if (args[i] == "--code")
      code = args[i + 1];
    else
      known = false;
  }
  if (known && !server.empty() && !code.empty() && contest.empty() && !from.empty())
    return server_advance(server, code, from, out, err);
  if (!known || contest.empty() || from.empty() || args.size() != 4) {
    err << usage;
    return kExitUsage;
  }
  auto opened = open_contest_file(contest, err);
  if (!opened) return kExitRefused;
  const Contest& c = opened->contest;
  int r = round_by_key_or_name(c, from);
  if (r < 0) {
    err << "本次比赛没有“" << from << "”这一轮（可填：" << choices(c.rounds) << "）\n";
    return kExitRefused;
  }
  if (!c.rounds[size_t(r)].advance) {
    err << c.rounds[size_t(r)].name
        << "没有晋级名额（比赛文件中该轮没有 advance），无须确定晋级名单\n";
    return kExitRefused;
  }
  ContestResult result = compute_results(c);
  std::vector<std::string> problems;
  Json record = Json::array();
  for (const GroupStandings& gs : result.rounds[size_t(r)].groups) {
    const std::string& gname = c.groups[size_t(gs.group)].name;
    std::vector<int> unfinished;
    for (const Standing& st : gs.standings)
      if ((st.flags & (kIncomplete | kUntimed)) && !(st.flags & kWithdrawn))
        unfinished.push_back(st.contestant);
    for (int x : unfinished)
      problems.push_back(gname + "：" + c.contestants[size_t(x)].name + "(" +
                         c.contestants[size_t(x)].id + ") 的成绩还不完整");
    for (const Unresolved& u : gs.unresolved) {
      if (u.kind != Unresolved::Kind::kAdvanceBoundary) continue;
      std::string names;
      for (int x : u.contestants)
        names += (names.empty() ? "" : "、") + c.contestants[size_t(x)].name + "(" +
                 c.contestants[size_t(x)].id + ")";
      problems.push_back(gname + "：晋级线并列待裁决：" + names);
    }
    Json ids = Json::array();
    for (const Standing& st : gs.standings)
      if (st.advanced) ids.push_back(c.contestants[size_t(st.contestant)].id);
    record.push_back({{"group", c.groups[size_t(gs.group)].key}, {"contestants", ids}});
  }
  if (!problems.empty()) {
    err << "晋级名单尚不能确定：\n";
    for (const auto& p : problems) err << "  " << p << "\n";
    return kExitRefused;
  }
  // Who enters from this round: every later round that takes entrants from it.
  std::vector<std::string> to, to_names;
  for (const Round& later : c.rounds)
    for (const auto& [g, src] : later.entrants_from)
      if (src == r) to.push_back(later.key), to_names.push_back(later.name);
  Json& d = opened->doc;
  if (!d.contains("advancements")) d["advancements"] = Json::array();
  std::time_t now = std::time(nullptr);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", std::localtime(&now));
  d["advancements"].push_back(
      {{"from", c.rounds[size_t(r)].key}, {"groups", record}, {"at", when}});
  if (int rc = save_document(contest, d, err); rc != kExitOk) return rc;
  out << c.rounds[size_t(r)].name << " → "
      << (to.empty() ? std::string("（没有下一轮）") : to_names.front()) << "\n";
  for (const Json& g : record) {
    out << "  " << c.groups[size_t(find_group(c, g["group"].get<std::string>()))].name << "："
        << g["contestants"].size() << " 人晋级\n";
    for (const Json& id : g["contestants"]) {
      const Contestant& x = c.contestants[size_t(find_contestant(c, id.get<std::string>()))];
      out << "    " << x.id << "  " << x.name << "  " << x.school << "\n";
    }
  }
  out << "晋级名单已记入比赛文件（advancements），"
      << (to_names.empty() ? std::string("下一轮") : to_names.front())
      << "的选手就是他们。下一步：liangfen draw --round "
      << (to_names.empty() ? std::string("下一轮") : to_names.front()) << " --group 组别 抽签\n";
  return kExitOk;
}

}  // namespace lf::cli
