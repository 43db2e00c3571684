// Sign-in sessions for people using a browser: a random token, sent as a
// cookie, stands for the API key the person signed in with. Sessions live in
// memory only (a restart signs everyone out) and end after an idle time
// since their last use, after an absolute lifetime since sign-in, at
// sign-out, or when their key stops working.
#ifndef PASSEND_SERVICES_HTTP_SESSIONS_H_
#define PASSEND_SERVICES_HTTP_SESSIONS_H_

#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"

namespace passend::services {

struct SessionOptions {
  // A session unused this long ends. Default 30 minutes.
  absl::Duration idle_timeout = absl::Minutes(30);
  // A session ends this long after sign-in, however busy. Default 12 hours.
  absl::Duration lifetime = absl::Hours(12);
  // Sign-in attempts one client address may make per minute. Default 10.
  int sign_ins_per_minute = 10;
  // Must outlive the sessions. Default: the system clock.
  const Clock* clock = &SystemClock();
};

class Sessions {
 public:
  explicit Sessions(SessionOptions options) : options_(options) {}

  // False when `address` has made too many sign-in attempts this minute;
  // counts this one.
  bool MaySignIn(const std::string& address);
  // A new session for `key`; returns its token (256 random bits).
  std::string Open(std::string key);
  // The key of the live session `token`, which counts as used now; nullopt
  // for an unknown or expired one (which is forgotten).
  std::optional<std::string> KeyFor(absl::string_view token);
  void Close(absl::string_view token);

  absl::Duration lifetime() const { return options_.lifetime; }

 private:
  struct Session {
    std::string key;
    absl::Time opened;
    absl::Time used;
  };
  struct Attempts {
    absl::Time window_start;
    int count = 0;
  };

  const SessionOptions options_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Session> sessions_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, Attempts> attempts_ ABSL_GUARDED_BY(mu_);
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_HTTP_SESSIONS_H_
