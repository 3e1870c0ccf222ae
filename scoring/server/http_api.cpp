#include "server/http_api.h"

#include "data/contest_file.h"
#include "print/render.h"
#include "protocol/protocol.h"

namespace lf {

namespace {

void send(httplib::Response& res, const Reply& r) {
  res.status = r.status;
  res.set_content(r.body.dump(-1, ' ', false, Json::error_handler_t::replace),
                  "application/json; charset=utf-8");
}

std::string bearer(const httplib::Request& req) {
  std::string h = req.get_header_value("Authorization");
  if (h.rfind("Bearer ", 0) == 0) return h.substr(7);
  return req.get_param_value("token");  // EventSource cannot set headers
}

}  // namespace

HttpApi::HttpApi(ContestService& service, HttpOptions options)
    : service_(service), options_(std::move(options)) {
  int threads = options_.threads;
  server_.new_task_queue = [threads] { return new httplib::ThreadPool(size_t(threads)); };
  // Small JSON answers on a keep-alive connection: without this, Nagle and delayed ACKs add
  // 40 ms to every request a tablet makes.
  server_.set_tcp_nodelay(true);
  // Remember the listening socket: Debian's libcpp-httplib is built with a listen backlog of 5,
  // and a hall of tablets reconnecting at once after a Wi-Fi drop overflows it (connections
  // then hang or reset). bind() raises it again on the same socket.
  server_.set_socket_options([this](socket_t sock) {
    httplib::default_socket_options(sock);
    listen_socket_ = sock;
  });
  server_.set_payload_max_length(protocol::kMaxBodyBytes);
  server_.set_read_timeout(10, 0);
  server_.set_write_timeout(10, 0);
  server_.set_keep_alive_max_count(100000);
  server_.set_exception_handler([this](const httplib::Request& req, httplib::Response& res,
                                       std::exception_ptr) {
    options_.log("error: exception while handling " + req.method + " " + req.path);
    send(res, error_reply(500, "internal error; nothing was changed"));
  });
  server_.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    if (req.path != protocol::path::kEvents)
      options_.log("http " + req.method + " " + req.path + " " + std::to_string(res.status) +
                   " from " + req.remote_addr);
  });
  routes();
}

std::optional<Session> HttpApi::authorize(const httplib::Request& req, httplib::Response& res) {
  auto s = service_.session(bearer(req));
  if (!s) send(res, error_reply(401, "not logged in (or the login has expired): log in again"));
  return s;
}

void HttpApi::routes() {
  namespace p = protocol::path;
  server_.Get(p::kHealth, [this](const httplib::Request&, httplib::Response& res) {
    send(res, Reply{200, Json{{"ok", true}, {"api_version", protocol::kApiVersion},
                              {"contest", service_.contest().name},
                              {"last_seq", service_.last_seq()}}});
  });
  server_.Post(p::kLogin, [this](const httplib::Request& req, httplib::Response& res) {
    Json body = Json::parse(req.body, nullptr, false);
    if (body.is_discarded()) return send(res, error_reply(400, "the body is not valid JSON"));
    send(res, service_.login(body, req.remote_addr));
  });
  server_.Get(p::kState, [this](const httplib::Request& req, httplib::Response& res) {
    if (auto s = authorize(req, res)) send(res, service_.state(*s));
  });
  server_.Get(p::kResults, [this](const httplib::Request& req, httplib::Response& res) {
    if (auto s = authorize(req, res)) send(res, service_.results(*s));
  });
  server_.Get(p::kExport, [this](const httplib::Request& req, httplib::Response& res) {
    if (auto s = authorize(req, res)) send(res, service_.export_contest(*s));
  });
  server_.Post(p::kBackup, [this](const httplib::Request& req, httplib::Response& res) {
    auto s = authorize(req, res);
    if (!s) return;
    std::string dir = options_.backup_dir.empty() ? "." : options_.backup_dir;
    send(res, service_.backup(*s, dir + "/contest-backup-manual.db"));
  });
  const std::pair<const char*, const char*> changes[] = {
      {p::kMarks, "mark"},     {p::kTimings, "timing"}, {p::kClock, "clock"},
      {p::kStage, "stage"},    {p::kPublish, "publish"}, {p::kReopen, "reopen"},
      {p::kReturn, "return"},  {p::kDecisions, "decision"},
      {p::kCallHeadJudge, "call_head_judge"}, {p::kDisplayScene, "display_scene"}, {p::kTopicDraw, "topic_draw"}};
  for (auto [path, kind] : changes) {
    std::string k = kind;
    server_.Post(path, [this, k](const httplib::Request& req, httplib::Response& res) {
      auto s = authorize(req, res);
      if (!s) return;
      Json body = Json::parse(req.body, nullptr, false);
      if (body.is_discarded()) return send(res, error_reply(400, "the body is not valid JSON"));
      send(res, service_.change(*s, k, body));
    });
  }
  // Printed documents for the organizer: the same files as `liangfen print`, from the live state.
  server_.Get(std::string(p::kPrint) + "([a-z-]+)", [this](const httplib::Request& req, httplib::Response& res) {
    auto s = authorize(req, res);
    if (!s) return;
    if (s->role != protocol::role::kOrganizer) return send(res, error_reply(403, "only the organizer may print"));
    Reply exported = service_.export_contest(*s);
    auto file = load_contest_document(exported.body);
    if (!file.ok()) return send(res, error_reply(500, "internal: " + file.status().to_string()));
    PrintRequest q;
    q.kind = req.matches[1];
    q.format = req.has_param("format") ? req.get_param_value("format") : "pdf";
    q.filter = {req.get_param_value("round"), req.get_param_value("group")};
    q.draft = req.get_param_value("draft") == "1";
    q.certificate_template = options_.certificate_template;
    auto bytes = render_document(file->contest, q);
    if (!bytes.ok()) {
      Status status = bytes.status();
      const Error& first = status.errors().front();
      if (first.path == "usage") return send(res, error_reply(400, first.message, "kind"));
      return send(res, error_reply(409, status.to_string()));
    }
    res.set_header("Content-Disposition", "attachment; filename=\"" + q.kind + "." + q.format + "\"");
    res.set_content(bytes.value(), print_mime_type(q.format));
  });
  // Live feed: Server-Sent Events, numbered by the event log's seq. A client resumes with
  // Last-Event-ID (or ?after=N) and gets every later event it may see, none twice.
  server_.Get(p::kEvents, [this](const httplib::Request& req, httplib::Response& res) {
    auto s = authorize(req, res);
    if (!s) return;
    int64_t after = 0;
    std::string last = req.get_header_value("Last-Event-ID");
    if (last.empty()) last = req.get_param_value("after");
    if (!last.empty()) after = std::strtoll(last.c_str(), nullptr, 10);
    Session who = *s;
    res.set_header("Cache-Control", "no-cache");
    res.set_chunked_content_provider(
        "text/event-stream", [this, who, after](size_t, httplib::DataSink& sink) mutable {
          if (stopping_) return false;
          auto events = service_.events_after(who, after, 256, std::chrono::milliseconds(15000));
          // `after` has moved past what this listener may not see; the ids sent are the seqs
          // of the events it may, so a resume with Last-Event-ID rescans at most once.
          if (events.empty()) {
            // Keep-alive: lets both ends notice a dead connection.
            std::string ping = ": keepalive\n\n";
            return sink.write(ping.data(), ping.size());
          }
          std::string out;
          for (const Event& e : events) {
            Json data = {{"seq", e.seq}, {"at_ms", e.at_ms}, {"kind", e.kind}, {"payload", e.payload}};
            out += "id: " + std::to_string(e.seq) + "\nevent: " + e.kind + "\ndata: " +
                   data.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n\n";
          }
          return sink.write(out.data(), out.size());
        });
  });
}

Result<int> HttpApi::bind(const std::string& host, int port) {
  if (port == 0) {
    int p = server_.bind_to_any_port(host);
    if (p <= 0) return Error{host, "cannot listen on " + host + " (is the address on this machine?)"};
    raise_backlog();
    return p;
  }
  if (!server_.bind_to_port(host, port))
    return Error{host + ":" + std::to_string(port),
                 "cannot listen: the port is taken (is another server running?) or not allowed"};
  raise_backlog();
  return port;
}

void HttpApi::raise_backlog() {
  // Calling listen() again on a listening socket sets its backlog (Linux); SOMAXCONN caps it.
  if (listen_socket_ != INVALID_SOCKET) ::listen(listen_socket_, 4096);
}

void HttpApi::serve() {
  ready_ = true;
  server_.listen_after_bind();
  ready_ = false;
}

void HttpApi::stop() {
  stopping_ = true;
  service_.release_listeners();
  server_.stop();
}

}  // namespace lf
