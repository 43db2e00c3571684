#include "tests/services/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tests/services/server_fixture.h"

namespace passend::testing {

ServerProcess::ServerProcess(std::string passendd, std::string dir,
                             bool admin_key, std::vector<std::string> flags)
    : passendd_(std::move(passendd)),
      dir_(std::move(dir)),
      flags_(std::move(flags)) {
  flags_.push_back("--data_dir=" + dir_ + "/data");
  flags_.push_back("--listen=127.0.0.1:0");
  if (admin_key) {
    key_ = WriteAdminKeyFile(keys_file());
    flags_.push_back("--keys_file=" + keys_file());
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Signal(SIGKILL);
}

std::string ServerProcess::Log() const {
  std::ifstream in(absl::StrCat(dir_, "/server-", starts_, ".log"));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool ServerProcess::Start() {
  const std::string log = absl::StrCat(dir_, "/server-", ++starts_, ".log");
  exit_code_ = -1;
  std::vector<char*> argv = {const_cast<char*>(passendd_.c_str())};
  for (std::string& flag : flags_) argv.push_back(flag.data());
  argv.push_back(nullptr);
  pid_ = fork();
  if (pid_ == 0) {
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 1);
    dup2(fd, 2);
    execv(passendd_.c_str(), argv.data());
    _exit(127);
  }
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  while (absl::Now() < give_up) {
    const std::string s = Log();
    const size_t at = s.find("serving passend.v1 on 127.0.0.1:");
    if (at != std::string::npos) {
      port_ = std::atoi(s.c_str() + at + 32);
      return port_ > 0;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
      return false;
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  return false;
}

void ServerProcess::Notify(int signal) { kill(pid_, signal); }

void ServerProcess::Signal(int signal) {
  kill(pid_, signal);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

std::shared_ptr<grpc::Channel> ServerProcess::Channel() const {
  const std::string target = absl::StrCat("127.0.0.1:", port_);
  return key_.empty()
             ? grpc::CreateChannel(target, grpc::InsecureChannelCredentials())
             : KeyedChannel(target, key_);
}

}  // namespace passend::testing
