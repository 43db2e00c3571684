// A real passend server on 127.0.0.1 (port 0) over a fresh RocksDB in a temp
// directory, with real gRPC stubs.
#ifndef PASSEND_TESTS_SERVICES_SERVER_FIXTURE_H_
#define PASSEND_TESTS_SERVICES_SERVER_FIXTURE_H_

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/notification.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "passend/v1/candidate.grpc.pb.h"
#include "passend/v1/taxonomy.grpc.pb.h"
#include "passend/v1/vacancy.grpc.pb.h"
#include "services/server/server.h"
#include "tests/test_util.h"

namespace passend::testing {

// The full name of every passend.v1 service the server offers.
const std::vector<std::string>& PassendServices();
// The number of methods they have together.
size_t PassendMethodCount();

class ServerFixture : public ::testing::Test {
 protected:
  void SetUp() override { StartServer(); }
  void TearDown() override { StopServer(); }

  // Starts (or restarts) the server on the fixture's data directory.
  void StartServer(
      std::shared_ptr<const services::Authorizer> authorizer = nullptr);
  // With these options, listening on 127.0.0.1:0 over data_dir(). Options
  // naming no authorizer, key file or explicit opening get the fixture's
  // admin key file, and the fixture's channel sends its key (admin_key()).
  void StartServerWith(services::ServerOptions options);
  void StopServer();

  // A client context with a 10 s deadline.
  static std::unique_ptr<grpc::ClientContext> Context();

  std::string data_dir() const { return dir_.path() + "/data"; }
  // The admin key the fixture's channel sends ("" when the test chose its
  // own authorization).
  const std::string& admin_key() const { return admin_key_; }

  TempDir dir_;
  std::string admin_key_;
  std::unique_ptr<services::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::CandidateService::Stub> candidates_;
  std::unique_ptr<v1::VacancyService::Stub> vacancies_;
  std::unique_ptr<v1::TaxonomyService::Stub> taxonomy_;
};

// Occupies every thread of a server's call executor until Release() or
// destruction, so that admitted calls wait in its queue.
class BusyExecutor {
 public:
  // Returns once every thread is busy.
  explicit BusyExecutor(services::CallExecutor& executor);
  ~BusyExecutor() { Release(); }
  void Release();

 private:
  // Shared, since the executor's threads may still be waiting when the
  // test ends.
  struct Hold {
    absl::Notification release;
    std::atomic<int> busy{0};
  };
  std::shared_ptr<Hold> hold_ = std::make_shared<Hold>();
};

// A new admin API key, written (hashed) to a key file `path`; the key.
std::string WriteAdminKeyFile(const std::string& path);

// A channel to `target` whose calls carry `authorization: Bearer <key>`
// unless a call sets its own authorization metadata; plaintext unless
// `credentials` say otherwise.
std::shared_ptr<grpc::Channel> KeyedChannel(
    const std::string& target, const std::string& key,
    std::shared_ptr<grpc::ChannelCredentials> credentials =
        grpc::InsecureChannelCredentials(),
    const grpc::ChannelArguments& arguments = grpc::ChannelArguments());

// The detail of type `Detail` (a google.rpc.BadRequest, ...) carried in a
// failed call's details (empty when none).
template <typename Detail>
Detail DetailOf(const grpc::Status& status) {
  Detail found;
  google::rpc::Status rpc_status;
  if (!rpc_status.ParseFromString(status.error_details())) return found;
  for (const auto& detail : rpc_status.details()) {
    if (detail.Is<Detail>()) detail.UnpackTo(&found);
  }
  return found;
}
inline google::rpc::BadRequest BadRequestOf(const grpc::Status& status) {
  return DetailOf<google::rpc::BadRequest>(status);
}
// The field names of BadRequestOf(status).
std::vector<std::string> ViolatedFields(const grpc::Status& status);

// A complete, valid candidate and vacancy (real codes).
v1::Candidate ValidCandidate();
v1::Vacancy ValidVacancy();

}  // namespace passend::testing

#endif  // PASSEND_TESTS_SERVICES_SERVER_FIXTURE_H_
