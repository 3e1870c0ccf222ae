// Joining without typing: the links the QR codes hold (scoring/client/join_link.h) and the
// servers the login screen lists from what the LAN announces (scoring/client/lan_browser.h),
// without a network or an avahi-daemon.
#include <gtest/gtest.h>

#include "scoring/client/join_link.h"
#include "scoring/client/lan_browser.h"
#include "scoring/protocol/protocol.h"

namespace lf {
namespace {

TEST(JoinLink, APersonsLinkCarriesAOneTimeTicketInTheFragmentOnly) {
  // The fragment is never sent to the server: the ticket stays out of request lines and logs;
  // the browser's history keeps it, dead once used (never the code).
  std::string link = person_join_link("https://192.168.1.10:8080", "012345678901234567890123");
  EXPECT_EQ(link, "https://192.168.1.10:8080/#t=012345678901234567890123");
  EXPECT_LT(link.find("/#"), link.find("0123456789"));
}

TEST(JoinLink, TheGivenAddressIsReadAsTheConsolesReadIt) {
  EXPECT_EQ(join_base_url("https://192.168.1.10:8080").value(), "https://192.168.1.10:8080");
  EXPECT_EQ(join_base_url("https://192.168.1.10:8080/").value(), "https://192.168.1.10:8080");
  EXPECT_EQ(join_base_url("laptop").value(), "https://laptop:8080");  // https and 8080 unless said
  EXPECT_EQ(join_base_url("http://10.0.0.5:9000").value(), "http://10.0.0.5:9000");
  auto wrong = join_base_url("https://laptop:80x80");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().errors().front().path, "--join-url");
  EXPECT_NE(wrong.status().to_string().find("不是服务器地址"), std::string::npos)
      << wrong.status().to_string();
}

TEST(JoinLink, WithoutAnAddressThisMachinesLanAddressOnPort8080) {
  auto ip = first_lan_ipv4();
  auto base = join_base_url("");
  if (!ip) {
    ASSERT_FALSE(base.ok());
    EXPECT_EQ(base.status().kind(), ErrorKind::unavailable);
    GTEST_SKIP() << "no LAN address on this machine";
  }
  EXPECT_NE(ip->rfind("127.", 0), 0u) << *ip;
  EXPECT_EQ(base.value(), "https://" + *ip + ":8080");
}

TEST(JoinLink, TheVenuesLinkIsTheLoginPageAsTabletsReachIt) {
  ServerAddress lan{"192.168.1.10", 8080, true, nullptr};
  EXPECT_EQ(venue_join_link(lan), "https://192.168.1.10:8080/");
  ServerAddress plain{"192.168.1.10", 9000, false, nullptr};
  EXPECT_EQ(venue_join_link(plain), "http://192.168.1.10:9000/");
  // A display on the server's own machine reaches it at 127.0.0.1; a phone cannot.
  ServerAddress loopback{"127.0.0.1", 8080, true, nullptr};
  auto ip = first_lan_ipv4();
  if (!ip) {
    EXPECT_EQ(venue_join_link(loopback), std::nullopt);
    GTEST_SKIP() << "no LAN address on this machine";
  }
  EXPECT_EQ(venue_join_link(loopback), "https://" + *ip + ":8080/");
  ServerAddress localhost{"localhost", 8443, true, nullptr};
  EXPECT_EQ(venue_join_link(localhost), "https://" + *ip + ":8443/");
}

TEST(FoundServers, AnAnnouncementIsReadFromItsTxtRecord) {
  FoundServer f = found_server("测试县大赛 #2", "192.168.1.10", 8080,
                               {"contest=测试县中小学班主任基本功大赛", "tls=1", "api=2"});
  EXPECT_EQ(f.name,
            "测试县中小学班主任基本功大赛");  // the full name, not the (renamed, cut) instance
  EXPECT_TRUE(f.tls);
  EXPECT_EQ(f.api_version, 2);
  EXPECT_EQ(f.address(), "https://192.168.1.10:8080");
  FoundServer plain = found_server("比赛", "10.0.0.5", 9000, {"tls=0", "api=x", "junk"});
  EXPECT_EQ(plain.name, "比赛");  // no contest in the TXT: the instance name
  EXPECT_FALSE(plain.tls);
  EXPECT_EQ(plain.api_version, 0);
  EXPECT_EQ(plain.address(), "http://10.0.0.5:9000");
}

TEST(FoundServers, TheListHasEachAddressOnceInNameOrderWithoutLoopbackCopiesOrOtherApiVersions) {
  const int api = protocol::kApiVersion;
  std::vector<FoundServer> seen = {
      {"乙县大赛", "192.168.1.20", 8080, true, api},
      {"甲县大赛", "192.168.1.10", 8080, true, api},
      {"甲县大赛", "192.168.1.10", 8080, true, api},    // the same server on a second interface
      {"甲县大赛 #2", "192.168.1.10", 8080, true, 0},   // and under a renamed instance
      {"旧版本", "192.168.1.30", 8080, true, api + 1},  // would refuse this console's login
      {"", "", 8080, true, api},                        // not resolved
      {"甲县大赛", "127.0.0.1", 8080, true, api},       // the same server seen on lo
  };
  std::vector<FoundServer> list = server_choices(seen, api);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].name, "乙县大赛");  // UTF-8 byte order: 乙 (E4 B9 99) before 甲 (E7 94 B2)
  EXPECT_EQ(list[1].address(), "https://192.168.1.10:8080");
  EXPECT_TRUE(server_choices({}, api).empty());
  // Only on lo (a server on this very machine, no network): listed, it is all there is.
  std::vector<FoundServer> alone = server_choices({{"丙县大赛", "127.0.0.1", 8080, true, api}}, api);
  ASSERT_EQ(alone.size(), 1u);
  EXPECT_EQ(alone[0].address(), "https://127.0.0.1:8080");
}

TEST(FoundServers, WithoutADaemonTheRealBrowserFindsNothingAndSaysWhy) {
  std::string problem;
  auto browser = make_avahi_browser(&problem);
  ASSERT_NE(browser, nullptr);
  if (problem.empty()) GTEST_SKIP() << "an avahi-daemon runs here";
  EXPECT_TRUE(browser->found().empty());
  EXPECT_NE(problem.find("avahi-daemon"), std::string::npos) << problem;
}

}  // namespace
}  // namespace lf
