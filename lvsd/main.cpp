// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd: entry point. Programs IPVS from lvs.cf (daemon work in progress);
// --test-config and --print-config are complete.
#include <getopt.h>

#include <cstdio>
#include <string>

#include "common/base/exit_codes.h"
#include "common/config/config_cli.h"
#include "common/config/parser.h"

namespace {

void usage(FILE* out) {
    std::fputs("usage: lvsd [-c FILE] [-n|--nofork] [-v] [-t|--test-config] [--print-config]\n"
               "            [--version] [-h|--help]\n", out);
}

}  // namespace

int main(int argc, char** argv) {
    enum { kPrint = 1000, kVersion, kNofork };
    static const option kLong[] = {
        {"configfile", required_argument, nullptr, 'c'}, {"test-config", no_argument, nullptr, 't'},
        {"print-config", no_argument, nullptr, kPrint},  {"nodaemon", no_argument, nullptr, 'n'},
        {"nofork", no_argument, nullptr, kNofork},       {"verbose", no_argument, nullptr, 'v'},
        {"version", no_argument, nullptr, kVersion},     {"help", no_argument, nullptr, 'h'},
        {nullptr, 0, nullptr, 0}};
    std::string config = lvs::config::kDefaultConfigPath;
    int command = 0;
    for (int c; (c = getopt_long(argc, argv, "c:tnvh", kLong, nullptr)) != -1;) {
        switch (c) {
            case 'c': config = optarg; break;
            case 't': command = 't'; break;
            case kPrint: command = kPrint; break;
            case 'n': case kNofork: case 'v': break;
            case kVersion: std::puts("lvsd 2.0 (lvs suite; Piranha-compatible)"); return lvs::kExitOk;
            case 'h': usage(stdout); return lvs::kExitOk;
            default: usage(stderr); return lvs::kExitUsage;
        }
    }
    if (optind < argc) {
        std::fprintf(stderr, "lvsd: unexpected arguments\n");
        return lvs::kExitUsage;
    }
    using lvs::config::ConfigCommand;
    if (command == 't') return lvs::config::run_config_command(ConfigCommand::Test, config, "lvsd");
    if (command == kPrint) return lvs::config::run_config_command(ConfigCommand::Print, config, "lvsd");
    std::fprintf(stderr, "lvsd: the daemon is not implemented yet\n");
    return lvs::kExitFailure;
}
