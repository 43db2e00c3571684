#include "services/access/anonymous_view.h"

#include <algorithm>

namespace passend::services {

AnonymousView::AnonymousView(const matcher::Taxonomy* taxonomy) {
  for (const auto& adjustment : taxonomy->proto().adjustments()) {
    for (const std::string& need : adjustment.meets_needs()) {
      meeting_[need].push_back(adjustment.id());
    }
  }
  for (auto& [need, adjustments] : meeting_) {
    std::sort(adjustments.begin(), adjustments.end());
  }
}

passend::v1::AnonymousMatch AnonymousView::Of(
    const passend::v1::MatchExplanation& full) const {
  passend::v1::AnonymousMatch out;
  out.set_candidate(full.candidate());
  out.set_vacancy(full.vacancy());
  out.set_feasible(full.feasible());
  out.set_score(full.score());

  // One condition per distinct set of adjustments: two needs met by the
  // same adjustments read as one condition, so the conditions do not count
  // needs. Required wins over preferred; required ones come first.
  std::vector<passend::v1::Condition> conditions;
  for (const passend::v1::NeedMatch& need : full.needs()) {
    auto it = meeting_.find(need.need());
    if (it == meeting_.end()) continue;
    const bool required = need.strength() == passend::v1::SupportNeed::REQUIRED;
    auto same =
        std::find_if(conditions.begin(), conditions.end(), [&](const auto& c) {
          return std::equal(c.adjustments().begin(), c.adjustments().end(),
                            it->second.begin(), it->second.end());
        });
    if (same == conditions.end()) {
      same = conditions.insert(conditions.end(), passend::v1::Condition());
      for (const std::string& id : it->second) same->add_adjustments(id);
      same->set_offered(need.met());
    }
    same->set_required(same->required() || required);
  }
  std::stable_sort(
      conditions.begin(), conditions.end(),
      [](const auto& a, const auto& b) { return a.required() > b.required(); });
  for (auto& c : conditions) *out.add_conditions() = std::move(c);

  for (const passend::v1::Constraint& failed : full.failed()) {
    out.add_failed(failed.kind());
  }
  for (const passend::v1::Unlocker& unlocker : full.unlockers()) {
    if (unlocker.has_lower_demand()) {
      out.add_demands_to_lower(unlocker.lower_demand().dimension());
    }
  }
  *out.mutable_hours_per_week() = full.hours().candidate();
  out.set_within_travel_range(full.travel().met());
  out.set_available(full.availability().available());
  if (full.availability().has_available_from()) {
    *out.mutable_available_from() = full.availability().available_from();
  }
  *out.mutable_occupation() = full.occupation();
  return out;
}

}  // namespace passend::services
