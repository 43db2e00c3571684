#include "services/server/matcher_snapshot.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "storage/sealed_file.h"

namespace passend::services {
namespace {

constexpr absl::string_view kContext = "passend matcher snapshot v1";
constexpr size_t kStampBytes = 2 * sizeof(uint64_t);

std::string EncodeStamp(const DatabaseStamp& stamp) {
  std::string out(kStampBytes, '\0');
  std::memcpy(out.data(), &stamp.records, sizeof stamp.records);
  std::memcpy(out.data() + sizeof stamp.records, &stamp.keys,
              sizeof stamp.keys);
  return out;
}

}  // namespace

absl::Status SaveMatcherSnapshot(const std::string& path, absl::string_view key,
                                 const DatabaseStamp& stamp,
                                 const matcher::Matcher& matcher) {
  std::string content = EncodeStamp(stamp);
  matcher.EncodeCandidates(&content);
  return storage::WriteSealedFile(path, key, kContext, content);
}

absl::StatusOr<bool> LoadMatcherSnapshot(const std::string& path,
                                         absl::string_view key,
                                         const DatabaseStamp& now,
                                         matcher::Matcher* matcher,
                                         std::string* why) {
  absl::StatusOr<std::string> content =
      storage::ReadSealedFile(path, key, kContext);
  absl::Status loaded;
  if (absl::IsNotFound(content.status())) {
    loaded = absl::OkStatus();  // nothing to load, and nothing to say
  } else if (!content.ok()) {
    loaded = content.status();
  } else if (content->size() < kStampBytes ||
             content->compare(0, kStampBytes, EncodeStamp(now)) != 0) {
    loaded = absl::FailedPreconditionError(
        "the databases were written after the snapshot");
  } else {
    loaded = matcher->LoadCandidates(
        absl::string_view(*content).substr(kStampBytes));
  }
  RETURN_IF_ERROR(storage::RemoveFileDurably(path));
  *why = std::string(loaded.message());
  return loaded.ok() && content.ok();
}

}  // namespace passend::services
