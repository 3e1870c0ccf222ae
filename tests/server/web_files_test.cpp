// The browser console's files, served by the real liangfen-server binary from the share folder
// beside it (scoring/server/web_files.h): the fixed list with its types and the browser
// hygiene headers, nothing else on disk reachable by any spelling of a path, and the API
// version the script logs in with is the protocol's.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "judge_console/console_strings.h"
#include "scoring/protocol/protocol.h"
#include "scoring/protocol/session_end.h"
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

TEST_F(WebConsole, TheScriptLogsInWithTheProtocolsApiVersion) {
  std::string script = test::read_text(test::source_path("web/api.js"));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(script, m, std::regex(R"(export const API_VERSION = (\d+);)")));
  EXPECT_EQ(std::stoi(m[1]), protocol::kApiVersion);
}

// The browser says why a login ended in the native screens' words (protocol/session_end.h).
TEST_F(WebConsole, TheScriptNamesEveryEndOfALoginInTheProtocolsWords) {
  std::string strings = test::read_text(test::source_path("web/strings.js"));
  for (const protocol::session_end::Words& w : protocol::session_end::kWords) {
    std::string line = std::string(w.reason) + ": \"" + w.message + "\",";
    EXPECT_NE(strings.find(line), std::string::npos) << "web/strings.js lacks " << line;
  }
  std::string kept = std::string("session_ended_kept: \"") + ConsoleStrings().session_ended_kept + "\",";
  EXPECT_NE(strings.find(kept), std::string::npos) << kept;
}

// A tablet whose storage fails says so in the native console's words, in the browser too.
TEST_F(WebConsole, TheScriptSaysStorageFailedInTheNativeConsolesWords) {
  std::string strings = test::read_text(test::source_path("web/strings.js"));
  for (std::string line : {std::string("storage_error: \"") + ConsoleStrings().storage_error + "\",",
                           std::string("storage_error_help: \"") + ConsoleStrings().storage_error_help + "\","})
    EXPECT_NE(strings.find(line), std::string::npos) << "web/strings.js lacks " << line;
}

// 缺赛 / 弃权 read the same on the browser's head judge screen as on the native console's
// (judge_console/console_strings.h): every word and reason, key for key.
TEST_F(WebConsole, TheScriptSaysAbsencesInTheNativeConsolesWords) {
  std::string strings = test::read_text(test::source_path("web/strings.js"));
  const ConsoleStrings s;
  const std::pair<const char*, const char*> words[] = {
      {"absences_title", s.absences_title}, {"absent_word", s.absent_word},     {"withdrew_word", s.withdrew_word},
      {"withdrawn_word", s.withdrawn_word}, {"absence_pick", s.absence_pick},   {"absence_record", s.absence_record},
      {"absence_line", s.absence_line},     {"absence_clear", s.absence_clear}, {"absence_clear_reason", s.absence_clear_reason},
      {"absence_none", s.absence_none}};
  for (auto [key, word] : words) {
    std::string line = std::string(key) + ": \"" + word + "\",";
    EXPECT_NE(strings.find(line), std::string::npos) << "web/strings.js lacks " << line;
  }
  std::string reasons = "absence_reasons: [";
  for (size_t i = 0; i < std::size(s.absence_reasons); ++i)
    reasons += std::string(i ? ", " : "") + "\"" + s.absence_reasons[i] + "\"";
  reasons += "],";
  EXPECT_NE(strings.find(reasons), std::string::npos) << "web/strings.js lacks " << reasons;
}

// The judge's list and notices read the same in the browser as on the native console (issue 24
// §1, §2).
TEST_F(WebConsole, TheJudgesListAndNoticesAreTheNativeConsolesWords) {
  std::string strings = test::read_text(test::source_path("web/strings.js"));
  const ConsoleStrings s;
  for (auto [key, words] : std::vector<std::pair<const char*, const char*>>{
           {"my_marks", s.my_marks}, {"no_marks_yet", s.no_marks_yet}, {"state_todo", s.state_todo},
           {"state_saved", s.state_saved}, {"state_waiting", s.state_waiting}, {"state_returned", s.state_returned},
           {"state_locked", s.state_locked}, {"state_refused", s.state_refused}, {"left_stage", s.left_stage},
           {"back_to_stage", s.back_to_stage}, {"returned_banner", s.returned_banner}, {"draft_kept", s.draft_kept}}) {
    std::string line = std::string(key) + ": \"" + words + "\",";
    EXPECT_NE(strings.find(line), std::string::npos) << "web/strings.js lacks " << line;
  }
}

// The timekeeper reads the same words in the browser as on the native console (issue 24).
TEST_F(WebConsole, TheTimekeepersWordsAreTheNativeConsoles) {
  std::string strings = test::read_text(test::source_path("web/strings.js"));
  const ConsoleStrings s;
  for (auto [key, words] : std::vector<std::pair<const char*, const char*>>{
           {"start", s.start}, {"stop", s.stop}, {"reset", s.reset}, {"send_time", s.send_time},
           {"recorded_time", s.recorded_time}, {"correct", s.correct}, {"type_reading", s.type_reading},
           {"reading_for", s.reading_for}, {"minutes", s.minutes}, {"seconds", s.seconds}, {"reason", s.reason},
           {"left_unsent", s.left_unsent}, {"send_left", s.send_left},
           {"reading_minutes_bad", s.reading_minutes_bad}, {"reading_seconds_bad", s.reading_seconds_bad},
           {"reading_zero", s.reading_zero}}) {
    std::string line = std::string(key) + ": \"" + words + "\",";
    EXPECT_NE(strings.find(line), std::string::npos) << "web/strings.js lacks " << line;
  }
  std::string reasons = "reasons: [";
  for (size_t i = 0; i < std::size(s.reasons); ++i) reasons += (i ? ", \"" : "\"") + std::string(s.reasons[i]) + "\"";
  EXPECT_NE(strings.find(reasons + "],"), std::string::npos) << reasons;
}

// A tie ruling reads the same in the browser as on the native consoles (issue 24 §4): every
// word of the table and the question, and the reasons, key for key.
TEST_F(WebConsole, TheRulingsWordsAreTheNativeConsoles) {
  std::string strings = test::read_text(test::source_path("web/strings.js"));
  const ConsoleStrings s;
  for (auto [key, words] : std::vector<std::pair<const char*, const char*>>{
           {"ties", s.ties}, {"rule_tie", s.rule_tie}, {"rule_tie_because", s.rule_tie_because}, {"up", s.up},
           {"tie_ruled", s.tie_ruled}, {"tie_same_total", s.tie_same_total}, {"tie_break_applied", s.tie_break_applied},
           {"tie_break_none", s.tie_break_none}, {"tie_col_order", s.tie_col_order}, {"tie_col_name", s.tie_col_name},
           {"tie_col_total", s.tie_col_total}, {"tie_col_outcome", s.tie_col_outcome}, {"tie_place", s.tie_place},
           {"tie_advances", s.tie_advances}, {"tie_not_advances", s.tie_not_advances}, {"tie_award", s.tie_award},
           {"tie_no_award", s.tie_no_award}, {"tie_confirm", s.tie_confirm}, {"tie_confirm_reason", s.tie_confirm_reason},
           {"tie_confirm_yes", s.tie_confirm_yes}, {"cancel", s.cancel}}) {
    std::string line = std::string(key) + ": \"" + words + "\",";
    EXPECT_NE(strings.find(line), std::string::npos) << "web/strings.js lacks " << line;
  }
  std::string reasons = "ruling_reasons: [";
  for (size_t i = 0; i < std::size(s.ruling_reasons); ++i)
    reasons += (i ? ", \"" : "\"") + std::string(s.ruling_reasons[i]) + "\"";
  EXPECT_NE(strings.find(reasons + "],"), std::string::npos) << reasons;
}

}  // namespace
}  // namespace lf
