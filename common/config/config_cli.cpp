// SPDX-License-Identifier: GPL-2.0-or-later
// --test-config / --print-config implementation.
#include "common/config/config_cli.h"

#include <cstdio>

#include "common/base/exit_codes.h"
#include "common/log/logger.h"
#include "common/config/parser.h"
#include "common/config/writer.h"

namespace lvs::config {

int run_config_command(ConfigCommand cmd, const std::string& path, const char* prog, const StartChecks& start) {
    auto loaded = load_config_file(path, system_parse_options());
    if (!loaded.ok()) {
        log::early(log::Level::Error, "%s: %s\n", prog, loaded.error().message().c_str());
        return kExitFailure;
    }
    print_diagnostics(loaded->diagnostics);
    if (!loaded->ok()) return kExitConfig;
    if (cmd == ConfigCommand::Test) {
        auto settings = load_settings(start.settings_path, start.settings_given);
        if (!settings.ok()) {
            log::early(log::Level::Error, "%s: %s\n", prog, settings.error().message().c_str());
            return kExitFailure;
        }
        config::print_diagnostics(settings->diagnostics);
        if (!settings->ok()) return kExitConfig;
        if (start.more)
            if (int rc = start.more(loaded->config, settings->settings); rc != kExitOk) return rc;
    }
    if (cmd == ConfigCommand::Print) std::fputs(print_config(loaded->config).c_str(), stdout);
    else log::early(log::Level::Info, "%s: configuration file %s is valid\n", prog, path.c_str());
    return kExitOk;
}

}  // namespace lvs::config
