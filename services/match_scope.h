// Who may rank, explain or take advice on what, shared by MatchService and
// AdviceService: employers only their own vacancies, WSPs only their
// regions' candidates; and the audit entry naming the candidates a call
// shows.
#ifndef PASSEND_SERVICES_MATCH_SCOPE_H_
#define PASSEND_SERVICES_MATCH_SCOPE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "grpcpp/server_context.h"
#include "matcher/advice.h"
#include "matcher/matcher.h"
#include "services/authorizer.h"
#include "services/status_util.h"
#include "storage/audit_log.h"

namespace passend::services {

// Today's date and the taxonomy's freshness rule.
matcher::MatchPolicy TodaysPolicy(const matcher::Matcher& matcher);

// Options for the advice and report calls: today's policy, and `context`'s
// deadline and cancellation polled in their loops.
matcher::AdviceOptions AdviceOptionsFor(
    const matcher::Matcher& matcher,
    const grpc::CallbackServerContext& context);

// Records in the audit log which candidates a call of `method` (its full
// name) shows `principal`, before they are returned. Nothing when none.
absl::Status RecordShown(storage::AuditLog& audit, const Principal& principal,
                         const std::string& method,
                         std::vector<std::string> candidates);

// The one answer for a record outside the caller's scope or missing.
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

#endif  // PASSEND_SERVICES_MATCH_SCOPE_H_
