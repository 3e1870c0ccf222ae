// The server's HTTP/1.1 transport: Boost.Asio sockets, Boost.Beast parsing. This is the only
// file that compiles Beast. Two I/O threads run every socket; a request, once read whole, goes
// to a bounded worker pool (handlers may wait a few ms for a commit) and its answer comes back
// to the connection's strand to be written. A connection waiting for a request, dribbling one
// in, or listening to the live feed costs a socket and a few hundred bytes, never a thread.
#include "scoring/server/http_api.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <openssl/ssl.h>

#include <cstdio>
#include <deque>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "scoring/protocol/protocol.h"
#include "scoring/server/http_routes.h"

namespace lf {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
using namespace std::chrono_literals;

// ---- Limits. Each one closes a way for a broken or hostile client to hold the server. ----

// Sockets: two threads are plenty for a hall's few hundred connections and leave the cores to
// the handlers and the SQLite writer.
constexpr int kIoThreads = 2;
// A whole request (headers and body) must arrive within 10 s of its first byte: a client
// dribbling a byte a second (slowloris) is cut off instead of holding a connection for ever.
// A tablet's request is a few hundred bytes and arrives in one packet.
constexpr auto kRequestDeadline = 10s;
// A keep-alive connection with no request for 60 s is closed (also a connection that never
// sends a byte). Clients reconnect in a millisecond; tablets that sleep come back anyway.
constexpr auto kIdleTimeout = 60s;
// An answer the client does not take within 30 s: the connection is dead or hostile.
constexpr auto kWriteTimeout = 30s;
// After an answer that closes the connection, unread input is drained for up to 2 s so the
// close does not reset the connection before the client has read the answer (a 413 sent
// while the client is still sending its body).
constexpr auto kLingerTime = 2s;
// Request headers: a real one is under 1 KiB (a token is 64 hex digits).
constexpr uint32_t kHeaderLimit = 8 * 1024;
// Open connections in all and from one address. Generous: a hall has a few hundred devices,
// and a venue's Wi-Fi may put them all behind one NAT address. Beyond them a connection is
// closed at accept, so file descriptors (RLIMIT_NOFILE is raised to the hard limit at start)
// are never exhausted and the SQLite files can always be opened.
constexpr size_t kMaxConnections = 4096;
constexpr size_t kMaxConnectionsPerAddress = 2048;
// Connections the kernel holds before accept(): a hall of tablets reconnecting at once after a
// Wi-Fi drop must not get resets (Linux caps it at net.core.somaxconn, 4096 on Debian 12).
constexpr int kListenBacklog = 4096;
// Live feed: a keepalive comment every 15 s lets both ends notice a dead link (clients give up
// after 40 s of silence).
constexpr auto kFeedKeepalive = 15s;
// A listener that does not read: once 1 MiB (thousands of events) is waiting for it, it is
// closed; it reconnects and resumes from its Last-Event-ID, so nothing is lost.
constexpr size_t kMaxUnsentFeedBytes = 1 << 20;
// A write to a listener stuck this long: the connection is dead.
constexpr auto kFeedWriteStall = 60s;
// Live feeds per login: a display or console needs one; a few allow a reconnect to overlap the
// old connection. A 5th closes the oldest of that login.
constexpr size_t kMaxFeedsPerToken = 4;
// Events fetched per wake-up of one listener.
constexpr size_t kFeedBatch = 256;

// One HTTP/1.1 chunk.
std::string chunk(std::string_view data) {
  char size[24];
  std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  std::string out = size;
  out.append(data);
  out += "\r\n";
  return out;
}

class ConnectionBase;

// Everything but the public face: the sockets, the registries, the worker pool.
class Server {
 public:
  Server(ContestService& service, HttpOptions options)
      : service(service),
        options(std::move(options)),
        routes(service, this->options),
        workers(size_t(std::max(1, this->options.threads))) {}

  void log(const std::string& line) noexcept {
    try {
      options.log(line);
    } catch (...) {
    }
  }
  Result<int> bind(const std::string& host, int port);
  void accept();
  void shutdown_all();
  void sweep();  // wakes every live feed: new events were committed
  void register_feed(const std::shared_ptr<ConnectionBase>& c, const std::string& token);
  void unregister_feed(const ConnectionBase* c, const std::string& token);

  ContestService& service;
  HttpOptions options;
  http::Routes routes;

  // Registries (mu guards them). Entries are weak: a connection lives while its operations do.
  std::mutex mu;
  std::unordered_map<const ConnectionBase*, std::weak_ptr<ConnectionBase>> connections;
  std::unordered_map<std::string, size_t> per_address;
  std::unordered_map<std::string, std::deque<std::pair<const ConnectionBase*, std::weak_ptr<ConnectionBase>>>> feeds;
  size_t refused = 0;
  std::chrono::steady_clock::time_point last_refusal_log{};

  // Declared after the registries: destroying io destroys the connections still queued in
  // it, and their destructors use the registries.
  asio::io_context io{kIoThreads};
  tcp::acceptor acceptor{io};
  asio::steady_timer accept_retry{io};
  asio::thread_pool workers;  // destroyed (joined) first
  std::optional<ssl::context> tls;  // HTTPS (options.tls): made by bind()
  std::atomic<bool> sweep_pending{false};
  std::atomic<bool> stopping{false};
  std::atomic<int> in_flight{0};  // requests posted to the workers and not yet answered

 private:
  void on_accept(error_code ec, tcp::socket socket);
  void connections_add(const std::shared_ptr<ConnectionBase>& c);
};

// What the registries hold of a connection, whichever its transport.
class ConnectionBase {
 public:
  ConnectionBase(Server& server, std::string remote) : server_(server), remote_(std::move(remote)) {}
  virtual ~ConnectionBase() {
    std::lock_guard lock(server_.mu);
    server_.connections.erase(this);
    if (auto it = server_.per_address.find(remote_); it != server_.per_address.end() && --it->second == 0)
      server_.per_address.erase(it);
  }
  virtual void post_close() = 0;  // from any thread
  virtual void wake() = 0;        // from any thread: new events may be there for this live feed
  const std::string& remote() const { return remote_; }

 protected:
  Server& server_;
  std::string remote_;
};

// One connection over `Stream`: tcp::socket (plain HTTP) or ssl::stream<tcp::socket> (HTTPS).
template <class Stream>
class Connection : public ConnectionBase, public std::enable_shared_from_this<Connection<Stream>> {
  static constexpr bool kTls = !std::is_same_v<Stream, tcp::socket>;

 public:
  Connection(Server& server, Stream stream, std::string remote)
      : ConnectionBase(server, std::move(remote)),
        stream_(std::move(stream)),
        timer_(sock().get_executor()),
        keepalive_(sock().get_executor()) {}

  void start() {
    asio::dispatch(sock().get_executor(), [self = this->shared_from_this()] {
      self->guard([&] { self->begin(); });
    });
  }
  void post_close() override {
    asio::post(sock().get_executor(), [self = this->shared_from_this()] { self->close(); });
  }
  void wake() override {
    if (wake_pending_.exchange(true)) return;
    asio::post(sock().get_executor(), [self = this->shared_from_this()] { self->guard([&] { self->poll(); }); });
  }

 private:
  tcp::socket& sock() { return beast::get_lowest_layer(stream_); }

  // HTTPS: the TLS handshake must finish within the request deadline; a client that does not
  // speak TLS (plain HTTP to this port) fails it and is closed without an answer.
  void begin() {
    if constexpr (kTls) {
      arm(kRequestDeadline);
      stream_.async_handshake(ssl::stream_base::server, [self = this->shared_from_this()](error_code ec) {
        self->guard([&] {
          if (ec) return self->close();
          self->disarm();
          self->wait_request();
        });
      });
    } else {
      wait_request();
    }
  }

  // The exception barrier of every completion handler: log one line, drop the connection.
  template <class F>
  void guard(F&& f) noexcept {
    try {
      f();
      return;
    } catch (const std::exception& e) {
      log_quietly(std::string("错误：来自 ") + remote_ + " 的连接：" + e.what());
    } catch (...) {
      log_quietly("错误：来自 " + remote_ + " 的连接：未知异常");
    }
    try {
      close();
    } catch (...) {  // the socket is gone either way
    }
  }

  // Logging from the barrier must not throw past it (a full disk, a lock error).
  void log_quietly(const std::string& line) noexcept {
    try {
      server_.log(line);
    } catch (...) {
    }
  }

  // One timer per connection for whichever deadline applies now (idle, request, write).
  void arm(std::chrono::steady_clock::duration d) {
    timer_.expires_after(d);
    timer_.async_wait([self = this->shared_from_this(), gen = ++timer_gen_](error_code ec) {
      if (!ec && gen == self->timer_gen_) self->close();
    });
  }
  void disarm() {
    ++timer_gen_;
    timer_.cancel();
  }

  // ---- Requests ----

  void wait_request() {
    if (closed_) return;
    if (server_.stopping) return close();
    if (buffer_.size() > 0) return read_request();  // pipelined: already here
    // Idle until the first byte: costs nothing but the socket.
    arm(kIdleTimeout);
    if constexpr (kTls) {
      // Through TLS: bytes the socket shows may be only part of a record, and a record may be
      // buffered inside the TLS layer; so read the first decrypted bytes, then the deadline.
      stream_.async_read_some(buffer_.prepare(4096), [self = this->shared_from_this()](error_code ec, size_t n) {
        self->guard([&] {
          if (ec) return self->close();
          self->buffer_.commit(n);
          self->read_request();
        });
      });
    } else {
      sock().async_wait(tcp::socket::wait_read, [self = this->shared_from_this()](error_code ec) {
        self->guard([&] {
          if (ec) return self->close();
          self->read_request();
        });
      });
    }
  }

  void read_request() {
    if (closed_) return;
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    parser_->body_limit(protocol::kMaxBodyBytes);
    method_ = "-";
    path_ = "-";
    arm(kRequestDeadline);  // the whole request, from its first byte
    bhttp::async_read_header(stream_, buffer_, *parser_, [self = this->shared_from_this()](error_code ec, size_t) {
      self->guard([&] { self->on_header(ec); });
    });
  }

  void on_header(error_code ec) {
    if (ec) return on_read_error(ec);
    const auto& h = parser_->get();
    method_ = std::string(h.method_string());
    std::string_view target(h.target().data(), h.target().size());
    path_ = std::string(target.substr(0, target.find('?')));
    if (beast::iequals(h[bhttp::field::expect], "100-continue") && !parser_->is_done()) {
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      asio::async_write(stream_, asio::buffer(kContinue), [self = this->shared_from_this()](error_code ec, size_t) {
        self->guard([&] {
          if (ec) return self->close();
          self->read_body();
        });
      });
      return;
    }
    read_body();
  }

  void read_body() {
    if (parser_->is_done()) return dispatch();
    bhttp::async_read(stream_, buffer_, *parser_, [self = this->shared_from_this()](error_code ec, size_t) {
      self->guard([&] {
        if (ec) return self->on_read_error(ec);
        self->dispatch();
      });
    });
  }

  void on_read_error(error_code ec) {
    if (closed_) return;
    if (ec == bhttp::error::body_limit)
      return refuse(413, "请求太大（最多 " + std::to_string(protocol::kMaxBodyBytes / 1024) + " KiB）");
    if (ec == bhttp::error::header_limit) return refuse(431, "请求头太大（最多 8 KiB）");
    static const auto& http_category = bhttp::make_error_code(bhttp::error::bad_method).category();
    if (ec.category() == http_category && ec != bhttp::error::end_of_stream &&
        ec != bhttp::error::partial_message)
      return refuse(400, "无法读取的 HTTP 请求（" + ec.message() + "）");
    close();  // the client went away, or its request timed out
  }

  // An answer that ends the connection (the request could not be read whole).
  void refuse(int status, const std::string& why) {
    keep_alive_ = false;
    version_ = 11;
    send(http::transport_error(status, why));
  }

  void dispatch() {
    disarm();
    auto msg = parser_->release();
    parser_.reset();
    http::Request req;
    req.method = method_;
    std::string_view target(msg.target().data(), msg.target().size());
    size_t q = target.find('?');
    req.path = http::percent_decode(target.substr(0, q), false);
    if (q != std::string_view::npos) req.params = http::parse_query(target.substr(q + 1));
    req.authorization = std::string(msg[bhttp::field::authorization]);
    req.last_event_id = std::string(msg["Last-Event-ID"]);
    req.if_none_match = std::string(msg[bhttp::field::if_none_match]);
    req.content_type = std::string(msg[bhttp::field::content_type]);
    req.body = std::move(msg.body());
    req.remote_addr = remote_;
    path_ = req.path;
    keep_alive_ = msg.keep_alive();
    version_ = msg.version();
    // A login flooding a busy server is refused here, before it takes a worker.
    const int in_flight = server_.in_flight.load();
    if (auto refusal = server_.routes.admit(req, in_flight >= std::max(1, server_.options.threads / 2)))
      return send(std::move(*refusal));
    // Handlers may block (a change waits for its commit): on the worker pool, never here.
    ++server_.in_flight;
    asio::post(server_.workers, [self = this->shared_from_this(), req = std::move(req)]() mutable {
      http::Response res = self->server_.routes.handle(req);  // never throws
      --self->server_.in_flight;
      try {
        asio::post(self->sock().get_executor(), [self, res = std::move(res)]() mutable {
          self->guard([&] { self->respond(std::move(res)); });
        });
      } catch (...) {  // out of memory: drop this connection, keep the worker
        self->server_.log("错误：无法回复请求 " + self->method_ + " " + self->path_ + "（内存不足），已断开这条连接");
        try {
          self->post_close();
        } catch (...) {
        }
      }
    });
  }

  void respond(http::Response res) {
    if (closed_) return;
    if (res.feed) return start_feed(std::move(*res.feed));
    send(std::move(res));
  }

  void send(http::Response r) {
    if (closed_) return;
    bool keep_alive = keep_alive_ && !server_.stopping;
    if (path_ != protocol::path::kEvents)
      server_.log("请求 " + method_ + " " + path_ + " → " + std::to_string(r.status) + "（来自 " + remote_ + "）");
    res_.emplace();
    res_->version(version_ == 10 ? 10 : 11);
    res_->result(unsigned(r.status));
    if (!r.content_type.empty()) res_->set(bhttp::field::content_type, r.content_type);
    for (const auto& [name, value] : r.headers) res_->set(name, value);
    res_->body() = std::move(r.body);
    res_->keep_alive(keep_alive);
    res_->prepare_payload();
    arm(kWriteTimeout);
    bhttp::async_write(stream_, *res_, [self = this->shared_from_this(), keep_alive](error_code ec, size_t) {
      self->guard([&] {
        self->res_.reset();
        if (ec) return self->close();
        if (!keep_alive) return self->linger_close();
        self->wait_request();
      });
    });
  }

  void linger_close() {
    if (closed_) return;
    error_code ec;
    sock().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return close();
    arm(kLingerTime);
    drain();
  }
  // Reads and drops whatever the peer sends until it closes (or the timer closes us).
  void drain() {
    stream_.async_read_some(asio::buffer(sink_), [self = this->shared_from_this()](error_code ec, size_t) {
      self->guard([&] {
        if (ec || self->closed_) return self->close();
        self->drain();
      });
    });
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    disarm();
    keepalive_.cancel();
    error_code ec;
    sock().shutdown(tcp::socket::shutdown_both, ec);
    sock().close(ec);
    if (feed_) server_.unregister_feed(this, token_);
  }

  // ---- Live feed ----

  void start_feed(http::LiveFeedStart f) {
    feed_ = true;
    who_ = std::move(f.who);
    token_ = std::move(f.token);
    cursor_ = f.after;
    disarm();
    pending_ =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
        "Transfer-Encoding: chunked\r\n\r\n";
    server_.register_feed(this->shared_from_this(), token_);
    drain();  // notices at once when the listener goes away
    schedule_keepalive();
    wake_pending_ = true;
    poll();
  }

  void poll() {
    wake_pending_ = false;
    if (closed_) return;
    // While catching up on a backlog, the next batch waits for the last one to be written.
    if (writing_ && behind_) return;
    auto events = server_.service.events_after(who_, cursor_, kFeedBatch, 0ms);
    behind_ = events.size() >= kFeedBatch;
    if (!events.empty()) pending_ += chunk(http::sse_frames(events));
    if (pending_.size() > kMaxUnsentFeedBytes) {
      server_.log("实时推送：" + remote_ + " 长时间不接收（积压超过 1 MiB），已断开；它可重新连接后接着收");
      return close();
    }
    flush();
  }

  void flush() {
    if (closed_ || writing_ || pending_.empty()) return;
    inflight_.swap(pending_);
    pending_.clear();
    writing_ = true;
    arm(kFeedWriteStall);
    asio::async_write(stream_, asio::buffer(inflight_), [self = this->shared_from_this()](error_code ec, size_t) {
      self->guard([&] {
        self->writing_ = false;
        self->inflight_.clear();
        if (ec) return self->close();
        self->disarm();
        if (self->behind_) return self->poll();
        self->flush();
      });
    });
  }

  void schedule_keepalive() {
    keepalive_.expires_after(kFeedKeepalive);
    keepalive_.async_wait([self = this->shared_from_this()](error_code ec) {
      if (ec || self->closed_) return;
      self->guard([&] {
        if (!self->writing_ && self->pending_.empty()) {
          self->pending_ = chunk(": keepalive\n\n");
          self->flush();
        }
        self->schedule_keepalive();
      });
    });
  }

  Stream stream_;  // its lowest layer's executor is this connection's strand
  asio::steady_timer timer_;
  asio::steady_timer keepalive_;
  uint64_t timer_gen_ = 0;
  bool closed_ = false;

  beast::flat_buffer buffer_{16 * 1024};
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::optional<bhttp::response<bhttp::string_body>> res_;
  std::string method_ = "-", path_ = "-";
  bool keep_alive_ = true;
  unsigned version_ = 11;
  char sink_[1024];

  bool feed_ = false;
  Session who_;
  std::string token_;
  int64_t cursor_ = 0;
  std::string pending_, inflight_;
  bool writing_ = false;
  bool behind_ = false;
  std::atomic<bool> wake_pending_{false};
};

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
  bool admitted = false;
  {
    std::lock_guard lock(mu);
    auto it = per_address.find(address);
    size_t from_here = it == per_address.end() ? 0 : it->second;
    admitted = connections.size() < kMaxConnections && from_here < kMaxConnectionsPerAddress;
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
  if (!admitted) {
    socket.close(e);
    return accept();
  }
  socket.set_option(tcp::no_delay(true), e);  // small answers: no Nagle + delayed-ACK wait
  std::shared_ptr<ConnectionBase> c;
  if (tls) {
    auto tc = std::make_shared<Connection<ssl::stream<tcp::socket>>>(
        *this, ssl::stream<tcp::socket>(std::move(socket), *tls), address);
    c = tc;
    connections_add(c);
    tc->start();
  } else {
    auto pc = std::make_shared<Connection<tcp::socket>>(*this, std::move(socket), address);
    c = pc;
    connections_add(c);
    pc->start();
  }
  accept();
}

void Server::connections_add(const std::shared_ptr<ConnectionBase>& c) {
  {
    std::lock_guard lock(mu);
    connections.emplace(c.get(), c);
  }
}

void Server::shutdown_all() {
  error_code ec;
  acceptor.close(ec);
  accept_retry.cancel();
  std::vector<std::shared_ptr<ConnectionBase>> all;
  {
    std::lock_guard lock(mu);
    for (auto& [raw, weak] : connections)
      if (auto c = weak.lock()) all.push_back(std::move(c));
  }
  for (auto& c : all) c->post_close();
}

void Server::sweep() {
  sweep_pending = false;
  std::vector<std::shared_ptr<ConnectionBase>> listening;
  {
    std::lock_guard lock(mu);
    for (auto& [token, list] : feeds)
      for (auto& [raw, weak] : list)
        if (auto c = weak.lock()) listening.push_back(std::move(c));
  }
  for (auto& c : listening) c->wake();
}

void Server::register_feed(const std::shared_ptr<ConnectionBase>& c, const std::string& token) {
  std::shared_ptr<ConnectionBase> oldest;
  {
    std::lock_guard lock(mu);
    auto& list = feeds[token];
    std::erase_if(list, [](const auto& e) { return e.second.expired(); });
    list.emplace_back(c.get(), c);
    if (list.size() > kMaxFeedsPerToken) {
      oldest = list.front().second.lock();
      list.pop_front();
    }
  }
  if (oldest) {
    log("实时推送：同一登录开了第 " + std::to_string(kMaxFeedsPerToken + 1) + " 条推送连接，已关闭最早的一条（来自 " +
        oldest->remote() + "）");
    oldest->post_close();
  }
}

void Server::unregister_feed(const ConnectionBase* c, const std::string& token) {
  std::lock_guard lock(mu);
  auto it = feeds.find(token);
  if (it == feeds.end()) return;
  std::erase_if(it->second, [c](const auto& e) { return e.first == c || e.second.expired(); });
  if (it->second.empty()) feeds.erase(it);
}

}  // namespace

struct HttpApi::Impl : Server {
  using Server::Server;
};

HttpApi::HttpApi(ContestService& service, HttpOptions options)
    : impl_(std::make_unique<Impl>(service, std::move(options))) {
  // Called on the writer thread after each commit: one sweep at a time wakes every listener.
  Server* s = impl_.get();
  service.set_commit_listener([s] {
    try {
      if (!s->sweep_pending.exchange(true))
        asio::post(s->io, [s] {
          try {
            s->sweep();
          } catch (...) {
            s->log("错误：通知实时推送失败");
          }
        });
    } catch (...) {
    }
  });
}

HttpApi::~HttpApi() {
  impl_->service.set_commit_listener(nullptr);  // returns once no call is in progress
  stop();
  impl_->workers.join();
}

Result<int> HttpApi::bind(const std::string& host, int port) { return impl_->bind(host, port); }

void HttpApi::serve() {
  Server& s = *impl_;
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
  for (int i = 1; i < kIoThreads; ++i) threads.emplace_back(run);
  ready_ = true;
  run();
  for (auto& t : threads) t.join();
  ready_ = false;
  s.workers.join();  // answers still being computed finish (a change waits for its commit)
}

void HttpApi::stop() {
  Server& s = *impl_;
  if (s.stopping.exchange(true)) return;
  s.service.release_listeners();
  asio::post(s.io, [&s] {
    try {
      s.shutdown_all();
    } catch (...) {
      s.io.stop();
    }
  });
}

}  // namespace lf
