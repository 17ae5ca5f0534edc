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
          *table_, std::move(nannies),
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
      metrics_listen_(std::move(metrics_listen)) {}

void LvsdApp::publish_status(const DesiredTable& desired, const std::vector<ipvs::ServiceWithDests>& observed) {
    rec_.services = static_cast<std::uint32_t>(desired.services.size());
    std::uint32_t dests = 0;
    for (const auto& s : desired.services)
        for (const auto& d : s.dests) dests += d.presence == Presence::Present;
    rec_.destinations = dests;
    rec_.nanny_restarts = nannies_.restarts_total();
    const auto slots = nannies_.slots();
    std::uint32_t running = 0;
    for (const auto& si : slots) running += si.pid > 0;
    rec_.nannies = running;
    table_->lvsd().publish(rec_);
    std::vector<std::uint32_t> now;
    for (const auto& [slot, r] : dest_records(desired, observed, slots, cfg_)) {
        table_->dest(slot).publish(r);
        now.push_back(slot);
    }
    for (auto slot : published_)
        if (std::find(now.begin(), now.end(), slot) == now.end()) table_->dest(slot).publish(shm::DestRecord{});
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
    reconcile("health");
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
    ++rec_.reconciles;
    const auto t0 = std::chrono::steady_clock::now();
    auto observed = ipvs_->dump();
    if (!observed.ok()) {
        ++rec_.operation_errors;
        table_->lvsd().publish(rec_);
        LVS_LOG_ERROR("cannot read the IPVS table: %s", observed.error().message().c_str());
        return;
    }
    const auto desired = desired_table(cfg_, nannies_.health());
    const auto ops = lvsd::reconcile(desired, *observed, retired_);
    if (ops.empty()) {
        LVS_LOG_DEBUG("reconcile (%s): table matches", why);
        publish_status(desired, *observed);
        return;
    }
    auto results = ipvs_->apply(ops);
    if (!results.ok()) {
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
    rec_.operations += ops.size();
    rec_.operation_errors += failed;
    if (std::string(why) == "periodic") ++rec_.drift_repairs;
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(us);
    rec_.last_reconcile_us = us.count();
    LVS_LOG_NOTICE("reconcile (%s): %zu operations, %zu failed, %lld ms", why, ops.size(), failed,
                   static_cast<long long>(ms.count()));
    if (std::string(why) == "start") {
        const auto since = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                                  opts_.started);
        LVS_LOG_NOTICE("ready: table programmed %lld ms after start", static_cast<long long>(since.count()));
        rec_.ready_ms = since.count();
    }
    publish_status(desired, *observed);
    // Services whose retirement succeeded are gone; forget them.
    for (auto it = retired_.begin(); it != retired_.end();) {
        bool still = false;
        for (const auto& s : *observed) still |= s.service.key == *it;
        it = still ? std::next(it) : retired_.erase(it);
    }
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
    // Piranha let SIGUSR2 kill lvsd (§11.3 #26); it is ignored.
    std::signal(SIGUSR2, SIG_IGN);
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
    nannies_.sync(cfg_);
    reconcile("start");
    loop.run();
    return exit_status_;
}

}  // namespace lvs::lvsd
