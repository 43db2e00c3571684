#include "tests/storage/fault_injection.h"

#include <filesystem>
#include <map>
#include <string>

#include "absl/synchronization/mutex.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"

namespace passend::storage {
namespace {

using rocksdb::FileOptions;
using rocksdb::FSWritableFile;
using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;
using rocksdb::Slice;

}  // namespace

// What is known of one file written through the wrapper.
struct FileState {
  uint64_t size = 0;
  uint64_t synced = 0;
  bool ever_synced = false;  // a file never synced vanishes in a power cut
};

struct FaultState {
  mutable absl::Mutex mu;
  std::map<std::string, FileState> files ABSL_GUARDED_BY(mu);
  int64_t counts[2] ABSL_GUARDED_BY(mu) = {0, 0};
  // Fail from this count at this point on (0: never).
  int64_t fail_at[2] ABSL_GUARDED_BY(mu) = {0, 0};
  bool failing ABSL_GUARDED_BY(mu) = false;

  // Counts an operation; an error when it is to fail.
  IOStatus Tick(FaultInjection::Point point) {
    absl::MutexLock lock(&mu);
    const int p = static_cast<int>(point);
    ++counts[p];
    if (fail_at[p] != 0 && counts[p] >= fail_at[p]) failing = true;
    return failing ? IOStatus::IOError("injected fault") : IOStatus::OK();
  }
};

namespace {

using State = FaultState;

class TrackedFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  TrackedFile(std::unique_ptr<FSWritableFile> file, std::string path,
              State* state)
      : FSWritableFileOwnerWrapper(std::move(file)),
        path_(std::move(path)),
        state_(state),
        info_log_(std::filesystem::path(path_).filename().string().rfind(
                      "LOG", 0) == 0) {}

  IOStatus Append(const Slice& data, const IOOptions& options,
                  IODebugContext* dbg) override {
    IOStatus s = Tick(FaultInjection::Point::kWrite);
    if (s.ok()) s = target()->Append(data, options, dbg);
    if (s.ok()) Grow(data.size());
    return s;
  }
  IOStatus Append(const Slice& data, const IOOptions& options,
                  const rocksdb::DataVerificationInfo& info,
                  IODebugContext* dbg) override {
    IOStatus s = Tick(FaultInjection::Point::kWrite);
    if (s.ok()) s = target()->Append(data, options, info, dbg);
    if (s.ok()) Grow(data.size());
    return s;
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset,
                            const IOOptions& options,
                            IODebugContext* dbg) override {
    IOStatus s = Tick(FaultInjection::Point::kWrite);
    if (s.ok()) s = target()->PositionedAppend(data, offset, options, dbg);
    if (s.ok()) SetSize(offset + data.size());
    return s;
  }
  IOStatus Truncate(uint64_t size, const IOOptions& options,
                    IODebugContext* dbg) override {
    IOStatus s = target()->Truncate(size, options, dbg);
    if (s.ok()) SetSize(size);
    return s;
  }
  IOStatus Sync(const IOOptions& options, IODebugContext* dbg) override {
    IOStatus s = Tick(FaultInjection::Point::kSync);
    if (s.ok()) s = target()->Sync(options, dbg);
    if (s.ok()) Synced();
    return s;
  }
  IOStatus Fsync(const IOOptions& options, IODebugContext* dbg) override {
    IOStatus s = Tick(FaultInjection::Point::kSync);
    if (s.ok()) s = target()->Fsync(options, dbg);
    if (s.ok()) Synced();
    return s;
  }

 private:
  // RocksDB's info log (LOG, LOG.old.*) is diagnostics, not data: its
  // writes neither count nor fail, so "the n-th write" is a data write.
  IOStatus Tick(FaultInjection::Point point) {
    return info_log_ ? IOStatus::OK() : state_->Tick(point);
  }
  void Grow(uint64_t bytes) {
    absl::MutexLock lock(&state_->mu);
    state_->files[path_].size += bytes;
  }
  void SetSize(uint64_t size) {
    absl::MutexLock lock(&state_->mu);
    state_->files[path_].size = size;
  }
  void Synced() {
    absl::MutexLock lock(&state_->mu);
    FileState& f = state_->files[path_];
    f.synced = f.size;
    f.ever_synced = true;
  }

  const std::string path_;
  State* const state_;
  const bool info_log_;
};

class TrackingFileSystem : public rocksdb::FileSystemWrapper {
 public:
  TrackingFileSystem(std::shared_ptr<FileSystem> base, State* state)
      : FileSystemWrapper(std::move(base)), state_(state) {}
  const char* Name() const override { return "PassendFaultInjection"; }

  IOStatus NewWritableFile(const std::string& path, const FileOptions& options,
                           std::unique_ptr<FSWritableFile>* result,
                           IODebugContext* dbg) override {
    IOStatus s = target()->NewWritableFile(path, options, result, dbg);
    if (!s.ok()) return s;
    {
      absl::MutexLock lock(&state_->mu);
      state_->files[path] = FileState{};
    }
    *result = std::make_unique<TrackedFile>(std::move(*result), path, state_);
    return s;
  }
  IOStatus ReopenWritableFile(const std::string& path,
                              const FileOptions& options,
                              std::unique_ptr<FSWritableFile>* result,
                              IODebugContext* dbg) override {
    IOStatus s = target()->ReopenWritableFile(path, options, result, dbg);
    if (!s.ok()) return s;
    {
      absl::MutexLock lock(&state_->mu);
      if (!state_->files.count(path)) {
        std::error_code ec;
        const uint64_t size = std::filesystem::file_size(path, ec);
        state_->files[path] = FileState{ec ? 0 : size, ec ? 0 : size, true};
      }
    }
    *result = std::make_unique<TrackedFile>(std::move(*result), path, state_);
    return s;
  }
  IOStatus ReuseWritableFile(const std::string& path,
                             const std::string& old_path,
                             const FileOptions& options,
                             std::unique_ptr<FSWritableFile>* result,
                             IODebugContext* dbg) override {
    IOStatus s = RenameFile(old_path, path, IOOptions(), dbg);
    if (!s.ok()) return s;
    return NewWritableFile(path, options, result, dbg);
  }
  IOStatus RenameFile(const std::string& from, const std::string& to,
                      const IOOptions& options, IODebugContext* dbg) override {
    IOStatus s = target()->RenameFile(from, to, options, dbg);
    if (!s.ok()) return s;
    absl::MutexLock lock(&state_->mu);
    auto it = state_->files.find(from);
    state_->files.erase(to);
    if (it != state_->files.end()) {
      state_->files[to] = it->second;
      state_->files.erase(it);
    }
    return s;
  }
  IOStatus DeleteFile(const std::string& path, const IOOptions& options,
                      IODebugContext* dbg) override {
    IOStatus s = target()->DeleteFile(path, options, dbg);
    if (s.ok()) {
      absl::MutexLock lock(&state_->mu);
      state_->files.erase(path);
    }
    return s;
  }

 private:
  State* const state_;
};

}  // namespace

struct FaultInjection::Rep {
  Rep();
  ~Rep();
  std::unique_ptr<FaultState> state;
  std::shared_ptr<rocksdb::FileSystem> file_system;
  std::unique_ptr<rocksdb::Env> env;
};

FaultInjection::Rep::Rep() : state(std::make_unique<FaultState>()) {
  file_system = std::make_shared<TrackingFileSystem>(
      rocksdb::FileSystem::Default(), state.get());
  env = rocksdb::NewCompositeEnv(file_system);
}
FaultInjection::Rep::~Rep() = default;

FaultInjection::FaultInjection() : rep_(std::make_unique<Rep>()) {}

rocksdb::Env* FaultInjection::env() { return rep_->env.get(); }
FaultInjection::~FaultInjection() = default;

void FaultInjection::FailAt(Point point, int n) {
  absl::MutexLock lock(&rep_->state->mu);
  const int p = static_cast<int>(point);
  rep_->state->fail_at[p] = rep_->state->counts[p] + n;
}

void FaultInjection::Heal() {
  absl::MutexLock lock(&rep_->state->mu);
  rep_->state->fail_at[0] = rep_->state->fail_at[1] = 0;
  rep_->state->failing = false;
}

int64_t FaultInjection::count(Point point) const {
  absl::MutexLock lock(&rep_->state->mu);
  return rep_->state->counts[static_cast<int>(point)];
}

void FaultInjection::CutPower() {
  absl::MutexLock lock(&rep_->state->mu);
  rep_->state->failing = true;
}

absl::Status FaultInjection::DropUnsyncedData() {
  absl::MutexLock lock(&rep_->state->mu);
  for (const auto& [path, file] : rep_->state->files) {
    std::error_code ec;
    if (!file.ever_synced) {
      std::filesystem::remove(path, ec);
    } else if (std::filesystem::exists(path, ec)) {
      std::filesystem::resize_file(path, file.synced, ec);
    }
    if (ec) {
      return absl::InternalError("cannot drop unsynced data of " + path + ": " +
                                 ec.message());
    }
  }
  rep_->state->files.clear();
  return absl::OkStatus();
}

}  // namespace passend::storage
