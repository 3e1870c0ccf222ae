#include "app_shell/font_finder.h"
#include "scoring/engine/mutex.h"

#include <fontconfig/fontconfig.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>

namespace lf {

namespace {
// fontconfig's best match for `pat` (which this takes and destroys) in simplified Chinese at the
// given weight; the caller destroys the match. Null when fontconfig has nothing at all.
FcPattern* best_match(FcPattern* pat, bool bold) {
  FcPatternAddString(pat, FC_LANG, reinterpret_cast<const FcChar8*>("zh-cn"));
  FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
  FcConfigSubstitute(nullptr, pat, FcMatchPattern);
  FcDefaultSubstitute(pat);
  FcResult result;
  FcPattern* match = FcFontMatch(nullptr, pat, &result);
  FcPatternDestroy(pat);
  return match;
}
}  // namespace

std::optional<FontFile> find_cjk_font(bool bold) {
  if (const char* env = std::getenv("LF_FONT"); env && *env && std::filesystem::exists(env))
    return FontFile{env, 0};
  if (!FcInit()) return std::nullopt;
  for (const char* family : {"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Noto Sans SC",
                             "Source Han Sans SC", "Droid Sans Fallback"}) {
    FcPattern* pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FAMILY, reinterpret_cast<const FcChar8*>(family));
    FcPattern* match = best_match(pat, bold);
    if (!match) continue;
    FcChar8* file = nullptr;
    FcChar8* got_family = nullptr;
    int index = 0;
    std::optional<FontFile> found;
    // fontconfig always answers something; take it only if it is the family asked for.
    if (FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
        FcPatternGetString(match, FC_FAMILY, 0, &got_family) == FcResultMatch &&
        std::string(reinterpret_cast<char*>(got_family)) == family) {
      FcPatternGetInteger(match, FC_INDEX, 0, &index);
      found = FontFile{reinterpret_cast<char*>(file), index};
    }
    FcPatternDestroy(match);
    if (found) return found;
  }
  return std::nullopt;
}

namespace {
Mutex charsets_mutex;
std::map<FontFile, FcCharSet*> charsets;  // kept for the process's life
}  // namespace

bool font_has(const FontFile& font, uint32_t cp) {
  MutexLock lock(charsets_mutex);
  auto it = charsets.find(font);
  if (it == charsets.end()) {
    FcCharSet* cs = nullptr;
    int count = 0;
    if (FcPattern* p = FcFreeTypeQuery(reinterpret_cast<const FcChar8*>(font.path.c_str()), unsigned(font.index),
                                       nullptr, &count)) {
      FcCharSet* found = nullptr;
      if (FcPatternGetCharSet(p, FC_CHARSET, 0, &found) == FcResultMatch) cs = FcCharSetCopy(found);
      FcPatternDestroy(p);
    }
    it = charsets.emplace(font, cs).first;
  }
  return it->second && FcCharSetHasChar(it->second, cp);
}

std::optional<FontFile> find_font_with(uint32_t cp, bool bold) {
  if (!FcInit()) return std::nullopt;
  FcPattern* pat = FcPatternCreate();
  FcCharSet* cs = FcCharSetCreate();
  FcCharSetAddChar(cs, cp);
  FcPatternAddCharSet(pat, FC_CHARSET, cs);
  FcCharSetDestroy(cs);
  FcPattern* match = best_match(pat, bold);
  if (!match) return std::nullopt;
  std::optional<FontFile> found;
  FcChar8* file = nullptr;
  FcCharSet* has = nullptr;
  int index = 0;
  // fontconfig answers its best font even when none has the character: check.
  if (FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
      FcPatternGetCharSet(match, FC_CHARSET, 0, &has) == FcResultMatch && FcCharSetHasChar(has, cp)) {
    FcPatternGetInteger(match, FC_INDEX, 0, &index);
    found = FontFile{reinterpret_cast<char*>(file), index};
  }
  FcPatternDestroy(match);
  return found;
}

}  // namespace lf
