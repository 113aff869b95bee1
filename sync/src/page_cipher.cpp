#include "tongban/sync/page_cipher.h"

#include <gcrypt.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <cstring>
#include <mutex>

namespace tongban::sync {
namespace {

constexpr std::size_t kNonceBytes = 16;
constexpr std::size_t kTagBytes = 16;
static_assert(kNonceBytes + kTagBytes == PageCipher::kSealBytes);

constexpr MessageDef kCryptoMissing{"sync.crypto_missing",
                                    "the cryptography library lacks {0}; reinstall OpenSSL 3"};

// HKDF with SM3: one derived key per use, so the cipher and MAC keys are independent.
bool Derive(const DataKey& key, std::string_view label, std::span<std::uint8_t> out) {
  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
  if (!kdf) return false;
  EVP_KDF_CTX* ctx = EVP_KDF_CTX_new(kdf);
  EVP_KDF_free(kdf);
  if (!ctx) return false;
  char digest[] = "SM3";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
                                        const_cast<std::uint8_t*>(key.bytes.data()),
                                        key.bytes.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char*>(label.data()),
                                        label.size()),
      OSSL_PARAM_construct_end()};
  const bool ok = EVP_KDF_derive(ctx, out.data(), out.size(), params) == 1;
  EVP_KDF_CTX_free(ctx);
  return ok;
}

void PutPosition(std::uint8_t out[8], std::uint64_t position) {
  for (int i = 7; i >= 0; --i, position >>= 8) out[i] = static_cast<std::uint8_t>(position);
}

}  // namespace

std::string_view CipherSuiteName(CipherSuite suite) {
  return suite == CipherSuite::kAes256Gcm ? "aes-256-gcm" : "sm4-ctr+hmac-sm3";
}

std::optional<CipherSuite> ParseCipherSuite(std::string_view name) {
  if (name == "sm4-ctr+hmac-sm3" || name == "sm4") return CipherSuite::kSm4CtrHmacSm3;
  if (name == "aes-256-gcm" || name == "aes") return CipherSuite::kAes256Gcm;
  return std::nullopt;
}

DataKey DataKey::Random(CipherSuite suite) {
  DataKey k;
  k.suite = suite;
  // A key of zeros would seal every station alike: better no station than that.
  if (RAND_bytes(k.bytes.data(), static_cast<int>(k.bytes.size())) != 1) std::abort();
  return k;
}

DataKey::~DataKey() { OPENSSL_cleanse(bytes.data(), bytes.size()); }

// SM4-CTR and HMAC-SM3 come from libgcrypt: its SM4 (AES-NI/AVX2) and SM3 run about
// 7x and 2x faster than OpenSSL 3.0's, which is the difference between a sealed page
// costing ~70 us and ~19 us (docs/security.md). AES-256-GCM and HKDF stay OpenSSL's.
static void InitGcrypt() {
  static std::once_flag once;
  std::call_once(once, [] {
    gcry_check_version(nullptr);
    gcry_control(GCRYCTL_DISABLE_SECMEM, 0);
    gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
  });
}

class PageCipher::Impl {
 public:
  CipherSuite suite{};
  gcry_cipher_hd_t sm4 = nullptr;  // SM4 suite
  gcry_mac_hd_t mac = nullptr;     // SM4 suite
  EVP_CIPHER_CTX* enc = nullptr;   // GCM suite
  EVP_CIPHER_CTX* dec = nullptr;   // GCM suite: decryption needs its own context

  ~Impl() {
    if (sm4) gcry_cipher_close(sm4);
    if (mac) gcry_mac_close(mac);
    EVP_CIPHER_CTX_free(enc);
    EVP_CIPHER_CTX_free(dec);
  }

  // HMAC-SM3 over position, context, nonce and ciphertext, cut to kTagBytes.
  bool Tag(const std::uint8_t* body, std::size_t n, const std::uint8_t* nonce,
           std::uint64_t position, std::span<const std::uint8_t> context,
           std::uint8_t out[kTagBytes]) {
    std::uint8_t pos[8];
    PutPosition(pos, position);
    std::uint8_t full[32];
    std::size_t len = sizeof full;
    return gcry_mac_reset(mac) == 0 && gcry_mac_write(mac, pos, 8) == 0 &&
           (context.empty() || gcry_mac_write(mac, context.data(), context.size()) == 0) &&
           gcry_mac_write(mac, nonce, kNonceBytes) == 0 && gcry_mac_write(mac, body, n) == 0 &&
           gcry_mac_read(mac, full, &len) == 0 && len >= kTagBytes &&
           (std::memcpy(out, full, kTagBytes), true);
  }

  bool Ctr(std::uint8_t* body, std::size_t n, const std::uint8_t* nonce) {
    return gcry_cipher_setctr(sm4, nonce, kNonceBytes) == 0 &&
           gcry_cipher_encrypt(sm4, body, n, nullptr, 0) == 0;
  }
};

PageCipher::PageCipher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PageCipher::~PageCipher() = default;

Result<std::unique_ptr<PageCipher>> PageCipher::Make(const DataKey& key) {
  auto impl = std::make_unique<Impl>();
  impl->suite = key.suite;
  if (key.suite == CipherSuite::kSm4CtrHmacSm3) {
    InitGcrypt();
    std::array<std::uint8_t, 16> cipher_key{};
    std::array<std::uint8_t, 32> mac_key{};
    const bool ok =
        Derive(key, "tongban page sm4-ctr", cipher_key) &&
        Derive(key, "tongban page hmac-sm3", mac_key) &&
        gcry_cipher_open(&impl->sm4, GCRY_CIPHER_SM4, GCRY_CIPHER_MODE_CTR, 0) == 0 &&
        gcry_cipher_setkey(impl->sm4, cipher_key.data(), cipher_key.size()) == 0 &&
        gcry_mac_open(&impl->mac, GCRY_MAC_HMAC_SM3, 0, nullptr) == 0 &&
        gcry_mac_setkey(impl->mac, mac_key.data(), mac_key.size()) == 0;
    OPENSSL_cleanse(cipher_key.data(), cipher_key.size());
    OPENSSL_cleanse(mac_key.data(), mac_key.size());
    if (!ok) return Status(ErrorCode::kInternal, kCryptoMissing, {"SM4-CTR, HMAC-SM3"});
  } else {
    std::array<std::uint8_t, 32> aes_key{};
    EVP_CIPHER* gcm = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
    impl->enc = EVP_CIPHER_CTX_new();
    impl->dec = EVP_CIPHER_CTX_new();
    const bool ok = gcm && impl->enc && impl->dec &&
                    Derive(key, "tongban page aes-256-gcm", aes_key) &&
                    EVP_EncryptInit_ex2(impl->enc, gcm, aes_key.data(), nullptr, nullptr) == 1 &&
                    EVP_DecryptInit_ex2(impl->dec, gcm, aes_key.data(), nullptr, nullptr) == 1 &&
                    // All 16 nonce bytes count, not GCM's default 12.
                    EVP_CIPHER_CTX_ctrl(impl->enc, EVP_CTRL_AEAD_SET_IVLEN, kNonceBytes, nullptr) == 1 &&
                    EVP_CIPHER_CTX_ctrl(impl->dec, EVP_CTRL_AEAD_SET_IVLEN, kNonceBytes, nullptr) == 1;
    EVP_CIPHER_free(gcm);
    OPENSSL_cleanse(aes_key.data(), aes_key.size());
    if (!ok) return Status(ErrorCode::kInternal, kCryptoMissing, {"AES-256-GCM"});
  }
  return std::unique_ptr<PageCipher>(new PageCipher(std::move(impl)));
}

bool PageCipher::Seal(std::span<std::uint8_t> block, std::uint64_t position,
                      std::span<const std::uint8_t> context) {
  if (block.size() <= kSealBytes) return false;
  const std::size_t n = block.size() - kSealBytes;
  std::uint8_t* nonce = block.data() + n;
  std::uint8_t* tag = nonce + kNonceBytes;
  if (RAND_bytes(nonce, kNonceBytes) != 1) return false;
  Impl& c = *impl_;
  if (c.suite == CipherSuite::kSm4CtrHmacSm3)
    return c.Ctr(block.data(), n, nonce) && c.Tag(block.data(), n, nonce, position, context, tag);
  std::uint8_t pos[8];
  PutPosition(pos, position);
  int len = 0;
  return EVP_EncryptInit_ex2(c.enc, nullptr, nullptr, nonce, nullptr) == 1 &&
         EVP_EncryptUpdate(c.enc, nullptr, &len, pos, 8) == 1 &&
         (context.empty() ||
          EVP_EncryptUpdate(c.enc, nullptr, &len, context.data(), static_cast<int>(context.size())) == 1) &&
         EVP_EncryptUpdate(c.enc, block.data(), &len, block.data(), static_cast<int>(n)) == 1 &&
         EVP_EncryptFinal_ex(c.enc, block.data() + n, &len) == 1 &&
         EVP_CIPHER_CTX_ctrl(c.enc, EVP_CTRL_AEAD_GET_TAG, kTagBytes, tag) == 1;
}

bool PageCipher::Open(std::span<std::uint8_t> block, std::uint64_t position,
                      std::span<const std::uint8_t> context) {
  if (block.size() <= kSealBytes) return false;
  const std::size_t n = block.size() - kSealBytes;
  std::uint8_t* nonce = block.data() + n;
  std::uint8_t* tag = nonce + kNonceBytes;
  Impl& c = *impl_;
  bool ok = false;
  if (c.suite == CipherSuite::kSm4CtrHmacSm3) {
    std::uint8_t want[kTagBytes];
    ok = c.Tag(block.data(), n, nonce, position, context, want) &&
         CRYPTO_memcmp(want, tag, kTagBytes) == 0 && c.Ctr(block.data(), n, nonce);
  } else {
    std::uint8_t pos[8];
    PutPosition(pos, position);
    std::uint8_t end[16];
    int len = 0;
    ok = EVP_DecryptInit_ex2(c.dec, nullptr, nullptr, nonce, nullptr) == 1 &&
         EVP_DecryptUpdate(c.dec, nullptr, &len, pos, 8) == 1 &&
         (context.empty() ||
          EVP_DecryptUpdate(c.dec, nullptr, &len, context.data(), static_cast<int>(context.size())) == 1) &&
         EVP_DecryptUpdate(c.dec, block.data(), &len, block.data(), static_cast<int>(n)) == 1 &&
         EVP_CIPHER_CTX_ctrl(c.dec, EVP_CTRL_AEAD_SET_TAG, kTagBytes, tag) == 1 &&
         EVP_DecryptFinal_ex(c.dec, end, &len) == 1;
  }
  if (ok) std::memset(nonce, 0, kSealBytes);
  return ok;
}

class StreamCipher::Impl {
 public:
  gcry_cipher_hd_t sm4 = nullptr;
  ~Impl() {
    if (sm4) gcry_cipher_close(sm4);
  }
};

StreamCipher::StreamCipher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StreamCipher::~StreamCipher() = default;

Result<std::unique_ptr<StreamCipher>> StreamCipher::Make(std::span<const std::uint8_t, 32> material,
                                                         std::string_view label) {
  InitGcrypt();
  DataKey base;
  std::memcpy(base.bytes.data(), material.data(), material.size());
  std::array<std::uint8_t, 16> cipher_key{};
  auto impl = std::make_unique<Impl>();
  const bool ok = Derive(base, label, cipher_key) &&
                  gcry_cipher_open(&impl->sm4, GCRY_CIPHER_SM4, GCRY_CIPHER_MODE_CTR, 0) == 0 &&
                  gcry_cipher_setkey(impl->sm4, cipher_key.data(), cipher_key.size()) == 0;
  OPENSSL_cleanse(cipher_key.data(), cipher_key.size());
  if (!ok) return Status(ErrorCode::kInternal, kCryptoMissing, {"SM4-CTR"});
  return std::unique_ptr<StreamCipher>(new StreamCipher(std::move(impl)));
}

bool StreamCipher::Apply(std::uint64_t index, std::span<std::uint8_t> data) {
  std::uint8_t counter[16] = {};
  PutPosition(counter, index);  // the high half; the low half counts the blocks
  return gcry_cipher_setctr(impl_->sm4, counter, sizeof counter) == 0 &&
         (data.empty() || gcry_cipher_encrypt(impl_->sm4, data.data(), data.size(), nullptr, 0) == 0);
}

}  // namespace tongban::sync
