// What every `tongban` command needs: the store opened the same way, the user
// logged in the same way, files read with the same limits, JSON printed alike.
#pragma once

#include <memory>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "commands.h"
#include "tongban/node/messages/text_width.h"
#include "tongban/node/messages/command_text.h"
#include "tongban/node/store/node_store.h"
#include "tongban/node/store/office_names.h"
#include "tongban/node/store/station_keys.h"
#include "tongban/status.h"

namespace tongban::cli {

// Opens the station database named by --db (TONGBAN_BUSY_TIMEOUT_MS shortens the lock wait).
// An encrypted station is unlocked first with --user (or TONGBAN_USER) and that
// person's password.
Result<std::unique_ptr<node::NodeStore>> OpenStore(const Common& c);
// The data key of an encrypted station (none for a plain one), unlocked as OpenStore does.
Result<std::optional<sync::DataKey>> UnlockStation(const Common& c);
// The login of whoever runs the command: --user, else TONGBAN_USER.
std::string CommandUser(const Common& c);
// --cipher: "sm4-gcm", "sm4-ctr+hmac-sm3" (or "sm4") or "aes-256-gcm" (or "aes").
Result<sync::CipherSuite> ParseCipherOption(const std::string& name);
// Tells the admin the recovery code of a station just encrypted, once.
void PrintRecoveryCode(const node::StationKeys& keys);
// The password comes from TONGBAN_PASSWORD, or a prompt without echo on a terminal.
// Asked once per command: unlocking the station and signing in use the same answer.
Result<std::string> ReadPassword(const char* prompt);
Result<node::Session> Authenticate(node::NodeStore& store, const Common& c);
// Reads a whole input file (at most 256 MiB).
Result<std::string> ReadFile(const std::string& path);
void PrintJson(const nlohmann::json& j);
// Material arguments written CODE=STATE (M01=received, M03=tolerated).
Result<std::vector<node::MaterialInput>> ParseMaterialArgs(const std::vector<std::string>& args);

// Words of the command line in the reader's language (command_text.h).
using node::Say;
bool Chinese();

// Codes printed for people: the Chinese label in Chinese, the code itself in English.
// JSON keeps the codes in both languages.
std::string CaseStatusText(node::CaseStatus s);            // 已收件 / received
std::string RoleText(node::Role r);                        // 窗口人员 / clerk
std::string NodeKindText(std::string_view kind);           // 便民服务站 / station
std::string ChannelText(std::string_view channel);         // 窗口 / window
std::string MaterialStateText(node::MaterialState s);      // 容缺 / tolerated
std::string CommitmentKindText(node::CommitmentKind k);    // 告知承诺 / written
std::string CommitmentStateText(node::CommitmentState s);  // 已履行 / fulfilled
std::string TimerStateText(node::TimerState s);            // 已超期 / overdue
std::string TimeUnitText(std::string_view unit);           // 工作日 / workday
std::string ActionText(std::string_view action);           // 受理 / accept (unknown: as is)
// An office by name and code: "青山区民政局（C-MZ）"; the township center above this node
// by its kind; an office this node cannot name by its code.
std::string OfficeText(const node::OfficeNames& offices, const std::string& code);

}  // namespace tongban::cli
