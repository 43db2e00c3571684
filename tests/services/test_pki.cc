#include "tests/services/test_pki.h"

#include <fstream>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "tests/test_util.h"

namespace passend::testing {

namespace {

// Runs `command`, an openssl call, returning an error that says which call
// failed and why (openssl explains itself on stderr).
absl::Status Run(const std::string& command) {
  CommandRun run = RunCommand(command);
  if (run.exit_code == 0) return absl::OkStatus();
  return absl::InternalError(
      absl::StrCat(command, " exited with ", run.exit_code, ":\n", run.out));
}

// A new key `name`.key and a certificate `name`.pem for /CN=`common_name`,
// signed by the CA in `dir`; `options` are more `openssl x509` options.
absl::Status Certificate(const std::string& dir, const std::string& name,
                         const std::string& common_name,
                         const std::string& options) {
  const std::string path = absl::StrCat(dir, "/", name);
  RETURN_IF_ERROR(Run(absl::StrCat(
      "openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
      "-keyout ",
      path, ".key -out ", path, ".csr -subj /CN=", common_name)));
  return Run(absl::StrCat(
      "openssl x509 -req -in ", path, ".csr -CA ", dir, "/ca.pem -CAkey ", dir,
      "/ca.key -CAcreateserial -days 2 -out ", path, ".pem ", options));
}

}  // namespace

absl::Status MakeTestPki(const std::string& dir) {
  RETURN_IF_ERROR(Run(absl::StrCat(
      "openssl req -x509 -newkey ec -pkeyopt "
      "ec_paramgen_curve:prime256v1 -nodes -keyout ",
      dir, "/ca.key -out ", dir, "/ca.pem -days 2 -subj /CN=test-ca")));
  // Clients dial 127.0.0.1 or localhost; either must match the certificate.
  std::ofstream(dir + "/san.ext")
      << "subjectAltName=DNS:localhost,IP:127.0.0.1\n";
  return Certificate(dir, "server", "localhost",
                     absl::StrCat("-extfile ", dir, "/san.ext"));
}

absl::Status MakeClientCertificate(const std::string& dir,
                                   const std::string& name,
                                   const std::string& common_name) {
  return Certificate(dir, name, common_name, "");
}

services::ServerOptions TestPkiServerOptions(const std::string& dir,
                                             bool mutual) {
  services::ServerOptions options;
  options.tls_cert_file = dir + "/server.pem";
  options.tls_key_file = dir + "/server.key";
  if (mutual) options.tls_client_ca_file = dir + "/ca.pem";
  return options;
}

}  // namespace passend::testing
