// The audit entry that names the candidates a call shows a caller, written
// before they are returned (docs/SECURITY.md): who saw whose data, for the
// rankings, explanations and advice that do not go through the resource API.
#ifndef PASSEND_SERVICES_ACCESS_SHOWN_RECORDS_H_
#define PASSEND_SERVICES_ACCESS_SHOWN_RECORDS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/access/principal.h"
#include "storage/audit_log.h"

namespace passend::services {

// Records in the audit log which candidates a call of `method` (its full
// name) shows `principal`. Nothing when none.
absl::Status RecordShown(storage::AuditLog& audit, const Principal& principal,
                         const std::string& method,
                         std::vector<std::string> candidates);

}  // namespace passend::services

#endif  // PASSEND_SERVICES_ACCESS_SHOWN_RECORDS_H_
