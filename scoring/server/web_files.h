// The browser consoles' files (web/ in the repository; <prefix>/share/liangfen/web at run time,
// found like every shipped file: data/format/resource_files.h), served at "/" on the API's port.
//
// Contract: only the fixed list below is ever served, by exact path, to GET; nothing else on
// disk can be reached (no path is joined from a request, so "..", "%2e%2e" or a symlink name
// cannot escape). The files are read once, when the server starts: a missing one is logged and
// answered 404; a file edited afterwards is served as it was read. Every answer carries its own
// Content-Type, `Cache-Control: no-cache` with an ETag (a tablet asks again at every load and
// gets 304 with no body while the file is unchanged, the file after an update of the server)
// and the browser hygiene of docs/security.md: a strict Content-Security-Policy (only this
// origin's scripts, styles and connections; no framing, no inline script), X-Frame-Options
// DENY, X-Content-Type-Options nosniff, no referrer. Thread-safe after construction (read-only).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lf {

struct WebFile {
  const char* url;           // "/", "/app.js"
  const char* file;          // in the web folder: "index.html"
  const char* content_type;  // "text/html; charset=utf-8"
};

// The served files, in one table (docs/api.md lists them).
const std::vector<WebFile>& web_file_list();

// The headers every web file is answered with (name, value), Content-Type excluded.
const std::vector<std::pair<std::string, std::string>>& web_file_headers();

class WebFiles {
 public:
  // Reads every listed file from `dir`; `log` hears of each one missing (in Chinese).
  WebFiles(const std::string& dir, const std::function<void(const std::string&)>& log);
  struct Found {
    const WebFile* entry;
    const std::string* body;
    const std::string* etag;  // "\"<16 hex digits>\"": a hash of the bytes
  };
  // The file served at `url`, or entry == nullptr when the list has no such path (404), or
  // body == nullptr when it is listed but was not found at start.
  Found find(std::string_view url) const;

 private:
  struct Loaded {
    std::string body, etag;
  };
  std::map<std::string, std::optional<Loaded>, std::less<>> files_;  // url -> its bytes
};

}  // namespace lf
