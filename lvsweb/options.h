// SPDX-License-Identifier: GPL-2.0-or-later
// lvsweb's command line, and the rule its listener must satisfy. Pure.
#pragma once

#include <cstdint>
#include <string>

#include "common/config/parser.h"
#include "common/config/settings.h"

namespace lvs::web {

struct Options {
    enum class Mode : std::uint8_t { Run, Passwd, Help, Version };
    Mode mode = Mode::Run;
    std::string settings = config::kDefaultSettingsPath;
    bool settings_given = false;
    std::string shm;  // --shm, overrides [shm] name
    std::string config = config::kDefaultConfigPath;  // -c, lvs.cf (the pages edit it)
};

// -1 when good, else the exit status (message on stderr).
int parse_options(int argc, char** argv, Options& out);
void print_usage(bool to_stderr);

// "" when lvsweb may listen as [web] says, else why not: an address other
// than loopback needs tls_cert and tls_key (passwords and session cookies
// never cross a network in clear text).
std::string listener_problem(const config::Settings& s);

}  // namespace lvs::web
