// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd's reconcile run, in its parts: where the observed table comes from
// (the kernel or lvsd's copy of it), what is wanted, carrying out the
// difference, and what is logged and counted about it.
#include "lvsd/lvsd_app.h"

#include <algorithm>
#include <chrono>

#include "common/log/logger.h"
#include "lvsd/reconcile.h"

namespace lvs::lvsd {
namespace {

// Larger batches (a cold start of a big table) log a summary only.
constexpr std::size_t kLogEachOps = 64;

}  // namespace

const char* to_string(Trigger t) {
    switch (t) {
        case Trigger::Start: return "start";
        case Trigger::Reload: return "reload";
        case Trigger::Health: return "health";
        case Trigger::NannyExit: return "nanny";
        case Trigger::Periodic: return "periodic";
        case Trigger::Drift: return "drift";
    }
    return "?";
}

void LvsdApp::reconcile(Trigger why) {
    // Refused against the remembered table: someone changed the kernel's
    // (ipvsadm -C, say). One more pass reads it and repairs now rather than
    // at the next periodic run.
    if (reconcile_pass(why) == PassResult::RefusedOnCache) reconcile_pass(Trigger::Drift);
}

LvsdApp::PassResult LvsdApp::reconcile_pass(Trigger why) {
    check_segment();
    ++rec_.reconciles;
    const auto t0 = std::chrono::steady_clock::now();
    const bool from_cache = uses_cache(why);
    if (!from_cache && !read_kernel()) return PassResult::Done;
    const std::optional<Plan> plan = make_plan(why, from_cache);
    if (!plan) return PassResult::Done;
    if (plan->ops.empty()) {
        if (why == Trigger::Start) {
            LVS_LOG_NOTICE("reconcile (start): the kernel's table already matches: adopted, 0 operations");
            mark_ready();
        } else {
            LVS_LOG_DEBUG("reconcile (%s): table matches", to_string(why));
        }
        publish_status(plan->desired, plan->only());
        return PassResult::Done;
    }
    const std::optional<std::size_t> failed = apply_ops(plan->ops);
    if (!failed) return PassResult::Done;
    // A repair after the kernel refused the cached table is always drift.
    const bool verdicts_only =
        why == Trigger::Periodic && (plan->delta.rebuilt || only_verdicts(plan->ops, plan->delta.services));
    const bool drift = why == Trigger::Drift || (why == Trigger::Periodic && !verdicts_only);
    if (verdicts_only) LVS_LOG_INFO("reconcile (periodic): verdicts picked up before their doorbell; no drift");
    report(why, drift, plan->ops.size(), *failed, plan->delta.oldest_verdict_ns, t0);
    publish_status(plan->desired, plan->only());
    forget_retired();
    return *failed > 0 && from_cache ? PassResult::RefusedOnCache : PassResult::Done;
}

// A nanny's verdict (or exit) works from the table as lvsd left it; every
// other run (start, reload, the periodic drift check, a drift repair) reads
// the kernel's.
bool LvsdApp::uses_cache(Trigger why) const {
    return cache_valid_ && (why == Trigger::Health || why == Trigger::NannyExit);
}

// A verdict only concerns its own service: recompute and compare just the
// services whose servers changed (the rest matched after the last run).
bool LvsdApp::recompute_partially(Trigger why, bool from_cache, const HealthDelta& delta) {
    return from_cache && why == Trigger::Health && !delta.rebuilt;
}

bool LvsdApp::read_kernel() {
    auto dumped = ipvs_->dump();
    if (!dumped.ok()) {
        cache_valid_ = false;
        ++rec_.operation_errors;
        table_->lvsd().publish(rec_);
        LVS_LOG_ERROR("cannot read the IPVS table: %s", dumped.error().message().c_str());
        return false;
    }
    cache_ = std::move(*dumped);
    cache_valid_ = true;
    return true;
}

std::optional<LvsdApp::Plan> LvsdApp::make_plan(Trigger why, bool from_cache) {
    Plan plan;
    plan.delta = nannies_.refresh(health_);
    plan.partial = recompute_partially(why, from_cache, plan.delta);
    if (plan.partial && plan.delta.services.empty()) return std::nullopt;
    plan.desired = desired_table(cfg_, health_, plan.only());
    plan.ops = lvsd::reconcile(plan.desired, cache_, plan.partial ? std::set<ipvs::ServiceKey>{} : retired_);
    return plan;
}

std::optional<std::size_t> LvsdApp::apply_ops(const std::vector<ipvs::Op>& ops) {
    auto results = ipvs_->apply(ops);
    if (!results.ok()) {
        cache_valid_ = false;
        ++rec_.operation_errors;
        table_->lvsd().publish(rec_);
        LVS_LOG_ERROR("IPVS update failed: %s", results.error().message().c_str());
        return std::nullopt;
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
    if (failed > 0) cache_valid_ = false;
    else apply_to_observed(cache_, ops, std::vector<bool>(ops.size(), true));
    rec_.operations += ops.size();
    rec_.operation_errors += failed;
    return failed;
}

void LvsdApp::report(Trigger why, bool drift, std::size_t ops, std::size_t failed, std::int64_t verdict_ns,
                     std::chrono::steady_clock::time_point t0) {
    if (drift) ++rec_.drift_repairs;
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(us);
    rec_.last_reconcile_us = us.count();
    if (verdict_ns > 0) {
        const std::int64_t now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::steady_clock::now().time_since_epoch())
                                        .count();
        rec_.last_verdict_to_kernel_us = std::max<std::int64_t>(0, (now_ns - verdict_ns) / 1000);
        rec_.max_verdict_to_kernel_us = std::max(rec_.max_verdict_to_kernel_us, rec_.last_verdict_to_kernel_us);
        LVS_LOG_NOTICE("reconcile (%s): %zu operations, %zu failed, %lld ms; verdict to kernel %.1f ms",
                       to_string(why), ops, failed, static_cast<long long>(ms.count()),
                       static_cast<double>(rec_.last_verdict_to_kernel_us) / 1000.0);
    } else {
        LVS_LOG_NOTICE("reconcile (%s): %zu operations, %zu failed, %lld ms", to_string(why), ops, failed,
                       static_cast<long long>(ms.count()));
    }
    if (why == Trigger::Start) mark_ready();
}

void LvsdApp::mark_ready() {
    const auto since =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - opts_.started);
    LVS_LOG_NOTICE("ready: table programmed %lld ms after start", static_cast<long long>(since.count()));
    rec_.ready_ms = std::max<std::int64_t>(1, since.count());  // 0 means not ready (pulse's fail-back)
}

// Services whose retirement succeeded are gone from the kernel's table.
void LvsdApp::forget_retired() {
    for (auto it = retired_.begin(); it != retired_.end();) {
        bool still = false;
        for (const auto& s : cache_) still |= s.service.key == *it;
        it = still ? std::next(it) : retired_.erase(it);
    }
}

}  // namespace lvs::lvsd
