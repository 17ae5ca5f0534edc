// SPDX-License-Identifier: GPL-2.0-or-later
// A command given as one string in the configuration (fos's start_cmd and
// stop_cmd, pulse's active_cmd and inactive_cmd), split into an argv that
// is executed directly: never through a shell.
#pragma once

#include <string>
#include <vector>

namespace lvs {

// The words of `cmd`, separated by white space (runs collapse). Quotes,
// variables and metacharacters are ordinary characters.
std::vector<std::string> split_command(const std::string& cmd);

}  // namespace lvs
