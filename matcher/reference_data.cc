#include "matcher/reference_data.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "matcher/csv.h"

namespace passend::matcher {
namespace {

// The Netherlands with a margin, to catch swapped or garbled coordinates.
bool InNetherlands(double lat, double lon) {
  return lat > 50.6 && lat < 53.7 && lon > 3.2 && lon < 7.3;
}

absl::Status RowError(const std::string& file, int line,
                      absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat(file, " line ", line, ": ", what));
}

absl::Status ParseCoordinates(const std::string& file, int line,
                              const std::string& lat_text,
                              const std::string& lon_text, double* lat,
                              double* lon) {
  if (!absl::SimpleAtod(lat_text, lat) || !absl::SimpleAtod(lon_text, lon) ||
      !InNetherlands(*lat, *lon)) {
    return RowError(file, line,
                    absl::StrCat("coordinates ", lat_text, ",", lon_text,
                                 " are not in the Netherlands"));
  }
  return absl::OkStatus();
}

template <typename T>
absl::Status Index(const std::vector<T>& items, std::string T::*key,
                   const std::string& file,
                   absl::flat_hash_map<std::string, size_t>* index) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (!index->emplace(items[i].*key, i).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(file, ": code \"", items[i].*key, "\" appears twice"));
    }
  }
  return absl::OkStatus();
}

template <typename T>
const T* Find(const std::vector<T>& items,
              const absl::flat_hash_map<std::string, size_t>& index,
              absl::string_view key) {
  auto it = index.find(key);
  return it == index.end() ? nullptr : &items[it->second];
}

}  // namespace

double GreatCircleKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthRadiusKm = 6371.0088;
  constexpr double kRadians = M_PI / 180.0;
  const double dlat = (lat2 - lat1) * kRadians;
  const double dlon = (lon2 - lon1) * kRadians;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRadians) * std::cos(lat2 * kRadians) *
                       std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

const Region* ReferenceData::FindRegion(absl::string_view code) const {
  return Find(regions_, region_index_, code);
}
const Municipality* ReferenceData::FindMunicipality(
    absl::string_view code) const {
  return Find(municipalities_, municipality_index_, code);
}
const PostcodeArea* ReferenceData::FindPostcodeArea(
    absl::string_view code) const {
  return Find(postcode_areas_, postcode_index_, code);
}
const IscoGroup* ReferenceData::FindIscoGroup(absl::string_view code) const {
  return Find(isco_groups_, isco_index_, code);
}
const Occupation* ReferenceData::FindOccupation(
    absl::string_view esco_id) const {
  return Find(occupations_, occupation_index_, esco_id);
}

absl::StatusOr<std::unique_ptr<ReferenceData>> ReferenceData::LoadDirectory(
    const std::string& dir) {
  auto data = std::unique_ptr<ReferenceData>(new ReferenceData());

  const std::string regions_file = dir + "/regions.csv";
  ASSIGN_OR_RETURN(
      CsvTable regions,
      ReadCsv(regions_file, {"code", "name", "centroid_lat", "centroid_lon"}));
  for (size_t i = 0; i < regions.rows.size(); ++i) {
    const auto& row = regions.rows[i];
    Region region{row[0], row[1]};
    RETURN_IF_ERROR(ParseCoordinates(regions_file, regions.lines[i], row[2],
                                     row[3], &region.lat, &region.lon));
    data->regions_.push_back(std::move(region));
  }
  RETURN_IF_ERROR(
      Index(data->regions_, &Region::code, regions_file, &data->region_index_));

  const std::string municipalities_file = dir + "/municipalities.csv";
  ASSIGN_OR_RETURN(CsvTable municipalities,
                   ReadCsv(municipalities_file, {"code", "name", "am_code"}));
  for (size_t i = 0; i < municipalities.rows.size(); ++i) {
    const auto& row = municipalities.rows[i];
    if (data->FindRegion(row[2]) == nullptr) {
      return RowError(municipalities_file, municipalities.lines[i],
                      absl::StrCat("unknown region \"", row[2], "\""));
    }
    data->municipalities_.push_back({row[0], row[1], row[2]});
  }
  RETURN_IF_ERROR(Index(data->municipalities_, &Municipality::code,
                        municipalities_file, &data->municipality_index_));

  const std::string pc4_file = dir + "/pc4.csv";
  ASSIGN_OR_RETURN(
      CsvTable pc4,
      ReadCsv(pc4_file, {"pc4", "lat", "lon", "gemeente_code", "am_code"}));
  for (size_t i = 0; i < pc4.rows.size(); ++i) {
    const auto& row = pc4.rows[i];
    const int line = pc4.lines[i];
    if (row[0].size() != 4 ||
        !std::all_of(row[0].begin(), row[0].end(), absl::ascii_isdigit)) {
      return RowError(pc4_file, line,
                      absl::StrCat("\"", row[0], "\" is not 4 digits"));
    }
    PostcodeArea area{row[0], 0, 0, row[3], row[4]};
    RETURN_IF_ERROR(
        ParseCoordinates(pc4_file, line, row[1], row[2], &area.lat, &area.lon));
    if (data->FindMunicipality(area.municipality_code) == nullptr) {
      return RowError(pc4_file, line,
                      absl::StrCat("unknown municipality \"",
                                   area.municipality_code, "\""));
    }
    if (data->FindRegion(area.region_code) == nullptr) {
      return RowError(
          pc4_file, line,
          absl::StrCat("unknown region \"", area.region_code, "\""));
    }
    data->postcode_areas_.push_back(std::move(area));
  }
  RETURN_IF_ERROR(Index(data->postcode_areas_, &PostcodeArea::code, pc4_file,
                        &data->postcode_index_));

  const std::string isco_file = dir + "/isco08_unit_groups.csv";
  ASSIGN_OR_RETURN(CsvTable isco,
                   ReadCsv(isco_file, {"code", "level", "title_en", "title_nl",
                                       "parent_code"}));
  for (size_t i = 0; i < isco.rows.size(); ++i) {
    const auto& row = isco.rows[i];
    IscoGroup group{row[0], 0, row[2], row[3], row[4]};
    if (!absl::SimpleAtoi(row[1], &group.level) || group.level < 1 ||
        group.level > 4 || static_cast<int>(group.code.size()) != group.level) {
      return RowError(
          isco_file, isco.lines[i],
          absl::StrCat("code \"", row[0], "\" does not fit level ", row[1]));
    }
    // Rows run in hierarchy order, so a parent always comes first.
    if (group.level > 1 &&
        (group.parent_code != group.code.substr(0, group.code.size() - 1) ||
         data->FindIscoGroup(group.parent_code) == nullptr)) {
      return RowError(isco_file, isco.lines[i],
                      absl::StrCat("parent \"", group.parent_code, "\" of \"",
                                   group.code, "\" is unknown"));
    }
    data->isco_groups_.push_back(group);
    if (!data->isco_index_.emplace(group.code, data->isco_groups_.size() - 1)
             .second) {
      return RowError(isco_file, isco.lines[i],
                      absl::StrCat("code \"", group.code, "\" appears twice"));
    }
  }

  const std::string esco_file = dir + "/esco_occupations.csv";
  ASSIGN_OR_RETURN(
      CsvTable esco,
      ReadCsv(esco_file, {"esco_id", "esco_code", "isco_group",
                          "preferred_label_en", "preferred_label_nl"}));
  for (size_t i = 0; i < esco.rows.size(); ++i) {
    const auto& row = esco.rows[i];
    const IscoGroup* group = data->FindIscoGroup(row[2]);
    if (group == nullptr || group->level != 4) {
      return RowError(
          esco_file, esco.lines[i],
          absl::StrCat("\"", row[2], "\" is not an ISCO-08 unit group"));
    }
    data->occupations_.push_back({row[0], row[1], row[2], row[3], row[4]});
  }
  RETURN_IF_ERROR(Index(data->occupations_, &Occupation::esco_id, esco_file,
                        &data->occupation_index_));

  const std::string labels_file = dir + "/esco_occupation_labels.csv";
  ASSIGN_OR_RETURN(CsvTable labels, ReadCsv(labels_file, {"esco_id", "language",
                                                          "kind", "label"}));
  data->occupation_labels_.reserve(labels.rows.size());
  for (size_t i = 0; i < labels.rows.size(); ++i) {
    auto& row = labels.rows[i];
    const auto found = data->occupation_index_.find(row[0]);
    if (found == data->occupation_index_.end()) {
      return RowError(labels_file, labels.lines[i],
                      absl::StrCat("\"", row[0], "\" is not an occupation"));
    }
    if ((row[1] != "en" && row[1] != "nl") ||
        (row[2] != "alternative" && row[2] != "hidden") || row[3].empty()) {
      return RowError(labels_file, labels.lines[i],
                      "language must be en or nl, kind alternative or hidden, "
                      "and the label not empty");
    }
    data->occupation_labels_.push_back(
        {found->second, row[1] == "nl" ? Language::kDutch : Language::kEnglish,
         row[2] == "hidden", std::move(row[3])});
  }
  return data;
}

}  // namespace passend::matcher
