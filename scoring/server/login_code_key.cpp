#include "scoring/server/login_code_key.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "data/format/bytes.h"
#include "scoring/server/auth.h"

namespace lf {

namespace {

constexpr std::string_view kKeyedPrefix = "hmac-sha256:";
constexpr const char* kCheckKey = "code_key_check";

std::string hmac_sha256_hex(const std::string& key, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), int(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), md, &len);
  return hex_encode(std::string_view(reinterpret_cast<const char*>(md), len));
}

// The key file's 32 bytes, nullopt when there is no file; an error when it cannot be read or
// is not 64 hex digits.
Result<std::optional<std::string>> read_key_file(const std::string& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0 && errno == ENOENT) return std::optional<std::string>();
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error{file, std::string("无法读取登录码密钥文件：") + std::strerror(errno)};
  std::stringstream text;
  text << in.rdbuf();
  std::string hex = text.str();
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r')) hex.pop_back();
  auto key = hex_decode(hex);
  if (!key || key->size() != LoginCodeKey::kKeyBytes)
    return Error{
        file, "登录码密钥文件已损坏（应是 64 位十六进制数字）；请从备份恢复（liangfen restore）"};
  return std::optional<std::string>(*key);
}

}  // namespace

Status write_private_file(const std::string& path, std::string_view bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return Error{path, errno == EEXIST ? std::string("文件已存在，未覆盖")
                                       : std::string("无法创建文件：") + std::strerror(errno)};
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += size_t(n);
  }
  int saved = errno;
  bool ok = done == bytes.size() && ::fsync(fd) == 0;
  if (!ok) saved = errno;
  ok = ::close(fd) == 0 && ok;
  if (!ok) {
    ::unlink(path.c_str());
    return Error{path, std::string("无法写入文件：") + std::strerror(saved),
                 ErrorKind::unavailable};
  }
  return {};
}

LoginCodeKey::LoginCodeKey(std::string key, std::string legacy_salt)
    : key_(std::move(key)), legacy_salt_(std::move(legacy_salt)) {}

Result<LoginCodeKey> LoginCodeKey::open(ContestStore& store, bool new_codes_for_everyone) {
  auto salt = store.code_salt();
  LF_TRY(salt);
  auto check = store.meta_value(kCheckKey);
  LF_TRY(check);
  const std::string file = file_of(store.path());
  auto existing = read_key_file(file);
  LF_TRY(existing);
  if (existing->has_value()) {
    LoginCodeKey key(*existing.value(), salt.value());
    if (!check->has_value()) {
      LF_TRY(store.set_meta_value(kCheckKey, key.check_value()));
    } else if (!constant_time_equal(*check.value(), key.check_value())) {
      return Error{
          file,
          "登录码密钥文件与数据库不配套（是另一场比赛或另一份备份的）；请放回这个数据库自己的 " +
              file + "，或从备份恢复（liangfen restore）"};
    }
    return key;
  }
  // No file. A database whose codes were hashed with a key cannot check any code without it:
  // say so instead of making a new key that no code matches.
  if (check->has_value() && !new_codes_for_everyone)
    return Error{
        file,
        "找不到登录码密钥文件 " + file +
            "：这个数据库的登录码要用它核对。请把它放回数据库所在的文件夹，或从备份恢复"
            "（liangfen restore），或停止服务器后重新发码（liangfen credentials，旧码全部失效）"};
  std::string bytes(kKeyBytes, '\0');
  if (!secure_random(bytes.data(), bytes.size()))
    return Error{file, "系统没有给出安全的随机数，未生成登录码密钥"};
  LoginCodeKey key(bytes, salt.value());
  LF_TRY(write_private_file(file, hex_encode(bytes) + "\n"));
  if (auto s = store.set_meta_value(kCheckKey, key.check_value()); !s.ok()) {
    ::unlink(file.c_str());
    return Result<LoginCodeKey>(s);
  }
  return key;
}

std::string LoginCodeKey::hash(std::string_view code) const {
  return std::string(kKeyedPrefix) + hmac_sha256_hex(key_, code);
}

std::string LoginCodeKey::legacy_hash(std::string_view code) const {
  return sha256_hex(legacy_salt_ + std::string(code));
}

bool LoginCodeKey::is_keyed(std::string_view stored) {
  return stored.starts_with(kKeyedPrefix);
}

std::string LoginCodeKey::check_value() const {
  return hmac_sha256_hex(key_, "liangfen login code key check").substr(0, 16);
}

}  // namespace lf
