// The matcher's candidate profiles kept across a clean restart. Written at
// shutdown, when no call runs, and read at the next start in place of
// unsealing every stored candidate -- but only when neither database has
// been written since. Sealed under a key derived from the vault's master
// key, and removed as soon as it is read: the profiles are health data, and
// a snapshot must not outlive an erasure (which needs a running server).
#ifndef PASSEND_SERVICES_SERVER_MATCHER_SNAPSHOT_H_
#define PASSEND_SERVICES_SERVER_MATCHER_SNAPSHOT_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "matcher/matcher.h"

namespace passend::services {

// Where the databases stand: their latest sequence numbers. Equal stamps
// mean no write in between.
struct DatabaseStamp {
  uint64_t records = 0;
  uint64_t keys = 0;
};

// Writes the matcher's candidates to `path`, sealed under `key`, stamped.
absl::Status SaveMatcherSnapshot(const std::string& path, absl::string_view key,
                                 const DatabaseStamp& stamp,
                                 const matcher::Matcher& matcher);

// Loads the snapshot at `path` into `matcher` (whose candidate index must be
// empty) when it opens with `key` and its stamp equals `now`. Returns true
// when loaded; false when there was none or it was not usable (stale,
// written under another taxonomy, damaged -- `why` says which), leaving the
// matcher as it was. The file is removed in every case; an error means it
// could not be.
absl::StatusOr<bool> LoadMatcherSnapshot(const std::string& path,
                                         absl::string_view key,
                                         const DatabaseStamp& now,
                                         matcher::Matcher* matcher,
                                         std::string* why);

}  // namespace passend::services

#endif  // PASSEND_SERVICES_SERVER_MATCHER_SNAPSHOT_H_
