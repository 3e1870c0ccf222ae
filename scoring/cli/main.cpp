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
    {"compute", "liangfen compute 比赛文件.contest.json [--format json|table]   计算成绩与名次",
     lf::cli::compute_command},
    {"credentials", "liangfen credentials --db contest.db [--text]            生成登录码，印成登录码条",
     lf::cli::credentials_command},
    {"export", "liangfen export --db contest.db [--out 文件]            导出比赛文件",
     lf::cli::export_command},
    {"restore", "liangfen restore --from 备份文件 --db 新数据库          从备份恢复（带服务器证书和登录码密钥）",
     lf::cli::restore_command},
    {"init", "liangfen init 比赛文件.contest.json [--name 比赛名称] [--date 日期] [--organizer 主办单位] [--advance 人数]   新建比赛",
     lf::cli::init_command},
    {"import-roster", "liangfen import-roster 报名表.csv|.xlsx --contest 比赛文件 [--skip-bad]   导入选手名单",
     lf::cli::import_roster_command},
    {"import-judges", "liangfen import-judges 评委名单.csv|.xlsx --contest 比赛文件 [--skip-bad]   导入评委名单",
     lf::cli::import_judges_command},
    {"draw", "liangfen draw --contest 比赛文件|--server 地址 --code 组委会登录码 --round 轮次 --group 组别 [--seed 种子|--manual 抽签表] [--redraw] [--advance 人数]   抽签",
     lf::cli::draw_command},
    {"import-topics", "liangfen import-topics 题库文件 --contest 比赛文件|--server 地址 --code 组委会登录码 --section 环节   导入题库（班会主题、答辩案例）",
     lf::cli::import_topics_command},
    {"roster", "liangfen roster --server 地址 --code 组委会登录码 --correct 选手|--add|--withdraw 选手 … --reason 原因   比赛当天更正姓名学校、录入替补、记为弃权",
     lf::cli::roster_command},
    {"advance", "liangfen advance --contest 比赛文件|--server 地址 --code 组委会登录码 --from 轮次   确认晋级名单",
     lf::cli::advance_command},
    {"print", "liangfen print 种类 --contest 比赛文件|--db 数据库 [--format pdf|xlsx|csv] 打印名单、汇总表、证书、登录码条",
     lf::cli::print_command},
};

void print_usage(std::ostream& os) {
  os << "liangfen（亮分）班主任基本功大赛评分系统\n\n用法：\n";
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
  std::cerr << "liangfen：没有“" << argv[1] << "”这个命令\n\n";
  print_usage(std::cerr);
  return lf::cli::kExitUsage;
}
