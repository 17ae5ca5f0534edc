// SPDX-License-Identifier: GPL-2.0-or-later
// pulse: heartbeat and failover for a pair of LVS routers, or one router of
// an ECMP group announcing over BGP (pulse(8)).
#include <unistd.h>

#include <cstdio>

#include "common/base/exit_codes.h"
#include "common/base/file.h"
#include "common/config/config_cli.h"
#include "common/config/parser.h"
#include "common/log/logger.h"
#include "common/proc/daemon.h"
#include "pulse/ecmp_app.h"
#include "pulse/main_modes.h"
#include "pulse/pulse_app.h"

using namespace lvs;

namespace {

// What pulse refuses at start beyond lvs.cf and lvs.ini, checked by
// --test-config too: a configuration without an active service, and an
// unreadable or short heartbeat key file.
int start_checks(const config::LvsConfig& cfg, const config::Settings& settings, const std::string& path,
                 std::vector<std::uint8_t>* key) {
    const bool lvs = cfg.service == config::ServiceMode::Lvs;
    bool any = lvs && !pulse::floating_addresses(cfg).empty();  // a NAT router address alone is a service
    for (const auto& vs : lvs ? cfg.virtuals : cfg.failovers) any |= vs.active;
    if (!any) {
        log::early(log::Level::Error, "pulse: no active %s services defined in %s\n",
                     lvs ? "lvs" : "fos", path.c_str());
        return kExitConfig;
    }
    if (settings.heartbeat_key_file.empty()) return kExitOk;
    const auto file = read_file(settings.heartbeat_key_file);
    if (!file.ok()) return log::early(log::Level::Error, "pulse: cannot read %s\n", settings.heartbeat_key_file.c_str()), kExitConfig;
    auto k = hb::parse_key(*file);
    if (!k.ok()) return log::early(log::Level::Error, "pulse: %s\n", k.error().message().c_str()), kExitConfig;
    if (key) *key = std::move(*k);
    return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    pulse::Options opts;
    if (int rc = pulse::parse_options(argc, argv, opts); rc >= 0) return rc;
    using Mode = pulse::Options::Mode;
    switch (opts.mode) {
        case Mode::Help: pulse::print_usage(false); return kExitOk;
        case Mode::Version: std::puts("pulse 2.0 (lvs suite, Piranha 0.8.6 compatible)"); return kExitOk;
        case Mode::TestConfig:
            return config::run_config_command(
                config::ConfigCommand::Test, opts.config, "pulse",
                config::StartChecks{opts.settings, opts.settings_given,
                                    [&](const config::LvsConfig& c, const config::Settings& s) {
                                        return start_checks(c, s, opts.config, nullptr);
                                    }});
        case Mode::PrintConfig: return config::run_config_command(config::ConfigCommand::Print, opts.config, "pulse");
        case Mode::ConfigPresent:  // the unit's ExecCondition: no lvs.cf yet, no start (and no failure)
            return ::access(opts.config.c_str(), F_OK) == 0 ? kExitOk : kExitFailure;
        case Mode::ReleaseAddresses:  // the unit's ExecStopPost
            log::set_tag("pulse");
            return pulse::release_addresses(opts.config);
        case Mode::Run: break;
    }
    log::set_tag("pulse");
    auto settings = config::load_settings(opts.settings, opts.settings_given);
    if (!settings.ok()) return log::early(log::Level::Error, "pulse: %s\n", settings.error().message().c_str()), kExitFailure;
    config::print_diagnostics(settings->diagnostics);
    if (!settings->ok()) return kExitConfig;
    const auto text = read_file(opts.config);
    if (!text.ok()) return log::early(log::Level::Error, "pulse: %s\n", text.error().message().c_str()), kExitFailure;
    auto loaded = config::load_config_text(*text, opts.config, config::system_parse_options());
    config::print_diagnostics(loaded.diagnostics);
    if (!loaded.ok()) return kExitConfig;
    config::LvsConfig& cfg = loaded.config;
    std::vector<std::uint8_t> key;
    if (int rc = start_checks(cfg, settings->settings, opts.config, &key); rc != kExitOk) return rc;
    const bool ecmp = cfg.redundancy == config::Redundancy::Ecmp;  // every router active: no role
    const hb::Role role = ecmp || pulse::is_local_address(cfg.primary) ? hb::Role::Primary : hb::Role::Backup;
    if (role == hb::Role::Backup && !cfg.backup_active) {
        log::early(log::Level::Notice, "pulse: We are backup node and backup is marked inactive -- exiting pulse\n");
        return kExitOk;
    }
    log::set_level(opts.verbose ? log::Level::Debug : settings->settings.log_level);
    const int facility = log::facility_from_name(settings->settings.log_facility);
    if (opts.nodaemon) {
        log::use_foreground(facility);  // standard error, or the journal under systemd
    } else {
        if (auto s = proc::daemonize(true); !s.ok()) return kExitFailure;
        log::use_syslog(facility);
        if (auto s = proc::write_pidfile(opts.pidfile); !s.ok()) return LVS_LOG_ERROR("%s", s.error().message().c_str()), kExitFailure;
    }
    const auto digest = hb::sha256(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text->data()), text->size()));
    auto ports = pulse::system_ports(cfg, opts.norun);
    int rc = 0;
    if (ecmp) {
        rc = pulse::EcmpApp(opts, settings->settings, std::move(cfg), digest, std::move(ports)).run();
    } else {
        pulse::PulseApp app(opts, settings->settings, std::move(cfg), digest, std::move(key), role, std::move(ports));
        rc = app.run();
    }
    if (!opts.nodaemon) proc::remove_pidfile(opts.pidfile);
    return rc;
}
