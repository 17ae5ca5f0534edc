// SPDX-License-Identifier: GPL-2.0-or-later
// fos's decisions: which command or monitor runs next, deadlines, reload.
#include "fos/fos_core.h"

#include <sys/wait.h>

#include <algorithm>
#include <cstring>

#include "common/base/words.h"
#include "common/config/nanny_command.h"
#include "common/config/writer.h"

namespace lvs::fos {
namespace {

std::string describe(int status) {
    if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return "was killed by signal " + std::to_string(WTERMSIG(status));
    return "ended with wait status " + std::to_string(status);
}

bool succeeded(int status) { return WIFEXITED(status) && WEXITSTATUS(status) == 0; }

}  // namespace

const char* to_string(Cmd c) { return c == Cmd::Start ? "start_cmd" : "stop_cmd"; }

std::vector<Service> services_of(const config::LvsConfig& cfg, const MonitorContext& ctx) {
    std::vector<Service> out;
    for (const auto& fs : cfg.failovers) {
        if (!fs.active) continue;
        Service s;
        s.name = fs.name;
        s.target = fs.address.to_string() + ":" + std::to_string(fs.port);
        if (fs.start_cmd) s.start_cmd = split_command(*fs.start_cmd);
        if (fs.stop_cmd) s.stop_cmd = split_command(*fs.stop_cmd);
        s.monitor = config::nanny_argv(fs, config::FailoverCheck{ctx.partner},
                                       config::NannyOptions{ctx.nanny_path, ctx.foreground, ctx.verbose,
                                                            ctx.log_facility, ctx.log_level});
        s.cmd_timeout = fs.cmd_timeout;
        out.push_back(std::move(s));
    }
    return out;
}

void FosCore::log(std::vector<Action>& out, int level, std::string text) {
    out.push_back({Action::Kind::Log, 0, {}, level, std::move(text), 0});
}

FosCore::Entry* FosCore::by_token(std::uint64_t token) {
    for (auto& [name, e] : entries_)
        if (token != 0 && e.token == token) return &e;
    return nullptr;
}

void FosCore::queue_bring_up(Entry& e, const Service& s) {
    e.steps.push_back({Step::Kind::Run, Cmd::Stop, s});  // Piranha: stop first, whatever runs
    if (mode_ == Mode::Active) e.steps.push_back({Step::Kind::Run, Cmd::Start, s});
    else e.steps.push_back({Step::Kind::Monitor, Cmd::Stop, s});
}

void FosCore::queue_tear_down(Entry& e, std::vector<Action>& out) {
    e.steps.clear();
    if (e.monitoring && !e.stopping_monitor) {
        e.stopping_monitor = true;
        out.push_back({Action::Kind::StopMonitor, e.token, {}, 6, {}, 0});
    }
    const bool starting = e.token != 0 && !e.monitoring && e.cmd == Cmd::Start;
    if (mode_ == Mode::Active && (e.up || starting)) e.steps.push_back({Step::Kind::Run, Cmd::Stop, e.svc});
}

void FosCore::advance(Entry& e, std::vector<Action>& out, Clock::time_point now) {
    while (e.token == 0 && !e.steps.empty()) {
        Step s = std::move(e.steps.front());
        e.steps.pop_front();
        e.svc = s.svc;
        if (s.kind == Step::Kind::Monitor) {
            e.token = next_token_++;
            e.monitoring = true;
            e.stopping_monitor = false;
            out.push_back({Action::Kind::StartMonitor, e.token, e.svc.monitor, 6, e.svc.target, 0});
            return;
        }
        const auto& argv = s.cmd == Cmd::Start ? e.svc.start_cmd : e.svc.stop_cmd;
        if (argv.empty()) {
            if (s.cmd == Cmd::Start) log(out, 3, "failover " + e.svc.name + " has no start_cmd: not started");
            else e.up = e.started = false;
            continue;
        }
        log(out, 6, (s.cmd == Cmd::Start ? "Starting service " : "Stopping local service ") + e.svc.target +
                        " (" + e.svc.name + ")");
        e.token = next_token_++;
        e.monitoring = false;
        e.cmd = s.cmd;
        e.deadline = now + e.svc.cmd_timeout;
        e.killed = false;
        out.push_back({Action::Kind::Run, e.token, argv, 6, {}, 0});
    }
}

void FosCore::finish_if_idle(std::vector<Action>& out) {
    for (auto it = entries_.begin(); it != entries_.end();) {
        const bool idle = it->second.token == 0 && it->second.steps.empty();
        it = idle && it->second.removed ? entries_.erase(it) : std::next(it);
    }
    if (!shutting_down_ || exited_) return;
    for (const auto& [name, e] : entries_)
        if (e.token != 0 || !e.steps.empty()) return;
    exited_ = true;
    log(out, 5, "will now exit to notify pulse...");
    out.push_back({Action::Kind::Exit, 0, {}, 6, {}, exit_code_});
}

std::vector<Action> FosCore::start(Clock::time_point now) {
    std::vector<Action> out;
    for (const auto& s : wanted_) {
        Entry& e = entries_[s.name];
        e.svc = s;
        order_.push_back(s.name);
        queue_bring_up(e, s);
        advance(e, out, now);
    }
    return out;
}

std::vector<Action> FosCore::on_command_exit(std::uint64_t token, int status, Clock::time_point now) {
    std::vector<Action> out;
    Entry* e = by_token(token);
    if (!e || e->monitoring) return out;
    const auto& argv = e->cmd == Cmd::Start ? e->svc.start_cmd : e->svc.stop_cmd;
    const std::string what = std::string(to_string(e->cmd)) + " of " + e->svc.name + " (" +
                             (argv.empty() ? std::string("?") : argv.front()) + ") " +
                             (e->killed ? "timed out and " : "") + describe(status);
    if (e->cmd == Cmd::Stop) {
        e->up = e->started = false;
        log(out, succeeded(status) ? 6 : 4, what);
    } else {
        e->up = true;  // even a failed start may have left something to stop
        e->started = succeeded(status);
        if (e->started) log(out, 5, what + ": service " + e->svc.target + " started");
        else log(out, 3, "Failed to start service " + e->svc.target + "! " + what);
    }
    e->token = 0;
    advance(*e, out, now);
    finish_if_idle(out);
    return out;
}

std::vector<Action> FosCore::on_spawn_failed(std::uint64_t token, const std::string& why, Clock::time_point now) {
    std::vector<Action> out;
    Entry* e = by_token(token);
    if (!e) return out;
    log(out, 3, e->svc.name + ": " + why);
    if (e->monitoring) {  // no monitor, no failover signal: a local fault
        e->token = 0;
        e->monitoring = false;
        if (!shutting_down_) {
            shutting_down_ = true;
            for (auto& [n, x] : entries_) queue_tear_down(x, out);
            exit_code_ = 1;
        }
        finish_if_idle(out);
        return out;
    }
    auto more = on_command_exit(token, 127 << 8, now);
    out.insert(out.end(), more.begin(), more.end());
    return out;
}

std::vector<Action> FosCore::on_monitor_exit(std::uint64_t token, int status, Clock::time_point now) {
    std::vector<Action> out;
    Entry* e = by_token(token);
    if (!e || !e->monitoring) return out;
    e->token = 0;
    e->monitoring = false;
    if (e->stopping_monitor) {
        e->stopping_monitor = false;
        advance(*e, out, now);
        finish_if_idle(out);
        return out;
    }
    log(out, 4, "Monitor for service " + e->svc.target + " " + describe(status) +
                    ". This is a failover condition!");
    if (!shutting_down_) {
        failover_ = true;
        shutting_down_ = true;
        for (auto& [n, x] : entries_) queue_tear_down(x, out);
    }
    finish_if_idle(out);
    return out;
}

std::vector<Action> FosCore::on_terminate(int signum, Clock::time_point now) {
    std::vector<Action> out;
    if (shutting_down_) return out;
    log(out, 5, "Shutting down due to signal " + std::to_string(signum));
    shutting_down_ = true;
    for (auto& [n, e] : entries_) {
        queue_tear_down(e, out);
        advance(e, out, now);
    }
    finish_if_idle(out);
    return out;
}

std::vector<Action> FosCore::on_reload(std::vector<Service> services, Clock::time_point now) {
    std::vector<Action> out;
    if (shutting_down_) return out;
    int changed = 0;
    for (auto& [name, e] : entries_) {
        const std::string& nm = name;  // clang 14 cannot capture a structured binding
        const bool kept = std::any_of(services.begin(), services.end(), [&](const Service& s) { return s.name == nm; });
        if (!kept && !e.removed) {
            e.removed = true;
            ++changed;
            queue_tear_down(e, out);
            advance(e, out, now);
        }
    }
    order_.clear();
    for (const auto& s : services) {
        order_.push_back(s.name);
        auto it = entries_.find(s.name);
        if (it == entries_.end()) {
            Entry& e = entries_[s.name];
            e.svc = s;
            queue_bring_up(e, s);
            advance(e, out, now);
            ++changed;
            continue;
        }
        Entry& e = it->second;
        const Service& intended = e.steps.empty() ? e.svc : e.steps.back().svc;
        if (!e.removed && intended == s) continue;  // unchanged: left running
        e.removed = false;
        ++changed;
        queue_tear_down(e, out);
        queue_bring_up(e, s);
        advance(e, out, now);
    }
    wanted_ = std::move(services);
    log(out, 5, "configuration reloaded: " + std::to_string(changed) + " service(s) added, changed or removed");
    finish_if_idle(out);
    return out;
}

std::vector<Action> FosCore::on_tick(Clock::time_point now) {
    std::vector<Action> out;
    for (auto& [name, e] : entries_) {
        if (e.token == 0 || e.monitoring || e.killed || now < e.deadline) continue;
        e.killed = true;
        log(out, 3, std::string(to_string(e.cmd)) + " of " + name + " did not finish within " +
                        config::format_duration(e.svc.cmd_timeout) + " s: killing its process group");
        out.push_back({Action::Kind::Kill, e.token, {}, 6, {}, 0});
    }
    return out;
}

Clock::time_point FosCore::next_deadline() const {
    auto t = Clock::time_point::max();
    for (const auto& [name, e] : entries_)
        if (e.token != 0 && !e.monitoring && !e.killed) t = std::min(t, e.deadline);
    return t;
}

std::vector<std::string> FosCore::running() const {
    std::vector<std::string> out;
    for (const auto& name : order_)
        if (auto it = entries_.find(name); it != entries_.end() && it->second.started) out.push_back(name);
    return out;
}

std::vector<ServiceStatus> FosCore::status() const {
    using shm::FosState;
    std::vector<ServiceStatus> out;
    for (const auto& name : order_) {
        const auto it = entries_.find(name);
        if (it == entries_.end()) continue;
        const Entry& e = it->second;
        FosState st = FosState::Stopped;
        if (e.token != 0 && e.monitoring) st = e.stopping_monitor ? FosState::Stopping : FosState::Monitoring;
        else if (e.token != 0) st = e.cmd == Cmd::Start ? FosState::Starting : FosState::Stopping;
        else if (e.started) st = FosState::Running;
        else if (e.up) st = FosState::Failed;                   // its start_cmd failed
        else if (!e.steps.empty()) st = FosState::Stopping;
        else if (mode_ == Mode::Active && !shutting_down_) st = FosState::Failed;  // no start_cmd: never started
        out.push_back({name, st});
    }
    return out;
}

shm::FosRecord fos_record(std::int32_t pid, Mode mode, const std::vector<ServiceStatus>& services) {
    shm::FosRecord r{};
    r.pid = pid;
    r.mode = mode == Mode::Active ? 1 : 2;
    r.services = static_cast<std::uint32_t>(std::min<std::size_t>(services.size(), shm::kMaxFosServices));
    for (std::uint32_t i = 0; i < r.services; ++i) {
        const std::string& n = services[i].name;
        std::memcpy(r.service[i].name, n.data(), std::min(n.size(), sizeof r.service[i].name - 1));
        r.service[i].state = services[i].state;
    }
    return r;
}

}  // namespace lvs::fos
