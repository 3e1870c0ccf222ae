#include "judge_console/console_app.h"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "judge_console/panels/console_glyphs.h"
#include "scoring/client/join_link.h"
#include "scoring/protocol/protocol.h"

namespace lf {

namespace {

int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void print_usage() {
  std::cerr << "用法 / usage: liangfen-console [--server https://HOST:8080] [--fullscreen]\n"
            << kConsoleHarnessUsage;
}

std::string settings_path() {
  return console_data_dir() + "/console.json";
}

std::string remembered_server() {
  std::ifstream in(settings_path());
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Json j = Json::parse(text, nullptr, false);
  return j.is_object() ? j.value("server", "") : "";
}

void remember_server(const std::string& server) {
  std::filesystem::create_directories(console_data_dir());
  std::ofstream(settings_path(), std::ios::trunc) << Json{{"server", server}}.dump();
}

}  // namespace

std::optional<ConsoleOptions> read_console_options(int argc, char** argv) {
  ConsoleOptions o;
  o.shell.title = "亮分 · 评委终端";
  o.shell.width = 1280, o.shell.height = 800;  // a 10-inch tablet
  o.server = remembered_server();
  ArgReader args(argc, argv);
  while (args.next_flag()) {
    if (args.flag() == "--server")
      o.server = args.value();
    else if (args.flag() == "--code")
      o.code = args.value();
    else if (read_console_harness_flag(args, o.harness))
      continue;
    else if (read_shell_flag(args, o.shell) != ShellFlag::kRead) {
      print_usage();
      return std::nullopt;
    }
  }
  if (o.server.empty()) o.server = "https://127.0.0.1:8080";
  o.harness.on = !o.shell.screenshot_path.empty();
  return o;
}

ConsoleApp::ConsoleApp(AppShell& shell, const ConsoleHarness& harness)
    : shell_(shell), harness_(harness), strings_(console_strings()) {
  ImGuiStyle& style = ImGui::GetStyle();
  style.FrameRounding = 8;
  style.ItemSpacing = ImVec2(12, 10);
  style.FramePadding = ImVec2(14, 10);
  style.WindowPadding = ImVec2(18, 14);
  digits_.add("—");
}

ConsoleApp::~ConsoleApp() {
  if (client_) client_->stop();
}

bool ConsoleApp::connect(const std::string& text) {
  auto addr = parse_server_address(text);
  if (!addr.ok()) return false;
  if (client_ && client_server_ == addr->text()) return true;
  if (client_) client_->stop();
  client_ =
      std::make_unique<ConsoleClient>(addr.value(), console_data_dir(), [this] { shell_.wake(); });
  client_server_ = addr->text();
  client_->start();
  return true;
}

bool ConsoleApp::start(const std::string& server) {
  if (!connect(server)) return false;
  server_ = server;
  ui_.server_text = server;
  return true;
}

void ConsoleApp::log_in(const std::string& code) {
  ui_.code = code;
  client_->login(code);
}

bool ConsoleApp::browse_lan() {
  std::string problem;
  lan_ = make_avahi_browser(&problem);
  if (!problem.empty()) std::cerr << "liangfen-console: " << problem << "\n";
  return problem.empty();
}

// What the panels draw: the client's latest view with every character above U+FFFF (which this
// ImGui cannot index) written as its stand-in, baked by the shell from a font that has it; one
// no font has reads [U+20000]. Made once per new view.
std::shared_ptr<const ConsoleView> ConsoleApp::current_view() {
  auto raw = client_->view();
  if (raw != last_raw_) {
    last_raw_ = raw;
    last_drawable_ = raw ? std::make_shared<const ConsoleView>(drawable_view(*raw)) : nullptr;
  }
  return last_drawable_;
}

// The status line's and the login panel's messages may quote the server (a name in a refusal):
// drawn, and baked, the same way.
ConsoleStatus ConsoleApp::drawable_status() const {
  ConsoleStatus st = client_->status();
  st.message = drawable_text(st.message);
  return st;
}

void ConsoleApp::prepare(const FrameInfo& f) {
  auto view = current_view();
  size_t before = glyphs_.size();
  collect_console_glyphs(strings_, view.get(), glyphs_);
  glyphs_.add(drawable_status().message);
  for (const Toast& t : ui_.toasts) glyphs_.add(t.text);
  glyphs_.add(history_glyph_text(ui_.history));
  // What the organizer types into the roster's fields: baked as it is typed.
  glyphs_.add(ui_.roster.name + ui_.roster.school + ui_.roster.sub_name + ui_.roster.sub_school +
              ui_.roster.topic);
  // Names as the servers announce them: drawable, and baked before they are drawn.
  found_ = server_choices(lan_->found(), protocol::kApiVersion);
  for (FoundServer& s : found_) glyphs_.add(s.name = drawable_text(s.name));
  if (glyphs_.size() == before && f.height == built_height_) return;
  float h = f.height;
  auto st = shell_.build_fonts(glyphs_, {{std::max(18.0f, std::round(h * 0.034f)), false, nullptr},
                                         {std::max(24.0f, std::round(h * 0.05f)), true, nullptr},
                                         {std::max(48.0f, std::round(h * 0.2f)), true, &digits_}});
  if (!st.ok()) {
    std::cerr << "liangfen-console: " << st.to_string() << "\n";
    shell_.request_close();
  }
  built_height_ = f.height;
}

PanelContext ConsoleApp::panel_context(const FrameInfo& f, const ConsoleView* view) {
  PanelContext c;
  c.client = client_.get();
  c.view = view;
  c.status = drawable_status();
  c.ui = &ui_;
  c.fonts = {shell_.font(0), shell_.font(1), shell_.font(2)};
  c.s = &strings_;
  c.width = f.width, c.height = f.height;
  c.time_s = f.time_s;
  c.now_ms = wall_ms();
  c.server_now_ms = c.now_ms + client_->server_clock_offset_ms();
  // The venue's join link for the organizer's screen, made again when the server changes.
  if (join_for_ != client_server_) {
    join_for_ = client_server_;
    join_qr_.reset();
    join_link_ = venue_join_link(client_->server()).value_or("");
    if (auto m = encode_qr(join_link_); !join_link_.empty() && m.ok())
      join_qr_ = std::move(m.value());
  }
  c.join_qr = join_qr_ ? &*join_qr_ : nullptr;
  c.join_link = join_link_;
  c.found_servers = found_;
  return c;
}

void ConsoleApp::toast_results(double time_s) {
  for (const ActionResult& r : client_->take_results()) {
    char buf[512];
    if (!r.ok)
      std::snprintf(buf, sizeof buf, strings_.failed, r.message.c_str());
    else if (!r.message.empty())
      std::snprintf(buf, sizeof buf, strings_.saved_to, r.message.c_str());
    else
      std::snprintf(buf, sizeof buf, "%s", strings_.done);
    ui_.toasts.push_back({drawable_text(buf), r.ok, time_s + (r.ok && r.message.empty() ? 2 : 6)});
  }
}

void ConsoleApp::draw_logged_out(PanelContext& c) {
  draw_login(c);
  if (ui_.server_text != server_ && parse_server_address(ui_.server_text).ok()) {
    server_ = ui_.server_text;
    connect(server_);
    remember_server(server_);
  }
}

void ConsoleApp::draw_role(PanelContext& c) {
  draw_status_bar(c);
  const std::string& role = c.view->role;
  if (role == "judge")
    draw_judge(c);
  else if (role == "head_judge")
    draw_head_judge(c);
  else if (role == "organizer")
    draw_organizer(c);
  else if (role == "steward")
    draw_steward(c);
  else if (role == "timekeeper") {
    stage_clock(harness_, ui_, c.now_ms);
    draw_timekeeper(c);
  } else {
    char buf[160];
    std::snprintf(buf, sizeof buf, strings_.role_not_here, strings_.display_role);
    ImGui::TextUnformatted(buf);
  }
  stage_typing(harness_, ui_);
}

double ConsoleApp::draw(const FrameInfo& f) {
  auto view = current_view();
  PanelContext c = panel_context(f, view.get());
  if (!c.fonts.huge) return 0.1;
  toast_results(f.time_s);
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(f.width, f.height));
  ImGui::Begin("console", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  ImGui::PushFont(c.fonts.body);
  if (c.status.logged_in && view)
    draw_role(c);
  else
    draw_logged_out(c);
  ImGui::PopFont();
  draw_toasts(c);
  ImGui::End();
  // The timekeeper's running clock and the steward's countdown change every second.
  if (ui_.clock.running()) return 0.05;
  if (view && view->role == "steward" && !view->topic_draws.empty()) return 0.5;
  return ui_.toasts.empty() ? 1.0 : 0.25;
}

}  // namespace lf
