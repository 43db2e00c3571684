#include "services/http/sessions.h"

#include <openssl/rand.h>

#include <utility>

#include "absl/strings/escaping.h"

namespace passend::services {
namespace {

constexpr int kTokenBytes = 32;

}  // namespace

bool Sessions::MaySignIn(const std::string& address) {
  const absl::Time now = options_.clock->Now();
  absl::MutexLock lock(&mu_);
  // Forget finished windows now and then, so the map stays small.
  if (attempts_.size() > 10000) {
    absl::erase_if(attempts_, [&](const auto& entry) {
      return now - entry.second.window_start >= absl::Minutes(1);
    });
  }
  Attempts& attempts = attempts_[address];
  if (now - attempts.window_start >= absl::Minutes(1)) {
    attempts = {now, 0};
  }
  return ++attempts.count <= options_.sign_ins_per_minute;
}

std::string Sessions::Open(std::string key) {
  unsigned char random[kTokenBytes];
  // RAND_bytes fails only without entropy, where no session may be safe.
  if (RAND_bytes(random, kTokenBytes) != 1) return "";
  std::string token;
  absl::WebSafeBase64Escape(
      absl::string_view(reinterpret_cast<const char*>(random), kTokenBytes),
      &token);
  const absl::Time now = options_.clock->Now();
  absl::MutexLock lock(&mu_);
  // Ended sessions are forgotten as new ones start.
  absl::erase_if(sessions_, [&](const auto& entry) {
    return now - entry.second.used >= options_.idle_timeout ||
           now - entry.second.opened >= options_.lifetime;
  });
  sessions_[token] = {std::move(key), now, now};
  return token;
}

std::optional<std::string> Sessions::KeyFor(absl::string_view token) {
  const absl::Time now = options_.clock->Now();
  absl::MutexLock lock(&mu_);
  auto it = sessions_.find(token);
  if (it == sessions_.end()) return std::nullopt;
  if (now - it->second.used >= options_.idle_timeout ||
      now - it->second.opened >= options_.lifetime) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.used = now;
  return it->second.key;
}

void Sessions::Close(absl::string_view token) {
  absl::MutexLock lock(&mu_);
  sessions_.erase(token);
}

}  // namespace passend::services
