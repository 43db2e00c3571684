#include "services/match_scope.h"

#include "absl/strings/str_cat.h"
#include "common/resource_name.h"
#include "common/status_macros.h"
#include "services/handler.h"
#include "services/validation.h"

namespace passend::services {

matcher::MatchPolicy TodaysPolicy(const matcher::Matcher& matcher) {
  matcher::MatchPolicy policy;
  policy.today = matcher::DayNumber(TodayInNetherlands());
  policy.stale_after_days =
      matcher.model().compiler().taxonomy().proto().stale_after_days();
  return policy;
}

matcher::AdviceOptions AdviceOptionsFor(
    const matcher::Matcher& matcher,
    const grpc::CallbackServerContext& context) {
  matcher::AdviceOptions options;
  options.policy = TodaysPolicy(matcher);
  options.check = [&context] { return CallStillWanted(context); };
  return options;
}

absl::Status RecordShown(storage::AuditLog& audit, const Principal& principal,
                         const std::string& method,
                         std::vector<std::string> candidates) {
  if (candidates.empty()) return absl::OkStatus();
  return audit.Record({principal.id, method}, candidates, "OK");
}

absl::Status OutOfScope(const Principal& principal, absl::string_view name) {
  return absl::PermissionDeniedError(absl::StrCat(
      name, " does not exist or is outside the scope of ", principal.id));
}

absl::Status CheckVacancy(const matcher::Matcher& matcher,
                          const Principal& principal, const std::string& id) {
  if (principal.role != Role::kEmployer) return absl::OkStatus();
  std::optional<matcher::VacancyProfile> v = matcher.FindVacancy(id);
  if (!v.has_value() || v->employer != principal.employer) {
    return OutOfScope(principal, VacancyName(id));
  }
  return absl::OkStatus();
}

absl::Status CheckCandidate(const matcher::Matcher& matcher,
                            const Principal& principal, const std::string& id) {
  if (principal.is_admin()) return absl::OkStatus();
  std::optional<matcher::CandidateProfile> c = matcher.candidates().Find(id);
  const auto& regions = matcher.model().compiler().reference().regions();
  if (principal.role != Role::kWsp || !c.has_value() ||
      !principal.HasRegion(regions[c->region].code)) {
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
