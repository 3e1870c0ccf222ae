#include "display/display_feed.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <ctime>

#include "data/format/contest_file.h"
#include "data/live/event.h"
#include "data/live/live_state.h"
#include "scoring/protocol/public_state.h"
#include "data/format/result_json.h"
#include "scoring/engine/standings.h"
#include "scoring/protocol/protocol.h"
#include "scoring/protocol/session_end.h"
#include "display/display_strings.h"
#include "scoring/live/rehearsal.h"
#include "scoring/engine/mutex.h"

namespace lf {

namespace {

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string wall_clock_text() {
  std::time_t t = std::time(nullptr);
  char buf[16];
  std::strftime(buf, sizeof buf, "%H:%M:%S", std::localtime(&t));
  return buf;
}

}  // namespace

LiveFeed::LiveFeed(ServerAddress server, std::string code, std::string name,
                   std::function<void()> wake)
    : api_(std::move(server)), code_(std::move(code)), wake_(std::move(wake)), name_(std::move(name)) {
  status_.message = "正在连接服务器…";
}

LiveFeed::~LiveFeed() { stop(); }

void LiveFeed::start() { thread_ = std::thread([this] { run(); }); }

void LiveFeed::stop() {
  {
    MutexLock lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (stream_) stream_->stop();
}

FeedStatus LiveFeed::status() const {
  MutexLock lock(mu_);
  return status_;
}

void LiveFeed::set_status(bool connected, std::string message, std::string login_problem) {
  {
    MutexLock lock(mu_);
    status_.connected = connected;
    status_.message = std::move(message);
    status_.login_problem = std::move(login_problem);
  }
  if (wake_) wake_();
}

bool LiveFeed::wait_for_seq(int64_t seq, int timeout_ms) const {
  MutexLock lock(mu_);
  return cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&]() LF_REQUIRES(mu_) {
    auto s = std::atomic_load(&snapshot_);
    return s && s->last_seq >= seq;
  });
}

int LiveFeed::refresh(bool with_results) {
  ApiAnswer state = api_.get(protocol::path::kState);
  ++state_reads_;
  if (!state.ok()) {
    refusal_ = state.body;
    return state.status;
  }
  if (with_results || last_results_.is_null()) {
    ApiAnswer results = api_.get(protocol::path::kResults);
    ++results_reads_;
    if (!results.ok()) {
      refusal_ = results.body;
      return results.status;
    }
    last_results_ = std::move(results.body);
  }
  last_state_ = std::move(state.body);
  return publish_snapshot() ? 200 : -1;
}

bool LiveFeed::publish_snapshot() {
  auto previous = snapshot();
  std::optional<PublishedSection> publish;
  std::optional<SceneCommand> command;
  Json state = last_state_;
  {
    MutexLock lock(mu_);
    publish = last_publish_;
    command = command_;
    // The clocks the feed carried after this state was read: the event is the whole change.
    const int64_t read_at = state.value("last_seq", int64_t{0});
    for (auto it = clocks_carried_.begin(); it != clocks_carried_.end();) {
      if (it->second.first <= read_at) {  // the state already holds it, or something newer
        it = clocks_carried_.erase(it);
        continue;
      }
      if (state.contains("venues") && state["venues"].is_array())
        for (Json& v : state["venues"])
          if (v.is_object() && v.value("key", "") == it->first) v["clock"] = it->second.second;
      ++it;
    }
    // As new as the events carried, unless a read is still to come for an earlier one.
    if (!dirty_) state["last_seq"] = std::max(read_at, carried_seq_);
  }
  auto built = build_snapshot(state, last_results_, previous.get(), publish);
  if (!built.ok()) {  // the last good snapshot stays on the screen; the banner says why
    set_status(false, built.status().to_string());
    return false;
  }
  auto next = std::make_shared<DisplaySnapshot>(std::move(built.value()));
  next->command = command;
  next->received_steady_ms = steady_ms();
  std::atomic_store(&snapshot_, std::shared_ptr<const DisplaySnapshot>(std::move(next)));
  {
    MutexLock lock(mu_);
    status_.last_update = wall_clock_text();
  }
  cv_.notify_all();
  if (wake_) wake_();
  return true;
}

void LiveFeed::on_event(const Event& e, int64_t history_end) {
  // Not a std::visit: the lock analysis does not follow mu_ into lambdas, and every other kind
  // is handled alike (the last branch).
  if (const auto* k = std::get_if<ev::Clock>(&e.body)) {
    // The clock carries all of it (as /api/state writes it): applied, nothing read.
    clocks_carried_[k->venue] = {e.seq, Json{{"running", k->running},
                                             {"started_at_ms", k->started_at_ms},
                                             {"elapsed_ms", k->elapsed_ms},
                                             {"section", k->section},
                                             {"contestant", k->contestant}}};
    carried_seq_ = std::max(carried_seq_, e.seq);
    rebuild_ = true;
  } else if (const auto* d = std::get_if<ev::DisplayScene>(&e.body)) {
    if (e.seq > history_end && (d->display == "*" || d->display == name_))
      command_ = SceneCommand{e.seq, d->scene};
    carried_seq_ = std::max(carried_seq_, e.seq);
    rebuild_ = true;
  } else if (const auto* p = std::get_if<ev::Publish>(&e.body)) {
    last_publish_ = PublishedSection{e.seq, p->round, p->contestant, p->section};
    dirty_ = results_dirty_ = true;
  } else {
    // The state again, and the results when the event can change what is published
    // (data/live: changes_published_standings).
    dirty_ = true;
    results_dirty_ = results_dirty_ || changes_published_standings(e.body);
  }
}

void LiveFeed::run() {
  // The thread's exception barrier: the display keeps running and tries again after a pause.
  for (;;) {
    try {
      run_feed();
      return;
    } catch (const std::exception& e) {
      set_status(false, std::string("内部错误：") + e.what());
    } catch (...) {
      set_status(false, "内部错误");
    }
    MutexLock lock(mu_);
    if (cv_.wait_for(lock, std::chrono::milliseconds(1000), [&]() LF_REQUIRES(mu_) { return stopping_; })) return;
  }
}

bool LiveFeed::wait_or_stop(int ms) {
  MutexLock lock(mu_);
  return cv_.wait_for(lock, std::chrono::milliseconds(ms), [&]() LF_REQUIRES(mu_) { return stopping_; });
}

void LiveFeed::end_login(const std::string& reason) {
  if (stream_) {
    stream_->stop();
    resume_after_ = stream_->last_seq();
    stream_.reset();
  }
  api_.set_token("");
  {
    MutexLock lock(mu_);
    session_ended_.reset();
    stream_up_ = false;
  }
  const DisplayStrings& words = display_strings();
  // A re-issued code is dead for good: trying it would only count as a wrong code against
  // this address (the whole hall's, behind a NAT).
  code_dead_ = code_dead_ || reason == protocol::session_end::kReissued;
  std::string problem = code_dead_ ? words.code_reissued : protocol::session_end::message(reason);
  set_status(false, code_dead_ ? problem : problem + " · " + words.relogin, problem);
}

void LiveFeed::start_stream() {
  // The first time from the log's start, not from this snapshot: the latest publish made before
  // the display connected is what the reveal scene shows when switched to (the state does not
  // say which publish came last); scene commands from before are old news and not obeyed.
  // After a new login: from the last event the previous stream delivered.
  if (history_end_ < 0) history_end_ = snapshot()->last_seq;
  const int64_t history_end = history_end_;
  stream_ = std::make_unique<EventStream>(
      api_.server(), api_.token(), resume_after_,
      [this, history_end](const SseEvent& e) {
        Json data = Json::parse(e.data, nullptr, false);
        auto event = data.is_object() && data.contains("payload")
                         ? read_event(e.id, data.value("at_ms", int64_t{0}), "", e.event, data["payload"])
                         : Result<Event>(Error{"data", "不是比赛记录"});
        MutexLock lock(mu_);
        if (event.ok()) {
          on_event(event.value(), history_end);
        } else {  // not readable as its kind: read both documents again
          dirty_ = results_dirty_ = true;
        }
        cv_.notify_all();
      },
      [this](bool up, const std::string& why) {
        {
          MutexLock lock(mu_);
          stream_up_ = up;
          if (up) dirty_ = results_dirty_ = true;  // catch up on anything said while away
          if (session_ended_) return;  // the feed thread says why, and logs in again
        }
        cv_.notify_all();
        set_status(up, up ? "" : "与服务器的连接已断开（" + why + "）");
      });
  // The stream's own thread may not stop itself: it hands the end to the feed's thread.
  stream_->on_session_ended([this](const std::string& reason) {
    {
      MutexLock lock(mu_);
      session_ended_ = reason;
    }
    cv_.notify_all();
  });
  stream_->start();
}

void LiveFeed::run_feed() {
  int backoff_ms = 500;
  const DisplayStrings& words = display_strings();
  for (;;) {
    std::optional<std::string> ended;
    {
      MutexLock lock(mu_);
      if (stopping_) return;
      ended = session_ended_;
    }
    if (ended) end_login(*ended);
    if (code_dead_) {  // nothing to try: the message stays until the display is restarted
      MutexLock lock(mu_);
      cv_.wait(lock, [&]() LF_REQUIRES(mu_) { return stopping_; });
      return;
    }
    if (api_.token().empty()) {
      ApiAnswer a = api_.login(code_);
      if (!a.ok()) {
        const bool cert_refused = api_.server().pin && !api_.server().pin->refused().empty();
        if (a.connected() && a.refusal().kind() == ErrorKind::unauthenticated) {
          // This code does not open a login (re-issued meanwhile, or mistyped): not tried again.
          code_dead_ = true;
          set_status(false, words.code_refused, words.code_refused);
          continue;
        }
        if (a.connected()) {
          std::string problem = "登录失败：" + a.message();
          set_status(false, problem, problem);
        } else {
          set_status(false, cert_refused ? a.error : "无法连接服务器 " + api_.server().text());
        }
        if (wait_or_stop(backoff_ms)) return;
        backoff_ms = std::min(backoff_ms * 2, 5000);
        continue;
      }
      backoff_ms = 500;
    }
    if (int got = refresh(true); got != 200) {
      if (got == 401) {  // the login ended before the stream said so
        end_login(protocol::session_end::normalized(json_string(refusal_, "reason")));
        continue;
      }
      // 429: asked too often (the login's read ration); the picture stands, no banner.
      if (got >= 0 && got != 429) set_status(false, got == 0 ? "无法连接服务器 " + api_.server().text() : "服务器拒绝：" + json_string(refusal_, "error"));
      if (wait_or_stop(backoff_ms)) return;
      backoff_ms = std::min(backoff_ms * 2, 5000);
      continue;
    }
    if (!stream_) start_stream();
    // Follow the feed: wait for events, coalesce a burst into one read; an event that carries
    // its whole change (a clock, a scene) is applied without reading anything.
    for (;;) {
      bool read = false, with_results = false;
      {
        MutexLock lock(mu_);
        cv_.wait(lock, [&]() LF_REQUIRES(mu_) { return stopping_ || dirty_ || rebuild_ || session_ended_; });
        if (stopping_) return;
        if (session_ended_) break;
        read = dirty_, with_results = results_dirty_;
        dirty_ = results_dirty_ = rebuild_ = false;
      }
      if (!read) {
        publish_snapshot();
        continue;
      }
      if (refresh(with_results) != 200) break;  // the outer loop reads both again, after a pause if need be
    }
  }
}

Result<DemoSnapshots> demo_snapshots(const std::string& contest_path) {
  auto file = load_contest_file(contest_path);
  if (!file.ok()) return file.status();
  const Contest& c = file->contest;
  auto live = state_from_document(c, file->document);
  if (!live.ok()) return live.status();
  LiveState state = live.value();
  settle_for_rehearsal(c, state);  // the demo only: scoring/live/rehearsal.h
  // Publish every performance that has marks, in file order; the last one is "just revealed".
  std::vector<PerformanceKey> order;
  for (const Mark& m : c.marks) {
    PerformanceKey k{m.round, m.contestant, m.section};
    if (std::find(order.begin(), order.end(), k) == order.end()) order.push_back(k);
  }
  if (order.empty()) return Error{contest_path, "演示需要一个已有分数的比赛文件"};
  for (const auto& k : order) state.published.insert(k);
  // The revealed one: the last performance whose panel had marks dropped (the reveal shows the
  // striking-through), else simply the last.
  std::map<PerformanceKey, int> marks_per;
  for (const Mark& m : c.marks) ++marks_per[{m.round, m.contestant, m.section}];
  for (auto it = order.rbegin(); it != order.rend(); ++it)
    if (marks_per[*it] >= 5) {
      PerformanceKey k = *it;
      order.erase(std::next(it).base());
      order.push_back(k);
      break;
    }
  // On stage: the contestant of that last performance, in its venue, 4 min 47 s into a
  // 5-minute section: amber on the clock.
  auto [lr, lc, ls] = order.back();
  int venue = venue_for(c, lr, c.contestants[size_t(lc)].group, ls).value_or(0);
  const int64_t now = 1'800'000'000'000;
  state.stage[venue] = StageCall{lr, lc, now - 300'000};
  state.clocks[venue] = ClockState{true, ls, now - 287'000, 0, lr, lc};
  state.last_seq = 1000;
  PublishedSection pub{1000, c.rounds[size_t(lr)].key, c.contestants[size_t(lc)].id, c.sections[size_t(ls)].key};

  auto results_json = [&](const LiveState& st) {
    Contest shown = contest_with_state(c, st, true);
    Json r = parse_json(result_to_json(shown, compute_results(shown))).value();
    r["last_seq"] = st.last_seq;
    return r;
  };
  LiveState before = state;
  for (const auto& k : order)
    if (std::get<1>(k) == lc) before.published.erase(k);
  before.last_seq = 999;
  Json public_now = public_state(c, file->document, state, false, now);
  Json public_before = public_state(c, file->document, before, false, now);
  DemoSnapshots d;
  auto previous = build_snapshot(public_before, results_json(before), nullptr, std::nullopt);
  if (!previous.ok()) return previous.status();
  d.previous = std::move(previous.value());
  auto current = build_snapshot(public_now, results_json(state), &d.previous, pub);
  if (!current.ok()) return current.status();
  d.current = std::move(current.value());
  return d;
}

}  // namespace lf
