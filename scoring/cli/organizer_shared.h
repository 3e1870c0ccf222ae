// What the organizer's commands share (scoring/cli only; the commands themselves are declared in
// commands.h): the contest file read, checked and saved in one rename; a round or group named
// by its key or its name; the options the file commands take; and the organizer's session on a
// running server with the names its state gives. Errors are printed on `err` where a function
// takes it; nothing here throws on bad input.
//
// Thread-safety: the command line's one thread.
#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/format/json_text.h"
#include "data/roster/roster.h"
#include "scoring/cli/commands.h"
#include "scoring/client/api_client.h"
#include "scoring/engine/contest.h"
#include "scoring/engine/status.h"

namespace lf::cli {

// ---- The contest file ----

Result<Json> read_document(const std::string& path);

// The contest file, parsed and checked; errors are printed and nullopt returned.
struct OpenedFile {
  Json doc;
  Contest contest;
};
std::optional<OpenedFile> open_contest_file(const std::string& path, std::ostream& err);

// A roster file read as a table; errors are printed and nullopt returned.
std::optional<SheetTable> open_table(const std::string& path, std::ostream& err);

// Checks the changed document like any contest file, then replaces the file in one rename, so
// a refused or interrupted change leaves the old file as it was.
int save_document(const std::string& path, const Json& doc, std::ostream& err);

// A round or group named on the command line by its key or its name ("prelim" or "小学组预赛");
// -1 when none.
int round_by_key_or_name(const Contest& c, const std::string& s);
int group_by_key_or_name(const Contest& c, const std::string& s);

// "小学组预赛、全县决赛": what may be given instead, by the names people use (keys are
// accepted too, but a person reads names).
template <class T>
std::string choices(const std::vector<T>& xs) {
  std::string out;
  for (const T& x : xs) out += (out.empty() ? "" : "、") + x.name;
  return out;
}

// --advance N: a whole number of at least 1, or nullopt (and a message) otherwise.
std::optional<int> advance_option(const std::string& text, std::ostream& err);

// Active entrants of each group of round `r` (groups not in the round: 0).
std::vector<int> entrants_per_group(const Contest& c, int r);

// The options of init, import-roster, import-judges and draw.
struct OrganizerOptions {
  std::string positional, contest, round, group, seed, manual, name, date, organizer, advance;
  std::string server, code, reason;  // draw on a running server (--server URL --code 组委会登录码)
  bool skip_bad = false, redraw = false;
};

// Reads `args` into OrganizerOptions; prints `usage` and returns nullopt on a flag it does not
// know.
std::optional<OrganizerOptions> parse_organizer_options(const Args& args, std::ostream& err,
                                                        const char* usage);

// ---- Between rounds on a running server (--server URL --code 组委会登录码) ----

// The organizer's session on a running server, and what /api/state says of the contest (the
// names of its rounds, groups and contestants, its draws and advancements).
struct OrganizerSession {
  std::unique_ptr<ApiClient> api;
  Json state;
};

// Logs in with the organizer's code (the certificate pinned on first contact) and reads
// /api/state; prints why and returns nullopt when it cannot, or the code is not the organizer's.
std::optional<OrganizerSession> organizer_session(const std::string& server,
                                                  const std::string& code, std::ostream& err);

// A round or group of the server's state by key or name; "" when none.
std::string key_of(const Json& list, const std::string& key_or_name);
// The name of `key` in the server's list (the key itself when it has none).
std::string name_of(const Json& list, const std::string& key);
// "小学组、初中组": every name in the list, for a message saying what may be given.
std::string names_in(const Json& list);

}  // namespace lf::cli
