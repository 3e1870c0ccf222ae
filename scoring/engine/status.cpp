#include "scoring/engine/status.h"

namespace lf {

std::string Error::to_string() const { return path.empty() ? message : path + ": " + message; }

std::string Status::to_string() const {
  std::string out;
  for (const auto& e : errors_) {
    if (!out.empty()) out += '\n';
    out += e.to_string();
  }
  return out;
}

}  // namespace lf
