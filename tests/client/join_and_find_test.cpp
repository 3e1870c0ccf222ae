// Joining without typing: the links the QR codes hold (scoring/client/join_link.h).
#include <gtest/gtest.h>

#include "scoring/client/join_link.h"

namespace lf {
namespace {

TEST(JoinLink, APersonsLinkCarriesTheCodeInTheFragmentOnly) {
  // The fragment is never sent to the server: the code stays out of request lines and logs.
  std::string link = person_join_link("https://192.168.1.10:8080", "0123456789");
  EXPECT_EQ(link, "https://192.168.1.10:8080/#code=0123456789");
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

}  // namespace
}  // namespace lf
