// SPDX-License-Identifier: GPL-2.0-or-later
// lvsweb's requests: gate, pages, login, controls, the status API.
#include "lvsweb/web_app.h"

#include "common/log/logger.h"
#include "common/shm/status_table.h"
#include "common/status/render.h"
#include "lvsweb/pages.h"
#include "lvsweb/password.h"
#include "lvsweb/responses.h"

namespace lvs::web {

http::Response secured(http::Response r) {
    for (std::size_t i = 0; i < kSecurityHeaderCount; ++i) r.headers.emplace_back(kSecurityHeaders[i][0], kSecurityHeaders[i][1]);
    return r;
}

http::Response page(int code, std::string body) {
    return secured({code, "text/html; charset=utf-8", std::move(body), {}});
}

http::Response redirect(const std::string& where) {
    return secured({303, "text/plain; charset=utf-8", "see " + where + "\n", {{"Location", where}}});
}

namespace {

http::Response json(int code, std::string body) {
    return secured({code, "application/json", std::move(body), {}});
}

std::string media_type(std::string ct) {
    if (const auto semi = ct.find(';'); semi != std::string::npos) ct.resize(semi);
    while (!ct.empty() && (ct.back() == ' ' || ct.back() == '\t')) ct.pop_back();
    for (auto& ch : ct) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    return ct;
}

// A real server's name or address: printable, so that no target can
// forge a log line.
bool printable(const std::string& s) {
    for (const unsigned char ch : s)
        if (ch < 0x20 || ch == 0x7f) return false;
    return true;
}

bool parse_action(const std::string& s, status::Action& a) {
    if (s == "drain") a = status::Action::Drain;
    else if (s == "undrain") a = status::Action::Undrain;
    else if (s == "reload") a = status::Action::Reload;
    else if (s == "switchover") a = status::Action::Switchover;
    else return false;
    return true;
}

int refusal_code(status::ControlOutcome o) {
    switch (o) {
        case status::ControlOutcome::NoSuchServer: return 404;
        case status::ControlOutcome::SignalFailed: return 500;
        default: return 409;
    }
}

std::string subject_text(const status::ControlPlan& p) {
    return std::string(status::to_string(p.action)) + (status::targets_server(p.action) ? " of " + p.subject : "");
}

}  // namespace

WebApp::WebApp(WebOptions opts, WebPorts ports)
    : opts_(opts), ports_(std::move(ports)), sessions_(opts.idle, ports_.now, ports_.random), limiter_(opts.limits) {}

http::Response WebApp::handle(const http::Request& r) {
    const Match m = route(r.method, r.path);
    if (m.kind == Match::Kind::NotFound) return page(404, error_page(404, "No such page."));
    if (m.kind == Match::Kind::MethodNotAllowed) {
        auto resp = page(405, error_page(405, "This page does not take " + r.method + "."));
        resp.headers.emplace_back("Allow", m.allow);
        return resp;
    }
    Context c{r, {}, nullptr, {}};
    for (const auto& [k, v] : http::parse_cookies(r.header("cookie")))
        if (k == kSessionCookie) c.token = v;
    if (!c.token.empty()) c.session = sessions_.find(c.token, m.route->page != Page::ApiStatus);
    const bool post = r.method == "POST";
    std::string presented;
    if (post) {
        if (media_type(r.header("content-type")) != "application/x-www-form-urlencoded")
            return page(415, error_page(415, "Only forms (application/x-www-form-urlencoded) are accepted."));
        auto f = http::parse_form(r.body);
        if (!f.ok()) return page(400, error_page(400, "Malformed form: " + f.error().message() + "."));
        c.form = std::move(*f);
        presented = http::field(c.form, "csrf").value_or(r.header("x-csrf-token"));
    }
    const bool csrf_ok = c.session && csrf_matches(c.session->csrf, presented);
    const bool origin_ok = !post || same_origin(r.header("origin"), r.header("host"), opts_.tls);
    switch (gate(m.route->access, c.session != nullptr, csrf_ok, origin_ok)) {
        case Gate::Pass: break;
        case Gate::LoginFirst:
            return m.route->page == Page::ApiStatus ? json(401, "{\"error\":\"log in first\"}\n") : redirect("/login");
        case Gate::Forbidden: {
            const char* why = !origin_ok ? "sent from another origin" : !c.session ? "no session" : "no valid CSRF token";
            LVS_LOG_WARN("refused %s %s from %s: %s", r.method.c_str(), r.path.c_str(), r.peer.c_str(), why);
            return page(403, error_page(403, std::string("Refused: ") + why + ". Log in and use the page's buttons."));
        }
    }
    return dispatch(m.route->page, c);
}

http::Response WebApp::dispatch(Page p, Context& c) {
    switch (p) {
        case Page::Root: return redirect("/control");
        case Page::LoginForm: return c.session ? redirect("/control") : page(200, login_page(""));
        case Page::Login: return login(c);
        case Page::Logout: return logout(c);
        case Page::Control: return control(c);
        case Page::ApiStatus: return api_status();
        case Page::Action: return action(c);
        case Page::Script: return secured({200, "text/javascript; charset=utf-8", kScript, {}});
        case Page::Style: return secured({200, "text/css; charset=utf-8", kStyle, {}});
        case Page::Icon: return secured({204, "image/x-icon", "", {}});  // none: not a 404 in the console
        case Page::Config: return config_get(c);
        case Page::ConfigVirtual: return virtual_get(c);
        case Page::ConfigPost: return config_post(c);
    }
    return page(404, error_page(404, "No such page."));
}

http::Response WebApp::login(Context& c) {
    const std::string& peer = c.req.peer;
    const auto now = ports_.now();
    std::chrono::seconds wait{0};
    if (const auto v = limiter_.check(peer, now, &wait); v != LoginLimiter::Verdict::Allowed) {
        LVS_LOG_WARN("login from %s refused: %s", peer.c_str(), to_string(v));
        auto r = page(429, login_page("Too many failed logins: try again in " + std::to_string(wait.count()) + " s."));
        r.headers.emplace_back("Retry-After", std::to_string(wait.count()));
        return r;
    }
    const auto pw = http::field(c.form, "password");
    if (!pw || pw->empty()) return page(400, login_page("Enter the password."));
    const auto hash = ports_.password_hash();
    if (!hash.ok()) {
        LVS_LOG_ERROR("login from %s impossible: %s", peer.c_str(), hash.error().message().c_str());
        return page(503, login_page("lvsweb has no usable password: run lvsweb --passwd on the router."));
    }
    if (!verify_password(*pw, *hash)) {
        limiter_.failed(peer, now);
        LVS_LOG_WARN("failed login from %s (%d in a row)", peer.c_str(), limiter_.failures(peer));
        return page(403, login_page("Wrong password."));
    }
    limiter_.succeeded(peer);
    if (!c.token.empty()) sessions_.end(c.token);
    const auto created = sessions_.create(peer);
    if (!created) {
        LVS_LOG_ERROR("login from %s: no random bytes for a session token", peer.c_str());
        return page(503, login_page("lvsweb cannot make a session now."));
    }
    LVS_LOG_NOTICE("login from %s", peer.c_str());
    auto r = redirect("/control");
    r.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=" + created->token +
                                             "; HttpOnly; Secure; SameSite=Strict; Path=/");
    return r;
}

http::Response WebApp::logout(Context& c) {
    LVS_LOG_NOTICE("logout from %s", c.req.peer.c_str());
    sessions_.end(c.token);
    auto r = redirect("/login");
    r.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=0");
    return r;
}

http::Response WebApp::control(Context& c) {
    const std::string notice = std::move(c.session->notice);
    c.session->notice.clear();
    const auto snap = ports_.snapshot();
    if (!snap.ok()) return page(200, control_page(nullptr, snap.error().message(), c.session->csrf, notice));
    return page(200, control_page(&*snap, "", c.session->csrf, notice));
}

http::Response WebApp::action(Context& c) {
    status::Action a{};
    if (!parse_action(http::field(c.form, "action").value_or(""), a))
        return page(400, error_page(400, "Unknown action: drain, undrain, reload or switchover."));
    const std::string target = http::field(c.form, "target").value_or("");
    if (status::targets_server(a) != !target.empty() || target.size() > 256 || !printable(target))
        return page(400, error_page(400, status::targets_server(a) ? "Name one real server." : "This action names no server."));
    const auto snap = ports_.snapshot();
    if (!snap.ok()) return page(503, error_page(503, snap.error().message()));
    const auto p = status::request_control(a, target, *snap, "lvsweb user at " + c.req.peer, ports_.signal);
    if (p.outcome != status::ControlOutcome::Requested) {
        LVS_LOG_INFO("%s from %s refused: %s", subject_text(p).c_str(), c.req.peer.c_str(), status::describe_failure(p).c_str());
        return page(refusal_code(p.outcome), error_page(refusal_code(p.outcome), status::describe_failure(p)));
    }
    last_ = Tracked{p, ports_.now(), c.req.peer, {}};
    c.session->notice = subject_text(p) + " requested.";
    return redirect("/control");
}

std::string WebApp::action_text() const { return last_ ? subject_text(last_->plan) : std::string(); }

http::Response WebApp::api_status() {
    const auto snap = ports_.snapshot();
    std::string o = "{\"schema\":\"lvsweb-status/1\",\"status\":";
    if (snap.ok()) {
        std::string s = status::render_json(*snap);
        while (!s.empty() && s.back() == '\n') s.pop_back();
        o += s + ",\"error\":null";
    } else {
        o += "null,\"error\":" + status::json_string(snap.error().message());
    }
    o += ",\"action\":";
    if (!last_) return json(200, o + "null}\n");
    std::string state = last_->outcome.empty() ? "under way" : last_->outcome;
    if (snap.ok() && last_->outcome.empty()) {
        const auto c = status::confirm(last_->plan, *snap);
        if (c == status::Confirmation::Done) state = "done";
        else if (c == status::Confirmation::Refused) state = "refused (see the log); the running configuration stays";
        else if (ports_.now() - last_->since > status::confirm_limit(last_->plan)) state = "not confirmed in time";
        if (state != "under way") last_->outcome = state;  // final: kept until the next action
    }
    const std::string text = "Last action: " + action_text() + ": " + state;
    return json(200, o + "{\"text\":" + status::json_string(text) + "}}\n");
}

Result<status::Snapshot> read_status(const std::string& shm_name) {
    auto t = shm::StatusTable::open(shm_name, shm::StatusTable::Access::ReadOnly);
    if (t.ok()) return status::read_snapshot(**t);
    const Error& e = t.error();
    if (e.code == ErrorCode::NotFound)
        return make_error(ErrorCode::NotFound, "no status segment /dev/shm/" + shm_name + ": neither pulse nor lvsd is running");
    std::string why = e.message();
    if (e.code == ErrorCode::Permission) why += " (run lvsweb as root or as a member of the [shm] group in lvs.ini)";
    if (e.code == ErrorCode::Layout) why += " (lvsweb is not of the running daemons' version)";
    return make_error(e.code, why);
}

}  // namespace lvs::web
