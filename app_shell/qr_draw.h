// A QR code (data/format/qr_code.h) drawn with ImGui rectangles, for the screens that show the
// venue's join link (the organizer's console, the display's idle scene). UI thread only, like
// ImGui itself.
#pragma once

#include <imgui.h>

#include "data/format/qr_code.h"

namespace lf {

// Draws `m` with its quiet zone as a white square of at most `side` pixels whose top-left
// corner is `at`: dark modules black on white whatever the theme (a camera needs dark on light).
// Modules are whole pixels when they can be (at least 2 px), so none is blurred or a pixel
// thinner than its neighbour; the square then shrinks to a multiple of the module count.
// Returns the side drawn. One rectangle per horizontal run of dark modules.
float draw_qr_code(ImDrawList& list, const QrMatrix& m, ImVec2 at, float side);

}  // namespace lf
