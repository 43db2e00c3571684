#include "services/server/metrics_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace passend::services {
namespace {

const char* Reason(int status) {
  return status == 200   ? "OK"
         : status == 404 ? "Not Found"
                         : "Service Unavailable";
}

}  // namespace

absl::StatusOr<std::unique_ptr<MetricsHttpServer>> MetricsHttpServer::Start(
    const std::string& listen, Page page) {
  const size_t colon = listen.rfind(':');
  int port = 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(listen.substr(colon + 1), &port) ||
      inet_pton(AF_INET, listen.substr(0, colon).c_str(), &address.sin_addr) !=
          1) {
    return absl::InvalidArgumentError(
        absl::StrCat("metrics address \"", listen, "\" is not IPv4:PORT"));
  }
  address.sin_port = htons(static_cast<uint16_t>(port));
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  socklen_t length = sizeof(address);
  if (fd < 0 ||
      bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::listen(fd, 16) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    if (fd >= 0) close(fd);
    return absl::UnavailableError(
        absl::StrCat("cannot listen for metrics on ", listen));
  }
  return std::unique_ptr<MetricsHttpServer>(
      new MetricsHttpServer(fd, ntohs(address.sin_port), std::move(page)));
}

MetricsHttpServer::MetricsHttpServer(int fd, int port, Page page)
    : fd_(fd), port_(port), page_(std::move(page)) {
  thread_ = std::thread([this] { Serve(); });
}

MetricsHttpServer::~MetricsHttpServer() {
  stop_ = true;
  thread_.join();
  close(fd_);
}

void MetricsHttpServer::Serve() {
  while (!stop_) {
    pollfd listening{fd_, POLLIN, 0};
    if (poll(&listening, 1, 200) <= 0) continue;
    const int client = accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    // One connection at a time, so a slow or stuck client gets 1 s in all
    // to send its request line, and 1 s for each write of the answer.
    const timeval second{1, 0};
    setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &second, sizeof(second));
    const absl::Time give_up = absl::Now() + absl::Seconds(1);
    std::string request;
    char buffer[2048];
    pollfd reading{client, POLLIN, 0};
    while (request.find("\r\n") == std::string::npos && request.size() < 8192 &&
           !stop_ && absl::Now() < give_up &&
           poll(&reading, 1,
                static_cast<int>(
                    absl::ToInt64Milliseconds(give_up - absl::Now())) +
                    1) > 0) {
      const ssize_t n = read(client, buffer, sizeof(buffer));
      if (n <= 0) break;
      request.append(buffer, static_cast<size_t>(n));
    }
    int status = 404;
    std::string body = "not found\n";
    if (request.rfind("GET ", 0) == 0) {
      const size_t end = request.find(' ', 4);
      if (end != std::string::npos) {
        std::tie(status, body) =
            page_(absl::string_view(request).substr(4, end - 4));
      }
    }
    const std::string response = absl::StrCat(
        "HTTP/1.0 ", status, " ", Reason(status),
        "\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: ",
        body.size(), "\r\nConnection: close\r\n\r\n", body);
    size_t sent = 0;
    while (sent < response.size()) {
      const ssize_t n = send(client, response.data() + sent,
                             response.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<size_t>(n);
    }
    close(client);
  }
}

}  // namespace passend::services
