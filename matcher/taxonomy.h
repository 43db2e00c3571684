// The matching vocabulary (capacity dimensions, support needs, adjustments,
// label and reason codes), loaded from a versioned text-format file and
// checked for internal consistency before the server starts.
#ifndef PASSEND_MATCHER_TAXONOMY_H_
#define PASSEND_MATCHER_TAXONOMY_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "passend/v1/taxonomy.pb.h"

namespace passend::matcher {

class Taxonomy {
 public:
  // Reads a passend.v1.Taxonomy in protobuf text format and validates it.
  static absl::StatusOr<Taxonomy> LoadFile(const std::string& path);
  // Validates `proto`: ids unique and of [a-z0-9_], every reference known,
  // levels and reductions in range, every support need met by at least one
  // adjustment. The error names the offending entry.
  static absl::StatusOr<Taxonomy> FromProto(passend::v1::Taxonomy proto);

  const passend::v1::Taxonomy& proto() const { return proto_; }

  // Whether a profile last confirmed on `confirmed` still counts on `today`:
  // confirmed at most stale_after_days before it.
  bool IsFresh(absl::CivilDay confirmed, absl::CivilDay today) const {
    return today - confirmed <= proto_.stale_after_days();
  }

  // Position of the entry in proto()'s list, or -1 when unknown.
  int DimensionIndex(absl::string_view id) const;
  int NeedIndex(absl::string_view id) const;
  int AdjustmentIndex(absl::string_view id) const;
  bool HasLabel(absl::string_view id) const;
  bool HasDeclineReason(absl::string_view id) const;

  // REQUIRES: DimensionIndex(id) >= 0 (likewise below).
  const passend::v1::CapacityDimension& dimension(int index) const {
    return proto_.dimensions(index);
  }
  const passend::v1::AdjustmentDefinition& adjustment(int index) const {
    return proto_.adjustments(index);
  }

 private:
  passend::v1::Taxonomy proto_;
  absl::flat_hash_map<std::string, int> dimensions_;
  absl::flat_hash_map<std::string, int> needs_;
  absl::flat_hash_map<std::string, int> adjustments_;
  absl::flat_hash_map<std::string, int> labels_;
  absl::flat_hash_map<std::string, int> decline_reasons_;
};

}  // namespace passend::matcher

#endif  // PASSEND_MATCHER_TAXONOMY_H_
