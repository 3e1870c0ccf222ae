// Login codes and session tokens (how fast codes are checked: login_pacer.h).
//
// Codes are kLoginCodeDigits random digits (10^10 possibilities, easy on a keypad) and only
// their salted SHA-256 is stored; comparisons are constant time.

#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "data/format/bytes.h"
#include "scoring/protocol/protocol.h"

namespace lf {

// random_below (topic draws) and the random bytes behind codes and tokens: data/format/bytes.h.

using protocol::kLoginCodeDigits;
std::string random_code();   // kLoginCodeDigits digits, uniform, from the OS's secure generator
std::string random_token();  // 64 hex characters
std::string random_ticket();  // protocol::kLoginTicketDigits digits: a slip's one-time login ticket
std::string sha256_hex(const std::string& data);
bool constant_time_equal(const std::string& a, const std::string& b);

}  // namespace lf
