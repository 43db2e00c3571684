#include "matcher/reference_data.h"

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "matcher/csv.h"
#include "tests/test_util.h"

namespace passend::matcher {
namespace {

using passend::testing::DataDir;
using passend::testing::TempDir;
using passend::testing::ValueOrDie;

TEST(CsvTest, QuotesCommasDoubledQuotesAndCrlf) {
  CsvTable t = ValueOrDie(ParseCsv(
      "a,b,c\r\n1,\"x, y\",3\r\n4,\"say \"\"hi\"\"\",6\n7,\"two\nlines\",9",
      "t.csv", {"c", "b"}));
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[0], (std::vector<std::string>{"3", "x, y"}));
  EXPECT_EQ(t.rows[1][1], "say \"hi\"");
  EXPECT_EQ(t.rows[2][1], "two\nlines");
  EXPECT_EQ(t.lines[2], 4);
}

TEST(CsvTest, ErrorsNameSourceAndLine) {
  absl::Status s = ParseCsv("a,b\n1,2\n3\n", "t.csv", {"a"}).status();
  EXPECT_NE(s.message().find("t.csv line 3"), std::string::npos) << s;
  s = ParseCsv("a,b\n1,\"open\n", "t.csv", {"a"}).status();
  EXPECT_NE(s.message().find("never closed"), std::string::npos) << s;
  s = ParseCsv("a,b\n", "t.csv", {"c"}).status();
  EXPECT_NE(s.message().find("no column \"c\""), std::string::npos) << s;
  s = ParseCsv("a\n\"x\"y\n", "t.csv", {"a"}).status();
  EXPECT_NE(s.message().find("after a closing quote"), std::string::npos) << s;
}

TEST(ReferenceDataTest, ShippedDataLoadsWithTheDocumentedCounts) {
  auto data = ValueOrDie(ReferenceData::LoadDirectory(DataDir()));
  EXPECT_EQ(data->regions().size(), 35u);
  EXPECT_EQ(data->municipalities().size(), 342u);
  EXPECT_EQ(data->postcode_areas().size(), 4086u);
  EXPECT_EQ(data->isco_groups().size(), 619u);
  EXPECT_EQ(data->occupations().size(), 3007u);
  EXPECT_EQ(data->occupation_labels().size(), 51086u);

  const PostcodeArea* dam = data->FindPostcodeArea("1011");
  ASSERT_NE(dam, nullptr);
  EXPECT_EQ(dam->region_code, "AM18");
  EXPECT_EQ(data->FindRegion("AM18")->name, "Groot Amsterdam");
  // A quoted municipality name with a comma.
  const PostcodeArea* nuenen = data->FindPostcodeArea("5671");
  ASSERT_NE(nuenen, nullptr);
  EXPECT_EQ(data->FindMunicipality(nuenen->municipality_code)->name,
            "Nuenen, Gerwen en Nederwetten");
  const IscoGroup* unit = data->FindIscoGroup("0110");
  ASSERT_NE(unit, nullptr);
  EXPECT_EQ(unit->level, 4);
  EXPECT_EQ(unit->parent_code, "011");
  const Occupation* cleaner =
      data->FindOccupation("303a1e34-cb16-4054-b323-81e5eec17397");
  ASSERT_NE(cleaner, nullptr);
  EXPECT_EQ(cleaner->isco_group, "9112");
  EXPECT_EQ(data->FindPostcodeArea("0000"), nullptr);
  EXPECT_EQ(data->FindRegion("AM99"), nullptr);
}

TEST(ReferenceDataTest, GreatCircleDistances) {
  // Amsterdam Dam square to Utrecht Dom tower: about 35 km.
  double km = GreatCircleKm(52.3731, 4.8926, 52.0907, 5.1214);
  EXPECT_NEAR(km, 35.0, 1.5);
  EXPECT_DOUBLE_EQ(GreatCircleKm(52.0, 5.0, 52.0, 5.0), 0.0);
  EXPECT_DOUBLE_EQ(km, GreatCircleKm(52.0907, 5.1214, 52.3731, 4.8926));
  // One degree of latitude is about 111.2 km.
  EXPECT_NEAR(GreatCircleKm(52.0, 5.0, 53.0, 5.0), 111.2, 0.2);
}

TEST(ReferenceDataTest, BrokenDirectoriesAreRefused) {
  TempDir dir;
  for (const auto& entry : std::filesystem::directory_iterator(DataDir())) {
    if (entry.path().extension() == ".csv") {
      std::filesystem::copy_file(
          entry.path(), dir.path() + "/" + entry.path().filename().string());
    }
  }
  std::filesystem::permissions(dir.path() + "/pc4.csv",
                               std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::add);
  ASSERT_TRUE(ReferenceData::LoadDirectory(dir.path()).ok());
  {
    std::ofstream out(dir.path() + "/pc4.csv", std::ios::app);
    out << "9999,52.0,5.0,GM9999,Nowhere,AM14,Nowhere,0\n";
  }
  absl::Status s = ReferenceData::LoadDirectory(dir.path()).status();
  EXPECT_NE(s.message().find("unknown municipality \"GM9999\""),
            std::string::npos)
      << s;
  std::filesystem::remove(dir.path() + "/regions.csv");
  s = ReferenceData::LoadDirectory(dir.path()).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_NE(s.message().find("regions.csv"), std::string::npos) << s;
}

}  // namespace
}  // namespace passend::matcher
