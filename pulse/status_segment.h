// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's status segment and metrics endpoint, for either mode: pulse
// creates the segment (lvsd and the nannies attach), serves /metrics from
// it on its own event loop, creates it again if someone removes it, and
// removes it at the end (lvsctl(8)).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "common/config/settings.h"
#include "common/shm/status_table.h"
#include "common/status/http_server.h"

namespace lvs::pulse {

class StatusSegment {
public:
    using Clock = std::chrono::steady_clock;
    StatusSegment() = default;
    ~StatusSegment() { close(); }
    StatusSegment(const StatusSegment&) = delete;
    StatusSegment& operator=(const StatusSegment&) = delete;

    // The segment, with room for `servers` real servers and reloads that
    // add more, and the metrics on [status] listen. False (logged) when it
    // cannot be created: lvsctl and the metrics are then unavailable.
    bool open(const config::Settings& settings, std::uint32_t servers);
    shm::StatusTable* table() const { return table_.get(); }
    // /dev/shm/NAME was removed: created again (same size), checked at
    // most once a second. True when it was: the caller publishes again.
    bool recreate_if_removed(Clock::time_point now);
    // The router record cleared, the segment removed, the metrics stopped.
    void close();

private:
    std::string name_;
    std::int64_t gid_ = -1;
    std::unique_ptr<shm::StatusTable> table_;
    std::unique_ptr<status::HttpServer> metrics_;
    Clock::time_point last_check_{};
};

}  // namespace lvs::pulse
