// The server's text log: one line per event worth a person's reading (start, stop, requests,
// refusals, backups), to standard error and to a file beside the database.
//
// A write that fails (the disk was full, the file was removed or rotated) does not end the
// log: the next line reopens the file and says how many lines were lost meanwhile.
//
// Thread-safety: write() may be called from any thread.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>

#include "scoring/engine/mutex.h"

namespace lf {

class LogFile {
 public:
  // `path` empty: standard error only.
  explicit LogFile(std::string path) : path_(std::move(path)) {}
  ~LogFile();
  LogFile(const LogFile&) = delete;
  LogFile& operator=(const LogFile&) = delete;

  // Writes "<local time> <line>\n" and flushes.
  void write(const std::string& line);
  size_t lost_lines() const;

 private:
  bool reopen() LF_REQUIRES(mu_);

  std::string path_;
  mutable Mutex mu_;
  std::FILE* file_ LF_GUARDED_BY(mu_) = nullptr;
  size_t lost_ LF_GUARDED_BY(mu_) = 0;  // lines not written to the file since the last good write
};

}  // namespace lf
