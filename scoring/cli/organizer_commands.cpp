// The organizer's commands before the contest: a new contest from the county template, the
// entrant and judge lists as schools send them, and the running-order draw.
#include <algorithm>
#include <chrono>
#include <cstring>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <set>

#include "data/format/resource_files.h"
#include "scoring/cli/commands.h"
#include "data/format/contest_file.h"
#include "data/roster/draw.h"
#include "data/roster/roster.h"
#include "scoring/client/api_client.h"
#include "scoring/engine/standings.h"

namespace lf::cli {

namespace {

Result<Json> read_document(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path, "无法读取文件（文件是否存在？）"};
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_json(text);
}

// The contest file, parsed and checked; errors are printed and nullopt returned.
struct OpenedFile {
  Json doc;
  Contest contest;
};
std::optional<OpenedFile> open_contest_file(const std::string& path, std::ostream& err) {
  auto doc = read_document(path);
  if (!doc.ok()) {
    err << path << "：" << doc.status().to_string() << "\n";
    return std::nullopt;
  }
  auto file = load_contest_document(doc.value());
  if (!file.ok()) {
    err << path << "：比赛文件有误，未能读入：\n" << file.status().to_string() << "\n";
    return std::nullopt;
  }
  return OpenedFile{std::move(doc.value()), std::move(file->contest)};
}

// A roster file read as a table; errors are printed and nullopt returned.
std::optional<SheetTable> open_table(const std::string& path, std::ostream& err) {
  auto table = read_table_file(path);
  if (!table.ok()) {
    err << path << "：" << table.status().to_string() << "\n";
    return std::nullopt;
  }
  return std::move(table.value());
}

// Checks the changed document like any contest file, then replaces the file in one rename, so
// a refused or interrupted change leaves the old file as it was.
int save_document(const std::string& path, const Json& doc, std::ostream& err) {
  auto checked = load_contest_document(doc);
  if (!checked.ok()) {
    err << path << "：未改动，因为改动后的比赛文件会有以下问题：\n" << checked.status().to_string() << "\n";
    return kExitRefused;
  }
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << write_contest(doc);
    if (!out) {
      err << tmp << "：无法写入\n";
      return kExitRefused;
    }
  }
  std::filesystem::rename(tmp, path);
  return kExitOk;
}

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

int report(const std::vector<RosterProblem>& problems, const std::string& file, bool skip_bad, size_t good,
           std::ostream& err) {
  for (const auto& p : problems) err << file << "：第 " << p.line << " 行：" << p.reason << "\n";
  if (!problems.empty() && !skip_bad) {
    err << "有 " << problems.size() << " 行有问题，全部未导入（改正后重新导入，或用 --skip-bad 只导入其余 "
        << good << " 行）\n";
    return kExitRefused;
  }
  return kExitOk;
}

// A round or group named on the command line by its key or its name ("prelim" or "小学组预赛").
int round_by_key_or_name(const Contest& c, const std::string& s) {
  if (int r = find_round(c, s); r >= 0) return r;
  for (size_t i = 0; i < c.rounds.size(); ++i)
    if (c.rounds[i].name == s) return int(i);
  return -1;
}
int group_by_key_or_name(const Contest& c, const std::string& s) {
  if (int g = find_group(c, s); g >= 0) return g;
  for (size_t i = 0; i < c.groups.size(); ++i)
    if (c.groups[i].name == s) return int(i);
  return -1;
}
// "小学组预赛、全县决赛": what may be given instead, by the names people use (keys are
// accepted too, but a person reads names).
template <class T>
std::string choices(const std::vector<T>& xs) {
  std::string out;
  for (const T& x : xs) out += (out.empty() ? "" : "、") + x.name;
  return out;
}

// --advance N: a whole number of at least 1, or nullopt (and a message) otherwise.
std::optional<int> advance_option(const std::string& text, std::ostream& err) {
  char* end = nullptr;
  long n = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || n < 1 || n > 1000000) {
    err << "--advance 后面应是晋级人数（1 或以上的整数），而不是“" << text << "”\n";
    return std::nullopt;
  }
  return int(n);
}

// Active entrants of each group of round `r` (groups not in the round: 0).
std::vector<int> entrants_per_group(const Contest& c, int r) {
  ContestResult result = compute_results(c);
  std::vector<RoundStandings> earlier(result.rounds.begin(), result.rounds.begin() + r);
  std::vector<int> n(c.groups.size(), 0);
  for (int g : c.rounds[size_t(r)].groups)
    for (int x : entrants_of(c, earlier, r, g)) n[size_t(g)] += !c.contestants[size_t(x)].withdrawn;
  return n;
}

struct Options {
  std::string positional, contest, round, group, seed, manual, name, date, organizer, advance;
  std::string server, code, reason;  // draw on a running server (--server URL --code 组委会登录码)
  bool skip_bad = false, redraw = false;
};

std::optional<Options> parse(const Args& args, std::ostream& err, const char* usage) {
  Options o;
  for (size_t i = 0; i < args.size(); ++i) {
    auto next = [&]() -> std::string { return i + 1 < args.size() ? args[++i] : ""; };
    const std::string& a = args[i];
    if (a == "--contest") o.contest = next();
    else if (a == "--round") o.round = next();
    else if (a == "--group") o.group = next();
    else if (a == "--seed") o.seed = next();
    else if (a == "--manual") o.manual = next();
    else if (a == "--name") o.name = next();
    else if (a == "--date") o.date = next();
    else if (a == "--organizer") o.organizer = next();
    else if (a == "--advance") o.advance = next();
    else if (a == "--server") o.server = next();
    else if (a == "--code") o.code = next();
    else if (a == "--reason") o.reason = next();
    else if (a == "--skip-bad") o.skip_bad = true;
    else if (a == "--redraw") o.redraw = true;
    else if (a.rfind("--", 0) != 0 && o.positional.empty()) o.positional = a;
    else {
      err << usage;
      return std::nullopt;
    }
  }
  return o;
}

// ---- Between rounds on a running server (--server URL --code 组委会登录码) ----

// The organizer's session on a running server, and what /api/state says of the contest (the
// names of its rounds, groups and contestants, its draws and advancements).
struct OrganizerSession {
  std::unique_ptr<ApiClient> api;
  Json state;
};

std::optional<OrganizerSession> organizer_session(const std::string& server, const std::string& code,
                                                  std::ostream& err) {
  auto address = parse_server_address(server);
  if (!address.ok()) {
    err << "--server：" << address.status().to_string() << "\n";
    return std::nullopt;
  }
  // The server's certificate is pinned on first contact, in the same folder as the consoles'.
  const char* xdg = std::getenv("XDG_DATA_HOME");
  const char* home = std::getenv("HOME");
  std::string dir = (xdg && *xdg ? std::string(xdg) : std::string(home ? home : ".") + "/.local/share") + "/liangfen";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  OrganizerSession s{std::make_unique<ApiClient>(with_pin_file(address.value(), dir + "/cli-server-pins.json")), {}};
  s.api->set_timeout_s(30);  // a draw or an advancement recomputes the standings
  ApiAnswer login = s.api->login(code);
  if (!login.ok()) {
    err << "未能登录 " << address->text() << "：" << login.message() << "\n";
    return std::nullopt;
  }
  if (login.body.value("role", "") != "organizer") {
    err << "这个登录码不是组委会的（抽签和确认晋级只能由组委会操作）\n";
    return std::nullopt;
  }
  ApiAnswer state = s.api->get("/api/state");
  if (!state.ok()) {
    err << "未能读取比赛状态：" << state.message() << "\n";
    return std::nullopt;
  }
  s.state = std::move(state.body);
  return s;
}

// A round or group of the server's state by key or name; "" when none.
std::string key_of(const Json& list, const std::string& key_or_name) {
  for (const Json& x : list)
    if (x.value("key", "") == key_or_name || x.value("name", "") == key_or_name) return x.value("key", "");
  return "";
}
std::string name_of(const Json& list, const std::string& key) {
  for (const Json& x : list)
    if (x.value("key", "") == key) return x.value("name", key);
  return key;
}
std::string names_in(const Json& list) {
  std::string out;
  for (const Json& x : list) out += (out.empty() ? "" : "、") + x.value("name", "");
  return out;
}

int server_draw(const Options& o, std::ostream& out, std::ostream& err) {
  if (!o.manual.empty() || !o.advance.empty()) {
    err << "--manual 和 --advance 只用于比赛文件；在服务器上抽签请给 --seed（或不给，由服务器生成种子）\n";
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
    if (d.contains("replaces")) out << "已替换原来的抽签（原因：" << d.value("reason", "") << "）\n";
    out << "抽签（服务器已记录，各赛场裁判长的上场顺序即时更新）：" << what
        << (d.contains("seed") ? "  种子 " + d["seed"].get<std::string>() : std::string("  （人工抽签）")) << "\n";
    int n = 0;
    for (const Json& x : d["order"])
      out << "  " << ++n << "  " << x.value("id", "") << "  " << x.value("name", "") << "  " << x.value("school", "") << "\n";
    if (d.contains("seed"))
      out << "任何人都可以在导出的比赛文件上复核：liangfen draw --contest 导出的比赛文件.contest.json --round "
          << name_of(st["rounds"], round) << " --group " << name_of(st["groups"], group) << " --seed "
          << d["seed"].get<std::string>() << " --redraw\n";
  }
  // Before the round: a topic bank that will not last it (the server's words).
  for (const Json& x : now.body.value("topic_shortfalls", Json::array()))
    if (x.value("round", "") == round) out << "注意：" << x.value("text", "") << "\n";
  return kExitOk;
}

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
      out << "  " << name_of(st["groups"], g.value("group", "")) << "：" << g["contestants"].size() << " 人晋级\n";
      for (const Json& id : g["contestants"]) {
        const Json& x = people[id.get<std::string>()];
        out << "    " << id.get<std::string>() << "  " << x.value("name", "") << "  " << x.value("school", "") << "\n";
      }
    }
  }
  out << "下一步：liangfen draw --server " << server << " --code 组委会登录码 --round 下一轮 --group 组别 抽签\n";
  return kExitOk;
}

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

int init_command(const Args& args, std::ostream& out, std::ostream& err) {
  const char* usage =
      "用法：liangfen init 比赛文件.contest.json [--name 比赛名称] [--date 2026-05-20] [--organizer 主办单位] [--advance 人数]\n"
      "  --advance：预赛每组晋级决赛的人数（不填则用模板的设定）\n";
  auto o = parse(args, err, usage);
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
  out << "已新建比赛文件 " << o->positional << "（县级模板：" << c.sections.size() << " 个环节，" << c.venues.size()
      << " 个赛场";
  for (const Round& r : c.rounds)
    if (r.advance) out << "，" << r.name << "晋级 " << *r.advance << " 人";
  out << "）。\n下一步：liangfen import-roster 导入报名表，import-judges 导入评委，draw 抽签。\n";
  return kExitOk;
}

int import_roster_command(const Args& args, std::ostream& out, std::ostream& err) {
  const char* usage = "用法：liangfen import-roster 报名表.csv|报名表.xlsx --contest 比赛文件.contest.json [--skip-bad]\n";
  auto o = parse(args, err, usage);
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
  if (int rc = report(problems, o->positional, o->skip_bad, rows.size(), err); rc != kExitOk) return rc;
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
          out << "注意：" << r.name << "设定晋级 " << *r.advance << " 人，而" << now.groups[size_t(g)].name << "只有 " << n
              << " 名选手，这样无人被淘汰。抽签时请定下晋级人数（少于 " << n << " 人）：liangfen draw --contest "
              << o->contest << " --round " << r.name << " --group " << now.groups[size_t(g)].name << " --advance 人数\n";
      }
    }
  }
  return kExitOk;
}

int import_judges_command(const Args& args, std::ostream& out, std::ostream& err) {
  const char* usage = "用法：liangfen import-judges 评委名单.csv|评委名单.xlsx --contest 比赛文件.contest.json [--skip-bad]\n";
  auto o = parse(args, err, usage);
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
  if (int rc = report(problems, o->positional, o->skip_bad, rows.size(), err); rc != kExitOk) return rc;
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
  std::map<std::string, std::string> id_of;  // name -> id: one person on several panels (read_judges)
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

int draw_command(const Args& args, std::ostream& out, std::ostream& err) {
  const char* usage =
      "用法：liangfen draw --contest 比赛文件.contest.json --round 轮次 --group 组别 [--seed 种子] [--manual 抽签表.csv]\n"
      "                   [--redraw] [--advance 人数]\n"
      "  轮次、组别填名称或代号均可（如 小学组预赛、小学组）\n"
      "  --seed：用记录的种子重抽一遍，以便复核；--manual：录入人工抽出的签号\n"
      "  （表头要有“编号”或“姓名”一列，以及“抽签号”一列）；--redraw：替换已经抽过的签\n"
      "  --advance：这一轮每组晋级的人数（选手不多于晋级人数时必须先定下来）\n"
      "比赛当天在运行中的服务器上抽签（记入服务器，裁判长的上场顺序即时更新，登录码不变）：\n"
      "  liangfen draw --server https://服务器:8080 --code 组委会登录码 --round 轮次 --group 组别 [--seed 种子]\n"
      "                [--redraw --reason 原因]\n";
  auto o = parse(args, err, usage);
  if (o && !o->server.empty() && !o->code.empty() && o->contest.empty() && !o->round.empty() && !o->group.empty() &&
      o->positional.empty())
    return server_draw(*o, out, err);
  if (!o || o->contest.empty() || o->round.empty() || o->group.empty() || !o->positional.empty() || !o->server.empty()) {
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
    err << c.rounds[size_t(r)].name << "不设晋级（比赛文件中该轮没有 advance），--advance 只用于有晋级人数的轮次\n";
    return kExitRefused;
  }
  const std::string what = c.rounds[size_t(r)].name + " · " + c.groups[size_t(g)].name;
  const std::string& round_key = c.rounds[size_t(r)].key;
  const std::string& group_key = c.groups[size_t(g)].key;
  // A draw already made is the running order people were told: replaced only on purpose.
  const Json* earlier_draw = nullptr;
  if (opened->doc.contains("draws") && opened->doc["draws"].is_array())
    for (const Json& x : opened->doc["draws"])
      if (x.is_object() && x.value("round", "") == round_key && x.value("group", "") == group_key) earlier_draw = &x;
  auto describe = [](const Json& x) {
    std::string s = x.value("at", "");
    if (x.value("method", "") == "manual") s += "，人工抽签";
    else if (x.contains("seed") && x["seed"].is_string()) s += "，种子 " + x["seed"].get<std::string>();
    return s;
  };
  if (earlier_draw && !o->redraw) {
    err << what << " 已经抽过签（" << describe(*earlier_draw) << "），未改动；确需重新抽签请加 --redraw\n";
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
  // A round that sends on as many as it has (the template's 14 with 12 entrants) would rank
  // nobody out, and the projector would announce "前 14 名晋级": the organizer settles the
  // number here, before the running order is made public, rather than find out on the day.
  const Round& round = c.rounds[size_t(r)];
  std::optional<int> advance = round.advance;
  if (!o->advance.empty()) {
    auto n = advance_option(o->advance, err);
    if (!n) return kExitUsage;
    std::vector<int> per_group = entrants_per_group(c, r);
    for (int gi : round.groups)
      if (per_group[size_t(gi)] > 0 && *n >= per_group[size_t(gi)]) {
        err << round.name << "晋级 " << *n << " 人不行：" << c.groups[size_t(gi)].name << "只有 " << per_group[size_t(gi)]
            << " 名选手，晋级人数须少于选手人数\n";
        return kExitRefused;
      }
    advance = *n;
  } else if (round.advance && int(entrants.size()) <= *round.advance) {
    err << round.name << "设定晋级 " << *round.advance << " 人，而" << c.groups[size_t(g)].name << "只有 " << entrants.size()
        << " 名选手，这样无人被淘汰，未抽签。请定下晋级人数（少于 " << entrants.size() << " 人）再抽签，例如：\n"
        << "  liangfen draw --contest " << o->contest << " --round " << round.name << " --group " << c.groups[size_t(g)].name
        << " --advance " << std::max<size_t>(1, entrants.size() / 2) << "\n";
    return kExitRefused;
  }
  std::vector<int> numbers(entrants.size());  // draw number of each entrant
  Json record = {{"round", round_key}, {"group", group_key}};
  if (!o->manual.empty()) {
    auto table = open_table(o->manual, err);
    if (!table) return kExitRefused;
    const auto& t = *table;
    auto col = [&](std::initializer_list<const char*> names) {
      for (size_t i = 0; i < t.rows[0].size(); ++i)
        for (const char* n : names)
          if (t.rows[0][i] == n) return int(i);
      return -1;
    };
    int id_col = col({"编号", "id", "ID"}), name_col = col({"姓名", "name"}), draw_col = col({"抽签号", "draw", "序号"});
    if (draw_col < 0 || (id_col < 0 && name_col < 0)) {
      err << o->manual << "：表头需要有“抽签号”一列，以及“编号”或“姓名”一列\n";
      return kExitRefused;
    }
    std::fill(numbers.begin(), numbers.end(), 0);
    std::vector<std::string> problems;
    std::set<int> used;
    for (size_t i = 1; i < t.rows.size(); ++i) {
      auto at = [&](int k) { return k >= 0 && size_t(k) < t.rows[i].size() ? t.rows[i][size_t(k)] : std::string(); };
      std::string who = id_col >= 0 ? at(id_col) : at(name_col);
      int n = std::atoi(at(draw_col).c_str());
      auto it = std::find_if(entrants.begin(), entrants.end(), [&](int x) {
        return c.contestants[size_t(x)].id == who || c.contestants[size_t(x)].name == who;
      });
      std::string line = "第 " + std::to_string(t.lines[i]) + " 行：";
      if (it == entrants.end()) problems.push_back(line + "“" + who + "”不是" + what + "的选手");
      else if (n < 1 || n > int(entrants.size())) problems.push_back(line + "抽签号须在 1 到 " + std::to_string(entrants.size()) + " 之间");
      else if (!used.insert(n).second) problems.push_back(line + "抽签号 " + std::to_string(n) + " 重复");
      else numbers[size_t(it - entrants.begin())] = n;
    }
    for (size_t i = 0; i < entrants.size(); ++i)
      if (!numbers[i]) problems.push_back("缺少" + c.contestants[size_t(entrants[i])].name + "的抽签号");
    if (!problems.empty()) {
      for (const auto& p : problems) err << o->manual << "：" << p << "\n";
      return kExitRefused;
    }
    record["method"] = "manual";
  } else {
    std::string seed = o->seed;
    if (seed.empty()) {
      auto s = new_draw_seed();
      if (!s.ok()) {
        err << s.status().to_string() << "\n";
        return kExitRefused;
      }
      seed = s.value();
    }
    auto order = draw_order(seed, entrants.size());
    if (!order.ok()) {
      err << order.status().to_string() << "\n";
      return kExitUsage;
    }
    // Entrants in entrant order (the file's order) get positions from the shuffle.
    for (size_t k = 0; k < order.value().size(); ++k) numbers[size_t(order.value()[k])] = int(k) + 1;
    record["method"] = "seeded";
    record["seed"] = seed;
  }
  Json& d = opened->doc;
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
  std::string replaced = earlier_draw ? describe(*earlier_draw) : "";
  if (earlier_draw)  // the replaced record goes; the new one says what it replaced
    for (size_t k = 0; k < d["draws"].size(); ++k)
      if (&d["draws"][k] == earlier_draw) {
        record["replaces"] = *earlier_draw;
        d["draws"].erase(k);
        break;
      }
  d["draws"].push_back(record);
  bool advance_changed = advance && advance != round.advance;
  if (advance_changed) d["rounds"][size_t(r)]["advance"] = *advance;  // rounds[i] is c.rounds[i]
  if (int rc = save_document(o->contest, d, err); rc != kExitOk) return rc;
  if (advance_changed)
    out << "晋级人数：" << round.name << "每组前 " << *advance << " 名晋级（原为 " << *round.advance
        << " 名，已写入比赛文件）\n";
  if (!replaced.empty()) out << "已替换原来的抽签（" << replaced << "）\n";
  out << "抽签：" << what << (record.contains("seed") ? "  种子 " + record["seed"].get<std::string>() : "  （人工抽签）") << "\n";
  for (auto [n, x] : by_number)
    out << "  " << n << "  " << c.contestants[size_t(x)].id << "  " << c.contestants[size_t(x)].name << "  "
        << c.contestants[size_t(x)].school << "\n";
  if (record.contains("seed"))
    out << "任何人都可以在抽签前的副本上复核：liangfen draw --contest 副本.contest.json --round " << c.rounds[size_t(r)].name
        << " --group " << c.groups[size_t(g)].name << " --seed " << record["seed"].get<std::string>() << "\n";
  return kExitOk;
}

}  // namespace lf::cli

namespace lf::cli {

int advance_command(const Args& args, std::ostream& out, std::ostream& err) {
  const char* usage =
      "用法：liangfen advance --contest 比赛文件.contest.json --from 轮次（名称或代号）\n"
      "比赛当天在运行中的服务器上确认晋级（记入服务器；之后可在服务器上为下一轮抽签）：\n"
      "  liangfen advance --server https://服务器:8080 --code 组委会登录码 --from 轮次\n";
  std::string contest, from, server, code;
  bool known = args.size() % 2 == 0;
  for (size_t i = 0; i + 1 < args.size(); i += 2) {
    if (args[i] == "--contest") contest = args[i + 1];
    else if (args[i] == "--from") from = args[i + 1];
    else if (args[i] == "--server") server = args[i + 1];
    else if (args[i] == "--code") code = args[i + 1];
    else known = false;
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
    err << c.rounds[size_t(r)].name << "没有晋级名额（比赛文件中该轮没有 advance），无须确定晋级名单\n";
    return kExitRefused;
  }
  ContestResult result = compute_results(c);
  std::vector<std::string> problems;
  Json record = Json::array();
  for (const GroupStandings& gs : result.rounds[size_t(r)].groups) {
    const std::string& gname = c.groups[size_t(gs.group)].name;
    std::vector<int> unfinished;
    for (const Standing& st : gs.standings)
      if ((st.flags & (kIncomplete | kUntimed)) && !(st.flags & kWithdrawn)) unfinished.push_back(st.contestant);
    for (int x : unfinished) problems.push_back(gname + "：" + c.contestants[size_t(x)].name + "(" + c.contestants[size_t(x)].id + ") 的成绩还不完整");
    for (const Unresolved& u : gs.unresolved) {
      if (u.kind != Unresolved::Kind::kAdvanceBoundary) continue;
      std::string names;
      for (int x : u.contestants) names += (names.empty() ? "" : "、") + c.contestants[size_t(x)].name + "(" + c.contestants[size_t(x)].id + ")";
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
  d["advancements"].push_back({{"from", c.rounds[size_t(r)].key}, {"groups", record}, {"at", when}});
  if (int rc = save_document(contest, d, err); rc != kExitOk) return rc;
  out << c.rounds[size_t(r)].name << " → " << (to.empty() ? std::string("（没有下一轮）") : to_names.front()) << "\n";
  for (const Json& g : record) {
    out << "  " << c.groups[size_t(find_group(c, g["group"].get<std::string>()))].name << "：" << g["contestants"].size()
        << " 人晋级\n";
    for (const Json& id : g["contestants"]) {
      const Contestant& x = c.contestants[size_t(find_contestant(c, id.get<std::string>()))];
      out << "    " << x.id << "  " << x.name << "  " << x.school << "\n";
    }
  }
  out << "晋级名单已记入比赛文件（advancements），" << (to_names.empty() ? std::string("下一轮") : to_names.front())
      << "的选手就是他们。下一步：liangfen draw --round " << (to_names.empty() ? std::string("下一轮") : to_names.front())
      << " --group 组别 抽签\n";
  return kExitOk;
}

}  // namespace lf::cli

namespace lf::cli {

namespace {

// ---- Which column of a topic bank table holds the topics ----
// A bank comes as a school made it: `序号,案例名称,案例内容`, `题号,题目`, a bare column of
// topics. The rule, as the usage text says: a first row whose short cells name columns (题目,
// 内容, 案例, 序号 ...) or that has words above a column of numbers is the header; the text
// column is the one named by --column, else among the columns that are not all numbers the one
// whose header says 内容 (a case's text is what the contestant answers, its name alone is not),
// then 题目/主题/案例/名称, else the only or the first such column. A column of numbers is refused.

size_t char_count(const std::string& s) {
  size_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
  return n;
}

std::string trimmed(std::string t) {
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
  size_t b = t.find_first_not_of(" \t");
  return b == std::string::npos ? "" : t.substr(b);
}

// "12", "3.", "4、", "（5）", "6.5": a number or a numbering, not a topic.
bool is_number_cell(const std::string& raw) {
  std::string t = trimmed(raw);
  for (const char* wrap : {"（", "("})
    if (t.rfind(wrap, 0) == 0) t = t.substr(std::strlen(wrap));
  for (const char* tail : {"）", ")", "、", "。", "."})
    if (t.size() > std::strlen(tail) && t.compare(t.size() - std::strlen(tail), std::string::npos, tail) == 0)
      t = t.substr(0, t.size() - std::strlen(tail));
  if (t.empty()) return false;
  bool digit = false, dot = false;
  for (char ch : t) {
    if (ch >= '0' && ch <= '9') digit = true;
    else if (ch == '.' && !dot) dot = true;
    else return false;
  }
  return digit;
}

const std::vector<const char*> kHeaderWords = {"序号", "编号", "题号", "题目", "主题", "内容", "案例",
                                              "名称", "标题", "topic", "Topic", "case", "Case"};

bool mentions(const std::string& cell, const std::vector<const char*>& words) {
  for (const char* w : words)
    if (cell.find(w) != std::string::npos) return true;
  return false;
}

// A column's name: a few characters ending in a word that names columns ("序号", "案例内容",
// "班会主题"), not a topic that happens to hold one ("以诚信为主题的班会").
bool names_a_column(const std::string& cell) {
  if (char_count(cell) > 5) return false;
  for (const char* w : kHeaderWords) {
    size_t n = std::strlen(w);
    if (cell.size() >= n && cell.compare(cell.size() - n, n, w) == 0) return true;
  }
  return false;
}


struct TopicColumn {
  bool header = false;
  int column = -1;             // -1: none found
  std::string name;            // the header's name of the column, or "第 N 列"
  std::string refusal;         // why nothing can be imported
};

std::string column_label(const std::vector<std::vector<std::string>>& rows, bool header, size_t col) {
  std::string h = header && col < rows[0].size() ? trimmed(rows[0][col]) : "";
  return h.empty() ? "第 " + std::to_string(col + 1) + " 列" : "“" + h + "”";
}

// "“案例内容”一列", "第 2 列": a column as a sentence names it.
std::string column_phrase(const std::string& label) { return label.rfind("第", 0) == 0 ? label : label + "一列"; }

TopicColumn find_topic_column(const std::vector<std::vector<std::string>>& rows, const std::string& wanted) {
  TopicColumn out;
  size_t width = 0;
  for (const auto& r : rows) width = std::max(width, r.size());
  auto numbers_only = [&](size_t col, size_t from) {
    bool any = false;
    for (size_t r = from; r < rows.size(); ++r) {
      std::string v = col < rows[r].size() ? trimmed(rows[r][col]) : "";
      if (v.empty()) continue;
      if (!is_number_cell(v)) return false;
      any = true;
    }
    return any;
  };
  // The header: short cells that name columns, or words above a column of numbers.
  for (size_t col = 0; col < rows[0].size() && !out.header; ++col) {
    std::string h = trimmed(rows[0][col]);
    if (h.empty()) continue;
    if (names_a_column(h) || (!is_number_cell(h) && numbers_only(col, 1)))
      out.header = true;
  }
  if (!wanted.empty() && !out.header) out.header = true;  // --column names a column of the first row
  size_t from = out.header ? 1 : 0;
  std::string all_columns;
  for (size_t col = 0; col < width; ++col) all_columns += (all_columns.empty() ? "" : "、") + column_label(rows, out.header, col);
  if (!wanted.empty()) {
    for (size_t col = 0; col < rows[0].size(); ++col)
      if (trimmed(rows[0][col]) == trimmed(wanted)) out.column = int(col);
    if (out.column < 0) {
      out.refusal = "第一行没有“" + wanted + "”这一列（第一行的列：" + all_columns + "）";
      return out;
    }
  } else {
    std::vector<size_t> text_columns;
    for (size_t col = 0; col < width; ++col) {
      bool any = false;
      for (size_t r = from; r < rows.size(); ++r) any |= col < rows[r].size() && !trimmed(rows[r][col]).empty();
      if (any && !numbers_only(col, from)) text_columns.push_back(col);
    }
    auto header_of = [&](size_t col) { return out.header && col < rows[0].size() ? trimmed(rows[0][col]) : ""; };
    static const std::vector<std::vector<const char*>> kPreferred = {
        {"内容", "content", "Content"}, {"题目", "主题", "案例", "名称", "标题", "topic", "Topic", "case", "Case"}};
    for (const auto& words : kPreferred)
      for (size_t col : text_columns)
        if (out.column < 0 && mentions(header_of(col), words)) out.column = int(col);
    if (out.column < 0 && !text_columns.empty()) out.column = int(text_columns.front());
    if (out.column < 0) {
      out.refusal = "找不到题目所在的列：" + all_columns + "都是数字或空的";
      return out;
    }
  }
  out.name = column_label(rows, out.header, size_t(out.column));
  if (numbers_only(size_t(out.column), from)) {
    std::string others;
    for (size_t col = 0; col < width; ++col)
      if (int(col) != out.column && !numbers_only(col, from)) others += (others.empty() ? "" : "、") + column_label(rows, out.header, col);
    std::string example;
    for (size_t r = from; r < rows.size() && example.empty(); ++r)
      if (size_t(out.column) < rows[r].size()) example = trimmed(rows[r][size_t(out.column)]);
    out.refusal = column_phrase(out.name) + "全是数字（如 " + example + "），不是题目" +
                  (others.empty() ? "" : "；题目可能在" + others + "，请用 --column 列名 指明");
    out.column = -1;
  }
  return out;
}

// "如何开好第一次家长会……" : a topic cut to `n` characters for the preview.
std::string preview_of(const std::string& t, size_t n) {
  if (char_count(t) <= n) return t;
  size_t chars = 0, i = 0;
  for (; i < t.size(); ++i)
    if ((static_cast<unsigned char>(t[i]) & 0xC0) != 0x80 && chars++ == n) break;
  return t.substr(0, i) + "……";
}

// import-topics --server: each topic sent as one request (POST /api/topics/add); one the bank
// already holds is counted, not an error. Stops at the first other refusal, saying how many
// went in before it.
int add_topics_on_server(OrganizerSession& session, const std::string& file,
                         const std::string& source, const std::string& section,
                         const std::vector<std::string>& topics, std::ostream& out,
                         std::ostream& err) {
  const std::string section_name = name_of(session.state["sections"], section);
  size_t added = 0, already = 0;
  for (const std::string& t : topics) {
    ApiAnswer a = session.api->post("/api/topics/add", {{"section", section}, {"topic", t}});
    if (a.ok()) {
      ++added;
    } else if (a.refusal().kind() == ErrorKind::conflict && a.body.value("field", "") == "topic") {
      // The one conflict on the topic itself: the bank holds it already (live_rules.cpp).
      ++already;
    } else {
      err << "第 " << added + already + 1 << " 道题未加入：" << a.message() << "（此前已加入 "
          << added << " 道）\n";
      return kExitRefused;
    }
  }
  ApiAnswer now = session.api->get("/api/state");
  int64_t bank = now.body.value("topic_banks", Json::object()).value(section, int64_t{0});
  out << "从" << file << "的" << source << "读到 " << topics.size() << " 道题";
  if (already) out << "（其中 " << already << " 道题库里已有）";
  out << "，已向服务器上的" << section_name << "题库加入 " << added << " 道题（题库共 " << bank
      << " 道，服务器已记录，备赛室下一次抽题即可抽到）\n";
  return kExitOk;
}

}  // namespace

// How many teachers will draw from `section`'s bank in each round that has the section, as
// known before the day, when that is more than the bank holds (issue 24 §7: the 13th of 32
// finalists got 题目在本轮已全部抽完 with nothing said before). A round's draws share one bank
// across its groups (live_rules.cpp: a topic drawn in a round is gone for the round). A group
// entering from an earlier round counts that round's advance quota; otherwise its registered
// teachers not withdrawn.
std::vector<std::string> bank_shortfalls(const Contest& c, int section, size_t bank) {
  std::vector<std::string> lines;
  for (const Round& r : c.rounds) {
    if (std::find(r.sections.begin(), r.sections.end(), section) == r.sections.end()) continue;
    size_t drawers = 0;
    std::string groups;
    for (int g : r.groups) {
      size_t n = 0;
      auto from = r.entrants_from.find(g);
      if (from != r.entrants_from.end() && c.rounds[size_t(from->second)].advance) {
        n = size_t(*c.rounds[size_t(from->second)].advance);
      } else {
        for (const Contestant& ct : c.contestants) n += ct.group == g && !ct.withdrawn;
      }
      drawers += n;
      groups += (groups.empty() ? "" : "、") + c.groups[size_t(g)].name + " " + std::to_string(n);
    }
    if (drawers <= bank) continue;
    lines.push_back("注意：" + c.sections[size_t(section)].name + "题库共 " + std::to_string(bank) + " 道，" + r.name +
                    "有 " + std::to_string(drawers) + " 名选手要抽（" + groups + "），从第 " + std::to_string(bank + 1) +
                    " 位起将抽不到题：请再导入至少 " + std::to_string(drawers - bank) + " 道");
  }
  return lines;
}

int import_topics_command(const Args& args, std::ostream& out, std::ostream& err) {
  const char* usage =
      "用法：liangfen import-topics 题库.txt|题库.csv|题库.xlsx --contest 比赛文件.contest.json "
      "--section 环节\n"
      "                             [--column 列名]\n"
      "  文本文件每行一个班会主题或答辩案例。\n"
      "  CSV 或 XLSX：第一行是列名时（如“序号,案例名称,案例内容”）跳过它；导入 --column "
      "指明的列，\n"
      "  不指明时在不全是数字的列中取列名含“内容”的一列（如“案例内容”），其次含“题目”“主题”“案例”\n"
      "  “名称”的一列，再次是唯一或第一个这样的列。全是数字的列（如“序号”）不会被当作题目。\n"
      "  环节填名称或代号均可（如 主题班会）\n"
      "比赛当天向运行中的服务器的题库加题（记入服务器，备赛室下一次抽题即可抽到）：\n"
      "  liangfen import-topics 题库文件 --server https://服务器:8080 --code 组委会登录码 "
      "--section 环节\n";
  std::string file, contest, section, column, server, code;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--contest" && i + 1 < args.size()) contest = args[++i];
    else if (args[i] == "--section" && i + 1 < args.size()) section = args[++i];
    else if (args[i] == "--column" && i + 1 < args.size()) column = args[++i];
    else if (args[i] == "--server" && i + 1 < args.size())
      server = args[++i];
    else if (args[i] == "--code" && i + 1 < args.size())
      code = args[++i];
    else if (file.empty() && args[i].rfind("--", 0) != 0) file = args[i];
    else {
      err << usage;
      return kExitUsage;
    }
  }
  if (file.empty() || section.empty() || contest.empty() == server.empty() ||
      server.empty() != code.empty()) {
    err << usage;
    return kExitUsage;
  }
  std::optional<OpenedFile> opened;
  std::optional<OrganizerSession> session;
  int sec = -1;
  if (!server.empty()) {
    session = organizer_session(server, code, err);
    if (!session) return kExitRefused;
    std::string key = key_of(session->state["sections"], section);
    if (key.empty()) {
      err << "本次比赛没有“" << section << "”这个环节（可填："
          << names_in(session->state["sections"]) << "）\n";
      return kExitRefused;
    }
    section = key;
  } else {
    opened = open_contest_file(contest, err);
    if (!opened) return kExitRefused;
    const Contest& c = opened->contest;
    sec = find_section(c, section);
    for (size_t i = 0; sec < 0 && i < c.sections.size(); ++i)
      if (c.sections[i].name == section) sec = int(i);
    if (sec < 0) {
      err << "本次比赛没有“" << section << "”这个环节（可填：" << choices(c.sections) << "）\n";
      return kExitRefused;
    }
    section = c.sections[size_t(sec)].key;  // the bank is kept under the key, as the file has it
  }
  std::vector<std::string> topics;
  std::string source = "每一行";
  std::string ext = file.substr(file.find_last_of('.') == std::string::npos ? file.size() : file.find_last_of('.'));
  if (ext == ".csv" || ext == ".xlsx") {
    auto table = open_table(file, err);
    if (!table) return kExitRefused;
    const auto& rows = table->rows;
    if (rows.empty()) {
      err << file << "：文件是空的，没有题目\n";
      return kExitRefused;
    }
    TopicColumn col = find_topic_column(rows, column);
    if (col.column < 0) {
      err << file << "：未导入：" << col.refusal << "\n";
      return kExitRefused;
    }
    source = column_phrase(col.name);
    for (size_t r = col.header ? 1 : 0; r < rows.size(); ++r)
      if (size_t(col.column) < rows[r].size()) topics.push_back(rows[r][size_t(col.column)]);
  } else {
    if (!column.empty()) {
      err << "--column 只用于 CSV 或 XLSX 表格；文本文件每行一道题\n";
      return kExitUsage;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      err << file << "：无法读取文件\n";
      return kExitRefused;
    }
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto text = to_utf8(bytes);
    if (!text.ok()) {
      err << file << "：" << text.status().to_string() << "\n";
      return kExitRefused;
    }
    std::stringstream lines(text.value());
    for (std::string line; std::getline(lines, line);) topics.push_back(line);
  }
  std::vector<std::string> clean;
  for (const std::string& t : topics)
    if (std::string x = trimmed(t); !x.empty()) clean.push_back(x);
  if (!clean.empty() && std::all_of(clean.begin(), clean.end(), is_number_cell)) {
    err << file << "：未导入：" << source << "全是数字（如 " << clean.front() << "），不是题目\n";
    return kExitRefused;
  }
  if (session) return add_topics_on_server(*session, file, source, section, clean, out, err);
  const Contest& c = opened->contest;
  Json& d = opened->doc;
  if (!d.contains("topics") || !d["topics"].is_object()) d["topics"] = Json::object();
  Json& bank = d["topics"][section];
  if (!bank.is_array()) bank = Json::array();
  std::vector<std::string> added;
  for (const std::string& t : clean) {
    if (std::find(bank.begin(), bank.end(), t) != bank.end()) continue;  // once in the bank
    bank.push_back(t);
    added.push_back(t);
  }
  if (int rc = save_document(contest, d, err); rc != kExitOk) return rc;
  // What was taken, so a wrong column is seen at once: the count and the first few.
  out << "从" << file << "的" << source << "读到 " << clean.size() << " 道题";
  if (added.size() < clean.size()) out << "（其中 " << clean.size() - added.size() << " 道题库里已有）";
  out << "，前几道：\n";
  for (size_t i = 0; i < clean.size() && i < 3; ++i) out << "  " << i + 1 << ". " << preview_of(clean[i], 40) << "\n";
  out << "已向" << c.sections[size_t(sec)].name << "题库加入 " << added.size() << " 道题（题库共 " << bank.size() << " 道）\n";
  for (const std::string& line : bank_shortfalls(c, sec, bank.size())) out << line << "\n";
  return kExitOk;
}

}  // namespace lf::cli
