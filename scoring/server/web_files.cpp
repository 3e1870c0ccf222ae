#include "scoring/server/web_files.h"

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace lf {

const std::vector<WebFile>& web_file_list() {
  static const std::vector<WebFile> files = {
      {"/", "index.html", "text/html; charset=utf-8"},
      {"/index.html", "index.html", "text/html; charset=utf-8"},
      {"/style.css", "style.css", "text/css; charset=utf-8"},
      {"/app.js", "app.js", "text/javascript; charset=utf-8"},
      {"/strings.js", "strings.js", "text/javascript; charset=utf-8"},
      {"/marks.js", "marks.js", "text/javascript; charset=utf-8"},
      {"/outbox.js", "outbox.js", "text/javascript; charset=utf-8"},
      {"/api.js", "api.js", "text/javascript; charset=utf-8"},
      {"/head_judge.js", "head_judge.js", "text/javascript; charset=utf-8"},
      {"/timekeeper.js", "timekeeper.js", "text/javascript; charset=utf-8"},
      {"/icon.svg", "icon.svg", "image/svg+xml"},
  };
  return files;
}

const std::vector<std::pair<std::string, std::string>>& web_file_headers() {
  static const std::vector<std::pair<std::string, std::string>> headers = {
      {"Cache-Control", "no-cache"},
      // Only this origin: no inline script or style, no plugin, no <base>, no form posting
      // elsewhere, and no page may frame the console (a hidden frame could steal taps).
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src "
       "'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"},
      {"X-Frame-Options", "DENY"},
      {"X-Content-Type-Options", "nosniff"},
      // The address may hold a login code (#code=…): a fragment is never sent, and no
      // address is sent anywhere else either.
      {"Referrer-Policy", "no-referrer"},
  };
  return headers;
}

namespace {

// A strong validator: 64-bit FNV-1a of the bytes, quoted. Not a secret, only "has it changed".
std::string etag_of(const std::string& bytes) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char ch : bytes) h = (h ^ ch) * 1099511628211ull;
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace

WebFiles::WebFiles(const std::string& dir, const std::function<void(const std::string&)>& log) {
  for (const WebFile& f : web_file_list()) {
    std::ifstream in(dir + "/" + f.file, std::ios::binary);
    if (!in) {
      if (log) log("网页端文件缺失：" + dir + "/" + f.file + "（浏览器评委端无法打开这个文件）");
      files_.emplace(f.url, std::nullopt);
      continue;
    }
    std::ostringstream body;
    body << in.rdbuf();
    files_.emplace(f.url, Loaded{body.str(), etag_of(body.str())});
  }
}

WebFiles::Found WebFiles::find(std::string_view url) const {
  for (const WebFile& f : web_file_list())
    if (url == f.url) {
      auto it = files_.find(url);
      if (it == files_.end() || !it->second) return {&f, nullptr, nullptr};
      return {&f, &it->second->body, &it->second->etag};
    }
  return {nullptr, nullptr, nullptr};
}

}  // namespace lf
