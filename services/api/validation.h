// Checks every field of a candidate or vacancy against the taxonomy, the
// reference data and the documented ranges and lengths, and reports every
// violation at once, each naming its field.
#ifndef PASSEND_SERVICES_API_VALIDATION_H_
#define PASSEND_SERVICES_API_VALIDATION_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "matcher/reference_data.h"
#include "matcher/taxonomy.h"
#include "passend/v1/candidate.pb.h"
#include "passend/v1/vacancy.pb.h"
#include "services/status/field_violations.h"

namespace passend::services {

// Limits on sizes, documented in docs/ARCHITECTURE.md.
struct ValidationLimits {
  static constexpr int kMaxExternalRef = 128;
  static constexpr int kMaxName = 200;
  static constexpr int kMaxNotes = 2000;
  static constexpr int kMaxDescription = 5000;
  static constexpr int kMaxOccupations = 20;
  static constexpr int kMaxMustHaves = 10;
  static constexpr int kMaxHoursPerWeek = 60;
  static constexpr int kMaxTravelKm = 200;
  static constexpr int kMaxPositions = 1000;
  static constexpr int kMaxRequestId = 64;
  static constexpr int kMaxEmployerId = 64;
};

class Validator {
 public:
  // Both must outlive the validator.
  Validator(const matcher::Taxonomy& taxonomy,
            const matcher::ReferenceData& reference)
      : taxonomy_(taxonomy), reference_(reference) {}

  const matcher::Taxonomy& taxonomy() const { return taxonomy_; }

  // OK, or INVALID_ARGUMENT with a BadRequest naming each field at fault as
  // `prefix` + its path in the message (e.g. "candidate.hours_per_week.min").
  // Output-only fields are not checked. `today` bounds last_confirmed.
  absl::Status ValidateCandidate(const passend::v1::Candidate& candidate,
                                 absl::string_view prefix,
                                 absl::CivilDay today) const;
  absl::Status ValidateVacancy(const passend::v1::Vacancy& vacancy,
                               absl::string_view prefix) const;

 private:
  const matcher::Taxonomy& taxonomy_;
  const matcher::ReferenceData& reference_;
};

// Fills fields a client may leave out: a vacancy's region from its postcode
// area and its positions (1). Unknown codes are left for validation to
// report.
void ApplyVacancyDefaults(const matcher::ReferenceData& reference,
                          passend::v1::Vacancy& vacancy);

// An employer id (Vacancy.employer and wherever one is named): required, at
// most kMaxEmployerId characters of a-z, 0-9, _ and -.
void CheckEmployerId(const std::string& field, absl::string_view id,
                     FieldViolations& violations);

// True when `date` is a real calendar date from 1900 to 2200; else adds a
// violation of `field`.
bool CheckDate(const std::string& field, const passend::v1::Date& date,
               FieldViolations& violations);

// An external reference's characters: [A-Za-z0-9._:/-] (the length is
// checked apart).
bool HasExternalRefCharacters(absl::string_view ref);

}  // namespace passend::services

#endif  // PASSEND_SERVICES_API_VALIDATION_H_
