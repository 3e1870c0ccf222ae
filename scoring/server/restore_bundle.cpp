#include "scoring/server/restore_bundle.h"

#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/kdf.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "data/format/bytes.h"
#include "data/format/json_text.h"
#include "scoring/server/auth.h"
#include "scoring/server/login_code_key.h"

namespace lf {

namespace {

constexpr const char* kBundleMeta = "restore_bundle";
constexpr uint64_t kScryptN = 1 << 15, kScryptR = 8, kScryptP = 1;
constexpr size_t kSaltBytes = 16, kNonceBytes = 12, kTagBytes = 16, kAesKeyBytes = 32;
// Bound to the format: a bundle cut and pasted into another kind of record does not open.
constexpr std::string_view kAssociated = "liangfen restore bundle v1";

std::string digits_only(const std::string& typed) {
  std::string out;
  for (char c : typed)
    if (c >= '0' && c <= '9') out.push_back(c);
  return out;
}

std::optional<std::string> scrypt_key(const std::string& passphrase, const std::string& salt,
                                      uint64_t n, uint64_t r, uint64_t p) {
  std::string key(kAesKeyBytes, '\0');
  if (EVP_PBE_scrypt(passphrase.data(), passphrase.size(),
                     reinterpret_cast<const unsigned char*>(salt.data()), salt.size(), n, r, p,
                     256ull << 20, reinterpret_cast<unsigned char*>(key.data()), key.size()) != 1)
    return std::nullopt;
  return key;
}

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

// AES-256-GCM of `in`; `encrypt` false: `in` ends with the tag, checked. nullopt on any failure.
std::optional<std::string> aes_gcm(bool encrypt, const std::string& key, const std::string& nonce,
                                   std::string in) {
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  if (!ctx) return std::nullopt;
  std::string tag(kTagBytes, '\0');
  if (!encrypt) {
    if (in.size() < kTagBytes) return std::nullopt;
    tag = in.substr(in.size() - kTagBytes);
    in.resize(in.size() - kTagBytes);
  }
  auto u = [](const std::string& s) { return reinterpret_cast<const unsigned char*>(s.data()); };
  if (EVP_CipherInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr, encrypt ? 1 : 0) !=
          1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, int(nonce.size()), nullptr) != 1 ||
      EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, u(key), u(nonce), -1) != 1)
    return std::nullopt;
  int len = 0;
  std::string aad(kAssociated);
  if (EVP_CipherUpdate(ctx.get(), nullptr, &len, u(aad), int(aad.size())) != 1) return std::nullopt;
  std::string out(in.size() + 16, '\0');
  if (EVP_CipherUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len, u(in),
                       int(in.size())) != 1)
    return std::nullopt;
  int total = len;
  if (!encrypt &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, int(kTagBytes), tag.data()) != 1)
    return std::nullopt;
  if (EVP_CipherFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + total, &len) !=
      1)
    return std::nullopt;  // decrypting: the tag did not match (wrong passphrase or changed bytes)
  out.resize(size_t(total + len));
  if (encrypt) {
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, int(kTagBytes), tag.data()) != 1)
      return std::nullopt;
    out += tag;
  }
  return out;
}

std::optional<std::string> read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::string new_restore_passphrase() {
  std::string p;
  for (size_t i = 0; i < kRestorePassphraseDigits; ++i) p += char('0' + random_below(10));
  return p;
}

std::string grouped_passphrase(const std::string& passphrase) {
  std::string out;
  for (size_t i = 0; i < passphrase.size(); ++i) {
    if (i > 0 && i % 4 == 0) out.push_back(' ');
    out.push_back(passphrase[i]);
  }
  return out;
}

Result<std::string> seal_secrets(const ContestSecrets& secrets, const std::string& passphrase) {
  const std::string digits = digits_only(passphrase);
  if (digits.size() != kRestorePassphraseDigits)
    return Error{"passphrase", "恢复口令应是 20 位数字"};
  std::string salt(kSaltBytes, '\0'), nonce(kNonceBytes, '\0');
  if (!secure_random(salt.data(), salt.size()) || !secure_random(nonce.data(), nonce.size()))
    return Error{"passphrase", "系统没有给出安全的随机数，未能密封"};
  auto key = scrypt_key(digits, salt, kScryptN, kScryptR, kScryptP);
  if (!key) return Error{"passphrase", "未能由恢复口令算出密钥（scrypt）"};
  Json plain = {{"code_key", hex_encode(secrets.code_key)},
                {"tls_key", secrets.tls_key_pem},
                {"tls_certificate", secrets.tls_certificate}};
  auto sealed = aes_gcm(true, *key, nonce, plain.dump());
  if (!sealed) return Error{"passphrase", "未能密封（AES-256-GCM）"};
  return Json{{"version", 1},
              {"kdf", "scrypt"},
              {"n", kScryptN},
              {"r", kScryptR},
              {"p", kScryptP},
              {"salt", hex_encode(salt)},
              {"nonce", hex_encode(nonce)},
              {"sealed", hex_encode(*sealed)}}
      .dump();
}

Result<ContestSecrets> open_sealed_secrets(const std::string& sealed,
                                           const std::string& passphrase) {
  const Error damaged{"restore_bundle", "备份里密封的证书和密钥已损坏，无法恢复",
                      ErrorKind::invalid};
  Json j = Json::parse(sealed, nullptr, false);
  if (!j.is_object() || j.value("version", 0) != 1 || j.value("kdf", "") != "scrypt")
    return damaged;
  auto field = [&](const char* k) {
    return j.contains(k) && j[k].is_string() ? hex_decode(j[k].get<std::string>()) : std::nullopt;
  };
  auto salt = field("salt"), nonce = field("nonce"), bytes = field("sealed");
  uint64_t n = j.value("n", uint64_t{0}), r = j.value("r", uint64_t{0}),
           p = j.value("p", uint64_t{0});
  // Bounded work whatever the file says: a changed backup must not make restore take hours.
  if (!salt || !nonce || !bytes || nonce->size() != kNonceBytes || n < 2 || n > (1u << 20) ||
      r < 1 || r > 16 || p < 1 || p > 4)
    return damaged;
  auto key = scrypt_key(digits_only(passphrase), *salt, n, r, p);
  if (!key) return damaged;
  auto plain = aes_gcm(false, *key, *nonce, *bytes);
  if (!plain)
    return Error{"passphrase",
                 "恢复口令不对（是组委会登录码条上的“备份恢复口令”，20 位数字），未写入任何文件",
                 ErrorKind::unauthenticated};
  Json s = Json::parse(*plain, nullptr, false);
  if (!s.is_object() || !s.contains("code_key") || !s["code_key"].is_string() ||
      !s.contains("tls_key") || !s["tls_key"].is_string() || !s.contains("tls_certificate") ||
      !s["tls_certificate"].is_string())
    return damaged;
  auto code_key = hex_decode(s["code_key"].get<std::string>());
  if (!code_key || code_key->size() != LoginCodeKey::kKeyBytes) return damaged;
  return ContestSecrets{*code_key, s["tls_key"].get<std::string>(),
                        s["tls_certificate"].get<std::string>()};
}

Status seal_store_secrets(ContestStore& store, const std::string& passphrase) {
  auto code_key = LoginCodeKey::open(store);
  LF_TRY(code_key);
  auto tls_key = read_whole(store.path() + ".key");
  auto tls_cert = read_whole(store.path() + ".crt");
  if (!tls_key || !tls_cert)
    return Error{store.path() + ".key", "读不到服务器证书和私钥，未能把它们密封进数据库"};
  auto sealed = seal_secrets({code_key->key_bytes(), *tls_key, *tls_cert}, passphrase);
  LF_TRY(sealed);
  return store.set_meta_value(kBundleMeta, sealed.value());
}

Status restore_backup(const std::string& from, const std::string& db,
                      const std::string& passphrase) {
  const std::vector<std::string> targets = {
      db,          db + "-wal", db + "-shm", db + ".lock", LoginCodeKey::file_of(db),
      db + ".key", db + ".crt"};
  for (const std::string& t : targets) {
    struct stat st {};
    if (::stat(t.c_str(), &st) == 0)
      return Error{t, "已经存在：恢复不覆盖任何文件，请换一个新的 --db 位置（或先把它移走）",
                   ErrorKind::conflict};
  }
  auto backup = ContestStore::open_read_only(from);
  LF_TRY(backup);
  auto sealed = backup.value()->meta_value(kBundleMeta);
  LF_TRY(sealed);
  if (!sealed->has_value())
    return Error{
        from,
        "这个备份里没有密封的服务器证书和登录码密钥（数据库还没有用 liangfen credentials 发过码）；"
        "只能恢复比赛记录：复制数据库后重新发码，各平板要按新登录码条上的指纹重新信任服务器",
        ErrorKind::conflict};
  auto secrets = open_sealed_secrets(*sealed.value(), passphrase);
  LF_TRY(secrets);
  auto undo = [&] {
    for (const std::string& t : targets) ::unlink(t.c_str());
  };
  Status written = backup.value()->backup_to(db);
  if (written.ok())
    written = write_private_file(LoginCodeKey::file_of(db), hex_encode(secrets->code_key) + "\n");
  if (written.ok()) written = write_private_file(db + ".key", secrets->tls_key_pem);
  if (written.ok()) written = write_private_file(db + ".crt", secrets->tls_certificate);
  if (written.ok()) {
    // The restored database takes its key: the check value in it must match.
    auto restored = ContestStore::open(db);
    if (!restored.ok())
      written = restored.status();
    else if (auto key = LoginCodeKey::open(*restored.value()); !key.ok())
      written = key.status();
  }
  if (!written.ok()) undo();
  return written;
}

}  // namespace lf
