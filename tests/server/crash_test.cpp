// The real liangfen-server binary killed with SIGKILL (a laptop losing power) while judges
// submit marks: after a restart every mark that was answered "saved" is there exactly once,
// and an imported contest comes back unchanged through `liangfen export`.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "tests/server/child_server.h"
#include "data/format/contest_file.h"
#include "data/store/contest_store.h"
#include "data/format/result_json.h"
#include "tests/data/test_files.h"
#include "scoring/engine/fixed_point.h"
#include "scoring/engine/standings.h"
#include "tests/server/known_people.h"

namespace lf {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("liangfen-crash-" + std::to_string(::getpid()) + "-" +
                                         std::to_string(counter_++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string file(const char* name) const { return (path_ / name).string(); }

 private:
  inline static int counter_ = 0;
  fs::path path_;
};

std::string computed(const Json& document) {
  auto file = load_contest_document(document);
  EXPECT_TRUE(file.ok()) << file.status().to_string();
  if (!file.ok()) return "";
  return result_to_json(file->contest, compute_results(file->contest));
}

// Runs a command and returns its standard output.
std::string run(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  EXPECT_EQ(::pclose(p), 0) << command;
  return out;
}

TEST(Crash, KilledServerRestartsAndExportsWhatWasImported) {
  TempDir dir;
  std::string db = dir.file("contest.db");
  test::ChildServer server({"--db", db, "--import", test::source_path(test::kSampleContest),
                            "--backup-minutes", "0"});
  ASSERT_TRUE(server.start());
  server.kill_now();
  ASSERT_TRUE(server.start());  // the same database, carrying on
  server.kill_now();
  std::string exported = run(std::string(LF_BIN_DIR) + "/liangfen export --db " + db);
  auto document = parse_json(exported);
  ASSERT_TRUE(document.ok()) << document.status().to_string();
  EXPECT_EQ(computed(document.value()), computed(test::sample_document()));
}

// A judge's tablet as the console behaves: resend with the same idempotency key until the
// server answers, whatever happens to the connection meanwhile.
class Tablet {
 public:
  Tablet(int port, std::string person) : port_(port), person_(std::move(person)) {}

  // Returns the final HTTP status (never 0: connection failures are retried).
  int send(const char* path, const Json& body, Json* reply = nullptr) {
    for (int attempt = 0; attempt < 2000; ++attempt) {
      if (token_.empty() && !login()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        continue;
      }
      httplib::Client c("127.0.0.1", port_);
      c.set_connection_timeout(0, 300000);
      c.set_read_timeout(5, 0);
      auto r = c.Post(path, {{"Authorization", "Bearer " + token_}}, body.dump(), "application/json");
      if (!r) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        continue;
      }
      if (r->status == 401) {  // a session the server did not keep: log in again
        token_.clear();
        continue;
      }
      if (reply) *reply = Json::parse(r->body, nullptr, false);
      return r->status;
    }
    ADD_FAILURE() << person_ << " never got an answer";
    return 0;
  }

 private:
  bool login() {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(0, 300000);
    Json body = {{"code", test::code_of(person_)}, {"api_version", protocol::kApiVersion}};
    auto r = c.Post(protocol::path::kLogin, body.dump(), "application/json");
    if (!r || r->status != 200) return false;
    token_ = Json::parse(r->body)["token"].get<std::string>();
    return true;
  }

  int port_;
  std::string person_;
  std::string token_;
};

TEST(Crash, EveryMarkAnsweredSavedSurvivesSigkillExactlyOnce) {
  TempDir dir;
  std::string db = dir.file("contest.db");
  Json document = test::sample_without_results();
  Contest contest = load_contest_document(document).value().contest;
  ASSERT_TRUE(test::create_contest_db(db, document).ok());  // closed: the lock is the child's

  test::ChildServer server({"--db", db, "--backup-minutes", "0"});
  ASSERT_TRUE(server.start());

  // The killer: SIGKILL at random moments, then start again at once.
  std::atomic<bool> done{false};
  std::atomic<int> kills{0};
  std::thread killer([&] {
    std::mt19937 rng(20261122);
    std::uniform_int_distribution<int> pause_ms(20, 120);
    while (!done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(rng)));
      if (done) break;
      server.kill_now();
      ++kills;
      if (!server.start()) {
        ADD_FAILURE() << "the server did not come back after SIGKILL";
        return;
      }
    }
  });

  const int venue = find_venue(contest, "PRE");
  const Venue& pre = contest.venues[size_t(venue)];
  const int round = pre.round;
  std::vector<int> entrants;
  for (size_t i = 0; i < contest.contestants.size() && true; ++i)
    if (contest.contestants[i].group == pre.group && !contest.contestants[i].withdrawn)
      entrants.push_back(int(i));

  struct Saved {
    std::string key;
    MarkKey mark;
    int64_t points;
  };
  std::mutex saved_mu;
  std::vector<Saved> saved;
  Tablet head(server.port(), "head:PRE");
  size_t expected_marks = 0;
  for (int ct : entrants) {
    const std::string& id = contest.contestants[size_t(ct)].id;
    ASSERT_EQ(head.send(protocol::path::kStage, {{"venue", "PRE"}, {"contestant", id}}), 200);
    std::vector<std::thread> judges;
    for (int j : pre.judges) {
      if (is_conflicted(contest.judges[size_t(j)], contest.contestants[size_t(ct)])) continue;  // 回避: this judge does not mark them
      expected_marks += pre.sections.size();
      judges.emplace_back([&, j] {
        const std::string& judge = contest.judges[size_t(j)].id;
        Tablet tablet(server.port(), judge);
        for (int s : pre.sections) {
          const Section& sec = contest.sections[size_t(s)];
          int64_t units = sec.max_points / 2 + j * contest.scale.step;
          std::string key = judge + "-" + id + "-" + sec.key;
          Json body = {{"round", contest.rounds[size_t(round)].key}, {"contestant", id},
                       {"section", sec.key},
                       {"points", Json::parse(format_fixed(units, contest.scale.mark_decimals))},
                       {"judge", judge}, {"revision", 0}, {"idempotency_key", key}};
          Json reply;
          int status = tablet.send(protocol::path::kMarks, body, &reply);
          EXPECT_EQ(status, 200) << key << ": " << reply.dump();
          if (status == 200 && reply["saved"] == true) {
            std::lock_guard lock(saved_mu);
            saved.push_back({judge + "/" + key, {round, ct, s, j}, units});
          }
        }
      });
    }
    for (auto& t : judges) t.join();
  }
  done = true;
  killer.join();
  server.kill_now();
  EXPECT_GE(kills.load(), 3) << "the test must actually kill the server while marks arrive";
  RecordProperty("kills", kills.load());
  RecordProperty("saved_marks", int(saved.size()));
  ASSERT_EQ(saved.size(), expected_marks);

  auto store = ContestStore::open(db);
  ASSERT_TRUE(store.ok()) << store.status().to_string();
  auto events = store.value()->events_after(0, 1000000);
  ASSERT_TRUE(events.ok());
  std::map<std::string, int> mark_events_by_key;
  int mark_events = 0;
  for (const Event& e : events.value())
    if (e.kind() == "mark") {
      ++mark_events;
      ++mark_events_by_key[e.idempotency_key];
    }
  auto state = store.value()->load_state(contest);
  ASSERT_TRUE(state.ok());
  for (const Saved& s : saved) {
    EXPECT_EQ(mark_events_by_key[s.key], 1) << s.key;
    auto it = state.value().marks.find(s.mark);
    ASSERT_NE(it, state.value().marks.end()) << s.key;
    EXPECT_EQ(it->second.points, s.points) << s.key;
  }
  // Nothing beyond what was saved: retries after a lost answer were not stored again.
  EXPECT_EQ(mark_events, int(saved.size()));
  // And the state rows equal the state rebuilt from the log.
  auto rebuilt = store.value()->rebuild_state(contest);
  ASSERT_TRUE(rebuilt.ok());
  EXPECT_EQ(export_document(contest, document, rebuilt.value()),
            export_document(contest, document, state.value()));
}

}  // namespace
}  // namespace lf
