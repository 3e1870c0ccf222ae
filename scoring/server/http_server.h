// The HTTP layer's insides, shared by its two files (lf_server only; nothing else includes
// this, and only these two files compile Boost.Beast): http_api.cpp holds the Server — the
// listening socket, admission and the connection caps, the registries of connections and live
// feeds, the paced logins, the worker pool — and http_connection.cpp one connection: its
// transport (TLS or plain), reading a request under its deadlines, handing it to a worker and
// writing the answer, and the SSE live feed. The limits are named here, each with why.
//
// Thread-safety: the Server's registries are guarded by `mu` (logins by `login_mu`); a
// connection runs on its own strand of the two I/O threads, and its virtual calls may come from
// any thread (they post to the strand).
#pragma once

#include <openssl/ssl.h>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdio>
#include <deque>
#include <mutex>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "scoring/engine/mutex.h"
#include "scoring/protocol/protocol.h"
#include "scoring/protocol/session_end.h"
#include "scoring/server/http_api.h"
#include "scoring/server/http_routes.h"

namespace lf::http_transport {

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
inline std::string chunk(std::string_view data) {
  char size[24];
  std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  std::string out = size;
  out.append(data);
  out += "\r\n";
  return out;
}

class ConnectionBase;

// Everything but the public face: the sockets, the registries, the worker pool.
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
  std::unordered_map<std::string, size_t> in_flight_of
      LF_GUARDED_BY(mu);  // requests in flight, by person
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
  asio::thread_pool workers;        // destroyed (joined) first
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

inline int64_t steady_ms() {
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
    if (auto it = server_.per_address.find(remote_);
        it != server_.per_address.end() && --it->second == 0)
      server_.per_address.erase(it);
    if (!person_.empty())
      if (auto it = server_.per_person.find(person_);
          it != server_.per_person.end() && --it->second == 0)
        server_.per_person.erase(it);
  }
  virtual void start() = 0;       // once, after the Server has registered it
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

// A connection over the accepted `socket` (TLS when the server has a certificate), not yet
// started: the Server registers it, then start()s it. Defined in http_connection.cpp.
std::shared_ptr<ConnectionBase> make_connection(Server& server, tcp::socket socket,
                                                std::string address);

}  // namespace lf::http_transport
