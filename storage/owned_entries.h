// The entries of one kind a candidate owns (placements, consent events), as
// messages: parsed and serialized here, so that no caller handles their
// bytes. A thin typed view over CandidateStore's owned families.
#ifndef PASSEND_STORAGE_OWNED_ENTRIES_H_
#define PASSEND_STORAGE_OWNED_ENTRIES_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/status_macros.h"
#include "storage/record_store.h"

namespace passend::storage {

// E is the entry message, e.g. passend::v1::Placement.
template <typename E>
class OwnedEntries {
 public:
  // `store` must outlive this view; `family` is one of the candidate's owned
  // families, holding E messages.
  OwnedEntries(CandidateStore* store, Family family)
      : store_(store), family_(family) {}

  // Appends the entry `make(candidate, sequence)` builds and returns it.
  // NOT_FOUND when the candidate does not exist; `make`'s error as is.
  using Make = std::function<absl::StatusOr<E>(const passend::v1::Candidate&,
                                               uint64_t sequence)>;
  absl::StatusOr<E> Append(absl::string_view candidate_id, const Make& make,
                           const AuditActor* actor = nullptr) {
    E made;
    RETURN_IF_ERROR(
        store_
            ->AppendOwned(
                candidate_id, family_,
                [&](const passend::v1::Candidate& candidate,
                    uint64_t sequence) -> absl::StatusOr<std::string> {
                  ASSIGN_OR_RETURN(made, make(candidate, sequence));
                  return made.SerializeAsString();
                },
                actor)
            .status());
    return made;
  }

  // Visits the candidate's entries in sequence order until `visit` returns
  // false. DATA_LOSS for an entry that does not parse.
  absl::Status ForEach(
      absl::string_view candidate_id,
      const std::function<bool(uint64_t sequence, E entry)>& visit) const {
    absl::Status parsed;
    RETURN_IF_ERROR(store_->ForEachOwned(
        candidate_id, family_, [&](uint64_t sequence, absl::string_view bytes) {
          absl::StatusOr<E> entry = Parse(bytes);
          if (!entry.ok()) {
            parsed = entry.status();
            return false;
          }
          return visit(sequence, *std::move(entry));
        }));
    return parsed;
  }

  // Every candidate's entries, by candidate id, then sequence.
  absl::Status ForEvery(
      const std::function<bool(absl::string_view candidate_id,
                               uint64_t sequence, E entry)>& visit) const {
    absl::Status parsed;
    RETURN_IF_ERROR(store_->ForEveryOwned(
        family_,
        [&](absl::string_view id, uint64_t sequence, absl::string_view bytes) {
          absl::StatusOr<E> entry = Parse(bytes);
          if (!entry.ok()) {
            parsed = entry.status();
            return false;
          }
          return visit(id, sequence, *std::move(entry));
        }));
    return parsed;
  }

  // One entry, or nullopt.
  absl::StatusOr<std::optional<E>> Get(absl::string_view candidate_id,
                                       uint64_t sequence) const {
    ASSIGN_OR_RETURN(std::optional<std::string> bytes,
                     store_->GetOwned(candidate_id, family_, sequence));
    if (!bytes.has_value()) return std::nullopt;
    ASSIGN_OR_RETURN(E entry, Parse(*bytes));
    return entry;
  }

  CandidateStore& store() const { return *store_; }
  Family family() const { return family_; }

 private:
  static absl::StatusOr<E> Parse(absl::string_view bytes) {
    E entry;
    if (!entry.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      return absl::DataLossError(
          absl::StrCat("unreadable ", E::descriptor()->name()));
    }
    return entry;
  }

  CandidateStore* store_;
  Family family_;
};

}  // namespace passend::storage

#endif  // PASSEND_STORAGE_OWNED_ENTRIES_H_
