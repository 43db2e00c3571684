// MatchService through a real server: ranking, paging, explanations,
// label blindness, consistency under concurrent writes and across restarts,
// and deadlines.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/file.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "passend/v1/match.grpc.pb.h"
#include "tests/services/server_fixture.h"

namespace passend::testing {
namespace {

using ::testing::ElementsAre;
using v1::Candidate;
using v1::Vacancy;

class MatchServiceTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    match_ = v1::MatchService::NewStub(channel_);
  }
  void Restart() {
    StopServer();
    StartServer();
    match_ = v1::MatchService::NewStub(channel_);
  }

  // Candidates that differ in hours, travel range and needs, so scores
  // differ and some fail.
  std::vector<Candidate> CreatePopulation(int n) {
    std::vector<Candidate> created;
    for (int i = 0; i < n; ++i) {
      Candidate c = ValidCandidate();
      c.mutable_hours_per_week()->set_min(8 + i % 12);
      c.mutable_hours_per_week()->set_max(20 + i % 20);
      c.set_travel_range_km(5 + i % 30);
      if (i % 7 == 0) c.mutable_support_needs(0)->set_need("physical_access");
      if (i % 5 == 0) {
        auto* p = c.add_support_needs();
        p->set_need("regular_breaks");
        p->set_strength(v1::SupportNeed::PREFERRED);
      }
      c.set_label(i % 3 == 0 ? "wsw" : "wajong");
      v1::CreateCandidateRequest request;
      *request.mutable_candidate() = c;
      Candidate out;
      EXPECT_TRUE(
          candidates_->CreateCandidate(Context().get(), request, &out).ok());
      created.push_back(out);
    }
    return created;
  }
  Vacancy CreateVacancy(Vacancy v = ValidVacancy()) {
    v1::CreateVacancyRequest request;
    *request.mutable_vacancy() = v;
    Vacancy out;
    EXPECT_TRUE(vacancies_->CreateVacancy(Context().get(), request, &out).ok());
    return out;
  }
  // Every feasible candidate for `vacancy`, page by page.
  std::vector<v1::RankedCandidate> RankAll(const std::string& vacancy,
                                           int page_size) {
    std::vector<v1::RankedCandidate> all;
    v1::RankCandidatesRequest request;
    request.set_vacancy(vacancy);
    request.set_page_size(page_size);
    while (true) {
      v1::RankCandidatesResponse response;
      grpc::Status s =
          match_->RankCandidates(Context().get(), request, &response);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      all.insert(all.end(), response.results().begin(),
                 response.results().end());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return all;
  }

  std::unique_ptr<v1::MatchService::Stub> match_;
};

TEST_F(MatchServiceTest, RanksPagesAndExplains) {
  std::vector<Candidate> population = CreatePopulation(40);
  Vacancy vacancy = CreateVacancy();

  v1::RankCandidatesRequest request;
  request.set_vacancy(vacancy.name());
  request.set_page_size(100);
  v1::RankCandidatesResponse whole;
  ASSERT_TRUE(match_->RankCandidates(Context().get(), request, &whole).ok());
  EXPECT_EQ(whole.scanned_count(), 40);
  // 1 in 7 need physical access, which a jobcoach does not give.
  EXPECT_EQ(whole.feasible_count(), 40 - 6);
  ASSERT_EQ(whole.results_size(), 40 - 6);
  EXPECT_TRUE(whole.next_page_token().empty());
  for (int i = 0; i < whole.results_size(); ++i) {
    const auto& r = whole.results(i);
    EXPECT_TRUE(r.explanation().feasible());
    EXPECT_EQ(r.explanation().candidate(), r.candidate());
    const auto& b = r.explanation().score_breakdown();
    EXPECT_EQ(r.score(), b.preferred_needs() + b.occupation() + b.hours_fit() +
                             b.distance() + b.headroom() + b.wage_value());
    if (i > 0) {
      const auto& prev = whole.results(i - 1);
      EXPECT_TRUE(
          prev.score() > r.score() ||
          (prev.score() == r.score() && prev.candidate() < r.candidate()))
          << "not in rank order at " << i;
    }
  }

  // Pages of 7 give the same sequence.
  std::vector<v1::RankedCandidate> paged = RankAll(vacancy.name(), 7);
  ASSERT_EQ(paged.size(), static_cast<size_t>(whole.results_size()));
  for (size_t i = 0; i < paged.size(); ++i) {
    EXPECT_EQ(paged[i].candidate(), whole.results(i).candidate());
  }

  // A page token holds for the same regions in another order.
  v1::RankCandidatesRequest by_regions;
  by_regions.set_vacancy(vacancy.name());
  by_regions.set_page_size(7);
  by_regions.add_regions("AM14");
  by_regions.add_regions("AM01");
  v1::RankCandidatesResponse first_page;
  ASSERT_TRUE(
      match_->RankCandidates(Context().get(), by_regions, &first_page).ok());
  ASSERT_FALSE(first_page.next_page_token().empty());
  by_regions.clear_regions();
  by_regions.add_regions("AM01");
  by_regions.add_regions("AM14");
  by_regions.set_page_token(first_page.next_page_token());
  v1::RankCandidatesResponse second_page;
  grpc::Status reordered =
      match_->RankCandidates(Context().get(), by_regions, &second_page);
  ASSERT_TRUE(reordered.ok()) << reordered.error_message();
  ASSERT_GT(second_page.results_size(), 0);
  EXPECT_EQ(second_page.results(0).candidate(), paged[7].candidate());

  // The BASIC view: the same ranking without explanations.
  request.set_view(v1::BASIC);
  v1::RankCandidatesResponse basic;
  ASSERT_TRUE(match_->RankCandidates(Context().get(), request, &basic).ok());
  ASSERT_EQ(basic.results_size(), whole.results_size());
  for (int i = 0; i < basic.results_size(); ++i) {
    EXPECT_EQ(basic.results(i).candidate(), whole.results(i).candidate());
    EXPECT_EQ(basic.results(i).score(), whole.results(i).score());
    EXPECT_FALSE(basic.results(i).has_explanation());
  }
  request.clear_view();

  // An infeasible pair explains itself, with its unlocker.
  v1::ExplainMatchRequest explain;
  explain.set_candidate(population[0].name());  // needs physical access
  explain.set_vacancy(vacancy.name());
  v1::MatchExplanation e;
  ASSERT_TRUE(match_->ExplainMatch(Context().get(), explain, &e).ok());
  EXPECT_FALSE(e.feasible());
  ASSERT_EQ(e.failed_size(), 1);
  EXPECT_EQ(e.failed(0).kind(), v1::Constraint::SUPPORT_NEED);
  EXPECT_EQ(e.failed(0).subject(), "physical_access");
  std::set<std::string> offers;
  for (const auto& u : e.unlockers()) offers.insert(u.offer_adjustment());
  EXPECT_TRUE(offers.count("wheelchair_accessible")) << e.DebugString();

  // Near misses come with the first page.
  request.set_page_size(5);
  request.set_near_misses(3);
  v1::RankCandidatesResponse with_misses;
  ASSERT_TRUE(
      match_->RankCandidates(Context().get(), request, &with_misses).ok());
  ASSERT_EQ(with_misses.near_misses_size(), 3);
  for (const auto& miss : with_misses.near_misses()) {
    EXPECT_FALSE(miss.feasible());
    EXPECT_FALSE(miss.unlockers().empty());
  }

  // And the other way round: vacancies for a candidate.
  v1::RankVacanciesRequest by_candidate;
  by_candidate.set_candidate(population[1].name());
  v1::RankVacanciesResponse vacancies;
  ASSERT_TRUE(
      match_->RankVacancies(Context().get(), by_candidate, &vacancies).ok());
  ASSERT_EQ(vacancies.results_size(), 1);
  EXPECT_EQ(vacancies.results(0).vacancy(), vacancy.name());
}

TEST_F(MatchServiceTest, BadRequestsNameTheirField) {
  Vacancy vacancy = CreateVacancy();
  v1::RankCandidatesResponse response;
  v1::RankCandidatesRequest request;
  request.set_vacancy("vacancies/nope");
  grpc::Status s = match_->RankCandidates(Context().get(), request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("vacancy"));

  request.set_vacancy(vacancy.name());
  request.set_page_size(-3);
  request.add_regions("AM99");
  request.set_near_misses(51);
  request.set_confirmed_within_days(-1);
  s = match_->RankCandidates(Context().get(), request, &response);
  EXPECT_THAT(ViolatedFields(s), ::testing::UnorderedElementsAre(
                                     "page_size", "regions[0]", "near_misses",
                                     "confirmed_within_days"));

  v1::RankCandidatesRequest other;
  other.set_vacancy("vacancies/0123456789abcdefghjkmnpqrs");
  s = match_->RankCandidates(Context().get(), other, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);

  other.set_vacancy(vacancy.name());
  other.set_page_token("garbage");
  s = match_->RankCandidates(Context().get(), other, &response);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("page_token"));
}

TEST_F(MatchServiceTest, LabelsAndStampsNeverChangeARanking) {
  std::vector<Candidate> population = CreatePopulation(30);
  Vacancy vacancy = CreateVacancy();
  std::vector<v1::RankedCandidate> before = RankAll(vacancy.name(), 50);
  ASSERT_FALSE(before.empty());
  const char* labels[] = {"", "wajong", "wsw", "participatiewet",
                          "statushouder"};
  for (size_t i = 0; i < population.size(); ++i) {
    v1::UpdateCandidateRequest update;
    update.mutable_candidate()->set_name(population[i].name());
    update.mutable_candidate()->set_label(labels[(i * 7 + 3) % 5]);
    update.mutable_candidate()->set_placeability(
        i % 2 ? Candidate::PLACEABLE : Candidate::NOT_PLACEABLE);
    update.mutable_update_mask()->add_paths("label");
    update.mutable_update_mask()->add_paths("placeability");
    Candidate out;
    ASSERT_TRUE(
        candidates_->UpdateCandidate(Context().get(), update, &out).ok());
  }
  std::vector<v1::RankedCandidate> after = RankAll(vacancy.name(), 50);
  ASSERT_EQ(before.size(), after.size());
  for (size_t i = 0; i < before.size(); ++i) {
    EXPECT_TRUE(
        google::protobuf::util::MessageDifferencer::Equals(before[i], after[i]))
        << "rank " << i << " changed with the label";
  }
}

TEST_F(MatchServiceTest, RankingsSurviveARestartUnchanged) {
  CreatePopulation(25);
  Vacancy vacancy = CreateVacancy();
  std::vector<v1::RankedCandidate> before = RankAll(vacancy.name(), 10);
  Restart();
  std::vector<v1::RankedCandidate> after = RankAll(vacancy.name(), 10);
  ASSERT_EQ(before.size(), after.size());
  for (size_t i = 0; i < before.size(); ++i) {
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(before[i],
                                                                   after[i]));
  }
}

// A clean shutdown leaves the matcher's profiles sealed beside the data; the
// next start reads them instead of every record, and removes the file.
TEST_F(MatchServiceTest, CleanRestartStartsFromTheSealedSnapshot) {
  std::vector<Candidate> population = CreatePopulation(25);
  Vacancy vacancy = CreateVacancy();
  std::vector<v1::RankedCandidate> before = RankAll(vacancy.name(), 10);
  ASSERT_FALSE(before.empty());
  EXPECT_FALSE(server_->started_from_snapshot());
  StopServer();
  const std::string snapshot = data_dir() + "/matcher.snapshot";
  std::string bytes = ValueOrDie(ReadFile(snapshot));
  // Sealed: not even an id shows.
  for (const Candidate& c : population) {
    EXPECT_EQ(bytes.find(c.name().substr(c.name().find('/') + 1)),
              std::string::npos);
  }
  StartServer();
  match_ = v1::MatchService::NewStub(channel_);
  EXPECT_TRUE(server_->started_from_snapshot());
  EXPECT_FALSE(std::filesystem::exists(snapshot));
  EXPECT_EQ(server_->candidate_count(), population.size());
  std::vector<v1::RankedCandidate> after = RankAll(vacancy.name(), 10);
  ASSERT_EQ(before.size(), after.size());
  for (size_t i = 0; i < before.size(); ++i) {
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(before[i],
                                                                   after[i]));
  }

  // Erased while running: gone from the next snapshot too.
  v1::DeleteCandidateRequest erase;
  erase.set_name(after.front().candidate());
  google::protobuf::Empty empty;
  ASSERT_TRUE(
      candidates_->DeleteCandidate(Context().get(), erase, &empty).ok());
  Restart();
  EXPECT_TRUE(server_->started_from_snapshot());
  EXPECT_EQ(server_->candidate_count(), population.size() - 1);
  std::vector<v1::RankedCandidate> without = RankAll(vacancy.name(), 10);
  ASSERT_EQ(without.size(), before.size() - 1);
  for (const auto& r : without) EXPECT_NE(r.candidate(), erase.name());
}

// A snapshot older than the data, or damaged, is not used: the start reads
// the records, and every acknowledged write is there.
TEST_F(MatchServiceTest, StaleOrDamagedSnapshotIsNotUsed) {
  CreatePopulation(10);
  Vacancy vacancy = CreateVacancy();
  const std::string snapshot = data_dir() + "/matcher.snapshot";
  StopServer();
  const std::string stale = ValueOrDie(ReadFile(snapshot));
  StartServer();
  match_ = v1::MatchService::NewStub(channel_);
  ASSERT_TRUE(server_->started_from_snapshot());
  std::vector<Candidate> later = CreatePopulation(3);
  const std::vector<v1::RankedCandidate> expected = RankAll(vacancy.name(), 50);
  StopServer();

  auto restart_with = [&](const std::string& content) {
    std::ofstream(snapshot, std::ios::binary | std::ios::trunc) << content;
    StartServer();
    match_ = v1::MatchService::NewStub(channel_);
    EXPECT_FALSE(server_->started_from_snapshot());
    EXPECT_FALSE(std::filesystem::exists(snapshot));
    EXPECT_EQ(server_->candidate_count(), 13u);
    std::vector<v1::RankedCandidate> ranked = RankAll(vacancy.name(), 50);
    ASSERT_EQ(ranked.size(), expected.size());
    for (size_t i = 0; i < ranked.size(); ++i) {
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
          ranked[i], expected[i]));
    }
    StopServer();
  };
  {
    SCOPED_TRACE("stale");
    restart_with(stale);
  }
  {
    SCOPED_TRACE("damaged");
    std::string damaged = ValueOrDie(ReadFile(snapshot));
    damaged[damaged.size() / 2] ^= 1;
    restart_with(damaged);
  }
  {
    SCOPED_TRACE("empty");
    restart_with("");
  }
  StartServer();
  match_ = v1::MatchService::NewStub(channel_);
  EXPECT_TRUE(server_->started_from_snapshot());
}

TEST_F(MatchServiceTest, RankingsDuringConcurrentWritesAreNeverTorn) {
  // Each write sets hours min and travel range to the same value, so a
  // ranking that mixed two versions of one record would show them apart.
  std::vector<Candidate> population = CreatePopulation(20);
  Vacancy vacancy = ValidVacancy();
  vacancy.set_remote_possible(true);
  vacancy.mutable_hours_per_week()->set_min(1);
  vacancy.mutable_hours_per_week()->set_max(60);
  vacancy = CreateVacancy(vacancy);
  auto write = [&](const Candidate& c, int value) {
    v1::UpdateCandidateRequest update;
    update.mutable_candidate()->set_name(c.name());
    update.mutable_candidate()->mutable_hours_per_week()->set_min(value);
    update.mutable_candidate()->mutable_hours_per_week()->set_max(40);
    update.mutable_candidate()->set_travel_range_km(value);
    update.mutable_update_mask()->add_paths("hours_per_week");
    update.mutable_update_mask()->add_paths("travel_range_km");
    Candidate out;
    return candidates_->UpdateCandidate(Context().get(), update, &out);
  };
  for (const Candidate& c : population) ASSERT_TRUE(write(c, 8).ok());
  std::atomic<bool> stop{false};
  std::atomic<int> writes{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 2; ++w) {
    writers.emplace_back([&, w] {
      for (int round = 0; !stop.load(); ++round) {
        const Candidate& c = population[(round * 2 + w) % population.size()];
        if (write(c, 8 + (round % 20)).ok()) ++writes;
      }
    });
  }
  int checked = 0;
  for (int i = 0; i < 60; ++i) {
    for (const auto& r : RankAll(vacancy.name(), 50)) {
      EXPECT_EQ(r.explanation().hours().candidate().min(),
                r.explanation().travel().travel_range_km())
          << "torn record " << r.candidate();
      ++checked;
    }
  }
  stop = true;
  for (auto& t : writers) t.join();
  EXPECT_GT(checked, 0);
  EXPECT_GT(writes.load(), 0);
}

TEST_F(MatchServiceTest, AHugeQueryPastItsDeadlineIsRefused) {
  grpc::ClientContext import_context;
  v1::ImportSummary summary;
  auto writer = candidates_->ImportCandidates(&import_context, &summary);
  v1::ImportCandidatesRequest chunk;
  for (int i = 0; i < 60000; ++i) {
    Candidate c = ValidCandidate();
    c.set_external_ref(absl::StrCat("bulk-", i));
    c.mutable_hours_per_week()->set_max(20 + i % 30);
    *chunk.add_candidates() = c;
    if (chunk.candidates_size() == 1000) {
      ASSERT_TRUE(writer->Write(chunk));
      chunk.Clear();
    }
  }
  writer->WritesDone();
  ASSERT_TRUE(writer->Finish().ok());
  ASSERT_EQ(summary.created(), 60000);
  Vacancy vacancy = ValidVacancy();
  vacancy.set_remote_possible(true);
  vacancy = CreateVacancy(vacancy);

  v1::RankCandidatesRequest request;
  request.set_vacancy(vacancy.name());
  request.set_page_size(500);
  request.set_near_misses(50);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::microseconds(500));
  v1::RankCandidatesResponse response;
  grpc::Status s = match_->RankCandidates(&context, request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  // The server is still there and answers a query with time to spare.
  v1::RankCandidatesResponse ok;
  request.set_page_size(5);
  ASSERT_TRUE(match_->RankCandidates(Context().get(), request, &ok).ok());
  EXPECT_EQ(ok.results_size(), 5);
  EXPECT_EQ(ok.scanned_count(), 60000);
}

}  // namespace
}  // namespace passend::testing
