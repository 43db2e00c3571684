#include "services/api/validation.h"

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/dutch_calendar.h"
#include "services/status/field_violations.h"

namespace passend::services {
namespace {

using passend::v1::Candidate;
using passend::v1::Date;
using passend::v1::HoursRange;
using passend::v1::Vacancy;

// name@domain.tld: one @, something before it, a dot inside the domain, no
// spaces. Deliverability is the sender's to find out.
bool LooksLikeEmail(absl::string_view email) {
  const size_t at = email.find('@');
  if (at == 0 || at == absl::string_view::npos ||
      email.find('@', at + 1) != absl::string_view::npos ||
      email.find(' ') != absl::string_view::npos) {
    return false;
  }
  const absl::string_view domain = email.substr(at + 1);
  const size_t dot = domain.find('.');
  return dot != absl::string_view::npos && dot > 0 && domain.back() != '.';
}

// Adds violations under one field prefix, so each check names its field once.
class Checker {
 public:
  Checker(FieldViolations* violations, absl::string_view prefix)
      : violations_(violations), prefix_(prefix) {}

  void Fail(absl::string_view field, std::string description) {
    violations_->Add(absl::StrCat(prefix_, field), std::move(description));
  }

  void MaxLength(absl::string_view field, const std::string& value, int max) {
    if (static_cast<int>(value.size()) > max) {
      Fail(field, absl::StrCat("at most ", max, " bytes"));
    }
  }

  // Text at most `max` bytes without control characters; `lines` allows
  // line breaks and tabs (free text).
  void Text(absl::string_view field, const std::string& value, int max,
            bool lines = false) {
    MaxLength(field, value, max);
    for (char c : value) {
      const bool control = static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
      if (control && !(lines && (c == '\n' || c == '\r' || c == '\t'))) {
        Fail(field, lines ? "may not hold control characters other than "
                            "line breaks and tabs"
                          : "may not hold control characters or line breaks");
        return;
      }
    }
  }

  void Required(absl::string_view field, const std::string& value) {
    if (absl::StripAsciiWhitespace(value).empty()) {
      Fail(field, value.empty() ? "required" : "required, not only spaces");
    }
  }

  void Range(absl::string_view field, int64_t value, int64_t min, int64_t max) {
    if (value < min || value > max) {
      Fail(field, absl::StrCat("must be between ", min, " and ", max));
    }
  }

  void Hours(absl::string_view field, bool present, const HoursRange& hours) {
    if (!present) {
      Fail(field, "required");
      return;
    }
    const int max = ValidationLimits::kMaxHoursPerWeek;
    Range(absl::StrCat(field, ".min"), hours.min(), 1, max);
    Range(absl::StrCat(field, ".max"), hours.max(), 1, max);
    if (hours.min() > hours.max()) {
      Fail(absl::StrCat(field, ".max"), "must be at least min");
    }
  }

  // An external reference: 1-128 of [A-Za-z0-9._:/-], or empty.
  void ExternalRef(absl::string_view field, const std::string& ref) {
    MaxLength(field, ref, ValidationLimits::kMaxExternalRef);
    if (!HasExternalRefCharacters(ref)) {
      Fail(field, "may hold only letters, digits and . _ : / -");
    }
  }

  void Postcode(absl::string_view field, const std::string& code,
                const matcher::ReferenceData& reference) {
    if (code.empty()) {
      Fail(field, "required");
    } else if (reference.FindPostcodeArea(code) == nullptr) {
      Fail(field, "not a known 4-digit postcode area");
    }
  }

  void Region(absl::string_view field, const std::string& code,
              const matcher::ReferenceData& reference) {
    if (reference.FindRegion(code) == nullptr) {
      Fail(field, "not a labour-market region code (AM01..AM38)");
    }
  }

  void Occupation(absl::string_view field, const std::string& esco_id,
                  const matcher::ReferenceData& reference) {
    if (esco_id.empty()) {
      Fail(field, "required");
    } else if (reference.FindOccupation(esco_id) == nullptr) {
      Fail(field, "not an ESCO occupation id");
    }
  }

  // Capacity or demand levels: known dimensions, levels in range, no
  // dimension twice. `for_vacancy` refuses dimensions a vacancy sets through
  // a field of its own.
  void Levels(
      absl::string_view field,
      const google::protobuf::RepeatedPtrField<v1::DimensionLevel>& levels,
      const matcher::Taxonomy& taxonomy, bool for_vacancy) {
    absl::flat_hash_set<std::string> seen;
    for (int i = 0; i < levels.size(); ++i) {
      const auto& entry = levels[i];
      std::string at = absl::StrCat(field, "[", i, "]");
      int index = taxonomy.DimensionIndex(entry.dimension());
      if (index < 0) {
        Fail(absl::StrCat(at, ".dimension"),
             "not a capacity dimension of the taxonomy");
        continue;
      }
      const auto& dimension = taxonomy.dimension(index);
      if (for_vacancy && !dimension.vacancy_field().empty()) {
        Fail(
            absl::StrCat(at, ".dimension"),
            absl::StrCat("set \"", dimension.vacancy_field(),
                         "\" instead of a demand on \"", dimension.id(), "\""));
      }
      if (!seen.insert(entry.dimension()).second) {
        Fail(absl::StrCat(at, ".dimension"), "listed twice");
      }
      Range(absl::StrCat(at, ".level"), entry.level(), 0,
            dimension.levels_size() - 1);
    }
  }

  // True when `date` is a real calendar date in a sane range.
  bool DateField(absl::string_view field, const Date& date) {
    return CheckDate(absl::StrCat(prefix_, field), date, *violations_);
  }

 private:
  FieldViolations* violations_;
  std::string prefix_;
};

absl::CivilDay ToCivilDay(const Date& date) {
  return absl::CivilDay(date.year(), date.month(), date.day());
}

}  // namespace

bool CheckDate(const std::string& field, const Date& date,
               FieldViolations& violations) {
  absl::CivilDay day(date.year(), date.month(), date.day());
  if (date.year() < 1900 || date.year() > 2200 || day.year() != date.year() ||
      day.month() != date.month() || day.day() != date.day()) {
    violations.Add(field, "not a calendar date from 1900 to 2200");
    return false;
  }
  return true;
}

bool HasExternalRefCharacters(absl::string_view ref) {
  for (char c : ref) {
    if (!absl::ascii_isalnum(c) && c != '.' && c != '_' && c != ':' &&
        c != '/' && c != '-') {
      return false;
    }
  }
  return true;
}

void ApplyVacancyDefaults(const matcher::ReferenceData& reference,
                          Vacancy& vacancy) {
  if (vacancy.region().empty()) {
    if (const auto* area =
            reference.FindPostcodeArea(vacancy.postcode_area())) {
      vacancy.set_region(area->region_code);
    }
  }
  if (vacancy.positions() == 0) vacancy.set_positions(1);
}

absl::Status Validator::ValidateCandidate(const Candidate& c,
                                          absl::string_view prefix,
                                          absl::CivilDay today) const {
  FieldViolations violations;
  Checker check(&violations, prefix);
  check.ExternalRef("external_ref", c.external_ref());
  check.Text("display_name", c.display_name(), ValidationLimits::kMaxName);
  check.Text("contact.email", c.contact().email(), ValidationLimits::kMaxName);
  if (!c.contact().email().empty() && !LooksLikeEmail(c.contact().email())) {
    check.Fail("contact.email", "not an e-mail address (name@domain.tld)");
  }
  check.MaxLength("contact.phone", c.contact().phone(), 32);
  int digits = 0;
  for (char ch : c.contact().phone()) {
    digits += absl::ascii_isdigit(ch);
    if (!absl::ascii_isdigit(ch) && ch != '+' && ch != ' ' && ch != '-' &&
        ch != '(' && ch != ')') {
      check.Fail("contact.phone", "may hold only digits, spaces and + - ( )");
      digits = -1;
      break;
    }
  }
  if (!c.contact().phone().empty() && digits >= 0 && digits < 6) {
    check.Fail("contact.phone", "needs at least 6 digits");
  }
  if (c.owner_region().empty()) {
    check.Fail("owner_region", "required");
  } else {
    check.Region("owner_region", c.owner_region(), reference_);
  }
  check.Levels("capacities", c.capacities(), taxonomy_, false);

  absl::flat_hash_set<std::string> needs;
  for (int i = 0; i < c.support_needs_size(); ++i) {
    const auto& need = c.support_needs(i);
    std::string at = absl::StrCat("support_needs[", i, "]");
    if (taxonomy_.NeedIndex(need.need()) < 0) {
      check.Fail(absl::StrCat(at, ".need"),
                 "not a support need of the taxonomy");
    } else if (!needs.insert(need.need()).second) {
      check.Fail(absl::StrCat(at, ".need"), "listed twice");
    }
    if (need.strength() == v1::SupportNeed::STRENGTH_UNSPECIFIED ||
        !v1::SupportNeed::Strength_IsValid(need.strength())) {
      check.Fail(absl::StrCat(at, ".strength"),
                 "must be REQUIRED or PREFERRED");
    }
  }

  check.Hours("hours_per_week", c.has_hours_per_week(), c.hours_per_week());
  check.Postcode("postcode_area", c.postcode_area(), reference_);
  check.Range("travel_range_km", c.travel_range_km(), 0,
              ValidationLimits::kMaxTravelKm);

  if (c.occupations_size() > ValidationLimits::kMaxOccupations) {
    check.Fail("occupations",
               absl::StrCat("at most ", ValidationLimits::kMaxOccupations,
                            " entries"));
  }
  absl::flat_hash_set<std::string> occupations;
  for (int i = 0; i < c.occupations_size(); ++i) {
    const auto& occupation = c.occupations(i);
    std::string at = absl::StrCat("occupations[", i, "]");
    check.Occupation(absl::StrCat(at, ".esco_id"), occupation.esco_id(),
                     reference_);
    if (!occupation.esco_id().empty() &&
        !occupations.insert(occupation.esco_id()).second) {
      check.Fail(absl::StrCat(at, ".esco_id"), "listed twice");
    }
    if (occupation.relation() ==
            v1::OccupationPreference::RELATION_UNSPECIFIED ||
        !v1::OccupationPreference::Relation_IsValid(occupation.relation())) {
      check.Fail(absl::StrCat(at, ".relation"),
                 "must be EXPERIENCE or INTEREST");
    }
  }
  check.Range("wage_value_percent", c.wage_value_percent(), 0, 100);

  if (c.availability() == Candidate::AVAILABILITY_UNSPECIFIED ||
      !Candidate::Availability_IsValid(c.availability())) {
    check.Fail("availability",
               "must be AVAILABLE_NOW, AVAILABLE_FROM, PLACED or WITHDRAWN");
  }
  if (c.availability() == Candidate::AVAILABLE_FROM) {
    if (!c.has_available_from()) {
      check.Fail("available_from",
                 "required when availability is "
                 "AVAILABLE_FROM");
    } else {
      check.DateField("available_from", c.available_from());
    }
  } else if (c.has_available_from()) {
    check.Fail("available_from",
               "only allowed when availability is AVAILABLE_FROM");
  }
  if (c.has_registered_on() &&
      check.DateField("registered_on", c.registered_on()) &&
      ToCivilDay(c.registered_on()) > today) {
    check.Fail("registered_on", "may not be in the future");
  }
  if (!c.has_last_confirmed()) {
    check.Fail("last_confirmed", "required");
  } else {
    if (check.DateField("last_confirmed", c.last_confirmed()) &&
        ToCivilDay(c.last_confirmed()) > today) {
      check.Fail("last_confirmed", "may not be in the future");
    }
  }
  if (!c.label().empty() && !taxonomy_.HasLabel(c.label())) {
    check.Fail("label", "not a label of the taxonomy");
  }
  if (!Candidate::Placeability_IsValid(c.placeability())) {
    check.Fail("placeability", "unknown value");
  }
  if (c.birth_year() != 0) {
    check.Range("birth_year", c.birth_year(), 1900, today.year() - 14);
  }
  check.Text("notes", c.notes(), ValidationLimits::kMaxNotes, /*lines=*/true);
  return violations.status();
}

void CheckEmployerId(const std::string& field, absl::string_view id,
                     FieldViolations& violations) {
  if (id.empty()) {
    violations.Add(field, "required");
    return;
  }
  if (id.size() > ValidationLimits::kMaxEmployerId) {
    violations.Add(field,
                   absl::StrCat("at most ", ValidationLimits::kMaxEmployerId,
                                " bytes, got ", id.size()));
    return;
  }
  for (char ch : id) {
    if (!absl::ascii_islower(ch) && !absl::ascii_isdigit(ch) && ch != '_' &&
        ch != '-') {
      violations.Add(field, "may hold only a-z, 0-9, _ and -");
      return;
    }
  }
}

absl::Status Validator::ValidateVacancy(const Vacancy& v,
                                        absl::string_view prefix) const {
  FieldViolations violations;
  Checker check(&violations, prefix);
  check.ExternalRef("external_ref", v.external_ref());
  CheckEmployerId(absl::StrCat(prefix, "employer"), v.employer(), violations);
  check.Text("employer_name", v.employer_name(), ValidationLimits::kMaxName);
  check.Required("title", v.title());
  check.Text("title", v.title(), ValidationLimits::kMaxName);
  check.Text("description", v.description(), ValidationLimits::kMaxDescription,
             /*lines=*/true);
  check.Postcode("postcode_area", v.postcode_area(), reference_);
  // An empty region was derived from a valid postcode area, so it is only
  // still empty when postcode_area is already reported. A region given is
  // the workplace's: it scopes who may change the vacancy.
  if (!v.region().empty()) {
    check.Region("region", v.region(), reference_);
    const auto* area = reference_.FindPostcodeArea(v.postcode_area());
    if (area != nullptr && reference_.FindRegion(v.region()) != nullptr &&
        area->region_code != v.region()) {
      check.Fail("region", absl::StrCat("must be ", area->region_code,
                                        ", the region of postcode_area ",
                                        v.postcode_area(),
                                        "; leave it out to have it derived"));
    }
  }
  check.Hours("hours_per_week", v.has_hours_per_week(), v.hours_per_week());
  check.Levels("demands", v.demands(), taxonomy_, true);

  absl::flat_hash_set<std::string> offered;
  for (int i = 0; i < v.offered_adjustments_size(); ++i) {
    const std::string& id = v.offered_adjustments(i);
    std::string at = absl::StrCat("offered_adjustments[", i, "]");
    if (taxonomy_.AdjustmentIndex(id) < 0) {
      check.Fail(at, "not an adjustment of the taxonomy");
    } else if (!offered.insert(id).second) {
      check.Fail(at, "listed twice");
    }
  }
  check.Occupation("occupation", v.occupation(), reference_);
  if (v.must_have_experience_size() > ValidationLimits::kMaxMustHaves) {
    check.Fail(
        "must_have_experience",
        absl::StrCat("at most ", ValidationLimits::kMaxMustHaves, " entries"));
  }
  absl::flat_hash_set<std::string> must_haves;
  for (int i = 0; i < v.must_have_experience_size(); ++i) {
    std::string at = absl::StrCat("must_have_experience[", i, "]");
    check.Occupation(at, v.must_have_experience(i), reference_);
    if (!must_haves.insert(v.must_have_experience(i)).second) {
      check.Fail(at, "listed twice");
    }
  }
  check.Range("positions", v.positions(), 1, ValidationLimits::kMaxPositions);
  if (v.contract_type() == Vacancy::CONTRACT_TYPE_UNSPECIFIED ||
      !Vacancy::ContractType_IsValid(v.contract_type())) {
    check.Fail("contract_type", "must be DIRECT, AGENCY or SECONDMENT");
  }
  if (v.sector() == Vacancy::SECTOR_UNSPECIFIED ||
      !Vacancy::Sector_IsValid(v.sector())) {
    check.Fail("sector", "must be PRIVATE or PUBLIC");
  }
  if (v.status() == Vacancy::STATUS_UNSPECIFIED ||
      !Vacancy::Status_IsValid(v.status())) {
    check.Fail("status", "must be DRAFT, OPEN, FILLED or CLOSED");
  }
  return violations.status();
}

}  // namespace passend::services
