#include "scoring/server/auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace lf {

std::string random_code() {
  // One uniform digit at a time (random_below rejects the biased tail), so every code of
  // kLoginCodeDigits digits is equally likely.
  std::string code;
  for (size_t i = 0; i < kLoginCodeDigits; ++i) code += char('0' + random_below(10));
  return code;
}

std::string random_token() { return random_hex(32); }

std::string random_ticket() {
  std::string ticket;
  for (size_t i = 0; i < protocol::kLoginTicketDigits; ++i) ticket += char('0' + random_below(10));
  return ticket;
}

std::string sha256_hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  return hex_encode(std::string_view(reinterpret_cast<const char*>(md), len));
}

bool constant_time_equal(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace lf
