// Candidate profiles written out and read back (the matcher's snapshot):
// exact round trips through a matcher, refusal under other data, and a clear
// error, never a crash, for damaged bytes.
#include "matcher/profile_codec.h"

#include <algorithm>
#include <cstring>

#include "gtest/gtest.h"
#include "matcher/matcher.h"
#include "tests/matcher/random_population.h"
#include "tests/shipped_data.h"
#include "tests/test_util.h"

namespace passend::matcher {
namespace {

using passend::testing::ValueOrDie;

class ProfileCodecTest : public passend::testing::ShippedModelTest {
 protected:
  static void ExpectEqual(const CandidateProfile& a,
                          const CandidateProfile& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.capacity, b.capacity) << a.id;
    EXPECT_EQ(a.required_needs, b.required_needs) << a.id;
    EXPECT_EQ(a.preferred_needs, b.preferred_needs) << a.id;
    EXPECT_EQ(a.hours_min, b.hours_min) << a.id;
    EXPECT_EQ(a.hours_max, b.hours_max) << a.id;
    EXPECT_EQ(a.postcode, b.postcode) << a.id;
    EXPECT_EQ(a.region, b.region) << a.id;
    EXPECT_EQ(a.travel_km, b.travel_km) << a.id;
    EXPECT_EQ(a.availability, b.availability) << a.id;
    EXPECT_EQ(a.available_from_day, b.available_from_day) << a.id;
    EXPECT_EQ(a.last_confirmed_day, b.last_confirmed_day) << a.id;
    EXPECT_EQ(a.wage_value, b.wage_value) << a.id;
    ASSERT_EQ(a.occupations.size(), b.occupations.size()) << a.id;
    for (size_t i = 0; i < a.occupations.size(); ++i) {
      EXPECT_EQ(a.occupations[i].esco, b.occupations[i].esco) << a.id;
      EXPECT_EQ(a.occupations[i].experience, b.occupations[i].experience)
          << a.id;
    }
  }

  static std::string Encode(const std::vector<CandidateProfile>& profiles) {
    std::string out;
    CandidateProfileEncoder encoder(*compiler_, &out);
    for (const CandidateProfile& p : profiles) encoder.Add(p);
    encoder.Finish();
    return out;
  }

  static std::vector<CandidateProfile> Population(int n, uint64_t seed) {
    RandomPopulation gen(*model_, seed);
    std::vector<CandidateProfile> all;
    for (int i = 0; i < n; ++i) all.push_back(gen.Candidate(i));
    return all;
  }
};

TEST_F(ProfileCodecTest, MatcherRoundTripIsExact) {
  std::vector<CandidateProfile> expected = Population(2000, 7);
  std::sort(expected.begin(), expected.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  // Written by the encoder, loaded, written again by the matcher (from its
  // index, in no particular order) and loaded into a second one.
  std::unique_ptr<Matcher> source =
      ValueOrDie(Matcher::Create(taxonomy_, reference_));
  ASSERT_TRUE(source->LoadCandidates(Encode(expected)).ok());
  std::string bytes;
  source->EncodeCandidates(&bytes);
  std::unique_ptr<Matcher> copy =
      ValueOrDie(Matcher::Create(taxonomy_, reference_));
  ASSERT_TRUE(copy->LoadCandidates(bytes).ok());
  std::vector<CandidateProfile> loaded = copy->candidates().Snapshot();
  ASSERT_EQ(loaded.size(), expected.size());
  ASSERT_EQ(loaded.size(), 2000u);
  for (size_t i = 0; i < loaded.size(); ++i)
    ExpectEqual(loaded[i], expected[i]);

  // Only into an empty index; a refused load changes nothing.
  absl::Status again = copy->LoadCandidates(bytes);
  EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(copy->candidates().size(), 2000u);
}

TEST_F(ProfileCodecTest, RefusedUnderAnotherTaxonomy) {
  const std::string bytes = Encode(Population(10, 8));
  v1::Taxonomy changed = taxonomy_->proto();
  changed.mutable_dimensions(0)->set_normal_level(
      changed.dimensions(0).normal_level() == 0 ? 1 : 0);
  Taxonomy other = ValueOrDie(Taxonomy::FromProto(changed));
  ProfileCompiler other_compiler =
      ValueOrDie(ProfileCompiler::Create(&other, reference_));
  EXPECT_NE(ProfileFingerprint(other_compiler), ProfileFingerprint(*compiler_));
  EXPECT_EQ(DecodeCandidateProfiles(other_compiler, bytes).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(DecodeCandidateProfiles(*compiler_, bytes).ok());
}

TEST_F(ProfileCodecTest, DamagedBytesAreRefusedClearly) {
  std::vector<CandidateProfile> population = Population(3, 9);
  const std::string bytes = Encode(population);
  // Every truncation.
  for (size_t n = 0; n < bytes.size(); ++n) {
    absl::StatusCode code =
        DecodeCandidateProfiles(*compiler_, bytes.substr(0, n)).status().code();
    EXPECT_TRUE(code == absl::StatusCode::kDataLoss ||
                code == absl::StatusCode::kFailedPrecondition)
        << "prefix " << n;
  }
  EXPECT_EQ(DecodeCandidateProfiles(*compiler_, bytes + "x").status().code(),
            absl::StatusCode::kDataLoss);
  // Indexes past the reference data.
  auto with = [&](auto change) {
    std::vector<CandidateProfile> bad = population;
    change(bad[1]);
    return DecodeCandidateProfiles(*compiler_, Encode(bad)).status();
  };
  EXPECT_EQ(with([&](CandidateProfile& p) {
              p.postcode =
                  static_cast<uint16_t>(reference_->postcode_areas().size());
            }).code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(with([&](CandidateProfile& p) {
              p.region = static_cast<uint8_t>(reference_->regions().size());
            }).code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(with([&](CandidateProfile& p) {
              p.capacity[0] =
                  static_cast<uint8_t>(taxonomy_->dimension(0).levels_size());
            }).code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(
      with([&](CandidateProfile& p) {
        p.occupations.push_back(
            {static_cast<uint16_t>(reference_->occupations().size()), true});
      }).code(),
      absl::StatusCode::kDataLoss);
  EXPECT_EQ(
      with([&](CandidateProfile& p) { p.required_needs |= 1u << 31; }).code(),
      absl::StatusCode::kDataLoss);
  // A count no byte string could hold.
  std::string huge = bytes;
  const uint64_t count = uint64_t{1} << 60;
  const size_t count_at = 30 + 8;  // after the magic and the fingerprint
  std::memcpy(huge.data() + count_at, &count, sizeof count);
  EXPECT_FALSE(DecodeCandidateProfiles(*compiler_, huge).ok());
}

}  // namespace
}  // namespace passend::matcher
