// SPDX-License-Identifier: GPL-2.0-or-later
// --test-config / --print-config implementation.
#include "common/config/config_cli.h"

#include <cstdio>

#include "common/base/exit_codes.h"
#include "common/config/parser.h"
#include "common/config/writer.h"

namespace lvs::config {

int run_config_command(ConfigCommand cmd, const std::string& path, const char* prog, const StartChecks& start) {
    auto loaded = load_config_file(path, system_parse_options());
    if (!loaded.ok()) {
        std::fprintf(stderr, "%s: %s\n", prog, loaded.error().message().c_str());
        return kExitFailure;
    }
    for (const auto& d : loaded->diagnostics) std::fprintf(stderr, "%s\n", d.format().c_str());
    if (!loaded->ok()) return kExitConfig;
    if (cmd == ConfigCommand::Test) {
        auto settings = load_settings(start.settings_path, start.settings_given);
        if (!settings.ok()) {
            std::fprintf(stderr, "%s: %s\n", prog, settings.error().message().c_str());
            return kExitFailure;
        }
        for (const auto& d : settings->diagnostics) std::fprintf(stderr, "%s\n", d.format().c_str());
        if (!settings->ok()) return kExitConfig;
        if (start.more)
            if (int rc = start.more(loaded->config, settings->settings); rc != kExitOk) return rc;
    }
    if (cmd == ConfigCommand::Print) std::fputs(print_config(loaded->config).c_str(), stdout);
    else std::fprintf(stderr, "%s: configuration file %s is valid\n", prog, path.c_str());
    return kExitOk;
}

}  // namespace lvs::config
