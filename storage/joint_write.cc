#include "storage/joint_write.h"

#include "common/status_macros.h"

namespace passend::storage {

JointWrite::JointWrite(CandidateStore& candidates, VacancyStore& vacancies)
    : candidates_(candidates), vacancies_(vacancies) {
  candidates_.write_mu_.Lock();
  vacancies_.write_mu_.Lock();
}

JointWrite::~JointWrite() {
  vacancies_.write_mu_.Unlock();
  candidates_.write_mu_.Unlock();
}

template <typename T>
absl::StatusOr<T> JointWrite::Stage(
    RecordStore<T>& store, std::vector<std::pair<T, T>>& changes,
    absl::string_view id, const std::function<absl::Status(T&)>& mutate,
    absl::string_view expected_etag) {
  store.write_mu_.AssertHeld();
  T previous;
  ASSIGN_OR_RETURN(T record, store.StageUpdate(id, mutate, &writes_, &previous,
                                               nullptr, expected_etag));
  changes.emplace_back(std::move(previous), record);
  return record;
}

absl::StatusOr<passend::v1::Candidate> JointWrite::StageCandidate(
    absl::string_view id,
    const std::function<absl::Status(passend::v1::Candidate&)>& mutate,
    absl::string_view expected_etag) {
  return Stage(candidates_, candidate_changes_, id, mutate, expected_etag);
}

absl::StatusOr<passend::v1::Vacancy> JointWrite::StageVacancy(
    absl::string_view id,
    const std::function<absl::Status(passend::v1::Vacancy&)>& mutate,
    absl::string_view expected_etag) {
  return Stage(vacancies_, vacancy_changes_, id, mutate, expected_etag);
}

void JointWrite::StageOwned(absl::string_view candidate_id, Family family,
                            uint64_t sequence, std::string value) {
  writes_.Put(family, CandidateStore::OwnedKey(candidate_id, sequence),
              std::move(value));
}

absl::Status JointWrite::Commit(const AuditActor& actor,
                                const std::vector<std::string>& objects) {
  candidates_.write_mu_.AssertHeld();
  RETURN_IF_ERROR(candidates_.Commit(std::move(writes_), &actor, objects));
  for (const auto& [before, after] : candidate_changes_) {
    candidates_.Notify(&before, &after);
  }
  for (const auto& [before, after] : vacancy_changes_) {
    vacancies_.Notify(&before, &after);
  }
  return absl::OkStatus();
}

}  // namespace passend::storage
