#include "services/server/tls_files.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/file.h"
#include "common/status_macros.h"
#include "grpcpp/security/tls_certificate_provider.h"
#include "grpcpp/security/tls_credentials_options.h"

namespace passend::services {

namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* x509) const { X509_free(x509); }
};
struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};

std::unique_ptr<BIO, BioFree> Bio(const std::string& pem) {
  return std::unique_ptr<BIO, BioFree>(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

// The first certificate of `pem`, or null.
std::unique_ptr<X509, X509Free> FirstCertificate(const std::string& pem) {
  auto bio = Bio(pem);
  return std::unique_ptr<X509, X509Free>(
      PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

absl::Status Invalid(const std::string& file, const char* why) {
  return absl::InvalidArgumentError(absl::StrCat(file, ": ", why));
}

// The identity to stage: the key followed by the chain, checked to belong
// together. What was read is never part of an error.
absl::StatusOr<std::string> ReadIdentity(const std::string& cert_file,
                                         const std::string& key_file) {
  ASSIGN_OR_RETURN(std::string chain, ReadFile(cert_file));
  ASSIGN_OR_RETURN(std::string key_pem, ReadFile(key_file));
  std::unique_ptr<X509, X509Free> certificate = FirstCertificate(chain);
  if (certificate == nullptr) {
    return Invalid(cert_file, "no PEM certificate");
  }
  auto bio = Bio(key_pem);
  std::unique_ptr<EVP_PKEY, KeyFree> key(
      PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (key == nullptr) return Invalid(key_file, "no PEM private key");
  if (X509_check_private_key(certificate.get(), key.get()) != 1) {
    return Invalid(key_file, "not the key of the certificate in the chain");
  }
  return absl::StrCat(key_pem, "\n", chain);
}

absl::StatusOr<std::string> ReadClientCas(const std::string& file) {
  ASSIGN_OR_RETURN(std::string pem, ReadFile(file));
  if (FirstCertificate(pem) == nullptr) {
    return Invalid(file, "no PEM certificate");
  }
  return pem;
}

}  // namespace

std::string TlsFiles::StagedFile::Path() const {
  return absl::StrCat("/proc/self/fd/", fd);
}

TlsFiles::TlsFiles(std::string cert_file, std::string key_file,
                   std::string client_ca_file)
    : cert_file_(std::move(cert_file)),
      key_file_(std::move(key_file)),
      client_ca_file_(std::move(client_ca_file)) {}

TlsFiles::~TlsFiles() {
  absl::MutexLock lock(&mu_);
  for (const StagedFile* file : {&identity_, &client_ca_}) {
    if (file->fd >= 0) close(file->fd);
  }
}

absl::StatusOr<std::unique_ptr<TlsFiles>> TlsFiles::Load(
    std::string cert_file, std::string key_file, std::string client_ca_file) {
  std::unique_ptr<TlsFiles> files(new TlsFiles(
      std::move(cert_file), std::move(key_file), std::move(client_ca_file)));
  RETURN_IF_ERROR(files->Reload());
  return files;
}

absl::Status TlsFiles::Reload() {
  ASSIGN_OR_RETURN(std::string identity, ReadIdentity(cert_file_, key_file_));
  std::string client_cas;
  if (!client_ca_file_.empty()) {
    ASSIGN_OR_RETURN(client_cas, ReadClientCas(client_ca_file_));
  }
  absl::MutexLock lock(&mu_);
  RETURN_IF_ERROR(Stage(identity_, identity));
  if (!client_ca_file_.empty()) RETURN_IF_ERROR(Stage(client_ca_, client_cas));
  return absl::OkStatus();
}

absl::Status TlsFiles::Stage(StagedFile& file, const std::string& contents) {
  const auto failed = [](const char* what) {
    return absl::InternalError(
        absl::StrCat("TLS: cannot ", what, ": ", std::strerror(errno)));
  };
  const int fd = memfd_create("passend-tls", MFD_CLOEXEC);
  if (fd < 0) return failed("make an in-memory file");
  for (size_t written = 0; written < contents.size();) {
    const ssize_t n =
        write(fd, contents.data() + written, contents.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      close(fd);
      return failed("write an in-memory file");
    }
    written += static_cast<size_t>(n);
  }
  // gRPC's watcher reads the identity file twice (as key, as chain) and
  // reads again if its modification time, in whole seconds, changed
  // meanwhile: every stage gets a later one than the last, so a
  // replacement between the two reads is always noticed.
  file.mtime =
      std::max<int64_t>(absl::ToUnixSeconds(absl::Now()), file.mtime + 1);
  const timespec times[2] = {{file.mtime, 0}, {file.mtime, 0}};
  if (futimens(fd, times) != 0) {
    close(fd);
    return failed("date an in-memory file");
  }
  if (file.fd < 0) {
    file.fd = fd;
    return absl::OkStatus();
  }
  // One step: a reader opens either the old file or the new one.
  const bool moved = dup3(fd, file.fd, O_CLOEXEC) == file.fd;
  close(fd);
  return moved ? absl::OkStatus() : failed("replace an in-memory file");
}

std::string TlsFiles::identity_path() {
  absl::MutexLock lock(&mu_);
  return identity_.Path();
}

std::string TlsFiles::client_ca_path() {
  absl::MutexLock lock(&mu_);
  return client_ca_file_.empty() ? "" : client_ca_.Path();
}

std::shared_ptr<grpc::ServerCredentials> TlsFiles::GrpcCredentials() {
  absl::MutexLock lock(&mu_);
  auto provider =
      std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
          identity_.Path(), identity_.Path(),
          client_ca_file_.empty() ? "" : client_ca_.Path(), kRefreshSeconds);
  grpc::experimental::TlsServerCredentialsOptions options(provider);
  options.watch_identity_key_cert_pairs();
  if (!client_ca_file_.empty()) {
    options.watch_root_certs();
    options.set_cert_request_type(
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  }
  return grpc::experimental::TlsServerCredentials(options);
}

}  // namespace passend::services
