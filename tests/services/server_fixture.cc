#include "tests/services/server_fixture.h"

#include <cstdio>
#include <fstream>

#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "common/clock.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/client_interceptor.h"
#include "passend/v1/account.grpc.pb.h"
#include "passend/v1/admin.grpc.pb.h"
#include "passend/v1/advice.grpc.pb.h"
#include "passend/v1/audit.grpc.pb.h"
#include "passend/v1/consent.grpc.pb.h"
#include "passend/v1/match.grpc.pb.h"
#include "passend/v1/placement.grpc.pb.h"
#include "passend/v1/supply.grpc.pb.h"
#include "services/access/key_store.h"
#include "services/api/validation.h"

namespace passend::testing {

namespace {

// Adds the bearer key to every call that carries no authorization of its
// own.
class BearerInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit BearerInterceptor(const std::string* key) : key_(key) {}
  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::
                PRE_SEND_INITIAL_METADATA)) {
      auto* metadata = methods->GetSendInitialMetadata();
      if (metadata->find("authorization") == metadata->end()) {
        metadata->emplace("authorization", "Bearer " + *key_);
      }
    }
    methods->Proceed();
  }

 private:
  const std::string* key_;
};

class BearerInterceptorFactory
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit BearerInterceptorFactory(std::string key) : key_(std::move(key)) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo*) override {
    return new BearerInterceptor(&key_);
  }

 private:
  const std::string key_;
};

}  // namespace

BusyExecutor::BusyExecutor(services::CallExecutor& executor) {
  for (int i = 0; i < executor.threads(); ++i) {
    executor.Run([hold = hold_] {
      ++hold->busy;
      hold->release.WaitForNotification();
    });
  }
  while (hold_->busy < executor.threads()) {
    absl::SleepFor(absl::Milliseconds(1));
  }
}

void BusyExecutor::Release() {
  if (!hold_->release.HasBeenNotified()) hold_->release.Notify();
}

std::string WriteAdminKeyFile(const std::string& path) {
  const std::string key = services::NewApiKey();
  services::KeyEntry entry;
  entry.principal = "test-admin";
  entry.role = services::Role::kAdmin;
  std::ofstream(path, std::ios::app)
      << services::KeyFileLine(services::HashApiKey(key), entry) << "\n";
  return key;
}

std::shared_ptr<grpc::Channel> KeyedChannel(
    const std::string& target, const std::string& key,
    std::shared_ptr<grpc::ChannelCredentials> credentials,
    const grpc::ChannelArguments& arguments) {
  std::vector<
      std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(std::make_unique<BearerInterceptorFactory>(key));
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      target, std::move(credentials), arguments, std::move(interceptors));
}

const std::vector<std::string>& PassendServices() {
  static const auto* const services = new std::vector<std::string>{
      v1::CandidateService::service_full_name(),
      v1::VacancyService::service_full_name(),
      v1::TaxonomyService::service_full_name(),
      v1::AccountService::service_full_name(),
      v1::MatchService::service_full_name(),
      v1::AdviceService::service_full_name(),
      v1::PlacementService::service_full_name(),
      v1::SupplyService::service_full_name(),
      v1::ConsentService::service_full_name(),
      v1::AuditService::service_full_name(),
      v1::AdminService::service_full_name(),
  };
  return *services;
}

size_t PassendMethodCount() {
  size_t methods = 0;
  for (const std::string& service : PassendServices()) {
    methods += google::protobuf::DescriptorPool::generated_pool()
                   ->FindServiceByName(service)
                   ->method_count();
  }
  return methods;
}

void ServerFixture::StartServer(
    std::shared_ptr<const services::Authorizer> authorizer) {
  services::ServerOptions options;
  options.authorizer = std::move(authorizer);
  StartServerWith(std::move(options));
}

void ServerFixture::StartServerWith(services::ServerOptions options) {
  options.listen = "127.0.0.1:0";
  options.data_dir = data_dir();
  admin_key_.clear();
  if (options.authorizer == nullptr && options.keys_file.empty() &&
      !options.allow_unauthenticated) {
    options.keys_file = dir_.path() + "/fixture-keys";
    std::remove(options.keys_file.c_str());
    admin_key_ = WriteAdminKeyFile(options.keys_file);
  }
  server_ = ValueOrDie(services::Server::Start(std::move(options)));
  const std::string target = "127.0.0.1:" + std::to_string(server_->port());
  channel_ =
      admin_key_.empty()
          ? grpc::CreateChannel(target, grpc::InsecureChannelCredentials())
          : KeyedChannel(target, admin_key_);
  candidates_ = v1::CandidateService::NewStub(channel_);
  vacancies_ = v1::VacancyService::NewStub(channel_);
  taxonomy_ = v1::TaxonomyService::NewStub(channel_);
}

void ServerFixture::StopServer() {
  candidates_.reset();
  vacancies_.reset();
  taxonomy_.reset();
  channel_.reset();
  if (server_ != nullptr) server_->Shutdown(absl::Seconds(1));
  server_.reset();
}

std::unique_ptr<grpc::ClientContext> ServerFixture::Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(10));
  return context;
}

std::vector<std::string> ViolatedFields(const grpc::Status& status) {
  std::vector<std::string> fields;
  const google::rpc::BadRequest bad_request = BadRequestOf(status);
  for (const auto& v : bad_request.field_violations()) {
    fields.push_back(v.field());
  }
  return fields;
}

v1::Candidate ValidCandidate() {
  v1::Candidate c;
  c.set_display_name("Sanne de Vries");
  c.mutable_contact()->set_email("sanne@example.org");
  c.set_owner_region("AM14");
  auto* capacity = c.add_capacities();
  capacity->set_dimension("lifting");
  capacity->set_level(1);
  auto* need = c.add_support_needs();
  need->set_need("on_the_job_coaching");
  need->set_strength(v1::SupportNeed::REQUIRED);
  c.mutable_hours_per_week()->set_min(12);
  c.mutable_hours_per_week()->set_max(24);
  c.set_postcode_area("3811");
  c.set_travel_range_km(15);
  c.set_travels_independently(true);
  auto* occupation = c.add_occupations();
  occupation->set_esco_id("303a1e34-cb16-4054-b323-81e5eec17397");
  occupation->set_relation(v1::OccupationPreference::EXPERIENCE);
  c.set_wage_value_percent(70);
  c.set_availability(v1::Candidate::AVAILABLE_NOW);
  absl::CivilDay confirmed = TodayInNetherlands(SystemClock()) - 30;
  c.mutable_last_confirmed()->set_year(static_cast<int>(confirmed.year()));
  c.mutable_last_confirmed()->set_month(confirmed.month());
  c.mutable_last_confirmed()->set_day(confirmed.day());
  c.set_label("wajong");
  c.set_placeability(v1::Candidate::NOT_PLACEABLE);
  c.set_birth_year(1995);
  return c;
}

v1::Vacancy ValidVacancy() {
  v1::Vacancy v;
  v.set_employer("bakkerij-jansen");
  v.set_employer_name("Bakkerij Jansen");
  v.set_title("Schoonmaker productiehal");
  v.set_postcode_area("3811");
  v.mutable_hours_per_week()->set_min(16);
  v.mutable_hours_per_week()->set_max(24);
  auto* demand = v.add_demands();
  demand->set_dimension("lifting");
  demand->set_level(1);
  v.add_offered_adjustments("jobcoach_light");
  v.set_occupation("303a1e34-cb16-4054-b323-81e5eec17397");
  v.set_contract_type(v1::Vacancy::DIRECT);
  v.set_sector(v1::Vacancy::PRIVATE);
  v.set_status(v1::Vacancy::OPEN);
  return v;
}

}  // namespace passend::testing
