// Errors as values. Every boundary (file loading, requests, storage) returns a Status or a
// Result<T> instead of throwing. An Error says where (for input, a JSON path such as
// "marks[12].points"; empty when the whole input is meant) and why, in words a contest
// organizer can act on.
//
// Thread-safety: plain values; copy freely.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lf {

struct Error {
  std::string path;     // JSON path or other location; may be empty
  std::string message;  // why, in plain words

  // "path: message", or just the message when there is no path.
  std::string to_string() const;
};

// Success, or one or more errors.
class Status {
 public:
  Status() = default;
  Status(Error e) { errors_.push_back(std::move(e)); }
  explicit Status(std::vector<Error> errors) : errors_(std::move(errors)) {}

  bool ok() const { return errors_.empty(); }
  const std::vector<Error>& errors() const { return errors_; }
  // All errors, one per line.
  std::string to_string() const;

 private:
  std::vector<Error> errors_;
};

// A value, or one or more errors (never both, never neither).
template <class T>
class Result {
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

}  // namespace lf
