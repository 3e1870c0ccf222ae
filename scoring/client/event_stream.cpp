#include "scoring/client/event_stream.h"

#include "scoring/client/http_client.h"
#include "scoring/protocol/protocol.h"
#include "scoring/protocol/session_end.h"
#include "scoring/engine/mutex.h"

namespace lf {

EventStream::EventStream(ServerAddress server, std::string token, int64_t after,
                         EventHandler on_event, ConnectionHandler on_connection)
    : server_(std::move(server)),
      token_(std::move(token)),
      last_seq_(after),
      on_event_(std::move(on_event)),
      on_connection_(std::move(on_connection)) {
  if (server_.tls && !server_.pin) server_.pin = std::make_shared<CertificatePin>("", server_.text(), server_.fingerprint);
}

EventStream::~EventStream() { stop(); }

void EventStream::start() {
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void EventStream::stop() {
  stopping_ = true;
  {
    MutexLock lock(mu_);
    if (active_) active_->stop();
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void EventStream::run() {
  // The thread's exception barrier: nothing a server sends may end the program; the stream
  // starts over after a pause (it resumes from last_seq_, so nothing is missed or repeated).
  while (!stopping_) {
    try {
      run_connections();
      return;
    } catch (const std::exception& e) {
      if (on_connection_) on_connection_(false, std::string("内部错误：") + e.what());
    } catch (...) {
      if (on_connection_) on_connection_(false, "内部错误");
    }
    MutexLock lock(mu_);
    cv_.wait_for(lock, std::chrono::milliseconds(1000), [&]() LF_REQUIRES(mu_) { return stopping_.load(); });
  }
}

void EventStream::run_connections() {
  int backoff_ms = 250;
  while (!stopping_) {
    httplib::Client c = open_http_client(server_);
    c.set_connection_timeout(3, 0);
    // The server sends a keepalive every 15 s: silence for longer means the link is dead.
    c.set_read_timeout(40, 0);
    c.set_bearer_token_auth(token_);
    {
      MutexLock lock(mu_);
      if (stopping_) break;
      active_ = &c;
    }
    // Why the login ended, from the feed's last event or a 401's body: {reason, error}.
    Json ended;
    std::string refusal;  // a refusal's body (bounded)
    SseParser parser([&](const SseEvent& e) {
      if (e.event == protocol::session_end::kEvent) {
        ended = Json::parse(e.data, nullptr, false);
        if (!ended.is_object()) ended = Json::object();
        return;
      }
      if (e.id <= last_seq_) return;  // never twice
      last_seq_ = e.id;
      try {
        on_event_(e);
      } catch (...) {
        // A handler that cannot read one event skips it; the stream goes on.
      }
    });
    httplib::Headers headers = {{"Last-Event-ID", std::to_string(last_seq_.load())}};
    int status = 0;
    auto r = c.Get(
        protocol::path::kEvents, headers,
        [&](const httplib::Response& res) {
          status = res.status;
          if (res.status == 200 && on_connection_) {
            on_connection_(true, "");
          }
          return res.status == 200 || res.status == 401;  // a 401's body says why
        },
        [&](const char* data, size_t n) {
          if (status != 200) {
            if (refusal.size() < protocol::kMaxBodyBytes) refusal.append(data, n);
            return !stopping_.load();
          }
          parser.feed(std::string_view(data, n));
          backoff_ms = 250;
          return !stopping_.load();
        });
    {
      MutexLock lock(mu_);
      active_ = nullptr;
    }
    if (stopping_) break;
    if (status == 401) ended = Json::parse(refusal, nullptr, false);
    if ((status == 401 || ended.is_object()) && on_session_ended_) {
      // The token will never work again: say why, and stop (the owner logs in again).
      const char* reason = protocol::session_end::normalized(json_string(ended, "reason"));
      on_session_ended_(reason);
      if (on_connection_) on_connection_(false, protocol::session_end::message(reason));
      return;
    }
    std::string why = status == 401 ? "not logged in (401)"
                      : status != 0 && status != 200
                          ? "服务器拒绝了实时连接（HTTP " + std::to_string(status) + "）"
                      : server_.tls && server_.pin && !server_.pin->refused().empty()
                          ? connection_problem(server_, r.error())
                          : "与服务器的连接断开了";
    if (on_connection_) on_connection_(false, why);
    MutexLock lock(mu_);
    cv_.wait_for(lock, std::chrono::milliseconds(backoff_ms), [&]() LF_REQUIRES(mu_) { return stopping_.load(); });
    backoff_ms = std::min(backoff_ms * 2, 4000);
  }
}

}  // namespace lf
