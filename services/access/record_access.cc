#include "services/access/record_access.h"

#include "absl/strings/str_cat.h"
#include "common/resource_name.h"
#include "common/status_macros.h"

namespace passend::services {

bool MayReadCandidate(const Principal& principal,
                      absl::string_view owner_region) {
  return principal.is_admin() ||
         (principal.role == Role::kWsp && principal.HasRegion(owner_region));
}

bool MayWriteCandidate(const Principal& principal,
                       absl::string_view owner_region) {
  return MayReadCandidate(principal, owner_region) ||
         (principal.role == Role::kIntegration &&
          principal.HasRegion(owner_region));
}

bool MayReadVacancy(const Principal& principal, absl::string_view employer) {
  return principal.is_admin() || principal.role == Role::kWsp ||
         (principal.role == Role::kEmployer && principal.employer == employer);
}

bool MayWriteVacancy(const Principal& principal, absl::string_view employer,
                     absl::string_view region) {
  return principal.is_admin() ||
         ((principal.role == Role::kWsp ||
           principal.role == Role::kIntegration) &&
          principal.HasRegion(region)) ||
         (principal.role == Role::kEmployer && principal.employer == employer);
}

absl::Status OutOfScope(const Principal& principal, absl::string_view name,
                        const absl::Status& lookup) {
  if (principal.is_admin()) return lookup;
  return absl::PermissionDeniedError(absl::StrCat(
      name, " does not exist or is outside the scope of ", principal.id));
}

absl::Status OutOfScope(const Principal& principal, absl::string_view name) {
  return OutOfScope(principal, name,
                    absl::NotFoundError(absl::StrCat(name, " does not exist")));
}

absl::Status CheckVacancy(const matcher::Matcher& matcher,
                          const Principal& principal, const std::string& id) {
  // Others are let through to the matcher, which says whether it exists.
  if (principal.role != Role::kEmployer) return absl::OkStatus();
  std::optional<matcher::VacancyProfile> v = matcher.FindVacancy(id);
  if (!v.has_value() || !MayReadVacancy(principal, v->employer)) {
    return OutOfScope(principal, VacancyName(id));
  }
  return absl::OkStatus();
}

absl::Status CheckCandidate(const matcher::Matcher& matcher,
                            const Principal& principal, const std::string& id) {
  if (principal.is_admin()) return absl::OkStatus();
  std::optional<matcher::CandidateProfile> c = matcher.candidates().Find(id);
  const auto& regions = matcher.model().compiler().reference().regions();
  if (!c.has_value() || !MayReadCandidate(principal, regions[c->region].code)) {
    return OutOfScope(principal, CandidateName(id));
  }
  return absl::OkStatus();
}

absl::Status ScopeRegions(
    const matcher::Matcher& matcher, const Principal& principal,
    const google::protobuf::RepeatedPtrField<std::string>& requested,
    std::vector<uint8_t>* regions) {
  if (principal.role != Role::kWsp) return absl::OkStatus();
  for (int i = 0; i < requested.size(); ++i) {
    if (!principal.HasRegion(requested[i])) {
      return absl::PermissionDeniedError(
          absl::StrCat("regions[", i, "] \"", requested[i],
                       "\" is outside the scope of ", principal.id));
    }
  }
  if (requested.empty()) {
    const matcher::ReferenceData& reference =
        matcher.model().compiler().reference();
    for (const std::string& code : principal.regions) {
      if (const matcher::Region* r = reference.FindRegion(code)) {
        regions->push_back(
            static_cast<uint8_t>(r - reference.regions().data()));
      }
    }
    // No region means every region to the matcher: a WSP whose regions are
    // all unknown must see none.
    if (regions->empty()) {
      return absl::PermissionDeniedError(absl::StrCat(
          principal.id, " has no known labour-market region in its scope"));
    }
  }
  return absl::OkStatus();
}

void ParseRegions(const matcher::ReferenceData& reference,
                  const google::protobuf::RepeatedPtrField<std::string>& codes,
                  FieldViolations& violations, std::vector<uint8_t>* regions) {
  for (int i = 0; i < codes.size(); ++i) {
    const matcher::Region* region = reference.FindRegion(codes[i]);
    if (region == nullptr) {
      violations.Add(absl::StrCat("regions[", i, "]"),
                     absl::StrCat("\"", codes[i].substr(0, 16),
                                  "\" is not a labour-market region code"));
    } else {
      regions->push_back(
          static_cast<uint8_t>(region - reference.regions().data()));
    }
  }
}

absl::Status RegionsInScope(
    const matcher::Matcher& matcher, const Principal& principal,
    const google::protobuf::RepeatedPtrField<std::string>& requested,
    std::vector<uint8_t>* regions) {
  FieldViolations violations;
  ParseRegions(matcher.model().compiler().reference(), requested, violations,
               regions);
  RETURN_IF_ERROR(violations.status());
  return ScopeRegions(matcher, principal, requested, regions);
}

}  // namespace passend::services
