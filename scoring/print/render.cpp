#include "print/render.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "data/json_text.h"
#include "print/pdf_writer.h"
#include "print/sheet_writers.h"

namespace lf {

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Cairo and libxlsxwriter write to files: a private temporary one, read back and removed.
class TempFile {
 public:
  explicit TempFile(const std::string& ext) {
    static int counter = 0;
    path_ = (std::filesystem::temp_directory_path() /
             ("liangfen-print-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ext))
                .string();
  }
  ~TempFile() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

const char* print_mime_type(const std::string& format) {
  if (format == "xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (format == "csv") return "text/csv; charset=utf-8";
  return "application/pdf";
}

Result<std::string> render_document(const Contest& c, const PrintRequest& q) {
  static const std::set<std::string> kinds = {"awards", "results", "marks", "certificates", "score-sheets"};
  if (!kinds.count(q.kind)) return Error{"usage", "unknown document \"" + q.kind + "\""};
  if (q.format != "pdf" && q.format != "xlsx" && q.format != "csv")
    return Error{"usage", "unknown format \"" + q.format + "\" (pdf, xlsx or csv)"};
  if (q.kind == "certificates" && q.format != "pdf") return Error{"usage", "certificates are printed as PDF only"};
  ContestResult result = compute_results(c);
  if ((q.kind == "awards" || q.kind == "certificates") && !q.draft)
    if (auto s = check_final(c, result, q.filter); !s.ok()) return s;
  TempFile tmp("." + q.format);
  Status written;
  if (q.kind == "certificates") {
    std::string text = read_file(q.certificate_template);
    if (text.empty()) return Error{q.certificate_template, "cannot read the certificate template"};
    auto tmpl = parse_json(text);
    if (!tmpl.ok()) return tmpl.status();
    auto certs = certificates(c, result, q.filter);
    if (!certs.ok()) return certs.status();
    written = write_certificates_pdf(certs.value(), tmpl.value(), q.draft, tmp.path());
  } else {
    auto doc = q.kind == "awards"    ? award_list(c, result, q.filter)
               : q.kind == "results" ? results_sheet(c, result, q.filter)
               : q.kind == "marks"   ? marks_sheets(c, result, q.filter)
                                     : score_sheets(c, result, q.filter);
    if (!doc.ok()) return doc.status();
    doc.value().draft = q.draft;
    if (q.format == "csv") return csv_text(doc.value());
    written = q.format == "pdf" ? write_pdf(doc.value(), tmp.path()) : write_xlsx(doc.value(), tmp.path());
  }
  if (!written.ok()) return written;
  return read_file(tmp.path());
}

}  // namespace lf
