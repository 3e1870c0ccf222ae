// liangfen-display: the projection display. Wiring only: options, the snapshot source (the
// server, or the demo), the app shell, the controller, the scenes.
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <thread>

#include "data/format/resource_files.h"
#include "display/display_controller.h"
#include "display/display_feed.h"
#include "display/glyphs.h"
#include "display/scene_layout.h"
#include "scoring/client/join_link.h"
#include "app_shell/app_shell.h"

namespace {

int usage() {
  std::cerr << "用法 / usage:\n"
               "  liangfen-display --server https://HOST:8080 [--code CODE] [--name main]\n"
               "                   [--fullscreen] [--monitor N] [--no-join-qr]\n"
               "  liangfen-display --screenshot FILE.png --scene leaderboard|stage|reveal|awards\n"
               "                   [--size 1920x1080] [--server URL --code CODE] [--board N]\n"
               "                   [--awards-step N] [--theme dark|light]\n"
               "                   [--shot-delay-ms N]  (the picture N ms after the first one: a\n"
               "                   login ended meanwhile shows its banner)\n"
               "Without --server it shows the bundled sample contest (demo).\n"
               "The display's login code may also come from LF_DISPLAY_CODE.\n"
               "Between contestants the stage scene shows the server's join QR code (--no-join-qr: not).\n";
  return 1;
}

volatile std::sig_atomic_t stop_requested = 0;
void on_signal(int) { stop_requested = 1; }

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace lf;
  ShellOptions shell_opt;
  shell_opt.title = "亮分 · 大屏";
  shell_opt.width = 1600, shell_opt.height = 900;
  std::string server, code, scene_name = "leaderboard", theme_name = "dark", name = "main";
  int board = 0, awards_step = 99;
  bool join_qr_wanted = true;
  std::optional<double> at;
  int shot_delay_ms = 0;
  if (const char* env = std::getenv("LF_DISPLAY_CODE")) code = env;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--server") server = next();
    else if (a == "--code") code = next();
    else if (a == "--name") name = next();
    else if (a == "--fullscreen") shell_opt.fullscreen = true;
    else if (a == "--no-join-qr") join_qr_wanted = false;
    else if (a == "--monitor") shell_opt.monitor = std::atoi(next().c_str());
    else if (a == "--screenshot") shell_opt.screenshot_path = next();
    else if (a == "--scene") scene_name = next();
    else if (a == "--theme") theme_name = next();
    else if (a == "--board") board = std::atoi(next().c_str());
    else if (a == "--awards-step") awards_step = std::atoi(next().c_str());
    else if (a == "--at") at = std::atof(next().c_str());
    else if (a == "--shot-delay-ms") shot_delay_ms = std::atoi(next().c_str());
    else if (a == "--size") {
      std::string v = next();
      if (std::sscanf(v.c_str(), "%dx%d", &shell_opt.width, &shell_opt.height) != 2) return usage();
    } else return usage();
  }
  const std::map<std::string, Scene> scenes = {{"leaderboard", Scene::kLeaderboard}, {"stage", Scene::kStage},
                                               {"reveal", Scene::kReveal}, {"awards", Scene::kAwards}};
  if (!scenes.count(scene_name)) return usage();
  const bool screenshot = !shell_opt.screenshot_path.empty();
  shell_opt.title += " · " + name;

  // The snapshot source.
  std::unique_ptr<LiveFeed> feed;
  std::shared_ptr<const DisplaySnapshot> demo;
  std::string join_link;
  std::optional<QrMatrix> join_qr;
  auto shell_result = AppShell::open(shell_opt);
  if (!shell_result.ok()) {
    std::cerr << "liangfen-display: " << shell_result.status().to_string() << "\n";
    return 2;
  }
  AppShell& shell = *shell_result.value();
  if (!server.empty()) {
    auto addr = parse_server_address(server);
    if (!addr.ok()) {
      std::cerr << "liangfen-display: " << addr.status().to_string() << "\n";
      return 1;
    }
    if (code.empty()) {
      std::cerr << "liangfen-display: a display login code is needed (--code, or LF_DISPLAY_CODE);\n"
                   "  the organizer prints them with: liangfen credentials --db contest.db\n";
      return 1;
    }
    // The server's certificate is pinned per address (trust on first use), beside the console's.
    const char* xdg = std::getenv("XDG_DATA_HOME");
    const char* home = std::getenv("HOME");
    std::string data_dir = (xdg && *xdg ? std::string(xdg) : std::string(home ? home : ".") + "/.local/share") + "/liangfen";
    if (!addr->tls)
      std::cerr << "liangfen-display: WARNING: " << addr->text()
                << " is plain HTTP (not encrypted): use it only on a trusted wired network\n";
    // The venue's join link as the tablets reach this server (a loopback --server becomes this
    // machine's LAN address), for the stage scene between contestants.
    if (join_qr_wanted)
      if (auto link = venue_join_link(addr.value()))
        if (auto m = encode_qr(*link); m.ok()) join_link = *link, join_qr = std::move(m.value());
    feed = std::make_unique<LiveFeed>(with_pin_file(addr.value(), data_dir + "/display-server-pins.json"), code,
                                      name, [&shell] { shell.wake(); });
    feed->start();
    if (screenshot && !feed->wait_for_seq(0, 10000)) {
      std::cerr << "liangfen-display: no answer from " << server << ": " << feed->status().message << "\n";
      return 2;
    }
    if (screenshot && shot_delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(shot_delay_ms));
  } else {
    auto d = demo_snapshots(resource_path("samples/county-2026.contest.json"));
    if (!d.ok()) {
      std::cerr << "liangfen-display: demo: " << d.status().to_string() << "\n";
      return 2;
    }
    auto snap = std::make_shared<DisplaySnapshot>(d.value().current);
    snap->received_steady_ms = steady_ms();
    demo = snap;
  }

  // What the scenes draw: the feed's (or the demo's) snapshot with every character above U+FFFF
  // (which this ImGui cannot index) written as its stand-in, which the shell bakes from a font
  // that has it; one no font has reads [U+20000], never a silent box. Made once per new
  // snapshot, on the UI thread.
  std::shared_ptr<const DisplaySnapshot> last_raw, last_drawable;
  auto current = [&]() {
    auto raw = feed ? feed->snapshot() : demo;
    if (raw != last_raw) {
      last_raw = raw;
      last_drawable = raw ? std::make_shared<const DisplaySnapshot>(drawable_snapshot(*raw)) : nullptr;
    }
    return last_drawable;
  };
  DisplayController controller;
  const DisplayStrings& strings = display_strings();
  GlyphSet glyphs, huge = huge_font_glyphs();
  float built_height = 0;
  std::shared_ptr<const DisplaySnapshot> shown;
  controller.set_scene(scenes.at(scene_name), 0);  // where the display starts
  if (screenshot) {
    // A still: the scene as it looks once its animation has played.
    std::shared_ptr<const DisplaySnapshot> s = current();
    controller.on_snapshot(*s, 0);
    controller.set_scene(scenes.at(scene_name), 0);
    for (int b = 0; b < board; ++b) controller.on_key(DisplayKey::kRight, *s, 0);
    for (int k = 0; k < awards_step; ++k) controller.on_key(DisplayKey::kSpace, *s, 0);
    if (theme_name == "light") controller.on_key(DisplayKey::kT, *s, 0);
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  int exit_code = shell.run(
      [&](const FrameInfo& f) {
        auto s = current();
        bool new_glyphs = add_display_glyphs(strings, s.get(), glyphs);
        if (new_glyphs || f.height != built_height) {
          DisplayFontSizes z = display_font_sizes(f.height);
          // The huge font gets only digits and signs: at 16 % of a 4K height, every name's
          // glyphs would not fit one texture.
          auto st = shell.build_fonts(glyphs, {{z.body, false, nullptr}, {z.bold, true, nullptr},
                                               {z.big, true, nullptr}, {z.huge, true, &huge}});
          if (!st.ok()) {
            std::cerr << "liangfen-display: " << st.to_string() << "\n";
            shell.request_close();
          }
          built_height = f.height;
        }
      },
      [&](const FrameInfo& f) -> double {
        if (stop_requested) shell.request_close();  // seen within one sleep (at most 1 s)
        auto s = current();
        double now = f.time_s;
        if (s && s != shown) {
          shown = s;
          controller.on_snapshot(*s, now);
        }
        SceneContext c;
        c.draw = ImGui::GetBackgroundDrawList();
        c.width = f.width, c.height = f.height;
        c.time_s = now;
        c.scene_time_s = screenshot ? at.value_or(scene_name == "leaderboard" ? 2.0 : 30.0)
                                    : now - controller.scene_started();
        c.theme = &theme(controller.theme());
        c.fonts = {shell.font(0), shell.font(1), shell.font(2), shell.font(3)};
        c.strings = &strings;
        c.join_qr = join_qr ? &*join_qr : nullptr;
        c.join_link = join_link;
        if (!c.fonts.huge) return 0.1;
        if (!s) {
          c.draw->AddRectFilled(ImVec2(0, 0), ImVec2(f.width, f.height), c.theme->background);
          std::string m = feed ? feed->status().message : strings.connecting;
          text_in(c, c.fonts.big, c.fonts.big->FontSize, 0, f.width, f.height / 2, c.theme->text_dim, m, Align::kCenter);
          return 0.5;
        }
        if (!screenshot) {
          const std::pair<int, DisplayKey> keys[] = {
              {GLFW_KEY_1, DisplayKey::k1}, {GLFW_KEY_2, DisplayKey::k2}, {GLFW_KEY_3, DisplayKey::k3},
              {GLFW_KEY_4, DisplayKey::k4}, {GLFW_KEY_LEFT, DisplayKey::kLeft},
              {GLFW_KEY_RIGHT, DisplayKey::kRight}, {GLFW_KEY_SPACE, DisplayKey::kSpace},
              {GLFW_KEY_BACKSPACE, DisplayKey::kBackspace}, {GLFW_KEY_A, DisplayKey::kA},
              {GLFW_KEY_T, DisplayKey::kT}, {GLFW_KEY_F1, DisplayKey::kF1}, {GLFW_KEY_ESCAPE, DisplayKey::kEscape}};
          for (auto [glfw_key, key] : keys)
            if (ImGui::IsKeyPressed(glfw_key, false)) controller.on_key(key, *s, now);
          controller.tick(*s, now);
        }
        c.board = controller.board();
        c.stage = controller.stage();
        c.awards_step = controller.awards_step();
        c.server_now_ms = 0;
        if (!s->stages.empty())
          c.server_now_ms = s->stages[0].server_time_ms + (steady_ms() - s->received_steady_ms);
        double sleep = 1.0;
        switch (controller.scene()) {
          case Scene::kLeaderboard: sleep = draw_leaderboard(*s, c); break;
          case Scene::kStage: sleep = draw_stage(*s, c); break;
          case Scene::kReveal: sleep = draw_reveal(*s, c); break;
          case Scene::kAwards: sleep = draw_awards(*s, c); break;
        }
        if (feed) {
          FeedStatus st = feed->status();
          if (!st.connected) {
            char buf[512];
            const char* updated = st.last_update.empty() ? "—" : st.last_update.c_str();
            if (st.login_problem.empty()) std::snprintf(buf, sizeof buf, strings.disconnected, updated);
            else std::snprintf(buf, sizeof buf, strings.login_banner, st.login_problem.c_str(), updated);
            draw_connection_banner(c, buf);
            sleep = std::min(sleep, 1.0);
          }
        }
        if (controller.help()) draw_help(c);
        // In follow mode a finished reveal must still return on time.
        if (controller.follow() && controller.scene() == Scene::kReveal) sleep = std::min(sleep, 0.5);
        return sleep;
      });
  if (feed) feed->stop();
  return exit_code;
}
