// Login codes the tests and benchmarks know: every person of a contest gets code_of(person), a
// stable number derived from their id, stored hashed as `liangfen credentials` would.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "data/store/contest_store.h"
#include "tests/data/test_files.h"
#include "scoring/server/auth.h"
#include "scoring/server/login_code_key.h"

namespace lf::test {

inline std::string code_of(const std::string& person) {
  return std::to_string(std::hash<std::string>{}(person) % 90000000 + 10000000);
}

// Replaces the store's people with: organizer, head:<venue> and timer:<venue> per venue, one
// judge per contest judge, display:main and the prep-room steward. Each is named by their id,
// or with `as_people` as a contest names them (judges by their names, the others by made-up
// Chinese names), for tests of what a person reads.
inline Status add_known_people(ContestStore& store, bool as_people = false) {
  auto file = store.load_contest();
  if (!file.ok()) return file.status();
  const Contest& c = file->contest;
  auto code_key = LoginCodeKey::open(store, /*new_codes_for_everyone=*/true);
  if (!code_key.ok()) return code_key.status();
  std::vector<PersonRecord> people;
  auto add = [&](std::string person, const char* role, std::string venue, std::string name) {
    people.push_back({person, role, venue, as_people ? name : person, code_key->hash(code_of(person))});
  };
  add("organizer", "organizer", "", "组委会张主任");
  int n = 0;
  for (const Venue& v : c.venues) {
    ++n;
    add("head:" + v.key, "head_judge", v.key, "裁判长" + std::to_string(n) + "号");
    add("timer:" + v.key, "timekeeper", v.key, "计时员" + std::to_string(n) + "号");
  }
  for (const Judge& j : c.judges) add(j.id, "judge", "", j.name);
  add("display:main", "display", "", "主会场大屏");
  add("steward", "steward", "", "备赛室王老师");
  return store.replace_people(people);
}

// The sample contest as shipped (assets/samples/county-2026.contest.json), results and all.
inline Json sample_document() { return parse_json(read_text(source_path(kSampleContest))).value(); }

// The sample contest as a server starts a contest day: no marks, timings or rulings yet.
inline Json sample_without_results() {
  Json d = sample_document();
  d.erase("marks");
  d.erase("timings");
  d.erase("decisions");
  return d;
}

// A contest database at `path` holding `document` and the known login codes, closed again so
// a server (a child process) may open it.
inline Status create_contest_db(const std::string& path, const Json& document, bool as_people = false) {
  auto store = ContestStore::open(path);
  if (!store.ok()) return store.status();
  if (auto s = store.value()->import_contest(document, 0); !s.ok()) return s;
  return add_known_people(*store.value(), as_people);
}

// Whether a refusal is written for the people in the hall: it has a Chinese character (a code
// point in the CJK Unified Ideographs block, U+4E00..U+9FFF: lead byte 0xE4..0xE9 in UTF-8).
inline bool has_chinese(const std::string& text) {
  for (unsigned char ch : text)
    if (ch >= 0xE4 && ch <= 0xE9) return true;
  return false;
}

}  // namespace lf::test
