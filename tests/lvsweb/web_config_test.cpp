// SPDX-License-Identifier: GPL-2.0-or-later
// lvsweb's lvs.cf pages on fakes: the gate, forms to edits, invalid input
// writing nothing, each change logged once, reload and undo; the pages'
// labels and escaping.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "common/config/keywords.h"
#include "lvsweb/config_form.h"
#include "lvsweb/config_pages.h"
#include "lvsweb/router.h"
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

struct Session {
    testing::Fakes f;
    WebApp app{{}, f.ports()};
    std::string token, csrf;
    Session() {
        auto r = app.handle(req("POST", "/login", "password=correct+horse+battery"));
        const std::string c = header(r, "Set-Cookie");
        token = c.substr(c.find('=') + 1, 64);
        auto page = app.handle(req("GET", "/config", "", token));
        const auto at = page.body.find("name=\"csrf\" value=\"");
        csrf = page.body.substr(at + 19, 64);
    }
    http::Response post(const std::string& body) { return app.handle(req("POST", "/config", "csrf=" + csrf + "&" + body, token)); }
    std::size_t logged(const std::string& what) const {
        return static_cast<std::size_t>(std::count_if(f.logs.begin(), f.logs.end(),
                                                      [&](const std::string& l) { return l.find(what) != std::string::npos; }));
    }
};

TEST(WebConfig, RoutesAndTheGate) {
    EXPECT_EQ(route("GET", "/config").route->page, Page::Config);
    EXPECT_EQ(route("GET", "/config/virtual/www").route->page, Page::ConfigVirtual);
    EXPECT_EQ(route("GET", "/config/virtual/").kind, Match::Kind::NotFound);
    EXPECT_EQ(route("GET", "/config/virtual/a/b").kind, Match::Kind::NotFound);
    EXPECT_EQ(route("POST", "/config").route->access, Access::SessionCsrf);
    Session s;
    EXPECT_EQ(s.app.handle(req("GET", "/config")).status, 303);  // log in first
    EXPECT_EQ(s.app.handle(req("POST", "/config", "do=global&k.serial_no=2")).status, 403);
    EXPECT_EQ(s.app.handle(req("POST", "/config", "do=global&k.serial_no=2", s.token)).status, 403);  // no CSRF
    EXPECT_EQ(s.f.installs, 0);
    EXPECT_EQ(s.app.handle(req("GET", "/config/virtual/www", "", s.token)).status, 200);
    EXPECT_EQ(s.app.handle(req("GET", "/config/virtual/none", "", s.token)).status, 404);
}

TEST(WebConfig, ApplyWritesLogsOnceAndReloads) {
    Session s;
    const std::string before = s.f.cf;
    auto r = s.post("do=virtual&virt=www&k.port=8080&k.scheduler=rr&k.address=192.0.2.10+eth0%3A1");
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(header(r, "Location"), "/config/virtual/www");
    EXPECT_EQ(s.f.installs, 1);
    EXPECT_EQ(s.f.bak, before);
    EXPECT_THAT(s.f.cf, HasSubstr("    port = 8080\n    scheduler = rr\n    server rs1 {"));
    EXPECT_THAT(s.f.cf, HasSubstr("# test\n"));
    EXPECT_EQ(s.logged("lvs.cf: virtual 'www' key 'port': '80' -> '8080' (by 192.0.2.7)"), 1u);
    EXPECT_EQ(s.logged("lvs.cf: virtual 'www' key 'scheduler': (unset) -> 'rr' (by 192.0.2.7)"), 1u);
    EXPECT_EQ(s.logged("key 'address'"), 0u);  // unchanged: not logged
    ASSERT_EQ(s.f.signals.size(), 1u);  // the reload
    EXPECT_EQ(s.f.signals[0].first, 500);
    auto page = s.app.handle(req("GET", "/config/virtual/www", "", s.token));
    EXPECT_THAT(page.body, HasSubstr("Applied 2 change(s)"));
    EXPECT_THAT(page.body, HasSubstr("value=\"8080\""));
}

TEST(WebConfig, InvalidInputChangesNothingAndShowsTheErrorAtItsField) {
    Session s;
    const std::string before = s.f.cf;
    auto r = s.post("do=virtual&virt=www&k.scheduler=nosuch");
    EXPECT_EQ(r.status, 422);
    EXPECT_EQ(s.f.cf, before);
    EXPECT_EQ(s.f.installs, 0);
    EXPECT_TRUE(s.f.signals.empty());
    EXPECT_THAT(r.body, HasSubstr("Nothing was written"));
    EXPECT_THAT(r.body, HasSubstr("<li>/etc/sysconfig/ha/lvs.cf:8:"));  // file:line:col at the top
    // next to its field, which shows the value sent
    const auto at = r.body.find("id=\"f-scheduler\"");
    ASSERT_NE(at, std::string::npos);
    const auto row = r.body.substr(at, r.body.find("</div>", at) - at);
    EXPECT_THAT(row, HasSubstr("value=\"nosuch\""));
    EXPECT_THAT(row, HasSubstr("class=\"error field-error\""));
    EXPECT_THAT(row, HasSubstr("unknown scheduler"));
    // hostile values: refused, never written
    EXPECT_EQ(s.post("do=virtual&virt=www&k.port=99999").status, 422);  // a parse error
    for (const char* body : {"do=virtual&virt=www&k.send=a%0Avirtual+x+%7B", "do=global&k.serial_no=%7B",
                             "do=virtual&virt=www&k.expect=%22open", "do=add-virtual&name=a+b"}) {
        auto h = s.post(body);
        EXPECT_EQ(h.status, 422) << body;
        EXPECT_EQ(s.f.cf, before);
    }
    // a refused add-virtual form leaves the global form with the file's values
    EXPECT_THAT(s.post("do=add-virtual&name=a+b").body, HasSubstr("id=\"f-serial_no\" name=\"k.serial_no\" value=\"1\""));
    EXPECT_EQ(s.post("do=nonsense").status, 400);
    EXPECT_EQ(s.logged("lvs.cf:"), 0u);
}

TEST(WebConfig, AddRemoveAndUndo) {
    Session s;
    auto r = s.post("do=add-server&virt=www&name=rs2&k.address=10.0.1.22&k.port=&k.weight=2");
    ASSERT_EQ(r.status, 303) << r.body;
    EXPECT_THAT(s.f.cf, HasSubstr("    server rs2 {\n        address = 10.0.1.22\n        weight = 2\n    }\n}\n"));
    EXPECT_EQ(s.logged("lvs.cf: virtual 'www' server 'rs2' added"), 1u);
    r = s.post("do=add-virtual&name=mail&k.address=192.0.2.11+eth0%3A2&k.port=25");
    ASSERT_EQ(r.status, 303) << r.body;
    EXPECT_EQ(header(r, "Location"), "/config");
    EXPECT_THAT(s.f.cf, HasSubstr("\nvirtual mail {\n    address = 192.0.2.11 eth0:2\n    port = 25\n}\n"));
    r = s.post("do=remove-server&virt=www&server=rs1");
    ASSERT_EQ(r.status, 303);
    EXPECT_THAT(s.f.cf, Not(HasSubstr("rs1")));
    r = s.post("do=remove-virtual&virt=mail");
    EXPECT_EQ(header(r, "Location"), "/config");
    EXPECT_THAT(s.f.cf, Not(HasSubstr("mail")));
    const std::string now = s.f.cf, prev = s.f.bak;
    r = s.post("do=undo");
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(s.f.cf, prev);
    EXPECT_EQ(s.f.bak, now);
    EXPECT_EQ(s.logged("lvs.cf: undo, /etc/sysconfig/ha/lvs.cf.bak restored (by 192.0.2.7)"), 1u);
    // what the undo changed, key by key: the virtual removed last comes back
    EXPECT_EQ(s.logged("lvs.cf: undo: virtual 'mail' added (by 192.0.2.7)"), 1u);
    EXPECT_EQ(s.logged("lvs.cf: undo: virtual 'mail' key 'port': (unset) -> '25' (by 192.0.2.7)"), 1u);
    EXPECT_EQ(s.logged("lvs.cf: undo: "), 3u);  // added, address, port
    r = s.post("do=undo");  // a second undo redoes: the same lines, the other way
    EXPECT_EQ(s.f.cf, now);
    EXPECT_EQ(s.logged("lvs.cf: undo: virtual 'mail' removed (by 192.0.2.7)"), 1u);
    r = s.post("do=undo");
    EXPECT_EQ(s.post("do=global&k.serial_no=1").status, 303);  // the same value: nothing to do
    EXPECT_EQ(s.f.cf, prev);
}

// A failover block: added from the page's kind selector, then edited on
// its own page, each through the daemons' validation.
TEST(WebConfig, AddAndEditAFailoverBlock) {
    Session s;
    const std::string page = s.app.handle(req("GET", "/config", "", s.token)).body;
    EXPECT_THAT(page, HasSubstr("<label for=\"add-v-kind\">Kind</label> <select id=\"add-v-kind\" name=\"kind\">"));
    EXPECT_THAT(page, HasSubstr("<option value=\"failover\">"));
    auto r = s.post("do=add-virtual&kind=failover&name=ftp&k.address=192.0.2.12+eth0%3A3&k.port=21");
    ASSERT_EQ(r.status, 303) << r.body;
    EXPECT_THAT(s.f.cf, HasSubstr("\nfailover ftp {\n    address = 192.0.2.12 eth0:3\n    port = 21\n}\n"));
    EXPECT_EQ(s.logged("lvs.cf: failover 'ftp' added (by 192.0.2.7)"), 1u);
    EXPECT_EQ(s.logged("lvs.cf: failover 'ftp' key 'port': (unset) -> '21' (by 192.0.2.7)"), 1u);
    EXPECT_THAT(s.app.handle(req("GET", "/config", "", s.token)).body, HasSubstr(">ftp</a> (failover)"));
    auto fp = s.app.handle(req("GET", "/config/virtual/ftp", "", s.token));
    EXPECT_EQ(fp.status, 200);
    EXPECT_THAT(fp.body, HasSubstr("Failover server ftp"));
    EXPECT_THAT(fp.body, HasSubstr("name=\"k.start_cmd\""));
    EXPECT_THAT(fp.body, Not(HasSubstr("Add the real server")));
    // Active without start_cmd: refused by the validator, nothing written.
    const std::string before = s.f.cf;
    r = s.post("do=virtual&virt=ftp&k.active=1");
    EXPECT_EQ(r.status, 422);
    EXPECT_THAT(r.body, HasSubstr("failover &#39;ftp&#39; has no start_cmd"));
    EXPECT_EQ(s.f.cf, before);
    r = s.post("do=virtual&virt=ftp&k.active=1&k.start_cmd=%22%2Fetc%2Finit.d%2Fvsftpd+start%22&k.stop_cmd=%22%2Fetc%2Finit.d%2Fvsftpd+stop%22");
    ASSERT_EQ(r.status, 303) << r.body;
    EXPECT_EQ(header(r, "Location"), "/config/virtual/ftp");
    EXPECT_THAT(s.f.cf, HasSubstr("    port = 21\n    active = 1\n    start_cmd = \"/etc/init.d/vsftpd start\"\n"));
    EXPECT_EQ(s.logged("lvs.cf: failover 'ftp' key 'start_cmd': (unset) -> '\"/etc/init.d/vsftpd start\"' (by 192.0.2.7)"), 1u);
    // A relative command: refused at its field.
    r = s.post("do=virtual&virt=ftp&k.stop_cmd=%22vsftpd+stop%22");
    EXPECT_EQ(r.status, 422);
    EXPECT_THAT(r.body, HasSubstr("stop_cmd must start with an absolute path"));
    // The kind is virtual or failover, nothing else.
    EXPECT_EQ(s.post("do=add-virtual&kind=bogus&name=x").status, 400);
    EXPECT_EQ(s.post("do=add-virtual&kind=virtual&name=smtp&k.address=192.0.2.13+eth0%3A4&k.port=25").status, 303);
    EXPECT_THAT(s.f.cf, HasSubstr("\nvirtual smtp {\n"));
}

TEST(WebConfig, SynchronizeReportsThePartnersAnswer) {
    Session s;
    EXPECT_EQ(s.app.handle(req("POST", "/config", "do=sync", s.token)).status, 403);  // the gate: no CSRF token
    EXPECT_EQ(s.f.syncs, 0);
    auto r = s.post("do=sync");
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(s.f.syncs, 1);
    EXPECT_EQ(s.logged("lvs.cf sent to 192.0.2.2 port 3637 (by 192.0.2.7): installed"), 1u);
    // what the partner's file changed, as the partner answered it
    EXPECT_EQ(s.logged("lvs.cf on 192.0.2.2 port 3637: virtual 'www' key 'port': '80' -> '8080' (by 192.0.2.7)"), 1u);
    EXPECT_THAT(s.app.handle(req("GET", "/config", "", s.token)).body, HasSubstr("lvs.cf installed on 192.0.2.2 port 3637"));
    s.f.sync_outcome = sync::PushOutcome::Refused;
    s.post("do=sync");
    EXPECT_THAT(s.app.handle(req("GET", "/config", "", s.token)).body, HasSubstr("refused lvs.cf: lvs.cf:3:1: error: x"));
}

TEST(WebConfig, FormEditsCompareWithTheFile) {
    const auto v = config::view_config("serial_no = 1\nvirtual w {\n port = 80\n}\n");
    const auto fe = form_edits({{"do", "global"}, {"k.serial_no", " 2 "}, {"k.keepalive", ""}, {"k.primary", "192.0.2.1"}}, v);
    ASSERT_EQ(fe.edits.size(), 2u);
    EXPECT_EQ(fe.edits[0].at.key, "serial_no");
    EXPECT_EQ(fe.edits[0].value, "2");
    EXPECT_EQ(change_text(fe.changes[1]), "global key 'primary': (unset) -> '192.0.2.1'");
    const auto rm = form_edits({{"do", "virtual"}, {"virt", "w"}, {"k.port", ""}}, v);
    ASSERT_EQ(rm.edits.size(), 1u);
    EXPECT_EQ(rm.edits[0].op, config::Edit::Op::RemoveKey);
    EXPECT_FALSE(form_edits({{"do", "add-virtual"}}, v).error.empty());
}

// Every key of the keyword table has its labelled field; names are escaped.
TEST(WebConfig, PagesHaveAFieldPerKeyEachLabelled) {
    const auto file = config::view_config("serial_no = 1\nvirtual w {\n port = 80\n send = \"<b>\"\n server a {\n }\n}\n");
    ConfigView v;
    v.file = &file;
    v.path = "/x/lvs.cf";
    v.csrf = "c";
    const std::string g = config_page(v), w = virtual_page(v, "w");
    for (const auto& kw : config::detail::keyword_table()) {
        const std::string name = "name=\"k." + std::string(kw.name) + "\"";
        if (kw.scopes & config::detail::kGlobal) {
            EXPECT_THAT(g, HasSubstr(name));
        } else {
            EXPECT_THAT(w, HasSubstr(name));
        }
    }
    EXPECT_THAT(w, HasSubstr("<label for=\"f-a--weight\">weight</label>"));
    EXPECT_THAT(w, HasSubstr("value=\"&quot;&lt;b&gt;&quot;\""));
    for (const std::string* p : {&g, &w}) {
        std::size_t inputs = 0;
        for (auto i = p->find("<input type=\"text\" id=\""); i != std::string::npos; i = p->find("<input type=\"text\" id=\"", i + 1)) {
            const auto b = i + 23, e = p->find('"', b);
            EXPECT_THAT(*p, HasSubstr("<label for=\"" + p->substr(b, e - b) + "\">"));
            ++inputs;
        }
        EXPECT_GT(inputs, 10u);
        EXPECT_THAT(*p, Not(HasSubstr(" onclick=")));
    }
}

}  // namespace
}  // namespace lvs::web
