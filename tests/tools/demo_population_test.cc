#include "tools/demo_population.h"

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "gtest/gtest.h"
#include "services/api/validation.h"
#include "tests/shipped_data.h"
#include "tests/test_util.h"

namespace passend::tools {
namespace {

class DemoPopulationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    taxonomy_ = &passend::testing::ShippedTaxonomy();
    reference_ = &passend::testing::ShippedReference();
  }
  static DemoOptions Options(uint64_t seed) {
    DemoOptions options;
    options.seed = seed;
    options.today = absl::CivilDay(2026, 6, 1);
    return options;
  }
  static const matcher::Taxonomy* taxonomy_;
  static const matcher::ReferenceData* reference_;
};
const matcher::Taxonomy* DemoPopulationTest::taxonomy_ = nullptr;
const matcher::ReferenceData* DemoPopulationTest::reference_ = nullptr;

TEST_F(DemoPopulationTest, DeterministicPerSeedAndIndex) {
  DemoPopulation a(*taxonomy_, *reference_, Options(1));
  DemoPopulation b(*taxonomy_, *reference_, Options(1));
  DemoPopulation c(*taxonomy_, *reference_, Options(2));
  int differ = 0;
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(a.Candidate(i).SerializeAsString(),
              b.Candidate(i).SerializeAsString());
    EXPECT_EQ(a.Vacancy(i).SerializeAsString(),
              b.Vacancy(i).SerializeAsString());
    differ += a.Candidate(i).SerializeAsString() !=
              c.Candidate(i).SerializeAsString();
  }
  EXPECT_GT(differ, 95);
  // Order does not matter: record 50 alone equals record 50 in sequence.
  EXPECT_EQ(DemoPopulation(*taxonomy_, *reference_, Options(1))
                .Candidate(50)
                .SerializeAsString(),
            a.Candidate(50).SerializeAsString());
}

TEST_F(DemoPopulationTest, EveryRecordPassesTheServersValidation) {
  DemoPopulation population(*taxonomy_, *reference_, Options(42));
  services::Validator validator(*taxonomy_, *reference_);
  for (int i = 0; i < 5000; ++i) {
    absl::Status s = validator.ValidateCandidate(population.Candidate(i), "",
                                                 absl::CivilDay(2026, 6, 1));
    ASSERT_TRUE(s.ok()) << "candidate " << i << ": " << s;
  }
  for (int i = 0; i < 1000; ++i) {
    v1::Vacancy v = population.Vacancy(i);
    absl::Status s = validator.ValidateVacancy(v, "");
    ASSERT_TRUE(s.ok()) << "vacancy " << i << ": " << s;
    ASSERT_EQ(v.region(),
              reference_->FindPostcodeArea(v.postcode_area())->region_code);
  }
}

TEST_F(DemoPopulationTest, CalibratedToTheDomainFigures) {
  DemoPopulation population(*taxonomy_, *reference_, Options(42));
  const int n = 20000;
  const absl::CivilDay today(2026, 6, 1);
  absl::flat_hash_map<std::string, int> by_region, by_label;
  // need -> labels of the people who have it
  absl::flat_hash_map<std::string, absl::flat_hash_set<std::string>>
      need_labels;
  absl::flat_hash_map<std::string, int> need_count;
  int stale = 0, placeable = 0, available = 0;
  for (int i = 0; i < n; ++i) {
    v1::Candidate c = population.Candidate(i);
    ++by_region[c.owner_region()];
    ++by_label[c.label()];
    absl::CivilDay confirmed(c.last_confirmed().year(),
                             c.last_confirmed().month(),
                             c.last_confirmed().day());
    stale += today - confirmed > 180;
    placeable += c.placeability() == v1::Candidate::PLACEABLE;
    available += c.availability() == v1::Candidate::AVAILABLE_NOW;
    for (const auto& need : c.support_needs()) {
      need_labels[need.need()].insert(c.label());
      ++need_count[need.need()];
    }
  }
  EXPECT_EQ(by_region.size(), 35u) << "every region has candidates";
  EXPECT_GT(by_region["AM18"], 4 * by_region["AM35"])
      << "Groot Amsterdam is far larger than Gorinchem";
  EXPECT_NEAR(by_label["wajong"] / double(n), 0.40, 0.03);
  EXPECT_NEAR(by_label["wsw"] / double(n), 0.23, 0.03);
  EXPECT_NEAR(stale / double(n), 0.22, 0.03);
  EXPECT_NEAR(placeable / double(n), 0.15, 0.04);
  EXPECT_NEAR(available / double(n), 0.80, 0.03);
  // Labels correlate with needs but never decide them: every common need is
  // found under several labels.
  for (const auto& [need, count] : need_count) {
    if (count < 200) continue;
    EXPECT_GE(need_labels[need].size(), 4u) << need;
  }
  int with_adjustments = 0, few = 0;
  for (int i = 0; i < 2000; ++i) {
    int offered = population.Vacancy(i).offered_adjustments_size();
    with_adjustments += offered > 0;
    few += offered <= 1;
  }
  EXPECT_GT(few, 400) << "many employers offer few adjustments";
  EXPECT_GT(with_adjustments, 1000);

  // Work from home only where it is plausible: no cleaner, care worker,
  // driver, shop assistant or machine operator works remotely.
  int remote = 0, office = 0;
  for (int i = 0; i < 5000; ++i) {
    const v1::Vacancy v = population.Vacancy(i);
    const matcher::Occupation* o = reference_->FindOccupation(v.occupation());
    ASSERT_NE(o, nullptr);
    const bool plausible = RemoteWorkPlausible(o->isco_group);
    office += plausible;
    if (!v.remote_possible()) continue;
    ++remote;
    EXPECT_TRUE(plausible) << o->label_en << " (" << o->isco_group << ")";
    EXPECT_TRUE(o->isco_group[0] != '5' && o->isco_group[0] != '6' &&
                o->isco_group[0] != '7' && o->isco_group[0] != '8' &&
                o->isco_group[0] != '9' && o->isco_group.substr(0, 2) != "22" &&
                o->isco_group.substr(0, 2) != "23")
        << o->label_en;
  }
  EXPECT_GT(remote, office / 4) << "office work often can be done from home";
  EXPECT_LT(remote, office * 3 / 5);
  EXPECT_FALSE(RemoteWorkPlausible("9112"));  // cleaners
  EXPECT_FALSE(RemoteWorkPlausible("5321"));  // care workers
  EXPECT_TRUE(RemoteWorkPlausible("2512"));   // software developers
  EXPECT_TRUE(RemoteWorkPlausible("4222"));   // contact centre
}

}  // namespace
}  // namespace passend::tools
