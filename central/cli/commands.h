// The commands of `tongban-central`. main.cpp parses arguments; every admin
// command opens the hub data folder directly and works while the hub serves.
#pragma once

#include <string>

#include <memory>

#include "tongban/central/hub.h"
#include "tongban/status.h"

namespace tongban::central::cli {

struct ServeOptions {
  std::string data, listen = "127.0.0.1:8610", tls_cert, tls_key;
  int threads = 2;
};

// "cannot read FILE": an input file of an admin command that cannot be opened.
Status CannotRead(const std::string& file);

Status Serve(const ServeOptions& o);
Status StationAdd(const std::string& data, const std::string& code, const std::string& name,
                  const std::string& kind, const std::string& township, bool json);
Status StationList(const std::string& data, bool json);
// Every node's audit trail (or one node's) checked; Corruption when a link is broken.
Status AuditVerify(const std::string& data, const std::string& node, bool json);
// Shows, or with "on"/"off" sets, whether the hub serves only nodes with key pairs.
Status StationRequireKeys(const std::string& data, const std::string& state);
Status StationRevoke(const std::string& data, const std::string& code, bool now);
// The hub's data copied while it serves, and put back while it is stopped.
Status HubBackup(const std::string& data, const std::string& out);
Status HubRestore(const std::string& data, const std::string& from, bool replace);
// A new one-time code for a node the hub knows: a station restored from a backup, a new
// laptop for a lost one.
Status StationReenroll(const std::string& data, const std::string& code, bool as_json);
Status ConflictsList(const std::string& data, bool all, bool json);
Status ConflictsShow(const std::string& data, long long id, bool json);
Status ConflictsResolve(const std::string& data, long long id, const std::string& take,
                        const std::string& value, const std::string& note,
                        const std::string& admin, bool json);
Status CatalogPublish(const std::string& data, const std::string& file, bool json);
Status AdminToken(const std::string& data);
// The county's escrow key (escrow_commands.cpp): made once, its private half to `out`;
// and one station's escrowed code, opened with that private half.
// Replacing a key, the current key's private half (`old_key`) endorses the new one;
// `old_key_lost` replaces it unendorsed (each station's admin then names the new key).
Status EscrowInit(const std::string& data, const std::string& out, bool replace,
                  const std::string& old_key = {}, bool old_key_lost = false);
Status EscrowOpen(const std::string& data, const std::string& node, const std::string& key_file,
                  bool json);
Status HubStatus(const std::string& data, bool json);
Status BundleImport(const std::string& data, const std::string& file, const std::string& reply,
                    bool json);
// Supervision and publishing (supervision_commands.cpp).
Status CalendarPublish(const std::string& data, const std::string& file, const std::string& name,
                       const std::string& applies_to);
Status EscalationsList(const std::string& data, bool all, bool json);
Status CountyStats(const std::string& data, const std::string& from, const std::string& to,
                   bool json);
// Admin commands work on an existing hub; only `serve` creates the data folder,
// so a mistyped --data cannot silently start an empty hub.
Result<std::unique_ptr<Hub>> OpenExisting(const std::string& data);


}  // namespace tongban::central::cli
