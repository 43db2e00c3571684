// API keys and the role policy through a real server: every method called
// by every role, missing and unknown keys, keys judged per call, record
// scopes, and what an employer may see of a candidate.
#include <atomic>
#include <fstream>
#include <functional>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/dutch_calendar.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "passend/v1/account.grpc.pb.h"
#include "passend/v1/admin.grpc.pb.h"
#include "passend/v1/advice.grpc.pb.h"
#include "passend/v1/audit.grpc.pb.h"
#include "passend/v1/consent.grpc.pb.h"
#include "passend/v1/match.grpc.pb.h"
#include "passend/v1/placement.grpc.pb.h"
#include "passend/v1/supply.grpc.pb.h"
#include "services/access/authorizer.h"
#include "services/access/key_store.h"
#include "services/reports/progress.h"
#include "storage/database.h"
#include "storage/key_codec.h"
#include "tests/services/server_fixture.h"

namespace passend::testing {
namespace {

using services::Role;

TEST(KeyStoreTest, KeysAreRandomAndStoredOnlyAsHashes) {
  std::string a = services::NewApiKey();
  std::string b = services::NewApiKey();
  EXPECT_NE(a, b);
  EXPECT_GE(a.size(), 43u);  // 256 bits in base64
  EXPECT_EQ(services::HashApiKey(a), services::HashApiKey(a));
  EXPECT_EQ(services::HashApiKey(a).size(), 64u);
  services::KeyEntry entry{"wsp-amersfoort", Role::kWsp, {"AM14"}, ""};
  std::string line = services::KeyFileLine(services::HashApiKey(a), entry);
  EXPECT_EQ(line.find(a), std::string::npos) << "the key itself is stored";
  auto store = ValueOrDie(services::KeyStore::Parse(line, "keys"));
  const services::KeyEntry* found = store->Find(a);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->principal, "wsp-amersfoort");
  EXPECT_EQ(found->regions, std::vector<std::string>{"AM14"});
  EXPECT_EQ(store->Find(b), nullptr);
}

TEST(KeyStoreTest, BadLinesAreRefusedNamingTheLine) {
  const std::string hash(64, 'a');
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"expected: <sha256 hex>", "only two"},
      {"SHA-256", "XYZ wsp-1 wsp regions=AM14"},
      {"unknown role \"boss\"", hash + " p boss"},
      {"wsp keys need regions", hash + " p wsp"},
      {"employer keys need employer", hash + " p employer"},
      {"unknown scope", hash + " p admin colour=blue"},
  };
  for (const auto& [expect, line] : cases) {
    absl::Status s =
        services::KeyStore::Parse(absl::StrCat("# header\n", line), "k.txt")
            .status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << line;
    EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("k.txt line 2"));
    EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr(expect));
  }
  EXPECT_FALSE(
      services::KeyStore::Parse(hash + " a admin\n" + hash + " b admin", "k")
          .ok())
      << "a hash twice";
}

class AuthTest : public ServerFixture {
 protected:
  void SetUp() override {
    std::string keys_file = dir_.path() + "/keys";
    std::ofstream file(keys_file);
    const std::vector<services::KeyEntry> entries = {
        {"wsp-amersfoort", Role::kWsp, {"AM14"}, ""},
        {"bakkerij", Role::kEmployer, {}, "bakkerij-jansen"},
        {"uwv-sync", Role::kIntegration, {"AM14"}, ""},
        {"cbs", Role::kAnalyst, {}, ""},
        {"ops", Role::kAdmin, {}, ""},
    };
    for (const auto& entry : entries) {
      std::string key = services::NewApiKey();
      keys_[entry.role] = key;
      file << services::KeyFileLine(services::HashApiKey(key), entry) << "\n";
    }
    file.close();
    StartWithKeys(32);
  }

  void StartWithKeys(int max_calls_per_principal) {
    StopServer();
    services::ServerOptions options;
    options.keys_file = dir_.path() + "/keys";
    options.max_calls_per_principal = max_calls_per_principal;
    StartServerWith(std::move(options));
    match_ = v1::MatchService::NewStub(channel_);
    advice_ = v1::AdviceService::NewStub(channel_);
    placements_ = v1::PlacementService::NewStub(channel_);
    consent_ = v1::ConsentService::NewStub(channel_);
    audit_ = v1::AuditService::NewStub(channel_);
  }

  // Every method, called with `key` ("" for none) and an empty request.
  std::map<std::string, grpc::Status> CallEverything(const std::string& key) {
    auto context = [&] {
      auto c = Context();
      if (!key.empty()) c->AddMetadata("authorization", "Bearer " + key);
      return c;
    };
    std::map<std::string, grpc::Status> results;
    v1::Candidate c;
    v1::Vacancy v;
    google::protobuf::Empty empty;
    results["CreateCandidate"] = candidates_->CreateCandidate(
        context().get(), v1::CreateCandidateRequest(), &c);
    results["GetCandidate"] = candidates_->GetCandidate(
        context().get(), v1::GetCandidateRequest(), &c);
    results["UpdateCandidate"] = candidates_->UpdateCandidate(
        context().get(), v1::UpdateCandidateRequest(), &c);
    results["DeleteCandidate"] = candidates_->DeleteCandidate(
        context().get(), v1::DeleteCandidateRequest(), &empty);
    v1::ListCandidatesResponse lc;
    results["ListCandidates"] = candidates_->ListCandidates(
        context().get(), v1::ListCandidatesRequest(), &lc);
    {
      auto ctx = context();
      v1::ImportSummary summary;
      auto writer = candidates_->ImportCandidates(ctx.get(), &summary);
      writer->WritesDone();
      results["ImportCandidates"] = writer->Finish();
    }
    results["CreateVacancy"] = vacancies_->CreateVacancy(
        context().get(), v1::CreateVacancyRequest(), &v);
    results["GetVacancy"] =
        vacancies_->GetVacancy(context().get(), v1::GetVacancyRequest(), &v);
    results["UpdateVacancy"] = vacancies_->UpdateVacancy(
        context().get(), v1::UpdateVacancyRequest(), &v);
    results["DeleteVacancy"] = vacancies_->DeleteVacancy(
        context().get(), v1::DeleteVacancyRequest(), &empty);
    v1::ListVacanciesResponse lv;
    results["ListVacancies"] = vacancies_->ListVacancies(
        context().get(), v1::ListVacanciesRequest(), &lv);
    {
      auto ctx = context();
      v1::ImportSummary summary;
      auto writer = vacancies_->ImportVacancies(ctx.get(), &summary);
      writer->WritesDone();
      results["ImportVacancies"] = writer->Finish();
    }
    v1::Taxonomy t;
    results["GetTaxonomy"] =
        taxonomy_->GetTaxonomy(context().get(), v1::GetTaxonomyRequest(), &t);
    v1::SearchOccupationsRequest search;
    search.set_query("kok");
    v1::SearchOccupationsResponse found;
    results["SearchOccupations"] =
        taxonomy_->SearchOccupations(context().get(), search, &found);
    v1::RankCandidatesResponse rc;
    results["RankCandidates"] = match_->RankCandidates(
        context().get(), v1::RankCandidatesRequest(), &rc);
    v1::RankVacanciesResponse rv;
    results["RankVacancies"] =
        match_->RankVacancies(context().get(), v1::RankVacanciesRequest(), &rv);
    v1::MatchExplanation e;
    results["ExplainMatch"] =
        match_->ExplainMatch(context().get(), v1::ExplainMatchRequest(), &e);
    v1::RankAnonymousCandidatesResponse ra;
    results["RankAnonymousCandidates"] = match_->RankAnonymousCandidates(
        context().get(), v1::RankCandidatesRequest(), &ra);
    v1::AnonymousMatch a;
    results["ExplainAnonymousMatch"] = match_->ExplainAnonymousMatch(
        context().get(), v1::ExplainMatchRequest(), &a);
    v1::SuggestAdjustmentsResponse sa;
    results["SuggestAdjustments"] = advice_->SuggestAdjustments(
        context().get(), v1::SuggestAdjustmentsRequest(), &sa);
    v1::ExplainBlockersResponse eb;
    results["ExplainBlockers"] = advice_->ExplainBlockers(
        context().get(), v1::ExplainBlockersRequest(), &eb);
    v1::AdjustmentOpportunitiesResponse ao;
    results["AdjustmentOpportunities"] = advice_->AdjustmentOpportunities(
        context().get(), v1::AdjustmentOpportunitiesRequest(), &ao);
    v1::ProposeAssignmentsResponse pa;
    results["ProposeAssignments"] = advice_->ProposeAssignments(
        context().get(), v1::ProposeAssignmentsRequest(), &pa);
    v1::Placement pl;
    results["CreatePlacement"] = placements_->CreatePlacement(
        context().get(), v1::CreatePlacementRequest(), &pl);
    results["GetPlacement"] = placements_->GetPlacement(
        context().get(), v1::GetPlacementRequest(), &pl);
    v1::ListPlacementsResponse lp;
    results["ListPlacements"] = placements_->ListPlacements(
        context().get(), v1::ListPlacementsRequest(), &lp);
    results["TransitionPlacement"] = placements_->TransitionPlacement(
        context().get(), v1::TransitionPlacementRequest(), &pl);
    v1::Progress progress;
    results["GetProgress"] = placements_->GetProgress(
        context().get(), v1::GetProgressRequest(), &progress);
    v1::Supply supply;
    results["GetSupply"] = v1::SupplyService::NewStub(channel_)->GetSupply(
        context().get(), v1::GetSupplyRequest(), &supply);
    v1::Bottlenecks bottlenecks;
    results["GetBottlenecks"] =
        v1::SupplyService::NewStub(channel_)->GetBottlenecks(
            context().get(), v1::GetBottlenecksRequest(), &bottlenecks);
    v1::SupplyForecast forecast;
    results["ForecastSupply"] =
        v1::SupplyService::NewStub(channel_)->ForecastSupply(
            context().get(), v1::ForecastSupplyRequest(), &forecast);
    v1::RecordSupplyHistoryResponse recorded;
    results["RecordSupplyHistory"] =
        v1::SupplyService::NewStub(channel_)->RecordSupplyHistory(
            context().get(), v1::RecordSupplyHistoryRequest(), &recorded);
    v1::ConsentEvent ce;
    results["RecordConsent"] = consent_->RecordConsent(
        context().get(), v1::RecordConsentRequest(), &ce);
    v1::ListConsentEventsResponse lce;
    results["ListConsentEvents"] = consent_->ListConsentEvents(
        context().get(), v1::ListConsentEventsRequest(), &lce);
    v1::Introduction intro;
    results["GetIntroduction"] = consent_->GetIntroduction(
        context().get(), v1::GetIntroductionRequest(), &intro);
    v1::VerifyAuditChainResponse verified;
    results["VerifyAuditChain"] = audit_->VerifyAuditChain(
        context().get(), v1::VerifyAuditChainRequest(), &verified);
    v1::ListAuditEntriesResponse entries;
    results["ListAuditEntries"] = audit_->ListAuditEntries(
        context().get(), v1::ListAuditEntriesRequest(), &entries);
    v1::Caller caller;
    results["GetCaller"] = v1::AccountService::NewStub(channel_)->GetCaller(
        context().get(), v1::GetCallerRequest(), &caller);
    auto admin = v1::AdminService::NewStub(channel_);
    v1::ListBackupsResponse backups;
    results["ListBackups"] =
        admin->ListBackups(context().get(), v1::ListBackupsRequest(), &backups);
    v1::Backup backup;
    v1::CreateBackupRequest create;
    create.set_keep(-1);  // refused before any work, once authorized
    results["CreateBackup"] =
        admin->CreateBackup(context().get(), create, &backup);
    return results;
  }

  std::map<Role, std::string> keys_;
  std::unique_ptr<v1::MatchService::Stub> match_;
  std::unique_ptr<v1::AdviceService::Stub> advice_;
  std::unique_ptr<v1::PlacementService::Stub> placements_;
  std::unique_ptr<v1::ConsentService::Stub> consent_;
  std::unique_ptr<v1::AuditService::Stub> audit_;
};

TEST_F(AuthTest, RoleByMethodMatrix) {
  // Methods each role may call; admins may call everything.
  const std::map<Role, std::set<std::string>> allowed = {
      {Role::kWsp,
       {"CreateCandidate",
        "GetCandidate",
        "UpdateCandidate",
        "DeleteCandidate",
        "ListCandidates",
        "CreateVacancy",
        "GetVacancy",
        "UpdateVacancy",
        "DeleteVacancy",
        "ListVacancies",
        "GetTaxonomy",
        "SearchOccupations",
        "GetCaller",
        "RankCandidates",
        "RankVacancies",
        "ExplainMatch",
        "RankAnonymousCandidates",
        "ExplainAnonymousMatch",
        "SuggestAdjustments",
        "ExplainBlockers",
        "AdjustmentOpportunities",
        "ProposeAssignments",
        "CreatePlacement",
        "GetPlacement",
        "ListPlacements",
        "TransitionPlacement",
        "GetProgress",
        "GetSupply",
        "GetBottlenecks",
        "ForecastSupply",
        "RecordConsent",
        "ListConsentEvents",
        "GetIntroduction"}},
      {Role::kEmployer,
       {"CreateVacancy", "GetVacancy", "UpdateVacancy", "DeleteVacancy",
        "ListVacancies", "GetTaxonomy", "SearchOccupations", "GetCaller",
        "RankAnonymousCandidates", "ExplainAnonymousMatch",
        "SuggestAdjustments", "GetProgress", "CreatePlacement", "GetPlacement",
        "ListPlacements", "TransitionPlacement", "GetIntroduction"}},
      {Role::kIntegration,
       {"ImportCandidates", "ImportVacancies", "GetTaxonomy",
        "SearchOccupations", "GetCaller"}},
      {Role::kAnalyst,
       {"GetTaxonomy", "SearchOccupations", "GetCaller",
        "AdjustmentOpportunities", "GetProgress", "GetSupply", "GetBottlenecks",
        "ForecastSupply"}},
  };
  const size_t methods = PassendMethodCount();
  for (const auto& [role, key] : keys_) {
    std::map<std::string, grpc::Status> results = CallEverything(key);
    ASSERT_EQ(results.size(), methods);
    for (const auto& [method, status] : results) {
      const bool may = role == Role::kAdmin || allowed.at(role).count(method);
      // An allowed call passes authorization and then fails, if at all, on
      // the empty request; a refused one is PERMISSION_DENIED.
      if (may) {
        EXPECT_NE(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
            << services::RoleName(role) << " " << method;
        EXPECT_NE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED)
            << services::RoleName(role) << " " << method;
      } else {
        EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
            << services::RoleName(role) << " " << method << ": "
            << status.error_message();
      }
    }
  }
  for (const std::string& bad : {std::string(), std::string("not-a-key")}) {
    for (const auto& [method, status] : CallEverything(bad)) {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED)
          << method;
    }
  }
}

TEST_F(AuthTest, EachCallOnOneChannelIsJudgedOnItsOwnKey) {
  v1::Taxonomy t;
  v1::ListCandidatesResponse lc;
  for (int round = 0; round < 3; ++round) {
    auto wsp = Context();
    wsp->AddMetadata("authorization", "Bearer " + keys_[Role::kWsp]);
    EXPECT_TRUE(
        candidates_->ListCandidates(wsp.get(), v1::ListCandidatesRequest(), &lc)
            .ok());
    auto analyst = Context();
    analyst->AddMetadata("authorization", "Bearer " + keys_[Role::kAnalyst]);
    EXPECT_EQ(
        candidates_
            ->ListCandidates(analyst.get(), v1::ListCandidatesRequest(), &lc)
            .error_code(),
        grpc::StatusCode::PERMISSION_DENIED);
    auto none = Context();
    EXPECT_EQ(taxonomy_->GetTaxonomy(none.get(), v1::GetTaxonomyRequest(), &t)
                  .error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
}

// A context carrying `key`.
std::unique_ptr<grpc::ClientContext> WithKey(const std::string& key) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(10));
  context->AddMetadata("authorization", "Bearer " + key);
  return context;
}

TEST_F(AuthTest, RecordsOutsideTheScopeAreRefusedAsIfTheyDidNotExist) {
  // An admin puts a candidate in AM01 and a vacancy of another employer.
  const std::string admin = keys_[Role::kAdmin];
  v1::CreateCandidateRequest create;
  *create.mutable_candidate() = ValidCandidate();
  create.mutable_candidate()->set_owner_region("AM01");
  v1::Candidate foreign;
  ASSERT_TRUE(
      candidates_->CreateCandidate(WithKey(admin).get(), create, &foreign)
          .ok());
  v1::CreateVacancyRequest create_vacancy;
  *create_vacancy.mutable_vacancy() = ValidVacancy();
  create_vacancy.mutable_vacancy()->set_employer("someone-else");
  v1::Vacancy other;
  ASSERT_TRUE(
      vacancies_->CreateVacancy(WithKey(admin).get(), create_vacancy, &other)
          .ok());

  const std::string wsp = keys_[Role::kWsp];  // AM14 only
  const std::string missing_candidate = "candidates/0123456789abcdefghjkmnpqrs";
  for (const std::string& name : {foreign.name(), missing_candidate}) {
    v1::GetCandidateRequest get;
    get.set_name(name);
    v1::Candidate out;
    grpc::Status s = candidates_->GetCandidate(WithKey(wsp).get(), get, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << name;
    v1::UpdateCandidateRequest update;
    update.mutable_candidate()->set_name(name);
    update.mutable_candidate()->set_travel_range_km(3);
    update.mutable_update_mask()->add_paths("travel_range_km");
    EXPECT_EQ(candidates_->UpdateCandidate(WithKey(wsp).get(), update, &out)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED)
        << name;
    // A stale etag must not give ABORTED away for a record that exists.
    update.mutable_candidate()->set_etag("999");
    EXPECT_EQ(candidates_->UpdateCandidate(WithKey(wsp).get(), update, &out)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED)
        << name;
    v1::DeleteCandidateRequest del;
    del.set_name(name);
    google::protobuf::Empty empty;
    EXPECT_EQ(candidates_->DeleteCandidate(WithKey(wsp).get(), del, &empty)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED)
        << name;
  }
  // The same answer for both, so existence does not leak; nothing changed.
  v1::GetCandidateRequest get;
  get.set_name(foreign.name());
  v1::Candidate still;
  ASSERT_TRUE(
      candidates_->GetCandidate(WithKey(admin).get(), get, &still).ok());
  EXPECT_EQ(still.SerializeAsString(), foreign.SerializeAsString());

  // A WSP cannot create outside its regions, nor move a record out of them.
  create.mutable_candidate()->set_owner_region("AM01");
  v1::Candidate out;
  EXPECT_EQ(candidates_->CreateCandidate(WithKey(wsp).get(), create, &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  create.mutable_candidate()->set_owner_region("AM14");
  v1::Candidate own;
  ASSERT_TRUE(
      candidates_->CreateCandidate(WithKey(wsp).get(), create, &own).ok());
  v1::UpdateCandidateRequest move;
  move.mutable_candidate()->set_name(own.name());
  move.mutable_candidate()->set_owner_region("AM01");
  move.mutable_update_mask()->add_paths("owner_region");
  EXPECT_EQ(
      candidates_->UpdateCandidate(WithKey(wsp).get(), move, &out).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  // Listing shows only the WSP's own.
  v1::ListCandidatesResponse listed;
  ASSERT_TRUE(candidates_
                  ->ListCandidates(WithKey(wsp).get(),
                                   v1::ListCandidatesRequest(), &listed)
                  .ok());
  ASSERT_EQ(listed.candidates_size(), 1);
  EXPECT_EQ(listed.candidates(0).name(), own.name());

  // An employer sees and changes only its own vacancies.
  const std::string employer = keys_[Role::kEmployer];  // bakkerij-jansen
  for (const std::string& name :
       {other.name(), std::string("vacancies/0123456789abcdefghjkmnpqrs")}) {
    v1::GetVacancyRequest get_vacancy;
    get_vacancy.set_name(name);
    v1::Vacancy v;
    EXPECT_EQ(vacancies_->GetVacancy(WithKey(employer).get(), get_vacancy, &v)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED)
        << name;
  }
  create_vacancy.mutable_vacancy()->set_employer("bakkerij-jansen");
  v1::Vacancy mine;
  ASSERT_TRUE(
      vacancies_->CreateVacancy(WithKey(employer).get(), create_vacancy, &mine)
          .ok());
  v1::ListVacanciesResponse vacancies;
  ASSERT_TRUE(vacancies_
                  ->ListVacancies(WithKey(employer).get(),
                                  v1::ListVacanciesRequest(), &vacancies)
                  .ok());
  ASSERT_EQ(vacancies.vacancies_size(), 1);
  EXPECT_EQ(vacancies.vacancies(0).name(), mine.name());
}

// A create's retry answers with the record as it is now, so it must pass
// the same scope: once the record has moved out of the caller's regions,
// the retry is refused as if the record did not exist.
TEST_F(AuthTest, ARetryDoesNotReturnARecordMovedOutOfScope) {
  const std::string wsp = keys_[Role::kWsp];  // AM14 only
  v1::CreateCandidateRequest create;
  *create.mutable_candidate() = ValidCandidate();
  create.set_request_id("wsp-create-1");
  v1::Candidate created;
  ASSERT_TRUE(
      candidates_->CreateCandidate(WithKey(wsp).get(), create, &created).ok());
  v1::Candidate again;
  ASSERT_TRUE(
      candidates_->CreateCandidate(WithKey(wsp).get(), create, &again).ok());
  EXPECT_EQ(again.name(), created.name());

  v1::UpdateCandidateRequest move;
  move.mutable_candidate()->set_name(created.name());
  move.mutable_candidate()->set_owner_region("AM01");
  move.mutable_update_mask()->add_paths("owner_region");
  v1::Candidate moved;
  ASSERT_TRUE(
      candidates_
          ->UpdateCandidate(WithKey(keys_[Role::kAdmin]).get(), move, &moved)
          .ok());
  v1::Candidate out;
  grpc::Status s =
      candidates_->CreateCandidate(WithKey(wsp).get(), create, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << s.error_message();
  EXPECT_TRUE(out.display_name().empty());
}

TEST_F(AuthTest, RankingsStayWithinTheCallersScope) {
  const std::string admin = keys_[Role::kAdmin];
  std::map<std::string, v1::Candidate> by_region;
  for (const char* region : {"AM14", "AM01"}) {
    v1::CreateCandidateRequest create;
    *create.mutable_candidate() = ValidCandidate();
    create.mutable_candidate()->set_owner_region(region);
    ASSERT_TRUE(
        candidates_
            ->CreateCandidate(WithKey(admin).get(), create, &by_region[region])
            .ok());
  }
  v1::CreateVacancyRequest create_vacancy;
  *create_vacancy.mutable_vacancy() = ValidVacancy();
  create_vacancy.mutable_vacancy()->set_employer("bakkerij-jansen");
  v1::Vacancy own, foreign;
  ASSERT_TRUE(
      vacancies_->CreateVacancy(WithKey(admin).get(), create_vacancy, &own)
          .ok());
  create_vacancy.mutable_vacancy()->set_employer("someone-else");
  ASSERT_TRUE(
      vacancies_->CreateVacancy(WithKey(admin).get(), create_vacancy, &foreign)
          .ok());

  // The WSP of AM14 sees only AM14's candidates, and may not ask for others.
  v1::RankCandidatesRequest rank;
  rank.set_vacancy(own.name());
  v1::RankCandidatesResponse ranked;
  ASSERT_TRUE(
      match_->RankCandidates(WithKey(keys_[Role::kWsp]).get(), rank, &ranked)
          .ok());
  ASSERT_EQ(ranked.results_size(), 1);
  EXPECT_EQ(ranked.results(0).candidate(), by_region["AM14"].name());
  rank.add_regions("AM01");
  EXPECT_EQ(
      match_->RankCandidates(WithKey(keys_[Role::kWsp]).get(), rank, &ranked)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  rank.clear_regions();

  // An employer ranks (anonymously) for its own vacancy only; another's is
  // refused like a missing one.
  const std::string employer = keys_[Role::kEmployer];
  v1::RankAnonymousCandidatesResponse anonymous;
  ASSERT_TRUE(
      match_->RankAnonymousCandidates(WithKey(employer).get(), rank, &anonymous)
          .ok());
  EXPECT_EQ(anonymous.results_size(), 2);
  for (const std::string& name :
       {foreign.name(), std::string("vacancies/0123456789abcdefghjkmnpqrs")}) {
    rank.set_vacancy(name);
    EXPECT_EQ(
        match_
            ->RankAnonymousCandidates(WithKey(employer).get(), rank, &anonymous)
            .error_code(),
        grpc::StatusCode::PERMISSION_DENIED)
        << name;
  }

  // RankVacancies and ExplainMatch for another region's candidate.
  v1::RankVacanciesRequest for_candidate;
  for_candidate.set_candidate(by_region["AM01"].name());
  v1::RankVacanciesResponse vacancies;
  EXPECT_EQ(match_
                ->RankVacancies(WithKey(keys_[Role::kWsp]).get(), for_candidate,
                                &vacancies)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::ExplainMatchRequest explain;
  explain.set_candidate(by_region["AM01"].name());
  explain.set_vacancy(own.name());
  v1::MatchExplanation e;
  EXPECT_EQ(match_->ExplainMatch(WithKey(keys_[Role::kWsp]).get(), explain, &e)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  explain.set_candidate(by_region["AM14"].name());
  EXPECT_TRUE(
      match_->ExplainMatch(WithKey(keys_[Role::kWsp]).get(), explain, &e).ok());
  v1::AnonymousMatch a;
  EXPECT_TRUE(
      match_->ExplainAnonymousMatch(WithKey(employer).get(), explain, &a).ok());
  explain.set_vacancy(foreign.name());
  EXPECT_EQ(match_->ExplainAnonymousMatch(WithKey(employer).get(), explain, &a)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

// An employer learns neither where an anonymous person lives (no ranking
// narrowed by region) nor anything of people a ranking for its vacancy never
// shows: asking about them is answered exactly as for an id that does not
// exist, until the person consents to an introduction.
TEST_F(AuthTest, EmployersLearnNoLocationAndNothingOfPeopleNeverShown) {
  const std::string admin = keys_[Role::kAdmin];
  const std::string employer = keys_[Role::kEmployer];
  auto create = [&](const std::function<void(v1::Candidate&)>& change) {
    v1::CreateCandidateRequest request;
    *request.mutable_candidate() = ValidCandidate();
    change(*request.mutable_candidate());
    v1::Candidate created;
    EXPECT_TRUE(
        candidates_->CreateCandidate(WithKey(admin).get(), request, &created)
            .ok());
    return created;
  };
  const v1::Candidate fits = create([](v1::Candidate&) {});
  const v1::Candidate elsewhere =
      create([](v1::Candidate& c) { c.set_owner_region("AM01"); });
  const v1::Candidate withdrawn = create(
      [](v1::Candidate& c) { c.set_availability(v1::Candidate::WITHDRAWN); });
  const v1::Candidate placed = create(
      [](v1::Candidate& c) { c.set_availability(v1::Candidate::PLACED); });
  // Fails three constraints: a need nobody meets, hours, and (with a
  // travel range of 0 from another postcode area) reach.
  const v1::Candidate far_off = create([](v1::Candidate& c) {
    c.add_support_needs()->set_need("low_stimulus");
    c.mutable_support_needs(1)->set_strength(v1::SupportNeed::REQUIRED);
    c.mutable_hours_per_week()->set_min(40);
    c.mutable_hours_per_week()->set_max(40);
    c.set_postcode_area("9711");
    c.set_owner_region("AM01");
    c.set_travel_range_km(0);
  });
  // Fails one: a near miss, which a ranking shows.
  const v1::Candidate near = create([](v1::Candidate& c) {
    c.mutable_hours_per_week()->set_min(40);
    c.mutable_hours_per_week()->set_max(40);
  });
  v1::CreateVacancyRequest create_vacancy;
  *create_vacancy.mutable_vacancy() = ValidVacancy();  // bakkerij-jansen's
  v1::Vacancy vacancy;
  ASSERT_TRUE(
      vacancies_->CreateVacancy(WithKey(admin).get(), create_vacancy, &vacancy)
          .ok());

  v1::RankCandidatesRequest rank;
  rank.set_vacancy(vacancy.name());
  rank.set_near_misses(10);
  v1::RankAnonymousCandidatesResponse ranked;
  ASSERT_TRUE(
      match_->RankAnonymousCandidates(WithKey(employer).get(), rank, &ranked)
          .ok());
  std::set<std::string> shown;
  for (const auto& r : ranked.results()) shown.insert(r.candidate());
  for (const auto& r : ranked.near_misses()) shown.insert(r.candidate());
  EXPECT_EQ(shown, (std::set<std::string>{fits.name(), elsewhere.name(),
                                          near.name()}));
  // Narrowed by region, rankings would tell who lives where.
  for (const char* region : {"AM14", "AM01"}) {
    rank.clear_regions();
    rank.add_regions(region);
    grpc::Status refused =
        match_->RankAnonymousCandidates(WithKey(employer).get(), rank, &ranked);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << region;
  }

  auto explain = [&](const std::string& candidate) {
    v1::ExplainMatchRequest request;
    request.set_candidate(candidate);
    request.set_vacancy(vacancy.name());
    v1::AnonymousMatch match;
    return match_->ExplainAnonymousMatch(WithKey(employer).get(), request,
                                         &match);
  };
  // The answer for a person never shown, with the id in place of theirs.
  const std::string missing = "candidates/0123456789abcdefghjkmnpqrs";
  const grpc::Status as_missing = explain(missing);
  ASSERT_EQ(as_missing.error_code(), grpc::StatusCode::NOT_FOUND);
  auto expect_as_missing = [&](const v1::Candidate& c) {
    const grpc::Status status = explain(c.name());
    EXPECT_EQ(status.error_code(), as_missing.error_code()) << c.name();
    auto as_if_missing = [&](std::string text) {
      for (size_t at = text.find(c.name()); at != std::string::npos;
           at = text.find(c.name(), at)) {
        text.replace(at, c.name().size(), missing);
      }
      return text;
    };
    EXPECT_EQ(as_if_missing(status.error_message()),
              as_missing.error_message());
    EXPECT_EQ(as_if_missing(status.error_details()),
              as_missing.error_details());
  };
  for (const v1::Candidate* c : {&withdrawn, &placed, &far_off}) {
    expect_as_missing(*c);
  }
  for (const v1::Candidate* c : {&fits, &elsewhere, &near}) {
    EXPECT_TRUE(explain(c->name()).ok()) << c->name();
  }
  // The WSP still explains every pair of its region.
  v1::ExplainMatchRequest full_request;
  full_request.set_candidate(withdrawn.name());
  full_request.set_vacancy(vacancy.name());
  v1::MatchExplanation full;
  EXPECT_TRUE(
      match_
          ->ExplainMatch(WithKey(keys_[Role::kWsp]).get(), full_request, &full)
          .ok());

  // Once the person consents to an introduction, the employer may ask.
  v1::RecordConsentRequest consent;
  consent.mutable_consent_event()->set_candidate(withdrawn.name());
  consent.mutable_consent_event()->set_employer("bakkerij-jansen");
  consent.mutable_consent_event()->set_kind(v1::ConsentEvent::GIVEN);
  v1::ConsentEvent stored;
  ASSERT_TRUE(
      consent_
          ->RecordConsent(WithKey(keys_[Role::kWsp]).get(), consent, &stored)
          .ok());
  EXPECT_TRUE(explain(withdrawn.name()).ok());
  expect_as_missing(placed);
}

TEST_F(AuthTest, AWspWhoseRegionsAreUnknownRanksNoOne) {
  const std::string key = services::NewApiKey();
  std::ofstream(dir_.path() + "/keys", std::ios::app)
      << services::KeyFileLine(services::HashApiKey(key),
                               {"wsp-nowhere", Role::kWsp, {"AM99"}, ""})
      << "\n";
  StartWithKeys(32);
  v1::CreateVacancyRequest create;
  *create.mutable_vacancy() = ValidVacancy();
  v1::Vacancy vacancy;
  ASSERT_TRUE(
      vacancies_
          ->CreateVacancy(WithKey(keys_[Role::kAdmin]).get(), create, &vacancy)
          .ok());
  v1::RankCandidatesRequest rank;
  rank.set_vacancy(vacancy.name());
  v1::RankCandidatesResponse ranked;
  EXPECT_EQ(
      match_->RankCandidates(WithKey(key).get(), rank, &ranked).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ranked.results_size(), 0);
}

TEST_F(AuthTest, APrincipalsCallsInFlightAreCapped) {
  StartWithKeys(1);
  const std::string integration = keys_[Role::kIntegration];
  v1::Taxonomy t;
  {
    // An import stream held open takes the integration's one slot.
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + integration);
    v1::ImportSummary summary;
    auto writer = candidates_->ImportCandidates(&context, &summary);
    v1::ImportCandidatesRequest request;
    ASSERT_TRUE(writer->Write(request));
    // Once the server has taken the stream (soon), a second call of the
    // same principal is refused.
    grpc::Status second;
    for (int i = 0; i < 200; ++i) {
      second = taxonomy_->GetTaxonomy(WithKey(integration).get(),
                                      v1::GetTaxonomyRequest(), &t);
      if (second.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) break;
      absl::SleepFor(absl::Milliseconds(10));
    }
    EXPECT_EQ(second.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    // Other principals are not affected.
    EXPECT_TRUE(taxonomy_
                    ->GetTaxonomy(WithKey(keys_[Role::kAnalyst]).get(),
                                  v1::GetTaxonomyRequest(), &t)
                    .ok());
    writer->WritesDone();
    ASSERT_TRUE(writer->Finish().ok());
  }
  // The slot is free again once the stream has ended.
  grpc::Status again;
  for (int i = 0; i < 50; ++i) {
    again = taxonomy_->GetTaxonomy(WithKey(integration).get(),
                                   v1::GetTaxonomyRequest(), &t);
    if (again.ok()) break;
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_TRUE(again.ok()) << again.error_message();
}

TEST_F(AuthTest, ImportsOutsideTheIntegrationsScopeAreRefusedPerRecord) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + keys_[Role::kIntegration]);
  v1::ImportSummary summary;
  auto writer = candidates_->ImportCandidates(&context, &summary);
  v1::ImportCandidatesRequest request;
  for (const char* region : {"AM14", "AM01", "AM14"}) {
    v1::Candidate c = ValidCandidate();
    c.set_owner_region(region);
    c.set_external_ref(absl::StrCat("sync-", request.candidates_size()));
    *request.add_candidates() = c;
  }
  ASSERT_TRUE(writer->Write(request));
  writer->WritesDone();
  ASSERT_TRUE(writer->Finish().ok());
  EXPECT_EQ(summary.created(), 2);
  ASSERT_EQ(summary.errors_size(), 1);
  EXPECT_EQ(summary.errors(0).index(), 1);
  EXPECT_EQ(summary.errors(0).code(), 7);  // PERMISSION_DENIED
  v1::ListCandidatesResponse all;
  ASSERT_TRUE(candidates_
                  ->ListCandidates(WithKey(keys_[Role::kAdmin]).get(),
                                   v1::ListCandidatesRequest(), &all)
                  .ok());
  EXPECT_EQ(all.candidates_size(), 2);
}

// Which privacy marker a field carries.
using Marker = bool (*)(const google::protobuf::FieldDescriptor*);
bool Sensitive(const google::protobuf::FieldDescriptor* field) {
  return field->options().GetExtension(v1::sensitive);
}
bool ConsentGated(const google::protobuf::FieldDescriptor* field) {
  return field->options().GetExtension(v1::consent_gated);
}

// Fields with `marker` in `type` and in every message reachable from it.
void ReachableMarkedFields(const google::protobuf::Descriptor* type,
                           Marker marker,
                           std::set<const google::protobuf::Descriptor*>& seen,
                           std::set<std::string>& found) {
  if (!seen.insert(type).second) return;
  for (int i = 0; i < type->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = type->field(i);
    if (marker(field)) found.insert(field->full_name());
    if (field->message_type() != nullptr) {
      ReachableMarkedFields(field->message_type(), marker, seen, found);
    }
  }
}

std::set<std::string> ReachableMarkedFields(
    const google::protobuf::Descriptor* type, Marker marker) {
  std::set<const google::protobuf::Descriptor*> seen;
  std::set<std::string> found;
  ReachableMarkedFields(type, marker, seen, found);
  return found;
}

// The fields set in `message` and its sub-messages that carry `marker`,
// and every string value set anywhere in it.
void SetFields(const google::protobuf::Message& message, Marker marker,
               std::set<std::string>& marked,
               std::vector<std::string>& strings) {
  const google::protobuf::Reflection* reflection = message.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const google::protobuf::FieldDescriptor* field : fields) {
    if (marker(field)) marked.insert(field->full_name());
    const int n =
        field->is_repeated() ? reflection->FieldSize(message, field) : 1;
    for (int i = 0; i < n; ++i) {
      if (field->cpp_type() ==
          google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
        SetFields(field->is_repeated()
                      ? reflection->GetRepeatedMessage(message, field, i)
                      : reflection->GetMessage(message, field),
                  marker, marked, strings);
      } else if (field->cpp_type() ==
                 google::protobuf::FieldDescriptor::CPPTYPE_STRING) {
        strings.push_back(field->is_repeated()
                              ? reflection->GetRepeatedString(message, field, i)
                              : reflection->GetString(message, field));
      }
    }
  }
}

// The marked fields set in `message`.
std::set<std::string> SetMarkedFields(const google::protobuf::Message& message,
                                      Marker marker) {
  std::set<std::string> marked;
  std::vector<std::string> strings;
  SetFields(message, marker, marked, strings);
  return marked;
}

TEST(PrivacyTest, NoResponseAnEmployerOrAnalystMayReceiveHasASensitiveField) {
  const google::protobuf::DescriptorPool* pool =
      google::protobuf::DescriptorPool::generated_pool();
  // The walk must see what it looks for: a candidate and a full
  // explanation carry health data and identity.
  EXPECT_GE(
      ReachableMarkedFields(v1::Candidate::descriptor(), Sensitive).size(),
      10u);
  EXPECT_TRUE(
      ReachableMarkedFields(v1::MatchExplanation::descriptor(), Sensitive)
          .count("passend.v1.MatchExplanation.needs"));
  for (Role role : {Role::kEmployer, Role::kAnalyst}) {
    int callable = 0;
    for (const std::string& service : PassendServices()) {
      const google::protobuf::ServiceDescriptor* descriptor =
          pool->FindServiceByName(service);
      ASSERT_NE(descriptor, nullptr) << service;
      for (int m = 0; m < descriptor->method_count(); ++m) {
        const google::protobuf::MethodDescriptor* method =
            descriptor->method(m);
        if (!services::RoleMayCall(
                role, absl::StrCat("/", service, "/", method->name()))) {
          continue;
        }
        ++callable;
        EXPECT_THAT(ReachableMarkedFields(method->output_type(), Sensitive),
                    ::testing::IsEmpty())
            << services::RoleName(role) << " may call " << method->full_name();
        // Identity only through the introduction, which checks consent.
        if (method->output_type() != v1::Introduction::descriptor()) {
          EXPECT_THAT(
              ReachableMarkedFields(method->output_type(), ConsentGated),
              ::testing::IsEmpty())
              << services::RoleName(role) << " may call "
              << method->full_name();
        }
      }
    }
    EXPECT_GT(callable, 0) << services::RoleName(role);
  }
  EXPECT_TRUE(services::RoleMayCall(
      Role::kEmployer, "/passend.v1.ConsentService/GetIntroduction"));
  // And the WSP may receive them: the policy is what keeps them apart.
  EXPECT_TRUE(services::RoleMayCall(
      Role::kWsp, "/passend.v1.CandidateService/GetCandidate"));
}

TEST_F(AuthTest, EmployersSeeCandidatesOnlyAnonymously) {
  const std::string admin = keys_[Role::kAdmin];
  const std::string employer = keys_[Role::kEmployer];
  v1::CreateCandidateRequest create;
  *create.mutable_candidate() = ValidCandidate();
  v1::Candidate* marked = create.mutable_candidate();
  marked->set_display_name("Marker Canary-Person");
  marked->mutable_contact()->set_email("marker.canary@example.org");
  marked->mutable_contact()->set_phone("+31 6 12345678");
  marked->set_notes("marker phrase: prefers the early shift");
  marked->add_support_needs()->set_need("low_stimulus");
  marked->mutable_support_needs(1)->set_strength(v1::SupportNeed::PREFERRED);
  v1::Candidate candidate;
  ASSERT_TRUE(
      candidates_->CreateCandidate(WithKey(admin).get(), create, &candidate)
          .ok());
  v1::CreateVacancyRequest create_vacancy;
  *create_vacancy.mutable_vacancy() = ValidVacancy();  // bakkerij-jansen's
  v1::Vacancy vacancy, closed_door;
  ASSERT_TRUE(
      vacancies_
          ->CreateVacancy(WithKey(employer).get(), create_vacancy, &vacancy)
          .ok());
  // The same job without a job coach: a near miss.
  create_vacancy.mutable_vacancy()->clear_offered_adjustments();
  ASSERT_TRUE(
      vacancies_
          ->CreateVacancy(WithKey(employer).get(), create_vacancy, &closed_door)
          .ok());

  // What must not reach the employer, as whole values or inside others.
  const std::vector<std::string> personal = {candidate.display_name(),
                                             candidate.contact().email(),
                                             candidate.contact().phone(),
                                             candidate.notes(),
                                             candidate.postcode_area(),
                                             candidate.label(),
                                             "on_the_job_coaching",
                                             "low_stimulus",
                                             "lifting"};
  auto expect_anonymous = [&](const google::protobuf::Message& response) {
    std::set<std::string> sensitive;
    std::vector<std::string> strings;
    SetFields(response, Sensitive, sensitive, strings);
    EXPECT_THAT(sensitive, ::testing::IsEmpty());
    for (const std::string& value : strings) {
      EXPECT_THAT(personal, ::testing::Not(::testing::Contains(value)));
    }
    const std::string bytes = response.SerializeAsString();
    for (const std::string& marker :
         {candidate.display_name(), candidate.contact().email(),
          candidate.notes()}) {
      EXPECT_EQ(bytes.find(marker), std::string::npos) << marker;
    }
  };

  v1::RankCandidatesRequest rank;
  rank.set_vacancy(vacancy.name());
  v1::RankAnonymousCandidatesResponse ranked;
  ASSERT_TRUE(
      match_->RankAnonymousCandidates(WithKey(employer).get(), rank, &ranked)
          .ok());
  ASSERT_EQ(ranked.results_size(), 1);
  expect_anonymous(ranked);
  const v1::AnonymousMatch& match = ranked.results(0);
  EXPECT_EQ(match.candidate(), candidate.name());
  EXPECT_TRUE(match.feasible());
  EXPECT_TRUE(match.within_travel_range());
  EXPECT_EQ(match.hours_per_week().min(), 12);
  // The needs, as conditions: the required one first, met by the job coach
  // this vacancy offers; the preferred one not offered.
  ASSERT_EQ(match.conditions_size(), 2);
  EXPECT_TRUE(match.conditions(0).required());
  EXPECT_TRUE(match.conditions(0).offered());
  EXPECT_THAT(match.conditions(0).adjustments(),
              ::testing::Contains("jobcoach_light"));
  EXPECT_FALSE(match.conditions(1).required());
  EXPECT_FALSE(match.conditions(1).offered());
  EXPECT_THAT(match.conditions(1).adjustments(),
              ::testing::Contains("quiet_workplace"));

  // The near miss says what the employer would have to offer, not why.
  v1::ExplainMatchRequest explain;
  explain.set_candidate(candidate.name());
  explain.set_vacancy(closed_door.name());
  v1::AnonymousMatch miss;
  ASSERT_TRUE(
      match_->ExplainAnonymousMatch(WithKey(employer).get(), explain, &miss)
          .ok());
  expect_anonymous(miss);
  EXPECT_FALSE(miss.feasible());
  EXPECT_THAT(miss.failed(),
              ::testing::ElementsAre(v1::Constraint::SUPPORT_NEED));
  EXPECT_TRUE(miss.conditions(0).required());
  EXPECT_FALSE(miss.conditions(0).offered());

  // Work demanding more lifting than the person can do: the employer learns
  // which demand to lower, not the person's level.
  create_vacancy.mutable_vacancy()->add_offered_adjustments("jobcoach_light");
  create_vacancy.mutable_vacancy()->mutable_demands(0)->set_level(2);
  v1::Vacancy heavy;
  ASSERT_TRUE(
      vacancies_->CreateVacancy(WithKey(employer).get(), create_vacancy, &heavy)
          .ok());
  explain.set_vacancy(heavy.name());
  v1::AnonymousMatch too_heavy;
  ASSERT_TRUE(
      match_
          ->ExplainAnonymousMatch(WithKey(employer).get(), explain, &too_heavy)
          .ok());
  EXPECT_THAT(too_heavy.failed(),
              ::testing::ElementsAre(v1::Constraint::CAPACITY));
  EXPECT_THAT(too_heavy.demands_to_lower(), ::testing::ElementsAre("lifting"));
  EXPECT_THAT(SetMarkedFields(too_heavy, Sensitive), ::testing::IsEmpty());

  // The full views stay closed to the employer, even for its own vacancy.
  v1::RankCandidatesResponse full;
  EXPECT_EQ(
      match_->RankCandidates(WithKey(employer).get(), rank, &full).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  v1::MatchExplanation e;
  EXPECT_EQ(
      match_->ExplainMatch(WithKey(employer).get(), explain, &e).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AuthTest, IdentityReachesAnEmployerOnlyWithConsent) {
  const std::string admin = keys_[Role::kAdmin];
  const std::string wsp = keys_[Role::kWsp];
  const std::string employer = keys_[Role::kEmployer];
  v1::CreateCandidateRequest create;
  *create.mutable_candidate() = ValidCandidate();  // AM14, the WSP's
  create.mutable_candidate()->set_display_name("Marker Consent-Person");
  v1::Candidate candidate, elsewhere;
  ASSERT_TRUE(
      candidates_->CreateCandidate(WithKey(admin).get(), create, &candidate)
          .ok());
  create.mutable_candidate()->set_owner_region("AM01");
  ASSERT_TRUE(
      candidates_->CreateCandidate(WithKey(admin).get(), create, &elsewhere)
          .ok());
  v1::CreateVacancyRequest create_vacancy;
  *create_vacancy.mutable_vacancy() = ValidVacancy();  // bakkerij-jansen
  v1::Vacancy bakery, other_bakery_job, foreign;
  ASSERT_TRUE(
      vacancies_->CreateVacancy(WithKey(admin).get(), create_vacancy, &bakery)
          .ok());
  ASSERT_TRUE(vacancies_
                  ->CreateVacancy(WithKey(admin).get(), create_vacancy,
                                  &other_bakery_job)
                  .ok());
  create_vacancy.mutable_vacancy()->set_employer("someone-else");
  ASSERT_TRUE(
      vacancies_->CreateVacancy(WithKey(admin).get(), create_vacancy, &foreign)
          .ok());

  auto introduce = [&](const std::string& key, const std::string& c,
                       const std::string& v, v1::Introduction* out) {
    v1::GetIntroductionRequest request;
    request.set_candidate(c);
    request.set_vacancy(v);
    return consent_->GetIntroduction(WithKey(key).get(), request, out);
  };
  auto record = [&](const std::string& key, v1::ConsentEvent event,
                    v1::ConsentEvent* out) {
    v1::RecordConsentRequest request;
    *request.mutable_consent_event() = std::move(event);
    return consent_->RecordConsent(WithKey(key).get(), request, out);
  };
  auto events = [&](const std::string& c) {
    v1::ListConsentEventsRequest request;
    request.set_parent(c);
    v1::ListConsentEventsResponse response;
    EXPECT_TRUE(
        consent_->ListConsentEvents(WithKey(admin).get(), request, &response)
            .ok());
    return response.consent_events_size();
  };
  // In every state, what the employer's anonymous ranking holds.
  auto expect_ranking_anonymous = [&] {
    v1::RankCandidatesRequest rank;
    rank.set_vacancy(bakery.name());
    v1::RankAnonymousCandidatesResponse ranked;
    ASSERT_TRUE(
        match_->RankAnonymousCandidates(WithKey(employer).get(), rank, &ranked)
            .ok());
    EXPECT_EQ(ranked.results_size(), 2);
    EXPECT_THAT(SetMarkedFields(ranked, Sensitive), ::testing::IsEmpty());
    EXPECT_THAT(SetMarkedFields(ranked, ConsentGated), ::testing::IsEmpty());
  };
  v1::Introduction intro;

  // Before consent: refused, the same as for a candidate that does not
  // exist.
  expect_ranking_anonymous();
  EXPECT_EQ(
      introduce(employer, candidate.name(), bakery.name(), &intro).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(introduce(employer, "candidates/0123456789abcdefghjkmnpqrs",
                      bakery.name(), &intro)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(SetMarkedFields(intro, ConsentGated), ::testing::IsEmpty());

  // Bad events are refused naming the field, and nothing is written.
  v1::ConsentEvent bad, stored;
  bad.set_candidate("people/1");
  grpc::Status refused = record(wsp, bad, &stored);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(refused),
              ::testing::UnorderedElementsAre("consent_event.candidate",
                                              "consent_event.employer",
                                              "consent_event.kind"));
  v1::ConsentEvent given;
  given.set_candidate(candidate.name());
  given.set_employer("bakkerij-jansen");
  given.set_vacancy(foreign.name());
  given.set_kind(v1::ConsentEvent::GIVEN);
  refused = record(wsp, given, &stored);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(refused),
              ::testing::ElementsAre("consent_event.vacancy"));
  // Only WSPs record consent, and only for their regions' candidates.
  given.set_vacancy(bakery.name());
  EXPECT_EQ(record(employer, given, &stored).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::ConsentEvent for_elsewhere = given;
  for_elsewhere.set_candidate(elsewhere.name());
  EXPECT_EQ(record(wsp, for_elsewhere, &stored).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(events(candidate.name()), 0);
  EXPECT_EQ(events(elsewhere.name()), 0);

  // Consent for one vacancy: identity for that vacancy only.
  ASSERT_TRUE(record(wsp, given, &stored).ok());
  EXPECT_EQ(stored.recorded_by(), "wsp-amersfoort");
  EXPECT_TRUE(stored.has_record_time());
  EXPECT_EQ(stored.name().rfind(candidate.name() + "/consentEvents/", 0), 0u)
      << stored.name();
  expect_ranking_anonymous();
  ASSERT_TRUE(
      introduce(employer, candidate.name(), bakery.name(), &intro).ok());
  EXPECT_EQ(intro.display_name(), "Marker Consent-Person");
  EXPECT_EQ(intro.contact().email(), candidate.contact().email());
  EXPECT_EQ(intro.consent().name(), stored.name());
  EXPECT_THAT(SetMarkedFields(intro, Sensitive), ::testing::IsEmpty());
  EXPECT_THAT(SetMarkedFields(intro, ConsentGated), ::testing::SizeIs(2));
  EXPECT_EQ(
      introduce(employer, candidate.name(), other_bakery_job.name(), &intro)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(introduce(employer, candidate.name(), foreign.name(), &intro)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Withdrawn (for the whole employer): refused on the very next call.
  v1::ConsentEvent withdrawn = given;
  withdrawn.clear_vacancy();
  withdrawn.set_kind(v1::ConsentEvent::WITHDRAWN);
  ASSERT_TRUE(record(wsp, withdrawn, &stored).ok());
  intro.Clear();
  EXPECT_EQ(
      introduce(employer, candidate.name(), bakery.name(), &intro).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(SetMarkedFields(intro, ConsentGated), ::testing::IsEmpty());
  expect_ranking_anonymous();
  EXPECT_EQ(events(candidate.name()), 2);

  // Erasing the candidate erases the log.
  v1::DeleteCandidateRequest erase;
  erase.set_name(candidate.name());
  google::protobuf::Empty empty;
  ASSERT_TRUE(
      candidates_->DeleteCandidate(WithKey(admin).get(), erase, &empty).ok());
  v1::ListConsentEventsRequest list;
  list.set_parent(candidate.name());
  v1::ListConsentEventsResponse listed;
  EXPECT_EQ(consent_->ListConsentEvents(WithKey(admin).get(), list, &listed)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(AuthTest, ReadsAndChangesOfCandidatesAreAuditedAndVerifiable) {
  const std::string admin = keys_[Role::kAdmin];
  const std::string wsp = keys_[Role::kWsp];
  v1::CreateCandidateRequest create;
  *create.mutable_candidate() = ValidCandidate();
  v1::Candidate candidate;
  ASSERT_TRUE(
      candidates_->CreateCandidate(WithKey(admin).get(), create, &candidate)
          .ok());
  v1::CreateVacancyRequest create_vacancy;
  *create_vacancy.mutable_vacancy() = ValidVacancy();
  v1::Vacancy vacancy;
  ASSERT_TRUE(vacancies_
                  ->CreateVacancy(WithKey(keys_[Role::kEmployer]).get(),
                                  create_vacancy, &vacancy)
                  .ok());
  v1::GetCandidateRequest get;
  get.set_name(candidate.name());
  v1::Candidate read;
  ASSERT_TRUE(candidates_->GetCandidate(WithKey(wsp).get(), get, &read).ok());
  v1::ListCandidatesResponse listed;
  ASSERT_TRUE(candidates_
                  ->ListCandidates(WithKey(wsp).get(),
                                   v1::ListCandidatesRequest(), &listed)
                  .ok());
  v1::RankCandidatesRequest rank;
  rank.set_vacancy(vacancy.name());
  v1::RankCandidatesResponse ranked;
  ASSERT_TRUE(match_->RankCandidates(WithKey(wsp).get(), rank, &ranked).ok());
  v1::RankAnonymousCandidatesResponse anonymous;
  ASSERT_TRUE(match_
                  ->RankAnonymousCandidates(
                      WithKey(keys_[Role::kEmployer]).get(), rank, &anonymous)
                  .ok());

  v1::RankVacanciesRequest for_candidate;
  for_candidate.set_candidate(candidate.name());
  v1::RankVacanciesResponse vacancies;
  ASSERT_TRUE(
      match_->RankVacancies(WithKey(wsp).get(), for_candidate, &vacancies)
          .ok());
  v1::ExplainMatchRequest explain;
  explain.set_candidate(candidate.name());
  explain.set_vacancy(vacancy.name());
  v1::MatchExplanation full;
  ASSERT_TRUE(match_->ExplainMatch(WithKey(wsp).get(), explain, &full).ok());
  v1::AnonymousMatch pair;
  ASSERT_TRUE(match_
                  ->ExplainAnonymousMatch(WithKey(keys_[Role::kEmployer]).get(),
                                          explain, &pair)
                  .ok());

  v1::ListAuditEntriesRequest list;
  list.set_candidate(candidate.name());
  v1::ListAuditEntriesResponse entries;
  ASSERT_TRUE(
      audit_->ListAuditEntries(WithKey(admin).get(), list, &entries).ok());
  std::vector<std::pair<std::string, std::string>> who_did_what;
  for (const v1::AuditEntry& e : entries.entries()) {
    who_did_what.emplace_back(e.actor(), e.action());
    EXPECT_EQ(e.result(), "OK");
    EXPECT_THAT(e.objects(), ::testing::Contains(candidate.name()));
  }
  EXPECT_THAT(
      who_did_what,
      ::testing::ElementsAre(
          std::make_pair("ops", "/passend.v1.CandidateService/CreateCandidate"),
          std::make_pair("wsp-amersfoort",
                         "/passend.v1.CandidateService/GetCandidate"),
          std::make_pair("wsp-amersfoort",
                         "/passend.v1.CandidateService/ListCandidates"),
          std::make_pair("wsp-amersfoort",
                         "/passend.v1.MatchService/RankCandidates"),
          std::make_pair("bakkerij",
                         "/passend.v1.MatchService/RankAnonymousCandidates"),
          std::make_pair("wsp-amersfoort",
                         "/passend.v1.MatchService/RankVacancies"),
          std::make_pair("wsp-amersfoort",
                         "/passend.v1.MatchService/ExplainMatch"),
          std::make_pair("bakkerij",
                         "/passend.v1.MatchService/ExplainAnonymousMatch")));
  // Entries hold names, never the data.
  EXPECT_EQ(entries.SerializeAsString().find(candidate.display_name()),
            std::string::npos);

  v1::VerifyAuditChainResponse verified;
  ASSERT_TRUE(audit_
                  ->VerifyAuditChain(WithKey(admin).get(),
                                     v1::VerifyAuditChainRequest(), &verified)
                  .ok());
  EXPECT_TRUE(verified.intact()) << verified.problem();
  EXPECT_EQ(verified.entries_checked(), 8u);

  // An entry edited behind the server's back is found.
  StopServer();
  {
    storage::DatabaseOptions options;
    options.path = data_dir();
    auto db = ValueOrDie(storage::Database::Open(options));
    const std::string key = storage::KeyEncoder().Uint64(2).Release();
    auto bytes = ValueOrDie(db->Get(storage::Family::kAudit, key));
    ASSERT_TRUE(bytes.has_value());
    v1::AuditEntry entry;
    ASSERT_TRUE(entry.ParseFromString(*bytes));
    entry.set_actor("nobody");
    storage::WriteSet edit;
    edit.Put(storage::Family::kAudit, key, entry.SerializeAsString());
    ASSERT_TRUE(db->Write(edit).ok());
  }
  StartWithKeys(32);
  ASSERT_TRUE(audit_
                  ->VerifyAuditChain(WithKey(admin).get(),
                                     v1::VerifyAuditChainRequest(), &verified)
                  .ok());
  EXPECT_FALSE(verified.intact());
  EXPECT_EQ(verified.first_broken_sequence(), 2u);
}

// A server whose audit log fails on demand.
class AuditFaultTest : public ServerFixture {
 protected:
  void SetUp() override {
    services::ServerOptions options;
    options.audit.fault = [failing = failing_] {
      return failing->load() ? absl::UnavailableError("injected audit failure")
                             : absl::OkStatus();
    };
    StartServerWith(std::move(options));
    match_ = v1::MatchService::NewStub(channel_);
  }

  std::shared_ptr<std::atomic<bool>> failing_ =
      std::make_shared<std::atomic<bool>>(false);
  std::unique_ptr<v1::MatchService::Stub> match_;
};

TEST_F(AuditFaultTest, WhenTheAuditWriteFailsTheCallFailsAndChangesNothing) {
  v1::CreateCandidateRequest create;
  *create.mutable_candidate() = ValidCandidate();
  v1::Candidate candidate;
  ASSERT_TRUE(
      candidates_->CreateCandidate(Context().get(), create, &candidate).ok());
  v1::CreateVacancyRequest create_vacancy;
  *create_vacancy.mutable_vacancy() = ValidVacancy();
  v1::Vacancy vacancy;
  ASSERT_TRUE(
      vacancies_->CreateVacancy(Context().get(), create_vacancy, &vacancy)
          .ok());

  failing_->store(true);
  v1::Candidate out;
  v1::GetCandidateRequest get;
  get.set_name(candidate.name());
  EXPECT_EQ(candidates_->GetCandidate(Context().get(), get, &out).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_FALSE(out.has_hours_per_week());
  v1::UpdateCandidateRequest update;
  *update.mutable_candidate() = candidate;
  update.mutable_candidate()->set_travel_range_km(40);
  EXPECT_EQ(
      candidates_->UpdateCandidate(Context().get(), update, &out).error_code(),
      grpc::StatusCode::UNAVAILABLE);
  v1::DeleteCandidateRequest erase;
  erase.set_name(candidate.name());
  google::protobuf::Empty empty;
  EXPECT_EQ(
      candidates_->DeleteCandidate(Context().get(), erase, &empty).error_code(),
      grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(
      candidates_->CreateCandidate(Context().get(), create, &out).error_code(),
      grpc::StatusCode::UNAVAILABLE);
  v1::RankCandidatesRequest rank;
  rank.set_vacancy(vacancy.name());
  v1::RankCandidatesResponse ranked;
  EXPECT_EQ(match_->RankCandidates(Context().get(), rank, &ranked).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(ranked.results_size(), 0);

  // Nothing changed, in storage or in the index, also after a restart.
  failing_->store(false);
  StopServer();
  SetUp();
  v1::ListCandidatesResponse all;
  ASSERT_TRUE(
      candidates_
          ->ListCandidates(Context().get(), v1::ListCandidatesRequest(), &all)
          .ok());
  ASSERT_EQ(all.candidates_size(), 1);
  EXPECT_EQ(all.candidates(0).SerializeAsString(),
            candidate.SerializeAsString());
  ASSERT_TRUE(match_->RankCandidates(Context().get(), rank, &ranked).ok());
  EXPECT_EQ(ranked.results_size(), 1);
}

}  // namespace
}  // namespace passend::testing

namespace passend::testing {
namespace {

TEST_F(AuthTest, AdviceKeepsToTheCallersScope) {
  const std::string admin = keys_[Role::kAdmin];
  v1::CreateCandidateRequest create;
  *create.mutable_candidate() = ValidCandidate();
  create.mutable_candidate()->set_owner_region("AM01");
  v1::Candidate foreign;
  ASSERT_TRUE(
      candidates_->CreateCandidate(WithKey(admin).get(), create, &foreign)
          .ok());
  create.mutable_candidate()->set_owner_region("AM14");
  v1::Candidate own;
  ASSERT_TRUE(
      candidates_->CreateCandidate(WithKey(admin).get(), create, &own).ok());
  v1::CreateVacancyRequest create_vacancy;
  *create_vacancy.mutable_vacancy() = ValidVacancy();  // bakkerij-jansen's
  v1::Vacancy mine;
  ASSERT_TRUE(
      vacancies_->CreateVacancy(WithKey(admin).get(), create_vacancy, &mine)
          .ok());
  create_vacancy.mutable_vacancy()->set_employer("someone-else");
  v1::Vacancy other;
  ASSERT_TRUE(
      vacancies_->CreateVacancy(WithKey(admin).get(), create_vacancy, &other)
          .ok());

  // An employer takes advice on its own vacancies only, over every region,
  // and never learns a count below ten.
  const std::string employer = keys_[Role::kEmployer];
  v1::SuggestAdjustmentsRequest suggest;
  v1::SuggestAdjustmentsResponse advice;
  suggest.set_vacancy(mine.name());
  ASSERT_TRUE(
      advice_->SuggestAdjustments(WithKey(employer).get(), suggest, &advice)
          .ok());
  EXPECT_EQ(advice.suppressed_below(), 10);
  EXPECT_EQ(advice.feasible_count(), 0);  // 2, suppressed
  ASSERT_TRUE(
      advice_->SuggestAdjustments(WithKey(admin).get(), suggest, &advice).ok());
  EXPECT_EQ(advice.suppressed_below(), 0);
  EXPECT_EQ(advice.feasible_count(), 2);
  suggest.add_regions("AM14");
  EXPECT_EQ(
      advice_->SuggestAdjustments(WithKey(employer).get(), suggest, &advice)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  suggest.clear_regions();
  suggest.set_vacancy(other.name());
  EXPECT_EQ(
      advice_->SuggestAdjustments(WithKey(employer).get(), suggest, &advice)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);

  // A WSP counts only its regions' candidates and works only with them.
  const std::string wsp = keys_[Role::kWsp];  // AM14
  suggest.set_vacancy(mine.name());
  ASSERT_TRUE(
      advice_->SuggestAdjustments(WithKey(wsp).get(), suggest, &advice).ok());
  EXPECT_EQ(advice.feasible_count(), 1);
  suggest.add_regions("AM01");
  EXPECT_EQ(advice_->SuggestAdjustments(WithKey(wsp).get(), suggest, &advice)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::ExplainBlockersRequest blockers;
  v1::ExplainBlockersResponse blocked;
  blockers.set_candidate(foreign.name());
  EXPECT_EQ(advice_->ExplainBlockers(WithKey(wsp).get(), blockers, &blocked)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  blockers.set_candidate(own.name());
  EXPECT_TRUE(
      advice_->ExplainBlockers(WithKey(wsp).get(), blockers, &blocked).ok());
  v1::ProposeAssignmentsRequest propose;
  v1::ProposeAssignmentsResponse proposed;
  propose.add_regions("AM01");
  EXPECT_EQ(advice_->ProposeAssignments(WithKey(wsp).get(), propose, &proposed)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::AdjustmentOpportunitiesRequest opportunities;
  v1::AdjustmentOpportunitiesResponse regions;
  ASSERT_TRUE(
      advice_
          ->AdjustmentOpportunities(WithKey(wsp).get(), opportunities, &regions)
          .ok());
  ASSERT_EQ(regions.regions_size(), 1);
  EXPECT_EQ(regions.regions(0).region(), "AM14");
  // Its own candidate with both vacancies; not the AM01 one.
  EXPECT_EQ(regions.regions(0).feasible_pairs(), 2);
  EXPECT_EQ(regions.suppressed_below(), 0);

  // An analyst sees the aggregate for every region, small counts hidden.
  ASSERT_TRUE(
      advice_
          ->AdjustmentOpportunities(WithKey(keys_[Role::kAnalyst]).get(),
                                    opportunities, &regions)
          .ok());
  EXPECT_EQ(regions.regions_size(), 35);
  EXPECT_EQ(regions.suppressed_below(), 10);
  for (const auto& r : regions.regions()) {
    EXPECT_EQ(r.feasible_pairs(), 0) << r.region();  // 4 in AM14: hidden
  }
}

// The forecast: an admin sees exact counts and the ledger; an analyst
// every count rounded to ten and no ledger; a WSP only its region.
TEST_F(AuthTest, TheForecastIsRoundedForAnalystsAndTheLedgerIsForAdmins) {
  const std::string admin = keys_[Role::kAdmin];
  for (int i = 0; i < 13; ++i) {
    v1::CreateCandidateRequest request;
    *request.mutable_candidate() = ValidCandidate();
    v1::Candidate c;
    ASSERT_TRUE(
        candidates_->CreateCandidate(WithKey(admin).get(), request, &c).ok());
  }
  auto supply = v1::SupplyService::NewStub(channel_);
  v1::RecordSupplyHistoryRequest record;
  const int now = QuarterIndex(DutchDay(absl::Now()));
  for (int back = 1; back <= 6; ++back) {
    v1::QuarterFlows* f = record.add_quarters();
    f->set_region("AM14");
    f->set_quarter(passend::QuarterName(QuarterStart(now - back)));
    f->set_registrations(7 + back);
    f->set_placements(3);
    f->set_withdrawals(2);
  }
  v1::RecordSupplyHistoryResponse recorded;
  ASSERT_TRUE(
      supply->RecordSupplyHistory(WithKey(admin).get(), record, &recorded)
          .ok());
  EXPECT_EQ(supply
                ->RecordSupplyHistory(WithKey(keys_[Role::kAnalyst]).get(),
                                      record, &recorded)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::SupplyForecast exact;
  ASSERT_TRUE(supply
                  ->ForecastSupply(WithKey(admin).get(),
                                   v1::ForecastSupplyRequest(), &exact)
                  .ok());
  ASSERT_EQ(exact.regions_size(), 35);
  v1::SupplyForecast rounded;
  ASSERT_TRUE(supply
                  ->ForecastSupply(WithKey(keys_[Role::kAnalyst]).get(),
                                   v1::ForecastSupplyRequest(), &rounded)
                  .ok());
  EXPECT_EQ(rounded.rounded_to(), 10);
  ASSERT_EQ(rounded.regions_size(), 35);
  bool some_count_not_round = false;
  for (int r = 0; r < 35; ++r) {
    const v1::RegionForecast& e = exact.regions(r);
    const v1::RegionForecast& a = rounded.regions(r);
    EXPECT_EQ(a.history_size(), 0);
    EXPECT_FALSE(a.has_rates());  // a rate times a small supply is a count
    EXPECT_TRUE(e.has_rates());
    EXPECT_EQ(a.available_now() % 10, 0);
    EXPECT_EQ(a.available_now(), (e.available_now() + 5) / 10 * 10);
    for (int y = 0; y < a.years_size(); ++y) {
      for (int64_t count :
           {a.years(y).available(), a.years(y).low(), a.years(y).high(),
            a.years(y).inflow(), a.years(y).placements(),
            a.years(y).withdrawals(), a.years(y).pension_exits()}) {
        EXPECT_EQ(count % 10, 0) << a.region();
      }
      some_count_not_round |= e.years(y).available() % 10 != 0;
    }
  }
  EXPECT_TRUE(some_count_not_round);  // else rounding went untested
  int am14 = 0;
  while (am14 < 34 && exact.regions(am14).region() != "AM14") ++am14;
  EXPECT_EQ(exact.regions(am14).region(), "AM14");
  EXPECT_EQ(exact.regions(am14).available_now(), 13);
  EXPECT_EQ(exact.regions(am14).history_size(), 6);
  EXPECT_EQ(rounded.regions(am14).available_now(), 10);

  // Fits on two windows would tell one quarter's flows apart.
  v1::ForecastSupplyRequest window;
  window.set_history_quarters(2);
  EXPECT_EQ(supply
                ->ForecastSupply(WithKey(keys_[Role::kAnalyst]).get(), window,
                                 &rounded)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  v1::SupplyForecast own;
  ASSERT_TRUE(supply
                  ->ForecastSupply(WithKey(keys_[Role::kWsp]).get(),
                                   v1::ForecastSupplyRequest(), &own)
                  .ok());
  ASSERT_EQ(own.regions_size(), 1);
  EXPECT_EQ(own.regions(0).region(), "AM14");
}

}  // namespace
}  // namespace passend::testing
