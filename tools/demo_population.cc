#include "tools/demo_population.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace passend::tools {
namespace {

// Labour-market regions' populations in thousands: rounded approximations,
// only to give regions realistic relative sizes.
const absl::flat_hash_map<std::string, int>& RegionPopulation() {
  static const auto* kPopulation = new absl::flat_hash_map<std::string, int>{
      {"AM01", 590}, {"AM02", 655}, {"AM03", 495},  {"AM05", 630},
      {"AM06", 630}, {"AM07", 700}, {"AM08", 560},  {"AM09", 390},
      {"AM10", 250}, {"AM11", 440}, {"AM12", 260},  {"AM13", 920},
      {"AM14", 330}, {"AM15", 680}, {"AM17", 340},  {"AM18", 1300},
      {"AM19", 580}, {"AM20", 260}, {"AM21", 1150}, {"AM22", 1350},
      {"AM23", 290}, {"AM24", 390}, {"AM25", 720},  {"AM26", 480},
      {"AM27", 680}, {"AM28", 600}, {"AM29", 290},  {"AM30", 600},
      {"AM32", 280}, {"AM33", 240}, {"AM34", 200},  {"AM35", 150},
      {"AM36", 720}, {"AM37", 450}, {"AM38", 380}};
  return *kPopulation;
}

// SplitMix64: turns (seed, kind, index) into a well-mixed engine seed, so
// record i never depends on any other record.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A small deterministic generator: the same draws on every platform (the
// standard distributions are not specified bit for bit).
class Draw {
 public:
  Draw(uint64_t seed, uint64_t kind, int64_t index)
      : state_(Mix(Mix(seed ^ Mix(kind)) ^ static_cast<uint64_t>(index))) {}
  uint64_t Next() { return state_ = Mix(state_); }
  // Uniform in [lo, hi].
  int Int(int lo, int hi) {
    return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  double Real() { return (Next() >> 11) * (1.0 / 9007199254740992.0); }
  bool Chance(double p) { return Real() < p; }
  // Index drawn with the given weights.
  template <size_t N>
  size_t Weighted(const std::array<double, N>& weights) {
    double total = 0;
    for (double w : weights) total += w;
    double x = Real() * total;
    for (size_t i = 0; i < N; ++i) {
      if ((x -= weights[i]) < 0) return i;
    }
    return N - 1;
  }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Next() % items.size()];
  }

 private:
  uint64_t state_;
};

constexpr uint64_t kCandidateKind = 1;
constexpr uint64_t kVacancyKind = 2;
constexpr uint64_t kEmployerKind = 3;

const std::vector<std::string> kFirstNames = {
    "Sanne",  "Daan",    "Emma",  "Lucas", "Julia", "Sem",
    "Lotte",  "Milan",   "Fleur", "Thijs", "Noor",  "Bram",
    "Eva",    "Jesse",   "Anouk", "Ruben", "Iris",  "Mohamed",
    "Fatima", "Youssef", "Aylin", "Kevin", "Priya", "Joost"};
const std::vector<std::string> kLastNames = {
    "de Jong",  "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker",
    "Janssen",  "Visser", "Smit",     "Meijer",       "de Boer",  "Mulder",
    "de Groot", "Bos",    "Vos",      "Peters",       "Hendriks", "El Amrani",
    "Yilmaz",   "Kramer", "Dekker",   "Brouwer",      "Kaya",     "Postma"};
const std::vector<std::string> kEmployerKinds = {
    "Bakkerij", "Zorggroep", "Logistiek",  "Schoonmaak", "Groenbedrijf",
    "Gemeente", "Hotel",     "Supermarkt", "Drukkerij",  "Recycling"};

// Labels and their shares (docs/DOMAIN.md section 6), with how strongly each
// leans to psychological/intellectual and to physical support needs.
struct LabelMix {
  const char* id;
  double share;
  double psychological;
  double physical;
};
constexpr std::array<LabelMix, 9> kLabels = {{
    {"wajong", 0.40, 1.6, 0.7},
    {"wsw", 0.23, 1.1, 1.5},
    {"participatiewet", 0.18, 0.9, 0.9},
    {"indicatie_banenafspraak", 0.07, 1.0, 1.0},
    {"vso_pro", 0.04, 1.4, 0.6},
    {"praktijkroute", 0.02, 1.2, 0.6},
    {"wia", 0.02, 0.7, 1.6},
    {"ww", 0.02, 0.6, 0.8},
    {"statushouder", 0.02, 0.7, 0.6},
}};

// Base chance of each support need, and whether it is a physical one.
struct NeedMix {
  const char* id;
  double chance;
  bool physical;
};
constexpr std::array<NeedMix, 15> kNeeds = {{
    {"on_the_job_coaching", 0.30, false},
    {"fixed_contact", 0.20, false},
    {"visual_instructions", 0.15, false},
    {"predictable_work", 0.20, false},
    {"low_stimulus", 0.15, false},
    {"no_deadlines", 0.12, false},
    {"fitted_tasks", 0.15, false},
    {"gradual_start", 0.12, false},
    {"transport", 0.08, true},
    {"physical_access", 0.05, true},
    {"adapted_workstation", 0.10, true},
    {"vision_hearing_aids", 0.04, true},
    {"wage_compensation", 0.25, false},
    {"regular_breaks", 0.10, true},
    {"reduced_hours", 0.15, true},
}};

constexpr std::array<std::pair<int, int>, 10> kHours = {{{8, 12},
                                                         {8, 16},
                                                         {12, 20},
                                                         {12, 24},
                                                         {16, 24},
                                                         {16, 32},
                                                         {20, 32},
                                                         {24, 32},
                                                         {24, 36},
                                                         {32, 40}}};
constexpr std::array<double, 10> kHoursWeights = {6,  10, 14, 14, 14,
                                                  10, 12, 8,  7,  5};
constexpr std::array<int, 7> kTravelKm = {5, 10, 15, 20, 25, 30, 40};
constexpr std::array<double, 7> kTravelWeights = {8, 20, 22, 20, 12, 10, 8};

passend::v1::Date ToDate(absl::CivilDay day) {
  passend::v1::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

bool IsPhysicalGroup(const std::string& group) {
  return group == "dynamic_actions" || group == "static_postures" ||
         group == "physical_environment";
}

}  // namespace

DemoPopulation::DemoPopulation(const matcher::Taxonomy& taxonomy,
                               const matcher::ReferenceData& reference,
                               const DemoOptions& options)
    : taxonomy_(taxonomy), reference_(reference), options_(options) {
  const auto& regions = reference.regions();
  postcodes_by_region_.resize(regions.size());
  absl::flat_hash_map<std::string, size_t> region_index;
  for (size_t r = 0; r < regions.size(); ++r) region_index[regions[r].code] = r;
  const auto& areas = reference.postcode_areas();
  for (size_t i = 0; i < areas.size(); ++i) {
    postcodes_by_region_[region_index.at(areas[i].region_code)].push_back(i);
  }
  double total = 0;
  for (size_t r = 0; r < regions.size(); ++r) {
    auto it = RegionPopulation().find(regions[r].code);
    if (!postcodes_by_region_[r].empty()) {
      total += it == RegionPopulation().end() ? 300 : it->second;
    }
    region_cumulative_weight_.push_back(total);
  }
  // Occupations by ISCO major group, elementary work first in the mix.
  occupations_by_major_.resize(10);
  for (size_t o = 0; o < reference.occupations().size(); ++o) {
    int major = reference.occupations()[o].isco_group[0] - '0';
    occupations_by_major_[major].push_back(o);
  }
}

size_t DemoPopulation::DrawRegion(uint64_t bits) const {
  double x = (bits >> 11) * (1.0 / 9007199254740992.0) *
             region_cumulative_weight_.back();
  return static_cast<size_t>(std::upper_bound(region_cumulative_weight_.begin(),
                                              region_cumulative_weight_.end(),
                                              x) -
                             region_cumulative_weight_.begin());
}

bool RemoteWorkPlausible(absl::string_view isco_group) {
  static constexpr absl::string_view kRemote[] = {
      "121", "122", "133", "2166", "24",  "25", "261",
      "264", "33",  "35",  "41",   "422", "431"};
  for (absl::string_view prefix : kRemote) {
    if (absl::StartsWith(isco_group, prefix)) return true;
  }
  return false;
}

size_t DemoPopulation::DrawOccupation(uint64_t bits) const {
  // Majors 9 (elementary), 5 (service), 4 (clerical), 7 (craft), 8
  // (operators), then the rest.
  static constexpr std::array<int, 6> kMajors = {9, 5, 4, 7, 8, 3};
  static constexpr std::array<double, 6> kWeights = {40, 20, 15, 10, 10, 5};
  double x = (bits % 1000) / 10.0;
  size_t m = 0;
  for (; m + 1 < kMajors.size() && (x -= kWeights[m]) >= 0; ++m) {
  }
  const auto& list = occupations_by_major_[kMajors[m]];
  return list[(bits >> 20) % list.size()];
}

v1::Candidate DemoPopulation::Candidate(int64_t index) const {
  Draw d(options_.seed, kCandidateKind, index);
  v1::Candidate c;
  c.set_external_ref(absl::StrCat("demo-c-", index));
  const std::string& first = d.Pick(kFirstNames);
  const std::string& last = d.Pick(kLastNames);
  c.set_display_name(absl::StrCat(first, " ", last));
  std::string email = absl::AsciiStrToLower(absl::StrCat(first, ".", last));
  std::replace(email.begin(), email.end(), ' ', '-');
  c.mutable_contact()->set_email(absl::StrCat(email, index, "@example.org"));

  const size_t region = DrawRegion(d.Next());
  const auto& area =
      reference_.postcode_areas()[d.Pick(postcodes_by_region_[region])];
  c.set_owner_region(area.region_code);
  c.set_postcode_area(area.code);

  std::array<double, kLabels.size()> label_weights;
  for (size_t i = 0; i < kLabels.size(); ++i)
    label_weights[i] = kLabels[i].share;
  const LabelMix& label = kLabels[d.Weighted(label_weights)];
  c.set_label(label.id);

  // Support needs: base chance leaned by the label, at most four.
  int required = 0;
  for (const NeedMix& need : kNeeds) {
    if (c.support_needs_size() == 4) break;
    double lean = need.physical ? label.physical : label.psychological;
    if (taxonomy_.NeedIndex(need.id) < 0 ||
        !d.Chance(need.chance * lean * 0.6)) {
      continue;
    }
    auto* n = c.add_support_needs();
    n->set_need(need.id);
    bool is_required = d.Chance(0.7);
    n->set_strength(is_required ? passend::v1::SupportNeed::REQUIRED
                                : passend::v1::SupportNeed::PREFERRED);
    required += is_required;
  }
  // Capacity deviations below normal, physical ones leaned the same way.
  const auto& dims = taxonomy_.proto().dimensions();
  for (int i = 0; i < dims.size() && c.capacities_size() < 5; ++i) {
    const auto& dim = dims[i];
    if (dim.normal_level() == 0) continue;
    double lean =
        IsPhysicalGroup(dim.group()) ? label.physical : label.psychological;
    if (!d.Chance(0.035 * lean)) continue;
    auto* level = c.add_capacities();
    level->set_dimension(dim.id());
    level->set_level(d.Int(0, dim.normal_level() - 1));
  }

  const auto& hours = kHours[d.Weighted(kHoursWeights)];
  c.mutable_hours_per_week()->set_min(hours.first);
  c.mutable_hours_per_week()->set_max(hours.second);
  c.set_travel_range_km(kTravelKm[d.Weighted(kTravelWeights)]);
  c.set_travels_independently(d.Chance(0.85));
  const int occupations = d.Int(0, 3);
  for (int i = 0; i < occupations; ++i) {
    const auto& o = reference_.occupations()[DrawOccupation(d.Next())];
    bool duplicate = false;
    for (const auto& existing : c.occupations()) {
      duplicate |= existing.esco_id() == o.esco_id;
    }
    if (duplicate) continue;
    auto* p = c.add_occupations();
    p->set_esco_id(o.esco_id);
    p->set_relation(d.Chance(0.6)
                        ? passend::v1::OccupationPreference::EXPERIENCE
                        : passend::v1::OccupationPreference::INTEREST);
  }
  const double wage = d.Real();
  c.set_wage_value_percent(wage < 0.1   ? 0
                           : wage < 0.3 ? 100
                                        : 5 * d.Int(8, 19));

  std::array<double, 4> availability_weights = {80, 7, 8, 5};
  switch (d.Weighted(availability_weights)) {
    case 0:
      c.set_availability(v1::Candidate::AVAILABLE_NOW);
      break;
    case 1:
      c.set_availability(v1::Candidate::AVAILABLE_FROM);
      *c.mutable_available_from() = ToDate(options_.today + d.Int(7, 120));
      break;
    case 2:
      c.set_availability(v1::Candidate::PLACED);
      break;
    default:
      c.set_availability(v1::Candidate::WITHDRAWN);
  }
  // About 22% stale (confirmed more than 180 days ago).
  const int days_ago = d.Chance(0.22) ? d.Int(181, 540) : d.Int(0, 180);
  *c.mutable_last_confirmed() = ToDate(options_.today - days_ago);
  // The stamp follows the needs only weakly: most are stamped not placeable.
  const double stamp = d.Real();
  const double placeable = required >= 2 ? 0.10 : 0.18;
  c.set_placeability(stamp < placeable ? v1::Candidate::PLACEABLE
                     : stamp < placeable + 0.78
                         ? v1::Candidate::NOT_PLACEABLE
                         : v1::Candidate::PLACEABILITY_UNSPECIFIED);
  c.set_birth_year(d.Int(1962, 2007));
  // Registered a geometric number of quarters ago: about 7% of the supply
  // leaves each quarter (kDemoQuarterlyOutflow), so the longer ago, the
  // fewer are still here. Never before the age of 16.
  int quarters_ago = 0;
  while (quarters_ago < 40 && !d.Chance(kDemoQuarterlyOutflow)) ++quarters_ago;
  absl::CivilDay registered =
      options_.today - (91 * quarters_ago + d.Int(0, 90));
  registered = std::max(registered, absl::CivilDay(c.birth_year() + 16, 1, 1));
  *c.mutable_registered_on() = ToDate(std::min(registered, options_.today));
  return c;
}

v1::Vacancy DemoPopulation::Vacancy(int64_t index) const {
  Draw d(options_.seed, kVacancyKind, index);
  v1::Vacancy v;
  v.set_external_ref(absl::StrCat("demo-v-", index));
  // Employers are a pool about a third the size of the vacancy count; an
  // employer's place, sector and generosity are its own.
  const int64_t employers = std::max<int64_t>(1, index / 3 + 50);
  const int64_t employer = static_cast<int64_t>(d.Next() % employers);
  Draw e(options_.seed, kEmployerKind, employer);
  v.set_employer(absl::StrCat("emp-", employer));
  v.set_employer_name(
      absl::StrCat(e.Pick(kEmployerKinds), " ", e.Pick(kLastNames)));
  const size_t region = DrawRegion(e.Next());
  const auto& area =
      reference_.postcode_areas()[e.Pick(postcodes_by_region_[region])];
  v.set_postcode_area(area.code);
  v.set_region(area.region_code);
  v.set_sector(e.Chance(0.75) ? v1::Vacancy::PRIVATE : v1::Vacancy::PUBLIC);
  // Many employers offer few adjustments.
  std::array<double, 4> generosity_weights = {40, 35, 20, 5};
  static constexpr std::array<std::pair<int, int>, 4> kOffered = {
      {{0, 1}, {2, 3}, {4, 5}, {6, 9}}};
  const auto range = kOffered[e.Weighted(generosity_weights)];
  const int offered = e.Int(range.first, range.second);
  const auto& adjustments = taxonomy_.proto().adjustments();
  std::vector<bool> chosen(adjustments.size(), false);
  if (e.Chance(0.45)) {
    int subsidy = taxonomy_.AdjustmentIndex("wage_cost_subsidy");
    if (subsidy >= 0) chosen[subsidy] = true;
  }
  for (int i = 0; i < offered; ++i) {
    chosen[e.Next() % adjustments.size()] = true;
  }
  for (int a = 0; a < adjustments.size(); ++a) {
    if (chosen[a]) v.add_offered_adjustments(adjustments[a].id());
  }

  const auto& occupation = reference_.occupations()[DrawOccupation(d.Next())];
  v.set_occupation(occupation.esco_id);
  v.set_title(occupation.label_nl.substr(0, 200));
  v.set_description("Demo vacancy.");
  if (d.Chance(0.1)) v.add_must_have_experience(occupation.esco_id);
  const auto& hours = kHours[d.Weighted(kHoursWeights)];
  v.mutable_hours_per_week()->set_min(hours.first);
  v.mutable_hours_per_week()->set_max(hours.second);
  // Drawn for every vacancy, so that the draws after it stay as they were.
  const bool offers_remote = d.Chance(0.4);
  v.set_remote_possible(offers_remote &&
                        RemoteWorkPlausible(occupation.isco_group));
  v.set_evening_work(d.Chance(0.15));
  v.set_night_work(d.Chance(0.05));
  // Demands on 0-5 dimensions, physical ones more often for manual work.
  const bool manual = occupation.isco_group[0] == '9' ||
                      occupation.isco_group[0] == '7' ||
                      occupation.isco_group[0] == '8';
  const auto& dims = taxonomy_.proto().dimensions();
  const int demands = d.Int(0, 5);
  for (int tries = 0; v.demands_size() < demands && tries < 40; ++tries) {
    const auto& dim = dims[d.Next() % dims.size()];
    if (!dim.vacancy_field().empty()) continue;
    if (IsPhysicalGroup(dim.group()) != manual && d.Chance(0.6)) continue;
    bool duplicate = false;
    for (const auto& existing : v.demands()) {
      duplicate |= existing.dimension() == dim.id();
    }
    if (duplicate) continue;
    auto* level = v.add_demands();
    level->set_dimension(dim.id());
    level->set_level(d.Int(1, dim.levels_size() - 1));
  }
  std::array<double, 3> position_weights = {80, 15, 5};
  static constexpr std::array<std::pair<int, int>, 3> kPositions = {
      {{1, 1}, {2, 3}, {4, 5}}};
  const auto positions = kPositions[d.Weighted(position_weights)];
  v.set_positions(d.Int(positions.first, positions.second));
  std::array<double, 3> contract_weights = {80, 12, 8};
  static constexpr std::array<v1::Vacancy::ContractType, 3> kContracts = {
      v1::Vacancy::DIRECT, v1::Vacancy::AGENCY, v1::Vacancy::SECONDMENT};
  v.set_contract_type(kContracts[d.Weighted(contract_weights)]);
  std::array<double, 4> status_weights = {85, 5, 5, 5};
  static constexpr std::array<v1::Vacancy::Status, 4> kStatuses = {
      v1::Vacancy::OPEN, v1::Vacancy::DRAFT, v1::Vacancy::FILLED,
      v1::Vacancy::CLOSED};
  v.set_status(kStatuses[d.Weighted(status_weights)]);
  return v;
}

}  // namespace passend::tools
