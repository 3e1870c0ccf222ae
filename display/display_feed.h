// Where the display's snapshots come from. LiveFeed: a thread that logs in to the server as a
// display, fetches the public state and the published results, follows the live feed and
// rebuilds the snapshot on every relevant event. When its login ends (expiry over a night, a
// 9th login, a logout: protocol/session_end.h) it logs in again with the code it holds and
// resumes the feed after the last event it had; a code that no longer works (re-issued,
// wrong) is not tried again: the display says so and keeps its last picture. demo_snapshots(): the bundled sample contest,
// computed by the engine, for screenshots and rehearsals without a server.
//
// Thread-safety: snapshot() and status() may be called from any thread (the UI thread); the
// feed's own thread is the only writer. The snapshot is immutable once published.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "scoring/client/api_client.h"
#include "scoring/client/event_stream.h"
#include "data/live/event.h"
#include "display/display_snapshot.h"
#include "display/snapshot_builder.h"
#include "scoring/engine/mutex.h"

namespace lf {

struct FeedStatus {
  bool connected = false;
  std::string message;          // why not, in words (Chinese for the hall, details for the log)
  std::string last_update;      // "14:05:31", wall clock of the last snapshot
  // The server answers but the login has ended or is refused: the words to show instead of
  // "disconnected" (登录已失效：…). Empty otherwise.
  std::string login_problem;
};

class LiveFeed {
 public:
  // `wake` is called (on the feed's thread) after each new snapshot, to end the UI's sleep.
  // `name` is this display's name (main, lobby, ...) for the organizer's scene commands.
  LiveFeed(ServerAddress server, std::string code, std::string name, std::function<void()> wake);
  ~LiveFeed();
  void start();
  void stop();

  std::shared_ptr<const DisplaySnapshot> snapshot() const { return std::atomic_load(&snapshot_); }
  FeedStatus status() const;
  // Blocks until a snapshot with last_seq >= seq exists (tests); false after `timeout_ms`.
  bool wait_for_seq(int64_t seq, int timeout_ms) const;

  // How often the feed has read each document from the server (tests: an event that carries
  // what changed, a clock, is applied without reading either; one that cannot change the
  // published results, a stage call, without reading the results).
  struct Reads {
    int state = 0, results = 0;
  };
  Reads reads() const { return {state_reads_.load(), results_reads_.load()}; }

 private:
  void run();
  void run_feed();
  // Fetches the state (and the results when `with_results` or none is held yet), builds,
  // publishes: 200, or the failing answer's HTTP status (0: no answer; -1: an answer the display
  // cannot read). A refusal's body is kept in refusal_.
  int refresh(bool with_results);
  // Builds and publishes a snapshot from the documents last read, with the clocks the feed has
  // carried since applied: true, or false with the banner saying why.
  bool publish_snapshot();
  // One event from the live feed, typed: what it changes and whether the documents must be read.
  // `history_end`: the log's end when the display first connected (older scene commands are
  // old news).
  void on_event(const Event& e, int64_t history_end) LF_REQUIRES(mu_);
  void set_status(bool connected, std::string message, std::string login_problem = "");
  // The login ended (`reason`: protocol::session_end): stops the stream, forgets the token.
  void end_login(const std::string& reason);
  void start_stream();
  bool wait_or_stop(int ms);  // true when stopping

  ApiClient api_;
  std::string code_;
  std::function<void()> wake_;
  std::shared_ptr<const DisplaySnapshot> snapshot_;
  std::optional<PublishedSection> last_publish_ LF_GUARDED_BY(mu_);
  std::string name_;
  std::optional<SceneCommand> command_ LF_GUARDED_BY(mu_);
  Json refusal_;               // the feed thread's: the last refused request's answer
  Json last_state_, last_results_;  // the feed thread's: the documents last read
  std::atomic<int> state_reads_{0}, results_reads_{0};
  int64_t history_end_ = -1;   // the log's end when the display first connected
  int64_t resume_after_ = 0;   // the last event the previous stream delivered
  bool code_dead_ = false;     // the code was refused or re-issued: not tried again

  mutable Mutex mu_;
  mutable std::condition_variable_any cv_;
  bool dirty_ LF_GUARDED_BY(mu_) = false, stopping_ LF_GUARDED_BY(mu_) = false,
       stream_up_ LF_GUARDED_BY(mu_) = false;
  // An event changed the published results (read them again with the state).
  bool results_dirty_ LF_GUARDED_BY(mu_) = false;
  // An event carried all it changes (a clock, a scene): rebuild without reading anything.
  bool rebuild_ LF_GUARDED_BY(mu_) = false;
  // venue key -> (the event's seq, the clock as /api/state writes it), applied to every state
  // read older than that event.
  std::map<std::string, std::pair<int64_t, Json>> clocks_carried_ LF_GUARDED_BY(mu_);
  // The newest event applied from what it carried (a snapshot with no read pending is as new).
  int64_t carried_seq_ LF_GUARDED_BY(mu_) = 0;
  // from the stream: the reason (protocol::session_end)
  std::optional<std::string> session_ended_ LF_GUARDED_BY(mu_);
  FeedStatus status_ LF_GUARDED_BY(mu_);
  std::unique_ptr<EventStream> stream_;
  std::thread thread_;
};

// The sample contest as the display would see it at the end of the final: every result
// published (the sample's deliberate gaps settled as head judges would: settle_for_rehearsal in
// scoring/live/rehearsal.h), one contestant's last section just revealed, and that contestant
// still on stage with the clock running.
// `previous` is the same before that last publish (for the movement arrows).
struct DemoSnapshots {
  DisplaySnapshot previous, current;
};
Result<DemoSnapshots> demo_snapshots(const std::string& contest_path);

}  // namespace lf
