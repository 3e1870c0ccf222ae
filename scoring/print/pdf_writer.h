// PDF through Cairo and Pango: Chinese text shaped by Pango with fonts found through
// fontconfig (Noto Sans/Serif CJK by default) and embedded by Cairo. A4, portrait or
// landscape; page numbers; a 草稿 watermark on every page of a draft.
#pragma once

#include "data/json_text.h"
#include "print/print_model.h"

namespace lf {

Status write_pdf(const PrintDocument& doc, const std::string& path);

// Certificates laid out by a template (assets/templates/certificate.json: page size, border,
// and text items with {name} {school} {group} {award} {contest} {organizer} {date} {round}
// placeholders), one page each.
Status write_certificates_pdf(const std::vector<Certificate>& certs, const Json& tmpl, bool draft,
                              const std::string& path);

// "2026-08-15" -> "2026年8月15日"; other text is returned unchanged.
std::string chinese_date(const std::string& iso);

}  // namespace lf
