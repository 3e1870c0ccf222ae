// The organizer's changes to a group's recorded draw (抽签), before they are sent: a redraw with
// a new seed (重新抽签) or an order entered by hand (手动排序, by moving a teacher up or down or
// by typing the draw numbers in the new running order). Both replace a recorded draw, so both
// carry a reason (docs/api.md, POST /api/draw: `redraw` and `reason`).
//
// Contract: pure functions of their arguments (no ImGui, no network), never throw. A request
// that the server would refuse for a reason the console can see (no reason chosen, an order
// that is not the drawn group's, nothing changed) is refused here, in the console's Chinese
// words (ConsoleStrings), and nothing is sent.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "data/format/json_text.h"
#include "judge_console/console_strings.h"
#include "judge_console/console_view.h"
#include "scoring/engine/status.h"

namespace lf {

// The organizer's editing of one group's draw (UI thread state, kept between frames).
struct DrawEdit {
  enum class Mode { kNone, kRedraw, kManual };
  Mode mode = Mode::kNone;
  std::string round, group;        // the step being changed
  int64_t based_on_ms = 0;         // the record's at_ms when editing began: a newer one ends it
  std::vector<std::string> order;  // manual: ids in the running order being entered
  int reason = -1;                 // index into the mode's reasons (-1: none chosen)
  std::string typed;               // manual: the draw numbers typed
  std::string problem;             // the last local refusal, shown under the editor
  bool bring_into_view = true;     // the screen scrolls once to show the editor's buttons

  bool editing(const RoundStep& step) const {
    return mode != Mode::kNone && step.round == round && step.group == group;
  }
};

// Start changing `step` (a recorded draw) in `mode`; the manual order starts as drawn.
DrawEdit begin_draw_edit(const RoundStep& step, DrawEdit::Mode mode);

// Moves the teacher at `index` one place earlier (delta -1) or later (+1); out of range: no-op.
void move_in_order(std::vector<std::string>& order, size_t index, int delta);

// "3 1 2" (the drawn numbers in the new running order; spaces, commas or 、 between them) into
// the ids of `drawn` (the recorded order, number k+1 at index k) in that order. Every number
// from 1 to drawn.size() exactly once, or a refusal naming the first problem.
Result<std::vector<std::string>> order_from_numbers(const std::vector<std::string>& drawn,
                                                    std::string_view typed,
                                                    const ConsoleStrings& s);

// The body of POST /api/draw for the edit of `step`: {round, group, redraw: true, reason} and,
// for a manual order, `order` (ids). Refused without a reason, for an order that is not a
// rearrangement of the drawn one, or (manual) an order unchanged.
Result<Json> draw_edit_request(const RoundStep& step, const DrawEdit& edit,
                               const ConsoleStrings& s);

}  // namespace lf
