// SPDX-License-Identifier: GPL-2.0-or-later
// The route table and the gate.
#include "lvsweb/router.h"

namespace lvs::web {

namespace {
constexpr Route kRoutes[] = {
    {"GET", "/", Page::Root, Access::Session},
    {"GET", "/login", Page::LoginForm, Access::Public},
    {"POST", "/login", Page::Login, Access::Public},
    {"POST", "/logout", Page::Logout, Access::SessionCsrf},
    {"GET", "/control", Page::Control, Access::Session},
    {"GET", "/api/status", Page::ApiStatus, Access::Session},
    {"POST", "/action", Page::Action, Access::SessionCsrf},
    {"GET", "/lvsweb.js", Page::Script, Access::Public},
    {"GET", "/lvsweb.css", Page::Style, Access::Public},
    {"GET", "/favicon.ico", Page::Icon, Access::Public},
    {"GET", "/config", Page::Config, Access::Session},
    {"GET", "/config/virtual/*", Page::ConfigVirtual, Access::Session},
    {"POST", "/config", Page::ConfigPost, Access::SessionCsrf},
};

bool matches(std::string_view pattern, std::string_view path) {
    if (!pattern.ends_with("/*")) return path == pattern;
    pattern.remove_suffix(1);
    if (!path.starts_with(pattern) || path.size() == pattern.size()) return false;
    return path.substr(pattern.size()).find('/') == std::string_view::npos;
}
}  // namespace

Match route(std::string_view method, std::string_view path) {
    const std::string_view m = method == "HEAD" ? std::string_view("GET") : method;
    Match out;
    for (const auto& r : kRoutes) {
        if (!matches(r.path, path)) continue;
        if (m == r.method) {
            out.kind = Match::Kind::Found;
            out.route = &r;
            return out;
        }
        out.kind = Match::Kind::MethodNotAllowed;
        if (!out.allow.empty()) out.allow += ", ";
        out.allow += std::string(r.method) + (std::string_view(r.method) == "GET" ? ", HEAD" : "");
    }
    return out;
}

Gate gate(Access access, bool has_session, bool csrf_ok, bool origin_ok) {
    if (!origin_ok) return Gate::Forbidden;
    if (access == Access::Public) return Gate::Pass;
    if (!has_session) return access == Access::SessionCsrf ? Gate::Forbidden : Gate::LoginFirst;
    if (access == Access::SessionCsrf && !csrf_ok) return Gate::Forbidden;
    return Gate::Pass;
}

bool same_origin(std::string_view origin, std::string_view host, bool tls) {
    if (origin.empty()) return true;
    if (host.empty()) return false;
    const std::string want = std::string(tls ? "https://" : "http://") + std::string(host);
    return origin == want;
}

}  // namespace lvs::web
