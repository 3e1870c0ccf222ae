// The subcommands of `liangfen`. Each takes its arguments (after the command name) and the
// output streams, and returns the process exit status: 0 done, 1 usage error, 2 input refused.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace lf::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 1;
inline constexpr int kExitRefused = 2;

using Args = std::vector<std::string>;

// liangfen compute FILE [--format json|table]
int compute_command(const Args& args, std::ostream& out, std::ostream& err);
// liangfen credentials --db contest.db   (prints one login code per person)
int credentials_command(const Args& args, std::ostream& out, std::ostream& err);
// liangfen export --db contest.db [--out FILE]
int export_command(const Args& args, std::ostream& out, std::ostream& err);
// liangfen print KIND (--contest FILE | --db DB) [--round R] [--group G] [--out FILE]
//                [--format pdf|xlsx|csv] [--draft] [--template FILE]
int print_command(const Args& args, std::ostream& out, std::ostream& err);
// liangfen init FILE.contest.json [--name N] [--date D] [--organizer O]
int init_command(const Args& args, std::ostream& out, std::ostream& err);
// liangfen import-roster FILE.csv|.xlsx --contest FILE [--skip-bad]
int import_roster_command(const Args& args, std::ostream& out, std::ostream& err);
// liangfen import-judges FILE.csv|.xlsx --contest FILE [--skip-bad]
int import_judges_command(const Args& args, std::ostream& out, std::ostream& err);
// liangfen draw --contest FILE --round R --group G [--seed HEX] [--manual FILE]
int draw_command(const Args& args, std::ostream& out, std::ostream& err);
// liangfen import-topics FILE --contest FILE --section SECTION
int import_topics_command(const Args& args, std::ostream& out, std::ostream& err);
// liangfen advance --contest FILE --from ROUND
int advance_command(const Args& args, std::ostream& out, std::ostream& err);

}  // namespace lf::cli
