// PlacementService through a real server: every transition, legal and
// illegal; introductions only with consent; a hire changes placement,
// candidate, vacancy and the matcher's index at once, or nothing when its
// write fails; erasure takes placements along; progress as analysts see it;
// the supply report, bottlenecks and the forecast on recorded history.
#include <atomic>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/dutch_calendar.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "passend/v1/consent.grpc.pb.h"
#include "passend/v1/match.grpc.pb.h"
#include "passend/v1/placement.grpc.pb.h"
#include "passend/v1/supply.grpc.pb.h"
#include "services/access/key_store.h"
#include "services/reports/progress.h"
#include "tests/services/server_fixture.h"

namespace passend::testing {
namespace {

using ::testing::ElementsAre;
using v1::Candidate;
using v1::Placement;
using v1::Vacancy;

class PlacementServiceTest : public ServerFixture {
 protected:
  void SetUp() override {
    services::ServerOptions options;
    options.audit.fault = [failing = failing_] {
      return failing->load() ? absl::UnavailableError("injected audit failure")
                             : absl::OkStatus();
    };
    StartServerWith(std::move(options));
    placements_ = v1::PlacementService::NewStub(channel_);
    consent_ = v1::ConsentService::NewStub(channel_);
    match_ = v1::MatchService::NewStub(channel_);
  }

  Candidate NewCandidate() {
    v1::CreateCandidateRequest request;
    *request.mutable_candidate() = ValidCandidate();
    Candidate out;
    EXPECT_TRUE(
        candidates_->CreateCandidate(Context().get(), request, &out).ok());
    return out;
  }
  Vacancy NewVacancy(int positions = 1) {
    v1::CreateVacancyRequest request;
    *request.mutable_vacancy() = ValidVacancy();
    request.mutable_vacancy()->set_positions(positions);
    Vacancy out;
    EXPECT_TRUE(vacancies_->CreateVacancy(Context().get(), request, &out).ok());
    return out;
  }
  grpc::Status Propose(const Candidate& c, const Vacancy& v, Placement* out) {
    v1::CreatePlacementRequest request;
    request.mutable_placement()->set_candidate(c.name());
    request.mutable_placement()->set_vacancy(v.name());
    return placements_->CreatePlacement(Context().get(), request, out);
  }
  void Consent(const Candidate& c, const Vacancy& v, bool given) {
    v1::RecordConsentRequest request;
    v1::ConsentEvent* e = request.mutable_consent_event();
    e->set_candidate(c.name());
    e->set_employer(v.employer());
    e->set_kind(given ? v1::ConsentEvent::GIVEN : v1::ConsentEvent::WITHDRAWN);
    v1::ConsentEvent out;
    ASSERT_TRUE(consent_->RecordConsent(Context().get(), request, &out).ok());
  }
  grpc::Status Move(const std::string& name, Placement::State to,
                    Placement* out, double hours = 0,
                    const std::string& reason = "") {
    v1::TransitionPlacementRequest request;
    request.set_name(name);
    request.set_state(to);
    if (to == Placement::HIRED) {
      request.set_hours_per_week(hours == 0 ? 20 : hours);
    }
    if (to == Placement::DECLINED) {
      request.set_decline_reason(reason.empty() ? "candidate_declined"
                                                : reason);
    }
    return placements_->TransitionPlacement(Context().get(), request, out);
  }
  Candidate GetCandidate(const std::string& name) {
    v1::GetCandidateRequest request;
    request.set_name(name);
    Candidate out;
    EXPECT_TRUE(candidates_->GetCandidate(Context().get(), request, &out).ok());
    return out;
  }
  Vacancy GetVacancy(const std::string& name) {
    v1::GetVacancyRequest request;
    request.set_name(name);
    Vacancy out;
    EXPECT_TRUE(vacancies_->GetVacancy(Context().get(), request, &out).ok());
    return out;
  }
  Placement GetPlacement(const std::string& name) {
    v1::GetPlacementRequest request;
    request.set_name(name);
    Placement out;
    EXPECT_TRUE(placements_->GetPlacement(Context().get(), request, &out).ok());
    return out;
  }
  // Feasible candidates of a fresh vacancy like `v`: whether the matcher
  // still offers the candidates.
  int64_t FeasibleFor(const Vacancy& v) {
    v1::RankCandidatesRequest request;
    request.set_vacancy(v.name());
    v1::RankCandidatesResponse response;
    EXPECT_TRUE(
        match_->RankCandidates(Context().get(), request, &response).ok());
    return response.feasible_count();
  }

  std::shared_ptr<std::atomic<bool>> failing_ =
      std::make_shared<std::atomic<bool>>(false);
  std::unique_ptr<v1::PlacementService::Stub> placements_;
  std::unique_ptr<v1::ConsentService::Stub> consent_;
  std::unique_ptr<v1::MatchService::Stub> match_;
};

// Brings a new placement to `state` along legal moves.
TEST_F(PlacementServiceTest, EveryTransitionLegalAndIllegal) {
  using S = Placement::State;
  const std::vector<S> states = {Placement::PROPOSED, Placement::INTRODUCED,
                                 Placement::TRIAL,    Placement::HIRED,
                                 Placement::DECLINED, Placement::ENDED};
  const std::map<S, std::vector<S>> path = {
      {Placement::PROPOSED, {}},
      {Placement::INTRODUCED, {Placement::INTRODUCED}},
      {Placement::TRIAL, {Placement::INTRODUCED, Placement::TRIAL}},
      {Placement::HIRED, {Placement::INTRODUCED, Placement::HIRED}},
      {Placement::DECLINED, {Placement::DECLINED}},
      {Placement::ENDED,
       {Placement::INTRODUCED, Placement::HIRED, Placement::ENDED}},
  };
  const std::set<std::pair<S, S>> legal = {
      {Placement::PROPOSED, Placement::INTRODUCED},
      {Placement::PROPOSED, Placement::DECLINED},
      {Placement::INTRODUCED, Placement::TRIAL},
      {Placement::INTRODUCED, Placement::HIRED},
      {Placement::INTRODUCED, Placement::DECLINED},
      {Placement::TRIAL, Placement::HIRED},
      {Placement::TRIAL, Placement::DECLINED},
      {Placement::TRIAL, Placement::ENDED},
      {Placement::HIRED, Placement::ENDED},
  };
  int legal_seen = 0;
  for (S from : states) {
    for (S to : states) {
      if (to == Placement::PROPOSED) continue;  // never a target
      SCOPED_TRACE(absl::StrCat(Placement::State_Name(from), " -> ",
                                Placement::State_Name(to)));
      Candidate c = NewCandidate();
      Vacancy v = NewVacancy();
      Consent(c, v, true);
      Placement p;
      ASSERT_TRUE(Propose(c, v, &p).ok());
      for (S step : path.at(from)) ASSERT_TRUE(Move(p.name(), step, &p).ok());
      ASSERT_EQ(p.state(), from);
      Placement after;
      grpc::Status s = Move(p.name(), to, &after);
      if (legal.contains({from, to})) {
        ++legal_seen;
        EXPECT_TRUE(s.ok()) << s.error_message();
        EXPECT_EQ(after.state(), to);
        EXPECT_EQ(after.history_size(), p.history_size() + 1);
      } else {
        EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
            << s.error_message();
        // Nothing changed.
        EXPECT_EQ(GetPlacement(p.name()).etag(), p.etag());
      }
    }
  }
  EXPECT_EQ(legal_seen, static_cast<int>(legal.size()));
}

TEST_F(PlacementServiceTest, IntroductionNeedsConsentInEffect) {
  Candidate c = NewCandidate();
  Vacancy v = NewVacancy();
  Placement p;
  ASSERT_TRUE(Propose(c, v, &p).ok());
  EXPECT_EQ(p.state(), Placement::PROPOSED);
  EXPECT_EQ(p.employer(), v.employer());
  EXPECT_EQ(p.region(), "AM14");
  Placement out;
  EXPECT_EQ(Move(p.name(), Placement::INTRODUCED, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  Consent(c, v, true);
  Consent(c, v, false);  // withdrawn again
  EXPECT_EQ(Move(p.name(), Placement::INTRODUCED, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  Consent(c, v, true);
  ASSERT_TRUE(Move(p.name(), Placement::INTRODUCED, &out).ok());
  EXPECT_EQ(out.state(), Placement::INTRODUCED);
  // A second proposal while this one is active names it.
  grpc::Status again = Propose(c, v, &out);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(again.error_message(), ::testing::HasSubstr(p.name()));
}

// An employer asks to be introduced to a candidate it saw anonymously; the
// WSP of the candidate's region sees the request and answers it. Who may see
// and do what, at each step.
TEST_F(PlacementServiceTest, AnEmployerAsksForAnIntroductionAndTheWspAnswers) {
  const std::string keys_file = dir_.path() + "/fixture-keys";
  const auto key = [&](const services::KeyEntry& entry) {
    const std::string k = services::NewApiKey();
    std::ofstream(keys_file, std::ios::app)
        << services::KeyFileLine(services::HashApiKey(k), entry) << "\n";
    return k;
  };
  using services::Role;
  const std::string own =
      key({"bakkerij", Role::kEmployer, {}, "bakkerij-jansen"});
  const std::string stranger =
      key({"another-employer", Role::kEmployer, {}, "emp-2"});
  const std::string wsp = key({"wsp-amersfoort", Role::kWsp, {"AM14"}, ""});
  const std::string far = key({"wsp-aalsmeer", Role::kWsp, {"AM18"}, ""});
  ASSERT_TRUE(server_->ReloadKeys().ok());
  const std::string target = absl::StrCat("127.0.0.1:", server_->port());
  const auto as = [&](const std::string& k) {
    return v1::PlacementService::NewStub(KeyedChannel(target, k));
  };
  const auto listed = [&](const std::string& k) {
    v1::ListPlacementsRequest list;
    list.set_parent("candidates/-");
    list.set_state(Placement::REQUESTED);
    v1::ListPlacementsResponse response;
    EXPECT_TRUE(as(k)->ListPlacements(Context().get(), list, &response).ok());
    return response;
  };

  const Candidate c = NewCandidate();  // owned by AM14
  const Vacancy v = NewVacancy();      // bakkerij-jansen's
  v1::CreatePlacementRequest ask;
  ask.mutable_placement()->set_candidate(c.name());
  ask.mutable_placement()->set_vacancy(v.name());
  Placement requested;
  // Not for another employer's vacancy, and not for an id that is no
  // candidate: both refused as outside the caller's scope.
  EXPECT_EQ(as(stranger)
                ->CreatePlacement(Context().get(), ask, &requested)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::CreatePlacementRequest made_up = ask;
  std::string id = c.name();
  id.back() = id.back() == '0' ? '1' : '0';
  made_up.mutable_placement()->set_candidate(id);
  EXPECT_EQ(as(own)
                ->CreatePlacement(Context().get(), made_up, &requested)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(listed(wsp).placements_size(), 0);

  ASSERT_TRUE(as(own)->CreatePlacement(Context().get(), ask, &requested).ok());
  EXPECT_EQ(requested.state(), Placement::REQUESTED);
  EXPECT_EQ(requested.employer(), "bakkerij-jansen");
  ASSERT_EQ(requested.history_size(), 1);
  EXPECT_EQ(requested.history(0).actor(), "");  // not shown to employers
  // Asking again finds the first request.
  Placement again;
  EXPECT_EQ(as(own)->CreatePlacement(Context().get(), ask, &again).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  // The employer follows its own request; another employer sees nothing.
  v1::GetPlacementRequest get;
  get.set_name(requested.name());
  Placement seen;
  EXPECT_TRUE(as(own)->GetPlacement(Context().get(), get, &seen).ok());
  EXPECT_EQ(
      as(stranger)->GetPlacement(Context().get(), get, &seen).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(listed(own).placements_size(), 1);
  EXPECT_EQ(listed(stranger).placements_size(), 0);
  // Filtered by vacancy: this one's, and none of another.
  {
    v1::ListPlacementsRequest by_vacancy;
    by_vacancy.set_parent("candidates/-");
    by_vacancy.set_vacancy(v.name());
    v1::ListPlacementsResponse response;
    ASSERT_TRUE(
        as(own)->ListPlacements(Context().get(), by_vacancy, &response).ok());
    ASSERT_EQ(response.placements_size(), 1);
    EXPECT_EQ(response.placements(0).name(), requested.name());
    by_vacancy.set_vacancy(NewVacancy().name());
    ASSERT_TRUE(
        as(own)->ListPlacements(Context().get(), by_vacancy, &response).ok());
    EXPECT_EQ(response.placements_size(), 0);
    by_vacancy.set_vacancy("candidates/x");
    grpc::Status bad =
        as(own)->ListPlacements(Context().get(), by_vacancy, &response);
    EXPECT_EQ(ViolatedFields(bad), std::vector<std::string>{"vacancy"});
  }

  // The WSP of the candidate's region sees who asked; one of another region
  // sees nothing.
  v1::ListPlacementsResponse inbox = listed(wsp);
  ASSERT_EQ(inbox.placements_size(), 1);
  EXPECT_EQ(inbox.placements(0).history(0).actor(), "bakkerij");
  EXPECT_EQ(listed(far).placements_size(), 0);

  // Only the WSP answers, and introduces only with the person's consent.
  v1::TransitionPlacementRequest introduce;
  introduce.set_name(requested.name());
  introduce.set_state(Placement::INTRODUCED);
  Placement answered;
  EXPECT_EQ(as(own)
                ->TransitionPlacement(Context().get(), introduce, &answered)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(as(far)
                ->TransitionPlacement(Context().get(), introduce, &answered)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(as(wsp)
                ->TransitionPlacement(Context().get(), introduce, &answered)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  Consent(c, v, /*given=*/true);
  ASSERT_TRUE(
      as(wsp)->TransitionPlacement(Context().get(), introduce, &answered).ok());
  EXPECT_EQ(answered.state(), Placement::INTRODUCED);
  ASSERT_TRUE(as(own)->GetPlacement(Context().get(), get, &seen).ok());
  EXPECT_EQ(seen.state(), Placement::INTRODUCED);
  for (const v1::PlacementEvent& event : seen.history()) {
    EXPECT_EQ(event.actor(), "");
  }
  // Now, and only now, the employer may learn who the person is.
  v1::GetIntroductionRequest who;
  who.set_candidate(c.name());
  who.set_vacancy(v.name());
  v1::Introduction introduction;
  ASSERT_TRUE(v1::ConsentService::NewStub(KeyedChannel(target, own))
                  ->GetIntroduction(Context().get(), who, &introduction)
                  .ok());
  EXPECT_EQ(introduction.display_name(), c.display_name());

  // A request the WSP declines shows the employer the reason.
  const Candidate other = NewCandidate();
  ask.mutable_placement()->set_candidate(other.name());
  ASSERT_TRUE(as(own)->CreatePlacement(Context().get(), ask, &requested).ok());
  v1::TransitionPlacementRequest decline;
  decline.set_name(requested.name());
  decline.set_state(Placement::DECLINED);
  decline.set_decline_reason("hours_mismatch");
  ASSERT_TRUE(
      as(wsp)->TransitionPlacement(Context().get(), decline, &answered).ok());
  get.set_name(requested.name());
  ASSERT_TRUE(as(own)->GetPlacement(Context().get(), get, &seen).ok());
  EXPECT_EQ(seen.state(), Placement::DECLINED);
  EXPECT_EQ(seen.decline_reason(), "hours_mismatch");

  // A person who withdrew since the match was shown is refused as one that
  // does not exist: the refusal tells the employer nothing.
  Candidate withdrawn = NewCandidate();
  v1::UpdateCandidateRequest withdraw;
  withdraw.mutable_candidate()->set_name(withdrawn.name());
  withdraw.mutable_candidate()->set_availability(Candidate::WITHDRAWN);
  withdraw.mutable_update_mask()->add_paths("availability");
  ASSERT_TRUE(
      candidates_->UpdateCandidate(Context().get(), withdraw, &withdrawn).ok());
  ask.mutable_placement()->set_candidate(withdrawn.name());
  const grpc::Status refused =
      as(own)->CreatePlacement(Context().get(), ask, &requested);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(refused.error_message().find("available"), std::string::npos);

  // The employer withdraws a request the WSP has not answered; nothing
  // else, and nobody else's.
  const Candidate third = NewCandidate();
  ask.mutable_placement()->set_candidate(third.name());
  ASSERT_TRUE(as(own)->CreatePlacement(Context().get(), ask, &requested).ok());
  v1::TransitionPlacementRequest withdraw_request;
  withdraw_request.set_name(requested.name());
  withdraw_request.set_state(Placement::DECLINED);
  withdraw_request.set_decline_reason("hours_mismatch");
  const auto step = [&](const std::string& k,
                        const v1::TransitionPlacementRequest& r) {
    return as(k)->TransitionPlacement(Context().get(), r, &answered);
  };
  grpc::Status s = step(own, withdraw_request);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(s), std::vector<std::string>{"decline_reason"});
  withdraw_request.set_decline_reason("request_withdrawn");
  EXPECT_EQ(step(stranger, withdraw_request).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  get.set_name(requested.name());
  ASSERT_TRUE(as(own)->GetPlacement(Context().get(), get, &seen).ok());
  EXPECT_EQ(seen.state(), Placement::REQUESTED);  // nothing written
  ASSERT_TRUE(step(own, withdraw_request).ok());
  EXPECT_EQ(answered.state(), Placement::DECLINED);
  EXPECT_EQ(answered.decline_reason(), "request_withdrawn");
  for (const v1::PlacementEvent& event : answered.history()) {
    EXPECT_EQ(event.actor(), "");
  }
  // The WSP sees who withdrew it; it is gone from the open requests.
  v1::GetPlacementRequest wsp_get;
  wsp_get.set_name(requested.name());
  ASSERT_TRUE(as(wsp)->GetPlacement(Context().get(), wsp_get, &seen).ok());
  EXPECT_EQ(seen.history(seen.history_size() - 1).actor(), "bakkerij");
  const v1::ListPlacementsResponse still_open = listed(wsp);
  for (const Placement& open : still_open.placements()) {
    EXPECT_NE(open.name(), requested.name());
  }
  // Once withdrawn, or once answered (the declined one above), no more.
  EXPECT_EQ(step(own, withdraw_request).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  withdraw_request.set_name(decline.name());
  EXPECT_EQ(step(own, withdraw_request).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // An employer never moves a request on.
  introduce.set_name(requested.name());
  EXPECT_EQ(step(own, introduce).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(PlacementServiceTest, AHireChangesPlacementCandidateVacancyAndIndex) {
  Candidate c = NewCandidate();
  Vacancy v = NewVacancy(/*positions=*/1);
  Vacancy other = NewVacancy(2);
  Consent(c, v, true);
  Placement p;
  ASSERT_TRUE(Propose(c, v, &p).ok());
  ASSERT_TRUE(Move(p.name(), Placement::INTRODUCED, &p).ok());
  ASSERT_EQ(FeasibleFor(other), 1);

  // The audit write fails: the hire fails and nothing of it shows.
  failing_->store(true);
  Placement out;
  EXPECT_EQ(Move(p.name(), Placement::HIRED, &out, 17).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  failing_->store(false);
  EXPECT_EQ(GetPlacement(p.name()).state(), Placement::INTRODUCED);
  EXPECT_EQ(GetCandidate(c.name()).availability(), Candidate::AVAILABLE_NOW);
  EXPECT_EQ(GetVacancy(v.name()).filled_positions(), 0);
  EXPECT_EQ(FeasibleFor(other), 1);

  // Now it succeeds, all at once.
  ASSERT_TRUE(Move(p.name(), Placement::HIRED, &out, 17).ok());
  EXPECT_EQ(out.state(), Placement::HIRED);
  EXPECT_DOUBLE_EQ(out.hours_per_week(), 17);
  EXPECT_EQ(out.contract_type(), Vacancy::DIRECT);
  EXPECT_EQ(out.sector(), Vacancy::PRIVATE);
  EXPECT_TRUE(out.has_hired_on());
  EXPECT_EQ(GetCandidate(c.name()).availability(), Candidate::PLACED);
  const Vacancy filled = GetVacancy(v.name());
  EXPECT_EQ(filled.filled_positions(), 1);
  EXPECT_EQ(filled.status(), Vacancy::FILLED);
  EXPECT_EQ(FeasibleFor(other), 0);  // the index knows
  // And it survives a restart.
  StopServer();
  SetUp();
  EXPECT_EQ(GetPlacement(p.name()).state(), Placement::HIRED);
  EXPECT_EQ(FeasibleFor(other), 0);

  // Ending the job makes the person available again.
  ASSERT_TRUE(Move(p.name(), Placement::ENDED, &out).ok());
  EXPECT_EQ(GetCandidate(c.name()).availability(), Candidate::AVAILABLE_NOW);
  EXPECT_EQ(FeasibleFor(other), 1);
}

// Positions filled by hires stay filled: an update may not offer fewer,
// and a re-import of the vacancy keeps the count (before, it reset it to
// 0, opening every position again).
TEST_F(PlacementServiceTest, FilledPositionsSurviveUpdatesAndReimports) {
  v1::CreateVacancyRequest create;
  *create.mutable_vacancy() = ValidVacancy();
  create.mutable_vacancy()->set_positions(3);
  create.mutable_vacancy()->set_external_ref("uwv-v-1");
  Vacancy v;
  ASSERT_TRUE(vacancies_->CreateVacancy(Context().get(), create, &v).ok());
  for (int i = 0; i < 2; ++i) {
    Candidate c = NewCandidate();
    Consent(c, v, true);
    Placement p;
    ASSERT_TRUE(Propose(c, v, &p).ok());
    ASSERT_TRUE(Move(p.name(), Placement::INTRODUCED, &p).ok());
    ASSERT_TRUE(Move(p.name(), Placement::HIRED, &p).ok());
  }
  const Vacancy hired = GetVacancy(v.name());
  ASSERT_EQ(hired.filled_positions(), 2);

  v1::UpdateVacancyRequest update;
  update.mutable_vacancy()->set_name(v.name());
  update.mutable_vacancy()->set_positions(1);
  update.mutable_update_mask()->add_paths("positions");
  Vacancy out;
  grpc::Status fewer = vacancies_->UpdateVacancy(Context().get(), update, &out);
  EXPECT_EQ(fewer.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(fewer),
              ::testing::ElementsAre("vacancy.positions"));
  EXPECT_EQ(GetVacancy(v.name()).etag(), hired.etag());  // nothing written

  auto import = [&](int positions) {
    grpc::ClientContext context;
    v1::ImportSummary summary;
    auto writer = vacancies_->ImportVacancies(&context, &summary);
    v1::ImportVacanciesRequest request;
    *request.add_vacancies() = create.vacancy();
    request.mutable_vacancies(0)->set_positions(positions);
    EXPECT_TRUE(writer->Write(request));
    writer->WritesDone();
    EXPECT_TRUE(writer->Finish().ok());
    return summary;
  };
  v1::ImportSummary kept = import(4);
  EXPECT_EQ(kept.updated(), 1);
  const Vacancy reimported = GetVacancy(v.name());
  EXPECT_EQ(reimported.positions(), 4);
  EXPECT_EQ(reimported.filled_positions(), 2);
  v1::ImportSummary refused = import(1);
  ASSERT_EQ(refused.failed(), 1);
  ASSERT_EQ(refused.errors(0).field_violations_size(), 1);
  EXPECT_EQ(refused.errors(0).field_violations(0).field(), "positions");
  EXPECT_EQ(GetVacancy(v.name()).etag(), reimported.etag());
}

TEST_F(PlacementServiceTest, NoHireWithoutAnOpenPosition) {
  Vacancy v = NewVacancy(/*positions=*/1);
  Candidate a = NewCandidate();
  Candidate b = NewCandidate();
  Placement pa, pb, out;
  ASSERT_TRUE(Propose(a, v, &pa).ok());
  ASSERT_TRUE(Propose(b, v, &pb).ok());
  Consent(a, v, true);
  Consent(b, v, true);
  ASSERT_TRUE(Move(pa.name(), Placement::INTRODUCED, &pa).ok());
  ASSERT_TRUE(Move(pb.name(), Placement::INTRODUCED, &pb).ok());
  ASSERT_TRUE(Move(pa.name(), Placement::HIRED, &out).ok());
  grpc::Status s = Move(pb.name(), Placement::HIRED, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(GetCandidate(b.name()).availability(), Candidate::AVAILABLE_NOW);
  EXPECT_EQ(GetPlacement(pb.name()).state(), Placement::INTRODUCED);
  // Nor a new proposal for a filled vacancy, nor one of a placed person.
  Candidate c = NewCandidate();
  EXPECT_EQ(Propose(c, v, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Propose(a, NewVacancy(), &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(PlacementServiceTest, BadRequestsNameTheField) {
  Candidate c = NewCandidate();
  Vacancy v = NewVacancy();
  Placement p;
  ASSERT_TRUE(Propose(c, v, &p).ok());
  v1::TransitionPlacementRequest request;
  request.set_name("placements/1");
  request.set_state(Placement::PROPOSED);
  request.set_hours_per_week(3);
  request.set_decline_reason("nope");
  request.mutable_effective_on()->set_year(2026);
  request.mutable_effective_on()->set_month(2);
  request.mutable_effective_on()->set_day(30);
  Placement out;
  grpc::Status s =
      placements_->TransitionPlacement(Context().get(), request, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ::testing::UnorderedElementsAre(
                                     "name", "state", "hours_per_week",
                                     "decline_reason", "effective_on"));
  request = v1::TransitionPlacementRequest();
  request.set_name(p.name());
  request.set_state(Placement::DECLINED);
  request.set_decline_reason("not_a_reason");
  EXPECT_THAT(ViolatedFields(placements_->TransitionPlacement(Context().get(),
                                                              request, &out)),
              ElementsAre("decline_reason"));
  request.set_state(Placement::HIRED);
  request.clear_decline_reason();
  request.set_hours_per_week(61);
  EXPECT_THAT(ViolatedFields(placements_->TransitionPlacement(Context().get(),
                                                              request, &out)),
              ElementsAre("hours_per_week"));
  v1::CreatePlacementRequest create;
  create.mutable_placement()->set_candidate("vacancies/x");
  EXPECT_THAT(ViolatedFields(
                  placements_->CreatePlacement(Context().get(), create, &out)),
              ::testing::UnorderedElementsAre("placement.candidate",
                                              "placement.vacancy"));
  v1::GetProgressRequest progress;
  progress.set_from_quarter("2026Q9");
  progress.set_to_quarter("2099Q1");
  progress.set_target_public(-1);
  v1::Progress report;
  EXPECT_THAT(ViolatedFields(
                  placements_->GetProgress(Context().get(), progress, &report)),
              ::testing::UnorderedElementsAre("from_quarter", "to_quarter",
                                              "target_public"));
  v1::GetProgressRequest two_kinds;
  two_kinds.set_target_private(1000);
  two_kinds.set_target_total(1500);
  EXPECT_THAT(ViolatedFields(placements_->GetProgress(Context().get(),
                                                      two_kinds, &report)),
              ElementsAre("target_total"));
  // Nothing moved.
  EXPECT_EQ(GetPlacement(p.name()).etag(), p.etag());
}

TEST_F(PlacementServiceTest, ListsAndErasesWithTheCandidate) {
  Candidate c = NewCandidate();
  Vacancy v1 = NewVacancy();
  Vacancy v2 = NewVacancy();
  Placement p1, p2;
  ASSERT_TRUE(Propose(c, v1, &p1).ok());
  ASSERT_TRUE(Propose(c, v2, &p2).ok());
  ASSERT_TRUE(Move(p2.name(), Placement::DECLINED, &p2).ok());
  v1::ListPlacementsRequest list;
  list.set_parent("candidates/-");
  list.set_page_size(1);
  v1::ListPlacementsResponse page;
  ASSERT_TRUE(placements_->ListPlacements(Context().get(), list, &page).ok());
  ASSERT_EQ(page.placements_size(), 1);
  ASSERT_FALSE(page.next_page_token().empty());
  list.set_page_token(page.next_page_token());
  v1::ListPlacementsResponse second;
  ASSERT_TRUE(placements_->ListPlacements(Context().get(), list, &second).ok());
  ASSERT_EQ(second.placements_size(), 1);
  EXPECT_NE(second.placements(0).name(), page.placements(0).name());
  EXPECT_TRUE(second.next_page_token().empty());
  list = v1::ListPlacementsRequest();
  list.set_parent(c.name());
  list.set_state(Placement::DECLINED);
  ASSERT_TRUE(placements_->ListPlacements(Context().get(), list, &page).ok());
  ASSERT_EQ(page.placements_size(), 1);
  EXPECT_EQ(page.placements(0).decline_reason(), "candidate_declined");

  v1::DeleteCandidateRequest erase;
  erase.set_name(c.name());
  google::protobuf::Empty empty;
  ASSERT_TRUE(
      candidates_->DeleteCandidate(Context().get(), erase, &empty).ok());
  v1::GetPlacementRequest get;
  get.set_name(p1.name());
  Placement gone;
  EXPECT_NE(placements_->GetPlacement(Context().get(), get, &gone).error_code(),
            grpc::StatusCode::OK);
  list.set_parent("candidates/-");
  list.clear_state();
  ASSERT_TRUE(placements_->ListPlacements(Context().get(), list, &page).ok());
  EXPECT_EQ(page.placements_size(), 0);
}

TEST_F(PlacementServiceTest, ProgressCountsHires) {
  std::vector<Placement> hired;
  for (int i = 0; i < 12; ++i) {
    Candidate c = NewCandidate();
    Vacancy v = NewVacancy();
    Consent(c, v, true);
    Placement p;
    ASSERT_TRUE(Propose(c, v, &p).ok());
    ASSERT_TRUE(Move(p.name(), Placement::INTRODUCED, &p).ok());
    ASSERT_TRUE(Move(p.name(), Placement::HIRED, &p, 25.5).ok());
  }
  v1::GetProgressRequest request;
  v1::Progress report;
  ASSERT_TRUE(placements_->GetProgress(Context().get(), request, &report).ok());
  ASSERT_EQ(report.quarters_size(), 4);
  const v1::QuarterProgress& now = report.quarters(3);
  EXPECT_DOUBLE_EQ(now.national().private_direct(), 12);
  EXPECT_DOUBLE_EQ(now.hired().total(), 12);
  ASSERT_EQ(now.regions_size(), 1);
  EXPECT_EQ(now.regions(0).region(), "AM14");
  EXPECT_DOUBLE_EQ(report.target_private(), 100000);
  EXPECT_DOUBLE_EQ(report.private_share(), 12.0 / 100000);
  EXPECT_DOUBLE_EQ(report.quarters(0).national().total(), 0);
}

TEST_F(PlacementServiceTest, SupplyCountsStampedCandidatesWhoFitAVacancy) {
  // Both are stamped "not placeable" (ValidCandidate); one fits the
  // vacancy, the other needs physical access it does not offer.
  NewCandidate();
  v1::CreateCandidateRequest request;
  *request.mutable_candidate() = ValidCandidate();
  auto* need = request.mutable_candidate()->add_support_needs();
  need->set_need("physical_access");
  need->set_strength(v1::SupportNeed::REQUIRED);
  Candidate blocked;
  ASSERT_TRUE(
      candidates_->CreateCandidate(Context().get(), request, &blocked).ok());
  NewVacancy();
  auto supply = v1::SupplyService::NewStub(channel_);
  v1::GetSupplyRequest get;
  v1::Supply report;
  ASSERT_TRUE(supply->GetSupply(Context().get(), get, &report).ok());
  ASSERT_EQ(report.regions_size(), 1);
  const v1::RegionSupply& r = report.regions(0);
  EXPECT_EQ(r.region(), "AM14");
  EXPECT_EQ(r.available(), 2);
  EXPECT_EQ(r.stamped_not_placeable(), 2);
  EXPECT_EQ(r.placeable_by_need(), 1);
  EXPECT_EQ(report.suppressed_below(), 0);  // an admin sees every count
  get.add_regions("XX99");
  EXPECT_THAT(ViolatedFields(supply->GetSupply(Context().get(), get, &report)),
              ElementsAre("regions[0]"));
}

TEST_F(PlacementServiceTest, BottlenecksNameTheBlockerAndTheMissingOffer) {
  // The only candidate needs physical access; the only vacancy offers a
  // job coach alone.
  v1::CreateCandidateRequest request;
  *request.mutable_candidate() = ValidCandidate();
  auto* need = request.mutable_candidate()->add_support_needs();
  need->set_need("physical_access");
  need->set_strength(v1::SupportNeed::REQUIRED);
  Candidate c;
  ASSERT_TRUE(candidates_->CreateCandidate(Context().get(), request, &c).ok());
  Vacancy v = NewVacancy();
  auto supply = v1::SupplyService::NewStub(channel_);
  v1::GetBottlenecksRequest get;
  get.add_regions("AM14");
  v1::Bottlenecks report;
  ASSERT_TRUE(supply->GetBottlenecks(Context().get(), get, &report).ok());
  ASSERT_EQ(report.regions_size(), 1);
  const v1::RegionBottlenecks& r = report.regions(0);
  ASSERT_EQ(r.vacancies_size(), 1);
  EXPECT_EQ(r.vacancies(0).vacancy(), v.name());
  EXPECT_EQ(r.vacancies(0).kind(), v1::Constraint::SUPPORT_NEED);
  EXPECT_EQ(r.vacancies(0).subject(), "physical_access");
  EXPECT_EQ(r.vacancies(0).candidates(), 1);
  EXPECT_EQ(r.stranded_candidates(), 1);
  ASSERT_EQ(r.unoffered_needs_size(), 1);
  EXPECT_EQ(r.unoffered_needs(0).need(), "physical_access");
  // Once the employer offers an adapted toilet, neither is stuck.
  v.add_offered_adjustments("adapted_toilet");
  v1::UpdateVacancyRequest update;
  *update.mutable_vacancy() = v;
  ASSERT_TRUE(vacancies_->UpdateVacancy(Context().get(), update, &v).ok());
  ASSERT_TRUE(supply->GetBottlenecks(Context().get(), get, &report).ok());
  EXPECT_EQ(report.regions(0).vacancies_size(), 0);
  EXPECT_EQ(report.regions(0).stranded_candidates(), 0);
}

// The name of the quarter `back` quarters before the current one.
std::string QuarterBefore(int back) {
  return passend::QuarterName(
      QuarterStart(QuarterIndex(DutchDay(absl::Now())) - back));
}

v1::QuarterFlows Flows(const std::string& region, int back, int64_t in,
                       int64_t placed, int64_t withdrawn) {
  v1::QuarterFlows f;
  f.set_region(region);
  f.set_quarter(QuarterBefore(back));
  f.set_registrations(in);
  f.set_placements(placed);
  f.set_withdrawals(withdrawn);
  return f;
}

TEST_F(PlacementServiceTest, ForecastFitsRecordedHistoryAndTheLiveLedger) {
  for (int i = 0; i < 3; ++i) NewCandidate();  // this quarter, in AM14
  auto supply = v1::SupplyService::NewStub(channel_);
  v1::RecordSupplyHistoryRequest record;
  *record.add_quarters() = Flows("AM14", 2, 8, 20, 20);
  *record.add_quarters() = Flows("AM14", 1, 4, 10, 10);
  v1::RecordSupplyHistoryResponse recorded;
  ASSERT_TRUE(
      supply->RecordSupplyHistory(Context().get(), record, &recorded).ok());
  EXPECT_EQ(recorded.quarters_recorded(), 2);
  // Sent again (a retry): the same ledger.
  ASSERT_TRUE(
      supply->RecordSupplyHistory(Context().get(), record, &recorded).ok());

  v1::ForecastSupplyRequest get;
  get.add_regions("AM14");
  get.set_years(3);
  v1::SupplyForecast forecast;
  ASSERT_TRUE(supply->ForecastSupply(Context().get(), get, &forecast).ok());
  ASSERT_EQ(forecast.regions_size(), 1);
  const v1::RegionForecast& r = forecast.regions(0);
  EXPECT_EQ(r.available_now(), 3);
  // Worked back from the 3 of now, less this quarter's 3 registrations:
  // 16 at the start of last quarter, 48 the quarter before. Two quarters:
  // levels only.
  EXPECT_EQ(r.rates().quarters_observed(), 2);
  EXPECT_DOUBLE_EQ(r.rates().inflow(), 6);
  EXPECT_DOUBLE_EQ(r.rates().placement_rate(), 30.0 / 64);
  EXPECT_DOUBLE_EQ(r.rates().withdrawal_rate(), 30.0 / 64);
  EXPECT_EQ(r.rates().inflow_trend(), 0);
  ASSERT_EQ(r.years_size(), 3);
  EXPECT_EQ(r.years(2).years_ahead(), 3);
  EXPECT_EQ(r.years(0).until_quarter(),
            passend::QuarterName(
                QuarterStart(QuarterIndex(DutchDay(absl::Now())) + 4)));
  for (const v1::ForecastYear& y : r.years()) {
    EXPECT_LE(y.low(), y.available());
    EXPECT_GE(y.high(), y.available());
  }
  ASSERT_EQ(r.history_size(), 2);  // an admin sees the ledger
  EXPECT_EQ(r.history(0).quarter(), QuarterBefore(2));
  EXPECT_EQ(r.history(0).placements(), 20);
  EXPECT_EQ(forecast.total().years(0).available(), r.years(0).available());
  EXPECT_EQ(forecast.rounded_to(), 0);
}

TEST_F(PlacementServiceTest, BadHistoryAndForecastRequestsNameTheField) {
  auto supply = v1::SupplyService::NewStub(channel_);
  v1::RecordSupplyHistoryRequest record;
  *record.add_quarters() = Flows("AM14", 1, 5, 1, 1);  // fine on its own
  *record.add_quarters() = Flows("XX99", 1, 5, 1, 1);
  *record.add_quarters() = Flows("AM14", 0, 5, 1, 1);  // the current one
  v1::QuarterFlows* bad = record.add_quarters();
  *bad = Flows("AM14", 3, 5, 1, 1);
  bad->set_quarter("2026Q5");
  *record.add_quarters() = Flows("AM14", 4, -1, 1, 1);
  *record.add_quarters() = Flows("AM14", 1, 5, 1, 1);  // a repeat
  v1::RecordSupplyHistoryResponse recorded;
  EXPECT_THAT(ViolatedFields(supply->RecordSupplyHistory(Context().get(),
                                                         record, &recorded)),
              ElementsAre("quarters[1].region", "quarters[2].quarter",
                          "quarters[3].quarter", "quarters[4].registrations",
                          "quarters[5].quarter"));
  // Nothing was recorded, not even the good quarter.
  v1::ForecastSupplyRequest get;
  get.add_regions("AM14");
  v1::SupplyForecast forecast;
  ASSERT_TRUE(supply->ForecastSupply(Context().get(), get, &forecast).ok());
  EXPECT_EQ(forecast.regions(0).history_size(), 0);
  EXPECT_EQ(forecast.regions(0).rates().quarters_observed(), 0);

  get.set_years(6);
  get.set_history_quarters(1);
  get.add_regions("XX99");
  EXPECT_THAT(
      ViolatedFields(supply->ForecastSupply(Context().get(), get, &forecast)),
      ElementsAre("years", "history_quarters"));
  get.set_years(0);
  get.set_history_quarters(0);
  EXPECT_THAT(
      ViolatedFields(supply->ForecastSupply(Context().get(), get, &forecast)),
      ElementsAre("regions[1]"));
}

}  // namespace
}  // namespace passend::testing
