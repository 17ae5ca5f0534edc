// SPDX-License-Identifier: GPL-2.0-or-later
// nanny: checks one real server and reports through shared memory (nanny(8)).
#include <sys/prctl.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>

#include "common/base/exit_codes.h"
#include "common/config/escapes.h"
#include "common/log/logger.h"
#include "common/proc/daemon.h"
#include "nanny/dns_check.h"
#include "nanny/http_check.h"
#include "nanny/nanny_app.h"

namespace {

using namespace lvs;

// Escape-decoded string, or exit status 2 on a bad escape.
bool decode(const std::optional<std::string>& in, bool suppress, std::string& out, const char* what) {
    if (!in) return true;
    if (suppress) { out = *in; return true; }
    auto r = config::decode_escapes(*in);
    if (!r.ok()) return log::early(log::Level::Error, "nanny: %s: %s\n", what, r.error().context.c_str()), false;
    out = *r;
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    nanny::Options o;
    if (int rc = nanny::parse_options(argc, argv, o); rc >= 0) return rc;
    if (o.digest_url) return nanny::digest_main(o);
    auto addr = IpAddress::parse(o.server);
    if (!addr) return log::early(log::Level::Error, "nanny: bad IP address -- %s\n", o.server.c_str()), kExitUsage;
    if (o.program && !o.expect) return std::fputs("nanny: send_program needs an expect string (-x)\n", stderr), kExitConfig;
    nanny::ProbeSpec spec;
    spec.addr = *addr;
    spec.port = o.rport.value_or(o.port);
    spec.udp = o.udp;
    spec.timeout = o.timeout;
    spec.dns = nanny::dns_spec(o);
    if (spec.dns) spec.port = nanny::dns_port(spec.port);
    std::string send, expect;
    if (!o.send && !o.expect && o.port == 80 && !o.http.on && !spec.dns) {
        send = "GET / HTTP/1.0\r\n\r\n";
        expect = "HTTP";
        o.expect = expect;
    } else if (!decode(o.send, o.suppress, send, "send") || !decode(o.expect, o.suppress, expect, "expect")) {
        return kExitConfig;
    }
    spec.send = send;
    if (o.program) {  // send_program replaces the socket check (Piranha ran one or the other)
        auto prog = nanny::program_argv(*o.program, addr->to_string(), spec.port);
        if (!prog.ok()) return log::early(log::Level::Error, "nanny: %s\n", prog.error().message().c_str()), kExitConfig;
        spec.program = std::move(*prog);
        spec.send.clear();
    }
    if (o.expect) {
        auto rule = nanny::ExpectRule::make(expect, o.regex);
        if (!rule.ok()) return log::early(log::Level::Error, "nanny: %s\n", rule.error().message().c_str()), kExitConfig;
        spec.expect = *rule;
    }
    if (auto r = nanny::http_tls_spec(o, spec); !r.ok())
        return log::early(log::Level::Error, "nanny: %s\n", r.error().message().c_str()), kExitConfig;
    const auto interval = o.interval.value_or(o.timeout);
    const auto reentry = o.reentry.count() > 0 ? o.reentry : (o.fos ? interval : std::chrono::milliseconds(180000));
    nanny::HealthParams hp{o.rise.value_or(std::max<int>(1, static_cast<int>(reentry / interval))), o.fall};
    std::unique_ptr<shm::StatusTable> table;
    if (!o.shm.empty()) {
        auto t = shm::StatusTable::open(o.shm);
        if (!t.ok()) return log::early(log::Level::Error, "nanny: %s\n", t.error().message().c_str()),
                     t.error().code == ErrorCode::Layout ? kExitConfig : kExitFailure;
        if (o.slot && *o.slot >= (*t)->rs_slots()) return std::fputs("nanny: slot out of range\n", stderr), kExitUsage;
        table = std::move(*t);
    }
    log::set_tag("nanny");
    log::set_level(o.verbose ? log::Level::Debug : o.log_level);  // lvs.ini's [log], passed down by lvsd or fos
    const int facility = log::facility_from_name(o.log_facility);
    if (o.nodaemon) {
        log::use_foreground(facility);  // standard error, or the journal under systemd
    } else {
        if (auto s = proc::daemonize(!o.nofork); !s.ok()) return kExitFailure;
        log::use_syslog(facility);
    }
    // Die with lvsd (keepalived's recipe: set, then re-check the parent).
    const pid_t parent = getppid();
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (o.slot && getppid() != parent) return kExitFailure;
    // Orphans of a send_program or load command come back to nanny, whose
    // loop reaps them, instead of to init.
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    LVS_LOG_INFO("starting LVS client monitor for %s:%u -> %s:%u", o.vip.empty() ? "-" : o.vip.c_str(), o.port,
                 o.server.c_str(), spec.port);
    nanny::NannyApp app(o, spec, hp, std::move(table));
    return app.run();
}
