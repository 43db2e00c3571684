#include "services/server/server.h"

#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/file.h"
#include "common/status_macros.h"
#include "common/version.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "matcher/matcher.h"
#include "matcher/occupation_search.h"
#include "matcher/reference_data.h"
#include "matcher/taxonomy.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"
#include "services/api/resource_api.h"
#include "services/api/validation.h"
#include "services/http/connect_door.h"
#include "services/rpc/account_service.h"
#include "services/rpc/admin_service.h"
#include "services/rpc/advice_service.h"
#include "services/rpc/audit_service.h"
#include "services/rpc/call_metrics.h"
#include "services/rpc/call_path.h"
#include "services/rpc/candidate_service.h"
#include "services/rpc/consent_service.h"
#include "services/rpc/match_service.h"
#include "services/rpc/placement_service.h"
#include "services/rpc/supply_service.h"
#include "services/rpc/taxonomy_service.h"
#include "services/rpc/unparsable_requests.h"
#include "services/rpc/vacancy_service.h"
#include "services/server/matcher_snapshot.h"
#include "services/server/metrics_server.h"
#include "services/server/tls_files.h"
#include "storage/database.h"
#include "storage/key_vault.h"
#include "storage/record_codec.h"
#include "storage/record_store.h"
#include "storage/sealed_file.h"

namespace passend::services {

namespace {

// The listening port's credentials: TLS (mutual when a client CA is
// given) from `tls`, which Server::ReloadTls reads again, or, without a
// certificate, plaintext.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentials(
    const ServerOptions& options, std::unique_ptr<TlsFiles>* tls) {
  if (options.tls_cert_file.empty() && options.tls_key_file.empty()) {
    if (!options.tls_client_ca_file.empty()) {
      return absl::InvalidArgumentError(
          "a client CA (mutual TLS) needs a server certificate and key");
    }
    return grpc::InsecureServerCredentials();
  }
  ASSIGN_OR_RETURN(*tls,
                   TlsFiles::Load(options.tls_cert_file, options.tls_key_file,
                                  options.tls_client_ca_file));
  return (*tls)->GrpcCredentials();
}

}  // namespace

bool IsLoopback(const std::string& listen) {
  return absl::StartsWith(listen, "127.") ||
         absl::StartsWith(listen, "localhost:") ||
         absl::StartsWith(listen, "[::1]:");
}

// Members are declared in dependency order, so they are destroyed in reverse:
// the gRPC server first, the database last.
struct Server::Rep {
  ServerOptions options;
  // With TLS: the files the gRPC port's certificate comes from.
  std::unique_ptr<TlsFiles> tls;
  std::unique_ptr<matcher::Taxonomy> taxonomy;
  std::unique_ptr<matcher::ReferenceData> reference;
  std::unique_ptr<matcher::OccupationSearch> occupation_search;
  std::unique_ptr<OccupationApi> occupation_api;
  std::unique_ptr<matcher::Matcher> matcher;
  std::unique_ptr<storage::Database> database;
  std::unique_ptr<storage::AuditLog> audit;
  std::unique_ptr<storage::KeyVault> vault;
  std::unique_ptr<storage::CandidateSealer> sealer;
  std::unique_ptr<storage::CandidateStore> candidate_store;
  std::unique_ptr<storage::VacancyStore> vacancy_store;
  std::unique_ptr<Validator> validator;
  std::unique_ptr<ResourceApi<v1::Candidate>> candidate_api;
  std::unique_ptr<ResourceApi<v1::Vacancy>> vacancy_api;
  std::unique_ptr<ConsentApi> consent_api;
  std::unique_ptr<PlacementApi> placement_api;
  std::unique_ptr<AdviceApi> advice_api;
  std::unique_ptr<MatchApi> match_api;
  std::unique_ptr<SupplyReports> supply_reports;
  std::unique_ptr<IdleWatch> import_idle_watch;
  // What the metrics page shows: the call metrics and the gauges below.
  prometheus::Registry registry;
  // What every call passes through; `executor` is set below, after the
  // services its queued calls use, so that it is stopped before them.
  CallMetrics call_metrics{registry};
  CallPath calls;
  std::unique_ptr<CandidateServiceImpl> candidate_service;
  std::unique_ptr<VacancyServiceImpl> vacancy_service;
  std::unique_ptr<TaxonomyServiceImpl> taxonomy_service;
  std::unique_ptr<AccountServiceImpl> account_service;
  std::unique_ptr<MatchServiceImpl> match_service;
  std::unique_ptr<AdviceServiceImpl> advice_service;
  std::unique_ptr<PlacementServiceImpl> placement_service;
  std::unique_ptr<SupplyServiceImpl> supply_service;
  std::unique_ptr<ConsentServiceImpl> consent_service;
  std::unique_ptr<AuditServiceImpl> audit_service;
  std::unique_ptr<AdminServiceImpl> admin_service;
  std::unique_ptr<CallExecutor> executor;
  // What is registered: each service above behind the shell that answers
  // requests that do not parse (unparsable_requests.h).
  std::vector<std::unique_ptr<grpc::Service>> registered;
  std::unique_ptr<grpc::Server> grpc_server;
  int port = 0;
  absl::Duration startup_time;
  bool started_from_snapshot = false;
  bool shut_down = false;
  // Readiness: the health service says SERVING while both databases take
  // writes; the watch resumes them after a write error where RocksDB can.
  absl::Notification stop_watching;
  std::thread storage_watch;
  std::atomic<bool> ready{true};
  // With keys_file: the authorizer whose keys ReloadKeys replaces.
  std::shared_ptr<KeyAuthorizer> key_authorizer;
  // Set from current values at each scrape (AddGauges); owned by
  // `registry`. Gauges are atomic, and scrapes at the same time each set
  // current values, so they need no lock.
  prometheus::Gauge* ready_gauge = nullptr;
  prometheus::Gauge* candidates_gauge = nullptr;
  prometheus::Gauge* vacancies_gauge = nullptr;
  std::vector<std::pair<const char*, prometheus::Gauge*>> rocksdb_gauges;
  std::unique_ptr<MetricsServer> metrics_server;
  // After grpc_server: it forwards to the server's in-process channel.
  std::unique_ptr<ConnectDoor> http_door;

  std::string SnapshotPath() const {
    return options.data_dir + "/matcher.snapshot";
  }
  std::string SnapshotKey() const {
    return vault->DerivedKey("passend matcher snapshot v1");
  }
  DatabaseStamp Stamp() const {
    return {database->LatestSequence(), vault->database().LatestSequence()};
  }

  // Adds the server's gauges to `registry`: counts and sizes, never
  // anything of a record.
  void AddGauges() {
    const auto add = [this](const std::string& name, const std::string& help,
                            const prometheus::Labels& labels = {}) {
      return &prometheus::BuildGauge()
                  .Name(name)
                  .Help(help)
                  .Register(registry)
                  .Add(labels);
    };
    add("passend_build_info", "Always 1; labelled with the build's version.",
        {{"version", kVersion}})
        ->Set(1);
    ready_gauge =
        add("passend_ready", "1 while the server takes calls and writes.");
    candidates_gauge =
        add("passend_candidates", "Candidates in the matcher's index.");
    vacancies_gauge =
        add("passend_vacancies", "Vacancies in the matcher's index.");
    // Only those RocksDB reports (all of them, in practice).
    for (const auto& [property, name] :
         {std::pair<const char*, const char*>{"rocksdb.estimate-num-keys",
                                              "keys"},
          {"rocksdb.total-sst-files-size", "sst_bytes"},
          {"rocksdb.cur-size-all-mem-tables", "memtable_bytes"},
          {"rocksdb.estimate-pending-compaction-bytes",
           "pending_compaction_bytes"},
          {"rocksdb.background-errors", "background_errors"}}) {
      if (database->Property(property).has_value()) {
        rocksdb_gauges.emplace_back(
            property, add(absl::StrCat("passend_rocksdb_", name),
                          absl::StrCat("RocksDB's ", property,
                                       ", over all column families.")));
      }
    }
  }

  // The /metrics page, with the gauges' current values.
  std::string MetricsPage() {
    ready_gauge->Set(ready ? 1 : 0);
    candidates_gauge->Set(static_cast<double>(matcher->candidates().size()));
    vacancies_gauge->Set(static_cast<double>(matcher->vacancy_count()));
    for (const auto& [property, gauge] : rocksdb_gauges) {
      if (std::optional<uint64_t> v = database->Property(property)) {
        gauge->Set(static_cast<double>(*v));
      }
    }
    return MetricsText(registry);
  }

  void WatchStorage() {
    grpc::HealthCheckServiceInterface* health =
        grpc_server->GetHealthCheckService();
    bool serving = true;
    while (!stop_watching.WaitForNotificationWithTimeout(
        absl::Milliseconds(200))) {
      bool writable = true;
      for (storage::Database* db : {database.get(), &vault->database()}) {
        if (!db->writable() && !db->Resume().ok()) writable = false;
      }
      if (writable != serving) {
        serving = writable;
        ready = serving;
        health->SetServingStatus(serving);
      }
    }
  }
};

Server::Server(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}

Server::~Server() { Shutdown(absl::ZeroDuration()); }

int Server::port() const { return rep_->port; }
absl::Status Server::ReloadKeys() {
  if (rep_->key_authorizer == nullptr) {
    return absl::FailedPreconditionError("the server has no key file");
  }
  ASSIGN_OR_RETURN(std::unique_ptr<KeyStore> keys,
                   KeyStore::LoadFile(rep_->options.keys_file));
  rep_->key_authorizer->ReplaceKeys(std::move(keys));
  return absl::OkStatus();
}

absl::Status Server::ReloadTls() {
  if (rep_->tls == nullptr) {
    return absl::FailedPreconditionError("the server has no TLS");
  }
  RETURN_IF_ERROR(rep_->tls->Reload());
  return rep_->http_door == nullptr ? absl::OkStatus()
                                    : rep_->http_door->ReloadTls();
}

int Server::metrics_port() const {
  return rep_->metrics_server == nullptr ? 0 : rep_->metrics_server->port();
}
absl::Duration Server::startup_time() const { return rep_->startup_time; }
uint64_t Server::memtable_bytes() const {
  return rep_->database->Property("rocksdb.cur-size-all-mem-tables")
      .value_or(0);
}
bool Server::started_from_snapshot() const {
  return rep_->started_from_snapshot;
}
size_t Server::candidate_count() const {
  return rep_->matcher->candidates().size();
}
size_t Server::vacancy_count() const { return rep_->matcher->vacancy_count(); }
const matcher::Matcher& Server::matcher() const { return *rep_->matcher; }
CallExecutor& Server::call_executor() { return *rep_->executor; }
int Server::http_port() const {
  return rep_->http_door == nullptr ? 0 : rep_->http_door->port();
}

void Server::Shutdown(absl::Duration grace) {
  if (rep_->shut_down) return;
  rep_->shut_down = true;
  // Not ready from now on: load balancers stop sending calls while those
  // in flight finish.
  rep_->stop_watching.Notify();
  rep_->storage_watch.join();
  rep_->ready = false;
  rep_->grpc_server->GetHealthCheckService()->SetServingStatus(false);
  rep_->grpc_server->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  // The door's calls have ended with the gRPC server's (cancelled past the
  // grace); later ones were refused as unavailable.
  rep_->http_door.reset();
  rep_->grpc_server->Wait();
  // No call runs now, so the matcher holds exactly what is stored. While a
  // database refuses writes that is not sure: the next start then reads the
  // records. (Erasures cut short are finished at every start.)
  if (rep_->options.matcher_snapshot && rep_->database->writable() &&
      rep_->vault->database().writable()) {
    absl::Status saved =
        SaveMatcherSnapshot(rep_->SnapshotPath(), rep_->SnapshotKey(),
                            rep_->Stamp(), *rep_->matcher);
    if (!saved.ok()) {
      std::fprintf(stderr, "passendd: matcher snapshot not written: %s\n",
                   std::string(saved.message()).c_str());
    }
  }
}

absl::StatusOr<std::unique_ptr<Server>> Server::Start(ServerOptions options) {
  const absl::Time start = absl::Now();
  // Abseil's lock-order graph costs every lock on the request path and is a
  // debugging aid; the lock order here is fixed (store, then matcher).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  if (options.data_dir.empty()) {
    return absl::InvalidArgumentError("a data directory is required");
  }
  if (options.taxonomy_file.empty()) {
    options.taxonomy_file = DefaultTaxonomyFile();
  }
  if (options.reference_data_dir.empty()) {
    options.reference_data_dir = DefaultReferenceDataDir();
  }
  std::shared_ptr<KeyAuthorizer> key_authorizer;
  if (options.authorizer == nullptr && !options.keys_file.empty()) {
    ASSIGN_OR_RETURN(std::unique_ptr<KeyStore> keys,
                     KeyStore::LoadFile(options.keys_file));
    key_authorizer = std::make_shared<KeyAuthorizer>(
        std::move(keys), options.max_calls_per_principal);
    options.authorizer = key_authorizer;
  }
  if (options.authorizer == nullptr) {
    if (!options.allow_unauthenticated) {
      return absl::FailedPreconditionError(
          "no API keys: give a key file (passend keys create), or, for a "
          "throw-away server on loopback, explicitly allow unauthenticated "
          "calls");
    }
    if (!options.tls_cert_file.empty() || !IsLoopback(options.listen)) {
      return absl::FailedPreconditionError(
          "unauthenticated calls are allowed only on a loopback address "
          "without TLS: give a key file");
    }
    options.authorizer = std::make_shared<AllowAllAuthorizer>();
  }
  if (options.max_calls_in_flight > 0) {
    options.authorizer = std::make_shared<AdmittingAuthorizer>(
        std::move(options.authorizer), options.max_calls_in_flight);
  }
  auto rep = std::make_unique<Rep>();
  rep->options = options;
  rep->key_authorizer = std::move(key_authorizer);

  ASSIGN_OR_RETURN(matcher::Taxonomy taxonomy,
                   matcher::Taxonomy::LoadFile(options.taxonomy_file));
  rep->taxonomy = std::make_unique<matcher::Taxonomy>(std::move(taxonomy));
  ASSIGN_OR_RETURN(rep->reference, matcher::ReferenceData::LoadDirectory(
                                       options.reference_data_dir));
  rep->occupation_search =
      std::make_unique<matcher::OccupationSearch>(rep->reference.get());
  rep->occupation_api = std::make_unique<OccupationApi>(
      rep->reference.get(), rep->occupation_search.get());

  storage::DatabaseOptions db_options;
  db_options.path = options.data_dir;
  db_options.sync_writes = options.sync_writes;
  db_options.faults = options.faults;
  db_options.memtable_budget_bytes = options.memtable_budget_bytes;
  ASSIGN_OR_RETURN(rep->database, storage::Database::Open(db_options));
  ASSIGN_OR_RETURN(
      rep->matcher,
      matcher::Matcher::Create(rep->taxonomy.get(), rep->reference.get()));
  storage::KeyVaultOptions vault_options;
  vault_options.dir =
      options.key_dir.empty() ? options.data_dir + "-keys" : options.key_dir;
  vault_options.master_key_file = options.master_key_file.empty()
                                      ? vault_options.dir + "/master.key"
                                      : options.master_key_file;
  vault_options.sync_writes = options.sync_writes;
  ASSIGN_OR_RETURN(rep->vault, storage::KeyVault::Open(vault_options));
  storage::AuditLogOptions audit_options = options.audit;
  audit_options.chain_key = rep->vault->DerivedKey("passend audit chain v1");
  audit_options.clock = options.clock;
  ASSIGN_OR_RETURN(rep->audit,
                   storage::AuditLog::Open(rep->database.get(), audit_options));
  rep->sealer = std::make_unique<storage::CandidateSealer>(rep->vault.get());
  // The matcher follows every write from here on; first it reads what is
  // stored. Nothing writes before the server listens.
  matcher::Matcher* matcher = rep->matcher.get();
  storage::RecordStoreOptions<v1::Candidate> candidate_options;
  candidate_options.audit = rep->audit.get();
  candidate_options.codec = rep->sealer.get();
  candidate_options.clock = options.clock;
  candidate_options.observer = [matcher](const v1::Candidate* before,
                                         const v1::Candidate* after) {
    matcher->OnCandidateWritten(before, after);
  };
  rep->candidate_store = std::make_unique<storage::CandidateStore>(
      rep->database.get(), std::move(candidate_options));
  storage::RecordStoreOptions<v1::Vacancy> vacancy_options;
  vacancy_options.clock = options.clock;
  vacancy_options.observer = [matcher](const v1::Vacancy* before,
                                       const v1::Vacancy* after) {
    matcher->OnVacancyWritten(before, after);
  };
  rep->vacancy_store = std::make_unique<storage::VacancyStore>(
      rep->database.get(), std::move(vacancy_options));
  // A snapshot is removed whether or not it is used, before any write.
  std::string unused_because;
  if (options.matcher_snapshot) {
    ASSIGN_OR_RETURN(
        rep->started_from_snapshot,
        LoadMatcherSnapshot(rep->SnapshotPath(), rep->SnapshotKey(),
                            rep->Stamp(), matcher, &unused_because));
  } else {
    RETURN_IF_ERROR(storage::RemoveFileDurably(rep->SnapshotPath()));
  }
  if (!rep->started_from_snapshot && !unused_because.empty()) {
    std::fprintf(stderr,
                 "passendd: matcher snapshot not used (%s); reading the "
                 "records\n",
                 unused_because.c_str());
  }
  // Erasures cut short are finished either way: from the snapshot, those
  // whose key erasure failed while the last run went on.
  std::vector<std::string> erased;
  if (!rep->started_from_snapshot) {
    matcher::Matcher::CandidateLoader loader(matcher);
    RETURN_IF_ERROR(rep->candidate_store->ForEach(
        [&](const v1::Candidate& c) {
          loader.Add(c);
          return true;
        },
        &erased));
  }
  RETURN_IF_ERROR(rep->candidate_store->FinishErasures(erased));
  RETURN_IF_ERROR(rep->vacancy_store->ForEach([&](const v1::Vacancy& v) {
    matcher->OnVacancyWritten(nullptr, &v);
    return true;
  }));
  rep->validator = std::make_unique<Validator>(*rep->taxonomy, *rep->reference);
  const std::string request_digest_key =
      rep->vault->DerivedKey("passend request digest v1");
  rep->candidate_api = std::make_unique<ResourceApi<v1::Candidate>>(
      rep->candidate_store.get(), rep->validator.get(), rep->reference.get(),
      rep->audit.get(), rep->vault->DerivedKey("passend citizen number v1"),
      request_digest_key, options.clock);
  rep->vacancy_api = std::make_unique<ResourceApi<v1::Vacancy>>(
      rep->vacancy_store.get(), rep->validator.get(), rep->reference.get(),
      nullptr, "", request_digest_key, options.clock);
  rep->executor = std::make_unique<CallExecutor>(
      options.call_threads > 0 ? options.call_threads : DefaultCallThreads());
  rep->calls = {options.authorizer.get(), rep->executor.get(),
                &rep->call_metrics, options.clock};
  const CallPath* calls = &rep->calls;
  rep->import_idle_watch =
      std::make_unique<IdleWatch>(options.import_idle_timeout);
  rep->candidate_service = std::make_unique<CandidateServiceImpl>(
      calls, rep->import_idle_watch.get(), rep->candidate_api.get());
  rep->vacancy_service = std::make_unique<VacancyServiceImpl>(
      calls, rep->import_idle_watch.get(), rep->vacancy_api.get());
  rep->taxonomy_service = std::make_unique<TaxonomyServiceImpl>(
      calls, rep->taxonomy.get(), rep->occupation_api.get());
  rep->account_service = std::make_unique<AccountServiceImpl>(calls);
  rep->consent_api = std::make_unique<ConsentApi>(
      rep->candidate_store.get(), rep->candidate_api.get(),
      rep->vacancy_api.get(), rep->audit.get());
  rep->placement_api = std::make_unique<PlacementApi>(
      rep->taxonomy.get(), rep->candidate_store.get(), rep->vacancy_store.get(),
      rep->candidate_api.get(), rep->consent_api.get(), rep->audit.get(),
      options.clock);
  rep->match_api = std::make_unique<MatchApi>(
      rep->matcher.get(), rep->consent_api.get(), rep->audit.get());
  rep->match_service = std::make_unique<MatchServiceImpl>(
      calls, rep->matcher.get(), rep->match_api.get());
  rep->advice_api =
      std::make_unique<AdviceApi>(rep->matcher.get(), rep->audit.get());
  rep->advice_service = std::make_unique<AdviceServiceImpl>(
      calls, rep->matcher.get(), rep->advice_api.get());
  rep->placement_service =
      std::make_unique<PlacementServiceImpl>(calls, rep->placement_api.get());
  rep->supply_reports = std::make_unique<SupplyReports>(
      rep->matcher.get(), rep->candidate_store.get(), rep->database.get(),
      rep->audit.get(), options.clock);
  rep->supply_service = std::make_unique<SupplyServiceImpl>(
      calls, rep->matcher.get(), rep->supply_reports.get());
  rep->consent_service =
      std::make_unique<ConsentServiceImpl>(calls, rep->consent_api.get());
  rep->audit_service =
      std::make_unique<AuditServiceImpl>(calls, rep->audit.get());
  storage::BackupOptions backups;
  backups.dir = options.backup_dir.empty() ? options.data_dir + "-backups"
                                           : options.backup_dir;
  backups.keep = options.backup_keep;
  rep->admin_service = std::make_unique<AdminServiceImpl>(
      calls, rep->database.get(), &rep->vault->database(), std::move(backups));

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  ASSIGN_OR_RETURN(std::shared_ptr<grpc::ServerCredentials> credentials,
                   ServerCredentials(options, &rep->tls));
  builder.AddListeningPort(options.listen, credentials, &rep->port);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 60 * 1000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20 * 1000);
  builder.AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10 * 1000);
  const std::pair<grpc::Service*, const char*> services[] = {
      {rep->candidate_service.get(), v1::CandidateService::service_full_name()},
      {rep->vacancy_service.get(), v1::VacancyService::service_full_name()},
      {rep->taxonomy_service.get(), v1::TaxonomyService::service_full_name()},
      {rep->account_service.get(), v1::AccountService::service_full_name()},
      {rep->match_service.get(), v1::MatchService::service_full_name()},
      {rep->advice_service.get(), v1::AdviceService::service_full_name()},
      {rep->placement_service.get(), v1::PlacementService::service_full_name()},
      {rep->supply_service.get(), v1::SupplyService::service_full_name()},
      {rep->consent_service.get(), v1::ConsentService::service_full_name()},
      {rep->audit_service.get(), v1::AuditService::service_full_name()},
      {rep->admin_service.get(), v1::AdminService::service_full_name()},
  };
  for (const auto& [service, name] : services) {
    rep->registered.push_back(AnswerUnparsableRequests(service, name));
    builder.RegisterService(rep->registered.back().get());
  }
  rep->grpc_server = builder.BuildAndStart();
  if (rep->grpc_server == nullptr || rep->port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen));
  }
  rep->startup_time = absl::Now() - start;
  rep->AddGauges();
  if (!options.metrics_listen.empty()) {
    MetricsPages pages;
    pages.metrics = [r = rep.get()] { return r->MetricsPage(); };
    pages.ready = [r = rep.get()] { return r->ready.load(); };
    absl::StatusOr<std::unique_ptr<MetricsServer>> metrics =
        MetricsServer::Start(options.metrics_listen, std::move(pages));
    if (!metrics.ok()) {
      rep->grpc_server->Shutdown();
      return metrics.status();
    }
    rep->metrics_server = *std::move(metrics);
  }
  if (!options.http_listen.empty()) {
    ConnectDoorOptions door;
    door.listen = options.http_listen;
    // The files as checked and staged for the gRPC port, so that both
    // ports serve the same pair, and a reload changes both.
    if (rep->tls != nullptr) {
      door.tls_cert_file = rep->tls->identity_path();
      door.tls_key_file = rep->tls->identity_path();
      door.tls_client_ca_file = rep->tls->client_ca_path();
    }
    door.sessions.clock = options.clock;
    door.web_root = options.web_root;
    door.max_body_bytes = static_cast<size_t>(options.max_message_bytes);
    door.connections = options.http_connections;
    door.ready = [r = rep.get()] { return r->ready.load(); };
    absl::StatusOr<std::unique_ptr<ConnectDoor>> http = ConnectDoor::Start(
        rep->grpc_server->InProcessChannel(grpc::ChannelArguments()),
        std::move(door));
    if (!http.ok()) {
      rep->grpc_server->Shutdown();
      return http.status();
    }
    rep->http_door = *std::move(http);
  }
  rep->storage_watch = std::thread([r = rep.get()] { r->WatchStorage(); });
  return std::unique_ptr<Server>(new Server(std::move(rep)));
}

}  // namespace passend::services
