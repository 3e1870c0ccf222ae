#include "scoring/server/contest_service.h"

#include <algorithm>
#include <set>

#include "scoring/protocol/public_state.h"
#include "data/format/result_json.h"
#include "scoring/engine/fixed_point.h"
#include "scoring/protocol/access.h"
#include "scoring/protocol/protocol.h"

namespace lf {

namespace role = protocol::role;

Reply error_reply(int status, std::string message, std::string field) {
  return Reply{status, Json{{"error", std::move(message)}, {"field", std::move(field)}}};
}

namespace {

// A checker refusal as an HTTP reply: unknown ids 404, not-yours 403, bad values 422.
Reply refusal(const std::vector<Error>& errors) {
  const Error& e = errors.front();
  // Interim: the checker's (Chinese) words decide until its Errors carry an ErrorKind; these
  // phrases are made in data/format/contest_file.cpp (Loader::ref, Loader::mark, Checker::member).
  int status = 422;
  if (e.message.rfind("没有这个", 0) == 0) status = 404;
  if (e.message.find("的评委组") != std::string::npos || e.message.find("应回避") != std::string::npos)
    status = 403;
  if (e.message.find("缺少必填项") != std::string::npos) status = 400;
  return error_reply(status, e.message, e.path);
}

Session session_of(const Contest& c, const PersonRecord& p) {
  Session s{p.person, p.role, p.name, find_venue(c, p.venue), -1};
  if (p.role == role::kJudge) s.judge = find_judge(c, p.person);
  return s;
}

}  // namespace

ContestService::ContestService(std::unique_ptr<ContestStore> store, const Clock& clock,
                               ContestFile file, LiveState state, std::vector<Event> tail)
    : store_(std::move(store)),
      clock_(clock),
      document_(std::move(file.document)),
      contest_(std::move(file.contest)),
      checker_(std::make_unique<PerformanceChecker>(contest_)),
      state_(std::move(state)),
      tail_(std::make_move_iterator(tail.begin()), std::make_move_iterator(tail.end())) {
  last_seq_ = tail_.empty() ? 0 : tail_.back().seq;
  writer_ = std::thread([this] { writer_loop(); });
}

ContestService::~ContestService() {
  {
    std::lock_guard lock(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  writer_.join();
}

Result<std::unique_ptr<ContestService>> ContestService::open(std::unique_ptr<ContestStore> store,
                                                             const Clock& clock) {
  auto file = store->load_contest();
  if (!file.ok()) return Result<std::unique_ptr<ContestService>>(file.status());
  auto state = store->load_state(file->contest);
  if (!state.ok()) return Result<std::unique_ptr<ContestService>>(state.status());
  // Only the newest events stay in memory (the live feed's tail); the log is in the database.
  auto newest = store->last_seq();
  if (!newest.ok()) return Result<std::unique_ptr<ContestService>>(newest.status());
  int64_t from = std::max<int64_t>(0, newest.value() - int64_t(kFeedTailEvents));
  auto tail = store->events_after(from, kFeedTailEvents);
  if (!tail.ok()) return Result<std::unique_ptr<ContestService>>(tail.status());
  auto people = store->people();
  auto sessions = store->sessions();
  auto salt = store->code_salt();
  if (!people.ok() || !sessions.ok() || !salt.ok())
    return Error{store->path(), "cannot read people and sessions"};
  std::unique_ptr<ContestService> svc(new ContestService(
      std::move(store), clock, std::move(file.value()), std::move(state.value()),
      std::move(tail.value())));
  svc->salt_ = salt.value();
  std::map<std::string, PersonRecord> by_person;
  for (const auto& p : people.value()) {
    svc->people_by_hash_[p.code_hash] = p;
    by_person[p.person] = p;
  }
  int64_t now = clock.now_ms();
  for (const auto& rec : sessions.value())
    if (auto it = by_person.find(rec.person); it != by_person.end()) {
      Session s = session_of(svc->contest_, it->second);
      s.created_ms = rec.created_ms;
      s.last_seen_ms = now;  // idle time is not kept across a restart; the age is
      svc->sessions_[rec.token_hash] = s;
      svc->sessions_of_[rec.person].push_back(rec.token_hash);
    }
  return svc;
}

Reply ContestService::login(const Json& body, const std::string& client) {
  if (body.is_object()) {
    // The version first: an old client must hear "update" even if its body differs.
    auto version = body.find("api_version");
    if (version != body.end() && version->is_number_integer() &&
        version->get<int64_t>() != protocol::kApiVersion)
      return error_reply(426,
                         "本程序的版本（接口 " + version->dump() + "）与服务器（接口 " +
                             std::to_string(protocol::kApiVersion) +
                             "）不一致，请把评委端或大屏程序更新到服务器的版本",
                         "api_version");
  }
  auto request = protocol::decode_login(body);
  if (!request.ok()) {
    const Error& e = request.errors().front();
    return error_reply(400, e.path.empty() ? e.message : e.path + "：" + e.message, e.path);
  }
  int64_t now = clock_.now_ms();
  if (int64_t wait = throttle_.wait_ms(client, now); wait > 0)
    return error_reply(429, "登录码输错的次数太多，请 " + std::to_string((wait + 999) / 1000) +
                                " 秒后再试；如果一直如此，请告诉组委会");
  const std::string& code = request->code;
  std::string hash = sha256_hex(salt_ + code);
  std::lock_guard lock(sessions_mu_);
  auto it = people_by_hash_.find(hash);
  if (it == people_by_hash_.end() || !constant_time_equal(it->second.code_hash, hash)) {
    throttle_.failed(client, now);
    return error_reply(401, "wrong login code", "code");
  }
  std::string token = random_token();
  std::string token_hash = sha256_hex(token);
  const std::string& person = it->second.person;
  auto& mine = sessions_of_[person];
  {
    std::lock_guard store_lock(store_mu_);
    if (auto s = store_->add_session(token_hash, person, now); !s.ok())
      return error_reply(503, "could not record the login: " + s.to_string());
    // A person's oldest logins end when there are too many (a lost tablet, a hostile loop).
    while (mine.size() >= kMaxSessionsPerPerson) {
      if (auto s = store_->remove_session(mine.front()); !s.ok()) break;
      sessions_.erase(mine.front());
      mine.pop_front();
    }
  }
  Session s = session_of(contest_, it->second);
  s.created_ms = s.last_seen_ms = now;
  sessions_[token_hash] = s;
  mine.push_back(token_hash);
  Json venue = s.venue >= 0 ? Json(contest_.venues[size_t(s.venue)].key) : Json(nullptr);
  return Reply{200, Json{{"token", token}, {"person", s.person}, {"role", s.role},
                         {"name", s.name}, {"venue", venue},
                         {"api_version", protocol::kApiVersion}}};
}

std::optional<Session> ContestService::session(const std::string& token) {
  if (token.empty() || token.size() > 256) return std::nullopt;
  std::string hash = sha256_hex(token);
  int64_t now = clock_.now_ms();
  std::lock_guard lock(sessions_mu_);
  auto it = sessions_.find(hash);
  if (it == sessions_.end()) return std::nullopt;
  if (now - it->second.last_seen_ms > limits_.idle_ms || now - it->second.created_ms > limits_.max_ms) {
    end_session(hash);
    return std::nullopt;
  }
  it->second.last_seen_ms = now;
  return it->second;
}

void ContestService::set_session_limits(SessionLimits limits) {
  std::lock_guard lock(sessions_mu_);
  limits_ = limits;
}

void ContestService::end_session(const std::string& token_hash) {
  auto it = sessions_.find(token_hash);
  if (it == sessions_.end()) return;
  auto& mine = sessions_of_[it->second.person];
  mine.erase(std::remove(mine.begin(), mine.end(), token_hash), mine.end());
  sessions_.erase(it);
  std::lock_guard store_lock(store_mu_);
  store_->remove_session(token_hash);  // if this fails, the restart forgets it by age
}

Reply ContestService::logout(const std::string& token) {
  std::lock_guard lock(sessions_mu_);
  end_session(sha256_hex(token));
  return Reply{200, Json{{"logged_out", true}}};
}

Reply ContestService::reissue_code(const Session& who, const Json& body) {
  if (protocol::scope_of(who.role, "reissue_code") == protocol::Scope::kNothing)
    return error_reply(403, "只有组委会可以重发登录码");
  std::string person = json_string(body, "person");
  if (!body.is_object() || body.size() != 1 || person.empty() || person.size() > 64)
    return error_reply(400, "person：请给出要重发登录码的人（如 J01、head:PRE）", "person");
  std::lock_guard lock(sessions_mu_);
  auto old = std::find_if(people_by_hash_.begin(), people_by_hash_.end(),
                          [&](const auto& p) { return p.second.person == person; });
  if (old == people_by_hash_.end()) return error_reply(404, "没有这个人：" + person, "person");
  std::string code, hash;
  do {
    code = random_code();
    hash = sha256_hex(salt_ + code);
  } while (people_by_hash_.count(hash));
  {
    std::lock_guard store_lock(store_mu_);
    if (auto s = store_->replace_code(person, hash); !s.ok())
      return error_reply(503, "未能重发（数据库错误：" + s.to_string() + "）");
  }
  PersonRecord record = old->second;
  record.code_hash = hash;
  people_by_hash_.erase(old);
  people_by_hash_[hash] = record;
  for (const std::string& t : std::deque<std::string>(sessions_of_[person])) sessions_.erase(t);
  sessions_of_[person].clear();
  return Reply{200, Json{{"person", person}, {"name", record.name}, {"code", code}}};
}

Reply ContestService::change(const Session& who, const std::string& kind, const Json& body) {
  // Who may send this at all comes first: a role that may not gets 403 whatever the body says.
  const protocol::RequestSpec* spec = protocol::request_spec(kind);
  if (!spec || kind == "login") return error_reply(404, "unknown change \"" + kind + "\"");
  if (protocol::scope_of(who.role, kind) == protocol::Scope::kNothing)
    return error_reply(403, "a " + who.role + " may not do this (" + kind + ")");
  auto decoded = protocol::decode_change(kind, body, {contest_.scale.mark_decimals});
  if (!decoded.ok()) {
    const Error& e = decoded.errors().front();
    return error_reply(400, e.path.empty() ? e.message : e.path + "：" + e.message, e.path);
  }
  auto p = std::make_unique<Pending>();
  p->who = who;
  p->kind = kind;
  p->body = body;
  p->request = std::move(decoded.value());
  auto answer = p->reply.get_future();
  {
    std::lock_guard lock(queue_mu_);
    if (stopping_) return error_reply(503, "the server is shutting down; try again shortly");
    if (queue_.size() >= kMaxQueuedChanges)
      return error_reply(503, "服务器正忙，未保存，请稍后重试");
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
  if (stored.kind != kind) return false;
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
    return error_reply(409,
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
      std::unique_lock lock(queue_mu_);
      queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
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
      replies.assign(batch.size(), error_reply(500, std::string("internal error, NOT saved: ") + e.what()));
    } catch (...) {
      replies.assign(batch.size(), error_reply(500, "internal error, NOT saved"));
    }
    for (size_t i = 0; i < batch.size(); ++i) batch[i]->reply.set_value(std::move(replies[i]));
  }
}

std::vector<Reply> ContestService::write_batch(std::vector<std::unique_ptr<Pending>>& batch) {
  LiveState scratch;
  {
    std::shared_lock lock(state_mu_);
    scratch = state_;
  }
  std::vector<Reply> replies(batch.size());
  std::vector<Event> events;
  std::vector<int> event_of(batch.size(), -1);  // batch index -> index into events
  std::map<std::string, int> keys_in_batch;
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
        std::lock_guard lock(store_mu_);
        return store_->event_by_key(scoped);
      }();
      if (!found.ok()) {
        replies[i] = error_reply(503, "NOT saved (database error: " + found.status().to_string() + "); try again");
        continue;
      }
      if (found.value()) {
        replies[i] = duplicate_answer(batch[i]->kind, batch[i]->body, *found.value());
        continue;
      }
      e.idempotency_key = scoped;
    }
    replies[i] = check(*batch[i], scratch, e);
    if (!replies[i].ok()) continue;
    e.at_ms = now;
    e.actor = batch[i]->who.person;
    if (auto s = apply_event(contest_, e, scratch); !s.ok()) {
      replies[i] = error_reply(500, "internal: " + s.to_string());
      continue;
    }
    if (!e.idempotency_key.empty()) keys_in_batch[e.idempotency_key] = int(events.size());
    event_of[i] = int(events.size());
    events.push_back(std::move(e));
  }
  if (events.empty()) return replies;
  LiveState base;
  {
    std::shared_lock lock(state_mu_);
    base = state_;
  }
  Result<std::vector<Event>> stored = [&] {
    std::lock_guard lock(store_mu_);
    return store_->append(contest_, base, events);
  }();
  if (!stored.ok()) {
    for (size_t i = 0; i < batch.size(); ++i)
      if (event_of[i] >= 0)
        replies[i] = error_reply(503, "NOT saved (database error: " +
                                          stored.status().to_string() + "); try again");
    return replies;
  }
  {
    std::unique_lock lock(state_mu_);
    state_ = std::move(base);
    for (const Event& e : stored.value()) {
      tail_.push_back(e);
      last_seq_ = e.seq;
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

namespace {

bool on_stage(const LiveState& s, int venue, int round, int contestant) {
  auto it = s.stage.find(venue);
  return it != s.stage.end() && it->second.round == round && it->second.contestant == contestant;
}

}  // namespace

Reply ContestService::check(const Pending& p, const LiveState& s, Event& out) const {
  using namespace protocol;
  using protocol::Scope;
  const Contest& c = contest_;
  const Session& who = p.who;
  out.kind = p.kind;
  // Who may send each kind is checked once, from protocol::request_specs(), before this.
  // The ids of a performance, and the venue that runs it.
  int r = -1, ct = -1, sec = -1, venue = -1;
  auto perf_ids = [&](const std::string& round, const std::string& contestant,
                      const std::string& section) -> std::optional<Reply> {
    r = find_round(c, round);
    ct = find_contestant(c, contestant);
    sec = find_section(c, section);
    if (r < 0) return error_reply(404, "unknown round \"" + round + "\"", "round");
    if (ct < 0) return error_reply(404, "unknown contestant \"" + contestant + "\"", "contestant");
    if (sec < 0) return error_reply(404, "unknown section \"" + section + "\"", "section");
    auto v = venue_for(c, r, c.contestants[size_t(ct)].group, sec);
    if (!v) return error_reply(409, "no venue runs this section for this contestant", "section");
    venue = *v;
    return std::nullopt;
  };
  auto venue_name = [&](int v) { return c.venues[size_t(v)].key; };
  auto number = [](const std::string& decimal_text) { return Json::parse(decimal_text, nullptr, false); };

  if (const auto* m = std::get_if<MarkSubmission>(&p.request)) {
    const std::string& me = c.judges[size_t(who.judge)].id;
    // The console sends whose mark it is: a mark typed by one judge is never stored under
    // another judge's login (a shared tablet, a handover).
    if (m->judge != me)
      return error_reply(403, "这条分数是评委 " + m->judge + " 录入的，不能用评委 " + me +
                                  " 的登录发送；请 " + m->judge + " 在这台设备上重新登录后发送",
                         "judge");
    Json mark = {{"round", m->round}, {"contestant", m->contestant}, {"section", m->section},
                 {"judge", me}, {"points", number(m->points_text)}};
    auto checked = checker_->mark(mark, "");
    if (!checked.ok()) return refusal(checked.errors());
    const Mark& mk = checked.value();
    r = mk.round, ct = mk.contestant, sec = mk.section;
    venue = *venue_for(c, r, c.contestants[size_t(ct)].group, sec);
    if (s.published.count({r, ct, sec}))
      return error_reply(409, "locked: the head judge has published this result (亮分); ask the "
                              "head judge to reopen it", "section");
    auto current = s.marks.find(MarkKey{r, ct, sec, who.judge});
    int64_t revision = current == s.marks.end() ? 0 : current->second.seq;
    // The newest wins: a change made over an older value than the stored one (a queued resend
    // from another tablet) is refused, and the judge is shown what is stored now.
    if (m->revision != revision) {
      Reply stale = error_reply(
          409,
          current == s.marks.end()
              ? std::string("这个分数已被撤回，本次修改未保存")
              : "这个分数已在另一台设备上改为 " +
                    plain_decimal(current->second.points, c.scale.mark_decimals) +
                    "，本机的修改未保存",
          "revision");
      stale.body["current"] = current == s.marks.end()
          ? Json(nullptr)
          : Json{{"points", number(plain_decimal(current->second.points, c.scale.mark_decimals))},
                 {"revision", revision}};
      return stale;
    }
    // A first mark needs the contestant on stage, or once called there: a mark typed while
    // they were on stage may arrive after the next contestant was called.
    bool first = current == s.marks.end();
    if (first && !on_stage(s, venue, r, ct) && !s.called.count({venue, r, ct}))
      return error_reply(409, "contestant " + c.contestants[size_t(ct)].id +
                                  " is not on stage in venue " + venue_name(venue), "contestant");
    out.payload = Json{{"round", c.rounds[size_t(r)].key}, {"contestant", c.contestants[size_t(ct)].id},
                       {"section", c.sections[size_t(sec)].key}, {"judge", me},
                       {"points", number(m->points_text)}};
    return Reply{};
  }
  if (const auto* t = std::get_if<TimingSubmission>(&p.request)) {
    Json timing = {{"round", t->round}, {"contestant", t->contestant}, {"section", t->section},
                   {"duration_s", number(t->duration_text)}};
    auto checked = checker_->timing(timing, "");
    if (!checked.ok()) return refusal(checked.errors());
    r = checked->round, ct = checked->contestant, sec = checked->section;
    auto v = venue_for(c, r, c.contestants[size_t(ct)].group, sec);
    if (!v) return error_reply(409, "no venue runs this section for this contestant", "section");
    if (*v != who.venue)
      return error_reply(403, "this performance is timed in venue " + venue_name(*v) +
                                  ", not yours", "section");
    if (s.published.count({r, ct, sec}))
      return error_reply(409, "locked: this result is published (亮分)", "section");
    bool correction = s.timings.count({r, ct, sec}) > 0;
    if (correction && t->reason.empty())
      return error_reply(422, "correcting a recorded time needs a reason", "reason");
    if (!correction && !on_stage(s, *v, r, ct) && !s.called.count({*v, r, ct}))
      return error_reply(409, "contestant " + c.contestants[size_t(ct)].id +
                                  " is not on stage in venue " + venue_name(*v), "contestant");
    out.payload = timing;
    if (!t->reason.empty()) out.payload["reason"] = t->reason;
    return Reply{};
  }
  if (const auto* k = std::get_if<ClockChange>(&p.request)) {
    int section = -1;
    if (!k->section.empty() && (section = find_section(c, k->section)) < 0)
      return error_reply(404, "unknown section \"" + k->section + "\"", "section");
    out.payload = Json{{"venue", venue_name(who.venue)}, {"running", k->running},
                       {"started_at_ms", k->running ? clock_.now_ms() : 0},
                       {"elapsed_ms", k->elapsed_ms},
                       {"section", section >= 0 ? c.sections[size_t(section)].key : ""}};
    return Reply{};
  }
  if (const auto* call = std::get_if<protocol::StageCall>(&p.request)) {
    venue = call->venue.empty() ? who.venue : find_venue(c, call->venue);
    if (venue < 0)
      return error_reply(call->venue.empty() ? 400 : 404,
                         call->venue.empty() ? "name the venue" : "unknown venue \"" + call->venue + "\"",
                         "venue");
    if (who.role == role::kHeadJudge && venue != who.venue)
      return error_reply(403, "you are head judge of another venue", "venue");
    const Venue& v = c.venues[size_t(venue)];
    const std::string& id = call->contestant;
    out.payload = Json{{"venue", v.key}, {"round", c.rounds[size_t(v.round)].key}, {"contestant", id}};
    if (id.empty()) return Reply{};  // clears the stage
    ct = find_contestant(c, id);
    if (ct < 0) return error_reply(404, "unknown contestant \"" + id + "\"", "contestant");
    const Contestant& who_on = c.contestants[size_t(ct)];
    if (who_on.withdrawn) return error_reply(409, id + " has withdrawn", "contestant");
    auto full = this->standings(false);
    auto entrants = entrants_of(c, full->rounds, v.round, v.group);
    if (std::find(entrants.begin(), entrants.end(), ct) == entrants.end())
      return error_reply(409, id + " is not an entrant of " + c.rounds[size_t(v.round)].name +
                                  " · " + c.groups[size_t(v.group)].name, "contestant");
    return Reply{};
  }
  if (const auto* a = std::get_if<PerformanceAction>(&p.request)) {
    if (auto e = perf_ids(a->round, a->contestant, a->section)) return *e;
    if (venue != who.venue)
      return error_reply(403, "this performance belongs to venue " + venue_name(venue), "section");
    PerformanceKey key{r, ct, sec};
    out.payload = Json{{"round", c.rounds[size_t(r)].key}, {"contestant", c.contestants[size_t(ct)].id},
                       {"section", c.sections[size_t(sec)].key}};
    if (a->kind == "reopen") {
      if (!s.published.count(key)) return error_reply(409, "this result is not published");
      if (a->reason.empty())
        return error_reply(422, "reopening a published result needs a reason", "reason");
      out.payload["reason"] = a->reason;
      return Reply{};
    }
    if (s.published.count(key)) return error_reply(409, "already published (亮分)");
    if (a->kind == "return") {
      int j = find_judge(c, a->judge);
      if (j < 0) return error_reply(404, "unknown judge \"" + a->judge + "\"", "judge");
      if (!s.marks.count({r, ct, sec, j}))
        return error_reply(409, "judge " + c.judges[size_t(j)].id + " has no mark here to send back", "judge");
      out.payload["judge"] = c.judges[size_t(j)].id;
      out.payload["note"] = a->note;
      return Reply{};
    }
    // publish: every panel judge has marked, none is sent back, and the time is recorded.
    std::string missing;
    for (int j : panel_for(c, r, ct, sec)) {
      if (!s.marks.count({r, ct, sec, j})) missing += (missing.empty() ? "" : ", ") + c.judges[size_t(j)].id;
      else if (s.returned.count({r, ct, sec, j}))
        missing += (missing.empty() ? "" : ", ") + c.judges[size_t(j)].id + " (sent back)";
    }
    if (!missing.empty()) return error_reply(409, "marks missing from " + missing);
    if (needs_timing(c.sections[size_t(sec)]) && !s.timings.count(key))
      return error_reply(409, "the time has not been recorded yet");
    return Reply{};
  }
  if (const auto* d = std::get_if<TieRuling>(&p.request)) {
    r = find_round(c, d->round);
    int g = find_group(c, d->group);
    if (r < 0) return error_reply(404, "unknown round", "round");
    if (g < 0) return error_reply(404, "unknown group", "group");
    // A head judge rules only on the round and group their venue runs.
    if (scope_of(who.role, "decision") == Scope::kOwnVenue &&
        (who.venue < 0 || c.venues[size_t(who.venue)].round != r || c.venues[size_t(who.venue)].group != g))
      return error_reply(403, "裁判长只能裁决本赛场所赛的轮次和组别", "group");
    std::set<int> seen;
    Json ids = Json::array();
    for (size_t i = 0; i < d->order.size(); ++i) {
      int x = find_contestant(c, d->order[i]);
      std::string f = "order[" + std::to_string(i) + "]";
      if (x < 0) return error_reply(404, "unknown contestant", f);
      if (c.contestants[size_t(x)].group != g) return error_reply(422, "not in this group", f);
      if (!seen.insert(x).second) return error_reply(422, "listed twice", f);
      ids.push_back(c.contestants[size_t(x)].id);
    }
    out.payload = Json{{"kind", "tie_order"}, {"round", c.rounds[size_t(r)].key},
                       {"group", c.groups[size_t(g)].key}, {"order", ids}};
    if (!d->reason.empty()) out.payload["reason"] = d->reason;
    return Reply{};
  }
  if (const auto* h = std::get_if<HeadJudgeCall>(&p.request)) {
    if (who.role == role::kHeadJudge) {  // the head judge clears the flag
      if (!h->venue.empty() && find_venue(c, h->venue) != who.venue)
        return error_reply(403, "you are head judge of another venue", "venue");
      out.payload = Json{{"venue", venue_name(who.venue)}, {"cleared", true}};
      return Reply{};
    }
    if (h->venue.empty()) return error_reply(400, "venue：缺少这个字段", "venue");
    venue = find_venue(c, h->venue);
    if (venue < 0) return error_reply(404, "unknown venue", "venue");
    const auto& panel = c.venues[size_t(venue)].judges;
    if (std::find(panel.begin(), panel.end(), who.judge) == panel.end())
      return error_reply(403, "you do not sit in venue " + venue_name(venue), "venue");
    out.payload = Json{{"venue", venue_name(venue)}, {"judge", c.judges[size_t(who.judge)].id}};
    if (!h->note.empty()) out.payload["note"] = h->note;
    return Reply{};
  }
  if (const auto* t = std::get_if<TopicDrawRequest>(&p.request)) {
    // RULES §4: the contestant draws a topic (class meeting) or a case (Q&A) in the prep room;
    // one drawn is not drawn again in the same round.
    r = find_round(c, t->round);
    ct = find_contestant(c, t->contestant);
    sec = find_section(c, t->section);
    if (r < 0) return error_reply(404, "unknown round \"" + t->round + "\"", "round");
    if (ct < 0) return error_reply(404, "unknown contestant \"" + t->contestant + "\"", "contestant");
    if (sec < 0) return error_reply(404, "unknown section \"" + t->section + "\"", "section");
    if (c.contestants[size_t(ct)].withdrawn) return error_reply(409, "this contestant has withdrawn", "contestant");
    // Only the round's entrants draw: a draw for anyone else would use up the bank.
    auto full = this->standings(false);
    auto entrants = entrants_of(c, full->rounds, r, c.contestants[size_t(ct)].group);
    if (std::find(entrants.begin(), entrants.end(), ct) == entrants.end())
      return error_reply(403, t->contestant + " 不是" + c.rounds[size_t(r)].name + "的参赛选手，不能抽题", "contestant");
    const Json& bank = document_.contains("topics") && document_["topics"].is_object()
                           ? document_["topics"].value(c.sections[size_t(sec)].key, Json::array())
                           : Json::array();
    if (!bank.is_array() || bank.empty())
      return error_reply(409, "no topics for this section: import them with liangfen import-topics", "section");
    if (auto it = s.topic_draws.find({r, ct, sec}); it != s.topic_draws.end())
      return error_reply(409, "already drawn: topic " + std::to_string(it->second.first + 1) + " (a draw is final)", "contestant");
    std::vector<int> left;
    for (int i = 0; i < int(bank.size()); ++i) {
      bool used = false;
      for (const auto& [k, v] : s.topic_draws)
        if (std::get<0>(k) == r && std::get<2>(k) == sec && v.first == i) used = true;
      if (!used) left.push_back(i);
    }
    if (left.empty()) return error_reply(409, "every topic of this section has been drawn in this round", "section");
    int pick = left[size_t(random_below(left.size()))];
    out.payload = Json{{"round", c.rounds[size_t(r)].key}, {"contestant", c.contestants[size_t(ct)].id},
                       {"section", c.sections[size_t(sec)].key}, {"topic", pick},
                       {"text", bank[size_t(pick)].is_string() ? bank[size_t(pick)].get<std::string>() : ""}};
    return Reply{};
  }
  if (const auto* d = std::get_if<DisplaySceneChange>(&p.request)) {
    out.payload = Json{{"display", d->display}, {"scene", d->scene}};
    return Reply{};
  }
  return error_reply(404, "unknown change \"" + p.kind + "\"");
}

std::shared_ptr<const ContestResult> ContestService::standings(bool published_only) const {
  LiveState s;
  {
    std::shared_lock lock(state_mu_);
    std::lock_guard cache(cache_mu_);
    if (cached_seq_[published_only] == state_.last_seq && cached_[published_only])
      return cached_[published_only];
    s = state_;
  }
  auto r = std::make_shared<const ContestResult>(
      compute_results(contest_with_state(contest_, s, published_only)));
  std::lock_guard cache(cache_mu_);
  cached_[published_only] = r;
  cached_seq_[published_only] = s.last_seq;
  return r;
}

LiveState ContestService::live_state() const {
  std::shared_lock lock(state_mu_);
  return state_;
}

int64_t ContestService::last_seq() const {
  std::shared_lock lock(state_mu_);
  return last_seq_;
}

bool ContestService::visible(const Session& who, const Event& e) const {
  if (who.role == role::kOrganizer) return true;
  const Json& p = e.payload;
  if (e.kind == "stage" || e.kind == "clock") return true;  // public facts
  if (who.role == role::kSteward) return e.kind == "topic_draw";
  if (who.role == role::kDisplay)
    return e.kind == "publish" || e.kind == "reopen" || e.kind == "decision" || e.kind == "display_scene";
  const Contest& c = contest_;
  int r = find_round(c, json_string(p, "round")), ct = find_contestant(c, json_string(p, "contestant")),
      sec = find_section(c, json_string(p, "section"));
  int venue = -1;
  if (r >= 0 && ct >= 0 && sec >= 0)
    venue = venue_for(c, r, c.contestants[size_t(ct)].group, sec).value_or(-1);
  if (venue < 0 && p.contains("venue")) venue = find_venue(c, json_string(p, "venue"));
  if (who.role == role::kHeadJudge) {
    if (e.kind == "decision")  // rulings of the round and group their venue runs
      return who.venue >= 0 && find_round(c, json_string(p, "round")) == c.venues[size_t(who.venue)].round &&
             find_group(c, json_string(p, "group")) == c.venues[size_t(who.venue)].group;
    return venue == who.venue;
  }
  if (who.role == role::kTimekeeper) return venue == who.venue && e.kind == "timing";
  if (who.role == role::kJudge) {
    std::string me = c.judges[size_t(who.judge)].id;
    if (e.kind == "mark" || e.kind == "return" || e.kind == "call_head_judge") return json_string(p, "judge") == me;
    if (e.kind == "publish" || e.kind == "reopen") {
      if (venue < 0) return false;
      const auto& panel = c.venues[size_t(venue)].judges;
      return std::find(panel.begin(), panel.end(), who.judge) != panel.end();
    }
  }
  return false;
}

std::vector<Event> ContestService::events_after(const Session& who, int64_t& after, size_t limit,
                                                std::chrono::milliseconds timeout) const {
  std::vector<Event> out;
  {
    std::shared_lock lock(state_mu_);
    bool in_tail = tail_.empty() || after >= tail_.front().seq - 1;
    if (in_tail) {
      auto collect = [&] {
        auto it = std::upper_bound(tail_.begin(), tail_.end(), after,
                                   [](int64_t a, const Event& e) { return a < e.seq; });
        for (; it != tail_.end() && out.size() < limit; ++it) {
          if (visible(who, *it)) out.push_back(*it);
          after = it->seq;
        }
        return !out.empty();
      };
      if (!collect() && timeout.count() > 0 && !listeners_released_)
        new_event_.wait_for(lock, timeout, [&] { return collect() || listeners_released_; });
      return out;
    }
  }
  // A listener far behind (back after a long disconnection): read from the database, a page at
  // a time, without holding the state lock.
  Result<std::vector<Event>> page = [&] {
    std::lock_guard lock(store_mu_);
    return store_->events_after(after, 512);
  }();
  if (!page.ok()) return out;
  for (const Event& e : page.value()) {
    if (out.size() >= limit) break;
    if (visible(who, e)) out.push_back(e);
    after = e.seq;
  }
  return out;
}

void ContestService::release_listeners() {
  {
    std::unique_lock lock(state_mu_);  // no waiter between its check and its wait
    listeners_released_ = true;
  }
  new_event_.notify_all();
  notify_commit();
}

void ContestService::set_commit_listener(std::function<void()> listener) {
  std::lock_guard lock(listener_mu_);
  commit_listener_ = std::move(listener);
}

void ContestService::notify_commit() const {
  std::lock_guard lock(listener_mu_);
  if (commit_listener_) commit_listener_();
}

Reply ContestService::results(const Session& who) const {
  using protocol::Scope;
  Scope scope = protocol::scope_of(who.role, "results");
  if (scope == Scope::kNothing) return error_reply(403, "a " + who.role + " may not read the results");
  // Under anonymous judging the results would map a draw number to a name: judges do without.
  if (who.role == role::kJudge && document_["contest"].value("anonymous_judging", false))
    return error_reply(403, "匿名评分：评委不能查看成绩表");
  bool everything = scope == Scope::kEverything;
  // The seq is read before the standings: a change committed meanwhile must not be claimed by
  // an answer computed without it (a display would wait for it in vain).
  int64_t seq = last_seq();
  auto r = standings(!everything);
  Json body = Json::parse(result_to_json(contest_, *r), nullptr, false);
  body["published_only"] = !everything;
  body["last_seq"] = seq;
  return Reply{200, body};
}

Reply ContestService::export_contest(const Session& who) const {
  if (protocol::scope_of(who.role, "export") == protocol::Scope::kNothing)
    return error_reply(403, "only the organizer may export");
  return Reply{200, export_document(contest_, document_, live_state())};
}

Reply ContestService::backup(const Session& who, const std::string& path) {
  if (protocol::scope_of(who.role, "backup") == protocol::Scope::kNothing)
    return error_reply(403, "only the organizer may back up");
  std::lock_guard lock(store_mu_);
  if (auto s = store_->backup_to(path); !s.ok()) return error_reply(500, s.to_string());
  return Reply{200, Json{{"backup", path}}};
}

Reply ContestService::state(const Session& who) const {
  const Contest& c = contest_;
  LiveState s = live_state();
  bool anonymous = document_["contest"].value("anonymous_judging", false) && who.role == role::kJudge;
  auto person = [&](int ct) { return contestant_json(c, document_, ct, anonymous); };
  Json out = public_state(c, document_, s, anonymous, clock_.now_ms());
  out["me"] = {{"person", who.person}, {"role", who.role}, {"name", who.name},
               {"venue", who.venue >= 0 ? Json(c.venues[size_t(who.venue)].key) : Json(nullptr)}};

  auto mark_json = [&](const MarkKey& k) -> Json {
    auto [r, ct, sec, j] = k;
    Json m = {{"round", c.rounds[size_t(r)].key}, {"contestant", c.contestants[size_t(ct)].id},
              {"section", c.sections[size_t(sec)].key}, {"judge", c.judges[size_t(j)].id}};
    auto it = s.marks.find(k);
    m["points"] = it == s.marks.end() ? Json(nullptr)
                                      : Json::parse(plain_decimal(it->second.points, c.scale.mark_decimals), nullptr, false);
    m["revision"] = it == s.marks.end() ? 0 : it->second.seq;  // what a correction replaces
    std::string status = it == s.marks.end() ? "missing" : "saved";
    if (s.returned.count(k)) status = "returned", m["note"] = s.returned.at(k);
    if (s.published.count({r, ct, sec})) status = "locked";
    m["status"] = status;
    m["who"] = person(ct);  // name and school, or only the draw number when anonymous
    return m;
  };
  if (who.role == role::kSteward || who.role == role::kOrganizer) {
    Json people = Json::array(), draws = Json::array();
    for (size_t i = 0; i < c.contestants.size(); ++i)
      if (!c.contestants[i].withdrawn) {
        Json x = person(int(i));
        x["group"] = c.groups[size_t(c.contestants[i].group)].key;
        people.push_back(x);
      }
    for (const auto& [k, v] : s.topic_draws) {
      auto [r, ct, sec] = k;
      const Json* topics = document_.contains("topics") ? &document_["topics"] : nullptr;
      Json bank = topics && topics->is_object() ? topics->value(c.sections[size_t(sec)].key, Json::array())
                                                 : Json::array();
      draws.push_back({{"round", c.rounds[size_t(r)].key}, {"contestant", person(ct)},
                       {"section", c.sections[size_t(sec)].key}, {"topic", v.first},
                       {"text", bank.is_array() && size_t(v.first) < bank.size() ? bank[size_t(v.first)] : Json("")},
                       {"at_ms", v.second}});
    }
    out["contestants"] = people;
    out["topic_draws"] = draws;
    Json banks = Json::object();
    if (document_.contains("topics") && document_["topics"].is_object())
      for (auto it = document_["topics"].begin(); it != document_["topics"].end(); ++it)
        banks[it.key()] = it.value().is_array() ? it.value().size() : 0;
    out["topic_banks"] = banks;  // section -> how many topics
  }
  if (who.role == role::kJudge) {
    Json mine = Json::array();
    for (const auto& [k, m] : s.marks)
      if (std::get<3>(k) == who.judge) mine.push_back(mark_json(k));
    for (const auto& [k, note] : s.returned)
      if (std::get<3>(k) == who.judge && !s.marks.count(k)) mine.push_back(mark_json(k));
    out["my_marks"] = mine;
  }
  if (who.role == role::kHeadJudge || who.role == role::kOrganizer) {
    // Every performance of the venue(s): marks per judge, completeness, the previewed score.
    Json panels = Json::array();
    auto full = standings(false);
    for (size_t v = 0; v < c.venues.size(); ++v) {
      if (who.role == role::kHeadJudge && int(v) != who.venue) continue;
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
                Json m = mark_json({x.round, st.contestant, sr.section, j});
                auto pos = std::find(sr.judges.begin(), sr.judges.end(), j);
                m["dropped"] = pos != sr.judges.end() && sr.dropped[size_t(pos - sr.judges.begin())];
                marks.push_back(m);
              }
              auto fmt = [&](std::optional<int64_t> u) {
                return u ? Json::parse(format_fixed(*u, c.scale.score_decimals), nullptr, false) : Json(nullptr);
              };
              panels.push_back({{"venue", x.key}, {"round", c.rounds[size_t(x.round)].key},
                                {"contestant", person(st.contestant)},
                                {"section", c.sections[size_t(sr.section)].key}, {"marks", marks},
                                {"complete", sr.complete()}, {"average", fmt(sr.average)},
                                {"duration_s", sr.duration_s ? Json(*sr.duration_s) : Json(nullptr)},
                                {"penalty", fmt(sr.timing.penalty)}, {"score", fmt(sr.score)},
                                {"published", s.published.count({x.round, st.contestant, sr.section}) > 0}});
            }
          Json unresolved = Json::array();
          for (const Unresolved& u : gs.unresolved) {
            Json ids = Json::array();
            for (int x2 : u.contestants) ids.push_back(c.contestants[size_t(x2)].id);
            unresolved.push_back({{"round", c.rounds[size_t(rs.round)].key},
                                  {"group", c.groups[size_t(gs.group)].key},
                                  {"kind", u.kind == Unresolved::Kind::kAwardBoundary ? "award_boundary" : "advance_boundary"},
                                  {"contestants", ids}});
          }
          if (!unresolved.empty()) out["unresolved"] = unresolved;
        }
      }
    }
    out["panels"] = panels;
    Json calls = Json::array();
    for (const auto& [v, call] : s.head_judge_called)
      if (call.at_ms > 0 && (who.role == role::kOrganizer || v == who.venue)) {
        int j = find_judge(c, call.judge);
        calls.push_back({{"venue", c.venues[size_t(v)].key}, {"at_ms", call.at_ms},
                         {"judge", call.judge},
                         {"judge_name", j >= 0 ? Json(c.judges[size_t(j)].name) : Json("")},
                         {"note", call.note}});
      }
    out["head_judge_calls"] = calls;
    if (who.role == role::kOrganizer) {
      // Lockouts for wrong login codes: someone guessing, or a person who cannot log in.
      Json locks = Json::array();
      for (const auto& l : throttle_.lockouts(clock_.now_ms()))
        locks.push_back({{"address", l.client}, {"until_ms", l.until_ms}, {"lockouts", l.lockouts}});
      out["login_lockouts"] = locks;
    }
  }
  return Reply{200, out};
}

}  // namespace lf
