// The server's HTTP/1.1 layer on Boost.Asio + Boost.Beast: the Server (http_server.h) — the
// listening socket, admitting and evicting connections, the registries, paced logins, waking
// every live feed after a commit — and HttpApi, its public face. One connection's transport,
// requests and feed are in http_connection.cpp; these two files alone compile Beast.
#include "scoring/server/http_api.h"

#include "scoring/server/http_server.h"

namespace lf {

namespace http_transport {

Result<int> Server::bind(const std::string& host, int port) {
  std::string where = host + ":" + std::to_string(port);
  if (options.tls && !tls) {
    try {
      ssl::context ctx(ssl::context::tls_server);
      ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                      ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
      SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
      ctx.use_certificate_chain_file(options.tls_certificate_file);
      ctx.use_private_key_file(options.tls_key_file, ssl::context::pem);
      tls.emplace(std::move(ctx));
    } catch (const std::exception& e) {
      return Error{options.tls_certificate_file, std::string("cannot use the TLS certificate and key: ") + e.what()};
    }
  }
  error_code ec;
  tcp::endpoint endpoint;
  auto address = asio::ip::make_address(host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, uint16_t(port));
  } else {
    tcp::resolver resolver(io);
    auto found = resolver.resolve(host, std::to_string(port), ec);
    if (ec || found.empty())
      return Error{where, "cannot listen on " + host + ": no such address on this machine"};
    endpoint = *found.begin();
  }
  acceptor.open(endpoint.protocol(), ec);
  if (ec) return Error{where, "cannot listen: " + ec.message()};
  // SO_REUSEADDR (never SO_REUSEPORT): a restart does not wait out TIME_WAIT, and Linux still
  // refuses a second listener on the port, so two servers cannot share it.
  acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  acceptor.bind(endpoint, ec);
  if (ec == asio::error::address_in_use) {
    error_code ignored;
    acceptor.close(ignored);
    return Error{where, "端口 " + std::to_string(port) + " 已被其他程序占用（是否已有一个 liangfen-server 在运行？）" +
                            " — port " + std::to_string(port) +
                            " is in use by another program (is another liangfen-server running?)"};
  }
  if (ec == asio::error::access_denied) {
    error_code ignored;
    acceptor.close(ignored);
    return Error{where, "没有权限监听端口 " + std::to_string(port) + " — not allowed to listen on port " +
                            std::to_string(port) + " (ports below 1024 need root; use e.g. 8080)"};
  }
  if (ec) {
    error_code ignored;
    acceptor.close(ignored);
    return Error{where, "cannot listen on " + host + " (is the address on this machine?): " + ec.message()};
  }
  acceptor.listen(kListenBacklog, ec);
  if (ec) return Error{where, "cannot listen: " + ec.message()};
  return int(acceptor.local_endpoint(ec).port());
}

void Server::accept() {
  acceptor.async_accept(asio::make_strand(io), [this](error_code ec, tcp::socket socket) {
    try {
      on_accept(ec, std::move(socket));
    } catch (const std::exception& e) {
      log(std::string("错误：接受连接时：") + e.what());
      if (!stopping && acceptor.is_open()) accept();
    }
  });
}

void Server::on_accept(error_code ec, tcp::socket socket) {
  if (stopping || ec == asio::error::operation_aborted || !acceptor.is_open()) return;
  if (ec) {
    if (ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space ||
        ec == asio::error::no_memory || ec.value() == ENFILE) {
      // Out of file descriptors: wait a moment instead of spinning; idle ones time out.
      log("错误：无法接受新连接（" + ec.message() + "），100 毫秒后重试");
      accept_retry.expires_after(100ms);
      accept_retry.async_wait([this](error_code e) {
        if (!e && !stopping) accept();
      });
      return;
    }
    return accept();  // e.g. reset by the peer before it was accepted
  }
  error_code e;
  auto peer = socket.remote_endpoint(e);
  if (e) return accept();
  std::string address = peer.address().to_string();
  if (!admit_connection(address)) {
    socket.close(e);
    return accept();
  }
  socket.set_option(tcp::no_delay(true), e);  // small answers: no Nagle + delayed-ACK wait
  std::shared_ptr<ConnectionBase> c = make_connection(*this, std::move(socket), address);
  connections_add(c);
  c->start();
  accept();
}

bool Server::admit_connection(const std::string& address) {
  std::vector<std::shared_ptr<ConnectionBase>> victims;
  bool admitted = false;
  {
    MutexLock lock(mu);
    auto it = per_address.find(address);
    size_t from_here = it == per_address.end() ? 0 : it->second;
    if (from_here >= kMaxConnectionsPerAddress)
      if (auto v = eviction_victim(&address, nullptr)) victims.push_back(std::move(v));
    if (connections.size() >= kEvictFrom && victims.empty())
      if (auto v = eviction_victim(nullptr, nullptr)) victims.push_back(std::move(v));
    // A victim closes on its own strand soon: counted until then, so the bounds hold.
    admitted = connections.size() < kMaxConnections &&
               (from_here < kMaxConnectionsPerAddress || !victims.empty());
    if (admitted) {
      ++per_address[address];
    } else {
      ++refused;
      auto now = std::chrono::steady_clock::now();
      if (now - last_refusal_log > 10s) {
        last_refusal_log = now;
        log("连接过多：已拒绝 " + std::to_string(refused) + " 个连接（最近一个来自 " + address + "）");
      }
    }
  }
  for (auto& v : victims) v->post_close();
  return admitted;
}

std::shared_ptr<ConnectionBase> Server::eviction_victim(const std::string* address,
                                                        const std::string* person) {
  // Rank: fresh before idle, no login before a login, then the longest quiet.
  std::shared_ptr<ConnectionBase> best;
  std::tuple<int, int, int64_t> best_rank{};
  for (auto& [raw, weak] : connections) {
    auto phase = raw->phase();
    if (phase != ConnectionBase::kFresh && phase != ConnectionBase::kIdle) continue;
    if (address && raw->remote() != *address) continue;
    if (person && raw->person_ != *person) continue;
    std::tuple<int, int, int64_t> rank{phase == ConnectionBase::kFresh ? 0 : 1,
                                       raw->person_.empty() ? 0 : 1, raw->active_ms()};
    if (best && !(rank < best_rank)) continue;
    if (auto c = weak.lock()) {
      best = std::move(c);
      best_rank = rank;
    }
  }
  return best;
}

bool Server::take_share(const std::string& person) {
  MutexLock lock(mu);
  size_t& n = in_flight_of[person];
  if (n >= share_per_person()) return false;
  ++n;
  return true;
}

void Server::give_back_share(const std::string& person) {
  MutexLock lock(mu);
  auto it = in_flight_of.find(person);
  if (it != in_flight_of.end() && --it->second == 0) in_flight_of.erase(it);
}

void Server::claim(ConnectionBase* c, const std::string& person) {
  std::shared_ptr<ConnectionBase> victim;
  {
    MutexLock lock(mu);
    if (c->person_ == person) return;
    if (!c->person_.empty())
      if (auto it = per_person.find(c->person_); it != per_person.end() && --it->second == 0)
        per_person.erase(it);
    c->person_ = person;
    if (++per_person[person] > kMaxConnectionsPerLogin) victim = eviction_victim(nullptr, &person);
  }
  if (victim) {
    log("连接过多：" + person + " 的连接超过 " + std::to_string(kMaxConnectionsPerLogin) +
        " 条，已关闭其中空闲最久的一条");
    victim->post_close();
  }
}

void Server::connections_add(const std::shared_ptr<ConnectionBase>& c) {
  {
    MutexLock lock(mu);
    connections.emplace(c.get(), c);
  }
}

void Server::shutdown_all() {
  error_code ec;
  acceptor.close(ec);
  accept_retry.cancel();
  asio::post(login_strand, [this] { login_timer.cancel(); });
  std::unordered_map<LoginPacer::Ticket, WaitingLogin> waiting;  // let go outside the lock
  {
    MutexLock lock(login_mu);
    waiting.swap(waiting_logins);
  }
  for (auto& [ticket, w] : waiting) w.connection->post_close();
  std::vector<std::shared_ptr<ConnectionBase>> all;
  {
    MutexLock lock(mu);
    for (auto& [raw, weak] : connections)
      if (auto c = weak.lock()) all.push_back(std::move(c));
  }
  for (auto& c : all) c->post_close();
}

void Server::sweep() {
  sweep_pending = false;
  std::vector<std::shared_ptr<ConnectionBase>> listening;
  {
    MutexLock lock(mu);
    for (auto& [token, list] : feeds)
      for (auto& [raw, weak] : list)
        if (auto c = weak.lock()) listening.push_back(std::move(c));
  }
  for (auto& c : listening) c->wake();
}

namespace {

http::Response login_refusal(int64_t retry_after_ms) {
  Reply r = login_wait_refusal(retry_after_ms);
  http::Response res = http::json_response(r);
  res.headers.emplace_back("Retry-After", r.body["retry_after_s"].dump());
  return res;
}

}  // namespace

void Server::begin_login(const std::shared_ptr<ConnectionBase>& c, http::Request req) {
  LoginPacer& pacer = service.login_pacer();
  LoginPacer::Admission a = pacer.submit(req.remote_addr, service.clock().now_ms());
  if (a.turn == LoginPacer::Turn::kNow) {
    req.login_turn = true;
    return c->run(std::move(req), "");
  }
  if (a.turn == LoginPacer::Turn::kRefused) return c->answer(login_refusal(a.retry_after_ms));
  {
    MutexLock lock(login_mu);
    waiting_logins[a.ticket] = WaitingLogin{c, std::move(req)};
  }
  asio::post(login_strand, [this] { pump_logins(); });
}

void Server::pump_logins() {
  if (stopping) return;
  LoginPacer& pacer = service.login_pacer();
  const int64_t now = service.clock().now_ms();
  LoginPacer::Due due = pacer.poll(now);
  auto take = [&](LoginPacer::Ticket t) -> std::optional<WaitingLogin> {
    MutexLock lock(login_mu);
    auto it = waiting_logins.find(t);
    if (it == waiting_logins.end()) return std::nullopt;
    WaitingLogin w = std::move(it->second);
    waiting_logins.erase(it);
    return w;
  };
  for (LoginPacer::Ticket t : due.granted) {
    auto w = take(t);
    if (!w) continue;
    if (w->connection->phase() == ConnectionBase::kClosed) {  // closed while it waited: turn unused
      pacer.settle(w->req.remote_addr, false, now);
      continue;
    }
    w->req.login_turn = true;
    w->connection->run(std::move(w->req), "");
  }
  for (LoginPacer::Ticket t : due.expired)
    if (auto w = take(t)) w->connection->answer(login_refusal(pacer.limits().max_wait_ms / 4));
  if (due.next_ms < 0) return;
  login_timer.expires_after(std::chrono::milliseconds(std::max<int64_t>(1, due.next_ms - now)));
  login_timer.async_wait([this](error_code ec) {
    if (ec) return;
    try {
      pump_logins();
    } catch (...) {
      log("错误：登录排队出错");
    }
  });
}

void Server::register_feed(const std::shared_ptr<ConnectionBase>& c, const std::string& token_hash,
                           const std::string& person) {
  std::vector<std::shared_ptr<ConnectionBase>> closing;
  {
    MutexLock lock(mu);
    auto add = [&](FeedList& list, size_t limit) {
      std::erase_if(list, [](const auto& e) { return e.second.expired(); });
      list.emplace_back(c.get(), c);
      if (list.size() > limit) {
        if (auto oldest = list.front().second.lock()) closing.push_back(std::move(oldest));
        list.pop_front();
      }
    };
    add(feeds[token_hash], kMaxFeedsPerToken);
    add(feeds_of_person[person], kMaxFeedsPerPerson);
  }
  for (auto& oldest : closing) {
    log("实时推送：同一登录（" + person + "）的推送连接过多，已关闭最早的一条（来自 " +
        oldest->remote() + "）");
    oldest->post_close();
  }
}

void Server::unregister_feed(const ConnectionBase* c, const std::string& token_hash,
                             const std::string& person) {
  MutexLock lock(mu);
  auto remove = [c](std::unordered_map<std::string, FeedList>& lists, const std::string& key) {
    auto it = lists.find(key);
    if (it == lists.end()) return;
    std::erase_if(it->second, [c](const auto& e) { return e.first == c || e.second.expired(); });
    if (it->second.empty()) lists.erase(it);
  };
  remove(feeds, token_hash);
  remove(feeds_of_person, person);
}

void Server::end_feeds(const std::vector<std::string>& token_hashes, const char* reason) {
  std::vector<std::shared_ptr<ConnectionBase>> ending;
  {
    MutexLock lock(mu);
    for (const std::string& hash : token_hashes) {
      auto it = feeds.find(hash);
      if (it == feeds.end()) continue;
      for (auto& [raw, weak] : it->second)
        if (auto c = weak.lock()) ending.push_back(std::move(c));
      feeds.erase(it);
    }
  }
  for (auto& c : ending) c->end_feed(reason);
}

}  // namespace http_transport

struct HttpApi::Impl : http_transport::Server {
  using http_transport::Server::Server;
};

HttpApi::HttpApi(ContestService& service, HttpOptions options)
    : impl_(std::make_unique<Impl>(service, std::move(options))) {
  // Called on the writer thread after each commit: one sweep at a time wakes every listener.
  http_transport::Server* s = impl_.get();
  service.set_commit_listener([s] {
    try {
      if (!s->sweep_pending.exchange(true))
        http_transport::asio::post(s->io, [s] {
          try {
            s->sweep();
          } catch (...) {
            s->log("错误：通知实时推送失败");
          }
        });
    } catch (...) {
    }
  });
  // A login that ends closes its live feeds at once (a lost tablet stops receiving).
  service.set_session_end_listener([s](const std::vector<std::string>& token_hashes, const char* reason) {
    try {
      s->end_feeds(token_hashes, reason);
    } catch (...) {
      s->log("错误：关闭已失效登录的实时推送失败");
    }
  });
}

HttpApi::~HttpApi() {
  impl_->service.set_commit_listener(nullptr);  // returns once no call is in progress
  impl_->service.set_session_end_listener(nullptr);
  stop();
  impl_->workers.join();
}

Result<int> HttpApi::bind(const std::string& host, int port) { return impl_->bind(host, port); }

void HttpApi::serve() {
  http_transport::Server& s = *impl_;
  if (s.stopping || !s.acceptor.is_open()) return;
  s.accept();
  auto run = [&s] {
    // The exception barrier of an I/O thread: a handler that throws is logged, the loop goes on.
    for (;;) {
      try {
        s.io.run();
        return;
      } catch (const std::exception& e) {
        s.log(std::string("错误：网络线程：") + e.what());
      } catch (...) {
        s.log("错误：网络线程：未知异常");
      }
    }
  };
  std::vector<std::thread> threads;
  for (int i = 1; i < http_transport::kIoThreads; ++i) threads.emplace_back(run);
  ready_ = true;
  run();
  for (auto& t : threads) t.join();
  ready_ = false;
  s.workers.join();  // answers still being computed finish (a change waits for its commit)
}

void HttpApi::stop() {
  http_transport::Server& s = *impl_;
  if (s.stopping.exchange(true)) return;
  s.service.release_listeners();
  http_transport::asio::post(s.io, [&s] {
    try {
      s.shutdown_all();
    } catch (...) {
      s.io.stop();
    }
  });
}

}  // namespace lf
