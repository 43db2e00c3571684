#include "matcher/taxonomy.h"

#include <fstream>
#include <sstream>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/file.h"
#include "common/status_macros.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

namespace passend::matcher {
namespace {

using passend::v1::AdjustmentKind;

// Collects the parser's complaints with their positions.
class ParseErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (first_.empty()) {
      first_ = absl::StrCat("line ", line + 1, " column ", column + 1, ": ",
                            message);
    }
  }
  const std::string& first() const { return first_; }

 private:
  std::string first_;
};

bool IsValidId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '_') {
      return false;
    }
  }
  return true;
}

absl::Status Invalid(absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("taxonomy: ", what));
}

// Builds the id -> position map of one list, refusing bad or repeated ids.
template <typename Entries>
absl::Status IndexIds(const Entries& entries, absl::string_view kind,
                      absl::flat_hash_map<std::string, int>* index) {
  for (int i = 0; i < entries.size(); ++i) {
    const std::string& id = entries[i].id();
    if (!IsValidId(id)) {
      return Invalid(absl::StrCat(kind, " #", i + 1, ": id \"", id,
                                  "\" must be 1-64 of [a-z0-9_]"));
    }
    if (!index->emplace(id, i).second) {
      return Invalid(absl::StrCat(kind, " \"", id, "\" is defined twice"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Taxonomy> Taxonomy::LoadFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) {
    return absl::NotFoundError(absl::StrCat("cannot read taxonomy ", path));
  }
  passend::v1::Taxonomy proto;
  google::protobuf::TextFormat::Parser parser;
  ParseErrors errors;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(*text, &proto)) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": not a text-format passend.v1.Taxonomy: ", errors.first()));
  }
  absl::StatusOr<Taxonomy> taxonomy = FromProto(std::move(proto));
  if (!taxonomy.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", taxonomy.status().message()));
  }
  return taxonomy;
}

absl::StatusOr<Taxonomy> Taxonomy::FromProto(passend::v1::Taxonomy proto) {
  Taxonomy t;
  if (proto.version().empty()) return Invalid("version is empty");
  if (proto.stale_after_days() <= 0) {
    return Invalid("stale_after_days must be positive");
  }
  absl::Status s = IndexIds(proto.dimensions(), "dimension", &t.dimensions_);
  if (s.ok()) s = IndexIds(proto.support_needs(), "support need", &t.needs_);
  if (s.ok()) s = IndexIds(proto.adjustments(), "adjustment", &t.adjustments_);
  if (s.ok()) s = IndexIds(proto.labels(), "label", &t.labels_);
  if (s.ok()) {
    s = IndexIds(proto.decline_reasons(), "decline reason",
                 &t.decline_reasons_);
  }
  if (!s.ok()) return s;

  absl::flat_hash_set<std::string> vacancy_fields;
  for (const auto& d : proto.dimensions()) {
    if (d.levels_size() < 2 || d.levels_size() > 8) {
      return Invalid(absl::StrCat("dimension \"", d.id(),
                                  "\" needs 2 to 8 levels, has ",
                                  d.levels_size()));
    }
    if (d.levels_nl_size() != d.levels_size()) {
      return Invalid(absl::StrCat("dimension \"", d.id(), "\" has ",
                                  d.levels_size(), " levels but ",
                                  d.levels_nl_size(), " levels_nl"));
    }
    if (d.normal_level() < 0 || d.normal_level() >= d.levels_size()) {
      return Invalid(absl::StrCat("dimension \"", d.id(), "\": normal_level ",
                                  d.normal_level(), " is not one of its ",
                                  d.levels_size(), " levels"));
    }
    if (!d.vacancy_field().empty()) {
      if (d.vacancy_field() != "evening_work" &&
          d.vacancy_field() != "night_work") {
        return Invalid(absl::StrCat(
            "dimension \"", d.id(), "\": vacancy_field \"", d.vacancy_field(),
            "\" is not a vacancy field (evening_work, night_work)"));
      }
      if (!vacancy_fields.insert(d.vacancy_field()).second) {
        return Invalid(absl::StrCat("vacancy_field \"", d.vacancy_field(),
                                    "\" is used by two dimensions"));
      }
    }
  }
  absl::flat_hash_set<std::string> met_needs;
  for (const auto& a : proto.adjustments()) {
    if (a.kind() == passend::v1::ADJUSTMENT_KIND_UNSPECIFIED ||
        !passend::v1::AdjustmentKind_IsValid(a.kind())) {
      return Invalid(absl::StrCat("adjustment \"", a.id(),
                                  "\" has no kind (ORGANISATIONAL, TECHNICAL, "
                                  "GUIDANCE or FINANCIAL)"));
    }
    for (const std::string& need : a.meets_needs()) {
      if (!t.needs_.contains(need)) {
        return Invalid(absl::StrCat("adjustment \"", a.id(),
                                    "\": meets_needs names unknown support "
                                    "need \"",
                                    need, "\""));
      }
      met_needs.insert(need);
    }
    for (const auto& reduction : a.lowers_demands()) {
      if (!t.dimensions_.contains(reduction.dimension())) {
        return Invalid(absl::StrCat("adjustment \"", a.id(),
                                    "\": lowers_demands names unknown "
                                    "dimension \"",
                                    reduction.dimension(), "\""));
      }
      if (reduction.levels() < 1) {
        return Invalid(absl::StrCat(
            "adjustment \"", a.id(), "\": lowers \"", reduction.dimension(),
            "\" by ", reduction.levels(), " levels; must be at least 1"));
      }
    }
  }
  for (const auto& need : proto.support_needs()) {
    if (!met_needs.contains(need.id())) {
      return Invalid(absl::StrCat("support need \"", need.id(),
                                  "\" is met by no adjustment"));
    }
  }
  t.proto_ = std::move(proto);
  return t;
}

namespace {
int Lookup(const absl::flat_hash_map<std::string, int>& index,
           absl::string_view id) {
  auto it = index.find(id);
  return it == index.end() ? -1 : it->second;
}
}  // namespace

int Taxonomy::DimensionIndex(absl::string_view id) const {
  return Lookup(dimensions_, id);
}
int Taxonomy::NeedIndex(absl::string_view id) const {
  return Lookup(needs_, id);
}
int Taxonomy::AdjustmentIndex(absl::string_view id) const {
  return Lookup(adjustments_, id);
}
bool Taxonomy::HasLabel(absl::string_view id) const {
  return labels_.contains(id);
}
bool Taxonomy::HasDeclineReason(absl::string_view id) const {
  return decline_reasons_.contains(id);
}

}  // namespace passend::matcher
