#include "data/roster/roster.h"

#include <iconv.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <map>
#include <memory>

#include "data/format/contest_file.h"
#include "data/format/person_text.h"

namespace lf {

namespace {

bool valid_utf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    i += len;
  }
  return true;
}

std::string trim(std::string s) {
  const char* ws = " \t\r\n\xC2\xA0";
  while (!s.empty() && std::string(" \t\r\n").find(s.back()) != std::string::npos) s.pop_back();
  size_t b = s.find_first_not_of(ws);
  if (b == std::string::npos) return "";
  s = s.substr(b);
  // A full-width space (U+3000) is common in names typed on Chinese keyboards.
  while (s.rfind("\xE3\x80\x80", 0) == 0) s = s.substr(3);
  while (s.size() >= 3 && s.compare(s.size() - 3, 3, "\xE3\x80\x80") == 0) s.resize(s.size() - 3);
  return s;
}

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Which column holds what: header synonyms in Chinese and English.
int column(const std::vector<std::string>& header, std::initializer_list<const char*> names) {
  for (size_t i = 0; i < header.size(); ++i) {
    std::string h = lower(trim(header[i]));
    for (const char* n : names)
      if (h == n) return int(i);
  }
  return -1;
}

std::string cell(const std::vector<std::string>& row, int col) {
  return col >= 0 && size_t(col) < row.size() ? trim(row[size_t(col)]) : "";
}

bool contains(const std::string& s, std::initializer_list<const char*> parts) {
  for (const char* p : parts)
    if (s.find(p) != std::string::npos) return true;
  return false;
}

}  // namespace

Result<std::string> to_utf8(const std::string& bytes) {
  std::string s = bytes;
  if (s.rfind("\xEF\xBB\xBF", 0) == 0) s = s.substr(3);
  if (valid_utf8(s)) return s;
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == iconv_t(-1)) return Error{"encoding", "本机无法转换 GB18030 编码的文字"};
  std::string out(s.size() * 2 + 16, '\0');
  char* in = s.data();
  size_t in_left = s.size();
  char* o = out.data();
  size_t out_left = out.size();
  size_t r = iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  if (r == size_t(-1))
    return Error{"encoding", "文件既不是 UTF-8 也不是 GBK/GB18030 编码的文字（第 " +
                                 std::to_string(s.size() - in_left + 1) + " 字节）"};
  out.resize(out.size() - out_left);
  return out;
}

Result<SheetTable> read_csv(const std::string& text) {
  SheetTable t;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, any = false;
  int line = 1, row_line = 1;
  auto end_row = [&] {
    row.push_back(field);
    field.clear();
    bool blank = std::all_of(row.begin(), row.end(), [](const std::string& f) { return trim(f).empty(); });
    if (!blank) {
      t.rows.push_back(row);
      t.lines.push_back(row_line);
    }
    row.clear();
    any = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    if (!any) row_line = line, any = true;
    if (quoted) {
      if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        if (ch == '\n') ++line;
        field += ch;
      }
      continue;
    }
    if (ch == '"') quoted = true;
    else if (ch == ',') row.push_back(field), field.clear();
    else if (ch == '\r') continue;
    else if (ch == '\n') {
      end_row();
      ++line;
    } else field += ch;
  }
  if (quoted) return Error{"第 " + std::to_string(row_line) + " 行", "引号括起的内容没有结束"};
  if (any || !field.empty() || !row.empty()) end_row();
  if (t.rows.empty()) return Error{"第 1 行", "文件是空的"};
  return t;
}

Result<SheetTable> read_table_file(const std::string& path) {
  std::string ext = lower(path.substr(path.find_last_of('.') == std::string::npos ? path.size() : path.find_last_of('.')));
  if (ext == ".xlsx") return read_xlsx(path);
  if (ext != ".csv" && ext != ".txt") return Error{"", "请使用 .csv 或 .xlsx 文件"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"", "无法读取文件"};
  std::error_code ec;
  if (uint64_t size = std::filesystem::file_size(path, ec); !ec && size > XlsxLimits{}.max_file_bytes)
    return Error{"", "文件有 " + std::to_string(size >> 20) + " MB，超过名单文件 " +
                           std::to_string(XlsxLimits{}.max_file_bytes >> 20) + " MB 的上限"};
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto text = to_utf8(bytes);
  if (!text.ok()) return Error{"", text.status().to_string()};
  return read_csv(text.value());
}

std::string group_for(const Contest& c, const std::string& text) {
  std::string t = trim(text);
  for (const Group& g : c.groups)
    if (t == g.key || t == g.name) return g.key;
  auto group_named = [&](const char* word) -> std::string {
    for (const Group& g : c.groups)
      if (g.name.find(word) != std::string::npos || g.key == (std::string(word) == "小学" ? "primary" : "secondary"))
        return g.key;
    return "";
  };
  // contest-file.md §4: kindergartens and special-education schools enter the primary group; the
  // vocational centre enters the secondary group.
  if (contains(t, {"小学", "幼儿园", "幼", "特教", "特殊教育", "primary"})) return group_named("小学");
  if (contains(t, {"中学", "初中", "高中", "职教", "职业", "中专", "secondary"})) return group_named("中学");
  // Short school names: "城关二小", "实验一中".
  auto ends_with = [&](const char* tail) {
    std::string x(tail);
    return t.size() >= x.size() && t.compare(t.size() - x.size(), x.size(), x) == 0;
  };
  if (ends_with("小")) return group_named("小学");
  if (ends_with("中")) return group_named("中学");
  return "";
}

namespace {

// The first cell of `cols` whose text is not plain text (person_text.h), as a reason naming
// its column: "B 列（学校）：第 2 个字符是控制字符 U+001B（终端转义序列的开头）".
std::optional<std::string> text_problem(const std::vector<std::string>& row,
                                        std::initializer_list<std::pair<int, const char*>> cols) {
  for (auto [col, label] : cols)
    if (auto p = person_text_problem(cell(row, col)))
      return column_letters(col + 1) + " 列（" + label + "）：" + *p;
  return std::nullopt;
}

}  // namespace

void read_contestants(const SheetTable& t, const Contest& c, std::vector<ContestantRow>& rows,
                      std::vector<RosterProblem>& problems) {
  const auto& h = t.rows[0];
  int name = column(h, {"姓名", "name", "选手姓名", "参赛教师", "教师姓名"});
  int school = column(h, {"学校", "school", "单位", "工作单位", "学校名称", "所在学校"});
  int group = column(h, {"组别", "group", "组", "参赛组别"});
  int phone = column(h, {"联系电话", "电话", "手机", "手机号", "phone", "mobile", "tel"});
  if (name < 0 || school < 0) {
    problems.push_back({t.lines[0], "表头需要有“姓名”和“学校”两列"});
    return;
  }
  std::set<std::pair<std::string, std::string>> seen;
  for (const Contestant& x : c.contestants) seen.insert({x.name, x.school});
  for (size_t i = 1; i < t.rows.size(); ++i) {
    const auto& r = t.rows[i];
    if (auto p = text_problem(r, {{name, "姓名"}, {school, "学校"}, {group, "组别"}, {phone, "联系电话"}})) {
      problems.push_back({t.lines[i], *p});
      continue;
    }
    ContestantRow row{t.lines[i], cell(r, name), cell(r, school), "", cell(r, phone)};
    if (row.name.empty()) {
      problems.push_back({row.line, "姓名为空"});
      continue;
    }
    if (row.school.empty()) {
      problems.push_back({row.line, row.name + " 的学校为空"});
      continue;
    }
    std::string g = group >= 0 ? cell(r, group) : "";
    row.group = group_for(c, g.empty() ? row.school : g);
    if (row.group.empty()) {
      std::string groups;  // what the 组别 column may say: this contest's groups
      for (const Group& x : c.groups) groups += (groups.empty() ? "" : "、") + x.name;
      problems.push_back({row.line, (g.empty() ? "无法从学校“" + row.school + "”判断组别"
                                               : "“" + g + "”不是本次比赛的组别") +
                                        "（可填：" + groups + "）"});
      continue;
    }
    if (!row.phone.empty() && row.phone.find_first_not_of("0123456789+- ") != std::string::npos) {
      problems.push_back({row.line, "“" + row.phone + "”不是电话号码"});
      continue;
    }
    if (!seen.insert({row.name, row.school}).second) {
      problems.push_back({row.line, row.name + "（" + row.school + "）重复出现"});
      continue;
    }
    rows.push_back(row);
  }
}

namespace {

// Why a judge's row repeats someone it may not (nullopt: it may). The same name and school on
// another venue's row is the same person on another panel, if that venue runs another round (a
// judge cannot sit in two rooms at once); anything else with the same name is refused.
std::optional<std::string> repeated_judge(
    const Contest& c, const JudgeRow& row, const std::set<std::string>& in_contest,
    std::map<std::string, std::pair<std::string, std::vector<std::string>>>& sheet) {
  if (in_contest.count(row.name)) return row.name + " 重复出现（比赛文件里已有这位评委）";
  auto [it, first] = sheet.try_emplace(row.name, row.school, std::vector<std::string>{row.venue});
  if (first) return std::nullopt;
  auto& [school, venues] = it->second;
  if (school != row.school) return row.name + " 重复出现（两行学校不同：如是两位老师，请在姓名后加以区分）";
  if (row.venue.empty() || std::count(venues.begin(), venues.end(), "") > 0)
    return row.name + " 重复出现（同一位评委在多个赛场时，每一行都要填写赛场）";
  int round = c.venues[size_t(find_venue(c, row.venue))].round;
  for (const std::string& v : venues) {
    int x = find_venue(c, v);
    if (v == row.venue) return row.name + " 重复出现（同一赛场两次）";
    if (c.venues[size_t(x)].round == round)
      return row.name + " 同时在" + venue_name(c, x) + "和" + venue_name(c, find_venue(c, row.venue)) +
             "（同一轮次的两个赛场不能由同一位评委兼任）";
  }
  venues.push_back(row.venue);
  return std::nullopt;
}

}  // namespace

void read_judges(const SheetTable& t, const Contest& c, std::vector<JudgeRow>& rows,
                 std::vector<RosterProblem>& problems) {
  const auto& h = t.rows[0];
  int name = column(h, {"姓名", "name", "评委姓名"});
  int school = column(h, {"学校", "school", "单位", "工作单位"});
  int venue = column(h, {"赛场", "venue", "场地", "考场"});
  int role = column(h, {"身份", "角色", "职务", "担任", "role"});
  if (name < 0) {
    problems.push_back({t.lines[0], "表头需要有“姓名”一列"});
    return;
  }
  std::set<std::string> seen;  // judges already in the contest
  for (const Judge& j : c.judges) seen.insert(j.name);
  // A judge of this sheet by name -> their school and the venues read so far: one person may sit
  // on panels of different rounds (issue 24 §8: a county with few judges), one row per panel.
  std::map<std::string, std::pair<std::string, std::vector<std::string>>> sheet_judges;
  for (size_t i = 1; i < t.rows.size(); ++i) {
    const auto& r = t.rows[i];
    if (auto p = text_problem(r, {{name, "姓名"}, {school, "学校"}, {venue, "赛场"}, {role, "身份"}})) {
      problems.push_back({t.lines[i], *p});
      continue;
    }
    JudgeRow row{t.lines[i], cell(r, name), cell(r, school), cell(r, venue)};
    if (row.name.empty()) {
      problems.push_back({row.line, "姓名为空"});
      continue;
    }
    const std::string said = role >= 0 ? cell(r, role) : "";
    if (said.empty() || said == "评委") row.role = "judge";
    else if (said == "裁判长") row.role = "head_judge";
    else if (said == "计时员" || said == "计时") row.role = "timekeeper";
    else if (said == "场务" || said == "备赛室" || said == "备赛室场务") row.role = "steward";
    else {
      problems.push_back({row.line, "“" + said + "”不是可填的身份（可填：评委、裁判长、计时员、场务）"});
      continue;
    }
    if ((row.role == "head_judge" || row.role == "timekeeper") && row.venue.empty()) {
      std::string names;
      for (size_t k = 0; k < c.venues.size(); ++k) names += (k ? "、" : "") + venue_name(c, int(k));
      problems.push_back({row.line, row.name + "是" + said + "，须填写赛场（可填：" + names + "）"});
      continue;
    }
    if (!row.venue.empty()) {  // by its name (as people call it) or its key
      int v = find_venue_by_name_or_key(c, row.venue);
      if (v < 0) {
        std::string names;
        for (size_t k = 0; k < c.venues.size(); ++k) names += (k ? "、" : "") + venue_name(c, int(k));
        problems.push_back({row.line, "“" + row.venue + "”不是本次比赛的赛场（可填：" + names + "）"});
        continue;
      }
      row.venue = c.venues[size_t(v)].key;
    }
    if (row.role == "judge") {
      if (auto p = repeated_judge(c, row, seen, sheet_judges)) {
        problems.push_back({row.line, *p});
        continue;
      }
    }
    rows.push_back(row);
  }
}

}  // namespace lf
