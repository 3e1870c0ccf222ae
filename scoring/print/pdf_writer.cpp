#include "scoring/print/pdf_writer.h"
#include "data/format/person_text.h"
#include "data/format/qr_code.h"
#include "scoring/engine/mutex.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <algorithm>
#include <functional>
#include <map>
#include <mutex>
#include <optional>

namespace lf {

namespace {

constexpr double kMm = 72.0 / 25.4;  // points per millimetre
constexpr double kA4W = 210 * kMm, kA4H = 297 * kMm;
const char* kSans = "Noto Sans CJK SC";
const char* kSerif = "Noto Serif CJK SC";

struct Rgb {
  double r, g, b;
};
Rgb parse_color(const std::string& hex, Rgb fallback) {
  if (hex.size() != 7 || hex[0] != '#') return fallback;
  auto h = [&](int i) { return std::stoi(hex.substr(size_t(i), 2), nullptr, 16) / 255.0; };
  return {h(1), h(3), h(5)};
}

// Draws `text` with Pango at (x, y) in a box `w` wide; returns its height.
double draw_text(cairo_t* cr, const std::string& text, const std::string& font, double size_pt, double x,
                 double y, double w, PangoAlignment align = PANGO_ALIGN_LEFT, bool bold = false,
                 bool ellipsize = false, double letter_spacing_pt = 0) {
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* fd = pango_font_description_from_string(font.c_str());
  pango_font_description_set_absolute_size(fd, size_pt * PANGO_SCALE);
  if (bold) pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description(layout, fd);
  if (w > 0) pango_layout_set_width(layout, int(w * PANGO_SCALE));
  pango_layout_set_alignment(layout, align);
  if (ellipsize) pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
  if (letter_spacing_pt > 0) {
    PangoAttrList* attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(int(letter_spacing_pt * PANGO_SCALE)));
    pango_layout_set_attributes(layout, attrs);
    pango_attr_list_unref(attrs);
  }
  pango_layout_set_text(layout, text.c_str(), -1);
  int pw = 0, ph = 0;
  pango_layout_get_size(layout, &pw, &ph);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout);
  pango_font_description_free(fd);
  g_object_unref(layout);
  return double(ph) / PANGO_SCALE;
}

// The height of `text` wrapped in a box `w` wide.
double text_height(cairo_t* cr, const std::string& text, double size_pt, double w, bool bold) {
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* fd = pango_font_description_from_string(kSans);
  pango_font_description_set_absolute_size(fd, size_pt * PANGO_SCALE);
  if (bold) pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description(layout, fd);
  if (w > 0) pango_layout_set_width(layout, int(w * PANGO_SCALE));
  pango_layout_set_text(layout, text.c_str(), -1);
  int pw = 0, ph = 0;
  pango_layout_get_size(layout, &pw, &ph);
  pango_font_description_free(fd);
  g_object_unref(layout);
  return double(ph) / PANGO_SCALE;
}

double text_width(cairo_t* cr, const std::string& text, double size_pt, bool bold) {
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* fd = pango_font_description_from_string(kSans);
  pango_font_description_set_absolute_size(fd, size_pt * PANGO_SCALE);
  if (bold) pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description(layout, fd);
  pango_layout_set_text(layout, text.c_str(), -1);
  int pw = 0, ph = 0;
  pango_layout_get_size(layout, &pw, &ph);
  pango_font_description_free(fd);
  g_object_unref(layout);
  return double(pw) / PANGO_SCALE;
}

void watermark(cairo_t* cr, double w, double h) {
  cairo_save(cr);
  cairo_set_source_rgba(cr, 0.85, 0.1, 0.1, 0.13);
  cairo_translate(cr, w / 2, h / 2);
  cairo_rotate(cr, -M_PI / 6);
  draw_text(cr, "草稿", kSans, std::min(w, h) * 0.28, -std::min(w, h) * 0.3, -std::min(w, h) * 0.2, 0,
            PANGO_ALIGN_LEFT, true);
  cairo_restore(cr);
}

// Lays a document out page by page. With `pages_total` 0 it only counts pages.
class Layout {
 public:
  Layout(cairo_t* cr, const PrintDocument& doc, int pages_total)
      : cr_(cr), doc_(doc), total_(pages_total),
        w_(doc.landscape ? kA4H : kA4W), h_(doc.landscape ? kA4W : kA4H) {}

  int run() {
    for (const PrintSection& sec : doc_.sections) {
      new_page();
      section_head(sec);
      for (const PrintTable& t : sec.tables) table(sec, t);
      signatures(sec);
    }
    finish_page();
    return page_;
  }

 private:
  double margin() const { return 15 * kMm; }
  double bottom() const { return h_ - margin() - 10 * kMm; }

  void new_page() {
    finish_page();
    ++page_;
    y_ = margin();
    open_ = true;
    if (doc_.draft) watermark(cr_, w_, h_);
    cairo_set_source_rgb(cr_, 0, 0, 0);
    y_ += draw_text(cr_, doc_.title, kSans, 16, margin(), y_, w_ - 2 * margin(), PANGO_ALIGN_CENTER, true);
    cairo_set_source_rgb(cr_, 0.3, 0.3, 0.3);
    if (!doc_.subtitle.empty())
      y_ += draw_text(cr_, doc_.subtitle, kSans, 9.5, margin(), y_ + 2, w_ - 2 * margin(), PANGO_ALIGN_CENTER) + 2;
    y_ += 8;
  }

  void finish_page() {
    if (!open_) return;
    cairo_set_source_rgb(cr_, 0.35, 0.35, 0.35);
    // The draft says so in words too, where a copier or a text search will find it.
    std::string n = std::string(doc_.draft ? "草稿 · " : "") + "第 " + std::to_string(page_) + " 页" +
                    (total_ ? "，共 " + std::to_string(total_) + " 页" : "");
    draw_text(cr_, n, kSans, 8.5, margin(), h_ - margin(), w_ - 2 * margin(), PANGO_ALIGN_CENTER);
    cairo_show_page(cr_);
    open_ = false;
  }

  void section_head(const PrintSection& sec) {
    cairo_set_source_rgb(cr_, 0, 0, 0);
    y_ += draw_text(cr_, sec.heading, kSans, 13, margin(), y_, w_ - 2 * margin(), PANGO_ALIGN_LEFT, true) + 3;
    cairo_set_source_rgb(cr_, 0.25, 0.25, 0.25);
    for (const auto& n : sec.notes) y_ += draw_text(cr_, n, kSans, 9, margin(), y_, w_ - 2 * margin()) + 1;
    y_ += 4;
  }

  void header_row(const PrintTable& t, const std::vector<double>& xs, const std::vector<double>& ws, double row_h) {
    cairo_set_source_rgb(cr_, 0.9, 0.9, 0.92);
    cairo_rectangle(cr_, xs.front(), y_, xs.back() + ws.back() - xs.front(), row_h);
    cairo_fill(cr_);
    for (size_t i = 0; i < t.headers.size(); ++i) {
      cairo_set_source_rgb(cr_, 0, 0, 0);
      draw_text(cr_, t.headers[i], kSans, font_pt_, xs[i] + 2, y_ + (row_h - font_pt_ * 1.45) / 2, ws[i] - 4,
                PANGO_ALIGN_CENTER, true, true);
    }
    grid(xs, ws, row_h);
    y_ += row_h;
  }

  void grid(const std::vector<double>& xs, const std::vector<double>& ws, double row_h) {
    cairo_set_source_rgb(cr_, 0.45, 0.45, 0.45);
    cairo_set_line_width(cr_, 0.5);
    for (size_t i = 0; i < xs.size(); ++i) {
      cairo_rectangle(cr_, xs[i], y_, ws[i], row_h);
      cairo_stroke(cr_);
    }
  }

  void table(const PrintSection& sec, const PrintTable& t) {
    double usable = w_ - 2 * margin();
    float total_w = 0;
    for (float x : t.widths) total_w += x;
    std::vector<double> xs, ws;
    double x = margin();
    for (float wt : t.widths) {
      xs.push_back(x);
      ws.push_back(usable * wt / total_w);
      x += usable * wt / total_w;
    }
    font_pt_ = t.headers.size() > 10 ? 8.5 : 10;
    double row_h = font_pt_ * 2.1;
    if (!t.caption.empty()) {
      if (y_ + 3 * row_h > bottom()) {
        new_page();
        section_head(sec);
      }
      cairo_set_source_rgb(cr_, 0.55, 0.05, 0.08);
      y_ += draw_text(cr_, t.caption, kSans, 11.5, margin(), y_, usable, PANGO_ALIGN_LEFT, true) + 3;
    }
    header_row(t, xs, ws, row_h);
    for (const auto& row : t.rows) {
      // This row's height: one line, or (a wrapping table) its tallest cell's.
      const double line_h = row_h;
      double row_h = line_h;
      if (t.wrap)
        for (size_t i = 0; i < row.size() && i < ws.size(); ++i)
          row_h = std::max(row_h, text_height(cr_, row[i].text, font_pt_, ws[i] - 6, row[i].bold) + font_pt_ * 0.7);
      if (y_ + row_h > bottom()) {
        new_page();
        cairo_set_source_rgb(cr_, 0, 0, 0);
        y_ += draw_text(cr_, sec.heading + "（续）", kSans, 11, margin(), y_, usable, PANGO_ALIGN_LEFT, true) + 4;
        header_row(t, xs, ws, line_h);
      }
      for (size_t i = 0; i < row.size() && i < xs.size(); ++i) {
        const PrintCell& cell = row[i];
        cairo_set_source_rgb(cr_, cell.struck ? 0.45 : 0, cell.struck ? 0.45 : 0, cell.struck ? 0.45 : 0);
        PangoAlignment align = cell.units || cell.text.size() <= 3 ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT;
        double text_y = t.wrap ? y_ + font_pt_ * 0.35 : y_ + (row_h - font_pt_ * 1.45) / 2;
        draw_text(cr_, cell.text, kSans, font_pt_, xs[i] + 3, text_y, ws[i] - 6, align, cell.bold, !t.wrap);
        if (cell.struck) {  // a dropped mark: struck through
          double tw = text_width(cr_, cell.text, font_pt_, false);
          double cx = xs[i] + ws[i] / 2;
          cairo_set_source_rgb(cr_, 0.8, 0.1, 0.1);
          cairo_set_line_width(cr_, 0.9);
          cairo_move_to(cr_, cx - tw / 2 - 1, y_ + row_h / 2);
          cairo_line_to(cr_, cx + tw / 2 + 1, y_ + row_h / 2);
          cairo_stroke(cr_);
        }
      }
      grid(xs, ws, row_h);
      y_ += row_h;
    }
    y_ += 8;
  }

  void signatures(const PrintSection& sec) {
    if (sec.signatures.empty()) return;
    double need = 60;
    if (y_ + need > bottom()) new_page();
    y_ += 18;
    double usable = w_ - 2 * margin();
    double slot = usable / double(sec.signatures.size());
    cairo_set_source_rgb(cr_, 0, 0, 0);
    for (size_t i = 0; i < sec.signatures.size(); ++i)
      draw_text(cr_, sec.signatures[i] + "（签字）：____________", kSans, 10.5, margin() + slot * double(i), y_, slot);
    y_ += 26;
    draw_text(cr_, "日期：________年_____月_____日", kSans, 10.5, margin(), y_, usable, PANGO_ALIGN_RIGHT);
    y_ += 24;
  }

  cairo_t* cr_;
  const PrintDocument& doc_;
  int total_;
  double w_, h_, y_ = 0, font_pt_ = 10;
  int page_ = 0;
  bool open_ = false;
};

Status check_surface(cairo_surface_t* s, const std::string& path) {
  cairo_status_t st = cairo_surface_status(s);
  if (st != CAIRO_STATUS_SUCCESS)
    return Error{path, std::string("无法写入 PDF 文件（") + cairo_status_to_string(st) + "）", ErrorKind::internal};
  return Status();
}

// Ends a PDF drawn on `cr`: writes it out and frees both; says whether it was written.
Status finish_pdf(cairo_t* cr, cairo_surface_t* s, const std::string& path) {
  cairo_destroy(cr);
  cairo_surface_finish(s);
  Status st = check_surface(s, path);
  cairo_surface_destroy(s);
  return st;
}

std::vector<uint32_t> decode(std::string_view s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (i + len > s.size()) break;
    uint32_t cp = len == 1 ? c : len == 2 ? c & 0x1Fu : len == 3 ? c & 0x0Fu : c & 0x07u;
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
    out.push_back(cp);
    i += len;
  }
  return out;
}

// The certificate template's placeholders, each with what it stands for (for the refusal).
struct Placeholder {
  const char* key;
  const char* meaning;
};
constexpr Placeholder kPlaceholders[] = {
    {"{name}", "姓名"},      {"{school}", "学校"},    {"{group}", "组别"}, {"{award}", "奖项"},
    {"{contest}", "比赛名称"}, {"{organizer}", "主办单位"}, {"{date}", "日期"}, {"{round}", "轮次"},
    {"{编号}", "证书编号"},  {"{number}", "证书编号"}};

std::string placeholder_value(const Certificate& c, std::string_view key) {
  if (key == "{name}") return c.name;
  if (key == "{school}") return c.school;
  if (key == "{group}") return c.group;
  if (key == "{award}") return c.award;
  if (key == "{contest}") return c.contest;
  if (key == "{organizer}") return c.organizer;
  if (key == "{date}") return chinese_date(c.date);
  if (key == "{编号}" || key == "{number}") return c.number;
  return c.round;
}

// Where a certificate's line may break: after a punctuation mark or a space, and before an
// opening bracket or a space. Pango would otherwise break between any two Chinese characters
// ("表现优 / 异"). Returns the byte ranges between those points, the runs to keep whole.
std::vector<std::pair<size_t, size_t>> phrase_runs(const std::string& text) {
  static const std::string kBreakAfter = "，。、；：！？）》」』”’,.;:!?) ";
  static const std::string kBreakBefore = "（《「『“‘( ";
  auto is_one_of = [](const std::string& set, const std::string& ch) {
    return !ch.empty() && set.find(ch) != std::string::npos;
  };
  std::vector<std::pair<size_t, size_t>> runs;
  size_t start = 0;
  std::string previous;
  for (size_t i = 0; i < text.size();) {
    unsigned char b = static_cast<unsigned char>(text[i]);
    size_t len = b < 0x80 ? 1 : b >> 5 == 6 ? 2 : b >> 4 == 14 ? 3 : 4;
    std::string ch = text.substr(i, len);
    if (i > start && (is_one_of(kBreakAfter, previous) || is_one_of(kBreakBefore, ch))) {
      runs.push_back({start, i});
      start = i;
    }
    previous = ch;
    i += len;
  }
  if (start < text.size()) runs.push_back({start, text.size()});
  return runs;
}

// Draws one certificate line in a box `w` wide, breaking only between phrases (phrase_runs).
// A phrase wider than the box (a very long contest name) is left free to break anywhere
// rather than run off the page.
void draw_certificate_text(cairo_t* cr, const std::string& text, const std::string& font, double size_pt,
                           double x, double y, double w, PangoAlignment align, double letter_spacing_pt) {
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* fd = pango_font_description_from_string(font.c_str());
  pango_font_description_set_absolute_size(fd, size_pt * PANGO_SCALE);
  pango_layout_set_font_description(layout, fd);
  PangoAttrList* attrs = pango_attr_list_new();
  if (letter_spacing_pt > 0)
    pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(int(letter_spacing_pt * PANGO_SCALE)));
  pango_layout_set_attributes(layout, attrs);
  // Each phrase measured on its own line first (no width yet), with the letter spacing.
  std::vector<std::pair<size_t, size_t>> keep;
  for (auto [begin, end] : phrase_runs(text)) {
    pango_layout_set_text(layout, text.data() + begin, int(end - begin));
    int pw = 0, ph = 0;
    pango_layout_get_size(layout, &pw, &ph);
    if (w <= 0 || pw <= int(w * PANGO_SCALE)) keep.push_back({begin, end});
  }
  PangoAttrList* line_attrs = pango_attr_list_copy(attrs);
  for (auto [begin, end] : keep) {
    PangoAttribute* whole = pango_attr_allow_breaks_new(FALSE);
    whole->start_index = unsigned(begin);
    whole->end_index = unsigned(end);
    pango_attr_list_insert(line_attrs, whole);
  }
  pango_layout_set_attributes(layout, line_attrs);
  pango_attr_list_unref(line_attrs);
  pango_attr_list_unref(attrs);
  pango_layout_set_text(layout, text.c_str(), -1);
  pango_layout_set_alignment(layout, align);
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  if (w > 0) pango_layout_set_width(layout, int(w * PANGO_SCALE));
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout);
  pango_font_description_free(fd);
  g_object_unref(layout);
}

}  // namespace

Status check_certificate_template(const Json& tmpl, const std::string& where) {
  std::vector<Error> errors;
  auto texts = tmpl.find("texts");
  if (texts == tmpl.end() || !texts->is_array()) return Status();
  std::string known;
  for (const Placeholder& p : kPlaceholders) known += (known.empty() ? "" : "、") + std::string(p.key) + " " + p.meaning;
  for (size_t i = 0; i < texts->size(); ++i) {
    const Json& item = (*texts)[i];
    auto t = item.is_object() ? item.find("text") : item.end();
    if (!item.is_object() || t == item.end() || !t->is_string()) continue;
    const std::string& text = t->get_ref<const std::string&>();
    for (size_t open = text.find('{'); open != std::string::npos; open = text.find('{', open + 1)) {
      size_t close = text.find('}', open);
      std::string key = text.substr(open, close == std::string::npos ? std::string::npos : close - open + 1);
      if (std::any_of(std::begin(kPlaceholders), std::end(kPlaceholders), [&](const Placeholder& p) { return key == p.key; }))
        continue;
      errors.push_back({where + "：texts[" + std::to_string(i) + "]",
                        "荣誉证书模板中有不认识的占位符“" + key + "”，照印会把它原样印在证书上（可用：" + known + "）",
                        ErrorKind::invalid});
    }
  }
  return errors.empty() ? Status() : Status(std::move(errors));
}

std::vector<uint32_t> characters_without_font(std::string_view utf8) {
  static Mutex mutex;
  static std::map<uint32_t, bool> drawable;  // code point -> some installed font has it
  MutexLock lock(mutex);
  std::vector<uint32_t> missing;
  PangoLayout* layout = nullptr;
  for (uint32_t cp : decode(utf8)) {
    if (cp <= 0x20 || cp == 0x3000) continue;
    auto it = drawable.find(cp);
    if (it == drawable.end()) {
      if (!layout) {
        // The same font map the PDF writer draws with, so the answer is what would be printed.
        PangoContext* ctx = pango_font_map_create_context(pango_cairo_font_map_get_default());
        layout = pango_layout_new(ctx);
        g_object_unref(ctx);
        PangoFontDescription* fd = pango_font_description_from_string(kSans);
        pango_font_description_set_absolute_size(fd, 12 * PANGO_SCALE);
        pango_layout_set_font_description(layout, fd);
        pango_font_description_free(fd);
      }
      pango_layout_set_text(layout, utf8_of(cp).c_str(), -1);
      it = drawable.emplace(cp, pango_layout_get_unknown_glyphs_count(layout) == 0).first;
    }
    if (!it->second && std::find(missing.begin(), missing.end(), cp) == missing.end()) missing.push_back(cp);
  }
  if (layout) g_object_unref(layout);
  return missing;
}

std::string describe_character(uint32_t cp) {
  char code[16];
  std::snprintf(code, sizeof code, "U+%04X", unsigned(cp));
  return "“" + utf8_of(cp) + "”（" + code + "）";
}

std::string chinese_date(const std::string& iso) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(iso.c_str(), "%d-%d-%d", &y, &m, &d) != 3) return iso;
  return std::to_string(y) + "年" + std::to_string(m) + "月" + std::to_string(d) + "日";
}

Status write_pdf(const PrintDocument& doc, const std::string& path) {
  double w = doc.landscape ? kA4H : kA4W, h = doc.landscape ? kA4W : kA4H;
  // First pass counts the pages ("第 3 页，共 7 页"); the second draws them.
  int pages = 0;
  {
    cairo_surface_t* s = cairo_pdf_surface_create(nullptr, w, h);
    cairo_t* cr = cairo_create(s);
    pages = Layout(cr, doc, 0).run();
    cairo_destroy(cr);
    cairo_surface_destroy(s);
  }
  cairo_surface_t* s = cairo_pdf_surface_create(path.c_str(), w, h);
  if (auto st = check_surface(s, path); !st.ok()) {
    cairo_surface_destroy(s);
    return st;
  }
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "liangfen");
  cairo_t* cr = cairo_create(s);
  Layout(cr, doc, pages).run();
  return finish_pdf(cr, s, path);
}

Status write_certificates_pdf(const std::vector<Certificate>& certs, const Json& tmpl, bool draft,
                              const std::string& path) {
  if (certs.empty()) return Error{"certificates", "所选范围内没有获奖的选手，没有证书可印"};
  const Json& page = tmpl.value("page", Json::object());
  double w = page.value("width_mm", 297.0) * kMm, h = page.value("height_mm", 210.0) * kMm;
  cairo_surface_t* s = cairo_pdf_surface_create(path.c_str(), w, h);
  if (auto st = check_surface(s, path); !st.ok()) {
    cairo_surface_destroy(s);
    return st;
  }
  cairo_t* cr = cairo_create(s);
  Rgb bg = parse_color(tmpl.value("background", ""), {1, 1, 1});
  const Json& border = tmpl.value("border", Json::object());
  Rgb border_color = parse_color(border.value("color", ""), {0.72, 0.53, 0.04});
  for (const Certificate& c : certs) {
    cairo_set_source_rgb(cr, bg.r, bg.g, bg.b);
    cairo_paint(cr);
    if (!border.empty()) {
      cairo_set_source_rgb(cr, border_color.r, border_color.g, border_color.b);
      double inset = border.value("inset_mm", 10.0) * kMm;
      cairo_set_line_width(cr, border.value("width_mm", 2.5) * kMm);
      cairo_rectangle(cr, inset, inset, w - 2 * inset, h - 2 * inset);
      cairo_stroke(cr);
      if (border.contains("inner_inset_mm")) {
        double in2 = border.value("inner_inset_mm", 14.0) * kMm;
        cairo_set_line_width(cr, 0.6 * kMm);
        cairo_rectangle(cr, in2, in2, w - 2 * in2, h - 2 * in2);
        cairo_stroke(cr);
      }
    }
    if (draft) {
      watermark(cr, w, h);
      cairo_set_source_rgb(cr, 0.8, 0.1, 0.1);
      draw_text(cr, "草稿", kSans, 9, 0, h - 9 * kMm, w - 16 * kMm, PANGO_ALIGN_RIGHT);
    }
    auto fill = [&](std::string t) {
      for (const Placeholder& p : kPlaceholders) {
        std::string v = placeholder_value(c, p.key);
        // From past the replacement: a name that itself reads "{school}" is printed as it is.
        for (size_t at = t.find(p.key); at != std::string::npos; at = t.find(p.key, at + v.size()))
          t.replace(at, std::strlen(p.key), v);
      }
      return t;
    };
    for (const Json& item : tmpl.value("texts", Json::array())) {
      Rgb col = parse_color(item.value("color", ""), {0.1, 0.1, 0.1});
      cairo_set_source_rgb(cr, col.r, col.g, col.b);
      std::string align = item.value("align", "left");
      double box = item.value("width_mm", 0.0) * kMm;
      double x = item.value("x_mm", 0.0) * kMm;
      PangoAlignment a = align == "center" ? PANGO_ALIGN_CENTER : align == "right" ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
      if (box <= 0) box = align == "left" ? w - x - 15 * kMm : 2 * std::min(x, w - x);
      double left = align == "center" ? x - box / 2 : align == "right" ? x - box : x;
      draw_certificate_text(cr, fill(item.value("text", "")), item.value("font", std::string(kSerif)),
                            item.value("size_pt", 18.0), left, item.value("y_mm", 0.0) * kMm, box, a,
                            item.value("letter_spacing_pt", 0.0));
    }
    cairo_show_page(cr);
  }
  return finish_pdf(cr, s, path);
}

namespace {

// "1234567890" -> "12345 67890": two groups of five are read and typed without losing the place.
std::string grouped_code(const std::string& code) {
  if (code.size() < 8) return code;
  size_t half = (code.size() + 1) / 2;
  return code.substr(0, half) + " " + code.substr(half);
}

void dashed_line(cairo_t* cr, double x0, double y0, double x1, double y1) {
  const double dash[] = {3 * kMm, 2 * kMm};
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
  cairo_set_line_width(cr, 0.6);
  cairo_set_dash(cr, dash, 2, 0);
  cairo_move_to(cr, x0, y0);
  cairo_line_to(cr, x1, y1);
  cairo_stroke(cr);
  cairo_restore(cr);
}

// The QR code of `m` with its top-left corner at (x, y), `side` points square, its quiet zone
// outside that square (left blank by the caller). One path for every dark module, filled once:
// separate squares would leave hairline seams between neighbours when the PDF is rasterized,
// which a camera may read as light modules.
void draw_qr(cairo_t* cr, const QrMatrix& m, double x, double y, double side) {
  const double module = side / m.size;
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (const QrRun& r : dark_runs(m))
    cairo_rectangle(cr, x + r.x * module, y + r.y * module, r.length * module, module);
  cairo_fill(cr);
  cairo_restore(cr);
}

void draw_slip(cairo_t* cr, const CredentialSheet& sheet, const CredentialSlip& slip, const QrMatrix* qr_code,
               double x, double y, double w, double h) {
  // The QR code: 25 mm square, the smallest a phone's camera reads at arm's length without
  // zooming (a join link is a 33-module symbol: 0.76 mm a module), in the top right corner with
  // its quiet zone clear of the text column.
  const double pad = 6 * kMm, qr = 25 * kMm, quiet = qr_code ? qr * kQrQuietZone / qr_code->size : 0;
  const double left = x + pad, inner = w - 2 * pad, text_w = qr_code ? inner - qr - quiet : inner;
  double at = y + pad;
  cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
  at += draw_text(cr, sheet.contest + " · 登录码", kSans, 8, left, at, text_w, PANGO_ALIGN_LEFT, false, true) + 2;
  cairo_set_source_rgb(cr, 0, 0, 0);
  at += draw_text(cr, slip.name, kSans, 16, left, at, text_w, PANGO_ALIGN_LEFT, true, true) + 2;
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  at += draw_text(cr, "身份：" + slip.role, kSans, 10, left, at, text_w, PANGO_ALIGN_LEFT, false, true);
  // Wrapped, not cut short: a judge on two panels must read both venues.
  if (!slip.venue.empty()) at += draw_text(cr, "赛场：" + slip.venue, kSans, 10, left, at, text_w);
  if (!slip.round.empty()) at += draw_text(cr, "轮次：" + slip.round, kSans, 10, left, at, text_w, PANGO_ALIGN_LEFT, false, true);
  // The organizer's slip: the backup restore passphrase, above the code (the foot is full).
  if (!slip.restore_passphrase.empty())
    at += draw_text(cr, "备份恢复口令（恢复备份时用，保密）：" + slip.restore_passphrase, kSans, 9, left, at + 1, text_w) + 1;
  // The code: large, bold and spaced, below the lines above whatever their number; beside the
  // QR code's quiet zone, never in it.
  double code_y = std::max(at + 3, y + pad + 30 * kMm);
  cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
  draw_text(cr, "登录码", kSans, 8, left, code_y, text_w);
  cairo_set_source_rgb(cr, 0, 0, 0);
  code_y += 10;
  code_y += draw_text(cr, grouped_code(slip.code), kSans, 21, left, code_y, text_w, PANGO_ALIGN_LEFT, true, false, 2.5);
  if (qr_code) {
    double qx = x + w - pad - qr, qy = y + pad + quiet;
    draw_qr(cr, *qr_code, qx, qy, qr);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    draw_text(cr, "扫码登录", kSans, 7, qx, qy + qr + quiet / 2, qr, PANGO_ALIGN_CENTER);
  }
  // How to log in, and what to compare the server's certificate with, at the foot.
  std::string server = sheet.server_url.empty() ? "服务器地址：______________________（向组委会询问）"
                                                : "服务器地址：" + sheet.server_url;
  std::string foot = slip.how + "\n" + server;
  if (!sheet.fingerprint.empty()) foot += "\n证书指纹：" + sheet.fingerprint + "（首次连接时核对）";
  cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
  PangoLayout* probe = pango_cairo_create_layout(cr);  // the foot's height, to sit it on the bottom edge
  PangoFontDescription* fd = pango_font_description_from_string(kSans);
  pango_font_description_set_absolute_size(fd, 7.5 * PANGO_SCALE);
  pango_layout_set_font_description(probe, fd);
  pango_layout_set_width(probe, int(inner * PANGO_SCALE));
  pango_layout_set_text(probe, foot.c_str(), -1);
  int pw = 0, ph = 0;
  pango_layout_get_size(probe, &pw, &ph);
  pango_font_description_free(fd);
  g_object_unref(probe);
  double foot_y = std::max(code_y + 2, y + h - pad + 2 - double(ph) / PANGO_SCALE);
  draw_text(cr, foot, kSans, 7.5, left, foot_y, inner);
}

}  // namespace

Status write_credential_slips_pdf(const CredentialSheet& sheet, const std::string& path) {
  if (sheet.slips.empty()) return Error{path, "没有要印登录码的人", ErrorKind::invalid};
  // Every QR code before the file is made: a link that does not fit refuses the whole sheet.
  std::vector<std::optional<QrMatrix>> qr_codes;
  for (const CredentialSlip& slip : sheet.slips) {
    qr_codes.emplace_back();
    if (slip.join_link.empty()) continue;
    auto m = encode_qr(slip.join_link);
    if (!m.ok()) return Error{path, "登录码条“" + slip.name + "”的二维码：" + m.status().errors().front().message, m.status().kind()};
    qr_codes.back() = std::move(m.value());
  }
  constexpr int kCols = 2, kRows = 4;
  const double margin = 10 * kMm, w = (kA4W - 2 * margin) / kCols, h = (kA4H - 2 * margin - 6 * kMm) / kRows;
  cairo_surface_t* s = cairo_pdf_surface_create(path.c_str(), kA4W, kA4H);
  if (auto st = check_surface(s, path); !st.ok()) {
    cairo_surface_destroy(s);
    return st;
  }
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, (sheet.contest + " 登录码").c_str());
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "liangfen");
  cairo_t* cr = cairo_create(s);
  const size_t per_page = kCols * kRows, pages = (sheet.slips.size() + per_page - 1) / per_page;
  for (size_t p = 0; p < pages; ++p) {
    const double top = margin + 6 * kMm;
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    draw_text(cr,
              "登录码条：沿虚线（剪切线）剪开，每人一条，本人保管；重新生成登录码后旧码全部失效 · 第 " +
                  std::to_string(p + 1) + " 页，共 " + std::to_string(pages) + " 页",
              kSans, 8, margin, margin, kA4W - 2 * margin, PANGO_ALIGN_CENTER);
    for (int r = 0; r <= kRows; ++r) dashed_line(cr, margin, top + r * h, kA4W - margin, top + r * h);
    for (int col = 0; col <= kCols; ++col) dashed_line(cr, margin + col * w, top, margin + col * w, top + kRows * h);
    for (size_t k = 0; k < per_page && p * per_page + k < sheet.slips.size(); ++k) {
      double x = margin + double(k % kCols) * w, y = top + double(k / kCols) * h;
      const CredentialSlip& slip = sheet.slips[p * per_page + k];
      draw_slip(cr, sheet, slip, qr_codes[p * per_page + k] ? &*qr_codes[p * per_page + k] : nullptr, x, y, w, h);
    }
    cairo_show_page(cr);
  }
  return finish_pdf(cr, s, path);
}

}  // namespace lf
