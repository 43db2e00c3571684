// The audit trail: one entry per read or change of candidates' personal
// data (who, which method, which candidates, outcome, when), chained by a
// keyed hash so that an edited, removed or reordered entry is detected. A
// change's entry is written in the same atomic batch as the change; a read's
// entry is written before the data is returned. Entries hold names and ids,
// never the data.
#ifndef PASSEND_STORAGE_AUDIT_LOG_H_
#define PASSEND_STORAGE_AUDIT_LOG_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "passend/v1/audit.pb.h"
#include "storage/database.h"

namespace passend::storage {

// Who does what, for the entries of one call.
struct AuditActor {
  std::string principal;
  // The method, e.g. "/passend.v1.CandidateService/GetCandidate".
  std::string action;
};

struct AuditLogOptions {
  // Key of the chain's HMAC (the server derives it from the master key).
  // Default: empty, which still chains but lets anyone who can write the
  // database forge a consistent chain.
  std::string chain_key;
  // Called before each entry is written; a non-OK status fails the write as
  // a storage error would. For fault-injection tests. Default: none.
  std::function<absl::Status()> fault;
  // Dates every entry. Must outlive the log. Default: the system clock.
  const Clock* clock = &SystemClock();
};

class AuditLog {
 public:
  // Reads the chain's last entry to continue from it.
  static absl::StatusOr<std::unique_ptr<AuditLog>> Open(
      Database* db, AuditLogOptions options = {});

  // Appends the entry for `actor` touching `objects` with `result` ("OK" or
  // a status code name), in one atomic write with `change` (which may be
  // empty), synced before it returns: a read's entry is as durable as a
  // change's before the data is shown. Concurrent calls share one write
  // and one sync (group commit): the first to find no write under way
  // writes every entry queued so far, the others wait for it. Nothing is
  // written when it fails (nor are the entries queued behind it, which
  // chain onto it).
  absl::Status Record(const AuditActor& actor,
                      const std::vector<std::string>& objects,
                      absl::string_view result, WriteSet change = {});

  // Recomputes every hash and link, in sequence order.
  absl::StatusOr<passend::v1::VerifyAuditChainResponse> Verify() const;

  // The entries naming `object`, oldest first.
  absl::StatusOr<std::vector<passend::v1::AuditEntry>> ForObject(
      absl::string_view object) const;

 private:
  AuditLog(Database* db, AuditLogOptions options)
      : db_(db), options_(std::move(options)) {}

  Database* const db_;
  const AuditLogOptions options_;
  // One Record call waiting for its entry's write.
  struct Waiter {
    bool done = false;
    absl::Status status;
  };
  // Writes every queued entry at once, releasing mu_ while it does, then
  // tells their callers.
  void WriteQueued() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  // The chain's end, queued entries included.
  uint64_t last_sequence_ ABSL_GUARDED_BY(mu_) = 0;
  std::string last_hash_ ABSL_GUARDED_BY(mu_);
  // The chain's end as written.
  uint64_t written_sequence_ ABSL_GUARDED_BY(mu_) = 0;
  std::string written_hash_ ABSL_GUARDED_BY(mu_);
  // Entries (with their changes) not yet written, and their callers.
  WriteSet queued_ ABSL_GUARDED_BY(mu_);
  std::vector<Waiter*> queued_waiters_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  absl::CondVar written_;
};

}  // namespace passend::storage

#endif  // PASSEND_STORAGE_AUDIT_LOG_H_
