#include "tongban/sync/sm2.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sodium.h>

#include <utility>

namespace tongban::sync {
namespace {

constexpr MessageDef kKeyUnreadable{"sync.node_key_unreadable",
                                    "this node's signing key is damaged or not an SM2 key"};
constexpr MessageDef kPublicUnreadable{"sync.node_public_key_unreadable",
                                       "the node's public key is damaged or not an SM2 key"};
constexpr MessageDef kNoSignature{"sync.request_unsigned",
                                  "node {0} signs its requests, and this one is not signed"};
constexpr MessageDef kBadSignature{"sync.request_signature",
                                   "the request was altered on the way, or not signed with node "
                                   "{0}'s key"};
constexpr MessageDef kBase64{"sync.base64", "not valid base64"};
constexpr MessageDef kCannotOpen{"sync.sm2_cannot_open",
                                 "the sealed secret does not open with this key (sealed to "
                                 "another key, or damaged)"};

// The distinguishing identifier GB/T 32918 names as the default.
constexpr std::string_view kSm2Id = "1234567812345678";
constexpr std::string_view kSignatureHeader = "x-tongban-signature";
constexpr std::string_view kScheme = "sm2:";

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};

// A digest-sign or digest-verify context with SM3 and the SM2 identifier set, as SM2
// requires before the first byte (the identifier enters the hash). The key context is
// set on the digest context and stays ours to free, after it.
struct Sm2Context {
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> pctx;
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> md;  // freed first

  Sm2Context(EVP_PKEY* key, bool sign)
      : pctx(EVP_PKEY_CTX_new(key, nullptr)), md(EVP_MD_CTX_new()) {
    if (!md || !pctx || EVP_PKEY_CTX_set1_id(pctx.get(), kSm2Id.data(), kSm2Id.size()) != 1) {
      md.reset();
      return;
    }
    EVP_MD_CTX_set_pkey_ctx(md.get(), pctx.get());
    const int rc = sign ? EVP_DigestSignInit(md.get(), nullptr, EVP_sm3(), nullptr, key)
                        : EVP_DigestVerifyInit(md.get(), nullptr, EVP_sm3(), nullptr, key);
    if (rc != 1) md.reset();
  }
  explicit operator bool() const { return md != nullptr; }
};

bool IsSm2(EVP_PKEY* k) { return k && EVP_PKEY_is_a(k, "SM2"); }

std::string BioText(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return n > 0 ? std::string(data, static_cast<std::size_t>(n)) : std::string();
}

}  // namespace

struct Sm2Key::Impl {
  Pkey key;
};
struct Sm2PublicKey::Impl {
  Pkey key;
};

Sm2Key::Sm2Key(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Sm2Key::Sm2Key(Sm2Key&&) noexcept = default;
Sm2Key& Sm2Key::operator=(Sm2Key&&) noexcept = default;
Sm2Key::~Sm2Key() = default;

Result<Sm2Key> Sm2Key::Generate() {
  Pkey k(EVP_PKEY_Q_keygen(nullptr, nullptr, "SM2"));
  if (!IsSm2(k.get())) return Internal("cannot make an SM2 key pair");
  return Sm2Key(std::make_unique<Impl>(Impl{std::move(k)}));
}

Result<Sm2Key> Sm2Key::FromPem(std::string_view pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
                                                BIO_free);
  Pkey k(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!IsSm2(k.get())) return Corruption(kKeyUnreadable);
  return Sm2Key(std::make_unique<Impl>(Impl{std::move(k)}));
}

std::string Sm2Key::PrivatePem() const {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), impl_->key.get(), nullptr, nullptr, 0, nullptr,
                                       nullptr) != 1)
    return {};
  return BioText(bio.get());
}

std::string Sm2Key::PublicDer() const {
  unsigned char* der = nullptr;
  const int n = i2d_PUBKEY(impl_->key.get(), &der);
  std::string bytes = n > 0 ? std::string(reinterpret_cast<char*>(der), static_cast<std::size_t>(n))
                            : std::string();
  OPENSSL_free(der);
  return bytes;
}

Result<std::string> Sm2Key::Sign(std::string_view message) const {
  Sm2Context ctx(impl_->key.get(), /*sign=*/true);
  const auto* m = reinterpret_cast<const unsigned char*>(message.data());
  // One-shot signing may not be repeated on a context: the size comes from the key.
  std::size_t n = static_cast<std::size_t>(EVP_PKEY_get_size(impl_->key.get()));
  std::string sig(n, '\0');
  if (!ctx || EVP_DigestSign(ctx.md.get(), reinterpret_cast<unsigned char*>(sig.data()), &n, m,
                             message.size()) != 1)
    return Internal("SM2 signing failed");
  sig.resize(n);
  return sig;
}

namespace {

// SM2 encryption and decryption through one EVP_PKEY_CTX call pattern: ask the size, then run.
template <typename Init, typename Run>
Result<std::string> Sm2Crypt(EVP_PKEY* key, std::string_view in, Init init, Run run) {
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(EVP_PKEY_CTX_new(key, nullptr));
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  std::size_t n = 0;
  if (!ctx || init(ctx.get()) != 1 || run(ctx.get(), nullptr, &n, p, in.size()) != 1)
    return Internal("SM2 encryption is unavailable");
  std::string out(n, '\0');
  if (run(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &n, p, in.size()) != 1)
    return PermissionDenied(kCannotOpen);
  out.resize(n);
  return out;
}

}  // namespace

Result<std::string> Sm2Key::Open(std::string_view sealed) const {
  return Sm2Crypt(impl_->key.get(), sealed, EVP_PKEY_decrypt_init, EVP_PKEY_decrypt);
}

Sm2PublicKey::Sm2PublicKey(std::shared_ptr<const Impl> impl, std::string der)
    : impl_(std::move(impl)), der_(std::move(der)) {}
Sm2PublicKey::Sm2PublicKey(const Sm2PublicKey&) = default;
Sm2PublicKey& Sm2PublicKey::operator=(const Sm2PublicKey&) = default;
Sm2PublicKey::Sm2PublicKey(Sm2PublicKey&&) noexcept = default;
Sm2PublicKey& Sm2PublicKey::operator=(Sm2PublicKey&&) noexcept = default;
Sm2PublicKey::~Sm2PublicKey() = default;

Result<Sm2PublicKey> Sm2PublicKey::FromDer(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  Pkey k(der.empty() ? nullptr : d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
  // The whole of it is one key, and an SM2 one.
  if (!IsSm2(k.get()) || p != reinterpret_cast<const unsigned char*>(der.data()) + der.size())
    return InvalidArgument(kPublicUnreadable);
  return Sm2PublicKey(std::make_shared<Impl>(Impl{std::move(k)}), std::string(der));
}

bool Sm2PublicKey::Verify(std::string_view message, std::string_view signature) const {
  Sm2Context ctx(impl_->key.get(), /*sign=*/false);
  return ctx && EVP_DigestVerify(ctx.md.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                                signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                                message.size()) == 1;
}

Result<std::string> Sm2PublicKey::Seal(std::string_view plain) const {
  return Sm2Crypt(impl_->key.get(), plain, EVP_PKEY_encrypt_init, EVP_PKEY_encrypt);
}

std::string Sm2PublicKey::Id() const {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(der_.data()), der_.size());
  char hex[2 * sizeof digest + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::string RequestSigningText(const HttpRequest& r) {
  const auto header = [&](const char* name) {
    auto it = r.headers.find(name);
    return it == r.headers.end() ? std::string() : it->second;
  };
  std::string text = "tongban-request-v1\n";
  text += r.method + "\n" + r.target + "\n" + header("content-encoding") + "\n";
  // Every x-tongban-* header but the signature (the node, a scan's size, type and chunk
  // digest, a batch's size), in name order: a proxy can change none of them.
  for (const auto& [name, value] : r.headers)
    if (name.rfind("x-tongban-", 0) == 0 && name != kSignatureHeader)
      text += name + ":" + value + "\n";
  text += "\n";
  text += r.body;
  return text;
}

Status SignRequest(HttpRequest& request, const Sm2Key& key) {
  TB_ASSIGN_OR_RETURN(std::string sig, key.Sign(RequestSigningText(request)));
  request.headers[std::string(kSignatureHeader)] = std::string(kScheme) + ToBase64(sig);
  return Status::Ok();
}

bool IsSigned(const HttpRequest& request) {
  return request.headers.contains(std::string(kSignatureHeader));
}

Status VerifyRequest(const HttpRequest& request, const Sm2PublicKey& key) {
  auto node = request.headers.find("x-tongban-node");
  const std::string who = node == request.headers.end() ? "-" : node->second;
  auto it = request.headers.find(std::string(kSignatureHeader));
  if (it == request.headers.end()) return PermissionDenied(kNoSignature, {who});
  if (it->second.rfind(kScheme, 0) != 0) return PermissionDenied(kBadSignature, {who});
  auto sig = FromBase64(std::string_view(it->second).substr(kScheme.size()));
  if (!sig.ok() || !key.Verify(RequestSigningText(request), *sig))
    return PermissionDenied(kBadSignature, {who});
  return Status::Ok();
}

Result<HttpResponse> SigningTransport::Send(const HttpRequest& request) {
  HttpRequest signed_request = request;
  TB_RETURN_IF_ERROR(SignRequest(signed_request, key_));
  return inner_.Send(signed_request);
}

Result<HttpResponse> SigningTransport::SendStreamed(const HttpRequest& head, BodyStream& body) {
  HttpRequest signed_head = head;
  signed_head.body.clear();
  TB_RETURN_IF_ERROR(SignRequest(signed_head, key_));
  return inner_.SendStreamed(signed_head, body);
}

std::string ToBase64(std::string_view bytes) {
  const int variant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

Result<std::string> FromBase64(std::string_view text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t n = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &n, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size())
    return InvalidArgument(kBase64);
  out.resize(n);
  return out;
}

}  // namespace tongban::sync
