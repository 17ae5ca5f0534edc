// SPDX-License-Identifier: GPL-2.0-or-later
// The nanny command line for lvsd's real servers and fos's failover services.
#include "common/config/nanny_command.h"

#include "common/config/writer.h"

namespace lvs::config {
namespace {

constexpr const char* kDefaultNanny = "/usr/sbin/nanny";

std::string seconds(Millis ms) { return format_duration(ms); }

const char* method_flag(Forwarding f) {
    return f == Forwarding::Direct ? "g" : f == Forwarding::Tunnel ? "i" : "m";
}

// What the check sends and expects (check = dns: the question, and the
// answer the response must hold).
void probe_options(const VirtualServer& vs, std::vector<std::string>& a) {
    if (vs.check == CheckKind::Dns) {
        a.insert(a.end(), {"--dns-name", vs.dns_name.value_or("."), "--dns-type", vs.dns_type});
        if (vs.dns_answer) a.insert(a.end(), {"--dns-answer", *vs.dns_answer});
        if (vs.dns_rd) a.push_back("--dns-rd");
        return;
    }
    if (vs.protocol == Protocol::Udp) a.push_back("-u");
    if (vs.send_program) a.insert(a.end(), {"-e", *vs.send_program});
    if (vs.send) a.insert(a.end(), {"-s", *vs.send});
    if (vs.expect) a.insert(a.end(), {"-x", *vs.expect});
}

// The HTTP check and TLS: only what differs from nanny's defaults, so that
// a block without these keys runs nanny exactly as before.
void http_tls_options(const VirtualServer& vs, std::vector<std::string>& a) {
    if (vs.check == CheckKind::Http) {
        a.insert(a.end(), {"--check", "http"});
        const VirtualServer def;
        if (vs.http_method != def.http_method) a.insert(a.end(), {"--http-method", vs.http_method});
        if (vs.http_path != def.http_path) a.insert(a.end(), {"--http-path", vs.http_path});
        if (vs.http_host) a.insert(a.end(), {"--http-host", *vs.http_host});
        for (const auto& h : vs.http_headers) a.insert(a.end(), {"--http-header", h});
        if (vs.http_status != def.http_status) a.insert(a.end(), {"--http-status", vs.http_status});
        if (vs.http_body) a.insert(a.end(), {"--http-body", *vs.http_body});
        if (vs.http_digest) a.insert(a.end(), {"--http-digest", *vs.http_digest});
        if (vs.http_max_body != def.http_max_body)
            a.insert(a.end(), {"--http-max-body", std::to_string(vs.http_max_body)});
        if (vs.http_redirects) a.insert(a.end(), {"--http-redirects", std::to_string(vs.http_redirects)});
    }
    if (!vs.tls) return;
    a.push_back("--tls");
    const std::pair<const char*, const std::optional<std::string>*> opt[] = {
        {"--tls-sni", &vs.tls_sni}, {"--tls-ca", &vs.tls_ca}, {"--tls-verify-name", &vs.tls_verify_name},
        {"--tls-cert", &vs.tls_cert}, {"--tls-key", &vs.tls_key}};
    for (const auto& [flag, v] : opt)
        if (*v) a.insert(a.end(), {flag, **v});
    if (vs.tls_min_version != "1.2") a.insert(a.end(), {"--tls-min-version", vs.tls_min_version});
    if (vs.tls_expiry_warn_days != 14)
        a.insert(a.end(), {"--tls-expiry-warn-days", std::to_string(vs.tls_expiry_warn_days)});
    if (vs.tls_expiry_fails) a.push_back("--tls-expiry-fails");
}

// The rest of a real server's check: its virtual address, forwarding method,
// rise and fall, and how its nanny adapts the weight.
void real_server_options(const VirtualServer& vs, const RealServerCheck& c, std::vector<std::string>& a) {
    a.insert(a.end(), {"--interval", seconds(vs.effective_interval()), "--fall", std::to_string(vs.fall), "-V",
                       vs.address.to_string(), "-M", method_flag(c.cfg->network)});
    // The weight matters to a nanny only when it adapts it; otherwise a weight
    // change must not restart the nanny (lvsd applies it as one update).
    if (nanny_drives_weight(vs)) a.insert(a.end(), {"-w", std::to_string(c.rs->weight)});
    if (vs.slow_start.count() > 0) a.insert(a.end(), {"--slow-start", seconds(vs.slow_start)});
    if (vs.rise) a.insert(a.end(), {"--rise", std::to_string(*vs.rise)});
    if (vs.load_monitor)
        a.insert(a.end(), {"-U", *vs.load_monitor == "uptime" ? c.cfg->rsh_command : *vs.load_monitor});
}

}  // namespace

std::vector<std::string> nanny_argv(const VirtualServer& vs, const NannyCheck& check, const NannyOptions& opts) {
    const auto* rs = std::get_if<RealServerCheck>(&check);
    const auto* fos = std::get_if<FailoverCheck>(&check);
    const std::string& prog = vs.client_monitor == kDefaultNanny ? opts.nanny_path : vs.client_monitor;
    std::vector<std::string> a = {prog, "--nofork", "-h", (rs ? rs->rs->address : vs.address).to_string()};
    if (fos) a.insert(a.end(), {"-V", fos->partner});
    a.insert(a.end(), {"-p", std::to_string(vs.port)});
    if (rs) {
        a.insert(a.end(), {"-r", std::to_string(rs->rs->port)});
        if (vs.fwmark) a.insert(a.end(), {"-f", std::to_string(vs.fwmark)});
    }
    if (fos && opts.verbose) a.push_back("-v");
    probe_options(vs, a);
    http_tls_options(vs, a);
    if (rs && vs.quiesce_server) a.push_back("-q");
    if (vs.use_regex) a.push_back("--regex");
    if (rs && opts.verbose) a.push_back("-v");
    if (rs) a.insert(a.end(), {"-a", seconds(vs.reentry), "-I", rs->cfg->ipvsadm});
    a.insert(a.end(), {"-t", seconds(vs.timeout)});
    if (rs) real_server_options(vs, *rs, a);
    else if (vs.interval) a.insert(a.end(), {"--interval", seconds(*vs.interval)});
    if (opts.foreground) a.push_back("--nodaemon");
    if (rs) {
        a.insert(a.end(), {"--lvs", "--shm", rs->shm_name, "--slot", std::to_string(rs->slot), "--name",
                           vs.name + "/" + rs->rs->name});
    } else {
        // A service that never answered fails only after the partner's
        // start_cmd had its whole deadline (Piranha gave it two checks).
        a.insert(a.end(), {"--grace", seconds(vs.cmd_timeout), "--fos", "--name", vs.name});
    }
    a.insert(a.end(), {"--log-facility", opts.log_facility, "--log-level", log::to_string(opts.log_level)});
    return a;
}

bool nanny_drives_weight(const VirtualServer& vs) {
    return vs.load_monitor.has_value() || vs.slow_start.count() > 0;
}

}  // namespace lvs::config
