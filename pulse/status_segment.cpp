// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's status segment and metrics endpoint (status_segment.h).
#include "pulse/status_segment.h"

#include <algorithm>
#include <cstdio>

#include "common/log/logger.h"
#include "common/status/render.h"

namespace lvs::pulse {

namespace {
constexpr std::uint32_t kMinSlots = 1024;  // room for reloads that add real servers
}

bool StatusSegment::open(const config::Settings& settings, std::uint32_t servers) {
    name_ = settings.shm_name;
    gid_ = settings.shm_gid;
    bool stale = false;
    auto t = shm::StatusTable::create(name_, std::max(kMinSlots, 4 * servers), &stale, gid_);
    if (!t.ok()) {
        LVS_LOG_ERROR("%s: lvsctl and metrics are unavailable", t.error().message().c_str());
        return false;
    }
    if (stale) LVS_LOG_WARN("replaced the stale status segment %s", name_.c_str());
    table_ = std::move(*t);
    auto server = status::HttpServer::start(settings.status_listen, [this](const std::string& path) -> std::string {
        if (path != "/metrics") return {};
        const auto& c = metrics_->counters();
        char extra[512];
        std::snprintf(extra, sizeof extra,
                      "# HELP lvs_metrics_requests_total Metrics endpoint requests, by answer.\n"
                      "# TYPE lvs_metrics_requests_total counter\n"
                      "lvs_metrics_requests_total{code=\"200\"} %llu\n"
                      "lvs_metrics_requests_total{code=\"400\"} %llu\n"
                      "lvs_metrics_requests_total{code=\"404\"} %llu\n"
                      "lvs_metrics_requests_total{code=\"refused\"} %llu\n",
                      static_cast<unsigned long long>(c.requests + 1), static_cast<unsigned long long>(c.bad_requests),
                      static_cast<unsigned long long>(c.not_found), static_cast<unsigned long long>(c.refused));
        return status::render_metrics(status::read_snapshot(*table_), extra);
    });
    if (!server.ok()) LVS_LOG_WARN("%s", server.error().message().c_str());
    else if (*server) metrics_ = std::move(*server), LVS_LOG_INFO("metrics on http://%s/metrics", settings.status_listen.c_str());
    return true;
}

// Someone removed /dev/shm/NAME: create it again (same size) so that lvsd,
// its nannies and lvsctl find it.
bool StatusSegment::recreate_if_removed(Clock::time_point now) {
    if (!table_) return false;
    if (now - last_check_ < std::chrono::seconds(1)) return false;
    last_check_ = now;
    if (!table_->is_stale()) return false;
    const std::uint32_t slots = table_->rs_slots();
    auto t = shm::StatusTable::create(name_, slots, nullptr, gid_);
    if (!t.ok()) {
        LVS_LOG_ERROR("status segment /dev/shm/%s was removed and cannot be created again: %s", name_.c_str(),
                      t.error().message().c_str());
        return false;
    }
    table_ = std::move(*t);
    LVS_LOG_WARN("status segment /dev/shm/%s was removed underneath pulse: created again", name_.c_str());
    return true;
}

void StatusSegment::close() {
    metrics_.reset();
    if (!table_) return;
    table_->router().publish(shm::RouterRecord{});
    table_->ecmp().publish(shm::EcmpRecord{});
    shm::StatusTable::remove(name_);
    table_.reset();
}

}  // namespace lvs::pulse
