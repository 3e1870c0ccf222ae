// What the organizer's commands share: see organizer_shared.h.
#include "scoring/cli/organizer_shared.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "data/format/contest_file.h"
#include "scoring/engine/standings.h"

namespace lf::cli {

Result<Json> read_document(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path, "无法读取文件（文件是否存在？）"};
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_json(text);
}

std::optional<OpenedFile> open_contest_file(const std::string& path, std::ostream& err) {
  auto doc = read_document(path);
  if (!doc.ok()) {
    err << path << "：" << doc.status().to_string() << "\n";
    return std::nullopt;
  }
  auto file = load_contest_document(doc.value());
  if (!file.ok()) {
    err << path << "：比赛文件有误，未能读入：\n" << file.status().to_string() << "\n";
    return std::nullopt;
  }
  return OpenedFile{std::move(doc.value()), std::move(file->contest)};
}

// A roster file read as a table; errors are printed and nullopt returned.
std::optional<SheetTable> open_table(const std::string& path, std::ostream& err) {
  auto table = read_table_file(path);
  if (!table.ok()) {
    err << path << "：" << table.status().to_string() << "\n";
    return std::nullopt;
  }
  return std::move(table.value());
}

// Checks the changed document like any contest file, then replaces the file in one rename, so
// a refused or interrupted change leaves the old file as it was.
int save_document(const std::string& path, const Json& doc, std::ostream& err) {
  auto checked = load_contest_document(doc);
  if (!checked.ok()) {
    err << path << "：未改动，因为改动后的比赛文件会有以下问题：\n"
        << checked.status().to_string() << "\n";
    return kExitRefused;
  }
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << write_contest(doc);
    if (!out) {
      err << tmp << "：无法写入\n";
      return kExitRefused;
    }
  }
  std::filesystem::rename(tmp, path);
  return kExitOk;
}

// A round or group named on the command line by its key or its name ("prelim" or "小学组预赛").
int round_by_key_or_name(const Contest& c, const std::string& s) {
  if (int r = find_round(c, s); r >= 0) return r;
  for (size_t i = 0; i < c.rounds.size(); ++i)
    if (c.rounds[i].name == s) return int(i);
  return -1;
}
int group_by_key_or_name(const Contest& c, const std::string& s) {
  if (int g = find_group(c, s); g >= 0) return g;
  for (size_t i = 0; i < c.groups.size(); ++i)
    if (c.groups[i].name == s) return int(i);
  return -1;
}

// --advance N: a whole number of at least 1, or nullopt (and a message) otherwise.
std::optional<int> advance_option(const std::string& text, std::ostream& err) {
  char* end = nullptr;
  long n = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || n < 1 || n > 1000000) {
    err << "--advance 后面应是晋级人数（1 或以上的整数），而不是“" << text << "”\n";
    return std::nullopt;
  }
  return int(n);
}

// Active entrants of each group of round `r` (groups not in the round: 0).
std::vector<int> entrants_per_group(const Contest& c, int r) {
  ContestResult result = compute_results(c);
  std::vector<RoundStandings> earlier(result.rounds.begin(), result.rounds.begin() + r);
  std::vector<int> n(c.groups.size(), 0);
  for (int g : c.rounds[size_t(r)].groups)
    for (int x : entrants_of(c, earlier, r, g)) n[size_t(g)] += !c.contestants[size_t(x)].withdrawn;
  return n;
}

std::optional<OrganizerOptions> parse_organizer_options(const Args& args, std::ostream& err,
                                                        const char* usage) {
  OrganizerOptions o;
  for (size_t i = 0; i < args.size(); ++i) {
    auto next = [&]() -> std::string { return i + 1 < args.size() ? args[++i] : ""; };
    const std::string& a = args[i];
    if (a == "--contest")
      o.contest = next();
    else if (a == "--round")
      o.round = next();
    else if (a == "--group")
      o.group = next();
    else if (a == "--seed")
      o.seed = next();
    else if (a == "--manual")
      o.manual = next();
    else if (a == "--name")
      o.name = next();
    else if (a == "--date")
      o.date = next();
    else if (a == "--organizer")
      o.organizer = next();
    else if (a == "--advance")
      o.advance = next();
    else if (a == "--server")
      o.server = next();
    else if (a == "--code")
      o.code = next();
    else if (a == "--reason")
      o.reason = next();
    else if (a == "--skip-bad")
      o.skip_bad = true;
    else if (a == "--redraw")
      o.redraw = true;
    else if (a.rfind("--", 0) != 0 && o.positional.empty())
      o.positional = a;
    else {
      err << usage;
      return std::nullopt;
    }
  }
  return o;
}

std::optional<OrganizerSession> organizer_session(const std::string& server,
                                                  const std::string& code, std::ostream& err) {
  auto address = parse_server_address(server);
  if (!address.ok()) {
    err << "--server：" << address.status().to_string() << "\n";
    return std::nullopt;
  }
  // The server's certificate is pinned on first contact, in the same folder as the consoles'.
  const char* xdg = std::getenv("XDG_DATA_HOME");
  const char* home = std::getenv("HOME");
  std::string dir =
      (xdg && *xdg ? std::string(xdg) : std::string(home ? home : ".") + "/.local/share") +
      "/liangfen";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  OrganizerSession s{
      std::make_unique<ApiClient>(with_pin_file(address.value(), dir + "/cli-server-pins.json")),
      {}};
  s.api->set_timeout_s(30);  // a draw or an advancement recomputes the standings
  ApiAnswer login = s.api->login(code);
  if (!login.ok()) {
    err << "未能登录 " << address->text() << "：" << login.message() << "\n";
    return std::nullopt;
  }
  if (login.body.value("role", "") != "organizer") {
    err << "这个登录码不是组委会的（抽签和确认晋级只能由组委会操作）\n";
    return std::nullopt;
  }
  ApiAnswer state = s.api->get("/api/state");
  if (!state.ok()) {
    err << "未能读取比赛状态：" << state.message() << "\n";
    return std::nullopt;
  }
  s.state = std::move(state.body);
  return s;
}

// A round or group of the server's state by key or name; "" when none.
std::string key_of(const Json& list, const std::string& key_or_name) {
  for (const Json& x : list)
    if (x.value("key", "") == key_or_name || x.value("name", "") == key_or_name)
      return x.value("key", "");
  return "";
}
std::string name_of(const Json& list, const std::string& key) {
  for (const Json& x : list)
    if (x.value("key", "") == key) return x.value("name", key);
  return key;
}
std::string names_in(const Json& list) {
  std::string out;
  for (const Json& x : list) out += (out.empty() ? "" : "、") + x.value("name", "");
  return out;
}

}  // namespace lf::cli
