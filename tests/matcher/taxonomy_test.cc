#include "matcher/taxonomy.h"

#include <fstream>
#include <functional>

#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace passend::matcher {
namespace {

using passend::testing::DataDir;
using passend::testing::TempDir;
using passend::testing::ValueOrDie;

Taxonomy Shipped() {
  return ValueOrDie(Taxonomy::LoadFile(DataDir() + "/taxonomy.textproto"));
}

TEST(TaxonomyTest, ShippedFileLoads) {
  Taxonomy t = Shipped();
  EXPECT_EQ(t.proto().version(), "2026.2");
  EXPECT_EQ(t.proto().dimensions_size(), 36);
  EXPECT_EQ(t.proto().support_needs_size(), 15);
  EXPECT_GE(t.proto().adjustments_size(), 20);
  EXPECT_EQ(t.proto().stale_after_days(), 180);
  int lifting = t.DimensionIndex("lifting");
  ASSERT_GE(lifting, 0);
  EXPECT_EQ(t.dimension(lifting).levels_size(), 4);
  EXPECT_GE(t.NeedIndex("on_the_job_coaching"), 0);
  EXPECT_GE(t.AdjustmentIndex("jobcoach_light"), 0);
  EXPECT_EQ(t.adjustment(t.AdjustmentIndex("wage_cost_subsidy")).kind(),
            v1::FINANCIAL);
  EXPECT_TRUE(t.HasLabel("wajong"));
  EXPECT_TRUE(t.HasDeclineReason("candidate_declined"));
  // Every level has its Dutch name; every need and adjustment is described
  // in both languages.
  for (const auto& d : t.proto().dimensions()) {
    EXPECT_EQ(d.levels_nl_size(), d.levels_size()) << d.id();
    for (const auto& level : d.levels_nl()) EXPECT_FALSE(level.empty());
  }
  for (const auto& n : t.proto().support_needs()) {
    EXPECT_FALSE(n.description_nl().empty() || n.description_en().empty())
        << n.id();
  }
  for (const auto& a : t.proto().adjustments()) {
    EXPECT_FALSE(a.description_nl().empty() || a.description_en().empty())
        << a.id();
  }
  EXPECT_EQ(t.DimensionIndex("flying"), -1);
  EXPECT_FALSE(t.HasLabel("lazy"));
}

// Each broken variant and a fragment its error must contain.
struct Broken {
  std::string expect;
  std::function<void(v1::Taxonomy&)> breakit;
};

TEST(TaxonomyTest, RejectsBrokenVariantsNamingTheEntry) {
  const std::vector<Broken> cases = {
      {"version", [](v1::Taxonomy& t) { t.clear_version(); }},
      {"stale_after_days", [](v1::Taxonomy& t) { t.set_stale_after_days(0); }},
      {"levels but",
       [](v1::Taxonomy& t) {
         t.mutable_dimensions(0)->mutable_levels_nl()->RemoveLast();
       }},
      {"dimension \"lifting\" is defined twice",
       [](v1::Taxonomy& t) {
         *t.add_dimensions() = t.dimensions(t.dimensions_size() - 13);
         t.mutable_dimensions(t.dimensions_size() - 1)->set_id("lifting");
       }},
      {"must be 1-64 of [a-z0-9_]",
       [](v1::Taxonomy& t) { t.mutable_support_needs(0)->set_id("Bad Id"); }},
      {"needs 2 to 8 levels",
       [](v1::Taxonomy& t) { t.mutable_dimensions(0)->clear_levels(); }},
      {"normal_level 9",
       [](v1::Taxonomy& t) { t.mutable_dimensions(0)->set_normal_level(9); }},
      {"vacancy_field \"weekend_work\"",
       [](v1::Taxonomy& t) {
         t.mutable_dimensions(0)->set_vacancy_field("weekend_work");
       }},
      {"used by two dimensions",
       [](v1::Taxonomy& t) {
         t.mutable_dimensions(0)->set_vacancy_field("evening_work");
       }},
      {"has no kind",
       [](v1::Taxonomy& t) { t.mutable_adjustments(0)->clear_kind(); }},
      {"meets_needs names unknown support need \"telepathy\"",
       [](v1::Taxonomy& t) {
         t.mutable_adjustments(0)->add_meets_needs("telepathy");
       }},
      {"lowers_demands names unknown dimension \"flying\"",
       [](v1::Taxonomy& t) {
         auto* r = t.mutable_adjustments(0)->add_lowers_demands();
         r->set_dimension("flying");
         r->set_levels(1);
       }},
      {"by 0 levels",
       [](v1::Taxonomy& t) {
         auto* r = t.mutable_adjustments(0)->add_lowers_demands();
         r->set_dimension("lifting");
       }},
      {"support need \"unmet_need\" is met by no adjustment",
       [](v1::Taxonomy& t) { t.add_support_needs()->set_id("unmet_need"); }},
      {"label \"wajong\" is defined twice",
       [](v1::Taxonomy& t) { t.add_labels()->set_id("wajong"); }},
  };
  for (const Broken& b : cases) {
    v1::Taxonomy proto = Shipped().proto();
    b.breakit(proto);
    absl::Status s = Taxonomy::FromProto(proto).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << b.expect;
    EXPECT_NE(s.message().find(b.expect), std::string::npos)
        << "expected \"" << b.expect << "\" in: " << s.message();
  }
}

TEST(TaxonomyTest, FileErrorsNameTheFile) {
  TempDir dir;
  const std::string path = dir.path() + "/taxonomy.textproto";
  {
    std::ofstream out(path);
    out << "version: \"x\"\ndimensions { id: \"a\" levels: oops }\n";
  }
  absl::Status s = Taxonomy::LoadFile(path).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find(path), std::string::npos) << s;
  EXPECT_NE(s.message().find("line 2"), std::string::npos) << s;

  {
    std::ofstream out(path);
    out << "version: \"x\"\nstale_after_days: 10\nsupport_needs { id: \"n\" "
           "}\n";
  }
  s = Taxonomy::LoadFile(path).status();
  EXPECT_NE(s.message().find(path), std::string::npos) << s;
  EXPECT_NE(s.message().find("\"n\" is met by no adjustment"),
            std::string::npos)
      << s;
  EXPECT_EQ(Taxonomy::LoadFile(dir.path() + "/missing").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace passend::matcher
