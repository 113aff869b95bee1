// SM2 key pairs (GB/T 32918, with SM3, through OpenSSL 3), for two uses:
//  - Node key pairs: each node proves what it sends with an SM2 signature. The node makes
//    its key pair at enrollment and keeps the private key in its own database (sealed on
//    an encrypted station); the hub keeps only the public key. So the hub's data, copied,
//    can check a node's pushes and bundles but cannot make one. A signed request carries
//    `x-tongban-signature: sm2:<base64 DER>` over RequestSigningText(): the method,
//    target, content encoding, every other x-tongban-* header and the body as sent. Replays are harmless by design:
//    every push, scan chunk and audit entry the hub takes is idempotent.
//  - The county's escrow key: stations seal their escrow codes to its public half
//    (SM2 public-key encryption); only the private half, kept offline, opens them.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "tongban/status.h"
#include "tongban/sync/http.h"

namespace tongban::sync {

class Sm2PublicKey;

// A node's private key. Moves, never copies; the key leaves memory with the object.
class Sm2Key {
 public:
  static Result<Sm2Key> Generate();
  // PKCS#8 PEM, as PrivatePem() writes it.
  static Result<Sm2Key> FromPem(std::string_view pem);
  Sm2Key(Sm2Key&&) noexcept;
  Sm2Key& operator=(Sm2Key&&) noexcept;
  ~Sm2Key();

  std::string PrivatePem() const;
  // SubjectPublicKeyInfo DER: what the node hands the hub at enrollment.
  std::string PublicDer() const;
  // An SM2 signature (DER) of `message`.
  Result<std::string> Sign(std::string_view message) const;
  // Opens what Sm2PublicKey::Seal sealed to this key; kPermissionDenied when it was
  // sealed to another key or changed.
  Result<std::string> Open(std::string_view sealed) const;

  struct Impl;

 private:
  explicit Sm2Key(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A node's public key as the hub keeps it: SubjectPublicKeyInfo DER.
class Sm2PublicKey {
 public:
  static Result<Sm2PublicKey> FromDer(std::string_view der);
  Sm2PublicKey(const Sm2PublicKey&);
  Sm2PublicKey& operator=(const Sm2PublicKey&);
  Sm2PublicKey(Sm2PublicKey&&) noexcept;
  Sm2PublicKey& operator=(Sm2PublicKey&&) noexcept;
  ~Sm2PublicKey();

  const std::string& der() const { return der_; }
  bool Verify(std::string_view message, std::string_view signature) const;
  // SM2 public-key encryption of a short secret (GB/T 32918.4 ciphertext, DER).
  Result<std::string> Seal(std::string_view plain) const;
  // Lower-case hex SHA-256 of der(): names the key in messages and records.
  std::string Id() const;

  struct Impl;

 private:
  Sm2PublicKey(std::shared_ptr<const Impl> impl, std::string der);
  std::shared_ptr<const Impl> impl_;
  std::string der_;
};

// What a signed request's signature covers.
std::string RequestSigningText(const HttpRequest& request);
// Adds the signature header; the request must be complete (body included).
Status SignRequest(HttpRequest& request, const Sm2Key& key);
// Ok when the request carries a valid signature by `key`; PermissionDenied otherwise.
Status VerifyRequest(const HttpRequest& request, const Sm2PublicKey& key);
// True when the request carries a signature header at all.
bool IsSigned(const HttpRequest& request);

// Signs every request it passes on (the node's side of every sync, scan and audit call).
class SigningTransport final : public Transport, public StreamSigner {
 public:
  SigningTransport(Transport& inner, const Sm2Key& key) : inner_(inner), key_(key) {}
  Result<HttpResponse> Send(const HttpRequest& request) override;
  bool streams() const override { return inner_.streams(); }
  // The head is signed as a request with an empty body; the body's writer signs it
  // frame by frame with signer() (docs/protocol.md, "Streamed push").
  Result<HttpResponse> SendStreamed(const HttpRequest& head, BodyStream& body) override;
  const StreamSigner* signer() const override { return this; }
  Result<std::string> Sign(std::string_view text) const override { return key_.Sign(text); }

 private:
  Transport& inner_;
  const Sm2Key& key_;
};

// Base64 (standard alphabet, padded), for keys and signatures in headers and JSON.
std::string ToBase64(std::string_view bytes);
Result<std::string> FromBase64(std::string_view text);

}  // namespace tongban::sync
