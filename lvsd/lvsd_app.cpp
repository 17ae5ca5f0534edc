// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd: wiring of the reconciler to the kernel and to signals.
#include "lvsd/lvsd_app.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <ctime>

#include "common/base/exit_codes.h"
#include "common/config/parser.h"
#include "common/log/logger.h"
#include "common/proc/spawn.h"
#include "common/status/render.h"
#include "lvsd/reconcile.h"
#include "lvsd/status_records.h"

namespace lvs::lvsd {
LvsdApp::LvsdApp(Options opts, config::LvsConfig cfg, std::unique_ptr<ipvs::IpvsClient> ipvs,
                 std::unique_ptr<shm::StatusTable> table, NannyContext nannies, std::string metrics_listen)
    : opts_(std::move(opts)), cfg_(std::move(cfg)), ipvs_(std::move(ipvs)), table_(std::move(table)),
      child_ports_(proc::make_system_ports([this] { nannies_.on_alarm(); })),
      nannies_(*table_, nannies, *child_ports_),
      metrics_listen_(std::move(metrics_listen)) {
    shm_name_ = nannies.shm_name;
    shm_gid_ = nannies.shm_gid;
}

// The status segment was removed underneath us (rm /dev/shm/lvs): create
// it again (or, under pulse, attach to the one pulse creates), republish,
// and restart the nannies so they write to it. The kernel table is not
// touched: restarted nannies report Unknown, which keeps entries as they are.
void LvsdApp::check_segment() {
    if (!table_->is_stale()) return;
    const std::uint32_t slots = table_->rs_slots();
    auto t = opts_.attach_shm ? shm::StatusTable::open(shm_name_)
                              : shm::StatusTable::create(shm_name_, slots, nullptr, shm_gid_);
    if (!t.ok() || (*t)->rs_slots() < slots) {
        if (!segment_lost_)
            LVS_LOG_WARN("status segment /dev/shm/%s was removed; waiting for pulse to create it again",
                         shm_name_.c_str());
        segment_lost_ = true;
        return;
    }
    LVS_LOG_WARN("status segment /dev/shm/%s was removed underneath lvsd: %s; restarting the nannies",
                 shm_name_.c_str(), opts_.attach_shm ? "attached to the new one" : "created again");
    segment_lost_ = false;
    table_ = std::move(*t);
    nannies_.reattach(*table_);
    published_.clear();
    table_->lvsd().publish(rec_);
}

// `part` is the whole desired table, or (`only` set) just the services a
// verdict changed; the others keep what they had.
void LvsdApp::publish_status(const DesiredTable& part, const std::set<ipvs::ServiceKey>* only) {
    if (!only) {
        desired_ = part;
    } else {
        for (const auto& s : part.services)
            for (auto& d : desired_.services)
                if (d.service.key == s.service.key) d = s;
    }
    rec_.services = static_cast<std::uint32_t>(desired_.services.size());
    std::uint32_t dests = 0;
    for (const auto& s : desired_.services)
        for (const auto& d : s.dests) dests += d.presence == Presence::Present;
    rec_.destinations = dests;
    rec_.nanny_restarts = nannies_.restarts_total();
    const auto slots = nannies_.slots();
    std::uint32_t running = 0;
    for (const auto& si : slots) running += si.pid > 0;
    rec_.nannies = running;
    table_->lvsd().publish(rec_);
    std::vector<std::uint32_t> now;
    for (const auto& [slot, r] : dest_records(part, cache_, slots, cfg_, only)) {
        table_->dest(slot).publish(r);
        now.push_back(slot);
    }
    if (only) return;  // the same nannies as before: nothing to clear
    std::sort(now.begin(), now.end());
    for (auto slot : published_)
        if (!std::binary_search(now.begin(), now.end(), slot)) table_->dest(slot).publish(shm::DestRecord{});
    published_ = std::move(now);
}

void LvsdApp::on_child(int pid, int status) {
    if (!nannies_.on_exit(pid, status)) return;
    if (nannies_.given_up() > 0 && cfg_.hard_shutdown) {
        LVS_LOG_ERROR("nanny died! shutting down lvs (hard_shutdown = 1)");
        exit_status_ = kExitFailure;
        shutdown(0);
        return;
    }
    reconcile(Trigger::NannyExit);
}

void LvsdApp::apply_timeouts() {
    if (cfg_.tcp_timeout == 0 && cfg_.tcpfin_timeout == 0 && cfg_.udp_timeout == 0) return;
    auto cur = ipvs_->get_timeouts();
    if (!cur.ok()) {
        LVS_LOG_ERROR("cannot read IPVS timeouts: %s", cur.error().message().c_str());
        return;
    }
    ipvs::Timeouts want = *cur;
    if (cfg_.tcp_timeout) want.tcp = static_cast<std::uint32_t>(cfg_.tcp_timeout);
    if (cfg_.tcpfin_timeout) want.tcp_fin = static_cast<std::uint32_t>(cfg_.tcpfin_timeout);
    if (cfg_.udp_timeout) want.udp = static_cast<std::uint32_t>(cfg_.udp_timeout);
    if (want == *cur) return;
    if (auto s = ipvs_->set_timeouts(want); !s.ok())
        LVS_LOG_ERROR("ipvsadm failed to set timeouts (%d %d %d): %s", cfg_.tcp_timeout, cfg_.tcpfin_timeout,
                      cfg_.udp_timeout, s.error().message().c_str());
    else
        LVS_LOG_NOTICE("IPVS timeouts set to tcp %u tcpfin %u udp %u", want.tcp, want.tcp_fin, want.udp);
}

void LvsdApp::reload() {
    LVS_LOG_NOTICE("rereading configuration file");
    auto loaded = config::load_config_file(opts_.config, config::system_parse_options());
    if (!loaded.ok()) {
        LVS_LOG_ERROR("lvs: failed to open %s: %s; the running configuration stays in force",
                      opts_.config.c_str(), loaded.error().message().c_str());
        ++rec_.reload_failures;
        table_->lvsd().publish(rec_);
        return;
    }
    for (const auto& d : loaded->diagnostics)
        log::logf(d.severity == config::Severity::Error ? log::Level::Error : log::Level::Warning, "%s",
                  d.format().c_str());
    if (!loaded->ok()) {
        LVS_LOG_ERROR("configuration %s not reloaded: the running configuration stays in force",
                      opts_.config.c_str());
        ++rec_.reload_failures;
        table_->lvsd().publish(rec_);
        return;
    }
    if (!nannies_.sync(loaded->config)) {
        LVS_LOG_ERROR("configuration %s not reloaded: too many real servers for the status table; "
                      "restart lvsd", opts_.config.c_str());
        ++rec_.reload_failures;
        table_->lvsd().publish(rec_);
        return;
    }
    const auto old_keys = service_keys(desired_table(cfg_, {}));
    cfg_ = std::move(loaded->config);
    const auto new_keys = service_keys(desired_table(cfg_, {}));
    for (const auto& k : old_keys)
        if (!new_keys.count(k)) retired_.insert(k);
    periodic_->start(cfg_.reconcile_interval, cfg_.reconcile_interval);
    ++rec_.reloads;
    rec_.last_reload_real_s = static_cast<std::int64_t>(std::time(nullptr));
    apply_timeouts();
    reconcile(Trigger::Reload);
}

void LvsdApp::shutdown(int signum) {
    if (signum) LVS_LOG_NOTICE("shutting down due to signal %d", signum);
    nannies_.stop_all();
    if (leave_table_) {
        metrics_.reset();
        rec_ = shm::LvsdRecord{};
        table_->lvsd().publish(rec_);
        ev::Loop::instance().stop();
        return;
    }
    std::vector<ipvs::Op> ops;
    for (const auto& k : service_keys(desired_table(cfg_, {}))) ops.push_back(ipvs::Op::delete_service(k));
    auto r = ipvs_->apply(ops);
    if (r.ok()) {
        for (std::size_t i = 0; i < ops.size(); ++i) {
            if ((*r)[i].ok()) LVS_LOG_INFO("ipvs: %s", ipvs::to_string(ops[i]).c_str());
            else if ((*r)[i].error().code != ErrorCode::NotFound)
                LVS_LOG_ERROR("ipvs: %s failed: %s", ipvs::to_string(ops[i]).c_str(),
                              (*r)[i].error().message().c_str());
        }
    }
    metrics_.reset();
    rec_ = shm::LvsdRecord{};
    table_->lvsd().publish(rec_);
    for (auto slot : published_) table_->dest(slot).publish(shm::DestRecord{});
    published_.clear();
    ev::Loop::instance().stop();
}

int LvsdApp::run() {
    ev::Loop& loop = ev::Loop::instance();
    loop.on_signal(SIGHUP, [this] { reload(); });
    loop.on_signal(SIGTERM, [this] { shutdown(SIGTERM); });
    loop.on_signal(SIGINT, [this] { shutdown(SIGINT); });
    // SIGUSR1 is the nannies' doorbell: a verdict changed in the status table.
    loop.on_signal(SIGUSR1, [this] { reconcile(Trigger::Health); });
    // SIGUSR2 (pulse's death, or an operator): stop, leaving the kernel
    // table as it is for the next lvsd to adopt. (Piranha's lvsd simply
    // died on it.)
    loop.on_signal(SIGUSR2, [this] {
        LVS_LOG_NOTICE("SIGUSR2 (pulse gone?): stopping, the IPVS table stays for the next lvsd");
        leave_table_ = true;
        shutdown(0);
    });
    loop.on_child([this](int pid, int status) { on_child(pid, status); });
    std::signal(SIGPIPE, SIG_IGN);
    periodic_ = loop.timer([this] { reconcile(Trigger::Periodic); });
    periodic_->start(cfg_.reconcile_interval, cfg_.reconcile_interval);
    for (const auto& vs : cfg_.virtuals)
        if (vs.active) LVS_LOG_INFO("starting virtual service %s active: %u", vs.name.c_str(), vs.port);
    rec_.pid = static_cast<std::int32_t>(::getpid());
    rec_.started_real_s = static_cast<std::int64_t>(std::time(nullptr));
    table_->lvsd().publish(rec_);
    // On its own (no pulse), lvsd serves the metrics endpoint.
    auto server = status::HttpServer::start(metrics_listen_, [this](const std::string& path) -> std::string {
        if (path != "/metrics") return {};
        return status::render_metrics(status::read_snapshot(*table_));
    });
    if (!server.ok()) LVS_LOG_WARN("%s", server.error().message().c_str());
    else if (*server) metrics_ = std::move(*server), LVS_LOG_INFO("metrics on http://%s/metrics", metrics_listen_.c_str());
    apply_timeouts();
    // The table first (services, and servers with initial_state = up), then
    // the nannies: thousands of process starts must not delay it.
    nannies_.sync(cfg_, true);
    reconcile(Trigger::Start);
    nannies_.start_pending(cfg_);
    loop.run();
    return exit_status_;
}

}  // namespace lvs::lvsd
