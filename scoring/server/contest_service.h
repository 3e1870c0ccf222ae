// The live contest behind the HTTP API: the role gate (protocol/access.h), decoding, sessions,
// idempotency, a mark's revision, and durable acceptance through the store. Every rule about
// the contest and its state is decided by scoring/live/live_rules.h (decide()); this class only
// calls it. Knows nothing of sockets: each call takes parsed JSON and returns a Reply (status +
// JSON body), so it is tested without them.
//
// Concurrency: any number of threads may call any method. Changes are queued to one writer
// thread, which checks them in order against the latest state, commits a whole batch in one
// SQLite transaction (group commit: one fsync for many judges), then answers each caller.
// A change is answered "saved" only after its commit. Reads see the last committed state.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <set>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "data/live/history.h"
#include "data/store/contest_store.h"
#include "scoring/engine/mutex.h"
#include "scoring/engine/standings.h"
#include "scoring/live/live_rules.h"
#include "scoring/protocol/requests.h"
#include "scoring/protocol/visibility.h"
#include "scoring/server/auth.h"
#include "scoring/server/clock.h"
#include "scoring/server/login_code_key.h"
#include "scoring/server/login_pacer.h"
#include "scoring/server/once_per_change.h"

namespace lf {

struct Reply {
  int status = 200;
  Json body = Json::object();
  bool ok() const { return status < 400; }
};

// {"error": message, "field": field} with protocol::http_status(kind) (every refusal the
// server sends takes its status from there; scoring/protocol/refusal_status.h). Messages are in Chinese: an
// organizer or a judge reads them.
Reply error_reply(ErrorKind kind, std::string message, std::string field = "");
Reply error_reply(const Error& e);
// 429 for a login that did not get its turn to have its code checked: a Chinese message
// with the seconds to wait, and {"retry_after_s": n}. Says nothing about the code.
Reply login_wait_refusal(int64_t retry_after_ms);

// A logged-in person.
struct Session {
  std::string person;
  std::string role;  // protocol::role
  std::string name;
  int venue = -1;    // head judge, timekeeper: their venue
  int judge = -1;    // judge: index into contest.judges
  int64_t created_ms = 0;    // when the login happened
  int64_t last_seen_ms = 0;  // the last request with this token
};

// How long a login lasts: ended after this long unused, and after this long in any case (a
// new contest day, a new login). The server's command line sets them.
struct SessionLimits {
  int64_t idle_ms = 8 * 3600 * 1000;
  int64_t max_ms = 24 * 3600 * 1000;
};

// Bounds that keep one person (or one hostile device) from growing the server without limit.
// Each device logs in once; a person with more devices than this is using old logins, and the
// oldest is ended when a new one starts.
inline constexpr size_t kMaxSessionsPerPerson = 8;
// Changes waiting for the writer: far above a hall of judges (each waits for its answer), low
// enough that a flood is answered "busy" rather than held in memory.
inline constexpr size_t kMaxQueuedChanges = 4096;
// Ended logins whose reason is remembered (logout, re-issue, replaced, expired), so a 401 can
// say why; the oldest are forgotten first (their token then reads as "unknown"). Not kept
// across a restart.
inline constexpr size_t kEndedSessionsRemembered = 4096;
// Events kept in memory for the live feed; older ones are read back from the database, so the
// server's memory does not grow with the log.
inline constexpr size_t kFeedTailEvents = 4096;

class ContestService {
 public:
  static Result<std::unique_ptr<ContestService>> open(std::unique_ptr<ContestStore> store,
                                                      const Clock& clock);
  ~ContestService();  // finishes queued changes, then stops the writer

  // POST /api/login {code, api_version} -> {token, person, role, name, venue, api_version}.
  // Codes are checked at the pace of login_pacer() (login_pacer.h). login() asks for a turn
  // and, when it would have to wait, answers 429 without looking at the code (for callers that
  // cannot wait); the HTTP layer waits for its turn without a thread and then calls
  // login_in_turn(), which checks the code and settles the turn with the pacer.
  Reply login(const Json& body, const std::string& client_address);
  Reply login_in_turn(const Json& body, const std::string& client_address);
  LoginPacer& login_pacer() { return pacer_; }
  // The bounds per person the rules decide with (live::Bounds; default: the rulebook's). Only
  // liangfen-bench-server raises them, to measure the store's ceiling with judges who send
  // far more corrections than a day allows. Thread-safe; applies to changes decided after it.
  void set_bounds(const live::Bounds& bounds);
  // The session of a bearer token, if valid and not expired (an expired one is ended). A
  // valid one counts as used now (its idle time starts again): every authorized request and
  // each keepalive of an open live feed call this.
  std::optional<Session> session(const std::string& token);
  // Why the login of `token` is not valid: one of protocol::session_end's reasons (kUnknown
  // for a token never seen, forgotten, or from before a restart).
  const char* ended_reason(const std::string& token) const;
  // The 401 for a token whose login is not valid, with its reason (protocol/session_end.h).
  Reply session_ended_reply(const std::string& token) const;
  void set_session_limits(SessionLimits limits);
  // POST /api/logout: ends this token's session.
  Reply logout(const std::string& token);
  // POST /api/people/reissue {person} (organizer): a new login code for one person, every
  // session of theirs ended; answers {person, name, code}. Everyone else is untouched.
  Reply reissue_code(const Session& who, const Json& body);
  // Called with the token hashes (sha256_hex of the token) of logins that just ended and the
  // reason (protocol::session_end), whichever way they ended: logout, re-issue, a newer login
  // beyond kMaxSessionsPerPerson, expiry noticed by session(). The HTTP layer closes their live
  // feeds. Called on the thread that ended them, with no lock of this service held; must
  // return quickly and not call back into login(), logout() or reissue_code(). set(nullptr)
  // returns once no call is in progress.
  using SessionEndListener = std::function<void(const std::vector<std::string>& token_hashes, const char* reason)>;
  void set_session_end_listener(SessionEndListener listener);

  // A change: kind is one of protocol::request_specs()' kinds other than login. The body is
  // decoded first (400 naming the field, nothing queued); then the change waits until it is
  // durably committed or refused. A reused idempotency key answers the first result when the
  // request is the same, 409 when it is not.
  Reply change(const Session& who, const std::string& kind, const Json& body);

  Reply state(const Session& who) const;    // what this role may see
  Reply results(const Session& who) const;  // published only, for displays and judges
  // What `who` sees of the state and the results (protocol::view_rules with this contest's
  // anonymity). Thread-safe.
  protocol::ViewRules view_rules_of(const Session& who) const;
  // The (round, group)s whose published results are final (protocol::group_is_final).
  std::set<std::pair<int, int>> groups_final_on_projector() const;
  Reply export_contest(const Session& who) const;
  // The same answers serialized, for the HTTP layer: each view (state: a role, venue and
  // judge; results: a role; the export) is computed once per change of the log and shared by
  // every request until the next change (once_per_change.h); state_text() adds what is
  // personal (me, server_time_ms) to the shared view.
  struct TextReply {
    int status = 200;
    std::string body;
  };
  std::string state_text(const Session& who) const;
  TextReply results_text(const Session& who) const;
  TextReply export_text(const Session& who) const;
  // GET /api/history?contestant=ID[&from=N][&limit=N]: one contestant's trail
  // (data/live/history.h), a page of at most `limit` (≤ kMaxHistoryPage) lines from line
  // `from`, as {contestant: {id, heading}, lines: [...], from, total, next_from (null on the
  // last page)}: everything for the organizer, the events of their venue for a head judge
  // (live::may_see), 403 for anyone else. The whole trail is made once per change for each
  // contestant and view, from the log read through a read-only connection of its own (O(events),
  // without the store's lock: the writer goes on committing), each line kept as its JSON text;
  // a page is those texts joined (O(page bytes)), so an insider asking for pages in a loop
  // costs a copy, not a JSON document per request (issue 23 §5).
  static constexpr size_t kMaxHistoryPage = 500;
  TextReply history_text(const Session& who, const std::string& contestant, size_t from = 0,
                         size_t limit = kMaxHistoryPage) const;
  Reply backup(const Session& who, const std::string& path);

  // Events visible to `who` with seq > cursor, oldest first (SSE). Waits up to `timeout` for
  // one to arrive when there is none yet. Moves `cursor` past every event it looked at,
  // visible or not, so a display does not rescan the judges' marks on every wake-up.
  std::vector<Event> events_after(const Session& who, int64_t& cursor, size_t limit,
                                  std::chrono::milliseconds timeout) const;
  int64_t last_seq() const;
  // Wakes every events_after() waiter and makes later calls return at once: the server is
  // stopping and must not wait out the listeners' keepalive.
  void release_listeners();
  // Called (on the writer thread, after the commit) whenever new events are in the log, and
  // once from release_listeners(); the HTTP layer uses it to wake its live-feed connections
  // without a thread per listener. Must return quickly and not call back into change().
  void set_commit_listener(std::function<void()> listener);

  // The contest as it stands now: the imported file with every roster fix and topic added
  // since (they replace it whole, so a caller keeps a consistent one as long as it holds it).
  std::shared_ptr<const ContestFile> contest_file() const;
  std::shared_ptr<const Contest> contest() const {
    auto f = contest_file();
    return std::shared_ptr<const Contest>(f, &f->contest);
  }
  const Clock& clock() const { return clock_; }
  // The standings computed from the live state (all marks) or only what is published.
  std::shared_ptr<const ContestResult> standings(bool published_only) const;
  LiveState live_state() const;

 private:
  struct Pending {
    Session who;
    std::string kind;
    Json body;  // as sent; compared with the stored event when an idempotency key is reused
    protocol::ChangeRequest request;
    std::promise<Reply> reply;
  };

  ContestService(std::unique_ptr<ContestStore> store, const Clock& clock, ContestFile file,
                 LiveState state, std::vector<Event> tail);
  void writer_loop();
  std::vector<Reply> write_batch(std::vector<std::unique_ptr<Pending>>& batch);
  // Checks one change against `scratch` (the state including earlier changes of the batch)
  // and `standings_of_scratch` (its standings, computed only when a rule asks): live::decide(),
  // then the mark's revision; turns it into an event, or refuses it.
  Reply check(const Pending& p, const ContestFile& file, const LiveState& scratch,
              const std::function<std::shared_ptr<const ContestResult>()>& standings_of_scratch,
              Event& out) const;
  bool visible(const Contest& contest, const Session& who, const Event& e) const;
  // The contest and its state from one commit.
  struct Snapshot {
    std::shared_ptr<const ContestFile> file;
    LiveState state;
  };
  Snapshot snapshot() const;
  Json state_view(const Session& who) const;      // state() without state_personal()
  // The state's "ties" for who may rule (the organizer: every round and group; a head judge:
  // their venue's), from scoring/live/tie_stakes.h over `full` (the unpublished standings too).
  Json ties_json(const Session& who, const Contest& contest, const ContestResult& full,
                 const std::function<Json(int, int)>& person) const;
  Json state_personal(const Session& who) const;  // me, server_time_ms, login_suspects
  struct HistoryPage {
    std::vector<std::string> line_texts;  // each line's JSON object (history_json), oldest first
  };
  HistoryPage history_lines(const Session& who, const Contest& contest,
                            int contestant) const;  // throws runtime_error

  mutable Mutex bounds_mu_;
  live::Bounds bounds_ LF_GUARDED_BY(bounds_mu_);
  const std::string store_path_;  // the database's file, for the history's second connection
  mutable Mutex store_mu_;  // the store is single-threaded: writer, logins and backups share it
  std::unique_ptr<ContestStore> store_ LF_PT_GUARDED_BY(store_mu_);
  const Clock& clock_;
  mutable LoginPacer pacer_;
  mutable OncePerChange<TextReply> answers_{256};
  mutable OncePerChange<HistoryPage> histories_{32};
  mutable Mutex reader_mu_;  // the history's read-only connection (opened on first use)
  mutable std::unique_ptr<ContestStore> reader_ LF_GUARDED_BY(reader_mu_)
      LF_PT_GUARDED_BY(reader_mu_);

  mutable SharedMutex state_mu_;
  // Replaced whole (never changed in place) by the writer when a roster fix or a topic is
  // committed, under state_mu_ with the state of the same commit.
  std::shared_ptr<const ContestFile> file_ LF_GUARDED_BY(state_mu_);
  LiveState state_ LF_GUARDED_BY(state_mu_);
  std::deque<Event> tail_ LF_GUARDED_BY(state_mu_);  // the newest kFeedTailEvents events, for the live feed
  int64_t last_seq_ LF_GUARDED_BY(state_mu_) = 0;
  // The seq of the last event that can change the published standings
  // (changes_published_standings): what a display's results and the published standings are
  // made once for, so a judge's marks do not make them again.
  int64_t published_seq_ LF_GUARDED_BY(state_mu_) = 0;
  mutable std::shared_ptr<const ContestResult> cached_[2] LF_GUARDED_BY(cache_mu_);
  mutable int64_t cached_seq_[2] LF_GUARDED_BY(cache_mu_) = {-1, -1};
  mutable Mutex cache_mu_;
  mutable std::condition_variable_any new_event_;
  std::atomic<bool> listeners_released_{false};
  mutable Mutex listener_mu_;
  std::function<void()> commit_listener_ LF_GUARDED_BY(listener_mu_);
  void notify_commit() const;

  mutable Mutex sessions_mu_;
  std::map<std::string, Session> sessions_ LF_GUARDED_BY(sessions_mu_);  // token hash -> session
  // person -> token hashes, oldest first
  std::map<std::string, std::deque<std::string>> sessions_of_ LF_GUARDED_BY(sessions_mu_);
  std::map<std::string, PersonRecord> people_by_hash_ LF_GUARDED_BY(sessions_mu_);
  std::optional<LoginCodeKey> code_key_;  // set once by open()
  SessionLimits limits_;
  std::unordered_map<std::string, const char*> ended_ LF_GUARDED_BY(sessions_mu_);  // token hash -> reason
  // oldest first, at most kEndedSessionsRemembered
  std::deque<std::string> ended_order_ LF_GUARDED_BY(sessions_mu_);
  // With sessions_mu_ held: ends one login, in the database first (on failure it is kept),
  // remembers why, and adds its hash to `ended` for notify_session_end() once the lock is
  // released.
  Status end_session(const std::string& token_hash, const char* reason, std::vector<std::string>& ended)
      LF_REQUIRES(sessions_mu_);
  void remember_ended(const std::string& token_hash, const char* reason) LF_REQUIRES(sessions_mu_);
  void notify_session_end(const std::vector<std::string>& token_hashes, const char* reason) const;
  mutable Mutex session_listener_mu_;
  SessionEndListener session_end_listener_ LF_GUARDED_BY(session_listener_mu_);

  Mutex queue_mu_;
  std::condition_variable_any queue_cv_;
  std::deque<std::unique_ptr<Pending>> queue_ LF_GUARDED_BY(queue_mu_);
  bool stopping_ LF_GUARDED_BY(queue_mu_) = false;
  std::thread writer_;
};

}  // namespace lf
