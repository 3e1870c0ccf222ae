// The HTTP status of a refusal, both ways: the server answers each ErrorKind with one status
// (http_status), and a client reads the kind back from the status it got (refusal_kind), so
// that both sides switch on the kind, never on a number or on the words. One table
// (kRefusalStatus, docs/api.md prints it) serves both directions.
//
// Thread-safety: pure functions.
#pragma once

#include <utility>

#include "scoring/engine/status.h"

namespace lf::protocol {

// Every kind, with the status the server answers it with. Each status appears once, so the
// table reads both ways.
inline constexpr std::pair<ErrorKind, int> kRefusalStatus[] = {
    {ErrorKind::malformed, 400},   {ErrorKind::unauthenticated, 401}, {ErrorKind::forbidden, 403},
    {ErrorKind::not_found, 404},   {ErrorKind::not_allowed, 405},     {ErrorKind::conflict, 409},
    {ErrorKind::unsupported, 415}, {ErrorKind::invalid, 422},         {ErrorKind::outdated, 426},
    {ErrorKind::too_many, 429},    {ErrorKind::internal, 500},        {ErrorKind::unavailable, 503},
};

// The status of a refusal of this kind (500 for a kind missing from the table, which a test
// rules out).
int http_status(ErrorKind kind);

// The kind of a refusal answered with `status`: the table's inverse, and for the statuses the
// transport sends before any route reads the request (docs/api.md): 413 (body too large), 431
// (headers too large) and any other 4xx not in the table are the request's fault (malformed);
// 408 (request timeout), 0 (no answer at all) and any other 5xx mean nothing was saved and the
// same request may be sent again (unavailable). A status that is not a refusal (1xx-3xx) is
// internal: no liangfen server answers a request with it.
ErrorKind refusal_kind(int status);

}  // namespace lf::protocol
