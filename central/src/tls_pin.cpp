#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <cstdio>
#include <memory>

#include "tongban/central/http_server.h"

namespace tongban::central {
namespace {

constexpr MessageDef kCannotRead{"hub.pin_cannot_read", "cannot read certificate {0}"};
constexpr MessageDef kNotPem{"hub.pin_not_pem", "{0} is not a PEM certificate"};

}  // namespace

Result<std::string> PublicKeyPin(const std::string& cert_file) {
  std::unique_ptr<FILE, decltype(&std::fclose)> f(std::fopen(cert_file.c_str(), "r"), &std::fclose);
  if (!f) return NotFound(kCannotRead, {cert_file});
  std::unique_ptr<X509, decltype(&X509_free)> cert(PEM_read_X509(f.get(), nullptr, nullptr, nullptr),
                                                   &X509_free);
  if (!cert) return InvalidArgument(kNotPem, {cert_file});
  // SubjectPublicKeyInfo in DER, hashed: what CURLOPT_PINNEDPUBLICKEY compares.
  unsigned char* der = nullptr;
  const int len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert.get()), &der);
  if (len <= 0) return Internal("cannot encode the certificate's public key");
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(der, static_cast<std::size_t>(len), digest);
  OPENSSL_free(der);
  unsigned char b64[64];
  const int n = EVP_EncodeBlock(b64, digest, sizeof digest);
  return "sha256//" + std::string(reinterpret_cast<char*>(b64), static_cast<std::size_t>(n));
}

}  // namespace tongban::central
