// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd command-line parsing.
#include "lvsd/options.h"

#include <getopt.h>

#include <cstdio>

#include "common/base/exit_codes.h"
#include "common/config/parser.h"
#include "common/config/settings.h"

namespace lvs::lvsd {

// One option a line, "-x, --long" or "    --long"; every letter of the
// getopt string below is shown (tests/option_letters.sh reads the string).
void print_usage(bool to_stderr) {
    std::fputs("usage: lvsd [OPTION]...\n"
               "       lvsd --test-config [-c FILE] [--settings INI]\n"
               "       lvsd --print-config [-c FILE]\n"
               "  -c, --configfile FILE   lvs.cf (default /etc/sysconfig/ha/lvs.cf)\n"
               "      --settings INI      lvs.ini (default /etc/sysconfig/ha/lvs.ini)\n"
               "  -n, --nodaemon          foreground: log to standard error, or to the\n"
               "                          journal when standard error is the journal\n"
               "      --nofork            daemon without forking (how pulse runs lvsd)\n"
               "  -v, --verbose           debug logging, passed on to the nannies\n"
               "      --pidfile FILE      default /var/run/lvs.pid\n"
               "      --attach-shm        use pulse's status segment (how pulse runs lvsd)\n"
               "      --test-config       check lvs.cf and lvs.ini, then exit\n"
               "      --print-config      print lvs.cf in canonical form\n"
               "      --help              this text\n"
               "      --version           the version\n",
               to_stderr ? stderr : stdout);
}

int parse_options(int argc, char** argv, Options& out) {
    enum { kPrint = 1000, kVersion, kHelp, kNofork, kPidfile, kAttach, kSettings, kTest };
    static const option kLong[] = {
        {"configfile", required_argument, nullptr, 'c'}, {"settings", required_argument, nullptr, kSettings},
        {"test-config", no_argument, nullptr, kTest},    {"print-config", no_argument, nullptr, kPrint},
        {"nodaemon", no_argument, nullptr, 'n'},         {"nofork", no_argument, nullptr, kNofork},
        {"verbose", no_argument, nullptr, 'v'},          {"pidfile", required_argument, nullptr, kPidfile},
        {"version", no_argument, nullptr, kVersion},     {"help", no_argument, nullptr, kHelp},
        {"attach-shm", no_argument, nullptr, kAttach},
        {nullptr, 0, nullptr, 0}};
    out.config = config::kDefaultConfigPath;
    out.settings = config::kDefaultSettingsPath;
    optind = 0;  // 0: glibc starts afresh, also after a parse that stopped inside "-xyz"
    for (int c; (c = getopt_long(argc, argv, "c:nv", kLong, nullptr)) != -1;) {
        switch (c) {
            case 'c': out.config = optarg; break;
            case kSettings: out.settings = optarg; out.settings_given = true; break;
            case kTest: out.mode = Options::Mode::TestConfig; break;
            case kPrint: out.mode = Options::Mode::PrintConfig; break;
            case 'n': out.nodaemon = true; break;
            case kNofork: out.nofork = true; break;
            case 'v': out.verbose = true; break;
            case kPidfile: out.pidfile = optarg; break;
            case kAttach: out.attach_shm = true; break;
            case kVersion: out.mode = Options::Mode::Version; break;
            case kHelp: out.mode = Options::Mode::Help; break;
            default: print_usage(true); return kExitUsage;
        }
    }
    if (optind < argc) {
        std::fprintf(stderr, "lvsd: unexpected arguments\n");
        print_usage(true);
        return kExitUsage;
    }
    return -1;
}

}  // namespace lvs::lvsd
