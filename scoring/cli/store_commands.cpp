// Commands on a contest database: credentials (login codes) and export.
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <set>
#include <tuple>

#include "scoring/cli/commands.h"
#include "scoring/cli/text_width.h"
#include "scoring/client/join_link.h"
#include "data/store/contest_store.h"
#include "scoring/server/auth.h"
#include "scoring/server/login_code_key.h"
#include "scoring/server/restore_bundle.h"
#include "scoring/server/tls_certificate.h"
#include "scoring/server/clock.h"

namespace lf::cli {

namespace {

struct DbArgs {
  std::string db, out, import, reissue;
};

std::optional<DbArgs> parse_db_args(const Args& args, std::ostream& err, const char* usage) {
  DbArgs a;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--db" && i + 1 < args.size()) a.db = args[++i];
    else if (args[i] == "--out" && i + 1 < args.size()) a.out = args[++i];
    else if (args[i] == "--import" && i + 1 < args.size()) a.import = args[++i];
    else if (args[i] == "--reissue" && i + 1 < args.size()) a.reissue = args[++i];
    else {
      err << usage;
      return std::nullopt;
    }
  }
  if (a.db.empty()) {
    err << usage;
    return std::nullopt;
  }
  return a;
}

// Opens the database and reads its contest; errors are printed and nullopt returned.
struct OpenContest {
  std::unique_ptr<ContestStore> store;
  ContestFile file;
};

std::optional<OpenContest> open_contest_db(const std::string& db, std::ostream& err, bool read_only = false) {
  auto store = read_only ? ContestStore::open_read_only(db) : ContestStore::open(db);
  if (!store.ok()) {
    err << store.status().to_string() << "\n";
    return std::nullopt;
  }
  auto file = store.value()->load_contest();
  if (!file.ok()) {
    err << file.status().to_string() << "\n";
    return std::nullopt;
  }
  return OpenContest{std::move(store.value()), std::move(file.value())};
}

// What a contest file given with --import says differently from the contest a database already
// holds (its roster fixes and topics added included), one line each, with the command that
// makes the change on the running server. Empty: the same contest. Marks, times, rulings,
// draws and the like are the database's (the day's record), never taken from a file.
std::vector<std::string> differences_from_database(const ContestFile& db, const ContestFile& file,
                                                   const std::string& import) {
  std::vector<std::string> out;
  const Contest &a = db.contest, &b = file.contest;
  const std::string server = "liangfen roster --server 服务器地址 --code 组委会登录码";
  auto group_name = [&](const Contest& c, int g) { return c.groups[size_t(g)].name; };
  for (const Contestant& x : b.contestants) {
    int i = find_contestant(a, x.id);
    if (i < 0) {
      out.push_back("文件多了选手 " + x.name + "（" + x.school + "，" + group_name(b, x.group) +
                    "）。替补请录入：" + server + " --add --group " + group_name(b, x.group) +
                    " --name " + x.name + " --school " + x.school + " --reason 原因");
      continue;
    }
    const Contestant& y = a.contestants[size_t(i)];
    if (y.name != x.name || y.school != x.school)
      out.push_back("选手 " + x.id + " 在数据库里是 " + y.name + " · " + y.school + "，文件里是 " +
                    x.name + " · " + x.school + "。更正：" + server + " --correct " + x.id +
                    " --name " + x.name + " --school " + x.school + " --reason 原因");
    if (y.group != x.group) out.push_back("选手 " + x.name + " 的组别不同：比赛开始后不能改组别");
    if (y.withdrawn != x.withdrawn)
      out.push_back("选手 " + x.name + (x.withdrawn ? " 在文件里已退赛" : " 在文件里恢复参赛") +
                    "。弃权请按轮次记录：" + server + " --withdraw " + x.id +
                    " --round 轮次 --reason 原因");
  }
  for (const Contestant& y : a.contestants)
    if (find_contestant(b, y.id) < 0)
      out.push_back("文件里没有选手 " + y.name + "（" + y.id +
                    "）：比赛开始后不删除选手；没来的请记为缺赛或弃权（" + server + " --withdraw " +
                    y.id + " --round 轮次 --reason 原因）");
  const Json none = Json::object();
  const Json& topics_a = db.document.contains("topics") ? db.document["topics"] : none;
  const Json& topics_b = file.document.contains("topics") ? file.document["topics"] : none;
  if (topics_a != topics_b)
    out.push_back(
        "题库不同。新题请加到服务器上：liangfen import-topics 题库文件 --server 服务器地址 --code "
        "组委会登录码 --section 环节");
  // Everything else that makes the contest (rules, sections, rounds, venues, judges).
  Json rest_a = db.document, rest_b = file.document;
  for (const char* live : {"contestants", "topics", "marks", "timings", "decisions", "published",
                           "draws", "advancements", "absences"})
    rest_a.erase(live), rest_b.erase(live);
  if (rest_a != rest_b)
    out.push_back(
        "比赛设置（规则、环节、轮次、赛场或评委）也不同：比赛开始后不能改；确需改动，请用新的数据库"
        "导入（liangfen "
        "credentials --db 新数据库.db --import " +
        import + "），旧数据库保留当天的记录");
  return out;
}

// --import: a new database takes the contest file; one that already holds the contest must
// hold this very file (differences_from_database). False, with why on `err`, otherwise.
bool import_or_compare(const std::string& db, const std::string& import, std::ostream& err) {
  auto store = ContestStore::open(db);
  if (!store.ok()) {
    err << store.status().to_string() << "\n";
    return false;
  }
  auto file = load_contest_file(import);
  if (!file.ok()) {
    err << import << "：比赛文件有误，未能读入：\n" << file.status().to_string() << "\n";
    return false;
  }
  if (!store.value()->has_contest()) {
    if (auto s = store.value()->import_contest(file->document, SystemClock().now_ms()); !s.ok()) {
      err << s.to_string() << "\n";
      return false;
    }
  } else {
    // A database holds the day's record: a changed file is never taken silently (issue 24:
    // a substitute added to the file was ignored). Why not apply it: docs/contest-file.md §10.
    auto held = store.value()->load_contest();
    if (!held.ok()) {
      err << held.status().to_string() << "\n";
      return false;
    }
    std::vector<std::string> diff = differences_from_database(held.value(), file.value(), import);
    if (!diff.empty()) {
      err << db << " 里已经有这场比赛，" << import << " 与它有 " << diff.size()
          << " 处不同。未生成登录码，旧登录码仍然有效，数据库未改动。\n"
          << "比赛数据库一旦建立，名单和题库的改动须逐项记入服务器（谁改的、何时、原来是什么），"
             "不从文件里覆盖：\n";
      for (const std::string& line : diff) err << "  · " << line << "\n";
      err << "改完后重印登录码条不必再给 --import：liangfen credentials --db " << db << "\n";
      return false;
    }
  }
  return true;
}

// The server's certificate (made now if the server has not run yet; the server reuses it):
// a tablet that warns of a changed certificate shows a fingerprint to compare with this one.
// And the certificate and the code key, sealed for the backups under a new restore passphrase.
// A failure of either is said on `err`; the codes stand.
void certify_and_seal(const std::string& db, ContestStore& store, IssuedCodes& issued,
                      std::ostream& err) {
  if (auto tls = load_or_create_tls_identity(db, issued.contest.name); tls.ok())
    issued.fingerprint = short_fingerprint(tls->fingerprint);
  else
    err << "注意：未能准备服务器证书：" << tls.status().to_string() << "\n";
  std::string passphrase = new_restore_passphrase();
  if (auto s = seal_store_secrets(store, passphrase); s.ok())
    issued.restore_passphrase = passphrase;
  else
    err << "注意：未能把服务器证书和登录码密钥密封进数据库（备份恢复后须重新发码）："
        << s.to_string() << "\n";
}

}  // namespace

std::optional<IssuedCodes> issue_login_codes(const std::string& db, const std::string& import,
                                             std::ostream& err) {
  if (!import.empty() && !import_or_compare(db, import, err)) return std::nullopt;
  auto opened = open_contest_db(db, err);
  if (!opened) return std::nullopt;
  auto& store = opened->store;
  const ContestFile* file = &opened->file;
  const Contest& c = file->contest;
  // Every code is new: a lost key file is replaced by a new key (the old codes die anyway).
  auto code_key = LoginCodeKey::open(*store, /*new_codes_for_everyone=*/true);
  if (!code_key.ok()) {
    err << code_key.status().to_string() << "\n";
    return std::nullopt;
  }
  IssuedCodes issued{c, "", {}};
  std::vector<PersonRecord> people;
  std::set<std::string> used;
  // The rounds of a set of venues, by name, each once.
  auto rounds_of = [&](const std::vector<int>& venues) {
    std::string out;
    std::set<int> seen;
    for (int v : venues)
      if (seen.insert(c.venues[size_t(v)].round).second)
        out += (out.empty() ? "" : "、") + c.rounds[size_t(c.venues[size_t(v)].round)].name;
    return out;
  };
  auto venues_text = [&](const std::vector<int>& venues) {
    std::string out;
    for (int v : venues) out += (out.empty() ? "" : "、") + venue_name(c, v);
    return out;
  };
  auto add = [&](std::string person, const char* role_key, const char* role, std::string venue_key, std::string name,
                 std::string slip_name, const std::vector<int>& venues, std::string school) {
    std::string code;
    do code = random_code();
    while (!used.insert(code).second);
    people.push_back({person, role_key, std::move(venue_key), name, code_key->hash(code)});
    std::string ticket = std::string(role_key) == "display" ? "" : random_ticket();
    issued.people.push_back({std::move(person), role, std::move(name), std::move(slip_name), venues_text(venues),
                             rounds_of(venues), std::move(school), code, std::move(ticket)});
  };
  add("organizer", "organizer", "组委会", "", "组委会", "组委会", {}, "");
  // A head judge or timekeeper named in the contest file (import-judges, 身份 column) is shown
  // by name as well as role and venue: "裁判长 张三 · 小学组预赛赛场".
  const Json& doc = file->document;
  auto named = [&](size_t v, const char* role) -> std::string {
    const Json& venues = doc.contains("venues") ? doc["venues"] : Json::array();
    if (v >= venues.size() || !venues[v].contains(role) || !venues[v][role].is_string()) return "";
    return venues[v][role].get<std::string>();
  };
  for (size_t v = 0; v < c.venues.size(); ++v) {
    const std::string& key = c.venues[v].key;
    for (auto [prefix, role_key, role] : {std::tuple{"head:", "head_judge", "裁判长"}, {"timer:", "timekeeper", "计时员"}}) {
      std::string who = named(v, role_key);
      add(prefix + key, role_key, role, key, std::string(role) + (who.empty() ? "" : " " + who) + " · " + venue_name(c, int(v)),
          who.empty() ? role : who, {int(v)}, "");
    }
  }
  std::set<int> judges;
  for (const Venue& v : c.venues) judges.insert(v.judges.begin(), v.judges.end());
  for (int j : judges) {
    std::vector<int> venues;
    for (size_t x = 0; x < c.venues.size(); ++x)
      if (std::find(c.venues[x].judges.begin(), c.venues[x].judges.end(), j) != c.venues[x].judges.end())
        venues.push_back(int(x));
    const Judge& judge = c.judges[size_t(j)];
    add(judge.id, "judge", "评委", "", judge.name, judge.name, venues, judge.school);
  }
  for (auto [d, name] : {std::pair{"main", "主会场"}, {"lobby", "大厅"}, {"prep", "备赛室"}})
    add(std::string("display:") + d, "display", "大屏", "", std::string("大屏 · ") + name, std::string(name) + "大屏", {},
        "");
  std::string stewards;
  if (doc.contains("stewards") && doc["stewards"].is_array())
    for (const Json& s : doc["stewards"])
      if (s.is_string()) stewards += (stewards.empty() ? "" : "、") + s.get<std::string>();
  add("steward", "steward", "备赛室", "", "备赛室" + (stewards.empty() ? "" : " · " + stewards),
      stewards.empty() ? "备赛室场务" : stewards, {}, "");
  std::vector<std::pair<std::string, std::string>> tickets;
  for (const IssuedCode& p : issued.people)
    if (!p.ticket.empty()) tickets.emplace_back(code_key->hash(p.ticket), p.person);
  if (auto s = store->replace_people(people); !s.ok()) {
    err << s.to_string() << "\n";
    return std::nullopt;
  }
  if (auto s = store->add_login_tickets(tickets); !s.ok()) {
    err << s.to_string() << "\n";
    return std::nullopt;
  }
  certify_and_seal(db, *store, issued, err);
  return issued;
}

namespace {

// --reissue: a new code for one person, found by id, by the code sheet's name column, or by
// their own name inside it ("张主任" of "裁判长 张主任 · 小学组预赛赛场"); a name two people share
// is refused with both listed. Their old code and signed-in devices stop working.
int reissue_code(const std::string& db, const std::string& reissue, const std::string& join_url,
                 std::ostream& out, std::ostream& err) {
  auto opened = open_contest_db(db, err);
  if (!opened) return kExitRefused;
  auto code_key = LoginCodeKey::open(*opened->store);
  if (!code_key.ok()) {
    err << code_key.status().to_string() << "\n";
    return kExitRefused;
  }
  auto people = opened->store->people();
  if (!people.ok()) {
    err << "无法读取登录名单\n";
    return kExitRefused;
  }
  std::set<std::string> hashes;
  // By id (a judge's 编号), by the name column of the code sheet, or by a named person's own
  // name inside it ("张主任" of "裁判长 张主任 · 小学组预赛赛场"); a name two people share is
  // refused with both listed.
  std::vector<const PersonRecord*> matches;
  for (const PersonRecord& p : people.value()) {
    hashes.insert(p.code_hash);
    bool own_name = false;
    for (size_t at = p.name.find(reissue); at != std::string::npos && !own_name;
         at = p.name.find(reissue, at + 1)) {
      size_t end = at + reissue.size();
      bool starts = at == 0 || p.name[at - 1] == ' ' || p.name.compare(0, at, "备赛室 · ") == 0 ||
                    (at >= 3 && p.name.compare(at - 3, 3, "、") == 0);
      bool ends = end == p.name.size() || p.name[end] == ' ' || p.name.compare(end, 3, "、") == 0;
      own_name = starts && ends;
    }
    if (p.person == reissue || p.name == reissue || own_name) matches.push_back(&p);
  }
  if (matches.empty()) {
    err << "登录码单上没有“" << reissue << "”（评委填编号或姓名，其他人填“姓名”一栏的内容）\n";
    return kExitRefused;
  }
  if (matches.size() > 1) {
    err << "“" << reissue << "”不止一人，请填编号或“姓名”一栏的全部内容：\n";
    for (const PersonRecord* p : matches)
      err << "  " << p->name << (p->role == "judge" ? "（编号 " + p->person + "）" : "") << "\n";
    return kExitRefused;
  }
  const PersonRecord* who = matches.front();
  std::string code, hash;
  do {
    code = random_code();
    hash = code_key->hash(code);
  } while (hashes.count(hash));
  if (auto s = opened->store->replace_code(who->person, hash); !s.ok()) {
    err << s.to_string() << "\n";
    return kExitRefused;
  }
  out << who->name << (who->role == "judge" ? "（编号 " + who->person + "）" : "") << "的新登录码："
      << code << "\n旧码和已登录的设备都已失效。\n";
  // With --join-url: a one-time link for the browser, as the slip's QR code holds.
  if (!join_url.empty() && who->role != "display") {
    auto base = join_base_url(join_url);
    const std::string ticket = random_ticket();
    if (!base.ok()) {
      err << base.status().to_string() << "\n";
    } else if (auto s = opened->store->add_login_tickets({{code_key->hash(ticket), who->person}});
               !s.ok()) {
      err << s.to_string() << "\n";
    } else {
      out << "扫码登录链接（只能用一次）：" << person_join_link(base.value(), ticket) << "\n";
    }
  }
  // The organizer's slip also carried the restore passphrase: a new one, and the secrets
  // sealed again under it (the old passphrase no longer opens a backup made from now on).
  if (who->role == "organizer") {
    std::string passphrase = new_restore_passphrase();
    if (auto s = seal_store_secrets(*opened->store, passphrase); s.ok())
      out << "新的备份恢复口令：" << grouped_passphrase(passphrase) << "（之后的备份用它恢复）\n";
    else
      err << "注意：未能重新密封服务器证书和登录码密钥：" << s.to_string() << "\n";
  }
  return kExitOk;
}

}  // namespace

int credentials_command(const Args& args, std::ostream& out, std::ostream& err) {
  const char* usage =
      "用法：liangfen credentials --db contest.db [--import 比赛文件.contest.json] [--out 登录码条.pdf]\n"
      "                         [--join-url 服务器地址] [--text]\n"
      "      liangfen credentials --db contest.db --reissue 编号或姓名\n"
      "  给每人生成新登录码（旧码全部失效），印成登录码条（A4，每页 8 条，沿虚线剪开）；\n"
      "  同 liangfen print credentials。--text：不印登录码条，在屏幕上列出登录码单\n"
      "  --import：先用比赛文件新建数据库；--join-url：印在登录码条上、二维码里的服务器地址\n"
      "             （如 https://192.168.1.10:8080；不指明时用本机的局域网地址和 8080 端口）\n"
      "  --reissue：只给一个人换新登录码（评委填编号或姓名，其他人填登录码单“姓名”一栏的内容或本人姓名，\n"
      "             如 张主任、大屏 · 主会场）；他的旧码和已登录的\n"
      "             设备失效，其他人不变（须先停止服务器；服务器运行时，在组委会屏幕上操作）\n";
  DbArgs a;
  std::string join_url;
  bool text = false;
  {
    Args rest;
    for (size_t i = 0; i < args.size(); ++i) {
      if (args[i] == "--text") text = true;
      else if ((args[i] == "--join-url" || args[i] == "--server-url") && i + 1 < args.size()) join_url = args[++i];
      else rest.push_back(args[i]);
    }
    auto parsed = parse_db_args(rest, err, usage);
    if (!parsed) return kExitUsage;
    a = *parsed;
  }
  if (!a.reissue.empty()) return reissue_code(a.db, a.reissue, join_url, out, err);
  std::optional<std::string> join_base;  // before the new codes: a wrong --join-url voids none
  if (!text && !(join_base = slip_join_base(join_url, err))) return kExitUsage;
  auto issued = issue_login_codes(a.db, a.import, err);
  if (!issued) return kExitRefused;
  if (!text) return write_credential_slips(*issued, *join_base, a.out, out, err);
  const Contest& c = issued->contest;
  out << c.name << " 登录码（每人一码；重新生成后旧码全部失效）\n\n";
  if (!issued->fingerprint.empty()) out << "服务器证书指纹（SHA-256 前 16 位）：" << issued->fingerprint << "\n\n";
  // Padded to the column, and always one space after: a name as wide as its column (a named
  // head judge with a long venue name) must not run into the next one.
  auto cell = [](std::string_view text, size_t width) {
    std::string s = pad_right(text, width);
    return display_width(s) > display_width(text) ? s : s + " ";
  };
  out << cell("身份", 8) << cell("编号", 14) << cell("姓名", 36) << cell("赛场", 22) << cell("单位", 22)
      << "登录码\n";
  for (const IssuedCode& p : issued->people)
    // 编号: a judge's number from the judges' sheet; the others are known by the name column
    // (their login ids are keys: "head:PRE").
    out << cell(p.role, 8) << cell(p.role == "评委" ? p.person : "—", 14) << cell(p.name, 36) << cell(p.venues.empty() ? "—" : p.venues, 22)
        << cell(p.school.empty() ? "—" : p.school, 22) << p.code << "\n";
  if (!issued->restore_passphrase.empty())
    out << "\n备份恢复口令（组委会保管，只在恢复备份时用）：" << grouped_passphrase(issued->restore_passphrase) << "\n";
  return kExitOk;
}

namespace {

// One line from standard input, not echoed when it is a terminal.
std::string read_secret_line() {
  termios saved{};
  const bool tty = ::isatty(STDIN_FILENO) && ::tcgetattr(STDIN_FILENO, &saved) == 0;
  if (tty) {
    termios quiet = saved;
    quiet.c_lflag &= ~tcflag_t(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
  return line;
}

}  // namespace

int restore_command(const Args& args, std::ostream& out, std::ostream& err) {
  const char* usage =
      "用法：liangfen restore --from 备份文件 --db 新数据库\n"
      "  把备份（contest.db.backup1…、contest-backup-manual.db 或拷走的数据库）恢复为新数据库，连同\n"
      "  服务器证书和登录码密钥：在恢复出的数据库上启动的服务器证书不变，平板照常连接，登录码照常有效。\n"
      "  会要求输入组委会登录码条上的“备份恢复口令”（20 位数字）；口令不对时什么也不写。\n";
  std::string from, db;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--from" && i + 1 < args.size()) from = args[++i];
    else if (args[i] == "--db" && i + 1 < args.size()) db = args[++i];
    else {
      err << usage;
      return kExitUsage;
    }
  }
  if (from.empty() || db.empty()) {
    err << usage;
    return kExitUsage;
  }
  err << "请输入备份恢复口令（组委会登录码条上，20 位数字）：" << std::flush;
  std::string passphrase = read_secret_line();
  err << "\n";
  if (auto s = restore_backup(from, db, passphrase); !s.ok()) {
    err << s.to_string() << "\n";
    return kExitRefused;
  }
  auto fp = certificate_file_fingerprint(db + ".crt");
  out << "已把备份 " << from << " 恢复为 " << db << "（连同服务器证书 " << db << ".crt 和登录码密钥 " << db
      << ".secret）。\n启动：liangfen-server --db " << db << "\n";
  if (fp.ok()) out << "服务器证书指纹（SHA-256 前 16 位）：" << short_fingerprint(fp.value()) << "（应与登录码条上印的相同）\n";
  return kExitOk;
}

int export_command(const Args& args, std::ostream& out, std::ostream& err) {
  const char* usage = "用法：liangfen export --db contest.db [--out 文件]\n";
  auto a = parse_db_args(args, err, usage);
  if (a && !a->import.empty()) {
    err << usage;
    return kExitUsage;
  }
  if (!a) return kExitUsage;
  auto opened = open_contest_db(a->db, err, /*read_only=*/true);  // also while the server runs
  if (!opened) return kExitRefused;
  auto& store = opened->store;
  const ContestFile* file = &opened->file;
  auto state = store->load_state(file->contest);
  if (!state.ok()) {
    err << state.status().to_string() << "\n";
    return kExitRefused;
  }
  std::string text = write_contest(export_document(file->contest, file->document, state.value()));
  if (a->out.empty()) {
    out << text;
  } else {
    std::ofstream f(a->out, std::ios::binary);
    f << text;
    if (!f) {
      err << a->out << "：无法写入\n";
      return kExitRefused;
    }
  }
  return kExitOk;
}

}  // namespace lf::cli
