// passendd: the passend server.
//
//   passendd --data_dir=/var/lib/passend [--listen=127.0.0.1:50051]
//            --keys_file=F [--tls_cert=F --tls_key=F [--tls_client_ca=F]]
//   passendd --data_dir=... --insecure_allow_unauthenticated   (loopback)
//
// Serves until SIGTERM or SIGINT, then drains calls in flight and closes the
// database; SIGHUP reads the key file and the TLS files again. Under a
// Type=notify systemd unit it says when it serves, reloads and stops
// (packaging/passendd.service). Logs carry no personal data: counts, paths
// and errors only.
#include <signal.h>

#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "common/version.h"
#include "services/server/server.h"
#include "services/server/systemd_notify.h"
#include "storage/backup.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "host:port to serve on; port 0 picks a free port");
ABSL_FLAG(std::string, data_dir, "", "RocksDB data directory (required)");
ABSL_FLAG(std::string, taxonomy, "",
          "taxonomy file; default: taxonomy.textproto in the reference data "
          "directory");
ABSL_FLAG(std::string, reference_data, "",
          "reference data directory; default: the source tree's data/ for a "
          "binary in its build tree, else ../share/passend from the binary");
ABSL_FLAG(std::string, keys_file, "",
          "API key file (passend keys create); required unless "
          "--insecure_allow_unauthenticated");
ABSL_FLAG(bool, insecure_allow_unauthenticated, false,
          "without --keys_file, admit every call on loopback as admin; for a "
          "throw-away local server only (never with TLS), logged at start");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM certificate chain for TLS (with --tls_key); without TLS the "
          "server listens on loopback only");
ABSL_FLAG(std::string, tls_key, "", "PEM private key for TLS");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM CA certificates: require client certificates (mutual TLS); a "
          "certificate's common name is a principal of --keys_file");
ABSL_FLAG(std::string, key_dir, "",
          "key vault directory (candidates' data keys), outside anything "
          "backed up with the data; default: <data_dir>-keys");
ABSL_FLAG(std::string, master_key_file, "",
          "master key (64 hex digits) wrapping the data keys; created when "
          "missing; default: <key_dir>/master.key");
ABSL_FLAG(
    std::string, backup_dir, "",
    "where AdminService.CreateBackup writes; default: <data_dir>-backups");
ABSL_FLAG(int, max_calls_in_flight, 128,
          "calls the server runs at once; more are refused with "
          "RESOURCE_EXHAUSTED (0: no limit)");
ABSL_FLAG(absl::Duration, import_idle_timeout, absl::Seconds(60),
          "an import stream whose client sends nothing for this long is "
          "ended with DEADLINE_EXCEEDED, giving back its admission slot (0: "
          "never)");
ABSL_FLAG(std::string, metrics_listen, "",
          "Prometheus metrics and HTTP probes (/metrics, /healthz, /readyz) "
          "on this address, e.g. 127.0.0.1:9464; default: none");
ABSL_FLAG(std::string, http_listen, "",
          "HOST:PORT for the HTTP door (Connect protocol, docs/HTTP.md); "
          "empty: none. HTTPS with --tls_cert/--tls_key, else loopback only");
ABSL_FLAG(std::string, web_root, "",
          "directory of the built web pages the HTTP door serves under /; "
          "empty: a short page saying what the server is");
ABSL_FLAG(int, backup_keep, 7, "backups kept unless a request says otherwise");
ABSL_FLAG(std::string, restore_backup, "",
          "restore a backup directory into --data_dir and --key_dir (both "
          "new), then exit instead of serving");
ABSL_FLAG(uint32_t, backup_id, 0,
          "with --restore_backup: the backup to restore (default: newest)");
ABSL_FLAG(int, memtable_budget_mib, 256,
          "memory for the records database's memtables, all together");
ABSL_FLAG(bool, matcher_snapshot, true,
          "at shutdown, save the matcher's candidate profiles (sealed) for a "
          "fast next start; it is used only if nothing was written since");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "how long calls in flight may run after SIGTERM");

namespace {

// A notification systemd did not take is said, never fatal: the server
// serves either way.
void Notify(const std::string& state) {
  const absl::Status sent = passend::services::NotifySystemd(state);
  if (!sent.ok()) {
    std::fprintf(stderr, "passendd: %s\n", std::string(sent.message()).c_str());
  }
}

// What SIGHUP does: the key file, then the TLS files, each taken only when
// it reads cleanly.
void Reload(passend::services::Server& server, bool tls) {
  Notify("RELOADING=1");
  if (const absl::Status keys = server.ReloadKeys(); keys.ok()) {
    std::fprintf(stderr, "passendd: SIGHUP: key file read again\n");
  } else {
    std::fprintf(stderr, "passendd: SIGHUP: keys unchanged: %s\n",
                 std::string(keys.message()).c_str());
  }
  if (tls) {
    if (const absl::Status certs = server.ReloadTls(); certs.ok()) {
      std::fprintf(stderr,
                   "passendd: SIGHUP: TLS files read again; new connections "
                   "get them within a second\n");
    } else {
      std::fprintf(stderr, "passendd: SIGHUP: TLS unchanged: %s\n",
                   std::string(certs.message()).c_str());
    }
  }
  Notify("READY=1");
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "passend server: passendd --data_dir=PATH [--listen=HOST:PORT]");
  absl::FlagsUsageConfig usage;
  usage.version_string = [] { return passend::VersionLine("passendd"); };
  absl::SetFlagsUsageConfig(usage);
  absl::ParseCommandLine(argc, argv);

  // Block the shutdown signals in every thread; main waits for them below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  passend::services::ServerOptions options;
  options.listen = absl::GetFlag(FLAGS_listen);
  options.data_dir = absl::GetFlag(FLAGS_data_dir);
  options.taxonomy_file = absl::GetFlag(FLAGS_taxonomy);
  options.reference_data_dir = absl::GetFlag(FLAGS_reference_data);
  options.keys_file = absl::GetFlag(FLAGS_keys_file);
  options.allow_unauthenticated =
      options.keys_file.empty() &&
      absl::GetFlag(FLAGS_insecure_allow_unauthenticated);
  options.tls_cert_file = absl::GetFlag(FLAGS_tls_cert);
  options.tls_key_file = absl::GetFlag(FLAGS_tls_key);
  options.tls_client_ca_file = absl::GetFlag(FLAGS_tls_client_ca);
  options.key_dir = absl::GetFlag(FLAGS_key_dir);
  options.master_key_file = absl::GetFlag(FLAGS_master_key_file);
  options.backup_dir = absl::GetFlag(FLAGS_backup_dir);
  options.backup_keep = absl::GetFlag(FLAGS_backup_keep);
  options.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  options.http_listen = absl::GetFlag(FLAGS_http_listen);
  options.web_root = absl::GetFlag(FLAGS_web_root);
  options.matcher_snapshot = absl::GetFlag(FLAGS_matcher_snapshot);
  options.memtable_budget_bytes =
      static_cast<size_t>(absl::GetFlag(FLAGS_memtable_budget_mib)) << 20;
  options.max_calls_in_flight = absl::GetFlag(FLAGS_max_calls_in_flight);
  options.import_idle_timeout = absl::GetFlag(FLAGS_import_idle_timeout);
  if (options.data_dir.empty()) {
    std::fprintf(stderr, "passendd: --data_dir is required\n");
    return 2;
  }
  if (options.backup_keep < 1) {
    std::fprintf(stderr, "passendd: --backup_keep must be at least 1\n");
    return 2;
  }
  if (const std::string from = absl::GetFlag(FLAGS_restore_backup);
      !from.empty()) {
    const std::string key_dir =
        options.key_dir.empty() ? options.data_dir + "-keys" : options.key_dir;
    absl::Status restored = passend::storage::RestoreBackup(
        from, absl::GetFlag(FLAGS_backup_id), options.data_dir, key_dir);
    if (!restored.ok()) {
      std::fprintf(stderr, "passendd: cannot restore: %s\n",
                   std::string(restored.message()).c_str());
      return 1;
    }
    std::fprintf(stderr,
                 "passendd: restored %s into %s and %s; start it with the "
                 "original --master_key_file\n",
                 from.c_str(), options.data_dir.c_str(), key_dir.c_str());
    return 0;
  }
  const bool tls = !options.tls_cert_file.empty();
  if (tls != !options.tls_key_file.empty()) {
    std::fprintf(stderr, "passendd: --tls_cert and --tls_key go together\n");
    return 2;
  }
  // Without TLS the API is only offered where no one else can listen in.
  if (!tls && !options.http_listen.empty() &&
      !passend::services::IsLoopback(options.http_listen)) {
    std::fprintf(stderr,
                 "passendd: refusing HTTP on %s without TLS; pass "
                 "--tls_cert and --tls_key, or use a loopback address\n",
                 options.http_listen.c_str());
    return 2;
  }
  if (!tls && !passend::services::IsLoopback(options.listen)) {
    std::fprintf(stderr,
                 "passendd: refusing to listen on %s without TLS; pass "
                 "--tls_cert and --tls_key, or use a loopback address "
                 "(127.0.0.1:PORT)\n",
                 options.listen.c_str());
    return 2;
  }
  // Closed by default: without keys only an explicit, logged choice opens
  // the API, and never on a TLS port, which other hosts can reach.
  if (options.keys_file.empty() &&
      (tls || !absl::GetFlag(FLAGS_insecure_allow_unauthenticated))) {
    std::fprintf(
        stderr,
        "passendd: --keys_file is required (create a key with "
        "'passend keys create'); only a loopback server without TLS "
        "may run without one, with --insecure_allow_unauthenticated\n");
    return 2;
  }
  if (options.allow_unauthenticated) {
    std::fprintf(
        stderr,
        "passendd: WARNING: INSECURE: --insecure_allow_unauthenticated:"
        " every call on loopback is admitted as admin, WITHOUT "
        "AUTHENTICATION\n");
  }
  if (!tls) {
    std::fprintf(stderr,
                 "passendd: WARNING: serving WITHOUT TLS, on loopback only\n");
  }

  auto server = passend::services::Server::Start(options);
  if (!server.ok()) {
    std::fprintf(stderr, "passendd: cannot start: %s\n",
                 std::string(server.status().message()).c_str());
    return 1;
  }
  std::string host = options.listen.substr(0, options.listen.rfind(':'));
  std::fprintf(stderr,
               "passendd: serving passend.v1 on %s:%d (%zu candidates, %zu "
               "vacancies; started in %s)\n",
               host.c_str(), (*server)->port(), (*server)->candidate_count(),
               (*server)->vacancy_count(),
               absl::FormatDuration((*server)->startup_time()).c_str());

  if ((*server)->http_port() != 0) {
    const std::string http_host =
        options.http_listen.substr(0, options.http_listen.rfind(':'));
    std::fprintf(stderr, "passendd: HTTP (Connect) on %s://%s:%d\n",
                 tls ? "https" : "http", http_host.c_str(),
                 (*server)->http_port());
  }

  Notify(absl::StrFormat("READY=1\nSTATUS=serving passend.v1 on port %d",
                         (*server)->port()));
  int received = 0;
  while (sigwait(&signals, &received) == 0 && received == SIGHUP) {
    Reload(**server, tls);
  }
  Notify("STOPPING=1");
  std::fprintf(stderr, "passendd: %s received, draining\n",
               received == SIGTERM ? "SIGTERM" : "SIGINT");
  (*server)->Shutdown(absl::GetFlag(FLAGS_shutdown_grace));
  std::fprintf(stderr, "passendd: stopped\n");
  return 0;
}
