// The passend.v1 API through a real server and real gRPC clients.
#include <functional>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "common/clock.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "passend/v1/account.grpc.pb.h"
#include "passend/v1/admin.grpc.pb.h"
#include "passend/v1/advice.grpc.pb.h"
#include "passend/v1/audit.grpc.pb.h"
#include "passend/v1/consent.grpc.pb.h"
#include "passend/v1/match.grpc.pb.h"
#include "passend/v1/placement.grpc.pb.h"
#include "passend/v1/supply.grpc.pb.h"
#include "services/api/page_token.h"
#include "tests/services/server_fixture.h"

namespace passend::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using v1::Candidate;
using v1::Vacancy;

class ServiceTest : public ServerFixture {
 protected:
  grpc::Status CreateCandidate(const Candidate& c, Candidate* out,
                               const std::string& request_id = "") {
    v1::CreateCandidateRequest request;
    *request.mutable_candidate() = c;
    request.set_request_id(request_id);
    return candidates_->CreateCandidate(Context().get(), request, out);
  }
  grpc::Status CreateVacancy(const Vacancy& v, Vacancy* out) {
    v1::CreateVacancyRequest request;
    *request.mutable_vacancy() = v;
    return vacancies_->CreateVacancy(Context().get(), request, out);
  }

  // Every candidate, read through ListCandidates page by page.
  std::vector<Candidate> AllCandidates(const std::string& region = "",
                                       int page_size = 0) {
    std::vector<Candidate> all;
    v1::ListCandidatesRequest request;
    request.set_owner_region(region);
    request.set_page_size(page_size);
    while (true) {
      v1::ListCandidatesResponse response;
      grpc::Status s =
          candidates_->ListCandidates(Context().get(), request, &response);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      all.insert(all.end(), response.candidates().begin(),
                 response.candidates().end());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return all;
  }

  // The display names of every candidate `request` lists, page by page.
  std::set<std::string> ListedNames(v1::ListCandidatesRequest request) {
    std::set<std::string> names;
    do {
      v1::ListCandidatesResponse response;
      EXPECT_TRUE(
          candidates_->ListCandidates(Context().get(), request, &response)
              .ok());
      for (const Candidate& c : response.candidates()) {
        names.insert(c.display_name());
      }
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return names;
  }

  std::vector<Vacancy> AllVacancies() {
    std::vector<Vacancy> all;
    v1::ListVacanciesRequest request;
    while (true) {
      v1::ListVacanciesResponse response;
      EXPECT_TRUE(
          vacancies_->ListVacancies(Context().get(), request, &response).ok());
      all.insert(all.end(), response.vacancies().begin(),
                 response.vacancies().end());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return all;
  }
};

TEST_F(ServiceTest, CandidateStandardMethodsRoundTrip) {
  Candidate created;
  ASSERT_TRUE(CreateCandidate(ValidCandidate(), &created).ok());
  EXPECT_THAT(created.name(), ::testing::StartsWith("candidates/"));
  EXPECT_FALSE(created.etag().empty());
  EXPECT_EQ(created.display_name(), "Sanne de Vries");

  v1::GetCandidateRequest get;
  get.set_name(created.name());
  Candidate read;
  ASSERT_TRUE(candidates_->GetCandidate(Context().get(), get, &read).ok());
  EXPECT_EQ(read.SerializeAsString(), created.SerializeAsString());

  v1::UpdateCandidateRequest update;
  update.mutable_candidate()->set_name(created.name());
  update.mutable_candidate()->set_etag(created.etag());
  update.mutable_candidate()->mutable_hours_per_week()->set_min(20);
  update.mutable_candidate()->mutable_hours_per_week()->set_max(32);
  update.mutable_candidate()->set_display_name("ignored: not in the mask");
  update.mutable_update_mask()->add_paths("hours_per_week");
  Candidate updated;
  ASSERT_TRUE(
      candidates_->UpdateCandidate(Context().get(), update, &updated).ok());
  EXPECT_EQ(updated.hours_per_week().min(), 20);
  EXPECT_EQ(updated.display_name(), "Sanne de Vries");
  EXPECT_NE(updated.etag(), created.etag());
  EXPECT_EQ(updated.support_needs_size(), 1);

  v1::DeleteCandidateRequest del;
  del.set_name(created.name());
  google::protobuf::Empty empty;
  ASSERT_TRUE(candidates_->DeleteCandidate(Context().get(), del, &empty).ok());
  EXPECT_EQ(candidates_->GetCandidate(Context().get(), get, &read).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(
      candidates_->DeleteCandidate(Context().get(), del, &empty).error_code(),
      grpc::StatusCode::NOT_FOUND);
}

TEST_F(ServiceTest, VacancyStandardMethodsRoundTripAndDeriveRegion) {
  Vacancy created;
  ASSERT_TRUE(CreateVacancy(ValidVacancy(), &created).ok());
  EXPECT_EQ(created.region(), "AM14");  // from postcode area 3811
  EXPECT_EQ(created.positions(), 1);

  v1::UpdateVacancyRequest update;
  *update.mutable_vacancy() = created;
  update.mutable_vacancy()->set_status(Vacancy::CLOSED);
  update.mutable_vacancy()->set_filled_positions(5);  // output only: ignored
  Vacancy updated;
  ASSERT_TRUE(
      vacancies_->UpdateVacancy(Context().get(), update, &updated).ok());
  EXPECT_EQ(updated.status(), Vacancy::CLOSED);
  EXPECT_EQ(updated.filled_positions(), 0);

  v1::ListVacanciesRequest list;
  list.set_region("AM14");
  list.set_status(Vacancy::OPEN);
  v1::ListVacanciesResponse response;
  ASSERT_TRUE(vacancies_->ListVacancies(Context().get(), list, &response).ok());
  EXPECT_EQ(response.vacancies_size(), 0);
  list.set_status(Vacancy::CLOSED);
  ASSERT_TRUE(vacancies_->ListVacancies(Context().get(), list, &response).ok());
  ASSERT_EQ(response.vacancies_size(), 1);
  EXPECT_EQ(response.vacancies(0).name(), created.name());

  v1::GetVacancyRequest get;
  get.set_name(created.name());
  Vacancy read;
  ASSERT_TRUE(vacancies_->GetVacancy(Context().get(), get, &read).ok());
  EXPECT_EQ(read.SerializeAsString(), updated.SerializeAsString());
  v1::DeleteVacancyRequest del;
  del.set_name(created.name());
  del.set_etag(created.etag());  // stale
  google::protobuf::Empty empty;
  EXPECT_EQ(
      vacancies_->DeleteVacancy(Context().get(), del, &empty).error_code(),
      grpc::StatusCode::ABORTED);
  del.set_etag(updated.etag());
  EXPECT_TRUE(vacancies_->DeleteVacancy(Context().get(), del, &empty).ok());
}

TEST_F(ServiceTest, ListPaginatesWithFiltersAndOpaqueTokens) {
  std::set<std::string> in_am14;
  for (int i = 0; i < 12; ++i) {
    Candidate c = ValidCandidate();
    c.set_owner_region(i % 3 == 0 ? "AM01" : "AM14");
    Candidate created;
    ASSERT_TRUE(CreateCandidate(c, &created).ok());
    if (i % 3 != 0) in_am14.insert(created.name());
  }
  std::vector<Candidate> am14 = AllCandidates("AM14", 3);
  std::set<std::string> names;
  for (const Candidate& c : am14) {
    EXPECT_EQ(c.owner_region(), "AM14");
    names.insert(c.name());
  }
  EXPECT_EQ(am14.size(), 8u);
  EXPECT_EQ(names, in_am14);
  EXPECT_EQ(AllCandidates("", 5).size(), 12u);

  // A token is bound to its filters.
  v1::ListCandidatesRequest request;
  request.set_owner_region("AM14");
  request.set_page_size(3);
  v1::ListCandidatesResponse response;
  ASSERT_TRUE(
      candidates_->ListCandidates(Context().get(), request, &response).ok());
  ASSERT_FALSE(response.next_page_token().empty());
  request.set_owner_region("AM01");
  request.set_page_token(response.next_page_token());
  grpc::Status s =
      candidates_->ListCandidates(Context().get(), request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("page_token"));
  request.set_page_token("not-a-token!");
  s = candidates_->ListCandidates(Context().get(), request, &response);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("page_token"));
  // A token made up by hand, pointing before the region's keys, still
  // lists only that region.
  v1::ListCandidatesRequest forged;
  forged.set_owner_region("AM14");
  forged.set_page_size(100);
  forged.set_page_token(services::EncodePageToken(
      std::string(1, '\x01'), services::FilterFingerprint("AM14|0|")));
  ASSERT_TRUE(
      candidates_->ListCandidates(Context().get(), forged, &response).ok());
  EXPECT_EQ(response.candidates_size(), 8);
  for (const Candidate& c : response.candidates()) {
    EXPECT_EQ(c.owner_region(), "AM14");
  }

  v1::ListCandidatesRequest negative;
  negative.set_page_size(-1);
  s = candidates_->ListCandidates(Context().get(), negative, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("page_size"));
  v1::ListCandidatesRequest bad_region;
  bad_region.set_owner_region("AM99");
  s = candidates_->ListCandidates(Context().get(), bad_region, &response);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("owner_region"));
}

// A consultant looks a person up by part of the name, in any case, or by
// the reference of the system the record came from; in scope only.
TEST_F(ServiceTest, ListFindsByPartOfTheNameOrByReference) {
  for (const auto& [name, ref, region] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"Sanne de Vries", "uwv-1", "AM14"},
           {"Daan Vriesema", "uwv-2", "AM14"},
           {"Fatima el Amrani", "uwv-3", "AM14"},
           {"Joost de Vries", "uwv-4", "AM01"}}) {
    Candidate c = ValidCandidate();
    c.set_display_name(name);
    c.set_external_ref(ref);
    c.set_owner_region(region);
    Candidate created;
    ASSERT_TRUE(CreateCandidate(c, &created).ok());
  }
  const auto found = [&](const std::string& query, const std::string& region,
                         int page_size = 0) {
    v1::ListCandidatesRequest request;
    request.set_query(query);
    request.set_owner_region(region);
    request.set_page_size(page_size);
    return ListedNames(request);
  };
  EXPECT_EQ(found("VRIES", ""),
            (std::set<std::string>{"Sanne de Vries", "Daan Vriesema",
                                   "Joost de Vries"}));
  EXPECT_EQ(found("vries", "AM14", /*page_size=*/1),
            (std::set<std::string>{"Sanne de Vries", "Daan Vriesema"}));
  EXPECT_EQ(found("uwv-3", ""), (std::set<std::string>{"Fatima el Amrani"}));
  EXPECT_TRUE(found("uwv", "").empty());  // a reference matches whole
  EXPECT_TRUE(found("Pietersen", "").empty());

  // A page token holds to its query; a long query is refused without being
  // repeated.
  v1::ListCandidatesRequest request;
  request.set_query("vries");
  request.set_page_size(1);
  v1::ListCandidatesResponse response;
  ASSERT_TRUE(
      candidates_->ListCandidates(Context().get(), request, &response).ok());
  request.set_query("daan");
  request.set_page_token(response.next_page_token());
  grpc::Status s =
      candidates_->ListCandidates(Context().get(), request, &response);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("page_token"));
  v1::ListCandidatesRequest long_query;
  long_query.set_query(std::string(101, 'q'));
  s = candidates_->ListCandidates(Context().get(), long_query, &response);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("query"));
  EXPECT_EQ(s.error_message().find("qqq"), std::string::npos);
}

// Stale: not confirmed within the taxonomy's 180 days.
TEST_F(ServiceTest, ListFiltersFreshAndStaleProfiles) {
  std::set<std::string> stale, fresh;
  for (int days_ago : {0, 30, 180, 181, 400}) {
    Candidate c = ValidCandidate();
    c.set_display_name(absl::StrCat("confirmed ", days_ago, " days ago"));
    c.set_external_ref(absl::StrCat("ref-", days_ago));
    const absl::CivilDay day = TodayInNetherlands(SystemClock()) - days_ago;
    c.mutable_last_confirmed()->set_year(static_cast<int>(day.year()));
    c.mutable_last_confirmed()->set_month(day.month());
    c.mutable_last_confirmed()->set_day(day.day());
    Candidate created;
    ASSERT_TRUE(CreateCandidate(c, &created).ok());
    (days_ago > 180 ? stale : fresh).insert(created.display_name());
  }
  const auto listed = [&](v1::ListCandidatesRequest::Freshness freshness) {
    v1::ListCandidatesRequest request;
    request.set_freshness(freshness);
    request.set_page_size(1);  // the filter holds across pages
    return ListedNames(request);
  };
  EXPECT_EQ(listed(v1::ListCandidatesRequest::STALE), stale);
  EXPECT_EQ(listed(v1::ListCandidatesRequest::FRESH), fresh);
  EXPECT_EQ(listed(v1::ListCandidatesRequest::FRESHNESS_UNSPECIFIED).size(),
            5u);

  v1::ListCandidatesRequest request;
  request.set_freshness(v1::ListCandidatesRequest::STALE);
  request.set_page_size(1);
  v1::ListCandidatesResponse response;
  ASSERT_TRUE(
      candidates_->ListCandidates(Context().get(), request, &response).ok());
  request.set_freshness(v1::ListCandidatesRequest::FRESH);
  request.set_page_token(response.next_page_token());
  EXPECT_THAT(ViolatedFields(candidates_->ListCandidates(Context().get(),
                                                         request, &response)),
              ElementsAre("page_token"));
  request = v1::ListCandidatesRequest();
  request.set_freshness(static_cast<v1::ListCandidatesRequest::Freshness>(7));
  EXPECT_THAT(ViolatedFields(candidates_->ListCandidates(Context().get(),
                                                         request, &response)),
              ElementsAre("freshness"));
}

TEST_F(ServiceTest, StaleEtagIsAbortedAndChangesNothing) {
  Candidate created;
  ASSERT_TRUE(CreateCandidate(ValidCandidate(), &created).ok());
  v1::UpdateCandidateRequest update;
  update.mutable_candidate()->set_name(created.name());
  update.mutable_candidate()->set_etag(created.etag());
  update.mutable_candidate()->set_travel_range_km(30);
  update.mutable_update_mask()->add_paths("travel_range_km");
  Candidate first;
  ASSERT_TRUE(
      candidates_->UpdateCandidate(Context().get(), update, &first).ok());

  update.mutable_candidate()->set_travel_range_km(50);
  Candidate second;
  grpc::Status s =
      candidates_->UpdateCandidate(Context().get(), update, &second);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED);
  // The detail says which precondition failed, for a client to act on.
  const auto failure = DetailOf<google::rpc::PreconditionFailure>(s);
  ASSERT_EQ(failure.violations_size(), 1);
  EXPECT_EQ(failure.violations(0).type(), "ETAG");
  EXPECT_EQ(failure.violations(0).subject(), created.name());
  v1::GetCandidateRequest get;
  get.set_name(created.name());
  Candidate read;
  ASSERT_TRUE(candidates_->GetCandidate(Context().get(), get, &read).ok());
  EXPECT_EQ(read.travel_range_km(), 30);
  EXPECT_EQ(read.etag(), first.etag());
}

TEST_F(ServiceTest, RequestIdRetryReturnsTheFirstResult) {
  Candidate first, retry;
  ASSERT_TRUE(CreateCandidate(ValidCandidate(), &first, "retry-1").ok());
  ASSERT_TRUE(CreateCandidate(ValidCandidate(), &retry, "retry-1").ok());
  EXPECT_EQ(first.SerializeAsString(), retry.SerializeAsString());
  EXPECT_EQ(AllCandidates().size(), 1u);
  Candidate other;
  ASSERT_TRUE(CreateCandidate(ValidCandidate(), &other, "retry-2").ok());
  EXPECT_EQ(AllCandidates().size(), 2u);
  grpc::Status s =
      CreateCandidate(ValidCandidate(), &other, std::string(65, 'x'));
  EXPECT_THAT(ViolatedFields(s), ElementsAre("request_id"));
  s = CreateCandidate(ValidCandidate(), &other, "tab\tand\x01control");
  EXPECT_THAT(ViolatedFields(s), ElementsAre("request_id"));
  // The same request id with another body is a new request under an old
  // id: refused, and nothing is written.
  Candidate changed = ValidCandidate();
  changed.set_travel_range_km(40);
  s = CreateCandidate(changed, &other, "retry-1");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("request_id"));
  EXPECT_EQ(AllCandidates().size(), 2u);
  // The retry answers with the record as it is now.
  v1::UpdateCandidateRequest update;
  update.mutable_candidate()->set_name(first.name());
  update.mutable_candidate()->set_travel_range_km(25);
  update.mutable_update_mask()->add_paths("travel_range_km");
  Candidate updated;
  ASSERT_TRUE(
      candidates_->UpdateCandidate(Context().get(), update, &updated).ok());
  ASSERT_TRUE(CreateCandidate(ValidCandidate(), &retry, "retry-1").ok());
  EXPECT_EQ(retry.etag(), updated.etag());
  EXPECT_EQ(retry.travel_range_km(), 25);
}

// external_ref is immutable: an update that changes it is refused (it was
// silently kept before); sending it unchanged, as read, is fine.
TEST_F(ServiceTest, ChangingAnExternalRefIsRefused) {
  Candidate c = ValidCandidate();
  c.set_external_ref("ref-a");
  Candidate created;
  ASSERT_TRUE(CreateCandidate(c, &created).ok());
  v1::UpdateCandidateRequest update;
  *update.mutable_candidate() = created;
  update.mutable_candidate()->set_external_ref("ref-b");
  Candidate out;
  grpc::Status s = candidates_->UpdateCandidate(Context().get(), update, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("candidate.external_ref"));
  update.mutable_candidate()->set_external_ref("ref-a");
  update.mutable_candidate()->set_travel_range_km(30);
  ASSERT_TRUE(candidates_->UpdateCandidate(Context().get(), update, &out).ok());
  EXPECT_EQ(out.external_ref(), "ref-a");
  EXPECT_EQ(out.travel_range_km(), 30);
}

// Leaving AVAILABLE_FROM drops the date with it: a mask naming only the
// availability is enough.
TEST_F(ServiceTest, LeavingAvailableFromDropsItsDate) {
  Candidate later = ValidCandidate();
  later.set_availability(Candidate::AVAILABLE_FROM);
  later.mutable_available_from()->set_year(2030);
  later.mutable_available_from()->set_month(1);
  later.mutable_available_from()->set_day(15);
  Candidate created;
  ASSERT_TRUE(CreateCandidate(later, &created).ok());
  v1::UpdateCandidateRequest update;
  update.mutable_candidate()->set_name(created.name());
  update.mutable_candidate()->set_availability(Candidate::AVAILABLE_NOW);
  update.mutable_update_mask()->add_paths("availability");
  Candidate now;
  grpc::Status s = candidates_->UpdateCandidate(Context().get(), update, &now);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(now.availability(), Candidate::AVAILABLE_NOW);
  EXPECT_FALSE(now.has_available_from());
}

// A vacancy's region is its workplace's: one that contradicts the postcode
// area is refused (it decides who may change the vacancy), and a new
// postcode area moves the vacancy to its region.
TEST_F(ServiceTest, AVacancysRegionFollowsItsPostcodeArea) {
  Vacancy elsewhere = ValidVacancy();  // postcode area 3811, in AM14
  elsewhere.set_region("AM01");
  Vacancy out;
  grpc::Status s = CreateVacancy(elsewhere, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("vacancy.region"));
  v1::ListVacanciesResponse listed;
  ASSERT_TRUE(
      vacancies_
          ->ListVacancies(Context().get(), v1::ListVacanciesRequest(), &listed)
          .ok());
  EXPECT_EQ(listed.vacancies_size(), 0);

  Vacancy created;
  ASSERT_TRUE(CreateVacancy(ValidVacancy(), &created).ok());
  ASSERT_EQ(created.region(), "AM14");
  v1::UpdateVacancyRequest move;
  move.mutable_vacancy()->set_name(created.name());
  move.mutable_vacancy()->set_postcode_area("1012");  // Amsterdam
  move.mutable_update_mask()->add_paths("postcode_area");
  Vacancy moved;
  ASSERT_TRUE(vacancies_->UpdateVacancy(Context().get(), move, &moved).ok());
  EXPECT_EQ(moved.region(), "AM18");
  // The same with the whole record sent back, as read.
  v1::UpdateVacancyRequest back;
  *back.mutable_vacancy() = moved;
  back.mutable_vacancy()->set_postcode_area("3811");
  ASSERT_TRUE(vacancies_->UpdateVacancy(Context().get(), back, &moved).ok());
  EXPECT_EQ(moved.region(), "AM14");
}

TEST_F(ServiceTest, ImportUpsertsAndReportsBadRecordsWithoutAbortingTheRest) {
  grpc::ClientContext context;
  v1::ImportSummary summary;
  auto writer = candidates_->ImportCandidates(&context, &summary);
  v1::ImportCandidatesRequest request;
  for (int i = 0; i < 1200; ++i) {
    Candidate c = ValidCandidate();
    c.set_external_ref(absl::StrCat("reg-", i));
    if (i % 100 == 7) c.set_postcode_area("0000");  // unknown area
    if (i % 100 == 8) c.mutable_hours_per_week()->set_min(99);
    if (i == 9) c.clear_external_ref();  // required
    *request.add_candidates() = c;
    if (request.candidates_size() == 250) {
      ASSERT_TRUE(writer->Write(request));
      request.clear_candidates();
    }
  }
  ASSERT_TRUE(writer->Write(request));
  writer->WritesDone();
  ASSERT_TRUE(writer->Finish().ok());
  EXPECT_EQ(summary.received(), 1200);
  EXPECT_EQ(summary.failed(), 25);
  EXPECT_EQ(summary.created(), 1175);
  EXPECT_EQ(summary.updated(), 0);
  ASSERT_EQ(summary.errors_size(), 25);
  EXPECT_EQ(summary.errors(0).index(), 7);
  EXPECT_EQ(summary.errors(0).external_ref(), "reg-7");
  EXPECT_EQ(summary.errors(0).code(), 3);  // INVALID_ARGUMENT
  ASSERT_EQ(summary.errors(0).field_violations_size(), 1);
  EXPECT_EQ(summary.errors(0).field_violations(0).field(), "postcode_area");
  EXPECT_EQ(summary.errors(1).field_violations(0).field(),
            "hours_per_week.min");
  EXPECT_EQ(summary.errors(2).field_violations(0).field(), "external_ref");
  EXPECT_EQ(AllCandidates("", 1000).size(), 1175u);

  // A second import of the same refs updates instead of duplicating.
  grpc::ClientContext again_context;
  v1::ImportSummary again;
  auto again_writer = candidates_->ImportCandidates(&again_context, &again);
  v1::ImportCandidatesRequest one;
  Candidate c = ValidCandidate();
  c.set_external_ref("reg-0");
  c.set_travel_range_km(99);
  *one.add_candidates() = c;
  ASSERT_TRUE(again_writer->Write(one));
  again_writer->WritesDone();
  ASSERT_TRUE(again_writer->Finish().ok());
  EXPECT_EQ(again.updated(), 1);
  EXPECT_EQ(again.created(), 0);
  std::vector<Candidate> all = AllCandidates("", 1000);
  EXPECT_EQ(all.size(), 1175u);
  int changed = 0;
  for (const Candidate& stored : all) changed += stored.travel_range_km() == 99;
  EXPECT_EQ(changed, 1);
}

TEST_F(ServiceTest, ImportVacancies) {
  grpc::ClientContext context;
  v1::ImportSummary summary;
  auto writer = vacancies_->ImportVacancies(&context, &summary);
  v1::ImportVacanciesRequest request;
  for (int i = 0; i < 10; ++i) {
    Vacancy v = ValidVacancy();
    v.set_external_ref(absl::StrCat("job-", i));
    if (i == 4) v.add_offered_adjustments("golden_taps");
    *request.add_vacancies() = v;
  }
  ASSERT_TRUE(writer->Write(request));
  writer->WritesDone();
  ASSERT_TRUE(writer->Finish().ok());
  EXPECT_EQ(summary.created(), 9);
  ASSERT_EQ(summary.errors_size(), 1);
  EXPECT_EQ(summary.errors(0).field_violations(0).field(),
            "offered_adjustments[1]");
  EXPECT_EQ(AllVacancies().size(), 9u);
}

// One bad input per case: the field that must be named, and the mutation.
struct BadCandidate {
  std::string field;
  std::function<void(Candidate&)> mutate;
};

TEST_F(ServiceTest, EveryClassOfBadCandidateIsRefusedNamingItsField) {
  const std::vector<BadCandidate> cases = {
      {"candidate.owner_region", [](Candidate& c) { c.clear_owner_region(); }},
      {"candidate.owner_region",
       [](Candidate& c) { c.set_owner_region("AM99"); }},
      {"candidate.capacities[0].dimension",
       [](Candidate& c) { c.mutable_capacities(0)->set_dimension("flying"); }},
      {"candidate.capacities[0].level",
       [](Candidate& c) { c.mutable_capacities(0)->set_level(17); }},
      {"candidate.capacities[1].dimension",
       [](Candidate& c) { *c.add_capacities() = c.capacities(0); }},
      {"candidate.support_needs[0].need",
       [](Candidate& c) { c.mutable_support_needs(0)->set_need("pony"); }},
      {"candidate.support_needs[0].strength",
       [](Candidate& c) { c.mutable_support_needs(0)->clear_strength(); }},
      {"candidate.hours_per_week",
       [](Candidate& c) { c.clear_hours_per_week(); }},
      {"candidate.hours_per_week.max",
       [](Candidate& c) { c.mutable_hours_per_week()->set_max(8); }},
      {"candidate.hours_per_week.max",
       [](Candidate& c) { c.mutable_hours_per_week()->set_max(61); }},
      {"candidate.postcode_area",
       [](Candidate& c) { c.clear_postcode_area(); }},
      {"candidate.postcode_area",
       [](Candidate& c) { c.set_postcode_area("1234AB"); }},
      {"candidate.travel_range_km",
       [](Candidate& c) { c.set_travel_range_km(-1); }},
      {"candidate.occupations[0].esco_id",
       [](Candidate& c) { c.mutable_occupations(0)->set_esco_id("nope"); }},
      {"candidate.occupations[0].relation",
       [](Candidate& c) { c.mutable_occupations(0)->clear_relation(); }},
      {"candidate.wage_value_percent",
       [](Candidate& c) { c.set_wage_value_percent(101); }},
      {"candidate.availability", [](Candidate& c) { c.clear_availability(); }},
      {"candidate.availability",
       [](Candidate& c) {
         c.set_availability(static_cast<Candidate::Availability>(42));
       }},
      {"candidate.available_from",
       [](Candidate& c) { c.set_availability(Candidate::AVAILABLE_FROM); }},
      {"candidate.last_confirmed",
       [](Candidate& c) { c.clear_last_confirmed(); }},
      {"candidate.last_confirmed",
       [](Candidate& c) { c.mutable_last_confirmed()->set_year(2999); }},
      {"candidate.last_confirmed",
       [](Candidate& c) { c.mutable_last_confirmed()->set_month(13); }},
      {"candidate.label", [](Candidate& c) { c.set_label("lazy"); }},
      {"candidate.birth_year", [](Candidate& c) { c.set_birth_year(1850); }},
      {"candidate.notes",
       [](Candidate& c) { c.set_notes(std::string(2001, 'x')); }},
      {"candidate.display_name",
       [](Candidate& c) { c.set_display_name(std::string(201, 'x')); }},
      {"candidate.contact.email",
       [](Candidate& c) { c.mutable_contact()->set_email("no-at-sign"); }},
      {"candidate.contact.email",
       [](Candidate& c) { c.mutable_contact()->set_email("@"); }},
      {"candidate.contact.email",
       [](Candidate& c) { c.mutable_contact()->set_email("sanne@localhost"); }},
      {"candidate.contact.phone",
       [](Candidate& c) { c.mutable_contact()->set_phone("+()"); }},
      {"candidate.display_name",
       [](Candidate& c) { c.set_display_name("\x1b[2J"); }},
      {"candidate.notes", [](Candidate& c) { c.set_notes("bell\x07"); }},
      {"candidate.external_ref",
       [](Candidate& c) { c.set_external_ref("has space"); }},
  };
  for (const BadCandidate& bad : cases) {
    Candidate c = ValidCandidate();
    bad.mutate(c);
    Candidate out;
    grpc::Status s = CreateCandidate(c, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad.field;
    EXPECT_THAT(ViolatedFields(s), Contains(bad.field));
    EXPECT_NE(s.error_message().find(bad.field), std::string::npos)
        << s.error_message();
  }
  EXPECT_TRUE(AllCandidates().empty()) << "a refused create wrote something";

  // The same checks guard updates, and a refused update changes nothing.
  Candidate created;
  ASSERT_TRUE(CreateCandidate(ValidCandidate(), &created).ok());
  for (const BadCandidate& bad : cases) {
    v1::UpdateCandidateRequest update;
    *update.mutable_candidate() = created;
    bad.mutate(*update.mutable_candidate());
    if (bad.field == "candidate.external_ref") continue;  // immutable, below
    Candidate out;
    grpc::Status s =
        candidates_->UpdateCandidate(Context().get(), update, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad.field;
    EXPECT_THAT(ViolatedFields(s), Contains(bad.field));
  }
  std::vector<Candidate> all = AllCandidates();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].SerializeAsString(), created.SerializeAsString());
}

TEST_F(ServiceTest, BadVacanciesAreRefusedNamingTheirField) {
  const std::vector<std::pair<std::string, std::function<void(Vacancy&)>>>
      cases = {
          {"vacancy.employer", [](Vacancy& v) { v.clear_employer(); }},
          {"vacancy.employer", [](Vacancy& v) { v.set_employer("Big Corp"); }},
          {"vacancy.title", [](Vacancy& v) { v.clear_title(); }},
          {"vacancy.title", [](Vacancy& v) { v.set_title("   \n\t"); }},
          {"vacancy.employer_name",
           [](Vacancy& v) { v.set_employer_name("\x01\x02"); }},
          {"vacancy.description",
           [](Vacancy& v) { v.set_description("line\nbell\x07"); }},
          {"vacancy.region", [](Vacancy& v) { v.set_region("AM01"); }},
          {"vacancy.postcode_area",
           [](Vacancy& v) { v.set_postcode_area("99"); }},
          {"vacancy.region", [](Vacancy& v) { v.set_region("XX01"); }},
          {"vacancy.hours_per_week.min",
           [](Vacancy& v) { v.mutable_hours_per_week()->set_min(0); }},
          {"vacancy.demands[0].level",
           [](Vacancy& v) { v.mutable_demands(0)->set_level(-1); }},
          {"vacancy.demands[1].dimension",
           [](Vacancy& v) {
             auto* d = v.add_demands();
             d->set_dimension("evenings");
             d->set_level(1);
           }},
          {"vacancy.offered_adjustments[1]",
           [](Vacancy& v) { v.add_offered_adjustments("jobcoach_light"); }},
          {"vacancy.occupation", [](Vacancy& v) { v.clear_occupation(); }},
          {"vacancy.must_have_experience[0]",
           [](Vacancy& v) { v.add_must_have_experience("x"); }},
          {"vacancy.positions", [](Vacancy& v) { v.set_positions(1001); }},
          {"vacancy.contract_type",
           [](Vacancy& v) { v.clear_contract_type(); }},
          {"vacancy.sector", [](Vacancy& v) { v.clear_sector(); }},
          {"vacancy.status", [](Vacancy& v) { v.clear_status(); }},
      };
  for (const auto& [field, mutate] : cases) {
    Vacancy v = ValidVacancy();
    mutate(v);
    Vacancy out;
    grpc::Status s = CreateVacancy(v, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << field;
    EXPECT_THAT(ViolatedFields(s), Contains(field));
  }
  EXPECT_TRUE(AllVacancies().empty());
}

TEST_F(ServiceTest, BadNamesAndMasksAreRefused) {
  Candidate created;
  ASSERT_TRUE(CreateCandidate(ValidCandidate(), &created).ok());
  Candidate out;
  v1::GetCandidateRequest get;
  for (const char* name :
       {"", "candidates/", "vacancies/abc", "candidates/../x",
        "candidates/ABCDEFGHJKMNPQRSTVWXYZ0123"}) {
    get.set_name(name);
    grpc::Status s = candidates_->GetCandidate(Context().get(), get, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << name;
    EXPECT_THAT(ViolatedFields(s), ElementsAre("name"));
  }
  get.set_name("candidates/0123456789abcdefghjkmnpqrs");
  EXPECT_EQ(candidates_->GetCandidate(Context().get(), get, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);

  for (const char* path : {"etag", "name", "create_time", "external_ref",
                           "no_such_field", "hours_per_week.nope"}) {
    v1::UpdateCandidateRequest update;
    *update.mutable_candidate() = created;
    update.mutable_update_mask()->add_paths("display_name");
    update.mutable_update_mask()->add_paths(path);
    grpc::Status s =
        candidates_->UpdateCandidate(Context().get(), update, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << path;
    EXPECT_THAT(ViolatedFields(s), ElementsAre("update_mask.paths[1]"));
  }
  // Nested paths work.
  v1::UpdateCandidateRequest update;
  update.mutable_candidate()->set_name(created.name());
  update.mutable_candidate()->mutable_contact()->set_phone("+31 6 1234 5678");
  update.mutable_update_mask()->add_paths("contact.phone");
  ASSERT_TRUE(candidates_->UpdateCandidate(Context().get(), update, &out).ok());
  EXPECT_EQ(out.contact().phone(), "+31 6 1234 5678");
  EXPECT_EQ(out.contact().email(), "sanne@example.org");

  // An external_ref already in use cannot be taken by a second create.
  Candidate with_ref = ValidCandidate();
  with_ref.set_external_ref("uwv-1");
  ASSERT_TRUE(CreateCandidate(with_ref, &out).ok());
  EXPECT_EQ(CreateCandidate(with_ref, &out).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(ServiceTest, RestartKeepsAllData) {
  for (int i = 0; i < 20; ++i) {
    Candidate c;
    ASSERT_TRUE(CreateCandidate(ValidCandidate(), &c).ok());
  }
  Vacancy v;
  ASSERT_TRUE(CreateVacancy(ValidVacancy(), &v).ok());
  std::vector<Candidate> before = AllCandidates();
  StopServer();
  StartServer();
  std::vector<Candidate> after = AllCandidates();
  ASSERT_EQ(before.size(), after.size());
  for (size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(before[i].SerializeAsString(), after[i].SerializeAsString());
  }
  std::vector<Vacancy> vacancies = AllVacancies();
  ASSERT_EQ(vacancies.size(), 1u);
  EXPECT_EQ(vacancies[0].SerializeAsString(), v.SerializeAsString());
}

TEST_F(ServiceTest, TaxonomyAndHealthAreServed) {
  v1::Taxonomy taxonomy;
  ASSERT_TRUE(
      taxonomy_
          ->GetTaxonomy(Context().get(), v1::GetTaxonomyRequest(), &taxonomy)
          .ok());
  EXPECT_FALSE(taxonomy.version().empty());
  EXPECT_GT(taxonomy.dimensions_size(), 20);
  EXPECT_GT(taxonomy.adjustments_size(), 15);

  auto health = grpc::health::v1::Health::NewStub(channel_);
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(health->Check(Context().get(), request, &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST_F(ServiceTest, OccupationsAreFoundByWhatIsTyped) {
  auto search = [&](const std::string& query, const std::string& language,
                    int page_size, v1::SearchOccupationsResponse* response) {
    v1::SearchOccupationsRequest request;
    request.set_query(query);
    request.set_language(language);
    request.set_page_size(page_size);
    return taxonomy_->SearchOccupations(Context().get(), request, response);
  };
  v1::SearchOccupationsResponse response;
  ASSERT_TRUE(search("schonmaker gebouw", "nl", 0, &response).ok());
  ASSERT_FALSE(response.results().empty());
  const auto& first = response.results(0);
  EXPECT_EQ(first.occupation().esco_id(),
            "303a1e34-cb16-4054-b323-81e5eec17397");
  EXPECT_EQ(first.occupation().title_nl(), "schoonmaker gebouwen");
  EXPECT_EQ(first.occupation().title_en(), "building cleaner");
  EXPECT_EQ(first.occupation().isco_group(), "9112");
  EXPECT_EQ(first.matched_label(), "schoonmaker gebouwen");
  EXPECT_EQ(first.matched_language(), "nl");
  EXPECT_LE(response.results_size(), 10);

  // An ESCO id finds its occupation alone; the page size is capped at 50.
  ASSERT_TRUE(
      search("303a1e34-cb16-4054-b323-81e5eec17397", "en", 0, &response).ok());
  ASSERT_EQ(response.results_size(), 1);
  EXPECT_EQ(response.results(0).matched_label(), "building cleaner");
  ASSERT_TRUE(search("medewerker", "", 500, &response).ok());
  EXPECT_EQ(response.results_size(), 50);
  ASSERT_TRUE(search("qqqqzzzz", "", 0, &response).ok());
  EXPECT_EQ(response.results_size(), 0);

  struct Bad {
    std::string query, language;
    int page_size;
    std::string field;
  };
  for (const Bad& bad :
       std::vector<Bad>{{"", "", 0, "query"},
                        {" - / ", "", 0, "query"},
                        {std::string(101, 'a'), "", 0, "query"},
                        {"kok", "de", 0, "language"},
                        {"kok", "", -1, "page_size"}}) {
    grpc::Status s = search(bad.query, bad.language, bad.page_size, &response);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad.field;
    EXPECT_EQ(ViolatedFields(s), std::vector<std::string>{bad.field});
  }
}

// Refuses everything: proves that no handler runs without authorization.
class DenyAllAuthorizer : public services::Authorizer {
 public:
  absl::StatusOr<services::Principal> Authorize(
      const grpc::CallbackServerContext&,
      absl::string_view method) const override {
    calls_.fetch_add(1);
    return absl::PermissionDeniedError(absl::StrCat("denied: ", method));
  }
  mutable std::atomic<int> calls_{0};
};

TEST_F(ServiceTest, EveryMethodPassesTheAuthorizationPoint) {
  Candidate created;
  ASSERT_TRUE(CreateCandidate(ValidCandidate(), &created).ok());
  StopServer();
  auto deny = std::make_shared<DenyAllAuthorizer>();
  StartServer(deny);

  std::vector<std::pair<std::string, grpc::Status>> results;
  Candidate c;
  Vacancy v;
  google::protobuf::Empty empty;
  v1::CreateCandidateRequest cc;
  *cc.mutable_candidate() = ValidCandidate();
  results.emplace_back("CreateCandidate",
                       candidates_->CreateCandidate(Context().get(), cc, &c));
  v1::GetCandidateRequest gc;
  gc.set_name(created.name());
  results.emplace_back("GetCandidate",
                       candidates_->GetCandidate(Context().get(), gc, &c));
  v1::UpdateCandidateRequest uc;
  *uc.mutable_candidate() = created;
  results.emplace_back("UpdateCandidate",
                       candidates_->UpdateCandidate(Context().get(), uc, &c));
  v1::DeleteCandidateRequest dc;
  dc.set_name(created.name());
  results.emplace_back("DeleteCandidate", candidates_->DeleteCandidate(
                                              Context().get(), dc, &empty));
  v1::ListCandidatesResponse lcr;
  results.emplace_back("ListCandidates",
                       candidates_->ListCandidates(
                           Context().get(), v1::ListCandidatesRequest(), &lcr));
  {
    grpc::ClientContext context;
    v1::ImportSummary summary;
    auto writer = candidates_->ImportCandidates(&context, &summary);
    v1::ImportCandidatesRequest request;
    *request.add_candidates() = ValidCandidate();
    writer->Write(request);
    writer->WritesDone();
    results.emplace_back("ImportCandidates", writer->Finish());
  }
  v1::CreateVacancyRequest cv;
  *cv.mutable_vacancy() = ValidVacancy();
  results.emplace_back("CreateVacancy",
                       vacancies_->CreateVacancy(Context().get(), cv, &v));
  v1::GetVacancyRequest gv;
  results.emplace_back("GetVacancy",
                       vacancies_->GetVacancy(Context().get(), gv, &v));
  v1::UpdateVacancyRequest uv;
  results.emplace_back("UpdateVacancy",
                       vacancies_->UpdateVacancy(Context().get(), uv, &v));
  v1::DeleteVacancyRequest dv;
  results.emplace_back("DeleteVacancy",
                       vacancies_->DeleteVacancy(Context().get(), dv, &empty));
  v1::ListVacanciesResponse lvr;
  results.emplace_back("ListVacancies",
                       vacancies_->ListVacancies(
                           Context().get(), v1::ListVacanciesRequest(), &lvr));
  {
    grpc::ClientContext context;
    v1::ImportSummary summary;
    auto writer = vacancies_->ImportVacancies(&context, &summary);
    writer->WritesDone();
    results.emplace_back("ImportVacancies", writer->Finish());
  }
  v1::Taxonomy taxonomy;
  results.emplace_back(
      "GetTaxonomy", taxonomy_->GetTaxonomy(
                         Context().get(), v1::GetTaxonomyRequest(), &taxonomy));
  v1::SearchOccupationsResponse occupations;
  results.emplace_back(
      "SearchOccupations",
      taxonomy_->SearchOccupations(
          Context().get(), v1::SearchOccupationsRequest(), &occupations));
  auto match = v1::MatchService::NewStub(channel_);
  v1::RankCandidatesResponse rc;
  results.emplace_back(
      "RankCandidates",
      match->RankCandidates(Context().get(), v1::RankCandidatesRequest(), &rc));
  v1::RankVacanciesResponse rv;
  results.emplace_back(
      "RankVacancies",
      match->RankVacancies(Context().get(), v1::RankVacanciesRequest(), &rv));
  v1::MatchExplanation explanation;
  results.emplace_back(
      "ExplainMatch",
      match->ExplainMatch(Context().get(), v1::ExplainMatchRequest(),
                          &explanation));
  v1::RankAnonymousCandidatesResponse ra;
  results.emplace_back("RankAnonymousCandidates",
                       match->RankAnonymousCandidates(
                           Context().get(), v1::RankCandidatesRequest(), &ra));
  v1::AnonymousMatch anonymous;
  results.emplace_back(
      "ExplainAnonymousMatch",
      match->ExplainAnonymousMatch(Context().get(), v1::ExplainMatchRequest(),
                                   &anonymous));
  auto advice = v1::AdviceService::NewStub(channel_);
  v1::SuggestAdjustmentsResponse sa;
  results.emplace_back(
      "SuggestAdjustments",
      advice->SuggestAdjustments(Context().get(),
                                 v1::SuggestAdjustmentsRequest(), &sa));
  v1::ExplainBlockersResponse eb;
  results.emplace_back("ExplainBlockers",
                       advice->ExplainBlockers(
                           Context().get(), v1::ExplainBlockersRequest(), &eb));
  v1::AdjustmentOpportunitiesResponse ao;
  results.emplace_back(
      "AdjustmentOpportunities",
      advice->AdjustmentOpportunities(
          Context().get(), v1::AdjustmentOpportunitiesRequest(), &ao));
  v1::ProposeAssignmentsResponse pa;
  results.emplace_back(
      "ProposeAssignments",
      advice->ProposeAssignments(Context().get(),
                                 v1::ProposeAssignmentsRequest(), &pa));
  auto placements = v1::PlacementService::NewStub(channel_);
  v1::Placement placement;
  results.emplace_back(
      "CreatePlacement",
      placements->CreatePlacement(Context().get(), v1::CreatePlacementRequest(),
                                  &placement));
  results.emplace_back(
      "GetPlacement",
      placements->GetPlacement(Context().get(), v1::GetPlacementRequest(),
                               &placement));
  v1::ListPlacementsResponse lp;
  results.emplace_back("ListPlacements",
                       placements->ListPlacements(
                           Context().get(), v1::ListPlacementsRequest(), &lp));
  results.emplace_back(
      "TransitionPlacement",
      placements->TransitionPlacement(
          Context().get(), v1::TransitionPlacementRequest(), &placement));
  v1::Progress progress;
  results.emplace_back(
      "GetProgress", placements->GetProgress(
                         Context().get(), v1::GetProgressRequest(), &progress));
  v1::Supply supply;
  results.emplace_back("GetSupply",
                       v1::SupplyService::NewStub(channel_)->GetSupply(
                           Context().get(), v1::GetSupplyRequest(), &supply));
  v1::Bottlenecks bottlenecks;
  results.emplace_back(
      "GetBottlenecks",
      v1::SupplyService::NewStub(channel_)->GetBottlenecks(
          Context().get(), v1::GetBottlenecksRequest(), &bottlenecks));
  v1::SupplyForecast forecast;
  results.emplace_back(
      "ForecastSupply",
      v1::SupplyService::NewStub(channel_)->ForecastSupply(
          Context().get(), v1::ForecastSupplyRequest(), &forecast));
  v1::RecordSupplyHistoryRequest history;
  v1::QuarterFlows* flows = history.add_quarters();
  flows->set_region("AM14");
  flows->set_quarter("2025Q1");
  flows->set_registrations(40);
  v1::RecordSupplyHistoryResponse recorded;
  results.emplace_back(
      "RecordSupplyHistory",
      v1::SupplyService::NewStub(channel_)->RecordSupplyHistory(
          Context().get(), history, &recorded));
  auto consent = v1::ConsentService::NewStub(channel_);
  v1::ConsentEvent event;
  results.emplace_back(
      "RecordConsent",
      consent->RecordConsent(Context().get(), v1::RecordConsentRequest(),
                             &event));
  v1::ListConsentEventsResponse events;
  results.emplace_back(
      "ListConsentEvents",
      consent->ListConsentEvents(Context().get(),
                                 v1::ListConsentEventsRequest(), &events));
  v1::Introduction introduction;
  results.emplace_back(
      "GetIntroduction",
      consent->GetIntroduction(Context().get(), v1::GetIntroductionRequest(),
                               &introduction));
  auto audit = v1::AuditService::NewStub(channel_);
  v1::VerifyAuditChainResponse verified;
  results.emplace_back(
      "VerifyAuditChain",
      audit->VerifyAuditChain(Context().get(), v1::VerifyAuditChainRequest(),
                              &verified));
  v1::ListAuditEntriesResponse entries;
  results.emplace_back(
      "ListAuditEntries",
      audit->ListAuditEntries(Context().get(), v1::ListAuditEntriesRequest(),
                              &entries));

  v1::Caller caller;
  results.emplace_back("GetCaller",
                       v1::AccountService::NewStub(channel_)->GetCaller(
                           Context().get(), v1::GetCallerRequest(), &caller));
  auto admin = v1::AdminService::NewStub(channel_);
  v1::Backup backup;
  results.emplace_back(
      "CreateBackup",
      admin->CreateBackup(Context().get(), v1::CreateBackupRequest(), &backup));
  v1::ListBackupsResponse backups;
  results.emplace_back(
      "ListBackups",
      admin->ListBackups(Context().get(), v1::ListBackupsRequest(), &backups));

  // Every method of every passend.v1 service is in the list above.
  const size_t methods = PassendMethodCount();
  EXPECT_EQ(results.size(), methods);
  for (const auto& [method, status] : results) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << method;
    EXPECT_NE(status.error_message().find(method), std::string::npos)
        << status.error_message();
  }
  EXPECT_EQ(deny->calls_.load(), static_cast<int>(methods));

  // Nothing was changed behind the refusals.
  StopServer();
  StartServer();
  std::vector<Candidate> all = AllCandidates();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].SerializeAsString(), created.SerializeAsString());
  EXPECT_TRUE(AllVacancies().empty());
}

// One page-size rule for every list and ranking (AIP-158): 0 is the
// default, a larger value than the maximum is lowered to it, a negative one
// is refused naming page_size.
TEST(PageSizeTest, DefaultLoweredOrRefused) {
  services::FieldViolations violations;
  EXPECT_EQ(services::PageSize(0, 50, 1000, violations), 50);
  EXPECT_EQ(services::PageSize(7, 50, 1000, violations), 7);
  EXPECT_EQ(services::PageSize(5000, 50, 1000, violations), 1000);
  EXPECT_TRUE(violations.empty());
  services::PageSize(-1, 50, 1000, violations);
  EXPECT_THAT(services::BadRequestOf(violations.status()).field_violations(),
              ::testing::SizeIs(1));
}

TEST_F(ServiceTest, APageSizeAboveTheMaximumIsLoweredNotRefused) {
  auto placements = v1::PlacementService::NewStub(channel_);
  v1::ListPlacementsRequest request;
  request.set_parent("candidates/-");
  request.set_page_size(5000);
  v1::ListPlacementsResponse response;
  EXPECT_TRUE(
      placements->ListPlacements(Context().get(), request, &response).ok());
  v1::ListCandidatesRequest list;
  list.set_page_size(5000);
  v1::ListCandidatesResponse candidates;
  EXPECT_TRUE(
      candidates_->ListCandidates(Context().get(), list, &candidates).ok());
}

}  // namespace
}  // namespace passend::testing
