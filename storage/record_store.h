// Typed tables of passend's resources (candidates, vacancies) over Database:
// each write puts the record, its index entries and, for a create with a
// request id, the id it created in one atomic WriteSet.
//
// Writes to one store are serialised by a mutex so that an etag check and the
// write it guards cannot interleave with another writer; reads take no lock.
#ifndef PASSEND_STORAGE_RECORD_STORE_H_
#define PASSEND_STORAGE_RECORD_STORE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "passend/v1/candidate.pb.h"
#include "passend/v1/vacancy.pb.h"
#include "storage/audit_log.h"
#include "storage/database.h"
#include "storage/record_codec.h"

namespace passend::storage {

// Selects records for RecordStore::List.
struct ListQuery {
  // Only records of this region (owner region or workplace region); empty
  // for all.
  std::string region;
  // Only records with this status (availability for candidates); 0 for all.
  int status = 0;
  // Resume after this key (from a previous page's `last_key`); empty to
  // start at the beginning.
  std::string after_key;
  // Records per page; must be positive.
  int limit = 50;
};

template <typename T>
struct ListPage {
  std::vector<T> records;
  // The key of the last record returned; pass it as `after_key` for the next
  // page. Empty when `records` is.
  std::string last_key;
  // True when at least one more record matches.
  bool more = false;
};

// Outcome of one record of RecordStore::Upsert.
struct UpsertOutcome {
  absl::Status status;
  bool created = false;
};

// A new random, opaque resource id: 26 characters of lowercase base32
// (128 random bits).
std::string NewResourceId();
// True when `id` has the form NewResourceId produces.
bool IsValidResourceId(absl::string_view id);

// ABORTED for a write that names an etag the record `name` no longer has
// (it is now `current`), with a google.rpc.PreconditionFailure detail
// (type "ETAG", subject `name`) a client can act on: read and retry.
absl::Status StaleEtagError(absl::string_view name, absl::string_view read,
                            absl::string_view current);

class JointWrite;

// What a store does besides writing records, fixed for its life so that no
// write can happen before it is in place.
template <typename T>
struct RecordStoreOptions {
  // Every write (the methods that take an actor) is recorded here, in the
  // same atomic batch, naming the records written. Must outlive the store.
  // Default: null, no audit.
  AuditLog* audit = nullptr;
  // Records are stored as this codec encodes them, and a deleted record is
  // erased through it. A record whose codec reports it erased (say, the
  // process stopped between erasing and deleting it) reads as missing and
  // is deleted by the next ForEach. Must outlive the store. Default: null,
  // records stored as plain protobuf.
  RecordCodec<T>* codec = nullptr;
  // Called after every successful write, under the store's write lock, so
  // before the write is acknowledged and in the order writes are applied:
  // `before` is null for a create, `after` null for a delete. Default: none.
  std::function<void(const T* before, const T* after)> observer;
  // Stamps update times, sequences owned entries and dates the supply
  // ledger's quarter. Must outlive the store. Default: the system clock.
  const Clock* clock = &SystemClock();
};

// T is passend::v1::Candidate or passend::v1::Vacancy.
template <typename T>
class RecordStore {
 public:
  explicit RecordStore(Database* db, RecordStoreOptions<T> options = {})
      : db_(db),
        observer_(std::move(options.observer)),
        audit_(options.audit),
        codec_(options.codec),
        clock_(options.clock) {}
  RecordStore(const RecordStore&) = delete;
  RecordStore& operator=(const RecordStore&) = delete;

  // Stores `record` under a new id, setting its output-only fields (name,
  // etag, create and update time). With a non-empty `request_id` that was
  // used before, writes nothing and returns the record that call created
  // (as it is now), unless `replay` refuses: it sees that record and the
  // `request_digest` the first call kept ("" if none), and its error is
  // returned instead. The digest identifies the request's body.
  // ALREADY_EXISTS when another record has the same external_ref.
  absl::StatusOr<T> Create(
      T record, absl::string_view request_id, const AuditActor* actor = nullptr,
      absl::string_view request_digest = "",
      const std::function<absl::Status(
          const T& first, absl::string_view first_digest)>& replay = nullptr);

  // NOT_FOUND when there is no record with this id.
  absl::StatusOr<T> Get(absl::string_view id) const;

  // Reads the record, calls `mutate` on it and stores the result with a new
  // etag. `check`, when set, sees the stored record first and may refuse
  // (before the etag is compared, so a refusal reveals nothing). ABORTED
  // when `expected_etag` is set and differs from the stored one; `mutate`'s
  // error is returned unchanged and nothing is written. `mutate` may not
  // change name, external_ref or the output-only fields.
  absl::StatusOr<T> Update(
      absl::string_view id, absl::string_view expected_etag,
      const std::function<absl::Status(T&)>& mutate,
      const std::function<absl::Status(const T&)>& check = nullptr,
      const AuditActor* actor = nullptr);

  // Removes the record and its index entries. ABORTED on an etag mismatch;
  // `check`, when set, sees the stored record first and may refuse.
  absl::Status Delete(
      absl::string_view id, absl::string_view expected_etag,
      const std::function<absl::Status(const T&)>& check = nullptr,
      const AuditActor* actor = nullptr);

  // One page of the records that match `query` (and `keep`, when set), in
  // key order.
  absl::StatusOr<ListPage<T>> List(
      const ListQuery& query,
      const std::function<bool(const T&)>& keep = nullptr) const;

  // Creates or replaces each record by its (non-empty) external_ref, as one
  // atomic write for the whole set. A replaced record keeps its name and
  // create time. Fills in each record's output-only fields. The returned
  // outcomes parallel `records`. `check`, when set, sees the stored record
  // (or null) and the new one first; a record it refuses is not written
  // and its outcome carries the refusal.
  using UpsertCheck = std::function<absl::Status(const T* stored, const T&)>;
  absl::StatusOr<std::vector<UpsertOutcome>> Upsert(
      std::vector<T>& records, const UpsertCheck& check = nullptr,
      const AuditActor* actor = nullptr);

  // Visits every stored record in id order until `visit` returns false.
  // Records erased but not yet deleted are not visited; their ids go to
  // `erased` when it is set, for FinishErasures.
  absl::Status ForEach(const std::function<bool(const T&)>& visit,
                       std::vector<std::string>* erased = nullptr) const;
  // Completes erasures cut short: deletes the records in `unreadable`
  // (from ForEach) whose key is gone, and erases the keys of records
  // deleted whose key erasure did not happen. Call at start-up.
  absl::Status FinishErasures(const std::vector<std::string>& unreadable);

  // Entries a record owns (e.g. a candidate's consent events): kept in
  // their own family under (record id, sequence), appended only while the
  // record exists and erased in the same write that deletes it.
  //
  // Appends `make(record, sequence)` to the record's entries in `family`
  // (one of Traits<T>::kOwned). Sequences increase per record: the
  // microseconds since the epoch when the entry was made, or one more than
  // the record's last sequence if the clock has not moved past it. NOT_FOUND
  // when there is no record with this id.
  using MakeOwned =
      std::function<absl::StatusOr<std::string>(const T&, uint64_t)>;
  absl::StatusOr<uint64_t> AppendOwned(absl::string_view id, Family family,
                                       const MakeOwned& make,
                                       const AuditActor* actor = nullptr);
  // Visits the record's entries in `family` in sequence order.
  absl::Status ForEachOwned(
      absl::string_view id, Family family,
      const std::function<bool(uint64_t sequence, absl::string_view value)>&
          visit) const;
  // One entry, or nullopt.
  absl::StatusOr<std::optional<std::string>> GetOwned(absl::string_view id,
                                                      Family family,
                                                      uint64_t sequence) const;
  // Every record's entries in `family`, by record id, then sequence.
  absl::Status ForEveryOwned(
      Family family,
      const std::function<bool(absl::string_view id, uint64_t sequence,
                               absl::string_view value)>& visit) const;

 private:
  friend class JointWrite;

  // Update's work without the write: stages the new record (and its index
  // changes) in `writes` and returns it, with the stored one in `previous`.
  absl::StatusOr<T> StageUpdate(
      absl::string_view id, const std::function<absl::Status(T&)>& mutate,
      WriteSet* writes, T* previous,
      const std::function<absl::Status(const T&)>& check = nullptr,
      absl::string_view expected_etag = "") const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  static std::string OwnedKey(absl::string_view id, uint64_t sequence);
  // Stages the record with its index entries, removing those of `previous`.
  absl::Status StagePut(const T& record, const T* previous,
                        WriteSet* writes) const;
  // Stages the removal of the record and every entry that goes with it.
  absl::Status StageDelete(absl::string_view id, const T& previous,
                           WriteSet* writes) const;
  // Erases a deleted record through the codec and clears its marker.
  absl::Status EraseAfterDelete(absl::string_view id);
  absl::StatusOr<std::string> Encode(absl::string_view id,
                                     const T& record) const;
  // With `ordered`, through it (a scan in id order).
  absl::Status Decode(
      absl::string_view id, absl::string_view bytes, T* record,
      typename RecordCodec<T>::OrderedDecoder* ordered = nullptr) const;
  absl::StatusOr<std::optional<std::string>> IdForExternalRef(
      absl::string_view ref) const;
  // ALREADY_EXISTS when a record other than `id` holds one of `record`'s
  // unique keys (external_ref, citizen number hash). With
  // `external_ref_resolved` the caller has already found which record holds
  // the external_ref, and it is not read again.
  absl::Status CheckUnique(const T& record, absl::string_view id,
                           bool external_ref_resolved) const;

  // Writes `writes`, with its audit entry when there is an audit log.
  absl::Status Commit(WriteSet writes, const AuditActor* actor,
                      const std::vector<std::string>& objects)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);

  void Notify(const T* before, const T* after) const {
    if (observer_) observer_(before, after);
  }

  Database* const db_;
  absl::Mutex write_mu_;
  const std::function<void(const T* before, const T* after)> observer_;
  AuditLog* const audit_;
  RecordCodec<T>* const codec_;
  const Clock* const clock_;
};

using CandidateStore = RecordStore<passend::v1::Candidate>;
using VacancyStore = RecordStore<passend::v1::Vacancy>;

}  // namespace passend::storage

#endif  // PASSEND_STORAGE_RECORD_STORE_H_
