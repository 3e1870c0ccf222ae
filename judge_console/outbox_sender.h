// Sends what waits in the outbox, oldest first, under the login of `person` only, and decides
// from each answer: saved -> a receipt (marks) or removed; no answer, 5xx, 408, 429 -> kept,
// tried again later with the same key; 401 -> kept, the console must log in again; 409 on
// "revision" -> refused as stale, with the value the server holds now, in words; any other
// refusal -> kept but marked refused with the server's reason (shown to the judge; never
// resent). Nothing leaves the outbox unanswered, and nothing is sent under someone else's
// login: an item of another owner is skipped (and counted). When the outbox cannot write (a
// read-only file, a full disk) the pass stops at once with storage_error (本机存储出错): at
// most one request per pass, and the caller backs off before the next.
//
// Thread-safety: one sender per outbox, used by one thread (the console's network thread).
#pragma once

#include <functional>

#include "scoring/client/api_client.h"
#include "judge_console/outbox.h"

namespace lf {

class OutboxSender {
 public:
  using Post = std::function<ApiAnswer(const std::string& path, const Json& body)>;
  // `person`: who is logged in (the only owner whose items may be sent).
  OutboxSender(Outbox& outbox, std::string person, Post post)
      : outbox_(outbox), person_(std::move(person)), post_(std::move(post)) {}

  struct Pass {
    int saved = 0, refused = 0;
    int stale = 0;            // of the refused: another device had changed the mark since
    int foreign = 0;          // items of another owner, not sent
    bool stalled = false;     // stopped at an item to retry later (no connection, busy server)
    bool need_login = false;  // 401: the session is gone
    bool storage_error = false;  // the outbox could not write: stalled, the error says so
    std::string error;        // why it stalled
  };
  // Sends until the outbox is empty or an item must wait. Order is kept: a later correction
  // never overtakes the mark it corrects.
  Pass send_pending();

 private:
  Outbox& outbox_;
  std::string person_;
  Post post_;
};

// The judge's words for a 409 on "revision": "这个分数已在另一台设备上改为 9.5，本机的修改未保存".
std::string stale_mark_reason(const ApiAnswer& a);

}  // namespace lf
