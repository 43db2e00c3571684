// A failing disk under the real server: no write is acknowledged while it
// fails, the server stays up and its health service says NOT_SERVING, and
// after the fault the data is intact and the server serves again. And a
// full server refuses more calls at once.
#include <atomic>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/rpc/call_executor.h"
#include "tests/services/server_fixture.h"
#include "tests/storage/fault_injection.h"

namespace passend::testing {
namespace {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

class IoFaultTest : public ServerFixture {
 protected:
  void SetUp() override {}  // started with faults below

  HealthCheckResponse::ServingStatus Health() {
    HealthCheckResponse response;
    grpc::health::v1::Health::NewStub(channel_)->Check(
        Context().get(), HealthCheckRequest(), &response);
    return response.status();
  }
  // Waits up to 5 s for the health service to say `status`.
  bool Becomes(HealthCheckResponse::ServingStatus status) {
    for (int i = 0; i < 100; ++i) {
      if (Health() == status) return true;
      absl::SleepFor(absl::Milliseconds(50));
    }
    return false;
  }
  grpc::Status Create(v1::Candidate* out) {
    v1::CreateCandidateRequest request;
    *request.mutable_candidate() = ValidCandidate();
    return candidates_->CreateCandidate(Context().get(), request, out);
  }
};

TEST_F(IoFaultTest, AFailingDiskIsNeverAcknowledgedAndTheServerRecovers) {
  for (storage::FaultInjection::Point point :
       {storage::FaultInjection::Point::kSync,
        storage::FaultInjection::Point::kWrite}) {
    auto faults = std::make_shared<storage::FaultInjection>();
    services::ServerOptions options;
    options.faults = faults;
    StartServerWith(options);
    v1::Candidate kept;
    ASSERT_TRUE(Create(&kept).ok());
    EXPECT_EQ(Health(), HealthCheckResponse::SERVING);

    faults->FailAt(point, 1);
    v1::Candidate lost;
    for (int i = 0; i < 3; ++i) {
      grpc::Status s = Create(&lost);
      EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE)
          << s.error_message();
    }
    EXPECT_TRUE(Becomes(HealthCheckResponse::NOT_SERVING));
    // The server stays up; a candidate's record is not shown while the
    // audit entry its reading needs cannot be written.
    v1::Taxonomy taxonomy;
    EXPECT_TRUE(
        taxonomy_
            ->GetTaxonomy(Context().get(), v1::GetTaxonomyRequest(), &taxonomy)
            .ok());
    v1::GetCandidateRequest get;
    get.set_name(kept.name());
    v1::Candidate read;
    EXPECT_EQ(
        candidates_->GetCandidate(Context().get(), get, &read).error_code(),
        grpc::StatusCode::UNAVAILABLE);

    // The disk back and the server restarted (a failed log write needs a
    // reopen): everything acknowledged is there and writes go on.
    faults->Heal();
    StopServer();
    StartServer();
    EXPECT_EQ(Health(), HealthCheckResponse::SERVING);
    grpc::Status again = candidates_->GetCandidate(Context().get(), get, &read);
    EXPECT_TRUE(again.ok()) << again.error_message();
    EXPECT_TRUE(Create(&read).ok());
    StopServer();
  }
}

// Admission control: a server allowed one call at a time refuses a second
// at once while an import stream holds the first; health checks still
// answer; the slot comes back when the stream ends.
TEST_F(IoFaultTest, AFullServerRefusesAtOnceAndRecovers) {
  services::ServerOptions options;
  options.max_calls_in_flight = 1;
  StartServerWith(options);
  // The stream and a probe race for the one slot: a probe that reaches the
  // server first makes the stream the refused call, and then the stream is
  // opened again.
  std::unique_ptr<grpc::ClientContext> import_context;
  v1::ImportSummary summary;
  std::unique_ptr<grpc::ClientWriter<v1::ImportCandidatesRequest>> stream;
  v1::Taxonomy taxonomy;
  grpc::Status refused;
  for (int attempt = 0; attempt < 5 && refused.ok(); ++attempt) {
    if (stream != nullptr) {
      stream->WritesDone();
      grpc::Status lost_race = stream->Finish();
      ASSERT_EQ(lost_race.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
          << lost_race.error_message();
    }
    import_context = std::make_unique<grpc::ClientContext>();
    stream = candidates_->ImportCandidates(import_context.get(), &summary);
    // A refused stream may fail this write; Finish() says why.
    stream->Write(v1::ImportCandidatesRequest());
    for (int i = 0; i < 50 && refused.ok(); ++i) {
      refused = taxonomy_->GetTaxonomy(Context().get(),
                                       v1::GetTaxonomyRequest(), &taxonomy);
      if (refused.ok()) absl::SleepFor(absl::Milliseconds(20));
    }
  }
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << refused.error_message();
  EXPECT_EQ(Health(), HealthCheckResponse::SERVING);
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_TRUE(
      taxonomy_
          ->GetTaxonomy(Context().get(), v1::GetTaxonomyRequest(), &taxonomy)
          .ok());
}

// An import stream whose client goes quiet holds its slot until the idle
// timeout, then is ended with DEADLINE_EXCEEDED and gives the slot back
// before the client hears; one that keeps sending, for longer than the
// timeout in all, is not ended. A server shutting down with a quiet stream
// open cancels it.
TEST_F(IoFaultTest, AQuietImportStreamIsEndedAndGivesItsSlotBack) {
  services::ServerOptions options;
  options.max_calls_in_flight = 1;
  options.import_idle_timeout = absl::Seconds(2);
  StartServerWith(options);
  auto one_candidate = [](absl::string_view ref) {
    v1::ImportCandidatesRequest request;
    *request.add_candidates() = ValidCandidate();
    request.mutable_candidates(0)->set_external_ref(std::string(ref));
    return request;
  };
  auto taxonomy_call = [&] {
    v1::Taxonomy taxonomy;
    return taxonomy_->GetTaxonomy(Context().get(), v1::GetTaxonomyRequest(),
                                  &taxonomy);
  };

  grpc::ClientContext talking_context;
  v1::ImportSummary talking_summary;
  auto talking =
      candidates_->ImportCandidates(&talking_context, &talking_summary);
  for (int i = 0; i < 8; ++i) {  // 2.4 s in all, 300 ms apart
    ASSERT_TRUE(talking->Write(one_candidate(absl::StrCat("talking-", i))));
    absl::SleepFor(absl::Milliseconds(300));
  }
  talking->WritesDone();
  grpc::Status talked = talking->Finish();
  ASSERT_TRUE(talked.ok()) << talked.error_message();
  EXPECT_EQ(talking_summary.created(), 8);

  grpc::ClientContext quiet_context;
  quiet_context.set_deadline(std::chrono::system_clock::now() +
                             std::chrono::seconds(20));
  v1::ImportSummary quiet_summary;
  const absl::Time start = absl::Now();
  auto quiet = candidates_->ImportCandidates(&quiet_context, &quiet_summary);
  // Admitted (the server's initial metadata) before anything else asks.
  quiet->WaitForInitialMetadata();
  ASSERT_TRUE(quiet->Write(one_candidate("quiet")));
  // While it is quiet it holds the server's one slot.
  grpc::Status refused;
  for (int i = 0; i < 50 && refused.ok(); ++i) {
    refused = taxonomy_call();
    if (refused.ok()) absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  // The client neither writes nor closes; the server ends the stream (the
  // message tells it from the client's own deadline).
  grpc::Status ended = quiet->Finish();
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED)
      << ended.error_message();
  EXPECT_NE(ended.error_message().find("import idle timeout"),
            std::string::npos)
      << ended.error_message();
  EXPECT_GE(absl::Now() - start, absl::Seconds(2));
  grpc::Status after = taxonomy_call();  // at once: the slot is free
  EXPECT_TRUE(after.ok()) << after.error_message();

  grpc::ClientContext open_context;
  v1::ImportSummary open_summary;
  auto open = candidates_->ImportCandidates(&open_context, &open_summary);
  ASSERT_TRUE(open->Write(one_candidate("open")));
  StopServer();  // a 1 s grace, less than the idle timeout
  EXPECT_FALSE(open->Finish().ok());
}

// An admitted unary call waits in the call executor, where it still counts
// against the limit: with every executor thread busy, of two calls one is
// admitted and waits, the other is refused at once; the waiting one is
// answered once a thread is free.
TEST_F(IoFaultTest, AdmittedCallsWaitCountedAndTheRestAreRefused) {
  services::ServerOptions options;
  options.max_calls_in_flight = 1;
  StartServerWith(options);
  BusyExecutor busy(server_->call_executor());

  struct Call {
    grpc::ClientContext context;
    v1::GetTaxonomyRequest request;
    v1::Taxonomy response;
    grpc::Status status;
    absl::Notification done;
  };
  Call calls[2];
  for (Call& call : calls) {
    call.context.set_deadline(std::chrono::system_clock::now() +
                              std::chrono::seconds(10));
    taxonomy_->async()->GetTaxonomy(&call.context, &call.request,
                                    &call.response,
                                    [&call](grpc::Status status) {
                                      call.status = std::move(status);
                                      call.done.Notify();
                                    });
  }
  // One is answered while the executor is still blocked: the refusal.
  Call* refused = nullptr;
  for (int i = 0; i < 1000 && refused == nullptr; ++i) {
    for (Call& call : calls) {
      if (call.done.HasBeenNotified()) refused = &call;
    }
    absl::SleepFor(absl::Milliseconds(5));
  }
  ASSERT_NE(refused, nullptr);
  EXPECT_EQ(refused->status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  Call* admitted = refused == &calls[0] ? &calls[1] : &calls[0];
  EXPECT_FALSE(admitted->done.HasBeenNotified());
  busy.Release();
  ASSERT_TRUE(admitted->done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_TRUE(admitted->status.ok()) << admitted->status.error_message();
  EXPECT_GT(admitted->response.dimensions_size(), 0);
}

}  // namespace
}  // namespace passend::testing
