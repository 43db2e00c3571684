#include "services/http/connections.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <functional>
#include <system_error>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "httplib.h"

namespace passend::services {
namespace {

thread_local bool over_connection_limit = false;
// Set by a handler whose answer must end its connection; read after it.
thread_local bool close_after_answer = false;
// Set while a connection is given up unserved: closed at once.
thread_local bool drop_connection = false;

// Gives a connection up without serving it: what it runs closes the socket
// at once (see drop_connection), on the calling thread.
void Drop(const std::function<void()>& connection) {
  drop_connection = true;
  connection();
  drop_connection = false;
}

// Runs each connection on a thread of its own, up to `max_connections` at
// once (threads are made as needed and kept); the connections past that run
// on a few threads of their own, marked over the limit, so that they are
// answered at once however busy the rest is.
class ConnectionPool : public httplib::TaskQueue {
 public:
  explicit ConnectionPool(int max_connections)
      : max_connections_(std::max(1, max_connections)) {
    for (int i = 0; i < kOverflowThreads; ++i) {
      overflow_threads_.emplace_back([this] { Work(/*overflow=*/true); });
    }
  }
  ~ConnectionPool() override { shutdown(); }

  void enqueue(std::function<void()> connection) override {
    {
      absl::MutexLock lock(&mu_);
      if (busy_ < max_connections_) {
        bool taken = false;
        if (idle_ > 0) {
          --idle_;  // that thread takes this job
          taken = true;
        } else {
          taken = AddThread();
        }
        if (taken) {
          ++busy_;
          jobs_.push_back(std::move(connection));
          return;
        }
      } else if (overflow_.size() < kMaxOverflowQueue) {
        // Past the limit, a short queue for the threads that answer 503; a
        // flood beyond it is closed unanswered, so that it holds neither
        // memory nor descriptors.
        overflow_.push_back(std::move(connection));
        return;
      }
    }
    Drop(connection);
  }

  // Serves what was queued, then stops every thread.
  void shutdown() override {
    std::vector<std::thread> threads;
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
      stopping_ = true;
      threads = std::move(threads_);
    }
    for (std::thread& t : overflow_threads_) t.join();
    for (std::thread& t : threads) t.join();
  }

 private:
  static constexpr int kOverflowThreads = 2;
  static constexpr size_t kMaxOverflowQueue = 64;

  bool JobOrStop() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !jobs_.empty() || stopping_;
  }
  bool OverflowOrStop() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !overflow_.empty() || stopping_;
  }

  // False when no thread can be made (a process limit): the connection is
  // then closed rather than the server stopped.
  bool AddThread() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    try {
      threads_.emplace_back([this] { Work(/*overflow=*/false); });
      return true;
    } catch (const std::system_error&) {
      return false;
    }
  }

  void Work(bool overflow) {
    over_connection_limit = overflow;
    absl::MutexLock lock(&mu_);
    for (;;) {
      mu_.Await(overflow
                    ? absl::Condition(this, &ConnectionPool::OverflowOrStop)
                    : absl::Condition(this, &ConnectionPool::JobOrStop));
      std::deque<std::function<void()>>& queue = overflow ? overflow_ : jobs_;
      if (queue.empty()) return;  // stopping, and nothing left to serve
      std::function<void()> connection = std::move(queue.front());
      queue.pop_front();
      mu_.Unlock();
      connection();
      mu_.Lock();
      if (!overflow) {
        --busy_;
        ++idle_;
      }
    }
  }

  const int max_connections_;
  absl::Mutex mu_;
  std::deque<std::function<void()>> jobs_ ABSL_GUARDED_BY(mu_);
  std::deque<std::function<void()>> overflow_ ABSL_GUARDED_BY(mu_);
  // Connections being served (or queued for a thread) below the limit.
  int busy_ ABSL_GUARDED_BY(mu_) = 0;
  // Threads waiting for a connection and not yet promised one.
  int idle_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_ ABSL_GUARDED_BY(mu_);
  std::vector<std::thread> overflow_threads_;
};

// A connection as cpp-httplib reads and writes it: a non-blocking socket,
// with or without TLS, whose every wait ends at the read idle time or the
// request's deadline, whichever comes first.
class LimitedStream : public httplib::Stream {
 public:
  LimitedStream(int fd, SSL* ssl, const ConnectionLimits& limits)
      : fd_(fd), ssl_(ssl), limits_(limits) {}

  // A new request (or handshake) begins: its deadline starts now.
  void StartRequest() {
    deadline_ = absl::Now() + limits_.request_deadline;
    answering_ = false;
  }

  // Waits up to the keep-alive time for the next request's first byte;
  // false when none comes or `stopping` turns true.
  bool AwaitRequest(const std::function<bool()>& stopping) {
    if (buffered() > 0 || (ssl_ != nullptr && SSL_pending(ssl_) > 0)) {
      return true;
    }
    const absl::Time until = absl::Now() + limits_.keep_alive;
    while (!stopping()) {
      const absl::Duration left = until - absl::Now();
      if (left <= absl::ZeroDuration()) return false;
      // Short slices, so that a stopping server does not wait for idle
      // connections.
      const int ready = Poll(POLLIN, std::min(left, absl::Milliseconds(100)));
      if (ready != 0) return ready > 0;
    }
    return false;
  }

  // TLS: the handshake, within the request deadline.
  bool Handshake() {
    for (;;) {
      ERR_clear_error();
      const int r = SSL_accept(ssl_);
      if (r == 1) return true;
      if (!WaitFor(SSL_get_error(ssl_, r))) return false;
    }
  }

  bool is_readable() const override {
    return buffered() > 0 || (ssl_ != nullptr && SSL_pending(ssl_) > 0) ||
           Poll(POLLIN, Wait()) > 0;
  }
  bool is_writable() const override { return Poll(POLLOUT, Wait()) > 0; }

  ssize_t read(char* ptr, size_t size) override {
    if (buffered() == 0) {
      const ssize_t n = Fill();
      if (n <= 0) return n;
    }
    const size_t n = std::min(size, buffered());
    std::memcpy(ptr, buffer_.data() + begin_, n);
    begin_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    // The answer gets a deadline of its own; an interim "100 Continue" is
    // not the answer.
    if (!answering_ &&
        !absl::StartsWith(absl::string_view(ptr, size), "HTTP/1.1 100")) {
      answering_ = true;
      deadline_ = absl::Now() + limits_.request_deadline;
    }
    const int chunk = static_cast<int>(std::min<size_t>(size, 1 << 30));
    for (;;) {
      if (ssl_ != nullptr) {
        ERR_clear_error();
        const int n = SSL_write(ssl_, ptr, chunk);
        if (n > 0) return n;
        if (!WaitFor(SSL_get_error(ssl_, n))) return -1;
      } else {
        const ssize_t n = ::send(fd_, ptr, static_cast<size_t>(chunk),
                                 MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n >= 0) return n;
        if (errno == EINTR) continue;
        if ((errno != EAGAIN && errno != EWOULDBLOCK) ||
            Poll(POLLOUT, Wait()) <= 0) {
          return -1;
        }
      }
    }
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    Address(&getpeername, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    Address(&getsockname, ip, port);
  }
  socket_t socket() const override { return fd_; }

 private:
  size_t buffered() const { return end_ - begin_; }

  // How long the next wait may last.
  absl::Duration Wait() const {
    return std::max(absl::ZeroDuration(),
                    std::min(limits_.read_idle, deadline_ - absl::Now()));
  }

  // 1 when `events` came, 0 on time out, -1 on error.
  int Poll(short events, absl::Duration timeout) const {
    pollfd p{fd_, events, 0};
    for (;;) {
      const int r = ::poll(&p, 1,
                           static_cast<int>(absl::ToInt64Milliseconds(
                               timeout + absl::Microseconds(999))));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) return r;
      return (p.revents & (events | POLLHUP)) != 0 ? 1 : -1;
    }
  }

  // After an SSL call that did not finish: waits for what it wants.
  bool WaitFor(int ssl_error) {
    if (ssl_error == SSL_ERROR_WANT_READ) return Poll(POLLIN, Wait()) > 0;
    if (ssl_error == SSL_ERROR_WANT_WRITE) return Poll(POLLOUT, Wait()) > 0;
    return false;
  }

  // Reads what there is into the buffer: its size, 0 at the end, -1 on an
  // error or when the wait runs out.
  ssize_t Fill() {
    if (buffer_.empty()) buffer_.resize(kBufferBytes);
    begin_ = end_ = 0;
    for (;;) {
      if (ssl_ != nullptr) {
        ERR_clear_error();
        const int n =
            SSL_read(ssl_, buffer_.data(), static_cast<int>(buffer_.size()));
        if (n > 0) {
          end_ = static_cast<size_t>(n);
          return n;
        }
        const int error = SSL_get_error(ssl_, n);
        if (error == SSL_ERROR_ZERO_RETURN) return 0;
        if (!WaitFor(error)) return -1;
      } else {
        const ssize_t n =
            ::recv(fd_, buffer_.data(), buffer_.size(), MSG_DONTWAIT);
        if (n >= 0) {
          end_ = static_cast<size_t>(n);
          return n;
        }
        if (errno == EINTR) continue;
        if ((errno != EAGAIN && errno != EWOULDBLOCK) ||
            Poll(POLLIN, Wait()) <= 0) {
          return -1;
        }
      }
    }
  }

  void Address(int (*get)(int, sockaddr*, socklen_t*), std::string& ip,
               int& port) const {
    sockaddr_storage address{};
    socklen_t length = sizeof(address);
    if (get(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) return;
    char text[INET6_ADDRSTRLEN] = {};
    if (address.ss_family == AF_INET) {
      const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
      inet_ntop(AF_INET, &v4->sin_addr, text, sizeof(text));
      port = ntohs(v4->sin_port);
    } else if (address.ss_family == AF_INET6) {
      const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
      inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof(text));
      port = ntohs(v6->sin6_port);
    }
    ip = text;
  }

  static constexpr size_t kBufferBytes = 16 * 1024;

  const int fd_;
  SSL* const ssl_;
  const ConnectionLimits limits_;
  absl::Time deadline_ = absl::InfiniteFuture();
  bool answering_ = false;
  std::vector<char> buffer_;
  size_t begin_ = 0;
  size_t end_ = 0;
};

// What a LimitedServer adds to cpp-httplib's server, reached without knowing
// which of the two it is.
class Backlog {
 public:
  virtual ~Backlog() = default;
  virtual void Widen() = 0;
  virtual absl::Status ReloadTls() = 0;
};

// HTTPS: the TLS context each new connection starts from. cpp-httplib reads
// its files into one context for the server's life; here ReloadTls reads
// them into a new one for the connections to come, while those open keep
// theirs (an SSL holds a reference to its context).
class TlsContexts {
 public:
  TlsContexts(std::string cert_file, std::string key_file,
              std::string client_ca_file)
      : cert_file_(std::move(cert_file)),
        key_file_(std::move(key_file)),
        client_ca_file_(std::move(client_ca_file)) {}

  // Reads the files into a context configured exactly as cpp-httplib
  // configures its own (it makes it; the context outlives its server).
  absl::Status Reload() {
    httplib::SSLServer made(
        cert_file_.c_str(), key_file_.c_str(),
        client_ca_file_.empty() ? nullptr : client_ca_file_.c_str());
    if (!made.is_valid()) {
      return absl::InvalidArgumentError(
          "the HTTP listener could not load its certificate and key");
    }
    SSL_CTX* context = made.ssl_context();
    SSL_CTX_up_ref(context);
    absl::MutexLock lock(&mu_);
    current_ = std::shared_ptr<SSL_CTX>(context, SSL_CTX_free);
    return absl::OkStatus();
  }

  SSL* NewSsl() {
    absl::MutexLock lock(&mu_);
    return SSL_new(current_.get());
  }

 private:
  const std::string cert_file_;
  const std::string key_file_;
  const std::string client_ca_file_;
  absl::Mutex mu_;
  std::shared_ptr<SSL_CTX> current_ ABSL_GUARDED_BY(mu_);
};

// cpp-httplib's Server or SSLServer, with its connections served by
// ConnectionPool and LimitedStream instead of its own loop.
template <typename Base>
class LimitedServer : public Base, public Backlog {
 public:
  template <typename... Args>
  explicit LimitedServer(const ConnectionLimits& limits, Args&&... args)
      : Base(std::forward<Args>(args)...), limits_(limits) {
    const int max_connections = limits.max_connections;
    this->new_task_queue = [max_connections] {
      return new ConnectionPool(max_connections);
    };
  }

  void Widen() override {
    const int fd = this->svr_sock_;
    if (fd >= 0) ::listen(fd, kBacklog);
  }

  // HTTPS only: where new connections' TLS comes from.
  std::unique_ptr<TlsContexts> tls;

  absl::Status ReloadTls() override {
    if (tls == nullptr) {
      return absl::FailedPreconditionError("the HTTP listener has no TLS");
    }
    return tls->Reload();
  }

 private:
  static constexpr int kBacklog = 1024;

  bool process_and_close_socket(socket_t fd) override {
    if (drop_connection) {
      ::close(fd);
      return false;
    }
    // An answer goes out in more than one write (headers, then body): without
    // this, the second waits for the client's delayed acknowledgement.
    const int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
    // Every wait is the stream's own, bounded by its deadlines: a blocking
    // socket would let OpenSSL wait on a byte-a-second client for ever.
    const int flags = fcntl(fd, F_GETFL, 0);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) {
      ::close(fd);
      return false;
    }
    SSL* ssl = nullptr;
    if constexpr (std::is_same_v<Base, httplib::SSLServer>) {
      ssl = tls->NewSsl();
      if (ssl != nullptr && SSL_set_fd(ssl, fd) != 1) {
        SSL_free(ssl);
        ssl = nullptr;
      }
    }
    bool served = false;
    close_after_answer = false;
    if (ssl != nullptr || !std::is_same_v<Base, httplib::SSLServer>) {
      served = Serve(fd, ssl);
    }
    if (ssl != nullptr) {
      // A close_notify, not waited on; only after a clean end, as OpenSSL
      // requires.
      if (served) SSL_shutdown(ssl);
      SSL_free(ssl);
    }
    // Past the limit no thread may wait on a client.
    if (!OverConnectionLimit()) Linger(fd, close_after_answer);
    ::close(fd);
    return served;
  }

  // A client still sending when its connection ends (a body refused unread)
  // would be answered by a reset that can overtake the refusal: what it
  // sends is read and dropped for a while first, as web servers do. After a
  // body refused unread the rest may not have arrived yet, so the server
  // lingers even when nothing is waiting to be read.
  static void Linger(int fd, bool body_refused_unread) {
    int pending = 0;
    if (!body_refused_unread &&
        (ioctl(fd, FIONREAD, &pending) != 0 || pending <= 0)) {
      return;
    }
    ::shutdown(fd, SHUT_WR);
    const absl::Time until = absl::Now() + kLinger;
    char sink[16 * 1024];
    for (size_t dropped = 0; dropped < kMaxLingerBytes;) {
      const ssize_t n = ::recv(fd, sink, sizeof(sink), MSG_DONTWAIT);
      if (n > 0) {
        dropped += static_cast<size_t>(n);
        continue;
      }
      if (n == 0 ||
          (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        return;
      }
      const int64_t left_ms = absl::ToInt64Milliseconds(until - absl::Now());
      pollfd p{fd, POLLIN, 0};
      if (left_ms <= 0 || ::poll(&p, 1, static_cast<int>(left_ms)) <= 0) return;
    }
  }

  static constexpr absl::Duration kLinger = absl::Seconds(2);
  static constexpr size_t kMaxLingerBytes = size_t{64} << 20;

  // Serves the connection's requests; true when it ended cleanly (the
  // client closed, or the server after a whole answer).
  bool Serve(int fd, SSL* ssl) {
    // A connection past the limit gets one request, and little time for it.
    ConnectionLimits limits = limits_;
    if (OverConnectionLimit()) {
      limits.keep_alive = std::min(limits.keep_alive, kOverflowTime);
      limits.read_idle = std::min(limits.read_idle, kOverflowTime);
      limits.request_deadline =
          std::min(limits.request_deadline, kOverflowTime);
      limits.max_requests_per_connection = 1;
    }
    LimitedStream stream(fd, ssl, limits);
    const std::function<bool()> stopping = [this] {
      return this->svr_sock_ == INVALID_SOCKET;
    };
    stream.StartRequest();
    if (ssl != nullptr && !stream.Handshake()) return false;
    for (int i = 0; i < limits.max_requests_per_connection; ++i) {
      if (!stream.AwaitRequest(stopping)) return true;
      stream.StartRequest();
      const bool last = i + 1 == limits.max_requests_per_connection;
      bool closed = false;
      close_after_answer = false;
      // httplib closes on the request's say-so only; a handler that refused
      // a body unread says so here (CloseAfterAnswer), as the rest of the
      // connection cannot be read as requests.
      if (!this->process_request(stream, last, closed, nullptr)) return false;
      if (closed || last || close_after_answer) return true;
    }
    return true;
  }

  static constexpr absl::Duration kOverflowTime = absl::Seconds(1);

  const ConnectionLimits limits_;
};

}  // namespace

bool OverConnectionLimit() { return over_connection_limit; }

void CloseAfterAnswer() { close_after_answer = true; }

absl::StatusOr<std::unique_ptr<httplib::Server>> MakeLimitedServer(
    const ConnectionLimits& limits, const std::string& tls_cert_file,
    const std::string& tls_key_file, const std::string& tls_client_ca_file) {
  if (tls_cert_file.empty() || tls_key_file.empty()) {
    return std::make_unique<LimitedServer<httplib::Server>>(limits);
  }
  auto server = std::make_unique<LimitedServer<httplib::SSLServer>>(
      limits, tls_cert_file.c_str(), tls_key_file.c_str(),
      tls_client_ca_file.empty() ? nullptr : tls_client_ca_file.c_str());
  server->tls = std::make_unique<TlsContexts>(tls_cert_file, tls_key_file,
                                              tls_client_ca_file);
  if (!server->is_valid() || !server->tls->Reload().ok()) {
    return absl::FailedPreconditionError(
        "the HTTP listener could not load its certificate and key");
  }
  return server;
}

void WidenBacklog(httplib::Server& server) {
  if (auto* backlog = dynamic_cast<Backlog*>(&server)) backlog->Widen();
}

absl::Status ReloadTls(httplib::Server& server) {
  auto* limited = dynamic_cast<Backlog*>(&server);
  if (limited == nullptr) {
    return absl::FailedPreconditionError("not a server of MakeLimitedServer");
  }
  return limited->ReloadTls();
}

}  // namespace passend::services
