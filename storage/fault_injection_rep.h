// FaultInjection's inside, shared with Database::Open (which gives RocksDB
// its Env). Not part of storage's public interface.
#ifndef PASSEND_STORAGE_FAULT_INJECTION_REP_H_
#define PASSEND_STORAGE_FAULT_INJECTION_REP_H_

#include <memory>

#include "rocksdb/env.h"
#include "rocksdb/file_system.h"
#include "storage/fault_injection.h"

namespace passend::storage {

// The files written and the faults asked for (fault_injection.cc).
struct FaultState;

struct FaultInjection::Rep {
  Rep();
  ~Rep();
  std::unique_ptr<FaultState> state;
  std::shared_ptr<rocksdb::FileSystem> file_system;
  std::unique_ptr<rocksdb::Env> env;
};

}  // namespace passend::storage

#endif  // PASSEND_STORAGE_FAULT_INJECTION_REP_H_
