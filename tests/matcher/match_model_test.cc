// The scorer and the hard filter, dimension by dimension, on hand-worked
// examples.
#include "matcher/match_model.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matcher/scoring.h"
#include "tests/shipped_data.h"
#include "tests/test_util.h"

namespace passend::matcher {
namespace {

using passend::testing::ValueOrDie;
using ::testing::ElementsAre;
using v1::Constraint;

TEST(ScoringTest, HandWorkedComponentPoints) {
  ScoringWeights w;  // 250/250/150/150/100/100
  EXPECT_EQ(w.total(), 1000);
  // Preferred needs: 2 of 3 met -> 250 * 2 / 3 = 166; none wished -> full.
  EXPECT_EQ(PreferredNeedsPoints(2, 3, w), 166);
  EXPECT_EQ(PreferredNeedsPoints(0, 0, w), 250);
  // Occupation: same unit group 60% of 250 = 150; as interest 45% -> 112.
  EXPECT_EQ(OccupationPoints(Closeness::kUnitGroup, true, w), 150);
  EXPECT_EQ(OccupationPoints(Closeness::kUnitGroup, false, w), 112);
  EXPECT_EQ(OccupationPoints(Closeness::kSameOccupation, true, w), 250);
  EXPECT_EQ(OccupationPoints(Closeness::kNone, true, w), 0);
  // Rounded once, at the end: interest in the same major group is
  // 250 x 5% x 3/4 = 9.375 -> 9, in the same sub-major 28.125 -> 28.
  EXPECT_EQ(OccupationPoints(Closeness::kMajorGroup, false, w), 9);
  EXPECT_EQ(OccupationPoints(Closeness::kSubMajorGroup, false, w), 28);
  EXPECT_EQ(OccupationPoints(Closeness::kMinorGroup, false, w), 65);
  // Hours: candidate 12-24 (13 whole hours), vacancy 20-32: overlap 20-24 =
  // 5 -> 150 * 5 / 13 = 57. A vacancy covering the whole wish: full.
  EXPECT_EQ(HoursFitPoints(12, 24, 20, 32, w), 57);
  EXPECT_EQ(HoursFitPoints(12, 24, 8, 40, w), 150);
  // Distance: 5 km of a 20 km range -> 150 * 0.75 = 112.5 -> 112.
  EXPECT_EQ(DistancePoints(5.0, 20, false, w), 112);
  EXPECT_EQ(DistancePoints(20.0, 20, false, w), 0);
  EXPECT_EQ(DistancePoints(80.0, 20, true, w), 150);
  // Headroom: 1 level spare of 4 possible -> 25.
  EXPECT_EQ(HeadroomPoints(1, 4, w), 25);
  EXPECT_EQ(HeadroomPoints(0, 0, w), 100);
  // Wage value 60% without subsidy -> 60; with subsidy or unassessed: full.
  EXPECT_EQ(WageValuePoints(60, false, w), 60);
  EXPECT_EQ(WageValuePoints(60, true, w), 100);
  EXPECT_EQ(WageValuePoints(0, false, w), 100);
}

class MatchModelTest : public passend::testing::ShippedModelTest {
 protected:
  static int Dim(const std::string& id) {
    int d = taxonomy_->DimensionIndex(id);
    EXPECT_GE(d, 0) << id;
    return d;
  }
  static uint32_t Need(const std::string& id) {
    int n = taxonomy_->NeedIndex(id);
    EXPECT_GE(n, 0) << id;
    return 1u << n;
  }
  static uint64_t Adjustment(const std::string& id) {
    int a = taxonomy_->AdjustmentIndex(id);
    EXPECT_GE(a, 0) << id;
    return uint64_t{1} << a;
  }
  static uint16_t Postcode(const std::string& code) {
    const PostcodeArea* area = reference_->FindPostcodeArea(code);
    EXPECT_NE(area, nullptr) << code;
    return static_cast<uint16_t>(area - reference_->postcode_areas().data());
  }
  static uint16_t Esco(const std::string& id) {
    const Occupation* o = reference_->FindOccupation(id);
    EXPECT_NE(o, nullptr) << id;
    return static_cast<uint16_t>(o - reference_->occupations().data());
  }

  // A candidate at normal capacity everywhere, 12-24 h, in Amersfoort
  // (3811), 20 km range, available, confirmed today.
  static CandidateProfile Candidate() {
    CandidateProfile c;
    c.id = "c1";
    for (int d = 0; d < model_->dimension_count(); ++d) {
      c.capacity[d] =
          static_cast<uint8_t>(taxonomy_->dimension(d).normal_level());
    }
    c.hours_min = 12;
    c.hours_max = 24;
    c.postcode = Postcode("3811");
    c.travel_km = 20;
    c.last_confirmed_day = kToday;
    c.wage_value = 100;
    return c;
  }
  // A building-cleaner job (ISCO 9112) in the same postcode area, 16-24 h.
  static VacancyProfile Vacancy() {
    VacancyProfile v;
    v.id = "v1";
    v.hours_min = 16;
    v.hours_max = 24;
    v.postcode = Postcode("3811");
    v.occupation = Esco("303a1e34-cb16-4054-b323-81e5eec17397");
    return v;
  }
  static MatchPolicy Policy() {
    MatchPolicy p;
    p.today = kToday;
    p.stale_after_days = 180;
    return p;
  }
  static std::vector<Constraint::Kind> Kinds(const Assessment& a) {
    std::vector<Constraint::Kind> kinds;
    for (const Failure& f : a.failures) kinds.push_back(f.kind);
    return kinds;
  }

  static constexpr int32_t kToday = 20600;
};

TEST_F(MatchModelTest, BaselinePairIsFeasibleWithHandWorkedScore) {
  Assessment a = model_->Assess(Candidate(), Vacancy(), Policy());
  ASSERT_TRUE(a.feasible());
  // No preferred needs 250, no occupation listed 0, hours 16-24 of 12-24:
  // 150 * 9 / 13 = 103, same postcode 150, no demands 100, wage 100 -> 703.
  EXPECT_EQ(a.breakdown.preferred_needs(), 250);
  EXPECT_EQ(a.breakdown.occupation(), 0);
  EXPECT_EQ(a.breakdown.hours_fit(), 103);
  EXPECT_EQ(a.breakdown.distance(), 150);
  EXPECT_EQ(a.breakdown.headroom(), 100);
  EXPECT_EQ(a.breakdown.wage_value(), 100);
  EXPECT_EQ(a.score, 703);
}

TEST_F(MatchModelTest, RequiredNeedMustBeMetByAnOfferedAdjustment) {
  CandidateProfile c = Candidate();
  c.required_needs = Need("on_the_job_coaching");
  VacancyProfile v = Vacancy();
  Assessment a = model_->Assess(c, v, Policy());
  EXPECT_THAT(Kinds(a), ElementsAre(Constraint::SUPPORT_NEED));
  v.offered = Adjustment("jobcoach_light");
  EXPECT_TRUE(model_->Assess(c, v, Policy()).feasible());

  v1::MatchExplanation e = model_->Explain(c, v, Policy());
  ASSERT_EQ(e.needs_size(), 1);
  EXPECT_TRUE(e.needs(0).met());
  EXPECT_THAT(e.needs(0).met_by(), ElementsAre("jobcoach_light"));
}

TEST_F(MatchModelTest, PreferredNeedsOnlyMoveTheScore) {
  CandidateProfile c = Candidate();
  c.preferred_needs = Need("on_the_job_coaching") | Need("regular_breaks");
  VacancyProfile v = Vacancy();
  v.offered = Adjustment("extra_breaks");
  Assessment a = model_->Assess(c, v, Policy());
  ASSERT_TRUE(a.feasible());
  EXPECT_EQ(a.breakdown.preferred_needs(), 125);  // 1 of 2
}

TEST_F(MatchModelTest, DemandAboveCapacityFailsUnlessAnAdjustmentLowersIt) {
  const int lifting = Dim("lifting");
  CandidateProfile c = Candidate();
  c.capacity[lifting] = 1;
  VacancyProfile v = Vacancy();
  v.demand[lifting] = 3;
  Assessment a = model_->Assess(c, v, Policy());
  ASSERT_THAT(Kinds(a), ElementsAre(Constraint::CAPACITY));
  EXPECT_EQ(a.failures[0].subject, lifting);

  v1::MatchExplanation e = model_->Explain(c, v, Policy());
  bool offers_lifting_aids = false;
  bool lowers_demand = false;
  for (const auto& u : e.unlockers()) {
    offers_lifting_aids |= u.offer_adjustment() == "lifting_aids";
    lowers_demand |= u.has_lower_demand() &&
                     u.lower_demand().dimension() == "lifting" &&
                     u.lower_demand().level() == 1;
  }
  EXPECT_TRUE(offers_lifting_aids) << e.DebugString();
  EXPECT_TRUE(lowers_demand) << e.DebugString();

  v.offered = Adjustment("lifting_aids");  // lowers lifting by 2: 3 -> 1
  a = model_->Assess(c, v, Policy());
  EXPECT_TRUE(a.feasible());
  e = model_->Explain(c, v, Policy());
  ASSERT_EQ(e.dimensions_size(), 1);
  EXPECT_EQ(e.dimensions(0).demand(), 3);
  EXPECT_EQ(e.dimensions(0).effective_demand(), 1);
  EXPECT_THAT(e.dimensions(0).lowered_by(), ElementsAre("lifting_aids"));
}

TEST_F(MatchModelTest, EveningWorkIsADemand) {
  const int evenings = Dim("evenings");
  CandidateProfile c = Candidate();
  c.capacity[evenings] = 0;
  VacancyProfile v = Vacancy();
  v.demand[evenings] = 1;
  EXPECT_THAT(Kinds(model_->Assess(c, v, Policy())),
              ElementsAre(Constraint::CAPACITY));
}

TEST_F(MatchModelTest, HoursMustOverlap) {
  VacancyProfile v = Vacancy();
  v.hours_min = 32;
  v.hours_max = 40;
  Assessment a = model_->Assess(Candidate(), v, Policy());
  EXPECT_THAT(Kinds(a), ElementsAre(Constraint::HOURS));
  v1::MatchExplanation e = model_->Explain(Candidate(), v, Policy());
  ASSERT_EQ(e.unlockers_size(), 1);
  EXPECT_EQ(e.unlockers(0).offer_hours().min(), 24);
  EXPECT_EQ(e.hours().overlap(), 0);
  EXPECT_FALSE(e.hours().met());
  // Touching ranges overlap in one hour, as the score and the explanation
  // both say.
  v.hours_min = 24;
  EXPECT_TRUE(model_->Assess(Candidate(), v, Policy()).feasible());
  e = model_->Explain(Candidate(), v, Policy());
  EXPECT_EQ(e.hours().overlap(), 1);
  EXPECT_TRUE(e.hours().met());
  EXPECT_GT(e.score_breakdown().hours_fit(), 0);
}

TEST_F(MatchModelTest, TravelRangeOrRemote) {
  VacancyProfile v = Vacancy();
  v.postcode = Postcode("1011");  // Amsterdam, ~45 km from Amersfoort
  double km = model_->DistancesFrom(v.postcode)->km[Candidate().postcode];
  EXPECT_GT(km, 35);
  EXPECT_LT(km, 55);
  EXPECT_THAT(Kinds(model_->Assess(Candidate(), v, Policy())),
              ElementsAre(Constraint::TRAVEL));
  v.remote = true;
  Assessment a = model_->Assess(Candidate(), v, Policy());
  EXPECT_TRUE(a.feasible());
  EXPECT_EQ(a.breakdown.distance(), 150);
}

TEST_F(MatchModelTest, AvailabilityAndFreshness) {
  CandidateProfile c = Candidate();
  c.availability = Availability::kPlaced;
  EXPECT_THAT(Kinds(model_->Assess(c, Vacancy(), Policy())),
              ElementsAre(Constraint::AVAILABILITY));
  c.availability = Availability::kFrom;
  c.available_from_day = kToday + 1;
  EXPECT_THAT(Kinds(model_->Assess(c, Vacancy(), Policy())),
              ElementsAre(Constraint::AVAILABILITY));
  c.available_from_day = kToday;
  EXPECT_TRUE(model_->Assess(c, Vacancy(), Policy()).feasible());
  c.last_confirmed_day = kToday - 181;
  EXPECT_THAT(Kinds(model_->Assess(c, Vacancy(), Policy())),
              ElementsAre(Constraint::FRESHNESS));
  c.last_confirmed_day = kToday - 180;
  EXPECT_TRUE(model_->Assess(c, Vacancy(), Policy()).feasible());
}

TEST_F(MatchModelTest, OccupationClosenessAlongTheIscoHierarchy) {
  CandidateProfile c = Candidate();
  VacancyProfile v = Vacancy();
  // A building-cleaner job (9112) against a furniture cleaner (same unit
  // group 9112: 60%) and a sewerage cleaner (9129: same sub-major group 91,
  // 15% -> 37); adding the job's own occupation as interest: 75% -> 187.
  c.occupations = {{Esco("23be4cb6-c5e7-449e-8d76-8edfe9a00478"), true}};
  EXPECT_EQ(model_->Assess(c, v, Policy()).breakdown.occupation(), 150);
  c.occupations = {{Esco("1f31c047-3d72-45fe-83ff-91bd826913c6"), true}};
  EXPECT_EQ(model_->Assess(c, v, Policy()).breakdown.occupation(), 37);
  c.occupations.push_back({v.occupation, false});
  EXPECT_EQ(model_->Assess(c, v, Policy()).breakdown.occupation(), 187);
}

TEST_F(MatchModelTest, MustHaveNeedsExperienceNotInterest) {
  CandidateProfile c = Candidate();
  VacancyProfile v = Vacancy();
  v.must_haves = {v.occupation};
  c.occupations = {{v.occupation, false}};
  Assessment a = model_->Assess(c, v, Policy());
  EXPECT_THAT(Kinds(a), ElementsAre(Constraint::MUST_HAVE));
  c.occupations = {{v.occupation, true}};
  EXPECT_TRUE(model_->Assess(c, v, Policy()).feasible());
}

TEST_F(MatchModelTest, WageValueAgainstSubsidyAcceptance) {
  CandidateProfile c = Candidate();
  c.wage_value = 60;
  VacancyProfile v = Vacancy();
  EXPECT_EQ(model_->Assess(c, v, Policy()).breakdown.wage_value(), 60);
  v.offered = Adjustment("wage_cost_subsidy");
  EXPECT_EQ(model_->Assess(c, v, Policy()).breakdown.wage_value(), 100);
}

TEST_F(MatchModelTest, HeadroomCountsSpareCapacityOverEffectiveDemand) {
  const int lifting = Dim("lifting");
  const int levels = model_->levels(lifting);
  CandidateProfile c = Candidate();
  c.capacity[lifting] = static_cast<uint8_t>(levels - 1);  // top
  VacancyProfile v = Vacancy();
  v.demand[lifting] = 1;
  // (top - 1) spare of (top - 1) possible: full headroom.
  EXPECT_EQ(model_->Assess(c, v, Policy()).breakdown.headroom(), 100);
  c.capacity[lifting] = 1;
  EXPECT_EQ(model_->Assess(c, v, Policy()).breakdown.headroom(), 0);
}

// The worked example of docs/MATCHING.md, number for number.
TEST_F(MatchModelTest, WorkedExampleOfTheDocs) {
  const int lifting = Dim("lifting");
  CandidateProfile c = Candidate();
  c.required_needs = Need("on_the_job_coaching");
  c.preferred_needs = Need("regular_breaks");
  c.capacity[lifting] = 1;
  c.occupations = {{Esco("23be4cb6-c5e7-449e-8d76-8edfe9a00478"), true}};
  VacancyProfile v = Vacancy();
  v.demand[lifting] = 3;
  v.offered = Adjustment("jobcoach_light") | Adjustment("lifting_aids");
  Assessment a = model_->Assess(c, v, Policy());
  ASSERT_TRUE(a.feasible());
  EXPECT_EQ(a.breakdown.preferred_needs(), 0);
  EXPECT_EQ(a.breakdown.occupation(), 150);
  EXPECT_EQ(a.breakdown.hours_fit(), 103);
  EXPECT_EQ(a.breakdown.distance(), 150);
  EXPECT_EQ(a.breakdown.headroom(), 0);
  EXPECT_EQ(a.breakdown.wage_value(), 100);
  EXPECT_EQ(a.score, 503);
}

TEST_F(MatchModelTest, ClosedVacancyMatchesNobody) {
  VacancyProfile v = Vacancy();
  v.state = VacancyState::kNotOpen;
  EXPECT_THAT(Kinds(model_->Assess(Candidate(), v, Policy())),
              ElementsAre(Constraint::VACANCY_CLOSED));
}

}  // namespace
}  // namespace passend::matcher
