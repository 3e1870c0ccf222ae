// The server's log carries on after the disk was full once.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "scoring/server/log_file.h"

namespace lf {
namespace {

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(LogFile, ReopensAfterAWriteErrorAndSaysWhatWasLost) {
  auto dir = std::filesystem::temp_directory_path() / ("liangfen-log-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto path = dir / "server.log";
  // The log's file is, for a while, a device that is always full.
  std::filesystem::create_symlink("/dev/full", path);
  LogFile log(path.string());
  log.write("first line, lost");
  log.write("second line, lost");
  EXPECT_EQ(log.lost_lines(), 2u);
  // Space again: the next line is written, with a note of what is missing.
  std::filesystem::remove(path);
  log.write("third line");
  EXPECT_EQ(log.lost_lines(), 0u);
  std::string text = read_all(path);
  EXPECT_NE(text.find("2 log line(s) could not be written"), std::string::npos) << text;
  EXPECT_NE(text.find("third line"), std::string::npos) << text;
  log.write("fourth line");
  EXPECT_NE(read_all(path).find("fourth line"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lf
