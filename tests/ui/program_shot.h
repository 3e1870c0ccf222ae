// A real desktop program (liangfen-console, liangfen-display) in a window under Xvfb, run once
// for a screenshot against a running server: the PNG in build/screenshots/NAME.png (to look at),
// checked by png_check (the right size, not blank), and the words the program drew, which the
// shell's screenshot mode writes beside it (NAME.txt, app_shell/drawn_text.h's dump).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

#include "tests/data/test_files.h"

namespace lf::test {

struct ProgramShot {
  int exit = -1;       // the program's (std::system's); 0 when the PNG was written
  int png_check = -1;  // 0: the right size and not blank
  std::string log;     // the program's standard error
  std::string text;    // what it drew, one run per line
};

// Runs LF_BIN_DIR/`program` --server http://127.0.0.1:`port` --screenshot … --size WxH `args`,
// with its own XDG_DATA_HOME under `scratch` (its own pins, outbox and session) and `env`
// (e.g. "LF_GLYPH_LOG=1") before it.
inline ProgramShot shoot_program(const std::string& program, const std::string& name, int port,
                                 const std::string& args, int w, int h,
                                 const std::filesystem::path& scratch, const std::string& env = "") {
  namespace fs = std::filesystem;
  std::string shots = std::string(LF_BIN_DIR) + "/../screenshots";
  std::error_code ec;
  fs::create_directories(shots, ec);
  std::string png = shots + "/" + name + ".png", txt = shots + "/" + name + ".txt";
  std::string err = (scratch / (name + ".err")).string();
  fs::remove(png, ec);
  fs::remove(txt, ec);
  std::string home = (scratch / ("home-" + name)).string();
  std::string size = std::to_string(w) + "x" + std::to_string(h);
  std::string cmd = "XDG_DATA_HOME=" + home + " " + env + " xvfb-run -a -s '-screen 0 " + size + "x24' " +
                    LF_BIN_DIR + "/" + program + " --server http://127.0.0.1:" + std::to_string(port) +
                    " --screenshot " + png + " --size " + size + " " + args + " 2>" + err;
  ProgramShot s;
  s.exit = std::system(cmd.c_str());
  s.log = read_text(err);
  if (s.exit == 0) {
    s.png_check = std::system((std::string(LF_BIN_DIR) + "/png_check " + png + " " + std::to_string(w) + " " +
                               std::to_string(h)).c_str());
    s.text = read_text(txt);
  }
  return s;
}

}  // namespace lf::test
