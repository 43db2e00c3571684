// In-process SuggestAdjustments over a generated population (default
// 1,000,000 candidates), single-threaded, next to the top-50 scan for the
// same vacancy measured in the same run (the ranking it complements):
//   typical  the bench world's Amersfoort vacancy: only candidates within
//            reach are read
//   wide     the same vacancy, remote with 1-60 hours: every candidate is
//            in reach, and the blocked ones fall into many groups
//
//   advice_bench [--candidates=1000000] [--benchmark_repetitions=9]
#include <cstdio>
#include <memory>

#include "absl/synchronization/mutex.h"
#include "bench/bench_world.h"
#include "bench/top50_scan.h"
#include "benchmark/benchmark.h"
#include "matcher/advice.h"

namespace passend::bench {
namespace {

struct World {
  std::unique_ptr<BenchWorld> bench;
  matcher::VacancyProfile wide;
};
World* world = nullptr;

void Scan(benchmark::State& state, const matcher::VacancyProfile& vacancy) {
  const matcher::RankResult last =
      BenchmarkTop50Scan(state, *world->bench, vacancy);
  state.counters["feasible"] = static_cast<double>(last.feasible);
}

void Suggest(benchmark::State& state, const matcher::VacancyProfile& vacancy) {
  matcher::AdviceOptions options;
  options.policy = world->bench->policy;
  matcher::VacancyAdvice last;
  for (auto _ : state) {
    last = *matcher::SuggestAdjustments(world->bench->matcher->candidates(),
                                        vacancy, options);
    benchmark::DoNotOptimize(last);
  }
  state.counters["feasible"] = static_cast<double>(last.feasible);
  state.counters["blocked"] = static_cast<double>(last.blocked);
  state.counters["best_set_gain"] = static_cast<double>(last.combination_count);
  state.counters["exact"] = last.combination_exact ? 1 : 0;
}

void BM_ScanTypical(benchmark::State& state) {
  Scan(state, world->bench->typical);
}
void BM_SuggestTypical(benchmark::State& state) {
  Suggest(state, world->bench->typical);
}
void BM_ScanWide(benchmark::State& state) { Scan(state, world->wide); }
void BM_SuggestWide(benchmark::State& state) { Suggest(state, world->wide); }

BENCHMARK(BM_ScanTypical)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SuggestTypical)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ScanWide)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SuggestWide)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace passend::bench

int main(int argc, char** argv) {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  const int64_t candidates =
      passend::bench::TakeFlag(&argc, argv, "candidates", 1000000);
  std::fprintf(stderr, "advice_bench: building %lld candidates...\n",
               static_cast<long long>(candidates));
  using passend::bench::world;
  world = new passend::bench::World;
  world->bench = passend::bench::BuildBenchWorld(candidates);
  world->wide = world->bench->typical;
  world->wide.remote = true;
  world->wide.hours_min = 1;
  world->wide.hours_max = 60;
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
