// Text as a school's roster arrives from an older Windows machine: UTF-8 turned into GB18030
// (which GBK is a part of), the encoding the roster import must recognise.
#pragma once

#include <iconv.h>

#include <string>

namespace lf::test {

inline std::string gbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string in = utf8, out(utf8.size() * 2, '\0');
  char* ip = in.data();
  char* op = out.data();
  size_t il = in.size(), ol = out.size();
  iconv(cd, &ip, &il, &op, &ol);
  iconv_close(cd);
  out.resize(out.size() - ol);
  return out;
}

}  // namespace lf::test
