// Backups through the real server: an online backup of records and key
// vault, retention, and a restore into new directories that a server then
// serves exactly as it was at the backup, erasures since included.
#include "storage/backup.h"

#include <filesystem>
#include <map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "passend/v1/admin.grpc.pb.h"
#include "tests/services/server_fixture.h"

namespace passend::testing {
namespace {

using v1::Candidate;

class BackupTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    admin_ = v1::AdminService::NewStub(channel_);
  }

  Candidate Create(const std::string& name) {
    v1::CreateCandidateRequest request;
    *request.mutable_candidate() = ValidCandidate();
    request.mutable_candidate()->set_display_name(name);
    request.mutable_candidate()->set_notes("needs a quiet desk");
    Candidate out;
    EXPECT_TRUE(
        candidates_->CreateCandidate(Context().get(), request, &out).ok());
    return out;
  }
  // Every candidate by name: display name and etag.
  std::map<std::string, std::string> Snapshot() {
    v1::ListCandidatesRequest request;
    request.set_page_size(1000);
    v1::ListCandidatesResponse response;
    EXPECT_TRUE(
        candidates_->ListCandidates(Context().get(), request, &response).ok());
    std::map<std::string, std::string> snapshot;
    for (const Candidate& c : response.candidates()) {
      EXPECT_EQ(c.notes(), "needs a quiet desk");  // unsealed: key is there
      snapshot[c.name()] = c.display_name() + " " + c.etag();
    }
    return snapshot;
  }
  v1::Backup Backup(int keep = 0) {
    v1::CreateBackupRequest request;
    request.set_keep(keep);
    v1::Backup backup;
    grpc::Status status =
        admin_->CreateBackup(Context().get(), request, &backup);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return backup;
  }
  std::vector<std::string> Listed() {
    v1::ListBackupsResponse response;
    EXPECT_TRUE(
        admin_
            ->ListBackups(Context().get(), v1::ListBackupsRequest(), &response)
            .ok());
    std::vector<std::string> names;
    for (const v1::Backup& b : response.backups()) names.push_back(b.name());
    return names;
  }

  std::unique_ptr<v1::AdminService::Stub> admin_;
};

TEST_F(BackupTest, RestoreGivesBackTheStateAtTheBackup) {
  EXPECT_TRUE(Listed().empty());
  Candidate a = Create("Anna");
  Candidate b = Create("Bram");
  const v1::Backup first = Backup();
  EXPECT_EQ(first.name(), "backups/1");
  EXPECT_GT(first.size_bytes(), 0);

  // Changes after the first backup, then a second that keeps only itself.
  a.set_display_name("Anna B.");
  v1::UpdateCandidateRequest update;
  *update.mutable_candidate() = a;
  ASSERT_TRUE(candidates_->UpdateCandidate(Context().get(), update, &a).ok());
  v1::DeleteCandidateRequest erase;
  erase.set_name(b.name());
  google::protobuf::Empty empty;
  ASSERT_TRUE(
      candidates_->DeleteCandidate(Context().get(), erase, &empty).ok());
  Create("Cas");
  const std::map<std::string, std::string> at_backup = Snapshot();
  ASSERT_EQ(at_backup.size(), 2u);
  EXPECT_EQ(Backup(/*keep=*/1).name(), "backups/2");
  EXPECT_THAT(Listed(), ::testing::ElementsAre("backups/2"));
  Create("Dirk");  // after the backup: not in it

  // Restore into new directories; the originals stay aside.
  StopServer();
  const std::string keys = data_dir() + "-keys";
  std::filesystem::rename(data_dir(), data_dir() + "-old");
  std::filesystem::rename(keys, keys + "-old");
  ASSERT_OK(
      storage::RestoreBackup(data_dir() + "-backups", 0, data_dir(), keys));
  // Without the master key the vault refuses to open rather than losing
  // every candidate.
  {
    services::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.data_dir = data_dir();
    options.keys_file = dir_.path() + "/fixture-keys";
    absl::StatusOr<std::unique_ptr<services::Server>> refused =
        services::Server::Start(options);
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition)
        << refused.status();
  }
  services::ServerOptions options;
  options.master_key_file = keys + "-old/master.key";
  StartServerWith(options);
  EXPECT_EQ(Snapshot(), at_backup);

  // Never over a database.
  EXPECT_EQ(storage::RestoreBackup(data_dir() + "-backups", 2, data_dir(),
                                   keys + "-2")
                .code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(storage::RestoreBackup(data_dir() + "-backups", 1,
                                   dir_.path() + "/x", dir_.path() + "/y")
                .code(),
            absl::StatusCode::kNotFound);  // removed by retention
}

TEST_F(BackupTest, ACandidateErasedBetweenTheTwoHalvesStaysErased) {
  Candidate a = Create("Anna");
  Create("Bram");
  StopServer();
  // Records backed up with Anna; Anna erased; then the vault backed up:
  // her record comes back without a key.
  const std::string keys = data_dir() + "-keys";
  const std::string backups = dir_.path() + "/halves";
  {
    storage::DatabaseOptions records_options;
    records_options.path = data_dir();
    auto records = ValueOrDie(storage::Database::Open(records_options));
    ASSERT_OK(records->Backup(backups + "/records").status());
  }
  StartServer();
  v1::DeleteCandidateRequest erase;
  erase.set_name(a.name());
  google::protobuf::Empty empty;
  ASSERT_TRUE(
      candidates_->DeleteCandidate(Context().get(), erase, &empty).ok());
  StopServer();
  {
    storage::DatabaseOptions vault_options;
    vault_options.path = keys;
    auto vault = ValueOrDie(storage::Database::Open(vault_options));
    ASSERT_OK(vault->Backup(backups + "/keys", "records backup 1").status());
  }
  std::filesystem::rename(data_dir(), data_dir() + "-old");
  std::filesystem::rename(keys, keys + "-old");
  ASSERT_OK(storage::RestoreBackup(backups, 1, data_dir(), keys));
  services::ServerOptions options;
  options.master_key_file = keys + "-old/master.key";
  StartServerWith(options);
  std::map<std::string, std::string> restored = Snapshot();
  ASSERT_EQ(restored.size(), 1u);
  EXPECT_EQ(restored.begin()->second.substr(0, 4), "Bram");
}

}  // namespace
}  // namespace passend::testing
