#include "server/contest_service.h"

#include <algorithm>
#include <set>

#include "data/public_state.h"
#include "data/result_json.h"
#include "engine/fixed_point.h"
#include "protocol/protocol.h"

namespace lf {

namespace role = protocol::role;

Reply error_reply(int status, std::string message, std::string field) {
  return Reply{status, Json{{"error", std::move(message)}, {"field", std::move(field)}}};
}

namespace {

std::string str(const Json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A checker refusal as an HTTP reply: unknown ids 404, not-yours 403, bad values 422.
Reply refusal(const std::vector<Error>& errors) {
  const Error& e = errors.front();
  int status = 422;
  if (e.message.rfind("unknown", 0) == 0) status = 404;
  if (e.message.find("is not on the panel") != std::string::npos ||
      e.message.find("may not mark") != std::string::npos)
    status = 403;
  if (e.message.find("is required") != std::string::npos) status = 400;
  return error_reply(status, e.message, e.path);
}

Session session_of(const Contest& c, const PersonRecord& p) {
  Session s{p.person, p.role, p.name, find_venue(c, p.venue), -1};
  if (p.role == role::kJudge) s.judge = find_judge(c, p.person);
  return s;
}

}  // namespace

ContestService::ContestService(std::unique_ptr<ContestStore> store, const Clock& clock,
                               ContestFile file, LiveState state, std::vector<Event> log)
    : store_(std::move(store)),
      clock_(clock),
      document_(std::move(file.document)),
      contest_(std::move(file.contest)),
      checker_(std::make_unique<PerformanceChecker>(contest_)),
      state_(std::move(state)),
      log_(std::move(log)) {
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
  auto log = store->events_after(0, SIZE_MAX);
  if (!log.ok()) return Result<std::unique_ptr<ContestService>>(log.status());
  auto people = store->people();
  auto sessions = store->sessions();
  auto salt = store->code_salt();
  if (!people.ok() || !sessions.ok() || !salt.ok())
    return Error{store->path(), "cannot read people and sessions"};
  std::unique_ptr<ContestService> svc(new ContestService(
      std::move(store), clock, std::move(file.value()), std::move(state.value()),
      std::move(log.value())));
  svc->salt_ = salt.value();
  std::map<std::string, PersonRecord> by_person;
  for (const auto& p : people.value()) {
    svc->people_by_hash_[p.code_hash] = p;
    by_person[p.person] = p;
  }
  for (const auto& [token_hash, person] : sessions.value())
    if (auto it = by_person.find(person); it != by_person.end())
      svc->sessions_[token_hash] = session_of(svc->contest_, it->second);
  return svc;
}

Reply ContestService::login(const Json& body, const std::string& client) {
  if (!body.is_object()) return error_reply(400, "the body must be a JSON object");
  auto version = body.find("api_version");
  if (version == body.end() || !version->is_number_integer() ||
      version->get<int>() != protocol::kApiVersion)
    return error_reply(426,
                       "this program speaks API version " +
                           std::to_string(protocol::kApiVersion) +
                           "; update the console or display to the server's version",
                       "api_version");
  int64_t now = clock_.now_ms();
  if (int64_t wait = throttle_.wait_ms(client, now); wait > 0)
    return error_reply(429, "too many wrong codes; wait " + std::to_string((wait + 999) / 1000) +
                                " seconds and try again");
  std::string code = str(body, "code");
  if (code.empty()) return error_reply(400, "enter your login code", "code");
  std::string hash = sha256_hex(salt_ + code);
  std::lock_guard lock(sessions_mu_);
  auto it = people_by_hash_.find(hash);
  if (it == people_by_hash_.end() || !constant_time_equal(it->second.code_hash, hash)) {
    throttle_.failed(client, now);
    return error_reply(401, "wrong login code", "code");
  }
  throttle_.succeeded(client);
  std::string token = random_token();
  std::string token_hash = sha256_hex(token);
  {
    std::lock_guard store_lock(store_mu_);
    if (auto s = store_->add_session(token_hash, it->second.person, now); !s.ok())
      return error_reply(503, "could not record the login: " + s.to_string());
  }
  Session s = session_of(contest_, it->second);
  sessions_[token_hash] = s;
  Json venue = s.venue >= 0 ? Json(contest_.venues[size_t(s.venue)].key) : Json(nullptr);
  return Reply{200, Json{{"token", token}, {"person", s.person}, {"role", s.role},
                         {"name", s.name}, {"venue", venue},
                         {"api_version", protocol::kApiVersion}}};
}

std::optional<Session> ContestService::session(const std::string& token) const {
  if (token.empty()) return std::nullopt;
  std::lock_guard lock(sessions_mu_);
  auto it = sessions_.find(sha256_hex(token));
  if (it == sessions_.end()) return std::nullopt;
  return it->second;
}

Reply ContestService::change(const Session& who, const std::string& kind, const Json& body) {
  if (!body.is_object()) return error_reply(400, "the body must be a JSON object");
  auto p = std::make_unique<Pending>();
  p->who = who;
  p->kind = kind;
  p->body = body;
  auto answer = p->reply.get_future();
  {
    std::lock_guard lock(queue_mu_);
    if (stopping_) return error_reply(503, "the server is shutting down; try again shortly");
    queue_.push_back(std::move(p));
  }
  queue_cv_.notify_one();
  return answer.get();
}

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
      std::string key = str(batch[i]->body, "idempotency_key");
      if (!key.empty()) {
        std::string scoped = batch[i]->who.person + "/" + key;
        if (auto in = keys_in_batch.find(scoped); in != keys_in_batch.end()) {
          event_of[i] = in->second;  // a retry racing its original: same answer
          continue;
        }
        std::optional<Event> stored;
        {
          std::lock_guard lock(store_mu_);
          auto found = store_->event_by_key(scoped);
          if (found.ok()) stored = found.value();
        }
        if (stored) {
          replies[i] = Reply{200, Json{{"saved", true}, {"seq", stored->seq}, {"duplicate", true}}};
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
    if (!events.empty()) {
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
      } else {
        {
          std::unique_lock lock(state_mu_);
          state_ = std::move(base);
          for (const Event& e : stored.value()) log_.push_back(e);
        }
        new_event_.notify_all();
        notify_commit();
        for (size_t i = 0; i < batch.size(); ++i)
          if (event_of[i] >= 0) {
            const Event& e = stored.value()[size_t(event_of[i])];
            replies[i] = Reply{200, Json{{"saved", true}, {"seq", e.seq}}};
          }
      }
    }
    for (size_t i = 0; i < batch.size(); ++i) batch[i]->reply.set_value(std::move(replies[i]));
  }
}

namespace {

bool on_stage(const LiveState& s, int venue, int round, int contestant) {
  auto it = s.stage.find(venue);
  return it != s.stage.end() && it->second.round == round && it->second.contestant == contestant;
}

}  // namespace

Reply ContestService::check(const Pending& p, const LiveState& s, Event& out) const {
  const Contest& c = contest_;
  const Session& who = p.who;
  const Json& body = p.body;
  out.kind = p.kind;
  auto need_role = [&](std::initializer_list<const char*> roles) -> std::optional<Reply> {
    for (const char* r : roles)
      if (who.role == r) return std::nullopt;
    return error_reply(403, "a " + who.role + " may not do this (" + p.kind + ")");
  };
  // The venue that runs a performance, and the performance's ids.
  auto perf_ids = [&](int& r, int& ct, int& sec, int& venue) -> std::optional<Reply> {
    r = find_round(c, str(body, "round"));
    ct = find_contestant(c, str(body, "contestant"));
    sec = find_section(c, str(body, "section"));
    if (r < 0) return error_reply(404, "unknown round \"" + str(body, "round") + "\"", "round");
    if (ct < 0)
      return error_reply(404, "unknown contestant \"" + str(body, "contestant") + "\"", "contestant");
    if (sec < 0)
      return error_reply(404, "unknown section \"" + str(body, "section") + "\"", "section");
    auto v = venue_for(c, r, c.contestants[size_t(ct)].group, sec);
    if (!v) return error_reply(409, "no venue runs this section for this contestant", "section");
    venue = *v;
    return std::nullopt;
  };
  auto venue_name = [&](int v) { return c.venues[size_t(v)].key; };
  int r = -1, ct = -1, sec = -1, venue = -1;

  if (p.kind == "mark") {
    if (auto e = need_role({role::kJudge})) return *e;
    Json m = body;
    m["judge"] = c.judges[size_t(who.judge)].id;
    m.erase("idempotency_key");
    auto checked = checker_->mark(m, "");
    if (!checked.ok()) return refusal(checked.errors());
    const Mark& mk = checked.value();
    r = mk.round, ct = mk.contestant, sec = mk.section;
    venue = *venue_for(c, r, c.contestants[size_t(ct)].group, sec);
    if (s.published.count({r, ct, sec}))
      return error_reply(409, "locked: the head judge has published this result (亮分); ask the "
                              "head judge to reopen it", "section");
    MarkKey key{r, ct, sec, who.judge};
    bool correction = s.marks.count(key) > 0;
    if (!correction && !on_stage(s, venue, r, ct))
      return error_reply(409, "contestant " + c.contestants[size_t(ct)].id +
                                  " is not on stage in venue " + venue_name(venue), "contestant");
    out.payload = Json{{"round", c.rounds[size_t(r)].key}, {"contestant", c.contestants[size_t(ct)].id},
                       {"section", c.sections[size_t(sec)].key}, {"judge", m["judge"]},
                       {"points", body["points"]}};
    return Reply{};
  }
  if (p.kind == "timing") {
    if (auto e = need_role({role::kTimekeeper})) return *e;
    Json t = body;
    t.erase("idempotency_key");
    t.erase("reason");
    auto checked = checker_->timing(t, "");
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
    if (correction && str(body, "reason").empty())
      return error_reply(422, "correcting a recorded time needs a reason", "reason");
    if (!correction && !on_stage(s, *v, r, ct))
      return error_reply(409, "contestant " + c.contestants[size_t(ct)].id +
                                  " is not on stage in venue " + venue_name(*v), "contestant");
    out.payload = t;
    if (!str(body, "reason").empty()) out.payload["reason"] = str(body, "reason");
    return Reply{};
  }
  if (p.kind == "clock") {
    if (auto e = need_role({role::kTimekeeper})) return *e;
    auto running = body.find("running");
    if (running == body.end() || !running->is_boolean())
      return error_reply(422, "running must be true or false", "running");
    int64_t elapsed = body.value("elapsed_ms", int64_t{0});
    if (elapsed < 0 || elapsed > 4 * 3600 * 1000)
      return error_reply(422, "elapsed_ms is out of range", "elapsed_ms");
    int s_idx = find_section(c, str(body, "section"));
    out.payload = Json{{"venue", venue_name(who.venue)}, {"running", running->get<bool>()},
                       {"started_at_ms", running->get<bool>() ? clock_.now_ms() : 0},
                       {"elapsed_ms", elapsed},
                       {"section", s_idx >= 0 ? c.sections[size_t(s_idx)].key : ""}};
    return Reply{};
  }
  if (p.kind == "stage") {
    if (auto e = need_role({role::kOrganizer, role::kHeadJudge})) return *e;
    venue = body.contains("venue") ? find_venue(c, str(body, "venue")) : who.venue;
    if (venue < 0) return error_reply(404, "unknown venue \"" + str(body, "venue") + "\"", "venue");
    if (who.role == role::kHeadJudge && venue != who.venue)
      return error_reply(403, "you are head judge of another venue", "venue");
    const Venue& v = c.venues[size_t(venue)];
    std::string id = str(body, "contestant");
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
  if (p.kind == "publish" || p.kind == "reopen" || p.kind == "return") {
    if (auto e = need_role({role::kHeadJudge})) return *e;
    if (auto e = perf_ids(r, ct, sec, venue)) return *e;
    if (venue != who.venue)
      return error_reply(403, "this performance belongs to venue " + venue_name(venue), "section");
    PerformanceKey key{r, ct, sec};
    out.payload = Json{{"round", c.rounds[size_t(r)].key}, {"contestant", c.contestants[size_t(ct)].id},
                       {"section", c.sections[size_t(sec)].key}};
    if (p.kind == "reopen") {
      if (!s.published.count(key)) return error_reply(409, "this result is not published");
      if (str(body, "reason").empty())
        return error_reply(422, "reopening a published result needs a reason", "reason");
      out.payload["reason"] = str(body, "reason");
      return Reply{};
    }
    if (s.published.count(key)) return error_reply(409, "already published (亮分)");
    if (p.kind == "return") {
      int j = find_judge(c, str(body, "judge"));
      if (j < 0) return error_reply(404, "unknown judge \"" + str(body, "judge") + "\"", "judge");
      if (!s.marks.count({r, ct, sec, j}))
        return error_reply(409, "judge " + c.judges[size_t(j)].id + " has no mark here to send back", "judge");
      out.payload["judge"] = c.judges[size_t(j)].id;
      out.payload["note"] = str(body, "note");
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
  if (p.kind == "decision") {
    if (auto e = need_role({role::kHeadJudge, role::kOrganizer})) return *e;
    r = find_round(c, str(body, "round"));
    int g = find_group(c, str(body, "group"));
    if (r < 0) return error_reply(404, "unknown round", "round");
    if (g < 0) return error_reply(404, "unknown group", "group");
    auto order = body.find("order");
    if (order == body.end() || !order->is_array() || order->size() < 2)
      return error_reply(422, "order must list at least two contestants", "order");
    std::set<int> seen;
    Json ids = Json::array();
    for (size_t i = 0; i < order->size(); ++i) {
      int x = (*order)[i].is_string() ? find_contestant(c, (*order)[i].get<std::string>()) : -1;
      std::string f = "order[" + std::to_string(i) + "]";
      if (x < 0) return error_reply(404, "unknown contestant", f);
      if (c.contestants[size_t(x)].group != g) return error_reply(422, "not in this group", f);
      if (!seen.insert(x).second) return error_reply(422, "listed twice", f);
      ids.push_back(c.contestants[size_t(x)].id);
    }
    out.payload = Json{{"kind", "tie_order"}, {"round", c.rounds[size_t(r)].key},
                       {"group", c.groups[size_t(g)].key}, {"order", ids}};
    return Reply{};
  }
  if (p.kind == "call_head_judge") {
    if (who.role == role::kHeadJudge) {  // the head judge clears the flag
      out.payload = Json{{"venue", venue_name(who.venue)}, {"cleared", true}};
      return Reply{};
    }
    if (auto e = need_role({role::kJudge})) return *e;
    venue = find_venue(c, str(body, "venue"));
    if (venue < 0) return error_reply(404, "unknown venue", "venue");
    const auto& panel = c.venues[size_t(venue)].judges;
    if (std::find(panel.begin(), panel.end(), who.judge) == panel.end())
      return error_reply(403, "you do not sit in venue " + venue_name(venue), "venue");
    out.payload = Json{{"venue", venue_name(venue)}, {"judge", c.judges[size_t(who.judge)].id}};
    return Reply{};
  }
  if (p.kind == "topic_draw") {
    // RULES §4: the contestant draws a topic (class meeting) or a case (Q&A) in the prep room;
    // one drawn is not drawn again in the same round.
    if (auto e = need_role({role::kSteward, role::kOrganizer})) return *e;
    r = find_round(c, str(body, "round"));
    ct = find_contestant(c, str(body, "contestant"));
    sec = find_section(c, str(body, "section"));
    if (r < 0) return error_reply(404, "unknown round \"" + str(body, "round") + "\"", "round");
    if (ct < 0) return error_reply(404, "unknown contestant \"" + str(body, "contestant") + "\"", "contestant");
    if (sec < 0) return error_reply(404, "unknown section \"" + str(body, "section") + "\"", "section");
    if (c.contestants[size_t(ct)].withdrawn) return error_reply(409, "this contestant has withdrawn", "contestant");
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
  if (p.kind == "display_scene") {
    if (auto e = need_role({role::kOrganizer})) return *e;
    static const std::set<std::string> scenes = {"leaderboard", "stage", "reveal", "awards", "follow"};
    std::string scene = str(body, "scene"), display = str(body, "display");
    if (!scenes.count(scene))
      return error_reply(422, "scene must be leaderboard, stage, reveal, awards or follow", "scene");
    if (display.empty()) return error_reply(422, "name the display (main, lobby, ...) or \"*\" for all", "display");
    out.payload = Json{{"display", display}, {"scene", scene}};
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
  return log_.empty() ? 0 : log_.back().seq;
}

bool ContestService::visible(const Session& who, const Event& e) const {
  if (who.role == role::kOrganizer) return true;
  const Json& p = e.payload;
  if (e.kind == "stage" || e.kind == "clock") return true;  // public facts
  if (who.role == role::kSteward) return e.kind == "topic_draw";
  if (who.role == role::kDisplay)
    return e.kind == "publish" || e.kind == "reopen" || e.kind == "decision" || e.kind == "display_scene";
  const Contest& c = contest_;
  int r = find_round(c, str(p, "round")), ct = find_contestant(c, str(p, "contestant")),
      sec = find_section(c, str(p, "section"));
  int venue = -1;
  if (r >= 0 && ct >= 0 && sec >= 0)
    venue = venue_for(c, r, c.contestants[size_t(ct)].group, sec).value_or(-1);
  if (venue < 0 && p.contains("venue")) venue = find_venue(c, str(p, "venue"));
  if (who.role == role::kHeadJudge) {
    if (e.kind == "decision") return true;
    return venue == who.venue;
  }
  if (who.role == role::kTimekeeper) return venue == who.venue && e.kind == "timing";
  if (who.role == role::kJudge) {
    std::string me = c.judges[size_t(who.judge)].id;
    if (e.kind == "mark" || e.kind == "return" || e.kind == "call_head_judge") return str(p, "judge") == me;
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
  std::shared_lock lock(state_mu_);
  auto collect = [&] {
    auto it = std::upper_bound(log_.begin(), log_.end(), after,
                               [](int64_t a, const Event& e) { return a < e.seq; });
    for (; it != log_.end() && out.size() < limit; ++it) {
      if (visible(who, *it)) out.push_back(*it);
      after = it->seq;
    }
    return !out.empty();
  };
  if (!collect() && timeout.count() > 0 && !listeners_released_)
    new_event_.wait_for(lock, timeout, [&] { return collect() || listeners_released_; });
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
  bool everything = who.role == role::kOrganizer || who.role == role::kHeadJudge;
  auto r = standings(!everything);
  Json body = Json::parse(result_to_json(contest_, *r), nullptr, false);
  body["published_only"] = !everything;
  body["last_seq"] = last_seq();
  return Reply{200, body};
}

Reply ContestService::export_contest(const Session& who) const {
  if (who.role != role::kOrganizer) return error_reply(403, "only the organizer may export");
  return Reply{200, export_document(contest_, document_, live_state())};
}

Reply ContestService::backup(const Session& who, const std::string& path) {
  if (who.role != role::kOrganizer) return error_reply(403, "only the organizer may back up");
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
    for (const auto& [v, at] : s.head_judge_called)
      if (at > 0 && (who.role == role::kOrganizer || v == who.venue))
        calls.push_back({{"venue", c.venues[size_t(v)].key}, {"at_ms", at}});
    out["head_judge_calls"] = calls;
  }
  return Reply{200, out};
}

}  // namespace lf
