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
namespace {
// Larger batches (a cold start of a big table) log a summary only.
constexpr std::size_t kLogEachOps = 64;
}  // namespace

LvsdApp::LvsdApp(Options opts, config::LvsConfig cfg, std::unique_ptr<ipvs::IpvsClient> ipvs,
                 std::unique_ptr<shm::StatusTable> table, NannyContext nannies, std::string metrics_listen)
    : opts_(std::move(opts)), cfg_(std::move(cfg)), ipvs_(std::move(ipvs)), table_(std::move(table)),
      nannies_(
          *table_, nannies,
          [](const std::vector<std::string>& argv) -> pid_t {
              auto pid = proc::spawn(argv);
              if (!pid.ok()) LVS_LOG_ERROR("%s", pid.error().message().c_str());
              return pid.ok() ? *pid : -1;
          },
          [](pid_t pid, int sig) { ::kill(pid, sig); },
          [this](std::chrono::milliseconds after, std::function<void()> fn) {
              timers_.push_back(ev::Loop::instance().timer(std::move(fn)));
              timers_.back()->start(after, std::chrono::milliseconds(0));
          }),
      metrics_listen_(std::move(metrics_listen)) {
    shm_name_ = nannies.shm_name;
}

// The status segment was removed underneath us (rm /dev/shm/lvs): create
// it again (or, under pulse, attach to the one pulse creates), republish,
// and restart the nannies so they write to it. The kernel table is not
// touched: restarted nannies report Unknown, which keeps entries as they are.
void LvsdApp::check_segment() {
    if (!table_->is_stale()) return;
    const std::uint32_t slots = table_->rs_slots();
    auto t = opts_.attach_shm ? shm::StatusTable::open(shm_name_) : shm::StatusTable::create(shm_name_, slots);
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
    if (!nannies_.on_exit(pid, status, std::chrono::steady_clock::now())) return;
    if (nannies_.given_up() > 0 && cfg_.hard_shutdown) {
        LVS_LOG_ERROR("nanny died! shutting down lvs (hard_shutdown = 1)");
        exit_status_ = kExitFailure;
        shutdown(0);
        return;
    }
    reconcile("nanny");
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

void LvsdApp::reconcile(const char* why) {
    check_segment();
    ++rec_.reconciles;
    const auto t0 = std::chrono::steady_clock::now();
    const std::string reason(why);
    // A nanny's verdict (or exit) works from the table as lvsd left it;
    // every other run (start, reload, periodic drift check) reads the kernel's.
    const bool from_cache = cache_valid_ && (reason == "health" || reason == "nanny");
    if (!from_cache) {
        auto dumped = ipvs_->dump();
        if (!dumped.ok()) {
            cache_valid_ = false;
            ++rec_.operation_errors;
            table_->lvsd().publish(rec_);
            LVS_LOG_ERROR("cannot read the IPVS table: %s", dumped.error().message().c_str());
            return;
        }
        cache_ = std::move(*dumped);
        cache_valid_ = true;
    }
    const std::vector<ipvs::ServiceWithDests>* observed = &cache_;
    const HealthDelta delta = nannies_.refresh(health_);
    // A verdict only concerns its own service: recompute and compare just
    // the services whose servers changed (the rest matched after the last run).
    const bool partial = from_cache && reason == "health" && !delta.rebuilt;
    const std::set<ipvs::ServiceKey>* only = partial ? &delta.services : nullptr;
    if (partial && delta.services.empty()) return;
    const auto desired = desired_table(cfg_, health_, only);
    const auto ops = lvsd::reconcile(desired, *observed, partial ? std::set<ipvs::ServiceKey>{} : retired_);
    const std::int64_t verdict_ns = delta.oldest_verdict_ns;
    if (ops.empty()) {
        LVS_LOG_DEBUG("reconcile (%s): table matches", why);
        publish_status(desired, only);
        return;
    }
    auto results = ipvs_->apply(ops);
    if (!results.ok()) {
        cache_valid_ = false;
        ++rec_.operation_errors;
        table_->lvsd().publish(rec_);
        LVS_LOG_ERROR("IPVS update failed: %s", results.error().message().c_str());
        return;
    }
    std::size_t failed = 0;
    const bool each = ops.size() <= kLogEachOps;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if ((*results)[i].ok()) {
            if (each) LVS_LOG_INFO("ipvs: %s", ipvs::to_string(ops[i]).c_str());
            else if (log::level() >= log::Level::Debug) LVS_LOG_DEBUG("ipvs: %s", ipvs::to_string(ops[i]).c_str());
        } else {
            ++failed;
            LVS_LOG_ERROR("ipvs: %s failed: %s", ipvs::to_string(ops[i]).c_str(),
                          (*results)[i].error().message().c_str());
        }
    }
    // The kernel refused something: it is not what we think; read it next time.
    std::vector<bool> done(ops.size());
    for (std::size_t i = 0; i < ops.size(); ++i) done[i] = (*results)[i].ok();
    if (failed > 0) cache_valid_ = false;
    else apply_to_observed(cache_, ops, done);
    rec_.operations += ops.size();
    rec_.operation_errors += failed;
    if (reason == "periodic" || reason == "drift") ++rec_.drift_repairs;
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(us);
    rec_.last_reconcile_us = us.count();
    if (verdict_ns > 0) {
        const std::int64_t now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::steady_clock::now().time_since_epoch())
                                        .count();
        rec_.last_verdict_to_kernel_us = std::max<std::int64_t>(0, (now_ns - verdict_ns) / 1000);
        rec_.max_verdict_to_kernel_us = std::max(rec_.max_verdict_to_kernel_us, rec_.last_verdict_to_kernel_us);
        LVS_LOG_NOTICE("reconcile (%s): %zu operations, %zu failed, %lld ms; verdict to kernel %.1f ms", why,
                       ops.size(), failed, static_cast<long long>(ms.count()),
                       static_cast<double>(rec_.last_verdict_to_kernel_us) / 1000.0);
    } else {
        LVS_LOG_NOTICE("reconcile (%s): %zu operations, %zu failed, %lld ms", why, ops.size(), failed,
                       static_cast<long long>(ms.count()));
    }
    if (reason == "start") {
        const auto since = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                                  opts_.started);
        LVS_LOG_NOTICE("ready: table programmed %lld ms after start", static_cast<long long>(since.count()));
        rec_.ready_ms = since.count();
    }
    publish_status(desired, only);
    // Services whose retirement succeeded are gone; forget them.
    for (auto it = retired_.begin(); it != retired_.end();) {
        bool still = false;
        for (const auto& s : *observed) still |= s.service.key == *it;
        it = still ? std::next(it) : retired_.erase(it);
    }
    // Refused against the remembered table: someone changed the kernel's
    // (ipvsadm -C, say). Read it and repair now rather than at the next
    // periodic run.
    if (failed > 0 && from_cache) reconcile("drift");
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
    reconcile("reload");
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
    loop.on_signal(SIGUSR1, [this] { reconcile("health"); });
    // SIGUSR2 (pulse's death, or an operator): stop, leaving the kernel
    // table as it is for the next lvsd to adopt. (Piranha's lvsd simply
    // died on it, §11.3 #26.)
    loop.on_signal(SIGUSR2, [this] {
        LVS_LOG_NOTICE("SIGUSR2 (pulse gone?): stopping, the IPVS table stays for the next lvsd");
        leave_table_ = true;
        shutdown(0);
    });
    loop.on_child([this](int pid, int status) { on_child(pid, status); });
    std::signal(SIGPIPE, SIG_IGN);
    periodic_ = loop.timer([this] { reconcile("periodic"); });
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
    reconcile("start");
    nannies_.start_pending(cfg_);
    loop.run();
    return exit_status_;
}

}  // namespace lvs::lvsd
