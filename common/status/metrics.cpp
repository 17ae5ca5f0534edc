// SPDX-License-Identifier: GPL-2.0-or-later
// The Prometheus text exposition of a status snapshot.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

#include "common/hb/reject.h"
#include "common/status/render.h"
#include "common/status/render_ecmp.h"

namespace lvs::status {

std::string prom_label(const std::string& s) {
    std::string o;
    for (unsigned char c : s) {
        if (c == '\\') o += "\\\\";
        else if (c == '"') o += "\\\"";
        else if (c == '\n') o += "\\n";
        else if (c < 0x20 || c == 0x7f) o += '?';
        else o += static_cast<char>(c);
    }
    return o;
}

namespace {

class Writer {
public:
    void family(const char* name, const char* type, const char* help) {
        out_ += "# HELP ";
        out_ += name;
        out_ += ' ';
        out_ += help;
        out_ += "\n# TYPE ";
        out_ += name;
        out_ += ' ';
        out_ += type;
        out_ += '\n';
    }
    void sample(const std::string& name, const std::string& labels, double v) {
        char b[64];
        std::snprintf(b, sizeof b, "%.17g", v);
        out_ += name;
        if (!labels.empty()) out_ += "{" + labels + "}";
        out_ += ' ';
        out_ += b;
        out_ += '\n';
    }
    void sample(const std::string& name, const std::string& labels, std::uint64_t v) {
        out_ += name;
        if (!labels.empty()) out_ += "{" + labels + "}";
        out_ += ' ' + std::to_string(v) + '\n';
    }
    void one(const char* name, const char* type, const char* help, std::uint64_t v) {
        family(name, type, help);
        sample(name, "", v);
    }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
};

void vip_metrics(Writer& w, const shm::RouterRecord& r) {
    w.family("lvs_vip_up", "gauge", "1 when the floating address is configured on this router.");
    for (std::uint32_t i = 0; i < r.vip_count && i < shm::kMaxVips; ++i) {
        const auto& v = r.vips[i];
        w.sample("lvs_vip_up", "address=\"" + address_text(v.family, v.addr) + "\",label=\"" +
                                   prom_label(std::string(v.label, strnlen(v.label, sizeof v.label))) + "\"",
                 std::uint64_t{v.up});
    }
}

void bird_session_metrics(Writer& w, const shm::EcmpRecord& e) {
    w.family("lvs_bgp_session_established", "gauge", "1 while the BGP session to the upstream is Established.");
    for (std::uint32_t i = 0; i < std::min(e.bgp_count, shm::kMaxBgpSessions); ++i)
        w.sample("lvs_bgp_session_established", "protocol=\"" + prom_label(field(e.bgp[i].name, sizeof e.bgp[i].name)) + "\"",
                 std::uint64_t{field(e.bgp[i].session, sizeof e.bgp[i].session) == "Established"});
    w.family("lvs_bgp_session_info", "gauge", "BIRD's protocol state and BGP state of each session.");
    for (std::uint32_t i = 0; i < std::min(e.bgp_count, shm::kMaxBgpSessions); ++i) {
        const auto& b = e.bgp[i];
        w.sample("lvs_bgp_session_info", "protocol=\"" + prom_label(field(b.name, sizeof b.name)) + "\",state=\"" +
                                             prom_label(field(b.state, sizeof b.state)) + "\",session=\"" +
                                             prom_label(field(b.session, sizeof b.session)) + "\"",
                 std::uint64_t{1});
    }
    w.family("lvs_bfd_session_up", "gauge", "1 while the BFD session is Up.");
    for (std::uint32_t i = 0; i < std::min(e.bfd_count, shm::kMaxBfdSessions); ++i) {
        const auto& b = e.bfd[i];
        w.sample("lvs_bfd_session_up", "address=\"" + prom_label(field(b.address, sizeof b.address)) +
                                           "\",interface=\"" + prom_label(field(b.interface, sizeof b.interface)) + "\"",
                 std::uint64_t{field(b.state, sizeof b.state) == "Up"});
    }
}

// redundancy = ecmp: no partner and no heartbeat; what is announced, and BIRD.
void ecmp_metrics(Writer& w, const Snapshot& s) {
    const auto& e = s.ecmp;
    w.family("lvs_router_info", "gauge", "This router's role and partner.");
    w.sample("lvs_router_info", "role=\"ecmp\",partner=\"\"", std::uint64_t{1});
    w.one("lvs_lvsd_restarts_total", "counter", "Times pulse restarted lvsd.", s.router.lvsd_restarts);
    vip_metrics(w, s.router);
    w.one("lvs_ecmp_ready", "gauge", "1 when nothing router-wide holds the announcements back (lvsd, table, links, warm-up).",
          std::uint64_t{s.ecmp_present && e.reason == shm::AnnounceReason::Announced && !e.stopping});
    w.one("lvs_ecmp_stopping", "gauge", "1 from the withdrawal at a stop until pulse exits.", std::uint64_t{e.stopping});
    w.one("lvs_ecmp_addresses_announced", "gauge", "Virtual addresses this router announces.", ecmp_announced(e));
    w.family("lvs_ecmp_announced", "gauge", "1 while this router announces the virtual address.");
    for (std::uint32_t i = 0; i < std::min(e.vip_count, shm::kMaxEcmpVips); ++i)
        w.sample("lvs_ecmp_announced", "address=\"" + address_text(e.vips[i].family, e.vips[i].addr) + "\"",
                 std::uint64_t{e.vips[i].announced});
    w.family("lvs_ecmp_route_in_bird", "gauge", "1 when BIRD's last show route listed the address's route.");
    for (std::uint32_t i = 0; i < std::min(e.vip_count, shm::kMaxEcmpVips); ++i)
        w.sample("lvs_ecmp_route_in_bird", "address=\"" + address_text(e.vips[i].family, e.vips[i].addr) + "\"",
                 std::uint64_t{e.vips[i].in_bird});
    w.one("lvs_bird_up", "gauge", "1 when BIRD answered the last status request (birdc).", std::uint64_t{e.bird_answered});
    w.one("lvs_bird_routes", "gauge", "Routes BIRD lists in lvs_vips4 and lvs_vips6.", e.route_count);
    w.one("lvs_bird_applies_total", "counter", "Changes sent to BIRD (birdc configure).", e.applies);
    w.one("lvs_bird_apply_failures_total", "counter", "Changes BIRD or birdc refused or did not answer (retried).",
          e.apply_failures);
    w.one("lvs_bird_polls_total", "counter", "Status requests to BIRD.", e.polls);
    w.one("lvs_bird_poll_failures_total", "counter", "Status requests that failed.", e.poll_failures);
    bird_session_metrics(w, e);
}

void router_metrics(Writer& w, const Snapshot& s) {
    const auto& r = s.router;
    const std::string partner(r.partner, strnlen(r.partner, sizeof r.partner));
    w.family("lvs_router_info", "gauge", "This router's role and partner.");
    w.sample("lvs_router_info", std::string("role=\"") + (r.role ? "backup" : "primary") + "\",partner=\"" +
                                    prom_label(partner) + "\"", std::uint64_t{1});
    w.one("lvs_router_active", "gauge", "1 when this router holds the virtual addresses.", r.active);
    w.one("lvs_router_partner_alive", "gauge", "1 while the partner's heartbeats arrive.", r.partner_alive);
    w.one("lvs_router_warm", "gauge", "1 when this router could serve at once (what fail-back waits for).",
          std::uint64_t{r.warmth == 0});
    w.one("lvs_config_digest_mismatch", "gauge", "1 while the partner's lvs.cf differs from this router's.",
          std::uint64_t{r.digest_mismatch});
    w.family("lvs_failback_seconds", "gauge",
             "Seconds until the backup hands the service back to the primary; -1: no fail-back counting down.");
    w.sample("lvs_failback_seconds", "", r.failback == 2 ? r.failback_in_ms / 1000.0 : -1.0);
    w.family("lvs_heartbeat_last_received_age_seconds", "gauge", "Seconds since the last valid heartbeat.");
    w.sample("lvs_heartbeat_last_received_age_seconds", "",
             r.last_heartbeat_mono_ns ? static_cast<double>(s.now_mono_ns - r.last_heartbeat_mono_ns) / 1e9 : -1.0);
    w.one("lvs_heartbeats_sent_total", "counter", "Heartbeats sent.", r.sent);
    w.one("lvs_heartbeat_send_errors_total", "counter", "Heartbeats the kernel refused to send.", r.send_errors);
    w.one("lvs_heartbeats_received_total", "counter", "Valid heartbeats received.", r.received);
    w.one("lvs_heartbeats_duplicate_total", "counter", "Heartbeats seen twice (second path) or replayed.",
          r.duplicates);
    w.family("lvs_heartbeats_rejected_total", "counter", "Heartbeat packets dropped, by reason.");
    for (const auto& reason : hb::kRejectInfo)
        w.sample("lvs_heartbeats_rejected_total", std::string("reason=\"") + reason.label + "\"",
                 r.rejected[hb::index_of(reason.reason)]);
    w.sample("lvs_heartbeats_rejected_total", "reason=\"unexpected_source\"", r.unexpected_source);
    w.one("lvs_heartbeat_timing_slips_total", "counter", "Timer wake-ups late by more than 20 ms.", r.slips);
    w.one("lvs_failovers_total", "counter", "Times this router became active.", r.failovers);
    w.one("lvs_switchovers_total", "counter", "Planned switchovers this router started.", r.switchovers);
    w.one("lvs_lvsd_restarts_total", "counter", "Times pulse restarted lvsd.", r.lvsd_restarts);
    w.one("lvs_connections_handed_over_total", "counter",
          "IPVS connections sent to the partner's sync daemon on hand-overs.", r.connections_handed_over);
    vip_metrics(w, r);
}

void lvsd_metrics(Writer& w, const Snapshot& s) {
    const auto& l = s.lvsd;
    w.one("lvs_reconcile_runs_total", "counter", "Reconciler runs.", l.reconciles);
    w.one("lvs_ipvs_operations_total", "counter", "IPVS operations sent over netlink.", l.operations);
    w.one("lvs_ipvs_operation_errors_total", "counter", "IPVS operations or dumps that failed.", l.operation_errors);
    w.one("lvs_reconcile_drift_repairs_total", "counter", "Periodic runs that repaired a changed kernel table.",
          l.drift_repairs);
    w.one("lvs_config_reloads_total", "counter", "Configuration reloads applied.", l.reloads);
    w.one("lvs_config_reload_failures_total", "counter", "Reloads refused (the running configuration stayed).",
          l.reload_failures);
    w.one("lvs_nanny_restarts_total", "counter", "Nanny restarts by lvsd.", l.nanny_restarts);
    w.family("lvs_reconcile_last_duration_seconds", "gauge", "Duration of the last reconcile that changed IPVS.");
    w.sample("lvs_reconcile_last_duration_seconds", "", static_cast<double>(l.last_reconcile_us) / 1e6);
    w.family("lvs_verdict_to_kernel_seconds", "gauge",
             "From a nanny's verdict to the IPVS change that carried it out: the last and the largest.");
    w.sample("lvs_verdict_to_kernel_seconds", "stat=\"last\"", static_cast<double>(l.last_verdict_to_kernel_us) / 1e6);
    w.sample("lvs_verdict_to_kernel_seconds", "stat=\"max\"", static_cast<double>(l.max_verdict_to_kernel_us) / 1e6);
    w.one("lvs_virtual_services", "gauge", "Virtual services lvsd manages.", l.services);
}

// TLS checks only: the servers whose nanny has seen a certificate.
void cert_metrics(Writer& w, const Snapshot& s, const std::vector<std::string>& labels) {
    w.family("lvs_real_server_cert_days_left", "gauge",
             "Days until the real server's TLS certificate expires (negative: expired).");
    for (std::size_t i = 0; i < s.servers.size(); ++i)
        if (s.servers[i].rs.cert_seen)
            w.sample("lvs_real_server_cert_days_left", labels[i], static_cast<double>(s.servers[i].rs.cert_days_left));
    w.family("lvs_real_server_cert_expiring", "gauge",
             "1 when the real server's TLS certificate expires within tls_expiry_warn_days.");
    for (std::size_t i = 0; i < s.servers.size(); ++i)
        if (s.servers[i].rs.cert_seen)
            w.sample("lvs_real_server_cert_expiring", labels[i], std::uint64_t{s.servers[i].rs.cert_expiring});
}

void server_metrics(Writer& w, const Snapshot& s) {
    struct Fam {
        const char* name;
        const char* type;
        const char* help;
    };
    const Fam fams[] = {
        {"lvs_real_server_up", "gauge", "1 when the real server is up (or forced up)."},
        {"lvs_real_server_drained", "gauge", "1 when an operator drained the real server."},
        {"lvs_real_server_weight", "gauge", "Weight the nanny asks for."},
        {"lvs_real_server_configured_weight", "gauge", "Weight in lvs.cf."},
        {"lvs_real_server_kernel_weight", "gauge", "Weight in the IPVS table (-1: not in the table)."},
        {"lvs_real_server_checks_total", "counter", "Health checks run."},
        {"lvs_real_server_check_failures_total", "counter", "Health checks that failed."},
        {"lvs_real_server_transitions_total", "counter", "State changes (flaps)."},
        {"lvs_real_server_load_samples_total", "counter", "load_monitor runs whose output parsed."},
        {"lvs_real_server_load_failures_total", "counter", "load_monitor runs that failed (weight kept)."},
        {"lvs_real_server_output_discarded_bytes_total", "counter",
         "send_program or load_monitor output beyond the 4 KiB cap."},
    };
    std::vector<std::string> labels;
    for (const auto& v : s.servers) {
        const std::string n = server_name(v);
        const auto slash = n.find('/');
        labels.push_back("virtual=\"" + prom_label(vs_name(v)) + "\",server=\"" +
                         prom_label(slash == std::string::npos ? n : n.substr(slash + 1)) + "\",address=\"" +
                         server_text(v.rs) + "\"");
    }
    for (std::size_t f = 0; f < sizeof fams / sizeof fams[0]; ++f) {
        w.family(fams[f].name, fams[f].type, fams[f].help);
        for (std::size_t i = 0; i < s.servers.size(); ++i) {
            const auto& r = s.servers[i].rs;
            const std::uint64_t vals[] = {
                r.state == shm::RsState::Up || r.state == shm::RsState::ForcedUp, r.state == shm::RsState::Drained,
                0, 0, 0, r.checks, r.failures, r.transitions, r.load_samples, r.load_failures, r.output_discarded};
            if (f == 2) w.sample(fams[f].name, labels[i], static_cast<double>(r.weight));
            else if (f == 3)
                w.sample(fams[f].name, labels[i],
                         static_cast<double>(s.servers[i].dest.in_use ? s.servers[i].dest.configured_weight
                                                                      : r.configured_weight));
            else if (f == 4) w.sample(fams[f].name, labels[i], static_cast<double>(s.servers[i].dest.kernel_weight));
            else w.sample(fams[f].name, labels[i], vals[f]);
        }
    }
    cert_metrics(w, s, labels);
    const char* h = "lvs_real_server_check_latency_seconds";
    w.family(h, "histogram", "Health check latency.");
    for (std::size_t i = 0; i < s.servers.size(); ++i) {
        const auto& r = s.servers[i].rs;
        std::uint64_t cum = 0;
        for (std::uint32_t b = 0; b < shm::kLatencyBuckets; ++b) {
            cum += r.latency_bucket[b];
            char le[32];
            if (b + 1 < shm::kLatencyBuckets)
                std::snprintf(le, sizeof le, "%g", static_cast<double>(shm::kLatencyBoundsUs[b]) / 1e6);
            else std::snprintf(le, sizeof le, "+Inf");
            w.sample(std::string(h) + "_bucket", labels[i] + ",le=\"" + le + "\"", cum);
        }
        w.sample(std::string(h) + "_sum", labels[i], static_cast<double>(r.latency_sum_us) / 1e6);
        w.sample(std::string(h) + "_count", labels[i], cum);
    }
}

}  // namespace

std::string render_metrics(const Snapshot& s, const std::string& extra) {
    Writer w;
    w.one("lvs_router_present", "gauge", "1 when pulse runs on this node.", s.router_present);
    w.one("lvs_lvsd_up", "gauge", "1 when lvsd runs.", s.lvsd_present);
    if (ecmp_mode(s)) ecmp_metrics(w, s);
    else if (s.router_present) router_metrics(w, s);
    if (s.lvsd_present) lvsd_metrics(w, s);
    server_metrics(w, s);
    const Verdict v = evaluate(s);
    w.one("lvs_check_status", "gauge", "lvsctl check: 0 ok, 1 degraded, 2 down.",
          static_cast<std::uint64_t>(v.health));
    return w.take() + extra;
}

}  // namespace lvs::status
