// The console's link to the server, on a thread of its own so the UI never waits on the
// network: it logs in, keeps the ConsoleView fresh (the live feed triggers a refetch of
// /api/state), sends the outbox, and runs the other actions (stage, publish, return, ruling,
// clock, call the head judge). Results come back through a queue the UI drains each frame.
//
// Thread-safety: every public method may be called from the UI thread while the client's
// thread runs. The view is built on the client's thread only, from what only that thread
// touches (the last /api/state answer, the outbox's contents), and swapped in whole as an
// immutable snapshot; the UI thread reads the snapshot and the mutex-guarded status, nothing
// else. queue_change writes the outbox (itself thread-safe) and wakes the client's thread,
// which rebuilds the view.
//
// Whose marks: the outbox of the person logged in is open while they are; logging out closes
// it, and the next login opens the next person's. Items are only sent under their owner's
// login. Other people's unsent items on this tablet are counted (status().others).
//
// A login the server has ended (any 401: re-issued code, expiry, a 9th login; the live feed's
// last event) goes back to the login panel with the reason's words (protocol/session_end.h),
// as after a logout: the outbox is closed, stays on disk and is sent when the same person logs
// in again.
//
// Offline: the last /api/state answer is kept per person in the data folder (owner-only
// permissions). A console started with a remembered session while the server does not answer
// builds its view from it (status().offline_view), so marks can still be typed into the outbox.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "scoring/client/api_client.h"
#include "scoring/client/event_stream.h"
#include "judge_console/console_view.h"
#include "judge_console/outbox.h"
#include "judge_console/outbox_sender.h"
#include "scoring/engine/mutex.h"

namespace lf {

struct ConsoleStatus {
  bool logged_in = false;
  bool connected = false;
  bool login_in_flight = false;
  std::string message;  // the last problem, in words (empty when all is well)
  size_t unsynced = 0;  // outbox items not yet saved by the server
  size_t refused = 0;   // outbox items the server refused (shown to the judge)
  bool offline_view = false;  // the view is the last saved state; the server has not answered
  bool storage_error = false;  // the outbox cannot write (本机存储出错); message says so
  std::vector<OthersUnsent> others;  // other people's unsent items on this tablet
};

struct ActionResult {
  int id = 0;
  bool ok = false;
  std::string message;
};

class ConsoleClient {
 public:
  // `data_dir` holds the outbox files and the remembered session. `wake` ends the UI's sleep.
  ConsoleClient(ServerAddress server, std::string data_dir, std::function<void()> wake);
  ~ConsoleClient();
  void start();
  void stop();

  void login(const std::string& code);
  void logout();
  // A change that must never be lost (a mark, a timing): into the outbox now, sent when it can
  // be. The error is the outbox's (disk) only; the server's answer comes later.
  Status queue_change(const std::string& path, Json body);
  // Any other action, run at once; its answer comes back through take_results().
  int act(const std::string& path, Json body);
  // GET a file (a printed document) and save it under `folder`; the result's message is the
  // saved file's path.
  int download(const std::string& path, const std::string& folder, const std::string& file_name);
  // GET a JSON answer for a panel to show (the organizer's contestant history): the body is
  // kept for take_fetched(id) and not turned into a result; a refusal comes back through
  // take_results() like any action's.
  int fetch(const std::string& path);
  // The body fetched by `id`, once, when it has arrived; nullopt before (or after a refusal).
  std::optional<Json> take_fetched(int id);
  bool in_flight(int id) const;
  std::vector<ActionResult> take_results();

  std::shared_ptr<const ConsoleView> view() const { return std::atomic_load(&view_); }
  ConsoleStatus status() const;
  int64_t server_clock_offset_ms() const { return clock_offset_ms_; }  // server - local
  const ServerAddress& server() const { return api_.server(); }

 private:
  struct Action {
    int id;
    std::string path;
    Json body;
    std::string save_as;  // non-empty: a GET whose bytes go to this file
    bool fetch = false;   // a GET whose JSON body is kept for take_fetched()
  };
  // The client's thread only, from here to the mutex.
  void run();
  void run_loop();
  int refresh();  // GET /api/state: the HTTP status (0: no answer)
  void rebuild_view();
  bool use_outbox(const std::string& person);
  void close_session(bool forget);
  bool resume_offline();
  void start_stream();
  // The login has ended for `reason` (protocol::session_end): back to the login panel.
  void end_login(const std::string& reason);
  void save_session() const;
  void load_session();
  void save_state(const Json& state);
  Json load_state(const std::string& person) const;
  std::string state_path(const std::string& person) const;
  void scan_others();
  void set_message(std::string m);
  std::shared_ptr<Outbox> outbox() const;

  ApiClient api_;
  const std::string data_dir_;
  const std::function<void()> wake_;
  std::unique_ptr<EventStream> stream_;
  Json last_state_;
  std::string session_person_;  // the remembered session's person
  int64_t saved_state_seq_ = -1;
  std::string saved_state_person_;
  std::shared_ptr<const ConsoleView> view_;  // std::atomic_load / atomic_store only
  std::atomic<int64_t> clock_offset_ms_{0};

  mutable Mutex mu_;
  std::condition_variable_any cv_;
  std::shared_ptr<Outbox> outbox_ LF_GUARDED_BY(mu_);  // the logged-in person's outbox
  bool stopping_ LF_GUARDED_BY(mu_) = false, dirty_ LF_GUARDED_BY(mu_) = true,
       kick_outbox_ LF_GUARDED_BY(mu_) = true, rebuild_ LF_GUARDED_BY(mu_) = false,
       rescan_ LF_GUARDED_BY(mu_) = true;
  std::optional<std::string> pending_login_ LF_GUARDED_BY(mu_);
  // the live feed's word that the login ended: the reason
  std::optional<std::string> session_ended_ LF_GUARDED_BY(mu_);
  bool pending_logout_ LF_GUARDED_BY(mu_) = false;
  std::deque<Action> actions_ LF_GUARDED_BY(mu_);
  std::set<int> in_flight_ LF_GUARDED_BY(mu_);
  std::vector<ActionResult> results_ LF_GUARDED_BY(mu_);
  std::map<int, Json> fetched_ LF_GUARDED_BY(mu_);  // fetch() id -> body, until taken
  int next_id_ LF_GUARDED_BY(mu_) = 1;
  ConsoleStatus status_ LF_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace lf
