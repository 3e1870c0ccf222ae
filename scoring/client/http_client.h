// lf_client's own use of cpp-httplib (api_client.cpp, event_stream.cpp). Not for other
// folders: the public headers of scoring/client/ keep httplib out, so only these sources pay
// for parsing it.
//
// Thread-safety: both functions are safe to call from any thread.
#pragma once

#include <httplib.h>

#include <string>

#include "scoring/client/api_client.h"

namespace lf {

// An httplib client for `server`: over TLS (1.2 or later), the handshake refuses a certificate
// whose SHA-256 fingerprint is not the pinned one, before anything is sent. `server.pin` must
// be set when server.tls. The client keeps a raw pointer to *server.pin: the pin must outlive it.
httplib::Client open_http_client(const ServerAddress& server);

// The connection's failure in words: the Chinese warning when the certificate was refused.
std::string connection_problem(const ServerAddress& server, httplib::Error error);

}  // namespace lf
