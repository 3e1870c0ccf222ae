#include "app_shell/shell_flags.h"

#include <cstdio>

namespace lf {

bool ArgReader::next_flag() {
  if (++i_ >= argc_) return false;
  flag_ = argv_[i_];
  return true;
}

ShellFlag read_shell_flag(ArgReader& args, ShellOptions& options) {
  const std::string& flag = args.flag();
  if (flag == "--fullscreen") {
    options.fullscreen = true;
  } else if (flag == "--screenshot") {
    options.screenshot_path = args.value();
  } else if (flag == "--size") {
    std::string size = args.value();
    if (std::sscanf(size.c_str(), "%dx%d", &options.width, &options.height) != 2)
      return ShellFlag::kBadValue;
  } else {
    return ShellFlag::kNotShells;
  }
  return ShellFlag::kRead;
}

}  // namespace lf
