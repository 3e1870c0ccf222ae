// Judges' first marks for one performance, saved through the real API as the judges' tablets
// would: each judge logged in on a client of their own, each mark at revision 0. For tests
// that set a contest day up before they look at it (the screen tests).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "scoring/client/api_client.h"
#include "tests/server/known_people.h"

namespace lf::test {

// Saves `marks` (judge id, points) for round/contestant/section; "" when every one was saved,
// else the first failure (the judge and the server's answer).
inline std::string save_first_marks(const ServerAddress& addr, const std::string& round,
                                    const std::string& contestant, const std::string& section,
                                    const std::vector<std::pair<std::string, double>>& marks) {
  for (const auto& [judge, points] : marks) {
    ApiClient j(addr);
    if (!j.login(code_of(judge)).ok()) return judge + ": login refused";
    ApiAnswer a = j.post("/api/marks", {{"round", round}, {"contestant", contestant}, {"section", section},
                                        {"points", points}, {"judge", judge}, {"revision", 0}});
    if (!a.ok()) return judge + ": " + a.raw;
  }
  return "";
}

}  // namespace lf::test
