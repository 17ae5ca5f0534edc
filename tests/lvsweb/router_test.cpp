// SPDX-License-Identifier: GPL-2.0-or-later
#include "lvsweb/router.h"

#include <gtest/gtest.h>

#include "lvsweb/options.h"

namespace lvs::web {
namespace {

TEST(Router, RoutesMethodsAndPaths) {
    auto m = route("GET", "/control");
    ASSERT_EQ(m.kind, Match::Kind::Found);
    EXPECT_EQ(m.route->page, Page::Control);
    EXPECT_EQ(m.route->access, Access::Session);
    EXPECT_EQ(route("HEAD", "/control").route->page, Page::Control);
    EXPECT_EQ(route("POST", "/login").route->access, Access::Public);
    EXPECT_EQ(route("GET", "/login").route->page, Page::LoginForm);
    EXPECT_EQ(route("POST", "/action").route->access, Access::SessionCsrf);
    EXPECT_EQ(route("POST", "/logout").route->access, Access::SessionCsrf);
    EXPECT_EQ(route("GET", "/api/status").route->page, Page::ApiStatus);
    EXPECT_EQ(route("GET", "/lvsweb.js").route->access, Access::Public);
    EXPECT_EQ(route("GET", "/nope").kind, Match::Kind::NotFound);
    EXPECT_EQ(route("GET", "/control/").kind, Match::Kind::NotFound);
    auto bad = route("DELETE", "/login");
    EXPECT_EQ(bad.kind, Match::Kind::MethodNotAllowed);
    EXPECT_EQ(bad.allow, "GET, HEAD, POST");
    EXPECT_EQ(route("GET", "/action").allow, "POST");
}

TEST(Router, Gate) {
    EXPECT_EQ(gate(Access::Public, false, false, true), Gate::Pass);
    EXPECT_EQ(gate(Access::Public, false, false, false), Gate::Forbidden);
    EXPECT_EQ(gate(Access::Session, false, false, true), Gate::LoginFirst);
    EXPECT_EQ(gate(Access::Session, true, false, true), Gate::Pass);
    EXPECT_EQ(gate(Access::SessionCsrf, false, false, true), Gate::Forbidden);
    EXPECT_EQ(gate(Access::SessionCsrf, true, false, true), Gate::Forbidden);
    EXPECT_EQ(gate(Access::SessionCsrf, true, true, true), Gate::Pass);
    EXPECT_EQ(gate(Access::SessionCsrf, true, true, false), Gate::Forbidden);
}

TEST(Router, SameOrigin) {
    EXPECT_TRUE(same_origin("", "127.0.0.1:3636", false));
    EXPECT_TRUE(same_origin("http://127.0.0.1:3636", "127.0.0.1:3636", false));
    EXPECT_FALSE(same_origin("https://127.0.0.1:3636", "127.0.0.1:3636", false));
    EXPECT_TRUE(same_origin("https://lb1.example:3636", "lb1.example:3636", true));
    EXPECT_FALSE(same_origin("http://evil.example", "127.0.0.1:3636", false));
    EXPECT_FALSE(same_origin("null", "127.0.0.1:3636", false));
    EXPECT_FALSE(same_origin("http://127.0.0.1:3636", "", false));
}

TEST(Options, ListenerNeedsTlsBeyondLoopback) {
    config::Settings s;
    EXPECT_EQ(listener_problem(s), "");
    s.web_address = "::1";
    EXPECT_EQ(listener_problem(s), "");
    s.web_address = "0.0.0.0";
    EXPECT_NE(listener_problem(s).find("is not loopback: set tls_cert and tls_key"), std::string::npos);
    s.web_tls_cert = "/etc/c.pem";
    EXPECT_NE(listener_problem(s), "");
    s.web_tls_key = "/etc/k.pem";
    EXPECT_EQ(listener_problem(s), "");
}

}  // namespace
}  // namespace lvs::web
