// Who is calling: the identity, role and scope every layer below the
// gRPC handlers decides on. Free of gRPC; the Authorizer makes one per call.
#ifndef PASSEND_SERVICES_ACCESS_PRINCIPAL_H_
#define PASSEND_SERVICES_ACCESS_PRINCIPAL_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/access/key_store.h"

namespace passend::services {

struct Principal {
  // A stable, non-personal name of the caller (never a key).
  std::string id;
  Role role = Role::kAnalyst;
  std::vector<std::string> regions;
  std::string employer;

  // Held while the call runs; releasing the last copy frees the caller's
  // in-flight slot (see KeyAuthorizer).
  std::shared_ptr<void> in_flight;

  bool is_admin() const { return role == Role::kAdmin; }
  // True when `region` is one of the principal's regions.
  bool HasRegion(absl::string_view region) const {
    for (const std::string& r : regions) {
      if (r == region) return true;
    }
    return false;
  }
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_ACCESS_PRINCIPAL_H_
