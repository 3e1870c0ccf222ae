// A loopback TCP relay in front of the real server, with a switch: stop() cuts every open
// connection and refuses new ones (a tablet whose Wi-Fi dropped while the server carries on for
// everyone else); start() lets it through again on the same port.
#pragma once

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "tests/server/child_server.h"

namespace lf::test {

class TcpProxy {
 public:
  explicit TcpProxy(int target_port) : target_(target_port), port_(free_loopback_port()) {}
  ~TcpProxy() { stop(); }
  int port() const { return port_; }

  bool start() {
    stop();
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a = loopback(port_);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(listen_fd_, 64) != 0) {
      ::close(listen_fd_);
      listen_fd_ = -1;
      return false;
    }
    stopping_ = false;
    acceptor_ = std::thread([this] { accept_loop(); });
    return true;
  }

  void stop() {
    if (listen_fd_ < 0) return;
    stopping_ = true;
    ::shutdown(listen_fd_, SHUT_RDWR);
    acceptor_.join();
    ::close(listen_fd_);
    listen_fd_ = -1;
    std::vector<std::thread> pumps;
    {
      std::lock_guard lock(mu_);
      for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
      pumps = std::move(pumps_);
    }
    for (auto& t : pumps) t.join();
    std::lock_guard lock(mu_);
    for (int fd : open_fds_) ::close(fd);
    open_fds_.clear();
  }

 private:
  static sockaddr_in loopback(int port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(uint16_t(port));
    return a;
  }

  void accept_loop() {
    for (;;) {
      int client = ::accept(listen_fd_, nullptr, nullptr);
      if (client < 0 || stopping_) {
        if (client >= 0) ::close(client);
        return;
      }
      int server = ::socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in a = loopback(target_);
      if (::connect(server, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(server);
        ::close(client);
        continue;
      }
      std::lock_guard lock(mu_);
      open_fds_.push_back(client);
      open_fds_.push_back(server);
      pumps_.emplace_back([client, server] { pump(client, server); });
    }
  }

  // Copies both ways until either side closes (or stop() shuts both down).
  static void pump(int a, int b) {
    char buf[16384];
    pollfd fds[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
    for (;;) {
      if (::poll(fds, 2, -1) < 0) return;
      for (int i = 0; i < 2; ++i) {
        if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
        if (n <= 0) {
          ::shutdown(a, SHUT_RDWR);
          ::shutdown(b, SHUT_RDWR);
          return;
        }
        for (ssize_t off = 0; off < n;) {
          ssize_t w = ::send(fds[1 - i].fd, buf + off, size_t(n - off), MSG_NOSIGNAL);
          if (w <= 0) return;
          off += w;
        }
      }
    }
  }

  int target_, port_;
  int listen_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  std::mutex mu_;
  std::vector<int> open_fds_;
  std::vector<std::thread> pumps_;
};

}  // namespace lf::test
