// Paths and readers for the test data shipped in the repository.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace lf::test {

inline std::string source_path(const std::string& rel) { return std::string(LF_SOURCE_DIR) + "/" + rel; }

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline const char* kSampleContest = "assets/samples/county-2026.contest.json";
inline const char* kSampleExpected = "tests/data/county-2026.expected.json";

}  // namespace lf::test
