// SPDX-License-Identifier: GPL-2.0-or-later
// pulse command line (pulse(8)).
#pragma once

#include <string>

namespace lvs::pulse {

struct Options {
    enum class Mode : std::uint8_t { Run, TestConfig, PrintConfig, ConfigPresent, ReleaseAddresses, Version, Help };
    Mode mode = Mode::Run;
    std::string config;               // -c
    std::string settings;             // --settings (old spelling -i)
    bool settings_given = false;
    bool nodaemon = false;            // -n
    bool norun = false;               // --norun / --test-start: no lvsd, commands, addresses
    bool verbose = false;             // -v
    bool force_active = false;        // --forceactive
    std::string lvsd;                 // --lvsd PATH (default: [paths] lvsd)
    std::string fos;                  // --fos PATH (accepted; FOS mode is not built yet)
    std::string pidfile = "/var/run/pulse.pid";
};

int parse_options(int argc, char** argv, Options& out);
void print_usage(bool to_stderr);

}  // namespace lvs::pulse
