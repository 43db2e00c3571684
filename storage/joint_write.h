// One atomic write across the candidate and the vacancy store: a hire
// changes a placement (an entry the candidate owns), the candidate and the
// vacancy together, or none of them.
//
// Holds both stores' write locks (candidates first, the one order every
// joint write takes) from construction to destruction, so nothing else
// writes either store in between. The Stage methods read and check; Commit
// writes everything staged as one RocksDB batch with one audit entry, then
// tells each store's observer (the matcher's index) of its records'
// changes, still under the locks.
#ifndef PASSEND_STORAGE_JOINT_WRITE_H_
#define PASSEND_STORAGE_JOINT_WRITE_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "storage/record_store.h"

namespace passend::storage {

class JointWrite {
 public:
  JointWrite(CandidateStore& candidates, VacancyStore& vacancies);
  ~JointWrite();
  JointWrite(const JointWrite&) = delete;
  JointWrite& operator=(const JointWrite&) = delete;

  // As RecordStore::Update (etag and check included), staged.
  absl::StatusOr<passend::v1::Candidate> StageCandidate(
      absl::string_view id,
      const std::function<absl::Status(passend::v1::Candidate&)>& mutate,
      absl::string_view expected_etag = "");
  absl::StatusOr<passend::v1::Vacancy> StageVacancy(
      absl::string_view id,
      const std::function<absl::Status(passend::v1::Vacancy&)>& mutate,
      absl::string_view expected_etag = "");
  // Puts (or replaces) the candidate's entry `sequence` in `family`.
  void StageOwned(absl::string_view candidate_id, Family family,
                  uint64_t sequence, std::string value);

  // The candidates' store, for reads under the locks.
  const CandidateStore& candidates() const { return candidates_; }

  // Writes everything staged, recorded in the audit log as `actor` acting
  // on `objects`. Nothing is written when it fails. Call at most once.
  absl::Status Commit(const AuditActor& actor,
                      const std::vector<std::string>& objects);

 private:
  // StageCandidate and StageVacancy: the update staged, and its record
  // before and after kept in `changes` for the observers.
  template <typename T>
  absl::StatusOr<T> Stage(RecordStore<T>& store,
                          std::vector<std::pair<T, T>>& changes,
                          absl::string_view id,
                          const std::function<absl::Status(T&)>& mutate,
                          absl::string_view expected_etag);

  CandidateStore& candidates_;
  VacancyStore& vacancies_;
  WriteSet writes_;
  // Each staged record before and after, for the observers.
  std::vector<std::pair<passend::v1::Candidate, passend::v1::Candidate>>
      candidate_changes_;
  std::vector<std::pair<passend::v1::Vacancy, passend::v1::Vacancy>>
      vacancy_changes_;
};

}  // namespace passend::storage

#endif  // PASSEND_STORAGE_JOINT_WRITE_H_
