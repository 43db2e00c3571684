// Real reference data shipped in data/: the 35 labour-market regions, the
// municipalities, the 4-digit postcode areas with coordinates, and the ESCO
// occupations with the ISCO-08 hierarchy and their alternative labels. Codes in
// requests are validated against it; postcode areas give coordinates for
// distances.
#ifndef PASSEND_MATCHER_REFERENCE_DATA_H_
#define PASSEND_MATCHER_REFERENCE_DATA_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace passend::matcher {

struct Region {
  std::string code;  // CBS code, "AM01".."AM38"
  std::string name;
  double lat = 0;
  double lon = 0;
};

struct Municipality {
  std::string code;  // "GM0363"
  std::string name;
  std::string region_code;
};

struct PostcodeArea {
  std::string code;  // 4 digits, "1011"
  double lat = 0;
  double lon = 0;
  std::string municipality_code;
  std::string region_code;
};

struct IscoGroup {
  std::string code;  // 1-4 digits, leading zero kept ("0110")
  int level = 0;     // 1 (major) .. 4 (unit group)
  std::string title_en;
  std::string title_nl;
  std::string parent_code;  // empty for level 1
};

struct Occupation {
  std::string esco_id;     // UUID
  std::string esco_code;   // "2512.4"
  std::string isco_group;  // 4-digit unit group
  std::string label_en;
  std::string label_nl;
};

enum class Language { kEnglish, kDutch };

// An alternative or hidden ESCO label of an occupation (the preferred ones
// are in Occupation). Hidden labels are outdated or misspelt forms: they
// serve search, never display.
struct OccupationLabel {
  size_t occupation = 0;  // index into ReferenceData::occupations()
  Language language = Language::kEnglish;
  bool hidden = false;
  std::string text;
};

class ReferenceData {
 public:
  // Loads regions.csv, municipalities.csv, pc4.csv, isco08_unit_groups.csv
  // esco_occupations.csv and esco_occupation_labels.csv from `dir` and
  // checks that every code they reference exists.
  static absl::StatusOr<std::unique_ptr<ReferenceData>> LoadDirectory(
      const std::string& dir);

  // nullptr when unknown.
  const Region* FindRegion(absl::string_view code) const;
  const Municipality* FindMunicipality(absl::string_view code) const;
  const PostcodeArea* FindPostcodeArea(absl::string_view code) const;
  const IscoGroup* FindIscoGroup(absl::string_view code) const;
  const Occupation* FindOccupation(absl::string_view esco_id) const;

  const std::vector<Region>& regions() const { return regions_; }
  const std::vector<Municipality>& municipalities() const {
    return municipalities_;
  }
  const std::vector<PostcodeArea>& postcode_areas() const {
    return postcode_areas_;
  }
  const std::vector<IscoGroup>& isco_groups() const { return isco_groups_; }
  const std::vector<Occupation>& occupations() const { return occupations_; }
  const std::vector<OccupationLabel>& occupation_labels() const {
    return occupation_labels_;
  }

 private:
  std::vector<Region> regions_;
  std::vector<Municipality> municipalities_;
  std::vector<PostcodeArea> postcode_areas_;
  std::vector<IscoGroup> isco_groups_;
  std::vector<Occupation> occupations_;
  std::vector<OccupationLabel> occupation_labels_;
  absl::flat_hash_map<std::string, size_t> region_index_;
  absl::flat_hash_map<std::string, size_t> municipality_index_;
  absl::flat_hash_map<std::string, size_t> postcode_index_;
  absl::flat_hash_map<std::string, size_t> isco_index_;
  absl::flat_hash_map<std::string, size_t> occupation_index_;
};

// Great-circle distance in km (haversine, mean earth radius 6371.0088 km).
double GreatCircleKm(double lat1, double lon1, double lat2, double lon2);

}  // namespace passend::matcher

#endif  // PASSEND_MATCHER_REFERENCE_DATA_H_
