// The server announces itself on the LAN (DNS-SD over mDNS: `_liangfen._tcp`, protocol.h) so
// that consoles list it and nobody types an IP address. Behind a small interface: the real one
// talks to the machine's avahi-daemon (Debian's libavahi-client); tests use a double. Most
// machines without a daemon simply run unannounced, and the log says so in Chinese.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "scoring/engine/status.h"

namespace lf {

// One DNS-SD service as announced: its instance name (what a list shows; at most 63 bytes of
// UTF-8), port and TXT strings ("key=value").
struct LanService {
  std::string instance;
  int port = 0;
  std::vector<std::string> txt;
};

// Keeps a service announced until it is destroyed. Implementations are thread-safe.
class LanAnnouncer {
 public:
  virtual ~LanAnnouncer() = default;
  // Starts announcing `service` (once per announcer). An error (kind unavailable) when there is
  // nobody to announce through (no daemon), with the reason in Chinese.
  virtual Status announce(const LanService& service) = 0;
};

// Through the avahi-daemon reachable over D-Bus (a thread of Avahi's own; a name taken by
// another server on the LAN gets Avahi's alternative, "… #2"). `log` receives Chinese lines
// about what happens later (a collision, the daemon going away) from Avahi's thread.
std::unique_ptr<LanAnnouncer> make_avahi_announcer(std::function<void(const std::string&)> log);

// The service of a server of contest `contest` on `port`: the contest's name as the instance
// (cut at a whole character to 63 bytes; "亮分服务器" when empty), TXT contest, tls, api.
// Pure.
LanService liangfen_service(const std::string& contest, int port, bool tls);

// Announces `service` through `announcer` and logs the outcome in Chinese; never fails the
// start-up (a machine without a daemon runs unannounced: the consoles then type the address).
void announce_on_lan(LanAnnouncer& announcer, const LanService& service,
                     const std::function<void(const std::string&)>& log);

}  // namespace lf
