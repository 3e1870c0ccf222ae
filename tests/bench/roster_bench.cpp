// Roster import at scale: XLSX (libxlsxwriter, shared strings) and UTF-8 CSV rosters of 1,000,
// 10,000 and 100,000 rows, read (read_table_file), checked (read_contestants) and imported by the
// real `liangfen import-roster` into a new contest file, timed, with the child's peak memory.
// Figures in docs/performance.md. Usage: liangfen-bench-roster [BIN_DIR]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <malloc.h>
#include <xlsxwriter.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "data/format/contest_file.h"
#include "data/roster/roster.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

static double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

static std::string name_of(int i) { return "选手" + std::to_string(i); }
static const char* school_of(int i) { return i % 2 ? "城关第一中学" : "实验小学（东校区）"; }

int main(int argc, char** argv) {
  std::string bin = argc > 1 ? argv[1] : LF_BIN_DIR;
  fs::path dir = fs::temp_directory_path() / ("liangfen-bench-roster-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto contest = lf::load_contest_file(std::string(LF_SOURCE_DIR) + "/assets/samples/county-2026.contest.json");
  if (!contest.ok()) return 1;
  std::printf("%-6s %8s %10s %9s %9s %12s %10s\n", "format", "rows", "file", "read s", "check s", "import s", "peak MB");
  std::fflush(stdout);
  for (int rows : {1000, 10000, 100000}) {
    for (const char* format : {"xlsx", "csv"}) {
      fs::path file = dir / ("roster-" + std::to_string(rows) + "." + format);
      if (std::string(format) == "xlsx") {
        lxw_workbook* wb = workbook_new(file.c_str());
        lxw_worksheet* ws = workbook_add_worksheet(wb, "报名表");
        const char* head[] = {"序号", "姓名", "学校", "联系电话"};
        for (int c = 0; c < 4; ++c) worksheet_write_string(ws, 0, lxw_col_t(c), head[c], nullptr);
        for (int i = 1; i <= rows; ++i) {
          worksheet_write_number(ws, lxw_row_t(i), 0, i, nullptr);
          worksheet_write_string(ws, lxw_row_t(i), 1, name_of(i).c_str(), nullptr);
          worksheet_write_string(ws, lxw_row_t(i), 2, school_of(i), nullptr);
          worksheet_write_string(ws, lxw_row_t(i), 3, ("138" + std::to_string(10000000 + i)).c_str(), nullptr);
        }
        workbook_close(wb);
      } else {
        std::ofstream out(file, std::ios::binary);
        out << "\xEF\xBB\xBF序号,姓名,学校,联系电话\n";
        for (int i = 1; i <= rows; ++i) out << i << "," << name_of(i) << "," << school_of(i) << ",138" << 10000000 + i << "\n";
      }
      // The whole command, as the organizer runs it: a new contest, then the import.
      fs::path day = dir / "day.contest.json";
      fs::remove(day);
      std::string init = bin + "/liangfen init " + day.string() + " > /dev/null";
      if (std::system(init.c_str()) != 0) return 1;
      ::malloc_trim(0);  // a forked child starts with its parent's peak memory: keep ours small
      auto t0 = Clock::now();
      pid_t pid = ::fork();
      if (pid == 0) {
        std::freopen("/dev/null", "w", stdout);
        std::string exe = bin + "/liangfen";
        ::execl(exe.c_str(), exe.c_str(), "import-roster", file.c_str(), "--contest", day.c_str(), nullptr);
        ::_exit(127);
      }
      int status = 0;
      struct rusage ru {};
      ::wait4(pid, &status, 0, &ru);
      double import_s = seconds_since(t0);
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return 1;
      t0 = Clock::now();
      auto table = lf::read_table_file(file.string());
      double read_s = seconds_since(t0);
      if (!table.ok()) {
        std::fprintf(stderr, "%s\n", table.status().to_string().c_str());
        return 1;
      }
      t0 = Clock::now();
      std::vector<lf::ContestantRow> good;
      std::vector<lf::RosterProblem> problems;
      lf::read_contestants(table.value(), contest->contest, good, problems);
      double check_s = seconds_since(t0);
      if (good.size() != size_t(rows)) {
        std::fprintf(stderr, "%zu good rows of %d (%s)\n", good.size(), rows,
                     problems.empty() ? "" : problems[0].reason.c_str());
        return 1;
      }
      std::printf("%-6s %8d %8.1f KB %9.3f %9.3f %12.3f %10.1f\n", format, rows, double(fs::file_size(file)) / 1024,
                  read_s, check_s, import_s, double(ru.ru_maxrss) / 1024);
      std::fflush(stdout);
    }
  }
  fs::remove_all(dir);
  return 0;
}
