// Validator and status mapping, without a server.
#include "services/api/validation.h"

#include "common/clock.h"
#include "gmock/gmock.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "services/rpc/grpc_status.h"
#include "services/status/field_violations.h"
#include "tests/services/server_fixture.h"
#include "tests/shipped_data.h"

namespace passend::services {
namespace {

using ::testing::UnorderedElementsAre;

class ValidationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    taxonomy_ = &passend::testing::ShippedTaxonomy();
    reference_ = &passend::testing::ShippedReference();
  }
  static const matcher::Taxonomy* taxonomy_;
  static const matcher::ReferenceData* reference_;
};
const matcher::Taxonomy* ValidationTest::taxonomy_ = nullptr;
const matcher::ReferenceData* ValidationTest::reference_ = nullptr;

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  const google::rpc::BadRequest bad_request = BadRequestOf(status);
  for (const auto& v : bad_request.field_violations()) {
    fields.push_back(v.field());
  }
  return fields;
}

TEST_F(ValidationTest, ValidRecordsPass) {
  Validator validator(*taxonomy_, *reference_);
  EXPECT_TRUE(validator
                  .ValidateCandidate(passend::testing::ValidCandidate(), "",
                                     TodayInNetherlands(SystemClock()))
                  .ok());
  v1::Vacancy vacancy = passend::testing::ValidVacancy();
  ApplyVacancyDefaults(*reference_, vacancy);
  EXPECT_TRUE(validator.ValidateVacancy(vacancy, "").ok());
}

TEST_F(ValidationTest, ReportsEveryViolationAtOnceUnderThePrefix) {
  Validator validator(*taxonomy_, *reference_);
  v1::Candidate c = passend::testing::ValidCandidate();
  c.set_owner_region("AM00");
  c.set_travel_range_km(500);
  c.mutable_support_needs(0)->set_need("unknown_need");
  absl::Status status = validator.ValidateCandidate(
      c, "candidates[3].", TodayInNetherlands(SystemClock()));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(status),
              UnorderedElementsAre("candidates[3].owner_region",
                                   "candidates[3].travel_range_km",
                                   "candidates[3].support_needs[0].need"));
}

TEST_F(ValidationTest, LastConfirmedMayBeTodayButNotTomorrow) {
  Validator validator(*taxonomy_, *reference_);
  v1::Candidate c = passend::testing::ValidCandidate();
  absl::CivilDay today(2026, 3, 1);
  c.mutable_last_confirmed()->set_year(2026);
  c.mutable_last_confirmed()->set_month(3);
  c.mutable_last_confirmed()->set_day(1);
  EXPECT_TRUE(validator.ValidateCandidate(c, "", today).ok());
  c.mutable_last_confirmed()->set_day(2);
  EXPECT_THAT(Fields(validator.ValidateCandidate(c, "", today)),
              UnorderedElementsAre("last_confirmed"));
  c.mutable_last_confirmed()->set_month(2);
  c.mutable_last_confirmed()->set_day(30);  // no such day
  EXPECT_THAT(Fields(validator.ValidateCandidate(c, "", today)),
              UnorderedElementsAre("last_confirmed"));
}

TEST(StatusUtilTest, GrpcStatusCarriesCodeMessageAndBadRequest) {
  FieldViolations violations;
  EXPECT_TRUE(violations.status().ok());
  violations.Add("a.b", "wrong");
  violations.Add("c", "missing");
  grpc::Status status = ToGrpcStatus(violations.status());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "a.b: wrong; c: missing");
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  EXPECT_EQ(details.code(), 3);
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(details.details(0).UnpackTo(&bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 2);
  EXPECT_EQ(bad_request.field_violations(1).field(), "c");

  grpc::Status aborted = ToGrpcStatus(absl::AbortedError("stale"));
  EXPECT_EQ(aborted.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
}

}  // namespace
}  // namespace passend::services
