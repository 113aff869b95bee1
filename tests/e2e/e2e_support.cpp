#include "e2e_support.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tls_cert.h"
#include "tongban/central/http_server.h"

#include <cstdio>
#include <sys/wait.h>

namespace tongban::test {

namespace {
std::vector<std::string> TlsArgs(bool tls, const TempDir& dir) {
  if (!tls) return {};
  return {"--tls-cert", dir.File("hub.crt"), "--tls-key", dir.File("hub.key")};
}
}  // namespace

CountyClock::CountyClock(std::int64_t start_ms) : now_(start_ms) { Set(start_ms); }

void CountyClock::Set(std::int64_t ms) {
  now_ = ms;
  // Seconds from real time, written whole and renamed: the hub may read at any moment.
  const double offset = static_cast<double>(ms - sync::SystemWallClock::Instance().NowMillis()) / 1000;
  const std::string tmp = dir_.File("offset.tmp");
  {
    std::ofstream out(tmp, std::ios::trunc);
    char text[64];
    std::snprintf(text, sizeof text, "%+.3f\n", offset);
    out << text;
  }
  std::filesystem::rename(tmp, dir_.File("offset"));
}

std::vector<std::string> CountyClock::Env() const {
  return {"LD_PRELOAD=" TONGBAN_LIBFAKETIME, "FAKETIME_TIMESTAMP_FILE=" + dir_.File("offset"),
          "FAKETIME_NO_CACHE=1", "FAKETIME_DONT_FAKE_MONOTONIC=1"};
}

namespace {

std::string EnvPrefix(const CountyClock* clock) {
  std::string prefix;
  if (clock)
    for (const auto& e : clock->Env()) prefix += e + " ";
  return prefix;
}

}  // namespace

Hub::Hub(bool tls, const CountyClock* clock)
    : env_(EnvPrefix(clock)),
      process_(TONGBAN_CENTRAL, dir_.File("hub"), TlsArgs(tls, dir_),
               clock ? clock->Env() : std::vector<std::string>{}) {
  if (tls) {
    REQUIRE(WriteSelfSignedCert(dir_.File("hub.crt"), dir_.File("hub.key")));
    auto pin = central::PublicKeyPin(dir_.File("hub.crt"));
    REQUIRE(pin.ok());
    pin_ = *pin;
  }
  REQUIRE(process_.Start(0));
  Admin("catalog publish", "sample");
}

std::string Hub::Admin(const std::string& command, const std::string& options, int* exit_code,
                       const std::string& lang) {
  // English unless `lang` says otherwise: these tests read the English words.
  const std::string cmd = "LC_ALL= LC_MESSAGES= LANG=" + lang + " " + env_ + TONGBAN_CENTRAL + " " +
                          command + " --data " + process_.data() + " " + options + " 2>&1";
  std::string out;
  FILE* pipe = popen(cmd.c_str(), "r");
  char buf[4096];
  while (pipe && fgets(buf, sizeof buf, pipe)) out += buf;
  const int rc = pipe ? pclose(pipe) : -1;
  if (exit_code) *exit_code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  else if (rc != 0) FAIL("tongban-central " << command << " failed: " << out);
  return out;
}

std::string Hub::AdminToken() {
  if (admin_token_.empty()) {
    admin_token_ = Admin("admin-token");
    while (!admin_token_.empty() && admin_token_.back() == '\n') admin_token_.pop_back();
  }
  return admin_token_;
}

std::string Hub::AddNode(const std::string& code, const std::string& kind,
                         const std::string& township) {
  std::string out = Admin("station add", "--code " + code + " --name " + code + "-name --kind " +
                                             kind + (township.empty() ? "" : " --township " + township));
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out.substr(out.rfind('\n') + 1);
}

Node::Node(Hub& hub, const std::string& code, const std::string& kind,
           const std::string& township, node::HubLink link, sync::WallClock& clock) {
  if (link.url.empty()) link.url = hub.url();
  const std::string url = link.url;
  const std::string enroll = hub.AddNode(code, kind, kind == "station" || kind == "field" ? township : "");
  auto e = node::EnrollWithHub(link, code, enroll);
  REQUIRE(e.ok());
  auto parsed_kind = node::ParseNodeKind(kind);
  REQUIRE(parsed_kind.ok());
  auto created = node::NodeStore::Create(dir_.File("node.db"),
                                         {code, e->name, *parsed_kind, e->township}, "admin",
                                         "admin-password", clock);
  REQUIRE(created.ok());
  store_ = std::move(created).value();
  REQUIRE(node::SaveHubLink(*store_, link, *e).ok());
  auto admin = store_->Login("admin", "admin-password");
  REQUIRE(store_->AddStaff(*admin, "clerk", "王丽", node::Role::kClerk, "clerk-password").ok());
  REQUIRE(store_->AddStaff(*admin, "proc", "李强", node::Role::kProcessor, "proc-password").ok());
  clerk = *store_->Login("clerk", "clerk-password");
  proc = *store_->Login("proc", "proc-password");
  Reconnect(url);
  // The first sync brings the catalog the hub publishes.
  auto first = Sync();
  INFO(first.status().message());
  REQUIRE(first.ok());
}

void Node::Reconnect(const std::string& url, long stall_seconds, int batch) {
  REQUIRE(store_->SetMeta("hub_url", url).ok());
  auto s = node::NodeSync::Open(*store_, batch, stall_seconds);
  REQUIRE(s.ok());
  sync_ = std::move(s).value();
}

Result<sync::SyncSummary> Node::Sync() { return sync_->client().RunOnce(); }

std::string Node::Digest() {
  auto d = sync_->replica().Digest();
  REQUIRE(d.ok());
  return *d;
}

std::string Node::HubDigest() {
  auto d = sync_->client().HubDigest();
  REQUIRE(d.ok());
  return *d;
}

std::string Node::Secret() { return *store_->Meta("node_secret"); }

void Node::Sign(sync::HttpRequest& request) {
  auto key = node::NodeSigningKey(*store_);
  REQUIRE(key.ok());
  REQUIRE(sync::SignRequest(request, *key).ok());
}

std::string Node::Receive(const std::string& item, const std::string& name) {
  node::IntakeRequest r;
  r.item_code = item;
  r.applicant_name = name;
  r.applicant_id = "11010519491231002X";
  auto c = store_->Intake(clerk, r);
  REQUIRE(c.ok());
  return c->case_no;
}

void Synced(Node& n) {
  auto r = n.Sync();
  INFO(n.store().identity().code << ": " << r.status().message());
  REQUIRE(r.ok());
}

std::string ReceivedAt(Node& station, Node& office, const std::string& item) {
  const std::string no = station.Receive(item);
  Synced(station);
  Synced(office);
  return no;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

std::vector<nlohmann::json> HubLogLines(Hub& hub) {
  std::vector<nlohmann::json> out;
  std::istringstream in(Slurp(hub.process().data() + "/hub.log"));
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    INFO(line);
    REQUIRE(j.is_object());
    REQUIRE(j.contains("time"));
    REQUIRE(j.contains("event"));
    out.push_back(std::move(j));
  }
  return out;
}

bool HubLogged(Hub& hub, const std::string& event, const nlohmann::json& fields) {
  for (const auto& line : HubLogLines(hub)) {
    if (line["event"] != event) continue;
    bool all = true;
    for (const auto& [key, value] : fields.items()) all = all && line.contains(key) && line[key] == value;
    if (all) return true;
  }
  return false;
}

CliRun RunCli(const TempDir& dir, const std::string& args, const std::string& env,
              const std::string& input) {
  const std::string out = dir.File("cli.out"), err = dir.File("cli.err"), in = dir.File("cli.in");
  std::ofstream(in, std::ios::trunc) << input;
  // English unless `env` names a language: these tests read the English words.
  const std::string cmd = "LC_ALL= LC_MESSAGES= LANG=en_US.UTF-8 " + env + " " + TONGBAN_CLI + " " +
                          args + " >" + out + " 2>" + err + " <" + in;
  const int rc = std::system(cmd.c_str());
  return CliRun{WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, Slurp(out), Slurp(err)};
}

}  // namespace tongban::test
