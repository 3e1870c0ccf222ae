// PDF through Cairo and Pango: Chinese text shaped by Pango with fonts found through
// fontconfig (Noto Sans/Serif CJK by default) and embedded by Cairo. A4, portrait or
// landscape; page numbers; a 草稿 watermark on every page of a draft.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "data/format/json_text.h"
#include "scoring/print/print_model.h"

namespace lf {

Status write_pdf(const PrintDocument& doc, const std::string& path);

// Certificates laid out by a template (assets/templates/certificate.json: page size, border,
// and text items with {name} {school} {group} {award} {contest} {organizer} {date} {round}
// placeholders), one page each.
Status write_certificates_pdf(const std::vector<Certificate>& certs, const Json& tmpl, bool draft,
                              const std::string& path);

// Refuses (kind invalid, path `where`：texts[i]) every placeholder of the template that is not
// one of the eight above, naming it: printed, it would stand on the certificate as written.
Status check_certificate_template(const Json& tmpl, const std::string& where);

// Login slips (登录码条), eight to an A4 page (two across, four down) with dashed cut lines
// between them: the person's name, role, venue and round, the code in large digits, how to log
// in, and a 25 mm QR code of the slip's join_link (none when it is empty) with its quiet zone.
// A link too long for a QR code refuses the sheet (kind invalid) before the file is made. Not
// thread-safe with the other writers: call under the same lock (render.cpp).
Status write_credential_slips_pdf(const CredentialSheet& sheet, const std::string& path);

// The characters of `utf8` that no installed font can draw (Pango's fallback through
// fontconfig would print them as boxes), in order, each once. Rare name characters outside the
// BMP (CJK Extension B–F, e.g. 𠀀 U+20000) are drawn from HanaMinA/HanaMinB (fonts-hanazono)
// when the main CJK font lacks them. Thread-safe (one lock; each character is looked up once).
std::vector<uint32_t> characters_without_font(std::string_view utf8);

// "𠀀 (U+20000)": a character and its code point, for messages.
std::string describe_character(uint32_t cp);

// "2026-08-15" -> "2026年8月15日"; other text is returned unchanged.
std::string chinese_date(const std::string& iso);

}  // namespace lf
