#include "tongban/status.h"

namespace tongban {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "ok";
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kAlreadyExists: return "already_exists";
    case ErrorCode::kPermissionDenied: return "permission_denied";
    case ErrorCode::kFailedPrecondition: return "failed_precondition";
    case ErrorCode::kCorruption: return "corruption";
    case ErrorCode::kBusy: return "busy";
    case ErrorCode::kDiskFull: return "disk_full";
    case ErrorCode::kIoError: return "io_error";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kCancelled: return "cancelled";
    case ErrorCode::kInternal: return "internal";
  }
  return "unknown";
}

int ExitCodeFor(const Status& s) {
  switch (s.code()) {
    case ErrorCode::kOk: return 0;
    case ErrorCode::kInvalidArgument: return 3;
    case ErrorCode::kNotFound: return 4;
    case ErrorCode::kPermissionDenied: return 5;
    case ErrorCode::kFailedPrecondition:
    case ErrorCode::kAlreadyExists: return 6;
    case ErrorCode::kBusy: return 7;
    case ErrorCode::kDiskFull: return 8;
    case ErrorCode::kCorruption: return 9;
    case ErrorCode::kIoError: return 10;
    case ErrorCode::kUnavailable: return 11;
    default: return 1;
  }
}

std::string FillTemplate(std::string_view tmpl, const std::vector<std::string>& args,
                         const ArgumentNamer& name) {
  std::string out;
  out.reserve(tmpl.size() + 16);
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    const char c = tmpl[i];
    if (c == '{' && i + 1 < tmpl.size() && tmpl[i + 1] == '{') {
      out += '{';
      ++i;
      continue;
    }
    const std::size_t close = c == '{' ? tmpl.find('}', i) : std::string_view::npos;
    if (close == std::string_view::npos) {
      out += c;
      continue;
    }
    std::size_t n = 0, j = i + 1;
    for (; j < close && tmpl[j] >= '0' && tmpl[j] <= '9'; ++j) n = n * 10 + (tmpl[j] - '0');
    if (j == i + 1 || (j < close && tmpl[j] != ':')) {  // not a placeholder: keep as written
      out += c;
      continue;
    }
    const std::string_view kind = j < close ? tmpl.substr(j + 1, close - j - 1) : "";
    out += n >= args.size() ? std::string("?") : name ? name(kind, args[n]) : args[n];
    i = close;
  }
  return out;
}

namespace {
const std::string kEmpty;
const std::vector<std::string> kNoArgs;
const std::vector<Message> kNoContext;
}  // namespace

Status::Status(ErrorCode code, std::string text) : code_(code) {
  if (ok()) return;
  auto rep = std::make_shared<Rep>();
  rep->what.text = text;
  rep->text = std::move(text);
  rep_ = std::move(rep);
}

Status::Status(ErrorCode code, const MessageDef& def, std::vector<std::string> args)
    : code_(code) {
  if (ok()) return;
  auto rep = std::make_shared<Rep>();
  rep->what.key = std::string(def.key);
  rep->what.text = FillTemplate(def.english, args);
  rep->what.args = std::move(args);
  rep->text = rep->what.text;
  rep_ = std::move(rep);
}

Status Status::Raised(ErrorCode code, Message message) {
  Status s;
  s.code_ = code;
  if (s.ok()) return s;
  auto rep = std::make_shared<Rep>();
  rep->text = message.text;
  rep->what = std::move(message);
  s.rep_ = std::move(rep);
  return s;
}

const std::string& Status::message() const { return rep_ ? rep_->text : kEmpty; }
const Message& Status::what() const {
  static const Message kNone;
  return rep_ ? rep_->what : kNone;
}
const std::string& Status::key() const { return rep_ ? rep_->what.key : kEmpty; }
const std::vector<std::string>& Status::args() const { return rep_ ? rep_->what.args : kNoArgs; }
const std::vector<Message>& Status::context() const {
  return rep_ ? rep_->context : kNoContext;
}

Status Status::WithContext(Message context) const {
  if (ok()) return *this;
  auto rep = std::make_shared<Rep>(*rep_);
  rep->text = context.text + ": " + rep->text;
  rep->context.insert(rep->context.begin(), std::move(context));
  Status s;
  s.code_ = code_;
  s.rep_ = std::move(rep);
  return s;
}

Status Status::WithContext(std::string_view context) const {
  return WithContext(Message{{}, {}, std::string(context)});
}

Status Status::WithContext(const MessageDef& def, std::vector<std::string> args) const {
  std::string text = FillTemplate(def.english, args);
  return WithContext(Message{std::string(def.key), std::move(args), std::move(text)});
}

}  // namespace tongban
