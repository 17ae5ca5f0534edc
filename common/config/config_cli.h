// SPDX-License-Identifier: GPL-2.0-or-later
// --test-config and --print-config, shared by every daemon.
// Exit status: 0 valid (warnings are printed), 2 invalid (every diagnostic
// on stderr), 1 when the file cannot be read.
#pragma once

#include <string>

namespace lvs::config {

enum class ConfigCommand : std::uint8_t { Test, Print };

int run_config_command(ConfigCommand cmd, const std::string& path, const char* prog);

}  // namespace lvs::config
