// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's shell: the failover machine's events in, its actions carried out.
#include "pulse/pulse_app.h"

#include <csignal>

#include "common/base/exit_codes.h"
#include "common/base/words.h"
#include "common/config/parser.h"
#include "common/log/logger.h"
#include "common/proc/daemon.h"

namespace lvs::pulse {
namespace {

constexpr auto kSlip = std::chrono::milliseconds(20);

struct NullLink final : PeerLink {
    void send(std::span<const std::uint8_t>) override {}
    std::uint64_t send_errors() const override { return 0; }
};

}  // namespace

FsmConfig fsm_config(const config::LvsConfig& cfg, hb::Role role, bool force_active) {
    const bool lvs = cfg.service == config::ServiceMode::Lvs;
    return FsmConfig{.role = role, .keepalive = cfg.keepalive, .deadtime = cfg.deadtime,
                     .has_partner = cfg.backup_active, .force_active = force_active,
                     .handover_on_terminate = lvs, .hand_over_connections = lvs, .fos = !lvs,
                     .failback = cfg.failback, .failback_delay = cfg.failback_delay};
}

hb::Mode mode_of(const config::LvsConfig& cfg) {
    return cfg.service == config::ServiceMode::Fos ? hb::Mode::Fos : hb::Mode::Lvs;
}

std::vector<IpAddress> partner_addresses(const config::LvsConfig& cfg, hb::Role role) {
    const bool primary = role == hb::Role::Primary;
    std::vector<IpAddress> out{primary ? cfg.backup : cfg.primary};
    const IpAddress& priv = primary ? cfg.backup_private : cfg.primary_private;
    if (priv.is_set() && !priv.is_unspecified()) out.push_back(priv);
    return out;
}

PulseApp::PulseApp(Options opts, config::Settings settings, config::LvsConfig cfg, hb::Digest digest,
                   std::vector<std::uint8_t> key, hb::Role role, PulsePorts ports)
    : opts_(std::move(opts)), settings_(std::move(settings)), cfg_(std::move(cfg)), digest_(digest), key_(key),
      role_(role), ports_(std::move(ports)), boot_(ports_.boot_nonce), fsm_(fsm_config(cfg_, role, opts_.force_active)),
      takeover_(*ports_.addresses, *ports_.announcer), handover_(*ports_.sync),
      intake_(role, mode_of(cfg_), std::move(key), partner_addresses(cfg_, role),
              hb::PeerFreshness(boot_, hb::PeerFreshness::echo_window(cfg_.keepalive, cfg_.deadtime))) {}

PulseApp::~PulseApp() { close_status(); }

void PulseApp::run_command(const std::optional<std::string>& cmd) {
    if (!cmd || opts_.norun) return;
    auto argv = split_command(*cmd);
    if (argv.empty()) return;
    auto pid = proc::spawn(argv, proc::SpawnOptions{.die_with_parent = false, .new_process_group = true});
    if (!pid.ok()) LVS_LOG_ERROR("%s", pid.error().message().c_str());
}

void PulseApp::arm_announcements(std::chrono::milliseconds next) {
    if (next == Takeover::kNone) garp_timer_->stop();
    else garp_timer_->start(next, std::chrono::milliseconds(0));
}

void PulseApp::activate(const std::string& why) {
    LVS_LOG_NOTICE("%s", why.c_str());
    ++n_.failovers;
    // Addresses and the first announcement first: every millisecond here is
    // client-visible. (Piranha ran active_cmd and the bring-up
    // asynchronously, so their order was never defined.)
    if (!opts_.norun) {
        const auto t0 = Clock::now();
        arm_announcements(takeover_.activate(cfg_));
        LVS_LOG_INFO("%zu addresses up and announced in %.1f ms", takeover_.plumbed().size(),
                     std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        handover_.set_role(cfg_, true);
    }
    run_command(cfg_.active_cmd);
}

void PulseApp::deactivate(const std::string& why) {
    LVS_LOG_NOTICE("%s", why.c_str());
    garp_timer_->stop();
    if (!opts_.norun) {
        takeover_.deactivate(cfg_);
        handover_.set_role(cfg_, false);
    }
    run_command(cfg_.inactive_cmd);
}

// A new boot numbers its heartbeats from 1: freshness comes from the echo of
// the partner's boot and sequence, never from a clock.
void PulseApp::send_heartbeat(hb::State state) {
    const hb::Boot echo = intake_.echo();
    const hb::Heartbeat h{.state = state, .role = role_, .mode = mode_of(cfg_), .boot = boot_, .seq = ++seq_,
                          .echo_boot = echo.nonce, .echo_seq = echo.seq, .config_digest = digest_,
                          .warmth = fsm_.warmth()};
    link_->send(hb::encode(h, key_));
    ++n_.sent;
}

void PulseApp::execute(const std::vector<Action>& actions) {
    for (const auto& a : actions) {
        switch (a.kind) {
            case Action::Kind::SendHeartbeat: send_heartbeat(a.state); break;
            case Action::Kind::Activate: activate(a.reason); break;
            case Action::Kind::Deactivate: deactivate(a.reason); break;
            case Action::Kind::Reannounce:
                LVS_LOG_NOTICE("%s", a.reason.c_str());
                run_command(cfg_.active_cmd);
                if (!opts_.norun) arm_announcements(takeover_.restart_announcements(cfg_, fsm_.active()));
                break;
            case Action::Kind::Notice: LVS_LOG_NOTICE("%s", a.reason.c_str()); break;
            case Action::Kind::HandOver:
                if (!opts_.norun) handover_.pass(cfg_, a.reason);
                break;
            case Action::Kind::Exit:
                // Stop the children without blocking; the loop ends when
                // the last has exited (or was killed at its deadline).
                exiting_ = true;
                deadline_->stop();
                garp_timer_->stop();
                supervision_->stop();
                break;
        }
    }
    if (!exiting_) deadline_->at(fsm_.next_deadline());
    sync_fos();
}

// The fos child the machine wants, then the status with its pid.
void PulseApp::sync_fos() {
    supervision_->sync_fos(fsm_);
    publish_status();
    // FOS fail-back: Stopped once our services have stopped.
    if (fsm_.leaving() && !exiting_ && !supervision_->services_running()) execute(fsm_.on_services_stopped(Clock::now()));
}

void PulseApp::on_datagram(std::span<const std::uint8_t> bytes, const IpAddress& from) {
    if (exiting_) return;
    const auto r = intake_.accept(bytes, from, seq_);
    const auto sent = n_.sent;
    switch (r.outcome) {
        case HeartbeatIntake::Outcome::UnexpectedSource:
            LVS_LOG_DEBUG("Unexpected heartbeat from %s", from.to_string().c_str());
            return;
        case HeartbeatIntake::Outcome::Rejected:
            if (r.reject == hb::Reject::WrongMode)
                LVS_LOG_WARN("Incompatible heartbeat received -- other system not using identical services");
            LVS_LOG_DEBUG("bad heartbeat packet from %s: %s", from.to_string().c_str(), hb::to_string(r.reject));
            break;
        case HeartbeatIntake::Outcome::Duplicate: break;
        case HeartbeatIntake::Outcome::Accepted: heard(r); break;
    }
    // An early heartbeat with our boot and echo, unless one just went while
    // the partner's heartbeat was handled; a flood of packets that ask for
    // one re-arms the deadline without a status update each.
    if (!r.answer || exiting_ || n_.sent != sent) return;
    const auto actions = fsm_.on_answer_wanted(Clock::now());
    if (actions.empty()) deadline_->at(fsm_.next_deadline());
    else execute(actions);
}

void PulseApp::heard(const HeartbeatIntake::Result& r) {
    using Verdict = HeartbeatIntake::Verdict;
    const auto boot = static_cast<unsigned long long>(r.hb.boot);
    if (r.fresh == Verdict::NewBoot) LVS_LOG_NOTICE("partner restarted: heartbeats of its boot %016llx accepted", boot);
    if (r.fresh == Verdict::FirstBoot) LVS_LOG_INFO("partner heard: heartbeats of its boot %016llx accepted", boot);
    last_heartbeat_ns_ = std::chrono::duration_cast<std::chrono::nanoseconds>(
                             std::chrono::steady_clock::now().time_since_epoch()).count();
    note_partner_digest(r.hb.config_digest);
    supervision_->heartbeat_seen();
    execute(fsm_.on_heartbeat(r.hb, Clock::now(), digest_mismatch_));
}

void PulseApp::on_deadline() {
    if (exiting_) return;
    const auto now = Clock::now();
    if (now - fsm_.next_deadline() > kSlip) {
        ++n_.slips;
        LVS_LOG_WARN("timing slip: woke %lld ms late",
                     static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(now - fsm_.next_deadline()).count()));
    }
    fsm_.set_warmth(own_warmth(), now);
    execute(fsm_.on_tick(now));
    check_status_segment();
}

void PulseApp::on_child(int pid, int status) {
    if (!supervision_->on_exit(pid, status)) {
        LVS_LOG_DEBUG("Skipping death of unknown child %d", pid);
        return;
    }
    if (!exiting_) sync_fos();
    else publish_status();
}

void PulseApp::on_terminate(int signum) {
    LVS_LOG_NOTICE("Terminating due to signal %d", signum);
    if (!exiting_) execute(fsm_.on_terminate(Clock::now()));
}

void PulseApp::switchover() {
    if (exiting_) return;
    auto [outcome, actions] = fsm_.on_switchover(Clock::now());
    if (outcome != Switchover::Started) {
        LVS_LOG_WARN("switchover refused: %s", to_string(outcome));
        return;
    }
    ++n_.switchovers;
    LVS_LOG_NOTICE("planned switchover: releasing the service to the partner");
    execute(actions);
}

// pulse's arguments that its children get too.
std::vector<std::string> child_options(const Options& opts) {
    std::vector<std::string> extra;
    if (opts.settings_given) extra.insert(extra.end(), {"--settings", opts.settings});
    if (opts.verbose) extra.push_back("-v");
    return extra;
}

std::vector<std::string> lvsd_command(const Options& opts, const config::Settings& settings, bool attach_shm) {
    std::vector<std::string> argv = {opts.lvsd.empty() ? settings.lvsd : opts.lvsd,
                                     opts.nodaemon ? "--nodaemon" : "--nofork", "-c", opts.config};
    if (attach_shm) argv.push_back("--attach-shm");
    const auto extra = child_options(opts);
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
}

Supervision::Commands PulseApp::commands() const {
    Supervision::Commands c;
    if (opts_.norun) return c;
    if (cfg_.service == config::ServiceMode::Lvs) {
        c.lvsd = lvsd_command(opts_, settings_, segment_.table() != nullptr);
        return c;
    }
    const auto extra = child_options(opts_);
    const std::string fos = opts_.fos.empty() ? settings_.fos : opts_.fos;
    for (auto [argv, role] : {std::pair{&c.fos_active, "--active"}, std::pair{&c.fos_monitor, "--monitor"}}) {
        *argv = {fos, role, "-c", opts_.config, opts_.nodaemon ? "--nodaemon" : "--nofork"};
        argv->insert(argv->end(), extra.begin(), extra.end());
    }
    return c;
}

PeerPaths peer_paths(const config::LvsConfig& cfg, hb::Role role) {
    const bool primary = role == hb::Role::Primary;
    PeerPaths paths;
    paths.port = cfg.heartbeat_port;
    paths.local.push_back(primary ? cfg.primary : cfg.backup);
    paths.partner.push_back(primary ? cfg.backup : cfg.primary);
    const IpAddress& own_priv = primary ? cfg.primary_private : cfg.backup_private;
    const IpAddress& peer_priv = primary ? cfg.backup_private : cfg.primary_private;
    if (!own_priv.is_unspecified() && !(own_priv == paths.local[0]) && !peer_priv.is_unspecified()) {
        paths.local.push_back(own_priv);
        paths.partner.push_back(peer_priv);
    }
    return paths;
}

Result<std::unique_ptr<PeerLink>> PulseApp::make_peer_link(const config::LvsConfig& cfg) {
    return ports_.peer_link(peer_paths(cfg, role_), [this](std::span<const std::uint8_t> b, const IpAddress& from) {
        on_datagram(b, from);
    });
}

bool PulseApp::open_peer_link() {
    auto link = make_peer_link(cfg_);
    if (!link.ok()) {
        LVS_LOG_ERROR("pulse: %s. running as root?", link.error().message().c_str());
        exit_status_ = kExitPermission;
        return false;
    }
    link_ = std::move(*link);
    return true;
}

bool PulseApp::start() {
    ev::Loop& loop = ev::Loop::instance();
    if (cfg_.backup_active && boot_ == 0) {
        LVS_LOG_ERROR("pulse: no heartbeat boot nonce could be drawn");
        exit_status_ = kExitFailure;
        return false;
    }
    if (cfg_.backup_active && !open_peer_link()) return false;
    if (!link_) link_ = std::make_unique<NullLink>();
    deadline_ = loop.deadline([this] { on_deadline(); });
    garp_timer_ = loop.timer([this] { arm_announcements(takeover_.announce(cfg_, fsm_.active())); });
    // A pulse killed with -9 left its addresses behind: remove them.
    if (!opts_.norun) takeover_.remove_stale(cfg_);
    open_status();
    child_ports_ = ports_.children([this] { supervision_->on_alarm(); });
    supervision_ = std::make_unique<Supervision>(
        *child_ports_, commands(), ports_.pinger.get(),
        Supervision::Events{
            .lvsd_failed = [this](bool failed) { execute(fsm_.on_lvsd_failed(failed, Clock::now())); },
            .partner_service_failed =
                [this] {
                    execute(fsm_.on_partner_service_failed(Clock::now()));
                    return fsm_.active();
                },
            .changed =
                [this] {
                    if (exiting_) return;
                    supervision_->sync_fos(fsm_);
                    publish_status();
                },
            .all_stopped =
                [this] {
                    stopped_ = true;
                    ev::Loop::instance().stop();
                },
        });
    if (key_.empty() && cfg_.backup_active)
        LVS_LOG_WARN("no heartbeat key ([heartbeat] key_file): heartbeats are not authenticated");
    LVS_LOG_NOTICE("STARTING PULSE AS %s", role_ == hb::Role::Primary ? "MASTER" : "BACKUP");
    if (auto rt = proc::set_realtime(settings_.heartbeat_rt_priority); !rt.ok())
        LVS_LOG_WARN("%s: heartbeats run at normal priority", rt.error().message().c_str());
    supervision_->start_lvsd();  // warm standby: lvsd and its nannies run on both routers
    if (!opts_.norun) handover_.set_role(cfg_, false);
    run_command(cfg_.inactive_cmd);
    open_links();
    // With real-time scheduling goes locked memory (everything is set up by
    // now): a takeover runs code untouched since start-up, and its page
    // faults cost milliseconds of the client's outage.
    proc::return_large_buffers();  // a handover's buffers do not stay resident
    if (settings_.heartbeat_rt_priority > 0)
        if (auto m = proc::lock_memory(); !m.ok()) LVS_LOG_WARN("%s: a takeover may wait on page faults", m.error().message().c_str());
    // Logged as the first heartbeat of this boot goes out.
    if (cfg_.backup_active) LVS_LOG_INFO("heartbeat boot %016llx", static_cast<unsigned long long>(boot_));
    execute(fsm_.start(Clock::now()));
    return true;
}

int PulseApp::run() {
    ev::Loop& loop = ev::Loop::instance();
    loop.on_signal(SIGTERM, [this] { on_terminate(SIGTERM); });
    loop.on_signal(SIGINT, [this] { on_terminate(SIGINT); });
    loop.on_signal(SIGHUP, [this] { reload(); });
    // Piranha died on SIGUSR1 and SIGUSR2: USR1 is now the planned
    // switchover, USR2 is ignored.
    loop.on_signal(SIGUSR1, [this] { switchover(); });
    std::signal(SIGUSR2, SIG_IGN);
    std::signal(SIGPIPE, SIG_IGN);
    loop.on_child([this](int pid, int status) { on_child(pid, status); });
    if (!start()) return exit_status_;
    if (!stopped_) loop.run();
    close_status();
    return exit_status_;
}

}  // namespace lvs::pulse
