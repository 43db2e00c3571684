#include "services/access/shown_records.h"

#include <utility>

namespace passend::services {

absl::Status RecordShown(storage::AuditLog& audit, const Principal& principal,
                         const std::string& method,
                         std::vector<std::string> candidates) {
  if (candidates.empty()) return absl::OkStatus();
  return audit.Record({principal.id, method}, candidates, "OK");
}

}  // namespace passend::services
