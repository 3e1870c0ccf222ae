// An answer computed once per change of the contest and shared: a value per key (a view of
// the state: a role, a venue, a contestant's history as one role sees it) made at most once
// for each seq of the event log, however many requests ask for it meanwhile or afterwards.
// A request that finds the value being made waits for it instead of making it again, so 200
// connections asking for the results after a publish cost one computation, not 200.
//
// Thread-safe. Holds at most `max_keys` values (the one made longest ago is dropped first).
// make() runs on the caller's thread, outside the lock; if it throws, the callers waiting for
// it get the exception and the next call makes the value again.
#pragma once

#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "scoring/engine/mutex.h"

namespace lf {

template <class T>
class OncePerChange {
 public:
  explicit OncePerChange(size_t max_keys) : max_keys_(max_keys) {}

  std::shared_ptr<const T> get(const std::string& key, int64_t seq,
                               const std::function<T()>& make) {
    std::promise<std::shared_ptr<const T>> mine;
    std::shared_future<std::shared_ptr<const T>> theirs;
    {
      MutexLock lock(mu_);
      auto it = entries_.find(key);
      if (it != entries_.end() && it->second.seq >= seq) {
        theirs = it->second.value;
        ++hits_;
      } else {
        if (it == entries_.end() && entries_.size() >= max_keys_) {
          auto oldest = entries_.begin();
          for (auto e = entries_.begin(); e != entries_.end(); ++e)
            if (e->second.made < oldest->second.made) oldest = e;
          entries_.erase(oldest);
        }
        entries_[key] = Entry{seq, ++made_, mine.get_future().share()};
      }
    }
    if (theirs.valid()) return theirs.get();  // made, or being made by another call
    try {
      auto value = std::make_shared<const T>(make());
      mine.set_value(value);
      return value;
    } catch (...) {
      mine.set_exception(std::current_exception());
      MutexLock lock(mu_);
      if (auto it = entries_.find(key); it != entries_.end() && it->second.seq == seq)
        entries_.erase(it);
      throw;
    }
  }
  // How many calls were answered from a value made by another call (for tests and benchmarks).
  uint64_t hits() const {
    MutexLock lock(mu_);
    return hits_;
  }

 private:
  struct Entry {
    int64_t seq = -1;
    uint64_t made = 0;
    std::shared_future<std::shared_ptr<const T>> value;
  };
  const size_t max_keys_;
  mutable Mutex mu_;
  std::map<std::string, Entry> entries_ LF_GUARDED_BY(mu_);
  uint64_t made_ LF_GUARDED_BY(mu_) = 0;
  uint64_t hits_ LF_GUARDED_BY(mu_) = 0;
};

}  // namespace lf
