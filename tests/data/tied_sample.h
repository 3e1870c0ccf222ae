// The sample contest's secondary final with both kinds of settled tie (issue 24 §4), for the
// tests of the 备注 on every public result (prints, projector):
// - its two award-line ties ruled with a reason: 罗梅 over 熊芳 (C048, C038; 评审组合议) and 冯芳
//   over 覃雨轩 (C044, C049; 现场抽签);
// - 严博 (C046) given 张梓's (C050) marks and times, but 0.5 less in every 主题班会设计 mark and
//   0.5 more in every 情景答辩 mark (C050's 情景答辩 marks are at most 29.3): the same total, told
//   apart by the rulebook's tie-break (class_meeting), 张梓 ahead;
// - its three unfinished teachers (C045, C052, C053) withdrawn, so the group is final.
#pragma once

#include <cmath>

#include "data/format/json_text.h"
#include "scoring/engine/fixed_point.h"

namespace lf::test {

inline constexpr const char* kRuledNote = "总分相同，经裁判长裁决（评审组合议）";
inline constexpr const char* kDrawnNote = "总分相同，经裁判长裁决（现场抽签）";
inline constexpr const char* kTieBreakNote = "总分相同，按主题班会设计成绩排序";

inline Json with_settled_ties(Json doc) {
  for (Json& ct : doc["contestants"])
    for (const char* id : {"C045", "C052", "C053"})
      if (ct["id"] == id) ct["status"] = "withdrawn";
  doc["decisions"] = Json::array();
  doc["decisions"].push_back({{"kind", "tie_order"},
                              {"round", "final"},
                              {"group", "secondary"},
                              {"order", {"C048", "C038"}},
                              {"reason", "评审组合议"}});
  doc["decisions"].push_back({{"kind", "tie_order"},
                              {"round", "final"},
                              {"group", "secondary"},
                              {"order", {"C044", "C049"}},
                              {"reason", "现场抽签"}});
  for (const char* list : {"marks", "timings"}) {
    Json kept = Json::array();
    for (const Json& x : doc[list])
      if (!(x["round"] == "final" && x["contestant"] == "C046")) kept.push_back(x);
    for (const Json& x : doc[list])
      if (x["round"] == "final" && x["contestant"] == "C050") {
        Json copy = x;
        copy["contestant"] = "C046";
        if (copy.contains("points")) {
          int64_t tenths = std::llround(x["points"].get<double>() * 10);
          if (x["section"] == "class_meeting") tenths -= 5;
          if (x["section"] == "qa") tenths += 5;
          copy["points"] = parse_json(format_fixed(tenths, 1)).value();
        }
        kept.push_back(copy);
      }
    doc[list] = kept;
  }
  return doc;
}

}  // namespace lf::test
