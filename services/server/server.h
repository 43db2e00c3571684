// passend's server: loads the taxonomy and reference data, opens the
// database, and serves the passend.v1 API with health checking and
// reflection. Used by passendd, the tests and the benchmarks alike.
#ifndef PASSEND_SERVICES_SERVER_SERVER_H_
#define PASSEND_SERVICES_SERVER_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "common/data_files.h"
#include "services/access/authorizer.h"
#include "services/http/connections.h"
#include "services/rpc/call_executor.h"
#include "storage/audit_log.h"
#include "storage/database.h"

namespace passend::matcher {
class Matcher;
}  // namespace passend::matcher

namespace passend::services {

struct ServerOptions {
  // Where "now" and "today" come from; must outlive the server.
  const Clock* clock = &SystemClock();
  // host:port to listen on; port 0 picks a free port (see Server::port()).
  std::string listen = "127.0.0.1:50051";
  // RocksDB data directory. Required.
  std::string data_dir;
  // The taxonomy file (text-format passend.v1.Taxonomy).
  std::string taxonomy_file;
  // Directory holding the reference data CSV files.
  std::string reference_data_dir;
  // Sync the WAL before acknowledging a write. Off only for throw-away
  // benchmarks.
  bool sync_writes = true;
  // Largest request or response message, in bytes.
  int max_message_bytes = 16 << 20;
  // API keys (see key_store.h). Every call must carry a key of a role
  // allowed for the method (or, with tls_client_ca_file, a client
  // certificate naming a principal of the file). Required unless
  // `authorizer` is given or `allow_unauthenticated` is set: Start refuses
  // with FAILED_PRECONDITION otherwise.
  std::string keys_file;
  // Admit every call as an admin when there is neither keys_file nor
  // `authorizer`. Off by default, so that a server holding special-category
  // data is never one forgotten flag away from open; passendd's
  // --insecure_allow_unauthenticated, for a throw-away local server and
  // benchmarks. Only on a loopback address without TLS.
  bool allow_unauthenticated = false;
  // With keys_file: calls one principal may have in flight at once.
  int max_calls_per_principal = 32;
  // Calls the server runs at once, all principals together; more are
  // refused at once with RESOURCE_EXHAUSTED. 0: no limit. Default 128.
  int max_calls_in_flight = 128;
  // Threads that run admitted calls. 0: 4 per core, at least 8.
  int call_threads = 0;
  // An import stream whose client sends nothing for this long is ended
  // with DEADLINE_EXCEEDED, giving back its admission slot. Zero, negative
  // or infinite: never. Default 60 s.
  absl::Duration import_idle_timeout = absl::Seconds(60);
  // The authorization point, overriding keys_file; for tests.
  std::shared_ptr<const Authorizer> authorizer;
  // The audit log's options (a fault hook, for tests).
  storage::AuditLogOptions audit;
  // TLS: PEM files of the server's certificate chain and private key. When
  // both are empty the port is plaintext (for loopback only; passendd
  // refuses anything else).
  std::string tls_cert_file;
  std::string tls_key_file;
  // With TLS: PEM file of the CAs whose client certificates are required
  // (mutual TLS). A verified client certificate whose common name is a
  // principal of keys_file stands for that principal's key.
  std::string tls_client_ca_file;
  // The key vault: candidates' data keys, kept out of data_dir so that
  // copies of the data never hold them. Default: data_dir + "-keys".
  std::string key_dir;
  // The master key wrapping the data keys (64 hex digits); created when
  // missing. Default: key_dir + "/master.key".
  std::string master_key_file;
  // Backups (AdminService.CreateBackup) go here. Default: data_dir +
  // "-backups".
  std::string backup_dir;
  // Backups kept unless a request says otherwise. Default 7.
  int backup_keep = 7;
  // Prometheus metrics and the HTTP probes (/metrics, /healthz, /readyz)
  // on this address ("127.0.0.1:9464"; port 0 picks one); empty: none.
  std::string metrics_listen;
  // The HTTP door (Connect protocol, docs/HTTP.md) on this address
  // ("127.0.0.1:8080"; port 0 picks one); empty: none. HTTPS with the TLS
  // files above.
  std::string http_listen;
  // The built web pages the HTTP door serves under / (ConnectDoorOptions::
  // web_root); empty: a short page saying what the server is.
  std::string web_root;
  // The HTTP door's connections: how many, how slow, how long kept.
  ConnectionLimits http_connections;
  // The records database's memtables together (see
  // storage::DatabaseOptions). Default 256 MiB.
  size_t memtable_budget_bytes = size_t{256} << 20;
  // Keep the matcher's candidate profiles across a clean restart: written
  // sealed to <data_dir>/matcher.snapshot at shutdown, read (and removed)
  // at the next start if no write came in between, so start-up need not
  // unseal every stored candidate. Default: true.
  bool matcher_snapshot = true;
  // For tests: the records database's files go through this
  // (tests/storage/fault_injection.h). Default: null.
  std::shared_ptr<storage::InjectedFileSystem> faults;
};

// True for an address only this machine can reach: 127.x.x.x:PORT,
// localhost:PORT or [::1]:PORT.
bool IsLoopback(const std::string& listen);

class Server {
 public:
  // Loads everything, then starts listening. Errors name what could not be
  // loaded or bound.
  static absl::StatusOr<std::unique_ptr<Server>> Start(ServerOptions options);
  ~Server();

  // The port actually bound.
  int port() const;
  // The metrics port, or 0 without one.
  int metrics_port() const;
  // The HTTP door's port, or 0 without one.
  int http_port() const;
  // Stops accepting calls, lets calls in flight finish until `grace` has
  // passed (then cancels them), and closes the database.
  void Shutdown(absl::Duration grace = absl::Seconds(5));
  // How long Start took from the first file read to listening.
  absl::Duration startup_time() const;
  // Whether start-up read the matcher's candidates from the snapshot a
  // clean shutdown left, rather than from the stored records.
  bool started_from_snapshot() const;
  // Bytes in the records database's memtables now.
  uint64_t memtable_bytes() const;
  // Records indexed by the matcher (counts only: safe to log).
  size_t candidate_count() const;
  size_t vacancy_count() const;
  // The engine the services rank with, for benchmarks that time it in
  // process beside the same rankings served.
  const matcher::Matcher& matcher() const;
  // The threads admitted calls run on, for tests that occupy them.
  CallExecutor& call_executor();
  // Reads keys_file again: keys added work from now on, and a key removed
  // is refused on its next call (which also ends its HTTP sessions). A file
  // that does not parse changes nothing (INVALID_ARGUMENT naming the line);
  // FAILED_PRECONDITION for a server without keys_file.
  absl::Status ReloadKeys();
  // Reads the TLS files again (tls_files.h): new connections, of the gRPC
  // port within a second and of the HTTP door at once, get the new
  // certificate and client CAs; connections and calls in flight go on. Files
  // that do not parse or do not belong together change nothing
  // (INVALID_ARGUMENT naming the file); FAILED_PRECONDITION for a server
  // without TLS.
  absl::Status ReloadTls();

 private:
  struct Rep;
  explicit Server(std::unique_ptr<Rep> rep);
  std::unique_ptr<Rep> rep_;
};

}  // namespace passend::services

#endif  // PASSEND_SERVICES_SERVER_SERVER_H_
