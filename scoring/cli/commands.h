// The subcommands of `liangfen`. Each takes its arguments (after the command name) and the
// output streams, and returns the process exit status: 0 done, 1 usage error, 2 input refused.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "scoring/engine/contest.h"

namespace lf::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 1;
inline constexpr int kExitRefused = 2;

using Args = std::vector<std::string>;

// liangfen compute FILE [--format json|table]
int compute_command(const Args& args, std::ostream& out, std::ostream& err);
// liangfen credentials --db contest.db   (one login code per person: the slips, or --text)
int credentials_command(const Args& args, std::ostream& out, std::ostream& err);

// One person's new login code with what is printed beside it, every word in Chinese.
struct IssuedCode {
  std::string person;  // the login's id ("J01", "head:PRE"): for --reissue, never on a slip
  std::string role;    // "评委", "裁判长", "计时员", "组委会", "大屏", "备赛室"
  std::string name;    // "王老师"; "裁判长 张主任 · 小学组预赛赛场" when named by role and venue
  std::string slip_name;  // the slip's large line: the person's own name, or what they are
  std::string venues;  // the venue names, "、"-separated; empty: none
  std::string rounds;  // the round names of those venues; empty: none
  std::string school;  // a judge's school; empty: none
  std::string code;
  // The one-time ticket its slip's QR link carries ("#t="); empty for a display (no QR).
  std::string ticket;
};
struct IssuedCodes {
  Contest contest;
  std::string fingerprint;  // the server certificate's short fingerprint; empty if it failed
  std::vector<IssuedCode> people;
  // The new backup restore passphrase (restore_bundle.h), printed on the organizer's slip only;
  // empty when the secrets could not be sealed (said on err).
  std::string restore_passphrase;
};
// Makes a new code for every person of the contest in `db` (importing `import` first into a
// database without a contest); every earlier code stops working. The server must be stopped
// (the database refuses a second writer). Problems are written to `err` and nullopt returned.
std::optional<IssuedCodes> issue_login_codes(const std::string& db, const std::string& import, std::ostream& err);
// The address the slips print and their QR codes open (scoring/client/join_link.h): --join-url's
// `given`, or this machine's LAN address on port 8080. A wrong `given`: said on `err`, nullopt
// (before any code is made). No LAN address: a note on `err` and "" (slips without QR codes).
std::optional<std::string> slip_join_base(const std::string& given, std::ostream& err);
// The slips of `issued` as an A4 PDF at `out_path` (default credentials.pdf); says where on `out`.
// `join_base` (slip_join_base; "" = unknown) is printed, and each console user's slip carries
// the QR code of their join link; the display's slip keeps its code only.
int write_credential_slips(const IssuedCodes& issued, const std::string& join_base, std::string out_path,
                           std::ostream& out, std::ostream& err);
// liangfen restore --from BACKUP --db NEW (asks for the restore passphrase on standard input)
int restore_command(const Args& args, std::ostream& out, std::ostream& err);
// liangfen export --db contest.db [--out FILE]
int export_command(const Args& args, std::ostream& out, std::ostream& err);
// liangfen print KIND (--contest FILE | --db DB) [--round R] [--group G] [--out FILE]
//                [--format pdf|xlsx|csv] [--draft] [--template FILE]
// liangfen print credentials --db DB [--contest FILE] [--join-url URL] [--out FILE]
int print_command(const Args& args, std::ostream& out, std::ostream& err);
// liangfen init FILE.contest.json [--name N] [--date D] [--organizer O]
int init_command(const Args& args, std::ostream& out, std::ostream& err);
// liangfen import-roster FILE.csv|.xlsx --contest FILE [--skip-bad]
int import_roster_command(const Args& args, std::ostream& out, std::ostream& err);
// liangfen import-judges FILE.csv|.xlsx --contest FILE [--skip-bad]
int import_judges_command(const Args& args, std::ostream& out, std::ostream& err);
// liangfen draw --contest FILE --round R --group G [--seed HEX] [--manual FILE]
//        or, on a running server: --server URL --code ORGANIZER_CODE --round R --group G [--seed HEX]
int draw_command(const Args& args, std::ostream& out, std::ostream& err);
// liangfen roster --server URL --code ORGANIZER_CODE (--correct WHO [--name N] [--school S] |
//        --add --group G --name N --school S | --withdraw WHO --round R) --reason WHY
int roster_command(const Args& args, std::ostream& out, std::ostream& err);
// liangfen import-topics FILE --contest FILE --section SECTION
//        or, on a running server: FILE --server URL --code ORGANIZER_CODE --section SECTION
int import_topics_command(const Args& args, std::ostream& out, std::ostream& err);
// liangfen advance --contest FILE --from ROUND   (or --server URL --code ORGANIZER_CODE --from ROUND)
int advance_command(const Args& args, std::ostream& out, std::ostream& err);

}  // namespace lf::cli
