#include "tls_cert.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

#define CHECK_OR_FAIL(x) \
  do {                   \
    if (!(x)) return false; \
  } while (0)

namespace tongban::test {

// Writes a self-signed P-256 certificate for IP 127.0.0.1 and its key as PEM.
bool WriteSelfSignedCert(const std::string& cert_path, const std::string& key_path) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  CHECK_OR_FAIL(key);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  CHECK_OR_FAIL(cert);
  CHECK_OR_FAIL(X509_set_version(cert.get(), 2) == 1);  // v3, for the SAN extension
  CHECK_OR_FAIL(ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1) == 1);
  CHECK_OR_FAIL(X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60));
  CHECK_OR_FAIL(X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600));
  CHECK_OR_FAIL(X509_set_pubkey(cert.get(), key.get()) == 1);
  X509_NAME* name = X509_get_subject_name(cert.get());
  CHECK_OR_FAIL(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                     reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1,
                                     0) == 1);
  CHECK_OR_FAIL(X509_set_issuer_name(cert.get(), name) == 1);
  X509V3_CTX v3;
  X509V3_set_ctx_nodb(&v3);
  X509V3_set_ctx(&v3, cert.get(), cert.get(), nullptr, nullptr, 0);
  X509_EXTENSION* san = X509V3_EXT_conf_nid(nullptr, &v3, NID_subject_alt_name, "IP:127.0.0.1");
  CHECK_OR_FAIL(san);
  CHECK_OR_FAIL(X509_add_ext(cert.get(), san, -1) == 1);
  X509_EXTENSION_free(san);
  CHECK_OR_FAIL(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0);

  std::unique_ptr<BIO, decltype(&BIO_free)> cert_out(BIO_new_file(cert_path.c_str(), "w"),
                                                     BIO_free);
  CHECK_OR_FAIL(cert_out);
  CHECK_OR_FAIL(PEM_write_bio_X509(cert_out.get(), cert.get()) == 1);
  std::unique_ptr<BIO, decltype(&BIO_free)> key_out(BIO_new_file(key_path.c_str(), "w"), BIO_free);
  CHECK_OR_FAIL(key_out);
  CHECK_OR_FAIL(PEM_write_bio_PrivateKey(key_out.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                   nullptr) == 1);
  return true;
}

}  // namespace tongban::test
