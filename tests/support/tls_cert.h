// Self-signed certificates made at run time for TLS tests.
#pragma once

#include <string>

namespace tongban::test {

// Writes a self-signed P-256 certificate for IP 127.0.0.1 and its key as PEM.
// Returns false when OpenSSL refuses any step.
bool WriteSelfSignedCert(const std::string& cert_path, const std::string& key_path);

}  // namespace tongban::test
