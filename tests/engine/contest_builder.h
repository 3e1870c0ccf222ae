// Builds small Contest models for engine tests without a file: one group, one round, one
// venue per round whose panel marks every section, judges J1..Jn.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "scoring/engine/contest.h"

namespace lf::test {

class ContestBuilder {
 public:
  // Sections "s0", "s1", ... each with max 30 points and a 180-300 s window; default
  // contest-file.md penalties and aggregation; `judges` judges on the panel.
  explicit ContestBuilder(int sections = 1, int judges = 5) {
    c_.scale = Scale{1, 2, 1};
    for (int s = 0; s < sections; ++s)
      c_.sections.push_back({"s" + std::to_string(s), "Section " + std::to_string(s), 300, 180,
                             300, ""});
    c_.overtime_penalty = {{30, 100}, {60, 200}};
    c_.groups.push_back({"g", "Group"});
    add_round("final");
    for (int j = 0; j < judges; ++j) c_.judges.push_back({"J" + std::to_string(j + 1), "", ""});
    for (int j = 0; j < judges; ++j) c_.venues[0].judges.push_back(j);
  }

  Contest& contest() { return c_; }

  // Adds a round (with its own venue sharing the first venue's panel). Returns its index.
  int add_round(const std::string& key) {
    Round r;
    r.key = r.name = key;
    r.groups = {0};
    for (size_t s = 0; s < c_.sections.size(); ++s) r.sections.push_back(int(s));
    c_.rounds.push_back(r);
    Venue v;
    v.key = "V" + key;
    v.round = int(c_.rounds.size()) - 1;
    v.group = 0;
    v.sections = c_.rounds.back().sections;
    if (!c_.venues.empty()) v.judges = c_.venues[0].judges;
    c_.venues.push_back(v);
    return int(c_.rounds.size()) - 1;
  }

  ContestBuilder& awards(std::vector<AwardQuota> a, int round = 0) {
    c_.rounds[size_t(round)].awards = std::move(a);
    return *this;
  }
  ContestBuilder& advance(int n, int round = 0) {
    c_.rounds[size_t(round)].advance = n;
    return *this;
  }

  int contestant(const std::string& id, const std::string& school = "") {
    c_.contestants.push_back({id, id, school, 0, false});
    return int(c_.contestants.size()) - 1;
  }

  // Every panel judge (not conflicted) gives `tenths` in every section, timed at `secs`.
  ContestBuilder& perform(int contestant, std::initializer_list<int64_t> tenths_per_section,
                          int64_t secs = 240, int round = 0) {
    int s = 0;
    for (int64_t t : tenths_per_section) {
      for (int j : c_.venues[size_t(round)].judges)
        if (!is_conflicted(c_.judges[size_t(j)], c_.contestants[size_t(contestant)]))
          mark(contestant, s, j, t, round);
      time(contestant, s, secs, round);
      ++s;
    }
    return *this;
  }

  ContestBuilder& mark(int contestant, int section, int judge, int64_t tenths, int round = 0) {
    c_.marks.push_back({round, contestant, section, judge, tenths});
    return *this;
  }
  ContestBuilder& time(int contestant, int section, int64_t secs, int round = 0) {
    c_.timings.push_back({round, contestant, section, secs});
    return *this;
  }
  ContestBuilder& decide(std::vector<int> order, int round = 0) {
    c_.decisions.push_back({round, 0, std::move(order)});
    return *this;
  }

 private:
  Contest c_;
};

}  // namespace lf::test
