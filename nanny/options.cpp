// SPDX-License-Identifier: GPL-2.0-or-later
// nanny command-line parsing.
#include "nanny/options.h"

#include <getopt.h>

#include <cstdio>
#include <cstdlib>

#include "common/base/exit_codes.h"
#include "common/config/values.h"
#include "common/log/logger.h"
#include "common/net/dns_message.h"

namespace lvs::nanny {
namespace {

bool seconds(const char* text, std::chrono::milliseconds& out) {
    auto d = config::detail::parse_duration(text);
    if (!d) return false;
    out = *d;
    return true;
}

bool number(const char* text, long long lo, long long hi, long long& out) {
    auto n = config::detail::parse_int(text);
    if (!n || *n < lo || *n > hi) return false;
    out = *n;
    return true;
}

// One option a line, "-x, --long" or "    --long": tests/option_letters.sh
// reads the letters of every program from here. -c, Piranha's spelling of
// --nofork, is accepted but not shown: -c is the configuration file of
// pulse, lvsd and fos (nanny(8)).
void usage(std::FILE* out) {
    std::fputs("usage: nanny -h ADDRESS --lvs | --fos [OPTION]...\n"
               "  -h, --server ADDRESS         the real server (required)\n"
               "      --lvs                    LVS mode: verdicts in the status segment\n"
               "      --fos                    FOS mode: exit 0 when the service fails\n"
               "  -t, --timeout SECONDS        connect and read timeout (default 10); the\n"
               "                               interval too, without --interval\n"
               "      --interval SECONDS       time between checks\n"
               "  -p, --port PORT              virtual server port (default 80)\n"
               "  -r, --rport PORT             port checked (default: --port)\n"
               "  -a, --reentrytime SECONDS    Piranha's re-entry time: rise = it / interval\n"
               "      --rise N                 good checks to become up\n"
               "      --fall N                 failed checks to become down (default 1)\n"
               "  -s, --send_string STRING     sent after connecting\n"
               "  -x, --expect_string STRING   the reply's prefix, or * for any reply\n"
               "      --regex                  --expect_string is a regular expression\n"
               "  -T, --suppress               no escape decoding in -s and -x\n"
               "  -u, --udp                    UDP check\n"
               "  -e, --send_program COMMAND   check by running COMMAND (needs -x)\n"
               "      --dns-name NAME          DNS check: ask for NAME over UDP instead\n"
               "      --dns-type TYPE          A (default), AAAA, CNAME, MX, NS, PTR, SOA, SRV,\n"
               "                               TXT or a number\n"
               "      --dns-answer TEXT        an answer the response must hold\n"
               "      --dns-rd                 ask for recursion\n"
               "  -V, --virtaddress VIP        accepted (lvsd programs the table)\n"
               "  -f, --fwmark MARK            accepted\n"
               "  -M, --method m|g|i           accepted\n"
               "  -I, --ipvsadm PATH           accepted (nanny never runs ipvsadm)\n"
               "  -q, --quiesce_server         accepted\n"
               "  -w, --weight WEIGHT          configured weight (default 1)\n"
               "  -S, --scale SCALE            load monitor: at most SCALE x WEIGHT (default 10)\n"
               "  -U, --loadcmd COMMAND        load monitor (default none)\n"
               "      --slow-start SECONDS     weight ramp after a recovery (default 0: off)\n"
               "      --grace SECONDS          FOS: time a service may take to come up\n"
               "      --shm NAME               the status segment\n"
               "      --slot N                 this nanny's slot in it\n"
               "      --notify PID             ring PID instead of the parent\n"
               "      --name VIRTUAL/SERVER    label shown by lvsctl\n"
               "  -n, --nodaemon               foreground: log to standard error, or to the\n"
               "                               journal when standard error is the journal\n"
               "      --nofork                 daemon without forking (how lvsd runs nanny)\n"
               "      --log-facility NAME      syslog facility (default daemon)\n"
               "      --log-level LEVEL        most verbose level logged (default info)\n"
               "  -v, --verbose                log every failed check (level debug)\n"
               "      --test-start             accepted\n"
               "      --norun                  accepted\n"
               "      --help                   this text\n"
               "      --version                the version\n",
               out);
}

// Codes of the options without a letter, and the long names.
enum {
    kLvs = 1000, kFos, kRegex, kTest, kVersion, kHelp, kInterval, kRise, kFall, kShm, kSlot, kNotify, kName,
    kSlowStart, kGrace, kLogFacility, kLogLevel, kDnsName, kDnsType, kDnsAnswer, kDnsRd
};
const option kLong[] = {
    {"server", required_argument, nullptr, 'h'}, {"lvs", no_argument, nullptr, kLvs},
    {"fos", no_argument, nullptr, kFos}, {"interval", required_argument, nullptr, kInterval},
    {"timeout", required_argument, nullptr, 't'}, {"port", required_argument, nullptr, 'p'},
    {"rport", required_argument, nullptr, 'r'}, {"reentrytime", required_argument, nullptr, 'a'},
    {"virtaddress", required_argument, nullptr, 'V'}, {"fwmark", required_argument, nullptr, 'f'},
    {"udp", no_argument, nullptr, 'u'}, {"weight", required_argument, nullptr, 'w'},
    {"scale", required_argument, nullptr, 'S'}, {"method", required_argument, nullptr, 'M'},
    {"ipvsadm", required_argument, nullptr, 'I'}, {"loadcmd", required_argument, nullptr, 'U'},
    {"send_string", required_argument, nullptr, 's'}, {"expect_string", required_argument, nullptr, 'x'},
    {"send_program", required_argument, nullptr, 'e'}, {"regex", no_argument, nullptr, kRegex},
    {"suppress", no_argument, nullptr, 'T'}, {"quiesce_server", no_argument, nullptr, 'q'},
    {"nodaemon", no_argument, nullptr, 'n'}, {"nofork", no_argument, nullptr, 'c'},
    {"test-start", no_argument, nullptr, kTest}, {"norun", no_argument, nullptr, kTest},
    {"verbose", no_argument, nullptr, 'v'}, {"version", no_argument, nullptr, kVersion},
    {"rise", required_argument, nullptr, kRise}, {"fall", required_argument, nullptr, kFall},
    {"shm", required_argument, nullptr, kShm}, {"slot", required_argument, nullptr, kSlot},
    {"notify", required_argument, nullptr, kNotify}, {"name", required_argument, nullptr, kName},
    {"slow-start", required_argument, nullptr, kSlowStart}, {"grace", required_argument, nullptr, kGrace},
    {"log-facility", required_argument, nullptr, kLogFacility}, {"log-level", required_argument, nullptr, kLogLevel},
    {"dns-name", required_argument, nullptr, kDnsName}, {"dns-type", required_argument, nullptr, kDnsType},
    {"dns-answer", required_argument, nullptr, kDnsAnswer}, {"dns-rd", no_argument, nullptr, kDnsRd},
    {"help", no_argument, nullptr, kHelp}, {nullptr, 0, nullptr, 0}};

// "-t" or "--log-facility", for a message about the option getopt returned as c.
std::string option_name(int c) {
    if (c < 256) return std::string("-") + static_cast<char>(c);
    for (const option* o = kLong; o->name; ++o)
        if (o->val == c) return std::string("--") + o->name;
    return "?";
}

// The DNS check's options agree with each other and with the rest: an
// error message, or empty.
std::string dns_error(const Options& o) {
    namespace dns = net::dns;
    if (!o.dns_name)
        return o.dns_type || o.dns_answer || o.dns_rd ? "--dns-type, --dns-answer and --dns-rd need --dns-name" : "";
    if (o.send || o.expect || o.program) return "--dns-name does not go with -s, -x or -e";
    if (auto why = dns::name_error(*o.dns_name); !why.empty()) return "--dns-name: not a DNS name (" + why + ")";
    const auto type = dns::parse_type(o.dns_type.value_or("A"));
    if (!type) return "--dns-type: unknown type " + *o.dns_type;
    if (o.dns_answer && !dns::AnswerRule::make(*type, *o.dns_answer))
        return "--dns-answer: not an answer of type " + dns::type_name(*type) + ": " + *o.dns_answer;
    return "";
}

}  // namespace

int parse_options(int argc, char** argv, Options& o) {
    long long n = 0;
    optind = 0;  // 0: glibc starts afresh, also after a parse that stopped inside "-xyz"
    for (int c; (c = getopt_long(argc, argv, "h:t:p:r:a:V:f:uw:S:M:I:U:s:x:e:Tqncv", kLong, nullptr)) != -1;) {
        bool ok = true;
        switch (c) {
            case 'h': o.server = optarg; break;
            case kLvs: o.lvs = true; break;
            case kFos: o.fos = true; break;
            case 't': ok = seconds(optarg, o.timeout) && o.timeout.count() > 0; break;
            case kInterval: { std::chrono::milliseconds v{}; ok = seconds(optarg, v) && v.count() > 0; o.interval = v; break; }
            case 'p': ok = number(optarg, 0, 65535, n); o.port = static_cast<std::uint16_t>(n); break;
            case 'r': ok = number(optarg, 0, 65535, n); o.rport = static_cast<std::uint16_t>(n); break;
            case 'a': ok = seconds(optarg, o.reentry); break;
            case 'V': o.vip = optarg; break;
            case 'f': ok = number(optarg, 0, UINT32_MAX, n); o.fwmark = static_cast<std::uint32_t>(n); break;
            case 'u': o.udp = true; break;
            case 'w': ok = number(optarg, 0, 65535, n); o.weight = static_cast<int>(n); break;
            case 'S': ok = number(optarg, 1, 1000, n); o.scale = static_cast<int>(n); break;
            case 'M': o.method = optarg; break;
            case 'I': o.ipvsadm = optarg; break;
            case 'U': o.load_cmd = optarg; break;
            case 's': o.send = optarg; break;
            case 'x': o.expect = optarg; break;
            case 'e': o.program = optarg; break;
            case kRegex: o.regex = true; break;
            case 'T': o.suppress = true; break;
            case 'q': o.quiesce = true; break;
            case 'n': o.nodaemon = true; break;
            case 'c': o.nofork = true; break;
            case kTest: o.test_start = true; break;
            case 'v': o.verbose = true; break;
            case kRise: ok = number(optarg, 1, 1000000, n); o.rise = static_cast<int>(n); break;
            case kFall: ok = number(optarg, 1, 1000000, n); o.fall = static_cast<int>(n); break;
            case kShm: o.shm = optarg; break;
            case kSlot: ok = number(optarg, 0, 1 << 20, n); o.slot = static_cast<std::uint32_t>(n); break;
            case kNotify: ok = number(optarg, 1, 1 << 22, n); o.notify_pid = static_cast<int>(n); break;
            case kName: o.name = optarg; break;
            case kSlowStart: ok = seconds(optarg, o.slow_start); break;
            case kGrace: ok = seconds(optarg, o.grace); break;
            case kLogFacility: ok = log::facility_from_name(optarg) >= 0; o.log_facility = optarg; break;
            case kLogLevel: ok = log::level_from_name(optarg, &o.log_level); break;
            case kDnsName: o.dns_name = optarg; break;
            case kDnsType: o.dns_type = optarg; break;
            case kDnsAnswer: o.dns_answer = optarg; break;
            case kDnsRd: o.dns_rd = true; break;
            case kVersion: std::puts("nanny 2.0 (lvs suite, Piranha 0.8.6 compatible)"); return kExitOk;
            case kHelp: usage(stdout); return kExitOk;
            default: usage(stderr); return kExitUsage;
        }
        if (!ok) {
            std::fprintf(stderr, "nanny: bad value for option %s: %s\n", option_name(c).c_str(), optarg);
            return kExitUsage;
        }
    }
    if (optind < argc) return std::fputs("nanny: unexpected arguments\n", stderr), kExitUsage;
    if (o.server.empty()) return std::fputs("nanny: No address supplied. Use '--help' for help.\n", stderr), kExitUsage;
    if (!o.lvs && !o.fos) return std::fputs("nanny: unknown service type\n", stderr), kExitUsage;
    if (o.slot && o.shm.empty()) return std::fputs("nanny: --slot needs --shm\n", stderr), kExitUsage;
    if (auto why = dns_error(o); !why.empty()) return std::fprintf(stderr, "nanny: %s\n", why.c_str()), kExitUsage;
    return -1;
}

}  // namespace lvs::nanny
