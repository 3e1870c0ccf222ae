// Why a login ended, as the server says it and every client reads it. A request or a live feed
// with a token whose login has ended is answered 401 (kind `unauthenticated`) with
// {"error": <words>, "field": "", "reason": <reason>}; a live feed that is open when its login
// ends gets one last event `session_ended` with data {"reason", "error"} and is closed.
// Clients switch on the reason, never on the words; people read the words, which all begin
// with "登录已失效" (web/strings.js repeats them, a test compares).
//
// Thread-safety: constants and a pure function.
#pragma once

#include <string_view>

namespace lf::protocol::session_end {

inline constexpr const char* kLogout = "logout";      // POST /api/logout with this token
inline constexpr const char* kReissued = "reissued";  // the organizer gave this person a new code
inline constexpr const char* kReplaced =
    "replaced";  // a newer login of the same person beyond the cap
inline constexpr const char* kExpired =
    "expired";  // unused too long, or older than the maximum age
inline constexpr const char* kUnknown =
    "unknown";  // never valid, forgotten, or the server restarted

// The live feed's last event when its login ends.
inline constexpr const char* kEvent = "session_ended";

struct Words {
  const char* reason;
  const char* message;
};

// Every reason with what a person reads. The same sentences are in web/strings.js
// (session_ended), so the browser and the native screens say the same.
inline constexpr Words kWords[] = {
    {kLogout, "登录已失效：已在这台设备上退出登录，请重新登录"},
    {kReissued, "登录已失效：此登录码已重新发放，请用新的登录码登录"},
    {kReplaced, "登录已失效：同一身份在别处登录的设备过多，本机已退出，请重新登录"},
    {kExpired, "登录已失效：登录已过期（长时间未使用，或登录已满规定时长），请重新登录"},
    {kUnknown, "登录已失效：服务器不认识这次登录（可能从未登录，或服务器已重置），请重新登录"},
};

// The words for `reason`; an unknown reason reads as kUnknown's.
constexpr const char* message(std::string_view reason) {
  for (const Words& w : kWords)
    if (reason == w.reason) return w.message;
  return kWords[4].message;
}

// A reason the protocol defines, or kUnknown (a client reading an answer from elsewhere).
constexpr const char* normalized(std::string_view reason) {
  for (const Words& w : kWords)
    if (reason == w.reason) return w.reason;
  return kUnknown;
}

}  // namespace lf::protocol::session_end
