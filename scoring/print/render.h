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
  std::vector<RunningOrder> running_orders;  // the draws (score sheets); none: entrant order
};

// Refusals by kind — the caller decides by the kind, every message says the reason in Chinese:
// malformed, a request not valid as asked (an unknown kind or format; path "kind" or
// "format"); conflict, a final award list or certificates while the contest is not final, or
// a name with a character no installed font draws (path: the person; --draft prints anyway,
// the character as a box with its code in it); not_found, a filter that names no round or
// group (path "--round" or "--group"); invalid, a round without awards for an award list
// (path "--round") or a certificate template with an unknown placeholder; internal, the
// template cannot be read or the file cannot be written.
Result<std::string> render_document(const Contest& contest, const PrintRequest& request);

// The login slips as a PDF (pdf_writer.h: write_credential_slips_pdf). Safe to call from any
// thread (the writers are serialized).
Result<std::string> render_credential_slips(const CredentialSheet& sheet);

// The MIME type and file extension of a format.
const char* print_mime_type(const std::string& format);

}  // namespace lf
