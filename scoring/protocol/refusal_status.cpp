#include "scoring/protocol/refusal_status.h"

namespace lf::protocol {

int http_status(ErrorKind kind) {
  for (const auto& [k, status] : kRefusalStatus)
    if (k == kind) return status;
  return 500;
}

ErrorKind refusal_kind(int status) {
  for (const auto& [kind, s] : kRefusalStatus)
    if (s == status) return kind;
  if (status == 0 || status == 408 || (status >= 500 && status < 600)) return ErrorKind::unavailable;
  if (status >= 400 && status < 500) return ErrorKind::malformed;
  return ErrorKind::internal;
}

}  // namespace lf::protocol
