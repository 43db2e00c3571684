// TLS on the listening port and mutual TLS, through a real server on
// 127.0.0.1 with certificates made for the test (by the openssl tool).
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/file.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "services/access/key_store.h"
#include "tests/services/raw_connection.h"
#include "tests/services/server_fixture.h"
#include "tests/services/test_pki.h"
#include "tests/test_util.h"

namespace passend::testing {
namespace {

class TlsTest : public ServerFixture {
 protected:
  void SetUp() override {
    dir = dir_.path();
    // A CA, a server certificate for localhost and 127.0.0.1, and client
    // certificates for a principal of the key file and for a stranger.
    ASSERT_OK(MakeTestPki(dir));
    ASSERT_OK(MakeClientCertificate(dir, "ops", "ops"));
    ASSERT_OK(MakeClientCertificate(dir, "stranger", "stranger"));

    std::ofstream keys(dir + "/keys");
    keys << services::KeyFileLine(services::HashApiKey(services::NewApiKey()),
                                  {"ops", services::Role::kAdmin, {}, ""})
         << "\n";
    wsp_key_ = services::NewApiKey();
    keys << services::KeyFileLine(
                services::HashApiKey(wsp_key_),
                {"wsp-amersfoort", services::Role::kWsp, {"AM14"}, ""})
         << "\n";
  }
  void TearDown() override { StopServer(); }

  void StartTls(bool mutual) {
    services::ServerOptions options = TestPkiServerOptions(dir, mutual);
    options.http_connections.request_deadline = absl::Seconds(2);
    options.keys_file = dir + "/keys";
    options.http_listen = "127.0.0.1:0";
    StartServerWith(std::move(options));
  }

  // A channel to the server: TLS trusting the test CA, presenting the
  // client certificate `client` ("" for none); or plaintext.
  std::unique_ptr<v1::TaxonomyService::Stub> Stub(bool tls,
                                                  const std::string& client) {
    std::shared_ptr<grpc::ChannelCredentials> credentials =
        grpc::InsecureChannelCredentials();
    if (tls) {
      grpc::SslCredentialsOptions ssl;
      ssl.pem_root_certs = *ReadFile(dir + "/ca.pem");
      if (!client.empty()) {
        ssl.pem_private_key = *ReadFile(dir + "/" + client + ".key");
        ssl.pem_cert_chain = *ReadFile(dir + "/" + client + ".pem");
      }
      credentials = grpc::SslCredentials(ssl);
    }
    return v1::TaxonomyService::NewStub(grpc::CreateChannel(
        absl::StrCat("localhost:", server_->port()), credentials));
  }

  grpc::StatusCode Call(v1::TaxonomyService::Stub& stub,
                        const std::string& key = "") {
    auto context = Context();
    if (!key.empty()) context->AddMetadata("authorization", "Bearer " + key);
    v1::Taxonomy taxonomy;
    return stub.GetTaxonomy(context.get(), v1::GetTaxonomyRequest(), &taxonomy)
        .error_code();
  }

  // An HTTPS client of the door trusting the test CA (or the CAs in
  // `ca_file`), presenting the client certificate `client` ("" for none).
  std::unique_ptr<httplib::SSLClient> Https(const std::string& client,
                                            const std::string& ca_file = "") {
    auto https = client.empty() ? std::make_unique<httplib::SSLClient>(
                                      "localhost", server_->http_port())
                                : std::make_unique<httplib::SSLClient>(
                                      "localhost", server_->http_port(),
                                      dir + "/" + client + ".pem",
                                      dir + "/" + client + ".key");
    https->set_ca_cert_path(
        (ca_file.empty() ? dir + "/ca.pem" : ca_file).c_str());
    https->enable_server_certificate_verification(true);
    return https;
  }

  std::string dir;
  std::string wsp_key_;
};

// A Connect call of GetTaxonomy with `headers`; the HTTP status, or -1 when
// there was no answer.
template <typename Client>
int HttpCall(Client& client, httplib::Headers headers) {
  headers.emplace("Connect-Protocol-Version", "1");
  httplib::Result result =
      client.Post("/passend.v1.TaxonomyService/GetTaxonomy", headers, "{}",
                  "application/json");
  return result ? result->status : -1;
}

TEST_F(TlsTest, TlsServesKeysAndRefusesPlaintext) {
  StartTls(/*mutual=*/false);
  EXPECT_EQ(Call(*Stub(true, ""), wsp_key_), grpc::StatusCode::OK);
  EXPECT_EQ(Call(*Stub(true, "")), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Call(*Stub(false, ""), wsp_key_), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, AClientCertificateStandsForItsPrincipal) {
  StartTls(/*mutual=*/true);
  // The certificate of principal "ops" (admin), without a key.
  auto ops = Stub(true, "ops");
  EXPECT_EQ(Call(*ops), grpc::StatusCode::OK);
  auto candidates = v1::CandidateService::NewStub(
      grpc::CreateChannel(absl::StrCat("localhost:", server_->port()), [&] {
        grpc::SslCredentialsOptions ssl;
        ssl.pem_root_certs = *ReadFile(dir + "/ca.pem");
        ssl.pem_private_key = *ReadFile(dir + "/stranger.key");
        ssl.pem_cert_chain = *ReadFile(dir + "/stranger.pem");
        return grpc::SslCredentials(ssl);
      }()));
  v1::ListCandidatesResponse listed;
  // A valid certificate naming no principal authenticates no one.
  EXPECT_EQ(candidates
                ->ListCandidates(Context().get(), v1::ListCandidatesRequest(),
                                 &listed)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // A key still decides when one is sent.
  EXPECT_EQ(Call(*Stub(true, "stranger"), wsp_key_), grpc::StatusCode::OK);
  // No certificate, or no TLS: no connection.
  EXPECT_EQ(Call(*Stub(true, ""), wsp_key_), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Call(*Stub(false, ""), wsp_key_), grpc::StatusCode::UNAVAILABLE);
}

// The HTTP door speaks HTTPS with the same certificate, and a session
// cookie is sent back only over HTTPS.
TEST_F(TlsTest, TheHttpDoorSpeaksHttpsWithSecureCookies) {
  StartTls(/*mutual=*/false);
  ASSERT_GT(server_->http_port(), 0);
  auto https = Https("");
  httplib::Result signed_in =
      https->Post("/session", {{"Authorization", "Bearer " + wsp_key_}}, "",
                  "application/json");
  ASSERT_TRUE(signed_in);
  ASSERT_EQ(signed_in->status, 200) << signed_in->body;
  const std::string set = signed_in->get_header_value("Set-Cookie");
  EXPECT_NE(set.find("; Secure"), std::string::npos);
  EXPECT_EQ(HttpCall(*https, {{"Cookie", set.substr(0, set.find(';'))}}), 200);
  EXPECT_EQ(HttpCall(*https, {}), 401);
  // Plain HTTP gets no answer on the HTTPS port.
  httplib::Client plain("127.0.0.1", server_->http_port());
  EXPECT_EQ(HttpCall(plain, {{"Authorization", "Bearer " + wsp_key_}}), -1);
}

TEST_F(TlsTest, TheHttpDoorRequiresAClientCertificateWhenMutual) {
  StartTls(/*mutual=*/true);
  const httplib::Headers key = {{"Authorization", "Bearer " + wsp_key_}};
  EXPECT_EQ(HttpCall(*Https("stranger"), key), 200);
  EXPECT_EQ(HttpCall(*Https(""), key), -1);
}

// A TLS handshake sent a byte at a time gets no more time than a request:
// OpenSSL never waits on such a client past the deadline.
TEST_F(TlsTest, ASlowHandshakeIsCutOff) {
  StartTls(/*mutual=*/false);
  RawConnection slow(server_->http_port());
  ASSERT_TRUE(slow.connected());
  // The start of a ClientHello record, dripped well past the 2 s deadline.
  const std::string hello("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11);
  bool cut = false;
  for (size_t sent = 0; sent < hello.size() && !cut; ++sent) {
    slow.Send(hello.substr(sent, 1));
    for (int tenth = 0; tenth < 5 && !cut; ++tenth) {
      absl::SleepFor(absl::Milliseconds(100));
      cut = slow.ClosedByServer();
    }
  }
  EXPECT_TRUE(cut);
  EXPECT_EQ(HttpCall(*Https(""), {{"Authorization", "Bearer " + wsp_key_}}),
            200);
}

// A reload (passendd's SIGHUP) serves new certificate and key files to new
// HTTPS connections too; a key that is not the certificate's changes
// nothing. (passendd_test checks the gRPC port and calls in flight.)
TEST_F(TlsTest, AReloadServesTheNewCertificateOverHttpsToo) {
  StartTls(/*mutual=*/false);
  const httplib::Headers key = {{"Authorization", "Bearer " + wsp_key_}};
  const std::string other = dir + "/other";
  std::filesystem::create_directory(other);
  ASSERT_OK(MakeTestPki(other));
  const auto copy = [](const std::string& from, const std::string& to) {
    std::filesystem::copy_file(
        from, to, std::filesystem::copy_options::overwrite_existing);
  };
  copy(dir + "/server.key", dir + "/first.key");
  copy(other + "/server.pem", dir + "/server.pem");
  copy(other + "/server.key", dir + "/server.key");
  ASSERT_OK(server_->ReloadTls());
  EXPECT_EQ(HttpCall(*Https("", other + "/ca.pem"), key), 200);
  EXPECT_EQ(HttpCall(*Https(""), key), -1);

  copy(dir + "/first.key", dir + "/server.key");
  EXPECT_EQ(server_->ReloadTls().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(HttpCall(*Https("", other + "/ca.pem"), key), 200);
}

}  // namespace
}  // namespace passend::testing
