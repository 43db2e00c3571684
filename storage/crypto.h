// The cryptography of the storage layer, on OpenSSL: authenticated
// encryption (AES-256-GCM), keyed hashes (HMAC-SHA-256) and random bytes.
#ifndef PASSEND_STORAGE_CRYPTO_H_
#define PASSEND_STORAGE_CRYPTO_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace passend::storage {

inline constexpr size_t kKeyBytes = 32;

// `n` bytes from the operating system's random source.
std::string RandomBytes(size_t n);

// Encrypts `plaintext` under `key` (kKeyBytes) with a random nonce, binding
// `context` (authenticated, not stored). Returns nonce, ciphertext and tag.
absl::StatusOr<std::string> Seal(absl::string_view key,
                                 absl::string_view plaintext,
                                 absl::string_view context);

// Reverses Seal. DATA_LOSS when the key, context or bytes do not match.
absl::StatusOr<std::string> Unseal(absl::string_view key,
                                   absl::string_view sealed,
                                   absl::string_view context);

// HMAC-SHA-256 of `message` under `key`.
std::string KeyedHash(absl::string_view key, absl::string_view message);

}  // namespace passend::storage

#endif  // PASSEND_STORAGE_CRYPTO_H_
