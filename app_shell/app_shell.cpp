#include "app_shell/app_shell.h"

#define GL_GLEXT_PROTOTYPES
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_freetype.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <stb_image_write.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>

#include "app_shell/drawn_text.h"
#include "data/format/person_text.h"

namespace lf {

namespace {
std::string glfw_error;
void on_glfw_error(int, const char* what) { glfw_error = what ? what : "unknown"; }
// SIGINT or SIGTERM while run() runs: the window closes after the frame being drawn.
volatile std::sig_atomic_t close_signalled = 0;
void on_close_signal(int) { close_signalled = 1; }
}  // namespace

Result<std::unique_ptr<AppShell>> AppShell::open(const ShellOptions& options) {
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit())
    return Error{"display", "cannot open a window: no graphical display (" + glfw_error +
                                "); on a server, run under xvfb-run"};
  std::unique_ptr<AppShell> shell(new AppShell());
  shell->options_ = options;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  GLFWmonitor* monitor = nullptr;
  int w = options.width, h = options.height;
  if (options.fullscreen) {
    int count = 0;
    GLFWmonitor** monitors = glfwGetMonitors(&count);
    if (count > 0) {
      monitor = monitors[std::clamp(options.monitor, 0, count - 1)];
      const GLFWvidmode* mode = glfwGetVideoMode(monitor);
      w = mode->width, h = mode->height;
    }
  }
  if (!options.screenshot_path.empty()) glfwWindowHint(GLFW_RESIZABLE, GLFW_FALSE);
  shell->window_ = glfwCreateWindow(w, h, options.title.c_str(), monitor, nullptr);
  if (!shell->window_) {
    glfwTerminate();
    return Error{"display", "cannot create an OpenGL 3 window (" + glfw_error + ")"};
  }
  glfwMakeContextCurrent(shell->window_);
  glfwSwapInterval(1);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no imgui.ini beside the program: layout is code
  io.Fonts->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
  ImGui_ImplGlfw_InitForOpenGL(shell->window_, true);
  ImGui_ImplOpenGL3_Init("#version 130");
  return shell;
}

AppShell::~AppShell() {
  if (!window_) return;
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window_);
  glfwTerminate();
}

Status AppShell::build_fonts(const GlyphSet& glyphs, const std::vector<FontSpec>& specs) {
  Status built = build_font_atlas(*ImGui::GetIO().Fonts, glyphs, specs, program_glyph_map(), atlas_);
  fonts_dirty_ = true;  // even a failed build cleared the atlas: the old texture is stale
  if (!built.ok()) return built;
  if (const char* log = std::getenv("LF_GLYPH_LOG"); log && *log && *log != '0')
    for (const ExtraGlyph& g : atlas_.extra)
      std::fprintf(stderr, "glyph U+%04X as U+%04X: %s #%d, %dx%d px at (%d, %d), advance %.0f, font %.0f px\n",
                   unsigned(g.original), unsigned(g.stand_in), g.from.path.c_str(), g.from.index, g.width,
                   g.height, g.left, g.top, double(g.advance), double(g.font->FontSize));
  // Said once per character, plainly, on standard error.
  std::string news;
  for (uint32_t cp : atlas_.undrawable)
    if (std::find(reported_.begin(), reported_.end(), cp) == reported_.end()) {
      reported_.push_back(cp);
      char code[16];
      std::snprintf(code, sizeof code, "U+%04X", unsigned(cp));
      news += " " + utf8_of(cp) + "(" + code + ")";
    }
  if (!news.empty())
    std::fprintf(stderr, "注意：以下字符在屏幕上无法显示（本机没有含有这些字的字体，或 U+FFFF 以上的生僻字"
                         "超过 6400 个）；U+FFFF 以上的字显示为 [U+编码]：%s\n", news.c_str());
  return Status();
}

ImFont* AppShell::font(size_t i) const {
  return i < atlas_.fonts.size() ? atlas_.fonts[i] : ImGui::GetIO().Fonts->Fonts.empty() ? nullptr
                                                                               : ImGui::GetFont();
}

void AppShell::wake() { glfwPostEmptyEvent(); }
void AppShell::request_close() { glfwSetWindowShouldClose(window_, GLFW_TRUE); }

bool AppShell::write_screenshot(int w, int h) const {
  std::vector<unsigned char> pixels(size_t(w) * size_t(h) * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  // OpenGL's rows run bottom-up; PNG's top-down.
  std::vector<unsigned char> flipped(pixels.size());
  for (int y = 0; y < h; ++y)
    std::copy_n(&pixels[size_t(h - 1 - y) * size_t(w) * 4], size_t(w) * 4, &flipped[size_t(y) * size_t(w) * 4]);
  if (stbi_write_png(options_.screenshot_path.c_str(), w, h, 4, flipped.data(), w * 4) == 0) return false;
  // The words on the screen, read back from the frame's draw lists, for tests of the real program.
  std::string text_path = options_.screenshot_path;
  if (text_path.size() > 4 && text_path.compare(text_path.size() - 4, 4, ".png") == 0) text_path.resize(text_path.size() - 4);
  text_path += ".txt";
  std::string text = drawn_text(*ImGui::GetDrawData(), *ImGui::GetIO().Fonts).dump();
  FILE* f = std::fopen(text_path.c_str(), "wb");
  if (!f) return false;
  bool written = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  return std::fclose(f) == 0 && written;
}

int AppShell::run(const std::function<void(const FrameInfo&)>& prepare,
                  const std::function<double(const FrameInfo&)>& draw) {
  const bool screenshot = !options_.screenshot_path.empty();
  std::signal(SIGINT, on_close_signal);
  std::signal(SIGTERM, on_close_signal);
  int frames = 0;
  double sleep_s = 0;
  auto start = std::chrono::steady_clock::now();
  // LF_FRAME_STATS=1: on exit, print how many frames were drawn and what each cost (for
  // docs/performance.md).
  const bool stats = std::getenv("LF_FRAME_STATS") != nullptr;
  std::vector<double> frame_ms;
  auto last_frame = start;
  while (!glfwWindowShouldClose(window_)) {
    if (screenshot) {
      glfwPollEvents();
    } else if (sleep_s > 0) {
      glfwWaitEventsTimeout(sleep_s);
    } else {
      // Animating: at most 60 frames a second even where the driver does not wait for vsync
      // (Xvfb, some projectors' drivers), so an animation never takes a whole core.
      double spent = std::chrono::duration<double>(std::chrono::steady_clock::now() - last_frame).count();
      if (spent < 1.0 / 60) glfwWaitEventsTimeout(1.0 / 60 - spent);
      else glfwPollEvents();
    }
    last_frame = std::chrono::steady_clock::now();
    auto frame_start = std::chrono::steady_clock::now();
    FrameInfo info;
    int fw = 0, fh = 0;
    glfwGetFramebufferSize(window_, &fw, &fh);
    if (fw == 0 || fh == 0) {  // minimized
      glfwWaitEventsTimeout(0.5);
      continue;
    }
    info.width = float(fw), info.height = float(fh);
    info.time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    float sx = 1, sy = 1;
    glfwGetWindowContentScale(window_, &sx, &sy);
    info.content_scale = sx;
    prepare(info);
    if (fonts_dirty_) {
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      ImGui_ImplOpenGL3_CreateFontsTexture();
      fonts_dirty_ = false;
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    if (close_signalled) request_close();  // seen within one sleep (at most 1 s)
    sleep_s = draw(info);
    ImGui::Render();
    glViewport(0, 0, fw, fh);
    glClearColor(0, 0, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    // ImGui needs a second frame after input to settle hovered/active state.
    if (ImGui::IsAnyItemActive() || ImGui::GetIO().MouseDown[0]) sleep_s = 0;
    if (screenshot && ++frames >= options_.screenshot_frames) {
      bool ok = write_screenshot(fw, fh);
      if (!ok) std::fprintf(stderr, "cannot write %s\n", options_.screenshot_path.c_str());
      return ok ? 0 : 2;
    }
    glfwSwapBuffers(window_);
    if (stats)
      frame_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - frame_start).count());
  }
  if (stats && !frame_ms.empty()) {
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::sort(frame_ms.begin(), frame_ms.end());
    double sum = 0;
    for (double f : frame_ms) sum += f;
    std::fprintf(stderr, "frames: %zu in %.1f s (%.2f per second); frame time mean %.2f ms, p50 %.2f ms, p99 %.2f ms\n",
                 frame_ms.size(), seconds, double(frame_ms.size()) / seconds, sum / double(frame_ms.size()),
                 frame_ms[frame_ms.size() / 2], frame_ms[std::min(frame_ms.size() - 1, frame_ms.size() * 99 / 100)]);
  }
  return 0;
}

}  // namespace lf
