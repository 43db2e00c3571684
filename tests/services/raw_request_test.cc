// What outside clients send is bytes. A request that does not parse gets
// INVALID_ARGUMENT (never UNIMPLEMENTED) from every unary method, naming the
// field where it can; an import stream never drops a record unreported: a
// record that does not parse is that record's error, a message whose
// framing is broken ends the stream saying what was written before it.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "services/api/request_parse.h"
#include "tests/services/server_fixture.h"

namespace passend::testing {
namespace {

using ::testing::HasSubstr;

std::string Serialized(const google::protobuf::Message& m) {
  std::string bytes;
  m.SerializeToString(&bytes);  // (logs, but keeps, invalid UTF-8)
  return bytes;
}

grpc::ByteBuffer Buffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

std::string Contents(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  EXPECT_TRUE(buffer.Dump(&slices).ok());
  std::string bytes;
  for (const auto& s : slices) {
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return bytes;
}

// A field 1 whose length says 5 bytes follow, and 2 do: no message type
// parses it.
const std::string kCutShort(
    "\x0a\x05"
    "ab",
    4);

class RawRequestTest : public ServerFixture {
 protected:
  // Sends `messages` on a client stream of `method` and returns the status;
  // the response's bytes go to `response`.
  grpc::Status Stream(const std::string& method,
                      const std::vector<std::string>& messages,
                      std::string* response) {
    grpc::GenericStub stub(channel_);
    grpc::CompletionQueue cq;
    auto context = Context();
    auto call = stub.PrepareCall(context.get(), method, &cq);
    void* tag = nullptr;
    bool ok = false;
    auto step = [&](intptr_t want) {
      EXPECT_TRUE(cq.Next(&tag, &ok));
      EXPECT_EQ(reinterpret_cast<intptr_t>(tag), want);
      return ok;
    };
    call->StartCall(reinterpret_cast<void*>(1));
    step(1);
    for (const std::string& m : messages) {
      call->Write(Buffer(m), reinterpret_cast<void*>(2));
      if (!step(2)) break;
    }
    call->WritesDone(reinterpret_cast<void*>(3));
    step(3);
    grpc::ByteBuffer reply;
    call->Read(&reply, reinterpret_cast<void*>(4));
    if (step(4)) *response = Contents(reply);
    grpc::Status status;
    call->Finish(&status, reinterpret_cast<void*>(5));
    step(5);
    cq.Shutdown();
    while (cq.Next(&tag, &ok)) {
    }
    return status;
  }

  int CandidateCount() {
    v1::ListCandidatesResponse all;
    EXPECT_TRUE(
        candidates_
            ->ListCandidates(Context().get(), v1::ListCandidatesRequest(), &all)
            .ok());
    return all.candidates_size();
  }
};

TEST_F(RawRequestTest, EveryUnaryMethodAnswersAnUnparsableRequestClearly) {
  grpc::GenericStub stub(channel_);
  int methods = 0;
  for (const std::string& name : PassendServices()) {
    const auto* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            name);
    for (int i = 0; i < service->method_count(); ++i) {
      const auto* method = service->method(i);
      if (method->client_streaming() || method->server_streaming()) continue;
      ++methods;
      const std::string path = absl::StrCat("/", name, "/", method->name());
      auto context = Context();
      const grpc::ByteBuffer request = Buffer(kCutShort);
      grpc::ByteBuffer reply;
      absl::Notification done;
      grpc::Status status;
      stub.UnaryCall(context.get(), path, grpc::StubOptions(), &request, &reply,
                     [&](grpc::Status s) {
                       status = std::move(s);
                       done.Notify();
                     });
      done.WaitForNotification();
      EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
          << path << ": " << status.error_message();
      EXPECT_THAT(status.error_message(), HasSubstr("could not be parsed"))
          << path;
    }
  }
  EXPECT_GT(methods, 30);
}

TEST_F(RawRequestTest, AnUnparsableCreateNamesTheFieldAndWritesNothing) {
  v1::CreateCandidateRequest request;
  *request.mutable_candidate() = ValidCandidate();
  request.mutable_candidate()->set_display_name("Ka\xff\xfe-Naam");
  v1::Candidate created;
  const grpc::Status status =
      candidates_->CreateCandidate(Context().get(), request, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("not valid UTF-8"));
  EXPECT_THAT(ViolatedFields(status),
              ::testing::ElementsAre("candidate.display_name"));
  EXPECT_THAT(status.error_message(), ::testing::Not(HasSubstr("Naam")));
  EXPECT_EQ(CandidateCount(), 0);

  // Without a key the caller learns nothing beyond that.
  auto keyless = v1::CandidateService::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                          grpc::InsecureChannelCredentials()));
  EXPECT_EQ(
      keyless->CreateCandidate(Context().get(), request, &created).error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(RawRequestTest, AnImportReportsARecordThatDoesNotParseAndGoesOn) {
  std::vector<std::string> messages;
  for (int i = 0; i < 5; ++i) {
    v1::ImportCandidatesRequest request;
    v1::Candidate* c = request.add_candidates();
    *c = ValidCandidate();
    c->set_external_ref(absl::StrCat("raw-", i));
    if (i == 2) c->set_display_name("Ka\xff\xfe");
    messages.push_back(Serialized(request));
  }
  std::string reply;
  const grpc::Status status =
      Stream("/passend.v1.CandidateService/ImportCandidates", messages, &reply);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::ImportSummary summary;
  ASSERT_TRUE(summary.ParseFromString(reply));
  EXPECT_EQ(summary.received(), 5);
  EXPECT_EQ(summary.created(), 4);
  EXPECT_EQ(summary.failed(), 1);
  ASSERT_EQ(summary.errors_size(), 1);
  EXPECT_EQ(summary.errors(0).index(), 2);
  EXPECT_EQ(summary.errors(0).code(), grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_EQ(summary.errors(0).field_violations_size(), 1);
  EXPECT_EQ(summary.errors(0).field_violations(0).field(), "display_name");
  EXPECT_EQ(CandidateCount(), 4);

  // Vacancies alike, with two records in one message.
  v1::ImportVacanciesRequest vacancies;
  for (int i = 0; i < 2; ++i) {
    v1::Vacancy* v = vacancies.add_vacancies();
    *v = ValidVacancy();
    v->set_external_ref(absl::StrCat("raw-vacancy-", i));
  }
  vacancies.mutable_vacancies(0)->set_title("Bak\xff");
  ASSERT_TRUE(Stream("/passend.v1.VacancyService/ImportVacancies",
                     {Serialized(vacancies)}, &reply)
                  .ok());
  ASSERT_TRUE(summary.ParseFromString(reply));
  EXPECT_EQ(summary.received(), 2);
  EXPECT_EQ(summary.created(), 1);
  ASSERT_EQ(summary.errors_size(), 1);
  EXPECT_EQ(summary.errors(0).index(), 0);
  EXPECT_EQ(summary.errors(0).field_violations(0).field(), "title");
}

TEST_F(RawRequestTest, ABrokenMessageEndsTheStreamSayingWhatWasWritten) {
  std::vector<std::string> messages;
  for (int i = 0; i < 4; ++i) {
    v1::ImportCandidatesRequest request;
    *request.add_candidates() = ValidCandidate();
    request.mutable_candidates(0)->set_external_ref(absl::StrCat("cut-", i));
    messages.push_back(Serialized(request));
  }
  // Message 1 holds a record that does not parse: its error must not be
  // lost when the stream fails later.
  {
    v1::ImportCandidatesRequest request;
    *request.add_candidates() = ValidCandidate();
    request.mutable_candidates(0)->set_external_ref("cut-1");
    request.mutable_candidates(0)->set_notes("\xff");
    messages[1] = Serialized(request);
  }
  messages[2] = kCutShort;
  std::string reply;
  const grpc::Status status =
      Stream("/passend.v1.CandidateService/ImportCandidates", messages, &reply);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("message 2 of the stream"));
  EXPECT_THAT(status.error_message(), HasSubstr("1 created"));
  EXPECT_EQ(CandidateCount(), 1);  // the good one before it; none after
  // The summary so far rides in the status details.
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  v1::ImportSummary summary;
  for (const auto& detail : details.details()) {
    if (detail.Is<v1::ImportSummary>()) detail.UnpackTo(&summary);
  }
  EXPECT_EQ(summary.received(), 2);
  EXPECT_EQ(summary.created(), 1);
  ASSERT_EQ(summary.errors_size(), 1);
  EXPECT_EQ(summary.errors(0).index(), 1);
  EXPECT_EQ(summary.errors(0).external_ref(), "");  // not parsed: unknown
  ASSERT_EQ(summary.errors(0).field_violations_size(), 1);
  EXPECT_EQ(summary.errors(0).field_violations(0).field(), "notes");
}

// The diagnosis itself: paths into repeated and nested fields.
TEST(RequestParseTest, NamesTheFieldAtFault) {
  v1::ImportCandidatesRequest request;
  *request.add_candidates() = ValidCandidate();
  *request.add_candidates() = ValidCandidate();
  request.mutable_candidates(1)->mutable_contact()->set_email("a\xc3");
  const std::string bytes = Serialized(request);
  ASSERT_FALSE(v1::ImportCandidatesRequest().ParseFromString(bytes));
  const absl::Status status = services::UnparsableMessage(
      *v1::ImportCandidatesRequest::descriptor(), bytes, "request.");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(
      status.message(),
      HasSubstr("request.candidates[1].contact.email: not valid UTF-8"));

  absl::StatusOr<std::vector<absl::string_view>> records =
      services::SplitRecords(bytes, 1);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 2u);
  EXPECT_TRUE(v1::Candidate().ParseFromArray((*records)[0].data(),
                                             (*records)[0].size()));
  EXPECT_FALSE(v1::Candidate().ParseFromArray((*records)[1].data(),
                                              (*records)[1].size()));
  EXPECT_FALSE(services::SplitRecords(kCutShort, 1).ok());
  // A zero tag or a tag cut short after the records is no clean end.
  EXPECT_FALSE(
      services::SplitRecords(std::string("\x0a\x02ok\x00", 5), 1).ok());
  EXPECT_FALSE(
      services::SplitRecords(std::string("\x0a\x02ok\x80", 5), 1).ok());
  EXPECT_TRUE(services::SplitRecords(std::string("\x0a\x02ok", 4), 1).ok());
  EXPECT_THAT(
      services::UnparsableMessage(*v1::Candidate::descriptor(), kCutShort)
          .message(),
      HasSubstr("could not be parsed as passend.v1.Candidate"));
}

}  // namespace
}  // namespace passend::testing
