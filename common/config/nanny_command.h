// SPDX-License-Identifier: GPL-2.0-or-later
// The nanny command line, for both of its users: lvsd starts one nanny per
// real server (LVS mode), fos one per failover service (FOS mode's
// monitors). Piranha's argv, plus this implementation's options. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "common/config/lvs_config.h"
#include "common/log/logger.h"

namespace lvs::config {

// How a nanny runs, whoever starts it.
struct NannyOptions {
    std::string nanny_path = "/usr/sbin/nanny";  // replaces the default client_monitor
    bool foreground = false;                     // --nodaemon: the nanny logs to stderr too
    bool verbose = false;                        // -v
    std::string log_facility = "daemon";         // --log-facility: lvs.ini's [log] facility
    log::Level log_level = log::Level::Info;     // --log-level: lvs.ini's [log] level
};

// lvsd's nanny: checks one real server of a virtual server and reports its
// verdicts in that server's slot of the status table. The pointers are
// never null.
struct RealServerCheck {
    const LvsConfig* cfg = nullptr;  // forwarding method, ipvsadm, rsh_command
    const RealServer* rs = nullptr;
    std::string shm_name;
    std::uint32_t slot = 0;
};

// fos's monitor: checks a failover service at its address; its exit is the
// failover signal.
struct FailoverCheck {
    std::string partner;  // the partner router's address
};

using NannyCheck = std::variant<RealServerCheck, FailoverCheck>;

// The argv that starts a nanny for `vs` (a virtual or failover block).
std::vector<std::string> nanny_argv(const VirtualServer& vs, const NannyCheck& check, const NannyOptions& opts);

// True when the nanny publishes the weight (load_monitor or slow_start);
// otherwise lvsd uses the configured weight.
bool nanny_drives_weight(const VirtualServer& vs);

}  // namespace lvs::config
