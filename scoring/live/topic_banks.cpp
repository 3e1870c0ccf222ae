#include "scoring/live/topic_banks.h"

#include <algorithm>

namespace lf::live {

std::vector<TopicShortfall> topic_shortfalls(const Contest& c, const LiveState& s,
                                             const Json* topics) {
  std::vector<TopicShortfall> out;
  if (!topics || !topics->is_object()) return out;
  for (size_t r = 0; r < c.rounds.size(); ++r) {
    const Round& round = c.rounds[r];
    // Who draws in this round: a group's registered teachers; for a group fed by an earlier
    // round, its confirmed advancement, or before that the quota (as many as will come).
    std::vector<int> known;  // teachers known by name
    int by_quota = 0;        // places not known by name yet
    for (int g : round.groups) {
      auto from = round.entrants_from.find(g);
      if (from == round.entrants_from.end()) {
        for (size_t x = 0; x < c.contestants.size(); ++x)
          if (c.contestants[x].group == g) known.push_back(int(x));
      } else if (auto confirmed = s.advancements.find(from->second);
                 confirmed != s.advancements.end()) {
        if (auto list = confirmed->second.groups.find(g); list != confirmed->second.groups.end())
          known.insert(known.end(), list->second.begin(), list->second.end());
      } else {
        by_quota += c.rounds[size_t(from->second)].advance.value_or(0);
      }
    }
    std::erase_if(known, [&](int x) {
      return c.contestants[size_t(x)].withdrawn || absence_of(s, int(r), x);
    });
    for (int sec : round.sections) {
      auto bank = topics->find(c.sections[size_t(sec)].key);
      if (bank == topics->end() || !bank->is_array()) continue;
      int drawn = 0, to_draw = by_quota;
      for (const auto& entry : s.topic_draws)
        drawn += std::get<0>(entry.first) == int(r) && std::get<2>(entry.first) == sec;
      for (int x : known) to_draw += !s.topic_draws.count({int(r), x, sec});
      const int left = std::max(0, int(bank->size()) - drawn);
      if (to_draw > left) out.push_back({int(r), sec, left, to_draw});
    }
  }
  return out;
}

std::string topic_shortfall_text(const Contest& c, const TopicShortfall& x) {
  return c.sections[size_t(x.section)].name + "题库在" + c.rounds[size_t(x.round)].name + "还剩 " +
         std::to_string(x.topics_left) + " 道，还有 " + std::to_string(x.to_draw) +
         " 位选手要抽：请再加至少 " + std::to_string(x.to_draw - x.topics_left) + " 道题";
}

}  // namespace lf::live
