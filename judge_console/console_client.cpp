#include "console_client.h"

#include <chrono>
#include <filesystem>
#include <fstream>

#include "protocol/protocol.h"

namespace lf {

namespace {
int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}
}  // namespace

ConsoleClient::ConsoleClient(ServerAddress server, std::string data_dir, std::function<void()> wake)
    : api_(std::move(server)), data_dir_(std::move(data_dir)), wake_(std::move(wake)) {
  std::filesystem::create_directories(data_dir_);
}

ConsoleClient::~ConsoleClient() { stop(); }

void ConsoleClient::start() {
  load_session();
  thread_ = std::thread([this] { run(); });
}

void ConsoleClient::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (stream_) stream_->stop();
}

void ConsoleClient::login(const std::string& code) {
  {
    std::lock_guard lock(mu_);
    pending_login_ = code;
    status_.login_in_flight = true;
    status_.message.clear();
  }
  cv_.notify_all();
}

void ConsoleClient::logout() {
  {
    std::lock_guard lock(mu_);
    pending_logout_ = true;
  }
  cv_.notify_all();
}

Status ConsoleClient::queue_change(const std::string& path, Json body) {
  if (!outbox_) return Error{"outbox", "not logged in"};
  auto item = outbox_->add(path, std::move(body), wall_ms());
  if (!item.ok()) return item.status();
  {
    std::lock_guard lock(mu_);
    kick_outbox_ = true;
  }
  rebuild_view();  // shows as waiting at once
  cv_.notify_all();
  return Status();
}

int ConsoleClient::act(const std::string& path, Json body) {
  std::lock_guard lock(mu_);
  int id = next_id_++;
  actions_.push_back({id, path, std::move(body), ""});
  in_flight_.insert(id);
  cv_.notify_all();
  return id;
}

int ConsoleClient::download(const std::string& path, const std::string& folder, const std::string& file_name) {
  std::lock_guard lock(mu_);
  int id = next_id_++;
  actions_.push_back({id, path, Json(), folder + "/" + file_name});
  in_flight_.insert(id);
  cv_.notify_all();
  return id;
}

bool ConsoleClient::in_flight(int id) const {
  std::lock_guard lock(mu_);
  return in_flight_.count(id) > 0;
}

std::vector<ActionResult> ConsoleClient::take_results() {
  std::lock_guard lock(mu_);
  return std::exchange(results_, {});
}

ConsoleStatus ConsoleClient::status() const {
  std::lock_guard lock(mu_);
  return status_;
}

void ConsoleClient::set_message(std::string m) {
  {
    std::lock_guard lock(mu_);
    status_.message = std::move(m);
  }
  if (wake_) wake_();
}

void ConsoleClient::open_outbox(const std::string& person) {
  std::string safe = person;
  for (char& ch : safe)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  auto box = Outbox::open(data_dir_ + "/outbox-" + safe + ".db", person);
  if (!box.ok()) {
    set_message("本机暂存区无法打开：" + box.status().to_string());
    return;
  }
  outbox_ = std::move(box.value());
  sender_ = std::make_unique<OutboxSender>(*outbox_, [this](const std::string& path, const Json& body) {
    return api_.post(path, body);
  });
}

void ConsoleClient::save_session() const {
  Json s = {{"server", api_.server().text()}, {"token", api_.token()},
            {"person", last_state_.value("me", Json::object()).value("person", "")}};
  std::string path = data_dir_ + "/console-session.json";
  std::ofstream out(path, std::ios::trunc);
  out << s.dump();
  out.close();
  std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

void ConsoleClient::load_session() {
  std::ifstream in(data_dir_ + "/console-session.json");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Json s = Json::parse(text, nullptr, false);
  if (!s.is_object() || s.value("server", "") != api_.server().text()) return;
  api_.set_token(s.value("token", ""));
}

void ConsoleClient::rebuild_view() {
  if (last_state_.is_null()) return;
  auto v = std::make_shared<ConsoleView>(
      build_console_view(last_state_, outbox_ ? outbox_->all() : std::vector<OutboxItem>{}));
  std::atomic_store(&view_, std::shared_ptr<const ConsoleView>(std::move(v)));
  {
    std::lock_guard lock(mu_);
    status_.unsynced = outbox_ ? outbox_->pending_count() : 0;
    status_.refused = outbox_ ? outbox_->all().size() - status_.unsynced : 0;
  }
  if (wake_) wake_();
}

bool ConsoleClient::refresh() {
  int64_t sent = wall_ms();
  ApiAnswer a = api_.get(protocol::path::kState);
  if (a.status == 401) {
    std::lock_guard lock(mu_);
    status_.logged_in = false;
    status_.message = "登录已失效，请重新登录";
    return false;
  }
  {
    std::lock_guard lock(mu_);
    status_.connected = a.ok();
    if (!a.ok()) status_.message = "连不上服务器（" + a.message() + "）";
    else if (status_.message.rfind("连不上", 0) == 0) status_.message.clear();
  }
  if (!a.ok()) {
    if (wake_) wake_();
    return false;
  }
  int64_t got = wall_ms();
  clock_offset_ms_ = a.body.value("server_time_ms", got) - (sent + got) / 2;
  last_state_ = a.body;
  if (!outbox_) open_outbox(a.body["me"].value("person", ""));
  rebuild_view();
  return true;
}

void ConsoleClient::start_stream() {
  if (stream_) stream_->stop();
  stream_ = std::make_unique<EventStream>(
      api_.server(), api_.token(), last_state_.value("last_seq", int64_t{0}),
      [this](const SseEvent&) {
        {
          std::lock_guard lock(mu_);
          dirty_ = true;
        }
        cv_.notify_all();
      },
      [this](bool up, const std::string&) {
        {
          std::lock_guard lock(mu_);
          status_.connected = up;
          dirty_ = dirty_ || up;
          kick_outbox_ = kick_outbox_ || up;  // the link is back: send what waits
        }
        cv_.notify_all();
        if (wake_) wake_();
      });
  stream_->start();
}

void ConsoleClient::run() {
  // A remembered session from before a restart: carry on without asking for the code again.
  if (!api_.token().empty() && refresh()) {
    std::lock_guard lock(mu_);
    status_.logged_in = true;
  }
  {
    std::lock_guard lock(mu_);
    if (status_.logged_in) dirty_ = true;
  }
  if (status().logged_in) start_stream();
  int outbox_backoff_ms = 500;
  auto next_outbox_try = std::chrono::steady_clock::now();
  auto last_refresh = std::chrono::steady_clock::now();
  for (;;) {
    std::optional<std::string> code;
    bool logout = false, dirty = false, kick = false;
    std::optional<Action> action;
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, std::chrono::milliseconds(1000), [&] {
        return stopping_ || pending_login_ || pending_logout_ || dirty_ || kick_outbox_ || !actions_.empty();
      });
      if (stopping_) return;
      code = std::exchange(pending_login_, std::nullopt);
      logout = std::exchange(pending_logout_, false);
      dirty = std::exchange(dirty_, false);
      kick = std::exchange(kick_outbox_, false);
      if (!actions_.empty()) {
        action = actions_.front();
        actions_.pop_front();
      }
    }
    if (logout) {
      if (stream_) stream_->stop();
      stream_.reset();
      api_.set_token("");
      std::filesystem::remove(data_dir_ + "/console-session.json");
      std::lock_guard lock(mu_);
      status_ = ConsoleStatus{};
      std::atomic_store(&view_, std::shared_ptr<const ConsoleView>());
    }
    if (code) {
      ApiAnswer a = api_.login(*code);
      std::string message;
      if (!a.connected()) message = "连不上服务器 " + api_.server().text() + "，请检查网络和服务器地址";
      else if (a.status == 401) message = "登录码不对，请重新输入";
      else if (a.status == 426) message = "本程序版本与服务器不一致，请更新";
      else if (a.status == 429) message = "输错次数太多，请稍等一分钟再试";
      else if (!a.ok()) message = a.message();
      bool ok = a.ok() && refresh();
      if (ok) {
        save_session();
        start_stream();
      }
      {
        std::lock_guard lock(mu_);
        status_.login_in_flight = false;
        status_.logged_in = ok;
        status_.message = ok ? "" : message;
      }
      if (wake_) wake_();
      kick = true;
    }
    if (!status().logged_in) continue;
    if (dirty || std::chrono::steady_clock::now() - last_refresh > std::chrono::seconds(10)) {
      refresh();
      last_refresh = std::chrono::steady_clock::now();
    }
    if (action) {
      ApiAnswer a = action->save_as.empty() ? api_.post(action->path, action->body) : api_.get(action->path);
      std::string message = a.ok() ? "" : a.connected() ? a.message() : "连不上服务器，未执行，请稍后重试";
      if (a.ok() && !action->save_as.empty()) {
        std::filesystem::create_directories(std::filesystem::path(action->save_as).parent_path());
        std::ofstream out(action->save_as, std::ios::binary | std::ios::trunc);
        out << a.raw;
        message = out ? action->save_as : "无法保存到 " + action->save_as;
      }
      {
        std::lock_guard lock(mu_);
        in_flight_.erase(action->id);
        results_.push_back({action->id, a.ok(), message});
      }
      if (a.ok()) refresh();
      if (wake_) wake_();
    }
    if (sender_ && (kick || std::chrono::steady_clock::now() >= next_outbox_try) &&
        outbox_->pending_count() > 0) {
      OutboxSender::Pass pass = sender_->send_pending();
      if (pass.need_login) {
        std::lock_guard lock(mu_);
        status_.logged_in = false;
        status_.message = "登录已失效，请重新登录（未同步的分数已保存在本机，登录后自动发送）";
      }
      if (pass.stalled) {
        outbox_backoff_ms = std::min(outbox_backoff_ms * 2, 5000);
      } else {
        outbox_backoff_ms = 500;
      }
      next_outbox_try = std::chrono::steady_clock::now() + std::chrono::milliseconds(outbox_backoff_ms);
      if (pass.saved || pass.refused) refresh();
      else rebuild_view();
    }
  }
}

}  // namespace lf
