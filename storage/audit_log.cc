#include "storage/audit_log.h"

#include <openssl/sha.h>

#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/time_util.h"
#include "storage/crypto.h"
#include "storage/key_codec.h"

namespace passend::storage {
namespace {

using passend::v1::AuditEntry;

// The chain's head (last sequence and hash) in the meta family, written
// with every entry, so that entries cut off the end are detected too.
constexpr absl::string_view kHeadKey = "audit_head";

std::string EntryKey(uint64_t sequence) {
  return KeyEncoder().Uint64(sequence).Release();
}

std::string ObjectKey(absl::string_view object, uint64_t sequence) {
  return KeyEncoder().String(object).Uint64(sequence).Release();
}

// HMAC-SHA-256 under `key` of the previous hash, then the entry without its
// own hash, serialized deterministically. Keyed, so that someone who can
// write the database but lacks the key cannot forge a consistent chain.
std::string ChainHash(absl::string_view key, const AuditEntry& entry) {
  // A new entry has no hash yet: it is hashed as it is, without a copy.
  std::optional<AuditEntry> unhashed;
  if (!entry.hash().empty()) {
    unhashed = entry;
    unhashed->clear_hash();
  }
  std::string bytes = entry.previous_hash();
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    (unhashed.has_value() ? *unhashed : entry).SerializeToCodedStream(&coded);
  }
  return KeyedHash(key, bytes);
}

std::string EncodeHead(uint64_t sequence, absl::string_view hash) {
  return absl::StrCat(KeyEncoder().Uint64(sequence).key(), hash);
}

}  // namespace

absl::StatusOr<std::unique_ptr<AuditLog>> AuditLog::Open(
    Database* db, AuditLogOptions options) {
  std::unique_ptr<AuditLog> log(new AuditLog(db, std::move(options)));
  ASSIGN_OR_RETURN(std::optional<std::string> head,
                   db->Get(Family::kMeta, kHeadKey));
  absl::MutexLock lock(&log->mu_);
  log->last_hash_.assign(SHA256_DIGEST_LENGTH, '\0');
  if (head.has_value()) {
    KeyDecoder decoder(*head);
    if (!decoder.Uint64(&log->last_sequence_) ||
        decoder.rest().size() != SHA256_DIGEST_LENGTH) {
      return absl::DataLossError("the audit chain's head is unreadable");
    }
    log->last_hash_ = std::string(decoder.rest());
  }
  log->written_sequence_ = log->last_sequence_;
  log->written_hash_ = log->last_hash_;
  // An entry past the head means the head was lost or rolled back: going
  // on would overwrite entries.
  ASSIGN_OR_RETURN(std::optional<std::string> beyond,
                   db->Get(Family::kAudit, EntryKey(log->last_sequence_ + 1)));
  if (beyond.has_value()) {
    return absl::DataLossError(
        absl::StrCat("the audit log holds entry ", log->last_sequence_ + 1,
                     " beyond its recorded head; refusing to overwrite it"));
  }
  return log;
}

absl::Status AuditLog::Record(const AuditActor& actor,
                              const std::vector<std::string>& objects,
                              absl::string_view result, WriteSet change) {
  absl::MutexLock lock(&mu_);
  AuditEntry entry;
  entry.set_sequence(last_sequence_ + 1);
  *entry.mutable_time() =
      google::protobuf::util::TimeUtil::NanosecondsToTimestamp(
          absl::ToUnixNanos(options_.clock->Now()));
  entry.set_actor(actor.principal);
  entry.set_action(actor.action);
  for (const std::string& object : objects) entry.add_objects(object);
  entry.set_result(std::string(result));
  entry.set_previous_hash(last_hash_);
  entry.set_hash(ChainHash(options_.chain_key, entry));

  if (options_.fault) RETURN_IF_ERROR(options_.fault());
  queued_.Append(std::move(change));
  queued_.Put(Family::kAudit, EntryKey(entry.sequence()),
              entry.SerializeAsString());
  for (const std::string& object : objects) {
    queued_.Put(Family::kAuditByObject, ObjectKey(object, entry.sequence()),
                "");
  }
  queued_.Put(Family::kMeta, kHeadKey,
              EncodeHead(entry.sequence(), entry.hash()));
  last_sequence_ = entry.sequence();
  last_hash_ = entry.hash();
  Waiter waiter;
  queued_waiters_.push_back(&waiter);
  while (!waiter.done) {
    if (writing_) {
      written_.Wait(&mu_);
    } else {
      WriteQueued();
    }
  }
  return waiter.status;
}

void AuditLog::WriteQueued() {
  writing_ = true;
  WriteSet writes = std::move(queued_);
  queued_ = WriteSet();
  std::vector<Waiter*> waiters = std::move(queued_waiters_);
  queued_waiters_.clear();
  const uint64_t sequence = last_sequence_;
  const std::string hash = last_hash_;
  mu_.Unlock();
  const absl::Status status = db_->Write(writes, /*sync=*/true);
  mu_.Lock();
  writing_ = false;
  if (status.ok()) {
    written_sequence_ = sequence;
    written_hash_ = hash;
  } else {
    // The entries queued meanwhile chain onto the lost ones: they fail
    // too, and the chain goes on from what was written.
    waiters.insert(waiters.end(), queued_waiters_.begin(),
                   queued_waiters_.end());
    queued_waiters_.clear();
    queued_ = WriteSet();
    last_sequence_ = written_sequence_;
    last_hash_ = written_hash_;
  }
  for (Waiter* waiter : waiters) {
    waiter->done = true;
    waiter->status = status;
  }
  written_.SignalAll();
}

absl::StatusOr<passend::v1::VerifyAuditChainResponse> AuditLog::Verify() const {
  // Entries and head must be read as of one moment.
  absl::MutexLock lock(&mu_);
  passend::v1::VerifyAuditChainResponse response;
  response.set_intact(true);
  std::string previous_hash(SHA256_DIGEST_LENGTH, '\0');
  uint64_t expected = 1;
  auto broken = [&](uint64_t sequence, std::string problem) {
    response.set_intact(false);
    response.set_first_broken_sequence(sequence);
    response.set_problem(std::move(problem));
  };
  RETURN_IF_ERROR(db_->Scan(
      Family::kAudit, "", "",
      [&](absl::string_view key, absl::string_view value) {
        AuditEntry entry;
        KeyDecoder decoder(key);
        uint64_t sequence = 0;
        if (!decoder.Uint64(&sequence) || !decoder.done() ||
            !entry.ParseFromArray(value.data(),
                                  static_cast<int>(value.size()))) {
          broken(expected, "unreadable entry");
          return false;
        }
        if (sequence != expected || entry.sequence() != sequence) {
          broken(expected, absl::StrCat("entry ", expected, " is missing"));
          return false;
        }
        if (entry.previous_hash() != previous_hash) {
          broken(sequence, "does not link to the entry before it");
          return false;
        }
        if (entry.hash() != ChainHash(options_.chain_key, entry)) {
          broken(sequence, "its content does not match its hash");
          return false;
        }
        response.set_entries_checked(sequence);
        previous_hash = entry.hash();
        ++expected;
        return true;
      }));
  if (!response.intact()) return response;
  ASSIGN_OR_RETURN(std::optional<std::string> head,
                   db_->Get(Family::kMeta, kHeadKey));
  const uint64_t last = expected - 1;
  if (last == 0 ? head.has_value() : head != EncodeHead(last, previous_hash)) {
    broken(last + 1, "entries after this one were removed");
  }
  return response;
}

absl::StatusOr<std::vector<AuditEntry>> AuditLog::ForObject(
    absl::string_view object) const {
  std::vector<uint64_t> sequences;
  RETURN_IF_ERROR(db_->ScanPrefix(
      Family::kAuditByObject, KeyEncoder().String(object).key(),
      [&](absl::string_view key, absl::string_view) {
        KeyDecoder decoder(key);
        std::string name;
        uint64_t sequence = 0;
        if (decoder.String(&name) && decoder.Uint64(&sequence)) {
          sequences.push_back(sequence);
        }
        return true;
      }));
  std::vector<AuditEntry> entries;
  for (uint64_t sequence : sequences) {
    ASSIGN_OR_RETURN(std::optional<std::string> value,
                     db_->Get(Family::kAudit, EntryKey(sequence)));
    if (!value.has_value() || !entries.emplace_back().ParseFromString(*value)) {
      return absl::DataLossError(
          absl::StrCat("audit entry ", sequence, " is missing or unreadable"));
    }
  }
  return entries;
}

}  // namespace passend::storage
