#include "scoring/client/lan_browser.h"

#include <algorithm>
#include <tuple>

#include "scoring/protocol/protocol.h"

namespace lf {

std::string FoundServer::address() const {
  return std::string(tls ? "https://" : "http://") + host + ":" + std::to_string(port);
}

FoundServer found_server(const std::string& instance, const std::string& host, int port,
                         const std::vector<std::string>& txt) {
  FoundServer f{instance, host, port, true, 0};
  for (const std::string& item : txt) {
    auto eq = item.find('=');
    if (eq == std::string::npos) continue;
    std::string key = item.substr(0, eq), value = item.substr(eq + 1);
    if (key == protocol::lan::kTxtContest && !value.empty())
      f.name = value;
    else if (key == protocol::lan::kTxtTls)
      f.tls = value != "0";
    else if (key == protocol::lan::kTxtApi && !value.empty() && value.size() < 6 &&
             value.find_first_not_of("0123456789") == std::string::npos)
      f.api_version = std::stoi(value);
  }
  return f;
}

std::vector<FoundServer> server_choices(std::vector<FoundServer> found, int api_version) {
  std::erase_if(found, [&](const FoundServer& f) {
    return f.host.empty() || f.port <= 0 || (f.api_version != 0 && f.api_version != api_version);
  });
  std::sort(found.begin(), found.end(), [](const FoundServer& a, const FoundServer& b) {
    return std::tie(a.name, a.host, a.port, a.tls) < std::tie(b.name, b.host, b.port, b.tls);
  });
  // One entry per address, whatever name it was seen under; a loopback address only when the
  // server was seen nowhere else (Avahi reports a server on this machine on lo as well).
  auto loopback = [](const FoundServer& f) { return f.host.rfind("127.", 0) == 0; };
  std::vector<FoundServer> out;
  for (const FoundServer& f : found) {
    bool elsewhere = loopback(f) && std::any_of(found.begin(), found.end(), [&](const FoundServer& o) {
                       return !loopback(o) && o.name == f.name && o.port == f.port;
                     });
    if (!elsewhere && std::none_of(out.begin(), out.end(),
                                   [&](const FoundServer& o) { return o.address() == f.address(); }))
      out.push_back(f);
  }
  return out;
}

}  // namespace lf
