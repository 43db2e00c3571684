#include "storage/audit_log.h"

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/database.h"
#include "storage/key_codec.h"
#include "tests/test_util.h"

namespace passend::storage {
namespace {

using passend::testing::TempDir;
using passend::testing::ValueOrDie;

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen(AuditLogOptions options = {}) {
    log_.reset();
    db_.reset();
    DatabaseOptions db_options;
    db_options.path = dir_.path() + "/db";
    db_ = ValueOrDie(Database::Open(db_options));
    log_ = ValueOrDie(AuditLog::Open(db_.get(), std::move(options)));
  }

  // The stored entry with this sequence.
  passend::v1::AuditEntry Entry(uint64_t sequence) {
    auto bytes = ValueOrDie(
        db_->Get(Family::kAudit, KeyEncoder().Uint64(sequence).key()));
    passend::v1::AuditEntry entry;
    EXPECT_TRUE(bytes.has_value() && entry.ParseFromString(*bytes));
    return entry;
  }
  void Store(const passend::v1::AuditEntry& entry) {
    WriteSet writes;
    writes.Put(Family::kAudit, KeyEncoder().Uint64(entry.sequence()).key(),
               entry.SerializeAsString());
    ASSERT_TRUE(db_->Write(writes).ok());
  }

  const AuditActor wsp_{"wsp-amersfoort", "/passend.v1.X/GetCandidate"};
  TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<AuditLog> log_;
};

TEST_F(AuditLogTest, EntriesChainAcrossReopensAndListPerObject) {
  ASSERT_TRUE(log_->Record(wsp_, {"candidates/a", "candidates/b"}, "OK").ok());
  ASSERT_TRUE(log_->Record(wsp_, {"candidates/b"}, "PERMISSION_DENIED").ok());
  Reopen();
  ASSERT_TRUE(log_->Record(wsp_, {"candidates/a"}, "OK").ok());

  auto verified = ValueOrDie(log_->Verify());
  EXPECT_TRUE(verified.intact()) << verified.problem();
  EXPECT_EQ(verified.entries_checked(), 3u);
  auto for_a = ValueOrDie(log_->ForObject("candidates/a"));
  ASSERT_EQ(for_a.size(), 2u);
  EXPECT_EQ(for_a[0].sequence(), 1u);
  EXPECT_EQ(for_a[1].sequence(), 3u);
  EXPECT_EQ(for_a[1].previous_hash(), Entry(2).hash());
  EXPECT_EQ(for_a[0].actor(), "wsp-amersfoort");
  auto for_b = ValueOrDie(log_->ForObject("candidates/b"));
  ASSERT_EQ(for_b.size(), 2u);
  EXPECT_EQ(for_b[1].result(), "PERMISSION_DENIED");
  EXPECT_TRUE(ValueOrDie(log_->ForObject("candidates/c")).empty());
}

TEST_F(AuditLogTest, TheChainHoldsOnlyUnderItsKey) {
  AuditLogOptions right;
  right.chain_key = "the right key";
  Reopen(right);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(log_->Record(wsp_, {"candidates/a"}, "OK").ok());
  }
  EXPECT_TRUE(ValueOrDie(log_->Verify()).intact());
  // Someone who can write the database but lacks the key cannot make a
  // consistent chain: under another key, the first entry already fails.
  AuditLogOptions forged;
  forged.chain_key = "a forger's key";
  Reopen(forged);
  auto verified = ValueOrDie(log_->Verify());
  EXPECT_FALSE(verified.intact());
  EXPECT_EQ(verified.first_broken_sequence(), 1u);
}

TEST_F(AuditLogTest, AChangeAndItsEntryAreWrittenTogetherOrNotAtAll) {
  WriteSet change;
  change.Put(Family::kCandidates, "k", "v");
  ASSERT_TRUE(log_->Record(wsp_, {"candidates/a"}, "OK", change).ok());
  EXPECT_EQ(ValueOrDie(db_->Get(Family::kCandidates, "k")), "v");

  bool fail = true;
  AuditLogOptions failing;
  failing.fault = [&fail] {
    return fail ? absl::UnavailableError("injected") : absl::OkStatus();
  };
  Reopen(failing);
  WriteSet second;
  second.Put(Family::kCandidates, "k2", "v2");
  EXPECT_EQ(log_->Record(wsp_, {"candidates/a"}, "OK", second).code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(ValueOrDie(db_->Get(Family::kCandidates, "k2")), std::nullopt);
  EXPECT_EQ(ValueOrDie(log_->ForObject("candidates/a")).size(), 1u);
  // The chain goes on from the last entry written.
  fail = false;
  ASSERT_TRUE(log_->Record(wsp_, {"candidates/a"}, "OK").ok());
  auto verified = ValueOrDie(log_->Verify());
  EXPECT_TRUE(verified.intact()) << verified.problem();
  EXPECT_EQ(verified.entries_checked(), 2u);
}

// Concurrent calls share writes (group commit): every entry and every
// change is written once, in one unbroken chain, and each call returns
// only once its own entry is written.
TEST_F(AuditLogTest, ConcurrentEntriesAreAllWrittenInOneChain) {
  constexpr int kThreads = 8;
  constexpr int kEach = 40;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const std::string object = absl::StrCat("candidates/t", t);
        WriteSet change;
        change.Put(Family::kCandidates, absl::StrCat(t, "-", i), "v");
        if (!log_->Record(wsp_, {object}, "OK", std::move(change)).ok()) {
          ++failures;
        }
        // Written when Record returns.
        if (ValueOrDie(log_->ForObject(object)).size() !=
            static_cast<size_t>(i + 1)) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  Reopen();
  auto verified = ValueOrDie(log_->Verify());
  EXPECT_TRUE(verified.intact()) << verified.problem();
  EXPECT_EQ(verified.entries_checked(), uint64_t{kThreads * kEach});
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(
        ValueOrDie(log_->ForObject(absl::StrCat("candidates/t", t))).size(),
        size_t{kEach});
    EXPECT_EQ(ValueOrDie(db_->Get(Family::kCandidates,
                                  absl::StrCat(t, "-", kEach - 1))),
              "v");
  }
}

TEST_F(AuditLogTest, EditedRemovedOrTruncatedEntriesBreakVerification) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(log_->Record(wsp_, {"candidates/a"}, "OK").ok());
  }
  ASSERT_TRUE(ValueOrDie(log_->Verify()).intact());

  // An edited entry, with or without a new hash of its own.
  const passend::v1::AuditEntry original = Entry(3);
  passend::v1::AuditEntry edited = original;
  edited.set_actor("someone-else");
  Store(edited);
  auto verified = ValueOrDie(log_->Verify());
  EXPECT_FALSE(verified.intact());
  EXPECT_EQ(verified.first_broken_sequence(), 3u);
  edited.set_hash(std::string(32, 'x'));
  Store(edited);
  verified = ValueOrDie(log_->Verify());
  EXPECT_FALSE(verified.intact());
  EXPECT_EQ(verified.first_broken_sequence(), 3u);
  Store(original);
  ASSERT_TRUE(ValueOrDie(log_->Verify()).intact());

  // The last entry cut off: the head no longer matches.
  const passend::v1::AuditEntry last = Entry(5);
  WriteSet cut;
  cut.Delete(Family::kAudit, KeyEncoder().Uint64(5).key());
  ASSERT_TRUE(db_->Write(cut).ok());
  verified = ValueOrDie(log_->Verify());
  EXPECT_FALSE(verified.intact());
  EXPECT_EQ(verified.first_broken_sequence(), 5u);
  Store(last);
  ASSERT_TRUE(ValueOrDie(log_->Verify()).intact());

  // An entry removed from the middle.
  WriteSet remove;
  remove.Delete(Family::kAudit, KeyEncoder().Uint64(2).key());
  ASSERT_TRUE(db_->Write(remove).ok());
  verified = ValueOrDie(log_->Verify());
  EXPECT_FALSE(verified.intact());
  EXPECT_EQ(verified.first_broken_sequence(), 2u);
}

}  // namespace
}  // namespace passend::storage
