// HubProcess: runs a real `tongban-central serve` on a loopback port as a child
// process, for tests and benchmarks. Kill() is kill -9; Start() again resumes
// on the same data folder (and, when it is free, the same port).
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace tongban::tools {

class HubProcess {
 public:
  // `extra` arguments follow `serve` (e.g. --tls-cert and --tls-key).
  // `env` entries ("NAME=value") are added to this process's environment for the hub.
  HubProcess(std::string binary, std::string data_dir, std::vector<std::string> extra = {},
             std::vector<std::string> env = {})
      : binary_(std::move(binary)), data_(std::move(data_dir)), extra_(std::move(extra)),
        env_(std::move(env)) {}
  ~HubProcess() { Stop(); }

  // Starts the hub and waits until it listens. `port` 0 picks a free one (then kept).
  bool Start(int port = -1) {
    if (port >= 0) port_ = port;
    const std::string out = data_ + ".out";
    std::remove(out.c_str());
    const std::string listen = "127.0.0.1:" + std::to_string(port_);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, (data_ + ".err").c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    std::vector<std::string> args = {binary_, "serve", "--data", data_, "--listen", listen};
    args.insert(args.end(), extra_.begin(), extra_.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& e : env_) envp.push_back(e.data());
    // English, ahead of this process's own settings: the first line is read below.
    static char lc_all[] = "LC_ALL=", lc_messages[] = "LC_MESSAGES=", lang[] = "LANG=en_US.UTF-8";
    for (char* e : {lc_all, lc_messages, lang}) envp.push_back(e);
    for (char** e = environ; *e; ++e) envp.push_back(*e);
    envp.push_back(nullptr);
    const int rc = posix_spawn(&pid_, binary_.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return false;
    // The first line says "tongban hub listening on http://127.0.0.1:PORT (…)".
    for (int i = 0; i < 200; ++i) {
      std::ifstream in(out);
      std::string line;
      if (std::getline(in, line)) {
        const auto colon = line.rfind(':');
        if (colon != std::string::npos) port_ = std::atoi(line.c_str() + colon + 1);
        return port_ > 0;
      }
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return false;
  }

  // kill -9: no chance to flush or say goodbye.
  void Kill() { Signal(SIGKILL); }
  void Stop() { Signal(SIGTERM); }

  // Peak resident memory of the running hub in KiB (VmHWM), 0 when not running.
  long PeakRssKib() const {
    if (pid_ <= 0) return 0;
    std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
    std::string key;
    while (in >> key) {
      if (key == "VmHWM:") {
        long kib = 0;
        in >> kib;
        return kib;
      }
    }
    return 0;
  }

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string url() const {
    return std::string(extra_.empty() ? "http" : "https") + "://127.0.0.1:" + std::to_string(port_);
  }
  const std::string& data() const { return data_; }
  const std::string& binary() const { return binary_; }

 private:
  void Signal(int sig) {
    if (pid_ <= 0) return;
    kill(pid_, sig);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  std::string binary_;
  std::string data_;
  std::vector<std::string> extra_;
  std::vector<std::string> env_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace tongban::tools
