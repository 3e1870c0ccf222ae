// How long a large contest takes: parse + validate the file, then compute the standings.
// `liangfen-bench-compute` (Google Benchmark); the sizes are contestants, each with
// 4 sections x 7 judges. Figures go to docs/performance.md.
#include <benchmark/benchmark.h>

#include <random>
#include <string>

#include "data/format/contest_file.h"
#include "scoring/engine/standings.h"

namespace {

// A contest file with `n` contestants in one group and round, 7 judges marking 4 sections.
std::string generate_contest(int n) {
  std::mt19937 rng(42);
  std::string s;
  s.reserve(size_t(n) * 28 * 100);
  s += R"({"format":"liangfen.contest/1","contest":{"name":"bench"},
"sections":[{"key":"speech","name":"a","max_points":30,"min_time_s":180,"max_time_s":300},
{"key":"class_meeting","name":"b","max_points":30,"min_time_s":300,"max_time_s":480},
{"key":"qa","name":"c","max_points":30,"max_time_s":300},
{"key":"talent","name":"d","max_points":10,"min_time_s":180,"max_time_s":300}],
"tie_break":["qa","class_meeting","speech","talent"],
"groups":[{"key":"g","name":"G"}],
"rounds":[{"key":"final","name":"F","groups":["g"],"awards":[{"name":"一等奖","count":2},{"name":"二等奖","count":4},{"name":"三等奖","count":8},{"name":"优秀奖","count":"rest"}]}],
"venues":[{"key":"V","round":"final","group":"g","sections":["speech","class_meeting","qa","talent"],"judges":["J1","J2","J3","J4","J5","J6","J7"]}],
"judges":[)";
  for (int j = 1; j <= 7; ++j)
    s += std::string(j > 1 ? "," : "") + R"({"id":"J)" + std::to_string(j) + R"(","name":"评委"})";
  s += "],\"contestants\":[";
  for (int c = 0; c < n; ++c)
    s += std::string(c ? "," : "") + R"({"id":"C)" + std::to_string(c) +
         R"(","name":"选手","school":"学校)" + std::to_string(c % 50) + R"(","group":"g"})";
  s += "],\"marks\":[";
  const char* sections[] = {"speech", "class_meeting", "qa", "talent"};
  const int max_tenths[] = {300, 300, 300, 100};
  bool first = true;
  for (int c = 0; c < n; ++c)
    for (int k = 0; k < 4; ++k)
      for (int j = 1; j <= 7; ++j) {
        int t = std::uniform_int_distribution<int>(max_tenths[k] / 2, max_tenths[k])(rng);
        s += std::string(first ? "" : ",") + R"({"round":"final","contestant":"C)" +
             std::to_string(c) + R"(","section":")" + sections[k] + R"(","judge":"J)" +
             std::to_string(j) + R"(","points":)" + std::to_string(t / 10) + "." +
             std::to_string(t % 10) + "}";
        first = false;
      }
  s += "],\"timings\":[";
  first = true;
  for (int c = 0; c < n; ++c)
    for (int k = 0; k < 4; ++k) {
      s += std::string(first ? "" : ",") + R"({"round":"final","contestant":"C)" +
           std::to_string(c) + R"(","section":")" + sections[k] + R"(","duration_s":)" +
           std::to_string(std::uniform_int_distribution<int>(150, 400)(rng)) + ".3}";
      first = false;
    }
  s += "]}";
  return s;
}

void BM_ParseValidate(benchmark::State& state) {
  std::string text = generate_contest(int(state.range(0)));
  for (auto _ : state) {
    auto r = lf::load_contest(text);
    if (!r.ok()) state.SkipWithError(r.status().to_string().substr(0, 200).c_str());
    benchmark::DoNotOptimize(r);
  }
  state.counters["MB"] = double(text.size()) / 1e6;
  state.counters["marks"] = double(state.range(0) * 28);
}

// JSON text to a document only: the share of BM_ParseValidate that is the JSON library.
void BM_JsonParse(benchmark::State& state) {
  std::string text = generate_contest(int(state.range(0)));
  for (auto _ : state) {
    auto j = lf::parse_json(text);
    benchmark::DoNotOptimize(j);
  }
}

void BM_Compute(benchmark::State& state) {
  auto r = lf::load_contest(generate_contest(int(state.range(0))));
  if (!r.ok()) {
    state.SkipWithError("generated contest refused");
    return;
  }
  for (auto _ : state) {
    lf::ContestResult res = lf::compute_results(r->contest);
    benchmark::DoNotOptimize(res);
  }
  state.SetComplexityN(state.range(0));
}

BENCHMARK(BM_ParseValidate)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_JsonParse)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Compute)->RangeMultiplier(10)->Range(1000, 100000)->Unit(benchmark::kMillisecond)->Complexity(benchmark::oNLogN);

}  // namespace

BENCHMARK_MAIN();
