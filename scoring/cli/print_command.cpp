// liangfen print KIND: award lists, results sheets, marks sheets, paper score sheets and
// certificates, as PDF, XLSX or CSV, from a contest file or a live contest database; and the
// login slips (credentials), which make new codes.
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "data/format/resource_files.h"
#include "scoring/cli/commands.h"
#include "data/format/contest_file.h"
#include "data/store/contest_store.h"
#include "data/live/history.h"
#include "data/live/live_state.h"
#include "scoring/print/history_sheet.h"
#include "scoring/print/pdf_writer.h"
#include "scoring/print/render.h"
#include "scoring/client/join_link.h"
#include "scoring/server/restore_bundle.h"

namespace lf::cli {

namespace {

const char* kUsage =
    "用法：liangfen print 种类 (--contest 比赛文件.contest.json | --db contest.db)\n"
    "                      [--round 轮次] [--group 组别] [--out 文件] [--format pdf|xlsx|csv] [--draft]\n"
    "                      [--template certificate.json]\n"
    "      liangfen print credentials --db contest.db [--contest 比赛文件.contest.json] [--join-url 服务器地址]\n"
    "                      [--out 文件]\n"
    "  种类：awards（获奖名单）| results（成绩汇总表）| marks（评分明细表）\n"
    "        | certificates（荣誉证书，仅 PDF）| score-sheets（备用纸质评分表）\n"
    "        | credentials（登录码条：给每人生成新登录码，旧码全部失效；须先停止服务器。\n"
    "          评委、裁判长、计时员、备赛室和组委会的登录码条上有扫码登录的二维码，地址由 --join-url\n"
    "          指明（如 https://192.168.1.10:8080），不指明时用本机的局域网地址和 8080 端口）\n"
    "        | history（一位选手的成绩记录，查分用，仅 PDF）：\n"
    "          liangfen print history --db contest.db --contestant 选手编号或姓名 [--out 文件]\n"
    "  有并列待裁决或选手成绩未完成时，不打印获奖名单和荣誉证书；\n"
    "  加 --draft 可照样打印，每页印有“草稿”。\n"
    "  比赛进行中（服务器运行时）也可以用 --db 打印（登录码条除外）。\n";

// The contest with everything recorded so far, from the file or from the database's live
// state, and its document (the draws are read from it).
struct Loaded {
  Contest contest;
  Json document;
};
Result<Loaded> load(const std::string& file, const std::string& db) {
  if (!file.empty()) {
    auto f = load_contest_file(file);
    if (!f.ok()) return f.status();
    return Loaded{f->contest, f->document};
  }
  auto store = ContestStore::open_read_only(db);  // beside the running server, as the day needs
  if (!store.ok()) return store.status();
  auto f = store.value()->load_contest();
  if (!f.ok()) return f.status();
  auto state = store.value()->load_state(f->contest);
  if (!state.ok()) return state.status();
  return Loaded{contest_with_state(f->contest, state.value(), false),
                export_document(f->contest, f->document, state.value())};
}

// The display logs in with its own program on the projector's computer; everyone else uses a
// console, in a browser (the slip's QR code) or the native program.
bool uses_console(const std::string& role) { return role != "大屏"; }

// How each kind of person logs in, in the words of the program they use.
std::string how_to_log_in(const std::string& role, bool has_qr) {
  if (!uses_console(role)) return "在大屏电脑上启动亮分大屏程序，连接下面的服务器，用此码登录";
  if (has_qr) return "扫码即登录；或在亮分评分程序中填服务器地址和登录码";
  return "打开亮分评分程序，填“服务器地址”，再输入此“个人登录码”";
}

}  // namespace

std::optional<std::string> slip_join_base(const std::string& given, std::ostream& err) {
  auto base = join_base_url(given);
  if (base.ok()) return base.value();
  if (!given.empty()) {
    err << base.status().to_string() << "\n";
    return std::nullopt;
  }
  err << "注意：" << base.status().errors().front().message << "；这次的登录码条上不印二维码，服务器地址留空待填\n";
  return std::string();
}

int write_credential_slips(const IssuedCodes& issued, const std::string& join_base, std::string out_path,
                           std::ostream& out, std::ostream& err) {
  CredentialSheet sheet{issued.contest.name, join_base, issued.fingerprint, {}};
  for (const IssuedCode& p : issued.people) {
    bool qr = uses_console(p.role) && !join_base.empty();
    sheet.slips.push_back({p.slip_name, p.role, p.venues, p.rounds, p.code, how_to_log_in(p.role, qr),
                           qr && !p.ticket.empty() ? person_join_link(join_base, p.ticket) : "",
                           p.person == "organizer" && !issued.restore_passphrase.empty()
                               ? grouped_passphrase(issued.restore_passphrase)
                               : ""});
  }
  auto bytes = render_credential_slips(sheet);
  if (!bytes.ok()) {
    err << "不能打印登录码条：" << bytes.status().to_string() << "\n";
    return kExitRefused;
  }
  if (out_path.empty()) out_path = "credentials.pdf";
  std::ofstream o(out_path, std::ios::binary | std::ios::trunc);
  o << bytes.value();
  o.close();
  if (!o) {
    err << out_path << "：无法写入文件（新登录码已生效，请换个位置用 --out 再印一次）\n";
    return kExitRefused;
  }
  out << "已为 " << issued.people.size() << " 人生成新登录码，旧码全部失效。登录码条：" << out_path << "\n";
  if (!issued.fingerprint.empty()) out << "服务器证书指纹（SHA-256 前 16 位）：" << issued.fingerprint << "\n";
  if (!issued.restore_passphrase.empty())
    out << "备份恢复口令只印在组委会的登录码条上：恢复备份（liangfen restore）时要用，请与登录码一样保管\n";
  return kExitOk;
}

namespace {

// liangfen print credentials: new codes for everyone, printed as slips.
int print_credentials(const Args& args, std::ostream& out, std::ostream& err) {
  std::string db, import, out_path, join_url;
  for (size_t i = 1; i < args.size(); ++i) {
    auto next = [&]() -> std::string { return i + 1 < args.size() ? args[++i] : ""; };
    if (args[i] == "--db") db = next();
    else if (args[i] == "--contest") import = next();
    else if (args[i] == "--out") out_path = next();
    else if (args[i] == "--join-url" || args[i] == "--server-url") join_url = next();  // its earlier name
    else {
      err << "不认识的选项：" << args[i] << "（登录码条可用 --db、--contest、--join-url、--out）\n" << kUsage;
      return kExitUsage;
    }
  }
  if (db.empty()) {
    err << "登录码存放在比赛数据库里，打印登录码条须用 --db 指明数据库\n" << kUsage;
    return kExitUsage;
  }
  // Before the new codes: a wrong --join-url must not leave everyone's old code void.
  auto join_base = slip_join_base(join_url, err);
  if (!join_base) return kExitUsage;
  auto issued = issue_login_codes(db, import, err);
  if (!issued) return kExitRefused;
  return write_credential_slips(*issued, *join_base, out_path, out, err);
}

// liangfen print history: one contestant's trail from the database's event log (read-only, so
// it works while the server runs). Only a database has a log; a contest file has none.
int print_history(const Args& args, std::ostream& out, std::ostream& err) {
  std::string db, who, out_path;
  for (size_t i = 1; i < args.size(); ++i) {
    auto next = [&]() -> std::string { return i + 1 < args.size() ? args[++i] : ""; };
    if (args[i] == "--db") db = next();
    else if (args[i] == "--contestant") who = next();
    else if (args[i] == "--out") out_path = next();
    else if (args[i] == "--contest") {
      err << "成绩记录只保存在比赛数据库中，比赛文件里没有：请用 --db contest.db\n";
      return kExitUsage;
    } else if (args[i] == "--format" && i + 1 < args.size() && args[i + 1] == "pdf") {
      ++i;
    } else {
      err << (args[i] == "--format" ? std::string("成绩记录只印 PDF")
                                    : "不认识的选项：" + args[i] + "（成绩记录可用 --db、--contestant、--out）")
          << "\n"
          << kUsage;
      return kExitUsage;
    }
  }
  if (db.empty() || who.empty()) {
    err << "请用 --db 指明比赛数据库，用 --contestant 指明选手（编号或姓名）\n" << kUsage;
    return kExitUsage;
  }
  auto store = ContestStore::open_read_only(db);
  if (!store.ok()) {
    err << db << "：无法读入比赛：\n" << store.status().to_string() << "\n";
    return kExitRefused;
  }
  auto file = store.value()->load_contest();
  auto events = store.value()->history_events();
  auto persons = store.value()->people();
  Result<LiveState> state = file.ok() ? store.value()->load_state(file->contest) : Result<LiveState>(file.status());
  for (const Status& s : {file.status(), events.status(), persons.status(), state.status()})
    if (!s.ok()) {
      err << db << "：无法读取成绩记录：\n" << s.to_string() << "\n";
      return kExitRefused;
    }
  const Contest& c = file->contest;
  // By id, or by a name that only one contestant has.
  int ct = find_contestant(c, who);
  if (ct < 0) {
    std::vector<int> named;
    for (size_t i = 0; i < c.contestants.size(); ++i)
      if (c.contestants[i].name == who) named.push_back(int(i));
    if (named.size() > 1) {
      err << "有 " << named.size() << " 位选手叫“" << who << "”，请用选手编号：";
      for (int k : named) err << " " << c.contestants[size_t(k)].id << "（" << c.contestants[size_t(k)].school << "）";
      err << "\n";
      return kExitRefused;
    }
    if (named.empty()) {
      err << "没有这位选手：“" << who << "”\n";
      return kExitRefused;
    }
    ct = named.front();
  }
  HistoryPeople people;
  for (const PersonRecord& p : persons.value()) people[p.person] = HistoryPerson{p.name, p.role, p.venue};
  std::vector<HistorySheetLine> lines;
  for (const HistoryLine& l : contestant_history(c, events.value(), ct, people))
    lines.push_back(HistorySheetLine{l.seq, l.when, l.who, l.what, l.before, l.after, l.note});
  int64_t last = events->empty() ? 0 : events->back().seq;
  // Everything recorded, published or not: the sheet is the organizer's answer to an appeal.
  ContestantSummary summary =
      contestant_summary(c, compute_results(contest_with_state(c, state.value(), false)), ct);
  PrintDocument doc =
      history_sheet(c, history_heading(c, ct), "截至第 " + std::to_string(last) + " 号记录", summary, lines);
  if (out_path.empty()) out_path = "history-" + c.contestants[size_t(ct)].id + ".pdf";
  if (auto st = write_pdf(doc, out_path); !st.ok()) {
    err << out_path << "：无法写入文件：" << st.to_string() << "\n";
    return kExitRefused;
  }
  out << out_path << "\n";
  return kExitOk;
}

}  // namespace

int print_command(const Args& args, std::ostream& out, std::ostream& err) {
  if (args.empty()) {
    err << kUsage;
    return kExitUsage;
  }
  if (args[0] == "credentials") return print_credentials(args, out, err);
  if (args[0] == "history") return print_history(args, out, err);
  std::string kind = args[0], file, db, out_path, format = "pdf", tmpl_path;
  PrintFilter filter;
  bool draft = false;
  for (size_t i = 1; i < args.size(); ++i) {
    auto next = [&]() -> std::string { return i + 1 < args.size() ? args[++i] : ""; };
    if (args[i] == "--contest") file = next();
    else if (args[i] == "--db") db = next();
    else if (args[i] == "--round") filter.round = next();
    else if (args[i] == "--group") filter.group = next();
    else if (args[i] == "--out") out_path = next();
    else if (args[i] == "--format") format = next();
    else if (args[i] == "--template") tmpl_path = next();
    else if (args[i] == "--draft") draft = true;
    else {
      err << "不认识的选项：" << args[i] << "\n" << kUsage;
      return kExitUsage;
    }
  }
  if (file.empty() == db.empty()) {
    err << "请用 --contest（比赛文件）或 --db（比赛数据库）指明比赛，二者选一\n" << kUsage;
    return kExitUsage;
  }
  auto loaded = load(file, db);
  if (!loaded.ok()) {
    err << (file.empty() ? db : file) << "：无法读入比赛：\n" << loaded.status().to_string() << "\n";
    return kExitRefused;
  }
  const Contest& contest = loaded.value().contest;
  // --round and --group by name as people say them ("全县决赛", "中学组"), or by key.
  for (const Round& r : contest.rounds)
    if (filter.round == r.name) filter.round = r.key;
  for (const Group& g : contest.groups)
    if (filter.group == g.name) filter.group = g.key;
  PrintRequest request{kind, format, filter, draft,
                       tmpl_path.empty() ? resource_path("templates/certificate.json") : tmpl_path,
                       running_orders(contest, loaded.value().document)};
  auto bytes = render_document(contest, request);
  if (!bytes.ok()) {
    Status status = bytes.status();  // kept: `first` refers into it
    const Error& first = status.errors().front();
    if (first.kind == ErrorKind::malformed) {  // not a document or format we print
      err << first.message << "\n" << kUsage;
      return kExitUsage;
    }
    // One line per reason, in the organizer's words: which document, where, and why.
    const std::map<std::string, std::string> doc_names = {
        {"awards", "获奖名单"}, {"certificates", "荣誉证书"}, {"results", "成绩汇总表"},
        {"marks", "评分明细表"}, {"score-sheets", "备用纸质评分表"}};
    auto doc = doc_names.count(kind) ? doc_names.at(kind) : kind;
    for (const Error& e : status.errors()) {
      bool about_options = e.path.empty() || e.path.rfind("--", 0) == 0 || e.path == "certificates";
      err << "不能打印" << doc << "：" << (about_options ? "" : e.path + "：") << e.message << "\n";
    }
    // Not final yet, or a name no font draws: a draft prints anyway, and says so on every page.
    if (first.kind == ErrorKind::conflict) err << "先看草稿可加 --draft（每页印有“草稿”）\n";
    return kExitRefused;
  }
  // Printed anyway (a draft, or a sheet that is not an award): say which characters come out
  // as boxes with their code inside, rather than let it pass unseen.
  if (format == "pdf")
    for (const Contestant& x : contest.contestants)
      if (auto missing = characters_without_font(x.name + x.school); !missing.empty()) {
        err << "注意：" << x.name << "（" << x.school << "）中的";
        for (uint32_t cp : missing) err << describe_character(cp);
        err << "本机没有字体能显示，印出来是带编码的方框\n";
      }
  if (out_path.empty()) out_path = kind + "." + format;
  std::ofstream o(out_path, std::ios::binary | std::ios::trunc);
  o << bytes.value();
  if (!o) {
    err << out_path << "：无法写入文件\n";
    return kExitRefused;
  }
  out << out_path << "\n";
  return kExitOk;
}

}  // namespace lf::cli
