// API keys: who may call, in which role and for which scope. Keys are 256
// random bits, shown once when created and stored only as a SHA-256 hash in
// a key file, one principal per line:
//
//   # hash (hex)  principal       role      scope
//   3f5a...c2     wsp-amersfoort  wsp       regions=AM14
//   9b1e...07     bakkerij-jansen employer  employer=bakkerij-jansen
//   51d0...aa     uwv-sync        integration regions=AM14,AM13
//
// Roles: wsp, employer, integration, analyst, admin.
#ifndef PASSEND_SERVICES_ACCESS_KEY_STORE_H_
#define PASSEND_SERVICES_ACCESS_KEY_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace passend::services {

enum class Role { kWsp, kEmployer, kIntegration, kAnalyst, kAdmin };

absl::StatusOr<Role> ParseRole(absl::string_view name);
absl::string_view RoleName(Role role);

// Who a key belongs to.
struct KeyEntry {
  std::string principal;  // a stable, non-personal name
  Role role = Role::kAnalyst;
  std::vector<std::string> regions;  // wsp, integration: region codes
  std::string employer;              // employer: the employer id
};

class KeyStore {
 public:
  // Reads a key file; INVALID_ARGUMENT naming the line for a bad line.
  static absl::StatusOr<std::unique_ptr<KeyStore>> LoadFile(
      const std::string& path);
  static absl::StatusOr<std::unique_ptr<KeyStore>> Parse(
      absl::string_view text, absl::string_view source);

  // The entry of `key`, or nullptr when no entry has its hash.
  const KeyEntry* Find(absl::string_view key) const;
  // An entry of `principal` (for a client certificate naming it), or
  // nullptr.
  const KeyEntry* FindPrincipal(absl::string_view principal) const;
  size_t size() const { return entries_.size(); }

 private:
  absl::flat_hash_map<std::string, KeyEntry> entries_;  // by key hash
};

// A new key: 256 bits from the kernel's random source, web-safe base64.
std::string NewApiKey();
// SHA-256 of the key, lowercase hex: what the key file stores.
std::string HashApiKey(absl::string_view key);
// The key-file line for `entry` with `key_hash`.
std::string KeyFileLine(absl::string_view key_hash, const KeyEntry& entry);

}  // namespace passend::services

#endif  // PASSEND_SERVICES_ACCESS_KEY_STORE_H_
