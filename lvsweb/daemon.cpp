// SPDX-License-Identifier: GPL-2.0-or-later
// lvsweb serving and --passwd.
#include "lvsweb/daemon.h"

#include <pwd.h>
#include <csignal>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "common/base/exit_codes.h"
#include "common/base/file.h"
#include "common/ev/event_loop.h"
#include "common/http/server.h"
#include "common/log/logger.h"
#include "lvsweb/password.h"
#include "lvsweb/sync_listener.h"
#include "lvsweb/web_app.h"

namespace lvs::web {

namespace {

// lvs.ini, its diagnostics printed; -1 when good, else the exit status.
int load(const Options& o, config::Settings& out) {
    auto st = config::load_settings(o.settings, o.settings_given);
    if (!st.ok()) return log::early(log::Level::Error, "lvsweb: %s\n", st.error().message().c_str()), kExitFailure;
    config::print_diagnostics(st->diagnostics);
    if (!st->ok()) return kExitConfig;
    out = st->settings;
    return -1;
}

// The TLS certificate and key, when [web] names them; -1 when good.
int read_tls(const config::Settings& s, http::Options& h) {
    if (s.web_tls_cert.empty() && s.web_tls_key.empty()) return -1;
    if (s.web_tls_cert.empty() || s.web_tls_key.empty())
        return log::early(log::Level::Error, "lvsweb: [web] needs both tls_cert and tls_key\n"), kExitConfig;
    auto cert = read_file(s.web_tls_cert);
    auto key = read_file(s.web_tls_key);
    for (const auto* r : {&cert, &key})
        if (!r->ok()) return log::early(log::Level::Error, "lvsweb: %s\n", r->error().message().c_str()), kExitConfig;
    h.tls_cert_pem = *cert;
    h.tls_key_pem = *key;
    return -1;
}

// [web] sync_address: the partner's pushes of lvs.cf (sync_listener.h);
// -1 when good (or not asked for), else the exit status.
int start_sync(const config::Settings& s, const Options& o, const std::string& shm, std::unique_ptr<SyncListener>& out) {
    if (s.web_sync_address.empty()) return -1;
    auto psk = sync::psk_from_key_file(s.heartbeat_key_file);
    if (!psk.ok()) return LVS_LOG_ERROR("[web] sync_address needs the heartbeat key: %s", psk.error().message().c_str()), kExitConfig;
    const std::string path = o.config;
    sync::ReceiverPorts ports{
        [path](const std::string& text) { return config::install_config(path, text, config::system_parse_options()); },
        [shm] {
            const auto snap = read_status(shm);
            if (!snap.ok()) {
                LVS_LOG_WARN("lvs.cf from the partner installed, but no reload: %s", snap.error().message().c_str());
                return snap.error().message();
            }
            const auto p = status::request_control(status::Action::Reload, "", *snap, "the partner's lvs.cf sync", status::system_signal());
            if (p.outcome == status::ControlOutcome::Requested) return std::string();
            const std::string why = status::describe_failure(p);
            LVS_LOG_WARN("lvs.cf from the partner installed, but no reload: %s", why.c_str());
            return why;
        }};
    auto l = SyncListener::start(s.web_sync_address, s.web_sync_port, std::move(*psk), std::move(ports));
    if (!l.ok()) return LVS_LOG_ERROR("%s", l.error().message().c_str()), kExitFailure;
    LVS_LOG_NOTICE("accepting lvs.cf from the partner on %s port %u (TLS 1.3, heartbeat key)", s.web_sync_address.c_str(),
                   static_cast<unsigned>(s.web_sync_port));
    out = std::move(*l);
    return -1;
}

}  // namespace

int serve(const Options& o) {
    log::set_tag("lvsweb");
    config::Settings s;
    if (const int rc = load(o, s); rc >= 0) return rc;
    log::set_level(s.log_level);
    log::use_foreground(log::facility_from_name(s.log_facility));
    if (const std::string why = listener_problem(s); !why.empty())
        return log::early(log::Level::Error, "lvsweb: refusing to start: %s\n", why.c_str()), kExitConfig;
    http::Options h;
    h.address = s.web_address;
    h.port = s.web_port;
    h.max_body = 64 * 1024;  // a virtual server's form: some 80 fields
    h.max_connections = 32;
    h.timeout_s = 30;
    h.name = "lvsweb";
    if (const int rc = read_tls(s, h); rc >= 0) return rc;
    if (auto pw = read_password_file(s.web_password_file); !pw.ok())
        LVS_LOG_WARN("no login possible until the password is set (lvsweb --passwd): %s", pw.error().message().c_str());
    const std::string shm = o.shm.empty() ? s.shm_name : o.shm;
    const std::string pwfile = s.web_password_file;
    WebPorts ports{[shm] { return read_status(shm); }, status::system_signal(), system_now(), system_random(),
                   [pwfile] { return read_password_file(pwfile); }, system_config_ports(o.config, s)};
    WebOptions wo;
    wo.tls = !h.tls_cert_pem.empty();
    wo.idle = std::chrono::seconds(s.web_session_idle_s);
    WebApp app(wo, std::move(ports));
    auto server = http::Server::start(h, [&app](const http::Request& r) { return app.handle(r); });
    if (!server.ok()) return LVS_LOG_ERROR("%s", server.error().message().c_str()), kExitFailure;
    std::signal(SIGPIPE, SIG_IGN);
    std::unique_ptr<SyncListener> sync_listener;
    if (const int rc = start_sync(s, o, shm, sync_listener); rc >= 0) return rc;
    auto& loop = ev::Loop::instance();
    for (const int sig : {SIGTERM, SIGINT})
        loop.on_signal(sig, [&loop] { loop.stop(); });
    const bool v6 = s.web_address.find(':') != std::string::npos;
    LVS_LOG_NOTICE("listening on %s://%s%s%s:%u/ (status segment %s, %s)", wo.tls ? "https" : "http", v6 ? "[" : "",
                   s.web_address.c_str(), v6 ? "]" : "", static_cast<unsigned>((*server)->port()), shm.c_str(),
                   o.config.c_str());
    loop.run();
    LVS_LOG_NOTICE("stopping");
    return kExitOk;
}

int set_password(const Options& o) {
    config::Settings s;
    if (const int rc = load(o, s); rc >= 0) return rc;
    auto pw = read_new_password();
    if (!pw.ok()) return std::fprintf(stderr, "lvsweb: %s\n", pw.error().message().c_str()), kExitFailure;
    if (const std::string why = password_problem(*pw); !why.empty())
        return std::fprintf(stderr, "lvsweb: %s\n", why.c_str()), kExitUsage;
    auto hash = hash_password(*pw);
    if (!hash.ok()) return std::fprintf(stderr, "lvsweb: %s\n", hash.error().message().c_str()), kExitFailure;
    if (auto st = write_password_file(s.web_password_file, *hash); !st.ok()) {
        const bool perm = st.error().sys_errno == EACCES || st.error().sys_errno == EPERM;
        std::fprintf(stderr, "lvsweb: %s\n", st.error().message().c_str());
        return perm ? kExitPermission : kExitFailure;
    }
    const passwd* who = ::getpwuid(::getuid());
    log::set_tag("lvsweb");
    log::use_syslog(log::facility_from_name(s.log_facility));
    LVS_LOG_NOTICE("password changed in %s by %s (uid %u)", s.web_password_file.c_str(), who ? who->pw_name : "?",
                   static_cast<unsigned>(::getuid()));
    std::printf("lvsweb: password stored in %s\n", s.web_password_file.c_str());
    return kExitOk;
}

}  // namespace lvs::web
