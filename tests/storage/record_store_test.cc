#include "storage/record_store.h"

#include <algorithm>
#include <memory>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/database.h"
#include "storage/key_vault.h"
#include "storage/record_codec.h"
#include "tests/test_util.h"

namespace passend::storage {
namespace {

using passend::testing::TempDir;
using passend::testing::ValueOrDie;
using passend::v1::Candidate;
using passend::v1::Vacancy;

Candidate MakeCandidate(absl::string_view region, absl::string_view ref = "") {
  Candidate c;
  c.set_external_ref(std::string(ref));
  c.set_display_name("Test Person");
  c.set_owner_region(std::string(region));
  c.set_postcode_area("3811");
  c.mutable_hours_per_week()->set_min(12);
  c.mutable_hours_per_week()->set_max(24);
  c.set_availability(Candidate::AVAILABLE_NOW);
  return c;
}

std::string IdOf(const Candidate& c) {
  return c.name().substr(std::string("candidates/").size());
}

class RecordStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen() {
    store_.reset();
    db_.reset();
    DatabaseOptions options;
    options.path = dir_.path() + "/db";
    db_ = ValueOrDie(Database::Open(options));
    store_ = std::make_unique<CandidateStore>(db_.get());
  }

  // Every (region, status, id) index entry, as strings, and every record's.
  std::set<std::string> IndexEntries() {
    std::set<std::string> entries;
    EXPECT_OK(db_->Scan(Family::kCandidatesByRegion, "", "",
                        [&](absl::string_view key, absl::string_view) {
                          entries.insert(std::string(key));
                          return true;
                        }));
    return entries;
  }
  size_t RecordCount() {
    size_t n = 0;
    EXPECT_OK(store_->ForEach([&](const Candidate&) {
      ++n;
      return true;
    }));
    return n;
  }
  // The index must hold exactly one entry per record, in the record's
  // region and status.
  void ExpectIndexMatchesRecords() {
    std::set<std::string> expected;
    ASSERT_OK(store_->ForEach([&](const Candidate& c) {
      storage::ListQuery q;
      q.region = c.owner_region();
      q.status = c.availability();
      q.limit = 1000;
      auto page = ValueOrDie(store_->List(q));
      bool found = false;
      for (const Candidate& listed : page.records) {
        found |= listed.name() == c.name();
      }
      EXPECT_TRUE(found) << c.name() << " missing from its region index";
      return true;
    }));
    EXPECT_EQ(IndexEntries().size(), RecordCount());
  }

  TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<CandidateStore> store_;
};

TEST(ResourceIdTest, IdsAreRandomAndWellFormed) {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewResourceId();
    EXPECT_TRUE(IsValidResourceId(id)) << id;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 1000u);
  EXPECT_FALSE(IsValidResourceId(""));
  EXPECT_FALSE(IsValidResourceId("ABCDEFGHJKMNPQRSTVWXYZ0123"));
  EXPECT_FALSE(IsValidResourceId(NewResourceId() + "0"));
}

TEST_F(RecordStoreTest, CreateAssignsOutputFieldsAndGetRoundTrips) {
  Candidate created = ValueOrDie(store_->Create(MakeCandidate("AM14"), ""));
  EXPECT_TRUE(IsValidResourceId(IdOf(created))) << created.name();
  EXPECT_EQ(created.etag(), "1");
  EXPECT_TRUE(created.has_create_time());
  EXPECT_EQ(created.create_time().seconds(), created.update_time().seconds());
  Candidate read = ValueOrDie(store_->Get(IdOf(created)));
  EXPECT_EQ(read.SerializeAsString(), created.SerializeAsString());
  EXPECT_EQ(store_->Get(NewResourceId()).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(RecordStoreTest, RequestIdRetryReturnsFirstResultAndWritesOnce) {
  Candidate first = ValueOrDie(store_->Create(MakeCandidate("AM14"), "req-1"));
  Candidate again = ValueOrDie(store_->Create(MakeCandidate("AM01"), "req-1"));
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(RecordCount(), 1u);
  Candidate other = ValueOrDie(store_->Create(MakeCandidate("AM14"), "req-2"));
  EXPECT_NE(other.name(), first.name());
}

// A retry's replay check sees the first record and the digest kept with
// the request id. A delete keeps the request entry, so that a late retry
// is told the record is gone, but drops the digest of the deleted body.
TEST_F(RecordStoreTest, RequestDigestIsCheckedAndDroppedWithTheRecord) {
  Candidate first = ValueOrDie(
      store_->Create(MakeCandidate("AM14"), "req-d", nullptr, "digest-1"));
  // As the API does: a retry whose body's digest differs is refused.
  std::string seen;
  auto retry = [&](absl::string_view digest) {
    return store_
        ->Create(MakeCandidate("AM14"), "req-d", nullptr, digest,
                 [&](const Candidate& record, absl::string_view kept) {
                   EXPECT_EQ(record.name(), first.name());
                   seen = std::string(kept);
                   return kept == digest
                              ? absl::OkStatus()
                              : absl::InvalidArgumentError("another body");
                 })
        .status();
  };
  EXPECT_OK(retry("digest-1"));
  EXPECT_EQ(seen, "digest-1");
  EXPECT_EQ(retry("digest-2").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RecordCount(), 1u);

  auto digest_kept = [&] {
    bool kept = false;
    EXPECT_OK(db_->Scan(Family::kRequests, "", "",
                        [&](absl::string_view, absl::string_view value) {
                          kept |= absl::StrContains(value, "digest-1");
                          return true;
                        }));
    return kept;
  };
  EXPECT_TRUE(digest_kept());
  ASSERT_OK(store_->Delete(IdOf(first), ""));
  EXPECT_FALSE(digest_kept());
  EXPECT_EQ(retry("digest-1").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(RecordCount(), 0u);
}

TEST_F(RecordStoreTest, ExternalRefIsUnique) {
  ASSERT_OK(store_->Create(MakeCandidate("AM14", "ext-1"), "").status());
  EXPECT_EQ(store_->Create(MakeCandidate("AM01", "ext-1"), "").status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(RecordCount(), 1u);
}

TEST_F(RecordStoreTest, UpdateChecksEtagAndMovesIndexEntry) {
  Candidate created = ValueOrDie(store_->Create(MakeCandidate("AM14"), ""));
  auto move_region = [](Candidate& c) {
    c.set_owner_region("AM01");
    return absl::OkStatus();
  };
  EXPECT_EQ(store_->Update(IdOf(created), "7", move_region).status().code(),
            absl::StatusCode::kAborted);
  EXPECT_EQ(ValueOrDie(store_->Get(IdOf(created))).owner_region(), "AM14");

  Candidate updated =
      ValueOrDie(store_->Update(IdOf(created), created.etag(), move_region));
  EXPECT_EQ(updated.etag(), "2");
  EXPECT_EQ(updated.owner_region(), "AM01");
  EXPECT_EQ(updated.create_time().SerializeAsString(),
            created.create_time().SerializeAsString());
  // The old etag is now stale.
  EXPECT_EQ(store_->Update(IdOf(created), created.etag(), move_region)
                .status()
                .code(),
            absl::StatusCode::kAborted);

  ListQuery old_region;
  old_region.region = "AM14";
  EXPECT_TRUE(ValueOrDie(store_->List(old_region)).records.empty());
  ListQuery new_region;
  new_region.region = "AM01";
  EXPECT_EQ(ValueOrDie(store_->List(new_region)).records.size(), 1u);
  ExpectIndexMatchesRecords();
}

TEST_F(RecordStoreTest, FailedMutationWritesNothing) {
  Candidate created = ValueOrDie(store_->Create(MakeCandidate("AM14"), ""));
  absl::Status result = store_
                            ->Update(IdOf(created), "",
                                     [](Candidate& c) {
                                       c.set_owner_region("AM01");
                                       return absl::InvalidArgumentError("no");
                                     })
                            .status();
  EXPECT_EQ(result.code(), absl::StatusCode::kInvalidArgument);
  Candidate read = ValueOrDie(store_->Get(IdOf(created)));
  EXPECT_EQ(read.SerializeAsString(), created.SerializeAsString());
  ExpectIndexMatchesRecords();
}

TEST_F(RecordStoreTest, DeleteRemovesRecordAndEveryIndexEntry) {
  Candidate created =
      ValueOrDie(store_->Create(MakeCandidate("AM14", "ext-9"), ""));
  EXPECT_EQ(store_->Delete(IdOf(created), "99").code(),
            absl::StatusCode::kAborted);
  ASSERT_OK(store_->Delete(IdOf(created), created.etag()));
  EXPECT_EQ(store_->Get(IdOf(created)).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE(IndexEntries().empty());
  EXPECT_EQ(ValueOrDie(db_->Get(Family::kCandidatesByExternalRef,
                                std::string("\x03\x00\x05"
                                            "ext-9",
                                            8))),
            std::nullopt);
  // The external ref is free again.
  ASSERT_OK(store_->Create(MakeCandidate("AM14", "ext-9"), "").status());
  EXPECT_EQ(store_->Delete(IdOf(created), "").code(),
            absl::StatusCode::kNotFound);
}

TEST_F(RecordStoreTest, OwnedEntriesAppendInOrderAndGoWithTheRecord) {
  Candidate kept = ValueOrDie(store_->Create(MakeCandidate("AM14", ""), ""));
  Candidate erased = ValueOrDie(store_->Create(MakeCandidate("AM14", ""), ""));
  auto entries = [&](const Candidate& c) {
    std::vector<std::pair<uint64_t, std::string>> out;
    EXPECT_OK(
        store_->ForEachOwned(IdOf(c), Family::kConsentEvents,
                             [&](uint64_t sequence, absl::string_view value) {
                               out.emplace_back(sequence, std::string(value));
                               return true;
                             }));
    return out;
  };
  auto append = [&](const Candidate& c, const std::string& value) {
    return store_->AppendOwned(
        IdOf(c), Family::kConsentEvents,
        [&](const Candidate& record, uint64_t) -> absl::StatusOr<std::string> {
          EXPECT_EQ(record.name(), c.name());
          return value;
        });
  };
  std::vector<uint64_t> sequences;
  for (const char* value : {"a", "b", "c"}) {
    sequences.push_back(ValueOrDie(append(erased, value)));
  }
  ASSERT_OK(append(kept, "k").status());
  EXPECT_TRUE(std::is_sorted(sequences.begin(), sequences.end()));
  EXPECT_EQ(std::set<uint64_t>(sequences.begin(), sequences.end()).size(), 3u);
  auto listed = entries(erased);
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0], std::make_pair(sequences[0], std::string("a")));
  EXPECT_EQ(listed[2], std::make_pair(sequences[2], std::string("c")));

  // A failed make writes nothing; no entries for a record that is missing.
  EXPECT_EQ(store_
                ->AppendOwned(IdOf(erased), Family::kConsentEvents,
                              [](const Candidate&,
                                 uint64_t) -> absl::StatusOr<std::string> {
                                return absl::InternalError("refused");
                              })
                .status()
                .code(),
            absl::StatusCode::kInternal);
  EXPECT_EQ(entries(erased).size(), 3u);

  ASSERT_OK(store_->Delete(IdOf(erased), ""));
  EXPECT_TRUE(entries(erased).empty());
  EXPECT_EQ(entries(kept).size(), 1u);
  EXPECT_EQ(append(erased, "late").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE(entries(erased).empty());
  // Erased for good: not back after reopening.
  Reopen();
  EXPECT_TRUE(entries(erased).empty());
  EXPECT_EQ(entries(kept).size(), 1u);
}

TEST_F(RecordStoreTest, ListPagesThroughRegionAndStatusFilters) {
  std::set<std::string> am14_available;
  for (int i = 0; i < 25; ++i) {
    Candidate c = MakeCandidate(i % 2 == 0 ? "AM14" : "AM01");
    if (i % 5 == 0) c.set_availability(Candidate::PLACED);
    Candidate created = ValueOrDie(store_->Create(c, ""));
    if (i % 2 == 0 && i % 5 != 0) am14_available.insert(created.name());
  }
  for (const std::string& region : {std::string("AM14"), std::string()}) {
    ListQuery query;
    query.region = region;
    query.status = Candidate::AVAILABLE_NOW;
    query.limit = 3;
    std::set<std::string> seen;
    int pages = 0;
    while (true) {
      ListPage<Candidate> page = ValueOrDie(store_->List(query));
      ++pages;
      for (const Candidate& c : page.records) {
        EXPECT_EQ(c.availability(), Candidate::AVAILABLE_NOW);
        if (!region.empty()) {
          EXPECT_EQ(c.owner_region(), region);
        }
        EXPECT_TRUE(seen.insert(c.name()).second) << "seen twice: " << c.name();
      }
      if (!page.more) break;
      query.after_key = page.last_key;
    }
    if (region.empty()) {
      EXPECT_EQ(seen.size(), 20u);
    } else {
      EXPECT_EQ(seen, am14_available);
      EXPECT_EQ(am14_available.size(), 10u);
      EXPECT_EQ(pages, 4);  // 10 records, 3 per page
    }
  }
}

TEST_F(RecordStoreTest, UpsertCreatesThenReplacesByExternalRef) {
  std::vector<Candidate> batch = {MakeCandidate("AM14", "a"),
                                  MakeCandidate("AM14", "b"),
                                  MakeCandidate("AM01", "a")};
  std::vector<UpsertOutcome> outcomes = ValueOrDie(store_->Upsert(batch));
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_TRUE(outcomes[0].created);
  EXPECT_TRUE(outcomes[1].created);
  EXPECT_FALSE(outcomes[2].created);  // same ref as the first: an update
  EXPECT_EQ(batch[2].name(), batch[0].name());
  EXPECT_EQ(batch[2].etag(), "2");
  EXPECT_EQ(RecordCount(), 2u);
  ExpectIndexMatchesRecords();

  std::vector<Candidate> again = {MakeCandidate("AM03", "b")};
  outcomes = ValueOrDie(store_->Upsert(again));
  EXPECT_FALSE(outcomes[0].created);
  EXPECT_EQ(again[0].name(), batch[1].name());
  EXPECT_EQ(ValueOrDie(store_->Get(IdOf(batch[1]))).owner_region(), "AM03");
  ExpectIndexMatchesRecords();
}

TEST_F(RecordStoreTest, ReopenKeepsRecordsIndexesAndRequestIds) {
  Candidate a = ValueOrDie(store_->Create(MakeCandidate("AM14", "x"), "r1"));
  std::vector<Candidate> batch = {MakeCandidate("AM02", "y")};
  ASSERT_OK(store_->Upsert(batch).status());
  Reopen();
  EXPECT_EQ(ValueOrDie(store_->Get(IdOf(a))).SerializeAsString(),
            a.SerializeAsString());
  EXPECT_EQ(ValueOrDie(store_->Create(MakeCandidate("AM01"), "r1")).name(),
            a.name());
  EXPECT_EQ(RecordCount(), 2u);
  ExpectIndexMatchesRecords();
  EXPECT_EQ(store_->Create(MakeCandidate("AM01", "y"), "").status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_F(RecordStoreTest, VacancyStoreUsesItsOwnFamilies) {
  VacancyStore vacancies(db_.get());
  Vacancy v;
  v.set_region("AM14");
  v.set_status(Vacancy::OPEN);
  v.set_external_ref("x");
  Vacancy created = ValueOrDie(vacancies.Create(v, ""));
  EXPECT_EQ(created.name().rfind("vacancies/", 0), 0u);
  // Candidate and vacancy namespaces (ids, external refs, request ids) are
  // separate.
  ASSERT_OK(store_->Create(MakeCandidate("AM14", "x"), "").status());
  ListQuery q;
  q.region = "AM14";
  q.status = Vacancy::OPEN;
  EXPECT_EQ(ValueOrDie(vacancies.List(q)).records.size(), 1u);
}

// The real sealer, except that erasing a key fails while `fail_erase` is
// set: a process that stops between deleting a record and erasing its key.
class EraseFailingSealer final : public RecordCodec<Candidate> {
 public:
  explicit EraseFailingSealer(KeyVault* vault) : sealer_(vault) {}
  absl::StatusOr<std::string> Encode(absl::string_view id,
                                     const Candidate& record) override {
    return sealer_.Encode(id, record);
  }
  absl::Status Decode(absl::string_view id, absl::string_view bytes,
                      Candidate* record) const override {
    return sealer_.Decode(id, bytes, record);
  }
  absl::Status Erase(absl::string_view id) override {
    if (fail_erase) return absl::UnavailableError("injected");
    return sealer_.Erase(id);
  }
  absl::Status Reserve(const std::vector<std::string>& ids) override {
    return sealer_.Reserve(ids);
  }
  std::unique_ptr<OrderedDecoder> NewOrderedDecoder() const override {
    return sealer_.NewOrderedDecoder();
  }
  bool fail_erase = false;

 private:
  CandidateSealer sealer_;
};

TEST(SealedRecordStoreTest, AnErasureCutShortIsFinishedAtTheNextStart) {
  TempDir dir;
  KeyVaultOptions vault_options;
  vault_options.dir = dir.path() + "/keys";
  vault_options.master_key_file = dir.path() + "/master.key";
  auto vault = ValueOrDie(KeyVault::Open(vault_options));
  DatabaseOptions options;
  options.path = dir.path() + "/db";
  std::string id;
  {
    auto db = ValueOrDie(Database::Open(options));
    EraseFailingSealer sealer(vault.get());
    RecordStoreOptions<Candidate> sealed;
    sealed.codec = &sealer;
    CandidateStore store(db.get(), sealed);
    Candidate created = ValueOrDie(store.Create(MakeCandidate("AM14"), ""));
    id = IdOf(created);
    EXPECT_EQ(ValueOrDie(store.Get(id)).display_name(), "Test Person");
    sealer.fail_erase = true;
    // The record goes; its key stays behind, marked for erasure.
    ASSERT_OK(store.Delete(id, ""));
    EXPECT_EQ(store.Get(id).status().code(), absl::StatusCode::kNotFound);
    EXPECT_OK(vault->Get(id).status());
  }
  auto db = ValueOrDie(Database::Open(options));
  CandidateSealer sealer(vault.get());
  RecordStoreOptions<Candidate> sealed;
  sealed.codec = &sealer;
  CandidateStore store(db.get(), sealed);
  std::vector<std::string> unreadable;
  ASSERT_OK(store.ForEach([](const Candidate&) { return true; }, &unreadable));
  EXPECT_TRUE(unreadable.empty());
  ASSERT_OK(store.FinishErasures(unreadable));
  EXPECT_EQ(vault->Get(id).status().code(), absl::StatusCode::kNotFound);
  // Finished once: nothing left to do on the start after.
  ASSERT_OK(store.FinishErasures({}));
}

TEST(DatabaseTest, RefusesADatabaseOfAnotherSchemaVersion) {
  TempDir dir;
  DatabaseOptions options;
  options.path = dir.path() + "/db";
  {
    auto db = ValueOrDie(Database::Open(options));
    WriteSet w;
    w.Put(Family::kMeta, std::string("\x01", 1),
          std::string("\x00\x00\x00\x63", 4));
    ASSERT_OK(db->Write(w));
  }
  absl::Status status = Database::Open(options).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find("schema version 99"), std::string::npos)
      << status;
}

TEST(DatabaseTest, WriteSetIsAtomicAcrossFamilies) {
  TempDir dir;
  DatabaseOptions options;
  options.path = dir.path() + "/db";
  auto db = ValueOrDie(Database::Open(options));
  WriteSet w;
  w.Put(Family::kCandidates, "k", "record");
  w.Put(Family::kCandidatesByRegion, "i", "");
  ASSERT_OK(db->Write(w));
  EXPECT_EQ(ValueOrDie(db->Get(Family::kCandidates, "k")), "record");
  EXPECT_EQ(ValueOrDie(db->Get(Family::kCandidatesByRegion, "i")), "");
  // A key put in one family is not visible in another.
  EXPECT_EQ(ValueOrDie(db->Get(Family::kVacancies, "k")), std::nullopt);
}

}  // namespace
}  // namespace passend::storage
