// The native console's tap-to-saved against a running server, for docs/performance.md next to
// the browser's (tests/browser/measure_web.py starts one server and runs both in one run).
//
//   liangfen-bench-console-tap --server https://127.0.0.1:PORT --code CODE --contestant ID
//                              --section KEY [--marks N] [--data DIR]
//
// What the keypad's 确认提交 does (judge_panel.cpp): ConsoleClient::queue_change of the mark over
// my stored one (its revision), then the UI reads ConsoleClient::view() each frame. Measured:
// from queue_change to the first view() in which my mark for that performance has the typed
// value and state kSaved (the outbox's durable write, POST /api/marks over HTTPS, the answer,
// /api/state read again, the view rebuilt). The view is polled every 0.2 ms, not per frame: the
// frame's own wait (up to 16 ms at 60 Hz) is left out, as the browser's figure leaves out its
// paint. Prints every sample in ms and p50/p90/p99 with n. Exit status 1 when a mark is not
// saved within 60 s or the login fails.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "judge_console/console_client.h"

namespace {

using Clock = std::chrono::steady_clock;

double pct(std::vector<double> xs, double p) {
  std::sort(xs.begin(), xs.end());
  size_t i = static_cast<size_t>(p / 100.0 * static_cast<double>(xs.size() - 1) + 0.5);
  return xs[std::min(i, xs.size() - 1)];
}

template <class F>
bool wait_for(F f, double limit_s) {
  auto end = Clock::now() + std::chrono::duration<double>(limit_s);
  while (Clock::now() < end) {
    if (f()) return true;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return f();
}

}  // namespace

int main(int argc, char** argv) {
  std::string server, code, contestant, section, data = "/tmp/liangfen-console-tap";
  int marks = 20;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i], v = argv[i + 1];
    if (a == "--server")
      server = v;
    else if (a == "--code")
      code = v;
    else if (a == "--contestant")
      contestant = v;
    else if (a == "--section")
      section = v;
    else if (a == "--marks")
      marks = std::max(1, std::atoi(v.c_str()));
    else if (a == "--data")
      data = v;
  }
  if (server.empty() || code.empty() || contestant.empty() || section.empty()) {
    std::fprintf(stderr,
                 "用法：liangfen-bench-console-tap --server 地址 --code 登录码 --contestant 选手 "
                 "--section 项目 "
                 "[--marks 次数] [--data 文件夹]\n");
    return 2;
  }
  auto addr = lf::parse_server_address(server);
  if (!addr.ok()) {
    std::fprintf(stderr, "%s\n", addr.status().to_string().c_str());
    return 2;
  }
  lf::ConsoleClient tablet(addr.value(), data, nullptr);
  tablet.start();
  tablet.login(code);
  if (!wait_for([&] { return tablet.status().logged_in && tablet.view(); }, 60)) {
    std::fprintf(stderr, "登录失败：%s\n", tablet.status().message.c_str());
    return 1;
  }
  auto mine = [&](const lf::ConsoleView& v) -> const lf::MarkLine* {
    for (const auto& m : v.my_marks)
      if (m.contestant == contestant && m.section == section) return &m;
    return nullptr;
  };
  std::vector<double> ms;
  for (int i = 0; i < marks; ++i) {
    // 5.0 .. 8.9, a new value each time (an unchanged value would be saved already).
    int tenths = 50 + (i * 7) % 40;
    std::string text = std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
    auto v = tablet.view();
    const lf::MarkLine* m = mine(*v);
    lf::Json body = {{"round", "prelim"},  {"contestant", contestant},
                     {"section", section}, {"points", lf::Json::parse(text)},
                     {"judge", v->person}, {"revision", m ? m->revision : 0}};
    auto t0 = Clock::now();
    lf::Status st = tablet.queue_change("/api/marks", body);
    if (!st.ok()) {
      std::fprintf(stderr, "%s\n", st.to_string().c_str());
      return 1;
    }
    bool saved = wait_for(
        [&] {
          auto now = tablet.view();
          const lf::MarkLine* x = mine(*now);
          return x && x->state == lf::MarkState::kSaved && x->points == text;
        },
        60);
    double took = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (!saved) {
      std::fprintf(stderr, "mark %d (%s) not saved in 60 s: %s\n", i, text.c_str(),
                   tablet.status().message.c_str());
      return 1;
    }
    ms.push_back(took);
  }
  tablet.stop();
  std::printf("  samples:");
  for (double x : ms) std::printf(" %.1f", x);
  std::printf(
      "\nnative console tap-to-saved (queue_change to the view's 已保存): p50 %.1f ms, p90 %.1f "
      "ms, "
      "p99 %.1f ms, max %.1f ms (n=%zu)\n",
      pct(ms, 50), pct(ms, 90), pct(ms, 99), *std::max_element(ms.begin(), ms.end()), ms.size());
  return 0;
}
