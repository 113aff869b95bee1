// The commands of the `tongban` CLI. main.cpp parses arguments into these
// option structs; each command talks to the node library and prints its
// result (plain text, or JSON with --json). Errors come back as a Status.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tongban/status.h"
#include "tongban/sync/page_cipher.h"

namespace tongban::cli {

struct Common {
  std::string db;
  std::string user;  // login; password from TONGBAN_PASSWORD or a prompt
  bool json = false;
};

struct InitOptions {
  std::string station, name, kind = "station", township, admin = "admin";
  std::string central, enroll, pin, ca_file;  // hub address, enrollment code, TLS trust
  bool plain = false;                          // leave the database unsealed (station_keys.h)
  bool again = false;  // enroll: an enrolled station takes a new code (restored from a backup)
  std::string cipher{sync::CipherSuiteName(sync::kDefaultCipherSuite)};
};
struct SyncCliOptions {
  bool watch = false;
  bool verbose = false;  // each timer action and scan error too, not only the round's line
  // Run by the background service: no station, or a sealed one nobody signed in to, is
  // skipped (a sealed station syncs from the desk while someone is signed in).
  bool unattended = false;
  int interval_s = 30;
  int batch = 2000;
};
struct StaffAddOptions {
  std::string login, name, role;
};
struct IntakeOptions {
  std::string item, applicant, id_number, phone, channel = "window", green, id_override, note;
  bool enterprise = false;
  std::vector<std::string> materials;  // CODE=STATE
  std::string agent_name, agent_id, agent_phone, agent_auth, agent_scope, agent_expires;
  std::string received_at;
};
struct SearchOptions {
  std::string case_no, id_number, name, status;
  int limit = 50;
};
struct DeadlineOptions {
  std::string from, unit = "workday";
  int amount = 0;
  std::vector<std::string> pauses;  // FROM..TO
};
struct NoticeOptions {
  std::string case_no, item;
  std::vector<std::string> have;
};
struct PrintOptions {
  std::string case_no, item, kind, out;
  std::vector<std::string> have;  // with item: material codes in hand
};

Status Init(const Common& c, const InitOptions& o);
// Enrolls a station made without a hub (init without --central); uses the hub fields of `o`.
Status Enroll(const Common& c, const InitOptions& o);
// keys_command.cpp: encryption at rest.
Status Encrypt(const Common& c, const std::string& cipher);
Status KeysRecover(const Common& c, std::string code, const std::string& login);
Status KeysTrustEscrow(const Common& c, std::string id);
Status Check(const Common& c);
// A consistent copy of the station (station_backup.h), and putting one back.
Status Backup(const Common& c, const std::string& out);
Status Restore(const Common& c, const std::string& from, bool replace);
Status StaffAdd(const Common& c, const StaffAddOptions& o);
// New password from standard input; an admin's reset also ends a lock.
Status StaffResetPassword(const Common& c, const std::string& login);
Status StaffChangePassword(const Common& c);
Status StaffList(const Common& c);
Status CatalogImport(const Common& c, const std::string& file);
Status CatalogList(const Common& c);
Status CatalogExport(const Common& c);
Status CaseIntake(const Common& c, const IntakeOptions& o);
Status CaseImport(const Common& c, const std::string& file);
Status CaseSearch(const Common& c, const SearchOptions& o);
// ID numbers masked; `full_id` signs in and shows the applicant's, on the audit trail.
Status CaseShow(const Common& c, const std::string& case_no, bool full_id);
Status AuditVerify(const Common& c);
Status AuditList(const Common& c, int limit);
Status CaseTransition(const Common& c, const std::string& case_no, const std::string& action,
                      const std::string& reason, const std::string& delivery);
Status CaseMaterials(const Common& c, const std::string& case_no,
                     const std::vector<std::string>& sets);
Status Notice(const Common& c, const NoticeOptions& o);
// Writes a printable PDF (print_command.cpp): notice | receipt | non-acceptance.
Status Print(const Common& c, const PrintOptions& o);
Status Deadline(const Common& c, const DeadlineOptions& o);
Status CalendarOverride(const Common& c, const std::string& date, bool working,
                        const std::string& reason);
Status Changes(const Common& c, long after, int limit);
Status Sync(const Common& c, const SyncCliOptions& o);
Status SyncStatusCmd(const Common& c);
// Compares this node's digest with the hub's; with `repair`, re-pulls the whole scope
// (after pushing unsent changes) and compares again.
Status SyncVerify(const Common& c, bool repair);
Status Stats(const Common& c, const std::string& from, const std::string& to);
// The service modes (modes_command.cpp).
struct ModeOptions {
  std::string ref, item, day, to, at, name, id_number, phone, address, field_node, state, note;
  std::string case_no, direction = "out", carrier, waybill;
  std::vector<std::string> materials, indicators;
  int score = 0;
};
Status AppointmentSlotsCmd(const Common& c, const ModeOptions& o);
Status AppointmentBook(const Common& c, const ModeOptions& o);
Status AppointmentList(const Common& c, const ModeOptions& o);
// action: checkin | cancel | convert
Status AppointmentMove(const Common& c, const ModeOptions& o, const std::string& action);
Status VisitPlan(const Common& c, const ModeOptions& o);
Status VisitList(const Common& c, const ModeOptions& o);
Status VisitRecord(const Common& c, const ModeOptions& o);
Status ShipmentCreate(const Common& c, const ModeOptions& o);
Status ShipmentTrack(const Common& c, const ModeOptions& o);
Status ShipmentList(const Common& c, const ModeOptions& o);
Status Rate(const Common& c, const ModeOptions& o);
Status Rectify(const Common& c, const ModeOptions& o);
Status Timers(const Common& c);
Status Escalations(const Common& c, bool all);
Status BundleExport(const Common& c, const std::string& out);
Status BundleImport(const Common& c, const std::string& file);

// Scans of a case's materials (scan_command.cpp).
struct ScanAttachOptions {
  std::string case_no, material, file;
};
Status ScanAttach(const Common& c, const ScanAttachOptions& o);
Status ScanList(const Common& c, const std::string& case_no);
Status ScanExport(const Common& c, const std::string& sha256, const std::string& out);


}  // namespace tongban::cli
