// Who may see and do what (contest-file.md §6), written once: for every role and every resource
// (each change kind of request_specs(), and the reads), the scope of what that role may touch.
//
//   kNothing     refused with 403 before the request is read
//   kOwnMarks    a judge: their own marks, on the panels they sit on
//   kOwnVenue    a head judge, timekeeper or judge: the venue's round, group and sections
//   kPublished   only what head judges have published (亮分)
//   kEverything  the organizer
//
// The server's HTTP layer and rules enforce it (scoring/server/contest_service.cpp: the role
// gate in change() and the reads, the venue checks in the rules); tests generate their refusal
// cases from the same table (tests/server/access_test.cpp). Clients may use it to hide what a
// person cannot do.
//
// Thread-safety: an immutable table.
#pragma once

#include <string_view>
#include <vector>

namespace lf::protocol {

enum class Scope { kNothing, kOwnMarks, kOwnVenue, kPublished, kEverything };

struct AccessRule {
  std::string_view role;
  std::string_view resource;  // a change kind ("mark", "decision", ...) or a read ("state",
                              // "results", "export", "backup", "print", "events", "history")
  Scope scope;
};

// Every (role, resource) pair that is allowed; any pair not listed is kNothing.
const std::vector<AccessRule>& access_table();
Scope scope_of(std::string_view role, std::string_view resource);

// Every role and every resource, for tests that walk the whole matrix.
const std::vector<std::string_view>& all_roles();
const std::vector<std::string_view>& all_resources();

}  // namespace lf::protocol
