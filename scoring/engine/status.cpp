#include "scoring/engine/status.h"

namespace lf {

std::string Error::to_string() const { return path.empty() ? message : path + ": " + message; }

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid: return "invalid";
    case ErrorKind::malformed: return "malformed";
    case ErrorKind::unauthenticated: return "unauthenticated";
    case ErrorKind::forbidden: return "forbidden";
    case ErrorKind::not_found: return "not_found";
    case ErrorKind::not_allowed: return "not_allowed";
    case ErrorKind::conflict: return "conflict";
    case ErrorKind::unsupported: return "unsupported";
    case ErrorKind::outdated: return "outdated";
    case ErrorKind::too_many: return "too_many";
    case ErrorKind::unavailable: return "unavailable";
    case ErrorKind::internal: return "internal";
  }
  return "internal";
}

Status with_kind(Status s, ErrorKind kind) {
  std::vector<Error> errors = s.errors();
  for (Error& e : errors) e.kind = kind;
  return Status(std::move(errors));
}

std::string Status::to_string() const {
  std::string out;
  for (const auto& e : errors_) {
    if (!out.empty()) out += '\n';
    out += e.to_string();
  }
  return out;
}

}  // namespace lf
