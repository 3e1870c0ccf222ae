#include "scoring/server/lan_announcer.h"

#include "scoring/protocol/protocol.h"

namespace lf {

namespace {

// The longest prefix of `text` of at most `max` bytes that ends on a whole UTF-8 character.
std::string cut_utf8(const std::string& text, size_t max) {
  if (text.size() <= max) return text;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace

LanService liangfen_service(const std::string& contest, int port, bool tls) {
  LanService s;
  s.instance = cut_utf8(contest.empty() ? "亮分服务器" : contest, 63);  // DNS label limit
  s.port = port;
  // A TXT string holds 255 bytes; the key and '=' take the rest of the contest's share.
  s.txt = {std::string(protocol::lan::kTxtContest) + "=" + cut_utf8(contest, 255 - 8),
           std::string(protocol::lan::kTxtTls) + "=" + (tls ? "1" : "0"),
           std::string(protocol::lan::kTxtApi) + "=" + std::to_string(protocol::kApiVersion)};
  return s;
}

void announce_on_lan(LanAnnouncer& announcer, const LanService& service,
                     const std::function<void(const std::string&)>& log) {
  Status s = announcer.announce(service);
  if (s.ok())
    log("已在局域网上公布本服务器（“" + service.instance + "”，端口 " +
        std::to_string(service.port) + "）：评委终端的登录页会列出它");
  else
    log("注意：未能在局域网上公布本服务器（" + s.errors().front().message +
        "）；服务器照常运行，评委终端须手动填写服务器地址");
}

}  // namespace lf
