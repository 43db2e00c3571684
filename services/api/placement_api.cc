#include "services/api/placement_api.h"

#include <set>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/resource_name.h"
#include "common/status_macros.h"
#include "google/protobuf/util/time_util.h"
#include "services/access/record_access.h"
#include "services/access/suppression.h"
#include "services/api/page_token.h"
#include "services/api/validation.h"
#include "services/reports/progress.h"
#include "services/status/field_violations.h"
#include "storage/joint_write.h"
#include "storage/record_store.h"

namespace passend::services {
namespace {

using v1::Placement;

constexpr absl::string_view kService = "/passend.v1.PlacementService/";
constexpr int kDefaultPlacementsPerPage = 50;
constexpr int kMaxPlacementsPerPage = 1000;
constexpr double kMaxHoursPerWeek = 60;
// Progress reports at most this many quarters.
constexpr int kMaxQuarters = 40;

storage::AuditActor Actor(const Principal& principal, absl::string_view verb) {
  return {principal.id, absl::StrCat(kService, verb)};
}

// A placement's name, parsed.
struct PlacementName {
  std::string candidate_id;
  uint64_t sequence = 0;
  std::string candidate() const { return CandidateName(candidate_id); }
};

absl::StatusOr<PlacementName> ParsePlacementName(absl::string_view name,
                                                 absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  PlacementName parsed;
  if (parts.size() != 4 || parts[2] != "placements" ||
      !absl::SimpleAtoi(parts[3], &parsed.sequence) ||
      !ParseResourceName(absl::StrCat(parts[0], "/", parts[1]),
                         kCandidateCollection, field)
           .ok()) {
    return InvalidField(
        std::string(field),
        "must be of the form \"candidates/{candidate}/placements/{id}\"");
  }
  parsed.candidate_id = std::string(parts[1]);
  return parsed;
}

v1::Date ToDate(absl::CivilDay day) {
  v1::Date date;
  date.set_year(static_cast<int>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

// May a placement move from `from` to `to`?
bool Allowed(Placement::State from, Placement::State to) {
  switch (from) {
    case Placement::REQUESTED:
    case Placement::PROPOSED:
      return to == Placement::INTRODUCED || to == Placement::DECLINED;
    case Placement::INTRODUCED:
      return to == Placement::TRIAL || to == Placement::HIRED ||
             to == Placement::DECLINED;
    case Placement::TRIAL:
      return to == Placement::HIRED || to == Placement::DECLINED ||
             to == Placement::ENDED;
    case Placement::HIRED:
      return to == Placement::ENDED;
    default:
      return false;
  }
}

// The decline reason of an employer withdrawing its request.
constexpr absl::string_view kRequestWithdrawn = "request_withdrawn";

bool IsEmployer(const Principal& principal) {
  return principal.role == Role::kEmployer;
}

// What an employer is shown of a placement for its vacancy: not who at the
// WSP moved it.
Placement ForEmployer(Placement p) {
  for (v1::PlacementEvent& event : *p.mutable_history()) event.clear_actor();
  return p;
}

bool Active(const Placement& p) {
  return p.state() != Placement::DECLINED && p.state() != Placement::ENDED;
}

absl::Status NoOpenPosition(const v1::Vacancy& vacancy) {
  return absl::FailedPreconditionError(
      absl::StrCat(vacancy.name(), " has no open position"));
}

bool HasOpenPosition(const v1::Vacancy& vacancy) {
  return vacancy.status() == v1::Vacancy::OPEN &&
         vacancy.filled_positions() < vacancy.positions();
}

// A hire fills one of the vacancy's positions (the last one fills it) and
// places the candidate.
absl::Status StageHire(storage::JointWrite& write,
                       absl::string_view candidate_id,
                       absl::string_view vacancy_id) {
  RETURN_IF_ERROR(
      write
          .StageVacancy(vacancy_id,
                        [](v1::Vacancy& v) -> absl::Status {
                          if (!HasOpenPosition(v)) {
                            return NoOpenPosition(v);
                          }
                          v.set_filled_positions(v.filled_positions() + 1);
                          if (v.filled_positions() == v.positions()) {
                            v.set_status(v1::Vacancy::FILLED);
                          }
                          return absl::OkStatus();
                        })
          .status());
  return write
      .StageCandidate(candidate_id,
                      [](v1::Candidate& c) {
                        c.set_availability(v1::Candidate::PLACED);
                        c.clear_available_from();
                        return absl::OkStatus();
                      })
      .status();
}

// The end of a hire makes the candidate available again.
absl::Status StageEndOfHire(storage::JointWrite& write,
                            absl::string_view candidate_id) {
  return write
      .StageCandidate(candidate_id,
                      [](v1::Candidate& c) {
                        if (c.availability() == v1::Candidate::PLACED) {
                          c.set_availability(v1::Candidate::AVAILABLE_NOW);
                        }
                        return absl::OkStatus();
                      })
      .status();
}

}  // namespace

void PlacementApi::Record(Placement& p, Placement::State state,
                          const Principal& principal,
                          const std::string& decline_reason) const {
  p.set_state(state);
  v1::PlacementEvent* event = p.add_history();
  event->set_state(state);
  *event->mutable_time() =
      google::protobuf::util::TimeUtil::NanosecondsToTimestamp(
          absl::ToUnixNanos(clock_->Now()));
  event->set_actor(principal.id);
  event->set_decline_reason(decline_reason);
  int64_t revision = 0;
  (void)absl::SimpleAtoi(p.etag(), &revision);
  p.set_etag(absl::StrCat(revision + 1));
  *p.mutable_update_time() = event->time();
}

absl::StatusOr<Placement> PlacementApi::Create(const Principal& principal,
                                               const Placement& in) {
  FieldViolations violations;
  absl::StatusOr<std::string> candidate_id = ParseResourceName(
      in.candidate(), kCandidateCollection, "placement.candidate");
  violations.AddAll(candidate_id.status());
  absl::StatusOr<std::string> vacancy_id =
      ParseResourceName(in.vacancy(), kVacancyCollection, "placement.vacancy");
  violations.AddAll(vacancy_id.status());
  RETURN_IF_ERROR(violations.status());
  // A WSP proposes a candidate of its own; an employer asks about one it
  // saw anonymously, for a vacancy of its own.
  const bool employer = IsEmployer(principal);
  if (!employer) {
    RETURN_IF_ERROR(candidate_api_->CheckReadable(principal, in.candidate()));
  }
  absl::StatusOr<v1::Vacancy> found = vacancies_->Get(*vacancy_id);
  if (employer && (!found.ok() || !MayRead(principal, *found))) {
    return OutOfScope(principal, in.vacancy(), found.status());
  }
  ASSIGN_OR_RETURN(v1::Vacancy vacancy, std::move(found));
  if (!HasOpenPosition(vacancy)) return NoOpenPosition(vacancy);
  const storage::AuditActor actor = Actor(principal, "CreatePlacement");
  absl::StatusOr<Placement> created = placements_.Append(
      *candidate_id,
      [&](const v1::Candidate& candidate,
          uint64_t sequence) -> absl::StatusOr<Placement> {
        if (candidate.availability() == v1::Candidate::PLACED ||
            candidate.availability() == v1::Candidate::WITHDRAWN) {
          return absl::FailedPreconditionError(
              absl::StrCat(in.candidate(), " is not available"));
        }
        // One active placement per candidate and vacancy.
        absl::Status exists;
        RETURN_IF_ERROR(placements_.ForEach(
            *candidate_id, [&](uint64_t, const Placement& p) {
              if (p.vacancy() == in.vacancy() && Active(p)) {
                exists = absl::AlreadyExistsError(
                    absl::StrCat(p.name(), " already proposes ", in.candidate(),
                                 " for ", in.vacancy()));
              }
              return exists.ok();
            }));
        RETURN_IF_ERROR(exists);
        Placement created;
        created.set_name(
            absl::StrCat(in.candidate(), "/placements/", sequence));
        created.set_candidate(in.candidate());
        created.set_vacancy(in.vacancy());
        created.set_employer(vacancy.employer());
        created.set_region(vacancy.region());
        created.set_contract_type(vacancy.contract_type());
        created.set_sector(vacancy.sector());
        Record(created, employer ? Placement::REQUESTED : Placement::PROPOSED,
               principal, "");
        *created.mutable_create_time() = created.update_time();
        return created;
      },
      &actor);
  if (!employer) return created;
  // An employer learns nothing of the person from a refusal: an id that is
  // no candidate, an erased one, one placed or withdrawn since the match
  // was shown, all are outside its scope alike.
  if (absl::IsNotFound(created.status()) ||
      absl::IsFailedPrecondition(created.status())) {
    return OutOfScope(principal, in.candidate());
  }
  if (!created.ok()) return created.status();
  return ForEmployer(*std::move(created));
}

absl::StatusOr<Placement> PlacementApi::Get(const Principal& principal,
                                            const std::string& name) {
  ASSIGN_OR_RETURN(PlacementName parsed, ParsePlacementName(name, "name"));
  const bool employer = IsEmployer(principal);
  if (!employer) {
    RETURN_IF_ERROR(
        candidate_api_->CheckReadable(principal, parsed.candidate()));
  }
  ASSIGN_OR_RETURN(std::optional<Placement> placement,
                   placements_.Get(parsed.candidate_id, parsed.sequence));
  // An employer's scope is its own vacancies' placements.
  if (employer &&
      (!placement.has_value() || placement->employer() != principal.employer)) {
    return OutOfScope(principal, name);
  }
  if (!placement.has_value()) {
    return absl::NotFoundError(absl::StrCat(name, " does not exist"));
  }
  RETURN_IF_ERROR(audit_->Record(Actor(principal, "GetPlacement"),
                                 {parsed.candidate()}, "OK"));
  return employer ? ForEmployer(*std::move(placement)) : *std::move(placement);
}

absl::StatusOr<v1::ListPlacementsResponse> PlacementApi::List(
    const Principal& principal, const v1::ListPlacementsRequest& request) {
  FieldViolations violations;
  std::string only_candidate;  // empty: every candidate in scope
  if (request.parent() != "candidates/-") {
    absl::StatusOr<std::string> id =
        ParseResourceName(request.parent(), kCandidateCollection, "parent");
    if (id.ok()) {
      only_candidate = *id;
    } else {
      violations.Add("parent",
                     "must be \"candidates/{id}\" or \"candidates/-\"");
    }
  }
  const int limit = PageSize(request.page_size(), kDefaultPlacementsPerPage,
                             kMaxPlacementsPerPage, violations);
  if (!Placement::State_IsValid(request.state())) {
    violations.Add("state", "not a placement state");
  }
  if (!request.vacancy().empty()) {
    violations.AddAll(
        ParseResourceName(request.vacancy(), kVacancyCollection, "vacancy")
            .status());
  }
  // Without a vacancy the fingerprint is what it was before that filter
  // existed, so earlier tokens still work.
  const uint64_t fingerprint = FilterFingerprint(absl::StrCat(
      request.parent(), "|", request.region(), "|", request.state(),
      request.vacancy().empty() ? "" : absl::StrCat("|", request.vacancy())));
  std::string after;  // "candidate id/sequence" of the last returned
  if (!request.page_token().empty()) {
    absl::StatusOr<std::string> position =
        DecodePageToken(request.page_token(), fingerprint);
    if (position.ok()) {
      after = *position;
    } else {
      violations.AddAll(position.status());
    }
  }
  RETURN_IF_ERROR(violations.status());
  const bool employer = IsEmployer(principal);
  if (!only_candidate.empty() && !employer) {
    RETURN_IF_ERROR(candidate_api_->CheckReadable(principal, request.parent()));
  }
  v1::ListPlacementsResponse response;
  // Scope is per candidate: decided once for each.
  absl::flat_hash_map<std::string, bool> readable;
  std::set<std::string> shown;
  bool more = false;
  std::string last;
  auto visit = [&](absl::string_view id, uint64_t sequence, Placement p) {
    std::string position = absl::StrCat(id, "/", sequence);
    if (!after.empty() && position <= after) return true;
    bool in_scope = false;
    if (employer) {
      in_scope = p.employer() == principal.employer;
    } else {
      auto [it, added] = readable.try_emplace(std::string(id), false);
      if (added) {
        it->second =
            candidate_api_->CheckReadable(principal, CandidateName(id)).ok();
      }
      in_scope = it->second;
    }
    if (!in_scope ||
        (!request.region().empty() && p.region() != request.region()) ||
        (request.state() != Placement::STATE_UNSPECIFIED &&
         p.state() != request.state()) ||
        (!request.vacancy().empty() && p.vacancy() != request.vacancy())) {
      return true;
    }
    if (response.placements_size() == limit) {
      more = true;
      return false;
    }
    shown.insert(p.candidate());
    *response.add_placements() =
        employer ? ForEmployer(std::move(p)) : std::move(p);
    last = std::move(position);
    return true;
  };
  if (only_candidate.empty()) {
    RETURN_IF_ERROR(placements_.ForEvery(visit));
  } else {
    RETURN_IF_ERROR(placements_.ForEach(
        only_candidate, [&](uint64_t sequence, Placement p) {
          return visit(only_candidate, sequence, std::move(p));
        }));
  }
  if (more) response.set_next_page_token(EncodePageToken(last, fingerprint));
  if (!shown.empty()) {
    RETURN_IF_ERROR(audit_->Record(
        Actor(principal, "ListPlacements"),
        std::vector<std::string>(shown.begin(), shown.end()), "OK"));
  }
  return response;
}

absl::CivilDay PlacementApi::CheckTransition(
    const v1::TransitionPlacementRequest& request,
    FieldViolations& violations) const {
  const Placement::State to = request.state();
  if (!Placement::State_IsValid(to) || to == Placement::PROPOSED ||
      to == Placement::REQUESTED || to == Placement::STATE_UNSPECIFIED) {
    violations.Add("state",
                   "must be INTRODUCED, TRIAL, HIRED, DECLINED or ENDED");
  }
  if (to == Placement::DECLINED) {
    if (!taxonomy_->HasDeclineReason(request.decline_reason())) {
      violations.Add("decline_reason",
                     "required: a decline reason id of the taxonomy");
    }
  } else if (!request.decline_reason().empty()) {
    violations.Add("decline_reason", "only for DECLINED");
  }
  if (to == Placement::HIRED) {
    if (!(request.hours_per_week() > 0 &&
          request.hours_per_week() <= kMaxHoursPerWeek)) {
      violations.Add("hours_per_week",
                     "required for HIRED: more than 0, at most 60");
    }
  } else if (request.hours_per_week() != 0) {
    violations.Add("hours_per_week", "only for HIRED");
  }
  if (!v1::Vacancy::ContractType_IsValid(request.contract_type())) {
    violations.Add("contract_type", "not a contract type");
  }
  const absl::CivilDay today = TodayInNetherlands(*clock_);
  absl::CivilDay effective = today;
  if (request.has_effective_on() &&
      CheckDate("effective_on", request.effective_on(), violations)) {
    effective = absl::CivilDay(request.effective_on().year(),
                               request.effective_on().month(),
                               request.effective_on().day());
    if (effective > today) {
      violations.Add("effective_on", "may not be in the future");
    }
  }
  return effective;
}

absl::StatusOr<Placement> PlacementApi::Transition(
    const Principal& principal, const v1::TransitionPlacementRequest& request) {
  FieldViolations violations;
  absl::StatusOr<PlacementName> parsed =
      ParsePlacementName(request.name(), "name");
  violations.AddAll(parsed.status());
  const absl::CivilDay effective = CheckTransition(request, violations);
  // An employer takes one step: withdrawing its own request.
  const bool employer = IsEmployer(principal);
  if (employer && request.state() == Placement::DECLINED &&
      request.decline_reason() != kRequestWithdrawn) {
    violations.Add("decline_reason",
                   "an employer withdraws with request_withdrawn");
  }
  RETURN_IF_ERROR(violations.status());
  if (employer && request.state() != Placement::DECLINED) {
    return absl::PermissionDeniedError(
        "an employer may only withdraw its request for an introduction: "
        "state DECLINED with decline_reason request_withdrawn");
  }
  const PlacementName& name = *parsed;
  if (!employer) {
    RETURN_IF_ERROR(candidate_api_->CheckReadable(principal, name.candidate()));
  }

  // Every transition locks both stores, so a hire's three records change
  // together or not at all.
  storage::JointWrite write(placements_.store(), *vacancies_);
  ASSIGN_OR_RETURN(std::optional<Placement> stored,
                   placements_.Get(name.candidate_id, name.sequence));
  if (employer &&
      (!stored.has_value() || stored->employer() != principal.employer)) {
    return OutOfScope(principal, request.name());
  }
  if (!stored.has_value()) {
    return absl::NotFoundError(absl::StrCat(request.name(), " does not exist"));
  }
  Placement& p = *stored;
  if (!request.etag().empty() && request.etag() != p.etag()) {
    return storage::StaleEtagError(p.name(), request.etag(), p.etag());
  }
  const Placement::State from = p.state();
  const Placement::State to = request.state();
  if (employer && from != Placement::REQUESTED) {
    return absl::FailedPreconditionError(absl::StrCat(
        p.name(), " is ", Placement::State_Name(from),
        ": only a request the WSP has not answered can be withdrawn"));
  }
  if (!Allowed(from, to)) {
    return absl::FailedPreconditionError(
        absl::StrCat(p.name(), " is ", Placement::State_Name(from),
                     " and cannot move to ", Placement::State_Name(to)));
  }
  const absl::string_view vacancy_id = IdOf(p.vacancy());
  switch (to) {
    case Placement::INTRODUCED: {
      ASSIGN_OR_RETURN(v1::Vacancy vacancy, vacancies_->Get(vacancy_id));
      ASSIGN_OR_RETURN(bool consented,
                       consent_->InEffect(name.candidate_id, vacancy.employer(),
                                          vacancy.name()));
      if (!consented) {
        return absl::FailedPreconditionError(
            absl::StrCat("no consent of ", p.candidate(), " in effect for ",
                         vacancy.employer(), "; record it first"));
      }
      break;
    }
    case Placement::HIRED:
      RETURN_IF_ERROR(StageHire(write, name.candidate_id, vacancy_id));
      p.set_hours_per_week(request.hours_per_week());
      if (request.contract_type() != v1::Vacancy::CONTRACT_TYPE_UNSPECIFIED) {
        p.set_contract_type(request.contract_type());
      }
      *p.mutable_hired_on() = ToDate(effective);
      break;
    case Placement::ENDED:
      if (from == Placement::HIRED) {
        RETURN_IF_ERROR(StageEndOfHire(write, name.candidate_id));
      }
      *p.mutable_ended_on() = ToDate(effective);
      break;
    case Placement::DECLINED:
      p.set_decline_reason(request.decline_reason());
      break;
    default:
      break;
  }
  Record(p, to, principal, request.decline_reason());
  write.StageOwned(name.candidate_id, storage::Family::kPlacements,
                   name.sequence, p.SerializeAsString());
  RETURN_IF_ERROR(write.Commit(Actor(principal, "TransitionPlacement"),
                               {name.candidate()}));
  return employer ? ForEmployer(std::move(p)) : p;
}

absl::StatusOr<v1::Progress> PlacementApi::Progress(
    const Principal& principal, const v1::GetProgressRequest& request) {
  FieldViolations violations;
  ProgressQuery query;
  query.today = TodayInNetherlands(*clock_);
  query.to = query.today;
  if (!request.to_quarter().empty()) {
    absl::StatusOr<absl::CivilDay> to =
        ParseQuarter(request.to_quarter(), "to_quarter");
    violations.AddAll(to.status());
    if (to.ok() && *to > query.today) {
      violations.Add("to_quarter", "may not be after this quarter");
    }
    if (to.ok()) query.to = *to;
  }
  query.from = absl::CivilDay(absl::CivilMonth(query.to) - 9);
  if (!request.from_quarter().empty()) {
    absl::StatusOr<absl::CivilDay> from =
        ParseQuarter(request.from_quarter(), "from_quarter");
    violations.AddAll(from.status());
    if (from.ok()) query.from = *from;
  }
  if (query.from > query.to) {
    violations.Add("from_quarter", "must not be after to_quarter");
  } else if (absl::CivilMonth(query.to) - absl::CivilMonth(query.from) >=
             3 * kMaxQuarters) {
    violations.Add("from_quarter",
                   absl::StrCat("at most ", kMaxQuarters, " quarters at once"));
  }
  if (request.target_private() < 0) {
    violations.Add("target_private", "may not be negative");
  }
  if (request.target_public() < 0) {
    violations.Add("target_public", "may not be negative");
  }
  if (request.target_total() < 0) {
    violations.Add("target_total", "may not be negative");
  } else if (request.target_total() > 0 &&
             (request.target_private() > 0 || request.target_public() > 0)) {
    violations.Add("target_total",
                   "one target for all jobs goes alone: leave target_private "
                   "and target_public unset");
  }
  if (!request.employer().empty()) {
    CheckEmployerId("employer", request.employer(), violations);
  }
  RETURN_IF_ERROR(violations.status());
  if (request.target_private() > 0) {
    query.target_private = request.target_private();
  }
  if (request.target_public() > 0) {
    query.target_public = request.target_public();
  }
  if (request.target_total() > 0) {
    query.target_private = 0;
    query.target_public = 0;
    query.target_total = request.target_total();
  }
  query.employer = request.employer();
  if (principal.role == Role::kEmployer) {
    // An employer sees its own jobs only.
    if (!query.employer.empty() && query.employer != principal.employer) {
      return absl::PermissionDeniedError(
          absl::StrCat("employer \"", query.employer,
                       "\" is outside the scope of ", principal.id));
    }
    query.employer = principal.employer;
  }
  query.suppress_below = SuppressionFor(principal, Aggregate::kReport);
  std::vector<Placement> placements;
  RETURN_IF_ERROR(
      placements_.ForEvery([&](absl::string_view, uint64_t, Placement p) {
        placements.push_back(std::move(p));
        return true;
      }));
  return ComputeProgress(placements, query);
}

}  // namespace passend::services
