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
#include <tuple>
#include <unordered_map>
#include <vector>

#include "scoring/protocol/protocol.h"
#include "scoring/protocol/session_end.h"
#include "scoring/server/http_routes.h"
#include "scoring/engine/mutex.h"

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
// A keep-alive connection with no request for 60 s is closed. Clients reconnect in a
// millisecond; tablets that sleep come back anyway.
constexpr auto kIdleTimeout = 60s;
// A new connection must finish its TLS handshake within 5 s and send its first request's
// first byte within 10 s: a real client does both at once; a half-open or silent connection
// (one that only holds a place) is closed soon.
constexpr auto kHandshakeTimeout = 5s;
constexpr auto kFirstRequestTimeout = 10s;
// An answer the client does not take within 30 s: the connection is dead or hostile.
constexpr auto kWriteTimeout = 30s;
// A request refused for coming too often (429: a login's or a person's rate, their share of the
// workers) is answered after this long, not at once. A client that loops on its refusals (issue
// 23: one insider login on 200 connections was refused ~9,700 times a second, and making those
// refusals was what slowed the judges) then asks once per hold per connection; the wait costs a
// timer, not a worker or a core. Short beside how long a person waits before trying again.
constexpr auto kRefusalHold = 1s;
// After an answer that closes the connection, unread input is drained for up to 2 s so the
// close does not reset the connection before the client has read the answer (a 413 sent
// while the client is still sending its body).
constexpr auto kLingerTime = 2s;
// Request headers: a real one is under 1 KiB (a token is 64 hex digits).
constexpr uint32_t kHeaderLimit = 8 * 1024;
// Open connections in all, from one address and of one login (person). A hall has a few
// hundred devices, maybe all behind one NAT address, each with a live feed and a connection
// or two for requests. Beyond the total a connection is closed at accept, so file
// descriptors (RLIMIT_NOFILE is raised to the hard limit at start) are never exhausted and
// the SQLite files can always be opened. From kEvictFrom on, each new connection makes room:
// the oldest connection that has not sent a request yet goes first, then the one idle for
// longest without a valid login, then the one idle for longest (never one with a request in
// progress, never a live feed). An address at its bound makes room among its own the same
// way; a login at its bound closes its own connection idle for longest.
constexpr size_t kMaxConnections = 4096;
constexpr size_t kEvictFrom = kMaxConnections - 256;
constexpr size_t kMaxConnectionsPerAddress = kMaxConnections / 4;
constexpr size_t kMaxConnectionsPerLogin = 16;
// Connections the kernel holds before accept(): a hall of tablets reconnecting at once after a
// Wi-Fi drop must not get resets (Linux caps it at net.core.somaxconn, 4096 on Debian 12).
constexpr int kListenBacklog = 4096;
// Live feed: a keepalive comment every HttpOptions::feed_keepalive (15 s) lets both ends notice
// a dead link (clients give up after 40 s of silence) and keeps the feed's login in use.
// A listener that does not read: once 1 MiB (thousands of events) is waiting for it, it is
// closed; it reconnects and resumes from its Last-Event-ID, so nothing is lost.
constexpr size_t kMaxUnsentFeedBytes = 1 << 20;
// A write to a listener stuck this long: the connection is dead.
constexpr auto kFeedWriteStall = 60s;
// Live feeds per login: a display or console needs one; a few allow a reconnect to overlap the
// old connection. A 5th closes the oldest of that login; and one person (a display code used
// by several projectors, or logging in again and again) has at most 8, the oldest closed.
constexpr size_t kMaxFeedsPerToken = 4;
constexpr size_t kMaxFeedsPerPerson = 8;
// A live feed is closed after an hour; its client reconnects with Last-Event-ID (its token
// checked again) and misses nothing.
constexpr auto kFeedLifetime = 1h;
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
  // POST /api/login: waits for its turn (login_pacer.h) holding no thread, then runs on a
  // worker like any request; or is answered 429 at once (its code unread).
  void begin_login(const std::shared_ptr<ConnectionBase>& c, http::Request req);
  void pump_logins();  // on login_strand: grants the turns that have come, re-arms the timer
  // A feed is registered by its token's hash (sha256_hex), as the service names ended logins.
  void register_feed(const std::shared_ptr<ConnectionBase>& c, const std::string& token_hash,
                     const std::string& person);
  void unregister_feed(const ConnectionBase* c, const std::string& token_hash,
                       const std::string& person);
  // A person's share of the workers: at most share_per_person() of their requests in flight
  // at once; take_share() is false when they have them all (the request is answered 429).
  size_t share_per_person() const { return size_t(std::max(2, options.threads / 4)); }
  bool take_share(const std::string& person);
  void give_back_share(const std::string& person);
  // A request of `person` was answered on `c`: c counts against that login from now on.
  void claim(ConnectionBase* c, const std::string& person);
  // Logins that ended (ContestService's session-end listener, any thread): each of their feeds
  // gets a last event naming the reason and is closed.
  void end_feeds(const std::vector<std::string>& token_hashes, const char* reason);

  ContestService& service;
  HttpOptions options;
  http::Routes routes;

  // Registries (mu guards them). Entries are weak: a connection lives while its operations do.
  Mutex mu;
  std::unordered_map<const ConnectionBase*, std::weak_ptr<ConnectionBase>> connections
      LF_GUARDED_BY(mu);
  std::unordered_map<std::string, size_t> per_address LF_GUARDED_BY(mu);
  std::unordered_map<std::string, size_t> per_person LF_GUARDED_BY(mu);
  std::unordered_map<std::string, size_t> in_flight_of LF_GUARDED_BY(mu);  // requests in flight, by person
  using FeedList = std::deque<std::pair<const ConnectionBase*, std::weak_ptr<ConnectionBase>>>;
  std::unordered_map<std::string, FeedList> feeds LF_GUARDED_BY(mu);            // by token
  std::unordered_map<std::string, FeedList> feeds_of_person LF_GUARDED_BY(mu);  // by person
  size_t refused LF_GUARDED_BY(mu) = 0;
  std::chrono::steady_clock::time_point last_refusal_log LF_GUARDED_BY(mu){};

  // Declared after the registries: destroying io destroys the connections still queued in
  // it, and their destructors use the registries.
  asio::io_context io{kIoThreads};
  tcp::acceptor acceptor{io};
  asio::steady_timer accept_retry{io};
  asio::thread_pool workers;  // destroyed (joined) first
  std::optional<ssl::context> tls;  // HTTPS (options.tls): made by bind()
  // Logins waiting for their turn, by the pacer's ticket (guarded by login_mu); the timer
  // that wakes pump_logins() runs on login_strand.
  struct WaitingLogin {
    std::shared_ptr<ConnectionBase> connection;  // no operation of its own holds it meanwhile
    http::Request req;
  };
  Mutex login_mu;
  std::unordered_map<LoginPacer::Ticket, WaitingLogin> waiting_logins LF_GUARDED_BY(login_mu);
  asio::strand<asio::io_context::executor_type> login_strand{io.get_executor()};
  asio::steady_timer login_timer{login_strand};
  std::atomic<bool> sweep_pending{false};
  std::atomic<bool> stopping{false};
  std::atomic<int> in_flight{0};  // requests posted to the workers and not yet answered

 private:
  void on_accept(error_code ec, tcp::socket socket);
  bool admit_connection(const std::string& address);
  void connections_add(const std::shared_ptr<ConnectionBase>& c);
  // With mu held: the connection to close to make room (see kEvictFrom), among those from
  // `address` / of `person` when given; null when every one is busy or a live feed.
  std::shared_ptr<ConnectionBase> eviction_victim(const std::string* address,
                                                  const std::string* person) LF_REQUIRES(mu);
};

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// What the registries hold of a connection, whichever its transport.
class ConnectionBase {
 public:
  // What a connection is doing, for choosing which to close to make room.
  enum Phase : int {
    kFresh,  // no request yet (a TLS handshake, or waiting for the first byte)
    kIdle,   // between requests (keep-alive)
    kBusy,   // reading a request, or its answer on its way
    kFeed,   // a live feed
    kClosed,
  };
  ConnectionBase(Server& server, std::string remote)
      : server_(server), remote_(std::move(remote)), active_ms_(steady_ms()) {}
  virtual ~ConnectionBase() {
    MutexLock lock(server_.mu);
    server_.connections.erase(this);
    if (auto it = server_.per_address.find(remote_); it != server_.per_address.end() && --it->second == 0)
      server_.per_address.erase(it);
    if (!person_.empty())
      if (auto it = server_.per_person.find(person_);
          it != server_.per_person.end() && --it->second == 0)
        server_.per_person.erase(it);
  }
  virtual void post_close() = 0;  // from any thread
  virtual void wake() = 0;        // from any thread: new events may be there for this live feed
  // From any thread: handle it on a worker, answer. `person`: the login whose share of the
  // workers it holds (Server::take_share), given back when it is handled; "" for none.
  virtual void run(http::Request req, std::string person) = 0;
  virtual void answer(http::Response res) = 0;  // from any thread: send this answer
  // From any thread: this live feed's login has ended; it sends nothing more but one last event
  // naming `reason` (protocol::session_end), then closes.
  virtual void end_feed(const char* reason) = 0;
  const std::string& remote() const { return remote_; }
  Phase phase() const { return Phase(phase_.load()); }
  int64_t active_ms() const { return active_ms_.load(); }
  // Guarded by server_.mu (the Server reads it through raw pointers to its connections, an
  // alias Clang's analysis cannot follow: not annotated). The login of its last answered
  // request, or "".
  std::string person_;

 protected:
  void set_phase(Phase p) {
    phase_ = p;
    active_ms_ = steady_ms();
  }
  Server& server_;
  std::string remote_;
  std::atomic<int> phase_{kFresh};
  std::atomic<int64_t> active_ms_;
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
  void end_feed(const char* reason) override {
    asio::post(sock().get_executor(), [self = this->shared_from_this(), reason] {
      self->guard([&] { self->finish_feed(reason); });
    });
  }
  void wake() override {
    if (wake_pending_.exchange(true)) return;
    asio::post(sock().get_executor(), [self = this->shared_from_this()] { self->guard([&] { self->poll(); }); });
  }
  void answer(http::Response res) override {
    asio::post(sock().get_executor(),
               [self = this->shared_from_this(), res = std::move(res)]() mutable {
                 self->guard([&] { self->respond(std::move(res)); });
               });
  }
  // Handlers may block (a change waits for its commit): on the worker pool, never on a strand.
  void run(http::Request req, std::string person) override {
    ++server_.in_flight;
    asio::post(server_.workers, [self = this->shared_from_this(), req = std::move(req),
                                 person = std::move(person)]() mutable {
      http::Response res = self->server_.routes.handle(req);  // never throws
      --self->server_.in_flight;
      if (!person.empty()) self->server_.give_back_share(person);
      try {
        self->answer(std::move(res));
      } catch (...) {  // out of memory: drop this connection, keep the worker
        self->server_.log("错误：无法回复请求 " + self->method_ + " " + self->path_ +
                          "（内存不足），已断开这条连接");
        try {
          self->post_close();
        } catch (...) {
        }
      }
    });
  }

 private:
  tcp::socket& sock() { return beast::get_lowest_layer(stream_); }

  // HTTPS: the TLS handshake must finish within the request deadline; a client that does not
  // speak TLS (plain HTTP to this port) fails it and is closed without an answer.
  void begin() {
    if constexpr (kTls) {
      arm(kHandshakeTimeout);
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](error_code ec) {
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
    if (phase() != kFresh) set_phase(kIdle);
    arm(phase() == kFresh ? kFirstRequestTimeout : kIdleTimeout);
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
    set_phase(kBusy);
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
    if (req.method == "POST" && req.path == protocol::path::kLogin) {
      if (auto refusal = server_.routes.refuse_login_early(req)) return send(std::move(*refusal));
      return server_.begin_login(this->shared_from_this(), std::move(req));
    }
    // A login flooding a busy server is refused here, before it takes a worker; and so is a
    // request of a person who has their share of the workers already.
    const int in_flight = server_.in_flight.load();
    std::string person;
    if (auto refusal = server_.routes.admit(
            req, in_flight >= std::max(1, server_.options.threads / 2), person))
      return refusal->status == 429 ? send_held(std::move(*refusal)) : send(std::move(*refusal));
    if (!person.empty() && !server_.take_share(person))
      return send_held(http::json_error(ErrorKind::too_many, "同一登录同时进行的请求太多，请稍后再试"));
    run(std::move(req), std::move(person));
  }

  void respond(http::Response res) {
    if (closed_) return;
    if (!res.person.empty()) server_.claim(this, res.person);
    if (res.feed) return start_feed(std::move(*res.feed));
    send(std::move(res));
  }

  // A 429 after kRefusalHold (the connection reads nothing meanwhile; it stays kBusy, so a
  // person's new connections do not evict it to make room for more asking).
  void send_held(http::Response r) {
    if (closed_) return;
    keepalive_.expires_after(kRefusalHold);  // the feed's timer: this connection is no feed
    keepalive_.async_wait([self = this->shared_from_this(), r = std::move(r)](error_code ec) mutable {
      self->guard([&] {
        if (ec) return self->close();
        self->send(std::move(r));
      });
    });
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
    set_phase(kClosed);
    disarm();
    keepalive_.cancel();
    error_code ec;
    sock().shutdown(tcp::socket::shutdown_both, ec);
    sock().close(ec);
    if (feed_) server_.unregister_feed(this, token_hash_, who_.person);
  }

  // ---- Live feed ----

  void start_feed(http::LiveFeedStart f) {
    feed_ = true;
    set_phase(kFeed);
    feed_until_ = std::chrono::steady_clock::now() + kFeedLifetime;
    who_ = std::move(f.who);
    token_ = std::move(f.token);
    token_hash_ = sha256_hex(token_);
    cursor_ = f.after;
    disarm();
    pending_ =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
        "Transfer-Encoding: chunked\r\n\r\n";
    server_.register_feed(this->shared_from_this(), token_hash_, who_.person);
    drain();  // notices at once when the listener goes away
    // A login that ended between the request's check and the registration above was not seen
    // by end_feeds(): check once more now that it would be.
    if (!server_.service.session(token_)) return finish_feed(server_.service.ended_reason(token_));
    schedule_keepalive();
    wake_pending_ = true;
    poll();
  }

  void poll() {
    wake_pending_ = false;
    if (closed_ || ended_) return;
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
        if (self->ended_) return self->pending_.empty() ? self->close() : self->flush();
        if (self->behind_) return self->poll();
        self->flush();
      });
    });
  }

  // The login's end: whatever was waiting to be sent is dropped (it was read for a login that
  // no longer holds), then the last event and the chunked body's end; close() once written.
  void finish_feed(const char* reason) {
    if (closed_ || ended_) return;
    ended_ = true;
    keepalive_.cancel();
    Json data = {{"reason", reason}, {"error", protocol::session_end::message(reason)}};
    pending_ = chunk(std::string("event: ") + protocol::session_end::kEvent + "\ndata: " + data.dump() + "\n\n") +
               "0\r\n\r\n";
    flush();
  }

  void schedule_keepalive() {
    keepalive_.expires_after(server_.options.feed_keepalive);
    keepalive_.async_wait([self = this->shared_from_this()](error_code ec) {
      if (ec || self->closed_ || self->ended_) return;
      self->guard([&] {
        if (std::chrono::steady_clock::now() >= self->feed_until_ && !self->writing_)
          return self->close();
        // An open feed is a use of its login (idle expiry does not end it); a login past its
        // maximum age, or ended without the listener hearing, ends the feed here.
        if (!self->server_.service.session(self->token_))
          return self->finish_feed(self->server_.service.ended_reason(self->token_));
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
  std::chrono::steady_clock::time_point feed_until_{};
  Session who_;
  std::string token_, token_hash_;
  bool ended_ = false;  // the login ended: the last event is on its way, then close
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
  if (!admit_connection(address)) {
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

http::Response login_refusal(int64_t retry_after_ms) {
  Reply r = login_wait_refusal(retry_after_ms);
  http::Response res = http::json_response(r);
  res.headers.emplace_back("Retry-After", r.body["retry_after_s"].dump());
  return res;
}

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
