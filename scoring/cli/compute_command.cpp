#include "scoring/cli/commands.h"
#include "scoring/cli/standings_table.h"
#include "data/format/contest_file.h"
#include "data/format/result_json.h"
#include "scoring/engine/standings.h"

namespace lf::cli {

int compute_command(const Args& args, std::ostream& out, std::ostream& err) {
  std::string file, format = "json";
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--format" && i + 1 < args.size()) {
      format = args[++i];
    } else if (args[i].rfind("--format=", 0) == 0) {
      format = args[i].substr(9);
    } else if (!args[i].empty() && args[i][0] == '-') {
      err << "liangfen compute：没有 " << args[i] << " 这个选项\n";
      return kExitUsage;
    } else if (file.empty()) {
      file = args[i];
    } else {
      err << "liangfen compute：一次只能计算一个比赛文件\n";
      return kExitUsage;
    }
  }
  if (file.empty() || (format != "json" && format != "table")) {
    err << "用法：liangfen compute 比赛文件.contest.json [--format json|table]\n";
    return kExitUsage;
  }
  auto loaded = load_contest_file(file);
  if (!loaded.ok()) {
    err << file << "：未能读入（" << loaded.errors().size() << " 处问题）：\n";
    for (const auto& e : loaded.errors()) err << "  " << e.to_string() << "\n";
    return kExitRefused;
  }
  const Contest& contest = loaded->contest;
  ContestResult result = compute_results(contest);
  out << (format == "json" ? result_to_json(contest, result) : standings_table(contest, result));
  return kExitOk;
}

}  // namespace lf::cli
