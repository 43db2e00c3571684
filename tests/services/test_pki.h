// Throw-away certificates for TLS tests, made in a test's directory by the
// openssl tool. A failure names the openssl command and what it printed.
#ifndef PASSEND_TESTS_SERVICES_TEST_PKI_H_
#define PASSEND_TESTS_SERVICES_TEST_PKI_H_

#include <string>

#include "absl/status/status.h"
#include "services/server/server.h"

namespace passend::testing {

// In `dir`: a CA (ca.pem, ca.key) and a server certificate it signed for
// localhost and 127.0.0.1 (server.pem, server.key).
absl::Status MakeTestPki(const std::string& dir);

// In `dir`, signed by the CA of MakeTestPki(dir): a client certificate for
// /CN=`common_name` (`name`.pem, `name`.key).
absl::Status MakeClientCertificate(const std::string& dir,
                                   const std::string& name,
                                   const std::string& common_name);

// Server options serving TLS with the server certificate of MakeTestPki(dir);
// with `mutual`, clients must present a certificate its CA signed.
services::ServerOptions TestPkiServerOptions(const std::string& dir,
                                             bool mutual);

}  // namespace passend::testing

#endif  // PASSEND_TESTS_SERVICES_TEST_PKI_H_
