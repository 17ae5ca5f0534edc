// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd's nanny fleet.
#include "lvsd/nanny_supervisor.h"

#include <sys/wait.h>

#include <algorithm>
#include <csignal>

#include "common/base/exit_codes.h"
#include "common/config/nanny_command.h"
#include "common/log/logger.h"

namespace lvs::lvsd {
namespace {

constexpr auto kStableRun = std::chrono::seconds(60);
constexpr int kMaxRestarts = 10;

std::vector<std::string> nanny_argv(const config::LvsConfig& cfg, const config::VirtualServer& vs,
                                    const config::RealServer& rs, std::uint32_t slot, const NannyContext& ctx) {
    return config::nanny_argv(vs, config::RealServerCheck{&cfg, &rs, ctx.shm_name, slot},
                              config::NannyOptions{ctx.nanny_path, ctx.foreground, ctx.verbose});
}

}  // namespace

std::chrono::milliseconds restart_delay(int n) {
    long long ms = 100;
    for (int i = 1; i < n && ms < 30000; ++i) ms *= 2;
    return std::chrono::milliseconds(std::min(ms, 30000LL));
}

NannySupervisor::NannySupervisor(shm::StatusTable& table, NannyContext ctx, Spawn spawn, Kill kill,
                                 Schedule schedule)
    : table_(&table), ctx_(std::move(ctx)), spawn_(std::move(spawn)), kill_(std::move(kill)),
      schedule_(std::move(schedule)), used_(table.rs_slots(), false) {}

void NannySupervisor::reset_slot(std::uint32_t slot) { table_->rs(slot).publish(shm::RealServerRecord{}); }

// A real server whose nanny could not be kept running: down, no outcome.
void NannySupervisor::publish_down(std::uint32_t slot) {
    shm::RealServerRecord down{};
    down.state = shm::RsState::Down;
    down.last_outcome = shm::ProbeOutcome::None;
    table_->rs(slot).publish(down);
}

void NannySupervisor::start(const ServerKey& key, Entry& e) {
    if (!e.pending) e.assume_up = false;  // a restarted nanny's Unknown keeps the entry as it is
    e.pending = false;
    e.pid = spawn_(e.argv);
    e.started = std::chrono::steady_clock::now();
    if (e.pid < 0) {
        LVS_LOG_ERROR("cannot start nanny for %s: giving up", ipvs::to_string(key.first).c_str());
        e.gave_up = true;
        ++given_up_;
        return;
    }
    LVS_LOG_INFO("create_monitor for %s -> %s:%u running as pid %d", ipvs::to_string(key.first).c_str(),
                 key.second.addr.to_string().c_str(), key.second.port, static_cast<int>(e.pid));
}

bool NannySupervisor::sync(const config::LvsConfig& cfg, bool defer) {
    std::map<ServerKey, std::pair<const config::VirtualServer*, const config::RealServer*>> want;
    if (cfg.service == config::ServiceMode::Lvs)
        for (const auto& vs : cfg.virtuals)
            if (vs.active)
                for (const auto& rs : vs.servers)
                    if (rs.active) want.emplace(ServerKey{service_key(vs), {rs.address, rs.port}}, std::make_pair(&vs, &rs));
    std::size_t fresh = 0;
    for (const auto& [k, v] : want) fresh += !entries_.count(k);
    std::size_t free_slots = 0;
    for (bool u : used_) free_slots += !u;
    if (fresh > free_slots) {
        LVS_LOG_ERROR("status table has %zu free slots, %zu nannies needed", free_slots, fresh);
        return false;
    }
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (want.count(it->first)) { ++it; continue; }
        if (it->second.pid > 0) kill_(it->second.pid, SIGTERM);
        used_[it->second.slot] = false;
        first_free_ = std::min(first_free_, it->second.slot);
        reset_slot(it->second.slot);
        it = entries_.erase(it);
    }
    for (const auto& [key, p] : want) {
        auto it = entries_.find(key);
        if (it == entries_.end()) {
            while (used_[first_free_]) ++first_free_;  // enough free slots were counted above
            const std::uint32_t slot = first_free_;
            used_[slot] = true;
            reset_slot(slot);
            Entry e;
            e.slot = slot;
            e.weighted = config::nanny_drives_weight(*p.first);
            e.assume_up = p.first->initial_state == config::InitialState::Up;
            e.pending = true;
            // Deferred, the command line waits for start_pending(): thousands
            // of them must not hold back the first table.
            e.vs_index = static_cast<std::size_t>(p.first - cfg.virtuals.data());
            e.rs_index = static_cast<std::size_t>(p.second - p.first->servers.data());
            if (!defer) e.argv = nanny_argv(cfg, *p.first, *p.second, slot, ctx_);
            auto& placed = entries_.emplace_hint(entries_.end(), key, std::move(e))->second;
            if (!defer) start(key, placed);
            continue;
        }
        auto argv = nanny_argv(cfg, *p.first, *p.second, it->second.slot, ctx_);
        if (argv == it->second.argv) continue;  // unchanged: keep its health and process
        it->second.argv = std::move(argv);
        it->second.weighted = config::nanny_drives_weight(*p.first);
        if (it->second.pid > 0) kill_(it->second.pid, SIGTERM);  // restarted by on_exit
        else start(key, it->second);
    }
    return true;
}

bool NannySupervisor::on_exit(pid_t pid, int status, std::chrono::steady_clock::time_point now) {
    for (auto& [key, e] : entries_) {
        if (e.pid != pid) continue;
        e.pid = -1;
        const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        LVS_LOG_WARN("nanny for %s -> %s:%u exited with status %d", ipvs::to_string(key.first).c_str(),
                     key.second.addr.to_string().c_str(), key.second.port, code);
        if (now - e.started > kStableRun) e.restarts = 0;
        if (code == kExitConfig || code == kExitUsage || code == kExitPermission || ++e.restarts > kMaxRestarts) {
            LVS_LOG_ERROR("nanny for %s -> %s:%u cannot be kept running: real server marked down",
                          ipvs::to_string(key.first).c_str(), key.second.addr.to_string().c_str(), key.second.port);
            publish_down(e.slot);
            e.gave_up = true;
            ++given_up_;
            return true;
        }
        const ServerKey k = key;
        ++restarts_total_;
        schedule_(restart_delay(e.restarts), [this, k] {
            auto it = entries_.find(k);
            if (it != entries_.end() && it->second.pid < 0 && !it->second.gave_up) start(k, it->second);
        });
        return true;
    }
    return false;
}

std::vector<NannySupervisor::SlotInfo> NannySupervisor::slots() const {
    std::vector<SlotInfo> out;
    for (const auto& [key, e] : entries_) out.push_back({key, e.slot, e.pid, e.restarts, e.gave_up});
    return out;
}

void NannySupervisor::reattach(shm::StatusTable& table) {
    table_ = &table;
    for (auto& [key, e] : entries_) {
        if (e.gave_up) {
            publish_down(e.slot);
            continue;
        }
        reset_slot(e.slot);
        if (e.pid > 0) {
            kill_(e.pid, SIGTERM);  // on_exit starts it again, on the new segment
        }
    }
}

void NannySupervisor::stop_all() {
    for (auto& [key, e] : entries_)
        if (e.pid > 0) kill_(e.pid, SIGTERM);
}

void NannySupervisor::start_pending(const config::LvsConfig& cfg) {
    for (auto& [key, e] : entries_) {
        if (!e.pending) continue;
        if (e.argv.empty()) {
            const auto& vs = cfg.virtuals[e.vs_index];
            e.argv = nanny_argv(cfg, vs, vs.servers[e.rs_index], e.slot, ctx_);
        }
        start(key, e);
    }
}

ServerHealth NannySupervisor::read_health(const Entry& e) const {
    ServerHealth sh;
    shm::RealServerRecord r{};
    if (!table_->rs(e.slot).read(r)) return sh;  // torn for too long: Unknown keeps the entry as it is
    switch (r.state) {  // a value no nanny writes stays Unknown
        case shm::RsState::Up:
        case shm::RsState::Down:
        case shm::RsState::Drained:
        case shm::RsState::ForcedUp: sh.health = r.state; break;
        // initial_state = up: up until the first nanny's first verdict.
        case shm::RsState::Unknown: sh.health = e.assume_up ? shm::RsState::Up : shm::RsState::Unknown; break;
    }
    sh.weight = e.weighted ? r.weight : -1;  // -1: the configured weight
    sh.verdict_seq = r.verdict_seq;
    sh.verdict_mono_ns = r.verdict_mono_ns;
    return sh;
}

HealthDelta NannySupervisor::refresh(HealthMap& health) const {
    HealthDelta d;
    auto note = [&d](const ServerKey& key, const ServerHealth& was, const ServerHealth& now) {
        if (now.health != was.health || now.weight != was.weight) d.services.insert(key.first);
        if (now.verdict_seq != was.verdict_seq && now.verdict_mono_ns > 0 &&
            (d.oldest_verdict_ns == 0 || now.verdict_mono_ns < d.oldest_verdict_ns))
            d.oldest_verdict_ns = now.verdict_mono_ns;
    };
    bool same_keys = health.size() == entries_.size();
    auto h = health.begin();
    for (auto e = entries_.begin(); same_keys && e != entries_.end(); ++h, ++e) same_keys = h->first == e->first;
    if (same_keys) {  // the usual case: update in place, no allocation
        h = health.begin();
        for (const auto& [key, e] : entries_) {
            const ServerHealth now = read_health(e);
            note(key, h->second, now);
            (h++)->second = now;
        }
        return d;
    }
    d.rebuilt = true;  // servers came or went (start, reload): everything may differ
    HealthMap fresh;
    for (const auto& [key, e] : entries_) {
        const ServerHealth now = read_health(e);
        auto old = health.find(key);
        note(key, old == health.end() ? ServerHealth{} : old->second, now);
        fresh.emplace_hint(fresh.end(), key, now);
    }
    health = std::move(fresh);
    return d;
}

HealthMap NannySupervisor::health() const {
    HealthMap h;
    refresh(h);
    return h;
}

}  // namespace lvs::lvsd
