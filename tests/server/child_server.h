// The real liangfen-server binary as a child process on a loopback port, for tests that kill
// it (SIGKILL) and start it again on the same database.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "scoring/protocol/protocol.h"

namespace lf::test {

// A port nobody listens on right now (the kernel's choice for port 0).
inline int free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

class ChildServer {
 public:
  // `args` follow the program name; --listen 127.0.0.1:<port> is added, and --plain-http unless
  // `tls` (the server's default, HTTPS with its self-signed certificate beside the database).
  ChildServer(std::vector<std::string> args, bool tls = false)
      : args_(std::move(args)), port_(free_loopback_port()), tls_(tls) {
    if (!tls_) args_.push_back("--plain-http");
  }
  ~ChildServer() { kill_now(); }

  // Starts the binary and waits until /api/health answers 200 (false after 20 s).
  bool start() {
    std::vector<std::string> argv = {std::string(LF_BIN_DIR) + "/liangfen-server"};
    argv.insert(argv.end(), args_.begin(), args_.end());
    argv.push_back("--listen");
    argv.push_back("127.0.0.1:" + std::to_string(port_));
    pid_ = ::fork();
    if (pid_ == 0) {
      // Quiet: the server logs every request to stderr and to <db>.log as well.
      int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, 1);
      ::dup2(null, 2);
      std::vector<char*> c;
      for (auto& a : argv) c.push_back(a.data());
      c.push_back(nullptr);
      ::execv(c[0], c.data());
      ::_exit(127);
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      httplib::Client cl((tls_ ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(port_));
      cl.enable_server_certificate_verification(false);  // only "is it up?" here
      cl.set_connection_timeout(0, 200000);
      if (auto r = cl.Get(protocol::path::kHealth); r && r->status == 200) return true;
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
  // SIGKILL: no shutdown code runs, as when the laptop loses power.
  void kill_now() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  // SIGTERM and wait: the orderly stop.
  int terminate() {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  int port() const { return port_; }

 private:
  std::vector<std::string> args_;
  int port_;
  bool tls_;
  pid_t pid_ = -1;
};

}  // namespace lf::test
