// SPDX-License-Identifier: GPL-2.0-or-later
// fos command-line parsing (Piranha's options and spellings).
#include "fos/options.h"

#include <getopt.h>

#include <cstdio>

#include "common/base/exit_codes.h"
#include "common/config/parser.h"
#include "common/config/settings.h"

namespace lvs::fos {

void print_usage(bool to_stderr) {
    std::fputs("usage: fos (-f | --monitor | -F | --active) [-c FILE] [-i INI] [-n | --nofork] [-v]\n"
               "           [--test-start] [--pidfile FILE]\n"
               "       fos --test-config [-c FILE]\n"
               "       fos --print-config [-c FILE]\n"
               "       fos --version | -h\n",
               to_stderr ? stderr : stdout);
}

int parse_options(int argc, char** argv, Options& o) {
    enum { kPrint = 1000, kVersion, kNofork, kPidfile, kTestConfig };
    static const option kLong[] = {
        {"configfile", required_argument, nullptr, 'c'}, {"settings", required_argument, nullptr, 'i'},
        {"monitor", no_argument, nullptr, 'f'},          {"active", no_argument, nullptr, 'F'},
        {"nodaemon", no_argument, nullptr, 'n'},         {"nofork", no_argument, nullptr, kNofork},
        {"test-start", no_argument, nullptr, 't'},       {"verbose", no_argument, nullptr, 'v'},
        {"test-config", no_argument, nullptr, kTestConfig}, {"print-config", no_argument, nullptr, kPrint},
        {"pidfile", required_argument, nullptr, kPidfile}, {"version", no_argument, nullptr, kVersion},
        {"help", no_argument, nullptr, 'h'},             {nullptr, 0, nullptr, 0}};
    o.config = config::kDefaultConfigPath;
    o.settings = config::kDefaultSettingsPath;
    optind = 1;
    for (int c; (c = getopt_long(argc, argv, "c:i:fFntvh", kLong, nullptr)) != -1;) {
        switch (c) {
            case 'c': o.config = optarg; break;
            case 'i': o.settings = optarg; o.settings_given = true; break;
            case 'f': o.monitor = true; break;
            case 'F': o.active = true; break;
            case 'n': o.nodaemon = true; break;
            case kNofork: o.nofork = true; break;
            case 't': o.test_start = true; break;
            case 'v': o.verbose = true; break;
            case kTestConfig: o.mode = Options::Mode::TestConfig; break;
            case kPrint: o.mode = Options::Mode::PrintConfig; break;
            case kPidfile: o.pidfile = optarg; break;
            case kVersion: o.mode = Options::Mode::Version; break;
            case 'h': o.mode = Options::Mode::Help; break;
            default: print_usage(true); return kExitUsage;
        }
    }
    if (optind < argc) {
        std::fputs("fos: unexpected arguments\n", stderr);
        return kExitUsage;
    }
    if (o.mode != Options::Mode::Run) return -1;
    if (o.monitor && o.active) return std::fputs("fos: Cannot specify both -f and -F!\n", stderr), kExitUsage;
    if (!o.monitor && !o.active)
        return std::fputs("fos: Either --monitor (-f) or --active (-F) required!\n", stderr), kExitUsage;
    return -1;
}

}  // namespace lvs::fos
