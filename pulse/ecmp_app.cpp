// SPDX-License-Identifier: GPL-2.0-or-later
// pulse with redundancy = ecmp: the policy's facts in, its actions carried
// out to BIRD, lvsd supervised, the stop's withdrawal and drain
// (ecmp_app.h).
#include "pulse/ecmp_app.h"

#include <csignal>
#include <ctime>

#include "common/log/logger.h"
#include "common/status/snapshot.h"

namespace lvs::pulse {
namespace {

// --norun: BIRD is neither written nor asked.
class NullBird final : public BirdControl {
public:
    void apply(const std::string&, Applied done) override { done(Result<void>{}); }
    void status(Polled done) override { done(make_error(ErrorCode::Invalid, "--norun: BIRD is not asked")); }
    void set_paths(BirdPaths) override {}
};

std::chrono::milliseconds until(AnnounceClock::time_point t, AnnounceClock::time_point now) {
    return t <= now ? std::chrono::milliseconds(0) : std::chrono::ceil<std::chrono::milliseconds>(t - now);
}

}  // namespace

EcmpApp::EcmpApp(Options opts, config::Settings settings, config::LvsConfig cfg, hb::Digest digest, PulsePorts ports)
    : opts_(std::move(opts)), settings_(std::move(settings)), cfg_(std::move(cfg)), digest_(digest),
      ports_(std::move(ports)), policy_(announce_params(cfg_)), takeover_(*ports_.addresses, *ports_.announcer),
      handover_(*ports_.sync) {}

EcmpApp::~EcmpApp() {
    if (link_io_) link_io_->stop();
    segment_.close();
}

bool EcmpApp::start() {
    ev::Loop& loop = ev::Loop::instance();
    tick_timer_ = loop.timer([this] { tick(); });
    poll_timer_ = loop.timer([this] { poll_bird(); });
    retry_timer_ = loop.timer([this] { retry_bird(); });
    drain_timer_ = loop.timer([this] { on_drain_end(); });
    open_status();
    if (!opts_.norun && ports_.bird) bird_ = ports_.bird(bird_paths(cfg_));
    if (!bird_) bird_ = std::make_unique<NullBird>();
    announcer_ = std::make_unique<BirdAnnouncer>(*bird_, bird_params(cfg_), [this](const Result<void>& r) { on_applied(r); });
    child_ports_ = ports_.children([this] { supervision_->on_alarm(); });
    Supervision::Commands cmds;
    if (!opts_.norun) cmds.lvsd = lvsd_command(opts_, settings_, segment_.table() != nullptr);
    supervision_ = std::make_unique<Supervision>(
        *child_ports_, std::move(cmds), nullptr,
        Supervision::Events{.lvsd_failed =
                                [this](bool failed) {
                                    lvsd_failed_ = failed;
                                    evaluate(AnnounceClock::now());
                                },
                            .partner_service_failed = [] { return false; },
                            .changed = [this] { publish_status(); },
                            .all_stopped =
                                [this] {
                                    stopped_ = true;
                                    ev::Loop::instance().stop();
                                }});
    LVS_LOG_NOTICE("STARTING PULSE AS ECMP ROUTER: %zu virtual addresses, %zu BGP peers", policy_.vips().size(),
                   cfg_.bgp_peer.size());
    if (!opts_.norun) {
        takeover_.plumb(cfg_);  // every router holds the addresses; BGP says who gets traffic
        handover_.set_both(cfg_);
        make_sloppy(false);
    }
    supervision_->start_lvsd();  // every router is active at once
    announcer_->apply({});       // the fragment without routes: BIRD starts the sessions
    open_links();
    tick_timer_->start(kTick, kTick);
    poll_timer_->start(std::chrono::milliseconds(0), kPoll);
    evaluate(AnnounceClock::now());
    return true;
}

int EcmpApp::run() {
    ev::Loop& loop = ev::Loop::instance();
    loop.on_signal(SIGTERM, [this] { on_terminate(SIGTERM); });
    loop.on_signal(SIGINT, [this] { on_terminate(SIGINT); });
    loop.on_signal(SIGHUP, [this] { reload(); });
    // No partner to switch over to (lvsctl says so before it asks).
    loop.on_signal(SIGUSR1, [] { LVS_LOG_WARN("switchover refused: redundancy = ecmp has no partner"); });
    std::signal(SIGUSR2, SIG_IGN);
    std::signal(SIGPIPE, SIG_IGN);
    loop.on_child([this](int pid, int status) { on_child(pid, status); });
    if (!start()) return exit_status_;
    if (!stopped_) loop.run();
    segment_.close();
    return exit_status_;
}

void EcmpApp::tick() {
    if (exiting_) return;
    if (segment_.recreate_if_removed(std::chrono::steady_clock::now())) republish_ = true;
    evaluate(AnnounceClock::now());
}

// The facts as the status segment has them now, fed to the policy.
void EcmpApp::evaluate(TimePoint now) {
    if (exiting_) return;
    status::Snapshot snap;
    if (const shm::StatusTable* t = segment_.table()) snap = status::read_snapshot(*t);
    facts_ = ecmp_facts(cfg_, snap, supervision_->lvsd_pid());
    if (facts_.programmed && !sloppy_last_try_) make_sloppy(true);  // ip_vs is loaded by now
    carry_out(feed(policy_, facts_, now));
    publish_status();
}

void EcmpApp::carry_out(const AnnouncePolicy::Actions& actions) {
    const auto now = AnnounceClock::now();
    for (const auto& a : actions) {
        switch (a.kind) {
            case AnnounceAction::Kind::Announce: LVS_LOG_NOTICE("announcing %s", a.vip.to_string().c_str()); break;
            case AnnounceAction::Kind::Withdraw:
                if (a.reason == AnnounceReason::Stopping || a.reason == AnnounceReason::NotConfigured)
                    LVS_LOG_NOTICE("withdrawing %s: %s", a.vip.to_string().c_str(), shm::to_string(a.reason));
                else
                    LVS_LOG_WARN("withdrawing %s: %s", a.vip.to_string().c_str(), shm::to_string(a.reason));
                break;
            case AnnounceAction::Kind::StopAfter:
                drain_until_ = a.deadline;
                drain_timer_->start(until(a.deadline, now), std::chrono::milliseconds(0));
                break;
        }
    }
    announcer_->apply(actions);
}

// The upstream moves a flow to this router when another joins or leaves
// the group, and the sync daemon may not have brought its connection yet
// (it sends a connection after a few packets): IPVS then makes an entry
// from whatever packet comes (sloppy), not only from a SYN (or an SCTP
// INIT), and mh picks the real server the flow had. The sysctls are the
// network namespace's; they exist once the ip_vs module is loaded (at the
// latest when lvsd has programmed its table).
void EcmpApp::make_sloppy(bool last_try) {
    if (sloppy_done_ || opts_.norun || !ports_.sysctl) return;
    if (last_try) sloppy_last_try_ = true;
    for (const char* name : {"net.ipv4.vs.sloppy_tcp", "net.ipv4.vs.sloppy_sctp"}) {
        if (auto r = ports_.sysctl(name, "1"); !r.ok()) {
            if (last_try)
                LVS_LOG_WARN("%s: a flow the upstream moves here is dropped unless the sync daemon brought it",
                             r.error().message().c_str());
            return;
        }
    }
    sloppy_done_ = true;
    LVS_LOG_INFO("IPVS: sloppy_tcp and sloppy_sctp on (a flow moved here mid-way keeps its real server)");
}

void EcmpApp::on_child(int pid, int status) {
    const bool lvsd = pid == supervision_->lvsd_pid();
    if (!supervision_->on_exit(pid, status)) return;  // birdc: its Capture has it
    if (exiting_) return publish_status();
    const auto now = AnnounceClock::now();
    // Its table may be gone or stale: nothing is announced until a new
    // lvsd has programmed it and the router has warmed up again.
    if (lvsd) carry_out(policy_.on_lvsd(false, now));
    evaluate(now);
}

void EcmpApp::on_terminate(int signum) {
    LVS_LOG_NOTICE("Terminating due to signal %d", signum);
    if (exiting_) return;
    const bool again = policy_.stopping();
    const auto actions = policy_.on_stop(AnnounceClock::now());
    if (!again)
        LVS_LOG_NOTICE("withdrawing every route; lvsd stops after withdraw_drain (%.1f s)",
                       static_cast<double>(cfg_.withdraw_drain.count()) / 1000.0);
    carry_out(actions);
    publish_status();
}

// The drain is over: lvsd stops once BIRD has taken the withdrawal (or
// failed to: ExecStopPost withdraws again).
void EcmpApp::on_drain_end() {
    if (exiting_) return;
    drain_timer_->stop();
    if (announcer_->busy()) {
        stop_when_settled_ = true;
        LVS_LOG_INFO("waiting for BIRD to take the withdrawal before lvsd stops");
        return;
    }
    finish_stop();
}

void EcmpApp::finish_stop() {
    exiting_ = true;
    stop_when_settled_ = false;
    drain_until_.reset();
    for (auto* t : {tick_timer_.get(), poll_timer_.get(), retry_timer_.get(), drain_timer_.get()}) t->stop();
    LVS_LOG_NOTICE("routes withdrawn and drained: stopping lvsd");
    supervision_->stop();
    if (!opts_.norun) takeover_.deactivate(cfg_);
    publish_status();
}

void EcmpApp::on_applied(const Result<void>& r) {
    if (!r.ok()) {
        if (!apply_failing_) LVS_LOG_ERROR("BIRD did not take the change: %s; retrying every %lld ms", r.error().message().c_str(),
                                           static_cast<long long>(kRetry.count()));
        else LVS_LOG_DEBUG("BIRD did not take the change: %s", r.error().message().c_str());
        apply_failing_ = true;
        if (!exiting_) retry_timer_->start(kRetry, std::chrono::milliseconds(0));
    } else if (apply_failing_) {
        apply_failing_ = false;
        LVS_LOG_NOTICE("BIRD took the change: %zu routes announced", announcer_->confirmed().size());
    }
    publish_status();
    if (stop_when_settled_ && !announcer_->busy()) finish_stop();
}

void EcmpApp::retry_bird() {
    if (!exiting_) announcer_->retry();
}

void EcmpApp::poll_bird() {
    if (polling_ || exiting_) return;
    polling_ = true;
    ++polls_.polls;
    bird_->status([this](Result<BirdStatus> r) { on_polled(std::move(r)); });
}

void EcmpApp::on_polled(Result<BirdStatus> r) {
    polling_ = false;
    if (!r.ok()) {
        ++polls_.failures;
        if (polls_.answered || polls_.failures == 1) LVS_LOG_WARN("BIRD does not answer: %s", r.error().message().c_str());
        polls_.answered = false;
        polls_.error = r.error().message();
        polls_.last = BirdStatus{};
    } else {
        const bool first = polls_.polls - polls_.failures == 1;
        if (!polls_.answered && !first) LVS_LOG_NOTICE("BIRD answers again");
        for (const auto& line : session_changes(polls_.last, *r)) {
            if (first) LVS_LOG_INFO("%s", line.c_str());
            else LVS_LOG_NOTICE("%s", line.c_str());
        }
        polls_.last = std::move(*r);
        polls_.answered = true;
        polls_.error.clear();
        polls_.last_answer_real_s = static_cast<std::int64_t>(std::time(nullptr));
    }
    publish_status();
}

}  // namespace lvs::pulse
