// Names, schools, notes and reasons are text a person reads: on the projector, the judges'
// tablets, the code sheet and the certificates. This checks that a field is only that — no
// control codes or terminal escapes, no invisible or bidi-reordering characters, no broken
// UTF-8 — while real names pass untouched (full-width punctuation, the middle dot of minority
// names 阿依古丽·买买提, rare characters outside the BMP such as 𠀀 U+20000).
//
// Pure: no I/O, no allocation unless there is a problem. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lf {

// nullopt: the text is fine. Otherwise a Chinese reason naming the 1-based position (in
// characters) and the code point, e.g. "第 2 个字符是控制字符 U+001B（终端转义序列的开头）".
// Refused: C0 controls (also tab and line breaks), DEL, C1 controls; invalid UTF-8 (overlong,
// truncated, beyond U+10FFFF), encoded surrogates; invisible and format characters (soft
// hyphen, zero-width space/joiners, word joiner, LRM/RLM/ALM, bidi embeddings and overrides
// U+202A–202E and isolates U+2066–2069, line/paragraph separators, a BOM inside text, Hangul
// fillers, interlinear annotation, tag characters); noncharacters; U+FFFD (text already broken
// by a wrong encoding); private-use characters (自造字: they show only on the computer that
// made them). A variation selector is allowed right after a CJK ideograph (ideographic
// variation sequences for name characters), refused elsewhere.
std::optional<std::string> person_text_problem(std::string_view utf8);

// The UTF-8 bytes of one code point (the one encoder of the tree).
void append_utf8(std::string& out, uint32_t code_point);
inline std::string utf8_of(uint32_t code_point) {
  std::string out;
  append_utf8(out, code_point);
  return out;
}

}  // namespace lf
