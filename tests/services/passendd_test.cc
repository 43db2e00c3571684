// passendd is closed by default: without API keys it refuses to start
// unless unauthenticated calls are allowed explicitly, which it says at
// every start, and never with TLS.
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/file.h"
#include "common/version.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "passend/v1/taxonomy.grpc.pb.h"
#include "services/server/server.h"
#include "tests/services/server_fixture.h"
#include "tests/services/server_process.h"
#include "tests/services/test_pki.h"
#include "tests/test_util.h"

namespace passend::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

grpc::Status TaxonomyCall(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  v1::Taxonomy taxonomy;
  return v1::TaxonomyService::NewStub(channel)->GetTaxonomy(
      &context, v1::GetTaxonomyRequest(), &taxonomy);
}

TEST(PassenddTest, WithoutKeysItRefusesToStart) {
  TempDir dir;
  ServerProcess server(PASSENDD, dir.path(), /*admin_key=*/false);
  EXPECT_FALSE(server.Start());
  EXPECT_EQ(server.exit_code(), 2);
  EXPECT_THAT(server.Log(), HasSubstr("--keys_file is required"));
}

TEST(PassenddTest, VersionIsTheProjects) {
  TempDir dir;
  ServerProcess server(PASSENDD, dir.path(), /*admin_key=*/false,
                       {"--version"});
  EXPECT_FALSE(server.Start());
  EXPECT_EQ(server.exit_code(), 0);
  EXPECT_THAT(server.Log(), HasSubstr(VersionLine("passendd")));
}

TEST(PassenddTest, UnauthenticatedIsNeverAllowedWithTls) {
  TempDir dir;
  ServerProcess server(PASSENDD, dir.path(), /*admin_key=*/false,
                       {"--insecure_allow_unauthenticated",
                        "--tls_cert=" + dir.path() + "/cert.pem",
                        "--tls_key=" + dir.path() + "/key.pem"});
  EXPECT_FALSE(server.Start());
  EXPECT_EQ(server.exit_code(), 2);
  EXPECT_THAT(server.Log(), HasSubstr("--keys_file is required"));
}

TEST(PassenddTest, AnExplicitOpeningIsLoggedAtEveryStart) {
  TempDir dir;
  ServerProcess server(PASSENDD, dir.path(), /*admin_key=*/false,
                       {"--insecure_allow_unauthenticated"});
  for (int start = 0; start < 2; ++start) {
    ASSERT_TRUE(server.Start()) << server.Log();
    EXPECT_THAT(server.Log(),
                HasSubstr("INSECURE: --insecure_allow_unauthenticated"));
    EXPECT_TRUE(TaxonomyCall(server.Channel()).ok());
    server.Signal(SIGTERM);
  }
}

TEST(PassenddTest, WithKeysACallWithoutOneIsRefused) {
  TempDir dir;
  ServerProcess server(PASSENDD, dir.path());
  ASSERT_TRUE(server.Start()) << server.Log();
  EXPECT_THAT(server.Log(), Not(HasSubstr("WITHOUT AUTHENTICATION")));
  EXPECT_TRUE(TaxonomyCall(server.Channel()).ok());
  const std::shared_ptr<grpc::Channel> keyless =
      grpc::CreateChannel("127.0.0.1:" + std::to_string(server.port()),
                          grpc::InsecureChannelCredentials());
  EXPECT_EQ(TaxonomyCall(keyless).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

// SIGHUP reads the key file again: a key added works, and one removed stops
// working, without a restart; a file that does not parse is not taken.
TEST(PassenddTest, SighupReadsTheKeyFileAgain) {
  TempDir dir;
  ServerProcess server(PASSENDD, dir.path());
  ASSERT_TRUE(server.Start()) << server.Log();
  const std::string target = "127.0.0.1:" + std::to_string(server.port());
  const std::string added = WriteAdminKeyFile(server.keys_file());
  EXPECT_EQ(TaxonomyCall(KeyedChannel(target, added)).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // Until the server has read the file again, the new key is refused; a
  // few tries give the signal time to arrive.
  const auto status_within_seconds = [&](const std::string& key,
                                         grpc::StatusCode wanted) {
    grpc::StatusCode code = grpc::StatusCode::UNKNOWN;
    for (int tries = 0; tries < 100 && code != wanted; ++tries) {
      code = TaxonomyCall(KeyedChannel(target, key)).error_code();
      if (code != wanted) absl::SleepFor(absl::Milliseconds(50));
    }
    return code;
  };
  server.Notify(SIGHUP);
  EXPECT_EQ(status_within_seconds(added, grpc::StatusCode::OK),
            grpc::StatusCode::OK);
  EXPECT_THAT(server.Log(), HasSubstr("key file read again"));
  EXPECT_THAT(server.Log(), Not(HasSubstr(added)));

  // A line that does not parse: the keys stay as they were.
  std::ofstream(server.keys_file(), std::ios::app) << "broken line\n";
  server.Notify(SIGHUP);
  for (int tries = 0;
       tries < 100 && server.Log().find("keys unchanged") == std::string::npos;
       ++tries) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_THAT(server.Log(), HasSubstr("keys unchanged"));
  EXPECT_TRUE(TaxonomyCall(KeyedChannel(target, added)).ok());

  // Only the first (the server's own admin) key left.
  std::string first;
  std::getline(std::ifstream(server.keys_file()), first);
  std::ofstream(server.keys_file(), std::ios::trunc) << first << "\n";
  server.Notify(SIGHUP);
  EXPECT_EQ(status_within_seconds(added, grpc::StatusCode::UNAUTHENTICATED),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(TaxonomyCall(server.Channel()).ok());
}

// Under a Type=notify unit passendd tells systemd through $NOTIFY_SOCKET
// that it serves, that a reload begins and ends, and that it stops. The
// socket here is the test's, standing in for systemd's.
TEST(PassenddTest, TellsSystemdWhenItServesReloadsAndStops) {
  TempDir dir;
  const int socket_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(socket_fd, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string path = dir.path() + "/notify";
  ASSERT_LT(path.size(), sizeof(address.sun_path));
  path.copy(address.sun_path, path.size());
  ASSERT_EQ(bind(socket_fd, reinterpret_cast<const sockaddr*>(&address),
                 sizeof(address)),
            0);
  const timeval wait{10, 0};
  setsockopt(socket_fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait));
  // The next message, "" after 10 s without one.
  const auto received = [&] {
    char buffer[512];
    const ssize_t n = recv(socket_fd, buffer, sizeof(buffer), 0);
    return n > 0 ? std::string(buffer, n) : std::string();
  };

  ServerProcess server(PASSENDD, dir.path());
  setenv("NOTIFY_SOCKET", path.c_str(), 1);
  const bool started = server.Start();
  unsetenv("NOTIFY_SOCKET");
  ASSERT_TRUE(started) << server.Log();
  EXPECT_THAT(received(), HasSubstr("READY=1"));
  server.Notify(SIGHUP);
  EXPECT_EQ(received(), "RELOADING=1");
  EXPECT_EQ(received(), "READY=1");
  server.Notify(SIGTERM);
  EXPECT_EQ(received(), "STOPPING=1");
  server.Signal(SIGTERM);
  close(socket_fd);
}

// SIGHUP reads the TLS files again: after the certificate and key are
// replaced by ones of another CA, a client trusting only the new CA
// connects, one trusting only the old CA no longer does, and a call begun
// before the reload goes on over its connection. A key that is not the
// certificate's changes nothing.
TEST(PassenddTest, SighupServesTheNewCertificate) {
  TempDir dir;
  const std::string old_pki = dir.path() + "/old";
  const std::string new_pki = dir.path() + "/new";
  std::filesystem::create_directory(old_pki);
  std::filesystem::create_directory(new_pki);
  ASSERT_OK(MakeTestPki(old_pki));
  ASSERT_OK(MakeTestPki(new_pki));
  const std::string cert = dir.path() + "/server.pem";
  const std::string key = dir.path() + "/server.key";
  // Replaced as an operator would: a new file moved over the old one.
  const auto install = [](const std::string& from, const std::string& to) {
    std::filesystem::copy_file(
        from, to + ".new", std::filesystem::copy_options::overwrite_existing);
    std::filesystem::rename(to + ".new", to);
  };
  install(old_pki + "/server.pem", cert);
  install(old_pki + "/server.key", key);
  ServerProcess server(PASSENDD, dir.path(), /*admin_key=*/true,
                       {"--tls_cert=" + cert, "--tls_key=" + key});
  ASSERT_TRUE(server.Start()) << server.Log();

  // A channel of its own (not sharing connections with other channels)
  // trusting only the CA in `pki`.
  const auto channel_trusting = [&](const std::string& pki) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = *ReadFile(pki + "/ca.pem");
    grpc::ChannelArguments arguments;
    arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    return KeyedChannel(absl::StrCat("localhost:", server.port()),
                        server.admin_key(), grpc::SslCredentials(ssl),
                        arguments);
  };
  // Whether a new connection trusting `pki` gets `wanted` within 10 s (the
  // server takes new files within a second of the signal).
  const auto new_connections_get = [&](const std::string& pki,
                                       grpc::StatusCode wanted) {
    grpc::StatusCode code = grpc::StatusCode::UNKNOWN;
    for (int tries = 0; tries < 100 && code != wanted; ++tries) {
      code = TaxonomyCall(channel_trusting(pki)).error_code();
      if (code != wanted) absl::SleepFor(absl::Milliseconds(100));
    }
    return code;
  };
  const std::shared_ptr<grpc::Channel> before = channel_trusting(old_pki);
  ASSERT_TRUE(TaxonomyCall(before).ok());
  EXPECT_EQ(TaxonomyCall(channel_trusting(new_pki)).error_code(),
            grpc::StatusCode::UNAVAILABLE);

  // An import stream open across the reload.
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(60));
  v1::ImportSummary summary;
  auto import = v1::CandidateService::NewStub(before)->ImportCandidates(
      &context, &summary);
  v1::ImportCandidatesRequest batch;
  *batch.add_candidates() = ValidCandidate();
  batch.mutable_candidates(0)->set_external_ref("before-the-reload");
  ASSERT_TRUE(import->Write(batch));

  install(new_pki + "/server.pem", cert);
  install(new_pki + "/server.key", key);
  server.Notify(SIGHUP);
  EXPECT_EQ(new_connections_get(new_pki, grpc::StatusCode::OK),
            grpc::StatusCode::OK);
  EXPECT_EQ(new_connections_get(old_pki, grpc::StatusCode::UNAVAILABLE),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(server.Log(), HasSubstr("TLS files read again"));

  batch.mutable_candidates(0)->set_external_ref("after-the-reload");
  ASSERT_TRUE(import->Write(batch));
  import->WritesDone();
  const grpc::Status imported = import->Finish();
  ASSERT_TRUE(imported.ok()) << imported.error_message();
  EXPECT_EQ(summary.created(), 2);
  EXPECT_TRUE(TaxonomyCall(before).ok());

  // The old CA's key with the new certificate: refused, the new pair stays.
  install(old_pki + "/server.key", key);
  server.Notify(SIGHUP);
  for (int tries = 0;
       tries < 100 && server.Log().find("TLS unchanged") == std::string::npos;
       ++tries) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_THAT(server.Log(),
              HasSubstr("TLS unchanged: " + key +
                        ": not the key of the certificate in the chain"));
  absl::SleepFor(absl::Seconds(2));  // past the server's refresh
  EXPECT_TRUE(TaxonomyCall(channel_trusting(new_pki)).ok());
}

// The same rule for a server embedded in another program.
TEST(PassenddTest, AnEmbeddedServerIsClosedByDefaultToo) {
  TempDir dir;
  services::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.data_dir = dir.path() + "/data";
  absl::StatusOr<std::unique_ptr<services::Server>> refused =
      services::Server::Start(options);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition)
      << refused.status();

  options.allow_unauthenticated = true;
  options.tls_cert_file = dir.path() + "/cert.pem";
  options.tls_key_file = dir.path() + "/key.pem";
  refused = services::Server::Start(options);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition)
      << refused.status();

  options.tls_cert_file.clear();
  options.tls_key_file.clear();
  options.listen = "0.0.0.0:0";  // reachable from other hosts
  refused = services::Server::Start(options);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition)
      << refused.status();

  options.listen = "127.0.0.1:0";
  std::unique_ptr<services::Server> open =
      ValueOrDie(services::Server::Start(options));
  EXPECT_TRUE(TaxonomyCall(grpc::CreateChannel(
                               "127.0.0.1:" + std::to_string(open->port()),
                               grpc::InsecureChannelCredentials()))
                  .ok());
  open->Shutdown(absl::Seconds(1));
}

}  // namespace
}  // namespace passend::testing
