// A disk that fails on purpose, for SQLite files only: a VFS that wraps the default one and, for
// the files whose path contains a given fragment, opens them as a file without write
// permission would be (read_only: every write is refused with SQLITE_READONLY), or fails their
// writes with a chosen code (SQLITE_FULL: the disk is full; SQLITE_IOERR_WRITE). Works as root,
// where chmod does not stop a write.
//
// Usage: FaultyDisk disk("outbox-J01.db"); disk.fail_writes(SQLITE_FULL); ... disk.heal();
// While it lives it is SQLite's default VFS (connections opened meanwhile go through it; other
// files pass straight to the real VFS). One at a time per process; the test's thread sets the
// modes, any thread may use the files (the modes are atomics).
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <cassert>
#include <cstring>
#include <mutex>
#include <string>

namespace lf::test {

class FaultyDisk {
 public:
  explicit FaultyDisk(std::string fragment) {
    assert(!active_ && "one FaultyDisk at a time");
    active_ = this;
    fragment_ = std::move(fragment);
    real_ = sqlite3_vfs_find(nullptr);
    vfs_ = *real_;
    vfs_.zName = "liangfen-faulty-disk";
    vfs_.szOsFile = int(sizeof(File)) + real_->szOsFile;
    vfs_.xOpen = &open;
    vfs_.pNext = nullptr;
    sqlite3_vfs_register(&vfs_, /*makeDflt=*/1);
  }
  ~FaultyDisk() {
    sqlite3_vfs_unregister(&vfs_);
    sqlite3_vfs_register(real_, 1);
    active_ = nullptr;
  }
  FaultyDisk(const FaultyDisk&) = delete;
  FaultyDisk& operator=(const FaultyDisk&) = delete;

  // Files opened from now on are read-only (already open ones keep their mode).
  void read_only(bool on = true) { read_only_ = on; }
  // Every write to a matching file fails with `code` (0: writes succeed again).
  void fail_writes(int code) { write_error_ = code; }
  void heal() {
    read_only_ = false;
    write_error_ = 0;
  }
  // Writes refused so far.
  int refused_writes() const { return refused_; }

 private:
  struct File {
    sqlite3_file base;
    bool matching;
    sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
  };

  static File* self(sqlite3_file* f) { return reinterpret_cast<File*>(f); }

  // The wrapper VFS's own pointer is not needed: the real VFS is called.
  static int open(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
    FaultyDisk* d = active_;
    File* f = self(file);
    f->matching = name && std::strstr(name, d->fragment_.c_str()) != nullptr;
    if (f->matching && d->read_only_ && (flags & SQLITE_OPEN_MAIN_DB)) {
      flags &= ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
      flags |= SQLITE_OPEN_READONLY;
    }
    f->base.pMethods = nullptr;
    int rc = d->real_->xOpen(d->real_, name, f->real(), flags, out_flags);
    if (rc != SQLITE_OK || !f->real()->pMethods) return rc;
    // Every file of the real (unix) VFS has the same methods: copied once, under the lock that
    // every open takes, so a file opened on another thread sees them whole.
    std::lock_guard lock(d->methods_mu_);
    f->base.pMethods = &d->methods_;
    if (d->methods_ready_) return SQLITE_OK;
    d->methods_ready_ = true;
    d->methods_ = *f->real()->pMethods;
    d->methods_.xClose = &close;
    d->methods_.xWrite = &write;
    d->methods_.xTruncate = &truncate;
    // Every other method is the real file's, called on the real file (the wrapper's first
    // member is the sqlite3_file SQLite sees; the real one follows it).
    d->methods_.xRead = [](sqlite3_file* w, void* b, int n, sqlite3_int64 o) { return self(w)->real()->pMethods->xRead(self(w)->real(), b, n, o); };
    d->methods_.xSync = [](sqlite3_file* w, int flags) { return self(w)->real()->pMethods->xSync(self(w)->real(), flags); };
    d->methods_.xFileSize = [](sqlite3_file* w, sqlite3_int64* n) { return self(w)->real()->pMethods->xFileSize(self(w)->real(), n); };
    d->methods_.xLock = [](sqlite3_file* w, int l) { return self(w)->real()->pMethods->xLock(self(w)->real(), l); };
    d->methods_.xUnlock = [](sqlite3_file* w, int l) { return self(w)->real()->pMethods->xUnlock(self(w)->real(), l); };
    d->methods_.xCheckReservedLock = [](sqlite3_file* w, int* r) { return self(w)->real()->pMethods->xCheckReservedLock(self(w)->real(), r); };
    d->methods_.xFileControl = [](sqlite3_file* w, int op, void* a) { return self(w)->real()->pMethods->xFileControl(self(w)->real(), op, a); };
    d->methods_.xSectorSize = [](sqlite3_file* w) { return self(w)->real()->pMethods->xSectorSize(self(w)->real()); };
    d->methods_.xDeviceCharacteristics = [](sqlite3_file* w) { return self(w)->real()->pMethods->xDeviceCharacteristics(self(w)->real()); };
    if (d->methods_.iVersion >= 2) {
      d->methods_.xShmMap = [](sqlite3_file* w, int pg, int sz, int ext, void volatile** p) { return self(w)->real()->pMethods->xShmMap(self(w)->real(), pg, sz, ext, p); };
      d->methods_.xShmLock = [](sqlite3_file* w, int o, int n, int fl) { return self(w)->real()->pMethods->xShmLock(self(w)->real(), o, n, fl); };
      d->methods_.xShmBarrier = [](sqlite3_file* w) { self(w)->real()->pMethods->xShmBarrier(self(w)->real()); };
      d->methods_.xShmUnmap = [](sqlite3_file* w, int del) { return self(w)->real()->pMethods->xShmUnmap(self(w)->real(), del); };
    }
    if (d->methods_.iVersion >= 3) {
      d->methods_.xFetch = [](sqlite3_file* w, sqlite3_int64 o, int n, void** p) { return self(w)->real()->pMethods->xFetch(self(w)->real(), o, n, p); };
      d->methods_.xUnfetch = [](sqlite3_file* w, sqlite3_int64 o, void* p) { return self(w)->real()->pMethods->xUnfetch(self(w)->real(), o, p); };
    }
    return SQLITE_OK;
  }
  static int close(sqlite3_file* w) {
    int rc = self(w)->real()->pMethods->xClose(self(w)->real());
    w->pMethods = nullptr;
    return rc;
  }
  static int write(sqlite3_file* w, const void* b, int n, sqlite3_int64 o) {
    if (int code = self(w)->matching ? active_->write_error_.load() : 0) {
      ++active_->refused_;
      return code;
    }
    return self(w)->real()->pMethods->xWrite(self(w)->real(), b, n, o);
  }
  static int truncate(sqlite3_file* w, sqlite3_int64 size) {
    if (int code = self(w)->matching ? active_->write_error_.load() : 0) {
      ++active_->refused_;
      return code;
    }
    return self(w)->real()->pMethods->xTruncate(self(w)->real(), size);
  }

  static inline FaultyDisk* active_ = nullptr;
  std::string fragment_;
  sqlite3_vfs* real_ = nullptr;
  sqlite3_vfs vfs_{};
  std::mutex methods_mu_;
  bool methods_ready_ = false;    // guarded by methods_mu_
  sqlite3_io_methods methods_{};  // the real files' methods with the wrapper's in place
  std::atomic<bool> read_only_{false};
  std::atomic<int> write_error_{0};
  std::atomic<int> refused_{0};
};

}  // namespace lf::test
