// SPDX-License-Identifier: GPL-2.0-or-later
// The pages: escaped, labelled, no inline code, a real button in a form
// for every action.
#include "lvsweb/pages.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

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

// The text between each `open` and the `close` after it. (No std::regex:
// GCC 12's <regex> fails -Werror=maybe-uninitialized in the ASan build.)
std::vector<std::string> between(const std::string& page, const std::string& open, const std::string& close) {
    std::vector<std::string> out;
    for (auto i = page.find(open); i != std::string::npos; i = page.find(open, i + 1)) {
        const auto b = i + open.size();
        const auto e = page.find(close, b);
        if (e == std::string::npos) break;
        out.push_back(page.substr(b, e - b));
    }
    return out;
}

// Every visible input has an id that a <label for=...> names.
void expect_labelled(const std::string& page) {
    for (const auto& attrs : between(page, "<input ", ">")) {
        if (attrs.find("type=\"hidden\"") != std::string::npos) continue;
        const auto id = between(attrs, "id=\"", "\"");
        ASSERT_FALSE(id.empty()) << attrs;
        EXPECT_THAT(page, HasSubstr("<label for=\"" + id[0] + "\">"));
    }
}

// " on" + letters + "=": an inline event handler attribute.
bool has_handler(const std::string& page) {
    for (auto i = page.find(" on"); i != std::string::npos; i = page.find(" on", i + 1)) {
        auto j = i + 3;
        while (j < page.size() && std::islower(static_cast<unsigned char>(page[j]))) ++j;
        if (j > i + 3 && j < page.size() && page[j] == '=') return true;
    }
    return false;
}

// No inline script, handler or style: the CSP forbids them anyway.
void expect_no_inline_code(const std::string& page) {
    EXPECT_THAT(page, Not(HasSubstr("style=")));
    EXPECT_FALSE(has_handler(page));
    for (const auto& attrs : between(page, "<script", ">")) EXPECT_EQ(attrs, " src=\"/lvsweb.js\"");
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
    int forms = 0;
    for (const auto& body : between(p, "<form method=\"post\"", "</form>")) {
        ++forms;
        EXPECT_THAT(body, HasSubstr("name=\"csrf\" value=\"" + std::string(64, 'c') + "\""));
        EXPECT_THAT(body, HasSubstr("<button type=\"submit\">"));
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
