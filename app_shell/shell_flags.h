// The command line of the desktop programs, read the same way by both: one flag at a time, a
// flag's value the word after it; and the flags that set the app shell itself, which both take
// with the same meaning (the screenshot mode and the fixed window size of the tests under Xvfb
// among them).
//
// Thread-safety: none needed (read once, on the main thread, before the shell opens).
// Ownership: ArgReader borrows argv for its lifetime.
#pragma once

#include <string>

#include "app_shell/app_shell.h"

namespace lf {

class ArgReader {
 public:
  ArgReader(int argc, char** argv) : argc_(argc), argv_(argv) {}
  // Moves to the next flag; false when the line has ended.
  bool next_flag();
  const std::string& flag() const { return flag_; }
  // The current flag's value: the next word, taken; "" when the line has ended.
  std::string value() { return i_ + 1 < argc_ ? argv_[++i_] : ""; }

 private:
  int argc_;
  char** argv_;
  int i_ = 0;
  std::string flag_;
};

enum class ShellFlag { kNotShells, kRead, kBadValue };

// Reads the current flag if it is one of the shell's, into `options`:
//   --fullscreen            the window fills the monitor
//   --screenshot FILE.png   the screenshot mode (ShellOptions::screenshot_path)
//   --size WxH              the window's size in pixels, and so the screenshot's
// kBadValue: --size not written WxH (the program then prints its usage).
ShellFlag read_shell_flag(ArgReader& args, ShellOptions& options);

}  // namespace lf
