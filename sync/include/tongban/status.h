// Status and Result: how every Tongban library reports failure.
//
// Libraries never throw across their boundary. A failing call returns a Status
// (or a Result<T> holding one) that names what went wrong as a message key with
// arguments ("identity.check_character", {"5", "6"}). The desk and the CLI render
// it in the reader's language from their catalog (tongban_messages, Chinese by
// default); message() is the English rendering, for logs and English readers.
// Context is added as the error travels up: "push batch 17: hub unreachable: timeout".
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace tongban {

enum class ErrorCode {
  kOk = 0,
  kInvalidArgument,    // bad input: a malformed ID number, an unknown option value
  kNotFound,           // no such case, item, user
  kAlreadyExists,      // a unique thing exists already
  kPermissionDenied,   // the role or node may not do this
  kFailedPrecondition, // the record is in the wrong state for this action
  kCorruption,         // a file or message fails its integrity checks
  kBusy,               // another process holds the lock; retry later
  kDiskFull,           // no space left to commit
  kIoError,            // the OS refused a read or write
  kUnavailable,        // a peer cannot be reached right now
  kCancelled,          // the caller asked the work to stop (a desk closing mid-sync); no failure
  kInternal,           // a bug: an invariant did not hold
};

// Short stable name of a code, used in JSON output and logs ("invalid_argument").
std::string_view ErrorCodeName(ErrorCode code);

// A message the code can raise: a stable key (on the wire and in catalogs) and its
// English template. "{N}" stands for argument N; "{N:kind}" says what the argument
// is (status, table, ...) so another language can name it in its own words.
struct MessageDef {
  std::string_view key;
  std::string_view english;
};

// One raised message: its key (empty for text only, such as SQLite's own words)
// and arguments.
struct Message {
  std::string key;
  std::vector<std::string> args;
  std::string text;  // the English rendering
};

// Fills a template: "{N}" and "{N:kind}" become args[N] ("?" when missing); "{{" is "{".
// `name`, when given, says an argument in the template's language by its kind (the
// Chinese catalog names "received" as 已收件).
using ArgumentNamer = std::function<std::string(std::string_view kind, const std::string& arg)>;
std::string FillTemplate(std::string_view tmpl, const std::vector<std::string>& args,
                         const ArgumentNamer& name = nullptr);

class Status;
// The process exit code every Tongban command uses for a failed Status (README):
// 3 invalid input, 4 not found, 5 not permitted, 6 wrong state, 7 locked, 8 disk full,
// 9 corrupt, 10 other I/O, 1 anything else (2 is a command-line mistake).
int ExitCodeFor(const Status& status);

class [[nodiscard]] Status {
 public:
  Status() = default;
  // Text only: for words that come from elsewhere (SQLite, the OS) and for bugs.
  // A reader of another language sees what the code means, not the text.
  Status(ErrorCode code, std::string text);
  Status(ErrorCode code, const MessageDef& def, std::vector<std::string> args = {});
  // A message raised elsewhere (the hub's reply): key, arguments and its English text.
  static Status Raised(ErrorCode code, Message message);

  static Status Ok() { return {}; }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  // The English rendering, contexts first: "push batch 17: hub unreachable: timeout".
  const std::string& message() const;
  // What went wrong, and the contexts it travelled through (outermost first).
  const std::string& key() const;
  const std::vector<std::string>& args() const;
  const std::vector<Message>& context() const;

  // The message itself, without its contexts.
  const Message& what() const;

  // Returns a copy with `context` put before what it says.
  Status WithContext(std::string_view context) const;
  Status WithContext(const MessageDef& def, std::vector<std::string> args = {}) const;
  Status WithContext(Message context) const;  // raised elsewhere, as it was

 private:
  struct Rep {
    std::string text;        // message(), contexts included
    Message what;            // the message itself
    std::vector<Message> context;
  };
  ErrorCode code_ = ErrorCode::kOk;
  std::shared_ptr<const Rep> rep_;  // null when ok; shared, so copies are cheap
};

inline Status InvalidArgument(std::string m) { return {ErrorCode::kInvalidArgument, std::move(m)}; }
inline Status NotFound(std::string m) { return {ErrorCode::kNotFound, std::move(m)}; }
inline Status PermissionDenied(std::string m) { return {ErrorCode::kPermissionDenied, std::move(m)}; }
inline Status FailedPrecondition(std::string m) {
  return {ErrorCode::kFailedPrecondition, std::move(m)};
}
inline Status Corruption(std::string m) { return {ErrorCode::kCorruption, std::move(m)}; }
inline Status Internal(std::string m) { return {ErrorCode::kInternal, std::move(m)}; }
inline Status Cancelled(std::string m) { return {ErrorCode::kCancelled, std::move(m)}; }

inline Status InvalidArgument(const MessageDef& d, std::vector<std::string> a = {}) {
  return {ErrorCode::kInvalidArgument, d, std::move(a)};
}
inline Status NotFound(const MessageDef& d, std::vector<std::string> a = {}) {
  return {ErrorCode::kNotFound, d, std::move(a)};
}
inline Status PermissionDenied(const MessageDef& d, std::vector<std::string> a = {}) {
  return {ErrorCode::kPermissionDenied, d, std::move(a)};
}
inline Status FailedPrecondition(const MessageDef& d, std::vector<std::string> a = {}) {
  return {ErrorCode::kFailedPrecondition, d, std::move(a)};
}
inline Status Corruption(const MessageDef& d, std::vector<std::string> a = {}) {
  return {ErrorCode::kCorruption, d, std::move(a)};
}

// Either a value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT: must not be Ok

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  // The same result, with `context` put before the reason when it holds none.
  Result WithContext(std::string_view context) && {
    if (ok()) return std::move(*this);
    return Result(status().WithContext(context));
  }
  Result WithContext(const MessageDef& def, std::vector<std::string> args = {}) && {
    if (ok()) return std::move(*this);
    return Result(status().WithContext(def, std::move(args)));
  }

 private:
  std::variant<T, Status> v_;
};

}  // namespace tongban

// Returns early from the enclosing function when a Status-returning expression fails.
#define TB_CONCAT_INNER(a, b) a##b
#define TB_CONCAT(a, b) TB_CONCAT_INNER(a, b)
#define TB_RETURN_IF_ERROR(expr) TB_RETURN_IF_ERROR_IMPL(TB_CONCAT(tb_status_, __COUNTER__), expr)
#define TB_RETURN_IF_ERROR_IMPL(var, expr) \
  do {                                     \
    ::tongban::Status var = (expr);        \
    if (!var.ok()) return var;             \
  } while (0)

// Declares `lhs` from a Result-returning expression, or returns its Status.
#define TB_ASSIGN_OR_RETURN(lhs, expr) \
  TB_ASSIGN_OR_RETURN_IMPL(TB_CONCAT(tb_result_, __COUNTER__), lhs, expr)
#define TB_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(tmp).value()
