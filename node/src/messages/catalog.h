// The Chinese catalog, one part per layer that raises messages, so each part
// stays next to the messages it translates. Keys are the MessageDef keys.
#pragma once

#include <span>
#include <string_view>

namespace tongban::node::catalog {

struct Translation {
  std::string_view key;
  std::string_view zh;
};

std::span<const Translation> SyncPart();     // sync/: wire, transport, bundles, scans
std::span<const Translation> DomainPart();   // node/src/domain: identity, catalog, rules
std::span<const Translation> StorePart();    // node/src/store: the station's store, intake
std::span<const Translation> ServicesPart(); // node/src: service modes, scans, replica, bundles, PDFs
std::span<const Translation> HubPart();      // central/: the hub and its admin commands
std::span<const Translation> CommandPart();  // the CLIs and the desk

}  // namespace tongban::node::catalog
