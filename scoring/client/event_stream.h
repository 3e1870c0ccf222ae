// The server's live feed (GET /api/events, Server-Sent Events) on a thread of its own: it
// reconnects by itself after a dropped connection and resumes after the last event it
// delivered, so the handler sees every visible event once, in order, with no gaps.
//
// Thread-safety: the handlers run on the stream's thread; they must hand data to the UI
// thread through a queue or a snapshot swap, never touch the UI themselves.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "scoring/client/api_client.h"
#include "scoring/client/sse_parser.h"
#include "scoring/engine/mutex.h"

namespace httplib {
class Client;  // scoring/client/http_client.h; kept out of this header
}

namespace lf {

class EventStream {
 public:
  using EventHandler = std::function<void(const SseEvent&)>;
  // Called with true once connected, false when the connection drops (with the reason).
  using ConnectionHandler = std::function<void(bool connected, const std::string& why)>;
  // The login behind the token has ended (the feed's last event `session_ended`, or a 401 on
  // reconnecting): `reason` is one of protocol::session_end's (its words for people are
  // protocol::session_end::message(reason)). The stream then stops: the token will never work
  // again.
  using SessionEndedHandler = std::function<void(const std::string& reason)>;

  // Delivers events with seq > after.
  EventStream(ServerAddress server, std::string token, int64_t after, EventHandler on_event,
              ConnectionHandler on_connection = nullptr);
  ~EventStream();  // stop()

  // Before start(). Without one, the stream keeps retrying with its token after a 401.
  void on_session_ended(SessionEndedHandler handler) { on_session_ended_ = std::move(handler); }
  void start();
  void stop();  // returns once the thread has ended
  int64_t last_seq() const { return last_seq_; }

 private:
  void run();
  void run_connections();

  ServerAddress server_;
  std::string token_;
  std::atomic<int64_t> last_seq_;
  EventHandler on_event_;
  ConnectionHandler on_connection_;
  SessionEndedHandler on_session_ended_;
  std::atomic<bool> stopping_{false};
  Mutex mu_;
  std::condition_variable_any cv_;
  httplib::Client* active_ LF_GUARDED_BY(mu_) = nullptr;  // so stop() can cut a blocked read
  std::thread thread_;
};

}  // namespace lf
