#include "matcher/occupation_search.h"

#include <algorithm>
#include <random>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace passend::matcher {
namespace {

using passend::testing::DataDir;
using passend::testing::ValueOrDie;

class OccupationSearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    reference_ = ValueOrDie(ReferenceData::LoadDirectory(DataDir())).release();
    search_ = new OccupationSearch(reference_);
  }
  static void TearDownTestSuite() {
    delete search_;
    delete reference_;
  }

  static std::vector<OccupationSearch::Hit> Find(
      absl::string_view query, std::optional<Language> language = {},
      size_t limit = 10) {
    return search_->Search(query, {language, limit});
  }

  static bool Contains(const std::vector<OccupationSearch::Hit>& hits,
                       const Occupation* occupation) {
    return std::any_of(hits.begin(), hits.end(), [&](const auto& hit) {
      return hit.occupation == occupation;
    });
  }

  static ReferenceData* reference_;
  static OccupationSearch* search_;
};
ReferenceData* OccupationSearchTest::reference_ = nullptr;
OccupationSearch* OccupationSearchTest::search_ = nullptr;

constexpr absl::string_view kBuildingCleaner =
    "303a1e34-cb16-4054-b323-81e5eec17397";

TEST(SearchWordsTest, FoldsCaseAndAccentsAndSplitsOnEverythingElse) {
  EXPECT_EQ(SearchWords("Privéleraar/Privélerares"),
            (std::vector<std::string>{"priveleraar", "privelerares"}));
  EXPECT_EQ(SearchWords("  ÉÈËÏÖÜ-çñ  x2 "),
            (std::vector<std::string>{"eeeiou", "cn", "x2"}));
  // A soft hyphen and a zero-width space join; a no-break space splits.
  EXPECT_EQ(SearchWords("schoon\xC2\xADmaker glazen\xE2\x80\x8Bwasser"),
            (std::vector<std::string>{"schoonmaker", "glazenwasser"}));
  EXPECT_EQ(SearchWords("a\xC2\xA0"
                        "b\xE2\x80\x99s"),
            (std::vector<std::string>{"a", "b", "s"}));
  EXPECT_TRUE(SearchWords(" -/'\xE2\x80\x99 ").empty());
  // A broken sequence at the end is dropped, not read past.
  EXPECT_EQ(SearchWords("ab\xC3"), (std::vector<std::string>{"ab"}));
}

TEST_F(OccupationSearchTest, AWholePreferredLabelComesFirst) {
  const Occupation* cleaner = reference_->FindOccupation(kBuildingCleaner);
  for (absl::string_view query :
       {"schoonmaker gebouwen", "Building Cleaner", "building cleaner"}) {
    auto hits = Find(query);
    ASSERT_FALSE(hits.empty()) << query;
    EXPECT_EQ(hits[0].occupation, cleaner) << query;
  }
  auto hits = Find("schoonmaker gebouwen", Language::kDutch);
  EXPECT_EQ(hits[0].label, "schoonmaker gebouwen");
  EXPECT_EQ(hits[0].language, Language::kDutch);
}

TEST_F(OccupationSearchTest, StartsTyposAndCompoundsMatch) {
  const Occupation* cleaner = reference_->FindOccupation(kBuildingCleaner);
  // As typed, letter by letter, with a letter left out, and swapped.
  for (absl::string_view query :
       {"schoonm", "schoonmaker geb", "schonmaker gebouwen",
        "schoonmkaer gebouwen", "bulding cleaner"}) {
    EXPECT_TRUE(Contains(Find(query), cleaner)) << query;
  }
  // "schonmaker" is one letter from "schoonmaker" and from "schoenmaker"
  // (shoemaker): it finds both, and nothing further off.
  size_t cleaners = 0;
  for (const auto& hit : Find("schonmaker", Language::kDutch)) {
    const bool cleaner = absl::StrContains(hit.label, "schoonmak");
    cleaners += cleaner;
    EXPECT_TRUE(cleaner || absl::StrContains(hit.label, "schoenmak"))
        << hit.label;
  }
  EXPECT_GE(cleaners, 5u);
  // Inside a compound: "vliegtuigschoonmaker".
  auto hits = Find("schoonmaker", Language::kDutch, 50);
  EXPECT_TRUE(std::any_of(hits.begin(), hits.end(), [](const auto& hit) {
    return hit.occupation->label_nl == "vliegtuigschoonmaker";
  }));
  // Accents are ignored either way.
  const Occupation* artist =
      reference_->FindOccupation("76deb33d-f9bc-4ca2-a5cc-49c8f5a17f38");
  EXPECT_TRUE(Contains(Find("varieteartiest"), artist));
  EXPECT_TRUE(Contains(Find("VARIÉTÉ"), artist));
}

TEST_F(OccupationSearchTest, EveryWordMustMatch) {
  EXPECT_FALSE(Find("schoonmaker").empty());
  EXPECT_TRUE(Find("schoonmaker qqqqxz").empty());
  EXPECT_TRUE(Find("").empty());
  EXPECT_TRUE(Find(" -- ").empty());
  // Short words get no typo tolerance: "xyz" is no typo of anything.
  EXPECT_TRUE(Find("xyz").empty());
}

TEST_F(OccupationSearchTest, HiddenLabelsFindButAreNeverShown) {
  const std::string hidden = "QA medewerker voedingsmiddelen";
  auto hits = Find(hidden, Language::kDutch);
  ASSERT_FALSE(hits.empty());
  const Occupation* qa =
      reference_->FindOccupation("00ab5610-e715-428f-99f6-b1e5e469dbcd");
  ASSERT_NE(qa, nullptr);
  EXPECT_EQ(hits[0].occupation, qa);
  for (const auto& label : reference_->occupation_labels()) {
    if (!label.hidden) continue;
    for (const auto& hit : Find(label.text, {}, 50)) {
      ASSERT_NE(hit.label, label.text) << "a hidden label was shown";
    }
    break;
  }
  EXPECT_NE(hits[0].label, hidden);
}

TEST_F(OccupationSearchTest, RankedBestFirstWithinTheLimit) {
  auto hits = Find("medewerker", {}, 50);
  ASSERT_EQ(hits.size(), 50u);
  for (size_t i = 1; i < hits.size(); ++i) {
    EXPECT_GE(hits[i - 1].score, hits[i].score);
  }
  EXPECT_EQ(Find("medewerker", {}, 3).size(), 3u);
  EXPECT_TRUE(Find("medewerker", {}, 0).empty());
  // The same query gives the same answer.
  auto again = Find("medewerker", {}, 50);
  for (size_t i = 0; i < hits.size(); ++i) {
    EXPECT_EQ(hits[i].occupation, again[i].occupation);
  }
}

// Every occupation is found by its own preferred label in either
// language, whole, and with one letter of its longest word left out.
TEST_F(OccupationSearchTest, EveryOccupationIsFoundByItsLabelsAndTypos) {
  std::mt19937 random(7);
  size_t whole_first = 0, whole_found = 0, typo_found = 0, typo_tried = 0;
  const auto& occupations = reference_->occupations();
  for (const Occupation& o : occupations) {
    for (const std::string* label : {&o.label_en, &o.label_nl}) {
      auto hits = Find(*label, {}, 10);
      whole_found += Contains(hits, &o);
      whole_first += !hits.empty() && hits[0].occupation == &o;
      std::vector<std::string> words = SearchWords(*label);
      auto longest = std::max_element(
          words.begin(), words.end(),
          [](const auto& a, const auto& b) { return a.size() < b.size(); });
      if (longest->size() < 5) continue;
      longest->erase(1 + random() % (longest->size() - 1), 1);
      std::string typo;
      for (const auto& w : words) typo += w + " ";
      ++typo_tried;
      typo_found += Contains(Find(typo, {}, 10), &o);
    }
  }
  const size_t labels = 2 * occupations.size();
  EXPECT_EQ(whole_found, labels);
  // Four Dutch labels belong to two occupations each; a few labels are a
  // word of a longer one.
  EXPECT_GE(whole_first, labels * 99 / 100);
  EXPECT_GE(typo_found, typo_tried * 97 / 100);
  std::printf(
      "whole labels first: %zu of %zu; with a typo, found: %zu of %zu\n",
      whole_first, labels, typo_found, typo_tried);
}

}  // namespace
}  // namespace passend::matcher
