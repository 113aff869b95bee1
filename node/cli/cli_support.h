// What every `tongban` command needs: the store opened the same way, the user
// logged in the same way, files read with the same limits, JSON printed alike.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "tongban/node/store/node_store.h"
#include "tongban/status.h"

namespace tongban::cli {

// Opens the station database named by --db (TONGBAN_BUSY_TIMEOUT_MS shortens the lock wait).
Result<std::unique_ptr<node::NodeStore>> OpenStore(const Common& c);
// The password comes from TONGBAN_PASSWORD, or a prompt without echo on a terminal.
Result<std::string> ReadPassword(const char* prompt);
Result<node::Session> Authenticate(node::NodeStore& store, const Common& c);
// Reads a whole input file (at most 256 MiB).
Result<std::string> ReadFile(const std::string& path);
void PrintJson(const nlohmann::json& j);
// Material arguments written CODE=STATE (M01=received, M03=tolerated).
Result<std::vector<node::MaterialInput>> ParseMaterialArgs(const std::vector<std::string>& args);

}  // namespace tongban::cli
