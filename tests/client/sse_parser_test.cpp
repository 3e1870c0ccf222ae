#include "scoring/client/sse_parser.h"

#include <gtest/gtest.h>

#include <vector>

namespace lf {
namespace {

std::vector<SseEvent> parse_in_chunks(const std::string& text, size_t chunk) {
  std::vector<SseEvent> out;
  SseParser p([&](const SseEvent& e) { out.push_back(e); });
  for (size_t i = 0; i < text.size(); i += chunk) p.feed(std::string_view(text).substr(i, chunk));
  return out;
}

const std::string kTwoEvents =
    ": keepalive\n\n"
    "id: 7\nevent: publish\ndata: {\"seq\":7}\n\n"
    "id: 9\r\nevent: stage\r\ndata: a\r\ndata: b\r\n\r\n";

TEST(SseParser, ReadsIdKindAndDataAndSkipsKeepalives) {
  auto events = parse_in_chunks(kTwoEvents, kTwoEvents.size());
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].id, 7);
  EXPECT_EQ(events[0].event, "publish");
  EXPECT_EQ(events[0].data, "{\"seq\":7}");
  EXPECT_EQ(events[1].id, 9);
  EXPECT_EQ(events[1].data, "a\nb");  // CRLF line ends, two data lines
}

TEST(SseParser, SameEventsWhateverTheChunkBoundaries) {
  for (size_t chunk = 1; chunk <= 7; ++chunk) {
    auto events = parse_in_chunks(kTwoEvents, chunk);
    ASSERT_EQ(events.size(), 2u) << chunk;
    EXPECT_EQ(events[1].data, "a\nb") << chunk;
  }
}

TEST(SseParser, AnUnfinishedEventWaitsForItsBlankLine) {
  auto events = parse_in_chunks("id: 3\nevent: mark\ndata: x\n", 100);
  EXPECT_TRUE(events.empty());
}

}  // namespace
}  // namespace lf
