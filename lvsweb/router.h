// SPDX-License-Identifier: GPL-2.0-or-later
// lvsweb's pages and endpoints, one table: method, path, what it needs
// (nothing, a session, a session and its CSRF token) and which handler
// answers. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace lvs::web {

enum class Page : std::uint8_t {
    Root, LoginForm, Login, Logout, Control, ApiStatus, Action, Script, Style, Icon,
    Config, ConfigVirtual, ConfigPost,
};

enum class Access : std::uint8_t {
    Public,       // anyone (the login page, the script and style sheet)
    Session,      // a logged-in session
    SessionCsrf,  // a session and its CSRF token (every POST but the login)
};

struct Route {
    const char* method;
    const char* path;  // "/a/b/*": "/a/b/" and a non-empty rest without '/'
    Page page;
    Access access;
};

struct Match {
    enum class Kind : std::uint8_t { Found, NotFound, MethodNotAllowed } kind = Kind::NotFound;
    const Route* route = nullptr;
    std::string allow;  // MethodNotAllowed: the methods the path takes ("GET, HEAD")
};

// HEAD is answered as GET.
Match route(std::string_view method, std::string_view path);

// What the gate in front of every handler decides.
enum class Gate : std::uint8_t {
    Pass,
    LoginFirst,  // no live session: a page redirects to /login, the API says 401
    Forbidden,   // a POST without the session's CSRF token, or from another origin
};
Gate gate(Access access, bool has_session, bool csrf_ok, bool origin_ok);

// A POST's Origin header against the Host it was sent to: absent (not a
// browser, or an old one) passes; present, it must be this server,
// "https://HOST" (or "http://HOST" without TLS).
bool same_origin(std::string_view origin, std::string_view host, bool tls);

}  // namespace lvs::web
