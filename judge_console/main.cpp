// liangfen-console: the judges' tablet program (judge, head judge, timekeeper; the login code
// decides). Wiring only: options, the app shell, the network client, the panels.
#include <imgui.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "judge_console/console_client.h"
#include "judge_console/panels/console_glyphs.h"
#include "judge_console/panels/panel.h"
#include "app_shell/app_shell.h"
#include "scoring/client/join_link.h"
#include "scoring/client/lan_browser.h"
#include "scoring/protocol/protocol.h"

namespace {

volatile std::sig_atomic_t stop_requested = 0;
void on_signal(int) { stop_requested = 1; }

int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

int usage() {
  std::cerr
      << "用法 / usage: liangfen-console [--server https://HOST:8080] [--fullscreen]\n"
         "       liangfen-console --screenshot FILE.png --size 1280x800 --server URL [--code "
         "CODE]\n"
         "                        [--history CONTESTANT]  (the organizer's 查分 of one "
         "contestant)\n"
         "                        [--manual-order ROUND/GROUP]  (the organizer's 手动排序 open)\n"
         "                        [--type 27.5] [--timer-ms 287000]\n";
  return 1;
}

std::string settings_path() { return lf::console_data_dir() + "/console.json"; }

std::string remembered_server() {
  std::ifstream in(settings_path());
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  lf::Json j = lf::Json::parse(text, nullptr, false);
  return j.is_object() ? j.value("server", "") : "";
}

void remember_server(const std::string& server) {
  std::filesystem::create_directories(lf::console_data_dir());
  std::ofstream(settings_path(), std::ios::trunc) << lf::Json{{"server", server}}.dump();
}

}  // namespace

static int console_main(int argc, char** argv) {
  using namespace lf;
  ShellOptions opt;
  opt.title = "亮分 · 评委终端";
  opt.width = 1280, opt.height = 800;  // a 10-inch tablet
  std::string server = remembered_server(), code, type, history, manual_order;
  int64_t timer_ms = -1;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--server") server = next();
    else if (a == "--code") code = next();
    else if (a == "--fullscreen") opt.fullscreen = true;
    else if (a == "--screenshot") opt.screenshot_path = next();
    else if (a == "--type") type = next();
    else if (a == "--timer-ms") timer_ms = std::atoll(next().c_str());
    else if (a == "--history") history = next();  // the organizer's 查分 of this contestant
    else if (a == "--manual-order")
      manual_order = next();  // ROUND/GROUP: 手动排序 open, as pressed
    else if (a == "--size") {
      if (std::sscanf(next().c_str(), "%dx%d", &opt.width, &opt.height) != 2) return usage();
    } else return usage();
  }
  if (server.empty()) server = "https://127.0.0.1:8080";
  const bool screenshot = !opt.screenshot_path.empty();

  auto shell_result = AppShell::open(opt);
  if (!shell_result.ok()) {
    std::cerr << "liangfen-console: " << shell_result.status().to_string() << "\n";
    return 2;
  }
  AppShell& shell = *shell_result.value();
  ImGuiStyle& style = ImGui::GetStyle();
  style.FrameRounding = 8;
  style.ItemSpacing = ImVec2(12, 10);
  style.FramePadding = ImVec2(14, 10);
  style.WindowPadding = ImVec2(18, 14);

  std::unique_ptr<ConsoleClient> client;
  std::string client_server;
  auto connect = [&](const std::string& text) -> bool {
    auto addr = parse_server_address(text);
    if (!addr.ok()) return false;
    if (client && client_server == addr->text()) return true;
    if (client) client->stop();
    client = std::make_unique<ConsoleClient>(addr.value(), console_data_dir(), [&shell] { shell.wake(); });
    client_server = addr->text();
    client->start();
    return true;
  };
  if (!connect(server)) {
    std::cerr << "liangfen-console: \"" << server << "\" is not a server address\n";
    return 1;
  }
  ConsoleUi ui;
  ui.server_text = server;
  if (!code.empty()) {
    ui.code = code;
    client->login(code);
  }
  if (screenshot && !code.empty()) {  // wait for the login and the first view, then draw
    for (int i = 0; i < 200 && !(client->status().logged_in && client->view()); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (!client->view()) {
      std::cerr << "liangfen-console: no view from " << server << ": " << client->status().message << "\n";
      return 2;
    }
  }
  if (screenshot && !history.empty() && client->view()) {  // the history shown, as after 查看记录
    int id = client->fetch("/api/history?contestant=" + history);
    std::optional<Json> body;
    for (int i = 0; i < 200 && !(body = client->take_fetched(id)) && client->in_flight(id); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (!body) body = client->take_fetched(id);
    if (body) show_history_answer(ui.history, *body);
    const auto& people = client->view()->contestants;
    for (size_t i = 0; i < people.size(); ++i)
      if (people[i].first == history) ui.history.choice = int(i);
  }
  if (screenshot && !manual_order.empty() &&
      client->view()) {  // 手动排序 pressed, the second moved up
    for (const RoundStep& step : client->view()->round_steps)
      if (step.done && step.round + "/" + step.group == manual_order) {
        ui.draw_edit = begin_draw_edit(step, DrawEdit::Mode::kManual);
        move_in_order(ui.draw_edit.order, 1, -1);
        ui.draw_edit.reason = 0;
      }
  }
  // What the panels draw: the client's latest view with every character above U+FFFF (which
  // this ImGui cannot index) written as its stand-in, baked by the shell from a font that has
  // it; one no font has reads [U+20000]. Made once per new view, on the UI thread.
  std::shared_ptr<const ConsoleView> last_raw, last_drawable;
  auto current_view = [&]() {
    auto raw = client->view();
    if (raw != last_raw) {
      last_raw = raw;
      last_drawable = raw ? std::make_shared<const ConsoleView>(drawable_view(*raw)) : nullptr;
    }
    return last_drawable;
  };
  // The status line's and the login panel's messages may quote the server (a name in a
  // refusal): drawn, and baked, the same way.
  auto drawable_status = [&]() {
    ConsoleStatus st = client->status();
    st.message = drawable_text(st.message);
    return st;
  };
  // Servers announced on the LAN, for the login screen (none without an avahi-daemon: then the
  // address is typed, as before). Browsed on Avahi's own thread from now until the end.
  std::string no_browsing;
  std::unique_ptr<LanBrowser> lan = make_avahi_browser(&no_browsing);
  if (!no_browsing.empty()) std::cerr << "liangfen-console: " << no_browsing << "\n";
  std::vector<FoundServer> found;
  // A screenshot of the login screen shows what a person sees after a moment: the servers
  // announced on the LAN have had up to 2 s to be resolved.
  for (int i = 0; i < 40 && screenshot && code.empty() && no_browsing.empty() && lan->found().empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  // A remembered login checked at start: a screenshot shows its outcome (the login screen says
  // why a login ended) after up to 2 s, as a person would see it.
  for (int i = 0; i < 40 && screenshot && code.empty() && client->status().message.empty() &&
                  !client->status().logged_in;
       ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  // The venue's join link for the organizer's screen, made again when the server changes.
  std::string join_for, join_link;
  std::optional<QrMatrix> join_qr;
  const ConsoleStrings& strings = console_strings();
  GlyphSet glyphs, digits;
  digits.add("—");
  float built_height = 0;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  int rc = shell.run(
      [&](const FrameInfo& f) {
        auto view = current_view();
        size_t before = glyphs.size();
        collect_console_glyphs(strings, view.get(), glyphs);
        glyphs.add(drawable_status().message);
        for (const Toast& t : ui.toasts) glyphs.add(t.text);
        glyphs.add(history_glyph_text(ui.history));
        // What the organizer types into the roster's fields: baked as it is typed.
        glyphs.add(ui.roster.name + ui.roster.school + ui.roster.sub_name + ui.roster.sub_school +
                   ui.roster.topic);
        // Names as the servers announce them: drawable, and baked before they are drawn.
        found = server_choices(lan->found(), protocol::kApiVersion);
        for (FoundServer& f : found) glyphs.add(f.name = drawable_text(f.name));
        if (glyphs.size() != before || f.height != built_height) {
          float h = f.height;
          auto st = shell.build_fonts(glyphs, {{std::max(18.0f, std::round(h * 0.034f)), false, nullptr},
                                               {std::max(24.0f, std::round(h * 0.05f)), true, nullptr},
                                               {std::max(48.0f, std::round(h * 0.2f)), true, &digits}});
          if (!st.ok()) {
            std::cerr << "liangfen-console: " << st.to_string() << "\n";
            shell.request_close();
          }
          built_height = f.height;
        }
      },
      [&](const FrameInfo& f) -> double {
        if (stop_requested) shell.request_close();
        PanelContext c;
        c.client = client.get();
        auto view = current_view();
        c.view = view.get();
        c.status = drawable_status();
        c.ui = &ui;
        c.fonts = {shell.font(0), shell.font(1), shell.font(2)};
        c.s = &strings;
        c.width = f.width, c.height = f.height;
        c.time_s = f.time_s;
        c.now_ms = wall_ms();
        c.server_now_ms = c.now_ms + client->server_clock_offset_ms();
        if (join_for != client_server) {
          join_for = client_server;
          join_qr.reset();
          join_link = venue_join_link(client->server()).value_or("");
          if (auto m = encode_qr(join_link); !join_link.empty() && m.ok()) join_qr = std::move(m.value());
        }
        c.join_qr = join_qr ? &*join_qr : nullptr;
        c.join_link = join_link;
        c.found_servers = found;
        if (!c.fonts.huge) return 0.1;
        for (const ActionResult& r : client->take_results())
        {
          char buf[512];
          if (!r.ok) std::snprintf(buf, sizeof buf, strings.failed, r.message.c_str());
          else if (!r.message.empty()) std::snprintf(buf, sizeof buf, strings.saved_to, r.message.c_str());
          else std::snprintf(buf, sizeof buf, "%s", strings.done);
          ui.toasts.push_back({drawable_text(buf), r.ok, f.time_s + (r.ok && r.message.empty() ? 2 : 6)});
        }
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(f.width, f.height));
        ImGui::Begin("console", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                              ImGuiWindowFlags_NoBringToFrontOnFocus);
        ImGui::PushFont(c.fonts.body);
        bool logged_in = c.status.logged_in && view;
        if (!logged_in) {
          draw_login(c);
          if (ui.server_text != server && parse_server_address(ui.server_text).ok()) {
            server = ui.server_text;
            connect(server);
            remember_server(server);
          }
        } else {
          draw_status_bar(c);
          if (view->role == "judge") draw_judge(c);
          else if (view->role == "head_judge") draw_head_judge(c);
          else if (view->role == "organizer") draw_organizer(c);
          else if (view->role == "steward") draw_steward(c);
          else if (view->role == "timekeeper") {
            // A clock already some way in, for the screenshot (the server holds none: it is the
            // tablet's own count, as when offline).
            if (screenshot && timer_ms >= 0 && !ui.clock.running() && ui.clock.elapsed_ms(c.now_ms) == 0)
              (void)ui.clock.start(c.now_ms - timer_ms);
            draw_timekeeper(c);
          } else {
            char buf[160];
            std::snprintf(buf, sizeof buf, strings.role_not_here, strings.display_role);
            ImGui::TextUnformatted(buf);
          }
          if (MarkEntry* typed = ui.typed(); screenshot && !type.empty() && typed && typed->text().empty())
            for (char ch : type) ch == '.' ? typed->press_point() : typed->press_digit(ch - '0');
        }
        ImGui::PopFont();
        draw_toasts(c);
        ImGui::End();
        // The timekeeper's running clock and the steward's countdown change every second.
        if (ui.clock.running()) return 0.05;
        if (view && view->role == "steward" && !view->topic_draws.empty()) return 0.5;
        return ui.toasts.empty() ? 1.0 : 0.25;
      });
  client->stop();
  return rc;
}

// The exception barrier of the program: an exception that escaped everything else ends the
// console with a message instead of std::terminate. The outbox is on disk; nothing typed is
// lost, and the judge restarts the console.
int main(int argc, char** argv) {
  try {
    return console_main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, lf::console_strings().stopped_unexpectedly, e.what());
  } catch (...) {
    std::fprintf(stderr, lf::console_strings().stopped_unexpectedly, "");
  }
  return 3;
}
