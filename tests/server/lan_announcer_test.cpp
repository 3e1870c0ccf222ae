// The server announces itself on the LAN (scoring/server/lan_announcer.h): what it announces,
// and that its start-up goes on, saying why in Chinese, when nobody can announce it — with a
// double for the daemon, and with the real Avahi adapter as this machine has it.
#include <gtest/gtest.h>

#include "scoring/protocol/protocol.h"
#include "scoring/server/lan_announcer.h"

namespace lf {
namespace {

// Records what it was asked to announce; refuses like a machine without a daemon when told to.
class FakeAnnouncer : public LanAnnouncer {
 public:
  explicit FakeAnnouncer(bool daemon) : daemon_(daemon) {}
  Status announce(const LanService& s) override {
    announced.push_back(s);
    if (!daemon_)
      return Error{"", "本机没有运行局域网发现服务 avahi-daemon", ErrorKind::unavailable};
    return {};
  }
  std::vector<LanService> announced;

 private:
  bool daemon_;
};

TEST(LanAnnouncer, TheServiceIsTheContestByNameWithTlsAndApiVersion) {
  LanService s = liangfen_service("测试县中小学班主任基本功大赛", 8443, true);
  EXPECT_EQ(s.instance, "测试县中小学班主任基本功大赛");
  EXPECT_EQ(s.port, 8443);
  EXPECT_EQ(s.txt, (std::vector<std::string>{"contest=测试县中小学班主任基本功大赛", "tls=1",
                                             "api=" + std::to_string(protocol::kApiVersion)}));
  EXPECT_EQ(liangfen_service("比赛", 8080, false).txt[1], "tls=0");
  EXPECT_EQ(liangfen_service("", 8080, true).instance, "亮分服务器");
}

TEST(LanAnnouncer, ALongNameIsCutAtAWholeCharacterTo63Bytes) {
  std::string name;
  for (int i = 0; i < 30; ++i) name += "县";  // 90 bytes
  LanService s = liangfen_service(name, 8080, true);
  EXPECT_EQ(s.instance.size(), 63u);  // 21 whole characters of 3 bytes
  EXPECT_EQ(s.instance, name.substr(0, 63));
  EXPECT_EQ(s.txt[0], "contest=" + name);                    // the TXT keeps the whole name
  std::string ascii_then_cjk = std::string(62, 'a') + "县";  // the cut would split 县
  EXPECT_EQ(liangfen_service(ascii_then_cjk, 8080, true).instance, std::string(62, 'a'));
}

TEST(LanAnnouncer, StartUpSaysInChineseWhetherConsolesWillFindTheServer) {
  std::vector<std::string> log;
  auto to_log = [&](const std::string& line) { log.push_back(line); };
  FakeAnnouncer daemon(true);
  announce_on_lan(daemon, liangfen_service("测试县大赛", 8080, true), to_log);
  ASSERT_EQ(daemon.announced.size(), 1u);
  EXPECT_EQ(daemon.announced[0].instance, "测试县大赛");
  ASSERT_EQ(log.size(), 1u);
  EXPECT_NE(log[0].find("已在局域网上公布本服务器（“测试县大赛”，端口 8080）"), std::string::npos)
      << log[0];

  log.clear();
  FakeAnnouncer none(false);
  announce_on_lan(none, liangfen_service("测试县大赛", 8080, true), to_log);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_NE(log[0].find("本机没有运行局域网发现服务 avahi-daemon"), std::string::npos) << log[0];
  EXPECT_NE(log[0].find("服务器照常运行"), std::string::npos) << log[0];
}

TEST(LanAnnouncer, TheRealAdapterAnnouncesOrSaysWhyNotAndEndsCleanly) {
  std::vector<std::string> later;
  {
    auto announcer = make_avahi_announcer([&](const std::string& line) { later.push_back(line); });
    Status s = announcer->announce(liangfen_service("亮分测试", 18080, true));
    if (!s.ok()) {
      EXPECT_EQ(s.kind(), ErrorKind::unavailable);
      EXPECT_NE(s.to_string().find("avahi-daemon"), std::string::npos) << s.to_string();
    }
    EXPECT_EQ(announcer->announce(liangfen_service("亮分测试", 18080, true)).ok(),
              false);  // once only
  }                    // destroyed: withdrawn, Avahi's thread stopped
}

}  // namespace
}  // namespace lf
