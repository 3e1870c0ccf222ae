// The `shown` a screen sends with a tie ruling (issue 24 §4): the token of the tie the state
// reports (GET /api/state, "ties") whose contestants are exactly the ruling's order; "none" when
// the state shows no such tie (the server then refuses the ruling as not a tie).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "data/format/json_text.h"

namespace lf::test {

inline std::string shown_in(const Json& state, const Json& ruling) {
  std::vector<std::string> want;
  for (const Json& id : ruling.value("order", Json::array())) want.push_back(id.get<std::string>());
  std::sort(want.begin(), want.end());
  for (const Json& t : state.value("ties", Json::array())) {
    if (t.value("round", "") != ruling.value("round", "") ||
        t.value("group", "") != ruling.value("group", ""))
      continue;
    std::vector<std::string> ids;
    for (const Json& p : t["contestants"]) ids.push_back(p.value("id", ""));
    std::sort(ids.begin(), ids.end());
    if (ids == want) return t.value("shown", "");
  }
  return "none";
}

}  // namespace lf::test
