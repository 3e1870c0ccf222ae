#include "data/format/person_text.h"

#include <cstdint>
#include <cstdio>

namespace lf {

namespace {

std::string code(uint32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", unsigned(cp));
  return buf;
}

std::string at(size_t position) { return "第 " + std::to_string(position) + " 个字符"; }

bool ideograph(uint32_t cp) {
  return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x3FFFF);
}

// The name of an invisible or format character, or nullptr.
const char* invisible(uint32_t cp) {
  switch (cp) {
    case 0x00AD: return "软连字符";
    case 0x034F: return "组合用字形连接符";
    case 0x061C: return "阿拉伯字母标记";
    case 0x115F: case 0x1160: case 0x3164: case 0xFFA0: return "韩文填充符";
    case 0x17B4: case 0x17B5: return "高棉文不可见元音";
    case 0x180E: return "蒙古文元音分隔符";
    case 0x200B: return "零宽空格";
    case 0x200C: return "零宽不连字";
    case 0x200D: return "零宽连字";
    case 0x200E: return "从左到右标记";
    case 0x200F: return "从右到左标记";
    case 0x2028: return "行分隔符";
    case 0x2029: return "段分隔符";
    case 0x2060: return "字连接符";
    case 0xFEFF: return "字节顺序标记（BOM）";
    default: break;
  }
  if (cp >= 0x180B && cp <= 0x180F) return "蒙古文变体选择符";
  if (cp >= 0x2061 && cp <= 0x2064) return "不可见运算符";
  if (cp >= 0x206A && cp <= 0x206F) return "已废弃的格式字符";
  if (cp >= 0xFFF9 && cp <= 0xFFFB) return "行间注释字符";
  if (cp == 0xFFFC) return "对象替换字符";
  if (cp >= 0xE0000 && cp <= 0xE007F) return "标签字符";
  if (cp >= 0x1BCA0 && cp <= 0x1BCA3) return "速记格式字符";
  if (cp >= 0x13430 && cp <= 0x1343F) return "埃及象形文字格式字符";
  return nullptr;
}

}  // namespace

std::optional<std::string> person_text_problem(std::string_view s) {
  size_t position = 0;
  uint32_t previous = 0;
  for (size_t i = 0; i < s.size();) {
    ++position;
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >= 0xC2 && c <= 0xDF) ? 2 : (c >> 4) == 0xE ? 3 : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", unsigned(c));
    if (len == 0)
      return at(position) + "处的字节 " + byte + " 不是有效的 UTF-8 编码（文件的编码有误？）";
    if (i + len > s.size()) return at(position) + "不完整：UTF-8 编码在文字末尾被截断";
    uint32_t cp = len == 1 ? c : len == 2 ? c & 0x1Fu : len == 3 ? c & 0x0Fu : c & 0x07u;
    for (size_t k = 1; k < len; ++k) {
      unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d >> 6) != 2) return at(position) + "处的字节 " + byte + " 开头的 UTF-8 编码不完整（文件的编码有误？）";
      cp = (cp << 6) | (d & 0x3Fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
      return at(position) + "的 UTF-8 编码无效（超长或超出 Unicode 范围）";
    i += len;
    if (cp >= 0xD800 && cp <= 0xDFFF)
      return at(position) + "是单独的代理码位 " + code(cp) + "（半个 UTF-16 字符，不是有效文本）";
    if (cp == 0x1B) return at(position) + "是控制字符 " + code(cp) + "（终端转义序列的开头）";
    if (cp == 0x09) return at(position) + "是控制字符 " + code(cp) + "（制表符）";
    if (cp == 0x0A || cp == 0x0D) return at(position) + "是控制字符 " + code(cp) + "（换行符）";
    if (cp < 0x20 || cp == 0x7F) return at(position) + "是控制字符 " + code(cp);
    if (cp == 0x9B) return at(position) + "是控制字符 " + code(cp) + "（终端转义序列的开头）";
    if (cp >= 0x80 && cp <= 0x9F) return at(position) + "是控制字符 " + code(cp);
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
      return at(position) + "是双向文本控制字符 " + code(cp) + "（会改变文字的显示顺序）";
    if (const char* what = invisible(cp)) return at(position) + "是不可见的格式字符 " + code(cp) + "（" + what + "）";
    if ((cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF)) {
      if (!ideograph(previous))
        return at(position) + "是不可见的异体字选择符 " + code(cp) + "（只能跟在汉字后面）";
    } else if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) {
      return at(position) + "是非字符码位 " + code(cp) + "（不是文字）";
    } else if (cp == 0xFFFD) {
      return at(position) + "是替换字符 " + code(cp) + "（文字在转换编码时已经损坏）";
    } else if ((cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000) {
      return at(position) + "是私用区字符 " + code(cp) + "（自造字，只在造字的电脑上能显示；请改用标准汉字）";
    }
    previous = cp;
  }
  return std::nullopt;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) out += char(cp);
  else if (cp < 0x800) out += char(0xC0 | (cp >> 6)), out += char(0x80 | (cp & 0x3F));
  else if (cp < 0x10000)
    out += char(0xE0 | (cp >> 12)), out += char(0x80 | ((cp >> 6) & 0x3F)), out += char(0x80 | (cp & 0x3F));
  else
    out += char(0xF0 | (cp >> 18)), out += char(0x80 | ((cp >> 12) & 0x3F)), out += char(0x80 | ((cp >> 6) & 0x3F)),
        out += char(0x80 | (cp & 0x3F));
}

}  // namespace lf
