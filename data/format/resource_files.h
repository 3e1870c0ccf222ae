#pragma once
// Where the files that ship with liangfen (assets/: the county template, the certificate
// template, the sample contest) are found at run time: beside the program, never at a path
// compiled in from the source tree, so an installed copy works without the checkout.
//
// Layout (the same in the build tree and after `cmake --install`):
//   <prefix>/bin/liangfen*            the programs
//   <prefix>/share/liangfen/<file>    the assets (the build copies assets/ there)
// The environment variable LIANGFEN_SHARE_DIR, when set, names the share folder instead (for a
// portable copy on a USB stick). Thread-safe; never throws.
#include <string>
#include <string_view>

namespace lf {

// The share folder as described above, or "" if the program's own path cannot be read.
std::string share_directory();

// share_directory() + "/" + relative (e.g. "templates/certificate.json").
std::string resource_path(std::string_view relative);

}  // namespace lf
