#include "scoring/server/contest_service.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include "data/format/result_json.h"
#include "data/live/history.h"
#include "data/roster/draw.h"
#include "scoring/engine/fixed_point.h"
#include "scoring/live/live_rules.h"
#include "scoring/live/tie_stakes.h"
#include "scoring/live/topic_banks.h"
#include "scoring/protocol/access.h"
#include "scoring/protocol/protocol.h"
#include "scoring/protocol/public_state.h"
#include "scoring/protocol/refusal_status.h"
#include "scoring/protocol/session_end.h"
#include "scoring/protocol/visibility.h"

namespace lf {

namespace role = protocol::role;
namespace session_end = protocol::session_end;

Reply error_reply(ErrorKind kind, std::string message, std::string field) {
  return Reply{protocol::http_status(kind), Json{{"error", std::move(message)}, {"field", std::move(field)}}};
}

Reply error_reply(const Error& e) { return error_reply(e.kind, e.message, e.path); }

namespace {

// An answer's bytes as the API sends them: compact, invalid UTF-8 replaced, never thrown on.
std::string answer_text(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// A role as the people in the hall call it, for refusals.
std::string role_name(const std::string& r) {
  if (r == role::kOrganizer) return "组委会";
  if (r == role::kHeadJudge) return "裁判长";
  if (r == role::kJudge) return "评委";
  if (r == role::kTimekeeper) return "计时员";
  if (r == role::kDisplay) return "大屏";
  if (r == role::kSteward) return "备赛室工作人员";
  return r;
}

// A decoder's refusal: the body is not what the endpoint takes (400), naming the field.
Reply malformed(const Error& e) {
  return error_reply(ErrorKind::malformed, e.path.empty() ? e.message : e.path + "：" + e.message, e.path);
}

// Who recorded something, as people call them: "组委会", "小学组决赛 第一赛场 裁判长", a judge's
// name; "比赛文件" for what came with the imported file.
std::string actor_name(const Contest& c, const std::string& actor) {
  if (actor == role::kOrganizer) return "组委会";
  if (actor == "import") return "比赛文件";
  if (actor.rfind("head:", 0) == 0) {
    int v = find_venue(c, actor.substr(5));
    return (v >= 0 ? venue_name(c, v) + " " : std::string()) + "裁判长";
  }
  if (int j = find_judge(c, actor); j >= 0 && !c.judges[size_t(j)].name.empty()) return c.judges[size_t(j)].name;
  return actor;
}

// The contest with one roster fix or topic applied, checked like any contest file.
Result<std::shared_ptr<const ContestFile>> contest_with_change(const ContestFile& file,
                                                               const Event& e) {
  Json doc = file.document;
  if (Status st = apply_document_change(doc, e); !st.ok())
    return Result<std::shared_ptr<const ContestFile>>(st);
  auto loaded = load_contest_document(std::move(doc));
  if (!loaded.ok()) return Result<std::shared_ptr<const ContestFile>>(loaded.status());
  return std::make_shared<const ContestFile>(std::move(loaded.value()));
}

Session session_of(const Contest& c, const PersonRecord& p) {
  Session s{p.person, p.role, p.name, find_venue(c, p.venue), -1};
  if (p.role == role::kJudge) s.judge = find_judge(c, p.person);
  return s;
}

}  // namespace

ContestService::ContestService(std::unique_ptr<ContestStore> store, const Clock& clock,
                               ContestFile file, LiveState state, std::vector<Event> tail)
    : store_path_(store->path()),
      store_(std::move(store)),
      clock_(clock),
      file_(std::make_shared<const ContestFile>(std::move(file))),
      state_(std::move(state)),
      tail_(std::make_move_iterator(tail.begin()), std::make_move_iterator(tail.end())) {
  last_seq_ = tail_.empty() ? 0 : tail_.back().seq;
  published_seq_ = last_seq_;  // not known across a restart: made again once
  writer_ = std::thread([this] { writer_loop(); });
}

ContestService::~ContestService() {
  {
    MutexLock lock(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  writer_.join();
}

Result<std::unique_ptr<ContestService>> ContestService::open(std::unique_ptr<ContestStore> store,
                                                             const Clock& clock) {
  auto file = store->load_contest();
  LF_TRY(file);
  auto state = store->load_state(file->contest);
  LF_TRY(state);
  // Only the newest events stay in memory (the live feed's tail); the log is in the database.
  auto newest = store->last_seq();
  LF_TRY(newest);
  int64_t from = std::max<int64_t>(0, newest.value() - int64_t(kFeedTailEvents));
  auto tail = store->events_after(from, kFeedTailEvents);
  LF_TRY(tail);
  auto people = store->people();
  auto sessions = store->sessions();
  // Start with every person and every login, or not at all: a partial list would lose logins
  // (or whole people) silently.
  if (!people.ok())
    return Error{store->path(), "无法读取人员名单，服务器未启动：" + people.status().to_string()};
  if (!sessions.ok())
    return Error{store->path(), "无法读取登录记录，服务器未启动：" + sessions.status().to_string()};
  auto code_key = LoginCodeKey::open(*store);
  LF_TRY(code_key);
  std::unique_ptr<ContestService> svc(new ContestService(
      std::move(store), clock, std::move(file.value()), std::move(state.value()),
      std::move(tail.value())));
  svc->code_key_ = std::move(code_key.value());
  // No other thread sees the sessions yet; the lock is for the checker (scoring/engine/mutex.h).
  auto contest_file = svc->contest_file();
  {
    MutexLock lock(svc->sessions_mu_);
    std::map<std::string, PersonRecord> by_person;
    for (const auto& p : people.value()) {
      svc->people_by_hash_[p.code_hash] = p;
      by_person[p.person] = p;
    }
    int64_t now = clock.now_ms();
    for (const auto& rec : sessions.value())
      if (auto it = by_person.find(rec.person); it != by_person.end()) {
        Session s = session_of(contest_file->contest, it->second);
        s.created_ms = rec.created_ms;
        s.last_seen_ms = now;  // idle time is not kept across a restart; the age is
        svc->sessions_[rec.token_hash] = s;
        svc->sessions_of_[rec.person].push_back(rec.token_hash);
      }
  }
  return svc;
}

Reply login_wait_refusal(int64_t retry_after_ms) {
  Reply r = error_reply(ErrorKind::too_many,
                        "现在登录的人太多（或有人在反复试登录码），请 " +
                            std::to_string(std::max<int64_t>(1, (retry_after_ms + 999) / 1000)) +
                            " 秒后再试；登录码不必重新输入");
  r.body["retry_after_s"] = std::max<int64_t>(1, (retry_after_ms + 999) / 1000);
  return r;
}

Reply ContestService::login(const Json& body, const std::string& client) {
  LoginPacer::Admission turn = pacer_.submit(client, clock_.now_ms());
  if (turn.turn == LoginPacer::Turn::kNow) return login_in_turn(body, client);
  if (turn.turn == LoginPacer::Turn::kWait) {
    // A caller that cannot wait for its turn (the HTTP layer waits, see login_in_turn).
    pacer_.cancel(turn.ticket);
    return login_wait_refusal(1000);
  }
  return login_wait_refusal(turn.retry_after_ms);
}

Reply ContestService::login_in_turn(const Json& body, const std::string& client) {
  // The turn's reserved unit goes back unless a wrong code was checked (login_pacer.h).
  bool wrong_code = false;
  const int64_t now = clock_.now_ms();
  struct Settle {
    LoginPacer& pacer;
    const std::string& client;
    const bool& wrong;
    int64_t now;
    ~Settle() { pacer.settle(client, wrong, now); }
  } settle{pacer_, client, wrong_code, now};
  if (body.is_object()) {
    // The version first: an old client must hear "update" even if its body differs.
    auto version = body.find("api_version");
    if (version != body.end() && version->is_number_integer() &&
        version->get<int64_t>() != protocol::kApiVersion)
      return error_reply(ErrorKind::outdated,
                         "本程序的版本（接口 " + version->dump() + "）与服务器（接口 " +
                             std::to_string(protocol::kApiVersion) +
                             "）不一致，请把评委端或大屏程序更新到服务器的版本",
                         "api_version");
  }
  auto request = protocol::decode_login(body);
  if (!request.ok()) return malformed(request.errors().front());
  const std::string& code = request->code;
  std::string hash = code_key_->hash(code);
  std::vector<std::string> replaced;  // this person's oldest logins, ended by this one
  MutexLock lock(sessions_mu_);
  auto it = people_by_hash_.find(hash);
  // A code issued before the database had a key is stored in the old salted form (never with
  // the keyed prefix, so it cannot match a keyed row) until it is re-issued.
  if (it == people_by_hash_.end()) it = people_by_hash_.find(hash = code_key_->legacy_hash(code));
  bool known = it != people_by_hash_.end() && constant_time_equal(it->second.code_hash, hash);
  // A slip's QR link carries a one-time ticket, not the code: the browser's history keeps the
  // link, and a used ticket is worth nothing. Taking it deletes it (durably) before the login.
  const bool ticket = code.size() == protocol::kLoginTicketDigits;
  if (!known && ticket) {
    Result<std::optional<std::string>> person = std::optional<std::string>();
    {
      MutexLock store_lock(store_mu_);
      person = store_->take_login_ticket(code_key_->hash(code));
    }
    if (!person.ok())
      return error_reply(ErrorKind::unavailable, "未能核对扫码登录链接（数据库错误：" + person.status().to_string() + "），请稍后重试");
    if (person.value())
      it = std::find_if(people_by_hash_.begin(), people_by_hash_.end(),
                        [&](const auto& p) { return p.second.person == *person.value(); });
    known = person.value() && it != people_by_hash_.end();
  }
  if (!known) {
    wrong_code = true;
    return error_reply(ErrorKind::unauthenticated,
                       ticket ? "这个扫码登录链接已经用过（每个只能用一次），请输入登录码条上的登录码"
                              : "登录码不对，请核对登录码单后重新输入",
                       "code");
  }
  std::string token = random_token();
  std::string token_hash = sha256_hex(token);
  const std::string& person = it->second.person;
  auto& mine = sessions_of_[person];
  {
    MutexLock store_lock(store_mu_);
    if (auto s = store_->add_session(token_hash, person, now); !s.ok())
      return error_reply(ErrorKind::unavailable, "未能记下这次登录（数据库错误：" + s.to_string() + "），请稍后重试");
    // A person's oldest logins end when there are too many (a lost tablet, a hostile loop).
    while (mine.size() >= kMaxSessionsPerPerson) {
      if (auto s = store_->remove_session(mine.front()); !s.ok()) break;
      sessions_.erase(mine.front());
      remember_ended(mine.front(), session_end::kReplaced);
      replaced.push_back(mine.front());
      mine.pop_front();
    }
  }
  auto file = contest_file();  // venues and judges are the imported file's: a roster fix keeps them
  Session s = session_of(file->contest, it->second);
  s.created_ms = s.last_seen_ms = now;
  sessions_[token_hash] = s;
  mine.push_back(token_hash);
  Json venue = s.venue >= 0 ? Json(file->contest.venues[size_t(s.venue)].key) : Json(nullptr);
  Reply reply{200, Json{{"token", token}, {"person", s.person}, {"role", s.role},
                        {"name", s.name}, {"venue", venue},
                        {"api_version", protocol::kApiVersion}}};
  lock.unlock();
  notify_session_end(replaced, session_end::kReplaced);
  return reply;
}

std::optional<Session> ContestService::session(const std::string& token) {
  if (token.empty() || token.size() > 256) return std::nullopt;
  std::string hash = sha256_hex(token);
  int64_t now = clock_.now_ms();
  std::vector<std::string> expired;
  {
    MutexLock lock(sessions_mu_);
    auto it = sessions_.find(hash);
    if (it == sessions_.end()) return std::nullopt;
    if (now - it->second.last_seen_ms <= limits_.idle_ms && now - it->second.created_ms <= limits_.max_ms) {
      it->second.last_seen_ms = now;
      return it->second;
    }
    // Refused either way. When the database cannot forget it yet, it stays in memory, still
    // expired (last_seen is not renewed), and the next request with it tries again.
    if (Status ended = end_session(hash, session_end::kExpired, expired); !ended.ok()) return std::nullopt;
  }
  notify_session_end(expired, session_end::kExpired);
  return std::nullopt;
}

const char* ContestService::ended_reason(const std::string& token) const {
  if (token.empty() || token.size() > 256) return session_end::kUnknown;
  std::string hash = sha256_hex(token);
  MutexLock lock(sessions_mu_);
  auto it = ended_.find(hash);
  return it == ended_.end() ? session_end::kUnknown : it->second;
}

Reply ContestService::session_ended_reply(const std::string& token) const {
  const char* reason = ended_reason(token);
  Reply r = error_reply(ErrorKind::unauthenticated, session_end::message(reason));
  r.body["reason"] = reason;
  return r;
}

void ContestService::set_session_end_listener(SessionEndListener listener) {
  MutexLock lock(session_listener_mu_);
  session_end_listener_ = std::move(listener);
}

void ContestService::notify_session_end(const std::vector<std::string>& token_hashes, const char* reason) const {
  if (token_hashes.empty()) return;
  MutexLock lock(session_listener_mu_);
  if (session_end_listener_) session_end_listener_(token_hashes, reason);
}

void ContestService::remember_ended(const std::string& token_hash, const char* reason) {
  if (ended_.insert_or_assign(token_hash, reason).second) ended_order_.push_back(token_hash);
  while (ended_order_.size() > kEndedSessionsRemembered) {
    ended_.erase(ended_order_.front());
    ended_order_.pop_front();
  }
}

void ContestService::set_session_limits(SessionLimits limits) {
  MutexLock lock(sessions_mu_);
  limits_ = limits;
}

Status ContestService::end_session(const std::string& token_hash, const char* reason, std::vector<std::string>& ended) {
  auto it = sessions_.find(token_hash);
  if (it == sessions_.end()) return {};
  {
    // The database first: a login removed from memory only would come back after a restart.
    MutexLock store_lock(store_mu_);
    LF_TRY(store_->remove_session(token_hash));
  }
  auto& mine = sessions_of_[it->second.person];
  mine.erase(std::remove(mine.begin(), mine.end(), token_hash), mine.end());
  sessions_.erase(it);
  remember_ended(token_hash, reason);
  ended.push_back(token_hash);
  return {};
}

Reply ContestService::logout(const std::string& token) {
  std::vector<std::string> ended;
  {
    MutexLock lock(sessions_mu_);
    if (Status s = end_session(sha256_hex(token), session_end::kLogout, ended); !s.ok())
      return error_reply(ErrorKind::unavailable, "未能退出登录（数据库错误：" + s.to_string() + "），请重试");
  }
  notify_session_end(ended, session_end::kLogout);
  return Reply{200, Json{{"logged_out", true}}};
}

Reply ContestService::reissue_code(const Session& who, const Json& body) {
  if (protocol::scope_of(who.role, "reissue_code") == protocol::Scope::kNothing)
    return error_reply(ErrorKind::forbidden, "只有组委会可以重发登录码");
  std::string person = json_string(body, "person");
  if (!body.is_object() || body.size() != 1 || person.empty() || person.size() > 64)
    return error_reply(ErrorKind::malformed, "person：请给出要重发登录码的人（如 J01、head:PRE）", "person");
  MutexLock lock(sessions_mu_);
  auto old = std::find_if(people_by_hash_.begin(), people_by_hash_.end(),
                          [&](const auto& p) { return p.second.person == person; });
  if (old == people_by_hash_.end()) return error_reply(ErrorKind::not_found, "没有这个人：" + person, "person");
  std::string code, hash;
  do {
    code = random_code();
    hash = code_key_->hash(code);
  } while (people_by_hash_.count(hash));
  {
    MutexLock store_lock(store_mu_);
    if (auto s = store_->replace_code(person, hash); !s.ok())
      return error_reply(ErrorKind::unavailable, "未能重发（数据库错误：" + s.to_string() + "）");
  }
  PersonRecord record = old->second;
  record.code_hash = hash;
  people_by_hash_.erase(old);
  people_by_hash_[hash] = record;
  // Every login of theirs ends (the store has removed them with the old code) and its live
  // feeds close: a lost tablet stops receiving at once.
  std::vector<std::string> ended(sessions_of_[person].begin(), sessions_of_[person].end());
  for (const std::string& t : ended) {
    sessions_.erase(t);
    remember_ended(t, session_end::kReissued);
  }
  sessions_of_[person].clear();
  lock.unlock();
  notify_session_end(ended, session_end::kReissued);
  return Reply{200, Json{{"person", person}, {"name", record.name}, {"code", code}}};
}

Reply ContestService::change(const Session& who, const std::string& kind, const Json& body) {
  // Who may send this at all comes first: a role that may not gets 403 whatever the body says.
  const protocol::RequestSpec* spec = protocol::request_spec(kind);
  if (!spec || kind == "login") return error_reply(ErrorKind::not_found, "没有这种操作：" + kind);
  if (protocol::scope_of(who.role, kind) == protocol::Scope::kNothing)
    return error_reply(ErrorKind::forbidden, role_name(who.role) + "不能做这项操作（" + kind + "）");
  auto decoded = protocol::decode_change(kind, body, {contest_file()->contest.scale.mark_decimals});
  if (!decoded.ok()) return malformed(decoded.errors().front());
  auto p = std::make_unique<Pending>();
  p->who = who;
  p->kind = kind;
  p->body = body;
  p->request = std::move(decoded.value());
  auto answer = p->reply.get_future();
  {
    MutexLock lock(queue_mu_);
    if (stopping_) return error_reply(ErrorKind::unavailable, "服务器正在关闭，未保存，请稍后重试");
    if (queue_.size() >= kMaxQueuedChanges)
      return error_reply(ErrorKind::unavailable, "服务器正忙，未保存，请稍后重试");
    queue_.push_back(std::move(p));
  }
  queue_cv_.notify_one();
  return answer.get();
}

namespace {

// Whether a request that reuses an idempotency key asks for what the stored event did: same
// kind, and every field it sent that the event records has the same value (numbers compared
// as exact decimals, so 8.5 and 8.50 are the same mark).
bool same_request(const std::string& kind, const Json& body, const Event& stored) {
  if (stored.kind() != kind) return false;
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (it.key() == "idempotency_key" || it.key() == "revision") continue;
    auto s = stored.payload.find(it.key());
    if (s == stored.payload.end()) continue;
    if (it->is_number() && s->is_number()) {
      if (json_decimal_text(*it) != json_decimal_text(*s)) return false;
    } else if (*it != *s) {
      return false;
    }
  }
  return true;
}

Reply duplicate_answer(const std::string& kind, const Json& body, const Event& stored) {
  if (!same_request(kind, body, stored))
    return error_reply(ErrorKind::conflict,
                       "这个 idempotency_key 已用于另一项内容不同的操作（第 " +
                           std::to_string(stored.seq) + " 号记录），本次未保存",
                       "idempotency_key");
  return Reply{200, Json{{"saved", true}, {"seq", stored.seq}, {"duplicate", true}}};
}

}  // namespace

void ContestService::writer_loop() {
  for (;;) {
    std::vector<std::unique_ptr<Pending>> batch;
    {
      MutexLock lock(queue_mu_);
      while (!stopping_ && queue_.empty()) queue_cv_.wait(lock);
      if (queue_.empty() && stopping_) return;
      while (!queue_.empty() && batch.size() < 1024) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    // The writer must outlive any input: a bug that throws answers this batch "not saved"
    // (nothing of it was committed: the store's transaction is all or nothing) and the writer
    // carries on with the next.
    std::vector<Reply> replies;
    try {
      replies = write_batch(batch);
    } catch (const std::exception& e) {
      replies.assign(batch.size(), error_reply(ErrorKind::internal, std::string("服务器内部错误，未保存：") + e.what()));
    } catch (...) {
      replies.assign(batch.size(), error_reply(ErrorKind::internal, "服务器内部错误，未保存"));
    }
    for (size_t i = 0; i < batch.size(); ++i) batch[i]->reply.set_value(std::move(replies[i]));
  }
}

std::vector<Reply> ContestService::write_batch(std::vector<std::unique_ptr<Pending>>& batch) {
  std::shared_ptr<const ContestFile> scratch_file;
  LiveState scratch;
  {
    ReaderLock lock(state_mu_);
    scratch_file = file_;
    scratch = state_;
  }
  std::vector<Reply> replies(batch.size());
  std::vector<Event> events;
  std::vector<int> event_of(batch.size(), -1);  // batch index -> index into events
  std::map<std::string, int> keys_in_batch;
  // The standings of `scratch` for a rule that reads them (确认晋级): the cached ones while this
  // batch has changed nothing, then computed once per accepted change, so a ruling earlier in
  // the same batch is seen.
  std::shared_ptr<const ContestResult> scratch_standings;
  size_t scratch_standings_events = 0;
  auto standings_of_scratch = [&]() -> std::shared_ptr<const ContestResult> {
    if (events.empty()) return standings(false);
    if (!scratch_standings || scratch_standings_events != events.size()) {
      scratch_standings = std::make_shared<const ContestResult>(
          compute_results(contest_with_state(scratch_file->contest, scratch, false)));
      scratch_standings_events = events.size();
    }
    return scratch_standings;
  };
  int64_t now = clock_.now_ms();
  for (size_t i = 0; i < batch.size(); ++i) {
    Event e;
    const std::string& key = protocol::idempotency_key(batch[i]->request);
    if (!key.empty()) {
      std::string scoped = batch[i]->who.person + "/" + key;
      if (auto in = keys_in_batch.find(scoped); in != keys_in_batch.end()) {
        // A retry racing its original: the same answer, or a conflict.
        Reply d = duplicate_answer(batch[i]->kind, batch[i]->body, events[size_t(in->second)]);
        if (d.ok()) event_of[i] = in->second;
        else replies[i] = d;
        continue;
      }
      Result<std::optional<Event>> found = [&] {
        MutexLock lock(store_mu_);
        return store_->event_by_key(scoped);
      }();
      if (!found.ok()) {
        replies[i] = error_reply(ErrorKind::unavailable, "未保存（数据库错误：" + found.status().to_string() + "），请重试");
        continue;
      }
      if (found.value()) {
        replies[i] = duplicate_answer(batch[i]->kind, batch[i]->body, *found.value());
        continue;
      }
      e.idempotency_key = scoped;
    }
    replies[i] = check(*batch[i], *scratch_file, scratch, standings_of_scratch, e);
    if (!replies[i].ok()) continue;
    e.at_ms = now;
    e.actor = batch[i]->who.person;
    if (changes_contest_document(e.body)) {
      // A roster fix or a topic: the rest of the batch is checked against the changed contest.
      auto changed = contest_with_change(*scratch_file, e);
      if (!changed.ok()) {
        replies[i] = error_reply(ErrorKind::internal,
                                 "服务器内部错误，未保存：" + changed.status().to_string());
        continue;
      }
      scratch_file = std::move(changed.value());
    }
    if (auto s = apply_event(scratch_file->contest, e, scratch); !s.ok()) {
      replies[i] = error_reply(ErrorKind::internal, "服务器内部错误，未保存：" + s.to_string());
      continue;
    }
    if (!e.idempotency_key.empty()) keys_in_batch[e.idempotency_key] = int(events.size());
    event_of[i] = int(events.size());
    events.push_back(std::move(e));
  }
  if (events.empty()) return replies;
  LiveState base;
  {
    ReaderLock lock(state_mu_);
    base = state_;
  }
  Result<std::vector<Event>> stored = [&] {
    MutexLock lock(store_mu_);
    // Contestants are only ever appended: the batch's last contest knows every id of it.
    return store_->append(scratch_file->contest, base, events);
  }();
  if (!stored.ok()) {
    for (size_t i = 0; i < batch.size(); ++i)
      if (event_of[i] >= 0)
        replies[i] = error_reply(ErrorKind::unavailable, "未保存（数据库错误：" +
                                                             stored.status().to_string() + "），请重试");
    return replies;
  }
  {
    WriterLock lock(state_mu_);
    state_ = std::move(base);
    file_ = scratch_file;
    for (const Event& e : stored.value()) {
      tail_.push_back(e);
      last_seq_ = e.seq;
      if (changes_published_standings(e.body)) published_seq_ = e.seq;
    }
    while (tail_.size() > kFeedTailEvents) tail_.pop_front();
  }
  new_event_.notify_all();
  notify_commit();
  for (size_t i = 0; i < batch.size(); ++i)
    if (event_of[i] >= 0) {
      const Event& e = stored.value()[size_t(event_of[i])];
      replies[i] = Reply{200, Json{{"saved", true}, {"seq", e.seq}}};
    }
  return replies;
}

void ContestService::set_bounds(const live::Bounds& bounds) {
  MutexLock lock(bounds_mu_);
  bounds_ = bounds;
}

Reply ContestService::check(
    const Pending& p, const ContestFile& file, const LiveState& s,
    const std::function<std::shared_ptr<const ContestResult>()>& standings_of_s, Event& out) const {
  // Every rule about the contest and its state is decided in scoring/live; the server passes
  // the time, its random source, its topic banks and its cached standings.
  live::Actor actor{p.who.person, p.who.role, p.who.venue, p.who.judge};
  live::RuleInputs in;
  in.now_ms = clock_.now_ms();
  auto topics = file.document.find("topics");
  in.topics = topics == file.document.end() ? nullptr : &*topics;
  in.document = &file.document;
  in.random_below = [](uint64_t n) { return random_below(n); };
  in.standings = standings_of_s;
  in.new_seed = [] { return new_draw_seed(); };
  {
    MutexLock lock(bounds_mu_);
    in.bounds = bounds_;
  }
  live::Decision decision = live::decide(file.contest, s, actor, p.request, in);
  if (!decision.ok()) return error_reply(decision.errors().front());
  if (const auto* m = std::get_if<protocol::MarkSubmission>(&p.request)) {
    // Optimistic concurrency, the server's own: a change made over an older value than the
    // stored one (a queued resend from another tablet) is refused, and the judge is shown what
    // is stored now. The ids are known to exist: decide() accepted them.
    const Contest& c = file.contest;
    MarkKey key{find_round(c, m->round), find_contestant(c, m->contestant), find_section(c, m->section), p.who.judge};
    auto current = s.marks.find(key);
    int64_t revision = current == s.marks.end() ? 0 : current->second.seq;
    if (m->revision != revision) {
      Reply stale = error_reply(
          ErrorKind::conflict,
          current == s.marks.end()
              ? std::string("这个分数已被撤回，本次修改未保存")
              : "这个分数已在另一台设备上改为 " +
                    plain_decimal(current->second.points, c.scale.mark_decimals) +
                    "，本机的修改未保存",
          "revision");
      stale.body["current"] = current == s.marks.end()
          ? Json(nullptr)
          : Json{{"points", Json::parse(plain_decimal(current->second.points, c.scale.mark_decimals), nullptr, false)},
                 {"revision", revision}};
      return stale;
    }
  }
  out = make_event(out.seq, out.at_ms, out.actor, std::move(decision->body), std::move(out.idempotency_key));
  return Reply{};
}

std::shared_ptr<const ContestFile> ContestService::contest_file() const {
  ReaderLock lock(state_mu_);
  return file_;
}

ContestService::Snapshot ContestService::snapshot() const {
  ReaderLock lock(state_mu_);
  return Snapshot{file_, state_};
}

std::shared_ptr<const ContestResult> ContestService::standings(bool published_only) const {
  LiveState s;
  std::shared_ptr<const ContestFile> file;
  int64_t version = 0;
  {
    ReaderLock lock(state_mu_);
    MutexLock cache(cache_mu_);
    // The published standings change only with the events changes_published_standings names.
    version = published_only ? published_seq_ : state_.last_seq;
    if (cached_seq_[published_only] == version && cached_[published_only])
      return cached_[published_only];
    s = state_;
    file = file_;
  }
  auto r = std::make_shared<const ContestResult>(
      compute_results(contest_with_state(file->contest, s, published_only)));
  MutexLock cache(cache_mu_);
  cached_[published_only] = r;
  cached_seq_[published_only] = version;
  return r;
}

LiveState ContestService::live_state() const {
  ReaderLock lock(state_mu_);
  return state_;
}

int64_t ContestService::last_seq() const {
  ReaderLock lock(state_mu_);
  return last_seq_;
}

bool ContestService::visible(const Contest& contest, const Session& who, const Event& e) const {
  return protocol::may_see(contest, protocol::Viewer{who.role, who.venue, who.judge}, e);
}

std::vector<Event> ContestService::events_after(const Session& who, int64_t& after, size_t limit,
                                                std::chrono::milliseconds timeout) const {
  std::vector<Event> out;
  {
    ReaderLock lock(state_mu_);
    bool in_tail = tail_.empty() || after >= tail_.front().seq - 1;
    if (in_tail) {
      auto collect = [&]() LF_REQUIRES_SHARED(state_mu_) {
        auto it = std::upper_bound(tail_.begin(), tail_.end(), after,
                                   [](int64_t a, const Event& e) { return a < e.seq; });
        for (; it != tail_.end() && out.size() < limit; ++it) {
          if (visible(file_->contest, who, *it)) out.push_back(*it);
          after = it->seq;
        }
        return !out.empty();
      };
      if (!collect() && timeout.count() > 0 && !listeners_released_)
        new_event_.wait_for(lock, timeout, [&]() LF_REQUIRES_SHARED(state_mu_) {
          return collect() || listeners_released_;
        });
      return out;
    }
  }
  // A listener far behind (back after a long disconnection): read from the database, a page at
  // a time, without holding the state lock.
  Result<std::vector<Event>> page = [&] {
    MutexLock lock(store_mu_);
    return store_->events_after(after, 512);
  }();
  if (!page.ok()) return out;
  auto file = contest_file();  // read after the page: it knows every contestant the page names
  for (const Event& e : page.value()) {
    if (out.size() >= limit) break;
    if (visible(file->contest, who, e)) out.push_back(e);
    after = e.seq;
  }
  return out;
}

void ContestService::release_listeners() {
  {
    WriterLock lock(state_mu_);  // no waiter between its check and its wait
    listeners_released_ = true;
  }
  new_event_.notify_all();
  notify_commit();
}

void ContestService::set_commit_listener(std::function<void()> listener) {
  MutexLock lock(listener_mu_);
  commit_listener_ = std::move(listener);
}

void ContestService::notify_commit() const {
  MutexLock lock(listener_mu_);
  if (commit_listener_) commit_listener_();
}

std::set<std::pair<int, int>> ContestService::groups_final_on_projector() const {
  std::set<std::pair<int, int>> out;
  auto published = standings(true);
  for (const RoundStandings& rs : published->rounds)
    for (const GroupStandings& gs : rs.groups)
      if (protocol::group_is_final(gs)) out.insert({rs.round, gs.group});
  return out;
}

protocol::ViewRules ContestService::view_rules_of(const Session& who) const {
  return protocol::view_rules(protocol::Viewer{who.role, who.venue, who.judge},
                              contest_file()->document["contest"].value("anonymous_judging", false));
}

Reply ContestService::results(const Session& who) const {
  const protocol::ViewRules rules = view_rules_of(who);
  if (rules.results == protocol::Scope::kNothing)
    return error_reply(ErrorKind::forbidden, role_name(who.role) + "不能查看成绩");
  // Under anonymous judging the results would map a draw number to a name: judges do without.
  if (!rules.may_read_results) return error_reply(ErrorKind::forbidden, "匿名评分：评委不能查看成绩表");
  const bool everything = rules.unpublished_results;
  // The seq is read before the standings: a change committed meanwhile must not be claimed by
  // an answer computed without it (a display would wait for it in vain).
  int64_t seq = last_seq();
  auto r = standings(!everything);
  // Read after the standings: it knows every contestant they list (a substitute included).
  auto file = contest_file();
  const Contest& contest = file->contest;
  Json body = Json::parse(result_to_json(contest, *r), nullptr, false);
  // Each group's rulings beside its standings (whose `advanced` and award already apply them),
  // with who, when and why: the display and the prints say what was decided and by whom.
  // Only those in force: a view grows with the ties, not with how often one was ruled.
  std::vector<std::pair<int64_t, TieDecision>> decisions;
  std::vector<RulingNote> notes;
  {
    ReaderLock lock(state_mu_);  // only the rulings: a display asks after every publish
    for (size_t i : rulings_in_force(state_)) {
      decisions.push_back(state_.decisions[i]);
      notes.push_back(i < state_.ruling_notes.size() ? state_.ruling_notes[i] : RulingNote{});
    }
  }
  for (Json& round : body["rounds"])
    for (Json& group : round["groups"]) {
      int ri = find_round(contest, json_string(round, "round")),
          gi = find_group(contest, json_string(group, "group"));
      Json rulings = Json::array();
      for (size_t i = 0; i < decisions.size(); ++i) {
        const TieDecision& d = decisions[i].second;
        if (d.round != ri || d.group != gi) continue;
        Json order = Json::array();
        for (int x : d.order) order.push_back(contest.contestants[size_t(x)].id);
        RulingNote note = i < notes.size() ? notes[i] : RulingNote{};
        rulings.push_back({{"order", order},
                           {"reason", note.reason},
                           {"by_name", actor_name(contest, note.by)},
                           {"at_ms", note.at_ms}});
      }
      group["rulings"] = rulings;
    }
  // Under anonymous judging the projector names a teacher only once her group is final.
  if (rules.names_when_final)
    for (size_t ri = 0; ri < r->rounds.size() && ri < body["rounds"].size(); ++ri)
      for (size_t gi = 0; gi < r->rounds[ri].groups.size() && gi < body["rounds"][ri]["groups"].size(); ++gi)
        if (!protocol::group_is_final(r->rounds[ri].groups[gi]))
          for (Json& st : body["rounds"][ri]["groups"][gi]["standings"]) st["name"] = "", st["school"] = "";
  body["published_only"] = !everything;
  body["last_seq"] = seq;
  return Reply{200, body};
}

ContestService::TextReply ContestService::results_text(const Session& who) const {
  // results() depends on the role only (its scope, and anonymous judging for judges); a role
  // that sees only published sections gets the same answer until the published standings
  // change (a judge's mark does not make it again).
  const bool everything = view_rules_of(who).unpublished_results;
  int64_t version;
  {
    ReaderLock lock(state_mu_);
    version = everything ? last_seq_ : published_seq_;
  }
  return *answers_.get("results|" + who.role, version, [&] {
    Reply r = results(who);
    return TextReply{r.status, answer_text(r.body)};
  });
}

ContestService::TextReply ContestService::export_text(const Session& who) const {
  if (protocol::scope_of(who.role, "export") == protocol::Scope::kNothing) {
    Reply r = export_contest(who);
    return TextReply{r.status, answer_text(r.body)};
  }
  return *answers_.get("export", last_seq(), [&] {
    return TextReply{200, answer_text(export_contest(who).body)};
  });
}

Reply ContestService::export_contest(const Session& who) const {
  if (protocol::scope_of(who.role, "export") == protocol::Scope::kNothing)
    return error_reply(ErrorKind::forbidden, "只有组委会可以导出比赛文件");
  Snapshot now = snapshot();
  return Reply{200, export_document(now.file->contest, now.file->document, now.state)};
}

ContestService::TextReply ContestService::history_text(const Session& who,
                                                       const std::string& contestant,
                                                       size_t from, size_t limit) const {
  auto refused = [](const Reply& r) { return TextReply{r.status, answer_text(r.body)}; };
  if (protocol::scope_of(who.role, "history") == protocol::Scope::kNothing)
    return refused(error_reply(ErrorKind::forbidden, "只有组委会和裁判长可以查看选手的成绩记录"));
  auto file = contest_file();
  const Contest& contest = file->contest;
  int ct = find_contestant(contest, contestant);
  if (ct < 0)
    return refused(error_reply(contestant.empty() ? ErrorKind::malformed : ErrorKind::not_found,
                               contestant.empty() ? "请指明选手（contestant=选手编号）"
                                                  : "没有这位选手：“" + contestant + "”",
                               "contestant"));
  if (limit == 0 || limit > kMaxHistoryPage)
    return refused(error_reply(ErrorKind::malformed,
                               "limit：每页 1 到 " + std::to_string(kMaxHistoryPage) + " 条",
                               "limit"));
  // The whole trail as this role sees it, made once per change and shared by the pages.
  std::string key = "history|" + contestant + "|" + who.person + "|" + who.role + "|" + std::to_string(who.venue);
  std::shared_ptr<const HistoryPage> all;
  try {
    all = histories_.get(key, last_seq(), [&] { return history_lines(who, contest, ct); });
  } catch (const std::runtime_error& e) {
    return refused(error_reply(ErrorKind::internal, std::string("读取成绩记录失败：") + e.what()));
  }
  const auto& lines = all->line_texts;
  size_t begin = std::min(from, lines.size()), end = std::min(lines.size(), begin + limit);
  // The page's JSON written around the lines' texts: {contestant, lines, from, total, next_from}.
  std::string head = answer_text(Json{{"contestant",
                                       {{"id", contest.contestants[size_t(ct)].id},
                                        {"heading", history_heading(contest, ct)}}},
                                      {"from", begin},
                                      {"total", lines.size()},
                                      {"next_from", end < lines.size() ? Json(end) : Json(nullptr)}});
  size_t bytes = head.size() + 16;
  for (size_t i = begin; i < end; ++i) bytes += lines[i].size() + 1;
  std::string body;
  body.reserve(bytes);
  body.append(head, 0, head.size() - 1);  // without its closing brace
  body += ",\"lines\":[";
  for (size_t i = begin; i < end; ++i) {
    if (i > begin) body += ',';
    body += lines[i];
  }
  body += "]}";
  return TextReply{200, std::move(body)};
}

ContestService::HistoryPage ContestService::history_lines(const Session& who,
                                                          const Contest& contest, int ct) const {
  std::vector<Event> events;
  HistoryPeople people;
  {
    // A reader of its own (SQLite's WAL): the writer commits meanwhile; judges do not wait.
    auto read = [&](const ContestStore& from) {
      auto log = from.history_events();
      if (!log.ok()) throw std::runtime_error(log.status().to_string());
      events = std::move(log.value());
      auto persons = from.people();
      if (!persons.ok()) throw std::runtime_error(persons.status().to_string());
      for (const PersonRecord& p : persons.value())
        people[p.person] = HistoryPerson{p.name, p.role, p.venue};
    };
    MutexLock lock(reader_mu_);
    if (!reader_)
      if (auto r = ContestStore::open_read_only(store_path_); r.ok()) reader_ = std::move(r.value());
    if (reader_) {
      read(*reader_);
    } else {  // no second reader: the shared store
      MutexLock store_lock(store_mu_);
      read(*store_);
    }
  }
  // A head judge reads what the live feed would show them: their venue's marks, times and
  // actions and the rulings of their round and group.
  events.erase(std::remove_if(events.begin(), events.end(),
                              [&](const Event& e) { return !visible(contest, who, e); }),
               events.end());
  HistoryPage page;
  for (const Json& line : history_json(contestant_history(contest, events, ct, people)))
    page.line_texts.push_back(answer_text(line));
  return page;
}

Reply ContestService::backup(const Session& who, const std::string& path) {
  if (protocol::scope_of(who.role, "backup") == protocol::Scope::kNothing)
    return error_reply(ErrorKind::forbidden, "只有组委会可以备份");
  MutexLock lock(store_mu_);
  // A full or pulled-out disk: the backup is not there, everything else is; try again later.
  if (auto s = store_->backup_to(path); !s.ok())
    return error_reply(ErrorKind::unavailable, "备份失败（磁盘已满或无法写入？），比赛数据未受影响，请腾出空间后重试：" +
                                                   s.to_string());
  return Reply{200, Json{{"backup", path}}};
}

Json ContestService::state_personal(const Session& who) const {
  auto file = contest_file();
  const Contest& c = file->contest;
  Json out = {{"me",
               {{"person", who.person},
                {"role", who.role},
                {"name", who.name},
                {"venue", who.venue >= 0 ? Json(c.venues[size_t(who.venue)].key) : Json(nullptr)}}},
              {"server_time_ms", clock_.now_ms()}};
  if (who.role == role::kOrganizer) {
    // Addresses sending wrong login codes: someone guessing, or a person who cannot log in.
    Json suspects = Json::array();
    for (const auto& l : pacer_.suspects(clock_.now_ms()))
      suspects.push_back({{"address", l.address},
                          {"recent_misses", int64_t(std::lround(l.recent_misses))},
                          {"waiting", l.waiting}});
    out["login_suspects"] = suspects;
  }
  return out;
}

Reply ContestService::state(const Session& who) const {
  Json out = state_view(who);
  Json personal = state_personal(who);
  for (auto& [key, value] : personal.items()) out[key] = value;
  return Reply{200, std::move(out)};
}

std::string ContestService::state_text(const Session& who) const {
  // The view depends on the role, the venue and the judge only (state_view); what is personal
  // (me, the server's clock, the organizer's login suspects) is added to each answer.
  std::string key =
      "state|" + who.role + "|" + std::to_string(who.venue) + "|" + std::to_string(who.judge);
  auto view = answers_.get(key, last_seq(), [&] {
    return TextReply{200, answer_text(state_view(who))};
  });
  std::string personal = answer_text(state_personal(who));
  if (view->body.size() <= 2) return personal;
  personal.back() = ',';
  return personal + view->body.substr(1);
}

namespace {

// A judge's performances (issue 24 §2): each contestant ever called to the stage of a venue on
// whose panel the judge sits, times the venue's sections, less what they must not mark (回避)
// and who is out of the round (缺赛 / 弃权 / withdrawn), in running order (draw number), with
// whether the result is published. With my_marks a console lists 待打分 / 已保存 / 被退回 /
// 已亮分 and opens any of them: the server takes a mark for anyone once called (decide_mark).
Json my_performances_json(const Contest& c, const LiveState& s, int judge,
                          const std::function<Json(int, int)>& person) {
  Json out = Json::array();
  if (judge < 0) return out;
  const Judge& me = c.judges[size_t(judge)];
  std::vector<std::tuple<int, int, int, int>> called;  // venue, draw (or a large number), contestant, round
  for (const auto& [venue, round, ct] : s.called) {
    const Venue& x = c.venues[size_t(venue)];
    if (std::find(x.judges.begin(), x.judges.end(), judge) == x.judges.end()) continue;
    if (is_conflicted(me, c.contestants[size_t(ct)]) || c.contestants[size_t(ct)].withdrawn ||
        absence_of(s, round, ct))
      continue;
    called.emplace_back(venue, draw_number(c, s, round, ct, std::nullopt).value_or(1 << 30), ct, round);
  }
  std::sort(called.begin(), called.end());
  for (const auto& [venue, draw, ct, round] : called) {
    (void)draw;
    const Venue& x = c.venues[size_t(venue)];
    for (int k : x.sections)
      out.push_back({{"venue", x.key}, {"round", c.rounds[size_t(round)].key}, {"contestant", person(ct, round)},
                     {"section", c.sections[size_t(k)].key}, {"published", s.published.count({round, ct, k}) > 0}});
  }
  return out;
}

}  // namespace

// The tied blocks this person may rule (issue 24 §4), with what each position brings and whether
// the order decides anything (`decides`: the screens offer those, and ruled ones), from the pure
// rules (scoring/live/tie_stakes.h): every screen draws this and computes nothing of its own.
Json ContestService::ties_json(const Session& who, const Contest& c, const ContestResult& full,
                               const std::function<Json(int, int)>& person) const {
  const protocol::ViewRules rules = view_rules_of(who);
  const protocol::Viewer viewer{who.role, who.venue, who.judge};
  Json out = Json::array();
  auto score = [&](std::optional<int64_t> u) {
    return u ? Json::parse(format_fixed(*u, c.scale.score_decimals), nullptr, false) : Json(nullptr);
  };
  for (size_t r = 0; r < c.rounds.size(); ++r)
    for (int g : c.rounds[r].groups) {
      if (!protocol::desk_covers(c, rules, viewer, int(r), g)) continue;
      for (const TieAtStake& t : ties_at_stake(c, full, int(r), g)) {
        Json people = Json::array();
        for (const Standing* st : t.standings) {
          Json p = person(st->contestant, int(r));
          p["total"] = score(st->total);
          Json sections = Json::object();
          for (const SectionResult& sr : st->sections) sections[c.sections[size_t(sr.section)].key] = score(sr.score);
          p["sections"] = sections;
          people.push_back(std::move(p));
        }
        Json places = Json::array();
        for (const PlaceAtStake& p : t.places) {
          // "award" only in a round with awards (null: none at this place); "advances" only in a
          // round with an advancement quota.
          Json place = {{"place", p.place}};
          if (!c.rounds[r].awards.empty())
            place["award"] = p.award ? Json(c.rounds[r].awards[size_t(*p.award)].name) : Json(nullptr);
          if (p.advances) place["advances"] = *p.advances;
          places.push_back(std::move(place));
        }
        Json tie_break = Json::array();
        for (int sec : c.tie_break) tie_break.push_back(c.sections[size_t(sec)].key);
        Json tie = {{"round", c.rounds[r].key}, {"group", c.groups[size_t(g)].key},
                    {"kind", !t.open ? Json(nullptr)
                             : *t.open == Unresolved::Kind::kAwardBoundary ? Json("award_boundary")
                                                                            : Json("advance_boundary")},
                    {"ruled", t.decision >= 0}, {"decides", t.decides}, {"shown", t.shown}, {"tie_break", tie_break},
                    {"contestants", people}, {"places", places}};
        out.push_back(std::move(tie));
      }
    }
  return out;
}

namespace {

// The parts of state_view() one person's rules add, each from the same snapshot (ViewParts).
struct ViewParts {
  const Contest& c;
  const Json& document;
  const LiveState& s;
  const Session& who;
  const protocol::ViewRules& rules;
  const protocol::Viewer& viewer;
  const std::function<Json(int, int)>& person;                 // contestant_json as this person sees
  const std::function<Json(const MarkKey&, bool)>& mark_json;  // a mark (in a panel: no performance)
};

// The prep room: every entrant with their draw numbers, the topics drawn, the banks.
void add_prep_room(const ViewParts& part, Json& out) {
  const Contest& c = part.c;
  const Json& document = part.document;
  const LiveState& s = part.s;
  const auto& person = part.person;
  Json people = Json::array(), draws = Json::array();
  for (size_t i = 0; i < c.contestants.size(); ++i)
    if (!c.contestants[i].withdrawn) {
      Json x = person(int(i), -1);
      x["group"] = c.groups[size_t(c.contestants[i].group)].key;
      Json numbers = Json::object();  // round -> draw number, for every round drawn so far
      for (size_t r = 0; r < c.rounds.size(); ++r)
        if (auto n = draw_number(c, s, int(r), int(i), std::nullopt)) numbers[c.rounds[r].key] = *n;
      x["draws"] = numbers;
      people.push_back(x);
    }
  for (const auto& [k, v] : s.topic_draws) {
    auto [r, ct, sec] = k;
    const Json* topics = document.contains("topics") ? &document["topics"] : nullptr;
    Json bank = topics && topics->is_object() ? topics->value(c.sections[size_t(sec)].key, Json::array())
                                               : Json::array();
    draws.push_back({{"round", c.rounds[size_t(r)].key}, {"contestant", person(ct, r)},
                     {"section", c.sections[size_t(sec)].key}, {"topic", v.first},
                     {"text", bank.is_array() && size_t(v.first) < bank.size() ? bank[size_t(v.first)] : Json("")},
                     {"at_ms", v.second}});
  }
  out["contestants"] = people;
  out["topic_draws"] = draws;
  Json banks = Json::object();
  if (document.contains("topics") && document["topics"].is_object())
    for (auto it = document["topics"].begin(); it != document["topics"].end(); ++it)
      banks[it.key()] = it.value().is_array() ? it.value().size() : 0;
  out["topic_banks"] = banks;  // section -> how many topics
  // Before a round: a bank smaller than the teachers still to draw from it there (issue 24 §7).
  Json short_banks = Json::array();
  const Json* bank_lists = document.contains("topics") ? &document["topics"] : nullptr;
  for (const live::TopicShortfall& x : live::topic_shortfalls(c, s, bank_lists))
    short_banks.push_back({{"round", c.rounds[size_t(x.round)].key},
                           {"section", c.sections[size_t(x.section)].key},
                           {"topics_left", x.topics_left},
                           {"to_draw", x.to_draw},
                           {"text", live::topic_shortfall_text(c, x)}});
  out["topic_shortfalls"] = short_banks;
}

// A judge's own marks and performances.
void add_own_marks(const ViewParts& part, Json& out) {
  const Contest& c = part.c;
  const LiveState& s = part.s;
  const Session& who = part.who;
  const auto& person = part.person;
  const auto& mark_json = part.mark_json;
  Json mine = Json::array();
  for (const auto& [k, m] : s.marks)
    if (std::get<3>(k) == who.judge) mine.push_back(mark_json(k, false));
  for (const auto& [k, note] : s.returned)
    if (std::get<3>(k) == who.judge && !s.marks.count(k)) mine.push_back(mark_json(k, false));
  out["my_marks"] = mine;
  out["my_performances"] = my_performances_json(c, s, who.judge, person);
}

// The times recorded at a timekeeper's venue.
void add_venue_times(const ViewParts& part, Json& out) {
  const Contest& c = part.c;
  const LiveState& s = part.s;
  const Session& who = part.who;
  // The times recorded in the timekeeper's venue (its round, group and sections), so the
  // screen says 已记录 from the server's record, after a reload too (issue 24).
  const Venue& x = c.venues[size_t(who.venue)];
  Json times = Json::array();
  for (const auto& [k, t] : s.timings) {
    auto [r, ct, sec] = k;
    if (r != x.round || c.contestants[size_t(ct)].group != x.group ||
        std::find(x.sections.begin(), x.sections.end(), sec) == x.sections.end())
      continue;
    times.push_back({{"round", c.rounds[size_t(r)].key}, {"contestant", c.contestants[size_t(ct)].id},
                     {"section", c.sections[size_t(sec)].key},
                     {"duration_s", Json::parse(t.duration_text, nullptr, false)}});
  }
  out["venue_timings"] = times;
}

// The desk's panels: every performance of the venue(s), marks per judge, the previewed score.
void add_desk_panels(const ViewParts& part, const ContestResult& full_result, Json& out) {
  const Contest& c = part.c;
  const LiveState& s = part.s;
  const Session& who = part.who;
  const protocol::ViewRules& rules = part.rules;
  const auto& person = part.person;
  const auto& mark_json = part.mark_json;
  const ContestResult* full = &full_result;
  // Every performance of the venue(s): marks per judge, completeness, the previewed score.
  Json panels = Json::array();
  for (size_t v = 0; v < c.venues.size(); ++v) {
    if (!rules.desk_covers_venue(int(v), who.venue)) continue;
    const Venue& x = c.venues[v];
    for (const RoundStandings& rs : full->rounds) {
      if (rs.round != x.round) continue;
      for (const GroupStandings& gs : rs.groups) {
        if (gs.group != x.group) continue;
        for (const Standing& st : gs.standings)
          for (const SectionResult& sr : st.sections) {
            if (std::find(x.sections.begin(), x.sections.end(), sr.section) == x.sections.end()) continue;
            Json marks = Json::array();
            for (int j : panel_for(c, x.round, st.contestant, sr.section)) {
              Json m = mark_json({x.round, st.contestant, sr.section, j}, true);
              auto pos = std::find(sr.judges.begin(), sr.judges.end(), j);
              m["dropped"] = pos != sr.judges.end() && sr.dropped[size_t(pos - sr.judges.begin())];
              marks.push_back(m);
            }
            auto fmt = [&](std::optional<int64_t> u) {
              return u ? Json::parse(format_fixed(*u, c.scale.score_decimals), nullptr, false) : Json(nullptr);
            };
            Json panel = {{"venue", x.key}, {"round", c.rounds[size_t(x.round)].key},
                          {"contestant", person(st.contestant, x.round)},
                          {"section", c.sections[size_t(sr.section)].key}, {"marks", marks},
                          {"complete", sr.complete()}, {"average", fmt(sr.average)},
                          {"duration_s", sr.duration_s ? Json(*sr.duration_s) : Json(nullptr)},
                          {"penalty", fmt(sr.timing.penalty)}, {"score", fmt(sr.score)},
                          {"published", s.published.count({x.round, st.contestant, sr.section}) > 0}};
            // 缺赛 / 弃权 in this round, or withdrawn from the contest: nothing more is expected
            // of this performance (the organizer's overview counts the others).
            if (const LiveAbsence* a = absence_of(s, x.round, st.contestant))
              panel["absence"] = a->kind == AbsenceKind::kAbsent ? "absent" : "withdrew";
            else if (c.contestants[size_t(st.contestant)].withdrawn)
              panel["absence"] = "withdrawn";
            panels.push_back(std::move(panel));
          }
      }
    }
  }
  out["panels"] = panels;
}

// The desk's records: calls for the head judge, rulings, draws, advancements, absences.
void add_desk_records(const ViewParts& part, Json& out) {
  const Contest& c = part.c;
  const LiveState& s = part.s;
  const Session& who = part.who;
  const protocol::ViewRules& rules = part.rules;
  const protocol::Viewer& viewer = part.viewer;
  const auto& person = part.person;
  Json calls = Json::array();
  for (const auto& [v, call] : s.head_judge_called)
    if (call.at_ms > 0 && rules.desk_covers_venue(v, who.venue)) {
      int j = find_judge(c, call.judge);
      calls.push_back({{"venue", c.venues[size_t(v)].key}, {"at_ms", call.at_ms},
                       {"judge", call.judge},
                       {"judge_name", j >= 0 ? Json(c.judges[size_t(j)].name) : Json("")},
                       {"note", call.note}});
    }
  out["head_judge_calls"] = calls;
  // Between rounds, and the rulings: what was recorded, by whom, when and why. A head judge
  // sees their venue's round and group; the organizer everything.
  auto mine = [&](int round, int group) { return protocol::desk_covers(c, rules, viewer, round, group); };
  // Only the rulings in force: what a later one replaced is in the history, not repeated here.
  Json rulings = Json::array();
  for (size_t i : rulings_in_force(s)) {
    const TieDecision& d = s.decisions[i].second;
    if (!mine(d.round, d.group)) continue;
    Json order = Json::array();
    for (int x2 : d.order) order.push_back(person(x2, d.round));
    RulingNote note = i < s.ruling_notes.size() ? s.ruling_notes[i] : RulingNote{};
    rulings.push_back({{"round", c.rounds[size_t(d.round)].key}, {"group", c.groups[size_t(d.group)].key},
                       {"order", order}, {"reason", note.reason}, {"by", note.by},
                       {"by_name", actor_name(c, note.by)}, {"at_ms", note.at_ms}});
  }
  out["rulings"] = rulings;
  Json draws = Json::array();
  for (const auto& [key, d] : s.draws) {
    if (!mine(key.first, key.second)) continue;
    Json order = Json::array();
    for (int x2 : d.order) order.push_back(person(x2, key.first));
    Json x = {{"round", c.rounds[size_t(key.first)].key}, {"group", c.groups[size_t(key.second)].key},
              {"order", order}, {"method", d.record.value("method", "")}, {"by", d.by},
              {"by_name", actor_name(c, d.by)}, {"at_ms", d.at_ms}, {"reason", d.record.value("reason", "")}};
    if (d.record.contains("seed")) x["seed"] = d.record["seed"];
    if (d.record.contains("replaces")) x["replaces"] = d.record["replaces"];
    draws.push_back(x);
  }
  out["draws"] = draws;
  Json advancements = Json::array();
  for (const auto& [from, a] : s.advancements) {
    Json groups = Json::array();
    for (const auto& [g, list] : a.groups) {
      Json ids = Json::array();
      for (int x2 : list) ids.push_back(c.contestants[size_t(x2)].id);
      groups.push_back({{"group", c.groups[size_t(g)].key}, {"contestants", ids}});
    }
    advancements.push_back({{"from", c.rounds[size_t(from)].key}, {"groups", groups}, {"by", a.by},
                            {"by_name", actor_name(c, a.by)}, {"at_ms", a.at_ms}});
  }
  out["advancements"] = advancements;
  // 缺赛 / 弃权 with why, who and when, for the rounds and groups this person runs.
  for (Json& x : out["absences"]) {
    int r = find_round(c, json_string(x, "round")), ct = find_contestant(c, json_string(x["contestant"], "id"));
    const LiveAbsence* a = r >= 0 && ct >= 0 ? absence_of(s, r, ct) : nullptr;
    if (!a || !mine(r, c.contestants[size_t(ct)].group)) continue;
    x["reason"] = a->reason, x["by"] = a->by, x["by_name"] = actor_name(c, a->by), x["at_ms"] = a->at_ms;
  }
}

}  // namespace


Json ContestService::state_view(const Session& who) const {
  // The standings first, the contest and state after: a snapshot at least as new as the
  // standings knows every contestant they list (a substitute entered meanwhile included).
  const protocol::ViewRules rules = view_rules_of(who);
  const protocol::Viewer viewer{who.role, who.venue, who.judge};
  std::shared_ptr<const ContestResult> full;
  if (rules.desk) full = standings(false);
  const Snapshot now = snapshot();
  const Contest& c = now.file->contest;
  const Json& document = now.file->document;
  const LiveState& s = now.state;
  // Under anonymous judging the projector names a teacher only once her group is final.
  std::set<std::pair<int, int>> final_groups;  // (round, group)
  if (rules.names_when_final) final_groups = groups_final_on_projector();
  auto hide_name = [&](int ct, int round) {
    if (!rules.names) return true;
    if (!rules.names_when_final || ct < 0) return false;
    return !final_groups.count({round, c.contestants[size_t(ct)].group});
  };
  auto person = [&](int ct, int round) {
    return contestant_json(c, document, s, ct, round, hide_name(ct, round));
  };
  Json out = public_state(c, document, s, hide_name, clock_.now_ms());
  // Under anonymous judging a judge learns only their own 回避, and a display (seen by the judges
  // in the hall) nobody's: that J03 may not mark the contestant on stage tells J03's school.
  if (!rules.every_recusal) {
    std::string own = who.role == role::kJudge && who.judge >= 0 ? c.judges[size_t(who.judge)].id : "";
    for (Json& v : out["venues"]) {
      if (!v["stage"].is_object() || !v["stage"]["recused"].is_array()) continue;
      Json mine = Json::array();
      for (const Json& id : v["stage"]["recused"])
        if (id.is_string() && id.get<std::string>() == own) mine.push_back(id);
      v["stage"]["recused"] = mine;
    }
  }
  out.erase("server_time_ms");  // state_personal()'s: the view is shared

  // A mark of the judge's own list names its performance; a mark in a panel does not, since the
  // panel names it once (repeating the contestant in every mark made a head judge's answer
  // about twice its size).
  auto mark_json = [&](const MarkKey& k, bool in_panel) -> Json {
    auto [r, ct, sec, j] = k;
    Json m = in_panel ? Json{{"judge", c.judges[size_t(j)].id}}
                      : Json{{"round", c.rounds[size_t(r)].key}, {"contestant", c.contestants[size_t(ct)].id},
                             {"section", c.sections[size_t(sec)].key}, {"judge", c.judges[size_t(j)].id}};
    auto it = s.marks.find(k);
    m["points"] = it == s.marks.end() ? Json(nullptr)
                                      : Json::parse(plain_decimal(it->second.points, c.scale.mark_decimals), nullptr, false);
    m["revision"] = it == s.marks.end() ? 0 : it->second.seq;  // what a correction replaces
    std::string status = it == s.marks.end() ? "missing" : "saved";
    if (s.returned.count(k)) status = "returned", m["note"] = s.returned.at(k);
    if (s.published.count({r, ct, sec})) status = "locked";
    m["status"] = status;
    if (!in_panel) m["who"] = person(ct, r);  // name and school, or only the draw number when anonymous
    return m;
  };
  const std::function<Json(int, int)> person_fn = person;
  const std::function<Json(const MarkKey&, bool)> mark_fn = mark_json;
  const ViewParts parts{c, document, s, who, rules, viewer, person_fn, mark_fn};
  if (rules.prep_room) add_prep_room(parts, out);
  if (rules.own_marks) add_own_marks(parts, out);
  if (rules.venue_times) add_venue_times(parts, out);
  if (rules.desk) {
    add_desk_panels(parts, *full, out);
    out["ties"] = ties_json(who, c, *full, person_fn);
    add_desk_records(parts, out);
  }
  return out;
}

}  // namespace lf
