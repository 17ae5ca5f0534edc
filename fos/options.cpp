// SPDX-License-Identifier: GPL-2.0-or-later
// fos command-line parsing: Piranha's long options. Its -f, -F and -t are
// gone (nanny's -f is the firewall mark, -t the timeout; pulse always passed
// the long spellings), and so is -i (--settings; send_arp's -i is its
// interface).
#include "fos/options.h"

#include <getopt.h>

#include <cstdio>

#include "common/base/exit_codes.h"
#include "common/config/parser.h"
#include "common/config/settings.h"

namespace lvs::fos {

// One option a line, "-x, --long" or "    --long"; every letter of the
// getopt string below is shown (tests/option_letters.sh reads the string).
void print_usage(bool to_stderr) {
    std::fputs("usage: fos --monitor | --active [OPTION]...\n"
               "       fos --test-config [-c FILE] [--settings INI]\n"
               "       fos --print-config [-c FILE]\n"
               "      --active            start the services\n"
               "      --monitor           watch the partner's services (one nanny each)\n"
               "  -c, --configfile FILE   lvs.cf (default /etc/sysconfig/ha/lvs.cf)\n"
               "      --settings INI      lvs.ini (default /etc/sysconfig/ha/lvs.ini)\n"
               "  -n, --nodaemon          foreground: log to standard error, or to the\n"
               "                          journal when standard error is the journal\n"
               "      --nofork            daemon without forking (how pulse runs fos)\n"
               "  -v, --verbose           debug logging, passed on to the nannies\n"
               "      --test-start        log the commands and monitors, run none\n"
               "      --pidfile FILE      default /var/run/fos.pid\n"
               "      --test-config       check lvs.cf and lvs.ini, then exit\n"
               "      --print-config      print lvs.cf in canonical form\n"
               "      --help              this text\n"
               "      --version           the version\n",
               to_stderr ? stderr : stdout);
}

int parse_options(int argc, char** argv, Options& o) {
    enum { kPrint = 1000, kVersion, kHelp, kNofork, kPidfile, kTestConfig, kMonitor, kActive, kTestStart, kSettings };
    static const option kLong[] = {
        {"configfile", required_argument, nullptr, 'c'}, {"settings", required_argument, nullptr, kSettings},
        {"monitor", no_argument, nullptr, kMonitor},     {"active", no_argument, nullptr, kActive},
        {"nodaemon", no_argument, nullptr, 'n'},         {"nofork", no_argument, nullptr, kNofork},
        {"test-start", no_argument, nullptr, kTestStart}, {"verbose", no_argument, nullptr, 'v'},
        {"test-config", no_argument, nullptr, kTestConfig}, {"print-config", no_argument, nullptr, kPrint},
        {"pidfile", required_argument, nullptr, kPidfile}, {"version", no_argument, nullptr, kVersion},
        {"help", no_argument, nullptr, kHelp},           {nullptr, 0, nullptr, 0}};
    o.config = config::kDefaultConfigPath;
    o.settings = config::kDefaultSettingsPath;
    optind = 0;  // 0: glibc starts afresh, also after a parse that stopped inside "-xyz"
    for (int c; (c = getopt_long(argc, argv, "c:nv", kLong, nullptr)) != -1;) {
        switch (c) {
            case 'c': o.config = optarg; break;
            case kSettings: o.settings = optarg; o.settings_given = true; break;
            case kMonitor: o.monitor = true; break;
            case kActive: o.active = true; break;
            case 'n': o.nodaemon = true; break;
            case kNofork: o.nofork = true; break;
            case kTestStart: o.test_start = true; break;
            case 'v': o.verbose = true; break;
            case kTestConfig: o.mode = Options::Mode::TestConfig; break;
            case kPrint: o.mode = Options::Mode::PrintConfig; break;
            case kPidfile: o.pidfile = optarg; break;
            case kVersion: o.mode = Options::Mode::Version; break;
            case kHelp: o.mode = Options::Mode::Help; break;
            default: print_usage(true); return kExitUsage;
        }
    }
    if (optind < argc) {
        std::fputs("fos: unexpected arguments\n", stderr);
        return kExitUsage;
    }
    if (o.mode != Options::Mode::Run) return -1;
    if (o.monitor && o.active) return std::fputs("fos: Cannot specify both --monitor and --active!\n", stderr), kExitUsage;
    if (!o.monitor && !o.active) return std::fputs("fos: Either --monitor or --active required!\n", stderr), kExitUsage;
    return -1;
}

}  // namespace lvs::fos
