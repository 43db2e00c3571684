// The population every ranking benchmark uses, so their numbers compare:
// the demo generator's candidates (names "candidates/c<i>", seed 42, today
// 2026-11-01) in a Matcher, and two query vacancies --
//   typical   demo vacancy 0 moved to Amersfoort (3811), not remote
//   national  remote, no demands, every adjustment, 1-60 hours
#ifndef PASSEND_BENCH_BENCH_WORLD_H_
#define PASSEND_BENCH_BENCH_WORLD_H_

#include <memory>
#include <string>

#include "matcher/matcher.h"

namespace passend::bench {

struct BenchWorld {
  std::unique_ptr<matcher::Taxonomy> taxonomy;
  std::unique_ptr<matcher::ReferenceData> reference;
  std::unique_ptr<matcher::Matcher> matcher;
  matcher::VacancyProfile typical;
  matcher::VacancyProfile national;
  matcher::MatchPolicy policy;
};

std::unique_ptr<BenchWorld> BuildBenchWorld(int64_t candidates);

// The value of --name=N in argv, removed from it (so Google Benchmark does
// not see it), or `fallback`.
int64_t TakeFlag(int* argc, char** argv, const char* name, int64_t fallback);

}  // namespace passend::bench

#endif  // PASSEND_BENCH_BENCH_WORLD_H_
