#include "scoring/client/certificate_pin.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "data/format/json_text.h"

namespace lf {

namespace {

Json read_pins(const std::string& file) {
  std::ifstream in(file);
  if (!in) return Json::object();
  std::stringstream ss;
  ss << in.rdbuf();
  Json j = Json::parse(ss.str(), nullptr, false);
  return j.is_object() ? j : Json::object();
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

CertificatePin::CertificatePin(std::string file, std::string address)
    : file_(std::move(file)), address_(std::move(address)) {
  if (file_.empty()) return;
  Json pins = read_pins(file_);
  if (pins.contains(address_) && pins[address_].is_string()) pinned_ = pins[address_].get<std::string>();
}

std::string CertificatePin::pinned() const {
  std::lock_guard lock(mu_);
  return pinned_;
}

std::string CertificatePin::refused() const {
  std::lock_guard lock(mu_);
  return refused_;
}

bool CertificatePin::accept(const std::string& fingerprint) {
  if (fingerprint.empty()) return false;
  std::lock_guard lock(mu_);
  if (!pinned_.empty()) {
    if (pinned_ == fingerprint) {
      refused_.clear();
      return true;
    }
    refused_ = fingerprint;
    return false;
  }
  pinned_ = fingerprint;
  refused_.clear();
  if (!file_.empty()) {
    // Read again and write whole (temp file + rename): other addresses' pins stay.
    try {
      Json pins = read_pins(file_);
      pins[address_] = fingerprint;
      std::filesystem::path path(file_);
      if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
      std::string tmp = file_ + ".tmp";
      {
        std::ofstream out(tmp, std::ios::trunc);
        out << pins.dump(2) << "\n";
      }
      std::filesystem::rename(tmp, file_);
    } catch (...) {
      // Not remembered across restarts, but this process keeps the pin.
    }
  }
  return true;
}

std::string certificate_changed_message(const std::string& fingerprint) {
  return "服务器证书已改变（指纹 " + grouped(fingerprint.substr(0, 16)) +
         "），可能有人冒充服务器；请向组委会核对登录码单上的指纹";
}

}  // namespace lf
