#include "matcher/matcher.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "common/resource_name.h"
#include "matcher/profile_codec.h"
#include "matcher/top_k.h"

namespace passend::matcher {
namespace {

absl::string_view IdOf(absl::string_view name) {
  return name.substr(name.find('/') + 1);
}

// A record the services validated failed to compile: a bug, reported without
// any of the record's content.
void ReportCompileFailure(absl::string_view name, const absl::Status& s) {
  std::fprintf(stderr, "matcher: %.*s left out of the index: %.*s\n",
               static_cast<int>(name.size()), name.data(),
               static_cast<int>(s.message().size()), s.message().data());
}

// A result of the BASIC view: the pair and its score.
passend::v1::MatchExplanation Unexplained(absl::string_view candidate_id,
                                          absl::string_view vacancy_id,
                                          int score) {
  passend::v1::MatchExplanation e;
  e.set_candidate(CandidateName(candidate_id));
  e.set_vacancy(VacancyName(vacancy_id));
  e.set_feasible(true);
  e.set_score(score);
  return e;
}

// NOT_FOUND for a record the matcher does not hold, one wording for all.
absl::Status NoSuch(absl::string_view collection, const std::string& id) {
  return absl::NotFoundError(
      absl::StrCat(collection, "/", id, " does not exist"));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Matcher>> Matcher::Create(
    const Taxonomy* taxonomy, const ReferenceData* reference,
    ScoringWeights weights) {
  absl::StatusOr<ProfileCompiler> compiler =
      ProfileCompiler::Create(taxonomy, reference);
  if (!compiler.ok()) return compiler.status();
  return std::unique_ptr<Matcher>(new Matcher(*compiler, weights));
}

Matcher::Matcher(ProfileCompiler compiler, ScoringWeights weights)
    : compiler_(compiler),
      model_(std::make_unique<MatchModel>(&compiler_, weights)),
      candidates_(std::make_unique<CandidateIndex>(model_.get())) {}

void Matcher::OnCandidateWritten(const passend::v1::Candidate* before,
                                 const passend::v1::Candidate* after) {
  if (after == nullptr) {
    if (before != nullptr)
      candidates_->Remove(std::string(IdOf(before->name())));
    return;
  }
  absl::StatusOr<CandidateProfile> profile = compiler_.Compile(*after);
  if (!profile.ok()) {
    ReportCompileFailure(after->name(), profile.status());
    candidates_->Remove(std::string(IdOf(after->name())));
    return;
  }
  candidates_->Upsert(*std::move(profile));
}

void Matcher::OnVacancyWritten(const passend::v1::Vacancy* before,
                               const passend::v1::Vacancy* after) {
  absl::MutexLock lock(&vacancies_mu_);
  if (after == nullptr) {
    if (before != nullptr) vacancies_.erase(std::string(IdOf(before->name())));
    return;
  }
  absl::StatusOr<VacancyProfile> profile = compiler_.Compile(*after);
  if (!profile.ok()) {
    ReportCompileFailure(after->name(), profile.status());
    vacancies_.erase(std::string(IdOf(after->name())));
    return;
  }
  std::string id = profile->id;
  vacancies_[id] = *std::move(profile);
}

Matcher::CandidateLoader::CandidateLoader(Matcher* matcher)
    : matcher_(matcher), indexer_([this] { Index(); }) {}

Matcher::CandidateLoader::~CandidateLoader() { Finish(); }

void Matcher::CandidateLoader::Add(const passend::v1::Candidate& candidate) {
  absl::StatusOr<CandidateProfile> profile =
      matcher_->compiler_.Compile(candidate);
  if (!profile.ok()) {
    ReportCompileFailure(candidate.name(), profile.status());
    return;
  }
  batch_.push_back(*std::move(profile));
  if (batch_.size() == 4096) {
    absl::MutexLock lock(&mu_);
    queue_.push_back(std::move(batch_));
    batch_.clear();
    changed_.Signal();
  }
}

void Matcher::CandidateLoader::Finish() {
  if (!indexer_.joinable()) return;
  {
    absl::MutexLock lock(&mu_);
    if (!batch_.empty()) queue_.push_back(std::move(batch_));
    batch_.clear();
    done_ = true;
    changed_.Signal();
  }
  indexer_.join();
}

void Matcher::CandidateLoader::Index() {
  while (true) {
    std::vector<std::vector<CandidateProfile>> work;
    {
      absl::MutexLock lock(&mu_);
      while (queue_.empty() && !done_) changed_.Wait(&mu_);
      if (queue_.empty()) return;
      work.swap(queue_);
    }
    for (auto& batch : work) matcher_->candidates_->UpsertAll(std::move(batch));
  }
}

void Matcher::EncodeCandidates(std::string* out) const {
  out->reserve(out->size() + 64 * candidates_->size());
  CandidateProfileEncoder encoder(compiler_, out);
  candidates_->ForEach([&](const CandidateProfile& p) { encoder.Add(p); });
  encoder.Finish();
}

absl::Status Matcher::LoadCandidates(absl::string_view bytes) {
  if (candidates_->size() != 0) {
    return absl::FailedPreconditionError(
        "candidate profiles load into an empty index only");
  }
  absl::StatusOr<std::vector<CandidateProfile>> profiles =
      DecodeCandidateProfiles(compiler_, bytes);
  if (!profiles.ok()) return profiles.status();
  candidates_->UpsertAll(*std::move(profiles));
  return absl::OkStatus();
}

size_t Matcher::vacancy_count() const {
  absl::ReaderMutexLock lock(&vacancies_mu_);
  return vacancies_.size();
}

std::vector<VacancyProfile> Matcher::VacancySnapshot() const {
  absl::ReaderMutexLock lock(&vacancies_mu_);
  std::vector<VacancyProfile> all;
  for (const auto& [id, v] : vacancies_) all.push_back(v);
  std::sort(all.begin(), all.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  return all;
}

std::optional<VacancyProfile> Matcher::FindVacancy(
    const std::string& id) const {
  absl::ReaderMutexLock lock(&vacancies_mu_);
  auto it = vacancies_.find(id);
  if (it == vacancies_.end()) return std::nullopt;
  return it->second;
}

absl::StatusOr<Ranking> Matcher::RankCandidates(
    const std::string& vacancy_id, const RankOptions& options) const {
  std::optional<VacancyProfile> vacancy = FindVacancy(vacancy_id);
  if (!vacancy.has_value()) return NoSuch(kVacancyCollection, vacancy_id);
  absl::StatusOr<RankResult> ranked =
      candidates_->Rank(RankQuery{options, &*vacancy});
  if (!ranked.ok()) return ranked.status();
  Ranking ranking;
  ranking.feasible = ranked->feasible;
  ranking.scanned = ranked->scanned;
  for (size_t i = 0; i < ranked->hits.size(); ++i) {
    if (options.explain) {
      ranking.results.push_back(
          model_->Explain(ranked->hit_profiles[i], *vacancy, options.policy));
    } else {
      ranking.results.push_back(
          Unexplained(ranked->hits[i].id, vacancy->id, ranked->hits[i].score));
    }
  }
  for (const CandidateProfile& c : ranked->near_miss_profiles) {
    ranking.near_misses.push_back(model_->Explain(c, *vacancy, options.policy));
  }
  return ranking;
}

absl::StatusOr<Ranking> Matcher::RankVacancies(
    const std::string& candidate_id, const RankOptions& options) const {
  std::optional<CandidateProfile> candidate = candidates_->Find(candidate_id);
  if (!candidate.has_value()) return NoSuch(kCandidateCollection, candidate_id);
  const std::array<bool, 256> allowed = RegionMask(options.regions);
  TopK<Hit, decltype(&Better)> top(static_cast<size_t>(options.limit), &Better);
  TopK<NearMiss, decltype(&BetterNearMiss)> near(
      static_cast<size_t>(options.near_misses), &BetterNearMiss);
  Ranking ranking;
  std::vector<VacancyProfile> chosen;
  {
    absl::ReaderMutexLock lock(&vacancies_mu_);
    int until_check = 1024;
    for (const auto& [id, v] : vacancies_) {
      if (--until_check == 0) {
        until_check = 1024;
        if (options.check) {
          if (absl::Status s = options.check(); !s.ok()) return s;
        }
      }
      if (!allowed[v.region] || v.state != VacancyState::kOpen) continue;
      ++ranking.scanned;
      Assessment a = model_->Assess(*candidate, v, options.policy);
      if (a.feasible()) {
        ++ranking.feasible;
        Hit hit{a.score, id};
        if (options.after.has_value() && !Better(*options.after, hit)) continue;
        top.Push(std::move(hit));
      } else if (a.rankable()) {
        near.Push({static_cast<int>(a.failures.size()), {a.score, id}});
      }
    }
    for (const Hit& hit : std::move(top).Sorted()) {
      ranking.results.push_back(
          options.explain ? model_->Explain(*candidate, vacancies_.at(hit.id),
                                            options.policy)
                          : Unexplained(candidate->id, hit.id, hit.score));
    }
    for (const NearMiss& miss : std::move(near).Sorted()) {
      ranking.near_misses.push_back(model_->Explain(
          *candidate, vacancies_.at(miss.hit.id), options.policy));
    }
  }
  return ranking;
}

absl::StatusOr<passend::v1::MatchExplanation> Matcher::Explain(
    const std::string& candidate_id, const std::string& vacancy_id,
    const MatchPolicy& policy) const {
  std::optional<CandidateProfile> candidate = candidates_->Find(candidate_id);
  if (!candidate.has_value()) return NoSuch(kCandidateCollection, candidate_id);
  std::optional<VacancyProfile> vacancy = FindVacancy(vacancy_id);
  if (!vacancy.has_value()) return NoSuch(kVacancyCollection, vacancy_id);
  return model_->Explain(*candidate, *vacancy, policy);
}

absl::StatusOr<passend::v1::MatchExplanation> Matcher::ExplainRankable(
    const std::string& candidate_id, const std::string& vacancy_id,
    const MatchPolicy& policy) const {
  std::optional<VacancyProfile> vacancy = FindVacancy(vacancy_id);
  if (!vacancy.has_value()) return NoSuch(kVacancyCollection, vacancy_id);
  std::optional<CandidateProfile> candidate = candidates_->Find(candidate_id);
  if (!candidate.has_value() ||
      !model_->Assess(*candidate, *vacancy, policy).rankable()) {
    return NoSuch(kCandidateCollection, candidate_id);
  }
  return model_->Explain(*candidate, *vacancy, policy);
}

}  // namespace passend::matcher
