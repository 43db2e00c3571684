// passendd as a child process on 127.0.0.1 (port 0): for the tests that
// must kill the real binary, or check what it says and refuses at start.
#ifndef PASSEND_TESTS_SERVICES_SERVER_PROCESS_H_
#define PASSEND_TESTS_SERVICES_SERVER_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "grpcpp/grpcpp.h"

namespace passend::testing {

class ServerProcess {
 public:
  // Runs `passendd` with its data in `dir`/data and each start's output in
  // `dir`/server-N.log. With `admin_key` the server gets a key file holding
  // one admin key, which Channel() sends. `flags` are passed as well.
  ServerProcess(std::string passendd, std::string dir, bool admin_key = true,
                std::vector<std::string> flags = {});
  ~ServerProcess();  // kills a running server
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts it and waits until it serves: false if it exited first (see
  // exit_code()) or did not serve within 60 s.
  bool Start();
  void Signal(int signal);  // and waits for it to end
  // Sends `signal` and does not wait (SIGHUP: the key file is read again).
  void Notify(int signal);
  // The key file of a server made with `admin_key`, and its admin key.
  std::string keys_file() const { return dir_ + "/keys"; }
  const std::string& admin_key() const { return key_; }

  // The output of the latest start so far.
  std::string Log() const;
  // The exit code of a server that exited at start; -1 otherwise.
  int exit_code() const { return exit_code_; }
  int port() const { return port_; }
  std::shared_ptr<grpc::Channel> Channel() const;

 private:
  const std::string passendd_;
  const std::string dir_;
  std::vector<std::string> flags_;
  std::string key_;
  int starts_ = 0;
  pid_t pid_ = -1;
  int port_ = 0;
  int exit_code_ = -1;
};

}  // namespace passend::testing

#endif  // PASSEND_TESTS_SERVICES_SERVER_PROCESS_H_
