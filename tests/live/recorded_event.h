// Tests' events as the store would read them back: read_event over a kind and its JSON, the
// test failing (and an empty event returned) when the JSON does not read as that kind.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "data/live/event.h"

namespace lf::test_events {

inline Event recorded(int64_t seq, int64_t at_ms, std::string actor, std::string_view kind, Json payload,
                      std::string idempotency_key = {}) {
  auto e = read_event(seq, at_ms, std::move(actor), kind, std::move(payload), std::move(idempotency_key));
  EXPECT_TRUE(e.ok()) << e.status().to_string();
  return e.ok() ? e.value() : Event{};
}

}  // namespace lf::test_events
