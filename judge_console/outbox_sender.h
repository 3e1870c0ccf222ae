// Sends what waits in the outbox, oldest first, and decides from each answer: saved -> removed;
// no answer, 5xx, 408, 429 -> kept, tried again later with the same key; 401 -> kept, the
// console must log in again; any other refusal -> kept but marked refused with the server's
// reason (shown to the judge; never resent). Nothing leaves the outbox unanswered.
//
// Thread-safety: one sender per outbox, used by one thread (the console's network thread).
#pragma once

#include <functional>

#include "client/api_client.h"
#include "outbox.h"

namespace lf {

class OutboxSender {
 public:
  using Post = std::function<ApiAnswer(const std::string& path, const Json& body)>;
  OutboxSender(Outbox& outbox, Post post) : outbox_(outbox), post_(std::move(post)) {}

  struct Pass {
    int saved = 0, refused = 0;
    bool stalled = false;     // stopped at an item to retry later (no connection, busy server)
    bool need_login = false;  // 401: the session is gone
    std::string error;        // why it stalled
  };
  // Sends until the outbox is empty or an item must wait. Order is kept: a later correction
  // never overtakes the mark it corrects.
  Pass send_pending();

 private:
  Outbox& outbox_;
  Post post_;
};

}  // namespace lf
