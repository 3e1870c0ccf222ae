#include "scoring/print/render.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>

#include "data/format/json_text.h"
#include "scoring/print/pdf_writer.h"
#include "scoring/print/sheet_writers.h"
#include "scoring/engine/mutex.h"

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
    std::error_code ec;
    std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
    if (ec) dir = "/tmp";
    path_ = (dir /
             ("liangfen-print-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ext))
                .string();
  }
  ~TempFile() {
    std::error_code ec;  // a destructor must not throw; a leftover temp file is harmless
    std::filesystem::remove(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A person's name or school with a character no installed font has: printed, it would be an
// empty box on an award list or a certificate. One reason per person.
void check_drawable(const std::string& who, std::initializer_list<const std::string*> texts, std::vector<Error>& errors) {
  std::string chars;
  for (const std::string* t : texts)
    for (uint32_t cp : characters_without_font(*t)) chars += (chars.empty() ? "" : "、") + describe_character(cp);
  if (!chars.empty())
    errors.push_back({who, chars + " 本机没有任何字体能显示，打印出来会是方框。请安装含此字的字体"
                           "（扩展 B–F 区汉字：fonts-hanazono），或核对姓名用字",
                      ErrorKind::conflict});
}

// Pango, Cairo and fontconfig are driven from one thread at a time: the server may get two
// print requests at once, and printing is rare enough that waiting costs nothing.
Mutex& writer_mutex() {
  static Mutex mu;
  return mu;
}

}  // namespace

const char* print_mime_type(const std::string& format) {
  if (format == "xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (format == "csv") return "text/csv; charset=utf-8";
  return "application/pdf";
}

Result<std::string> render_document(const Contest& c, const PrintRequest& q) {
  static const std::set<std::string> kinds = {"awards", "results", "marks", "certificates", "score-sheets"};
  if (!kinds.count(q.kind))
    return Error{"kind",
                 "没有“" + q.kind + "”这种文件（可打印：awards 获奖名单、results 成绩汇总表、marks 评分明细表、"
                 "certificates 荣誉证书、score-sheets 备用纸质评分表）",
                 ErrorKind::malformed};
  if (q.format != "pdf" && q.format != "xlsx" && q.format != "csv")
    return Error{"format", "没有“" + q.format + "”这种格式（可选：pdf、xlsx 电子表格、csv）", ErrorKind::malformed};
  if (q.kind == "certificates" && q.format != "pdf")
    return Error{"format", "荣誉证书只能打印为 PDF", ErrorKind::malformed};
  ContestResult result = compute_results(c);
  // Not final yet (a tie unruled, a contestant unfinished): the contest's state is in the way.
  if ((q.kind == "awards" || q.kind == "certificates") && !q.draft)
    if (auto s = check_final(c, result, q.filter); !s.ok()) return with_kind(s, ErrorKind::conflict);
  TempFile tmp("." + q.format);
  Status written;
  if (q.kind == "certificates") {
    std::string text = read_file(q.certificate_template);
    if (text.empty()) return Error{q.certificate_template, "读不到荣誉证书模板", ErrorKind::internal};
    auto tmpl = parse_json(text);
    if (!tmpl.ok()) return with_kind(tmpl.status(), ErrorKind::internal);
    LF_TRY(check_certificate_template(tmpl.value(), q.certificate_template));
    auto certs = certificates(c, result, q.filter);
    LF_TRY(certs);
    // Nobody has an award yet (no marks, or a round that gives none): the contest's state, not
    // a fault of the printer.
    if (certs->empty())
      return Error{"round", "所选范围内还没有获奖的选手，没有证书可印（成绩未出，或所选轮次、组别不颁奖）",
                   ErrorKind::conflict};
    if (!q.draft) {
      std::vector<Error> errors;
      for (const Certificate& x : certs.value()) check_drawable(x.name + "（" + x.school + "）", {&x.name, &x.school}, errors);
      if (!errors.empty()) return Status(std::move(errors));
    }
    MutexLock lock(writer_mutex());
    written = write_certificates_pdf(certs.value(), tmpl.value(), q.draft, tmp.path());
  } else {
    auto doc = q.kind == "awards"    ? award_list(c, result, q.filter)
               : q.kind == "results" ? results_sheet(c, result, q.filter)
               : q.kind == "marks"   ? marks_sheets(c, result, q.filter)
                                     : score_sheets(c, result, q.filter, q.running_orders);
    LF_TRY(doc);
    doc.value().draft = q.draft;
    if (q.kind == "awards" && !q.draft) {
      std::vector<Error> errors;
      for (const PrintSection& sec : doc.value().sections)
        for (const PrintTable& t : sec.tables)
          for (const auto& row : t.rows) {
            std::string who = row.size() > 2 ? row[1].text + "（" + row[2].text + "）" : row.empty() ? "" : row[0].text;
            for (const PrintCell& cell : row) check_drawable(who, {&cell.text}, errors);
          }
      if (!errors.empty()) return Status(std::move(errors));
    }
    if (q.format == "csv") return csv_text(doc.value());
    MutexLock lock(writer_mutex());
    written = q.format == "pdf" ? write_pdf(doc.value(), tmp.path()) : write_xlsx(doc.value(), tmp.path());
  }
  if (!written.ok()) return with_kind(written, ErrorKind::internal);
  return read_file(tmp.path());
}

}  // namespace lf

namespace lf {

Result<std::string> render_credential_slips(const CredentialSheet& sheet) {
  TempFile tmp(".pdf");
  Status written;
  {
    MutexLock lock(writer_mutex());
    written = write_credential_slips_pdf(sheet, tmp.path());
  }
  if (!written.ok()) return with_kind(written, ErrorKind::internal);
  return read_file(tmp.path());
}

}  // namespace lf
