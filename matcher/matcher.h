// The ranking engine as the services see it: compiled profiles of every
// candidate and vacancy kept in step with storage (the stores call
// OnCandidateWritten / OnVacancyWritten under their write lock, after the
// write is durable and before it is acknowledged), and the three questions
// the API asks of them.
#ifndef PASSEND_MATCHER_MATCHER_H_
#define PASSEND_MATCHER_MATCHER_H_

#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "matcher/candidate_index.h"
#include "matcher/match_model.h"
#include "matcher/profile.h"
#include "passend/v1/candidate.pb.h"
#include "passend/v1/match.pb.h"
#include "passend/v1/vacancy.pb.h"

namespace passend::matcher {

// Ranked results with their explanations.
struct Ranking {
  std::vector<passend::v1::MatchExplanation> results;  // best first
  std::vector<passend::v1::MatchExplanation> near_misses;
  int64_t feasible = 0;
  int64_t scanned = 0;
};

class Matcher {
 public:
  // Both must outlive the matcher. FAILED_PRECONDITION when the taxonomy is
  // too large for the compiled forms.
  static absl::StatusOr<std::unique_ptr<Matcher>> Create(
      const Taxonomy* taxonomy, const ReferenceData* reference,
      ScoringWeights weights = {});

  // `before` null: created; `after` null: deleted.
  void OnCandidateWritten(const passend::v1::Candidate* before,
                          const passend::v1::Candidate* after);
  void OnVacancyWritten(const passend::v1::Vacancy* before,
                        const passend::v1::Vacancy* after);

  // Loads stored candidates at start-up: `Add` compiles on the caller's
  // thread while a second thread indexes, in batches. `Finish` waits for
  // the indexing thread; the loader must not outlive the matcher.
  class CandidateLoader {
   public:
    explicit CandidateLoader(Matcher* matcher);
    ~CandidateLoader();  // calls Finish()
    void Add(const passend::v1::Candidate& candidate);
    void Finish();

   private:
    void Index();
    Matcher* matcher_;
    std::vector<CandidateProfile> batch_;
    absl::Mutex mu_;
    absl::CondVar changed_;
    std::vector<std::vector<CandidateProfile>> queue_ ABSL_GUARDED_BY(mu_);
    bool done_ ABSL_GUARDED_BY(mu_) = false;
    std::thread indexer_;
  };

  // Appends every candidate profile to `out`, as CandidateProfileEncoder
  // writes them.
  void EncodeCandidates(std::string* out) const;
  // Indexes the profiles EncodeCandidates wrote (under this taxonomy and
  // reference data). FAILED_PRECONDITION when candidates are indexed already
  // or the bytes were written under other data; DATA_LOSS when damaged.
  // Nothing is indexed on an error.
  absl::Status LoadCandidates(absl::string_view bytes);

  // NOT_FOUND when the vacancy (or candidate) is not indexed. RankOptions is
  // declared beside the index's RankQuery, which is the same options plus
  // the vacancy.
  absl::StatusOr<Ranking> RankCandidates(const std::string& vacancy_id,
                                         const RankOptions& options) const;
  absl::StatusOr<Ranking> RankVacancies(const std::string& candidate_id,
                                        const RankOptions& options) const;
  absl::StatusOr<passend::v1::MatchExplanation> Explain(
      const std::string& candidate_id, const std::string& vacancy_id,
      const MatchPolicy& policy) const;

  // Explain, for a pair a ranking for the vacancy can show (feasible, or a
  // near miss); any other pair is NOT_FOUND worded exactly as a missing
  // candidate, so that the answer tells nothing of people a ranking never
  // shows (placed, withdrawn, far from fitting).
  absl::StatusOr<passend::v1::MatchExplanation> ExplainRankable(
      const std::string& candidate_id, const std::string& vacancy_id,
      const MatchPolicy& policy) const;

  // The indexed vacancy, or nullopt.
  std::optional<VacancyProfile> FindVacancy(const std::string& id) const;

  const MatchModel& model() const { return *model_; }
  const CandidateIndex& candidates() const { return *candidates_; }
  size_t vacancy_count() const;
  // Every vacancy profile in id order (for consistency checks).
  std::vector<VacancyProfile> VacancySnapshot() const;

 private:
  Matcher(ProfileCompiler compiler, ScoringWeights weights);

  ProfileCompiler compiler_;
  std::unique_ptr<MatchModel> model_;
  std::unique_ptr<CandidateIndex> candidates_;
  mutable absl::Mutex vacancies_mu_;
  absl::flat_hash_map<std::string, VacancyProfile> vacancies_
      ABSL_GUARDED_BY(vacancies_mu_);
};

}  // namespace passend::matcher

#endif  // PASSEND_MATCHER_MATCHER_H_
