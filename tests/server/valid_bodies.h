// A request body the server accepts for each change kind on the sample contest (with C001 on
// stage in PRE), with every optional field present, and who may send it. Shared by the tests
// that send wrong values (protocol_test) and wrong people (access_test).
#pragma once

#include <map>
#include <string>

#include "data/format/json_text.h"

namespace lf::test {

// A body the server accepts for each kind, with every optional field present, and who sends it.
struct Valid {
  const char* who;
  Json body;
};

inline std::map<std::string, Valid> valid_bodies() {
  Json perf = {{"round", "prelim"}, {"contestant", "C001"}, {"section", "speech"}};
  auto with = [&](Json more) {
    Json b = perf;
    for (auto it = more.begin(); it != more.end(); ++it) b[it.key()] = it.value();
    b["idempotency_key"] = "k-1";
    return b;
  };
  return {
      {"mark", {"J01", with({{"points", 27.5}, {"judge", "J01"}, {"revision", 0}})}},
      {"timing", {"timer:PRE", with({{"duration_s", 250.5}, {"reason", "复核"}})}},
      {"clock", {"timer:PRE", {{"running", true}, {"elapsed_ms", 0}, {"section", "speech"}, {"contestant", "C001"},
                             {"idempotency_key", "k-clock"}}}},
      {"stage", {"head:PRE", {{"venue", "PRE"}, {"contestant", "C002"}, {"idempotency_key", "k-stage"}}}},
      {"publish", {"head:PRE", with({})}},
      {"reopen", {"head:PRE", with({{"reason", "复核"}})}},
      {"return", {"head:PRE", with({{"judge", "J01"}, {"note", "请再看一下"}})}},
      {"decision", {"organizer", {{"kind", "tie_order"}, {"round", "prelim"}, {"group", "primary"},
                                  {"order", {"C006", "C012"}}, {"reason", "抽签"}, {"shown", "0123456789abcdef"},
                                  {"idempotency_key", "k-decision"}}}},
      {"call_head_judge", {"J01", {{"venue", "PRE"}, {"note", "话筒没声音"}, {"idempotency_key", "k-call"}}}},
      {"display_scene", {"organizer", {{"display", "main"}, {"scene", "leaderboard"}, {"idempotency_key", "k-scene"}}}},
      {"topic_draw", {"organizer", with({})}},
      {"advance", {"organizer", {{"from", "prelim"}, {"idempotency_key", "k-advance"}}}},
      {"draw", {"organizer", {{"round", "prelim"}, {"group", "primary"}, {"seed", std::string(64, '0')},
                              {"order", {"C001", "C002"}}, {"redraw", true}, {"reason", "签筒有误"},
                              {"idempotency_key", "k-draw"}}}},
      {"absence", {"organizer", {{"round", "prelim"}, {"contestant", "C003"}, {"status", "absent"},
                                 {"reason", "本人未到场"}, {"idempotency_key", "k-absence"}}}},
      {"roster_correct", {"organizer", {{"contestant", "C001"}, {"name", "邱涓"}, {"school", "机关幼儿园"},
                                        {"reason", "报名表录入有误"}, {"idempotency_key", "k-correct"}}}},
      {"roster_add", {"organizer", {{"group", "secondary"}, {"name", "林晓"}, {"school", "第二中学"},
                                    {"reason", "原选手弃权，由替补参赛"}, {"idempotency_key", "k-add"}}}},
      {"topic_add", {"organizer", {{"section", "class_meeting"}, {"topic", "如何开好第一次家长会"},
                                   {"idempotency_key", "k-topic"}}}},
  };
}

}  // namespace lf::test
