#include "scoring/server/login_pacer.h"
#include "scoring/engine/mutex.h"

#include <algorithm>
#include <cmath>

namespace lf {

LoginPacer::LoginPacer(Limits limits) : limits_(limits), tokens_(limits.burst) {}

void LoginPacer::refill(int64_t now) {
  if (tokens_at_ms_ < 0) tokens_at_ms_ = now;
  double elapsed_s = double(std::max<int64_t>(0, now - tokens_at_ms_)) / 1000.0;
  tokens_ = std::min(limits_.burst, tokens_ + elapsed_s * limits_.wrong_per_s);
  tokens_at_ms_ = std::max(tokens_at_ms_, now);
}

double LoginPacer::misses_now(const Address& a, int64_t now) const {
  if (a.misses <= 0) return 0;
  double age = double(std::max<int64_t>(0, now - a.misses_at_ms));
  return a.misses * std::exp2(-age / double(limits_.miss_half_life_ms));
}

void LoginPacer::forget_quiet_addresses(int64_t now) {
  if (addresses_.size() < limits_.max_addresses) return;
  // Forget the addresses with no waiting login and (nearly) no misses left; if all have some,
  // the one with the fewest (an address forgotten is treated as clean, which only helps it).
  std::erase_if(addresses_, [&](const auto& e) {
    return e.second.queue.empty() && misses_now(e.second, now) < 0.01;
  });
  while (addresses_.size() >= limits_.max_addresses) {
    auto least = addresses_.end();
    for (auto it = addresses_.begin(); it != addresses_.end(); ++it)
      if (it->second.queue.empty() &&
          (least == addresses_.end() ||
           misses_now(it->second, now) < misses_now(least->second, now)))
        least = it;
    if (least == addresses_.end()) return;  // every address is waiting: max_waiting bounds that
    addresses_.erase(least);
  }
}

LoginPacer::Admission LoginPacer::submit(const std::string& address, int64_t now) {
  MutexLock lock(mu_);
  refill(now);
  if (waiting_ == 0 && tokens_ >= 1.0) {
    tokens_ -= 1.0;
    forget_quiet_addresses(now);
    addresses_[address].served_ms = now;
    return {Turn::kNow, 0, 0};
  }
  auto found = addresses_.find(address);
  size_t mine = found == addresses_.end() ? 0 : found->second.queue.size();
  if (waiting_ >= limits_.max_waiting || mine >= limits_.max_waiting_per_address) {
    // A hint: roughly how long the queue ahead takes to clear, at least a few seconds.
    double ahead = double(std::min(waiting_, limits_.max_waiting_per_address));
    int64_t hint = int64_t(1000.0 * std::max(5.0, ahead / limits_.wrong_per_s));
    return {Turn::kRefused, 0, std::min(hint, limits_.max_wait_ms)};
  }
  forget_quiet_addresses(now);
  Address& a = addresses_[address];
  Ticket t = next_ticket_++;
  a.queue.push_back({t, now + limits_.max_wait_ms});
  address_of_[t] = address;
  ++waiting_;
  return {Turn::kWait, t, 0};
}

LoginPacer::Due LoginPacer::poll(int64_t now) {
  MutexLock lock(mu_);
  refill(now);
  Due due;
  for (auto& [address, a] : addresses_)
    while (!a.queue.empty() && a.queue.front().deadline_ms <= now) {
      due.expired.push_back(a.queue.front().ticket);
      address_of_.erase(a.queue.front().ticket);
      a.queue.pop_front();
      --waiting_;
    }
  while (waiting_ > 0 && tokens_ >= 1.0) {
    // The waiting address with the fewest recent misses; among equals, served longest ago.
    Address* best = nullptr;
    double best_misses = 0;
    for (auto& [address, a] : addresses_) {
      if (a.queue.empty()) continue;
      double m = misses_now(a, now);
      if (!best || m < best_misses || (m == best_misses && a.served_ms < best->served_ms)) {
        best = &a;
        best_misses = m;
      }
    }
    tokens_ -= 1.0;
    best->served_ms = now;
    due.granted.push_back(best->queue.front().ticket);
    address_of_.erase(best->queue.front().ticket);
    best->queue.pop_front();
    --waiting_;
  }
  due.next_ms = next_due_ms(now);
  return due;
}

int64_t LoginPacer::next_due_ms(int64_t now) const {
  if (waiting_ == 0) return -1;
  int64_t next =
      now + int64_t(std::ceil(std::max(0.0, 1.0 - tokens_) / limits_.wrong_per_s * 1000.0));
  for (const auto& [address, a] : addresses_)
    if (!a.queue.empty()) next = std::min(next, a.queue.front().deadline_ms);
  return std::max(next, now + 1);
}

void LoginPacer::settle(const std::string& address, bool wrong, int64_t now) {
  MutexLock lock(mu_);
  refill(now);
  if (!wrong) {
    tokens_ = std::min(limits_.burst, tokens_ + 1.0);
    return;
  }
  forget_quiet_addresses(now);
  Address& a = addresses_[address];
  a.misses = misses_now(a, now) + 1.0;
  a.misses_at_ms = now;
}

void LoginPacer::cancel(Ticket ticket) {
  MutexLock lock(mu_);
  auto it = address_of_.find(ticket);
  if (it == address_of_.end()) return;
  auto& queue = addresses_[it->second].queue;
  auto w = std::find_if(queue.begin(), queue.end(),
                        [&](const Waiting& x) { return x.ticket == ticket; });
  if (w != queue.end()) {
    queue.erase(w);
    --waiting_;
  }
  address_of_.erase(it);
}

std::vector<LoginPacer::Suspect> LoginPacer::suspects(int64_t now) {
  MutexLock lock(mu_);
  std::vector<Suspect> out;
  for (const auto& [address, a] : addresses_) {
    double m = misses_now(a, now);
    if (m >= 1.0 || !a.queue.empty()) out.push_back({address, m, a.queue.size()});
  }
  std::sort(out.begin(), out.end(),
            [](const Suspect& x, const Suspect& y) { return x.recent_misses > y.recent_misses; });
  if (out.size() > 50) out.resize(50);
  return out;
}

}  // namespace lf
