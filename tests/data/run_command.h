// A command a test runs through the shell (the real binaries, pdftotext, unzip): its exit
// status and everything it wrote, standard error included.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace lf::test {

struct CommandRun {
  int status = -1;  // the exit status; -1 when it did not start or did not exit normally
  std::string out;  // standard output and standard error, interleaved as written
};

inline CommandRun run_command(const std::string& command) {
  CommandRun r;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

}  // namespace lf::test
