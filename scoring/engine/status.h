// Errors as values. Every boundary (file loading, requests, storage) returns a Status or a
// Result<T> instead of throwing. An Error says where (for input, a JSON path such as
// "marks[12].points"; empty when the whole input is meant) and why, in words a contest
// organizer can act on, and what kind of refusal it is (ErrorKind), so that a caller picks its
// answer (an HTTP status, an exit code) from the kind and never from the words.
//
// Thread-safety: plain values; copy freely.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lf {

// What kind of refusal an Error is. The server maps each kind to one HTTP status
// (http_status() in scoring/protocol/refusal_status.h, which clients read back with
// refusal_kind(); docs/api.md lists them).
enum class ErrorKind {
  invalid,          // a value the rules refuse (out of range, a reason missing): the default
  malformed,        // the input cannot be read as asked (bad JSON, wrong type, unknown document)
  unauthenticated,  // no valid login
  forbidden,        // this person may not do this (role, venue, panel, 回避)
  not_found,        // names something that does not exist (an id, an endpoint)
  not_allowed,      // a method the endpoint does not take
  conflict,         // clashes with the contest's state (locked, not on stage, incomplete, drawn)
  unsupported,      // a body that is not JSON (its media type)
  outdated,         // a client of another API version
  too_many,         // too many requests or wrong codes: wait and retry
  unavailable,      // busy, shutting down or the database failed: nothing saved, retry
  internal,         // a bug: nothing saved
};

// The kind's name as docs/api.md spells it ("not_found").
const char* to_string(ErrorKind kind);

struct Error {
  std::string path;     // JSON path or other location; may be empty
  std::string message;  // why, in plain words
  ErrorKind kind = ErrorKind::invalid;

  // "path: message", or just the message when there is no path.
  std::string to_string() const;
};

// Success, or one or more errors. [[nodiscard]]: a Status dropped on the floor is an error
// nobody hears (a tablet once re-sent a mark in a loop because an outbox write's Status was
// ignored); handle it, or say in a comment why ignoring it is right.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error e) { errors_.push_back(std::move(e)); }
  explicit Status(std::vector<Error> errors) : errors_(std::move(errors)) {}

  bool ok() const { return errors_.empty(); }
  const std::vector<Error>& errors() const { return errors_; }
  // All errors, one per line.
  std::string to_string() const;
  // The kind of the first error (ok(): invalid, never asked in practice).
  ErrorKind kind() const { return errors_.empty() ? ErrorKind::invalid : errors_.front().kind; }

 private:
  std::vector<Error> errors_;
};

// A value, or one or more errors (never both, never neither). [[nodiscard]] as Status.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}
  Result(Error e) { errors_.push_back(std::move(e)); }
  explicit Result(std::vector<Error> errors) : errors_(std::move(errors)) {
    assert(!errors_.empty());
  }
  Result(const Status& s) : errors_(s.errors()) { assert(!errors_.empty()); }

  bool ok() const { return value_.has_value(); }
  T& value() {
    assert(ok());
    return *value_;
  }
  const T& value() const {
    assert(ok());
    return *value_;
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const std::vector<Error>& errors() const { return errors_; }
  Status status() const { return ok() ? Status() : Status(errors_); }

 private:
  std::optional<T> value_;
  std::vector<Error> errors_;
};

// Propagates a failed Status (or Result's status) from a function that returns Status or
// Result<T>:   LF_TRY(store.append(e));
// The expression is evaluated once; on success execution goes on.
#define LF_TRY(expr)                                    \
  do {                                                  \
    if (auto lf_try_status_ = ::lf::status_of(expr);    \
        !lf_try_status_.ok())                           \
      return lf_try_status_;                            \
  } while (0)

inline const Status& status_of(const Status& s) { return s; }
template <class T>
Status status_of(const Result<T>& r) {
  return r.status();
}

// Every error of `s` given `kind` (a caller that knows what a lower layer's refusal means here:
// "not final" is a conflict with the contest's state when printing).
Status with_kind(Status s, ErrorKind kind);

}  // namespace lf
