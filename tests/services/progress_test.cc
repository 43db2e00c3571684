// The progress report's arithmetic on hand-built placements: hours to jobs,
// agency and secondment jobs counted where the person works, quarters, and
// small-cell suppression that totals cannot undo.
#include "services/reports/progress.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/str_cat.h"
#include "common/dutch_calendar.h"
#include "gtest/gtest.h"

namespace passend::services {
namespace {

using v1::Placement;
using v1::Vacancy;

v1::Date Day(int y, int m, int d) {
  v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

Placement Hired(double hours, const std::string& employer,
                const std::string& region, v1::Date hired_on,
                Vacancy::Sector sector = Vacancy::PRIVATE,
                Vacancy::ContractType contract = Vacancy::DIRECT) {
  Placement p;
  p.set_state(Placement::HIRED);
  p.set_hours_per_week(hours);
  p.set_employer(employer);
  p.set_region(region);
  p.set_sector(sector);
  p.set_contract_type(contract);
  *p.mutable_hired_on() = hired_on;
  return p;
}

ProgressQuery Query(absl::CivilDay from, absl::CivilDay to,
                    absl::CivilDay today) {
  ProgressQuery q;
  q.from = from;
  q.to = to;
  q.today = today;
  return q;
}

TEST(ProgressTest, HoursBecomeJobsOf25AndAHalfHours) {
  std::vector<Placement> placements = {
      Hired(17, "bakkerij", "AM14", Day(2026, 2, 1)),
      Hired(25.5, "bakkerij", "AM14", Day(2026, 2, 1)),
      Hired(34, "gemeente", "AM18", Day(2026, 2, 1), Vacancy::PUBLIC),
  };
  v1::Progress p = ComputeProgress(
      placements, Query(absl::CivilDay(2026, 1, 1), absl::CivilDay(2026, 1, 1),
                        absl::CivilDay(2026, 6, 1)));
  ASSERT_EQ(p.quarters_size(), 1);
  const v1::JobCount& n = p.quarters(0).national();
  EXPECT_NEAR(n.private_direct(), 17 / 25.5 + 1, 1e-9);  // 0.67 + 1
  EXPECT_NEAR(n.public_direct(), 34 / 25.5, 1e-9);
  EXPECT_NEAR(n.total(), (17 + 25.5 + 34) / 25.5, 1e-9);
  EXPECT_EQ(n.placements(), 3);
  EXPECT_NEAR(p.private_share(), (17 / 25.5 + 1) / 100000, 1e-12);
  EXPECT_NEAR(p.public_share(), (34 / 25.5) / 25000, 1e-12);
  ASSERT_EQ(p.quarters(0).regions_size(), 2);
  EXPECT_EQ(p.quarters(0).regions(0).region(), "AM14");
  EXPECT_NEAR(p.quarters(0).regions(0).jobs().total(), 1 + 17 / 25.5, 1e-9);
}

// The reform of the jobs agreement drops the private/public split: one
// target for all jobs.
TEST(ProgressTest, OneTargetForAllJobs) {
  std::vector<Placement> placements = {
      Hired(25.5, "bakkerij", "AM14", Day(2026, 2, 1)),
      Hired(51, "gemeente", "AM18", Day(2026, 2, 1), Vacancy::PUBLIC),
  };
  ProgressQuery query =
      Query(absl::CivilDay(2026, 1, 1), absl::CivilDay(2026, 1, 1),
            absl::CivilDay(2026, 6, 1));
  query.target_private = 0;
  query.target_public = 0;
  query.target_total = 150;
  v1::Progress p = ComputeProgress(placements, query);
  EXPECT_EQ(p.target_total(), 150);
  EXPECT_NEAR(p.total_share(), 3.0 / 150, 1e-12);
  EXPECT_EQ(p.private_share(), 0);
  EXPECT_EQ(p.public_share(), 0);
  EXPECT_EQ(p.target_private(), 0);
}

TEST(ProgressTest, AgencyAndSecondmentJobsCountWhereThePersonWorks) {
  // The placement's employer is the vacancy's: where the person works,
  // whoever the contract is with.
  std::vector<Placement> placements = {
      Hired(25.5, "zorginstelling", "AM14", Day(2026, 4, 2), Vacancy::PRIVATE,
            Vacancy::AGENCY),
      Hired(25.5, "zorginstelling", "AM14", Day(2026, 4, 2), Vacancy::PRIVATE,
            Vacancy::SECONDMENT),
      Hired(25.5, "other", "AM14", Day(2026, 4, 2)),
  };
  ProgressQuery q =
      Query(absl::CivilDay(2026, 4, 1), absl::CivilDay(2026, 4, 1),
            absl::CivilDay(2026, 9, 1));
  q.employer = "zorginstelling";
  const v1::JobCount n = ComputeProgress(placements, q).quarters(0).national();
  EXPECT_DOUBLE_EQ(n.private_agency(), 1);
  EXPECT_DOUBLE_EQ(n.private_secondment(), 1);
  EXPECT_DOUBLE_EQ(n.private_direct(), 0);
  EXPECT_DOUBLE_EQ(n.total(), 2);
}

TEST(ProgressTest, JobsAreCountedOnEachQuartersLastDay) {
  Placement ended = Hired(25.5, "e", "AM14", Day(2026, 1, 15));
  ended.set_state(Placement::ENDED);
  *ended.mutable_ended_on() = Day(2026, 5, 10);
  Placement trial = Hired(25.5, "e", "AM14", Day(2026, 1, 15));
  trial.set_state(Placement::TRIAL);  // not a job yet
  std::vector<Placement> placements = {
      Hired(25.5, "e", "AM14", Day(2026, 3, 31)),  // last day of Q1
      Hired(25.5, "e", "AM14", Day(2026, 7, 1)),   // first day of Q3
      ended, trial};
  v1::Progress p = ComputeProgress(
      placements, Query(absl::CivilDay(2025, 10, 1), absl::CivilDay(2026, 7, 1),
                        absl::CivilDay(2026, 8, 15)));
  ASSERT_EQ(p.quarters_size(), 4);
  EXPECT_EQ(p.quarters(0).quarter(), "2025Q4");
  EXPECT_DOUBLE_EQ(p.quarters(0).national().total(), 0);
  EXPECT_EQ(p.quarters(1).quarter(), "2026Q1");
  EXPECT_DOUBLE_EQ(p.quarters(1).national().total(), 2);  // ended later
  EXPECT_DOUBLE_EQ(p.quarters(1).hired().total(), 2);
  EXPECT_DOUBLE_EQ(p.quarters(2).national().total(), 1);  // ended in Q2
  EXPECT_DOUBLE_EQ(p.quarters(2).hired().total(), 0);
  // The current quarter counts up to today.
  EXPECT_EQ(p.quarters(3).quarter(), "2026Q3");
  EXPECT_DOUBLE_EQ(p.quarters(3).national().total(), 2);
  EXPECT_DOUBLE_EQ(p.quarters(3).hired().total(), 1);
}

TEST(ProgressTest, ParsesQuarters) {
  EXPECT_EQ(*ParseQuarter("2026Q3", "q"), absl::CivilDay(2026, 7, 1));
  EXPECT_EQ(QuarterName(absl::CivilDay(2026, 12, 31)), "2026Q4");
  for (const char* bad :
       {"2026Q5", "2026Q0", "26Q1", "2026-Q1", "", "1999Q4"}) {
    EXPECT_FALSE(ParseQuarter(bad, "q").ok()) << bad;
  }
}

// What an analyst sees cannot tell a cell under the threshold: not from the
// cell, not from the national total minus the cells shown.
TEST(ProgressTest, SmallCellsCannotBeRecoveredFromTotals) {
  std::vector<Placement> placements;
  auto add = [&](const std::string& region, int n, Vacancy::Sector sector,
                 Vacancy::ContractType contract) {
    for (int i = 0; i < n; ++i) {
      placements.push_back(
          Hired(20, "e", region, Day(2026, 1, 5), sector, contract));
    }
  };
  add("AM01", 30, Vacancy::PRIVATE, Vacancy::DIRECT);
  add("AM02", 25, Vacancy::PRIVATE, Vacancy::DIRECT);
  add("AM02", 3, Vacancy::PUBLIC, Vacancy::AGENCY);   // a small part
  add("AM03", 4, Vacancy::PRIVATE, Vacancy::DIRECT);  // a small region
  ProgressQuery q =
      Query(absl::CivilDay(2026, 1, 1), absl::CivilDay(2026, 1, 1),
            absl::CivilDay(2026, 6, 1));
  q.suppress_below = 10;
  const v1::QuarterProgress quarter =
      ComputeProgress(placements, q).quarters(0);
  double shown = 0;
  int hidden_regions = 0;
  int64_t hidden_placements = 0;
  for (const v1::RegionJobs& r : quarter.regions()) {
    if (r.jobs().suppressed()) {
      ++hidden_regions;
      EXPECT_EQ(r.jobs().total(), 0);
      EXPECT_EQ(r.jobs().placements(), 0) << "a hidden cell shows nothing";
      hidden_placements += r.region() == "AM01"   ? 30
                           : r.region() == "AM02" ? 28
                                                  : 4;
    } else {
      shown += r.jobs().total();
      EXPECT_GE(r.jobs().placements(), 10);
    }
  }
  // AM03 (4) is hidden, and so is another region, so that national minus
  // the regions shown gives only a sum of at least ten placements.
  EXPECT_GE(hidden_regions, 2);
  EXPECT_GE(hidden_placements, 10);
  EXPECT_GT(quarter.national().total() - shown, 4 * 20 / 25.5 + 1e-9);
  // Inside a region, the small part of the split is hidden with another,
  // so the total minus the parts shown does not give it away.
  for (const v1::RegionJobs& r : quarter.regions()) {
    if (r.region() != "AM02" || r.jobs().suppressed()) continue;
    const v1::JobCount& j = r.jobs();
    EXPECT_EQ(j.public_agency(), 0);
    const double parts = j.private_direct() + j.private_agency() +
                         j.private_secondment() + j.public_direct() +
                         j.public_agency() + j.public_secondment();
    EXPECT_GT(std::abs(j.total() - parts - 3 * 20 / 25.5), 1e-9);
  }
  // The national cell's split hides the same small part, and no share is
  // given that would reveal it. The hidden parts are named, and only they.
  EXPECT_EQ(quarter.national().public_agency(), 0);
  const auto& named = quarter.national().hidden_parts();
  EXPECT_GE(named.size(), 2);
  EXPECT_NE(std::find(named.begin(), named.end(), "public_agency"),
            named.end());
  const v1::JobCount& n = quarter.national();
  const std::map<std::string, double> parts = {
      {"private_direct", n.private_direct()},
      {"private_agency", n.private_agency()},
      {"private_secondment", n.private_secondment()},
      {"public_direct", n.public_direct()},
      {"public_agency", n.public_agency()},
      {"public_secondment", n.public_secondment()}};
  for (const std::string& part : named) EXPECT_EQ(parts.at(part), 0) << part;
  // With two targets no share is given; with one for all jobs, the total
  // is shown, so its share is too.
  q.target_private = 100;
  q.target_public = 100;
  v1::Progress shares = ComputeProgress(placements, q);
  EXPECT_EQ(shares.private_share(), 0);
  EXPECT_EQ(shares.public_share(), 0);
  q.target_private = q.target_public = 0;
  q.target_total = 100;
  shares = ComputeProgress(placements, q);
  EXPECT_NEAR(shares.total_share(), n.total() / 100, 1e-12);
  q.target_total = 0;
  // An admin (no suppression) sees everything.
  q.suppress_below = 0;
  const v1::QuarterProgress all = ComputeProgress(placements, q).quarters(0);
  EXPECT_NEAR(all.national().public_agency(), 3 * 20 / 25.5, 1e-9);
  for (const v1::RegionJobs& r : all.regions())
    EXPECT_FALSE(r.jobs().suppressed());
}

}  // namespace
}  // namespace passend::services
