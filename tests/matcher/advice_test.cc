// Advice and assignment against plain recounts: for each adjustment, add it
// to the vacancy, assess every candidate again and count who became
// feasible; the same for blockers, region opportunities and the flow
// graph's edges.
#include "matcher/advice.h"

#include <algorithm>
#include <atomic>
#include <map>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "matcher/candidate_index.h"
#include "tests/matcher/random_population.h"
#include "tests/shipped_data.h"
#include "tests/test_util.h"

namespace passend::matcher {
namespace {

using v1::Constraint;

class AdviceTest : public passend::testing::ShippedModelTest {
 protected:
  struct World {
    const MatchModel* model = nullptr;
    std::vector<CandidateProfile> candidates;
    std::vector<VacancyProfile> vacancies;  // by id, as VacancySnapshot
    std::unique_ptr<CandidateIndex> index;
    AdviceOptions options;
  };

  static World MakeWorld(uint64_t seed, int candidates, int vacancies,
                         const MatchModel* model = model_) {
    RandomPopulation gen(*model, seed);
    World w;
    w.model = model;
    w.index = std::make_unique<CandidateIndex>(model);
    for (int i = 0; i < candidates; ++i) {
      w.candidates.push_back(gen.Candidate(i));
      w.index->Upsert(w.candidates.back());
    }
    for (int i = 0; i < vacancies; ++i) {
      VacancyProfile v = gen.Vacancy(i);
      v.region = static_cast<uint8_t>(gen.Uniform(10, 13));
      v.open_positions = v.state == VacancyState::kOpen ? gen.Uniform(1, 3) : 0;
      w.vacancies.push_back(v);
    }
    std::sort(w.vacancies.begin(), w.vacancies.end(),
              [](const auto& a, const auto& b) { return a.id < b.id; });
    w.options.policy.today = gen.today;
    w.options.policy.stale_after_days = 180;
    return w;
  }

  static bool Feasible(const CandidateProfile& c, const VacancyProfile& v,
                       const MatchPolicy& policy,
                       const MatchModel* model = model_) {
    return model->Assess(c, v, policy).feasible();
  }

  static VacancyProfile With(VacancyProfile v, const std::vector<int>& set) {
    for (int a : set) v.offered |= uint64_t{1} << a;
    return v;
  }

  static bool InRegions(uint8_t region, const std::vector<uint8_t>& regions) {
    return regions.empty() ||
           std::find(regions.begin(), regions.end(), region) != regions.end();
  }

  // Candidates infeasible for `v` and feasible for `better`.
  static int64_t Gained(const World& w, const VacancyProfile& v,
                        const VacancyProfile& better,
                        const std::vector<uint8_t>& regions) {
    int64_t gained = 0;
    for (const CandidateProfile& c : w.candidates) {
      if (!InRegions(c.region, regions)) continue;
      gained += !Feasible(c, v, w.options.policy, w.model) &&
                Feasible(c, better, w.options.policy, w.model);
    }
    return gained;
  }
  // Checks SuggestAdjustments for `v` against recounts: feasible and
  // blocked, each adjustment, the best set (against every set of three when
  // `all_sets`) and each demand one level lower. Returns the candidates the
  // single adjustments gained.
  static int64_t ExpectSuggestionsMatchRecount(const World& w,
                                               const VacancyProfile& v,
                                               const AdviceOptions& options,
                                               bool all_sets) {
    const MatchModel& model = *w.model;
    absl::StatusOr<VacancyAdvice> advice =
        SuggestAdjustments(*w.index, v, options);
    EXPECT_TRUE(advice.ok()) << advice.status();
    if (!advice.ok()) return 0;
    const std::vector<uint8_t>& regions = options.candidate_regions;
    int64_t feasible = 0;
    int64_t blocked = 0;
    for (const CandidateProfile& c : w.candidates) {
      if (!InRegions(c.region, regions)) continue;
      Assessment a = model.Assess(c, v, options.policy);
      feasible += a.feasible();
      bool adjustable = !a.failures.empty();
      for (const Failure& f : a.failures) {
        adjustable &= f.kind == Constraint::SUPPORT_NEED ||
                      f.kind == Constraint::CAPACITY;
      }
      blocked += adjustable;
    }
    EXPECT_EQ(advice->feasible, feasible);
    EXPECT_EQ(advice->blocked, blocked);

    int64_t total_gained = 0;
    std::map<int, int64_t> single;
    for (const Gain& g : advice->adjustments) single[g.subject] = g.count;
    for (int a = 0; a < model.adjustment_count(); ++a) {
      if (v.offered & (uint64_t{1} << a)) {
        EXPECT_FALSE(single.contains(a)) << "offered adjustment " << a;
        continue;
      }
      EXPECT_TRUE(single.contains(a)) << "adjustment " << a;
      const int64_t gained = Gained(w, v, With(v, {a}), regions);
      EXPECT_EQ(single[a], gained) << "adjustment " << a;
      total_gained += gained;
    }
    EXPECT_TRUE(std::is_sorted(
        advice->adjustments.begin(), advice->adjustments.end(),
        [](const Gain& a, const Gain& b) { return a.count > b.count; }));

    // The combination's count, recounted; and no set of up to three beats
    // it (checked on the candidates every adjustment together could reach,
    // which is where any set's gain lies).
    EXPECT_TRUE(advice->combination_exact);
    EXPECT_LE(advice->combination.size(), 3u);
    EXPECT_EQ(advice->combination_count,
              Gained(w, v, With(v, advice->combination), regions));
    if (all_sets) {
      std::vector<int> open;
      for (int a = 0; a < model.adjustment_count(); ++a) {
        if (!(v.offered & (uint64_t{1} << a))) open.push_back(a);
      }
      const VacancyProfile everything = With(v, open);
      std::vector<const CandidateProfile*> reachable;
      for (const CandidateProfile& c : w.candidates) {
        if (InRegions(c.region, regions) &&
            !Feasible(c, v, options.policy, w.model) &&
            Feasible(c, everything, options.policy, w.model)) {
          reachable.push_back(&c);
        }
      }
      int64_t best = 0;
      const int n = static_cast<int>(open.size());
      for (int i = 0; i < n; ++i) {
        for (int j = i; j < n; ++j) {
          for (int l = j; l < n; ++l) {
            const VacancyProfile s = With(v, {open[i], open[j], open[l]});
            int64_t gained = 0;
            for (const CandidateProfile* c : reachable) {
              gained += Feasible(*c, s, options.policy, w.model);
            }
            best = std::max(best, gained);
          }
        }
      }
      EXPECT_EQ(advice->combination_count, best);
    }

    // One level off each demanded dimension.
    std::map<int, int64_t> demands;
    for (const Gain& g : advice->demands) demands[g.subject] = g.count;
    const auto effective = model.EffectiveDemand(v);
    for (int d = 0; d < model.dimension_count(); ++d) {
      if (effective[d] == 0) {
        EXPECT_FALSE(demands.contains(d));
        continue;
      }
      VacancyProfile lower = v;
      --lower.demand[d];
      EXPECT_EQ(demands.contains(d) ? demands[d] : 0,
                Gained(w, v, lower, regions))
          << "dimension " << d;
    }
    return total_gained;
  }
};

TEST_F(AdviceTest, SuggestAdjustmentsEqualsARecount) {
  int64_t total_gained = 0;
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    SCOPED_TRACE(absl::StrCat("seed ", seed));
    World w = MakeWorld(seed, 1500, 12);
    for (size_t k = 0; k < w.vacancies.size(); ++k) {
      SCOPED_TRACE(w.vacancies[k].id);
      AdviceOptions options = w.options;
      if (k % 3 == 1) options.candidate_regions = {11, 12};
      total_gained += ExpectSuggestionsMatchRecount(w, w.vacancies[k], options,
                                                    /*all_sets=*/k < 3);
    }
  }
  EXPECT_GT(total_gained, 0) << "populations too easy to test anything";
}

// A taxonomy with more than 64 capacity thresholds, so the index keeps a
// second word of failure bits: two extra 8-level dimensions (14 thresholds)
// straddle bit 64, lowered by the first two adjustments.
TEST_F(AdviceTest, WideTaxonomyEqualsARecount) {
  v1::Taxonomy proto = taxonomy_->proto();
  for (const char* id : {"wide_a", "wide_b"}) {
    auto* d = proto.add_dimensions();
    d->set_id(id);
    for (int l = 0; l < 8; ++l) {
      d->add_levels(absl::StrCat("level ", l));
      d->add_levels_nl(absl::StrCat("niveau ", l));
    }
    d->set_normal_level(6);
  }
  auto lower = [&](int adjustment, const char* dimension, int levels) {
    auto* r = proto.mutable_adjustments(adjustment)->add_lowers_demands();
    r->set_dimension(dimension);
    r->set_levels(levels);
  };
  lower(0, "wide_b", 2);
  lower(1, "wide_b", 1);
  lower(1, "wide_a", 3);
  const Taxonomy wide =
      passend::testing::ValueOrDie(Taxonomy::FromProto(proto));
  const ProfileCompiler compiler =
      passend::testing::ValueOrDie(ProfileCompiler::Create(&wide, reference_));
  const MatchModel model(&compiler);
  World w = MakeWorld(7, 2000, 16, &model);
  ASSERT_EQ(w.index->hot_bytes_per_candidate(), 41);
  const int a = model.dimension_count() - 2;
  RandomPopulation gen(model, 8);
  for (CandidateProfile& c : w.candidates) {
    c.capacity[a] = static_cast<uint8_t>(gen.Uniform(0, 7));
    c.capacity[a + 1] = static_cast<uint8_t>(gen.Uniform(0, 7));
    w.index->Upsert(c);
  }
  int64_t total_gained = 0;
  for (VacancyProfile v : w.vacancies) {
    SCOPED_TRACE(v.id);
    v.state = VacancyState::kOpen;
    v.demand[a] = static_cast<uint8_t>(gen.Uniform(0, 7));
    v.demand[a + 1] = static_cast<uint8_t>(gen.Uniform(0, 7));
    v.offered &= ~uint64_t{3};
    total_gained += ExpectSuggestionsMatchRecount(w, v, w.options,
                                                  /*all_sets=*/false);
    // And the ranking's feasible count on the same columns.
    RankQuery q;
    q.vacancy = &v;
    q.policy = w.options.policy;
    int64_t feasible = 0;
    for (const CandidateProfile& c : w.candidates) {
      feasible += Feasible(c, v, w.options.policy, &model);
    }
    EXPECT_EQ(passend::testing::ValueOrDie(w.index->Rank(q)).feasible,
              feasible);
  }
  EXPECT_GT(total_gained, 0);
}

TEST_F(AdviceTest, ExplainBlockersEqualsARecount) {
  World w = MakeWorld(11, 60, 400);
  int64_t total_blocked = 0;
  for (const CandidateProfile& c : w.candidates) {
    SCOPED_TRACE(c.id);
    AdviceOptions options = w.options;
    if (c.id.back() % 2 == 0) options.vacancy_regions = {10, 12};
    absl::StatusOr<CandidateAdvice> advice =
        ExplainBlockers(*model_, c, w.vacancies, options);
    ASSERT_TRUE(advice.ok()) << advice.status();
    // The recount: what stands between c and each vacancy, ignoring c's
    // own availability and freshness.
    auto blockers_of = [&](const VacancyProfile& v, bool* in_reach) {
      std::vector<std::pair<int, int>> keys;
      *in_reach = v.state == VacancyState::kOpen;
      for (const Failure& f : model_->Assess(c, v, options.policy).failures) {
        if (f.kind == Constraint::SUPPORT_NEED ||
            f.kind == Constraint::CAPACITY) {
          keys.emplace_back(f.kind, f.subject);
        } else if (f.kind != Constraint::AVAILABILITY &&
                   f.kind != Constraint::FRESHNESS) {
          *in_reach = false;
        }
      }
      return keys;
    };
    int64_t in_reach = 0;
    int64_t feasible = 0;
    std::map<std::pair<int, int>, std::pair<int64_t, int64_t>> blocked;
    std::map<int, int64_t> reopening;
    // (kind, subject) -> adjustment -> vacancies it blocks that adjustment
    // reopens.
    std::map<std::pair<int, int>, std::map<int, int64_t>> reopened_by;
    for (const VacancyProfile& v : w.vacancies) {
      if (!InRegions(v.region, options.vacancy_regions)) continue;
      bool reach = false;
      const auto keys = blockers_of(v, &reach);
      if (!reach) continue;
      ++in_reach;
      if (keys.empty()) {
        ++feasible;
        continue;
      }
      for (const auto& key : keys) {
        ++blocked[key].first;
        blocked[key].second += keys.size() == 1;
      }
      for (int a = 0; a < model_->adjustment_count(); ++a) {
        if (v.offered & (uint64_t{1} << a)) continue;
        bool still = false;
        if (!blockers_of(With(v, {a}), &still).empty()) continue;
        ++reopening[a];
        for (const auto& key : keys) ++reopened_by[key][a];
      }
    }
    EXPECT_EQ(advice->in_reach, in_reach);
    EXPECT_EQ(advice->feasible, feasible);
    ASSERT_EQ(advice->blockers.size(), blocked.size());
    for (const Blocker& b : advice->blockers) {
      auto it = blocked.find({b.kind, b.subject});
      ASSERT_NE(it, blocked.end());
      EXPECT_EQ(b.vacancies, it->second.first);
      EXPECT_EQ(b.alone, it->second.second);
      std::map<int, int64_t> by;
      for (const Gain& g : b.reopened_by) by[g.subject] = g.count;
      EXPECT_EQ(by, (reopened_by[{b.kind, b.subject}]));
      total_blocked += b.vacancies;
    }
    std::map<int, int64_t> got;
    for (const Gain& g : advice->reopening) got[g.subject] = g.count;
    EXPECT_EQ(got, reopening);
  }
  EXPECT_GT(total_blocked, 0);
}

TEST_F(AdviceTest, OpportunitiesSumTheVacanciesOfEachRegion) {
  World w = MakeWorld(21, 600, 30);
  AdviceOptions options = w.options;
  options.vacancy_regions = {13, 11};
  options.candidate_regions = {11, 12};
  absl::StatusOr<std::vector<RegionOpportunities>> regions =
      AdjustmentOpportunities(*w.index, w.vacancies, options);
  ASSERT_TRUE(regions.ok()) << regions.status();
  ASSERT_EQ(regions->size(), 2u);
  EXPECT_EQ((*regions)[0].region, 11);
  EXPECT_EQ((*regions)[1].region, 13);
  int64_t total = 0;
  for (const RegionOpportunities& r : *regions) {
    std::map<int, std::pair<int64_t, int64_t>> expected;  // pairs, vacancies
    int64_t vacancies = 0;
    int64_t feasible = 0;
    int64_t blocked = 0;
    for (const VacancyProfile& v : w.vacancies) {
      if (v.region != r.region || v.state != VacancyState::kOpen) continue;
      ++vacancies;
      for (const CandidateProfile& c : w.candidates) {
        if (!InRegions(c.region, options.candidate_regions)) continue;
        const Assessment a = model_->Assess(c, v, options.policy);
        feasible += a.feasible();
        bool adjustable = !a.failures.empty();
        for (const Failure& f : a.failures) {
          adjustable &= f.kind == Constraint::SUPPORT_NEED ||
                        f.kind == Constraint::CAPACITY;
        }
        blocked += adjustable;
      }
      for (int a = 0; a < model_->adjustment_count(); ++a) {
        if (v.offered & (uint64_t{1} << a)) continue;
        const int64_t gained =
            Gained(w, v, With(v, {a}), options.candidate_regions);
        if (gained == 0) continue;
        expected[a].first += gained;
        ++expected[a].second;
      }
    }
    EXPECT_EQ(r.vacancies, vacancies);
    EXPECT_EQ(r.feasible_pairs, feasible);
    EXPECT_EQ(r.blocked_pairs, blocked);
    std::map<int, std::pair<int64_t, int64_t>> got;
    for (const Gain& g : r.adjustments) got[g.subject] = {g.count, g.vacancies};
    EXPECT_EQ(got, expected) << "region " << r.region;
    for (const auto& [a, counts] : got) total += counts.first;
  }
  EXPECT_GT(total, 0);
}

TEST_F(AdviceTest, AssignmentUsesEveryFeasiblePairAndOnlyThose) {
  World w = MakeWorld(31, 800, 120);
  AdviceOptions options = w.options;
  options.vacancy_regions = options.candidate_regions = {11, 12};
  AssignmentOptions unbounded;
  unbounded.edges_per_vacancy = 100000;
  absl::StatusOr<AssignmentOutcome> outcome =
      ProposeAssignments(*w.index, w.vacancies, options, unbounded);
  ASSERT_TRUE(outcome.ok()) << outcome.status();

  // The same problem built by assessing every pair.
  AssignmentProblem problem;
  std::map<std::string, const CandidateProfile*> by_id;
  for (const CandidateProfile& c : w.candidates) by_id[c.id] = &c;
  std::map<std::string, const VacancyProfile*> vacancy_by_id;
  std::vector<uint32_t> candidate_of;
  for (const CandidateProfile& c : w.candidates) {
    if (InRegions(c.region, options.candidate_regions)) {
      candidate_of.push_back(static_cast<uint32_t>(&c - &w.candidates[0]));
    }
  }
  problem.candidates = static_cast<uint32_t>(candidate_of.size());
  for (const VacancyProfile& v : w.vacancies) {
    vacancy_by_id[v.id] = &v;
    if (!InRegions(v.region, options.vacancy_regions) ||
        v.state != VacancyState::kOpen) {
      continue;
    }
    const uint32_t vacancy = static_cast<uint32_t>(problem.positions.size());
    problem.positions.push_back(v.open_positions);
    for (uint32_t i = 0; i < candidate_of.size(); ++i) {
      Assessment a =
          model_->Assess(w.candidates[candidate_of[i]], v, options.policy);
      if (a.feasible()) problem.edges.push_back({i, vacancy, a.score});
    }
  }
  absl::StatusOr<Assignment> expected = AssignOptimally(problem);
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(outcome->edges, static_cast<int64_t>(problem.edges.size()));
  EXPECT_EQ(outcome->pairs.size(), expected->pairs.size());
  EXPECT_EQ(outcome->total_score, expected->total_score);
  EXPECT_GT(outcome->pairs.size(), 10u);
  EXPECT_EQ(outcome->greedy_placements,
            static_cast<int64_t>(AssignGreedily(problem).pairs.size()));

  // Every proposal feasible, each candidate once, positions kept.
  absl::flat_hash_set<std::string> placed;
  std::map<std::string, int> used;
  for (const ProposedPair& p : outcome->pairs) {
    const VacancyProfile& v = *vacancy_by_id.at(p.vacancy);
    Assessment a = model_->Assess(*by_id.at(p.candidate), v, options.policy);
    EXPECT_TRUE(a.feasible());
    EXPECT_EQ(a.score, p.score);
    EXPECT_TRUE(placed.insert(p.candidate).second);
    EXPECT_LE(++used[p.vacancy], v.open_positions);
  }

  // The same on one thread.
  AssignmentOptions one_thread = unbounded;
  one_thread.threads = 1;
  absl::StatusOr<AssignmentOutcome> serial =
      ProposeAssignments(*w.index, w.vacancies, options, one_thread);
  ASSERT_TRUE(serial.ok());
  ASSERT_EQ(serial->pairs.size(), outcome->pairs.size());
  for (size_t i = 0; i < serial->pairs.size(); ++i) {
    EXPECT_EQ(serial->pairs[i].candidate, outcome->pairs[i].candidate);
    EXPECT_EQ(serial->pairs[i].vacancy, outcome->pairs[i].vacancy);
  }

  // A bounded graph keeps the rules and cannot place more.
  AssignmentOptions bounded;
  bounded.edges_per_vacancy = 2;
  absl::StatusOr<AssignmentOutcome> small =
      ProposeAssignments(*w.index, w.vacancies, options, bounded);
  ASSERT_TRUE(small.ok());
  EXPECT_LE(small->pairs.size(), outcome->pairs.size());
  EXPECT_LE(small->edges, 2 * small->vacancies);
}

TEST_F(AdviceTest, StopsWhenTheCheckFails) {
  World w = MakeWorld(51, 300, 20);
  AdviceOptions options = w.options;
  options.vacancy_regions = options.candidate_regions = {11, 12, 13};
  std::atomic<int> calls = 0;  // ProposeAssignments calls it from 2 threads
  options.check = [&calls]() -> absl::Status {
    return ++calls > 2 ? absl::DeadlineExceededError("late") : absl::OkStatus();
  };
  auto expect_stopped = [&](absl::Status s, const char* what) {
    EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded) << what;
    EXPECT_GT(calls, 2) << what;
    calls = 0;
  };
  expect_stopped(
      ExplainBlockers(*model_, w.candidates[0], w.vacancies, options).status(),
      "ExplainBlockers");
  expect_stopped(
      AdjustmentOpportunities(*w.index, w.vacancies, options).status(),
      "AdjustmentOpportunities");
  expect_stopped(
      ProposeAssignments(*w.index, w.vacancies, options, {}).status(),
      "ProposeAssignments");
  calls = 2;  // the next call fails
  expect_stopped(SuggestAdjustments(*w.index, w.vacancies[0], options).status(),
                 "SuggestAdjustments");
}

TEST_F(AdviceTest, BottlenecksEqualARecount) {
  World w = MakeWorld(61, 600, 80);
  AdviceOptions options = w.options;
  options.vacancy_regions = {11, 12};
  absl::StatusOr<std::vector<RegionBottlenecks>> result =
      Bottlenecks(*w.index, w.candidates, w.vacancies, options);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->size(), 2u);
  int64_t vacancies_seen = 0;
  int64_t stranded_seen = 0;
  for (const RegionBottlenecks& r : *result) {
    SCOPED_TRACE(absl::StrCat("region ", r.region));
    // Vacancies of the region no one fits, with the blocker that keeps the
    // most candidates in reach out (ties to the lower kind, then subject).
    std::vector<std::string> expected_ids;
    size_t k = 0;
    for (const VacancyProfile& v : w.vacancies) {
      if (v.region != r.region || v.state != VacancyState::kOpen) continue;
      std::map<std::pair<int, int>, int64_t> kept_out;
      bool any = false;
      for (const CandidateProfile& c : w.candidates) {
        const Assessment a = model_->Assess(c, v, options.policy);
        any |= a.feasible();
        bool adjustable = !a.failures.empty();
        for (const Failure& f : a.failures) {
          adjustable &= f.kind == Constraint::SUPPORT_NEED ||
                        f.kind == Constraint::CAPACITY;
        }
        if (!adjustable) continue;
        for (const Failure& f : a.failures) ++kept_out[{f.kind, f.subject}];
      }
      if (any) continue;
      expected_ids.push_back(v.id);
      ASSERT_LT(k, r.vacancies.size());
      const VacancyBottleneck& b = r.vacancies[k++];
      EXPECT_EQ(b.vacancy, v.id);
      int64_t most = 0;
      std::pair<int, int> blocker{Constraint::TRAVEL, -1};
      for (const auto& [key, n] : kept_out) {
        if (n > most) {
          most = n;
          blocker = key;
        }
      }
      EXPECT_EQ(b.candidates, most) << v.id;
      EXPECT_EQ(b.kind, blocker.first) << v.id;
      EXPECT_EQ(b.subject, blocker.second) << v.id;
    }
    EXPECT_EQ(r.vacancies.size(), expected_ids.size());
    vacancies_seen += static_cast<int64_t>(expected_ids.size());
    // Candidates of the region no open vacancy fits, and their needs no
    // vacancy in reach offers.
    int64_t stranded = 0;
    std::map<int, int64_t> unoffered;
    for (const CandidateProfile& c : w.candidates) {
      if (c.region != r.region || !MatchModel::IsAvailable(c, options.policy) ||
          !MatchModel::IsFresh(c, options.policy)) {
        continue;
      }
      bool fits = false;
      for (const VacancyProfile& v : w.vacancies) {
        fits |= v.state == VacancyState::kOpen &&
                model_->Assess(c, v, options.policy).feasible();
      }
      if (fits) continue;
      ++stranded;
      for (int n = 0; n < 32; ++n) {
        if (!(c.required_needs & (1u << n))) continue;
        bool offered = false;
        for (const VacancyProfile& v : w.vacancies) {
          if (v.state != VacancyState::kOpen) continue;
          bool too_far = false;
          for (const Failure& f :
               model_->Assess(c, v, options.policy).failures) {
            too_far |= f.kind == Constraint::TRAVEL;
          }
          offered |= !too_far && (model_->MetNeeds(v.offered) & (1u << n));
        }
        if (!offered) ++unoffered[n];
      }
    }
    EXPECT_EQ(r.stranded, stranded);
    std::map<int, int64_t> got;
    for (const Gain& g : r.unoffered_needs) got[g.subject] = g.count;
    EXPECT_EQ(got, unoffered);
    stranded_seen += stranded;
  }
  EXPECT_GT(vacancies_seen, 0);
  EXPECT_GT(stranded_seen, 0);
}

TEST_F(AdviceTest, RefusesBadOptions) {
  World w = MakeWorld(41, 10, 3);
  AssignmentOptions assignment;
  EXPECT_EQ(ProposeAssignments(*w.index, w.vacancies, w.options, assignment)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);  // no region
  AdviceOptions options = w.options;
  options.vacancy_regions = {11};
  assignment.edges_per_vacancy = 0;
  EXPECT_EQ(ProposeAssignments(*w.index, w.vacancies, options, assignment)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      SuggestAdjustments(*w.index, w.vacancies[0], options, 4).status().code(),
      absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace passend::matcher
