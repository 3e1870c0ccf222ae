// One connection of the HTTP layer (http_server.h): its transport, its requests and its live
// feed. Two I/O threads run every socket; a request, once read whole, goes to a bounded worker
// pool (handlers may wait a few ms for a commit) and its answer comes back to the connection's
// strand to be written. A connection waiting for a request, dribbling one in, or listening to
// the live feed costs a socket and a few hundred bytes, never a thread.
#include "scoring/server/http_server.h"

namespace lf::http_transport {

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

  void start() override {
    asio::dispatch(sock().get_executor(),
                   [self = this->shared_from_this()] { self->guard([&] { self->begin(); }); });
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
    asio::post(sock().get_executor(),
               [self = this->shared_from_this()] { self->guard([&] { self->poll(); }); });
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
      stream_.async_read_some(buffer_.prepare(4096),
                              [self = this->shared_from_this()](error_code ec, size_t n) {
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
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = this->shared_from_this()](error_code ec, size_t) {
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
      asio::async_write(stream_, asio::buffer(kContinue),
                        [self = this->shared_from_this()](error_code ec, size_t) {
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
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = this->shared_from_this()](error_code ec, size_t) {
                        self->guard([&] {
                          if (ec) return self->on_read_error(ec);
                          self->dispatch();
                        });
                      });
  }

  void on_read_error(error_code ec) {
    if (closed_) return;
    if (ec == bhttp::error::body_limit)
      return refuse(413,
                    "请求太大（最多 " + std::to_string(protocol::kMaxBodyBytes / 1024) + " KiB）");
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
      return send_held(
          http::json_error(ErrorKind::too_many, "同一登录同时进行的请求太多，请稍后再试"));
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
    keepalive_.async_wait(
        [self = this->shared_from_this(), r = std::move(r)](error_code ec) mutable {
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
      server_.log("请求 " + method_ + " " + path_ + " → " + std::to_string(r.status) + "（来自 " +
                  remote_ + "）");
    res_.emplace();
    res_->version(version_ == 10 ? 10 : 11);
    res_->result(unsigned(r.status));
    if (!r.content_type.empty()) res_->set(bhttp::field::content_type, r.content_type);
    for (const auto& [name, value] : r.headers) res_->set(name, value);
    res_->body() = std::move(r.body);
    res_->keep_alive(keep_alive);
    res_->prepare_payload();
    arm(kWriteTimeout);
    bhttp::async_write(stream_, *res_,
                       [self = this->shared_from_this(), keep_alive](error_code ec, size_t) {
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
    stream_.async_read_some(asio::buffer(sink_),
                            [self = this->shared_from_this()](error_code ec, size_t) {
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
      server_.log("实时推送：" + remote_ +
                  " 长时间不接收（积压超过 1 MiB），已断开；它可重新连接后接着收");
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
    asio::async_write(stream_, asio::buffer(inflight_),
                      [self = this->shared_from_this()](error_code ec, size_t) {
                        self->guard([&] {
                          self->writing_ = false;
                          self->inflight_.clear();
                          if (ec) return self->close();
                          self->disarm();
                          if (self->ended_)
                            return self->pending_.empty() ? self->close() : self->flush();
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
    pending_ = chunk(std::string("event: ") + protocol::session_end::kEvent +
                     "\ndata: " + data.dump() + "\n\n") +
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

std::shared_ptr<ConnectionBase> make_connection(Server& server, tcp::socket socket,
                                                std::string address) {
  if (server.tls)
    return std::make_shared<Connection<ssl::stream<tcp::socket>>>(
        server, ssl::stream<tcp::socket>(std::move(socket), *server.tls), std::move(address));
  return std::make_shared<Connection<tcp::socket>>(server, std::move(socket), std::move(address));
}

}  // namespace lf::http_transport
