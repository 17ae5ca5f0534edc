// SPDX-License-Identifier: GPL-2.0-or-later
// nanny: one real server's checks, published to its slot.
#include "nanny/nanny_app.h"

#include <signal.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "common/log/logger.h"
#include "nanny/load_monitor.h"

namespace lvs::nanny {
namespace {

// Piranha adapted weights about every 20 s, as we do; never faster than the checks.
constexpr std::chrono::milliseconds kLoadPeriod{20000};

std::int64_t mono_ns() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// Timer coalescing: the kernel may run this process's timers up to 0.5 % of
// the interval (at most 5 ms) late, so that it wakes many nannies of a fleet
// with one interrupt instead of one each (make bench: about a tenth less CPU
// for 1,000 nannies). 50 us is the kernel's default slack.
std::int64_t timer_slack_ns(std::chrono::milliseconds interval) {
    return std::clamp<std::int64_t>(interval.count() * 1000000 / 200, 50000, 5000000);
}

}  // namespace

NannyApp::NannyApp(Options opts, ProbeSpec spec, HealthParams params, std::unique_ptr<shm::StatusTable> table)
    : opts_(std::move(opts)), spec_(std::move(spec)), fsm_(params), table_(std::move(table)),
      prober_(!spec_.program.empty() ? make_program_prober(make_process_runner(), &rec_.output_discarded)
              : spec_.dns                     ? make_dns_prober()
              : spec_.http.on || spec_.tls.on ? std::unique_ptr<Prober>(make_stream_prober())
                                              : make_socket_prober()),
      interval_(opts_.interval.value_or(opts_.timeout)),
      weights_({.configured = opts_.weight, .scale = opts_.scale, .slow_start = opts_.slow_start}),
      load_argv_(load_command_argv(opts_.load_cmd, spec_.addr.to_string())) {
    rec_.owner_pid = static_cast<std::int32_t>(getpid());
    rec_.weight = opts_.weight;
    rec_.configured_weight = opts_.weight;
    rec_.family = spec_.addr.is_v6() ? 6 : 4;
    std::memcpy(rec_.addr, spec_.addr.bytes().data(), 16);
    rec_.port = spec_.port;
    std::snprintf(rec_.name, sizeof rec_.name, "%s", opts_.name.c_str());
}

std::string NannyApp::target() const {
    return (spec_.addr.is_v6() ? "[" + spec_.addr.to_string() + "]" : spec_.addr.to_string()) + ":" +
           std::to_string(spec_.port);
}

// The outcome, and what the prober found beyond it for a failed check (a
// DNS rcode name, say).
std::string NannyApp::reason(shm::ProbeOutcome o) const {
    std::string r = shm::to_string(o);
    const bool checked = o != shm::ProbeOutcome::None && o != shm::ProbeOutcome::Drained &&
                         o != shm::ProbeOutcome::ForcedUp && o != shm::ProbeOutcome::Ok;
    if (const std::string d = checked ? prober_->detail() : std::string(); !d.empty()) r += ": " + d;
    return r;
}

void NannyApp::publish() {
    if (table_ && opts_.slot) table_->rs(*opts_.slot).publish(rec_);
    const int to = opts_.notify_pid ? opts_.notify_pid : (table_ ? static_cast<int>(getppid()) : 0);
    if (to > 1) ::kill(to, SIGUSR1);
}

// Publishes the planned weight when it changed and re-arms the ramp timer.
void NannyApp::update_weight() {
    const auto now = ev::Loop::instance().now();
    const int w = weights_.weight(now);
    if (w != rec_.weight) {
        LVS_LOG_DEBUG("%s weight %d -> %d", target().c_str(), rec_.weight, w);
        rec_.weight = w;
        if (rec_.state == shm::RsState::Up) publish();
        else if (table_ && opts_.slot) table_->rs(*opts_.slot).publish(rec_);
    }
    arm_ramp(now);
}

void NannyApp::arm_ramp(std::chrono::steady_clock::time_point now) {
    if (auto next = weights_.next_step(now))
        ramp_->start(std::chrono::duration_cast<std::chrono::milliseconds>(*next - now) + std::chrono::milliseconds(1),
                     std::chrono::milliseconds(0));
    else
        ramp_->stop();
}

std::chrono::milliseconds NannyApp::load_period() const { return std::max(interval_, kLoadPeriod); }

void NannyApp::sample_load() {
    if (!load_argv_ || load_runner_->running() || rec_.state != shm::RsState::Up) return;
    load_runner_->start(*load_argv_, opts_.timeout, [this](const ProcessResult& r) { on_load(r); });
}

void NannyApp::on_load(const ProcessResult& r) {
    rec_.output_discarded += r.discarded;
    const auto load = r.end == ProcessResult::End::Exited && r.code == 0 ? parse_load_average(r.output) : std::nullopt;
    if (!load) {
        ++rec_.load_failures;  // no load figure: the weight stays (as in Piranha)
        LVS_LOG_WARN("failed to read remote load of %s (%s)", target().c_str(),
                     r.end == ProcessResult::End::Exited && r.code == 0 ? "no load average in its output"
                                                                          : describe_end(r).c_str());
        return;
    }
    ++rec_.load_samples;
    if (weights_.on_load(*load))
        LVS_LOG_INFO("%s load %.2f: weight %d", target().c_str(), *load, weights_.base());
    update_weight();
}

void NannyApp::apply(const std::optional<Transition>& t, shm::ProbeOutcome why) {
    if (!t) return;
    const auto now = ev::Loop::instance().now();
    weights_.on_transition(t->from, t->to, now);
    rec_.weight = weights_.weight(now);
    arm_ramp(now);
    if (t->to == shm::RsState::Up && load_timer_) load_timer_->start(std::chrono::milliseconds(0), load_period());
    rec_.state = t->to;
    ++rec_.transitions;
    ++rec_.verdict_seq;
    rec_.verdict_mono_ns = mono_ns();
    rec_.last_change_real_s = static_cast<std::int64_t>(::time(nullptr));
    if (t->to == shm::RsState::Up)
        LVS_LOG_NOTICE("[ active ] making %s available", target().c_str());
    else if (t->to == shm::RsState::Down)
        LVS_LOG_NOTICE("[inactive] shutting down %s due to %s (%d/%d failures)", target().c_str(),
                       reason(why).c_str(), fsm_.bad_run(), opts_.fall);
    else
        LVS_LOG_NOTICE("%s %s -> %s", target().c_str(), shm::to_string(t->from), shm::to_string(t->to));
}

void NannyApp::on_result(shm::ProbeOutcome o, std::chrono::microseconds latency,
                         std::chrono::steady_clock::time_point ended) {
    // An expiring certificate is a warning unless tls_expiry_fails.
    const bool ok = shm::passed(o, spec_.tls.expiry_fails);
    if (const auto days = prober_->cert_days_left()) {
        rec_.cert_seen = 1;
        rec_.cert_days_left = *days;
        const bool expiring = *days < spec_.tls.expiry_warn_days;
        if (expiring && !rec_.cert_expiring)
            LVS_LOG_WARN("the TLS certificate of %s %s", target().c_str(), shm::cert_expiry_text(*days).c_str());
        rec_.cert_expiring = expiring;
    }
    ++rec_.checks;
    if (!ok) ++rec_.failures;
    rec_.last_outcome = o;
    const std::string found = ok ? std::string() : prober_->detail();
    std::snprintf(rec_.detail, sizeof rec_.detail, "%s", found.c_str());
    rec_.latency_us = static_cast<std::uint32_t>(latency.count());
    ++rec_.latency_bucket[shm::latency_bucket_of(static_cast<std::uint64_t>(latency.count()))];
    rec_.latency_sum_us += static_cast<std::uint64_t>(latency.count());
    rec_.last_check_mono_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(ended.time_since_epoch()).count();
    if (!ok) LVS_LOG_DEBUG("check of %s failed: %s", target().c_str(), reason(o).c_str());
    const auto before = rec_.verdict_seq;
    apply(fsm_.on_check(ok), o);
    if (opts_.fos) {  // FOS mode: fos reads nanny's exit as the failover signal
        if (ok && !seen_up_) LVS_LOG_NOTICE("Remote service %s is available", target().c_str());
        seen_up_ |= ok;
        if (!ok && seen_up_) {
            LVS_LOG_NOTICE("Exiting due to connection failure of %s", target().c_str());
            return stop(0);
        }
        // Never seen: the partner may still be running start_cmd (--grace).
        if (!ok && fsm_.bad_run() >= 2 && mono_ns() - start_ns_ >= opts_.grace.count() * 1000000LL) {
            LVS_LOG_NOTICE("Timeout waiting for remote service -- triggering failover!");
            exit_status_ = 1;
            return ev::Loop::instance().stop();
        }
    }
    // Publish every check (counters); ring lvsd only on a verdict change.
    if (table_ && opts_.slot) table_->rs(*opts_.slot).publish(rec_);
    if (rec_.verdict_seq != before) publish();
    next_->start(interval_, std::chrono::milliseconds(0));
}

void NannyApp::check() {
    prober_->start(spec_, [this](shm::ProbeOutcome o, std::chrono::microseconds l,
                                 std::chrono::steady_clock::time_point ended) { on_result(o, l, ended); });
}

void NannyApp::stop(int signum) {
    if (signum) LVS_LOG_NOTICE("Terminating due to signal %d", signum);
    prober_->cancel();  // a running send_program dies with its process group
    if (load_runner_) load_runner_->cancel();
    ev::Loop::instance().stop();
}

int NannyApp::run() {
    start_ns_ = mono_ns();
    ::prctl(PR_SET_TIMERSLACK, static_cast<unsigned long>(timer_slack_ns(interval_)));
    ev::Loop& loop = ev::Loop::instance();
    next_ = loop.timer([this] { check(); });
    ramp_ = loop.timer([this] { update_weight(); });
    if (load_argv_) {
        load_runner_ = make_process_runner();
        load_timer_ = loop.timer([this] { sample_load(); });
        load_timer_->start(load_period(), load_period());
    }
    loop.on_signal(SIGTERM, [this] { stop(SIGTERM); });
    loop.on_signal(SIGINT, [this] { stop(SIGINT); });
    loop.on_signal(SIGUSR1, [this] {
        LVS_LOG_NOTICE("opaque glasses on");
        apply(fsm_.drain(), shm::ProbeOutcome::Drained);
        rec_.last_outcome = shm::ProbeOutcome::Drained;
        publish();
    });
    loop.on_signal(SIGUSR2, [this] {
        LVS_LOG_NOTICE("rose-colored glasses on");
        apply(fsm_.force_up(), shm::ProbeOutcome::ForcedUp);
        rec_.last_outcome = shm::ProbeOutcome::ForcedUp;
        rec_.weight = opts_.weight;
        publish();
    });
    loop.on_signal(SIGHUP, [this] {
        LVS_LOG_DEBUG("removing glasses");
        apply(fsm_.resume(), shm::ProbeOutcome::None);
        publish();
        next_->start(std::chrono::milliseconds(0), std::chrono::milliseconds(0));
    });
    publish();
    next_->start(std::chrono::milliseconds(0), std::chrono::milliseconds(0));
    loop.run();
    return exit_status_;
}

}  // namespace lvs::nanny
