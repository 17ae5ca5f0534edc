// SPDX-License-Identifier: GPL-2.0-or-later
// pulse command-line parsing.
#include "pulse/options.h"

#include <getopt.h>

#include <cstdio>

#include "common/base/exit_codes.h"
#include "common/config/parser.h"
#include "common/config/settings.h"

namespace lvs::pulse {

void print_usage(bool to_stderr) {
    std::fputs("usage: pulse [-c FILE] [-i INI] [-n] [-v] [--forceactive] [--norun] [--lvsd PATH]\n"
               "             [--pidfile FILE]\n"
               "       pulse -t | --test-config [-c FILE]\n"
               "       pulse --print-config [-c FILE]\n"
               "       pulse --config-present | --release-addresses [-c FILE]\n"
               "       pulse --version | -h\n",
               to_stderr ? stderr : stdout);
}

int parse_options(int argc, char** argv, Options& o) {
    enum { kPrint = 1000, kVersion, kForce, kNorun, kLvsd, kFos, kPidfile, kPresent, kRelease };
    static const option kLong[] = {
        {"configfile", required_argument, nullptr, 'c'}, {"settings", required_argument, nullptr, 'i'},
        {"test-config", no_argument, nullptr, 't'},      {"print-config", no_argument, nullptr, kPrint},
        {"nodaemon", no_argument, nullptr, 'n'},         {"verbose", no_argument, nullptr, 'v'},
        {"forceactive", no_argument, nullptr, kForce},   {"norun", no_argument, nullptr, kNorun},
        {"test-start", no_argument, nullptr, kNorun},    {"lvsd", required_argument, nullptr, kLvsd},
        {"fos", required_argument, nullptr, kFos},       {"pidfile", required_argument, nullptr, kPidfile},
        {"version", no_argument, nullptr, kVersion},     {"help", no_argument, nullptr, 'h'},
        {"config-present", no_argument, nullptr, kPresent}, {"release-addresses", no_argument, nullptr, kRelease},
        {nullptr, 0, nullptr, 0}};
    o.config = config::kDefaultConfigPath;
    o.settings = config::kDefaultSettingsPath;
    for (int c; (c = getopt_long(argc, argv, "c:i:tnvh", kLong, nullptr)) != -1;) {
        switch (c) {
            case 'c': o.config = optarg; break;
            case 'i': o.settings = optarg; o.settings_given = true; break;
            case 't': o.mode = Options::Mode::TestConfig; break;
            case kPrint: o.mode = Options::Mode::PrintConfig; break;
            case kPresent: o.mode = Options::Mode::ConfigPresent; break;
            case kRelease: o.mode = Options::Mode::ReleaseAddresses; break;
            case 'n': o.nodaemon = true; break;
            case 'v': o.verbose = true; break;
            case kForce: o.force_active = true; break;
            case kNorun: o.norun = true; break;
            case kLvsd: o.lvsd = optarg; break;
            case kFos: o.fos = optarg; break;
            case kPidfile: o.pidfile = optarg; break;
            case kVersion: o.mode = Options::Mode::Version; break;
            case 'h': o.mode = Options::Mode::Help; break;
            default: print_usage(true); return kExitUsage;
        }
    }
    if (optind < argc) {
        std::fputs("pulse: unexpected arguments\n", stderr);
        return kExitUsage;
    }
    return -1;
}

}  // namespace lvs::pulse
