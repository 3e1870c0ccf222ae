// Nothing readable or forgeable on the venue Wi-Fi (docs/security.md): the server speaks HTTPS
// with its own certificate; the native clients pin it on first contact and refuse another one
// before they send a code or token; a plain-HTTP request to the TLS port gets nothing. And the
// HTTP layer's browser hygiene: JSON bodies only (415), same-origin only (no CORS headers,
// OPTIONS 204), no cookies.
#include <gtest/gtest.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "tests/server/child_server.h"
#include "scoring/client/api_client.h"
#include "scoring/client/certificate_pin.h"
#include "scoring/client/event_stream.h"
#include "tests/server/known_people.h"
#include "tests/server/raw_socket.h"
#include "tests/server/server_fixture.h"
#include "scoring/server/tls_certificate.h"

namespace lf {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("liangfen-tls-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

ServerAddress https(int port, std::shared_ptr<CertificatePin> pin = nullptr) {
  ServerAddress a{"127.0.0.1", port, true, std::move(pin)};
  return a;
}

Json mark(double points) {
  return {{"round", "prelim"}, {"contestant", "C001"}, {"section", "talent"}, {"points", points},
          {"judge", "J01"},    {"revision", 0}};
}

bool logged_a_login(test::LiveServer& s) {
  for (const auto& line : s.log_lines())
    if (line.find(protocol::path::kLogin) != std::string::npos) return true;
  return false;
}

TEST(Tls, TheNativeClientsLogInSaveAMarkAndFollowTheLiveFeedOverHttps) {
  test::LiveServer server(test::sample_without_results(), {.tls = true});
  ASSERT_EQ(server.fingerprint().size(), 64u);
  auto pin = std::make_shared<CertificatePin>("", "https://127.0.0.1:" + std::to_string(server.port()));
  ApiClient head(https(server.port(), pin)), judge(https(server.port(), pin));

  ApiAnswer health = head.get(protocol::path::kHealth);
  ASSERT_TRUE(health.ok()) << health.message();
  EXPECT_EQ(health.body["tls"], true);
  EXPECT_EQ(pin->pinned(), server.fingerprint());  // the first contact pinned the certificate

  ASSERT_TRUE(head.login(test::code_of("head:PRE")).ok());
  ASSERT_TRUE(judge.login(test::code_of("J01")).ok());

  std::mutex mu;
  std::condition_variable cv;
  std::vector<SseEvent> seen;
  EventStream feed(https(server.port(), pin), judge.token(), 0, [&](const SseEvent& e) {
    std::lock_guard lock(mu);
    seen.push_back(e);
    cv.notify_all();
  });
  feed.start();

  ASSERT_TRUE(head.post(protocol::path::kStage, {{"venue", "PRE"}, {"contestant", "C001"}}).ok());
  ApiAnswer saved = judge.post(protocol::path::kMarks, mark(8.5));
  ASSERT_TRUE(saved.ok()) << saved.message();
  EXPECT_EQ(saved.body["saved"], true);
  const int64_t seq = saved.body["seq"].get<int64_t>();

  std::unique_lock lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(20), [&] {
    for (const auto& e : seen)
      if (e.id == seq && e.event == "mark") return true;
    return false;
  })) << "the judge's live feed over https did not deliver the mark";
  lock.unlock();
  feed.stop();
  auto state = judge.get(protocol::path::kState);
  ASSERT_TRUE(state.ok());
  EXPECT_NE(state.raw.find("8.5"), std::string::npos);
}

// Reads whatever the server sends back to `request` until it closes (at most 5 s).
std::string raw_exchange(int port, const std::string& request) {
  int fd = test::connect_raw(port);
  if (fd < 0) return "connect failed";
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string got;
  char buf[4096];
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, size_t(n));
  }
  ::close(fd);
  return got;
}

TEST(Tls, PlainHttpToTheTlsPortGetsNoDataOnlyAClosedConnection) {
  test::LiveServer server(test::sample_without_results(), {.tls = true});
  httplib::Client plain("127.0.0.1", server.port());
  plain.set_read_timeout(5, 0);
  auto r = plain.Get(protocol::path::kHealth);
  EXPECT_FALSE(r) << "a plain-HTTP request to the TLS port got an answer: " << r->status;
  Json body = {{"code", test::code_of("J01")}, {"api_version", protocol::kApiVersion}};
  std::string got = raw_exchange(server.port(), "POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                                "Content-Length: " + std::to_string(body.dump().size()) + "\r\n\r\n" + body.dump());
  EXPECT_EQ(got.find("HTTP/"), std::string::npos) << got;
  EXPECT_EQ(got.find("token"), std::string::npos) << got;
  EXPECT_EQ(got.find("contest"), std::string::npos) << got;
  EXPECT_LT(got.size(), 64u) << "at most a TLS alert";
  EXPECT_FALSE(logged_a_login(server));
  // And the server still serves TLS clients.
  EXPECT_TRUE(ApiClient(https(server.port())).get(protocol::path::kHealth).ok());
}

TEST(Tls, AnotherCertificateOnTheSameAddressIsRefusedBeforeTheCodeIsSent) {
  fs::path tablet = fresh_dir("pins");
  const std::string pins = (tablet / "server-pins.json").string();
  int port = 0;
  std::string first_fingerprint;
  {
    test::LiveServer real(test::sample_without_results(), {.tls = true});
    port = real.port();
    first_fingerprint = real.fingerprint();
    ApiClient judge(with_pin_file(https(port), pins));
    ASSERT_TRUE(judge.login(test::code_of("J01")).ok());
  }
  // The tablet remembers the certificate in its data dir, with the address it was met at.
  std::ifstream in(pins);
  Json remembered = Json::parse(in, nullptr, false);
  ASSERT_TRUE(remembered.is_object() && remembered["servers"].is_array()) << remembered.dump();
  ASSERT_EQ(remembered["servers"].size(), 1u);
  EXPECT_EQ(remembered["servers"][0].value("fingerprint", ""), first_fingerprint);
  EXPECT_EQ(remembered["servers"][0].value("address", ""), "https://127.0.0.1:" + std::to_string(port));

  // Someone else's server, with its own certificate, on the same address (the tablet restarted).
  test::LiveServer impostor(test::sample_without_results(), {.tls = true, .port = port});
  ASSERT_EQ(impostor.port(), port);
  ASSERT_NE(impostor.fingerprint(), first_fingerprint);
  ApiClient judge(with_pin_file(https(port), pins));
  ApiAnswer a = judge.login(test::code_of("J01"));
  EXPECT_FALSE(a.connected());
  EXPECT_EQ(a.error, certificate_changed_message(impostor.fingerprint()));
  EXPECT_NE(a.error.find("服务器证书已改变（指纹 " + short_fingerprint(impostor.fingerprint())), std::string::npos)
      << a.error;
  EXPECT_NE(a.error.find("请向组委会核对登录码单上的指纹"), std::string::npos);
  EXPECT_TRUE(judge.token().empty());
  EXPECT_EQ(judge.server().pin->pinned(), first_fingerprint);  // the pin is not replaced
  // The live feed refuses it too, and never sends the token.
  std::mutex mu;
  std::condition_variable cv;
  std::string why;
  EventStream feed(judge.server(), "not-a-real-token", 0, [](const SseEvent&) {},
                   [&](bool connected, const std::string& w) {
                     std::lock_guard lock(mu);
                     if (!connected) why = w;
                     cv.notify_all();
                   });
  feed.start();
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return !why.empty(); }));
    EXPECT_NE(why.find("服务器证书已改变"), std::string::npos) << why;
  }
  feed.stop();
  // Nothing reached the impostor's HTTP layer: no login, no request at all.
  EXPECT_FALSE(logged_a_login(impostor));
  for (const auto& line : impostor.log_lines()) EXPECT_EQ(line.rfind("请求 ", 0), std::string::npos) << line;
  fs::remove_all(tablet);
}

// Pins are by server, not by address: after the real server was trusted at 127.0.0.1, another
// certificate at another address (127.0.0.2, "the same laptop's second address") is refused
// inside the handshake and never hears the organizer's code; it is trusted only when the
// person gives the fingerprint printed on the slip, and only that one.
TEST(Tls, ARogueServerAtAnotherAddressIsRefusedAndNeverGetsTheOrganizersCode) {
  fs::path tablet = fresh_dir("rogue");
  const std::string pins = (tablet / "cli-server-pins.json").string();
  test::LiveServer real(test::sample_without_results(), {.tls = true});
  test::LiveServer rogue(test::sample_without_results(), {.tls = true, .host = "127.0.0.2"});
  ASSERT_NE(real.fingerprint(), rogue.fingerprint());
  {
    ApiClient organizer(with_pin_file(https(real.port()), pins));
    ASSERT_TRUE(organizer.login(test::code_of("organizer")).ok());
  }
  const std::string rogue_url = "https://127.0.0.2:" + std::to_string(rogue.port());
  auto at_rogue = [&](const std::string& suffix) {
    auto address = parse_server_address(rogue_url + suffix);
    EXPECT_TRUE(address.ok()) << address.status().to_string();
    return ApiClient(with_pin_file(address.value(), pins));
  };
  ApiClient fooled = at_rogue("");
  ApiAnswer a = fooled.login(test::code_of("organizer"));
  EXPECT_FALSE(a.connected());
  EXPECT_NE(a.error.find("服务器证书已改变（指纹 " + short_fingerprint(rogue.fingerprint())), std::string::npos)
      << a.error;
  EXPECT_TRUE(fooled.token().empty());
  // The real server's fingerprint from the slip does not open the door to another certificate.
  ApiAnswer b = at_rogue("#" + short_fingerprint(real.fingerprint())).login(test::code_of("organizer"));
  EXPECT_FALSE(b.connected());
  EXPECT_FALSE(logged_a_login(rogue));
  for (const auto& line : rogue.log_lines()) EXPECT_EQ(line.rfind("请求 ", 0), std::string::npos) << line;
  // The pin file still trusts only the real one.
  std::ifstream in(pins);
  Json remembered = Json::parse(in, nullptr, false);
  ASSERT_TRUE(remembered["servers"].is_array());
  for (const Json& server : remembered["servers"]) EXPECT_EQ(server.value("fingerprint", ""), real.fingerprint());
  // A server whose fingerprint the person typed from its slip (its own 16 digits) is trusted
  // from then on (a new contest's server on a tablet that trusted last year's).
  ApiClient confirmed = at_rogue("#" + short_fingerprint(rogue.fingerprint()));
  EXPECT_TRUE(confirmed.login(test::code_of("organizer")).ok());
  EXPECT_TRUE(at_rogue("").login(test::code_of("organizer")).ok());
  fs::remove_all(tablet);
}

// The same certificate at any address is the same server (a laptop that moved to another
// network, a second address of the same laptop); the earlier per-address files keep working.
TEST(Tls, APinnedCertificateIsTrustedAtAnyAddressAndOldPinFilesAreRead) {
  fs::path tablet = fresh_dir("any-address");
  const std::string pins = (tablet / "server-pins.json").string();
  const std::string real(64, 'a'), other(64, 'b');
  {
    std::ofstream out(pins);
    out << Json{{"https://192.168.1.10:8080", real}}.dump();  // the earlier form
  }
  CertificatePin moved(pins, "https://10.0.0.5:8080");
  EXPECT_TRUE(moved.accept(real));
  EXPECT_EQ(moved.pinned(), real);
  CertificatePin same_address_other_cert(pins, "https://192.168.1.10:8080");
  EXPECT_FALSE(same_address_other_cert.accept(other));
  EXPECT_EQ(same_address_other_cert.refusal_message(), certificate_changed_message(other));
  CertificatePin new_address_other_cert(pins, "https://192.168.1.99:8080");
  EXPECT_FALSE(new_address_other_cert.accept(other));
  // A device that trusts nothing yet, given the slip's fingerprint, takes only that one.
  fs::remove(pins);
  CertificatePin first_with_slip(pins, "https://192.168.1.10:8080", "AAAA aaaa AAAA aaaa");
  EXPECT_FALSE(first_with_slip.accept(other));
  EXPECT_TRUE(first_with_slip.accept(real));
  EXPECT_EQ(normalized_fingerprint("ab12 cd34 ef56 7890"), "ab12cd34ef567890");
  EXPECT_EQ(normalized_fingerprint("ab12 cd34 ef56 789"), "");
  EXPECT_EQ(normalized_fingerprint("zb12 cd34 ef56 7890"), "");
  fs::remove_all(tablet);
}

// A pin file that cannot be read is not "no pins": nothing is trusted and nothing is sent.
TEST(Tls, AnUnreadablePinFileRefusesEveryServerInsteadOfTrustingOnFirstUseAgain) {
  fs::path tablet = fresh_dir("corrupt");
  const std::string pins = (tablet / "server-pins.json").string();
  test::LiveServer real(test::sample_without_results(), {.tls = true});
  for (const std::string& damaged : {std::string("{\"servers\": [{\"fingerprint\": \"a"), std::string("[1, 2]"),
                                     std::string("{\"https://x:1\": 42}")}) {
    {
      std::ofstream out(pins, std::ios::trunc);
      out << damaged;
    }
    ApiClient judge(with_pin_file(https(real.port()), pins));
    ApiAnswer a = judge.login(test::code_of("J01"));
    EXPECT_FALSE(a.connected()) << damaged;
    EXPECT_NE(a.error.find("无法读取或已损坏"), std::string::npos) << a.error;
    EXPECT_NE(a.error.find(pins), std::string::npos) << a.error;
    EXPECT_EQ(test::read_text(pins), damaged);  // left as it was, for someone to look at
  }
  EXPECT_FALSE(logged_a_login(real));
  // Removed, as the message says: trust on first use again.
  fs::remove(pins);
  EXPECT_TRUE(ApiClient(with_pin_file(https(real.port()), pins)).login(test::code_of("J01")).ok());
  fs::remove_all(tablet);
}

TEST(Tls, TheCertificateIsMadeOnceWithAPrivateKeyAndNamesThisMachine) {
  fs::path dir = fresh_dir("identity");
  std::string db = (dir / "contest.db").string();
  auto first = load_or_create_tls_identity(db, "测试县中小学班主任基本功大赛");
  ASSERT_TRUE(first.ok()) << first.status().to_string();
  EXPECT_TRUE(first->created);
  EXPECT_EQ(first->certificate_file, db + ".crt");
  EXPECT_EQ(first->key_file, db + ".key");
  struct stat st{};
  ASSERT_EQ(::stat(first->key_file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto again = load_or_create_tls_identity(db, "another name");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->fingerprint, first->fingerprint);
  EXPECT_EQ(short_fingerprint(first->fingerprint).size(), 19u);  // "abcd abcd abcd abcd"

  FILE* f = std::fopen(first->certificate_file.c_str(), "r");
  ASSERT_TRUE(f);
  X509* cert = PEM_read_X509(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  ASSERT_TRUE(cert);
  EXPECT_EQ(X509_check_ip_asc(cert, "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_check_host(cert, "localhost", 0, 0, nullptr), 1);
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  EXPECT_EQ(X509_check_host(cert, host, 0, 0, nullptr), 1) << host;
  // Valid for years, not days.
  EXPECT_GT(X509_cmp_time(X509_get0_notAfter(cert), nullptr), 0);
  ASN1_TIME* in_ten_years = X509_time_adj_ex(nullptr, 3650, 0, nullptr);
  EXPECT_GT(ASN1_TIME_compare(X509_get0_notAfter(cert), in_ten_years), 0);
  ASN1_TIME_free(in_ten_years);
  X509_free(cert);

  // One file without the other is refused (nothing is overwritten).
  fs::remove(db + ".key");
  EXPECT_FALSE(load_or_create_tls_identity(db, "x").ok());
  EXPECT_TRUE(fs::exists(db + ".crt"));
  fs::remove_all(dir);
}

TEST(Tls, TheServerProgramServesHttpsByDefaultAndLogsItsFingerprint) {
  fs::path dir = fresh_dir("binary");
  std::string db = (dir / "contest.db").string();
  ASSERT_TRUE(test::create_contest_db(db, test::sample_without_results()).ok());
  test::ChildServer server({"--db", db, "--backup-minutes", "0"}, /*tls=*/true);
  ASSERT_TRUE(server.start());
  auto fp = certificate_file_fingerprint(db + ".crt");
  ASSERT_TRUE(fp.ok());
  auto pin = std::make_shared<CertificatePin>("", "test");
  ApiAnswer health = ApiClient(https(server.port(), pin)).get(protocol::path::kHealth);
  ASSERT_TRUE(health.ok()) << health.message();
  EXPECT_EQ(health.body["tls"], true);
  EXPECT_EQ(pin->pinned(), fp.value());
  EXPECT_EQ(server.terminate(), 0);
  std::ifstream log(db + ".log");
  std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("SHA-256 指纹 " + fp.value()), std::string::npos) << text;
  EXPECT_NE(text.find("在 https://127.0.0.1:"), std::string::npos) << text;

  // --plain-http: plain, with a loud warning.
  test::ChildServer plain({"--db", db, "--backup-minutes", "0"});
  ASSERT_TRUE(plain.start());
  ApiAnswer plain_health = ApiClient(ServerAddress{"127.0.0.1", plain.port()}).get(protocol::path::kHealth);
  ASSERT_TRUE(plain_health.ok());
  EXPECT_EQ(plain_health.body["tls"], false);
  EXPECT_EQ(plain.terminate(), 0);
  std::ifstream log2(db + ".log");
  std::string text2((std::istreambuf_iterator<char>(log2)), std::istreambuf_iterator<char>());
  EXPECT_NE(text2.find("警告：--plain-http 未加密"), std::string::npos);
  fs::remove_all(dir);
}

// ---- Browser hygiene (plain HTTP: the same layer serves both) ----

TEST(HttpHygiene, APostWhoseBodyIsNotDeclaredJsonIs415AndStoresNothing) {
  test::LiveServer server(test::sample_without_results());
  std::string head = server.login("head:PRE");
  auto c = server.client();
  httplib::Headers h = {{"Authorization", "Bearer " + head}};
  const std::string stage = Json{{"venue", "PRE"}, {"contestant", "C001"}}.dump();
  const int64_t before = server.service().last_seq();
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                           "application/jsonp", "text/json"}) {
    auto r = c.Post(protocol::path::kStage, h, stage, type);
    ASSERT_TRUE(r) << type;
    EXPECT_EQ(r->status, 415) << type;
    Json body = Json::parse(r->body, nullptr, false);
    EXPECT_EQ(body.value("field", ""), "Content-Type") << r->body;
  }
  // A login code in a form post is refused before anything reads it.
  auto login = c.Post(protocol::path::kLogin,
                      Json{{"code", test::code_of("J01")}, {"api_version", protocol::kApiVersion}}.dump(), "text/plain");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->status, 415);
  EXPECT_EQ(login->body.find("token"), std::string::npos);
  EXPECT_EQ(server.service().last_seq(), before);
  // Declared JSON, with or without a charset, in any case: accepted.
  auto ok = c.Post(protocol::path::kStage, h, stage, "Application/JSON; charset=utf-8");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
}

TEST(HttpHygiene, NoCrossOriginAccessNoCookiesAndTokensOnlyInTheHeader) {
  test::LiveServer server(test::sample_without_results());
  std::string head = server.login("head:PRE");
  auto c = server.client();
  httplib::Headers from_elsewhere = {{"Origin", "http://evil.example"},
                                     {"Access-Control-Request-Method", "POST"},
                                     {"Access-Control-Request-Headers", "authorization, content-type"}};
  for (const char* path : {protocol::path::kMarks, protocol::path::kLogin, protocol::path::kState, "/api/nowhere"}) {
    auto r = c.Options(path, from_elsewhere);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 204) << path;
    EXPECT_TRUE(r->body.empty()) << path;
    for (const auto& [name, value] : r->headers)
      EXPECT_NE(name.rfind("Access-Control-", 0), 0u) << path << ": " << name << ": " << value;
  }
  // Real answers carry no CORS header and set no cookie, whatever the Origin says.
  httplib::Headers h = {{"Authorization", "Bearer " + head}, {"Origin", "http://evil.example"}};
  for (const char* path : {protocol::path::kHealth, protocol::path::kState, protocol::path::kResults}) {
    auto r = c.Get(path, h);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path;
    EXPECT_FALSE(r->has_header("Access-Control-Allow-Origin")) << path;
    EXPECT_FALSE(r->has_header("Set-Cookie")) << path;
  }
  auto login = c.Post(protocol::path::kLogin,
                      Json{{"code", test::code_of("J02")}, {"api_version", protocol::kApiVersion}}.dump(),
                      "application/json");
  ASSERT_TRUE(login && login->status == 200);
  EXPECT_FALSE(login->has_header("Set-Cookie"));
  EXPECT_FALSE(login->has_header("Access-Control-Allow-Origin"));
  // A token in the query counts only for the live feed (EventSource cannot set headers).
  auto in_query = c.Get(std::string(protocol::path::kState) + "?token=" + head);
  ASSERT_TRUE(in_query);
  EXPECT_EQ(in_query->status, 401);
  auto post_query = c.Post(std::string(protocol::path::kStage) + "?token=" + head,
                           Json{{"venue", "PRE"}, {"contestant", "C001"}}.dump(), "application/json");
  ASSERT_TRUE(post_query);
  EXPECT_EQ(post_query->status, 401);
  // A cookie named like a token is not a login.
  auto cookie = c.Get(protocol::path::kState, {{"Cookie", "token=" + head}});
  ASSERT_TRUE(cookie);
  EXPECT_EQ(cookie->status, 401);
  // The health answer says the transport is plain.
  auto health = c.Get(protocol::path::kHealth);
  ASSERT_TRUE(health);
  EXPECT_EQ(Json::parse(health->body).value("tls", true), false);
}

}  // namespace
}  // namespace lf
