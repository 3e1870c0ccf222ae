// Servers found on the LAN (DNS-SD `_liangfen._tcp`, announced by liangfen-server through
// Avahi), for the console's login screen: a list of contests to tap instead of an IP address
// to type. Behind a small interface: the real browser talks to the machine's avahi-daemon
// (Debian's libavahi-client); tests use a double, and a machine without a daemon lists nothing.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace lf {

// One server as its announcement says it.
struct FoundServer {
  std::string name;  // the contest's name (TXT contest), or the service's instance name
  std::string host;  // IPv4 address as text
  int port = 0;
  bool tls = true;      // TXT tls=1 (or no TXT tls at all: servers speak HTTPS by default)
  int api_version = 0;  // TXT api; 0 when not given
  // What goes into the login screen's address field: "https://192.168.1.10:8080".
  std::string address() const;
  bool operator==(const FoundServer&) const = default;
};

// A service as resolved (instance name, address, port, TXT "key=value" strings) as a server
// entry. Pure.
FoundServer found_server(const std::string& instance, const std::string& host, int port,
                         const std::vector<std::string>& txt);

// What the login screen lists: each address once (a server seen on two interfaces or under a
// renamed instance is one entry), a 127.x address only for a server seen at no other address,
// servers of another API version left out (they would refuse this console's login), ordered by
// name then address. Pure.
std::vector<FoundServer> server_choices(std::vector<FoundServer> found, int api_version);

// Browses the LAN for as long as it lives. Implementations are thread-safe: found() may be
// called from the UI thread while the browsing runs on its own.
class LanBrowser {
 public:
  virtual ~LanBrowser() = default;
  // Every server resolved so far and not gone since, in no particular order.
  virtual std::vector<FoundServer> found() const = 0;
};

// Through the avahi-daemon reachable over D-Bus, on Avahi's own thread. Without a daemon it
// finds nothing (and says so once through `problem`, in Chinese, when given).
std::unique_ptr<LanBrowser> make_avahi_browser(std::string* problem = nullptr);

}  // namespace lf
