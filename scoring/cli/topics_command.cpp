// liangfen import-topics: a topic bank as a school made it (which column holds the topics), into
// the contest file or onto a running server; and whether the bank will last its rounds.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "data/format/contest_file.h"
#include "data/roster/roster.h"
#include "scoring/cli/organizer_shared.h"

namespace lf::cli {

namespace {

// ---- Which column of a topic bank table holds the topics ----
// A bank comes as a school made it: `序号,案例名称,案例内容`, `题号,题目`, a bare column of
// topics. The rule, as the usage text says: a first row whose short cells name columns (题目,
// 内容, 案例, 序号 ...) or that has words above a column of numbers is the header; the text
// column is the one named by --column, else among the columns that are not all numbers the one
// whose header says 内容 (a case's text is what the contestant answers, its name alone is not),
// then 题目/主题/案例/名称, else the only or the first such column. A column of numbers is refused.

size_t char_count(const std::string& s) {
  size_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
  return n;
}

std::string trimmed(std::string t) {
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
  size_t b = t.find_first_not_of(" \t");
  return b == std::string::npos ? "" : t.substr(b);
}

// "12", "3.", "4、", "（5）", "6.5": a number or a numbering, not a topic.
bool is_number_cell(const std::string& raw) {
  std::string t = trimmed(raw);
  for (const char* wrap : {"（", "("})
    if (t.rfind(wrap, 0) == 0) t = t.substr(std::strlen(wrap));
  for (const char* tail : {"）", ")", "、", "。", "."})
    if (t.size() > std::strlen(tail) &&
        t.compare(t.size() - std::strlen(tail), std::string::npos, tail) == 0)
      t = t.substr(0, t.size() - std::strlen(tail));
  if (t.empty()) return false;
  bool digit = false, dot = false;
  for (char ch : t) {
    if (ch >= '0' && ch <= '9')
      digit = true;
    else if (ch == '.' && !dot)
      dot = true;
    else
      return false;
  }
  return digit;
}

const std::vector<const char*> kHeaderWords = {"序号",  "编号", "题号", "题目", "主题",
                                               "内容",  "案例", "名称", "标题", "topic",
                                               "Topic", "case", "Case"};

bool mentions(const std::string& cell, const std::vector<const char*>& words) {
  for (const char* w : words)
    if (cell.find(w) != std::string::npos) return true;
  return false;
}

// A column's name: a few characters ending in a word that names columns ("序号", "案例内容",
// "班会主题"), not a topic that happens to hold one ("以诚信为主题的班会").
bool names_a_column(const std::string& cell) {
  if (char_count(cell) > 5) return false;
  for (const char* w : kHeaderWords) {
    size_t n = std::strlen(w);
    if (cell.size() >= n && cell.compare(cell.size() - n, n, w) == 0) return true;
  }
  return false;
}

struct TopicColumn {
  bool header = false;
  int column = -1;      // -1: none found
  std::string name;     // the header's name of the column, or "第 N 列"
  std::string refusal;  // why nothing can be imported
};

std::string column_label(const std::vector<std::vector<std::string>>& rows, bool header,
                         size_t col) {
  std::string h = header && col < rows[0].size() ? trimmed(rows[0][col]) : "";
  return h.empty() ? "第 " + std::to_string(col + 1) + " 列" : "“" + h + "”";
}

// "“案例内容”一列", "第 2 列": a column as a sentence names it.
std::string column_phrase(const std::string& label) {
  return label.rfind("第", 0) == 0 ? label : label + "一列";
}

TopicColumn find_topic_column(const std::vector<std::vector<std::string>>& rows,
                              const std::string& wanted) {
  TopicColumn out;
  size_t width = 0;
  for (const auto& r : rows) width = std::max(width, r.size());
  auto numbers_only = [&](size_t col, size_t from) {
    bool any = false;
    for (size_t r = from; r < rows.size(); ++r) {
      std::string v = col < rows[r].size() ? trimmed(rows[r][col]) : "";
      if (v.empty()) continue;
      if (!is_number_cell(v)) return false;
      any = true;
    }
    return any;
  };
  // The header: short cells that name columns, or words above a column of numbers.
  for (size_t col = 0; col < rows[0].size() && !out.header; ++col) {
    std::string h = trimmed(rows[0][col]);
    if (h.empty()) continue;
    if (names_a_column(h) || (!is_number_cell(h) && numbers_only(col, 1))) out.header = true;
  }
  if (!wanted.empty() && !out.header)
    out.header = true;  // --column names a column of the first row
  size_t from = out.header ? 1 : 0;
  std::string all_columns;
  for (size_t col = 0; col < width; ++col)
    all_columns += (all_columns.empty() ? "" : "、") + column_label(rows, out.header, col);
  if (!wanted.empty()) {
    for (size_t col = 0; col < rows[0].size(); ++col)
      if (trimmed(rows[0][col]) == trimmed(wanted)) out.column = int(col);
    if (out.column < 0) {
      out.refusal = "第一行没有“" + wanted + "”这一列（第一行的列：" + all_columns + "）";
      return out;
    }
  } else {
    std::vector<size_t> text_columns;
    for (size_t col = 0; col < width; ++col) {
      bool any = false;
      for (size_t r = from; r < rows.size(); ++r)
        any |= col < rows[r].size() && !trimmed(rows[r][col]).empty();
      if (any && !numbers_only(col, from)) text_columns.push_back(col);
    }
    auto header_of = [&](size_t col) {
      return out.header && col < rows[0].size() ? trimmed(rows[0][col]) : "";
    };
    static const std::vector<std::vector<const char*>> kPreferred = {
        {"内容", "content", "Content"},
        {"题目", "主题", "案例", "名称", "标题", "topic", "Topic", "case", "Case"}};
    for (const auto& words : kPreferred)
      for (size_t col : text_columns)
        if (out.column < 0 && mentions(header_of(col), words)) out.column = int(col);
    if (out.column < 0 && !text_columns.empty()) out.column = int(text_columns.front());
    if (out.column < 0) {
      out.refusal = "找不到题目所在的列：" + all_columns + "都是数字或空的";
      return out;
    }
  }
  out.name = column_label(rows, out.header, size_t(out.column));
  if (numbers_only(size_t(out.column), from)) {
    std::string others;
    for (size_t col = 0; col < width; ++col)
      if (int(col) != out.column && !numbers_only(col, from))
        others += (others.empty() ? "" : "、") + column_label(rows, out.header, col);
    std::string example;
    for (size_t r = from; r < rows.size() && example.empty(); ++r)
      if (size_t(out.column) < rows[r].size()) example = trimmed(rows[r][size_t(out.column)]);
    out.refusal = column_phrase(out.name) + "全是数字（如 " + example + "），不是题目" +
                  (others.empty() ? "" : "；题目可能在" + others + "，请用 --column 列名 指明");
    out.column = -1;
  }
  return out;
}

// "如何开好第一次家长会……" : a topic cut to `n` characters for the preview.
std::string preview_of(const std::string& t, size_t n) {
  if (char_count(t) <= n) return t;
  size_t chars = 0, i = 0;
  for (; i < t.size(); ++i)
    if ((static_cast<unsigned char>(t[i]) & 0xC0) != 0x80 && chars++ == n) break;
  return t.substr(0, i) + "……";
}

// import-topics --server: each topic sent as one request (POST /api/topics/add); one the bank
// already holds is counted, not an error. Stops at the first other refusal, saying how many
// went in before it.
int add_topics_on_server(OrganizerSession& session, const std::string& file,
                         const std::string& source, const std::string& section,
                         const std::vector<std::string>& topics, std::ostream& out,
                         std::ostream& err) {
  const std::string section_name = name_of(session.state["sections"], section);
  size_t added = 0, already = 0;
  for (const std::string& t : topics) {
    ApiAnswer a = session.api->post("/api/topics/add", {{"section", section}, {"topic", t}});
    if (a.ok()) {
      ++added;
    } else if (a.refusal().kind() == ErrorKind::conflict && a.body.value("field", "") == "topic") {
      // The one conflict on the topic itself: the bank holds it already (live_rules.cpp).
      ++already;
    } else {
      err << "第 " << added + already + 1 << " 道题未加入：" << a.message() << "（此前已加入 "
          << added << " 道）\n";
      return kExitRefused;
    }
  }
  ApiAnswer now = session.api->get("/api/state");
  int64_t bank = now.body.value("topic_banks", Json::object()).value(section, int64_t{0});
  out << "从" << file << "的" << source << "读到 " << topics.size() << " 道题";
  if (already) out << "（其中 " << already << " 道题库里已有）";
  out << "，已向服务器上的" << section_name << "题库加入 " << added << " 道题（题库共 " << bank
      << " 道，服务器已记录，备赛室下一次抽题即可抽到）\n";
  return kExitOk;
}

// The topics of a bank file as they are (not yet trimmed): a text file's lines, or a table's
// topic column (find_topic_column); `source` says where they came from ("每一行", "“内容”一列").
// kExitOk, or why not (printed).
int read_topics(const std::string& file, const std::string& column,
                std::vector<std::string>& topics, std::string& source, std::ostream& err) {
  std::string ext = file.substr(
      file.find_last_of('.') == std::string::npos ? file.size() : file.find_last_of('.'));
  if (ext == ".csv" || ext == ".xlsx") {
    auto table = open_table(file, err);
    if (!table) return kExitRefused;
    const auto& rows = table->rows;
    if (rows.empty()) {
      err << file << "：文件是空的，没有题目\n";
      return kExitRefused;
    }
    TopicColumn col = find_topic_column(rows, column);
    if (col.column < 0) {
      err << file << "：未导入：" << col.refusal << "\n";
      return kExitRefused;
    }
    source = column_phrase(col.name);
    for (size_t r = col.header ? 1 : 0; r < rows.size(); ++r)
      if (size_t(col.column) < rows[r].size()) topics.push_back(rows[r][size_t(col.column)]);
  } else {
    if (!column.empty()) {
      err << "--column 只用于 CSV 或 XLSX 表格；文本文件每行一道题\n";
      return kExitUsage;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      err << file << "：无法读取文件\n";
      return kExitRefused;
    }
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto text = to_utf8(bytes);
    if (!text.ok()) {
      err << file << "：" << text.status().to_string() << "\n";
      return kExitRefused;
    }
    std::stringstream lines(text.value());
    for (std::string line; std::getline(lines, line);) topics.push_back(line);
  }
  return kExitOk;
}

}  // namespace

// How many teachers will draw from `section`'s bank in each round that has the section, as
// known before the day, when that is more than the bank holds (issue 24 §7: the 13th of 32
// finalists got 题目在本轮已全部抽完 with nothing said before). A round's draws share one bank
// across its groups (live_rules.cpp: a topic drawn in a round is gone for the round). A group
// entering from an earlier round counts that round's advance quota; otherwise its registered
// teachers not withdrawn.
std::vector<std::string> bank_shortfalls(const Contest& c, int section, size_t bank) {
  std::vector<std::string> lines;
  for (const Round& r : c.rounds) {
    if (std::find(r.sections.begin(), r.sections.end(), section) == r.sections.end()) continue;
    size_t drawers = 0;
    std::string groups;
    for (int g : r.groups) {
      size_t n = 0;
      auto from = r.entrants_from.find(g);
      if (from != r.entrants_from.end() && c.rounds[size_t(from->second)].advance) {
        n = size_t(*c.rounds[size_t(from->second)].advance);
      } else {
        for (const Contestant& ct : c.contestants) n += ct.group == g && !ct.withdrawn;
      }
      drawers += n;
      groups += (groups.empty() ? "" : "、") + c.groups[size_t(g)].name + " " + std::to_string(n);
    }
    if (drawers <= bank) continue;
    lines.push_back("注意：" + c.sections[size_t(section)].name + "题库共 " + std::to_string(bank) +
                    " 道，" + r.name + "有 " + std::to_string(drawers) + " 名选手要抽（" + groups +
                    "），从第 " + std::to_string(bank + 1) + " 位起将抽不到题：请再导入至少 " +
                    std::to_string(drawers - bank) + " 道");
  }
  return lines;
}

int import_topics_command(const Args& args, std::ostream& out, std::ostream& err) {
  const char* usage =
      "用法：liangfen import-topics 题库.txt|题库.csv|题库.xlsx --contest 比赛文件.contest.json "
      "--section 环节\n"
      "                             [--column 列名]\n"
      "  文本文件每行一个班会主题或答辩案例。\n"
      "  CSV 或 XLSX：第一行是列名时（如“序号,案例名称,案例内容”）跳过它；导入 --column "
      "指明的列，\n"
      "  不指明时在不全是数字的列中取列名含“内容”的一列（如“案例内容”），其次含“题目”“主题”“案例”\n"
      "  “名称”的一列，再次是唯一或第一个这样的列。全是数字的列（如“序号”）不会被当作题目。\n"
      "  环节填名称或代号均可（如 主题班会）\n"
      "比赛当天向运行中的服务器的题库加题（记入服务器，备赛室下一次抽题即可抽到）：\n"
      "  liangfen import-topics 题库文件 --server https://服务器:8080 --code 组委会登录码 "
      "--section 环节\n";
  std::string file, contest, section, column, server, code;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--contest" && i + 1 < args.size())
      contest = args[++i];
    else if (args[i] == "--section" && i + 1 < args.size())
      section = args[++i];
    else if (args[i] == "--column" && i + 1 < args.size())
      column = args[++i];
    else if (args[i] == "--server" && i + 1 < args.size())
      server = args[++i];
    else if (args[i] == "--code" && i + 1 < args.size())
      code = args[++i];
    else if (file.empty() && args[i].rfind("--", 0) != 0)
      file = args[i];
    else {
      err << usage;
      return kExitUsage;
    }
  }
  if (file.empty() || section.empty() || contest.empty() == server.empty() ||
      server.empty() != code.empty()) {
    err << usage;
    return kExitUsage;
  }
  std::optional<OpenedFile> opened;
  std::optional<OrganizerSession> session;
  int sec = -1;
  if (!server.empty()) {
    session = organizer_session(server, code, err);
    if (!session) return kExitRefused;
    std::string key = key_of(session->state["sections"], section);
    if (key.empty()) {
      err << "本次比赛没有“" << section << "”这个环节（可填："
          << names_in(session->state["sections"]) << "）\n";
      return kExitRefused;
    }
    section = key;
  } else {
    opened = open_contest_file(contest, err);
    if (!opened) return kExitRefused;
    const Contest& c = opened->contest;
    sec = find_section(c, section);
    for (size_t i = 0; sec < 0 && i < c.sections.size(); ++i)
      if (c.sections[i].name == section) sec = int(i);
    if (sec < 0) {
      err << "本次比赛没有“" << section << "”这个环节（可填：" << choices(c.sections) << "）\n";
      return kExitRefused;
    }
    section = c.sections[size_t(sec)].key;  // the bank is kept under the key, as the file has it
  }
  std::vector<std::string> topics;
  std::string source = "每一行";
  if (int rc = read_topics(file, column, topics, source, err); rc != kExitOk) return rc;
  std::vector<std::string> clean;
  for (const std::string& t : topics)
    if (std::string x = trimmed(t); !x.empty()) clean.push_back(x);
  if (!clean.empty() && std::all_of(clean.begin(), clean.end(), is_number_cell)) {
    err << file << "：未导入：" << source << "全是数字（如 " << clean.front() << "），不是题目\n";
    return kExitRefused;
  }
  if (session) return add_topics_on_server(*session, file, source, section, clean, out, err);
  const Contest& c = opened->contest;
  Json& d = opened->doc;
  if (!d.contains("topics") || !d["topics"].is_object()) d["topics"] = Json::object();
  Json& bank = d["topics"][section];
  if (!bank.is_array()) bank = Json::array();
  std::vector<std::string> added;
  for (const std::string& t : clean) {
    if (std::find(bank.begin(), bank.end(), t) != bank.end()) continue;  // once in the bank
    bank.push_back(t);
    added.push_back(t);
  }
  if (int rc = save_document(contest, d, err); rc != kExitOk) return rc;
  // What was taken, so a wrong column is seen at once: the count and the first few.
  out << "从" << file << "的" << source << "读到 " << clean.size() << " 道题";
  if (added.size() < clean.size())
    out << "（其中 " << clean.size() - added.size() << " 道题库里已有）";
  out << "，前几道：\n";
  for (size_t i = 0; i < clean.size() && i < 3; ++i)
    out << "  " << i + 1 << ". " << preview_of(clean[i], 40) << "\n";
  out << "已向" << c.sections[size_t(sec)].name << "题库加入 " << added.size() << " 道题（题库共 "
      << bank.size() << " 道）\n";
  for (const std::string& line : bank_shortfalls(c, sec, bank.size())) out << line << "\n";
  return kExitOk;
}

}  // namespace lf::cli
