// A case (办件): what a station records when it receives an application.
//
// Case numbers are issued offline without collision: station code, local date
// and the station's own sequence for that day ("QS-JX01-20260212-0007"). The
// hub may later add a county-wide number. A case keeps the item version it was
// received under. Its timeline is append-only: every event says who, on which
// node, when and what.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tongban/node/domain/case_state_machine.h"
#include "tongban/node/domain/identity.h"
#include "tongban/node/domain/work_calendar.h"
#include "tongban/sync/row_id.h"

namespace tongban::node {

enum class Channel { kWindow, kOnline, kDoor, kPost };  // 窗口, 网上, 上门, 邮递
std::string_view ChannelName(Channel c);
Result<Channel> ParseChannel(std::string_view name);

enum class Priority { kNormal, kGreen };  // 绿色通道 / 特事特办

// The state of one material of the item's list within a case.
enum class MaterialState {
  kReceived,   // handed in at intake
  kTolerated,  // missing, accepted under 容缺受理; due by the commitment deadline
  kCommitted,  // replaced by a signed written commitment (告知承诺)
  kSupplied,   // handed in later
  kVerified,   // checked by the processing office
  kAbsent,     // optional material not provided
};
std::string_view MaterialStateName(MaterialState s);
Result<MaterialState> ParseMaterialState(std::string_view name);
// Tolerated and committed materials are still owed by the applicant.
inline bool IsOwed(MaterialState s) {
  return s == MaterialState::kTolerated || s == MaterialState::kCommitted;
}

struct CaseMaterial {
  std::string code;
  std::string name;
  bool required = true;
  MaterialState state = MaterialState::kReceived;
};

struct Agent {  // 代办人 acting under a written authorization
  std::string name;
  std::string id_number;
  std::string phone;
  std::string authorization;  // reference of the signed power of attorney
  std::string scope;
  std::optional<Date> expires;
};

// 容缺受理, 告知承诺, and the office's promise to put a bad rating right (差评整改).
enum class CommitmentKind { kTolerance, kWritten, kRectification };
enum class CommitmentState { kOpen, kFulfilled, kBreached };
std::string_view CommitmentKindName(CommitmentKind k);
std::string_view CommitmentStateName(CommitmentState s);
CommitmentKind ParseCommitmentKind(std::string_view name);  // unknown -> tolerance
CommitmentState ParseCommitmentState(std::string_view name);  // unknown -> open

struct Commitment {
  sync::RowId uid;
  CommitmentKind kind = CommitmentKind::kTolerance;
  std::vector<std::string> materials;  // codes owed
  Millis due = 0;
  bool due_provisional = false;
  CommitmentState state = CommitmentState::kOpen;
};

struct CaseEvent {
  sync::RowId uid;
  Millis at = 0;
  std::string node;
  std::string user;
  std::string action;  // "intake", "accept", "request_supplement", …
  std::string from_status;
  std::string to_status;
  std::string detail;
};

// A field of a case or of what belongs to it that waits in the hub's conflict inbox:
// the value shown is provisional until a central admin resolves the conflict.
struct ConflictField {
  std::string table;   // "cases", "case_materials", "commitments"
  std::string column;  // "status", "M01", "*" (the whole record)
  std::int64_t id = 0;  // the hub's conflict number
};

struct CaseRecord {
  sync::RowId uid;
  std::string case_no;
  std::optional<std::string> county_no;
  std::string item_code;
  int item_version = 1;
  std::string item_name;
  PartyKind applicant_kind = PartyKind::kPerson;
  std::string applicant_name;
  std::string applicant_id;
  std::string applicant_phone;
  std::string id_override_reason;  // set when a clerk accepted a failing credit code
  std::optional<Agent> agent;
  Channel channel = Channel::kWindow;
  Priority priority = Priority::kNormal;
  std::string green_reason;
  std::string receiving_station;
  std::string processing_office;
  CaseStatus status = CaseStatus::kReceived;
  Millis received_at = 0;
  std::optional<Millis> accepted_at;
  Millis due_at = 0;
  bool due_provisional = false;
  std::string due_unit;  // "workday", "day" or "hour"
  std::string result;
  std::string delivery;  // "window", "post", "door"
  std::string note;      // the clerk's remark at intake (备注); empty for none
  std::vector<CaseMaterial> materials;
  std::vector<Commitment> commitments;
  std::vector<CaseEvent> events;
  std::vector<ConflictField> conflicts;  // as the last sync with the hub said
};

// The case number a station issues: CODE-YYYYMMDD-NNNN (sequence per station and day).
std::string FormatCaseNumber(std::string_view station, Date day, long sequence);
// The parts of a case number FormatCaseNumber made; nullopt for anything else (a legacy
// or foreign number).
struct CaseNumberParts {
  std::string station;
  Date day;
  long sequence = 0;
};
std::optional<CaseNumberParts> ParseCaseNumber(std::string_view case_no);

// The text of the QR code on a case's receipt and notices, which a USB barcode scanner
// types into the desk: "TB:" + case number + ":" + two check characters (ISO 7064
// MOD 1271-36 over the case number's letters and digits). Only characters of the QR
// alphanumeric mode and of every keyboard layout, so any scanner types it unchanged.
std::string CaseScanCode(std::string_view case_no);
// Whether `text` has the shape of a scan code (a prefix check, before validating it).
bool LooksLikeCaseScanCode(std::string_view text);
// The case number in a scan code; InvalidArgument when the text is not one or its
// check characters do not match (a misread or mistyped code).
Result<std::string> ParseCaseScanCode(std::string_view text);

}  // namespace tongban::node
