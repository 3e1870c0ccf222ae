// Login codes a stolen database does not reveal (issue 23, item 7): the stored hashes are keyed
// with `<db>.secret`, which is neither in the database nor in its backups.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "data/format/bytes.h"
#include "scoring/server/auth.h"
#include "scoring/server/contest_service.h"
#include "scoring/server/login_code_key.h"
#include "tests/server/known_people.h"

namespace lf {
namespace {

namespace fs = std::filesystem;

SystemClock code_key_clock;

fs::path code_key_dir(const std::string& name) {
  fs::path d =
      fs::temp_directory_path() / ("liangfen-codekey-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// A contest database at `db` whose organizer's code is `code`, hashed as `liangfen credentials`
// does it.
void db_with_organizer_code(const std::string& db, const std::string& code) {
  auto store = ContestStore::open(db);
  ASSERT_TRUE(store.ok()) << store.status().to_string();
  ASSERT_TRUE(store.value()->import_contest(test::sample_without_results(), 0).ok());
  auto key = LoginCodeKey::open(*store.value(), true);
  ASSERT_TRUE(key.ok()) << key.status().to_string();
  ASSERT_TRUE(store.value()
                  ->replace_people({{"organizer", "organizer", "", "组委会", key->hash(code)}})
                  .ok());
}

struct StolenCopy {
  std::string salt, stored_hash;
};

// What a thief reads from a copy of the database alone.
StolenCopy read_stolen_copy_of_db(const std::string& copy) {
  auto store = ContestStore::open_read_only(copy);
  EXPECT_TRUE(store.ok()) << store.status().to_string();
  if (!store.ok()) return {};
  auto salt = store.value()->meta_value("code_salt");
  auto people = store.value()->people();
  EXPECT_TRUE(salt.ok() && salt->has_value() && people.ok() && people->size() == 1);
  if (!salt.ok() || !salt->has_value() || !people.ok() || people->empty()) return {};
  return {*salt.value(), people->front().code_hash};
}

std::string code_digits(uint64_t n) {
  std::string s = std::to_string(n);
  return std::string(kLoginCodeDigits - s.size(), '0') + s;
}

TEST(CodeKey, AStolenDatabaseGivesNoCodeInABoundedSearchAndTheTestShowsTheCostPerGuess) {
  fs::path dir = code_key_dir("stolen");
  const std::string db = (dir / "contest.db").string();
  const std::string code = random_code();
  db_with_organizer_code(db, code);
  // The backup the server writes every few minutes, as a thief finds it on a USB stick.
  {
    auto store = ContestStore::open(db);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(store.value()->backup_to((dir / "stick.db").string()).ok());
  }
  const std::string key_hex = test::read_text(LoginCodeKey::file_of(db));
  ASSERT_EQ(key_hex.size(), 65u);  // 64 hex digits and a newline
  struct stat st {};
  ASSERT_EQ(::stat(LoginCodeKey::file_of(db).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // The key is in neither the database nor the backup, as text or as bytes.
  for (const char* file : {"contest.db", "stick.db"}) {
    std::string bytes = test::read_text((dir / file).string());
    EXPECT_EQ(bytes.find(key_hex.substr(0, 64)), std::string::npos) << file;
    EXPECT_EQ(bytes.find(hex_decode(key_hex.substr(0, 64)).value()), std::string::npos) << file;
  }
  StolenCopy stolen = read_stolen_copy_of_db((dir / "stick.db").string());
  ASSERT_FALSE(stolen.stored_hash.empty());
  ASSERT_TRUE(LoginCodeKey::is_keyed(stolen.stored_hash));
  const std::string stored_hex = stolen.stored_hash.substr(stolen.stored_hash.find(':') + 1);

  // The thief's bounded search: the 200,000 codes around the right one (it is among them),
  // each tried in every form computable from the copy: SHA-256 of salt+code (the old scheme),
  // of code+salt, of the code alone, and HMAC keyed with the salt.
  const uint64_t right = std::stoull(code);
  const uint64_t first = right >= 100000 ? right - 100000 : 0, count = 200000;
  size_t matches = 0;
  auto start = std::chrono::steady_clock::now();
  for (uint64_t n = first; n < first + count; ++n) {
    const std::string guess = code_digits(n);
    for (const std::string& h : {sha256_hex(stolen.salt + guess), sha256_hex(guess + stolen.salt),
                                 sha256_hex(guess), LoginCodeKey(stolen.salt, "").hash(guess)})
      if (h == stored_hex || h == stolen.stored_hash) ++matches;
  }
  double ns_per_form =
      std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count() /
      double(count * 4);
  EXPECT_EQ(matches, 0u) << "a code was found from the database alone";

  // The same search with the key file (what the server does) finds exactly the right code:
  // the search above would have found it had the hashes been computable without the key.
  LoginCodeKey with_key(hex_decode(key_hex.substr(0, 64)).value(), stolen.salt);
  std::vector<std::string> found;
  start = std::chrono::steady_clock::now();
  for (uint64_t n = first; n < first + count; ++n)
    if (with_key.hash(code_digits(n)) == stolen.stored_hash) found.push_back(code_digits(n));
  double ns_keyed =
      std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count() /
      double(count);
  ASSERT_EQ(found, std::vector<std::string>{code});

  // The cost per guess, printed for docs/security.md: with the key a guess costs one HMAC; all
  // 10^10 codes on one core then take 10^10 × that. Without it, each code guess is also a guess
  // of the 256-bit key: 2^256 keys per code, whatever the hardware.
  std::printf(
      "[ cost ] 一次猜测（无密钥可算的四种形式之一）%.0f ns；有密钥时 HMAC-SHA256 %.0f ns/码，"
      "全部 10^10 个码 %.1f 小时（单核）；无密钥：每个码还要猜 2^256 个密钥\n",
      ns_per_form, ns_keyed, ns_keyed * 1e10 / 1e9 / 3600);
  fs::remove_all(dir);
}

TEST(CodeKey, ADatabaseWithoutItsKeyFileIsRefusedAtStartNotGivenANewKey) {
  fs::path dir = code_key_dir("missing");
  const std::string db = (dir / "contest.db").string();
  db_with_organizer_code(db, "1234567890");
  fs::copy_file(db, dir / "copy.db");  // the database alone, as a backup is
  auto copy = ContestStore::open((dir / "copy.db").string());
  ASSERT_TRUE(copy.ok());
  auto refused = ContestService::open(std::move(copy.value()), code_key_clock);
  ASSERT_FALSE(refused.ok());
  const std::string why = refused.status().to_string();
  EXPECT_NE(why.find("找不到登录码密钥文件"), std::string::npos) << why;
  EXPECT_NE(why.find("liangfen restore"), std::string::npos) << why;
  EXPECT_TRUE(test::has_chinese(why));
  EXPECT_FALSE(fs::exists(LoginCodeKey::file_of((dir / "copy.db").string())));  // no silent new key

  // Another database's key file beside it is refused too (it would match no code).
  fs::copy_file(LoginCodeKey::file_of(db), dir / "other.db.secret");
  auto other_store = ContestStore::open((dir / "other.db").string());
  ASSERT_TRUE(other_store.ok());
  ASSERT_TRUE(other_store.value()->import_contest(test::sample_without_results(), 0).ok());
  ASSERT_TRUE(
      LoginCodeKey::open(*other_store.value()).ok());  // adopted: the database had no key yet
  fs::remove(dir / "other.db.secret");
  ASSERT_TRUE(write_private_file((dir / "other.db.secret").string(), random_hex(32) + "\n").ok());
  auto wrong = LoginCodeKey::open(*other_store.value());
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().to_string().find("不配套"), std::string::npos)
      << wrong.status().to_string();
  fs::remove_all(dir);
}

TEST(CodeKey, CodesIssuedBeforeKeysStillLogInUntilTheyAreReissued) {
  fs::path dir = code_key_dir("legacy");
  const std::string db = (dir / "contest.db").string();
  {
    // A database as the previous version left it: salted SHA-256, no key file, no check value.
    auto store = ContestStore::open(db);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(store.value()->import_contest(test::sample_without_results(), 0).ok());
    auto salt = store.value()->code_salt();
    ASSERT_TRUE(salt.ok());
    ASSERT_TRUE(
        store.value()
            ->replace_people(
                {{"organizer", "organizer", "", "组委会", sha256_hex(salt.value() + "1111122222")},
                 {"J01", "judge", "", "评委", sha256_hex(salt.value() + "3333344444")}})
            .ok());
  }
  auto store = ContestStore::open(db);
  ASSERT_TRUE(store.ok());
  auto service = ContestService::open(std::move(store.value()), code_key_clock);
  ASSERT_TRUE(service.ok()) << service.status().to_string();
  EXPECT_TRUE(fs::exists(LoginCodeKey::file_of(db)));  // made at the first start
  auto login = [&](const std::string& code) {
    return service.value()->login(Json{{"code", code}, {"api_version", protocol::kApiVersion}},
                                  "10.0.0.1");
  };
  Reply organizer = login("1111122222");
  ASSERT_EQ(organizer.status, 200) << organizer.body.dump();
  EXPECT_EQ(login("3333344444").status, 200);
  EXPECT_EQ(login("3333344445").status, 401);
  // A re-issued code is stored keyed; the old one is dead.
  auto who = service.value()->session(organizer.body["token"].get<std::string>());
  ASSERT_TRUE(who.has_value());
  Reply reissued = service.value()->reissue_code(*who, Json{{"person", "J01"}});
  ASSERT_EQ(reissued.status, 200) << reissued.body.dump();
  EXPECT_EQ(login("3333344444").status, 401);
  EXPECT_EQ(login(reissued.body["code"].get<std::string>()).status, 200);
  service.value().reset();
  auto reopened = ContestStore::open(db);
  ASSERT_TRUE(reopened.ok());
  auto people = reopened.value()->people();
  ASSERT_TRUE(people.ok());
  for (const PersonRecord& p : people.value())
    EXPECT_EQ(LoginCodeKey::is_keyed(p.code_hash), p.person == "J01")
        << p.person << " " << p.code_hash;
  fs::remove_all(dir);
}

// The slip's QR link carries a one-time ticket: it logs its person in once, then is dead (so
// the browser's history, which keeps the link, keeps nothing that logs in). A re-issued code
// ends its person's tickets.
TEST(LoginTicket, ASlipsTicketLogsInOnceAndAReissueEndsIt) {
  fs::path dir = code_key_dir("ticket");
  const std::string db = (dir / "contest.db").string();
  const std::string organizer_ticket = random_ticket(), judge_ticket = random_ticket();
  ASSERT_EQ(organizer_ticket.size(), protocol::kLoginTicketDigits);
  {
    auto store = ContestStore::open(db);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(store.value()->import_contest(test::sample_without_results(), 0).ok());
    auto key = LoginCodeKey::open(*store.value(), true);
    ASSERT_TRUE(key.ok());
    ASSERT_TRUE(store.value()
                    ->replace_people({{"organizer", "organizer", "", "组委会", key->hash("1111122222")},
                                      {"J01", "judge", "", "评委", key->hash("3333344444")}})
                    .ok());
    ASSERT_TRUE(store.value()
                    ->add_login_tickets({{key->hash(organizer_ticket), "organizer"}, {key->hash(judge_ticket), "J01"}})
                    .ok());
  }
  auto open_service = [&] {
    auto store = ContestStore::open(db);
    EXPECT_TRUE(store.ok());
    return ContestService::open(std::move(store.value()), code_key_clock);
  };
  auto service = open_service();
  ASSERT_TRUE(service.ok()) << service.status().to_string();
  auto login = [&](const std::string& code) {
    return service.value()->login(Json{{"code", code}, {"api_version", protocol::kApiVersion}}, "10.0.0.2");
  };
  Reply first = login(organizer_ticket);
  ASSERT_EQ(first.status, 200) << first.body.dump();
  EXPECT_EQ(first.body["person"], "organizer");
  Reply again = login(organizer_ticket);
  EXPECT_EQ(again.status, 401);
  EXPECT_NE(again.body.value("error", "").find("只能用一次"), std::string::npos) << again.body.dump();
  // J01's code re-issued: the ticket on the lost slip is dead too.
  auto organizer = service.value()->session(first.body["token"].get<std::string>());
  ASSERT_TRUE(organizer.has_value());
  ASSERT_EQ(service.value()->reissue_code(*organizer, Json{{"person", "J01"}}).status, 200);
  EXPECT_EQ(login(judge_ticket).status, 401);
  // Used and ended stay dead across a restart; the code itself still logs in.
  service.value().reset();
  service = open_service();
  ASSERT_TRUE(service.ok());
  EXPECT_EQ(login(organizer_ticket).status, 401);
  EXPECT_EQ(login("1111122222").status, 200);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace lf
