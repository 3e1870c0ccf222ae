// Mutexes the compiler checks: std::mutex and std::shared_mutex with Clang's thread-safety
// annotations (https://clang.llvm.org/docs/ThreadSafetyAnalysis.html), as LevelDB's
// port::Mutex and Abseil's Mutex do. A member declared `LF_GUARDED_BY(mu_)` may be read or
// written only while `mu_` is held, and a function declared `LF_REQUIRES(mu_)` only called
// with it held; Clang's -Wthread-safety (run by `./quickstart tidy` in CI through
// .clang-tidy) turns a missing lock into an error. GCC ignores the annotations; the types
// behave exactly as the standard ones.
//
// Lock with the scoped types below (MutexLock, ReaderLock, WriterLock), never with
// std::lock_guard / std::unique_lock: the analysis knows only annotated types. A condition
// variable is std::condition_variable_any waiting on a MutexLock or ReaderLock (both have
// lock() and unlock()).
//
// Not for the pure rules: they have no threads. Here, at the bottom layer, because every
// folder may include scoring/engine (cmake/check_includes.cmake).
#pragma once

#include <mutex>
#include <shared_mutex>

#if defined(__clang__)
#define LF_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define LF_THREAD_ANNOTATION(x)
#endif

#define LF_CAPABILITY(x) LF_THREAD_ANNOTATION(capability(x))
#define LF_SCOPED_CAPABILITY LF_THREAD_ANNOTATION(scoped_lockable)
#define LF_GUARDED_BY(x) LF_THREAD_ANNOTATION(guarded_by(x))
#define LF_PT_GUARDED_BY(x) LF_THREAD_ANNOTATION(pt_guarded_by(x))
#define LF_ACQUIRED_BEFORE(...) LF_THREAD_ANNOTATION(acquired_before(__VA_ARGS__))
#define LF_REQUIRES(...) LF_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define LF_REQUIRES_SHARED(...) LF_THREAD_ANNOTATION(requires_shared_capability(__VA_ARGS__))
#define LF_ACQUIRE(...) LF_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define LF_ACQUIRE_SHARED(...) LF_THREAD_ANNOTATION(acquire_shared_capability(__VA_ARGS__))
#define LF_RELEASE(...) LF_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define LF_RELEASE_SHARED(...) LF_THREAD_ANNOTATION(release_shared_capability(__VA_ARGS__))
#define LF_RELEASE_GENERIC(...) LF_THREAD_ANNOTATION(release_generic_capability(__VA_ARGS__))
#define LF_TRY_ACQUIRE(...) LF_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))
#define LF_EXCLUDES(...) LF_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define LF_ASSERT_CAPABILITY(x) LF_THREAD_ANNOTATION(assert_capability(x))
#define LF_NO_THREAD_SAFETY_ANALYSIS LF_THREAD_ANNOTATION(no_thread_safety_analysis)

namespace lf {

// std::mutex, checked. Not copyable or movable.
class LF_CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;
  void lock() LF_ACQUIRE() { mu_.lock(); }
  void unlock() LF_RELEASE() { mu_.unlock(); }
  bool try_lock() LF_TRY_ACQUIRE(true) { return mu_.try_lock(); }

 private:
  std::mutex mu_;
};

// std::shared_mutex, checked: many readers or one writer.
class LF_CAPABILITY("mutex") SharedMutex {
 public:
  SharedMutex() = default;
  SharedMutex(const SharedMutex&) = delete;
  SharedMutex& operator=(const SharedMutex&) = delete;
  void lock() LF_ACQUIRE() { mu_.lock(); }
  void unlock() LF_RELEASE() { mu_.unlock(); }
  void lock_shared() LF_ACQUIRE_SHARED() { mu_.lock_shared(); }
  void unlock_shared() LF_RELEASE_SHARED() { mu_.unlock_shared(); }

 private:
  std::shared_mutex mu_;
};

// Holds a Mutex (or a SharedMutex exclusively) for its scope. lock()/unlock() let a condition
// variable (std::condition_variable_any) release it while waiting, or the holder release it
// early; the destructor releases it only if held.
template <class M>
class LF_SCOPED_CAPABILITY ExclusiveLock {
 public:
  explicit ExclusiveLock(M& mu) LF_ACQUIRE(mu) : mu_(mu) { mu_.lock(); }
  ~ExclusiveLock() LF_RELEASE() {
    if (held_) mu_.unlock();
  }
  ExclusiveLock(const ExclusiveLock&) = delete;
  ExclusiveLock& operator=(const ExclusiveLock&) = delete;
  void lock() LF_ACQUIRE() {
    mu_.lock();
    held_ = true;
  }
  void unlock() LF_RELEASE() {
    held_ = false;
    mu_.unlock();
  }

 private:
  M& mu_;
  bool held_ = true;
};
using MutexLock = ExclusiveLock<Mutex>;
using WriterLock = ExclusiveLock<SharedMutex>;

// Holds a SharedMutex shared (as a reader) for its scope; lock()/unlock() as ExclusiveLock's.
class LF_SCOPED_CAPABILITY ReaderLock {
 public:
  explicit ReaderLock(SharedMutex& mu) LF_ACQUIRE_SHARED(mu) : mu_(mu) { mu_.lock_shared(); }
  ~ReaderLock() LF_RELEASE() {
    if (held_) mu_.unlock_shared();
  }
  ReaderLock(const ReaderLock&) = delete;
  ReaderLock& operator=(const ReaderLock&) = delete;
  void lock() LF_ACQUIRE_SHARED() {
    mu_.lock_shared();
    held_ = true;
  }
  void unlock() LF_RELEASE_SHARED() {
    held_ = false;
    mu_.unlock_shared();
  }

 private:
  SharedMutex& mu_;
  bool held_ = true;
};

}  // namespace lf
