// The history sheet (查分 on appeal): one contestant's full trail — every mark with the value it
// replaced, times, returns, rulings, publishes and reopens — with who and when, as a signed-off
// A4 document like the other sheets (裁判长 and 监督 sign it). Pure: plain data in, a
// PrintDocument out (write_pdf prints it).
//
// The lines come from the contest's event log (data/live/history.h, where they are made); they
// are passed here as text because printing knows no events (docs/architecture.md: print
// includes only the engine and the file format).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scoring/engine/contest.h"
#include "scoring/print/print_model.h"

namespace lf {

// One line of the trail, as data/live/history.h's HistoryLine says it.
struct HistorySheetLine {
  int64_t seq = 0;
  std::string when, who, what, before, after, note;
};

// `heading` names the contestant ("C001 张三 · 实验小学 · 小学组"); `as_of` says what the sheet
// was printed from ("截至第 57 号记录"). The sheet opens with `summary` (print_model.h: what the
// teacher asks about first: section scores, penalties, total, rank, outcome), then the trail.
// With no lines the sheet says there is nothing recorded.
PrintDocument history_sheet(const Contest& c, const std::string& heading, const std::string& as_of,
                            const ContestantSummary& summary, const std::vector<HistorySheetLine>& lines);

}  // namespace lf
