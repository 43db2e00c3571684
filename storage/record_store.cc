#include "storage/record_store.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <random>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"
#include "google/protobuf/util/time_util.h"
#include "google/rpc/error_details.pb.h"
#include "storage/key_codec.h"
#include "storage/supply_flows.h"

namespace passend::storage {
namespace {

using passend::v1::Candidate;
using passend::v1::Vacancy;

// Key tags (the first byte of every key in a family).
constexpr uint8_t kRecordTag = 1;
constexpr uint8_t kRegionIndexTag = 2;
constexpr uint8_t kExternalRefTag = 3;
constexpr uint8_t kRequestTag = 4;
constexpr uint8_t kCitizenTag = 5;
constexpr uint8_t kRequestOfRecordTag = 6;

// Where each resource type lives and which fields its indexes use.
template <typename T>
struct Traits;

template <>
struct Traits<Candidate> {
  static constexpr absl::string_view kCollection = "candidates";
  static constexpr Family kRecords = Family::kCandidates;
  static constexpr Family kByRegion = Family::kCandidatesByRegion;
  static constexpr Family kByExternalRef = Family::kCandidatesByExternalRef;
  static constexpr uint8_t kRequestKind = 1;
  static constexpr Family kOwned[] = {Family::kConsentEvents,
                                      Family::kPlacements};
  static const std::string& Region(const Candidate& c) {
    return c.owner_region();
  }
  static const std::string& Citizen(const Candidate& c) {
    return c.citizen_number();
  }
  // What a replacing import keeps of the stored record: the citizen
  // number, if the replacement leaves it out.
  static void KeepServerFields(const Candidate& stored, Candidate& c) {
    if (c.citizen_number().empty()) {
      c.set_citizen_number(stored.citizen_number());
    }
  }
  static int Status(const Candidate& c) { return c.availability(); }
  // Stages what follows from a write beyond the record and its indexes:
  // the supply ledger's change.
  static void StageDerived(const Candidate* before, const Candidate* after,
                           absl::Time now, WriteSet* writes) {
    StageSupplyFlows(before, after, now, writes);
  }
};

template <>
struct Traits<Vacancy> {
  static constexpr absl::string_view kCollection = "vacancies";
  static constexpr Family kRecords = Family::kVacancies;
  static constexpr Family kByRegion = Family::kVacanciesByRegion;
  static constexpr Family kByExternalRef = Family::kVacanciesByExternalRef;
  static constexpr uint8_t kRequestKind = 2;
  static constexpr std::array<Family, 0> kOwned = {};
  static const std::string& Region(const Vacancy& v) { return v.region(); }
  static const std::string& Citizen(const Vacancy&) {
    static const std::string* const kNone = new std::string;
    return *kNone;
  }
  // Positions filled by placements stay filled.
  static void KeepServerFields(const Vacancy& stored, Vacancy& v) {
    v.set_filled_positions(stored.filled_positions());
  }
  static int Status(const Vacancy& v) { return v.status(); }
  static void StageDerived(const Vacancy*, const Vacancy*, absl::Time,
                           WriteSet*) {}
};

std::string RecordKey(absl::string_view id) {
  return KeyEncoder().Tag(kRecordTag).String(id).Release();
}

// Keys of a record's owned entries start with this.
std::string OwnedPrefix(absl::string_view id) {
  return KeyEncoder().String(id).Release();
}

std::string ExternalRefKey(absl::string_view ref) {
  return KeyEncoder().Tag(kExternalRefTag).String(ref).Release();
}

// The keys of the unique index (in the external-ref family) a record holds,
// each with the field it comes from: its external_ref and, for candidates,
// the keyed hash of its citizen number.
template <typename T>
std::vector<std::pair<std::string, absl::string_view>> UniqueKeys(
    const T& record) {
  std::vector<std::pair<std::string, absl::string_view>> keys;
  if (!record.external_ref().empty()) {
    keys.emplace_back(ExternalRefKey(record.external_ref()), "external_ref");
  }
  if (!Traits<T>::Citizen(record).empty()) {
    keys.emplace_back(KeyEncoder()
                          .Tag(kCitizenTag)
                          .String(Traits<T>::Citizen(record))
                          .Release(),
                      "citizen_number");
  }
  return keys;
}

template <typename T>
std::string RegionIndexKey(const T& record, absl::string_view id) {
  return KeyEncoder()
      .Tag(kRegionIndexTag)
      .String(Traits<T>::Region(record))
      .Uint8(static_cast<uint8_t>(Traits<T>::Status(record)))
      .String(id)
      .Release();
}

// Keys of the requests family: under kRequestTag a request id, under
// kRequestOfRecordTag the id of the record a request created (so that its
// delete can drop the body's digest from the request entry).
template <typename T>
std::string RequestsKey(uint8_t tag, absl::string_view id) {
  return KeyEncoder()
      .Tag(tag)
      .Uint8(Traits<T>::kRequestKind)
      .String(id)
      .Release();
}
template <typename T>
std::string RequestKey(absl::string_view request_id) {
  return RequestsKey<T>(kRequestTag, request_id);
}
template <typename T>
std::string RequestOfRecordKey(absl::string_view id) {
  return RequestsKey<T>(kRequestOfRecordTag, id);
}

template <typename T>
absl::string_view IdOf(const T& record) {
  absl::string_view name = record.name();
  name.remove_prefix(Traits<T>::kCollection.size() + 1);
  return name;
}

// (record id, sequence) from an owned entry's key.
absl::Status DecodeOwnedKey(absl::string_view key, Family family,
                            std::string* owner, uint64_t* sequence) {
  KeyDecoder decoder(key);
  if (!decoder.String(owner) || !decoder.Uint64(sequence) || !decoder.done()) {
    return absl::DataLossError(
        absl::StrCat("malformed key in ", Database::FamilyName(family)));
  }
  return absl::OkStatus();
}

// Revisions start at 1; the etag is the revision in decimal.
int64_t Revision(absl::string_view etag) {
  int64_t revision = 0;
  return absl::SimpleAtoi(etag, &revision) ? revision : 0;
}

template <typename T>
void Stamp(T& record, int64_t revision, absl::Time now) {
  *record.mutable_update_time() =
      google::protobuf::util::TimeUtil::NanosecondsToTimestamp(
          absl::ToUnixNanos(now));
  if (!record.has_create_time()) {
    *record.mutable_create_time() = record.update_time();
  }
  record.set_etag(absl::StrCat(revision));
}

constexpr absl::string_view kIdAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";
constexpr int kIdLength = 26;

}  // namespace

absl::Status StaleEtagError(absl::string_view name, absl::string_view read,
                            absl::string_view current) {
  absl::Status status = absl::AbortedError(
      absl::StrCat(name, " changed since etag ", read, " was read (now ",
                   current, "); read it again and retry"));
  google::rpc::PreconditionFailure failure;
  google::rpc::PreconditionFailure::Violation* violation =
      failure.add_violations();
  violation->set_type("ETAG");
  violation->set_subject(std::string(name));
  violation->set_description(
      "the record changed since this etag was read; read it again and retry");
  status.SetPayload("type.googleapis.com/google.rpc.PreconditionFailure",
                    absl::Cord(failure.SerializeAsString()));
  return status;
}

std::string NewResourceId() {
  // std::random_device reads the kernel's entropy pool; a thread-local
  // 64-bit engine seeded from it per call would be no better.
  thread_local std::random_device device;
  unsigned __int128 bits = 0;
  for (int i = 0; i < 4; ++i) bits = (bits << 32) | device();
  std::string id(kIdLength, '0');
  for (int i = 0; i < kIdLength; ++i) {
    id[i] = kIdAlphabet[static_cast<int>(bits & 31)];
    bits >>= 5;
  }
  return id;
}

bool IsValidResourceId(absl::string_view id) {
  if (id.size() != kIdLength) return false;
  for (char c : id) {
    if (kIdAlphabet.find(c) == absl::string_view::npos) return false;
  }
  return true;
}

template <typename T>
absl::StatusOr<std::string> RecordStore<T>::Encode(absl::string_view id,
                                                   const T& record) const {
  if (codec_ == nullptr) return record.SerializeAsString();
  return codec_->Encode(id, record);
}

template <typename T>
absl::Status RecordStore<T>::Decode(
    absl::string_view id, absl::string_view bytes, T* record,
    typename RecordCodec<T>::OrderedDecoder* ordered) const {
  if (ordered != nullptr) return ordered->Decode(id, bytes, record);
  if (codec_ != nullptr) return codec_->Decode(id, bytes, record);
  if (!record->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError(
        absl::StrCat("undecodable record ", Traits<T>::kCollection, "/", id));
  }
  return absl::OkStatus();
}

template <typename T>
absl::Status RecordStore<T>::StagePut(const T& record, const T* previous,
                                      WriteSet* writes) const {
  absl::string_view id = IdOf(record);
  ASSIGN_OR_RETURN(std::string bytes, Encode(id, record));
  writes->Put(Traits<T>::kRecords, RecordKey(id), bytes);
  std::string index_key = RegionIndexKey(record, id);
  if (previous != nullptr) {
    std::string old_index_key = RegionIndexKey(*previous, id);
    if (old_index_key != index_key) {
      writes->Delete(Traits<T>::kByRegion, old_index_key);
    }
  }
  writes->Put(Traits<T>::kByRegion, index_key, "");
  Traits<T>::StageDerived(previous, &record, clock_->Now(), writes);
  const auto keys = UniqueKeys(record);
  for (const auto& [key, field] : keys) {
    writes->Put(Traits<T>::kByExternalRef, key, id);
  }
  if (previous != nullptr) {
    for (const auto& old : UniqueKeys(*previous)) {
      const std::string& old_key = old.first;
      if (std::none_of(keys.begin(), keys.end(),
                       [&](const auto& k) { return k.first == old_key; })) {
        writes->Delete(Traits<T>::kByExternalRef, old_key);
      }
    }
  }
  return absl::OkStatus();
}

template <typename T>
absl::Status RecordStore<T>::StageDelete(absl::string_view id,
                                         const T& previous,
                                         WriteSet* writes) const {
  // The request entry stays, so that a late retry is told the record was
  // deleted instead of creating it again, but loses the digest of the body:
  // nothing derived from a deleted record's data outlives it.
  ASSIGN_OR_RETURN(std::optional<std::string> request,
                   db_->Get(Family::kRequests, RequestOfRecordKey<T>(id)));
  if (request.has_value()) {
    writes->Put(Family::kRequests, *request, id);
    writes->Delete(Family::kRequests, RequestOfRecordKey<T>(id));
  }
  writes->Delete(Traits<T>::kRecords, RecordKey(id));
  writes->Delete(Traits<T>::kByRegion, RegionIndexKey(previous, id));
  for (const auto& [key, field] : UniqueKeys(previous)) {
    writes->Delete(Traits<T>::kByExternalRef, key);
  }
  for (Family owned : Traits<T>::kOwned) {
    writes->DeletePrefix(owned, OwnedPrefix(id));
  }
  Traits<T>::StageDerived(&previous, nullptr, clock_->Now(), writes);
  // Deleted here, erased (its key) after: the marker survives a crash in
  // between, and FinishErasures completes the erasure.
  if (codec_ != nullptr) writes->Put(Family::kErasures, RecordKey(id), "");
  return absl::OkStatus();
}

template <typename T>
absl::StatusOr<std::optional<std::string>> RecordStore<T>::IdForExternalRef(
    absl::string_view ref) const {
  return db_->Get(Traits<T>::kByExternalRef, ExternalRefKey(ref));
}

template <typename T>
absl::Status RecordStore<T>::CheckUnique(const T& record, absl::string_view id,
                                         bool external_ref_resolved) const {
  for (const auto& [key, field] : UniqueKeys(record)) {
    if (external_ref_resolved && field == "external_ref") continue;
    ASSIGN_OR_RETURN(std::optional<std::string> holder,
                     db_->Get(Traits<T>::kByExternalRef, key));
    if (!holder.has_value() || *holder == id) continue;
    // The other record is not named: it may lie outside the caller's scope.
    if (field == "external_ref") {
      return absl::AlreadyExistsError(
          "external_ref is already used by another record");
    }
    return absl::AlreadyExistsError(
        "citizen_number is already registered for another candidate");
  }
  return absl::OkStatus();
}

template <typename T>
absl::StatusOr<T> RecordStore<T>::Create(
    T record, absl::string_view request_id, const AuditActor* actor,
    absl::string_view request_digest,
    const std::function<absl::Status(const T&, absl::string_view)>& replay) {
  absl::MutexLock lock(&write_mu_);
  WriteSet writes;
  if (!request_id.empty()) {
    std::string key = RequestKey<T>(request_id);
    ASSIGN_OR_RETURN(std::optional<std::string> first,
                     db_->Get(Family::kRequests, key));
    if (first.has_value()) {
      // The record this request created, as it is now: no copy of a
      // record is kept beside it (it would outlive an erasure), only the
      // id and the body's digest.
      std::pair<absl::string_view, absl::string_view> kept =
          absl::StrSplit(*first, absl::MaxSplits('\0', 1));
      absl::StatusOr<T> created = Get(kept.first);
      if (absl::IsNotFound(created.status())) {
        return absl::NotFoundError(
            absl::StrCat(Traits<T>::kCollection, "/", kept.first,
                         ", created by this request, has since been deleted"));
      }
      if (created.ok() && replay) {
        RETURN_IF_ERROR(replay(*created, kept.second));
      }
      return created;
    }
  }
  const std::string id = NewResourceId();
  RETURN_IF_ERROR(CheckUnique(record, id, /*external_ref_resolved=*/false));
  record.set_name(absl::StrCat(Traits<T>::kCollection, "/", id));
  record.clear_create_time();
  Stamp(record, 1, clock_->Now());
  RETURN_IF_ERROR(StagePut(record, nullptr, &writes));
  if (!request_id.empty()) {
    writes.Put(
        Family::kRequests, RequestKey<T>(request_id),
        request_digest.empty()
            ? id
            : absl::StrCat(id, absl::string_view("\0", 1), request_digest));
    if (!request_digest.empty()) {
      writes.Put(Family::kRequests, RequestOfRecordKey<T>(id),
                 RequestKey<T>(request_id));
    }
  }
  RETURN_IF_ERROR(Commit(std::move(writes), actor, {record.name()}));
  Notify(nullptr, &record);
  return record;
}

template <typename T>
absl::StatusOr<T> RecordStore<T>::Get(absl::string_view id) const {
  ASSIGN_OR_RETURN(std::optional<std::string> bytes,
                   db_->Get(Traits<T>::kRecords, RecordKey(id)));
  if (!bytes.has_value()) {
    return absl::NotFoundError(
        absl::StrCat(Traits<T>::kCollection, "/", id, " does not exist"));
  }
  T record;
  absl::Status decoded = Decode(id, *bytes, &record);
  if (absl::IsNotFound(decoded)) {
    return absl::NotFoundError(
        absl::StrCat(Traits<T>::kCollection, "/", id, " does not exist"));
  }
  RETURN_IF_ERROR(decoded);
  return record;
}

template <typename T>
absl::StatusOr<T> RecordStore<T>::Update(
    absl::string_view id, absl::string_view expected_etag,
    const std::function<absl::Status(T&)>& mutate,
    const std::function<absl::Status(const T&)>& check,
    const AuditActor* actor) {
  absl::MutexLock lock(&write_mu_);
  WriteSet writes;
  T previous;
  ASSIGN_OR_RETURN(T record, StageUpdate(id, mutate, &writes, &previous, check,
                                         expected_etag));
  RETURN_IF_ERROR(Commit(std::move(writes), actor, {record.name()}));
  Notify(&previous, &record);
  return record;
}

template <typename T>
absl::StatusOr<T> RecordStore<T>::StageUpdate(
    absl::string_view id, const std::function<absl::Status(T&)>& mutate,
    WriteSet* writes, T* previous_out,
    const std::function<absl::Status(const T&)>& check,
    absl::string_view expected_etag) const {
  ASSIGN_OR_RETURN(T previous, Get(id));
  if (check) RETURN_IF_ERROR(check(previous));
  if (!expected_etag.empty() && expected_etag != previous.etag()) {
    return StaleEtagError(previous.name(), expected_etag, previous.etag());
  }
  T record = previous;
  RETURN_IF_ERROR(mutate(record));
  record.set_name(previous.name());
  record.set_external_ref(previous.external_ref());
  *record.mutable_create_time() = previous.create_time();
  Stamp(record, Revision(previous.etag()) + 1, clock_->Now());
  // external_ref is immutable: it still names this record.
  RETURN_IF_ERROR(CheckUnique(record, id, /*external_ref_resolved=*/true));
  RETURN_IF_ERROR(StagePut(record, &previous, writes));
  *previous_out = std::move(previous);
  return record;
}

template <typename T>
absl::Status RecordStore<T>::Delete(
    absl::string_view id, absl::string_view expected_etag,
    const std::function<absl::Status(const T&)>& check,
    const AuditActor* actor) {
  absl::MutexLock lock(&write_mu_);
  ASSIGN_OR_RETURN(T previous, Get(id));
  if (check) RETURN_IF_ERROR(check(previous));
  if (!expected_etag.empty() && expected_etag != previous.etag()) {
    return StaleEtagError(previous.name(), expected_etag, previous.etag());
  }
  WriteSet writes;
  RETURN_IF_ERROR(StageDelete(id, previous, &writes));
  RETURN_IF_ERROR(Commit(std::move(writes), actor, {previous.name()}));
  Notify(&previous, nullptr);
  // The record is gone; should erasing its key fail, the marker written
  // with the delete makes FinishErasures complete it at the next start.
  if (absl::Status erased = EraseAfterDelete(id); !erased.ok()) {
    std::fprintf(stderr,
                 "passend: erasing the key of %s/%.*s failed (%.*s); it "
                 "will be erased at the next start\n",
                 std::string(Traits<T>::kCollection).c_str(),
                 static_cast<int>(id.size()), id.data(),
                 static_cast<int>(erased.message().size()),
                 erased.message().data());
  }
  return absl::OkStatus();
}

template <typename T>
absl::StatusOr<uint64_t> RecordStore<T>::AppendOwned(absl::string_view id,
                                                     Family family,
                                                     const MakeOwned& make,
                                                     const AuditActor* actor) {
  absl::MutexLock lock(&write_mu_);
  ASSIGN_OR_RETURN(T record, Get(id));
  const uint64_t now = static_cast<uint64_t>(absl::ToUnixMicros(clock_->Now()));
  // Never before the record's last entry, even if the clock stepped back
  // across a restart: the order of consent events decides.
  uint64_t last_of_record = 0;
  RETURN_IF_ERROR(ForEachOwned(id, family, [&](uint64_t s, absl::string_view) {
    last_of_record = std::max(last_of_record, s);
    return true;
  }));
  const uint64_t sequence = std::max(now, last_of_record + 1);
  ASSIGN_OR_RETURN(std::string value, make(record, sequence));
  WriteSet writes;
  writes.Put(family, OwnedKey(id, sequence), value);
  RETURN_IF_ERROR(Commit(std::move(writes), actor, {record.name()}));
  return sequence;
}

template <typename T>
absl::Status RecordStore<T>::ForEachOwned(
    absl::string_view id, Family family,
    const std::function<bool(uint64_t, absl::string_view)>& visit) const {
  absl::Status bad_key;
  RETURN_IF_ERROR(db_->ScanPrefix(
      family, OwnedPrefix(id),
      [&](absl::string_view key, absl::string_view value) {
        std::string owner;
        uint64_t sequence = 0;
        bad_key = DecodeOwnedKey(key, family, &owner, &sequence);
        return bad_key.ok() && visit(sequence, value);
      }));
  return bad_key;
}

template <typename T>
std::string RecordStore<T>::OwnedKey(absl::string_view id, uint64_t sequence) {
  return KeyEncoder().String(id).Uint64(sequence).Release();
}

template <typename T>
absl::StatusOr<std::optional<std::string>> RecordStore<T>::GetOwned(
    absl::string_view id, Family family, uint64_t sequence) const {
  return db_->Get(family, OwnedKey(id, sequence));
}

template <typename T>
absl::Status RecordStore<T>::ForEveryOwned(
    Family family,
    const std::function<bool(absl::string_view, uint64_t, absl::string_view)>&
        visit) const {
  absl::Status bad_key;
  RETURN_IF_ERROR(db_->Scan(
      family, "", "", [&](absl::string_view key, absl::string_view value) {
        std::string owner;
        uint64_t sequence = 0;
        bad_key = DecodeOwnedKey(key, family, &owner, &sequence);
        return bad_key.ok() && visit(owner, sequence, value);
      }));
  return bad_key;
}

template <typename T>
absl::Status RecordStore<T>::Commit(WriteSet writes, const AuditActor* actor,
                                    const std::vector<std::string>& objects) {
  if (audit_ == nullptr) return db_->Write(writes);
  static const AuditActor* const kUnattributed =
      new AuditActor{"(unattributed)", "(storage)"};
  return audit_->Record(actor != nullptr ? *actor : *kUnattributed, objects,
                        "OK", std::move(writes));
}

template <typename T>
absl::StatusOr<ListPage<T>> RecordStore<T>::List(
    const ListQuery& query, const std::function<bool(const T&)>& keep) const {
  if (query.limit <= 0) {
    return absl::InvalidArgumentError("ListQuery.limit must be positive");
  }
  ListPage<T> page;
  absl::Status inner = absl::OkStatus();
  // Collects up to `limit` records; one more match sets `more`.
  auto take = [&](absl::string_view key, const T& record) {
    if (keep && !keep(record)) return true;
    if (static_cast<int>(page.records.size()) == query.limit) {
      page.more = true;
      return false;
    }
    page.records.push_back(record);
    page.last_key = std::string(key);
    return true;
  };
  // Never before the prefix: a page token names a key, and one made up by
  // hand must not reach outside the query's range.
  auto start_after = [&](const std::string& prefix) {
    return query.after_key.empty() ? prefix
                                   : std::max(prefix, query.after_key + '\0');
  };

  if (!query.region.empty()) {
    KeyEncoder prefix;
    prefix.Tag(kRegionIndexTag).String(query.region);
    if (query.status != 0) prefix.Uint8(static_cast<uint8_t>(query.status));
    std::string start = start_after(prefix.key());
    RETURN_IF_ERROR(
        db_->Scan(Traits<T>::kByRegion, start, PrefixSuccessor(prefix.key()),
                  [&](absl::string_view key, absl::string_view) {
                    KeyDecoder decoder(key);
                    uint8_t tag, status;
                    std::string region, id;
                    if (!decoder.Tag(&tag) || !decoder.String(&region) ||
                        !decoder.Uint8(&status) || !decoder.String(&id)) {
                      inner = absl::DataLossError("malformed region index key");
                      return false;
                    }
                    absl::StatusOr<T> record = Get(id);
                    // Erased, its deletion not finished: not listed.
                    if (absl::IsNotFound(record.status())) return true;
                    if (!record.ok()) {
                      inner = absl::DataLossError(absl::StrCat(
                          "region index names a missing record: ", id));
                      return false;
                    }
                    return take(key, *record);
                  }));
  } else {
    std::string prefix = KeyEncoder().Tag(kRecordTag).Release();
    RETURN_IF_ERROR(db_->Scan(
        Traits<T>::kRecords, start_after(prefix), PrefixSuccessor(prefix),
        [&](absl::string_view key, absl::string_view value) {
          std::string id;
          T record;
          KeyDecoder decoder(key);
          uint8_t tag = 0;
          if (!decoder.Tag(&tag) || !decoder.String(&id)) {
            inner = absl::DataLossError("undecodable record key");
            return false;
          }
          absl::Status decoded = Decode(id, value, &record);
          if (absl::IsNotFound(decoded)) return true;  // erased
          if (!decoded.ok()) {
            inner = decoded;
            return false;
          }
          if (query.status != 0 && Traits<T>::Status(record) != query.status) {
            return true;
          }
          return take(key, record);
        }));
  }
  RETURN_IF_ERROR(inner);
  return page;
}

template <typename T>
absl::StatusOr<std::vector<UpsertOutcome>> RecordStore<T>::Upsert(
    std::vector<T>& records, const UpsertCheck& check,
    const AuditActor* actor) {
  absl::MutexLock lock(&write_mu_);
  std::vector<UpsertOutcome> outcomes(records.size());
  // Records written earlier in this same set, by external_ref, so a ref that
  // appears twice updates the first instead of creating two records.
  absl::flat_hash_map<std::string, size_t> staged;
  // Unique keys staged in this set, with the record id holding each.
  absl::flat_hash_map<std::string, std::string> staged_keys;
  std::vector<std::optional<T>> previous_versions(records.size());
  std::vector<std::string> new_ids;
  for (size_t i = 0; i < records.size(); ++i) {
    T& record = records[i];
    if (record.external_ref().empty()) {
      outcomes[i].status =
          absl::InvalidArgumentError("external_ref is required for import");
      continue;
    }
    std::optional<T> previous;
    if (auto it = staged.find(record.external_ref()); it != staged.end()) {
      previous = records[it->second];
    } else {
      ASSIGN_OR_RETURN(std::optional<std::string> id,
                       IdForExternalRef(record.external_ref()));
      if (id.has_value()) {
        ASSIGN_OR_RETURN(previous, Get(*id));
      }
    }
    if (check) {
      outcomes[i].status =
          check(previous.has_value() ? &*previous : nullptr, record);
      if (!outcomes[i].status.ok()) continue;
    }
    const std::string id =
        previous.has_value() ? std::string(IdOf(*previous)) : NewResourceId();
    if (previous.has_value()) Traits<T>::KeepServerFields(*previous, record);
    // The external_ref was looked up above to find `previous`.
    outcomes[i].status =
        CheckUnique(record, id, /*external_ref_resolved=*/true);
    for (const auto& [key, field] : UniqueKeys(record)) {
      auto it = staged_keys.find(key);
      if (outcomes[i].status.ok() && it != staged_keys.end() &&
          it->second != id) {
        outcomes[i].status = absl::AlreadyExistsError(
            absl::StrCat(field, " is already used in this import"));
      }
    }
    if (!outcomes[i].status.ok()) continue;
    if (previous.has_value()) {
      record.set_name(previous->name());
      *record.mutable_create_time() = previous->create_time();
      Stamp(record, Revision(previous->etag()) + 1, clock_->Now());
    } else {
      record.set_name(absl::StrCat(Traits<T>::kCollection, "/", id));
      record.clear_create_time();
      Stamp(record, 1, clock_->Now());
      outcomes[i].created = true;
      new_ids.push_back(id);
    }
    for (const auto& [key, field] : UniqueKeys(record)) staged_keys[key] = id;
    staged[record.external_ref()] = i;
    previous_versions[i] = std::move(previous);
  }
  // The new records' data keys in one durable write, not one each.
  if (codec_ != nullptr && !new_ids.empty()) {
    RETURN_IF_ERROR(codec_->Reserve(new_ids));
  }
  WriteSet writes;
  for (size_t i = 0; i < records.size(); ++i) {
    if (!outcomes[i].status.ok()) continue;
    RETURN_IF_ERROR(StagePut(
        records[i],
        previous_versions[i].has_value() ? &*previous_versions[i] : nullptr,
        &writes));
  }
  std::vector<std::string> written;
  for (size_t i = 0; i < records.size(); ++i) {
    if (outcomes[i].status.ok()) written.push_back(records[i].name());
  }
  if (!writes.empty())
    RETURN_IF_ERROR(Commit(std::move(writes), actor, written));
  for (size_t i = 0; i < records.size(); ++i) {
    if (!outcomes[i].status.ok()) continue;
    Notify(previous_versions[i].has_value() ? &*previous_versions[i] : nullptr,
           &records[i]);
  }
  return outcomes;
}

template <typename T>
absl::Status RecordStore<T>::ForEach(const std::function<bool(const T&)>& visit,
                                     std::vector<std::string>* erased) const {
  absl::Status inner = absl::OkStatus();
  // One message, parsed into again and again: its allocations are reused.
  T record;
  std::string id;
  // Records come in id order: the codec may read its keys in step.
  std::unique_ptr<typename RecordCodec<T>::OrderedDecoder> ordered =
      codec_ == nullptr ? nullptr : codec_->NewOrderedDecoder();
  std::string prefix = KeyEncoder().Tag(kRecordTag).Release();
  RETURN_IF_ERROR(db_->ScanPrefix(
      Traits<T>::kRecords, prefix,
      [&](absl::string_view key, absl::string_view value) {
        KeyDecoder decoder(key);
        uint8_t tag = 0;
        if (!decoder.Tag(&tag) || !decoder.String(&id)) {
          inner = absl::DataLossError("undecodable record key");
          return false;
        }
        record.Clear();
        absl::Status decoded = Decode(id, value, &record, ordered.get());
        if (absl::IsNotFound(decoded)) {
          if (erased != nullptr) erased->push_back(id);
          return true;
        }
        if (!decoded.ok()) {
          inner = decoded;
          return false;
        }
        return visit(record);
      }));
  return inner;
}

template <typename T>
absl::Status RecordStore<T>::EraseAfterDelete(absl::string_view id) {
  if (codec_ == nullptr) return absl::OkStatus();
  RETURN_IF_ERROR(codec_->Erase(id));
  WriteSet done;
  done.Delete(Family::kErasures, RecordKey(id));
  return db_->Write(done, /*sync=*/false);
}

template <typename T>
absl::Status RecordStore<T>::FinishErasures(
    const std::vector<std::string>& unreadable) {
  absl::MutexLock lock(&write_mu_);
  // Records whose key is gone but which are still stored.
  for (const std::string& id : unreadable) {
    ASSIGN_OR_RETURN(std::optional<std::string> bytes,
                     db_->Get(Traits<T>::kRecords, RecordKey(id)));
    if (!bytes.has_value()) continue;
    T readable;
    absl::Status decoded = Decode(id, *bytes, &readable);
    if (!absl::IsNotFound(decoded)) continue;  // not erased after all
    WriteSet writes;
    RETURN_IF_ERROR(StageDelete(id, readable, &writes));
    static const AuditActor* const kErasure =
        new AuditActor{"(passend)", "(finishing an erasure)"};
    RETURN_IF_ERROR(Commit(std::move(writes), kErasure,
                           {absl::StrCat(Traits<T>::kCollection, "/", id)}));
  }
  // Records deleted whose key may not be erased yet.
  std::vector<std::string> marked;
  RETURN_IF_ERROR(
      db_->ScanPrefix(Family::kErasures, KeyEncoder().Tag(kRecordTag).key(),
                      [&](absl::string_view key, absl::string_view) {
                        KeyDecoder decoder(key);
                        uint8_t tag = 0;
                        std::string id;
                        if (decoder.Tag(&tag) && decoder.String(&id))
                          marked.push_back(id);
                        return true;
                      }));
  for (const std::string& id : marked) RETURN_IF_ERROR(EraseAfterDelete(id));
  return absl::OkStatus();
}

template class RecordStore<Candidate>;
template class RecordStore<Vacancy>;

}  // namespace passend::storage
