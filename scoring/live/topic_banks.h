// Before a round: is each topic bank big enough for the teachers who will still draw from it
// there (issue 24 §7: 12 班会主题 for 32 finalists; the 13th was told 题目在本轮已全部抽完 with
// nothing said before)? A round's draws share one bank across its groups and a topic drawn in a
// round is not drawn again there (decide_topic_draw), so the count is per round and section.
//
// Pure: reads only its arguments; safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "data/format/json_text.h"
#include "data/live/live_state.h"
#include "scoring/engine/contest.h"

namespace lf::live {

struct TopicShortfall {
  int round = -1, section = -1;
  int topics_left = 0;  // in the bank, less those drawn in the round
  int to_draw = 0;      // teachers of the round who have not drawn in this section yet
};

// Every (round, section) whose bank (the document's "topics"[section key], when the section has
// one) holds fewer topics not yet drawn in the round than the round's teachers who still have to
// draw: a group's registered teachers, or for a group fed by an earlier round its confirmed
// advancement (before that: the earlier round's quota), less those withdrawn or recorded
// 缺赛 / 弃权 there, less those who have drawn. Rounds in contest order, sections in the round's
// order. O(rounds × (contestants + draws)).
std::vector<TopicShortfall> topic_shortfalls(const Contest& contest, const LiveState& state,
                                             const Json* topics);

// "主题班会设计题库在决赛还剩 12 道，还有 32 位选手要抽：请再加至少 20 道题" (the organizer's
// words).
std::string topic_shortfall_text(const Contest& contest, const TopicShortfall& shortfall);

}  // namespace lf::live
