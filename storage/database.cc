#include "storage/database.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <optional>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "common/file.h"
#include "common/status_macros.h"
#include "rocksdb/cache.h"
#include "rocksdb/db.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/memtablerep.h"
#include "rocksdb/merge_operator.h"
#include "rocksdb/options.h"
#include "rocksdb/table.h"
#include "rocksdb/utilities/backup_engine.h"
#include "rocksdb/utilities/stackable_db.h"
#include "rocksdb/write_batch.h"
#include "storage/key_codec.h"
#include "storage/sealed_file.h"

namespace passend::storage {
namespace {

constexpr int kFamilyCount = static_cast<int>(Family::kCount);
constexpr uint8_t kSchemaVersionTag = 1;

// Translates a RocksDB status once, here, into the canonical code that best
// says what the caller may do about it.
absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  std::string message = absl::StrCat(what, ": ", s.ToString());
  if (s.IsNotFound()) return absl::NotFoundError(message);
  if (s.IsCorruption()) return absl::DataLossError(message);
  if (s.IsInvalidArgument()) return absl::InvalidArgumentError(message);
  if (s.IsBusy() || s.IsTryAgain() || s.IsTimedOut()) {
    return absl::UnavailableError(message);
  }
  if (s.IsNoSpace()) return absl::ResourceExhaustedError(message);
  // The disk failed; the write may succeed once it is back (retry with the
  // same request id).
  if (s.IsIOError()) return absl::UnavailableError(message);
  return absl::InternalError(message);
}

rocksdb::Slice ToSlice(absl::string_view s) {
  return rocksdb::Slice(s.data(), s.size());
}

std::string SchemaVersionKey() {
  return KeyEncoder().Tag(kSchemaVersionTag).Release();
}

// Adds counters: the merge operands and the stored value are all
// EncodeCounter values. Wraps on overflow rather than failing a read.
class CounterAddOperator : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& /*key*/, const rocksdb::Slice* existing,
             const rocksdb::Slice& value, std::string* new_value,
             rocksdb::Logger* /*logger*/) const override {
    int64_t sum = 0;
    int64_t add = 0;
    if (existing != nullptr &&
        !DecodeCounter(absl::string_view(existing->data(), existing->size()),
                       &sum)) {
      return false;
    }
    if (!DecodeCounter(absl::string_view(value.data(), value.size()), &add)) {
      return false;
    }
    *new_value = EncodeCounter(static_cast<int64_t>(
        static_cast<uint64_t>(sum) + static_cast<uint64_t>(add)));
    return true;
  }
  const char* Name() const override { return "passend.CounterAdd"; }
};

// DATA_LOSS when `db` holds fewer writes than were recorded durable in
// `file`; OK without the file.
absl::Status CheckDurableSequence(rocksdb::DB& db, const std::string& file) {
  if (!std::filesystem::exists(file)) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::string text, ReadFile(file));
  uint64_t recorded = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(text), &recorded)) {
    return absl::DataLossError(absl::StrCat(file, " is damaged"));
  }
  const uint64_t held = db.GetLatestSequenceNumber();
  if (held < recorded) {
    return absl::DataLossError(
        absl::StrCat("the database holds writes up to sequence ", held,
                     ", but writes up "
                     "to ",
                     recorded, " were acknowledged (", file,
                     "): a write-ahead log "
                     "was lost or cut short. Restore a backup, or move ",
                     file, " away to open what is left"));
  }
  return absl::OkStatus();
}

// After a failed write or sync of the write-ahead log, RocksDB 7.8 stops
// writes, and its write path then refuses every write before it reaches the
// log. DB::SyncWAL does not: it calls the failed log's
// WritableFileWriter::SyncWithoutFlush again, which fails the assertion
// `sync_without_flush_called_` (Debian's librocksdb keeps its assertions)
// and aborts the process. So passend never calls SyncWAL itself: SyncLog
// syncs the log through the write path. A backup cannot avoid it (RocksDB
// calls FlushWAL(true), that is SyncWAL, in GetLiveFilesStorageInfo, as
// track_and_verify_wals_in_manifest is on); BackupSource lets it run only
// when the log is sound and no write can fail beside it.

// Makes every write in the write-ahead log so far durable. A synced write of
// an empty batch syncs the log as SyncWAL would; it takes no sequence
// number.
rocksdb::Status SyncLog(rocksdb::DB& db) {
  rocksdb::WriteOptions options;
  options.sync = true;
  rocksdb::WriteBatch empty;
  return db.Write(options, &empty);
}

// Whether a failed write means the disk failed: RocksDB then refuses writes
// until Resume succeeds.
bool IsDiskFailure(const rocksdb::Status& s) {
  return s.IsIOError() || s.IsNoSpace();
}

// The database as RocksDB's BackupEngine sees it. Taking the live files
// syncs the log with SyncWAL; that runs here only while `log_mu` is held
// exclusively -- every write holds it shared, so none can fail the log
// meanwhile -- and after SyncLog found the log sound.
class BackupSource : public rocksdb::StackableDB {
 public:
  BackupSource(rocksdb::DB* db, absl::Mutex* log_mu,
               std::atomic<bool>* writable)
      // Not owned: the no-op deleter leaves `db` open.
      : StackableDB(std::shared_ptr<rocksdb::DB>(db, [](rocksdb::DB*) {})),
        log_mu_(log_mu),
        writable_(writable) {}

  rocksdb::Status GetLiveFilesStorageInfo(
      const rocksdb::LiveFilesStorageInfoOptions& options,
      std::vector<rocksdb::LiveFileStorageInfo>* files) override {
    absl::WriterMutexLock lock(log_mu_);
    rocksdb::Status s = SyncLog(*GetBaseDB());
    if (s.ok()) s = StackableDB::GetLiveFilesStorageInfo(options, files);
    if (IsDiskFailure(s)) *writable_ = false;
    return s;
  }

 private:
  absl::Mutex* const log_mu_;
  std::atomic<bool>* const writable_;
};

}  // namespace

bool IsCounterFamily(Family family) { return family == Family::kSupplyFlows; }

std::string EncodeCounter(int64_t value) {
  return KeyEncoder().Int64(value).Release();
}

bool DecodeCounter(absl::string_view value, int64_t* counter) {
  KeyDecoder decoder(value);
  return decoder.Int64(counter) && decoder.done();
}

struct Database::Rep {
  // Kept alive while the database uses its file system (destroyed last).
  std::shared_ptr<InjectedFileSystem> faults;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // indexed by Family
  rocksdb::WriteOptions write_options;
  std::atomic<bool> writable{true};
  // Held shared by whatever writes to the write-ahead log, exclusively by a
  // backup while RocksDB syncs the log for it (BackupSource).
  absl::Mutex log_mu;
  std::string durable_sequence_file;
  // One record at a time: the periodic recorder and an explicit call share
  // the file's temporary name, and a later record must not be overwritten
  // by an earlier one.
  absl::Mutex record_mu;
  // The sequence number last recorded by this process.
  std::optional<uint64_t> recorded_sequence ABSL_GUARDED_BY(record_mu);
  // Records the durable sequence every period until stopped.
  absl::Notification stop_recording;
  std::thread recorder;

  rocksdb::ColumnFamilyHandle* handle(Family family) const {
    return handles[static_cast<int>(family)];
  }

  ~Rep() {
    if (recorder.joinable()) {
      stop_recording.Notify();
      recorder.join();
    }
    // Writes are durable in the WAL already; flushing the memtables on a
    // clean close only spares the next open from replaying that log.
    std::vector<rocksdb::ColumnFamilyHandle*> live;
    for (auto* h : handles) {
      if (h != nullptr) live.push_back(h);
    }
    if (db != nullptr && !live.empty()) {
      db->Flush(rocksdb::FlushOptions(), live).PermitUncheckedError();
    }
    for (auto* h : live) db->DestroyColumnFamilyHandle(h);
  }
};

void WriteSet::Put(Family family, absl::string_view key,
                   absl::string_view value) {
  ops_.push_back({family, Op::kPut, std::string(key), std::string(value)});
}

void WriteSet::Delete(Family family, absl::string_view key) {
  ops_.push_back({family, Op::kDelete, std::string(key), ""});
}

void WriteSet::DeletePrefix(Family family, absl::string_view prefix) {
  ops_.push_back({family, Op::kDeletePrefix, std::string(prefix), ""});
}

void WriteSet::AddToCounter(Family family, absl::string_view key,
                            int64_t delta) {
  ops_.push_back({family, Op::kAdd, std::string(key), EncodeCounter(delta)});
}

void WriteSet::Append(WriteSet&& other) {
  if (ops_.empty()) {
    ops_ = std::move(other.ops_);
  } else {
    ops_.insert(ops_.end(), std::make_move_iterator(other.ops_.begin()),
                std::make_move_iterator(other.ops_.end()));
  }
  other.ops_.clear();
}

absl::string_view Database::FamilyName(Family family) {
  switch (family) {
    case Family::kMeta:
      return "meta";
    case Family::kCandidates:
      return "candidates";
    case Family::kCandidatesByRegion:
      return "candidates_by_region";
    case Family::kCandidatesByExternalRef:
      return "candidates_by_external_ref";
    case Family::kVacancies:
      return "vacancies";
    case Family::kVacanciesByRegion:
      return "vacancies_by_region";
    case Family::kVacanciesByExternalRef:
      return "vacancies_by_external_ref";
    case Family::kRequests:
      return "requests";
    case Family::kConsentEvents:
      return "consent_events";
    case Family::kAudit:
      return "audit";
    case Family::kAuditByObject:
      return "audit_by_object";
    case Family::kDataKeys:
      return "data_keys";
    case Family::kErasures:
      return "erasures";
    case Family::kPlacements:
      return "placements";
    case Family::kSupplyFlows:
      return "supply_flows";
    case Family::kCount:
      break;
  }
  return "invalid";
}

Database::Database(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}
Database::~Database() = default;

absl::StatusOr<std::unique_ptr<Database>> Database::Open(
    const DatabaseOptions& options) {
  if (options.path.empty()) {
    return absl::InvalidArgumentError("DatabaseOptions.path is empty");
  }
  if (options.create_if_missing) {
    std::error_code ec;
    std::filesystem::create_directories(options.path, ec);
    if (ec) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot create data directory ", options.path, ": ", ec.message()));
    }
  }

  rocksdb::DBOptions db_options;
  if (options.faults != nullptr) db_options.env = options.faults->env();
  db_options.create_if_missing = options.create_if_missing;
  db_options.create_missing_column_families = true;
  // A synced WAL that later goes missing must stop the open, not be skipped.
  db_options.track_and_verify_wals_in_manifest = true;
  db_options.max_background_jobs = 2;
  db_options.db_write_buffer_size = options.memtable_budget_bytes;
  db_options.bytes_per_sync = 1 << 20;
  // The audit index takes dozens of random keys per ranking call and is
  // read only by the rare right-of-access listing: a vector memtable makes
  // an insert an append (sorted when flushed) instead of a skiplist search.
  // Other memtable kinds cannot take concurrent inserts, and our writers
  // are serialised per store anyway.
  db_options.allow_concurrent_memtable_write = false;

  rocksdb::BlockBasedTableOptions table_options;
  table_options.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  table_options.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  // Index and filter blocks live in the block cache too, so their memory
  // is bounded by it rather than growing with the files on disk (the audit
  // log grows with every ranking).
  table_options.cache_index_and_filter_blocks = true;
  table_options.pin_l0_filter_and_index_blocks_in_cache = true;
  rocksdb::ColumnFamilyOptions cf_options;
  cf_options.table_factory.reset(
      rocksdb::NewBlockBasedTableFactory(table_options));
  cf_options.compression = rocksdb::kLZ4Compression;
  cf_options.bottommost_compression = rocksdb::kZSTD;

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, cf_options);
  rocksdb::ColumnFamilyOptions counter_options = cf_options;
  counter_options.merge_operator = std::make_shared<CounterAddOperator>();
  rocksdb::ColumnFamilyOptions append_only_options = cf_options;
  append_only_options.memtable_factory =
      std::make_shared<rocksdb::VectorRepFactory>();
  for (int i = 0; i < kFamilyCount; ++i) {
    const Family family = static_cast<Family>(i);
    descriptors.emplace_back(std::string(FamilyName(family)),
                             family == Family::kAuditByObject
                                 ? append_only_options
                             : IsCounterFamily(family) ? counter_options
                                                       : cf_options);
  }

  auto rep = std::make_unique<Rep>();
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      rocksdb::DB::Open(db_options, options.path, descriptors, &handles, &raw);
  if (s.IsInvalidArgument() &&
      s.ToString().find("Column famil") != std::string::npos) {
    return absl::FailedPreconditionError(absl::StrCat(
        "data directory ", options.path,
        " holds column families this build does not know: ", s.ToString()));
  }
  RETURN_IF_ERROR(FromRocks(s, absl::StrCat("open ", options.path)));
  rep->db.reset(raw);
  // handles[0] is the default family, which passend does not use.
  rep->db->DestroyColumnFamilyHandle(handles[0]);
  rep->handles.assign(handles.begin() + 1, handles.end());
  rep->write_options.sync = options.sync_writes;
  rep->faults = options.faults;
  rep->durable_sequence_file = options.path + "/DURABLE-SEQUENCE";
  RETURN_IF_ERROR(CheckDurableSequence(*rep->db, rep->durable_sequence_file));

  auto database = std::unique_ptr<Database>(new Database(std::move(rep)));
  ASSIGN_OR_RETURN(std::optional<std::string> stored,
                   database->Get(Family::kMeta, SchemaVersionKey()));
  std::string expected = KeyEncoder().Uint32(kSchemaVersion).Release();
  if (!stored.has_value()) {
    WriteSet init;
    init.Put(Family::kMeta, SchemaVersionKey(), expected);
    RETURN_IF_ERROR(database->Write(init));
  } else if (*stored != expected) {
    uint32_t version = 0;
    KeyDecoder(*stored).Uint32(&version);
    return absl::FailedPreconditionError(
        absl::StrCat("data directory ", options.path, " has schema version ",
                     version, "; this build reads version ", kSchemaVersion));
  }
  if (options.sync_writes &&
      options.durable_sequence_period > absl::ZeroDuration()) {
    Database* db = database.get();
    const absl::Duration period = options.durable_sequence_period;
    db->rep_->recorder = std::thread([db, period] {
      while (!db->rep_->stop_recording.WaitForNotificationWithTimeout(period)) {
        // A failure (the disk, or writes refused) leaves the last record,
        // which stays true.
        db->RecordDurableSequence().IgnoreError();
      }
    });
  }
  return database;
}

absl::Status Database::RecordDurableSequence() {
  absl::MutexLock lock(&rep_->record_mu);
  // Read first: every write up to `sequence` is in the log the sync below
  // makes durable (a write's sequence is published after its log write).
  const uint64_t sequence = LatestSequence();
  // Nothing written since: the record stands, and an idle database neither
  // grows its log with empty batches nor rewrites the file.
  if (rep_->recorded_sequence == sequence) return absl::OkStatus();
  {
    absl::ReaderMutexLock log_lock(&rep_->log_mu);
    const rocksdb::Status s = SyncLog(*rep_->db);
    if (IsDiskFailure(s)) rep_->writable = false;
    RETURN_IF_ERROR(FromRocks(s, "sync the write-ahead log"));
  }
  RETURN_IF_ERROR(WriteFileDurably(rep_->durable_sequence_file,
                                   absl::StrCat(sequence, "\n")));
  rep_->recorded_sequence = sequence;
  return absl::OkStatus();
}

absl::Status Database::Write(const WriteSet& writes, bool sync) {
  rocksdb::WriteBatch batch;
  for (const WriteSet::Op& op : writes.ops_) {
    rocksdb::ColumnFamilyHandle* family = rep_->handle(op.family);
    rocksdb::Status s;
    switch (op.kind) {
      case WriteSet::Op::kPut:
        s = batch.Put(family, op.key, op.value);
        break;
      case WriteSet::Op::kDelete:
        s = batch.Delete(family, op.key);
        break;
      case WriteSet::Op::kDeletePrefix:
        // The batch copies the keys.
        s = batch.DeleteRange(family, op.key, PrefixSuccessor(op.key));
        break;
      case WriteSet::Op::kAdd:
        if (!IsCounterFamily(op.family)) {
          return absl::InvalidArgumentError(absl::StrCat(
              "family ", FamilyName(op.family), " holds no counters"));
        }
        s = batch.Merge(family, op.key, op.value);
        break;
    }
    RETURN_IF_ERROR(FromRocks(s, "stage write"));
  }
  rocksdb::WriteOptions write_options = rep_->write_options;
  write_options.sync = write_options.sync && sync;
  absl::ReaderMutexLock log_lock(&rep_->log_mu);
  const rocksdb::Status s = rep_->db->Write(write_options, &batch);
  if (IsDiskFailure(s)) rep_->writable = false;
  return FromRocks(s, "write");
}

namespace {

absl::StatusOr<std::unique_ptr<rocksdb::BackupEngine>> OpenBackups(
    const std::string& dir, bool create) {
  if (!create && !std::filesystem::is_directory(dir)) {
    return absl::NotFoundError(absl::StrCat("no backups in ", dir));
  }
  if (create) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot create backup directory ", dir, ": ", ec.message()));
    }
  }
  rocksdb::BackupEngineOptions options(dir);
  options.sync = true;
  rocksdb::BackupEngine* engine = nullptr;
  RETURN_IF_ERROR(FromRocks(
      rocksdb::BackupEngine::Open(options, rocksdb::Env::Default(), &engine),
      absl::StrCat("open backups in ", dir)));
  return std::unique_ptr<rocksdb::BackupEngine>(engine);
}

BackupInfo FromRocksInfo(const rocksdb::BackupInfo& info) {
  return BackupInfo{info.backup_id, info.timestamp, info.size,
                    info.app_metadata};
}

}  // namespace

absl::StatusOr<BackupInfo> Database::Backup(const std::string& dir,
                                            absl::string_view metadata) {
  ASSIGN_OR_RETURN(auto engine, OpenBackups(dir, /*create=*/true));
  rocksdb::CreateBackupOptions options;
  rocksdb::BackupID id = 0;
  BackupSource source(rep_->db.get(), &rep_->log_mu, &rep_->writable);
  RETURN_IF_ERROR(FromRocks(engine->CreateNewBackupWithMetadata(
                                options, &source, std::string(metadata), &id),
                            "backup"));
  rocksdb::BackupInfo info;
  RETURN_IF_ERROR(FromRocks(engine->GetBackupInfo(id, &info), "backup info"));
  return FromRocksInfo(info);
}

absl::StatusOr<std::vector<BackupInfo>> Database::ListBackups(
    const std::string& dir) {
  ASSIGN_OR_RETURN(auto engine, OpenBackups(dir, /*create=*/false));
  std::vector<rocksdb::BackupInfo> infos;
  engine->GetBackupInfo(&infos);
  std::vector<BackupInfo> backups;
  for (const rocksdb::BackupInfo& info : infos) {
    backups.push_back(FromRocksInfo(info));
  }
  std::sort(
      backups.begin(), backups.end(),
      [](const BackupInfo& a, const BackupInfo& b) { return a.id < b.id; });
  return backups;
}

absl::Status Database::DeleteBackup(const std::string& dir, uint32_t id) {
  ASSIGN_OR_RETURN(auto engine, OpenBackups(dir, /*create=*/false));
  return FromRocks(engine->DeleteBackup(id), "delete backup");
}

absl::Status Database::RestoreBackup(const std::string& dir, uint32_t id,
                                     const std::string& target) {
  std::error_code ec;
  if (std::filesystem::exists(target, ec) &&
      !std::filesystem::is_empty(target, ec)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "will not restore into ", target, ": it exists and is not empty"));
  }
  ASSIGN_OR_RETURN(auto engine, OpenBackups(dir, /*create=*/false));
  RETURN_IF_ERROR(
      FromRocks(engine->VerifyBackup(id, /*verify_with_checksum=*/true),
                absl::StrCat("verify backup ", id)));
  return FromRocks(engine->RestoreDBFromBackup(id, target, target),
                   absl::StrCat("restore backup ", id));
}

bool Database::writable() const { return rep_->writable; }

std::optional<uint64_t> Database::Property(const std::string& name) const {
  uint64_t value = 0;
  if (!rep_->db->GetAggregatedIntProperty(name, &value)) return std::nullopt;
  return value;
}

uint64_t Database::LatestSequence() const {
  return rep_->db->GetLatestSequenceNumber();
}

absl::Status Database::Resume() {
  RETURN_IF_ERROR(FromRocks(rep_->db->Resume(), "resume after a write error"));
  rep_->writable = true;
  return absl::OkStatus();
}

absl::Status Database::CompactAll() {
  rocksdb::CompactRangeOptions options;
  options.bottommost_level_compaction =
      rocksdb::BottommostLevelCompaction::kForce;
  for (int i = 0; i < kFamilyCount; ++i) {
    rocksdb::ColumnFamilyHandle* family = rep_->handle(static_cast<Family>(i));
    RETURN_IF_ERROR(
        FromRocks(rep_->db->Flush(rocksdb::FlushOptions(), family), "flush"));
    RETURN_IF_ERROR(FromRocks(
        rep_->db->CompactRange(options, family, nullptr, nullptr), "compact"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> Database::Get(
    Family family, absl::string_view key) const {
  std::string value;
  rocksdb::Status s = rep_->db->Get(rocksdb::ReadOptions(),
                                    rep_->handle(family), ToSlice(key), &value);
  if (s.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocks(s, "get"));
  return value;
}

absl::Status Database::Scan(Family family, absl::string_view start,
                            absl::string_view limit,
                            const Visitor& visit) const {
  rocksdb::ReadOptions read_options;
  rocksdb::Slice upper = ToSlice(limit);  // outlives the iterator
  if (!limit.empty()) read_options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(
      rep_->db->NewIterator(read_options, rep_->handle(family)));
  for (it->Seek(ToSlice(start)); it->Valid(); it->Next()) {
    rocksdb::Slice k = it->key();
    rocksdb::Slice v = it->value();
    if (!visit(absl::string_view(k.data(), k.size()),
               absl::string_view(v.data(), v.size()))) {
      break;
    }
  }
  return FromRocks(it->status(), "scan");
}

namespace {

class RocksCursor final : public Database::Cursor {
 public:
  explicit RocksCursor(rocksdb::Iterator* it) : it_(it) {}
  void Seek(absl::string_view key) override { it_->Seek(ToSlice(key)); }
  bool Valid() const override { return it_->Valid(); }
  absl::string_view key() const override {
    return absl::string_view(it_->key().data(), it_->key().size());
  }
  absl::string_view value() const override {
    return absl::string_view(it_->value().data(), it_->value().size());
  }
  void Next() override { it_->Next(); }
  absl::Status status() const override {
    return FromRocks(it_->status(), "cursor");
  }

 private:
  std::unique_ptr<rocksdb::Iterator> it_;
};

}  // namespace

std::unique_ptr<Database::Cursor> Database::NewCursor(Family family) const {
  return std::make_unique<RocksCursor>(
      rep_->db->NewIterator(rocksdb::ReadOptions(), rep_->handle(family)));
}

absl::Status Database::ScanPrefix(Family family, absl::string_view prefix,
                                  const Visitor& visit) const {
  return Scan(family, prefix, PrefixSuccessor(prefix), visit);
}

}  // namespace passend::storage
