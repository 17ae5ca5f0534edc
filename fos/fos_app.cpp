// SPDX-License-Identifier: GPL-2.0-or-later
// fos: the core wired to fork/exec, process groups, timers and signals.
#include "fos/fos_app.h"

#include <ifaddrs.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <csignal>
#include <cstring>

#include "common/config/parser.h"
#include "common/log/logger.h"
#include "common/proc/spawn.h"

namespace lvs::fos {
namespace {

bool is_local(const IpAddress& addr) {
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) return false;
    bool found = false;
    for (ifaddrs* i = list; i && !found; i = i->ifa_next) {
        if (!i->ifa_addr) continue;
        const int family = i->ifa_addr->sa_family;
        const void* raw = family == AF_INET    ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(i->ifa_addr)->sin_addr)
                          : family == AF_INET6 ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in6*>(i->ifa_addr)->sin6_addr)
                                               : nullptr;
        char buf[INET6_ADDRSTRLEN] = {};
        if (!raw || !inet_ntop(family, raw, buf, sizeof buf)) continue;
        const auto a = IpAddress::parse(buf);
        found = a && *a == addr;
    }
    freeifaddrs(list);
    return found;
}

std::string joined(const std::vector<std::string>& argv) {
    std::string s;
    for (const auto& a : argv) s += (s.empty() ? "" : " ") + a;
    return s;
}

}  // namespace

IpAddress partner_of(const config::LvsConfig& cfg) { return is_local(cfg.primary) ? cfg.backup : cfg.primary; }

FosApp::FosApp(Options opts, const config::LvsConfig& cfg, MonitorContext ctx, std::string shm_name)
    : opts_(std::move(opts)), ctx_(std::move(ctx)),
      core_(opts_.active ? Mode::Active : Mode::Monitor, services_of(cfg, ctx_)), status_(std::move(shm_name)) {}

void FosApp::perform(const Action& a, std::vector<Action>& more) {
    const auto now = Clock::now();
    switch (a.kind) {
        case Action::Kind::Log: log::logf(static_cast<log::Level>(a.level), "%s", a.text.c_str()); break;
        case Action::Kind::Run: {
            if (opts_.test_start) {
                LVS_LOG_NOTICE("test-start: not running %s", joined(a.argv).c_str());
                auto m = core_.on_command_exit(a.token, 0, now);
                more.insert(more.end(), m.begin(), m.end());
                break;
            }
            LVS_LOG_DEBUG("running %s", joined(a.argv).c_str());
            // Its own process group, so that a timeout kills what it started too.
            auto pid = proc::spawn(a.argv, proc::SpawnOptions{.die_with_parent = false, .new_process_group = true});
            if (!pid.ok()) {
                auto m = core_.on_spawn_failed(a.token, pid.error().message(), now);
                more.insert(more.end(), m.begin(), m.end());
                break;
            }
            children_[a.token] = {*pid, false};
            break;
        }
        case Action::Kind::Kill:
            if (auto it = children_.find(a.token); it != children_.end()) ::kill(-it->second.pid, SIGKILL);
            break;
        case Action::Kind::StartMonitor: {
            if (opts_.test_start) {
                LVS_LOG_NOTICE("test-start: not running %s", joined(a.argv).c_str());
                break;
            }
            auto pid = proc::spawn(a.argv);
            if (!pid.ok()) {
                auto m = core_.on_spawn_failed(a.token, pid.error().message(), now);
                more.insert(more.end(), m.begin(), m.end());
                break;
            }
            children_[a.token] = {*pid, true};
            LVS_LOG_NOTICE("Starting monitor for %s running as pid %d", a.text.c_str(), static_cast<int>(*pid));
            break;
        }
        case Action::Kind::StopMonitor:
            if (auto it = children_.find(a.token); it != children_.end()) ::kill(it->second.pid, SIGTERM);
            else {  // never started (test mode): it is gone already
                auto m = core_.on_monitor_exit(a.token, 0, now);
                more.insert(more.end(), m.begin(), m.end());
            }
            break;
        case Action::Kind::Exit:
            exit_code_ = a.code;
            ev::Loop::instance().stop();
            break;
    }
}

void FosApp::execute(std::vector<Action> actions) {
    while (!actions.empty()) {
        std::vector<Action> more;
        for (const auto& a : actions) perform(a, more);
        actions = std::move(more);
    }
    status_.publish(core_.mode(), core_.status());
    arm();
}

void FosApp::arm() {
    const auto due = core_.next_deadline();
    if (due == Clock::time_point::max()) return timer_->stop();
    const auto now = Clock::now();
    const auto wait = due > now ? std::chrono::ceil<Millis>(due - now) : Millis(0);
    timer_->start(wait, Millis(0));
}

void FosApp::on_child(int pid, int status) {
    for (auto it = children_.begin(); it != children_.end(); ++it) {
        if (it->second.pid != pid) continue;
        const auto token = it->first;
        const bool monitor = it->second.monitor;
        children_.erase(it);
        execute(monitor ? core_.on_monitor_exit(token, status, Clock::now())
                        : core_.on_command_exit(token, status, Clock::now()));
        return;
    }
    LVS_LOG_DEBUG("Child with pid %d died with status %d", pid, status);
}

void FosApp::reload() {
    auto loaded = config::load_config_file(opts_.config, config::system_parse_options());
    if (!loaded.ok() || !loaded->ok()) {
        LVS_LOG_ERROR("configuration %s not reloaded: the running services stay as they are", opts_.config.c_str());
        if (loaded.ok())
            for (const auto& d : loaded->diagnostics) LVS_LOG_ERROR("%s", d.format().c_str());
        return;
    }
    if (loaded->config.service != config::ServiceMode::Fos) {
        LVS_LOG_ERROR("configuration %s not reloaded: service is not \"fos\"", opts_.config.c_str());
        return;
    }
    execute(core_.on_reload(services_of(loaded->config, ctx_), Clock::now()));
}

int FosApp::run() {
    ev::Loop& loop = ev::Loop::instance();
    timer_ = loop.timer([this] { execute(core_.on_tick(Clock::now())); });
    status_timer_ = loop.timer([this] { status_.check(); });
    status_timer_->start(std::chrono::seconds(1), std::chrono::seconds(1));
    loop.on_signal(SIGTERM, [this] { execute(core_.on_terminate(SIGTERM, Clock::now())); });
    loop.on_signal(SIGINT, [this] { execute(core_.on_terminate(SIGINT, Clock::now())); });
    // Piranha's fos exited on SIGHUP, so a reload restarted the services or
    // failed them over; we re-read the configuration instead.
    loop.on_signal(SIGHUP, [this] { reload(); });
    std::signal(SIGPIPE, SIG_IGN);
    std::signal(SIGUSR1, SIG_IGN);
    std::signal(SIGUSR2, SIG_IGN);
    loop.on_child([this](int pid, int status) { on_child(pid, status); });
    LVS_LOG_NOTICE("fos starting in %s mode", opts_.active ? "active" : "monitor");
    execute(core_.start(Clock::now()));
    loop.run();
    status_.clear();
    return exit_code_;
}

}  // namespace lvs::fos
