// Who may see or change which record: the one place these rules live. The
// standard methods, rankings, explanations, advice, placements and consent
// all ask here, about stored records or the matcher's copy of them.
#ifndef PASSEND_SERVICES_ACCESS_RECORD_ACCESS_H_
#define PASSEND_SERVICES_ACCESS_RECORD_ACCESS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "matcher/matcher.h"
#include "passend/v1/candidate.pb.h"
#include "passend/v1/vacancy.pb.h"
#include "services/access/principal.h"
#include "services/status/field_violations.h"

namespace passend::services {

// Candidates are health data: an admin reads and changes them all, a WSP
// consultant those its regions own; an integration writes (imports) within
// its regions but reads none.
bool MayReadCandidate(const Principal& principal,
                      absl::string_view owner_region);
bool MayWriteCandidate(const Principal& principal,
                       absl::string_view owner_region);
inline bool MayRead(const Principal& p, const v1::Candidate& c) {
  return MayReadCandidate(p, c.owner_region());
}
inline bool MayWrite(const Principal& p, const v1::Candidate& c) {
  return MayWriteCandidate(p, c.owner_region());
}

// Vacancies are no personal data: every WSP reads them all; an employer
// reads and changes its own; WSPs and integrations change those in their
// regions.
bool MayReadVacancy(const Principal& principal, absl::string_view employer);
bool MayWriteVacancy(const Principal& principal, absl::string_view employer,
                     absl::string_view region);
inline bool MayRead(const Principal& p, const v1::Vacancy& v) {
  return MayReadVacancy(p, v.employer());
}
inline bool MayWrite(const Principal& p, const v1::Vacancy& v) {
  return MayWriteVacancy(p, v.employer(), v.region());
}

// The one answer for a record (`name`) outside the caller's scope or
// missing: PERMISSION_DENIED either way, so that existence does not leak.
// An admin, whose scope is everything, is told `lookup` (why the record was
// not found).
absl::Status OutOfScope(const Principal& principal, absl::string_view name,
                        const absl::Status& lookup);
absl::Status OutOfScope(const Principal& principal, absl::string_view name);

// May `principal` rank, explain or take advice with this vacancy (id)?
// Employers only their own.
absl::Status CheckVacancy(const matcher::Matcher& matcher,
                          const Principal& principal, const std::string& id);

// May `principal` rank for, explain or take advice on this candidate (id)?
// Admins any, WSPs only their regions'.
absl::Status CheckCandidate(const matcher::Matcher& matcher,
                            const Principal& principal, const std::string& id);

// Region codes to region indexes, each unknown one a violation of
// "regions[i]".
void ParseRegions(const matcher::ReferenceData& reference,
                  const google::protobuf::RepeatedPtrField<std::string>& codes,
                  FieldViolations& violations, std::vector<uint8_t>* regions);

// ParseRegions, then ScopeRegions: the regions a report asks for, checked
// (INVALID_ARGUMENT naming "regions[i]") and kept to the caller's scope.
absl::Status RegionsInScope(
    const matcher::Matcher& matcher, const Principal& principal,
    const google::protobuf::RepeatedPtrField<std::string>& requested,
    std::vector<uint8_t>* regions);

// A WSP works only with its regions' candidates: the requested regions
// must be among them, and none requested means all of them (appended to
// `regions`). Others pass unchanged.
absl::Status ScopeRegions(
    const matcher::Matcher& matcher, const Principal& principal,
    const google::protobuf::RepeatedPtrField<std::string>& requested,
    std::vector<uint8_t>* regions);

}  // namespace passend::services

#endif  // PASSEND_SERVICES_ACCESS_RECORD_ACCESS_H_
