#include "data/format/qr_code.h"

#include <qrencode.h>

#include <cerrno>
#include <memory>

namespace lf {

Result<QrMatrix> encode_qr(std::string_view text) {
  if (text.empty()) return Error{"", "二维码里没有内容"};
  // QRcode_encodeData takes the bytes with their length: a NUL or a non-ASCII byte is kept,
  // never cut off or reinterpreted as Kanji.
  errno = 0;
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeData(int(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0,
                        QR_ECLEVEL_M),
      &QRcode_free);
  if (!code) {
    if (errno == ERANGE || errno == EINVAL)
      return Error{"", "内容太长（" + std::to_string(text.size()) + " 字节），放不进一个二维码"};
    return Error{"", "无法生成二维码（内存不足）", ErrorKind::internal};
  }
  QrMatrix m;
  m.size = code->width;
  m.dark.resize(size_t(m.size) * size_t(m.size));
  // libqrencode's byte per module: bit 0 is the module's colour, the other bits say what the
  // module is for (finder, timing, data); only the colour matters here.
  for (size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = code->data[i] & 1u;
  return m;
}

std::vector<QrRun> dark_runs(const QrMatrix& m) {
  std::vector<QrRun> runs;
  for (int y = 0; y < m.size; ++y)
    for (int x = 0; x < m.size;) {
      if (!m.at(x, y)) {
        ++x;
        continue;
      }
      int end = x;
      while (end < m.size && m.at(end, y)) ++end;
      runs.push_back({x, y, end - x});
      x = end;
    }
  return runs;
}

}  // namespace lf
