// A talent performance of C002 (陆兰桂, 实验小学) in the sample's preliminary, played through a
// real server as the hall would: five marks, one corrected, a time and its correction, a mark
// sent back and typed again, 亮分, a reopen with a reason, a correction, 亮分 again. Used by the
// history API's tests and the history print's.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "tests/server/server_fixture.h"

namespace lf::test {

struct HistoryDay {
  LiveServer& server;
  std::map<std::string, std::string> tokens;
  std::map<std::string, int64_t> revisions;  // judge -> their stored mark's seq
  int64_t first = 0, corrected = 0;          // J01's first mark and its correction

  explicit HistoryDay(LiveServer& s) : server(s) {
    for (const char* p : {"organizer", "head:PRE", "head:P1", "timer:PRE", "J01", "J02", "J03",
                          "J04", "J05", "display:main", "steward"})
      tokens[p] = server.login(p);
  }
  std::pair<int, Json> post(const std::string& who, const char* where, const Json& body) {
    auto answer = server.post(tokens[who], where, body);
    EXPECT_EQ(answer.first, 200) << who << " " << where << " " << body.dump() << " -> "
                                 << answer.second.dump();
    return answer;
  }
  int64_t mark(const std::string& judge, const std::string& points) {
    Json body = {
        {"round", "prelim"}, {"contestant", "C002"},          {"section", "talent"},
        {"judge", judge},    {"points", Json::parse(points)}, {"revision", revisions[judge]}};
    return revisions[judge] =
               post(judge, protocol::path::kMarks, body).second.value("seq", int64_t(0));
  }
  void play() {
    namespace path = protocol::path;
    Json perf = {{"round", "prelim"}, {"contestant", "C002"}, {"section", "talent"}};
    post("head:PRE", path::kStage, {{"contestant", "C002"}});
    first = mark("J01", "8.5");
    for (const char* j : {"J02", "J03", "J04", "J05"}) mark(j, "8");
    corrected = mark("J01", "9.1");
    Json time = perf;
    time["duration_s"] = 250;
    post("timer:PRE", path::kTimings, time);
    time["duration_s"] = 245.5, time["reason"] = "看错了秒表";
    post("timer:PRE", path::kTimings, time);
    Json back = perf;
    back["judge"] = "J02", back["note"] = "请再看一下";
    post("head:PRE", path::kReturn, back);
    mark("J02", "7.6");
    post("head:PRE", path::kPublish, perf);
    Json reopen = perf;
    reopen["reason"] = "评委录错分";
    post("head:PRE", path::kReopen, reopen);
    mark("J04", "8.8");
    post("head:PRE", path::kPublish, perf);
  }
};

}  // namespace lf::test
