// SPDX-License-Identifier: GPL-2.0-or-later
// --test-config and --print-config, shared by every daemon.
// Exit status: 0 valid (warnings are printed), 2 invalid (every diagnostic
// on stderr), 1 when the file cannot be read.
#pragma once

#include <functional>
#include <string>

#include "common/config/lvs_config.h"
#include "common/config/settings.h"

namespace lvs::config {

enum class ConfigCommand : std::uint8_t { Test, Print };

// What --test-config checks beyond lvs.cf: the daemon's lvs.ini (-i), and
// whatever else it would refuse at start (pulse: the heartbeat key file,
// an active service), so that a file that passes the test also starts.
struct StartChecks {
    std::string settings_path;
    bool settings_given = false;
    // Prints its own message; returns an exit status (0: fine).
    std::function<int(const LvsConfig&, const Settings&)> more{};
};

int run_config_command(ConfigCommand cmd, const std::string& path, const char* prog, const StartChecks& start = {});

}  // namespace lvs::config
