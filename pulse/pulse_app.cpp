// SPDX-License-Identifier: GPL-2.0-or-later
// pulse: the failover state machine wired to sockets, timers and the kernel.
#include "pulse/pulse_app.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <ctime>
#include <sstream>

#include "common/base/exit_codes.h"
#include "common/config/parser.h"
#include "common/log/logger.h"
#include "common/proc/daemon.h"
#include "common/proc/spawn.h"

namespace lvs::pulse {
namespace {

constexpr int kMaxLvsdRestarts = 5;
constexpr auto kSlip = std::chrono::milliseconds(20);

std::vector<std::string> split_words(const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

int prefix_of(const IpAddress& addr, const IpAddress& mask) {
    if (mask.is_set() && !mask.is_unspecified() && mask.prefix_length() >= 0) return mask.prefix_length();
    return addr.is_v6() ? 128 : 32;
}

}  // namespace

std::vector<net::FloatingAddress> floating_addresses(const config::LvsConfig& cfg) {
    std::vector<net::FloatingAddress> out;
    auto add = [&](const IpAddress& a, const IpAddress& mask, const std::string& dev) {
        if (a.is_unspecified() || dev.empty()) return;
        for (const auto& f : out)
            if (f.addr == a) return;  // the first block with a VIP supplies its device and mask
        out.push_back({a, prefix_of(a, mask), dev});
    };
    if (cfg.network == config::Forwarding::Nat) add(cfg.nat_router, cfg.nat_nmask, cfg.nat_router_device);
    const auto& blocks = cfg.service == config::ServiceMode::Lvs ? cfg.virtuals : cfg.failovers;
    for (const auto& vs : blocks)
        if (vs.active) add(vs.address, vs.vip_nmask, vs.device);
    return out;
}

PulseApp::PulseApp(Options opts, config::Settings settings, config::LvsConfig cfg, hb::Digest digest,
                   std::vector<std::uint8_t> key, hb::Role role)
    : opts_(std::move(opts)), settings_(std::move(settings)), cfg_(std::move(cfg)), digest_(digest),
      key_(std::move(key)), role_(role),
      fsm_(FsmConfig{.role = role, .keepalive = cfg_.keepalive, .deadtime = cfg_.deadtime,
                     .has_partner = cfg_.backup_active, .force_active = opts_.force_active,
                     .handover_on_terminate = cfg_.service == config::ServiceMode::Lvs,
                     .hand_over_connections = cfg_.service == config::ServiceMode::Lvs,
                     .fos = cfg_.service == config::ServiceMode::Fos}),
      addrs_(net::make_rtnl_address_manager()) {
    // Strictly increasing across restarts without state on disk.
    seq_ = static_cast<std::uint64_t>(std::time(nullptr)) * 1000000ull;
}

void PulseApp::run_command(const std::optional<std::string>& cmd) {
    if (!cmd || opts_.norun) return;
    auto argv = split_words(*cmd);
    if (argv.empty()) return;
    auto pid = proc::spawn(argv, proc::SpawnOptions{.die_with_parent = false, .new_process_group = true});
    if (!pid.ok()) LVS_LOG_ERROR("%s", pid.error().message().c_str());
}

void PulseApp::announce() {
    for (const auto& f : plumbed_)
        if (auto s = net::announce_address(f.device(), f.addr); !s.ok())
            LVS_LOG_WARN("%s %s: %s", f.addr.is_v6() ? "neighbour advertisement" : "gratuitous ARP",
                         f.addr.to_string().c_str(), s.error().message().c_str());
    if (--garp_left_ > 0) {
        garp_timer_->start(cfg_.arp_interval, std::chrono::milliseconds(0));
        return;
    }
    if (!refreshing_) LVS_LOG_INFO("gratuitous lvs arps finished");
    // arp_refresh: one more announcement every period while active.
    refreshing_ = cfg_.arp_refresh.count() > 0 && fsm_.active();
    if (refreshing_) {
        garp_left_ = 1;
        garp_timer_->start(cfg_.arp_refresh, std::chrono::milliseconds(0));
    }
}

// A fresh series of arp_count announcements (takeover, re-announce, repair).
void PulseApp::restart_announcements() {
    refreshing_ = false;
    garp_left_ = cfg_.arp_count;
    announce();
}

void PulseApp::activate(const std::string& why) {
    LVS_LOG_NOTICE("%s", why.c_str());
    ++n_.failovers;
    // Addresses and the first announcement first: every millisecond here is
    // client-visible. (Piranha ran active_cmd and the bring-up
    // asynchronously, so their order was never defined.)
    if (!opts_.norun) {
        const auto t0 = Clock::now();
        // Every address first, then every announcement back to back: in NAT
        // mode the VIP and the router address must move together, or the
        // real servers answer through the router that did not see the
        // connection (adding an address takes tens of milliseconds).
        plumbed_ = floating_addresses(cfg_);
        for (const auto& f : plumbed_)
            if (auto s = addrs_->add(f); !s.ok()) LVS_LOG_ERROR("%s", s.error().message().c_str());
        restart_announcements();
        LVS_LOG_INFO("%zu addresses up and announced in %.1f ms", plumbed_.size(),
                     std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    sync_role(true);
    run_command(cfg_.active_cmd);
}

void PulseApp::deactivate(const std::string& why) {
    LVS_LOG_NOTICE("%s", why.c_str());
    garp_timer_->stop();
    for (const auto& f : floating_addresses(cfg_))
        if (auto s = addrs_->remove(f); !s.ok()) LVS_LOG_ERROR("%s", s.error().message().c_str());
    plumbed_.clear();
    sync_role(false);
    run_command(cfg_.inactive_cmd);
}

void PulseApp::execute(const std::vector<Action>& actions) {
    for (const auto& a : actions) {
        switch (a.kind) {
            case Action::Kind::SendHeartbeat: {
                hb::Heartbeat h{a.state, role_, cfg_.service == config::ServiceMode::Fos ? hb::Mode::Fos : hb::Mode::Lvs,
                                ++seq_, digest_};
                link_->send(hb::encode(h, key_));
                ++n_.sent;
                break;
            }
            case Action::Kind::Activate: activate(a.reason); break;
            case Action::Kind::Deactivate: deactivate(a.reason); break;
            case Action::Kind::Reannounce:
                LVS_LOG_NOTICE("%s", a.reason.c_str());
                run_command(cfg_.active_cmd);
                restart_announcements();
                break;
            case Action::Kind::Notice: LVS_LOG_NOTICE("%s", a.reason.c_str()); break;
            case Action::Kind::HandOver: hand_over_connections(a.reason); break;
            case Action::Kind::Exit:
                if (lvsd_ > 0) ::kill(lvsd_, SIGTERM);
                ev::Loop::instance().stop();
                break;
        }
    }
    arm();
    publish_status();
    sync_fos();
}

void PulseApp::on_datagram(std::span<const std::uint8_t> bytes, const IpAddress& from) {
    const bool primary = role_ == hb::Role::Primary;
    const IpAddress& pub = primary ? cfg_.backup : cfg_.primary;
    const IpAddress& priv = primary ? cfg_.backup_private : cfg_.primary_private;
    if (!(from == pub) && !(from == priv && priv.is_set() && !priv.is_unspecified())) {
        ++n_.unexpected_source;
        LVS_LOG_DEBUG("Unexpected heartbeat from %s", from.to_string().c_str());
        return;
    }
    auto d = hb::decode(bytes, key_);
    if (d.ok && d.hb.mode != (cfg_.service == config::ServiceMode::Fos ? hb::Mode::Fos : hb::Mode::Lvs)) {
        d.ok = false;
        d.reject = hb::Reject::WrongMode;
        LVS_LOG_WARN("Incompatible heartbeat received -- other system not using identical services");
    }
    if (d.ok && d.hb.role == role_) {
        d.ok = false;
        d.reject = hb::Reject::BadField;
    }
    if (!d.ok) {
        ++n_.rejected[static_cast<int>(d.reject)];
        LVS_LOG_DEBUG("bad heartbeat packet from %s: %s", from.to_string().c_str(), hb::to_string(d.reject));
        return;
    }
    if (!window_.accept(d.hb.seq)) {
        ++n_.duplicates;  // the same heartbeat on the second path, or a replay
        return;
    }
    ++n_.received;
    last_heartbeat_ns_ = std::chrono::duration_cast<std::chrono::nanoseconds>(
                             std::chrono::steady_clock::now().time_since_epoch()).count();
    if (d.hb.config_digest != digest_ && !digest_warned_) {
        digest_warned_ = true;
        LVS_LOG_WARN("WARNING: the partner's lvs.cf differs from ours (%s)", opts_.config.c_str());
    }
    network_fault_over();
    execute(fsm_.on_heartbeat(d.hb, Clock::now()));
}

void PulseApp::arm() {
    timer_->at(fsm_.next_deadline());
}

void PulseApp::on_timer() {
    const auto now = Clock::now();
    if (now - fsm_.next_deadline() > kSlip) {
        ++n_.slips;
        LVS_LOG_WARN("timing slip: woke %lld ms late",
                     static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(now - fsm_.next_deadline()).count()));
    }
    execute(fsm_.on_tick(now));
    check_status_segment();
}

void PulseApp::start_lvsd() {
    if (opts_.norun || cfg_.service != config::ServiceMode::Lvs) return;
    const std::string path = opts_.lvsd.empty() ? settings_.lvsd : opts_.lvsd;
    std::vector<std::string> argv = {path, opts_.nodaemon ? "--nodaemon" : "--nofork", "-c", opts_.config};
    if (table_) argv.push_back("--attach-shm");
    if (opts_.settings_given) argv.insert(argv.end(), {"-i", opts_.settings});
    if (opts_.verbose) argv.push_back("-v");
    // If pulse dies (kill -9), lvsd hears SIGUSR2: it stops its nannies but
    // leaves the IPVS table, so connections keep flowing through addresses
    // that are still here until the partner takes over.
    auto pid = proc::spawn(argv, proc::SpawnOptions{.parent_death_signal = SIGUSR2});
    if (!pid.ok()) {
        LVS_LOG_ERROR("cannot start lvsd: %s", pid.error().message().c_str());
        execute(fsm_.on_lvsd_failed(true, Clock::now()));
        return;
    }
    lvsd_ = *pid;
    LVS_LOG_INFO("lvsd running as pid %d", static_cast<int>(lvsd_));
}

void PulseApp::on_child(int pid, int status) {
    if (pid == fos_ && fos_ > 0) return on_fos_exit(status);
    if (pid != lvsd_) {
        LVS_LOG_DEBUG("Skipping death of unknown child %d", pid);
        return;
    }
    lvsd_ = -1;
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (WIFEXITED(status)) LVS_LOG_WARN("Child process %d exited with status %d", pid, code);
    else LVS_LOG_WARN("Child process %d terminated with signal %d", pid, WTERMSIG(status));
    // lvsd keeps failing, or cannot run at all: hand the service over.
    if (code == kExitConfig || code == kExitPermission || code == kExitUsage || ++lvsd_restarts_ > kMaxLvsdRestarts) {
        execute(fsm_.on_lvsd_failed(true, Clock::now()));
        return;
    }
    long long ms = 100;
    for (int i = 1; i < lvsd_restarts_; ++i) ms *= 2;
    ++n_.lvsd_restarts;
    lvsd_timer_->start(std::chrono::milliseconds(ms), std::chrono::milliseconds(0));
}

void PulseApp::switchover() {
    auto [outcome, actions] = fsm_.on_switchover(Clock::now());
    if (outcome != Switchover::Started) {
        LVS_LOG_WARN("switchover refused: %s", to_string(outcome));
        return;
    }
    ++n_.switchovers;
    LVS_LOG_NOTICE("planned switchover: releasing the service to the partner");
    execute(actions);
}

void PulseApp::reload() {
    auto loaded = config::load_config_file(opts_.config, config::system_parse_options());
    if (!loaded.ok() || !loaded->ok()) {
        LVS_LOG_ERROR("configuration %s not reloaded: the running configuration stays in force", opts_.config.c_str());
        if (loaded.ok())
            for (const auto& d : loaded->diagnostics) LVS_LOG_ERROR("%s", d.format().c_str());
        return;
    }
    const auto before = floating_addresses(cfg_);
    cfg_ = std::move(loaded->config);
    if (fsm_.active() && !opts_.norun) {
        const auto after = floating_addresses(cfg_);
        for (const auto& f : before)
            if (std::find(after.begin(), after.end(), f) == after.end()) (void)addrs_->remove(f);
        for (const auto& f : after)
            if (std::find(before.begin(), before.end(), f) == before.end()) (void)addrs_->add(f);
        plumbed_ = after;
    }
    if (lvsd_ > 0) ::kill(lvsd_, SIGHUP);  // no child: nothing to forward (fixes §11.2 #10)
    if (fos_ > 0) ::kill(fos_, SIGHUP);    // fos reloads (fixes §11.5 #43)
    LVS_LOG_NOTICE("configuration reloaded");
}

int PulseApp::run() {
    ev::Loop& loop = ev::Loop::instance();
    PeerPaths paths;
    const bool primary = role_ == hb::Role::Primary;
    paths.port = cfg_.heartbeat_port;
    paths.local.push_back(primary ? cfg_.primary : cfg_.backup);
    paths.partner.push_back(primary ? cfg_.backup : cfg_.primary);
    const IpAddress& own_priv = primary ? cfg_.primary_private : cfg_.backup_private;
    const IpAddress& peer_priv = primary ? cfg_.backup_private : cfg_.primary_private;
    if (!own_priv.is_unspecified() && !(own_priv == paths.local[0]) && !peer_priv.is_unspecified()) {
        paths.local.push_back(own_priv);
        paths.partner.push_back(peer_priv);
    }
    if (cfg_.backup_active) {
        auto link = open_udp_peer_link(paths, [this](std::span<const std::uint8_t> b, const IpAddress& from) {
            on_datagram(b, from);
        });
        if (!link.ok()) {
            LVS_LOG_ERROR("pulse: %s. running as root?", link.error().message().c_str());
            return kExitPermission;
        }
        link_ = std::move(*link);
    }
    timer_ = loop.deadline([this] { on_timer(); });
    garp_timer_ = loop.timer([this] { announce(); });
    lvsd_timer_ = loop.timer([this] { start_lvsd(); });
    fos_timer_ = loop.timer([this] { fos_delayed_ = false; sync_fos(); });
    if (cfg_.service == config::ServiceMode::Fos && !opts_.norun) {
        if (auto p = net::open_gateway_pinger(); p.ok()) pinger_ = std::move(*p);
        else LVS_LOG_WARN("%s: the gateway cannot be checked before a take-over", p.error().message().c_str());
    }
    loop.on_signal(SIGTERM, [this] {
        LVS_LOG_NOTICE("Terminating due to signal %d", SIGTERM);
        execute(fsm_.on_terminate(Clock::now()));
    });
    loop.on_signal(SIGINT, [this] {
        LVS_LOG_NOTICE("Terminating due to signal %d", SIGINT);
        execute(fsm_.on_terminate(Clock::now()));
    });
    loop.on_signal(SIGHUP, [this] { reload(); });
    // Piranha died on SIGUSR1/SIGUSR2 (§11.2 #11): USR1 is now the planned
    // switchover, USR2 is ignored.
    loop.on_signal(SIGUSR1, [this] { switchover(); });
    std::signal(SIGUSR2, SIG_IGN);
    std::signal(SIGPIPE, SIG_IGN);
    loop.on_child([this](int pid, int status) { on_child(pid, status); });
    // A pulse killed with -9 left its addresses behind: remove them.
    if (!opts_.norun)
        for (const auto& f : floating_addresses(cfg_))
            if (auto p = addrs_->present(f); p.ok() && *p) {
                LVS_LOG_WARN("removing stale address %s from %s", f.addr.to_string().c_str(), f.label.c_str());
                (void)addrs_->remove(f);
            }
    open_status();
    if (key_.empty() && cfg_.backup_active)
        LVS_LOG_WARN("no heartbeat key ([heartbeat] key_file): heartbeats are not authenticated");
    LVS_LOG_NOTICE("STARTING PULSE AS %s", primary ? "MASTER" : "BACKUP");
    if (auto rt = proc::set_realtime(settings_.heartbeat_rt_priority); !rt.ok())
        LVS_LOG_WARN("%s: heartbeats run at normal priority", rt.error().message().c_str());
    start_lvsd();  // warm standby: lvsd and its nannies run on both routers
    sync_role(false);
    run_command(cfg_.inactive_cmd);
    open_links();
    if (!link_) {
        struct NullLink final : PeerLink {
            void send(std::span<const std::uint8_t>) override {}
            std::uint64_t send_errors() const override { return 0; }
        };
        link_ = std::make_unique<NullLink>();
    }
    // With real-time scheduling goes locked memory (everything is set up by
    // now): a takeover runs code untouched since start-up, and its page
    // faults cost milliseconds of the client's outage.
    if (settings_.heartbeat_rt_priority > 0)
        if (auto m = proc::lock_memory(); !m.ok()) LVS_LOG_WARN("%s: a takeover may wait on page faults", m.error().message().c_str());
    execute(fsm_.start(Clock::now()));
    loop.run();
    wait_fos();
    // Wait for lvsd to clean up, but never forever (fixes §11.2 #14).
    for (int i = 0; lvsd_ > 0 && i < 100; ++i) {
        int st = 0;
        if (::waitpid(lvsd_, &st, WNOHANG) == lvsd_) lvsd_ = -1;
        else ::usleep(100000);
    }
    if (lvsd_ > 0) {
        LVS_LOG_WARN("lvsd did not stop within 10 s: killing it");
        ::kill(lvsd_, SIGKILL);
    }
    close_status();
    return exit_status_;
}

}  // namespace lvs::pulse
