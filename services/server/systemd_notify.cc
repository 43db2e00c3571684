#include "services/server/systemd_notify.h"

#include <systemd/sd-daemon.h>

#include <cstring>

#include "absl/strings/str_cat.h"

namespace passend::services {

absl::Status NotifySystemd(const std::string& state) {
  // unset_environment=0: the process forks nothing that should not know.
  const int sent = sd_notify(0, state.c_str());
  if (sent < 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot notify systemd: ", std::strerror(-sent)));
  }
  return absl::OkStatus();
}

}  // namespace passend::services
