#include "storage/supply_flows.h"

#include <memory>

#include "absl/time/clock.h"
#include "common/dutch_calendar.h"
#include "gtest/gtest.h"
#include "storage/record_store.h"
#include "tests/test_util.h"

namespace passend::storage {
namespace {

using passend::testing::FixedClock;
using passend::testing::TempDir;
using passend::testing::ValueOrDie;
using passend::v1::Candidate;

Candidate Available(absl::string_view region, absl::string_view ref,
                    int birth_year = 0) {
  Candidate c;
  c.set_external_ref(std::string(ref));
  c.set_display_name("Test Person");
  c.set_owner_region(std::string(region));
  c.set_availability(Candidate::AVAILABLE_NOW);
  c.set_birth_year(birth_year);
  return c;
}

class SupplyFlowsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DatabaseOptions options;
    options.path = dir_.path() + "/db";
    db_ = ValueOrDie(Database::Open(options));
    RecordStoreOptions<Candidate> store_options;
    store_options.clock = &clock_;
    store_ = std::make_unique<CandidateStore>(db_.get(), store_options);
  }

  // The ledger's counts for `region` in the store clock's quarter.
  QuarterFlows Now(absl::string_view region) {
    const int quarter = QuarterIndex(DutchDay(clock_.Now()));
    for (const QuarterFlows& f : ValueOrDie(ReadSupplyFlows(*db_))) {
      if (f.region == region && f.quarter == quarter) return f;
    }
    return QuarterFlows{std::string(region), quarter, {}};
  }

  // The last minute of a quarter in Dutch time: a test that read the wall
  // clock could see the quarter change between its writes and its check.
  FixedClock clock_{absl::FromCivil(absl::CivilMinute(2026, 9, 30, 23, 59),
                                    absl::FixedTimeZone(2 * 3600))};
  TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<CandidateStore> store_;
};

TEST_F(SupplyFlowsTest, EveryWayInAndOutIsCountedInTheSameWrite) {
  Candidate a = ValueOrDie(store_->Create(Available("AM14", "a"), ""));
  Candidate b = ValueOrDie(store_->Create(Available("AM14", "b"), ""));
  Candidate old = ValueOrDie(
      store_->Create(Available("AM14", "old", /*birth_year=*/1950), ""));
  Candidate withdrawn = Available("AM14", "w");
  withdrawn.set_availability(Candidate::WITHDRAWN);
  Candidate w = ValueOrDie(store_->Create(withdrawn, ""));  // not in supply
  EXPECT_EQ(Now("AM14")[SupplyFlow::kRegistered], 3);

  const std::string a_id = a.name().substr(11);
  ASSERT_OK(store_
                ->Update(a_id, "",
                         [](Candidate& c) {
                           c.set_owner_region("AM18");
                           return absl::OkStatus();
                         })
                .status());
  ASSERT_OK(store_
                ->Update(b.name().substr(11), "",
                         [](Candidate& c) {
                           c.set_availability(Candidate::PLACED);
                           return absl::OkStatus();
                         })
                .status());
  ASSERT_OK(store_
                ->Update(old.name().substr(11), "",
                         [](Candidate& c) {
                           c.set_availability(Candidate::WITHDRAWN);
                           return absl::OkStatus();
                         })
                .status());
  ASSERT_OK(store_
                ->Update(w.name().substr(11), "",
                         [](Candidate& c) {
                           c.set_availability(Candidate::AVAILABLE_FROM);
                           return absl::OkStatus();
                         })
                .status());
  // A change that keeps the candidate where they were adds nothing.
  ASSERT_OK(store_
                ->Update(a_id, "",
                         [](Candidate& c) {
                           c.set_display_name("Renamed");
                           return absl::OkStatus();
                         })
                .status());
  ASSERT_OK(store_->Delete(a_id, ""));

  const QuarterFlows am14 = Now("AM14");
  EXPECT_EQ(am14[SupplyFlow::kRegistered], 4);  // a, b, old, then w again
  EXPECT_EQ(am14[SupplyFlow::kMovedOut], 1);
  EXPECT_EQ(am14[SupplyFlow::kPlaced], 1);
  EXPECT_EQ(am14[SupplyFlow::kPensioned], 1);
  EXPECT_EQ(am14[SupplyFlow::kWithdrawn], 0);
  const QuarterFlows am18 = Now("AM18");
  EXPECT_EQ(am18[SupplyFlow::kMovedIn], 1);
  EXPECT_EQ(am18[SupplyFlow::kWithdrawn], 1);  // deleted

  // The ledger adds up to the supply.
  int64_t in_supply = 0;
  ASSERT_OK(store_->ForEach([&](const Candidate& c) {
    in_supply += passend::InSupply(c);
    return true;
  }));
  int64_t net = 0;
  for (const QuarterFlows& f : ValueOrDie(ReadSupplyFlows(*db_))) {
    net += f[SupplyFlow::kRegistered] + f[SupplyFlow::kMovedIn] -
           f[SupplyFlow::kPlaced] - f[SupplyFlow::kWithdrawn] -
           f[SupplyFlow::kPensioned] - f[SupplyFlow::kMovedOut];
  }
  EXPECT_EQ(net, in_supply);
  EXPECT_EQ(in_supply, 1);  // w
}

TEST_F(SupplyFlowsTest, AnImportCountsEachRecordOnceEvenWhenItRepeats) {
  std::vector<Candidate> batch = {Available("AM14", "x"),
                                  Available("AM14", "y"),
                                  Available("AM18", "x")};  // x moves on
  ASSERT_OK(store_->Upsert(batch).status());
  EXPECT_EQ(Now("AM14")[SupplyFlow::kRegistered], 2);
  EXPECT_EQ(Now("AM14")[SupplyFlow::kMovedOut], 1);
  EXPECT_EQ(Now("AM18")[SupplyFlow::kMovedIn], 1);
}

TEST_F(SupplyFlowsTest, ANewRecordRegisteredLongAgoCountsInItsQuarter) {
  Candidate c = Available("AM14", "r");
  c.mutable_registered_on()->set_year(2024);
  c.mutable_registered_on()->set_month(5);
  c.mutable_registered_on()->set_day(31);
  std::vector<Candidate> batch = {c};
  ASSERT_OK(store_->Upsert(batch).status());
  std::vector<QuarterFlows> ledger = ValueOrDie(ReadSupplyFlows(*db_));
  ASSERT_EQ(ledger.size(), 1u);
  EXPECT_EQ(ledger[0].quarter, QuarterIndex(2024, 2));
  EXPECT_EQ(ledger[0][SupplyFlow::kRegistered], 1);
  EXPECT_EQ(Now("AM14")[SupplyFlow::kRegistered], 0);
  // Withdrawn and back: that return is now.
  const std::string id = batch[0].name().substr(11);
  for (auto availability : {Candidate::WITHDRAWN, Candidate::AVAILABLE_NOW}) {
    ASSERT_OK(store_
                  ->Update(id, "",
                           [&](Candidate& r) {
                             r.set_availability(availability);
                             return absl::OkStatus();
                           })
                  .status());
  }
  EXPECT_EQ(Now("AM14")[SupplyFlow::kRegistered], 1);
  EXPECT_EQ(Now("AM14")[SupplyFlow::kWithdrawn], 1);
}

TEST_F(SupplyFlowsTest, RecordedHistoryReplacesAndCountersKeepAdding) {
  QuarterFlows past{"AM14", QuarterIndex(2025, 2), {}};
  past[SupplyFlow::kRegistered] = 120;
  past[SupplyFlow::kPlaced] = 30;
  WriteSet writes;
  StageQuarterFlows(past, &writes);
  ASSERT_OK(db_->Write(writes));
  ASSERT_OK(db_->Write(writes));  // the same history again
  std::vector<QuarterFlows> ledger = ValueOrDie(ReadSupplyFlows(*db_));
  ASSERT_EQ(ledger.size(), 1u);
  EXPECT_EQ(ledger[0].counts, past.counts);

  WriteSet add;
  add.AddToCounter(Family::kSupplyFlows, "k", 5);
  add.AddToCounter(Family::kSupplyFlows, "k", -2);
  ASSERT_OK(db_->Write(add));
  int64_t counter = 0;
  ASSERT_TRUE(DecodeCounter(
      ValueOrDie(db_->Get(Family::kSupplyFlows, "k")).value(), &counter));
  EXPECT_EQ(counter, 3);

  WriteSet wrong;
  wrong.AddToCounter(Family::kCandidates, "k", 1);
  EXPECT_EQ(db_->Write(wrong).code(), absl::StatusCode::kInvalidArgument);
}

TEST(PensionQuarterTest, FollowsTheStatePensionAge) {
  // Born 1959: 67 in 2026, pension from 2026Q1 (spread over that year).
  EXPECT_EQ(FirstPensionQuarter(1959), QuarterIndex(2026, 1));
  // Born 1961: 67 in 2028, when the age is 67 and three months.
  EXPECT_EQ(FirstPensionQuarter(1961), QuarterIndex(2028, 2));
  EXPECT_EQ(QuarterStart(QuarterIndex(2026, 4)), absl::CivilDay(2026, 10, 1));
}

}  // namespace
}  // namespace passend::storage
