#pragma once
// A QR code as a square of modules, made from text by libqrencode (Debian libqrencode-dev):
// the one QR encoder of liangfen. The login slips (scoring/print), the organizer's console and
// the display's idle scene all draw from this matrix, each in its own medium.
//
// Pure: no I/O, no global state; safe to call from any thread (Debian builds libqrencode with
// pthread support, which its header names as the condition for thread safety). Never throws.
// Cost: well under a millisecond for a join link (~50 bytes, a 33×33 symbol).

#include <cstdint>
#include <string_view>
#include <vector>

#include "scoring/engine/status.h"

namespace lf {

// The blank margin a reader needs around the symbol, in modules (ISO/IEC 18004: 4). Drawers
// keep it free of anything else; the matrix below does not include it.
inline constexpr int kQrQuietZone = 4;

struct QrMatrix {
  int size = 0;               // modules per side: 21 (version 1) … 177 (version 40)
  std::vector<uint8_t> dark;  // size × size, row by row; 1 = a dark module
  bool at(int x, int y) const { return dark[size_t(y) * size_t(size) + size_t(x)] != 0; }
};

// One horizontal run of dark modules: row `y`, columns [x, x + length).
struct QrRun {
  int x = 0, y = 0, length = 0;
};
// The dark modules of `m` as horizontal runs, row by row, left to right: what a drawer fills,
// one rectangle each (fewer shapes than modules, and no seam between neighbours in a row).
std::vector<QrRun> dark_runs(const QrMatrix& m);

// The smallest QR symbol holding `text`'s bytes as they are (8-bit mode, no charset guess),
// with error correction level M (15 % of the symbol may be smudged or torn). Refused (kind
// invalid, in Chinese) when `text` is empty or longer than a symbol holds (2331 bytes at M).
Result<QrMatrix> encode_qr(std::string_view text);

}  // namespace lf
