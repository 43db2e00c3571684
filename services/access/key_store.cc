#include "services/access/key_store.h"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/file.h"
#include "common/status_macros.h"

namespace passend::services {
namespace {

constexpr std::pair<Role, absl::string_view> kRoles[] = {
    {Role::kWsp, "wsp"},
    {Role::kEmployer, "employer"},
    {Role::kIntegration, "integration"},
    {Role::kAnalyst, "analyst"},
    {Role::kAdmin, "admin"},
};

bool IsHexHash(absl::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!absl::ascii_isxdigit(c) || absl::ascii_isupper(c)) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<Role> ParseRole(absl::string_view name) {
  for (const auto& [role, role_name] : kRoles) {
    if (name == role_name) return role;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown role \"", name,
                   "\" (wsp, employer, integration, analyst, admin)"));
}

absl::string_view RoleName(Role role) {
  for (const auto& [r, name] : kRoles) {
    if (r == role) return name;
  }
  return "unknown";
}

absl::StatusOr<std::unique_ptr<KeyStore>> KeyStore::LoadFile(
    const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return Parse(text, path);
}

absl::StatusOr<std::unique_ptr<KeyStore>> KeyStore::Parse(
    absl::string_view text, absl::string_view source) {
  auto store = std::unique_ptr<KeyStore>(new KeyStore());
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    auto bad = [&](absl::string_view what) {
      return absl::InvalidArgumentError(
          absl::StrCat(source, " line ", line_number, ": ", what));
    };
    std::vector<absl::string_view> fields =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (fields.size() < 3) {
      return bad("expected: <sha256 hex> <principal> <role> [scope...]");
    }
    if (!IsHexHash(fields[0])) {
      return bad("the first field must be a key's SHA-256 in lowercase hex");
    }
    KeyEntry entry;
    entry.principal = std::string(fields[1]);
    absl::StatusOr<Role> role = ParseRole(fields[2]);
    if (!role.ok()) return bad(role.status().message());
    entry.role = *role;
    for (size_t i = 3; i < fields.size(); ++i) {
      absl::string_view value = fields[i];
      if (absl::ConsumePrefix(&value, "regions=")) {
        entry.regions = absl::StrSplit(value, ',', absl::SkipEmpty());
      } else if (absl::ConsumePrefix(&value, "employer=")) {
        entry.employer = std::string(value);
      } else {
        return bad(absl::StrCat("unknown scope \"", fields[i],
                                "\" (regions=..., employer=...)"));
      }
    }
    if ((entry.role == Role::kWsp || entry.role == Role::kIntegration) &&
        entry.regions.empty()) {
      return bad(
          absl::StrCat(RoleName(entry.role), " keys need regions=<codes>"));
    }
    if (entry.role == Role::kEmployer && entry.employer.empty()) {
      return bad("employer keys need employer=<id>");
    }
    if (!store->entries_.emplace(std::string(fields[0]), std::move(entry))
             .second) {
      return bad("the same key hash appears twice");
    }
  }
  return store;
}

const KeyEntry* KeyStore::Find(absl::string_view key) const {
  auto it = entries_.find(HashApiKey(key));
  return it == entries_.end() ? nullptr : &it->second;
}

const KeyEntry* KeyStore::FindPrincipal(absl::string_view principal) const {
  for (const auto& [hash, entry] : entries_) {
    if (entry.principal == principal) return &entry;
  }
  return nullptr;
}

std::string NewApiKey() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) std::abort();
  return absl::WebSafeBase64Escape(
      absl::string_view(reinterpret_cast<const char*>(bytes), sizeof(bytes)));
}

std::string HashApiKey(absl::string_view key) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(),
         digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

std::string KeyFileLine(absl::string_view key_hash, const KeyEntry& entry) {
  std::string line =
      absl::StrCat(key_hash, " ", entry.principal, " ", RoleName(entry.role));
  if (!entry.regions.empty()) {
    absl::StrAppend(&line, " regions=", absl::StrJoin(entry.regions, ","));
  }
  if (!entry.employer.empty()) {
    absl::StrAppend(&line, " employer=", entry.employer);
  }
  return line;
}

}  // namespace passend::services
