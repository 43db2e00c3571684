// How records are laid out on disk. RecordStore stores a record as its
// serialized message unless it has a codec; CandidateSealer is the codec
// that seals a candidate's sensitive fields with the candidate's data key.
#ifndef PASSEND_STORAGE_RECORD_CODEC_H_
#define PASSEND_STORAGE_RECORD_CODEC_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "google/protobuf/descriptor.h"
#include "passend/v1/candidate.pb.h"
#include "storage/key_vault.h"

namespace passend::storage {

template <typename T>
class RecordCodec {
 public:
  virtual ~RecordCodec() = default;
  // The bytes to store for record `id`.
  virtual absl::StatusOr<std::string> Encode(absl::string_view id,
                                             const T& record) = 0;
  // Reads `bytes` of record `id` into `record`. NOT_FOUND when the record
  // was erased (its key is gone); `record` then holds what is readable.
  virtual absl::Status Decode(absl::string_view id, absl::string_view bytes,
                              T* record) const = 0;
  // Makes every stored copy of record `id` unreadable.
  virtual absl::Status Erase(absl::string_view id) = 0;
  // Prepares, in one go, for the first Encode of each of these new records.
  virtual absl::Status Reserve(const std::vector<std::string>& new_ids) = 0;

  // Decodes records visited in ascending id order (a full scan), which a
  // codec may do faster than one Decode at a time.
  class OrderedDecoder {
   public:
    virtual ~OrderedDecoder() = default;
    // As RecordCodec::Decode. REQUIRES: ids ascending.
    virtual absl::Status Decode(absl::string_view id, absl::string_view bytes,
                                T* record) = 0;
  };
  virtual std::unique_ptr<OrderedDecoder> NewOrderedDecoder() const = 0;
};

// Seals every field of a candidate marked [(sensitive) = true] except the
// two that unique indexes need readable: external_ref and citizen_number
// (which holds only a keyed hash by the time it is stored).
class CandidateSealer final : public RecordCodec<passend::v1::Candidate> {
 public:
  // `vault` must outlive the sealer.
  explicit CandidateSealer(KeyVault* vault);

  absl::StatusOr<std::string> Encode(
      absl::string_view id, const passend::v1::Candidate& record) override;
  absl::Status Decode(absl::string_view id, absl::string_view bytes,
                      passend::v1::Candidate* record) const override;
  absl::Status Erase(absl::string_view id) override;
  // Creates the data keys, in one durable write.
  absl::Status Reserve(const std::vector<std::string>& new_ids) override;
  // Reads the data keys in one pass over the vault.
  std::unique_ptr<OrderedDecoder> NewOrderedDecoder() const override;

 private:
  class OrderedSealDecoder;
  // Decode with the data key already read (or its absence).
  absl::Status DecodeWith(absl::string_view id, absl::string_view bytes,
                          const absl::StatusOr<std::string>& key,
                          passend::v1::Candidate* record) const;

  KeyVault* vault_;
  std::vector<const google::protobuf::FieldDescriptor*> sealed_fields_;
  // Keys created by Reserve and not yet used by Encode, by id: saves a
  // vault read and an unwrap per new record of an import.
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::string> reserved_ ABSL_GUARDED_BY(mu_);
};

}  // namespace passend::storage

#endif  // PASSEND_STORAGE_RECORD_CODEC_H_
