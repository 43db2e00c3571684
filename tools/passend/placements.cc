// consent, introduce and placements: from a match to a job, as JSON. A
// candidate is introduced to an employer only with their consent.
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "passend/v1/consent.grpc.pb.h"
#include "passend/v1/placement.grpc.pb.h"
#include "tools/passend/client.h"
#include "tools/passend/command.h"
#include "tools/passend/flags.h"

ABSL_FLAG(std::string, vacancy, "",
          "only this vacancy (default: every vacancy of --employer)");
ABSL_FLAG(double, hours, 0, "HIRED: hours per week");
ABSL_FLAG(std::string, reason, "",
          "DECLINED: a decline reason id of the taxonomy");
ABSL_FLAG(std::string, contract, "",
          "HIRED: DIRECT, AGENCY or SECONDMENT (default: the vacancy's)");

namespace passend::tools {
namespace {

// consent give and consent withdraw: one event of `kind`.
int RecordConsent(const Invocation& in, v1::ConsentEvent::Kind kind) {
  v1::RecordConsentRequest request;
  v1::ConsentEvent* event = request.mutable_consent_event();
  event->set_candidate(in.args[0]);
  event->set_employer(absl::GetFlag(FLAGS_employer));
  event->set_vacancy(absl::GetFlag(FLAGS_vacancy));
  event->set_kind(kind);
  v1::ConsentEvent stored;
  return PrintResult(v1::ConsentService::NewStub(in.channel)
                         ->RecordConsent(Context().get(), request, &stored),
                     stored);
}

int ListConsent(const Invocation& in) {
  v1::ListConsentEventsRequest request;
  request.set_parent(in.args[0]);
  v1::ListConsentEventsResponse response;
  return PrintResult(
      v1::ConsentService::NewStub(in.channel)
          ->ListConsentEvents(Context().get(), request, &response),
      response);
}

int Introduce(const Invocation& in) {
  v1::GetIntroductionRequest request;
  request.set_candidate(in.args[0]);
  request.set_vacancy(in.args[1]);
  v1::Introduction introduction;
  return PrintResult(
      v1::ConsentService::NewStub(in.channel)
          ->GetIntroduction(Context().get(), request, &introduction),
      introduction);
}

int Propose(const Invocation& in) {
  v1::CreatePlacementRequest request;
  request.mutable_placement()->set_candidate(in.args[0]);
  request.mutable_placement()->set_vacancy(in.args[1]);
  v1::Placement placement;
  return PrintResult(
      v1::PlacementService::NewStub(in.channel)
          ->CreatePlacement(Context().get(), request, &placement),
      placement);
}

int Move(const Invocation& in) {
  v1::TransitionPlacementRequest request;
  request.set_name(in.args[0]);
  v1::Placement::State state;
  if (!v1::Placement::State_Parse(in.args[1], &state)) {
    std::cerr << "error: STATE is INTRODUCED, TRIAL, HIRED, DECLINED or "
                 "ENDED\n";
    return kExitUsage;
  }
  request.set_state(state);
  request.set_hours_per_week(absl::GetFlag(FLAGS_hours));
  request.set_decline_reason(absl::GetFlag(FLAGS_reason));
  request.set_etag(absl::GetFlag(FLAGS_etag));
  if (!absl::GetFlag(FLAGS_contract).empty()) {
    v1::Vacancy::ContractType contract;
    if (!v1::Vacancy::ContractType_Parse(absl::GetFlag(FLAGS_contract),
                                         &contract)) {
      std::cerr << "error: --contract is DIRECT, AGENCY or SECONDMENT\n";
      return kExitUsage;
    }
    request.set_contract_type(contract);
  }
  v1::Placement placement;
  return PrintResult(
      v1::PlacementService::NewStub(in.channel)
          ->TransitionPlacement(Context().get(), request, &placement),
      placement);
}

int GetPlacement(const Invocation& in) {
  v1::GetPlacementRequest request;
  request.set_name(in.args[0]);
  v1::Placement placement;
  return PrintResult(v1::PlacementService::NewStub(in.channel)
                         ->GetPlacement(Context().get(), request, &placement),
                     placement);
}

int ListPlacements(const Invocation& in) {
  v1::ListPlacementsRequest request;
  request.set_parent(in.args.empty() ? "candidates/-" : in.args[0]);
  request.set_region(absl::GetFlag(FLAGS_region));
  if (!absl::GetFlag(FLAGS_status).empty()) {
    v1::Placement::State state;
    if (!v1::Placement::State_Parse(absl::GetFlag(FLAGS_status), &state)) {
      std::cerr << "error: --status is a placement state\n";
      return kExitUsage;
    }
    request.set_state(state);
  }
  request.set_vacancy(absl::GetFlag(FLAGS_vacancy));
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  request.set_page_token(absl::GetFlag(FLAGS_page_token));
  v1::ListPlacementsResponse response;
  return PrintResult(v1::PlacementService::NewStub(in.channel)
                         ->ListPlacements(Context().get(), request, &response),
                     response);
}

}  // namespace

std::vector<Command> PlacementCommands() {
  const std::vector<Option> consent = {
      Opt(FLAGS_employer, "required: the employer the consent concerns"),
      Opt(FLAGS_vacancy)};
  return {
      {"consent give",
       {"CANDIDATE"},
       consent,
       "records that CANDIDATE agrees to be introduced to --employer",
       "",
       [](const Invocation& in) {
         return RecordConsent(in, v1::ConsentEvent::GIVEN);
       }},
      {"consent withdraw",
       {"CANDIDATE"},
       consent,
       "records that CANDIDATE withdraws that consent; it holds from the "
       "next call",
       "",
       [](const Invocation& in) {
         return RecordConsent(in, v1::ConsentEvent::WITHDRAWN);
       }},
      {"consent list",
       {"CANDIDATE"},
       {},
       "the consent events of CANDIDATE, oldest first",
       "",
       ListConsent},
      {"introduce",
       {"CANDIDATE", "VACANCY"},
       {},
       "who CANDIDATE is, for VACANCY's employer (with their consent)",
       "Name and contact details while the candidate's latest consent event "
       "for the vacancy's employer (employer-wide or for this vacancy) gives "
       "consent; refused otherwise.",
       Introduce},
      {"placements propose",
       {"CANDIDATE", "VACANCY"},
       {},
       "proposes CANDIDATE for VACANCY: a new placement, PROPOSED",
       "",
       Propose},
      {"placements move",
       {"PLACEMENT", "STATE"},
       {Opt(FLAGS_hours), Opt(FLAGS_reason), Opt(FLAGS_contract),
        Opt(FLAGS_etag)},
       "moves PLACEMENT to STATE: INTRODUCED, TRIAL, HIRED, DECLINED or ENDED",
       "INTRODUCED needs the candidate's consent for the vacancy's employer. "
       "Prints the placement.",
       Move},
      {"placements get",
       {"PLACEMENT"},
       {},
       "prints PLACEMENT",
       "",
       GetPlacement},
      {"placements list",
       {"[CANDIDATE]"},
       {Opt(FLAGS_region, "only placements for vacancies in this region"),
        Opt(FLAGS_status,
            "only placements in this state: REQUESTED (by an employer), "
            "PROPOSED, INTRODUCED, TRIAL, HIRED, DECLINED or ENDED"),
        Opt(FLAGS_vacancy, "only placements for this vacancy"),
        Opt(FLAGS_page_size), Opt(FLAGS_page_token)},
       "the placements of CANDIDATE, or of every candidate you may see",
       "",
       ListPlacements},
  };
}

}  // namespace passend::tools
