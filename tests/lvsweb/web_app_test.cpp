// SPDX-License-Identifier: GPL-2.0-or-later
// lvsweb's request handling on fakes: login, the gate, CSRF, actions (each
// signal and its log line), bad input and the status API.
#include "lvsweb/web_app.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include "tests/lvsweb/web_fakes.h"

namespace lvs::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

http::Request req(std::string method, std::string path, std::string body = "", std::string cookie = "") {
    http::Request r{std::move(method), std::move(path), "192.0.2.7", {{"host", "127.0.0.1:3636"}}, std::move(body)};
    if (r.method == "POST") r.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    if (!cookie.empty()) r.headers.emplace_back("cookie", std::string(kSessionCookie) + "=" + cookie);
    return r;
}

std::string header(const http::Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers)
        if (k == name) return v;
    return {};
}

// Logs in; the session token.
std::string login(WebApp& app) {
    auto r = app.handle(req("POST", "/login", std::string("password=") + "correct+horse+battery"));
    EXPECT_EQ(r.status, 303);
    const std::string c = header(r, "Set-Cookie");
    EXPECT_THAT(c, HasSubstr("; HttpOnly; Secure; SameSite=Strict; Path=/"));
    return c.substr(c.find('=') + 1, 64);
}

// The CSRF token on the control page.
std::string csrf_of(WebApp& app, const std::string& token) {
    auto r = app.handle(req("GET", "/control", "", token));
    EXPECT_EQ(r.status, 200);
    const auto at = r.body.find("name=\"csrf\" value=\"");
    return at == std::string::npos ? "" : r.body.substr(at + 19, 64);
}

TEST(WebApp, LoginWrongThenRight) {
    testing::Fakes f;
    WebApp app({}, f.ports());
    auto bad = app.handle(req("POST", "/login", "password=nope"));
    EXPECT_EQ(bad.status, 403);
    EXPECT_THAT(bad.body, HasSubstr("Wrong password."));
    EXPECT_EQ(header(bad, "Set-Cookie"), "");
    EXPECT_EQ(f.logs.back(), "failed login from 192.0.2.7 (1 in a row)");
    EXPECT_THAT(header(bad, "Content-Security-Policy"), HasSubstr("default-src 'none'"));
    const std::string token = login(app);
    EXPECT_EQ(token.size(), 64u);
    EXPECT_EQ(f.logs.back(), "login from 192.0.2.7");
    EXPECT_EQ(app.handle(req("GET", "/control")).status, 303);  // no cookie: to the login page
    EXPECT_EQ(app.handle(req("GET", "/api/status")).status, 401);
    auto page = app.handle(req("GET", "/control", "", token));
    EXPECT_EQ(page.status, 200);
    EXPECT_THAT(page.body, HasSubstr("www/&lt;b&gt;rs1&lt;/b&gt;"));
    EXPECT_THAT(page.body, Not(HasSubstr("<b>rs1")));
    EXPECT_EQ(app.handle(req("GET", "/login", "", token)).status, 303);  // already in
}

TEST(WebApp, ActionsNeedTheCsrfToken) {
    testing::Fakes f;
    WebApp app({}, f.ports());
    const std::string token = login(app);
    const std::string csrf = csrf_of(app, token);
    ASSERT_EQ(csrf.size(), 64u);
    const std::string target = "target=www%2F%3Cb%3Ers1%3C%2Fb%3E";
    EXPECT_EQ(app.handle(req("POST", "/action", "action=drain&" + target, token)).status, 403);
    EXPECT_EQ(app.handle(req("POST", "/action", "action=drain&" + target + "&csrf=" + std::string(64, '0'), token)).status, 403);
    EXPECT_EQ(app.handle(req("POST", "/action", "action=drain&" + target + "&csrf=" + csrf)).status, 403);  // no session
    EXPECT_TRUE(f.signals.empty());
    auto ok = app.handle(req("POST", "/action", "action=drain&" + target + "&csrf=" + csrf, token));
    EXPECT_EQ(ok.status, 303);
    EXPECT_EQ(header(ok, "Location"), "/control");
    ASSERT_EQ(f.signals.size(), 1u);
    EXPECT_EQ(f.signals[0], std::make_pair(4242, SIGUSR1));
    EXPECT_EQ(f.logs.back(), "drain www/<b>rs1</b> (nanny pid 4242) by lvsweb user at 192.0.2.7");
    auto page = app.handle(req("GET", "/control", "", token));
    EXPECT_THAT(page.body, HasSubstr("drain of www/&lt;b&gt;rs1&lt;/b&gt; requested."));
    auto api = app.handle(req("GET", "/api/status", "", token));
    EXPECT_EQ(api.status, 200);
    EXPECT_THAT(api.body, HasSubstr("\"schema\":\"lvsweb-status/1\",\"status\":{\"schema\":\"lvsctl-status/1\""));
    EXPECT_THAT(api.body, HasSubstr("Last action: drain of www/<b>rs1</b>: under way"));
    f.snap.servers[0].rs.state = shm::RsState::Drained;
    EXPECT_THAT(app.handle(req("GET", "/api/status", "", token)).body, HasSubstr(": done"));
    // The header works as well as the field.
    auto hdr = req("POST", "/action", "action=reload", token);
    hdr.headers.emplace_back("x-csrf-token", csrf);
    EXPECT_EQ(app.handle(hdr).status, 303);
    EXPECT_EQ(f.signals.back(), std::make_pair(500, SIGHUP));
}

// Each control through the page's form: the signal to the process that
// owns it, and one log line naming the browser's address.
TEST(WebApp, SwitchoverUndrainAndReloadSignalAndLogTheAddress) {
    testing::Fakes f;
    WebApp app({}, f.ports());
    const std::string token = login(app);
    const std::string csrf = "&csrf=" + csrf_of(app, token);
    EXPECT_EQ(app.handle(req("POST", "/action", "action=switchover", token)).status, 403);  // no CSRF token
    EXPECT_TRUE(f.signals.empty());
    auto r = app.handle(req("POST", "/action", "action=switchover" + csrf, token));
    EXPECT_EQ(r.status, 303);
    ASSERT_EQ(f.signals.size(), 1u);
    EXPECT_EQ(f.signals.back(), std::make_pair(500, SIGUSR1));  // pulse hands over
    EXPECT_EQ(f.logs.back(), "switchover requested by lvsweb user at 192.0.2.7");
    EXPECT_THAT(app.handle(req("GET", "/control", "", token)).body, HasSubstr("switchover requested."));
    EXPECT_THAT(app.handle(req("GET", "/api/status", "", token)).body, HasSubstr("Last action: switchover: under way"));
    f.snap.router.active = 0;  // the partner took over
    EXPECT_THAT(app.handle(req("GET", "/api/status", "", token)).body, HasSubstr("Last action: switchover: done"));
    // Now standby: refused, nothing sent, the active router named.
    std::snprintf(f.snap.router.partner, sizeof f.snap.router.partner, "192.0.2.2");
    auto standby = app.handle(req("POST", "/action", "action=switchover" + csrf, token));
    EXPECT_EQ(standby.status, 409);
    EXPECT_THAT(standby.body, HasSubstr("192.0.2.2"));
    EXPECT_EQ(f.signals.size(), 1u);

    f.snap.servers[0].rs.state = shm::RsState::Drained;
    r = app.handle(req("POST", "/action", "action=undrain&target=www%2F%3Cb%3Ers1%3C%2Fb%3E" + csrf, token));
    EXPECT_EQ(r.status, 303);
    ASSERT_EQ(f.signals.size(), 2u);
    EXPECT_EQ(f.signals.back(), std::make_pair(4242, SIGHUP));  // the nanny checks again
    EXPECT_EQ(f.logs.back(), "undrain www/<b>rs1</b> (nanny pid 4242) by lvsweb user at 192.0.2.7");
    f.snap.servers[0].rs.state = shm::RsState::Up;
    EXPECT_THAT(app.handle(req("GET", "/api/status", "", token)).body, HasSubstr("Last action: undrain of www/<b>rs1</b>: done"));

    r = app.handle(req("POST", "/action", "action=reload" + csrf, token));
    EXPECT_EQ(r.status, 303);
    ASSERT_EQ(f.signals.size(), 3u);
    EXPECT_EQ(f.signals.back(), std::make_pair(500, SIGHUP));
    EXPECT_EQ(f.logs.back(), "reload of pulse (pid 500) by lvsweb user at 192.0.2.7");
    f.snap.lvsd.reloads = 1;
    EXPECT_THAT(app.handle(req("GET", "/api/status", "", token)).body, HasSubstr("Last action: reload: done"));
}

TEST(WebApp, BadInputChangesNothing) {
    testing::Fakes f;
    WebApp app({}, f.ports());
    const std::string token = login(app);
    const std::string csrf = "&csrf=" + csrf_of(app, token);
    struct Case { std::string body; int code; };
    const Case cases[] = {
        {"action=drain&target=www%2F%zz" + csrf, 400},     {"action=drain&action=drain" + csrf, 400},
        {"action=rm+-rf&target=x" + csrf, 400},           {"action=drain" + csrf, 400},
        {"action=reload&target=www%2Frs1" + csrf, 400},    {"action=drain&target=nothing" + csrf, 404},
        {"action=drain&target=" + std::string(300, 'x') + csrf, 400}, {"a=%00" + csrf, 400},
        {"action=drain&target=www%2Frs1%0Aforged+log+line" + csrf, 400},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.body);
        auto r = app.handle(req("POST", "/action", c.body, token));
        EXPECT_EQ(r.status, c.code);
        EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
    }
    auto json = req("POST", "/action", "{\"action\":\"drain\"}", token);
    json.headers[1].second = "application/json";
    EXPECT_EQ(app.handle(json).status, 415);
    auto cross = req("POST", "/action", "action=reload" + csrf, token);
    cross.headers.emplace_back("origin", "http://evil.example");
    EXPECT_EQ(app.handle(cross).status, 403);
    EXPECT_EQ(app.handle(req("DELETE", "/action", "", token)).status, 405);
    EXPECT_EQ(app.handle(req("GET", "/../etc/passwd", "", token)).status, 404);
    EXPECT_TRUE(f.signals.empty());
}

TEST(WebApp, LoginsAreRateLimited) {
    testing::Fakes f;
    WebOptions o;
    o.limits.free_failures = 2;
    WebApp app(o, f.ports());
    for (int i = 0; i < 3; ++i) EXPECT_EQ(app.handle(req("POST", "/login", "password=wrong")).status, 403);
    auto held = app.handle(req("POST", "/login", "password=correct+horse+battery"));
    EXPECT_EQ(held.status, 429);  // even the right password waits
    EXPECT_EQ(header(held, "Retry-After"), "2");
    f.t += std::chrono::seconds(2);
    EXPECT_EQ(app.handle(req("POST", "/login", "password=correct+horse+battery")).status, 303);
}

TEST(WebApp, SessionsExpireAndLogOut) {
    testing::Fakes f;
    WebOptions o;
    o.idle = std::chrono::seconds(60);
    WebApp app(o, f.ports());
    std::string token = login(app);
    f.t += std::chrono::seconds(59);
    EXPECT_EQ(app.handle(req("GET", "/api/status", "", token)).status, 200);  // polling is no activity
    f.t += std::chrono::seconds(2);
    EXPECT_EQ(app.handle(req("GET", "/api/status", "", token)).status, 401);
    token = login(app);
    const std::string csrf = csrf_of(app, token);
    auto out = app.handle(req("POST", "/logout", "csrf=" + csrf, token));
    EXPECT_EQ(out.status, 303);
    EXPECT_THAT(header(out, "Set-Cookie"), HasSubstr("Max-Age=0"));
    EXPECT_EQ(app.handle(req("GET", "/control", "", token)).status, 303);
}

TEST(WebApp, NoStatusTable) {
    testing::Fakes f;
    f.table_present = false;
    WebApp app({}, f.ports());
    const std::string token = login(app);
    auto page = app.handle(req("GET", "/control", "", token));
    EXPECT_EQ(page.status, 200);
    EXPECT_THAT(page.body, HasSubstr("no status segment /dev/shm/lvs"));
    auto api = app.handle(req("GET", "/api/status", "", token));
    EXPECT_THAT(api.body, HasSubstr("\"status\":null,\"error\":\"no status segment /dev/shm/lvs\""));
    const std::string csrf = csrf_of(app, token);
    EXPECT_EQ(app.handle(req("POST", "/action", "action=reload&csrf=" + csrf, token)).status, 503);
    EXPECT_TRUE(f.signals.empty());
}

}  // namespace
}  // namespace lvs::web
