#include "services/api/resource_api.h"

#include <type_traits>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/resource_name.h"
#include "common/status_macros.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/field_mask_util.h"
#include "services/api/page_token.h"
#include "services/status/field_violations.h"
#include "storage/crypto.h"

namespace passend::services {
namespace {

using google::protobuf::FieldMask;
using google::protobuf::util::FieldMaskUtil;
using passend::v1::Candidate;
using passend::v1::Vacancy;

// What differs between resource types at the API.
template <typename T>
struct ApiTraits;

template <>
struct ApiTraits<Candidate> {
  static constexpr absl::string_view kService = "passend.v1.CandidateService";
  static constexpr absl::string_view kSingular = "Candidate";
  static constexpr absl::string_view kPlural = "Candidates";
  static constexpr absl::string_view kCollection = kCandidateCollection;
  static constexpr absl::string_view kRequestField = "candidate";
  static constexpr absl::string_view kRegionField = "owner_region";
  static constexpr absl::string_view kStatusField = "availability";
  static bool IsValidStatus(int s) {
    return Candidate::Availability_IsValid(s);
  }
  // What ListCandidates' `query` is matched with.
  static absl::string_view SearchedText(const Candidate& c) {
    return c.display_name();
  }
  static void ClearOutputOnly(Candidate&) {}
  // Input only: stored as a keyed hash, never returned.
  static void ClearInputOnly(Candidate& c) { c.clear_citizen_number(); }
  // Leaving AVAILABLE_FROM drops its date, unless the client changed the
  // date as well (then validation tells it the date does not belong).
  static void Rederive(const Candidate& stored, Candidate& c) {
    if (stored.availability() == Candidate::AVAILABLE_FROM &&
        c.availability() != Candidate::AVAILABLE_FROM &&
        c.available_from().SerializeAsString() ==
            stored.available_from().SerializeAsString()) {
      c.clear_available_from();
    }
  }
  static absl::Status CheckAgainstStored(const Candidate&, const Candidate&,
                                         absl::string_view) {
    return absl::OkStatus();
  }
  static absl::Status Validate(const Validator& validator, Candidate& c,
                               const matcher::ReferenceData&,
                               absl::string_view prefix, absl::CivilDay today) {
    return validator.ValidateCandidate(c, prefix, today);
  }
};

template <>
struct ApiTraits<Vacancy> {
  static constexpr absl::string_view kService = "passend.v1.VacancyService";
  static constexpr absl::string_view kSingular = "Vacancy";
  static constexpr absl::string_view kPlural = "Vacancies";
  static constexpr absl::string_view kCollection = kVacancyCollection;
  static constexpr absl::string_view kRequestField = "vacancy";
  static constexpr absl::string_view kRegionField = "region";
  static constexpr absl::string_view kStatusField = "status";
  static bool IsValidStatus(int s) { return Vacancy::Status_IsValid(s); }
  static absl::string_view SearchedText(const Vacancy& v) { return v.title(); }
  static void ClearOutputOnly(Vacancy& v) { v.clear_filled_positions(); }
  static void ClearInputOnly(Vacancy&) {}
  // A new workplace moves the vacancy to the workplace's region, unless the
  // client changed the region as well.
  static void Rederive(const Vacancy& stored, Vacancy& v) {
    if (v.postcode_area() != stored.postcode_area() &&
        v.region() == stored.region()) {
      v.clear_region();
    }
  }
  // Positions filled by placements stay filled: a replacement may not offer
  // fewer.
  static absl::Status CheckAgainstStored(const Vacancy& stored,
                                         const Vacancy& v,
                                         absl::string_view prefix) {
    if (v.positions() >= stored.filled_positions()) return absl::OkStatus();
    return InvalidField(
        absl::StrCat(prefix, "positions"),
        absl::StrCat("must be at least ", stored.filled_positions(),
                     ", the positions already filled"));
  }
  static absl::Status Validate(const Validator& validator, Vacancy& v,
                               const matcher::ReferenceData& reference,
                               absl::string_view prefix, absl::CivilDay) {
    ApplyVacancyDefaults(reference, v);
    return validator.ValidateVacancy(v, prefix);
  }
};

// Fields a client never writes: set by the server, or fixed at creation.
bool IsOutputOnlyOrImmutable(absl::string_view field) {
  return field == "name" || field == "etag" || field == "create_time" ||
         field == "update_time" || field == "filled_positions" ||
         field == "external_ref";
}

template <typename T>
void ClearServerFields(T& record) {
  record.clear_name();
  record.clear_etag();
  record.clear_create_time();
  record.clear_update_time();
  ApiTraits<T>::ClearOutputOnly(record);
}

// What a caller gets back of a stored record.
template <typename T>
T ForResponse(T record) {
  ApiTraits<T>::ClearInputOnly(record);
  return record;
}

// Identifies a create's body for its request id: an HMAC of the record as
// validated, serialized deterministically. Hex, 128 bits.
template <typename T>
std::string RequestDigest(absl::string_view key, const T& record) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream out(&bytes);
    google::protobuf::io::CodedOutputStream coded(&out);
    coded.SetSerializationDeterministic(true);
    record.SerializeToCodedStream(&coded);
  }
  return absl::BytesToHexString(storage::KeyedHash(key, bytes).substr(0, 16));
}

// A citizen service number (BSN): 9 digits passing the eleven test.
bool IsCitizenNumber(absl::string_view number) {
  if (number.size() != 9) return false;
  int sum = 0;
  for (int i = 0; i < 9; ++i) {
    if (!absl::ascii_isdigit(number[i])) return false;
    const int digit = number[i] - '0';
    sum += i < 8 ? (9 - i) * digit : -digit;
  }
  return sum % 11 == 0 && number != "000000000";
}

// Every top-level field a client may write: what "*" or an empty mask means.
template <typename T>
FieldMask WritableFields() {
  FieldMask mask;
  const google::protobuf::Descriptor* d = T::descriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    if (!IsOutputOnlyOrImmutable(d->field(i)->name())) {
      mask.add_paths(d->field(i)->name());
    }
  }
  return mask;
}

}  // namespace

absl::StatusOr<std::string> ParseResourceName(absl::string_view name,
                                              absl::string_view collection,
                                              absl::string_view field) {
  absl::string_view rest = name;
  std::string prefix = absl::StrCat(collection, "/");
  if (!absl::ConsumePrefix(&rest, prefix) ||
      !storage::IsValidResourceId(rest)) {
    return InvalidField(std::string(field),
                        absl::StrCat("must be a resource name of the form \"",
                                     prefix, "{id}\""));
  }
  return std::string(rest);
}

template <typename T>
absl::StatusOr<std::string> ResourceApi<T>::ParseName(
    const std::string& name, absl::string_view field) const {
  return ParseResourceName(name, ApiTraits<T>::kCollection, field);
}

template <typename T>
storage::AuditActor ResourceApi<T>::Actor(const Principal& principal,
                                          absl::string_view verb, bool plural) {
  return {principal.id, absl::StrCat("/", ApiTraits<T>::kService, "/", verb,
                                     plural ? ApiTraits<T>::kPlural
                                            : ApiTraits<T>::kSingular)};
}

template <typename T>
absl::Status ResourceApi<T>::RecordRead(const Principal& principal,
                                        absl::string_view verb, bool plural,
                                        const std::vector<T>& records) const {
  if (audit_ == nullptr || records.empty()) return absl::OkStatus();
  std::vector<std::string> names;
  for (const T& record : records) names.push_back(record.name());
  return audit_->Record(Actor(principal, verb, plural), names, "OK");
}

template <typename T>
absl::Status ResourceApi<T>::HashCitizenNumber(T& record,
                                               absl::string_view prefix,
                                               const T& stored) const {
  if constexpr (std::is_same_v<T, Candidate>) {
    const std::string& number = record.citizen_number();
    // Unchanged (the stored hash merged in), or left out: keep the stored.
    if (number == stored.citizen_number() || number.empty()) {
      record.set_citizen_number(stored.citizen_number());
      return absl::OkStatus();
    }
    if (!IsCitizenNumber(number)) {
      return InvalidField(absl::StrCat(prefix, "citizen_number"),
                          "must be 9 digits that pass the eleven test");
    }
    if (citizen_hash_key_.empty()) {
      return absl::FailedPreconditionError(
          "this server keeps no citizen numbers (no key to hash them)");
    }
    record.set_citizen_number(absl::StrCat(
        "hmac:",
        absl::BytesToHexString(storage::KeyedHash(citizen_hash_key_, number))));
  }
  return absl::OkStatus();
}

template <typename T>
absl::Status ResourceApi<T>::Prepare(T& record,
                                     absl::string_view prefix) const {
  return ApiTraits<T>::Validate(*validator_, record, *reference_, prefix,
                                TodayInNetherlands(*clock_));
}

template <typename T>
absl::StatusOr<T> ResourceApi<T>::Create(const Principal& principal, T record,
                                         const std::string& request_id) {
  if (request_id.size() > ValidationLimits::kMaxRequestId) {
    return InvalidField(
        "request_id",
        absl::StrCat("at most ", ValidationLimits::kMaxRequestId, " bytes"));
  }
  for (char c : request_id) {
    if (c < 0x20 || c > 0x7e) {
      return InvalidField("request_id", "printable ASCII only (a UUID, say)");
    }
  }
  ClearServerFields(record);
  const std::string prefix = absl::StrCat(ApiTraits<T>::kRequestField, ".");
  RETURN_IF_ERROR(Prepare(record, prefix));
  RETURN_IF_ERROR(HashCitizenNumber(record, prefix, T()));
  if (!MayWrite(principal, record)) {
    return absl::PermissionDeniedError(absl::StrCat(
        principal.id, " may not create this record outside its scope"));
  }
  // Request ids are per principal: one caller's retry never returns
  // another caller's record.
  const storage::AuditActor actor = Actor(principal, "Create", false);
  const std::string digest =
      request_id.empty() ? "" : RequestDigest(request_digest_key_, record);
  bool replayed = false;
  auto replay = [&](const T& first,
                    absl::string_view first_digest) -> absl::Status {
    replayed = true;
    // It may have been moved out of the caller's scope since, and the
    // retry reads it as it is now.
    if (!MayWrite(principal, first) || !MayRead(principal, first)) {
      return OutOfScope(principal, first.name(), absl::OkStatus());
    }
    if (!first_digest.empty() && first_digest != digest) {
      return InvalidField(
          "request_id",
          "was used before for a request with another body: a retry sends "
          "the same request, a new request needs a new request_id");
    }
    return absl::OkStatus();
  };
  ASSIGN_OR_RETURN(
      T created,
      store_->Create(
          std::move(record),
          request_id.empty() ? "" : absl::StrCat(principal.id, "/", request_id),
          &actor, digest, replay));
  // A retry reads the record; the first call's write was recorded then.
  if (replayed)
    RETURN_IF_ERROR(RecordRead(principal, "Create", false, {created}));
  return ForResponse(std::move(created));
}

template <typename T>
absl::StatusOr<T> ResourceApi<T>::Readable(const Principal& principal,
                                           const std::string& name) {
  ASSIGN_OR_RETURN(std::string id, ParseName(name, "name"));
  absl::StatusOr<T> record = store_->Get(id);
  if (record.ok() && MayRead(principal, *record)) return record;
  if (!record.ok() && !absl::IsNotFound(record.status())) return record;
  return OutOfScope(principal, name, record.status());
}

template <typename T>
absl::StatusOr<T> ResourceApi<T>::Get(const Principal& principal,
                                      const std::string& name) {
  ASSIGN_OR_RETURN(T record, Readable(principal, name));
  RETURN_IF_ERROR(RecordRead(principal, "Get", false, {record}));
  return ForResponse(std::move(record));
}

template <typename T>
absl::Status ResourceApi<T>::CheckReadable(const Principal& principal,
                                           const std::string& name) {
  return Readable(principal, name).status();
}

template <typename T>
absl::StatusOr<T> ResourceApi<T>::Update(const Principal& principal,
                                         const T& patch,
                                         const FieldMask& mask) {
  const std::string request_field(ApiTraits<T>::kRequestField);
  ASSIGN_OR_RETURN(
      std::string id,
      ParseName(patch.name(), absl::StrCat(request_field, ".name")));
  FieldMask effective = mask;
  if (mask.paths().empty() ||
      (mask.paths_size() == 1 && mask.paths(0) == "*")) {
    effective = WritableFields<T>();
  } else {
    FieldViolations violations;
    for (int i = 0; i < mask.paths_size(); ++i) {
      const std::string& path = mask.paths(i);
      std::string field = absl::StrCat("update_mask.paths[", i, "]");
      if (!FieldMaskUtil::GetFieldDescriptors(T::descriptor(), path, nullptr)) {
        violations.Add(field, absl::StrCat("\"", path.substr(0, 64),
                                           "\" is not a field of ",
                                           T::descriptor()->name()));
      } else if (IsOutputOnlyOrImmutable(path.substr(0, path.find('.')))) {
        violations.Add(
            field, absl::StrCat("\"", path, "\" is output-only or immutable"));
      }
    }
    RETURN_IF_ERROR(violations.status());
  }
  FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  // Scope before etag: a refusal must not tell whether the record exists.
  auto in_scope = [&](const T& record) {
    return MayWrite(principal, record)
               ? absl::OkStatus()
               : OutOfScope(principal, patch.name(), absl::OkStatus());
  };
  const storage::AuditActor actor = Actor(principal, "Update", false);
  absl::StatusOr<T> updated = store_->Update(
      id, patch.etag(),
      [&](T& record) -> absl::Status {
        const T stored = record;
        const std::string prefix = absl::StrCat(request_field, ".");
        // Immutable: sent unchanged (as read) or left out, never changed.
        if (!patch.external_ref().empty() &&
            patch.external_ref() != stored.external_ref()) {
          return InvalidField(absl::StrCat(prefix, "external_ref"),
                              "is immutable: it cannot be changed");
        }
        FieldMaskUtil::MergeMessageTo(patch, effective, options, &record);
        ApiTraits<T>::Rederive(stored, record);
        RETURN_IF_ERROR(Prepare(record, prefix));
        RETURN_IF_ERROR(
            ApiTraits<T>::CheckAgainstStored(stored, record, prefix));
        RETURN_IF_ERROR(HashCitizenNumber(record, prefix, stored));
        if (!MayWrite(principal, record)) {
          return absl::PermissionDeniedError(absl::StrCat(
              principal.id, " may not move the record outside its scope"));
        }
        return absl::OkStatus();
      },
      in_scope, &actor);
  if (absl::IsNotFound(updated.status())) {
    return OutOfScope(principal, patch.name(), updated.status());
  }
  if (!updated.ok()) return updated.status();
  return ForResponse(*std::move(updated));
}

template <typename T>
absl::Status ResourceApi<T>::Delete(const Principal& principal,
                                    const std::string& name,
                                    const std::string& etag) {
  ASSIGN_OR_RETURN(std::string id, ParseName(name, "name"));
  const storage::AuditActor actor = Actor(principal, "Delete", false);
  absl::Status deleted = store_->Delete(
      id, etag,
      [&](const T& record) {
        return MayWrite(principal, record)
                   ? absl::OkStatus()
                   : OutOfScope(principal, name, absl::OkStatus());
      },
      &actor);
  if (absl::IsNotFound(deleted)) return OutOfScope(principal, name, deleted);
  return deleted;
}

template <typename T>
absl::StatusOr<typename ResourceApi<T>::Page> ResourceApi<T>::List(
    const Principal& principal, int page_size, const std::string& page_token,
    const ListFilter& filter) {
  const std::string& region = filter.region;
  const int status = filter.status;
  const std::string& search = filter.search;
  FieldViolations violations;
  const int limit =
      PageSize(page_size, kDefaultPageSize, kMaxPageSize, violations);
  if (search.size() > kMaxQueryBytes) {
    violations.Add("query", absl::StrCat("at most ", kMaxQueryBytes, " bytes"));
  }
  if (!region.empty() && reference_->FindRegion(region) == nullptr) {
    violations.Add(std::string(ApiTraits<T>::kRegionField),
                   "not a labour-market region code");
  }
  if (!ApiTraits<T>::IsValidStatus(status)) {
    violations.Add(std::string(ApiTraits<T>::kStatusField), "unknown value");
  }
  if (!v1::ListCandidatesRequest::Freshness_IsValid(filter.freshness)) {
    violations.Add("freshness", "unknown value");
  }
  storage::ListQuery query;
  query.region = region;
  query.status = status;
  query.limit = limit;
  // The day is not in the fingerprint: a list paged across midnight goes
  // on with the new day's staleness. Without freshness the fingerprint is
  // what it was before the filter existed, so earlier tokens still work.
  const uint64_t fingerprint = FilterFingerprint(absl::StrCat(
      region, "|", status, "|", search,
      filter.freshness == 0 ? "" : absl::StrCat("|", filter.freshness)));
  if (!page_token.empty()) {
    absl::StatusOr<std::string> after =
        DecodePageToken(page_token, fingerprint);
    if (after.ok()) {
      query.after_key = *std::move(after);
    } else {
      violations.AddAll(after.status());
    }
  }
  RETURN_IF_ERROR(violations.status());

  // Only what the principal may read: by region where the scope is a set
  // of regions and the region says what may be read (a WSP's candidates),
  // otherwise record by record.
  std::function<bool(const T&)> keep;
  if (!principal.is_admin()) {
    keep = [&principal](const T& record) { return MayRead(principal, record); };
  }
  if (!search.empty()) {
    keep = [in_scope = std::move(keep), &search,
            lowered = absl::AsciiStrToLower(search)](const T& record) {
      return (!in_scope || in_scope(record)) &&
             (record.external_ref() == search ||
              absl::StrContains(
                  absl::AsciiStrToLower(ApiTraits<T>::SearchedText(record)),
                  lowered));
    };
  }
  if constexpr (std::is_same_v<T, v1::Candidate>) {
    if (filter.freshness != v1::ListCandidatesRequest::FRESHNESS_UNSPECIFIED) {
      keep = [in_scope = std::move(keep),
              want_fresh = filter.freshness == v1::ListCandidatesRequest::FRESH,
              today = TodayInNetherlands(*clock_),
              &taxonomy = validator_->taxonomy()](const T& record) {
        const v1::Date& confirmed = record.last_confirmed();
        return (!in_scope || in_scope(record)) &&
               taxonomy.IsFresh(
                   absl::CivilDay(confirmed.year(), confirmed.month(),
                                  confirmed.day()),
                   today) == want_fresh;
      };
    }
  }
  ASSIGN_OR_RETURN(storage::ListPage<T> listed, store_->List(query, keep));
  RETURN_IF_ERROR(RecordRead(principal, "List", true, listed.records));
  Page page;
  for (T& record : listed.records) {
    page.records.push_back(ForResponse(std::move(record)));
  }
  if (listed.more) {
    page.next_page_token = EncodePageToken(listed.last_key, fingerprint);
  }
  return page;
}

template <typename T>
void ResourceApi<T>::Import::Record(int64_t index, const std::string& ref,
                                    const absl::Status& error) {
  summary_.set_failed(summary_.failed() + 1);
  if (summary_.errors_size() >= kMaxImportErrors) return;
  v1::ImportError* e = summary_.add_errors();
  e->set_index(index);
  // The client's own key, to find the record by; not when it is itself
  // what was refused (a bad value is never sent back).
  if (ref.size() <= ValidationLimits::kMaxExternalRef &&
      HasExternalRefCharacters(ref)) {
    e->set_external_ref(ref);
  }
  e->set_code(static_cast<int>(error.code()));
  e->set_message(std::string(error.message()));
  *e->mutable_field_violations() = BadRequestOf(error).field_violations();
}

template <typename T>
absl::Status ResourceApi<T>::Import::Add(T record) {
  const int64_t index = next_index_++;
  summary_.set_received(summary_.received() + 1);
  ClearServerFields(record);
  absl::Status valid = api_->Prepare(record, "");
  if (valid.ok()) valid = api_->HashCitizenNumber(record, "", T());
  if (valid.ok() && record.external_ref().empty()) {
    valid = InvalidField("external_ref", "required for import");
  }
  if (!valid.ok()) {
    Record(index, record.external_ref(), valid);
    return absl::OkStatus();
  }
  pending_.push_back(std::move(record));
  pending_index_.push_back(index);
  if (static_cast<int>(pending_.size()) >= kImportBatchSize) return Flush();
  return absl::OkStatus();
}

template <typename T>
void ResourceApi<T>::Import::Refuse(const absl::Status& error) {
  summary_.set_received(summary_.received() + 1);
  Record(next_index_++, "", error);
}

template <typename T>
absl::Status ResourceApi<T>::Import::Flush() {
  if (pending_.empty()) return absl::OkStatus();
  // Neither the incoming record nor the one it would replace may lie
  // outside the principal's scope.
  const storage::AuditActor actor = Actor(principal_, "Import", true);
  ASSIGN_OR_RETURN(
      std::vector<storage::UpsertOutcome> outcomes,
      api_->store_->Upsert(
          pending_,
          [&](const T* stored, const T& incoming) {
            if ((stored != nullptr && !MayWrite(principal_, *stored)) ||
                !MayWrite(principal_, incoming)) {
              return absl::PermissionDeniedError(
                  absl::StrCat("outside the scope of ", principal_.id));
            }
            return stored == nullptr ? absl::OkStatus()
                                     : ApiTraits<T>::CheckAgainstStored(
                                           *stored, incoming, "");
          },
          &actor));
  for (size_t i = 0; i < outcomes.size(); ++i) {
    if (!outcomes[i].status.ok()) {
      Record(pending_index_[i], pending_[i].external_ref(), outcomes[i].status);
    } else if (outcomes[i].created) {
      summary_.set_created(summary_.created() + 1);
    } else {
      summary_.set_updated(summary_.updated() + 1);
    }
  }
  pending_.clear();
  pending_index_.clear();
  return absl::OkStatus();
}

template <typename T>
absl::StatusOr<v1::ImportSummary> ResourceApi<T>::Import::Finish() {
  RETURN_IF_ERROR(Flush());
  return summary_;
}

template class ResourceApi<Candidate>;
template class ResourceApi<Vacancy>;

}  // namespace passend::services
