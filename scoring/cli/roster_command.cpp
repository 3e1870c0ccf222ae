// liangfen roster: the roster on the day, on a running server — a name or school corrected, a
// substitute added, a withdrawal recorded — each with its reason.
#include <vector>

#include "scoring/cli/organizer_shared.h"

namespace lf::cli {

namespace {

// A contestant of the server's state by id or by name ("C043" or "杜鹃"); prints why not and
// returns "" when there is none or the name is not unique.
std::string contestant_on_server(const Json& state, const std::string& id_or_name,
                                 std::ostream& err) {
  const Json people = state.value("contestants", Json::array());  // `named` points into it
  std::vector<const Json*> named;
  for (const Json& x : people) {
    if (x.value("id", "") == id_or_name) return id_or_name;
    if (x.value("name", "") == id_or_name) named.push_back(&x);
  }
  if (named.size() == 1) return named.front()->value("id", "");
  if (named.empty()) {
    err << "服务器上没有“" << id_or_name << "”这位选手（填姓名或选手编号）\n";
  } else {
    err << "有 " << named.size() << " 位选手叫“" << id_or_name << "”，请改填选手编号：";
    for (const Json* x : named)
      err << " " << x->value("id", "") << "（" << x->value("school", "") << "）";
    err << "\n";
  }
  return "";
}

struct RosterOptions {
  std::string server, code, correct, withdraw, group, round, name, school, reason;
  bool add = false, name_given = false, school_given = false;
};

int server_roster(const RosterOptions& o, std::ostream& out, std::ostream& err) {
  auto session = organizer_session(o.server, o.code, err);
  if (!session) return kExitRefused;
  const Json& st = session->state;
  if (o.add) {
    std::string group = key_of(st["groups"], o.group);
    if (group.empty()) {
      err << "本次比赛没有“" << o.group << "”这个组别（可填：" << names_in(st["groups"]) << "）\n";
      return kExitRefused;
    }
    ApiAnswer added = session->api->post(
        "/api/roster/add",
        {{"group", group}, {"name", o.name}, {"school", o.school}, {"reason", o.reason}});
    if (!added.ok()) {
      err << "未录入替补：" << added.message() << "\n";
      return kExitRefused;
    }
    ApiAnswer now = session->api->get("/api/state");
    std::string id;
    for (const Json& x : now.body.value("contestants", Json::array()))
      if (x.value("name", "") == o.name && x.value("group", "") == group) id = x.value("id", "");
    out << "已录入替补（服务器已记录）：" << name_of(st["groups"], group) << " " << o.name << " · "
        << o.school << (id.empty() ? "" : "，选手编号 " + id) << "\n";
    out << "替补参加" << name_of(st["groups"], group) << "此后的抽签：liangfen draw --server "
        << o.server << " --code 组委会登录码 --round 轮次 --group " << name_of(st["groups"], group)
        << "（已经抽过签而尚未开始上台的，加 --redraw --reason 原因 重新抽签）\n";
    return kExitOk;
  }
  const std::string& who = o.correct.empty() ? o.withdraw : o.correct;
  std::string id = contestant_on_server(st, who, err);
  if (id.empty()) return kExitRefused;
  if (!o.withdraw.empty()) {  // 弃权 is the absence record of the round (POST /api/absence), not a
                              // roster fix
    std::string round = key_of(st["rounds"], o.round);
    if (round.empty()) {
      err << "本次比赛没有“" << o.round << "”这一轮（可填：" << names_in(st["rounds"]) << "）\n";
      return kExitRefused;
    }
    ApiAnswer done = session->api->post(
        "/api/absence",
        {{"round", round}, {"contestant", id}, {"status", "withdrew"}, {"reason", o.reason}});
    if (!done.ok()) {
      err << "未记为弃权：" << done.message() << "\n";
      return kExitRefused;
    }
    out << who << " 在" << name_of(st["rounds"], round) << "已记为弃权（服务器已记录，原因："
        << o.reason << "）\n";
    return kExitOk;
  }
  Json body = {{"contestant", id}, {"reason", o.reason}};
  if (o.name_given) body["name"] = o.name;
  if (o.school_given) body["school"] = o.school;
  ApiAnswer done = session->api->post("/api/roster/correct", body);
  if (!done.ok()) {
    err << "未更正：" << done.message() << "\n";
    return kExitRefused;
  }
  ApiAnswer now = session->api->get("/api/state");
  for (const Json& x : now.body.value("contestants", Json::array()))
    if (x.value("id", "") == id)
      out << "已更正（服务器已记录，各屏幕和打印随之更新）：" << x.value("name", "") << " · "
          << x.value("school", "") << "\n";
  return kExitOk;
}

}  // namespace

int roster_command(const Args& args, std::ostream& out, std::ostream& err) {
  const char* usage =
      "用法（比赛当天，在运行中的服务器上改名单；每项改动连同原来的内容、操作人和时间记入服务器）："
      "\n"
      "  更正姓名或学校：liangfen roster --server https://服务器:8080 --code 组委会登录码 "
      "--correct 选手 [--name 新姓名]\n"
      "                  [--school 新学校] --reason 原因\n"
      "  录入替补选手：  liangfen roster --server 地址 --code 组委会登录码 --add --group 组别 "
      "--name 姓名 --school 学校\n"
      "                  --reason 原因\n"
      "  记为弃权：      liangfen roster --server 地址 --code 组委会登录码 --withdraw 选手 --round "
      "轮次 --reason 原因\n"
      "  选手填姓名或选手编号，组别、轮次填名称或代号均可\n";
  RosterOptions o;
  bool known = true;
  for (size_t i = 0; i < args.size() && known; ++i) {
    auto next = [&](std::string& into) {
      if (i + 1 < args.size())
        into = args[++i];
      else
        known = false;
    };
    const std::string& a = args[i];
    if (a == "--server")
      next(o.server);
    else if (a == "--code")
      next(o.code);
    else if (a == "--correct")
      next(o.correct);
    else if (a == "--withdraw")
      next(o.withdraw);
    else if (a == "--group")
      next(o.group);
    else if (a == "--round")
      next(o.round);
    else if (a == "--reason")
      next(o.reason);
    else if (a == "--name")
      next(o.name), o.name_given = true;
    else if (a == "--school")
      next(o.school), o.school_given = true;
    else if (a == "--add")
      o.add = true;
    else
      known = false;
  }
  const int actions = int(o.add) + int(!o.correct.empty()) + int(!o.withdraw.empty());
  if (!known || o.server.empty() || o.code.empty() || actions != 1) {
    err << usage;
    return kExitUsage;
  }
  if (o.reason.empty()) {
    err << "请用 --reason 写明原因（记入服务器，查分时可见）\n";
    return kExitUsage;
  }
  if (o.add && (o.group.empty() || o.name.empty() || o.school.empty())) {
    err << "录入替补须给 --group 组别、--name 姓名和 --school 学校\n";
    return kExitUsage;
  }
  if (!o.correct.empty() && !o.name_given && !o.school_given) {
    err << "更正须给 --name 新姓名或 --school 新学校（或两者）\n";
    return kExitUsage;
  }
  if (!o.withdraw.empty() && o.round.empty()) {
    err << "记为弃权须给 --round 轮次（弃权只影响这一轮）\n";
    return kExitUsage;
  }
  return server_roster(o, out, err);
}

}  // namespace lf::cli
