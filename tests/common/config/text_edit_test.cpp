// SPDX-License-Identifier: GPL-2.0-or-later
// The text-preserving lvs.cf editor: comments, order and spelling kept,
// new keys in their block, hostile values refused, diagnostics mapped to
// their keys.
#include <gtest/gtest.h>

#include "common/config/text_edit.h"

namespace lvs::config {
namespace {

const std::string kFile =
    "# lvs.cf of the test\n"
    "serial_no = 7\n"
    "primary = 192.0.2.1\n"
    "\n"
    "# the web farm\n"
    "virtual web {\n"
    "\tactive = 1\n"
    "\taddress = 192.0.2.10 eth0:1\n"
    "\t# port below\n"
    "\tport = 80\n"
    "\tscheduler = wlc\n"
    "\tserver a {\n"
    "\t\taddress = 10.0.0.1\n"
    "\t\tactive = 1\n"
    "\t}\n"
    "}\n";

Edit set(std::string v, std::string s, std::string key, std::string value) {
    return {Edit::Op::SetKey, {std::move(v), std::move(s), std::move(key)}, std::move(value)};
}
Edit op(Edit::Op o, std::string v, std::string s = "") { return {o, {std::move(v), std::move(s), ""}, ""}; }

EditResult run(const std::string& text, const std::vector<Edit>& e) {
    return edit_config(text, e, "lvs.cf", offline_parse_options());
}

TEST(TextEdit, NoEditIsByteIdentical) {
    const auto r = run(kFile, {});
    EXPECT_EQ(r.outcome, EditOutcome::Valid);
    EXPECT_EQ(r.text, kFile);
    const std::string crlf = "serial_no = 1\r\nprimary = 192.0.2.1\r\n\r\n# x\r\nvirtual v {\r\n port = 80\r\n}";
    EXPECT_EQ(*apply_edits(crlf, {}), crlf);
}

TEST(TextEdit, ChangedKeyKeepsItsLineAndIndentation) {
    const auto r = run(kFile, {set("web", "", "port", "8080"), set("", "", "serial_no", "8"),
                               set("web", "a", "address", "10.0.0.2")});
    ASSERT_EQ(r.outcome, EditOutcome::Valid) << (r.diagnostics.empty() ? "" : r.diagnostics[0].diag.format());
    std::string want = kFile;
    want.replace(want.find("port = 80"), 9, "port = 8080");
    want.replace(want.find("serial_no = 7"), 13, "serial_no = 8");
    want.replace(want.find("10.0.0.1"), 8, "10.0.0.2");
    EXPECT_EQ(r.text, want);
}

TEST(TextEdit, NewKeyGoesAtTheEndOfItsBlockWithItsIndentation) {
    const auto r = run(kFile, {set("web", "", "timeout", "5"), set("web", "a", "weight", "3"),
                               set("", "", "keepalive", "2")});
    ASSERT_EQ(r.outcome, EditOutcome::Valid);
    // the virtual's own keys end before its first server
    EXPECT_NE(r.text.find("\tscheduler = wlc\n\ttimeout = 5\n\tserver a {\n"), std::string::npos) << r.text;
    EXPECT_NE(r.text.find("\t\tactive = 1\n\t\tweight = 3\n\t}\n"), std::string::npos) << r.text;
    EXPECT_NE(r.text.find("primary = 192.0.2.1\nkeepalive = 2\n\n# the web farm\n"), std::string::npos) << r.text;
    EXPECT_NE(r.text.find("# port below\n"), std::string::npos);
}

TEST(TextEdit, RemoveKeyAndBlocksKeepsTheRest) {
    auto r = run(kFile, {op(Edit::Op::RemoveKey, "web"), op(Edit::Op::RemoveServer, "web", "a")});
    EXPECT_EQ(r.outcome, EditOutcome::Refused);  // RemoveKey without a key is no key
    r = run(kFile, {{Edit::Op::RemoveKey, {"web", "", "scheduler"}, ""}, op(Edit::Op::RemoveServer, "web", "a")});
    ASSERT_EQ(r.outcome, EditOutcome::Valid);
    EXPECT_EQ(r.text, "# lvs.cf of the test\nserial_no = 7\nprimary = 192.0.2.1\n\n# the web farm\nvirtual web {\n"
                      "\tactive = 1\n\taddress = 192.0.2.10 eth0:1\n\t# port below\n\tport = 80\n}\n");
    r = run(kFile, {op(Edit::Op::RemoveVirtual, "web")});
    EXPECT_EQ(r.text, "# lvs.cf of the test\nserial_no = 7\nprimary = 192.0.2.1\n\n# the web farm\n");
}

TEST(TextEdit, AddVirtualAndServer) {
    const auto r = run(kFile, {op(Edit::Op::AddVirtual, "mail"), set("mail", "", "address", "192.0.2.11 eth0:2"),
                               set("mail", "", "port", "25"), op(Edit::Op::AddServer, "mail", "m1"),
                               set("mail", "m1", "address", "10.0.0.5"), op(Edit::Op::AddServer, "web", "b"),
                               set("web", "b", "address", "10.0.0.3")});
    ASSERT_EQ(r.outcome, EditOutcome::Valid) << r.diagnostics[0].diag.format();
    EXPECT_EQ(r.text.substr(0, kFile.size() - 2), kFile.substr(0, kFile.size() - 2));
    EXPECT_NE(r.text.find("\t}\n\tserver b {\n\t\taddress = 10.0.0.3\n\t}\n}\n"), std::string::npos) << r.text;
    EXPECT_NE(r.text.find("}\n\nvirtual mail {\n\taddress = 192.0.2.11 eth0:2\n\tport = 25\n\tserver m1 {\n"
                          "\t\taddress = 10.0.0.5\n\t}\n}\n"),
              std::string::npos)
        << r.text;
    EXPECT_EQ(run(kFile, {op(Edit::Op::AddVirtual, "web")}).outcome, EditOutcome::Refused);
    EXPECT_EQ(run(kFile, {op(Edit::Op::AddServer, "web", "a")}).outcome, EditOutcome::Refused);
    EXPECT_EQ(run(kFile, {op(Edit::Op::AddServer, "nope", "a")}).outcome, EditOutcome::Refused);
    EXPECT_EQ(run(kFile, {op(Edit::Op::AddVirtual, "bad name")}).outcome, EditOutcome::Refused);
}

TEST(TextEdit, FileWithoutFinalNewline) {
    const std::string t = "serial_no = 1\nvirtual v {\n  port = 80\n}";
    EXPECT_EQ(*apply_edits(t, {set("v", "", "scheduler", "rr")}), "serial_no = 1\nvirtual v {\n  port = 80\n  scheduler = rr\n}");
    EXPECT_EQ(*apply_edits(t, {op(Edit::Op::AddVirtual, "w")}), t + "\n\nvirtual w {\n}\n");
}

TEST(TextEdit, HostileValuesAreRefusedAndChangeNothing) {
    const std::string big(10 * 1024, 'x');
    const std::string nul("1\0 2", 4);
    for (const std::string& v : {std::string("1\nvirtual evil {"), std::string("1\r\n"), std::string("\"open"),
                                 std::string("a\" b"), std::string("{"), std::string("x }"), nul, big,
                                 std::string("   ")}) {
        const auto r = run(kFile, {set("web", "", "send", v)});
        EXPECT_EQ(r.outcome, EditOutcome::Refused) << v.substr(0, 20);
        EXPECT_EQ(r.text, kFile);
        ASSERT_EQ(r.diagnostics.size(), 1u);
        EXPECT_EQ(r.diagnostics[0].path, (KeyPath{"web", "", "send"}));
        EXPECT_EQ(r.diagnostics[0].diag.severity, Severity::Error);
    }
    EXPECT_NE(value_problem({"", "", "serial_no"}, "1\n2").find("control character 0x0a"), std::string::npos);
    EXPECT_NE(value_problem({"", "", "serial_no"}, big).find("longer than 4096"), std::string::npos);
    EXPECT_NE(value_problem({"", "", "port"}, "1").find("unknown key 'port' in global scope"), std::string::npos);
    EXPECT_EQ(value_problem({"v", "", "send"}, "\"GET / HTTP/1.0\\r\\n\""), "");
    EXPECT_EQ(value_problem({"v", "", "expect"}, "\"a{2}\""), "");  // braces inside quotes are text
}

TEST(TextEdit, InvalidResultNamesTheKey) {
    // a parse error (validation runs only on a file that parses)
    auto r = run(kFile, {set("web", "a", "weight", "x")});
    EXPECT_EQ(r.outcome, EditOutcome::Invalid);
    ASSERT_FALSE(r.diagnostics.empty());
    EXPECT_EQ(r.diagnostics[0].path, (KeyPath{"web", "a", "weight"}));
    EXPECT_TRUE(r.diagnostics[0].diag.format().starts_with("lvs.cf:15:")) << r.diagnostics[0].diag.format();
    EXPECT_NE(r.text.find("\t\tweight = x\n"), std::string::npos);
    // a validation error
    r = run(kFile, {set("web", "", "scheduler", "nosuch")});
    EXPECT_EQ(r.outcome, EditOutcome::Invalid);
    bool sched = false;
    for (const auto& d : r.diagnostics)
        if (d.path == KeyPath{"web", "", "scheduler"}) sched = d.diag.format().starts_with("lvs.cf:11:");
    EXPECT_TRUE(sched);
}

TEST(TextEdit, ViewShowsValuesAsWritten) {
    const FileView v = view_config(kFile);
    std::string out;
    EXPECT_TRUE(v.value({"web", "", "address"}, out));
    EXPECT_EQ(out, "192.0.2.10 eth0:1");
    EXPECT_TRUE(v.value({"web", "a", "active"}, out));
    EXPECT_EQ(out, "1");
    EXPECT_FALSE(v.value({"web", "", "timeout"}, out));
    EXPECT_TRUE(v.value({"", "", "serial_no"}, out));
    ASSERT_EQ(v.virtuals.size(), 1u);
    EXPECT_EQ(v.virtuals[0].close_line, 16);
    EXPECT_EQ(v.virtuals[0].servers[0].close_line, 15);
    EXPECT_EQ(path_at_line(v, 13), (KeyPath{"web", "a", "address"}));
    EXPECT_EQ(path_at_line(v, 6), (KeyPath{"web", "", ""}));
}

}  // namespace
}  // namespace lvs::config
