// SPDX-License-Identifier: GPL-2.0-or-later
// A WebApp on fakes: a status table in memory, recorded signals, a clock
// the test moves, counting random bytes, a real yescrypt hash of
// kPassword, and lvs.cf and its backup in memory (installed and undone
// with the real validation).
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
    std::string cf = "# test\nserial_no = 1\nprimary = 192.0.2.1\n\nvirtual www {\n    address = 192.0.2.10 eth0:1\n"
                     "    port = 80\n    server rs1 {\n        address = 10.0.1.21\n    }\n}\n";
    std::string bak;  // "" = no backup
    int installs = 0;
    int syncs = 0;
    sync::PushOutcome sync_outcome = sync::PushOutcome::Installed;

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
            [] { return Result<std::string>(password_hash()); },
            config_ports()};
    }

    ConfigPorts config_ports() {
        ConfigPorts c;
        c.path = "/etc/sysconfig/ha/lvs.cf";
        c.parse = config::offline_parse_options();
        c.read = [this] { return Result<std::string>(cf); };
        c.install = [this](const std::string& text) { return put(text); };
        c.undo = [this] {
            if (bak.empty()) {
                config::InstallReport r;
                r.outcome = config::InstallOutcome::NoBackup;
                r.error = "no backup";
                return r;
            }
            return put(bak);
        };
        c.sync = [this] {
            sync::PushResult r;
            r.outcome = sync_outcome;
            r.peer = "192.0.2.2 port 3637";
            r.message = sync_outcome == sync::PushOutcome::Installed ? "" : "lvs.cf:3:1: error: x";
            if (sync_outcome == sync::PushOutcome::Installed) r.changes = {"virtual 'www' key 'port': '80' -> '8080'"};
            ++syncs;
            return r;
        };
        return c;
    }

    config::InstallReport put(const std::string& text) {
        config::InstallReport r;
        r.diagnostics = config::load_config_text(text, "/etc/sysconfig/ha/lvs.cf", config::offline_parse_options()).diagnostics;
        r.outcome = config::has_errors(r.diagnostics) ? config::InstallOutcome::Invalid : config::InstallOutcome::Installed;
        r.previous = cf;
        if (r.outcome == config::InstallOutcome::Installed) bak = std::exchange(cf, text), ++installs;
        return r;
    }
};

}  // namespace lvs::web::testing
