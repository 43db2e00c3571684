// SearchOccupations' engine over the shipped ESCO labels (3,007
// occupations, 57,100 labels in Dutch and English): what each keystroke of
// a type-ahead costs. The baseline in the same run is the plainest search
// there is: one substring test of the whole query against every label,
// normalised in advance (no typos, no ranking).
//
//   occupation_search_bench --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "benchmark/benchmark.h"
#include "matcher/occupation_search.h"
#include "matcher/reference_data.h"

namespace passend::matcher {
namespace {

const ReferenceData& Reference() {
  static const ReferenceData* reference =
      ReferenceData::LoadDirectory(PASSEND_DATA_DIR).value().release();
  return *reference;
}

const OccupationSearch& Search() {
  static const OccupationSearch* search = new OccupationSearch(&Reference());
  return *search;
}

// What people type: a word letter by letter, typos, two words, English.
const std::vector<std::string>& Queries() {
  static const std::vector<std::string> queries = {"s",
                                                   "sc",
                                                   "sch",
                                                   "scho",
                                                   "schoo",
                                                   "schoon",
                                                   "schoonm",
                                                   "schoonmaker",
                                                   "schonmaker",
                                                   "schoonmaker gebouwen",
                                                   "medewerker",
                                                   "medewerker klantenservice",
                                                   "verpleegkundige",
                                                   "verplegkundige",
                                                   "magazijnmedewerker",
                                                   "kok",
                                                   "chauffeur",
                                                   "building cleaner",
                                                   "warehouse worker",
                                                   "software developer",
                                                   "sofware develper",
                                                   "administratief medewerker",
                                                   "tuinman",
                                                   "groenvoorziening"};
  return queries;
}

void BM_SearchOccupations(benchmark::State& state) {
  const OccupationSearch& search = Search();
  const auto& queries = Queries();
  size_t i = 0, results = 0;
  for (auto _ : state) {
    auto hits =
        search.Search(queries[i++ % queries.size()], {Language::kDutch, 10});
    results += hits.size();
    benchmark::DoNotOptimize(hits);
  }
  state.counters["results/query"] =
      static_cast<double>(results) / static_cast<double>(state.iterations());
  state.counters["vocabulary"] = static_cast<double>(search.vocabulary_size());
}
BENCHMARK(BM_SearchOccupations)->Unit(benchmark::kMicrosecond);

// Baseline: a substring test of the normalised query against every
// normalised label.
void BM_SubstringScanBaseline(benchmark::State& state) {
  std::vector<std::string> labels;
  for (const auto& o : Reference().occupations()) {
    labels.push_back(absl::StrJoin(SearchWords(o.label_en), " "));
    labels.push_back(absl::StrJoin(SearchWords(o.label_nl), " "));
  }
  for (const auto& l : Reference().occupation_labels()) {
    labels.push_back(absl::StrJoin(SearchWords(l.text), " "));
  }
  std::vector<std::string> queries;
  for (const auto& q : Queries()) {
    queries.push_back(absl::StrJoin(SearchWords(q), " "));
  }
  size_t i = 0, found = 0;
  for (auto _ : state) {
    const std::string& q = queries[i++ % queries.size()];
    for (const auto& label : labels) {
      found += label.find(q) != std::string::npos;
    }
    benchmark::DoNotOptimize(found);
  }
}
BENCHMARK(BM_SubstringScanBaseline)->Unit(benchmark::kMicrosecond);

void BM_BuildIndex(benchmark::State& state) {
  for (auto _ : state) {
    OccupationSearch search(&Reference());
    benchmark::DoNotOptimize(search);
  }
}
BENCHMARK(BM_BuildIndex)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace passend::matcher

BENCHMARK_MAIN();
