// liangfen: the organizer's command-line tool. Wiring only; each command lives in its own file.
#include <cstring>
#include <iostream>

#include "scoring/cli/commands.h"

namespace {

struct CommandEntry {
  const char* name;
  const char* usage;
  int (*run)(const lf::cli::Args&, std::ostream&, std::ostream&);
};

constexpr CommandEntry kCommands[] = {
    {"compute", "liangfen compute FILE.contest.json [--format json|table]   计算成绩与名次",
     lf::cli::compute_command},
    {"credentials", "liangfen credentials --db contest.db                     生成登录码",
     lf::cli::credentials_command},
    {"export", "liangfen export --db contest.db [--out FILE]            导出比赛文件",
     lf::cli::export_command},
    {"init", "liangfen init FILE.contest.json [--name N] [--date D] [--organizer O]   新建比赛",
     lf::cli::init_command},
    {"import-roster", "liangfen import-roster FILE.csv|.xlsx --contest FILE [--skip-bad]   导入选手名单",
     lf::cli::import_roster_command},
    {"import-judges", "liangfen import-judges FILE.csv|.xlsx --contest FILE [--skip-bad]   导入评委名单",
     lf::cli::import_judges_command},
    {"draw", "liangfen draw --contest FILE --round R --group G [--seed S|--manual F]   抽签",
     lf::cli::draw_command},
    {"import-topics", "liangfen import-topics FILE --contest FILE --section S          导入题库（班会主题、答辩案例）",
     lf::cli::import_topics_command},
    {"advance", "liangfen advance --contest FILE --from ROUND                    确认晋级名单",
     lf::cli::advance_command},
    {"print", "liangfen print KIND --contest FILE|--db DB [--format pdf|xlsx|csv] 打印名单、汇总表、证书",
     lf::cli::print_command},
};

void print_usage(std::ostream& os) {
  os << "liangfen（亮分）班主任基本功大赛评分系统\n\n用法:\n";
  for (const auto& c : kCommands) os << "  " << c.usage << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    print_usage(argc < 2 ? std::cerr : std::cout);
    return argc < 2 ? lf::cli::kExitUsage : lf::cli::kExitOk;
  }
  for (const auto& c : kCommands) {
    if (std::strcmp(argv[1], c.name) != 0) continue;
    lf::cli::Args args(argv + 2, argv + argc);
    return c.run(args, std::cout, std::cerr);
  }
  std::cerr << "liangfen: unknown command \"" << argv[1] << "\"\n\n";
  print_usage(std::cerr);
  return lf::cli::kExitUsage;
}
