// SPDX-License-Identifier: GPL-2.0-or-later
// pulse command-line parsing.
#include "pulse/options.h"

#include <getopt.h>

#include <cstdio>

#include "common/base/exit_codes.h"
#include "common/config/parser.h"
#include "common/config/settings.h"

namespace lvs::pulse {

// One option a line, "-x, --long" or "    --long"; every letter of the
// getopt string below is shown (tests/option_letters.sh reads the string).
void print_usage(bool to_stderr) {
    std::fputs("usage: pulse [OPTION]...\n"
               "       pulse --test-config [-c FILE] [--settings INI]\n"
               "       pulse --print-config [-c FILE]\n"
               "  -c, --configfile FILE   lvs.cf (default /etc/sysconfig/ha/lvs.cf)\n"
               "      --settings INI      lvs.ini (default /etc/sysconfig/ha/lvs.ini)\n"
               "  -n, --nodaemon          foreground: log to standard error, or to the\n"
               "                          journal when standard error is the journal\n"
               "  -v, --verbose           debug logging, passed on to lvsd and the nannies\n"
               "      --forceactive       become active at start-up\n"
               "      --norun             the heartbeat only: no lvsd, commands, addresses\n"
               "      --test-start        the same as --norun\n"
               "      --lvsd PATH         the lvsd binary (default: lvs.ini [paths] lvsd)\n"
               "      --fos PATH          the fos binary (default: lvs.ini [paths] fos)\n"
               "      --pidfile FILE      default /var/run/pulse.pid\n"
               "      --test-config       check lvs.cf, lvs.ini and the key file, then exit\n"
               "      --print-config      print lvs.cf in canonical form\n"
               "      --config-present    exit 0 if lvs.cf exists, 1 if not (the unit's ExecCondition)\n"
               "      --release-addresses remove this router's VIPs left by a dead pulse, then exit\n"
               "      --help              this text\n"
               "      --version           the version\n",
               to_stderr ? stderr : stdout);
}

int parse_options(int argc, char** argv, Options& o) {
    enum { kPrint = 1000, kVersion, kHelp, kForce, kNorun, kLvsd, kFos, kPidfile, kPresent, kRelease, kSettings,
           kTest };
    static const option kLong[] = {
        {"configfile", required_argument, nullptr, 'c'}, {"settings", required_argument, nullptr, kSettings},
        {"test-config", no_argument, nullptr, kTest},    {"print-config", no_argument, nullptr, kPrint},
        {"nodaemon", no_argument, nullptr, 'n'},         {"verbose", no_argument, nullptr, 'v'},
        {"forceactive", no_argument, nullptr, kForce},   {"norun", no_argument, nullptr, kNorun},
        {"test-start", no_argument, nullptr, kNorun},    {"lvsd", required_argument, nullptr, kLvsd},
        {"fos", required_argument, nullptr, kFos},       {"pidfile", required_argument, nullptr, kPidfile},
        {"version", no_argument, nullptr, kVersion},     {"help", no_argument, nullptr, kHelp},
        {"config-present", no_argument, nullptr, kPresent}, {"release-addresses", no_argument, nullptr, kRelease},
        {nullptr, 0, nullptr, 0}};
    o.config = config::kDefaultConfigPath;
    o.settings = config::kDefaultSettingsPath;
    optind = 0;  // 0: glibc starts afresh, also after a parse that stopped inside "-xyz"
    for (int c; (c = getopt_long(argc, argv, "c:nv", kLong, nullptr)) != -1;) {
        switch (c) {
            case 'c': o.config = optarg; break;
            case kSettings: o.settings = optarg; o.settings_given = true; break;
            case kTest: o.mode = Options::Mode::TestConfig; break;
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
            case kHelp: o.mode = Options::Mode::Help; break;
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
