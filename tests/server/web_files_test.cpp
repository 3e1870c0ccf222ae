// The browser console's files, served by the real liangfen-server binary from the share folder
// beside it (scoring/server/web_files.h): the fixed list with its types and the browser
// hygiene headers, and nothing else on disk reachable by any spelling of a path.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "scoring/protocol/protocol.h"
#include "scoring/server/web_files.h"
#include "tests/data/test_files.h"
#include "tests/server/child_server.h"
#include "tests/server/known_people.h"
#include "tests/server/raw_socket.h"

namespace lf {
namespace {

namespace fs = std::filesystem;

class WebConsole : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("liangfen-web-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::string db = (dir_ / "contest.db").string();
    ASSERT_TRUE(test::create_contest_db(db, test::sample_without_results()).ok());
    server_ = new test::ChildServer({"--db", db, "--backup-minutes", "0"}, /*tls=*/true);
    ASSERT_TRUE(server_->start());
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    fs::remove_all(dir_);
  }
  static httplib::Client client() {
    httplib::Client c("https://127.0.0.1:" + std::to_string(server_->port()));
    c.enable_server_certificate_verification(
        false);  // the headers are under test here, not the pin
    return c;
  }
  inline static fs::path dir_;
  inline static test::ChildServer* server_ = nullptr;
};

TEST_F(WebConsole, TheServerServesEveryListedFileWithItsTypeAndTheBrowserHygieneHeaders) {
  auto c = client();
  for (const WebFile& f : web_file_list()) {
    SCOPED_TRACE(f.url);
    auto r = c.Get(f.url);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->get_header_value("Content-Type"), f.content_type);
    // The repository's file, byte for byte (not printed when it differs: it is long).
    EXPECT_TRUE(r->body == test::read_text(test::source_path(std::string("web/") + f.file)))
        << f.file;
    EXPECT_EQ(r->get_header_value("Cache-Control"), "no-cache");
    const std::string csp = r->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("unsafe"), std::string::npos) << csp;  // no inline script or eval
    EXPECT_EQ(r->get_header_value("X-Frame-Options"), "DENY");
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(r->get_header_value("Referrer-Policy"), "no-referrer");
    EXPECT_FALSE(r->has_header("Access-Control-Allow-Origin"));
    EXPECT_FALSE(r->has_header("Set-Cookie"));
  }
  auto root = c.Get("/");
  ASSERT_TRUE(root);
  EXPECT_NE(root->body.find("<script type=\"module\" src=\"/app.js\"></script>"),
            std::string::npos);
  // The API is where it was, beside the files.
  auto health = c.Get(protocol::path::kHealth);
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

TEST_F(WebConsole, AnUnchangedFileIsAnswered304WithoutItsBytes) {
  auto c = client();
  auto first = c.Get("/app.js");
  ASSERT_TRUE(first);
  const std::string etag = first->get_header_value("ETag");
  ASSERT_EQ(etag.size(), 18u) << etag;  // "<16 hex digits>"
  auto again = c.Get("/app.js", {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  EXPECT_EQ(again->get_header_value("ETag"), etag);
  EXPECT_EQ(again->get_header_value("Cache-Control"), "no-cache");
  // Another file's tag, or an old one: the whole file.
  auto other = c.Get("/style.css", {{"If-None-Match", etag}});
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
  EXPECT_TRUE(other->body == test::read_text(test::source_path("web/style.css")));
  EXPECT_NE(other->get_header_value("ETag"), etag);
  auto old = c.Get("/app.js", {{"If-None-Match", "\"0000000000000000\""}});
  ASSERT_TRUE(old);
  EXPECT_EQ(old->status, 200);
  EXPECT_FALSE(old->body.empty());
}

TEST_F(WebConsole, NoOtherPathReachesAFileAndOnlyGetIsAnswered) {
  // Every spelling of a way out of the web folder, or into another file of the share folder.
  const char* paths[] = {"/../README.md",
                         "/..%2f..%2fREADME.md",
                         "/%2e%2e/%2e%2e/etc/passwd",
                         "/..\\..\\etc\\passwd",
                         "//etc/passwd",
                         "/web/app.js",
                         "/share/liangfen/web/app.js",
                         "/samples/county-2026.contest.json",
                         "/app.js/",
                         "/APP.JS",
                         "/app.js%00.html",
                         "/./app.js",
                         "/index.html/..",
                         "/.htaccess",
                         "/templates/certificate.json",
                         "/favicon.ico",
                         "/api/../app.js"};
  auto c = client();
  for (const char* p : paths) {
    SCOPED_TRACE(p);
    auto r = c.Get(p);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404);
    EXPECT_EQ(r->body.find("root:"), std::string::npos);
    EXPECT_EQ(r->body.find("\"contestants\""), std::string::npos);
    EXPECT_EQ(r->body.find("import"), std::string::npos);  // no script's text
  }
  // A query does not make another file: it is the same file.
  auto q = c.Get("/app.js?v=../../etc/passwd");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->status, 200);
  EXPECT_TRUE(q->body == test::read_text(test::source_path("web/app.js")));
  // Only GET.
  auto post = c.Post("/", "{}", "application/json");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  auto del = c.Delete("/app.js");
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 405);
}

TEST_F(WebConsole, ARequestTargetWithoutALeadingSlashReachesNoFile) {
  // What no browser sends but a hand-written request can: over plain HTTP, byte for byte.
  std::string db = (dir_ / "plain.db").string();
  ASSERT_TRUE(test::create_contest_db(db, test::sample_without_results()).ok());
  test::ChildServer plain({"--db", db, "--backup-minutes", "0"});
  ASSERT_TRUE(plain.start());
  for (const char* target : {"../../README.md", "app.js", "web/app.js", "*"}) {
    SCOPED_TRACE(target);
    int fd = test::connect_raw(plain.port());
    ASSERT_GE(fd, 0);
    std::string req =
        std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    ASSERT_EQ(::send(fd, req.data(), req.size(), 0), ssize_t(req.size()));
    std::string answer;
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) answer.append(buf, size_t(n));
    ::close(fd);
    EXPECT_EQ(answer.rfind("HTTP/1.1 404", 0), 0u) << answer.substr(0, 200);
    EXPECT_EQ(answer.find("import"), std::string::npos);
  }
}

TEST_F(WebConsole, AMissingFileIsLoggedAndAnswered404NotAnotherFile) {
  fs::path web = dir_ / "partial-web";
  fs::create_directories(web);
  { std::ofstream(web / "index.html") << "<!DOCTYPE html><title>x</title>"; }
  std::vector<std::string> logged;
  WebFiles files(web.string(), [&](const std::string& line) { logged.push_back(line); });
  EXPECT_NE(files.find("/").body, nullptr);
  EXPECT_EQ(*files.find("/index.html").body, "<!DOCTYPE html><title>x</title>");
  WebFiles::Found app = files.find("/app.js");
  ASSERT_NE(app.entry, nullptr);
  EXPECT_EQ(app.body, nullptr);
  EXPECT_EQ(files.find("/../index.html").entry, nullptr);
  EXPECT_EQ(logged.size(), web_file_list().size() - 2);  // all but "/" and "/index.html"
  for (const std::string& line : logged)
    EXPECT_NE(line.find("网页端文件缺失"), std::string::npos) << line;
}

// The API version, the words, the event kinds and the paths the scripts hold are compared with
// the C++ tables in tests/console/web_tables_test.cpp (WebTables.*).

}  // namespace
}  // namespace lf
