#pragma once
// Where a person joins the contest by scanning a QR code: the server's address as the tablets
// in the hall reach it, and the link that logs one person in. The one place that spells these
// links; the login slips (liangfen print credentials), the organizer's console and the display's
// idle scene use it.
//
// A person's link is "https://HOST:PORT/#t=TICKET": the web console served at "/" reads the
// one-time ticket from the fragment and logs in with it; a fragment is never sent to the server
// in a request line or log, and the browser's history, which keeps the link, keeps a ticket that
// is dead once used (never the login code). The venue's link is "https://HOST:PORT/": the login
// page.
// Thread-safety: every function is safe from any thread. Never throws.

#include <optional>
#include <string>

#include "scoring/client/api_client.h"

namespace lf {

// The port a server listens on unless told otherwise (liangfen-server --listen, quickstart).
inline constexpr int kDefaultServerPort = 8080;

// This machine's first IPv4 address that is up and not loopback, in the order the kernel lists
// the interfaces (getifaddrs); nullopt when it has none (no network).
std::optional<std::string> first_lan_ipv4();

// The address printed on the slips, "https://HOST:PORT" without a trailing slash: `given`
// (--join-url, as parse_server_address reads it: https unless it says http://, port 8080 unless
// given) or, when empty, this machine's first LAN address on port 8080. Refused (kind invalid)
// for a malformed `given`, (kind unavailable) when it is empty and this machine has no LAN
// address; the message says what to pass.
Result<std::string> join_base_url(const std::string& given);

// The link that logs a person in once: `base` + "/#t=" + `ticket` (random_ticket()).
std::string person_join_link(const std::string& base, const std::string& ticket);

// The venue's join link ("https://HOST:PORT/") for a program that reaches the server at
// `server`: the same address, except that a loopback host (127.x.x.x, localhost, ::1), which a
// phone cannot reach, is replaced by this machine's first LAN address; nullopt when it is
// loopback and the machine has none.
std::optional<std::string> venue_join_link(const ServerAddress& server);

}  // namespace lf
