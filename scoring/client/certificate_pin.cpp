#include "scoring/client/certificate_pin.h"

#include <sys/stat.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "data/format/bytes.h"
#include "data/format/json_text.h"
#include "scoring/engine/mutex.h"

namespace lf {

namespace {

bool is_fingerprint(const Json& j) {
  if (!j.is_string() || j.get<std::string>().size() != 64) return false;
  for (char c : j.get<std::string>())
    if (hex_digit_value(c) < 0) return false;
  return true;
}

// The pin file: {"servers": [{"fingerprint": FP, "address": "https://host:port"}, …]}, or the
// earlier {"https://host:port": FP, …}. nullopt: the file exists and is neither (or unreadable).
struct PinFile {
  Json servers = Json::array();
};

std::optional<PinFile> read_pins(const std::string& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0 && errno == ENOENT) return PinFile{};
  std::ifstream in(file);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  Json j = Json::parse(ss.str(), nullptr, false);
  if (!j.is_object()) return std::nullopt;
  PinFile pins;
  if (j.contains("servers")) {
    if (!j["servers"].is_array()) return std::nullopt;
    for (const Json& s : j["servers"]) {
      if (!s.is_object() || !s.contains("fingerprint") || !is_fingerprint(s["fingerprint"]))
        return std::nullopt;
      pins.servers.push_back(s);
    }
    return pins;
  }
  for (const auto& [address, fp] : j.items()) {
    if (!is_fingerprint(fp)) return std::nullopt;
    pins.servers.push_back(Json{{"fingerprint", fp}, {"address", address}});
  }
  return pins;
}

std::string grouped(const std::string& fp) {
  std::string out;
  for (size_t i = 0; i < fp.size(); ++i) {
    if (i > 0 && i % 4 == 0) out.push_back(' ');
    out.push_back(fp[i]);
  }
  return out;
}

}  // namespace

std::string normalized_fingerprint(const std::string& typed) {
  std::string out;
  for (char c : typed) {
    if (c == ' ' || c == ':') continue;
    if (hex_digit_value(c) < 0) return "";
    out.push_back(char(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c));
  }
  return out.size() == 16 || out.size() == 64 ? out : "";
}

CertificatePin::CertificatePin(std::string file, std::string address, std::string expected)
    : file_(std::move(file)),
      address_(std::move(address)),
      expected_(normalized_fingerprint(expected)) {
  if (file_.empty()) return;
  auto pins = read_pins(file_);
  if (!pins) {
    file_unreadable_ = true;
    return;
  }
  for (const Json& s : pins->servers) {
    std::string fp = s["fingerprint"].get<std::string>();
    trusted_.insert(fp);
    if (s.value("address", "") == address_) pinned_ = fp;
  }
}

std::string CertificatePin::pinned() const {
  MutexLock lock(mu_);
  return pinned_;
}

std::string CertificatePin::refused() const {
  MutexLock lock(mu_);
  return refused_;
}

std::string CertificatePin::refusal_message() const {
  MutexLock lock(mu_);
  if (refused_.empty()) return "";
  if (file_unreadable_)
    return "本机记录可信服务器的文件 " + file_ +
           " 无法读取或已损坏，为安全起见不连接任何服务器；请删除它后重新连接，并核对登录码单上的服"
           "务器证书指纹";
  return certificate_changed_message(refused_);
}

bool CertificatePin::expected_matches(const std::string& fingerprint) const {
  return !expected_.empty() && fingerprint.compare(0, expected_.size(), expected_) == 0;
}

bool CertificatePin::accept(const std::string& fingerprint) {
  if (fingerprint.empty()) return false;
  MutexLock lock(mu_);
  const bool trusted = !file_unreadable_ && trusted_.count(fingerprint) > 0;
  // First contact of a device that trusts nothing yet, with no fingerprint from paper.
  const bool first_use = !file_unreadable_ && trusted_.empty() && expected_.empty();
  if (!trusted && !first_use && !expected_matches(fingerprint)) {
    refused_ = fingerprint;
    return false;
  }
  refused_.clear();
  if (pinned_ != fingerprint || !trusted) remember(fingerprint);
  return true;
}

void CertificatePin::remember(const std::string& fingerprint) {
  pinned_ = fingerprint;
  trusted_.insert(fingerprint);
  if (file_.empty() || file_unreadable_) return;
  // Read again and write whole (temp file + rename): other servers' entries stay.
  auto pins = read_pins(file_);
  if (!pins) return;  // changed under us into something unreadable: keep it, trust in memory only
  Json servers = Json::array();
  for (const Json& s : pins->servers)
    if (s.value("address", "") != address_) servers.push_back(s);
  servers.push_back(Json{{"fingerprint", fingerprint}, {"address", address_}});
  std::error_code ec;
  std::filesystem::path path(file_);
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  const std::string tmp = file_ + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << Json{{"servers", servers}}.dump(2) << "\n";
    if (!out) return;  // not remembered across restarts; this process keeps it
  }
  std::filesystem::rename(tmp, file_, ec);
}

std::string certificate_changed_message(const std::string& fingerprint) {
  return "服务器证书已改变（指纹 " + grouped(fingerprint.substr(0, 16)) +
         "），可能有人冒充服务器；请向组委会核对登录码单上的指纹。一致时，在服务器地址后加 # 和这 "
         "16 位指纹再连接"
         "（照登录码单输入，如 https://192.168.1.10:8080#ab12cd34ef567890）";
}

}  // namespace lf
