// ProposeAssignments, in process:
//  1. one region with --candidates candidates living in it (default 30,000)
//     and --vacancies open vacancies (3,000) with --positions positions
//     (5,000), at several bounds on the edges per vacancy: time (median of
//     --repetitions), placements and total score, next to greedy
//     per-vacancy picking on the same edges;
//  2. the demo population (what scripts/run.sh loads: 10,000 candidates,
//     1,500 vacancies, seed 42), every region: placements and total score
//     against greedy.
//
//   assign_bench [--region=AM18] [--candidates=30000] [--vacancies=3000]
//                [--positions=5000] [--repetitions=3]
#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "matcher/advice.h"
#include "matcher/matcher.h"
#include "tools/demo_population.h"

ABSL_FLAG(std::string, region, "AM18", "the region of part 1");
ABSL_FLAG(int64_t, candidates, 30000, "part 1: candidates in the region");
ABSL_FLAG(int64_t, vacancies, 3000, "part 1: open vacancies in the region");
ABSL_FLAG(int64_t, positions, 5000, "part 1: their open positions");
ABSL_FLAG(int, repetitions, 3, "part 1: runs per row (median reported)");
ABSL_FLAG(int64_t, demo_candidates, 10000, "part 2: demo candidates");
ABSL_FLAG(int64_t, demo_vacancies, 1500, "part 2: demo vacancies");

namespace passend::bench {
namespace {

struct Data {
  std::unique_ptr<matcher::Taxonomy> taxonomy;
  std::unique_ptr<matcher::ReferenceData> reference;
  tools::DemoOptions demo;
  matcher::MatchPolicy policy;
};

std::unique_ptr<matcher::Matcher> NewMatcher(const Data& data) {
  return *matcher::Matcher::Create(data.taxonomy.get(), data.reference.get());
}

matcher::AdviceOptions OptionsFor(const Data& data,
                                  std::vector<uint8_t> regions) {
  matcher::AdviceOptions options;
  options.policy = data.policy;
  options.vacancy_regions = options.candidate_regions = std::move(regions);
  return options;
}

void RegionTable(const Data& data) {
  const std::string code = absl::GetFlag(FLAGS_region);
  const matcher::Region* region = data.reference->FindRegion(code);
  if (region == nullptr) {
    std::fprintf(stderr, "assign_bench: unknown region %s\n", code.c_str());
    return;
  }
  const uint8_t index =
      static_cast<uint8_t>(region - data.reference->regions().data());
  std::vector<std::string> postcodes;
  for (const auto& area : data.reference->postcode_areas()) {
    if (area.region_code == code) postcodes.push_back(area.code);
  }
  auto m = NewMatcher(data);
  tools::DemoPopulation population(*data.taxonomy, *data.reference, data.demo);
  const int64_t candidates = absl::GetFlag(FLAGS_candidates);
  for (int64_t i = 0; i < candidates; ++i) {
    v1::Candidate c = population.Candidate(i);
    c.set_name(absl::StrCat("candidates/c", i));
    c.set_owner_region(code);
    c.set_postcode_area(postcodes[i % postcodes.size()]);
    m->OnCandidateWritten(nullptr, &c);
  }
  const int64_t vacancies = absl::GetFlag(FLAGS_vacancies);
  const int64_t positions = absl::GetFlag(FLAGS_positions);
  for (int64_t i = 0; i < vacancies; ++i) {
    v1::Vacancy v = population.Vacancy(i);
    v.set_name(absl::StrCat("vacancies/v", i));
    v.set_region(code);
    v.set_postcode_area(postcodes[(i * 7) % postcodes.size()]);
    v.set_status(v1::Vacancy::OPEN);
    v.set_filled_positions(0);
    v.set_positions(static_cast<int32_t>(positions / vacancies +
                                         (i < positions % vacancies ? 1 : 0)));
    m->OnVacancyWritten(nullptr, &v);
  }
  const std::vector<matcher::VacancyProfile> snapshot = m->VacancySnapshot();
  std::printf(
      "assign_bench: region %s (%s), %lld candidates living there, %lld open "
      "vacancies, %lld positions; median of %d runs, rankings on 2 threads\n",
      code.c_str(), region->name.c_str(), static_cast<long long>(candidates),
      static_cast<long long>(vacancies), static_cast<long long>(positions),
      absl::GetFlag(FLAGS_repetitions));
  std::printf(
      "| edges per vacancy | edges | candidates | placements | total score | "
      "greedy placements | greedy total score | time |\n"
      "| --- | --- | --- | --- | --- | --- | --- | --- |\n");
  for (int edges : {25, 100, 400}) {
    matcher::AssignmentOptions assignment;
    assignment.edges_per_vacancy = edges;
    std::vector<double> seconds;
    matcher::AssignmentOutcome outcome;
    for (int r = 0; r < absl::GetFlag(FLAGS_repetitions); ++r) {
      const absl::Time start = absl::Now();
      outcome = *matcher::ProposeAssignments(
          m->candidates(), snapshot, OptionsFor(data, {index}), assignment);
      seconds.push_back(absl::ToDoubleSeconds(absl::Now() - start));
    }
    std::sort(seconds.begin(), seconds.end());
    std::printf("| %d | %lld | %lld | %zu | %lld | %lld | %lld | %.2f s |\n",
                edges, static_cast<long long>(outcome.edges),
                static_cast<long long>(outcome.candidates),
                outcome.pairs.size(),
                static_cast<long long>(outcome.total_score),
                static_cast<long long>(outcome.greedy_placements),
                static_cast<long long>(outcome.greedy_total_score),
                seconds[seconds.size() / 2]);
  }
}

void DemoTable(const Data& data) {
  auto m = NewMatcher(data);
  tools::DemoPopulation population(*data.taxonomy, *data.reference, data.demo);
  for (int64_t i = 0; i < absl::GetFlag(FLAGS_demo_candidates); ++i) {
    v1::Candidate c = population.Candidate(i);
    c.set_name(absl::StrCat("candidates/c", i));
    m->OnCandidateWritten(nullptr, &c);
  }
  for (int64_t i = 0; i < absl::GetFlag(FLAGS_demo_vacancies); ++i) {
    v1::Vacancy v = population.Vacancy(i);
    v.set_name(absl::StrCat("vacancies/v", i));
    m->OnVacancyWritten(nullptr, &v);
  }
  const std::vector<matcher::VacancyProfile> snapshot = m->VacancySnapshot();
  int64_t placements = 0, total = 0, greedy = 0, greedy_total = 0;
  int64_t positions = 0, regions_gaining = 0;
  const absl::Time start = absl::Now();
  for (size_t r = 0; r < data.reference->regions().size(); ++r) {
    const matcher::AssignmentOutcome outcome = *matcher::ProposeAssignments(
        m->candidates(), snapshot, OptionsFor(data, {static_cast<uint8_t>(r)}),
        {});
    placements += static_cast<int64_t>(outcome.pairs.size());
    total += outcome.total_score;
    greedy += outcome.greedy_placements;
    greedy_total += outcome.greedy_total_score;
    positions += outcome.positions;
    regions_gaining +=
        static_cast<int64_t>(outcome.pairs.size()) > outcome.greedy_placements;
  }
  std::printf(
      "\nassign_bench: demo population (%lld candidates, %lld vacancies, "
      "seed %llu), each of %zu regions on its own, 100 edges per vacancy, "
      "%.2f s in all\n",
      static_cast<long long>(absl::GetFlag(FLAGS_demo_candidates)),
      static_cast<long long>(absl::GetFlag(FLAGS_demo_vacancies)),
      static_cast<unsigned long long>(data.demo.seed),
      data.reference->regions().size(),
      absl::ToDoubleSeconds(absl::Now() - start));
  std::printf(
      "| open positions | placements | total score | greedy placements | "
      "greedy total score | more placements | regions where assignment "
      "places more |\n| --- | --- | --- | --- | --- | --- | --- |\n");
  std::printf("| %lld | %lld | %lld | %lld | %lld | %lld (%+.1f%%) | %lld |\n",
              static_cast<long long>(positions),
              static_cast<long long>(placements), static_cast<long long>(total),
              static_cast<long long>(greedy),
              static_cast<long long>(greedy_total),
              static_cast<long long>(placements - greedy),
              greedy == 0 ? 0.0 : 100.0 * (placements - greedy) / greedy,
              static_cast<long long>(regions_gaining));
}

}  // namespace
}  // namespace passend::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  passend::bench::Data data;
  data.taxonomy = std::make_unique<passend::matcher::Taxonomy>(
      *passend::matcher::Taxonomy::LoadFile(PASSEND_DATA_DIR
                                            "/taxonomy.textproto"));
  data.reference =
      *passend::matcher::ReferenceData::LoadDirectory(PASSEND_DATA_DIR);
  data.demo.today = absl::CivilDay(2026, 11, 1);
  data.policy.today = passend::matcher::DayNumber(data.demo.today);
  data.policy.stale_after_days = data.taxonomy->proto().stale_after_days();
  passend::bench::RegionTable(data);
  passend::bench::DemoTable(data);
  return 0;
}
