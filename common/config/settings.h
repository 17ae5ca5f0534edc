// SPDX-License-Identifier: GPL-2.0-or-later
// Node-local settings from an INI file (default /etc/sysconfig/ha/lvs.ini),
// read with inih. Every key is optional; unknown sections and keys are
// errors with their line number.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/base/result.h"
#include "common/config/diagnostic.h"
#include "common/log/logger.h"

namespace lvs::config {

inline constexpr const char* kDefaultSettingsPath = "/etc/sysconfig/ha/lvs.ini";

struct Settings {
    // [paths]
    std::string lvsd = "/usr/sbin/lvsd";
    std::string nanny = "/usr/sbin/nanny";
    std::string fos = "/usr/sbin/fos";
    std::string send_arp = "/usr/sbin/send_arp";
    std::string ipvsadm = "/sbin/ipvsadm";
    // [log]
    std::string log_facility = "daemon";
    log::Level log_level = log::Level::Info;
    // [shm]
    std::string shm_name = "lvs";
    // [shm] group: the status segment's group (mode 0640), so that its
    // members can run lvsctl status/check; empty = root only (mode 0600).
    std::string shm_group;
    std::int64_t shm_gid = -1;  // resolved at parse time; -1 = none
    // [status]
    std::string status_listen = "127.0.0.1:9539";
    // [heartbeat]
    std::string heartbeat_key_file;
    // Real-time (SCHED_RR) priority of pulse's heartbeat loop; 0 = normal.
    int heartbeat_rt_priority = 10;
    // [web]: lvsweb(8). Any address but loopback needs tls_cert and tls_key.
    std::string web_address = "127.0.0.1";
    std::uint16_t web_port = 3636;
    std::string web_tls_cert;
    std::string web_tls_key;
    std::string web_password_file = "/etc/sysconfig/ha/lvsweb.passwd";
    int web_session_idle_s = 900;  // a session unused this long ends
    // lvs.cf sync between the routers' lvsweb (TLS 1.3, PSK from the
    // heartbeat key): the listener ("" = none) and the partner to push to
    // ("" = the partner's address in lvs.cf).
    std::string web_sync_address;
    std::uint16_t web_sync_port = 3637;
    std::string web_sync_peer;
};

struct LoadedSettings {
    Settings settings;
    Diagnostics diagnostics;
    bool ok() const { return !has_errors(diagnostics); }
};

// A group name to its gid (nullopt: no such group).
using GroupLookup = std::function<std::optional<std::uint32_t>(const std::string&)>;
// getgrnam_r(3).
GroupLookup system_group_lookup();

// Parses INI text; never fails, errors are in the diagnostics. A [shm]
// group that is a number is that gid; a name is resolved with `groups`
// (an unknown one is an error), or left unresolved (gid -1) without it.
LoadedSettings parse_settings_string(std::string_view text, const std::string& file,
                                     const GroupLookup& groups = {});

// Reads `path` (group names through system_group_lookup()). A missing
// file is an Io error only if `required` (an explicit -i option); the
// default path may be absent (defaults apply).
Result<LoadedSettings> load_settings(const std::string& path, bool required);

}  // namespace lvs::config
