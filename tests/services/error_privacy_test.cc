// Error messages end up in client logs, tickets and screenshots: for every
// field marked sensitive, a bad value is refused naming the field and the
// rule, and the value is nowhere in the status message or its details,
// whether it came through Create, Update or an import.
#include <functional>
#include <map>
#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "passend/v1/common.pb.h"
#include "tests/services/server_fixture.h"

namespace passend::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A bad value for one sensitive field, and the text that must not come back.
struct BadValue {
  std::function<void(v1::Candidate&)> set;
  std::string canary;
};

// Keyed by the Candidate field marked sensitive.
const std::map<std::string, BadValue>& BadValues() {
  static const auto* const cases = new std::map<std::string, BadValue>{
      {"external_ref",
       {[](v1::Candidate& c) { c.set_external_ref("KANARIE#ref!"); },
        "KANARIE#ref!"}},
      {"display_name",
       {[](v1::Candidate& c) { c.set_display_name("Kanarie\x01Naam"); },
        "Kanarie"}},
      {"contact",
       {[](v1::Candidate& c) {
          c.mutable_contact()->set_email("kanarie-at-nowhere");
        },
        "kanarie-at-nowhere"}},
      {"capacities",
       {[](v1::Candidate& c) {
          c.mutable_capacities(0)->set_dimension("kanarie_dimension");
        },
        "kanarie_dimension"}},
      {"support_needs",
       {[](v1::Candidate& c) {
          c.mutable_support_needs(0)->set_need("kanarie_need");
        },
        "kanarie_need"}},
      {"postcode_area",
       {[](v1::Candidate& c) { c.set_postcode_area("9Zq9"); }, "9Zq9"}},
      {"wage_value_percent",
       {[](v1::Candidate& c) { c.set_wage_value_percent(987654); }, "987654"}},
      {"label",
       {[](v1::Candidate& c) { c.set_label("kanarie_label"); },
        "kanarie_label"}},
      {"placeability",
       {[](v1::Candidate& c) {
          c.set_placeability(static_cast<v1::Candidate::Placeability>(424242));
        },
        "424242"}},
      {"birth_year",
       {[](v1::Candidate& c) { c.set_birth_year(1234567); }, "1234567"}},
      {"notes",
       {[](v1::Candidate& c) { c.set_notes("Kanarie-notitie\x01"); },
        "Kanarie-notitie"}},
      {"citizen_number",
       {[](v1::Candidate& c) { c.set_citizen_number("12345678X"); },
        "12345678X"}},
      {"registered_on",
       {[](v1::Candidate& c) {
          c.mutable_registered_on()->set_year(3011);
          c.mutable_registered_on()->set_month(13);
          c.mutable_registered_on()->set_day(45);
        },
        "3011"}},
  };
  return *cases;
}

std::set<std::string> SensitiveCandidateFields() {
  std::set<std::string> fields;
  const auto* d = v1::Candidate::descriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    if (d->field(i)->options().GetExtension(v1::sensitive)) {
      fields.insert(d->field(i)->name());
    }
  }
  return fields;
}

class ErrorPrivacyTest : public ServerFixture {
 protected:
  // Nothing of `canary` in the call's message or details.
  static void ExpectNoValue(const grpc::Status& status,
                            const std::string& canary,
                            const std::string& field) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << field << ": " << status.error_message();
    EXPECT_THAT(status.error_message(), Not(HasSubstr(canary))) << field;
    EXPECT_THAT(status.error_details(), Not(HasSubstr(canary))) << field;
    EXPECT_THAT(ViolatedFields(status), ::testing::Contains(HasSubstr(field)))
        << status.error_message();
  }
};

// The cases cover every sensitive field: a new one needs a case.
TEST_F(ErrorPrivacyTest, EverySensitiveFieldHasABadValue) {
  std::set<std::string> covered;
  for (const auto& [field, bad] : BadValues()) covered.insert(field);
  EXPECT_EQ(covered, SensitiveCandidateFields());
}

TEST_F(ErrorPrivacyTest, CreateNamesTheFieldButNeverTheValue) {
  for (const auto& [field, bad] : BadValues()) {
    v1::CreateCandidateRequest request;
    *request.mutable_candidate() = ValidCandidate();
    bad.set(*request.mutable_candidate());
    v1::Candidate created;
    ExpectNoValue(
        candidates_->CreateCandidate(Context().get(), request, &created),
        bad.canary, field);
  }
  v1::ListCandidatesResponse all;
  ASSERT_TRUE(
      candidates_
          ->ListCandidates(Context().get(), v1::ListCandidatesRequest(), &all)
          .ok());
  EXPECT_EQ(all.candidates_size(), 0);
}

TEST_F(ErrorPrivacyTest, UpdateNamesTheFieldButNeverTheValue) {
  v1::CreateCandidateRequest create;
  *create.mutable_candidate() = ValidCandidate();
  create.mutable_candidate()->set_external_ref("kept-ref");
  v1::Candidate stored;
  ASSERT_TRUE(
      candidates_->CreateCandidate(Context().get(), create, &stored).ok());
  for (const auto& [field, bad] : BadValues()) {
    v1::UpdateCandidateRequest request;
    *request.mutable_candidate() = stored;
    bad.set(*request.mutable_candidate());
    v1::Candidate updated;
    ExpectNoValue(
        candidates_->UpdateCandidate(Context().get(), request, &updated),
        bad.canary, field);
  }
  v1::GetCandidateRequest get;
  get.set_name(stored.name());
  v1::Candidate now;
  ASSERT_TRUE(candidates_->GetCandidate(Context().get(), get, &now).ok());
  EXPECT_EQ(now.etag(), stored.etag());
}

TEST_F(ErrorPrivacyTest, ImportErrorsNameTheFieldButNeverTheValue) {
  grpc::ClientContext context;
  v1::ImportSummary summary;
  auto stream = candidates_->ImportCandidates(&context, &summary);
  std::vector<std::string> canaries;
  for (const auto& [field, bad] : BadValues()) {
    v1::ImportCandidatesRequest request;
    v1::Candidate* c = request.add_candidates();
    *c = ValidCandidate();
    c->set_external_ref("import-" + field);
    bad.set(*c);
    canaries.push_back(bad.canary);
    ASSERT_TRUE(stream->Write(request));
  }
  stream->WritesDone();
  ASSERT_TRUE(stream->Finish().ok());
  EXPECT_EQ(summary.failed(), static_cast<int64_t>(BadValues().size()));
  EXPECT_EQ(summary.created(), 0);
  for (const v1::ImportError& error : summary.errors()) {
    for (const std::string& canary : canaries) {
      EXPECT_THAT(error.message(), Not(HasSubstr(canary)));
      EXPECT_THAT(error.external_ref(), Not(HasSubstr(canary)));
      for (const auto& violation : error.field_violations()) {
        EXPECT_THAT(violation.description(), Not(HasSubstr(canary)));
      }
    }
  }
}

// A reference already taken is refused without repeating it.
TEST_F(ErrorPrivacyTest, ATakenExternalRefIsNotRepeated) {
  v1::CreateCandidateRequest request;
  *request.mutable_candidate() = ValidCandidate();
  request.mutable_candidate()->set_external_ref("kanarie-taken-ref");
  v1::Candidate created;
  ASSERT_TRUE(
      candidates_->CreateCandidate(Context().get(), request, &created).ok());
  const grpc::Status taken =
      candidates_->CreateCandidate(Context().get(), request, &created);
  EXPECT_EQ(taken.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(taken.error_message(), HasSubstr("external_ref"));
  EXPECT_THAT(taken.error_message(), Not(HasSubstr("kanarie-taken-ref")));
  EXPECT_THAT(taken.error_details(), Not(HasSubstr("kanarie-taken-ref")));
}

}  // namespace
}  // namespace passend::testing
