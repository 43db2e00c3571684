// A raw TCP connection to 127.0.0.1, for HTTP clients no library would be:
// a slow one, one that sends what a library would refuse to.
#ifndef PASSEND_TESTS_SERVICES_RAW_CONNECTION_H_
#define PASSEND_TESTS_SERVICES_RAW_CONNECTION_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace passend::testing {

class RawConnection {
 public:
  explicit RawConnection(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address),
                         sizeof(address)) == 0;
  }
  ~RawConnection() { close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return connected_; }
  // False once the server has closed the connection.
  bool Send(absl::string_view bytes) {
    return send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
  }
  // True when the server has closed its side (after any answer it sent).
  bool ClosedByServer() {
    char buffer[4096];
    for (;;) {
      const ssize_t n = recv(fd_, buffer, sizeof(buffer), MSG_DONTWAIT);
      if (n == 0) return true;
      if (n < 0) return errno != EAGAIN && errno != EWOULDBLOCK;
    }
  }
  // Everything the server sends until it closes the connection or `wait`
  // passes.
  std::string Received(absl::Duration wait) {
    std::string received;
    const absl::Time until = absl::Now() + wait;
    char buffer[4096];
    for (;;) {
      const int64_t left = absl::ToInt64Milliseconds(until - absl::Now());
      pollfd p{fd_, POLLIN, 0};
      if (left <= 0 || poll(&p, 1, static_cast<int>(left)) <= 0) break;
      const ssize_t n = recv(fd_, buffer, sizeof(buffer), 0);
      if (n <= 0) break;
      received.append(buffer, static_cast<size_t>(n));
    }
    return received;
  }

 private:
  const int fd_;
  bool connected_ = false;
};

}  // namespace passend::testing

#endif  // PASSEND_TESTS_SERVICES_RAW_CONNECTION_H_
