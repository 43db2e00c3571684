#include "matcher/profile.h"

#include "absl/strings/str_cat.h"

namespace passend::matcher {
namespace {

template <typename T>
size_t IndexIn(const std::vector<T>& items, const T* item) {
  return static_cast<size_t>(item - items.data());
}

absl::Status Unknown(absl::string_view what, absl::string_view code) {
  return absl::InternalError(
      absl::StrCat("unvalidated record reached the matcher: unknown ", what,
                   " \"", code, "\""));
}

absl::string_view IdOf(absl::string_view name) {
  size_t slash = name.find('/');
  return slash == absl::string_view::npos ? name : name.substr(slash + 1);
}

}  // namespace

int32_t DayNumber(absl::CivilDay day) {
  return static_cast<int32_t>(day - absl::CivilDay(1970, 1, 1));
}

int32_t DayNumber(const passend::v1::Date& date) {
  return DayNumber(absl::CivilDay(date.year(), date.month(), date.day()));
}

absl::StatusOr<ProfileCompiler> ProfileCompiler::Create(
    const Taxonomy* taxonomy, const ReferenceData* reference) {
  const auto& proto = taxonomy->proto();
  if (proto.dimensions_size() > kMaxDimensions ||
      proto.support_needs_size() > kMaxNeeds ||
      proto.adjustments_size() > kMaxAdjustments) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the matcher supports at most ", kMaxDimensions, " dimensions, ",
        kMaxNeeds, " support needs and ", kMaxAdjustments,
        " adjustments; the taxonomy has ", proto.dimensions_size(), ", ",
        proto.support_needs_size(), " and ", proto.adjustments_size()));
  }
  int thresholds = 0;
  for (const auto& dimension : proto.dimensions()) {
    thresholds += dimension.levels_size() - 1;
  }
  if (thresholds > 128) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the matcher supports at most 128 capacity thresholds (levels above "
        "the lowest, summed over dimensions); the taxonomy has ",
        thresholds));
  }
  if (reference->postcode_areas().size() > 65535 ||
      reference->occupations().size() > 65535 ||
      reference->regions().size() > 255) {
    return absl::FailedPreconditionError("reference data too large");
  }
  return ProfileCompiler(taxonomy, reference);
}

absl::StatusOr<CandidateProfile> ProfileCompiler::Compile(
    const passend::v1::Candidate& c) const {
  CandidateProfile p;
  p.id = std::string(IdOf(c.name()));
  const auto& dims = taxonomy_->proto().dimensions();
  for (int d = 0; d < dims.size(); ++d) {
    p.capacity[d] = static_cast<uint8_t>(dims[d].normal_level());
  }
  for (const auto& level : c.capacities()) {
    int d = taxonomy_->DimensionIndex(level.dimension());
    if (d < 0) return Unknown("dimension", level.dimension());
    p.capacity[d] = static_cast<uint8_t>(level.level());
  }
  for (const auto& need : c.support_needs()) {
    int n = taxonomy_->NeedIndex(need.need());
    if (n < 0) return Unknown("support need", need.need());
    (need.strength() == passend::v1::SupportNeed::REQUIRED
         ? p.required_needs
         : p.preferred_needs) |= uint32_t{1} << n;
  }
  p.hours_min = static_cast<uint8_t>(c.hours_per_week().min());
  p.hours_max = static_cast<uint8_t>(c.hours_per_week().max());
  const PostcodeArea* area = reference_->FindPostcodeArea(c.postcode_area());
  if (area == nullptr) return Unknown("postcode area", c.postcode_area());
  p.postcode =
      static_cast<uint16_t>(IndexIn(reference_->postcode_areas(), area));
  const Region* region = reference_->FindRegion(c.owner_region());
  if (region == nullptr) return Unknown("region", c.owner_region());
  p.region = static_cast<uint8_t>(IndexIn(reference_->regions(), region));
  p.travel_km = static_cast<uint8_t>(c.travel_range_km());
  switch (c.availability()) {
    case passend::v1::Candidate::AVAILABLE_FROM:
      p.availability = Availability::kFrom;
      p.available_from_day = DayNumber(c.available_from());
      break;
    case passend::v1::Candidate::PLACED:
      p.availability = Availability::kPlaced;
      break;
    case passend::v1::Candidate::WITHDRAWN:
      p.availability = Availability::kWithdrawn;
      break;
    default:
      p.availability = Availability::kNow;
  }
  p.last_confirmed_day = DayNumber(c.last_confirmed());
  p.wage_value = static_cast<uint8_t>(c.wage_value_percent());
  for (const auto& occupation : c.occupations()) {
    const Occupation* o = reference_->FindOccupation(occupation.esco_id());
    if (o == nullptr) return Unknown("occupation", occupation.esco_id());
    p.occupations.push_back(
        {static_cast<uint16_t>(IndexIn(reference_->occupations(), o)),
         occupation.relation() ==
             passend::v1::OccupationPreference::EXPERIENCE});
  }
  return p;
}

absl::StatusOr<VacancyProfile> ProfileCompiler::Compile(
    const passend::v1::Vacancy& v) const {
  VacancyProfile p;
  p.id = std::string(IdOf(v.name()));
  const auto& dims = taxonomy_->proto().dimensions();
  for (const auto& level : v.demands()) {
    int d = taxonomy_->DimensionIndex(level.dimension());
    if (d < 0) return Unknown("dimension", level.dimension());
    p.demand[d] = static_cast<uint8_t>(level.level());
  }
  // evening_work and night_work demand the top level of their dimension.
  for (int d = 0; d < dims.size(); ++d) {
    const std::string& field = dims[d].vacancy_field();
    if ((field == "evening_work" && v.evening_work()) ||
        (field == "night_work" && v.night_work())) {
      p.demand[d] = static_cast<uint8_t>(dims[d].levels_size() - 1);
    }
  }
  for (const std::string& id : v.offered_adjustments()) {
    int a = taxonomy_->AdjustmentIndex(id);
    if (a < 0) return Unknown("adjustment", id);
    p.offered |= uint64_t{1} << a;
  }
  p.hours_min = static_cast<uint8_t>(v.hours_per_week().min());
  p.hours_max = static_cast<uint8_t>(v.hours_per_week().max());
  const PostcodeArea* area = reference_->FindPostcodeArea(v.postcode_area());
  if (area == nullptr) return Unknown("postcode area", v.postcode_area());
  p.postcode =
      static_cast<uint16_t>(IndexIn(reference_->postcode_areas(), area));
  const Region* region = reference_->FindRegion(v.region());
  if (region == nullptr) return Unknown("region", v.region());
  p.region = static_cast<uint8_t>(IndexIn(reference_->regions(), region));
  p.remote = v.remote_possible();
  const Occupation* o = reference_->FindOccupation(v.occupation());
  if (o == nullptr) return Unknown("occupation", v.occupation());
  p.occupation = static_cast<uint16_t>(IndexIn(reference_->occupations(), o));
  for (const std::string& id : v.must_have_experience()) {
    const Occupation* m = reference_->FindOccupation(id);
    if (m == nullptr) return Unknown("occupation", id);
    p.must_haves.push_back(
        static_cast<uint16_t>(IndexIn(reference_->occupations(), m)));
  }
  p.employer = v.employer();
  p.state = v.status() == passend::v1::Vacancy::OPEN &&
                    v.filled_positions() < v.positions()
                ? VacancyState::kOpen
                : VacancyState::kNotOpen;
  p.open_positions =
      p.state == VacancyState::kOpen ? v.positions() - v.filled_positions() : 0;
  return p;
}

}  // namespace passend::matcher
