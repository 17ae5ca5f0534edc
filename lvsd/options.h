// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd command line (lvsd(8)).
#pragma once

#include <chrono>
#include <string>

namespace lvs::lvsd {

struct Options {
    enum class Mode : std::uint8_t { Run, TestConfig, PrintConfig, Version, Help };
    Mode mode = Mode::Run;
    std::string config;                 // -c, default /etc/sysconfig/ha/lvs.cf
    std::string settings;               // --settings (old spelling -i), default /etc/sysconfig/ha/lvs.ini
    bool settings_given = false;
    bool nodaemon = false;              // -n: foreground, log to stderr
    bool nofork = false;                // --nofork: daemon without forking (pulse runs lvsd so)
    bool verbose = false;               // -v
    std::string pidfile = "/var/run/lvs.pid";
    bool attach_shm = false;            // --attach-shm: pulse owns the status segment
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

// Returns -1 when the options are good, otherwise the exit status (usage
// errors print the usage on stderr).
int parse_options(int argc, char** argv, Options& out);
void print_usage(bool to_stderr);

}  // namespace lvs::lvsd
