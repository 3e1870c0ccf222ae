#include "shell/font_finder.h"

#include <fontconfig/fontconfig.h>

#include <cstdlib>
#include <filesystem>

namespace lf {

std::optional<FontFile> find_cjk_font(bool bold) {
  if (const char* env = std::getenv("LF_FONT"); env && *env && std::filesystem::exists(env))
    return FontFile{env, 0};
  if (!FcInit()) return std::nullopt;
  for (const char* family : {"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Noto Sans SC",
                             "Source Han Sans SC", "Droid Sans Fallback"}) {
    FcPattern* pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FAMILY, reinterpret_cast<const FcChar8*>(family));
    FcPatternAddString(pat, FC_LANG, reinterpret_cast<const FcChar8*>("zh-cn"));
    FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcConfigSubstitute(nullptr, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult result;
    FcPattern* match = FcFontMatch(nullptr, pat, &result);
    FcPatternDestroy(pat);
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

}  // namespace lf
