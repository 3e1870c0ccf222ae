#include "display/display_app.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>

#include "data/format/resource_files.h"
#include "display/glyphs.h"
#include "display/scene_layout.h"
#include "scoring/client/join_link.h"

namespace lf {

namespace {

void print_usage() {
  std::cerr << "用法 / usage:\n"
               "  liangfen-display --server https://HOST:8080 [--code CODE] [--name main]\n"
               "                   [--fullscreen] [--monitor N] [--no-join-qr]\n"
            << kDisplayHarnessUsage
            << "Without --server it shows the bundled sample contest (demo).\n"
               "The display's login code may also come from LF_DISPLAY_CODE.\n"
               "Between contestants the stage scene shows the server's join QR code (--no-join-qr: "
               "not).\n";
}

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// The display's own flags (the shell's and the harness's are read elsewhere); false if `args`'
// flag is none of them.
bool read_display_flag(ArgReader& args, DisplayOptions& o, std::string& scene_name) {
  const std::string& flag = args.flag();
  if (flag == "--server")
    o.server = args.value();
  else if (flag == "--code")
    o.code = args.value();
  else if (flag == "--name")
    o.name = args.value();
  else if (flag == "--no-join-qr")
    o.join_qr = false;
  else if (flag == "--monitor")
    o.shell.monitor = std::atoi(args.value().c_str());
  else if (flag == "--scene")
    scene_name = args.value();
  else
    return false;
  return true;
}

// The server's certificate is pinned per address (trust on first use), beside the console's.
std::string display_pin_file() {
  const char* xdg = std::getenv("XDG_DATA_HOME");
  const char* home = std::getenv("HOME");
  std::string data_dir =
      (xdg && *xdg ? std::string(xdg) : std::string(home ? home : ".") + "/.local/share") +
      "/liangfen";
  return data_dir + "/display-server-pins.json";
}

}  // namespace

std::optional<DisplayOptions> read_display_options(int argc, char** argv) {
  DisplayOptions o;
  o.shell.title = "亮分 · 大屏";
  o.shell.width = 1600, o.shell.height = 900;
  if (const char* env = std::getenv("LF_DISPLAY_CODE")) o.code = env;
  static const std::map<std::string, Scene> scenes = {{"leaderboard", Scene::kLeaderboard},
                                                      {"stage", Scene::kStage},
                                                      {"reveal", Scene::kReveal},
                                                      {"awards", Scene::kAwards}};
  std::string scene_name = "leaderboard";
  ArgReader args(argc, argv);
  while (args.next_flag()) {
    if (read_display_flag(args, o, scene_name) || read_display_harness_flag(args, o.harness))
      continue;
    if (read_shell_flag(args, o.shell) != ShellFlag::kRead) {
      print_usage();
      return std::nullopt;
    }
  }
  auto scene = scenes.find(scene_name);
  if (scene == scenes.end()) {
    print_usage();
    return std::nullopt;
  }
  o.scene = scene->second;
  o.harness.on = !o.shell.screenshot_path.empty();
  o.shell.title += " · " + o.name;
  return o;
}

DisplayApp::DisplayApp(AppShell& shell, const DisplayOptions& options)
    : shell_(shell), options_(options), strings_(display_strings()), huge_(huge_font_glyphs()) {
  controller_.set_scene(options.scene, 0);  // where the display starts
}

DisplayApp::~DisplayApp() {
  if (feed_) feed_->stop();
}

int DisplayApp::open_source() {
  if (options_.server.empty()) {
    auto d = demo_snapshots(resource_path("samples/county-2026.contest.json"));
    if (!d.ok()) {
      std::cerr << "liangfen-display: demo: " << d.status().to_string() << "\n";
      return 2;
    }
    auto snap = std::make_shared<DisplaySnapshot>(d.value().current);
    snap->received_steady_ms = steady_ms();
    demo_ = snap;
    return 0;
  }
  auto addr = parse_server_address(options_.server);
  if (!addr.ok()) {
    std::cerr << "liangfen-display: " << addr.status().to_string() << "\n";
    return 1;
  }
  if (options_.code.empty()) {
    std::cerr << "liangfen-display: a display login code is needed (--code, or LF_DISPLAY_CODE);\n"
                 "  the organizer prints them with: liangfen credentials --db contest.db\n";
    return 1;
  }
  if (!addr->tls)
    std::cerr << "liangfen-display: WARNING: " << addr->text()
              << " is plain HTTP (not encrypted): use it only on a trusted wired network\n";
  // The venue's join link as the tablets reach this server (a loopback --server becomes this
  // machine's LAN address), for the stage scene between contestants.
  if (options_.join_qr)
    if (auto link = venue_join_link(addr.value()))
      if (auto m = encode_qr(*link); m.ok()) join_link_ = *link, join_qr_ = std::move(m.value());
  feed_ = std::make_unique<LiveFeed>(with_pin_file(addr.value(), display_pin_file()), options_.code,
                                     options_.name, [this] { shell_.wake(); });
  feed_->start();
  return 0;
}

// The feed's (or the demo's) snapshot with every character above U+FFFF (which this ImGui cannot
// index) written as its stand-in, which the shell bakes from a font that has it; one no font has
// reads [U+20000], never a silent box. Made once per new snapshot.
std::shared_ptr<const DisplaySnapshot> DisplayApp::current() {
  auto raw = feed_ ? feed_->snapshot() : demo_;
  if (raw != last_raw_) {
    last_raw_ = raw;
    last_drawable_ =
        raw ? std::make_shared<const DisplaySnapshot>(drawable_snapshot(*raw)) : nullptr;
  }
  return last_drawable_;
}

void DisplayApp::prepare(const FrameInfo& f) {
  auto s = current();
  bool new_glyphs = add_display_glyphs(strings_, s.get(), glyphs_);
  if (!new_glyphs && f.height == built_height_) return;
  DisplayFontSizes z = display_font_sizes(f.height);
  // The huge font gets only digits and signs: at 16 % of a 4K height, every name's glyphs would
  // not fit one texture.
  auto st = shell_.build_fonts(glyphs_, {{z.body, false, nullptr},
                                         {z.bold, true, nullptr},
                                         {z.big, true, nullptr},
                                         {z.huge, true, &huge_}});
  if (!st.ok()) {
    std::cerr << "liangfen-display: " << st.to_string() << "\n";
    shell_.request_close();
  }
  built_height_ = f.height;
}

void DisplayApp::read_keys(const DisplaySnapshot& s, double now) {
  const std::pair<int, DisplayKey> keys[] = {
      {GLFW_KEY_1, DisplayKey::k1},         {GLFW_KEY_2, DisplayKey::k2},
      {GLFW_KEY_3, DisplayKey::k3},         {GLFW_KEY_4, DisplayKey::k4},
      {GLFW_KEY_LEFT, DisplayKey::kLeft},   {GLFW_KEY_RIGHT, DisplayKey::kRight},
      {GLFW_KEY_SPACE, DisplayKey::kSpace}, {GLFW_KEY_BACKSPACE, DisplayKey::kBackspace},
      {GLFW_KEY_A, DisplayKey::kA},         {GLFW_KEY_T, DisplayKey::kT},
      {GLFW_KEY_F1, DisplayKey::kF1},       {GLFW_KEY_ESCAPE, DisplayKey::kEscape}};
  for (auto [glfw_key, key] : keys)
    if (ImGui::IsKeyPressed(glfw_key, false)) controller_.on_key(key, s, now);
}

SceneContext DisplayApp::scene_context(const FrameInfo& f) {
  SceneContext c;
  c.draw = ImGui::GetBackgroundDrawList();
  c.width = f.width, c.height = f.height;
  c.time_s = f.time_s;
  c.scene_time_s = still_scene_time(options_.harness, options_.scene)
                       .value_or(f.time_s - controller_.scene_started());
  c.theme = &theme(controller_.theme());
  c.fonts = {shell_.font(0), shell_.font(1), shell_.font(2), shell_.font(3)};
  c.strings = &strings_;
  c.join_qr = join_qr_ ? &*join_qr_ : nullptr;
  c.join_link = join_link_;
  return c;
}

double DisplayApp::draw_scene(const DisplaySnapshot& s, SceneContext& c) {
  c.board = controller_.board();
  c.stage = controller_.stage();
  c.awards_step = controller_.awards_step();
  c.server_now_ms = 0;
  if (!s.stages.empty())
    c.server_now_ms = s.stages[0].server_time_ms + (steady_ms() - s.received_steady_ms);
  switch (controller_.scene()) {
    case Scene::kLeaderboard:
      return draw_leaderboard(s, c);
    case Scene::kStage:
      return draw_stage(s, c);
    case Scene::kReveal:
      return draw_reveal(s, c);
    case Scene::kAwards:
      return draw_awards(s, c);
  }
  return 1.0;
}

double DisplayApp::draw(const FrameInfo& f) {
  auto s = current();
  double now = f.time_s;
  if (s && s != shown_) {
    shown_ = s;
    controller_.on_snapshot(*s, now);
  }
  SceneContext c = scene_context(f);
  if (!c.fonts.huge) return 0.1;
  if (!s) {
    c.draw->AddRectFilled(ImVec2(0, 0), ImVec2(f.width, f.height), c.theme->background);
    std::string m = feed_ ? feed_->status().message : strings_.connecting;
    text_in(c, c.fonts.big, c.fonts.big->FontSize, 0, f.width, f.height / 2, c.theme->text_dim, m,
            Align::kCenter);
    return 0.5;
  }
  if (!options_.harness.on) {
    read_keys(*s, now);
    controller_.tick(*s, now);
  }
  double sleep = draw_scene(*s, c);
  if (feed_) {
    FeedStatus st = feed_->status();
    if (!st.connected) {
      char buf[512];
      const char* updated = st.last_update.empty() ? "—" : st.last_update.c_str();
      if (st.login_problem.empty())
        std::snprintf(buf, sizeof buf, strings_.disconnected, updated);
      else
        std::snprintf(buf, sizeof buf, strings_.login_banner, st.login_problem.c_str(), updated);
      draw_connection_banner(c, buf);
      sleep = std::min(sleep, 1.0);
    }
  }
  if (controller_.help()) draw_help(c);
  // In follow mode a finished reveal must still return on time.
  if (controller_.follow() && controller_.scene() == Scene::kReveal) sleep = std::min(sleep, 0.5);
  return sleep;
}

}  // namespace lf
