// SPDX-License-Identifier: GPL-2.0-or-later
// fos command line (fos(8)).
#pragma once

#include <cstdint>
#include <string>

namespace lvs::fos {

struct Options {
    enum class Mode : std::uint8_t { Run, TestConfig, PrintConfig, Version, Help };
    Mode mode = Mode::Run;
    bool monitor = false;   // --monitor (Piranha's -f is gone: nanny's firewall mark)
    bool active = false;    // --active
    std::string config;     // -c
    std::string settings;   // --settings (old spelling -i)
    bool settings_given = false;
    bool nodaemon = false;  // -n: foreground, log to stderr
    bool nofork = false;    // --nofork: syslog, but no fork (under pulse)
    bool test_start = false;  // --test-start: log the commands, run none
    bool verbose = false;   // -v (also passed to nanny)
    std::string pidfile = "/var/run/fos.pid";
};

// -1: go on; otherwise the exit status.
int parse_options(int argc, char** argv, Options& out);
void print_usage(bool to_stderr);

}  // namespace lvs::fos
