// SPDX-License-Identifier: GPL-2.0-or-later
// A WebApp on fakes: a status table in memory, recorded signals, a clock
// the test moves, counting random bytes, and a real yescrypt hash of
// kPassword.
#pragma once

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "common/log/logger.h"
#include "lvsweb/password.h"
#include "lvsweb/web_app.h"

namespace lvs::web::testing {

inline constexpr const char* kPassword = "correct horse battery";

inline const std::string& password_hash() {
    static const std::string h = *hash_password(kPassword);
    return h;
}

struct Fakes {
    status::Snapshot snap;
    bool table_present = true;
    std::vector<std::pair<int, int>> signals;
    Clock::time_point t{};
    unsigned char next = 1;
    std::vector<std::string> logs;

    Fakes() {
        status::ServerView v;
        v.slot = 0;
        v.rs.family = 4;
        v.rs.addr[0] = 10, v.rs.addr[1] = 0, v.rs.addr[2] = 1, v.rs.addr[3] = 21;
        v.rs.port = 80;
        v.rs.owner_pid = 4242;
        v.rs.state = shm::RsState::Up;
        std::snprintf(v.rs.name, sizeof v.rs.name, "www/<b>rs1</b>");
        snap.servers.push_back(v);
        snap.router_present = true;
        snap.router.pid = 500;
        snap.router.active = 1;
        log::use_sink([this](log::Level, const std::string&, const std::string& m) { logs.push_back(m); });
    }
    ~Fakes() { log::use_stderr(); }

    WebPorts ports() {
        return WebPorts{
            [this]() -> Result<status::Snapshot> {
                if (!table_present) return make_error(ErrorCode::NotFound, "no status segment /dev/shm/lvs");
                return snap;
            },
            [this](int pid, int sig) { return signals.emplace_back(pid, sig), 0; },
            [this] { return t; },
            [this](unsigned char* out, std::size_t n) {
                for (std::size_t i = 0; i < n; ++i) out[i] = next++;
                return true;
            },
            [] { return Result<std::string>(password_hash()); }};
    }
};

}  // namespace lvs::web::testing
