// The top-50 scan of one vacancy as a Google Benchmark loop: the ranking
// benchmarks' shared measurement and the baseline of advice_bench.
#ifndef PASSEND_BENCH_TOP50_SCAN_H_
#define PASSEND_BENCH_TOP50_SCAN_H_

#include "bench/bench_world.h"
#include "benchmark/benchmark.h"
#include "matcher/candidate_index.h"

namespace passend::bench {

// Runs the scan for every iteration of `state`; returns the last result.
inline matcher::RankResult BenchmarkTop50Scan(
    benchmark::State& state, const BenchWorld& world,
    const matcher::VacancyProfile& vacancy) {
  matcher::RankQuery query;
  query.vacancy = &vacancy;
  query.policy = world.policy;
  query.limit = 50;
  matcher::RankResult last;
  for (auto _ : state) {
    last = *world.matcher->candidates().Rank(query);
    benchmark::DoNotOptimize(last);
  }
  return last;
}

}  // namespace passend::bench

#endif  // PASSEND_BENCH_TOP50_SCAN_H_
