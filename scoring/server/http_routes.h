// The API's routes without a transport: a parsed request in, a response out (docs/api.md).
// http_api.cpp feeds it from the sockets; nothing here knows Asio, Beast or httplib, so this
// file compiles fast and the routes read as a table.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "scoring/server/contest_service.h"
#include "scoring/server/http_api.h"
#include "scoring/server/web_files.h"
#include "scoring/engine/mutex.h"

namespace lf::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // percent-decoded, without the query
  std::map<std::string, std::string> params;  // the query, percent-decoded
  std::string authorization;                  // the Authorization header
  std::string last_event_id;                  // the Last-Event-ID header
  std::string if_none_match;                  // the If-None-Match header (a web file's ETag)
  std::string content_type;                   // the Content-Type header
  std::string body;
  std::string remote_addr;
  // POST /api/login whose turn the transport waited for (login_pacer.h): check the code now.
  bool login_turn = false;
};

// GET /api/events was accepted: the transport streams events to `who` from `after` on.
struct LiveFeedStart {
  Session who;
  std::string token;  // at most a few live feeds per token (the transport's cap)
  int64_t after = 0;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<LiveFeedStart> feed;
  std::string
      person;  // whose valid token the request carried ("": none): the transport's per-login bounds
};

Response json_response(const Reply& r);
// An answer already serialized (ContestService's shared answers).
Response text_response(int status, std::string json_text);
Response text_response(const ContestService::TextReply& r);
// A refusal: its status from protocol::http_status(kind), its message in Chinese.
Response json_error(ErrorKind kind, std::string message, std::string field = "");
// A refusal of the HTTP message itself, before any route reads it (too large, unreadable):
// the transport (http_api.cpp) names the status.
Response transport_error(int status, std::string message);

// Percent-decoding of a URL part; in a query '+' is a space too.
std::string percent_decode(std::string_view s, bool plus_is_space);
std::map<std::string, std::string> parse_query(std::string_view query);

// Events as Server-Sent Events frames: "id: N\nevent: KIND\ndata: {json}\n\n" each.
std::string sse_frames(const std::vector<Event>& events);

// A token bucket per key: `rate` requests a second sustained, `burst` at once. Keyed by the
// bearer token or the person of a valid session only, so made-up tokens create no buckets.
class RateLimiter {
 public:
  RateLimiter(double rate, double burst) : rate_(rate), burst_(burst) {}
  // True when the request may go ahead (and takes one token).
  bool allow(const std::string& key, std::chrono::steady_clock::time_point now);

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point last;
  };
  double rate_, burst_;
  Mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_ LF_GUARDED_BY(mu_);
};

class Routes {
 public:
  Routes(ContestService& service, const HttpOptions& options);
  // Never throws: an exception in a handler is logged and answered 500 (nothing changed).
  Response handle(const Request& req) noexcept;
  // On the I/O thread, before a request takes a worker: the 429 to answer when this login is
  // over its rate (HttpOptions::session_requests_per_s). A login's reads are counted always;
  // its changes only while the server is busy (`busy`: many requests in flight): one client
  // sending marks back to back to an idle server (a console emptying its outbox) waits for
  // each commit and delays nobody, but a login flooding a busy server, or reading in a loop,
  // is refused before it can take the workers from the others.
  // The costly reads (HttpOptions::costly_reads_per_s) are counted per person, busy or not.
  // Sets `person` to the login's person when the token is valid (the transport caps how many
  // requests of one person are in flight at once).
  std::optional<Response> admit(const Request& req, bool busy, std::string& person) noexcept;
  // POST /api/login, on the I/O thread before it waits for a turn (login_pacer.h): the
  // refusal to answer at once when it is not a JSON body, so that every login given a turn
  // reaches ContestService::login_in_turn (which settles the turn).
  std::optional<Response> refuse_login_early(const Request& req) noexcept;

 private:
  Response dispatch(const Request& req, std::string& person);  // person: whose token it carried
  // The session of the request's token, or the 401 to answer instead.
  std::optional<Session> authorize(const Request& req, Response& refusal, std::string* token = nullptr);
  Response print(const Request& req, const std::string& kind);
  Response events(const Request& req);
  Response history(const Request& req, const Session& who);
  Response web_file(const Request& req, const WebFiles::Found& found);

  ContestService& service_;
  const HttpOptions& options_;
  RateLimiter limiter_;
  RateLimiter costly_limiter_;  // per person: HttpOptions::costly_reads_per_s
  WebFiles web_;
  std::map<std::string, std::string> change_kinds_;  // POST path -> ContestService::change kind
};

}  // namespace lf::http
