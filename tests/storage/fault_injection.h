// A file system between RocksDB and the disk that fails the n-th
// write or sync on request, and simulates a power cut by dropping every
// byte not synced. A SIGKILL cannot tell synced from unsynced data (the
// kernel keeps both); this can.
//
// Modelled: file contents up to the last Sync/Fsync survive a power cut;
// files created and never synced vanish. RocksDB's info log (LOG) is
// diagnostics: its writes are not counted and never fail. Not modelled:
// directory entries
// (a rename or a new file's name is taken as durable once it was synced),
// and partial sector writes.
#ifndef PASSEND_TESTS_STORAGE_FAULT_INJECTION_H_
#define PASSEND_TESTS_STORAGE_FAULT_INJECTION_H_

#include <cstdint>
#include <memory>

#include "absl/status/status.h"
#include "storage/database.h"

namespace passend::storage {

class FaultInjection : public InjectedFileSystem {
 public:
  enum class Point { kWrite, kSync };

  FaultInjection();
  ~FaultInjection();
  FaultInjection(const FaultInjection&) = delete;
  FaultInjection& operator=(const FaultInjection&) = delete;

  // The `n`-th operation at `point` from now on (1 = the next) fails with an
  // I/O error, and so does every later one, at any point, until Heal.
  void FailAt(Point point, int n);
  // Operations succeed again.
  void Heal();
  // Operations at `point` so far.
  int64_t count(Point point) const;

  // The power goes: every write and sync fails from now on. Close the
  // database, then call DropUnsyncedData to leave the files as the machine
  // would find them.
  void CutPower();
  // Truncates every file written through this object to what was synced
  // and deletes the files never synced; then forgets them all.
  absl::Status DropUnsyncedData();

  rocksdb::Env* env() override;

 private:
  struct Rep;
  std::unique_ptr<Rep> rep_;
};

}  // namespace passend::storage

#endif  // PASSEND_TESTS_STORAGE_FAULT_INJECTION_H_
