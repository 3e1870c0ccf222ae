// The keys of a contest file (rounds, groups, venues, sections) and of the roles and displays,
// and where one stands as a word of its own in a text a person reads: the check of issue 15's
// "names, not keys" walks (the command line and printed pages; the programs' screens).
#pragma once

#include <set>
#include <string>

#include "data/format/json_text.h"

namespace lf::test {

inline bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The keys of `text` that stand as a word of their own (not inside a longer ASCII word, so the
// `main` of `domain` or a path is not a finding).
inline std::set<std::string> keys_in(const std::string& text, const std::set<std::string>& keys) {
  std::set<std::string> found;
  for (const std::string& k : keys)
    for (size_t at = text.find(k); at != std::string::npos; at = text.find(k, at + 1)) {
      bool before = at > 0 && is_word_char(text[at - 1]);
      bool after = at + k.size() < text.size() && is_word_char(text[at + k.size()]);
      if (!before && !after) {
        found.insert(k);
        break;
      }
    }
  return found;
}

inline std::string joined(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += (out.empty() ? "" : ", ") + x;
  return out;
}

// The contest document's keys, the roles' and the displays' (the ids of people and contestants
// are numbers people know, not keys).
inline std::set<std::string> contest_keys(const Json& document) {
  std::set<std::string> keys = {"organizer", "head_judge", "timekeeper", "steward", "judge", "display",
                                "main",      "lobby",      "prep"};
  for (const char* list : {"rounds", "groups", "venues", "sections"})
    if (document.contains(list) && document[list].is_array())
      for (const Json& x : document[list])
        if (x.contains("key") && x["key"].is_string()) keys.insert(x["key"].get<std::string>());
  return keys;
}

}  // namespace lf::test
