#include "scoring/client/api_client.h"

#include <csignal>
#include <memory>
#include <mutex>
#include <vector>

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "scoring/client/http_client.h"
#include "scoring/protocol/protocol.h"
#include "scoring/protocol/refusal_status.h"
#include "scoring/engine/mutex.h"

namespace lf {

std::string ApiAnswer::message() const {
  if (!connected()) return error;
  if (body.is_object() && body.contains("error") && body["error"].is_string())
    return body["error"].get<std::string>();
  return "HTTP " + std::to_string(status);
}

Status ApiAnswer::refusal() const {
  if (ok()) return {};
  std::string field;
  if (body.is_object() && body.contains("field") && body["field"].is_string()) field = body["field"].get<std::string>();
  return Error{std::move(field), message(), protocol::refusal_kind(status)};
}

Result<ServerAddress> parse_server_address(const std::string& text) {
  std::string s = text;
  bool tls = true;
  if (s.rfind("http://", 0) == 0) {
    s = s.substr(7);
    tls = false;
  } else if (s.rfind("https://", 0) == 0) {
    s = s.substr(8);
  }
  std::string fingerprint;
  if (auto hash = s.find('#'); hash != std::string::npos) {
    fingerprint = normalized_fingerprint(s.substr(hash + 1));
    if (fingerprint.empty())
      return Error{"server", "“#”后应是登录码单上的服务器证书指纹（16 位，如 ab12 cd34 ef56 7890）"};
    s.erase(hash);
  }
  while (!s.empty() && s.back() == '/') s.pop_back();
  if (s.empty()) return Error{"server", "请填写服务器地址"};
  ServerAddress a;
  a.fingerprint = fingerprint;
  a.tls = tls;
  auto colon = s.rfind(':');
  if (colon == std::string::npos) {
    a.host = s;
    return a;
  }
  a.host = s.substr(0, colon);
  std::string port = s.substr(colon + 1);
  if (a.host.empty() || port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos)
    return Error{"server", "“" + text + "”不是服务器地址，应形如 192.168.1.10:8080"};
  a.port = std::stoi(port);
  if (a.port < 1 || a.port > 65535) return Error{"server", "端口 " + port + " 超出范围（1–65535）"};
  return a;
}

namespace {

// OpenSSL's verify callback: only the server's own certificate (depth 0) counts, compared
// with the pin by its SHA-256 fingerprint; CA errors (self-signed) are ignored.
int verify_pinned(int /*preverified*/, X509_STORE_CTX* store) {
  if (X509_STORE_CTX_get_error_depth(store) != 0) return 1;
  auto* ssl = static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
  auto* pin = ssl ? static_cast<CertificatePin*>(SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl))) : nullptr;
  X509* cert = X509_STORE_CTX_get_current_cert(store);
  if (!pin || !cert) return 0;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (X509_digest(cert, EVP_sha256(), md, &n) != 1) return 0;
  static const char* d = "0123456789abcdef";
  std::string fp;
  for (unsigned i = 0; i < n; ++i) {
    fp.push_back(d[md[i] >> 4]);
    fp.push_back(d[md[i] & 15]);
  }
  return pin->accept(fp) ? 1 : 0;
}

}  // namespace

httplib::Client open_http_client(const ServerAddress& server) {
  if (!server.tls) return httplib::Client(server.host, server.port);
  // OpenSSL writes to the socket with write(2): a server that closes the connection must give
  // an error, not SIGPIPE ending the program (plain sockets use MSG_NOSIGNAL instead).
  static std::once_flag no_sigpipe;
  std::call_once(no_sigpipe, [] { std::signal(SIGPIPE, SIG_IGN); });
  std::string host = server.host.find(':') != std::string::npos ? "[" + server.host + "]" : server.host;
  httplib::Client c("https://" + host + ":" + std::to_string(server.port));
  c.enable_server_certificate_verification(false);  // self-signed: the pin checks it instead
  if (SSL_CTX* ctx = c.ssl_context()) {
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_app_data(ctx, server.pin.get());
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, verify_pinned);
  }
  return c;
}

ServerAddress with_pin_file(ServerAddress server, const std::string& pin_file) {
  if (server.tls && !server.pin)
    server.pin = std::make_shared<CertificatePin>(pin_file, server.text(), server.fingerprint);
  return server;
}

std::string connection_problem(const ServerAddress& server, httplib::Error error) {
  if (server.tls && server.pin && error != httplib::Error::Success) {
    std::string refused = server.pin->refusal_message();
    if (!refused.empty()) return refused;
  }
  return "服务器 " + server.text() + " 没有回应（网络不通、地址不对或服务器未启动）";
}

ApiClient::ApiClient(ServerAddress server)
    : server_(std::move(server)), connections_(std::make_shared<Connections>()) {
  if (server_.tls && !server_.pin)
    server_.pin = std::make_shared<CertificatePin>("", server_.text(), server_.fingerprint);
}

namespace {

std::unique_ptr<httplib::Client> connect(const ServerAddress& server) {
  auto c = std::make_unique<httplib::Client>(open_http_client(server));
  c->set_tcp_nodelay(true);
  c->set_keep_alive(true);
  return c;
}

ApiAnswer answer(const ServerAddress& server, const httplib::Result& r) {
  ApiAnswer a;
  if (!r) {
    a.error = connection_problem(server, r.error());
    return a;
  }
  a.status = r->status;
  a.raw = r->body;
  a.body = Json::parse(r->body, nullptr, false);
  if (a.body.is_discarded()) a.body = Json::object();
  return a;
}

}  // namespace

ApiAnswer ApiClient::login(const std::string& code) {
  Json body = {{"code", code}, {"api_version", protocol::kApiVersion}};
  token_.clear();
  ApiAnswer a = post(protocol::path::kLogin, body);
  if (a.ok() && a.body.contains("token")) token_ = a.body["token"].get<std::string>();
  return a;
}

// Kept-alive connections to the server, one per call in progress: a console's requests reuse
// one connection (one TLS handshake a session, not one per mark). httplib reconnects by
// itself when the server has closed an idle one; a connection that gave no answer is dropped.
struct ApiClient::Connections {
  static constexpr size_t kMaxIdle = 2;
  Mutex mu;
  std::vector<std::unique_ptr<httplib::Client>> idle;
};

template <class Send>
ApiAnswer ApiClient::call(Send&& send) const {
  std::unique_ptr<httplib::Client> c;
  {
    MutexLock lock(connections_->mu);
    if (!connections_->idle.empty()) {
      c = std::move(connections_->idle.back());
      connections_->idle.pop_back();
    }
  }
  if (!c) c = connect(server_);
  c->set_connection_timeout(timeout_s_, 0);
  c->set_read_timeout(timeout_s_, 0);
  c->set_write_timeout(timeout_s_, 0);
  httplib::Headers headers;
  if (!token_.empty()) headers.emplace("Authorization", "Bearer " + token_);
  httplib::Result r = send(*c, headers);
  ApiAnswer a = answer(server_, r);
  if (r) {
    MutexLock lock(connections_->mu);
    if (connections_->idle.size() < Connections::kMaxIdle)
      connections_->idle.push_back(std::move(c));
  }
  return a;
}

ApiAnswer ApiClient::get(const std::string& path) const {
  return call([&](httplib::Client& c, const httplib::Headers& h) { return c.Get(path, h); });
}

ApiAnswer ApiClient::post(const std::string& path, const Json& body) const {
  return call([&](httplib::Client& c, const httplib::Headers& h) {
    return c.Post(path, h, body.dump(), "application/json");
  });
}

}  // namespace lf
