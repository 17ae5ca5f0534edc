// SPDX-License-Identifier: GPL-2.0-or-later
// nanny command-line parsing.
#include "nanny/options.h"

#include <getopt.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "common/base/exit_codes.h"
#include "common/config/http_rules.h"
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

// One option a line, "-x, --long" or "    --long"; every letter of the
// getopt string in parse_options is shown (tests/option_letters.sh reads the
// string). Piranha's -c (--nofork) is gone: -c is the configuration file of
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
               "      --check tcp|http         send/expect (default) or an HTTP request\n"
               "      --http-method METHOD     HTTP method (default GET)\n"
               "      --http-path PATH         request path (default /)\n"
               "      --http-host HOST         Host header (default: the server's address)\n"
               "      --http-header 'N: V'     an extra request header (repeatable)\n"
               "      --http-status LIST       accepted status codes (default 200-399)\n"
               "      --http-body REGEX        the body must match REGEX\n"
               "      --http-digest HEX        the body's SHA-256 must be HEX\n"
               "      --http-max-body BYTES    body bytes read at most (default 65536)\n"
               "      --http-redirects N       follow up to N redirects on this server\n"
               "      --tls                    TLS on the TCP check\n"
               "      --tls-sni NAME           server name sent (default: the Host when a name)\n"
               "      --tls-ca FILE|DIR        verify the certificate against these CAs\n"
               "      --tls-verify-name NAME   name the certificate must carry (default: SNI)\n"
               "      --tls-cert FILE          client certificate (with --tls-key)\n"
               "      --tls-key FILE           client certificate's key\n"
               "      --tls-min-version V      1.2 (default) or 1.3\n"
               "      --tls-expiry-warn-days N warn when the certificate expires within N days\n"
               "      --tls-expiry-fails       an expiring certificate fails the check\n"
               "      --digest URL             fetch URL once and print the body's SHA-256\n"
               "      --insecure               --digest: no certificate verification\n"
               "      --help                   this text\n"
               "      --version                the version\n",
               out);
}

// Codes of the options without a letter, and the long names.
enum {
    kLvs = 1000, kFos, kRegex, kTest, kVersion, kHelp, kInterval, kRise, kFall, kShm, kSlot, kNotify, kName,
    kSlowStart, kGrace, kLogFacility, kLogLevel, kDnsName, kDnsType, kDnsAnswer, kDnsRd, kNofork, kCheck, kHttpMethod,
    kHttpPath, kHttpHost, kHttpHeader, kHttpStatus, kHttpBody, kHttpDigest, kHttpMaxBody, kHttpRedirects, kTls,
    kTlsSni, kTlsCa, kTlsVerifyName, kTlsCert, kTlsKey, kTlsMinVersion, kTlsWarnDays, kTlsExpiryFails, kDigest,
    kInsecure
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
    {"nodaemon", no_argument, nullptr, 'n'}, {"nofork", no_argument, nullptr, kNofork},
    {"test-start", no_argument, nullptr, kTest}, {"norun", no_argument, nullptr, kTest},
    {"verbose", no_argument, nullptr, 'v'}, {"version", no_argument, nullptr, kVersion},
    {"rise", required_argument, nullptr, kRise}, {"fall", required_argument, nullptr, kFall},
    {"shm", required_argument, nullptr, kShm}, {"slot", required_argument, nullptr, kSlot},
    {"notify", required_argument, nullptr, kNotify}, {"name", required_argument, nullptr, kName},
    {"slow-start", required_argument, nullptr, kSlowStart}, {"grace", required_argument, nullptr, kGrace},
    {"log-facility", required_argument, nullptr, kLogFacility}, {"log-level", required_argument, nullptr, kLogLevel},
    {"check", required_argument, nullptr, kCheck}, {"http-method", required_argument, nullptr, kHttpMethod},
    {"http-path", required_argument, nullptr, kHttpPath}, {"http-host", required_argument, nullptr, kHttpHost},
    {"http-header", required_argument, nullptr, kHttpHeader}, {"http-status", required_argument, nullptr, kHttpStatus},
    {"http-body", required_argument, nullptr, kHttpBody}, {"http-digest", required_argument, nullptr, kHttpDigest},
    {"http-max-body", required_argument, nullptr, kHttpMaxBody},
    {"http-redirects", required_argument, nullptr, kHttpRedirects}, {"tls", no_argument, nullptr, kTls},
    {"tls-sni", required_argument, nullptr, kTlsSni}, {"tls-ca", required_argument, nullptr, kTlsCa},
    {"tls-verify-name", required_argument, nullptr, kTlsVerifyName}, {"tls-cert", required_argument, nullptr, kTlsCert},
    {"tls-key", required_argument, nullptr, kTlsKey}, {"tls-min-version", required_argument, nullptr, kTlsMinVersion},
    {"tls-expiry-warn-days", required_argument, nullptr, kTlsWarnDays},
    {"tls-expiry-fails", no_argument, nullptr, kTlsExpiryFails}, {"digest", required_argument, nullptr, kDigest},
    {"insecure", no_argument, nullptr, kInsecure},
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

// The long options of the HTTP check, TLS and --digest; false on a bad value.
bool http_tls_option(int c, Options& o) {
    long long n = 0;
    bool ok = true;
    switch (c) {
        case kCheck:
            ok = std::string_view(optarg) == "http" || std::string_view(optarg) == "tcp";
            o.http.on = std::string_view(optarg) == "http";
            break;
        case kHttpMethod: ok = config::is_http_token(optarg); o.http.method = optarg; break;
        case kHttpPath: ok = optarg[0] == '/' && config::is_http_word(optarg); o.http.path = optarg; break;
        case kHttpHost: ok = config::is_http_word(optarg); o.http.host = optarg; break;
        case kHttpHeader:
            ok = std::strchr(optarg, ':') && !std::strpbrk(optarg, "\r\n");
            o.http.headers.push_back(optarg);
            break;
        case kHttpStatus: ok = config::StatusSet::parse(optarg).ok(); o.http.status = optarg; break;
        case kHttpBody: o.http.body = optarg; break;
        case kHttpDigest: ok = config::parse_digest(optarg).ok(); o.http.digest = optarg; break;
        case kHttpMaxBody: ok = number(optarg, 1, 16 << 20, n); o.http.max_body = static_cast<std::size_t>(n); break;
        case kHttpRedirects: ok = number(optarg, 0, 10, n); o.http.redirects = static_cast<int>(n); break;
        case kTls: o.tls.on = true; break;
        case kTlsSni: o.tls.sni = optarg; break;
        case kTlsCa: o.tls.ca = optarg; break;
        case kTlsVerifyName: o.tls.verify_name = optarg; break;
        case kTlsCert: o.tls.cert = optarg; break;
        case kTlsKey: o.tls.key = optarg; break;
        case kTlsMinVersion:
            ok = std::string_view(optarg) == "1.2" || std::string_view(optarg) == "1.3";
            o.tls.min_version = ok && optarg[2] == '3' ? 13 : 12;
            break;
        case kTlsWarnDays: ok = number(optarg, 0, 3650, n); o.tls.expiry_warn_days = static_cast<int>(n); break;
        case kTlsExpiryFails: o.tls.expiry_fails = true; break;
        case kDigest: o.digest_url = optarg; break;
        case kInsecure: o.tls.insecure = true; break;
        default: return false;
    }
    return ok;
}

bool is_http_tls_option(int c) { return c >= kCheck && c <= kInsecure; }

// The DNS check's options agree with each other and with the rest: an
// error message, or empty.
std::string dns_error(const Options& o) {
    namespace dns = net::dns;
    if (!o.dns_name)
        return o.dns_type || o.dns_answer || o.dns_rd ? "--dns-type, --dns-answer and --dns-rd need --dns-name" : "";
    if (o.send || o.expect || o.program) return "--dns-name does not go with -s, -x or -e";
    if (o.http.on || o.tls.on) return "--dns-name does not go with --check http or --tls";
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
    for (int c; (c = getopt_long(argc, argv, "h:t:p:r:a:V:f:uw:S:M:I:U:s:x:e:Tqnv", kLong, nullptr)) != -1;) {
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
            case kNofork: o.nofork = true; break;
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
            default:
                if (!is_http_tls_option(c)) return usage(stderr), kExitUsage;
                ok = http_tls_option(c, o);
                break;
        }
        if (!ok) {
            std::fprintf(stderr, "nanny: bad value for option %s: %s\n", option_name(c).c_str(), optarg);
            return kExitUsage;
        }
    }
    if (optind < argc) return std::fputs("nanny: unexpected arguments\n", stderr), kExitUsage;
    if (o.digest_url) return -1;  // tool mode: no server, no mode
    if (o.server.empty()) return std::fputs("nanny: No address supplied. Use '--help' for help.\n", stderr), kExitUsage;
    if (!o.lvs && !o.fos) return std::fputs("nanny: unknown service type\n", stderr), kExitUsage;
    if (o.slot && o.shm.empty()) return std::fputs("nanny: --slot needs --shm\n", stderr), kExitUsage;
    if (o.http.on && (o.udp || o.program || o.send || o.expect))
        return std::fputs("nanny: --check http is a TCP check without -u, -e, -s or -x\n", stderr), kExitUsage;
    if (o.tls.on && (o.udp || o.program)) return std::fputs("nanny: --tls needs a TCP check\n", stderr), kExitUsage;
    if (o.tls.cert.has_value() != o.tls.key.has_value())
        return std::fputs("nanny: --tls-cert and --tls-key go together\n", stderr), kExitUsage;
    if (auto why = dns_error(o); !why.empty()) return std::fprintf(stderr, "nanny: %s\n", why.c_str()), kExitUsage;
    return -1;
}

}  // namespace lvs::nanny
