#include "client/api_client.h"

#include "protocol/protocol.h"

namespace lf {

std::string ApiAnswer::message() const {
  if (!connected()) return error;
  if (body.is_object() && body.contains("error") && body["error"].is_string())
    return body["error"].get<std::string>();
  return "HTTP " + std::to_string(status);
}

Result<ServerAddress> parse_server_address(const std::string& text) {
  std::string s = text;
  if (s.rfind("http://", 0) == 0) s = s.substr(7);
  if (s.rfind("https://", 0) == 0) return Error{"server", "https is not supported on the venue network: use http://"};
  while (!s.empty() && s.back() == '/') s.pop_back();
  if (s.empty()) return Error{"server", "no server address"};
  ServerAddress a;
  auto colon = s.rfind(':');
  if (colon == std::string::npos) {
    a.host = s;
    return a;
  }
  a.host = s.substr(0, colon);
  std::string port = s.substr(colon + 1);
  if (a.host.empty() || port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos)
    return Error{"server", "\"" + text + "\" is not an address like 192.168.1.10:8080"};
  a.port = std::stoi(port);
  if (a.port < 1 || a.port > 65535) return Error{"server", "port " + port + " is out of range"};
  return a;
}

httplib::Client ApiClient::connect() const {
  httplib::Client c(server_.host, server_.port);
  c.set_connection_timeout(timeout_s_, 0);
  c.set_read_timeout(timeout_s_, 0);
  c.set_write_timeout(timeout_s_, 0);
  c.set_tcp_nodelay(true);
  if (!token_.empty()) c.set_bearer_token_auth(token_);
  return c;
}

ApiAnswer ApiClient::answer(const httplib::Result& r) const {
  ApiAnswer a;
  if (!r) {
    a.error = "no answer from " + server_.text() + " (" + httplib::to_string(r.error()) + ")";
    return a;
  }
  a.status = r->status;
  a.raw = r->body;
  a.body = Json::parse(r->body, nullptr, false);
  if (a.body.is_discarded()) a.body = Json::object();
  return a;
}

ApiAnswer ApiClient::login(const std::string& code) {
  Json body = {{"code", code}, {"api_version", protocol::kApiVersion}};
  token_.clear();
  ApiAnswer a = post(protocol::path::kLogin, body);
  if (a.ok() && a.body.contains("token")) token_ = a.body["token"].get<std::string>();
  return a;
}

ApiAnswer ApiClient::get(const std::string& path) const {
  auto c = connect();
  return answer(c.Get(path.c_str()));
}

ApiAnswer ApiClient::post(const std::string& path, const Json& body) const {
  auto c = connect();
  return answer(c.Post(path.c_str(), body.dump(), "application/json"));
}

}  // namespace lf
