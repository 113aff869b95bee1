// Node key pairs: SM2 signatures over requests, and what is refused.
#include <catch2/catch.hpp>

#include "tongban/sync/escrow_chain.h"
#include "tongban/sync/sm2.h"

using namespace tongban;
using namespace tongban::sync;

namespace {

Sm2Key MakeKey() {
  auto k = Sm2Key::Generate();
  REQUIRE(k.ok());
  return std::move(*k);
}

Sm2PublicKey PublicOf(const Sm2Key& k) {
  auto p = Sm2PublicKey::FromDer(k.PublicDer());
  REQUIRE(p.ok());
  return *p;
}

HttpRequest Push() {
  HttpRequest r = NodeRequest("POST", "/v1/push", "ST-0001", "secret");
  r.headers["content-encoding"] = "zstd";
  r.body = std::string("\x28\xb5\x2f\xfd payload", 12);
  return r;
}

}  // namespace

TEST_CASE("a node's SM2 signature verifies with its public key and no other", "[sm2]") {
  const Sm2Key key = MakeKey();
  const Sm2PublicKey pub = PublicOf(key);
  auto sig = key.Sign("message");
  REQUIRE(sig.ok());
  CHECK(pub.Verify("message", *sig));
  CHECK_FALSE(pub.Verify("messagf", *sig));
  std::string flipped = *sig;
  flipped[flipped.size() / 2] ^= 1;
  CHECK_FALSE(pub.Verify("message", flipped));
  CHECK_FALSE(PublicOf(MakeKey()).Verify("message", *sig));
  // Signatures are randomised, and each verifies.
  auto again = key.Sign("message");
  REQUIRE(again.ok());
  CHECK(*again != *sig);
  CHECK(pub.Verify("message", *again));
}

TEST_CASE("a node key survives its PEM form, and damaged forms are refused", "[sm2]") {
  const Sm2Key key = MakeKey();
  const std::string pem = key.PrivatePem();
  CHECK(pem.find("BEGIN PRIVATE KEY") != std::string::npos);
  auto back = Sm2Key::FromPem(pem);
  REQUIRE(back.ok());
  CHECK(back->PublicDer() == key.PublicDer());
  auto sig = back->Sign("x");
  REQUIRE(sig.ok());
  CHECK(PublicOf(key).Verify("x", *sig));

  CHECK(Sm2Key::FromPem("not a key").status().code() == ErrorCode::kCorruption);
  std::string der = key.PublicDer();
  CHECK_FALSE(Sm2PublicKey::FromDer(der.substr(0, der.size() - 1)).ok());
  CHECK_FALSE(Sm2PublicKey::FromDer(der + "x").ok());
  CHECK_FALSE(Sm2PublicKey::FromDer("").ok());
}

TEST_CASE("a signed request verifies, and any change to what it says is refused", "[sm2]") {
  const Sm2Key key = MakeKey();
  const Sm2PublicKey pub = PublicOf(key);
  HttpRequest r = Push();
  CHECK_FALSE(IsSigned(r));
  CHECK(VerifyRequest(r, pub).code() == ErrorCode::kPermissionDenied);
  REQUIRE(SignRequest(r, key).ok());
  CHECK(IsSigned(r));
  CHECK(VerifyRequest(r, pub).ok());

  const auto refused = [&](auto change) {
    HttpRequest copy = r;
    change(copy);
    return VerifyRequest(copy, pub).code() == ErrorCode::kPermissionDenied;
  };
  CHECK(refused([](HttpRequest& c) { c.body.back() ^= 1; }));
  CHECK(refused([](HttpRequest& c) { c.target = "/v1/pull"; }));
  CHECK(refused([](HttpRequest& c) { c.headers["x-tongban-node"] = "ST-0002"; }));
  CHECK(refused([](HttpRequest& c) { c.headers["content-encoding"] = "identity"; }));
  CHECK(refused([](HttpRequest& c) { c.headers["x-tongban-scan-size"] = "7"; }));
  CHECK(refused([](HttpRequest& c) { c.headers["x-tongban-signature"] = "sm2:AAAA"; }));
  CHECK(refused([](HttpRequest& c) { c.headers["x-tongban-signature"] = "ed25519:AAAA"; }));
  CHECK(refused([](HttpRequest& c) { c.headers["x-tongban-signature"] = "sm2:not base64!"; }));
  // The secret is not what is signed: a changed bearer still verifies (the hub checks it apart).
  CHECK_FALSE(refused([](HttpRequest& c) { c.headers["authorization"] = "Bearer other"; }));
}

TEST_CASE("base64 round-trips and refuses what is not base64", "[sm2]") {
  for (std::string s : {std::string(), std::string("a"), std::string("ab"), std::string("abc"),
                        std::string("\0\xff\x10", 3)})
    CHECK(FromBase64(ToBase64(s)).value() == s);
  CHECK(ToBase64("abc") == "YWJj");
  CHECK_FALSE(FromBase64("YWJ").ok());
  CHECK_FALSE(FromBase64("YW*j").ok());
}

TEST_CASE("a secret sealed to an SM2 public key opens with its private key only", "[sm2]") {
  const Sm2Key escrow = MakeKey();
  const Sm2PublicKey pub = PublicOf(escrow);
  auto sealed = pub.Seal("1234abcd-5678ef90");
  REQUIRE(sealed.ok());
  CHECK(sealed->find("1234abcd") == std::string::npos);
  CHECK(escrow.Open(*sealed).value() == "1234abcd-5678ef90");
  // Each seal is fresh; another key or a changed byte does not open it.
  CHECK(*pub.Seal("1234abcd-5678ef90") != *sealed);
  CHECK(MakeKey().Open(*sealed).status().code() == ErrorCode::kPermissionDenied);
  std::string changed = *sealed;
  changed[changed.size() - 3] ^= 1;
  CHECK_FALSE(escrow.Open(changed).ok());
  CHECK(pub.Id().size() == 64);
  CHECK(pub.Id() != PublicOf(MakeKey()).Id());
}

TEST_CASE("a station follows escrow keys only along endorsed links", "[sm2]") {
  const Sm2Key a = MakeKey(), b = MakeKey(), c = MakeKey(), d = MakeKey(), stranger = MakeKey();
  auto endorse = [](const Sm2Key& by, const Sm2Key& next) {
    auto sig = EndorseEscrowKey(by, next.PublicDer());
    REQUIRE(sig.ok());
    return *sig;
  };
  const EscrowLink la{a.PublicDer(), ""};
  const EscrowLink lb{b.PublicDer(), endorse(a, b)};
  const EscrowLink lc_lost{c.PublicDer(), ""};                   // a's successor lost
  const EscrowLink ld{d.PublicDer(), endorse(c, d)};
  const EscrowLink lb_forged{b.PublicDer(), endorse(stranger, b)};  // signed by someone else
  const EscrowLink lb_other{b.PublicDer(), endorse(a, c)};          // a's word for another key
  struct Row {
    const char* what;
    std::vector<EscrowLink> chain;
    const Sm2Key& trusted;
    bool leads;
  };
  const Row rows[] = {
      {"the trusted key is the last", {la}, a, true},
      {"one endorsed step", {la, lb}, a, true},
      {"from the middle", {la, lb, lc_lost, ld}, c, true},
      {"across an unendorsed key", {la, lb, lc_lost}, a, false},
      {"across an unendorsed key, from the one before it", {la, lb, lc_lost, ld}, b, false},
      {"endorsed by a key not in the chain", {la, lb_forged}, a, false},
      {"an endorsement of another key", {la, lb_other}, a, false},
      {"the trusted key not in the chain", {lb, lc_lost}, a, false},
      {"no chain at all", {}, a, false},
  };
  for (const Row& r : rows) {
    INFO(r.what);
    CHECK(EscrowChainLeadsFrom(r.chain, r.trusted.PublicDer()) == r.leads);
    auto back = DecodeEscrowChain(EncodeEscrowChain(r.chain));
    REQUIRE(back.ok());
    CHECK(EscrowChainLeadsFrom(*back, r.trusted.PublicDer()) == r.leads);
  }
  for (const char* bad : {"{}", "[1]", "[{\"public_key\": \"%%\", \"endorsement\": \"\"}]",
                          "[{\"public_key\": \"AA==\"}]", "not json"})
    CHECK_FALSE(DecodeEscrowChain(bad).ok());
}
