#include "matcher/match_model.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/resource_name.h"

namespace passend::matcher {
namespace {

using passend::v1::Constraint;

passend::v1::Date ToDate(int32_t day_number) {
  absl::CivilDay day = absl::CivilDay(1970, 1, 1) + day_number;
  passend::v1::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

}  // namespace

MatchModel::MatchModel(const ProfileCompiler* compiler, ScoringWeights weights)
    : compiler_(compiler),
      weights_(weights),
      distances_(compiler->reference().postcode_areas().size()),
      occupation_points_(compiler->reference().occupations().size()),
      hours_points_(64 * 64) {
  const auto& taxonomy = compiler->taxonomy().proto();
  dimension_count_ = taxonomy.dimensions_size();
  for (int d = 0; d < dimension_count_; ++d) {
    levels_[d] = taxonomy.dimensions(d).levels_size();
  }
  for (int a = 0; a < taxonomy.adjustments_size(); ++a) {
    const auto& adjustment = taxonomy.adjustments(a);
    uint32_t meets = 0;
    for (const std::string& need : adjustment.meets_needs()) {
      meets |= uint32_t{1} << compiler->taxonomy().NeedIndex(need);
    }
    meets_.push_back(meets);
    std::array<uint8_t, kMaxDimensions> lowers{};
    for (const auto& reduction : adjustment.lowers_demands()) {
      lowers[compiler->taxonomy().DimensionIndex(reduction.dimension())] +=
          static_cast<uint8_t>(reduction.levels());
    }
    lowers_.push_back(lowers);
    if (adjustment.kind() == passend::v1::FINANCIAL) {
      financial_ |= uint64_t{1} << a;
    }
  }
  for (const Occupation& o : compiler->reference().occupations()) {
    isco_.push_back(std::stoi(o.isco_group));
  }
  for (int total = 0; total <= kMaxNeeds; ++total) {
    for (int met = 0; met <= total; ++met) {
      preferred_points_[met][total] =
          static_cast<int16_t>(PreferredNeedsPoints(met, total, weights));
    }
  }
}

uint32_t MatchModel::MetNeeds(uint64_t offered) const {
  uint32_t met = 0;
  for (size_t a = 0; a < meets_.size(); ++a) {
    if (offered & (uint64_t{1} << a)) met |= meets_[a];
  }
  return met;
}

std::array<uint8_t, kMaxDimensions> MatchModel::EffectiveDemand(
    const VacancyProfile& vacancy) const {
  std::array<uint8_t, kMaxDimensions> effective = vacancy.demand;
  for (size_t a = 0; a < lowers_.size(); ++a) {
    if (!(vacancy.offered & (uint64_t{1} << a))) continue;
    for (int d = 0; d < dimension_count_; ++d) {
      effective[d] = effective[d] > lowers_[a][d]
                         ? static_cast<uint8_t>(effective[d] - lowers_[a][d])
                         : 0;
    }
  }
  return effective;
}

Closeness MatchModel::OccupationCloseness(uint16_t a, uint16_t b) const {
  if (a == b) return Closeness::kSameOccupation;
  const int x = isco_[a];
  const int y = isco_[b];
  if (x == y) return Closeness::kUnitGroup;
  if (x / 10 == y / 10) return Closeness::kMinorGroup;
  if (x / 100 == y / 100) return Closeness::kSubMajorGroup;
  if (x / 1000 == y / 1000) return Closeness::kMajorGroup;
  return Closeness::kNone;
}

std::shared_ptr<const DistanceTable> MatchModel::DistancesFrom(
    uint16_t postcode) const {
  return distances_.Get(postcode, [&] {
    const ReferenceData& reference = compiler_->reference();
    const auto& areas = reference.postcode_areas();
    DistanceTable table;
    table.km.resize(areas.size());
    table.municipality_min_km.assign(reference.municipalities().size(), 1e9);
    table.municipality_max_km.assign(reference.municipalities().size(), 0);
    const PostcodeArea& origin = areas[postcode];
    for (size_t i = 0; i < areas.size(); ++i) {
      table.km[i] =
          GreatCircleKm(origin.lat, origin.lon, areas[i].lat, areas[i].lon);
      const Municipality* municipality =
          reference.FindMunicipality(areas[i].municipality_code);
      size_t m =
          static_cast<size_t>(municipality - reference.municipalities().data());
      table.municipality_min_km[m] =
          std::min(table.municipality_min_km[m], table.km[i]);
      table.municipality_max_km[m] =
          std::max(table.municipality_max_km[m], table.km[i]);
    }
    table.reach_km.reserve(table.km.size());
    for (double km : table.km) {
      table.reach_km.push_back(
          static_cast<uint16_t>(std::min(std::ceil(km), 65535.0)));
    }
    return table;
  });
}

std::shared_ptr<const std::vector<int16_t>> MatchModel::OccupationPointsFor(
    uint16_t occupation) const {
  return occupation_points_.Get(occupation, [&] {
    const size_t count = isco_.size();
    std::vector<int16_t> points(count * 2 + 1, 0);
    for (size_t o = 0; o < count; ++o) {
      Closeness c = OccupationCloseness(static_cast<uint16_t>(o), occupation);
      points[o << 1] =
          static_cast<int16_t>(OccupationPoints(c, false, weights_));
      points[o << 1 | 1] =
          static_cast<int16_t>(OccupationPoints(c, true, weights_));
    }
    return points;
  });
}

std::shared_ptr<const std::vector<int16_t>> MatchModel::HoursPointsFor(
    int vacancy_min, int vacancy_max) const {
  return hours_points_.Get((vacancy_min & 63) << 6 | (vacancy_max & 63), [&] {
    std::vector<int16_t> points(64 * 64, -1);
    for (int lo = 0; lo < 64; ++lo) {
      for (int hi = lo; hi < 64; ++hi) {
        if (lo <= vacancy_max && vacancy_min <= hi) {
          points[lo << 6 | hi] = static_cast<int16_t>(
              HoursFitPoints(lo, hi, vacancy_min, vacancy_max, weights_));
        }
      }
    }
    return points;
  });
}

bool Assessment::rankable() const {
  if (failures.size() > static_cast<size_t>(kMaxNearMissFailures)) {
    return false;
  }
  for (const Failure& f : failures) {
    if (f.kind == Constraint::VACANCY_CLOSED ||
        f.kind == Constraint::AVAILABILITY) {
      return false;
    }
  }
  return true;
}

bool MatchModel::IsAvailable(const CandidateProfile& c, const MatchPolicy& p) {
  return c.availability == Availability::kNow ||
         (c.availability == Availability::kFrom &&
          c.available_from_day <= p.today);
}

bool MatchModel::IsFresh(const CandidateProfile& c, const MatchPolicy& p) {
  return p.today - c.last_confirmed_day <= p.stale_after_days;
}

Assessment MatchModel::Assess(const CandidateProfile& c,
                              const VacancyProfile& v,
                              const MatchPolicy& policy) const {
  Assessment result;
  auto fail = [&](Constraint::Kind kind, int subject) {
    result.failures.push_back({kind, subject});
  };
  if (v.state != VacancyState::kOpen) fail(Constraint::VACANCY_CLOSED, -1);
  if (!IsAvailable(c, policy)) fail(Constraint::AVAILABILITY, -1);
  if (!IsFresh(c, policy)) fail(Constraint::FRESHNESS, -1);

  const uint32_t met = MetNeeds(v.offered);
  for (int n = 0; n < kMaxNeeds; ++n) {
    if ((c.required_needs >> n & 1) && !(met >> n & 1)) {
      fail(Constraint::SUPPORT_NEED, n);
    }
  }
  const auto effective = EffectiveDemand(v);
  int slack = 0;
  int max_slack = 0;
  for (int d = 0; d < dimension_count_; ++d) {
    if (effective[d] == 0) continue;
    if (effective[d] > c.capacity[d]) fail(Constraint::CAPACITY, d);
    // A shortfall on one dimension offsets headroom on another; it only
    // matters for near misses, whose order this score sets.
    slack += c.capacity[d] - effective[d];
    max_slack += levels_[d] - 1 - effective[d];
  }
  const bool hours_meet =
      std::max(c.hours_min, v.hours_min) <= std::min(c.hours_max, v.hours_max);
  if (!hours_meet) fail(Constraint::HOURS, -1);
  const double km = DistancesFrom(v.postcode)->km[c.postcode];
  const bool in_reach = v.remote || km <= c.travel_km;
  if (!in_reach) fail(Constraint::TRAVEL, -1);
  for (uint16_t must : v.must_haves) {
    bool has = false;
    for (const OccupationRef& o : c.occupations) {
      has |= o.experience && o.esco == must;
    }
    if (!has) fail(Constraint::MUST_HAVE, must);
  }

  const ScoringWeights& w = weights_;
  auto& b = result.breakdown;
  b.set_preferred_needs(
      PreferredNeedsPoints(std::popcount(c.preferred_needs & met),
                           std::popcount(c.preferred_needs), w));
  int occupation = 0;
  for (const OccupationRef& o : c.occupations) {
    occupation = std::max(
        occupation, OccupationPoints(OccupationCloseness(o.esco, v.occupation),
                                     o.experience, w));
  }
  b.set_occupation(occupation);
  b.set_hours_fit(hours_meet ? HoursFitPoints(c.hours_min, c.hours_max,
                                              v.hours_min, v.hours_max, w)
                             : 0);
  b.set_distance(in_reach ? DistancePoints(km, c.travel_km, v.remote, w) : 0);
  b.set_headroom(HeadroomPoints(std::max(slack, 0), max_slack, w));
  b.set_wage_value(WageValuePoints(c.wage_value, AcceptsSubsidy(v.offered), w));
  result.score = b.preferred_needs() + b.occupation() + b.hours_fit() +
                 b.distance() + b.headroom() + b.wage_value();
  return result;
}

passend::v1::MatchExplanation MatchModel::Explain(
    const CandidateProfile& c, const VacancyProfile& v,
    const MatchPolicy& policy) const {
  const auto& taxonomy = compiler_->taxonomy().proto();
  const ReferenceData& reference = compiler_->reference();
  Assessment assessment = Assess(c, v, policy);
  passend::v1::MatchExplanation e;
  e.set_candidate(CandidateName(c.id));
  e.set_vacancy(VacancyName(v.id));
  e.set_feasible(assessment.feasible());
  e.set_score(assessment.feasible() ? assessment.score : 0);
  *e.mutable_score_breakdown() = assessment.breakdown;

  const uint32_t met = MetNeeds(v.offered);
  for (int n = 0; n < taxonomy.support_needs_size(); ++n) {
    bool required = c.required_needs >> n & 1;
    bool preferred = c.preferred_needs >> n & 1;
    if (!required && !preferred) continue;
    auto* need = e.add_needs();
    need->set_need(taxonomy.support_needs(n).id());
    need->set_strength(required ? passend::v1::SupportNeed::REQUIRED
                                : passend::v1::SupportNeed::PREFERRED);
    need->set_met(met >> n & 1);
    for (size_t a = 0; a < meets_.size(); ++a) {
      if ((v.offered >> a & 1) && (meets_[a] >> n & 1)) {
        need->add_met_by(taxonomy.adjustments(a).id());
      }
    }
  }
  const auto effective = EffectiveDemand(v);
  for (int d = 0; d < dimension_count_; ++d) {
    if (v.demand[d] == 0) continue;
    auto* dim = e.add_dimensions();
    dim->set_dimension(taxonomy.dimensions(d).id());
    dim->set_capacity(c.capacity[d]);
    dim->set_demand(v.demand[d]);
    dim->set_effective_demand(effective[d]);
    for (size_t a = 0; a < lowers_.size(); ++a) {
      if ((v.offered >> a & 1) && lowers_[a][d] > 0) {
        dim->add_lowered_by(taxonomy.adjustments(a).id());
      }
    }
    dim->set_met(effective[d] <= c.capacity[d]);
  }
  auto* hours = e.mutable_hours();
  hours->mutable_candidate()->set_min(c.hours_min);
  hours->mutable_candidate()->set_max(c.hours_max);
  hours->mutable_vacancy()->set_min(v.hours_min);
  hours->mutable_vacancy()->set_max(v.hours_max);
  const int overlap =
      HoursOverlap(c.hours_min, c.hours_max, v.hours_min, v.hours_max);
  hours->set_overlap(overlap);
  hours->set_met(overlap > 0);
  auto* travel = e.mutable_travel();
  travel->set_distance_km(DistancesFrom(v.postcode)->km[c.postcode]);
  travel->set_travel_range_km(c.travel_km);
  travel->set_remote_possible(v.remote);
  travel->set_met(v.remote || travel->distance_km() <= c.travel_km);
  auto* availability = e.mutable_availability();
  static constexpr passend::v1::Candidate::Availability kAvailability[] = {
      passend::v1::Candidate::AVAILABLE_NOW,
      passend::v1::Candidate::AVAILABLE_FROM, passend::v1::Candidate::PLACED,
      passend::v1::Candidate::WITHDRAWN};
  availability->set_availability(
      kAvailability[static_cast<int>(c.availability)]);
  if (c.availability == Availability::kFrom) {
    *availability->mutable_available_from() = ToDate(c.available_from_day);
  }
  *availability->mutable_last_confirmed() = ToDate(c.last_confirmed_day);
  availability->set_days_since_confirmed(policy.today - c.last_confirmed_day);
  availability->set_available(IsAvailable(c, policy));
  availability->set_fresh(IsFresh(c, policy));
  auto* occupation = e.mutable_occupation();
  Closeness best = Closeness::kNone;
  for (const OccupationRef& o : c.occupations) {
    Closeness closeness = OccupationCloseness(o.esco, v.occupation);
    if (closeness > best ||
        (closeness == best && o.experience && !occupation->experience())) {
      best = closeness;
      occupation->set_esco_id(reference.occupations()[o.esco].esco_id);
      occupation->set_experience(o.experience);
    }
  }
  occupation->set_closeness(
      static_cast<passend::v1::OccupationMatch::Closeness>(best));

  for (const Failure& f : assessment.failures) {
    auto* constraint = e.add_failed();
    constraint->set_kind(f.kind);
    if (f.kind == Constraint::SUPPORT_NEED) {
      constraint->set_subject(taxonomy.support_needs(f.subject).id());
    } else if (f.kind == Constraint::CAPACITY) {
      constraint->set_subject(taxonomy.dimensions(f.subject).id());
    } else if (f.kind == Constraint::MUST_HAVE) {
      constraint->set_subject(reference.occupations()[f.subject].esco_id);
      occupation->add_missing_must_haves(constraint->subject());
    }
  }
  if (assessment.feasible()) return e;

  // Unlockers: single changes that resolve at least one failed constraint.
  // An adjustment lists every failure it resolves, so the employer sees
  // which one change opens the most.
  for (size_t a = 0; a < meets_.size(); ++a) {
    if (v.offered >> a & 1) continue;
    VacancyProfile with = v;
    with.offered |= uint64_t{1} << a;
    const uint32_t met_with = MetNeeds(with.offered);
    const auto effective_with = EffectiveDemand(with);
    passend::v1::Unlocker unlocker;
    for (const Failure& f : assessment.failures) {
      bool resolves =
          (f.kind == Constraint::SUPPORT_NEED && (met_with >> f.subject & 1)) ||
          (f.kind == Constraint::CAPACITY &&
           effective_with[f.subject] <= c.capacity[f.subject]);
      if (!resolves) continue;
      auto* r = unlocker.add_resolves();
      r->set_kind(f.kind);
      r->set_subject(f.kind == Constraint::SUPPORT_NEED
                         ? taxonomy.support_needs(f.subject).id()
                         : taxonomy.dimensions(f.subject).id());
    }
    if (unlocker.resolves().empty()) continue;
    unlocker.set_offer_adjustment(taxonomy.adjustments(a).id());
    unlocker.set_description(
        absl::StrCat("offer ", taxonomy.adjustments(a).title_en()));
    *e.add_unlockers() = std::move(unlocker);
  }
  for (const Failure& f : assessment.failures) {
    passend::v1::Unlocker unlocker;
    switch (f.kind) {
      case Constraint::CAPACITY: {
        // Job carving: lower the demand itself to what the person can do.
        auto* lower = unlocker.mutable_lower_demand();
        lower->set_dimension(taxonomy.dimensions(f.subject).id());
        int to = c.capacity[f.subject];
        lower->set_level(to);
        unlocker.set_description(absl::StrCat(
            "lower the demand on ", taxonomy.dimensions(f.subject).title_en(),
            " to \"", taxonomy.dimensions(f.subject).levels(to), "\""));
        break;
      }
      case Constraint::HOURS: {
        auto* offer = unlocker.mutable_offer_hours();
        offer->set_min(std::min<int>(v.hours_min, c.hours_max));
        offer->set_max(std::max<int>(v.hours_max, c.hours_min));
        unlocker.set_description(absl::StrCat("offer ", offer->min(), "-",
                                              offer->max(), " hours a week"));
        break;
      }
      case Constraint::TRAVEL:
        unlocker.set_allow_remote(true);
        unlocker.set_description("allow remote work");
        break;
      case Constraint::FRESHNESS:
        unlocker.set_confirm_profile(true);
        unlocker.set_description("the candidate confirms the profile");
        break;
      case Constraint::MUST_HAVE:
        unlocker.set_drop_must_have(reference.occupations()[f.subject].esco_id);
        unlocker.set_description(
            absl::StrCat("drop the must-have experience as ",
                         reference.occupations()[f.subject].label_en));
        break;
      default:
        continue;  // availability and a closed vacancy have no unlocker
    }
    auto* r = unlocker.add_resolves();
    r->set_kind(f.kind);
    if (f.kind == Constraint::CAPACITY) {
      r->set_subject(taxonomy.dimensions(f.subject).id());
    } else if (f.kind == Constraint::MUST_HAVE) {
      r->set_subject(reference.occupations()[f.subject].esco_id);
    }
    *e.add_unlockers() = std::move(unlocker);
  }
  return e;
}

}  // namespace passend::matcher
