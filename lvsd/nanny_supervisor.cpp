// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd's nanny fleet.
#include "lvsd/nanny_supervisor.h"

#include <algorithm>
#include <csignal>

#include "common/config/nanny_command.h"
#include "common/log/logger.h"

namespace lvs::lvsd {
namespace {

std::vector<std::string> nanny_argv(const config::LvsConfig& cfg, const config::VirtualServer& vs,
                                    const config::RealServer& rs, std::uint32_t slot, const NannyContext& ctx) {
    return config::nanny_argv(vs, config::RealServerCheck{&cfg, &rs, ctx.shm_name, slot},
                              config::NannyOptions{ctx.nanny_path, ctx.foreground, ctx.verbose, ctx.log_facility,
                                                   ctx.log_level});
}

std::string describe(const ServerKey& key) {
    return ipvs::to_string(key.first) + " -> " + key.second.addr.to_string() + ":" + std::to_string(key.second.port);
}

}  // namespace

NannySupervisor::NannySupervisor(shm::StatusTable& table, NannyContext ctx, proc::ChildPorts& ports)
    : table_(&table), ctx_(std::move(ctx)),
      set_(ports, proc::ChildSet::Handlers{
                      .started = [this](proc::ChildId id, pid_t pid) { on_started(id, pid); },
                      .exited = [this](proc::ChildId id, pid_t, const proc::Decision& d,
                                       const Error* e) { on_exited(id, d, e); },
                      .all_stopped = nullptr}),
      used_(table.rs_slots(), false) {}

void NannySupervisor::reset_slot(std::uint32_t slot) { table_->rs(slot).publish(shm::RealServerRecord{}); }

// A real server whose nanny could not be kept running: down, no outcome.
void NannySupervisor::publish_down(std::uint32_t slot) {
    shm::RealServerRecord down{};
    down.state = shm::RsState::Down;
    down.last_outcome = shm::ProbeOutcome::None;
    table_->rs(slot).publish(down);
}

NannySupervisor::Entry* NannySupervisor::entry_of(proc::ChildId id, const ServerKey** key) {
    auto k = keys_.find(id);
    if (k == keys_.end()) return nullptr;
    auto e = entries_.find(k->second);
    if (e == entries_.end()) return nullptr;
    *key = &e->first;
    return &e->second;
}

void NannySupervisor::on_started(proc::ChildId id, pid_t pid) {
    const ServerKey* key = nullptr;
    Entry* e = entry_of(id, &key);
    if (!e) return;
    if (!e->pending) e->assume_up = false;  // a restarted nanny's Unknown keeps the entry as it is
    e->pending = false;
    e->gave_up = false;
    LVS_LOG_INFO("create_monitor for %s -> %s:%u running as pid %d", ipvs::to_string(key->first).c_str(),
                 key->second.addr.to_string().c_str(), key->second.port, static_cast<int>(pid));
}

void NannySupervisor::on_exited(proc::ChildId id, const proc::Decision& d, const Error* spawn_error) {
    const ServerKey* key = nullptr;
    Entry* e = entry_of(id, &key);
    if (!e) return;
    if (spawn_error) {
        LVS_LOG_ERROR("cannot start nanny for %s: %s: giving up", ipvs::to_string(key->first).c_str(),
                      spawn_error->message().c_str());
        e->pending = false;
        e->gave_up = true;
        ++given_up_;
        return;
    }
    LVS_LOG_WARN("nanny for %s exited with status %d", describe(*key).c_str(), d.status.code);
    if (d.kind == proc::Decision::Kind::Restart) return;
    LVS_LOG_ERROR("nanny for %s cannot be kept running: real server marked down", describe(*key).c_str());
    publish_down(e->slot);
    e->gave_up = true;
    ++given_up_;
}

void NannySupervisor::add(const ServerKey& key, Entry e, std::vector<std::string> argv, bool start_now) {
    e.id = set_.add(proc::ChildSpec{.argv = std::move(argv), .spawn = {}, .policy = {}}, false);
    keys_.emplace(e.id, key);
    const proc::ChildId id = e.id;
    entries_.emplace_hint(entries_.end(), key, std::move(e));
    if (start_now) set_.start(id);
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
        set_.remove(it->second.id);
        keys_.erase(it->second.id);
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
            add(key, std::move(e), defer ? std::vector<std::string>{} : nanny_argv(cfg, *p.first, *p.second, slot, ctx_),
                !defer);
            continue;
        }
        Entry& e = it->second;
        auto argv = nanny_argv(cfg, *p.first, *p.second, e.slot, ctx_);
        if (argv == set_.argv(e.id)) continue;  // unchanged: keep its health and process
        e.weighted = config::nanny_drives_weight(*p.first);
        set_.set_argv(e.id, std::move(argv));  // a running nanny is restarted with it at once
        if (e.gave_up) set_.start(e.id);       // a new check may work where the old one could not
    }
    return true;
}

std::vector<NannySupervisor::SlotInfo> NannySupervisor::slots() const {
    std::vector<SlotInfo> out;
    for (const auto& [key, e] : entries_)
        out.push_back({key, e.slot, set_.pid(e.id), set_.history(e.id).streak, e.gave_up});
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
        set_.restart(e.id);  // it starts again at once, on the new segment
    }
}

void NannySupervisor::stop_all() { set_.stop_all(std::chrono::seconds(10)); }

void NannySupervisor::start_pending(const config::LvsConfig& cfg) {
    for (auto& [key, e] : entries_) {
        if (!e.pending) continue;
        if (set_.argv(e.id).empty()) {
            const auto& vs = cfg.virtuals[e.vs_index];
            set_.set_argv(e.id, nanny_argv(cfg, vs, vs.servers[e.rs_index], e.slot, ctx_));
        }
        set_.start(e.id);
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
