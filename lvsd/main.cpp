// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd: programs the kernel's IPVS table from lvs.cf (lvsd(8)).
#include <cstdio>

#include "common/base/exit_codes.h"
#include "common/config/config_cli.h"
#include "common/config/parser.h"
#include "common/config/settings.h"
#include "common/ipvs/ipvs_client_netlink.h"
#include "common/log/logger.h"
#include "common/proc/daemon.h"
#include "common/shm/status_table.h"
#include "lvsd/lvsd_app.h"

int main(int argc, char** argv) {
    using namespace lvs;
    lvsd::Options opts;
    if (int rc = lvsd::parse_options(argc, argv, opts); rc >= 0) return rc;
    using Mode = lvsd::Options::Mode;
    switch (opts.mode) {
        case Mode::Help: lvsd::print_usage(false); return kExitOk;
        case Mode::Version: std::puts("lvsd 2.0 (lvs suite, Piranha 0.8.6 compatible)"); return kExitOk;
        case Mode::TestConfig:
            return config::run_config_command(config::ConfigCommand::Test, opts.config, "lvsd",
                                              config::StartChecks{opts.settings, opts.settings_given});
        case Mode::PrintConfig: return config::run_config_command(config::ConfigCommand::Print, opts.config, "lvsd");
        case Mode::Run: break;
    }
    log::set_tag("lvsd");
    auto settings = config::load_settings(opts.settings, opts.settings_given);
    if (!settings.ok()) return log::early(log::Level::Error, "lvsd: %s\n", settings.error().message().c_str()), kExitFailure;
    config::print_diagnostics(settings->diagnostics);
    if (!settings->ok()) return kExitConfig;
    log::set_level(opts.verbose ? log::Level::Debug : settings->settings.log_level);
    auto loaded = config::load_config_file(opts.config, config::system_parse_options());
    if (!loaded.ok()) return log::early(log::Level::Error, "lvs: %s\n", loaded.error().message().c_str()), kExitFailure;
    config::print_diagnostics(loaded->diagnostics);
    if (!loaded->ok()) return kExitConfig;
    auto client = ipvs::NetlinkIpvsClient::open();
    if (!client.ok()) {
        log::early(log::Level::Error, "lvsd: %s\n", client.error().message().c_str());
        return client.error().code == ErrorCode::Permission ? kExitPermission : kExitFailure;
    }
    const int facility = log::facility_from_name(settings->settings.log_facility);
    if (!opts.nodaemon) {
        if (auto s = proc::daemonize(!opts.nofork); !s.ok())
            return log::early(log::Level::Error, "lvsd: %s\n", s.error().message().c_str()), kExitFailure;
        log::use_syslog(facility);
        if (auto s = proc::write_pidfile(opts.pidfile); !s.ok()) LVS_LOG_WARN("%s", s.error().message().c_str());
    } else {
        log::use_foreground(facility);  // standard error, or the journal under pulse under systemd
    }
    std::uint32_t servers = 0;
    for (const auto& vs : loaded->config.virtuals) servers += static_cast<std::uint32_t>(vs.servers.size());
    bool stale = false;
    const std::string& shm_name = settings->settings.shm_name;
    const std::int64_t gid = settings->settings.shm_gid;
    // Under pulse the segment is pulse's; on its own lvsd creates it.
    auto table = opts.attach_shm ? shm::StatusTable::open(shm_name)
                                 : shm::StatusTable::create(shm_name, std::max(256u, 2 * servers), &stale, gid);
    if (!table.ok() && opts.attach_shm) {
        LVS_LOG_WARN("%s: creating it", table.error().message().c_str());
        opts.attach_shm = false;
        table = shm::StatusTable::create(shm_name, std::max(256u, 2 * servers), &stale, gid);
    }
    if (!table.ok()) return LVS_LOG_ERROR("%s", table.error().message().c_str()), kExitFailure;
    if (stale) LVS_LOG_WARN("replaced the stale status segment %s", shm_name.c_str());
    lvsd::NannyContext nctx{shm_name, settings->settings.nanny, opts.nodaemon, opts.verbose,
                            settings->settings.log_facility, settings->settings.log_level, gid};
    const bool owner = !opts.attach_shm;
    lvsd::LvsdApp app(opts, std::move(loaded->config), std::move(*client), std::move(*table), nctx,
                      owner ? settings->settings.status_listen : std::string());
    const int rc = app.run();
    if (!opts.nodaemon) proc::remove_pidfile(opts.pidfile);
    if (owner) shm::StatusTable::remove(shm_name);
    return rc;
}
