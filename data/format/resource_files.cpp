#include "data/format/resource_files.h"

#include <unistd.h>

#include <cstdlib>

namespace lf {

std::string share_directory() {
  if (const char* env = std::getenv("LIANGFEN_SHARE_DIR"); env && *env) return env;
  char buf[4096];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return {};
  std::string exe(buf, static_cast<size_t>(n));
  // <prefix>/bin/<program> → <prefix>/share/liangfen
  auto slash = exe.rfind('/');
  if (slash == std::string::npos) return {};
  std::string bin = exe.substr(0, slash);
  auto up = bin.rfind('/');
  std::string prefix = up == std::string::npos ? std::string(".") : bin.substr(0, up);
  return prefix + "/share/liangfen";
}

std::string resource_path(std::string_view relative) {
  return share_directory() + "/" + std::string(relative);
}

}  // namespace lf
