#include "scoring/client/join_link.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

namespace lf {

std::optional<std::string> first_lan_ipv4() {
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return std::nullopt;
  std::optional<std::string> found;
  for (ifaddrs* i = list; i && !found; i = i->ifa_next) {
    if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET) continue;
    if (!(i->ifa_flags & IFF_UP) || (i->ifa_flags & IFF_LOOPBACK)) continue;
    char text[INET_ADDRSTRLEN] = {};
    const auto* in = reinterpret_cast<const sockaddr_in*>(i->ifa_addr);
    if (::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text)) found = text;
  }
  ::freeifaddrs(list);
  return found;
}

Result<std::string> join_base_url(const std::string& given) {
  if (given.empty()) {
    auto ip = first_lan_ipv4();
    if (!ip)
      return Error{
          "--join-url",
          "本机没有局域网地址，无法算出扫码登录的地址：请连上赛场网络，或用 --join-url 指明",
          ErrorKind::unavailable};
    return "https://" + *ip + ":" + std::to_string(kDefaultServerPort);
  }
  auto addr = parse_server_address(given);
  if (!addr.ok()) return Error{"--join-url", addr.status().errors().front().message};
  return addr->text();
}

std::string person_join_link(const std::string& base, const std::string& ticket) {
  return base + "/#t=" + ticket;
}

std::optional<std::string> venue_join_link(const ServerAddress& server) {
  const std::string& h = server.host;
  bool loopback = h == "localhost" || h == "::1" || h == "[::1]" || h.rfind("127.", 0) == 0;
  std::string host = h;
  if (loopback) {
    auto ip = first_lan_ipv4();
    if (!ip) return std::nullopt;
    host = *ip;
  }
  return std::string(server.tls ? "https://" : "http://") + host + ":" +
         std::to_string(server.port) + "/";
}

}  // namespace lf
