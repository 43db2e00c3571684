// The supply report: counts on hand-built entries, and small-cell
// suppression that neither a need's total nor the regions' totals undo.
#include "services/reports/supply.h"

#include "gtest/gtest.h"

namespace passend::services {
namespace {

SupplyEntry Entry(const std::string& region, std::vector<std::string> needs,
                  int limited = 0, int hours_max = 20, bool fresh = true) {
  SupplyEntry e;
  e.region = region;
  e.needs = std::move(needs);
  e.capacity_band = CapacityBandOf(limited);
  e.hours_band = HoursBandOf(hours_max);
  e.fresh = fresh;
  return e;
}

const v1::NeedSupply* Need(const v1::RegionSupply& r, const std::string& id) {
  for (const auto& n : r.needs()) {
    if (n.need() == id) return &n;
  }
  return nullptr;
}

TEST(SupplyTest, CountsByNeedCapacityAndHours) {
  std::vector<SupplyEntry> entries = {
      Entry("AM14", {}, 0, 12),
      Entry("AM14", {"on_the_job_coaching", "transport"}, 3, 40),
      Entry("AM14", {"transport"}, 1, 20),
      Entry("AM14", {}, 0, 12, /*fresh=*/false),
      Entry("AM18", {}, 2, 32),
  };
  entries[1].stamped_not_placeable = true;
  entries[1].placeable_by_need = true;
  entries[2].stamped_not_placeable = true;
  const v1::Supply s = ComputeSupply(entries, 0);
  ASSERT_EQ(s.regions_size(), 2);
  const v1::RegionSupply& am14 = s.regions(0);
  EXPECT_EQ(am14.region(), "AM14");
  EXPECT_EQ(am14.available(), 3);
  EXPECT_EQ(am14.stale(), 1);
  EXPECT_DOUBLE_EQ(am14.stale_share(), 0.25);
  EXPECT_EQ(am14.stamped_not_placeable(), 2);
  EXPECT_EQ(am14.placeable_by_need(), 1);
  // A candidate with two needs counts under each.
  ASSERT_NE(Need(am14, "transport"), nullptr);
  EXPECT_EQ(Need(am14, "transport")->candidates(), 2);
  EXPECT_EQ(Need(am14, "on_the_job_coaching")->candidates(), 1);
  EXPECT_EQ(Need(am14, "")->candidates(), 1);
  const v1::SupplyCell& cell = Need(am14, "on_the_job_coaching")->cells(0);
  EXPECT_EQ(cell.capacity_band(), v1::MANY_LIMITATIONS);
  EXPECT_EQ(cell.hours_band(), v1::OVER_32_HOURS);
  EXPECT_EQ(s.total().available(), 4);
  EXPECT_EQ(s.total().needs_size(), 0);
  EXPECT_EQ(CapacityBandOf(2), v1::SOME_LIMITATIONS);
  EXPECT_EQ(HoursBandOf(21), v1::UP_TO_32_HOURS);
}

TEST(SupplyTest, SmallCellsCannotBeRecoveredFromTotals) {
  std::vector<SupplyEntry> entries;
  auto add = [&](int n, const std::string& region, int limited, int hours,
                 bool stamped = false, bool placeable = false) {
    for (int i = 0; i < n; ++i) {
      entries.push_back(Entry(region, {"transport"}, limited, hours));
      entries.back().stamped_not_placeable = stamped;
      entries.back().placeable_by_need = placeable;
    }
  };
  add(40, "AM01", 0, 20);
  add(3, "AM01", 3, 40);               // a small cell
  add(12, "AM01", 1, 12, true, true);  // stamped, placeable
  add(2, "AM01", 1, 12, true, false);  // stamped, not placeable: small
  add(30, "AM02", 0, 20);
  add(4, "AM03", 0, 20);  // a small region
  const v1::Supply s = ComputeSupply(entries, 10);
  EXPECT_EQ(s.suppressed_below(), 10);
  const v1::RegionSupply& am01 = s.regions(0);
  const v1::NeedSupply* transport = Need(am01, "transport");
  ASSERT_NE(transport, nullptr);
  EXPECT_EQ(transport->candidates(), 57);
  int64_t shown = 0;
  int hidden = 0;
  for (const auto& c : transport->cells()) {
    if (c.suppressed()) {
      ++hidden;
      EXPECT_EQ(c.candidates(), 0);
    } else {
      shown += c.candidates();
      EXPECT_GE(c.candidates(), 10);
    }
  }
  // The 3 are hidden with another cell: the total minus the cells shown is
  // a sum of at least ten.
  EXPECT_GE(hidden, 2);
  EXPECT_GE(transport->candidates() - shown, 10);
  // 14 stamped, 12 placeable: the 2 left over would show by subtraction.
  EXPECT_EQ(am01.stamped_not_placeable(), 14);
  EXPECT_TRUE(am01.placeable_suppressed());
  EXPECT_EQ(am01.placeable_by_need(), 0);
  // AM03's 4 are hidden, and with them another region, from the total.
  EXPECT_TRUE(s.regions(2).available_suppressed());
  int hidden_regions = 0;
  int64_t shown_available = 0;
  for (const auto& r : s.regions()) {
    if (r.available_suppressed()) {
      ++hidden_regions;
    } else {
      shown_available += r.available();
    }
  }
  EXPECT_GE(hidden_regions, 2);
  EXPECT_GE(s.total().available() - shown_available, 10);
}

// A region's stamped count hidden to protect another region's does not
// hide its stale share, which is made only of counts that are shown.
TEST(SupplyTest, AHiddenStampedCountLeavesTheStaleShare) {
  std::vector<SupplyEntry> entries;
  auto add = [&](int n, const std::string& region, bool fresh, bool stamped) {
    for (int i = 0; i < n; ++i) {
      entries.push_back(Entry(region, {}, 0, 20, fresh));
      entries.back().stamped_not_placeable = stamped;
    }
  };
  for (const auto& [region, stamped] :
       std::vector<std::pair<std::string, int>>{{"AM01", 15}, {"AM02", 3}}) {
    add(30 - stamped, region, /*fresh=*/true, /*stamped=*/false);
    add(stamped, region, /*fresh=*/true, /*stamped=*/true);
    add(12, region, /*fresh=*/false, /*stamped=*/false);
  }
  const v1::Supply s = ComputeSupply(entries, 10);
  ASSERT_EQ(s.regions_size(), 2);
  for (const v1::RegionSupply& r : s.regions()) {
    SCOPED_TRACE(r.region());
    EXPECT_TRUE(r.stamped_suppressed());  // AM02's 3, and AM01's with them
    ASSERT_FALSE(r.available_suppressed());
    ASSERT_FALSE(r.stale_suppressed());
    EXPECT_DOUBLE_EQ(r.stale_share(), static_cast<double>(r.stale()) /
                                          (r.available() + r.stale()));
    EXPECT_GT(r.stale_share(), 0);
  }
}

}  // namespace
}  // namespace passend::services
