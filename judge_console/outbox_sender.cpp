#include "judge_console/outbox_sender.h"

#include <cstdio>
#include <set>

#include "judge_console/console_strings.h"

namespace lf {

std::string stale_mark_reason(const ApiAnswer& a) {
  const Json current = a.body.is_object() ? a.body.value("current", Json::object()) : Json::object();
  std::string points = current.is_object() && current.contains("points") ? json_decimal_text(current["points"]).value_or("")
                                                                         : "";
  char buf[256];
  if (points.empty()) std::snprintf(buf, sizeof buf, "%s", console_strings().mark_stale_unknown);
  else std::snprintf(buf, sizeof buf, console_strings().mark_stale, points.c_str());
  return buf;
}

OutboxSender::Pass OutboxSender::send_pending() {
  Pass pass;
  std::set<std::string> skipped;
  // The outbox could not record something: stop the pass. Going on would send the same item
  // again at once (its answer was not recorded), in a loop with a new request each time.
  // SQLite's own words (in English) are left out: the judge reads this; the fix is another tablet.
  auto storage_failed = [&](const Status&) {
    pass.stalled = pass.storage_error = true;
    pass.error = console_strings().storage_error_help;
    return pass;
  };
  // Read again after every answer: saving or refusing an item rewrites the ones chained to it.
  for (bool progress = true; progress;) {
    progress = false;
    for (const OutboxItem& item : outbox_.pending()) {
      if (skipped.count(item.key)) continue;
      if (item.owner != person_) {  // typed by someone else: only ever sent under their login
        skipped.insert(item.key);
        ++pass.foreign;
        continue;
      }
      if (item.path == kMarksPath && json_string(item.body, "judge") != person_) {
        if (Status s = outbox_.refuse(item.key, console_strings().not_his_mark); !s.ok()) return storage_failed(s);
        ++pass.refused;
        progress = true;
        break;
      }
      if (!item.after_key.empty()) {  // the item it corrects has not been answered yet
        pass.stalled = true;
        pass.error = "等待前一条发送完成";
        return pass;
      }
      // Not sent when even the attempt cannot be written: the answer could not be recorded
      // either, and the judge must hear that this tablet's storage is failing.
      if (Status s = outbox_.count_attempt(item.key); !s.ok()) return storage_failed(s);
      ApiAnswer a = post_(item.path, item.body);
      if (a.ok()) {
        int64_t seq = a.body.is_object() && a.body["seq"].is_number_integer() ? a.body["seq"].get<int64_t>() : 0;
        // Saved on the server but not recorded here: the next pass sends it again with the same
        // key, and the server answers with the same seq (idempotent), after the back-off.
        if (Status s = outbox_.mark_saved(item.key, seq); !s.ok()) return storage_failed(s);
        ++pass.saved;
        progress = true;
        break;
      }
      const Status refusal = a.refusal();
      const ErrorKind kind = refusal.kind();
      // Nothing was saved and the same item may be sent again: keep it, stop this pass.
      if (kind == ErrorKind::unavailable || kind == ErrorKind::internal || kind == ErrorKind::too_many) {
        pass.stalled = true;
        pass.error = a.message();
        return pass;
      }
      if (kind == ErrorKind::unauthenticated) {
        pass.stalled = pass.need_login = true;
        pass.error = a.message();
        return pass;
      }
      bool stale = kind == ErrorKind::conflict && refusal.errors().front().path == "revision";
      if (Status s = outbox_.refuse(item.key, stale ? stale_mark_reason(a) : a.message()); !s.ok())
        return storage_failed(s);
      ++pass.refused;
      if (stale) ++pass.stale;
      progress = true;
      break;
    }
  }
  return pass;
}

}  // namespace lf
