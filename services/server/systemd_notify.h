// systemd's readiness protocol (sd_notify(3)) for passendd under a
// Type=notify unit (packaging/passendd.service): systemd counts the service
// started only once it serves, so units ordered after it and `systemctl
// start` wait for the port rather than for the process; it marks a reload
// (SIGHUP) and a drain as such. Outside systemd ($NOTIFY_SOCKET unset) each
// call does nothing.
#ifndef PASSEND_SERVICES_SERVER_SYSTEMD_NOTIFY_H_
#define PASSEND_SERVICES_SERVER_SYSTEMD_NOTIFY_H_

#include <string>

#include "absl/status/status.h"

namespace passend::services {

// Sends `state`, newline-separated assignments such as "READY=1" or
// "STOPPING=1" (sd_notify(3)); UNAVAILABLE when systemd's socket refused it.
absl::Status NotifySystemd(const std::string& state);

}  // namespace passend::services

#endif  // PASSEND_SERVICES_SERVER_SYSTEMD_NOTIFY_H_
