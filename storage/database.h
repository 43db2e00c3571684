// The RocksDB database behind passend: one column family per record type and
// per index, atomic multi-family writes, durable by default.
//
// No rocksdb:: type appears in this header; the rest of passend talks to
// storage through Database, WriteSet and the typed stores built on them.
#ifndef PASSEND_STORAGE_DATABASE_H_
#define PASSEND_STORAGE_DATABASE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace rocksdb {
class Env;
}  // namespace rocksdb

namespace passend::storage {

// A file system put under the database in place of the machine's, for
// tests that inject faults and power cuts (tests/storage/fault_injection.h).
class InjectedFileSystem {
 public:
  virtual ~InjectedFileSystem() = default;
  // RocksDB's view of it; lives as long as this object.
  virtual rocksdb::Env* env() = 0;
};

// The column families. The numeric values are not stored anywhere; the names
// (Database::FamilyName) are what RocksDB records.
enum class Family : int {
  kMeta = 0,                 // schema version and other database facts
  kCandidates,               // id -> passend.v1.Candidate
  kCandidatesByRegion,       // (region, status, id) -> ""
  kCandidatesByExternalRef,  // external_ref -> id
  kVacancies,                // id -> passend.v1.Vacancy
  kVacanciesByRegion,        // (region, status, id) -> ""
  kVacanciesByExternalRef,   // external_ref -> id
  kRequests,                 // (kind, request_id) -> id + body digest
  kConsentEvents,            // (candidate id, sequence) -> ConsentEvent
  kAudit,                    // sequence -> AuditEntry
  kAuditByObject,            // (object name, sequence) -> ""
  kDataKeys,                 // id -> wrapped data key (KeyVault's database)
  kErasures,                 // record key -> "": deleted, key not yet erased
  kPlacements,               // (candidate id, sequence) -> Placement
  kSupplyFlows,  // (region, quarter, flow) -> counter (see supply_flows.h)
  kCount,        // not a family
};

// The schema this build reads and writes. Opening a database written with
// another version fails rather than misreading it.
// 2: candidates sealed (SealedRecord), citizen-number index, audit log.
inline constexpr uint32_t kSchemaVersion = 2;

struct DatabaseOptions {
  // Directory of the database. Required.
  std::string path;
  // Create the database (and its directory) when it does not exist.
  bool create_if_missing = true;
  // Sync the write-ahead log before a write returns, so that an OK reply
  // survives power loss. Turning this off is for throw-away benchmarks only.
  bool sync_writes = true;
  // Shared block cache for all column families.
  size_t block_cache_bytes = size_t{256} << 20;
  // Memtables of all column families together: past it the largest is
  // flushed, so memory stays bounded however many families are written
  // (every ranking writes audit entries). Default 256 MiB.
  size_t memtable_budget_bytes = size_t{256} << 20;
  // For tests: files go through this (injected faults, power cuts); it
  // must outlive the database. Default: null, the real file system.
  std::shared_ptr<InjectedFileSystem> faults;
  // With sync_writes, how often the sequence number of the last durable
  // write is recorded in <path>/DURABLE-SEQUENCE (RecordDurableSequence).
  // Open refuses a database that holds less than that file names. Zero:
  // only the check. Default: 1 s.
  absl::Duration durable_sequence_period = absl::Seconds(1);
};

// A set of puts and deletes applied atomically by Database::Write: either all
// of them are durable or none is visible.
class WriteSet {
 public:
  void Put(Family family, absl::string_view key, absl::string_view value);
  void Delete(Family family, absl::string_view key);
  // Deletes every key of `family` that starts with `prefix`.
  void DeletePrefix(Family family, absl::string_view prefix);
  // Adds `delta` to the counter under `key` (a missing one counts as 0)
  // without reading it, so concurrent batches add up. Only families for
  // which IsCounterFamily holds take it; read counters with DecodeCounter.
  void AddToCounter(Family family, absl::string_view key, int64_t delta);

  // Adds `other`'s operations after these, in order: writing the result
  // is writing this set, then `other`, at once.
  void Append(WriteSet&& other);

  bool empty() const { return ops_.empty(); }
  size_t size() const { return ops_.size(); }

 private:
  friend class Database;
  struct Op {
    enum Kind { kPut, kDelete, kDeletePrefix, kAdd };
    Family family;
    Kind kind;
    std::string key;
    std::string value;
  };
  std::vector<Op> ops_;
};

// One backup in a backup directory (Database::Backup).
struct BackupInfo {
  uint32_t id = 0;
  int64_t unix_seconds = 0;
  // Bytes of the files it needs (some shared with other backups).
  uint64_t bytes = 0;
  // What the caller attached to it.
  std::string metadata;
};

// True for the families whose values are counters (WriteSet::AddToCounter).
bool IsCounterFamily(Family family);
// A counter's stored value, as Put it or as Database::Get returns it.
std::string EncodeCounter(int64_t value);
// False when `value` is not a counter.
bool DecodeCounter(absl::string_view value, int64_t* counter);

class Database {
 public:
  // Opens (or creates) the database, creating any missing column family and
  // checking the schema version.
  static absl::StatusOr<std::unique_ptr<Database>> Open(
      const DatabaseOptions& options);

  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Applies every operation of `writes` atomically. With `sync` false the
  // write reaches the write-ahead log but is not synced: it becomes durable
  // with the next synced write, and may be lost to a power cut before that.
  // (With DatabaseOptions::sync_writes off, nothing is synced.)
  absl::Status Write(const WriteSet& writes, bool sync = true);

  // The value under `key`, or std::nullopt when there is none.
  absl::StatusOr<std::optional<std::string>> Get(Family family,
                                                 absl::string_view key) const;

  // Calls `visit` for each entry with start <= key < limit in key order
  // (limit empty: no upper bound) until `visit` returns false.
  using Visitor =
      std::function<bool(absl::string_view key, absl::string_view value)>;
  absl::Status Scan(Family family, absl::string_view start,
                    absl::string_view limit, const Visitor& visit) const;

  // A forward cursor over one family, for reading it in step with another
  // scan. Not thread-safe; must not outlive the database.
  class Cursor {
   public:
    virtual ~Cursor() = default;
    // Positions at the first key >= `key`.
    virtual void Seek(absl::string_view key) = 0;
    virtual bool Valid() const = 0;
    virtual absl::string_view key() const = 0;
    virtual absl::string_view value() const = 0;
    virtual void Next() = 0;
    virtual absl::Status status() const = 0;
  };
  std::unique_ptr<Cursor> NewCursor(Family family) const;

  // Convenience: Scan over every key that starts with `prefix`.
  absl::Status ScanPrefix(Family family, absl::string_view prefix,
                          const Visitor& visit) const;

  // A RocksDB integer property summed over the column families, e.g.
  // "rocksdb.estimate-num-keys"; nullopt when RocksDB has no such property.
  std::optional<uint64_t> Property(const std::string& name) const;

  // The sequence number of the last write: it changes with every write to
  // any family and with nothing else, so two equal readings bracket a time
  // without writes (also across a clean close and reopen).
  uint64_t LatestSequence() const;

  // Syncs the write-ahead log and records, durably, the sequence number of
  // the last write it holds. A later Open that finds fewer writes -- a
  // write-ahead log deleted or cut short, which RocksDB 7.8 does not detect
  // for the live log -- fails with DATA_LOSS instead of opening without
  // acknowledged writes. Runs in the background every
  // durable_sequence_period; does nothing when nothing was written since
  // the last record. The log is synced through the write path (a synced
  // empty batch), never with SyncWAL, which aborts RocksDB 7.8 after a
  // failed log write: a failing disk gets UNAVAILABLE here instead.
  absl::Status RecordDurableSequence();

  // False after a write, a log sync or a backup's log sync failed for an
  // I/O reason (RocksDB then refuses writes), until Resume succeeds.
  bool writable() const;
  // Clears RocksDB's write error once the cause is gone, where RocksDB can
  // (a failed write-ahead-log write needs a reopen). Data acknowledged
  // before stays.
  absl::Status Resume();

  // Flushes and fully compacts every family, so that deleted entries leave
  // the files (e.g. to verify an erasure).
  absl::Status CompactAll();

  static absl::string_view FamilyName(Family family);

  // Backups, kept by RocksDB's BackupEngine in `dir` (created if missing),
  // files shared between the backups there. Backup runs online: writes go
  // on, and the backup holds every write acknowledged before it began.
  absl::StatusOr<BackupInfo> Backup(const std::string& dir,
                                    absl::string_view metadata = "");
  // The intact backups in `dir`, oldest first.
  static absl::StatusOr<std::vector<BackupInfo>> ListBackups(
      const std::string& dir);
  static absl::Status DeleteBackup(const std::string& dir, uint32_t id);
  // Restores backup `id` of `dir` into `target`, checking every file's
  // checksum. FAILED_PRECONDITION when `target` exists and is not empty.
  static absl::Status RestoreBackup(const std::string& dir, uint32_t id,
                                    const std::string& target);

 private:
  struct Rep;
  explicit Database(std::unique_ptr<Rep> rep);
  std::unique_ptr<Rep> rep_;
};

}  // namespace passend::storage

#endif  // PASSEND_STORAGE_DATABASE_H_
