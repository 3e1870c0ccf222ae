// liangfen print KIND: award lists, results sheets, marks sheets, paper score sheets and
// certificates, as PDF, XLSX or CSV, from a contest file or a live contest database.
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "data/format/resource_files.h"
#include "scoring/cli/commands.h"
#include "data/format/contest_file.h"
#include "data/store/contest_store.h"
#include "data/live/live_state.h"
#include "scoring/print/pdf_writer.h"
#include "scoring/print/render.h"

namespace lf::cli {

namespace {

const char* kUsage =
    "用法：liangfen print 种类 (--contest 比赛文件.contest.json | --db contest.db)\n"
    "                      [--round 轮次] [--group 组别] [--out 文件] [--format pdf|xlsx|csv] [--draft]\n"
    "                      [--template certificate.json]\n"
    "  种类：awards（获奖名单）| results（成绩汇总表）| marks（评分明细表）\n"
    "        | certificates（荣誉证书，仅 PDF）| score-sheets（备用纸质评分表）\n"
    "  有并列待裁决或选手成绩未完成时，不打印获奖名单和荣誉证书；\n"
    "  加 --draft 可照样打印，每页印有“草稿”。\n"
    "  比赛进行中（服务器运行时）也可以用 --db 打印。\n";

// The contest with everything recorded so far: from the file, or from the database's live state.
Result<Contest> load(const std::string& file, const std::string& db) {
  if (!file.empty()) {
    auto f = load_contest_file(file);
    if (!f.ok()) return f.status();
    return f->contest;
  }
  auto store = ContestStore::open_read_only(db);  // beside the running server, as the day needs
  if (!store.ok()) return store.status();
  auto f = store.value()->load_contest();
  if (!f.ok()) return f.status();
  auto state = store.value()->load_state(f->contest);
  if (!state.ok()) return state.status();
  return contest_with_state(f->contest, state.value(), false);
}

}  // namespace

int print_command(const Args& args, std::ostream& out, std::ostream& err) {
  if (args.empty()) {
    err << kUsage;
    return kExitUsage;
  }
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
      err << kUsage;
      return kExitUsage;
    }
  }
  if (file.empty() == db.empty()) {
    err << kUsage;
    return kExitUsage;
  }
  auto contest = load(file, db);
  if (!contest.ok()) {
    err << (file.empty() ? db : file) << "：无法读入比赛：\n" << contest.status().to_string() << "\n";
    return kExitRefused;
  }
  // --round and --group by name as people say them ("全县决赛", "中学组"), or by key.
  for (const Round& r : contest.value().rounds)
    if (filter.round == r.name) filter.round = r.key;
  for (const Group& g : contest.value().groups)
    if (filter.group == g.name) filter.group = g.key;
  PrintRequest request{kind, format, filter, draft,
                       tmpl_path.empty() ? resource_path("templates/certificate.json") : tmpl_path};
  auto bytes = render_document(contest.value(), request);
  if (!bytes.ok()) {
    Status status = bytes.status();  // kept: `first` refers into it
    const Error& first = status.errors().front();
    if (first.kind == ErrorKind::malformed) {  // not a document or format we print
      err << first.message << "\n" << kUsage;
      return kExitUsage;
    }
    if (first.path == kFontProblem) {
      err << "姓名中有本机字体无法显示的字，不能打印正式的" << (kind == "awards" ? "获奖名单" : "荣誉证书") << "：\n";
      err << status.to_string() << "\n";
      return kExitRefused;
    }
    // One line per reason, in the organizer's words: which document, where, and why.
    const std::map<std::string, std::string> doc_names = {
        {"awards", "获奖名单"}, {"certificates", "荣誉证书"}, {"results", "成绩汇总表"},
        {"marks", "评分明细表"}, {"score-sheets", "备用纸质评分表"}};
    auto doc = doc_names.count(kind) ? doc_names.at(kind) : kind;
    for (const Error& e : status.errors()) {
      bool about_options = e.path.empty() || e.path.rfind("--", 0) == 0 || e.path == "certificates";
      err << "不能打印" << doc << "：" << (about_options ? "" : e.path + "：") << e.message;
      if (!about_options && (kind == "awards" || kind == "certificates")) err << "（先看草稿可加 --draft）";
      err << "\n";
    }
    return kExitRefused;
  }
  // Printed anyway (a draft, or a sheet that is not an award): say which characters come out
  // as boxes with their code inside, rather than let it pass unseen.
  if (format == "pdf")
    for (const Contestant& x : contest.value().contestants)
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
