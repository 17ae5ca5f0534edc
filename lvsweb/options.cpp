// SPDX-License-Identifier: GPL-2.0-or-later
// lvsweb command-line parsing.
#include "lvsweb/options.h"

#include <getopt.h>

#include <cstdio>

#include "common/base/exit_codes.h"
#include "common/http/server.h"

namespace lvs::web {

// One option a line, "-x, --long" or "    --long": tests/option_letters.sh
// reads the letters of every program from here.
void print_usage(bool to_stderr) {
    std::fputs("usage: lvsweb [-c FILE] [--settings INI] [--shm NAME]\n"
               "       lvsweb --passwd [--settings INI]\n"
               "  -c, --configfile FILE   lvs.cf, which the pages edit (default /etc/sysconfig/ha/lvs.cf)\n"
               "      --settings INI      lvs.ini: [web], [shm] and [log] (default /etc/sysconfig/ha/lvs.ini)\n"
               "      --shm NAME          the status segment (default: lvs.ini [shm] name)\n"
               "      --passwd            set the password: asked twice on a terminal, else the\n"
               "                          first line of standard input\n"
               "      --help              this text\n"
               "      --version           the version\n",
               to_stderr ? stderr : stdout);
}

int parse_options(int argc, char** argv, Options& out) {
    enum { kSettings = 1000, kShm, kPasswd, kVersion, kHelp };
    static const option kLong[] = {{"configfile", required_argument, nullptr, 'c'},
                                   {"settings", required_argument, nullptr, kSettings},
                                   {"shm", required_argument, nullptr, kShm},
                                   {"passwd", no_argument, nullptr, kPasswd},
                                   {"version", no_argument, nullptr, kVersion},
                                   {"help", no_argument, nullptr, kHelp},
                                   {nullptr, 0, nullptr, 0}};
    optind = 0;  // 0: glibc starts afresh
    for (int c; (c = getopt_long(argc, argv, "c:", kLong, nullptr)) != -1;) {
        switch (c) {
            case 'c': out.config = optarg; break;
            case kSettings: out.settings = optarg; out.settings_given = true; break;
            case kShm: out.shm = optarg; break;
            case kPasswd: out.mode = Options::Mode::Passwd; break;
            case kVersion: out.mode = Options::Mode::Version; return -1;
            case kHelp: out.mode = Options::Mode::Help; return -1;
            default: print_usage(true); return kExitUsage;
        }
    }
    if (optind < argc) {
        std::fprintf(stderr, "lvsweb: unexpected argument %s\n", argv[optind]);
        print_usage(true);
        return kExitUsage;
    }
    return -1;
}

std::string listener_problem(const config::Settings& s) {
    if (http::is_loopback(s.web_address)) return {};
    if (s.web_tls_cert.empty() || s.web_tls_key.empty())
        return "[web] address " + s.web_address +
               " is not loopback: set tls_cert and tls_key in lvs.ini, or listen on 127.0.0.1 and use an SSH tunnel";
    return {};
}

}  // namespace lvs::web
