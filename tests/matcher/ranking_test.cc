// The fast index against a deliberately simple reference ranker: on many
// seeded random populations, both must return exactly the same top-k, the
// same counts and the same near misses, also after random updates and
// removals and with region filters and paging.
#include <algorithm>
#include <random>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "matcher/candidate_index.h"
#include "matcher/match_model.h"
#include "tests/matcher/random_population.h"
#include "tests/shipped_data.h"
#include "tests/test_util.h"

namespace passend::matcher {
namespace {

using passend::testing::ValueOrDie;

class RankingTest : public passend::testing::ShippedModelTest {
 protected:
  using Generator = RandomPopulation;

  // The reference: assess every candidate, sort, cut.
  static RankResult Reference(const std::vector<CandidateProfile>& all,
                              const RankQuery& q) {
    RankResult r;
    std::vector<Hit> hits;
    std::vector<NearMiss> misses;
    for (const CandidateProfile& c : all) {
      if (!q.regions.empty() && std::find(q.regions.begin(), q.regions.end(),
                                          c.region) == q.regions.end()) {
        continue;
      }
      Assessment a = model_->Assess(c, *q.vacancy, q.policy);
      if (a.feasible()) {
        ++r.feasible;
        Hit hit{a.score, c.id};
        if (!q.after.has_value() || Better(*q.after, hit)) hits.push_back(hit);
        continue;
      }
      bool excluded = false;
      for (const Failure& f : a.failures) {
        excluded |= f.kind == v1::Constraint::AVAILABILITY ||
                    f.kind == v1::Constraint::VACANCY_CLOSED;
      }
      if (!excluded && a.failures.size() <= 2) {
        misses.push_back(
            {static_cast<int>(a.failures.size()), {a.score, c.id}});
      }
    }
    std::sort(hits.begin(), hits.end(), Better);
    std::sort(misses.begin(), misses.end(),
              [](const NearMiss& a, const NearMiss& b) {
                return a.failures != b.failures ? a.failures < b.failures
                                                : Better(a.hit, b.hit);
              });
    hits.resize(std::min<size_t>(hits.size(), q.limit));
    misses.resize(std::min<size_t>(misses.size(), q.near_misses));
    r.hits = hits;
    r.near_misses = misses;
    return r;
  }

  static void ExpectSame(const RankResult& fast, const RankResult& reference,
                         const std::string& where) {
    EXPECT_EQ(fast.feasible, reference.feasible) << where;
    ASSERT_EQ(fast.hits.size(), reference.hits.size()) << where;
    for (size_t i = 0; i < fast.hits.size(); ++i) {
      EXPECT_EQ(fast.hits[i].id, reference.hits[i].id) << where << " #" << i;
      EXPECT_EQ(fast.hits[i].score, reference.hits[i].score)
          << where << " #" << i;
    }
    ASSERT_EQ(fast.near_misses.size(), reference.near_misses.size()) << where;
    for (size_t i = 0; i < fast.near_misses.size(); ++i) {
      EXPECT_EQ(fast.near_misses[i].hit.id, reference.near_misses[i].hit.id)
          << where << " near miss #" << i;
      EXPECT_EQ(fast.near_misses[i].failures, reference.near_misses[i].failures)
          << where << " near miss #" << i;
    }
  }
};

TEST_F(RankingTest, FastIndexEqualsReferenceOnSeededPopulations) {
  const uint64_t base_seed = ::testing::FLAGS_gtest_random_seed == 0
                                 ? 20261128
                                 : ::testing::FLAGS_gtest_random_seed;
  int64_t total_feasible = 0;
  for (uint64_t seed = base_seed; seed < base_seed + 12; ++seed) {
    SCOPED_TRACE(absl::StrCat("seed ", seed,
                              " (rerun with --gtest_random_seed=", seed, ")"));
    Generator gen(*model_, seed);
    CandidateIndex index(model_);
    std::vector<CandidateProfile> all;
    // Every upsert in order, and the ids removed: replayed below in bulk.
    std::vector<CandidateProfile> upserts;
    std::vector<std::string> removed;
    for (int i = 0; i < 1500; ++i) {
      all.push_back(gen.Candidate(i));
      index.Upsert(all.back());
      upserts.push_back(all.back());
    }
    // Replace some, remove some: exercises the swap-remove bookkeeping.
    for (int i = 0; i < 300; ++i) {
      size_t k = gen.Uniform(0, all.size() - 1);
      if (gen.Chance(0.5)) {
        std::string id = all[k].id;
        all[k] = gen.Candidate(i);
        all[k].id = id;
        index.Upsert(all[k]);
        upserts.push_back(all[k]);
      } else {
        index.Remove(all[k].id);
        removed.push_back(all[k].id);
        all.erase(all.begin() + k);
      }
    }
    ASSERT_EQ(index.size(), all.size());
    // The same built by UpsertAll, as start-up does: the second batch
    // replaces ids of the first and repeats ids of its own (the later
    // profile wins).
    CandidateIndex bulk(model_);
    const size_t half = upserts.size() / 2;
    bulk.UpsertAll({upserts.begin(), upserts.begin() + half});
    bulk.UpsertAll({upserts.begin() + half, upserts.end()});
    for (const std::string& id : removed) bulk.Remove(id);
    ASSERT_EQ(bulk.size(), all.size());
    for (int q = 0; q < 25; ++q) {
      VacancyProfile v = gen.Vacancy(q);
      RankQuery query;
      query.vacancy = &v;
      query.policy.today = gen.today;
      query.policy.stale_after_days = gen.Chance(0.3) ? 90 : 180;
      query.limit = gen.Uniform(1, 60);
      query.near_misses = gen.Chance(0.5) ? gen.Uniform(1, 20) : 0;
      if (gen.Chance(0.3)) {
        query.regions = {static_cast<uint8_t>(gen.Uniform(10, 13))};
      }
      RankResult fast = ValueOrDie(index.Rank(query));
      RankResult reference = Reference(all, query);
      ExpectSame(fast, reference, absl::StrCat("query ", q));
      ExpectSame(ValueOrDie(bulk.Rank(query)), reference,
                 absl::StrCat("query ", q, ", bulk-loaded index"));
      total_feasible += fast.feasible;
      // The next page continues exactly where this one stopped.
      if (!fast.hits.empty()) {
        query.after = fast.hits.back();
        query.near_misses = 0;
        ExpectSame(ValueOrDie(index.Rank(query)), Reference(all, query),
                   absl::StrCat("query ", q, " page 2"));
      }
    }
  }
  // The populations must exercise the interesting case: many feasible pairs.
  EXPECT_GT(total_feasible, 1000);
}

TEST_F(RankingTest, DeterministicTiesBreakById) {
  Generator gen(*model_, 7);
  CandidateIndex index(model_);
  CandidateProfile base = gen.Candidate(0);
  base.required_needs = 0;
  base.availability = Availability::kNow;
  base.last_confirmed_day = gen.today;
  base.travel_km = 200;
  base.hours_min = 1;
  base.hours_max = 60;
  for (const char* id : {"zz", "aa", "mm", "bb"}) {
    CandidateProfile c = base;
    c.id = id;
    index.Upsert(c);
  }
  VacancyProfile v = gen.Vacancy(0);
  v.must_haves.clear();
  v.demand = {};
  v.state = VacancyState::kOpen;
  RankQuery query;
  query.vacancy = &v;
  query.policy.today = gen.today;
  query.limit = 3;
  RankResult r = ValueOrDie(index.Rank(query));
  ASSERT_EQ(r.hits.size(), 3u);
  EXPECT_EQ(r.hits[0].id, "aa");
  EXPECT_EQ(r.hits[1].id, "bb");
  EXPECT_EQ(r.hits[2].id, "mm");
  EXPECT_EQ(r.hits[0].score, r.hits[2].score);
}

TEST_F(RankingTest, CheckStopsTheScan) {
  Generator gen(*model_, 9);
  CandidateIndex index(model_);
  for (int i = 0; i < 20000; ++i) index.Upsert(gen.Candidate(i));
  VacancyProfile v = gen.Vacancy(0);
  v.remote = true;
  RankQuery query;
  query.vacancy = &v;
  query.policy.today = gen.today;
  int calls = 0;
  query.check = [&calls] {
    return ++calls < 2 ? absl::OkStatus()
                       : absl::DeadlineExceededError("too slow");
  };
  EXPECT_EQ(index.Rank(query).status().code(),
            absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace passend::matcher
