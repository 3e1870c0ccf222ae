#include "scoring/server/log_file.h"
#include "scoring/engine/mutex.h"

#include <ctime>
#include <iostream>

namespace lf {

LogFile::~LogFile() {
  if (file_) std::fclose(file_);
}

bool LogFile::reopen() {
  if (file_) std::fclose(file_);
  file_ = path_.empty() ? nullptr : std::fopen(path_.c_str(), "a");
  return file_ != nullptr;
}

void LogFile::write(const std::string& what) {
  std::time_t t = std::time(nullptr);
  std::tm local{};
  localtime_r(&t, &local);
  char ts[32];
  std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &local);
  std::string line = std::string(ts) + " " + what + "\n";
  MutexLock lock(mu_);
  std::cerr << line;
  if (path_.empty()) return;
  if (!file_ || lost_ > 0) {
    // A failed write leaves the stream in an unknown state: start from a fresh handle.
    if (!reopen()) {
      ++lost_;
      return;
    }
    if (lost_ > 0) {
      std::string note = std::string(ts) + " note: " + std::to_string(lost_) +
                         " log line(s) could not be written (disk full?) and are only on stderr\n";
      if (std::fputs(note.c_str(), file_) < 0 || std::fflush(file_) != 0) {
        ++lost_;
        return;
      }
      lost_ = 0;
    }
  }
  if (std::fputs(line.c_str(), file_) < 0 || std::fflush(file_) != 0) ++lost_;
}

size_t LogFile::lost_lines() const {
  MutexLock lock(mu_);
  return lost_;
}

}  // namespace lf
