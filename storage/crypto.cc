#include "storage/crypto.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <climits>

namespace passend::storage {
namespace {

constexpr int kNonceBytes = 12;
constexpr int kTagBytes = 16;

// OpenSSL 3 looks an algorithm up on every init unless it is fetched once,
// and a context allocates on creation: both are kept, the context per
// thread. (Sealing runs for every candidate read at start-up.)
const EVP_CIPHER* AesGcm() {
  static const EVP_CIPHER* const cipher =
      EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
  return cipher;
}

EVP_CIPHER_CTX* ThreadContext() {
  struct Holder {
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    ~Holder() { EVP_CIPHER_CTX_free(ctx); }
  };
  thread_local Holder holder;
  EVP_CIPHER_CTX_reset(holder.ctx);
  return holder.ctx;
}

const unsigned char* Bytes(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* Bytes(std::string& s) {
  return reinterpret_cast<unsigned char*>(s.data());
}

}  // namespace

std::string RandomBytes(size_t n) {
  std::string bytes(n, '\0');
  // RAND_bytes fails only when the OS has no entropy to give; nothing
  // sensible can go on without it.
  if (RAND_bytes(Bytes(bytes), static_cast<int>(n)) != 1) std::abort();
  return bytes;
}

absl::StatusOr<std::string> Seal(absl::string_view key,
                                 absl::string_view plaintext,
                                 absl::string_view context) {
  if (key.size() != kKeyBytes) {
    return absl::InvalidArgumentError("encryption keys are 32 bytes");
  }
  // OpenSSL counts bytes in an int.
  if (plaintext.size() > static_cast<size_t>(INT_MAX) - kTagBytes ||
      context.size() > static_cast<size_t>(INT_MAX)) {
    return absl::InvalidArgumentError("too many bytes to seal at once");
  }
  std::string out = RandomBytes(kNonceBytes);
  out.resize(kNonceBytes + plaintext.size() + kTagBytes);
  EVP_CIPHER_CTX* ctx = ThreadContext();
  int n = 0;
  int total = 0;
  if (ctx == nullptr || AesGcm() == nullptr ||
      EVP_EncryptInit_ex(ctx, AesGcm(), nullptr, Bytes(key), Bytes(out)) != 1 ||
      EVP_EncryptUpdate(ctx, nullptr, &n, Bytes(context),
                        static_cast<int>(context.size())) != 1 ||
      EVP_EncryptUpdate(ctx, Bytes(out) + kNonceBytes, &n, Bytes(plaintext),
                        static_cast<int>(plaintext.size())) != 1) {
    return absl::InternalError("encryption failed");
  }
  total = n;
  if (EVP_EncryptFinal_ex(ctx, Bytes(out) + kNonceBytes + total, &n) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, kTagBytes,
                          Bytes(out) + kNonceBytes + plaintext.size()) != 1) {
    return absl::InternalError("encryption failed");
  }
  return out;
}

absl::StatusOr<std::string> Unseal(absl::string_view key,
                                   absl::string_view sealed,
                                   absl::string_view context) {
  if (key.size() != kKeyBytes ||
      sealed.size() < static_cast<size_t>(kNonceBytes + kTagBytes) ||
      sealed.size() > static_cast<size_t>(INT_MAX) ||
      context.size() > static_cast<size_t>(INT_MAX)) {
    return absl::DataLossError("sealed data is malformed");
  }
  const size_t length = sealed.size() - kNonceBytes - kTagBytes;
  std::string out(length, '\0');
  std::string tag(sealed.substr(kNonceBytes + length));
  EVP_CIPHER_CTX* ctx = ThreadContext();
  int n = 0;
  if (ctx == nullptr || AesGcm() == nullptr ||
      EVP_DecryptInit_ex(ctx, AesGcm(), nullptr, Bytes(key), Bytes(sealed)) !=
          1 ||
      EVP_DecryptUpdate(ctx, nullptr, &n, Bytes(context),
                        static_cast<int>(context.size())) != 1 ||
      EVP_DecryptUpdate(ctx, Bytes(out), &n, Bytes(sealed) + kNonceBytes,
                        static_cast<int>(length)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, kTagBytes, Bytes(tag)) !=
          1 ||
      EVP_DecryptFinal_ex(ctx, Bytes(out) + n, &n) != 1) {
    return absl::DataLossError("sealed data does not open with this key");
  }
  return out;
}

std::string KeyedHash(absl::string_view key, absl::string_view message) {
  std::string out(EVP_MAX_MD_SIZE, '\0');
  unsigned int n = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), Bytes(message),
       message.size(), Bytes(out), &n);
  out.resize(n);
  return out;
}

}  // namespace passend::storage
