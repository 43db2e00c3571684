// The standard methods (Create, Get, Update, Delete, List) and bulk import
// of one resource type, free of gRPC: request checks, defaults, validation,
// field masks and page tokens, on top of a RecordStore. The gRPC services
// are thin adapters over this; tests may call it directly.
#ifndef PASSEND_SERVICES_API_RESOURCE_API_H_
#define PASSEND_SERVICES_API_RESOURCE_API_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "google/protobuf/field_mask.pb.h"
#include "matcher/reference_data.h"
#include "passend/v1/common.pb.h"
#include "services/access/principal.h"
#include "services/access/record_access.h"
#include "services/api/validation.h"
#include "storage/record_store.h"

namespace passend::services {

// List page sizes: default when 0 is asked, and the cap larger requests are
// lowered to.
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;
// The longest search text a List takes.
inline constexpr size_t kMaxQueryBytes = 100;
// Records an import writes per atomic batch.
inline constexpr int kImportBatchSize = 500;
// Import errors reported in full; later ones are only counted.
inline constexpr int kMaxImportErrors = 1000;

// The id in `name` ("{collection}/{id}"), or INVALID_ARGUMENT naming
// `field`.
absl::StatusOr<std::string> ParseResourceName(absl::string_view name,
                                              absl::string_view collection,
                                              absl::string_view field);

// T is passend::v1::Candidate or passend::v1::Vacancy.
template <typename T>
class ResourceApi {
 public:
  struct Page {
    std::vector<T> records;
    std::string next_page_token;
  };

  // All must outlive this object. With `audit` (candidates), reads are
  // recorded in it before they are returned; writes are recorded by the
  // store, which must use the same log. Candidates' citizen numbers are
  // stored as HMAC-SHA-256 under `citizen_hash_key`; without one they are
  // refused. A create's request id is kept with an HMAC of the request's
  // body under `request_digest_key`, so that a retry with another body is
  // refused.
  ResourceApi(storage::RecordStore<T>* store, const Validator* validator,
              const matcher::ReferenceData* reference,
              storage::AuditLog* audit = nullptr,
              std::string citizen_hash_key = "",
              std::string request_digest_key = "",
              const Clock* clock = &SystemClock())
      : store_(store),
        validator_(validator),
        reference_(reference),
        audit_(audit),
        citizen_hash_key_(std::move(citizen_hash_key)),
        request_digest_key_(std::move(request_digest_key)),
        clock_(clock) {}

  // Every method checks the record against the principal's scope (region,
  // employer): a record outside it gets PERMISSION_DENIED, the same answer
  // as a record that does not exist, so existence does not leak. Admins
  // are told NOT_FOUND.
  // A retry with the same request_id gets the record the first call
  // created, as it is now, if the caller may still write it, and only if
  // the body is the same (else INVALID_ARGUMENT on request_id).
  absl::StatusOr<T> Create(const Principal& principal, T record,
                           const std::string& request_id);
  absl::StatusOr<T> Get(const Principal& principal, const std::string& name);
  // Get's scope check alone, for calls about a record that do not return
  // it: OK, or Get's refusal. Records nothing in the audit log.
  absl::Status CheckReadable(const Principal& principal,
                             const std::string& name);
  // `patch.name` selects the record; `patch.etag`, if set, must match.
  absl::StatusOr<T> Update(const Principal& principal, const T& patch,
                           const google::protobuf::FieldMask& mask);
  absl::Status Delete(const Principal& principal, const std::string& name,
                      const std::string& etag);
  // What List returns: the records that pass every filter set.
  struct ListFilter {
    // Owner region (candidates) or region (vacancies); empty: any.
    std::string region;
    // Availability (candidates) or status (vacancies); 0: any.
    int status = 0;
    // Text in the display name (candidates) or title (vacancies), or the
    // whole external reference; empty: any.
    std::string search;
    // Candidates only: a ListCandidatesRequest::Freshness; 0: any.
    int freshness = 0;
  };
  absl::StatusOr<Page> List(const Principal& principal, int page_size,
                            const std::string& page_token,
                            const ListFilter& filter);

  // Validates and upserts the records of one import stream in batches.
  class Import {
   public:
    Import(ResourceApi* api, const Principal& principal)
        : api_(api), principal_(principal) {}
    // Takes the next record of the stream. Fails only when storage does.
    absl::Status Add(T record);
    // Counts the next record of the stream as refused for `error` (it could
    // not be parsed) and reports it; nothing is written.
    void Refuse(const absl::Status& error);
    // Writes what is pending and returns the summary.
    absl::StatusOr<v1::ImportSummary> Finish();

   private:
    absl::Status Flush();
    void Record(int64_t index, const std::string& ref,
                const absl::Status& error);

    ResourceApi* api_;
    Principal principal_;
    int64_t next_index_ = 0;
    std::vector<T> pending_;
    std::vector<int64_t> pending_index_;
    v1::ImportSummary summary_;
  };

 private:
  // The id in `name`, or INVALID_ARGUMENT naming `field`.
  absl::StatusOr<std::string> ParseName(const std::string& name,
                                        absl::string_view field) const;
  // The record named `name` if the principal may read it.
  absl::StatusOr<T> Readable(const Principal& principal,
                             const std::string& name);
  // Defaults, then validation with field names under `prefix`.
  absl::Status Prepare(T& record, absl::string_view prefix) const;
  // Replaces a candidate's citizen number by its keyed hash after checking
  // it, or keeps `stored`'s hash when the number is left out or unchanged.
  // INVALID_ARGUMENT naming `prefix` + "citizen_number".
  absl::Status HashCitizenNumber(T& record, absl::string_view prefix,
                                 const T& stored) const;
  // The principal calling `verb` + the singular or plural type name.
  static storage::AuditActor Actor(const Principal& principal,
                                   absl::string_view verb, bool plural);
  // Records the read of `records` in the audit log, if there is one.
  absl::Status RecordRead(const Principal& principal, absl::string_view verb,
                          bool plural, const std::vector<T>& records) const;

  storage::RecordStore<T>* store_;
  const Validator* validator_;
  const matcher::ReferenceData* reference_;
  storage::AuditLog* audit_;
  const std::string citizen_hash_key_;
  const std::string request_digest_key_;
  const Clock* clock_;  // today's date, for validation
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_API_RESOURCE_API_H_
