// One entry point for every printed document, used by `liangfen print` and by the server's
// download endpoint: the contest in, the file's bytes out.
#pragma once

#include <string>

#include "scoring/print/print_model.h"

namespace lf {

struct PrintRequest {
  std::string kind;    // awards | results | marks | certificates | score-sheets
  std::string format = "pdf";  // pdf | xlsx | csv (certificates: pdf only)
  PrintFilter filter;
  bool draft = false;
  std::string certificate_template;  // path of the template JSON
};

// The Status path of a refusal because a name has a character no installed font can draw
// (award lists and certificates only; --draft prints anyway, the character as a box with its
// code in it).
inline constexpr const char* kFontProblem = "缺字";

// Refusals by kind: malformed, a request not valid as asked (an unknown kind or format; path
// "kind" or "format"); conflict, the contest is not final or a name cannot be printed (path
// kFontProblem); invalid or not_found, a filter that names no round or group; internal, the
// template cannot be read or the file cannot be written.
Result<std::string> render_document(const Contest& contest, const PrintRequest& request);

// The MIME type and file extension of a format.
const char* print_mime_type(const std::string& format);

}  // namespace lf
