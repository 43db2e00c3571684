#include "storage/record_codec.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "passend/internal/internal.pb.h"
#include "passend/v1/common.pb.h"
#include "storage/crypto.h"

namespace passend::storage {
namespace {

using passend::v1::Candidate;

// Binds the sealed fields to the record id and its readable part, so that
// neither can be swapped or edited unnoticed.
std::string SealContext(absl::string_view id, absl::string_view clear) {
  return absl::StrCat("passend candidate ", id, "\n", clear);
}

}  // namespace

CandidateSealer::CandidateSealer(KeyVault* vault) : vault_(vault) {
  const google::protobuf::Descriptor* type = Candidate::descriptor();
  for (int i = 0; i < type->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = type->field(i);
    if (field->options().GetExtension(passend::v1::sensitive) &&
        field->name() != "external_ref" && field->name() != "citizen_number") {
      sealed_fields_.push_back(field);
    }
  }
}

absl::StatusOr<std::string> CandidateSealer::Encode(absl::string_view id,
                                                    const Candidate& record) {
  Candidate clear = record;
  Candidate secret;
  clear.GetReflection()->SwapFields(&clear, &secret, sealed_fields_);
  passend::internal::SealedRecord stored;
  stored.set_clear(clear.SerializeAsString());
  std::string key;
  {
    absl::MutexLock lock(&mu_);
    if (auto it = reserved_.find(id); it != reserved_.end()) {
      key = std::move(it->second);
      reserved_.erase(it);
    }
  }
  if (key.empty()) {
    ASSIGN_OR_RETURN(key, vault_->GetOrCreate(id));
  }
  ASSIGN_OR_RETURN(
      *stored.mutable_sealed(),
      Seal(key, secret.SerializeAsString(), SealContext(id, stored.clear())));
  return stored.SerializeAsString();
}

absl::Status CandidateSealer::Decode(absl::string_view id,
                                     absl::string_view bytes,
                                     Candidate* record) const {
  return DecodeWith(id, bytes, vault_->Get(id), record);
}

absl::Status CandidateSealer::DecodeWith(absl::string_view id,
                                         absl::string_view bytes,
                                         const absl::StatusOr<std::string>& key,
                                         Candidate* record) const {
  passend::internal::SealedRecord stored;
  if (!stored.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) ||
      !record->ParseFromString(stored.clear())) {
    return absl::DataLossError(
        absl::StrCat("undecodable record candidates/", id));
  }
  RETURN_IF_ERROR(key.status());
  ASSIGN_OR_RETURN(std::string secret, Unseal(*key, stored.sealed(),
                                              SealContext(id, stored.clear())));
  Candidate sealed;
  if (!sealed.ParseFromString(secret)) {
    return absl::DataLossError(
        absl::StrCat("undecodable sealed fields of candidates/", id));
  }
  record->MergeFrom(sealed);
  return absl::OkStatus();
}

class CandidateSealer::OrderedSealDecoder final : public OrderedDecoder {
 public:
  explicit OrderedSealDecoder(const CandidateSealer* sealer)
      : sealer_(sealer), keys_(sealer->vault_) {}
  absl::Status Decode(absl::string_view id, absl::string_view bytes,
                      Candidate* record) override {
    return sealer_->DecodeWith(id, bytes, keys_.Get(id), record);
  }

 private:
  const CandidateSealer* sealer_;
  KeyVault::OrderedReader keys_;
};

std::unique_ptr<CandidateSealer::OrderedDecoder>
CandidateSealer::NewOrderedDecoder() const {
  return std::make_unique<OrderedSealDecoder>(this);
}

absl::Status CandidateSealer::Erase(absl::string_view id) {
  return vault_->Erase(id);
}

absl::Status CandidateSealer::Reserve(const std::vector<std::string>& new_ids) {
  ASSIGN_OR_RETURN(std::vector<std::string> keys, vault_->CreateMany(new_ids));
  absl::MutexLock lock(&mu_);
  // Left over only from a batch whose write failed: not needed any more.
  reserved_.clear();
  for (size_t i = 0; i < new_ids.size(); ++i) {
    reserved_[new_ids[i]] = std::move(keys[i]);
  }
  return absl::OkStatus();
}

}  // namespace passend::storage
