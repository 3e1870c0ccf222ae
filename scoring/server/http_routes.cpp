#include "scoring/server/http_routes.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>

#include "data/format/bytes.h"
#include "data/format/contest_file.h"
#include "scoring/print/render.h"
#include "scoring/protocol/access.h"
#include "scoring/protocol/protocol.h"
#include "scoring/protocol/requests.h"
#include "scoring/engine/mutex.h"

namespace lf::http {

namespace p = protocol::path;

Response json_response(const Reply& r) {
  Response res;
  res.status = r.status;
  res.body = r.body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return res;
}

Response text_response(int status, std::string json_text) {
  Response res;
  res.status = status;
  res.body = std::move(json_text);
  return res;
}

Response text_response(const ContestService::TextReply& r) {
  return text_response(r.status, r.body);
}

Response json_error(ErrorKind kind, std::string message, std::string field) {
  return json_response(error_reply(kind, std::move(message), std::move(field)));
}

Response transport_error(int status, std::string message) {
  Response res;
  res.status = status;
  res.body = Json{{"error", std::move(message)}, {"field", ""}}.dump(-1, ' ', false, Json::error_handler_t::replace);
  return res;
}

namespace {

bool is_print_kind(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; });
}

// "application/json", "application/json; charset=utf-8" (any case): a JSON body.
bool is_json_media_type(std::string_view v) {
  v = v.substr(0, v.find(';'));
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  std::string_view want = "application/json";
  return v.size() == want.size() &&
         std::equal(v.begin(), v.end(), want.begin(), [](char a, char b) { return std::tolower((unsigned char)a) == b; });
}

std::string param(const Request& req, const char* key) {
  auto it = req.params.find(key);
  return it == req.params.end() ? "" : it->second;
}

}  // namespace

std::string percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      int hi = hex_digit_value(s[i + 1]), lo = hex_digit_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(char(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

std::map<std::string, std::string> parse_query(std::string_view query) {
  std::map<std::string, std::string> out;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string key = percent_decode(pair.substr(0, eq), true);
    std::string value = eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1), true);
    out.emplace(std::move(key), std::move(value));  // the first of repeated keys counts
  }
  return out;
}

std::string sse_frames(const std::vector<Event>& events) {
  std::string out;
  for (const Event& e : events) {
    const std::string kind = e.kind();
    Json data = {{"seq", e.seq}, {"at_ms", e.at_ms}, {"kind", kind}, {"payload", e.payload}};
    out += "id: " + std::to_string(e.seq) + "\nevent: " + kind + "\ndata: " +
           data.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n\n";
  }
  return out;
}

bool RateLimiter::allow(const std::string& key, std::chrono::steady_clock::time_point now) {
  if (rate_ <= 0) return true;
  MutexLock lock(mu_);
  // Forget sessions quiet long enough to have a full bucket again (bounded by the logins).
  if (buckets_.size() > 4096) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      double idle = std::chrono::duration<double>(now - it->second.last).count();
      it = it->second.tokens + idle * rate_ >= burst_ ? buckets_.erase(it) : std::next(it);
    }
  }
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!fresh) {
    double elapsed = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min(burst_, b.tokens + std::max(0.0, elapsed) * rate_);
    b.last = now;
  }
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

Routes::Routes(ContestService& service, const HttpOptions& options)
    : service_(service),
      options_(options),
      limiter_(options.session_requests_per_s, options.session_burst),
      costly_limiter_(options.costly_reads_per_s, options.costly_burst),
      web_(options.web_dir, options.log),
      change_kinds_([] {
        // Every change the protocol defines is a route: a new kind needs no line here.
        std::map<std::string, std::string> kinds;
        for (const protocol::RequestSpec& spec : protocol::request_specs())
          if (spec.kind != "login") kinds.emplace(std::string(spec.path), std::string(spec.kind));
        return kinds;
      }()) {}

Response Routes::handle(const Request& req) noexcept {
  try {
    std::string person;
    Response res = dispatch(req, person);
    res.person = std::move(person);
    return res;
  } catch (const std::exception& e) {
    try {
      options_.log("错误：处理 " + req.method + " " + req.path + " 时出现异常：" + e.what());
    } catch (...) {
    }
  } catch (...) {
    try {
      options_.log("错误：处理 " + req.method + " " + req.path + " 时出现异常");
    } catch (...) {
    }
  }
  Response r;
  r.status = 500;
  r.body = R"({"error":"服务器内部错误，什么也没有改动","field":""})";
  return r;
}

namespace {

std::string bearer(const Request& req) {
  if (req.authorization.rfind("Bearer ", 0) == 0) return req.authorization.substr(7);
  // EventSource cannot set headers: the live feed (only) takes ?token=.
  if (req.method == "GET" && req.path == p::kEvents) return param(req, "token");
  return "";
}

}  // namespace

std::optional<Response> Routes::admit(const Request& req, bool busy, std::string& person) noexcept {
  try {
    std::string token = bearer(req);
    if (token.empty()) return std::nullopt;
    auto s = service_.session(token);
    if (!s) return std::nullopt;  // 401 comes later
    person = s->person;
    const bool costly = req.method == "GET" && (req.path == p::kResults || req.path == p::kHistory ||
                                                req.path == p::kExport || req.path.rfind(p::kPrint, 0) == 0);
    if (costly && options_.costly_reads_per_s > 0 &&
        !costly_limiter_.allow(person, std::chrono::steady_clock::now()))
      return json_error(ErrorKind::too_many, "成绩、记录和打印的查询太频繁，请稍后再试");
    if (options_.session_requests_per_s <= 0 || !(busy || req.method == "GET")) return std::nullopt;
    if (limiter_.allow(token, std::chrono::steady_clock::now())) return std::nullopt;
    return json_error(ErrorKind::too_many, "请求太频繁，请稍后再试");
  } catch (...) {
    return std::nullopt;
  }
}

std::optional<Response> Routes::refuse_login_early(const Request& req) noexcept {
  try {
    if (!is_json_media_type(req.content_type))
      return json_error(ErrorKind::unsupported,
                        "请求内容须为 JSON，并以 Content-Type: application/json 发送",
                        "Content-Type");
    auto parsed = protocol::parse_body(req.body);
    if (!parsed.ok()) return json_error(ErrorKind::malformed, parsed.errors().front().message);
    return std::nullopt;
  } catch (...) {
    return transport_error(500, "服务器内部错误，什么也没有改动");
  }
}

std::optional<Session> Routes::authorize(const Request& req, Response& refusal,
                                         std::string* token_out) {
  std::string token = bearer(req);
  auto s = service_.session(token);
  if (!s) {
    refusal = json_response(service_.session_ended_reply(token));  // says why: protocol/session_end.h
    return std::nullopt;
  }
  if (token_out) *token_out = token;
  return s;
}

Response Routes::dispatch(const Request& req, std::string& person) {
  static const std::set<std::string> kGets = {p::kHealth, p::kState,  p::kResults,
                                              p::kExport, p::kEvents, p::kHistory};
  const std::string& path = req.path;
  // Browser hygiene: same-origin only. A CORS preflight is answered 204 with no
  // Access-Control-Allow-* header, so a page from another origin may not call the API.
  if (req.method == "OPTIONS") {
    Response r;
    r.status = 204;
    r.content_type.clear();
    return r;
  }
  // The browser consoles' files: a fixed list, by exact path (web_files.h).
  if (path.rfind("/api/", 0) != 0)
    if (WebFiles::Found found = web_.find(path); found.entry) return web_file(req, found);
  const bool is_print = path.rfind(p::kPrint, 0) == 0 && is_print_kind(path.substr(std::string(p::kPrint).size()));
  const bool get_path = kGets.count(path) > 0 || is_print;
  const bool post_path = path == p::kLogin || path == p::kLogout || path == p::kReissueCode ||
                         path == p::kBackup || change_kinds_.count(path) > 0;
  if (!get_path && !post_path) return json_error(ErrorKind::not_found, "没有这个接口：" + path);
  if ((get_path && req.method != "GET") || (post_path && req.method != "POST"))
    return json_error(ErrorKind::not_allowed, path + " 不接受 " + req.method + " 请求（应为 " +
                                                  (get_path ? "GET" : "POST") + "）");
  // Every POST body is JSON and says so: a form or text/plain post (what a page from another
  // origin can send without a preflight) is refused before anything reads it.
  if (req.method == "POST" && !is_json_media_type(req.content_type))
    return json_error(ErrorKind::unsupported, "请求内容须为 JSON，并以 Content-Type: application/json 发送",
                      "Content-Type");

  if (path == p::kHealth)
    return json_response(Reply{200, Json{{"ok", true},
                                         {"api_version", protocol::kApiVersion},
                                         {"contest", service_.contest()->name},
                                         {"last_seq", service_.last_seq()},
                                         {"tls", options_.tls}}});
  // Bodies are read by the protocol's parser: size and nesting are checked before parsing.
  auto read_body = [&](Json& out) -> std::optional<Response> {
    auto parsed = protocol::parse_body(req.body);
    if (!parsed.ok()) return json_error(ErrorKind::malformed, parsed.errors().front().message, parsed.errors().front().path);
    out = std::move(parsed.value());
    return std::nullopt;
  };
  if (path == p::kLogin) {
    Json body;
    if (auto bad = read_body(body)) return *bad;
    return json_response(req.login_turn ? service_.login_in_turn(body, req.remote_addr)
                                        : service_.login(body, req.remote_addr));
  }
  if (path == p::kEvents) {
    Response res = events(req);
    if (res.feed) person = res.feed->who.person;
    return res;
  }

  Response refusal;
  std::string token;
  auto s = authorize(req, refusal, &token);
  if (!s) return refusal;
  person = s->person;
  if (path == p::kLogout) return json_response(service_.logout(token));
  if (path == p::kState) return text_response(200, service_.state_text(*s));
  if (path == p::kResults) return text_response(service_.results_text(*s));
  if (path == p::kExport) return text_response(service_.export_text(*s));
  if (path == p::kHistory) return history(req, *s);
  if (path == p::kBackup) {
    std::string dir = options_.backup_dir.empty() ? "." : options_.backup_dir;
    return json_response(service_.backup(*s, dir + "/contest-backup-manual.db"));
  }
  if (is_print) return print(req, path.substr(std::string(p::kPrint).size()));
  Json body;
  if (auto bad = read_body(body)) return *bad;
  if (path == p::kReissueCode) return json_response(service_.reissue_code(*s, body));
  return json_response(service_.change(*s, change_kinds_.at(path), body));
}

// GET /api/history?contestant=ID[&from=N][&limit=N]: a page of the trail.
Response Routes::history(const Request& req, const Session& who) {
  auto number = [&](const char* key, size_t fallback, size_t& out) {
    std::string v = param(req, key);
    out = fallback;
    if (v.empty()) return true;
    if (v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos) return false;
    out = size_t(std::stoul(v));
    return true;
  };
  size_t from = 0, limit = 0;
  if (!number("from", 0, from))
    return json_error(ErrorKind::malformed, "from：应为从 0 起的行号", "from");
  if (!number("limit", ContestService::kMaxHistoryPage, limit))
    return json_error(ErrorKind::malformed, "limit：应为每页的行数", "limit");
  return text_response(service_.history_text(who, param(req, "contestant"), from, limit));
}

Response Routes::web_file(const Request& req, const WebFiles::Found& found) {
  if (req.method != "GET")
    return json_error(ErrorKind::not_allowed, req.path + " 不接受 " + req.method + " 请求（应为 GET）");
  if (!found.body) return json_error(ErrorKind::not_found, "服务器上缺少网页端文件 " + std::string(found.entry->file));
  Response res;
  res.content_type = found.entry->content_type;
  res.headers = web_file_headers();
  res.headers.emplace_back("ETag", *found.etag);
  // Unchanged since the browser's copy: 304 and no body (If-None-Match may list several).
  if (!req.if_none_match.empty() &&
      (req.if_none_match == "*" || req.if_none_match.find(*found.etag) != std::string::npos)) {
    res.status = 304;
    return res;
  }
  res.body = *found.body;
  return res;
}

// Printed documents for the organizer: the same files as `liangfen print`, from the live state.
Response Routes::print(const Request& req, const std::string& kind) {
  Response refusal;
  auto s = authorize(req, refusal);
  if (!s) return refusal;
  if (protocol::scope_of(s->role, "print") == protocol::Scope::kNothing)
    return json_error(ErrorKind::forbidden, "只有组委会可以打印");
  Reply exported = service_.export_contest(*s);
  auto file = load_contest_document(exported.body);
  if (!file.ok()) return json_error(ErrorKind::internal, "服务器内部错误：" + file.status().to_string());
  PrintRequest q;
  q.kind = kind;
  q.format = req.params.count("format") ? param(req, "format") : "pdf";
  q.filter = {param(req, "round"), param(req, "group")};
  q.draft = param(req, "draft") == "1";
  q.certificate_template = options_.certificate_template;
  // The live draws as the export records them (the latest per round and group), so the score
  // sheets list contestants in the running order, as `liangfen print --db` does.
  q.running_orders = running_orders(file->contest, file->document);
  auto bytes = render_document(file->contest, q);
  if (!bytes.ok()) {
    // The kind says what went wrong (an unknown document or format, not final yet, cannot
    // write); every reason goes in the message, one per line.
    Status status = bytes.status();
    const std::string& where = status.errors().front().path;  // an option name, or a group
    std::string field = where == "kind" || where == "format" ? where
                        : where == "--round"                 ? "round"
                        : where == "--group"                 ? "group"
                                                             : "";
    return json_error(status.kind(), status.to_string(), field);
  }
  Response res;
  res.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + q.kind + "." + q.format + "\"");
  res.content_type = print_mime_type(q.format);
  res.body = std::move(bytes.value());
  return res;
}

// Live feed: Server-Sent Events, numbered by the event log's seq. A client resumes with
// Last-Event-ID (or ?after=N) and gets every later event it may see, none twice.
Response Routes::events(const Request& req) {
  Response res;
  std::string token;
  auto s = authorize(req, res, &token);
  if (!s) return res;
  std::string last = req.last_event_id;
  if (last.empty()) last = param(req, "after");
  int64_t after = last.empty() ? 0 : std::strtoll(last.c_str(), nullptr, 10);
  res.content_type = "text/event-stream";
  res.headers.emplace_back("Cache-Control", "no-cache");
  res.feed = LiveFeedStart{*s, token, std::max<int64_t>(0, after)};
  return res;
}

}  // namespace lf::http
