// SPDX-License-Identifier: GPL-2.0-or-later
// fos: failover services (fos(8)). Active mode runs the services; monitor
// mode watches the partner's through their VIPs. pulse starts it.
#include <cstdio>

#include "common/base/exit_codes.h"
#include "common/config/config_cli.h"
#include "common/config/parser.h"
#include "common/config/settings.h"
#include "common/log/logger.h"
#include "common/proc/daemon.h"
#include "fos/fos_app.h"

int main(int argc, char** argv) {
    using namespace lvs;
    fos::Options opts;
    if (int rc = fos::parse_options(argc, argv, opts); rc >= 0) return rc;
    using Mode = fos::Options::Mode;
    switch (opts.mode) {
        case Mode::Help: fos::print_usage(false); return kExitOk;
        case Mode::Version: std::puts("fos 2.0 (lvs suite, Piranha 0.8.6 compatible)"); return kExitOk;
        case Mode::TestConfig:
            return config::run_config_command(config::ConfigCommand::Test, opts.config, "fos",
                                              config::StartChecks{opts.settings, opts.settings_given});
        case Mode::PrintConfig: return config::run_config_command(config::ConfigCommand::Print, opts.config, "fos");
        case Mode::Run: break;
    }
    log::set_tag("fos");
    auto settings = config::load_settings(opts.settings, opts.settings_given);
    if (!settings.ok()) return log::early(log::Level::Error, "fos: %s\n", settings.error().message().c_str()), kExitFailure;
    config::print_diagnostics(settings->diagnostics);
    if (!settings->ok()) return kExitConfig;
    log::set_level(opts.verbose ? log::Level::Debug : settings->settings.log_level);
    auto loaded = config::load_config_file(opts.config, config::system_parse_options());
    if (!loaded.ok()) return log::early(log::Level::Error, "fos: %s\n", loaded.error().message().c_str()), kExitFailure;
    config::print_diagnostics(loaded->diagnostics);
    if (!loaded->ok()) return kExitConfig;
    const config::LvsConfig& cfg = loaded->config;
    if (cfg.service != config::ServiceMode::Fos)
        return log::early(log::Level::Error, "fos: Service type is not \"fos\" in %s\n", opts.config.c_str()), kExitConfig;
    if (cfg.failovers.empty())
        return log::early(log::Level::Error, "fos: No Failover Services defined in %s.\n", opts.config.c_str()), kExitConfig;
    const int facility = log::facility_from_name(settings->settings.log_facility);
    if (opts.nodaemon) {
        log::use_foreground(facility);  // standard error, or the journal under pulse under systemd
    } else {
        if (auto s = proc::daemonize(!opts.nofork); !s.ok())
            return log::early(log::Level::Error, "fos: %s\n", s.error().message().c_str()), kExitFailure;
        log::use_syslog(facility);
        if (auto s = proc::write_pidfile(opts.pidfile); !s.ok()) LVS_LOG_WARN("%s", s.error().message().c_str());
    }
    fos::MonitorContext ctx{settings->settings.nanny, fos::partner_of(cfg).to_string(), opts.nodaemon, opts.verbose,
                            settings->settings.log_facility, settings->settings.log_level};
    fos::FosApp app(opts, cfg, ctx, settings->settings.shm_name);
    const int rc = app.run();
    if (!opts.nodaemon) proc::remove_pidfile(opts.pidfile);
    return rc;
}
