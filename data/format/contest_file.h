// The contest file (`*.contest.json`, docs/contest-file.md): load, validate, write back.
//
// Loading never throws and never stops at the first problem: it returns every refusal it
// finds (up to kMaxErrors), each with the JSON path of the bad value and the reason, e.g.
//   marks[12].points: 31 is above the maximum 30 for section "speech"
// A file that loads is a Contest the engine can compute on without further checks.
//
// The parsed document is kept beside the model so that writing back keeps keys this program
// does not know (round trip).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "data/format/json_text.h"
#include "scoring/engine/contest.h"
#include "scoring/engine/status.h"

namespace lf {

inline constexpr const char* kContestFormat = "liangfen.contest/1";
inline constexpr size_t kMaxErrors = 200;
// Longest duration accepted for one performance; anything longer is a typing or clock error.
inline constexpr int64_t kMaxDurationS = 4 * 3600;

struct ContestFile {
  Json document;    // as read, unknown keys included
  Contest contest;  // the validated model
};

// From JSON text (malformed JSON and invalid UTF-8 included) or a parsed document.
Result<ContestFile> load_contest(std::string_view text);
Result<ContestFile> load_contest_document(Json document);
// Reads a file first; an unreadable file is one error naming the path.
Result<ContestFile> load_contest_file(const std::string& path);

// The document as JSON text (2-space indent, UTF-8, trailing newline).
std::string write_contest(const Json& document);

// Checks one more mark or timing against a loaded contest with exactly the rules of the file,
// for the server and the console. Built once per contest (it indexes the ids). Not
// thread-safe: one per thread, or behind the caller's lock. `path` prefixes error paths (""
// for a request body, giving paths like "points").
class PerformanceChecker {
 public:
  explicit PerformanceChecker(const Contest& contest);
  ~PerformanceChecker();
  Result<Mark> mark(const Json& j, const std::string& path) const;
  Result<Timing> timing(const Json& j, const std::string& path) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Index of an id, or -1.
int find_section(const Contest& c, std::string_view key);
int find_group(const Contest& c, std::string_view key);
int find_round(const Contest& c, std::string_view key);
int find_judge(const Contest& c, std::string_view id);
int find_contestant(const Contest& c, std::string_view id);
int find_venue(const Contest& c, std::string_view key);
// A venue by its name ("小学组预赛赛场") or, failing that, its key; -1 if neither.
int find_venue_by_name_or_key(const Contest& c, std::string_view text);
// The venue's name as people read it: its `name`, else made from its round and group names
// ("预赛 · 小学组"), with its sections' names when the round and group have several venues
// ("决赛 · 小学组 · 才艺展示、演讲").
std::string venue_name(const Contest& c, int venue);

// A mark or score in the shortest plain form: (300, 1) -> "30", (275, 1) -> "27.5".
std::string plain_decimal(int64_t units, int decimals);

}  // namespace lf
