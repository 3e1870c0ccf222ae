#include "outbox_sender.h"

namespace lf {

OutboxSender::Pass OutboxSender::send_pending() {
  Pass pass;
  for (const OutboxItem& item : outbox_.pending()) {
    outbox_.count_attempt(item.key);
    ApiAnswer a = post_(item.path, item.body);
    if (a.ok()) {
      outbox_.remove(item.key);
      ++pass.saved;
      continue;
    }
    if (!a.connected() || a.status >= 500 || a.status == 408 || a.status == 429) {
      pass.stalled = true;
      pass.error = a.message();
      return pass;
    }
    if (a.status == 401) {
      pass.stalled = pass.need_login = true;
      pass.error = a.message();
      return pass;
    }
    outbox_.refuse(item.key, a.message());
    ++pass.refused;
  }
  return pass;
}

}  // namespace lf
