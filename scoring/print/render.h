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

// Status path "usage" marks a request that is not valid as asked (unknown kind or format);
// anything else is a refusal (not final, nothing to print, cannot write).
Result<std::string> render_document(const Contest& contest, const PrintRequest& request);

// The MIME type and file extension of a format.
const char* print_mime_type(const std::string& format);

}  // namespace lf
