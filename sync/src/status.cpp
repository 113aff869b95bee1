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

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  return Status(code_, std::string(context) + ": " + message_);
}

}  // namespace tongban
