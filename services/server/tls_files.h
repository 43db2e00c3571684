// The server's TLS files: certificate chain, private key and, for mutual
// TLS, the client CAs. Read and checked at start, and again at Reload
// (SIGHUP), so that a renewed certificate is served without a restart and
// without ending a connection or a call: connections made before keep the
// certificate they were made with.
//
// gRPC 1.51 offers no way to hand new key material to a running server
// (StaticDataCertificateProvider is fixed; the provider interface is gRPC
// core's), only FileWatcherCertificateProvider, which reads files every
// interval. Pointed at the operator's files, it would take a certificate
// half-copied, or a new certificate with the old key, whenever it happened
// to read. So it watches in-memory files of this class's own (memfd,
// /proc/self/fd/N), which change only when Reload has read the operator's
// files and found a key matching its certificate: the operator decides when
// (SIGHUP), a bad pair changes nothing, and key material is never copied
// to disk. The watcher takes what Reload staged within kRefreshSeconds.
#ifndef PASSEND_SERVICES_SERVER_TLS_FILES_H_
#define PASSEND_SERVICES_SERVER_TLS_FILES_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/security/server_credentials.h"

namespace passend::services {

class TlsFiles {
 public:
  // How often gRPC's watcher reads the staged files (its smallest interval).
  static constexpr int kRefreshSeconds = 1;

  // Reads `cert_file` (PEM chain, the server's certificate first),
  // `key_file` (PEM private key) and, unless empty, `client_ca_file` (PEM
  // CA certificates whose client certificates are required). Errors name
  // the file and what is wrong with it, never its contents.
  static absl::StatusOr<std::unique_ptr<TlsFiles>> Load(
      std::string cert_file, std::string key_file, std::string client_ca_file);
  ~TlsFiles();
  TlsFiles(const TlsFiles&) = delete;
  TlsFiles& operator=(const TlsFiles&) = delete;

  // Credentials for the gRPC port that follow Reload.
  std::shared_ptr<grpc::ServerCredentials> GrpcCredentials();

  // The staged files, for a listener that reads PEM files itself (the
  // HTTP door) when it starts and after Reload: the private key followed
  // by the chain, and the client CAs (empty without).
  std::string identity_path();
  std::string client_ca_path();

  // Reads the files again; on success new connections get the new
  // certificate (and client CAs) within kRefreshSeconds. Files that do not
  // parse, or a key that is not the certificate's, change nothing
  // (INVALID_ARGUMENT naming the file).
  absl::Status Reload();

 private:
  // An in-memory file whose path stays the same while its contents are
  // replaced at once (a new memfd moved onto the same descriptor number).
  struct StagedFile {
    int fd = -1;
    int64_t mtime = 0;
    std::string Path() const;
  };
  TlsFiles(std::string cert_file, std::string key_file,
           std::string client_ca_file);
  absl::Status Stage(StagedFile& file, const std::string& contents)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string cert_file_;
  const std::string key_file_;
  const std::string client_ca_file_;
  absl::Mutex mu_;
  // The private key followed by the chain, in one file, read by gRPC both
  // as key and as chain: one replacement changes both together.
  StagedFile identity_ ABSL_GUARDED_BY(mu_);
  StagedFile client_ca_ ABSL_GUARDED_BY(mu_);
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_SERVER_TLS_FILES_H_
