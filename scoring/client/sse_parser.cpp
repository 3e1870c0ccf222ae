#include "scoring/client/sse_parser.h"

#include <cstdlib>

namespace lf {

void SseParser::feed(std::string_view chunk) {
  pending_.append(chunk);
  size_t start = 0;
  for (;;) {
    size_t nl = pending_.find('\n', start);
    if (nl == std::string::npos) break;
    std::string_view l(pending_.data() + start, nl - start);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    line(l);
    start = nl + 1;
  }
  pending_.erase(0, start);
}

void SseParser::line(std::string_view l) {
  if (l.empty()) {  // end of an event
    if (has_data_ || !current_.event.empty()) on_event_(current_);
    current_ = SseEvent{};
    has_data_ = false;
    return;
  }
  if (l.front() == ':') return;  // comment / keepalive
  size_t colon = l.find(':');
  std::string_view field = l.substr(0, colon);
  std::string_view value = colon == std::string_view::npos ? std::string_view() : l.substr(colon + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (field == "id") {
    current_.id = std::strtoll(std::string(value).c_str(), nullptr, 10);
  } else if (field == "event") {
    current_.event = value;
  } else if (field == "data") {
    if (has_data_) current_.data += '\n';
    current_.data += value;
    has_data_ = true;
  }
}

}  // namespace lf
