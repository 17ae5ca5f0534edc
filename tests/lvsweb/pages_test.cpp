// SPDX-License-Identifier: GPL-2.0-or-later
// The pages: escaped, labelled, no inline code, a real button in a form
// for every action.
#include "lvsweb/pages.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <regex>

namespace lvs::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

status::Snapshot hostile() {
    status::Snapshot s;
    status::ServerView v;
    v.rs.family = 4;
    v.rs.addr[0] = 10, v.rs.addr[3] = 1;
    v.rs.port = 80;
    std::snprintf(v.rs.name, sizeof v.rs.name, "w\"><script>x()</script>/r'1");
    s.servers.push_back(v);
    return s;
}

// Every visible input has an id that a <label for=...> names.
void expect_labelled(const std::string& page) {
    const std::regex input("<input ([^>]*)>"), id("id=\"([^\"]+)\"");
    for (auto it = std::sregex_iterator(page.begin(), page.end(), input); it != std::sregex_iterator(); ++it) {
        const std::string attrs = (*it)[1];
        if (attrs.find("type=\"hidden\"") != std::string::npos) continue;
        std::smatch m;
        ASSERT_TRUE(std::regex_search(attrs, m, id)) << attrs;
        EXPECT_THAT(page, HasSubstr("<label for=\"" + m[1].str() + "\">"));
    }
}

// No inline script, handler or style: the CSP forbids them anyway.
void expect_no_inline_code(const std::string& page) {
    EXPECT_THAT(page, Not(HasSubstr("style=")));
    EXPECT_FALSE(std::regex_search(page, std::regex(" on[a-z]+=")));
    const std::regex script("<script([^>]*)>");
    for (auto it = std::sregex_iterator(page.begin(), page.end(), script); it != std::sregex_iterator(); ++it)
        EXPECT_EQ((*it)[1], " src=\"/lvsweb.js\"");
}

TEST(Pages, LoginPage) {
    const std::string p = login_page("Wrong <password>.");
    expect_labelled(p);
    expect_no_inline_code(p);
    EXPECT_THAT(p, HasSubstr("Wrong &lt;password&gt;."));
    EXPECT_THAT(p, HasSubstr("<form method=\"post\" action=\"/login\">"));
    EXPECT_THAT(p, HasSubstr("<button type=\"submit\">Log in</button>"));
}

TEST(Pages, ControlPageEscapesAndOffersButtons) {
    const auto s = hostile();
    const std::string p = control_page(&s, "", std::string(64, 'c'), "done <b>");
    expect_labelled(p);
    expect_no_inline_code(p);
    EXPECT_THAT(p, Not(HasSubstr("<script>x()")));
    EXPECT_THAT(p, HasSubstr("w&quot;&gt;&lt;script&gt;x()&lt;/script&gt;"));
    EXPECT_THAT(p, HasSubstr("done &lt;b&gt;"));
    for (const char* a : {"drain", "undrain", "reload", "switchover"})
        EXPECT_THAT(p, HasSubstr("name=\"action\" value=\"" + std::string(a) + "\"><"));
    // Each form carries the CSRF token and ends in a button.
    const std::regex form("<form method=\"post\"[^>]*>(.*?)</form>");
    int forms = 0;
    for (auto it = std::sregex_iterator(p.begin(), p.end(), form); it != std::sregex_iterator(); ++it, ++forms) {
        EXPECT_THAT((*it)[1].str(), HasSubstr("name=\"csrf\" value=\"" + std::string(64, 'c') + "\""));
        EXPECT_THAT((*it)[1].str(), HasSubstr("<button type=\"submit\">"));
    }
    EXPECT_EQ(forms, 5);  // logout, reload, switchover, drain, undrain
}

TEST(Pages, NoStatusTableAndErrors) {
    const std::string p = control_page(nullptr, "no status segment <x>", "t", "");
    EXPECT_THAT(p, HasSubstr("no status segment &lt;x&gt;"));
    EXPECT_THAT(p, Not(HasSubstr("servers-h")));
    EXPECT_THAT(error_page(400, "bad <form>"), HasSubstr("bad &lt;form&gt;"));
    bool csp = false;
    for (std::size_t i = 0; i < kSecurityHeaderCount; ++i)
        csp = csp || std::string(kSecurityHeaders[i][0]) == "Content-Security-Policy";
    EXPECT_TRUE(csp);
}

}  // namespace
}  // namespace lvs::web
