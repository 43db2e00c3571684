#include "services/access/authorizer.h"

#include <grpc/grpc_security_constants.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace passend::services {
namespace {

constexpr uint32_t Bit(Role role) { return 1u << static_cast<int>(role); }

constexpr uint32_t kWsp = Bit(Role::kWsp);
constexpr uint32_t kEmployer = Bit(Role::kEmployer);
constexpr uint32_t kIntegration = Bit(Role::kIntegration);
constexpr uint32_t kAnalyst = Bit(Role::kAnalyst);

// Which roles may call which method. Admins may call everything; anything
// not listed is refused.
const std::pair<const char*, uint32_t> kPolicy[] = {
    {"/passend.v1.CandidateService/CreateCandidate", kWsp},
    {"/passend.v1.CandidateService/GetCandidate", kWsp},
    {"/passend.v1.CandidateService/UpdateCandidate", kWsp},
    {"/passend.v1.CandidateService/DeleteCandidate", kWsp},
    {"/passend.v1.CandidateService/ListCandidates", kWsp},
    {"/passend.v1.CandidateService/ImportCandidates", kIntegration},
    {"/passend.v1.VacancyService/CreateVacancy", kWsp | kEmployer},
    {"/passend.v1.VacancyService/GetVacancy", kWsp | kEmployer},
    {"/passend.v1.VacancyService/UpdateVacancy", kWsp | kEmployer},
    {"/passend.v1.VacancyService/DeleteVacancy", kWsp | kEmployer},
    {"/passend.v1.VacancyService/ListVacancies", kWsp | kEmployer},
    {"/passend.v1.VacancyService/ImportVacancies", kIntegration},
    {"/passend.v1.TaxonomyService/GetTaxonomy",
     kWsp | kEmployer | kIntegration | kAnalyst},
    {"/passend.v1.TaxonomyService/SearchOccupations",
     kWsp | kEmployer | kIntegration | kAnalyst},
    {"/passend.v1.AccountService/GetCaller",
     kWsp | kEmployer | kIntegration | kAnalyst},
    {"/passend.v1.MatchService/RankCandidates", kWsp},
    {"/passend.v1.MatchService/RankVacancies", kWsp},
    {"/passend.v1.MatchService/ExplainMatch", kWsp},
    // Employers see candidates only anonymously (docs/SECURITY.md).
    {"/passend.v1.MatchService/RankAnonymousCandidates", kWsp | kEmployer},
    {"/passend.v1.MatchService/ExplainAnonymousMatch", kWsp | kEmployer},
    // Counts only, for the employer's own vacancy.
    {"/passend.v1.AdviceService/SuggestAdjustments", kWsp | kEmployer},
    {"/passend.v1.AdviceService/ExplainBlockers", kWsp},
    {"/passend.v1.AdviceService/AdjustmentOpportunities", kWsp | kAnalyst},
    {"/passend.v1.AdviceService/ProposeAssignments", kWsp},
    // Employers ask for introductions and follow them, their own only.
    {"/passend.v1.PlacementService/CreatePlacement", kWsp | kEmployer},
    {"/passend.v1.PlacementService/GetPlacement", kWsp | kEmployer},
    {"/passend.v1.PlacementService/ListPlacements", kWsp | kEmployer},
    // An employer only to withdraw its own request (placement_api.h).
    {"/passend.v1.PlacementService/TransitionPlacement", kWsp | kEmployer},
    // Aggregates, small cells suppressed; an employer its own jobs only.
    {"/passend.v1.PlacementService/GetProgress", kWsp | kEmployer | kAnalyst},
    {"/passend.v1.SupplyService/GetSupply", kWsp | kAnalyst},
    {"/passend.v1.SupplyService/GetBottlenecks", kWsp | kAnalyst},
    {"/passend.v1.SupplyService/ForecastSupply", kWsp | kAnalyst},
    {"/passend.v1.ConsentService/RecordConsent", kWsp},
    {"/passend.v1.ConsentService/ListConsentEvents", kWsp},
    // Identity, for an introduction the candidate consented to.
    {"/passend.v1.ConsentService/GetIntroduction", kWsp | kEmployer},
};

// The key in the call's authorization metadata, or an error.
absl::StatusOr<absl::string_view> BearerKey(
    const grpc::CallbackServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    return absl::UnauthenticatedError(
        "missing \"authorization: Bearer <key>\" metadata");
  }
  absl::string_view value(it->second.data(), it->second.size());
  if (!absl::ConsumePrefix(&value, "Bearer ") || value.empty()) {
    return absl::UnauthenticatedError(
        "authorization metadata must be \"Bearer <key>\"");
  }
  return value;
}

// The common name of the call's verified client certificate (mutual TLS),
// or "" when there is none.
std::string CertifiedName(const grpc::CallbackServerContext& context) {
  std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth == nullptr || !auth->IsPeerAuthenticated()) return "";
  for (const grpc::string_ref& name :
       auth->FindPropertyValues(GRPC_X509_CN_PROPERTY_NAME)) {
    return std::string(name.data(), name.size());
  }
  return "";
}

}  // namespace

bool RoleMayCall(Role role, absl::string_view method) {
  if (role == Role::kAdmin) return true;
  for (const auto& [name, roles] : kPolicy) {
    if (method == name) return (roles & Bit(role)) != 0;
  }
  return false;
}

absl::StatusOr<Principal> AllowAllAuthorizer::Authorize(
    const grpc::CallbackServerContext&, absl::string_view) const {
  return Principal{"local", Role::kAdmin, {}, "", nullptr};
}

KeyAuthorizer::KeyAuthorizer(std::unique_ptr<KeyStore> keys, int max_in_flight)
    : keys_(std::move(keys)), max_in_flight_(max_in_flight) {}

void KeyAuthorizer::ReplaceKeys(std::unique_ptr<KeyStore> keys) {
  std::shared_ptr<const KeyStore> replaced(std::move(keys));
  absl::MutexLock lock(&keys_mu_);
  keys_.swap(replaced);
}

absl::StatusOr<Principal> KeyAuthorizer::Authorize(
    const grpc::CallbackServerContext& context,
    absl::string_view method) const {
  std::shared_ptr<const KeyStore> keys;
  {
    absl::ReaderMutexLock lock(&keys_mu_);
    keys = keys_;
  }
  const KeyEntry* entry = nullptr;
  absl::StatusOr<absl::string_view> key = BearerKey(context);
  if (key.ok()) {
    entry = keys->Find(*key);
    if (entry == nullptr) return absl::UnauthenticatedError("unknown key");
  } else if (const std::string name = CertifiedName(context); !name.empty()) {
    entry = keys->FindPrincipal(name);
    if (entry == nullptr) {
      return absl::UnauthenticatedError(
          absl::StrCat("client certificate \"", name, "\" names no principal"));
    }
  } else {
    return key.status();
  }
  if (!RoleMayCall(entry->role, method)) {
    return absl::PermissionDeniedError(
        absl::StrCat("role ", RoleName(entry->role), " may not call ", method));
  }
  Principal principal{entry->principal, entry->role, entry->regions,
                      entry->employer, nullptr};
  {
    absl::MutexLock lock(&in_flight_->mu);
    int& calls = in_flight_->calls[principal.id];
    if (calls >= max_in_flight_) {
      return absl::ResourceExhaustedError(
          absl::StrCat(principal.id, " already has ", calls,
                       " calls in flight; retry when one finishes"));
    }
    ++calls;
  }
  // The slot is freed when the last copy of the principal goes.
  principal.in_flight = std::shared_ptr<void>(
      nullptr, [state = in_flight_, id = principal.id](void*) {
        absl::MutexLock lock(&state->mu);
        if (--state->calls[id] == 0) state->calls.erase(id);
      });
  return principal;
}

AdmittingAuthorizer::AdmittingAuthorizer(
    std::shared_ptr<const Authorizer> inner, int max_calls)
    : inner_(std::move(inner)), max_calls_(max_calls) {}

absl::StatusOr<Principal> AdmittingAuthorizer::Authorize(
    const grpc::CallbackServerContext& context,
    absl::string_view method) const {
  if (in_flight_->fetch_add(1) >= max_calls_) {
    in_flight_->fetch_sub(1);
    return absl::ResourceExhaustedError(
        absl::StrCat("the server is running ", max_calls_,
                     " calls already; retry with backoff"));
  }
  absl::StatusOr<Principal> principal = inner_->Authorize(context, method);
  if (!principal.ok()) {
    in_flight_->fetch_sub(1);
    return principal;
  }
  // The slot is freed with the last copy of the principal, after the inner
  // authorizer's own.
  principal->in_flight = std::shared_ptr<void>(
      nullptr, [count = in_flight_, inner = principal->in_flight](void*) {
        count->fetch_sub(1);
      });
  return principal;
}

}  // namespace passend::services
