// The server on a failing disk (issue 23): a commit that cannot be written is refused with 503
// ("not saved, retry"), never 500, and in words; nothing saved before is lost or changed, and
// the same change goes through once the disk has room again. The disk is a SQLite VFS that
// fails the database's writes on purpose (tests/data/faulty_disk.h): full (SQLITE_FULL) or
// broken (SQLITE_IOERR_WRITE).
#include <gtest/gtest.h>

#include "tests/data/faulty_disk.h"
#include "tests/server/server_fixture.h"

namespace lf {
namespace {

namespace path = protocol::path;

class StoreFaults : public ::testing::TestWithParam<int> {};

TEST_P(StoreFaults, AFailedCommitAnswers503AndLosesNothing) {
  test::FaultyDisk disk("contest.db");  // every server file of this test; outlives the server
  test::LiveServer server(test::sample_without_results());
  const std::string head = server.login("head:PRE");
  const std::string judge = server.login("J01");
  ASSERT_EQ(server.post(head, path::kStage, {{"venue", "PRE"}, {"contestant", "C001"}}).first, 200);
  Json mark = {{"round", "prelim"}, {"contestant", "C001"}, {"section", "talent"}, {"points", 8.5},
               {"judge", "J01"}, {"revision", 0}};
  auto [saved_status, saved] = server.post(judge, path::kMarks, mark);
  ASSERT_EQ(saved_status, 200) << saved.dump();
  const int64_t first_seq = saved["seq"].get<int64_t>();

  disk.fail_writes(GetParam());
  Json correction = mark;
  correction["points"] = 9.0;
  correction["revision"] = first_seq;
  auto [status, body] = server.post(judge, path::kMarks, correction);
  EXPECT_EQ(status, 503) << body.dump();
  EXPECT_NE(json_string(body, "error").find("未保存"), std::string::npos) << body.dump();
  EXPECT_GT(disk.refused_writes(), 0);
  // The live state is the database's: the refused correction is not in it.
  auto [state_status, state] = server.get(head, path::kState);
  ASSERT_EQ(state_status, 200);
  EXPECT_EQ(server.service().live_state().last_seq, first_seq);

  disk.heal();  // room again: the same correction (same revision) goes through
  auto [retry_status, retried] = server.post(judge, path::kMarks, correction);
  ASSERT_EQ(retry_status, 200) << retried.dump();
  EXPECT_EQ(retried["seq"].get<int64_t>(), first_seq + 1);

  server.restart();  // what the database holds: the first mark and its correction, nothing else
  LiveState after = server.service().live_state();
  EXPECT_EQ(after.last_seq, first_seq + 1);
  ASSERT_EQ(after.marks.size(), 1u);
  EXPECT_EQ(after.marks.begin()->second.points, 90);
  EXPECT_EQ(after.marks.begin()->second.seq, first_seq + 1);
}

INSTANTIATE_TEST_SUITE_P(Disk, StoreFaults, testing::Values(SQLITE_FULL, SQLITE_IOERR_WRITE),
                         [](const testing::TestParamInfo<int>& info) {
                           return std::string(info.param == SQLITE_FULL ? "Full" : "IoError");
                         });

// Issue 23: a failed read of people or sessions at start-up lost logins silently. Now the
// server does not start, and says which.
TEST(StoreStartUp, AnUnreadableListOfLoginsStopsTheStartWithAClearMessage) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("liangfen-startup-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string db = (dir / "contest.db").string();
  for (const char* table : {"sessions", "people"}) {
    fs::remove(db);
    {
      auto store = ContestStore::open(db);
      ASSERT_TRUE(store.ok());
      ASSERT_TRUE(store.value()->import_contest(test::sample_without_results(), 0).ok());
      ASSERT_TRUE(test::add_known_people(*store.value()).ok());
    }
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
    const std::string rename = std::string("ALTER TABLE ") + table + " RENAME TO unreadable";
    ASSERT_EQ(sqlite3_exec(raw, rename.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(raw);
    auto store = ContestStore::open(db);
    ASSERT_TRUE(store.ok()) << store.status().to_string();
    SystemClock clock;
    auto service = ContestService::open(std::move(store.value()), clock);
    ASSERT_FALSE(service.ok()) << table;
    const std::string why = service.status().to_string();
    EXPECT_NE(why.find(std::string(table) == "people" ? "无法读取人员名单" : "无法读取登录记录"), std::string::npos) << why;
    EXPECT_NE(why.find("服务器未启动"), std::string::npos) << why;
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace lf
