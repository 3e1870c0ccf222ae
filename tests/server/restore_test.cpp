// Backup and restore as one procedure (issue 23, item 10): a backup restored in another folder
// serves with the contest's certificate and takes the same codes; the secrets travel sealed
// under the organizer's restore passphrase; the two refusals that answered 500.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <regex>

#include "scoring/client/api_client.h"
#include "scoring/server/login_code_key.h"
#include "scoring/server/restore_bundle.h"
#include "scoring/server/tls_certificate.h"
#include "tests/server/child_server.h"
#include "tests/server/known_people.h"
#include "tests/server/server_fixture.h"

namespace lf {
namespace {

namespace fs = std::filesystem;

fs::path restore_dir(const std::string& name) {
  fs::path d =
      fs::temp_directory_path() / ("liangfen-restore-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// Runs the liangfen CLI with `stdin_text` on its standard input; its exit status and output.
std::pair<int, std::string> run_liangfen_cli(const std::string& args,
                                             const std::string& stdin_text = "") {
  std::string command = "printf '%s\\n' '" + stdin_text + "' | " + std::string(LF_BIN_DIR) +
                        "/liangfen " + args + " 2>&1";
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) return {-1, ""};
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::string first_capture(const std::string& text, const std::string& pattern) {
  std::smatch m;
  return std::regex_search(text, m, std::regex(pattern)) ? m[1].str() : "";
}

// The 24 characters ("1234 5678 …") after the first "：" that follows `label` in `text`.
std::string passphrase_after(const std::string& text, const std::string& label) {
  size_t at = text.find(label);
  if (at == std::string::npos || (at = text.find("：", at)) == std::string::npos) return "";
  std::string p = text.substr(at + std::string("：").size(), 24);
  return p.find_first_not_of("0123456789 ") == std::string::npos ? p : "";
}

// A client that trusts exactly `fingerprint` (what a tablet that pinned the server holds).
ApiClient client_pinned_to(int port, const std::string& fingerprint) {
  ServerAddress a{"127.0.0.1", port, true,
                  std::make_shared<CertificatePin>("", "restored", fingerprint)};
  return ApiClient(a);
}

TEST(Restore, ABackupRestoredInAnotherFolderServesTheSameCertificateAndTakesTheSameCodes) {
  fs::path dir = restore_dir("procedure");
  fs::create_directories(dir / "laptop");
  fs::create_directories(dir / "other-laptop");
  const std::string db = (dir / "laptop" / "contest.db").string();
  auto [issued_status, sheet] =
      run_liangfen_cli("credentials --db " + db + " --import " +
                       test::source_path(test::kSampleContest) + " --text");
  ASSERT_EQ(issued_status, 0) << sheet;
  const std::string organizer_code = first_capture(sheet, "组委会[^\\n]*?(\\d{10})\\n");
  const std::string passphrase = passphrase_after(sheet, "备份恢复口令");
  ASSERT_EQ(organizer_code.size(), 10u) << sheet;
  ASSERT_EQ(passphrase.size(), 24u) << sheet;
  auto original = certificate_file_fingerprint(db + ".crt");
  ASSERT_TRUE(original.ok());

  // The contest runs; the organizer makes a backup through the server, as on the day.
  {
    test::ChildServer server({"--db", db, "--backup-minutes", "0"}, /*tls=*/true);
    ASSERT_TRUE(server.start());
    ApiClient organizer = client_pinned_to(server.port(), original.value());
    ASSERT_TRUE(organizer.login(organizer_code).ok());
    ApiAnswer backup = organizer.post("/api/backup", Json::object());
    ASSERT_TRUE(backup.ok()) << backup.message();
    EXPECT_EQ(server.terminate(), 0);
  }
  const std::string stick = (dir / "laptop" / "contest-backup-manual.db").string();
  ASSERT_TRUE(fs::exists(stick));

  // A wrong passphrase: a clear refusal and nothing written.
  const std::string restored = (dir / "other-laptop" / "contest.db").string();
  auto [wrong_status, wrong] =
      run_liangfen_cli("restore --from " + stick + " --db " + restored, "1234 5678 9012 3456 7890");
  EXPECT_EQ(wrong_status, 2) << wrong;
  EXPECT_NE(wrong.find("恢复口令不对"), std::string::npos) << wrong;
  EXPECT_TRUE(fs::is_empty(dir / "other-laptop"));

  auto [restore_status, said] =
      run_liangfen_cli("restore --from " + stick + " --db " + restored, passphrase);
  ASSERT_EQ(restore_status, 0) << said;
  EXPECT_NE(said.find(short_fingerprint(original.value())), std::string::npos) << said;
  auto again = certificate_file_fingerprint(restored + ".crt");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value(), original.value());
  for (const std::string& secret : {restored + ".secret", restored + ".key"})
    EXPECT_EQ(fs::status(secret).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write)
        << secret;

  // A server on the restored copy: the tablet that pinned the original accepts it, and the
  // organizer's code of the slips logs in.
  test::ChildServer server({"--db", restored, "--backup-minutes", "0"}, /*tls=*/true);
  ASSERT_TRUE(server.start());
  ApiClient tablet = client_pinned_to(server.port(), original.value());
  ApiAnswer login = tablet.login(organizer_code);
  EXPECT_TRUE(login.ok()) << login.message();
  EXPECT_EQ(server.terminate(), 0);

  // Restoring over an existing database is refused; nothing is overwritten.
  auto [over_status, over] =
      run_liangfen_cli("restore --from " + stick + " --db " + restored, passphrase);
  EXPECT_EQ(over_status, 2) << over;
  EXPECT_NE(over.find("已经存在"), std::string::npos) << over;
  EXPECT_EQ(certificate_file_fingerprint(restored + ".crt").value(), original.value());

  // The organizer's code re-issued: a new passphrase, and a backup made after opens only with it.
  auto [reissue_status, reissued] =
      run_liangfen_cli("credentials --db " + db + " --reissue 组委会");
  ASSERT_EQ(reissue_status, 0) << reissued;
  const std::string new_passphrase = passphrase_after(reissued, "新的备份恢复口令");
  ASSERT_EQ(new_passphrase.size(), 24u) << reissued;
  ASSERT_NE(new_passphrase, passphrase);
  {
    auto store = ContestStore::open(db);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(store.value()->backup_to((dir / "later.db").string()).ok());
  }
  Status old_one = restore_backup((dir / "later.db").string(), (dir / "x.db").string(), passphrase);
  EXPECT_FALSE(old_one.ok());
  EXPECT_EQ(old_one.kind(), ErrorKind::unauthenticated);
  EXPECT_TRUE(
      restore_backup((dir / "later.db").string(), (dir / "x.db").string(), new_passphrase).ok());
  fs::remove_all(dir);
}

// The passphrase's cost per guess, and a backup without sealed secrets.
TEST(Restore, TheSealedSecretsCostAScryptPerGuessAndABackupWithoutThemIsRefusedClearly) {
  ContestSecrets secrets{std::string(32, 'k'), "-----BEGIN PRIVATE KEY-----x",
                         "-----BEGIN CERTIFICATE-----y"};
  const std::string passphrase = new_restore_passphrase();
  ASSERT_EQ(passphrase.size(), kRestorePassphraseDigits);
  auto sealed = seal_secrets(secrets, passphrase);
  ASSERT_TRUE(sealed.ok()) << sealed.status().to_string();
  EXPECT_EQ(sealed->find("PRIVATE KEY"), std::string::npos);
  EXPECT_EQ(sealed->find(hex_encode(secrets.code_key)), std::string::npos);
  auto opened = open_sealed_secrets(sealed.value(), grouped_passphrase(passphrase));
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->code_key, secrets.code_key);
  EXPECT_EQ(opened->tls_key_pem, secrets.tls_key_pem);
  EXPECT_EQ(opened->tls_certificate, secrets.tls_certificate);
  // What a thief with the backup can do: try passphrases, each one a scrypt (32 MiB) and a GCM
  // check. Timed over a few wrong ones.
  const int tries = 5;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < tries; ++i) {
    std::string guess = passphrase;
    guess[size_t(i)] = char('0' + (guess[size_t(i)] - '0' + 1) % 10);
    auto refused = open_sealed_secrets(sealed.value(), guess);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.status().to_string().find("恢复口令不对"), std::string::npos);
  }
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() /
      tries;
  std::printf(
      "[ cost ] 一次恢复口令猜测 %.0f ms（scrypt N=2^15 r=8 p=1）；10^20 个口令的一半：%.1e "
      "核·年\n",
      ms, 0.5e20 * ms / 1000 / 3600 / 24 / 365);
  // A changed byte is "damaged" or "wrong", never a crash or a partial secret.
  std::string changed = sealed.value();
  changed[changed.size() - 4] = changed[changed.size() - 4] == '0' ? '1' : '0';
  EXPECT_FALSE(open_sealed_secrets(changed, passphrase).ok());
  EXPECT_FALSE(
      open_sealed_secrets("{\"version\":1,\"kdf\":\"scrypt\",\"n\":4294967296}", passphrase).ok());

  fs::path dir = restore_dir("unsealed");
  const std::string db = (dir / "contest.db").string();
  ASSERT_TRUE(
      test::create_contest_db(db, test::sample_without_results()).ok());  // codes, never sealed
  Status refused = restore_backup(db, (dir / "new.db").string(), passphrase);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.to_string().find("没有密封的服务器证书和登录码密钥"), std::string::npos)
      << refused.to_string();
  EXPECT_FALSE(fs::exists(dir / "new.db"));
  fs::remove_all(dir);
}

TEST(Restore, ABackupOnAFullDiskIs503AndCertificatesWithNoAwardWinnerAre409) {
  fs::path dir = restore_dir("full");
  // A 64 KiB disk, as a nearly full USB stick (root may mount a tmpfs); without that right, a
  // place nobody can create a file in stands for it.
  fs::path full = dir / "stick";
  fs::create_directories(full);
  const bool mounted = ::mount("tmpfs", full.c_str(), "tmpfs", 0, "size=64k") == 0;
  const std::string backup_dir = mounted ? full.string() : "/proc/liangfen-no-such-place";
  std::printf("[ disk ] %s\n", mounted ? "64 KiB tmpfs" : "/proc (not root: no tmpfs)");
  {
    test::LiveServer server(test::sample_without_results(), {.backup_dir = backup_dir});
    std::string organizer = server.login("organizer");
    const int64_t before = server.service().last_seq();
    auto [status, body] = server.post(organizer, "/api/backup", Json::object());
    EXPECT_EQ(status, 503) << body.dump();
    EXPECT_NE(body.value("error", "").find("备份失败"), std::string::npos) << body.dump();
    EXPECT_TRUE(test::has_chinese(body.value("error", "")));
    EXPECT_EQ(server.service().last_seq(), before);
    if (mounted) EXPECT_TRUE(fs::is_empty(full));  // no half-written copy left on the stick
    // The contest goes on: the same server still saves.
    auto [stage, staged] = server.post(server.login("head:PRE"), "/api/stage",
                                       Json{{"venue", "PRE"}, {"contestant", "C001"}});
    EXPECT_EQ(stage, 200) << staged.dump();

    // Certificates when nobody has an award yet (no marks): 409 with the reason, draft or not.
    for (const char* query :
         {"/api/print/certificates?draft=1", "/api/print/certificates?draft=1&round=final"}) {
      auto [code, refusal] = server.get(organizer, query);
      EXPECT_EQ(code, 409) << query << " " << refusal.dump();
      EXPECT_NE(refusal.value("error", "").find("没有证书可印"), std::string::npos)
          << refusal.dump();
    }
  }
  if (mounted) ::umount(full.c_str());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace lf
