// Server-Sent Events framing (the subset liangfen's server sends: id, event, data, comments),
// fed in arbitrary chunks as they arrive from the socket. Pure; no I/O.
//
// Thread-safety: one parser per connection, used by one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace lf {

struct SseEvent {
  int64_t id = 0;      // the server's event seq (the `id:` field); 0 when absent
  std::string event;   // the `event:` field (the event kind)
  std::string data;    // the `data:` lines joined with '\n'
};

class SseParser {
 public:
  using Handler = std::function<void(const SseEvent&)>;
  explicit SseParser(Handler on_event) : on_event_(std::move(on_event)) {}

  // Consumes a chunk; calls the handler for every event completed by it. Keepalive comments
  // (": ...") are skipped; a partial line waits for the next chunk.
  void feed(std::string_view chunk);

 private:
  void line(std::string_view l);

  Handler on_event_;
  std::string pending_;  // an incomplete line
  SseEvent current_;
  bool has_data_ = false;
};

}  // namespace lf
