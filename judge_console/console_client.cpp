#include "judge_console/console_client.h"

#include <chrono>
#include <filesystem>
#include <fstream>

#include "judge_console/console_strings.h"
#include "scoring/protocol/protocol.h"
#include "scoring/protocol/session_end.h"
#include "scoring/engine/mutex.h"

namespace lf {

namespace {
int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

// Written whole or not at all, readable by this user only (it holds a token or the marks).
bool write_private(const std::string& path, const std::string& text) {
  namespace fs = std::filesystem;
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc | std::ios::binary);
    if (!out) return false;
    std::error_code ec;
    fs::permissions(tmp, fs::perms::owner_read | fs::perms::owner_write, ec);
    out << text;
    out.flush();
    if (!out) return false;
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  return !ec;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}
// The outbox's retries: doubling from the first wait up to the cap; longer while the tablet's
// storage fails (nothing will change until someone replaces the tablet or frees its disk).
constexpr int kOutboxRetryFirstMs = 500;
constexpr int kOutboxRetryMaxMs = 5000;
constexpr int kOutboxRetryStorageMaxMs = 30000;

}  // namespace

ConsoleClient::ConsoleClient(ServerAddress server, std::string data_dir, std::function<void()> wake)
    // The server's certificate is pinned per address in the data dir (trust on first use).
    : api_(with_pin_file(std::move(server), data_dir + "/server-pins.json")),
      data_dir_(std::move(data_dir)),
      wake_(std::move(wake)) {
  std::error_code ec;  // a folder that cannot be made shows as the outbox's error at login
  std::filesystem::create_directories(data_dir_, ec);
}

ConsoleClient::~ConsoleClient() { stop(); }

void ConsoleClient::start() {
  load_session();
  thread_ = std::thread([this] { run(); });
}

void ConsoleClient::stop() {
  {
    MutexLock lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (stream_) stream_->stop();
}

void ConsoleClient::login(const std::string& code) {
  {
    MutexLock lock(mu_);
    pending_login_ = code;
    status_.login_in_flight = true;
    status_.message.clear();
  }
  cv_.notify_all();
}

void ConsoleClient::logout() {
  {
    MutexLock lock(mu_);
    pending_logout_ = true;
  }
  cv_.notify_all();
}

std::shared_ptr<Outbox> ConsoleClient::outbox() const {
  MutexLock lock(mu_);
  return outbox_;
}

Status ConsoleClient::queue_change(const std::string& path, Json body) {
  std::shared_ptr<Outbox> box = outbox();  // kept alive through the write even if logged out meanwhile
  if (!box) return Error{"outbox", "尚未登录，分数无法保存"};
  auto item = box->add(path, std::move(body), wall_ms());
  // The tablet's storage failed (a read-only file, a full disk): the judge reads why in words.
  if (!item.ok() && item.status().kind() == ErrorKind::unavailable)
    return Error{"outbox", console_strings().storage_error_help, ErrorKind::unavailable};
  if (!item.ok()) return item.status();
  size_t unsynced = box->pending_count();
  {
    MutexLock lock(mu_);
    if (outbox_ == box) status_.unsynced = unsynced;
    kick_outbox_ = true;
    rebuild_ = true;  // the client's thread shows it as waiting
  }
  cv_.notify_all();
  return Status();
}

int ConsoleClient::act(const std::string& path, Json body) {
  MutexLock lock(mu_);
  int id = next_id_++;
  actions_.push_back({id, path, std::move(body), ""});
  in_flight_.insert(id);
  cv_.notify_all();
  return id;
}

int ConsoleClient::download(const std::string& path, const std::string& folder, const std::string& file_name) {
  MutexLock lock(mu_);
  int id = next_id_++;
  actions_.push_back({id, path, Json(), folder + "/" + file_name});
  in_flight_.insert(id);
  cv_.notify_all();
  return id;
}

int ConsoleClient::fetch(const std::string& path) {
  MutexLock lock(mu_);
  int id = next_id_++;
  actions_.push_back({id, path, Json(), "", true});
  in_flight_.insert(id);
  cv_.notify_all();
  return id;
}

std::optional<Json> ConsoleClient::take_fetched(int id) {
  MutexLock lock(mu_);
  auto it = fetched_.find(id);
  if (it == fetched_.end()) return std::nullopt;
  Json body = std::move(it->second);
  fetched_.erase(it);
  return body;
}

bool ConsoleClient::in_flight(int id) const {
  MutexLock lock(mu_);
  return in_flight_.count(id) > 0;
}

std::vector<ActionResult> ConsoleClient::take_results() {
  MutexLock lock(mu_);
  return std::exchange(results_, {});
}

ConsoleStatus ConsoleClient::status() const {
  MutexLock lock(mu_);
  return status_;
}

void ConsoleClient::set_message(std::string m) {
  {
    MutexLock lock(mu_);
    status_.message = std::move(m);
  }
  if (wake_) wake_();
}

// The client's thread from here on.

bool ConsoleClient::use_outbox(const std::string& person) {
  if (person.empty()) return false;
  if (auto box = outbox(); box && box->person() == person) return true;
  auto box = Outbox::open(outbox_path(data_dir_, person), person);
  if (!box.ok()) {
    set_message("本机暂存区无法打开：" + box.status().to_string());
    return false;
  }
  {
    MutexLock lock(mu_);
    outbox_ = std::shared_ptr<Outbox>(std::move(box.value()));
    rescan_ = true;
  }
  return true;
}

void ConsoleClient::close_session(bool forget) {
  if (stream_) stream_->stop();
  stream_.reset();
  {
    MutexLock lock(mu_);
    session_ended_.reset();  // the stopped stream's word is about the login that just closed
  }
  if (forget) {
    api_.set_token("");
    std::error_code ec;  // nothing to forget is fine
    std::filesystem::remove(data_dir_ + "/console-session.json", ec);
    session_person_.clear();
  }
  last_state_ = Json();
  std::atomic_store(&view_, std::shared_ptr<const ConsoleView>());
  MutexLock lock(mu_);
  outbox_.reset();  // a write the UI thread has begun keeps its own reference until done
  std::vector<OthersUnsent> others = std::move(status_.others);
  status_ = ConsoleStatus{};
  status_.others = std::move(others);
  rescan_ = true;
}

void ConsoleClient::save_session() const {
  Json s = {{"server", api_.server().text()}, {"token", api_.token()},
            {"person", last_state_.value("me", Json::object()).value("person", "")}};
  write_private(data_dir_ + "/console-session.json", s.dump());
}

void ConsoleClient::load_session() {
  Json s = Json::parse(read_all(data_dir_ + "/console-session.json"), nullptr, false);
  if (!s.is_object() || s.value("server", "") != api_.server().text()) return;
  api_.set_token(s.value("token", ""));
  session_person_ = s.value("person", "");
}

std::string ConsoleClient::state_path(const std::string& person) const {
  std::string safe = person;
  for (char& ch : safe)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return data_dir_ + "/state-" + safe + ".json";
}

void ConsoleClient::save_state(const Json& state) {
  std::string person = state.value("me", Json::object()).value("person", "");
  int64_t seq = state.value("last_seq", int64_t{0});
  if (person.empty() || (person == saved_state_person_ && seq == saved_state_seq_)) return;
  Json kept = {{"server", api_.server().text()}, {"state", state}};
  if (write_private(state_path(person), kept.dump())) {
    saved_state_person_ = person;
    saved_state_seq_ = seq;
  }
}

Json ConsoleClient::load_state(const std::string& person) const {
  Json kept = Json::parse(read_all(state_path(person)), nullptr, false);
  if (!kept.is_object() || kept.value("server", "") != api_.server().text()) return Json();
  Json state = kept.value("state", Json());
  if (!state.is_object() || state.value("me", Json::object()).value("person", "") != person) return Json();
  return state;
}

void ConsoleClient::rebuild_view() {
  std::shared_ptr<Outbox> box = outbox();
  std::vector<OutboxItem> items = box ? box->all() : std::vector<OutboxItem>{};
  size_t unsynced = 0, refused = 0;
  for (const OutboxItem& i : items) (i.refused.empty() ? unsynced : refused)++;
  std::string unreadable;  // an answer of the wrong shape: the last good view stays, and says so
  if (!last_state_.is_null()) {
    auto built = build_console_view(last_state_, items);
    if (built.ok()) {
      auto v = std::make_shared<ConsoleView>(std::move(built.value()));
      std::atomic_store(&view_, std::shared_ptr<const ConsoleView>(std::move(v)));
    } else {
      unreadable = built.status().to_string();
    }
  }
  {
    MutexLock lock(mu_);
    status_.unsynced = unsynced;
    status_.refused = refused;
    if (!unreadable.empty()) status_.message = unreadable;
  }
  if (wake_) wake_();
}

int ConsoleClient::refresh() {
  if (api_.token().empty()) return 401;  // the login ended meanwhile (end_login): nothing to ask
  int64_t sent = wall_ms();
  ApiAnswer a = api_.get(protocol::path::kState);
  if (a.connected() && a.refusal().kind() == ErrorKind::unauthenticated) {
    end_login(protocol::session_end::normalized(json_string(a.body, "reason")));
    return a.status;
  }
  {
    MutexLock lock(mu_);
    // Asked too often (the login's read ration, http_api.h): the server is there and the last
    // state stands; the next event or the periodic refresh asks again.
    const bool rationed = a.connected() && a.refusal().kind() == ErrorKind::too_many;
    status_.connected = a.ok() || rationed;
    if (!a.ok() && !rationed) status_.message = "连不上服务器（" + a.message() + "）";
    else if (status_.message.rfind("连不上", 0) == 0) status_.message.clear();
    if (a.ok()) status_.offline_view = false;
  }
  if (!a.ok()) {
    if (wake_) wake_();
    return a.status;
  }
  int64_t got = wall_ms();
  clock_offset_ms_ = a.body.value("server_time_ms", got) - (sent + got) / 2;
  last_state_ = a.body;
  save_state(last_state_);
  use_outbox(a.body.value("me", Json::object()).value("person", ""));
  rebuild_view();
  return a.status;
}

// A remembered session whose server does not answer: the last saved state of its person.
bool ConsoleClient::resume_offline() {
  if (session_person_.empty()) return false;
  Json state = load_state(session_person_);
  if (state.is_null() || !use_outbox(session_person_)) return false;
  last_state_ = std::move(state);
  {
    MutexLock lock(mu_);
    status_.logged_in = true;
    status_.connected = false;
    status_.offline_view = true;
  }
  rebuild_view();
  return true;
}

void ConsoleClient::scan_others() {
  std::shared_ptr<Outbox> box = outbox();
  auto others = scan_other_outboxes(data_dir_, box && status().logged_in ? box->person() : "");
  bool changed;
  {
    MutexLock lock(mu_);
    changed = others != status_.others;
    status_.others = std::move(others);
  }
  if (changed && wake_) wake_();
}

void ConsoleClient::end_login(const std::string& reason) {
  std::shared_ptr<Outbox> box = outbox();
  const bool kept = box && box->pending_count() > 0;
  // As a logout: the dead token is forgotten (also for a restart), the outbox closed; its file
  // stays, counted among status().others until the same person logs in again.
  close_session(true);
  {
    MutexLock lock(mu_);
    status_.message = std::string(protocol::session_end::message(reason)) +
                      (kept ? console_strings().session_ended_kept : "");
  }
  if (wake_) wake_();
}

void ConsoleClient::start_stream() {
  if (stream_) stream_->stop();
  stream_ = std::make_unique<EventStream>(
      api_.server(), api_.token(), last_state_.value("last_seq", int64_t{0}),
      [this](const SseEvent&) {
        {
          MutexLock lock(mu_);
          dirty_ = true;
        }
        cv_.notify_all();
      },
      [this](bool up, const std::string&) {
        {
          MutexLock lock(mu_);
          status_.connected = up;
          dirty_ = dirty_ || up;
          kick_outbox_ = kick_outbox_ || up;  // the link is back: send what waits
        }
        cv_.notify_all();
        if (wake_) wake_();
      });
  // Runs on the stream's thread, which may not stop itself: the client's thread ends the login.
  stream_->on_session_ended([this](const std::string& reason) {
    {
      MutexLock lock(mu_);
      session_ended_ = reason;
    }
    cv_.notify_all();
  });
  stream_->start();
}

void ConsoleClient::run() {
  // The network thread's exception barrier: whatever a server answers, the console stays up
  // (the outbox is on disk; the loop starts again after a pause).
  for (;;) {
    try {
      run_loop();
      return;
    } catch (const std::exception& e) {
      set_message(std::string("内部错误，正在重试：") + e.what());
    } catch (...) {
      set_message("内部错误，正在重试");
    }
    MutexLock lock(mu_);
    if (cv_.wait_for(lock, std::chrono::milliseconds(1000), [&]() LF_REQUIRES(mu_) { return stopping_; })) return;
  }
}

void ConsoleClient::run_loop() {
  // A remembered session from before a restart: carry on without asking for the code again,
  // from the last saved state when the server does not answer.
  if (!api_.token().empty()) {
    int got = refresh();
    bool ok = got >= 200 && got < 300;
    if (ok) {
      MutexLock lock(mu_);
      status_.logged_in = true;
    } else if (got != 401 && got != 403) {
      ok = resume_offline();
    }
    if (ok) start_stream();
  }
  int outbox_backoff_ms = kOutboxRetryFirstMs;
  bool storage_failing = false;  // the last pass could not write the outbox
  auto next_outbox_try = std::chrono::steady_clock::now();
  auto last_refresh = std::chrono::steady_clock::now();
  auto last_scan = std::chrono::steady_clock::now() - std::chrono::hours(1);
  for (;;) {
    std::optional<std::string> code;
    bool logout = false, dirty = false, kick = false, rebuild = false, rescan = false;
    std::optional<Action> action;
    std::optional<std::string> ended;
    {
      MutexLock lock(mu_);
      cv_.wait_for(lock, std::chrono::milliseconds(1000), [&]() LF_REQUIRES(mu_) {
        return stopping_ || pending_login_ || pending_logout_ || dirty_ || kick_outbox_ || rebuild_ ||
               !actions_.empty() || session_ended_;
      });
      if (stopping_) return;
      ended = std::exchange(session_ended_, std::nullopt);
      code = std::exchange(pending_login_, std::nullopt);
      logout = std::exchange(pending_logout_, false);
      dirty = std::exchange(dirty_, false);
      kick = std::exchange(kick_outbox_, false);
      rebuild = std::exchange(rebuild_, false);
      rescan = std::exchange(rescan_, false);
      if (!actions_.empty()) {
        action = actions_.front();
        actions_.pop_front();
      }
    }
    if (rebuild) rebuild_view();  // first: a mark just typed shows as waiting before any network wait
    if (ended && !code && !logout) end_login(*ended);
    if (logout) {
      close_session(true);
      rescan = true;
      if (wake_) wake_();
    }
    if (code) {
      close_session(true);  // whoever was here before: their outbox is closed, their state gone
      ApiAnswer a = api_.login(*code);
      std::string message;
      const bool cert_refused = api_.server().pin && !api_.server().pin->refused().empty();
      if (!a.connected() && cert_refused) message = a.error;  // the certificate changed: never sent the code
      else if (!a.connected()) message = "连不上服务器 " + api_.server().text() + "，请检查网络和服务器地址";
      else if (!a.ok()) {
        switch (a.refusal().kind()) {
          case ErrorKind::unauthenticated: message = "登录码不对，请重新输入"; break;
          case ErrorKind::outdated: message = "本程序版本与服务器不一致，请更新"; break;
          case ErrorKind::too_many: message = "输错次数太多，请稍等一分钟再试"; break;
          default: message = a.message();
        }
      }
      bool ok = a.ok() && refresh() == 200 && outbox();
      if (ok) {
        session_person_ = outbox()->person();
        save_session();
        start_stream();
      } else if (a.ok()) {
        close_session(true);
      }
      {
        MutexLock lock(mu_);
        status_.login_in_flight = false;
        status_.logged_in = ok;
        status_.message = ok ? "" : message;
      }
      if (wake_) wake_();
      kick = rescan = true;
    }
    if (rescan || kick || std::chrono::steady_clock::now() - last_scan > std::chrono::seconds(5)) {
      scan_others();
      last_scan = std::chrono::steady_clock::now();
    }
    if (!status().logged_in) continue;
    if (dirty || std::chrono::steady_clock::now() - last_refresh > std::chrono::seconds(10)) {
      refresh();
      last_refresh = std::chrono::steady_clock::now();
    }
    if (action) {
      bool get = !action->save_as.empty() || action->fetch;
      ApiAnswer a = get ? api_.get(action->path) : api_.post(action->path, action->body);
      bool ok = a.ok();
      std::string message = a.ok() ? "" : a.connected() ? a.message() : "连不上服务器，未执行，请稍后重试";
      if (a.ok() && !action->save_as.empty()) {
        // The non-throwing form: an exception here would skip the answer below and leave the
        // button waiting for it until the console restarts.
        std::error_code ec;
        std::filesystem::create_directories(std::filesystem::path(action->save_as).parent_path(), ec);
        std::ofstream out;
        if (!ec) out.open(action->save_as, std::ios::binary | std::ios::trunc);
        out << a.raw;
        ok = !ec && out.good();
        message = ok ? action->save_as : "无法保存到 " + action->save_as;
      }
      {
        MutexLock lock(mu_);
        in_flight_.erase(action->id);
        if (action->fetch && a.ok()) fetched_[action->id] = a.body;
        else results_.push_back({action->id, ok, message});
      }
      if (a.ok() && !action->fetch) refresh();
      if (a.status == 401) end_login(protocol::session_end::normalized(json_string(a.body, "reason")));
      if (wake_) wake_();
    }
    std::shared_ptr<Outbox> box = outbox();
    // While the outbox cannot write, a kick (a mark typed, the link back) does not bring the next
    // try forward: only the back-off does, so a broken disk never makes a loop of requests.
    if (box && ((kick && !storage_failing) || std::chrono::steady_clock::now() >= next_outbox_try) &&
        box->pending_count() > 0) {
      // Only this person's items, under this person's login.
      OutboxSender sender(*box, box->person(), [this](const std::string& path, const Json& body) {
        return api_.post(path, body);
      });
      OutboxSender::Pass pass = sender.send_pending();
      // The login ended: the state's 401 says why (and ends it here); the items stay.
      if (pass.need_login && refresh() != 401) set_message(pass.error);
      if (pass.storage_error || storage_failing) {
        MutexLock lock(mu_);
        status_.storage_error = pass.storage_error;
        if (pass.storage_error) status_.message = pass.error;
        else if (status_.message == console_strings().storage_error_help) status_.message.clear();
      }
      storage_failing = pass.storage_error;
      if (pass.stalled) {
        outbox_backoff_ms = std::min(outbox_backoff_ms * 2, storage_failing ? kOutboxRetryStorageMaxMs : kOutboxRetryMaxMs);
      } else {
        outbox_backoff_ms = kOutboxRetryFirstMs;
      }
      next_outbox_try = std::chrono::steady_clock::now() + std::chrono::milliseconds(outbox_backoff_ms);
      if (pass.saved || pass.refused) refresh();
      else rebuild_view();
    }
  }
}

}  // namespace lf
