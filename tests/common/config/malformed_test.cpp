// SPDX-License-Identifier: GPL-2.0-or-later
// A table of malformed lvs.cf files, each with the exact diagnostics
// (FILE:LINE:COL: error: message) expected, errors only, in order.
#include <gtest/gtest.h>

#include "common/config/parser.h"
#include "tests/support/config_snippets.h"

namespace lvs::config {
namespace {

struct Case {
    const char* name;
    std::string text;
    std::string want;  // every error, one per line
};

std::string vs(const std::string& body) { return testing::virtual_block(body); }
std::string errors(const std::string& text) { return testing::config_errors(text); }

const std::vector<Case>& cases() {
    static const std::vector<Case> k = {
        {.name = "empty file", .text = "", .want = "f.cf:1:1: error: Empty configuration\n"},
        {.name = "unknown key", .text = "primray = 1.2.3.4\n",
         .want = "f.cf:1:1: error: unknown command 'primray'\n"},
        {.name = "no blanks around =", .text = "primary=1.2.3.4\n",
         .want = "f.cf:1:1: error: unknown command 'primary=1.2.3.4'\n"},
        {.name = "missing =", .text = "keepalive 6\n",
         .want = "f.cf:1:11: error: equal (=) expected after command 'keepalive'\n"},
        {.name = "key alone", .text = "keepalive\n",
         .want = "f.cf:1:1: error: equal (=) expected after command 'keepalive'\n"},
        {.name = "missing value", .text = "keepalive =\n",
         .want = "f.cf:1:11: error: missing arguments for 'keepalive'\n"},
        {.name = "trailing comment", .text = "keepalive = 6 # six\n",
         .want = "f.cf:1:15: error: unexpected arguments: '#'\n"},
        {.name = "integer expected", .text = "heartbeat_port = 5x9\n",
         .want = "f.cf:1:18: error: integer expected: '5x9'\n"},
        {.name = "octal 08", .text = "syncd_id = 08\n", .want = "f.cf:1:12: error: integer expected: '08'\n"},
        {.name = "boolean expected", .text = "backup_active = 2\n",
         .want = "f.cf:1:17: error: boolean expected: '2'\n"},
        {.name = "yes is not a boolean", .text = "syncdaemon = yes\n",
         .want = "f.cf:1:14: error: integer expected: 'yes'\n"},
        {.name = "case-sensitive enum", .text = "network = NAT\n",
         .want = "f.cf:1:11: error: invalid argument: 'NAT' for network\n"},
        {.name = "bad service", .text = "service = ha\n",
         .want = "f.cf:1:11: error: invalid argument: 'ha' for service\n"},
        {.name = "unknown port name", .text = "heartbeat_port = nosuchsvc\n",
         .want = "f.cf:1:18: error: invalid argument: unknown service name 'nosuchsvc'\n"},
        {.name = "port out of range", .text = "heartbeat_port = 99999\n",
         .want = "f.cf:1:18: error: port out of range (0-65535): '99999'\n"},
        {.name = "unresolvable host", .text = "primary = no.such.host\n",
         .want = "f.cf:1:11: error: cannot resolve host name 'no.such.host'\n"},
        {.name = "zero primary", .text = "primary = 0.0.0.0\n",
         .want = "f.cf:1:11: error: invalid host name or ip address: '0.0.0.0'\n"},
        {.name = "bad mask", .text = "nat_nmask = 255.255.0\n",
         .want = "f.cf:1:13: error: Bad subnet mask specified: '255.255.0'\n"},
        {.name = "nat_router needs a device", .text = "nat_router = 10.0.0.1\n",
         .want = "f.cf:1:14: error: missing arguments: expected ADDRESS DEVICE\n"},
        {.name = "nat_router extra", .text = "nat_router = 10.0.0.1 eth1:1 x\n",
         .want = "f.cf:1:30: error: unexpected arguments: 'x'\n"},
        {.name = "bad duration", .text = "keepalive = 0.0001\n",
         .want = "f.cf:1:13: error: duration expected (seconds, to the millisecond): '0.0001'\n"},
        {.name = "negative duration", .text = "deadtime = -1\n",
         .want = "f.cf:1:12: error: duration expected (seconds, to the millisecond): '-1'\n"},
        {.name = "unclosed quote", .text = "active_cmd = \"/bin/x --y\n",
         .want = "f.cf:1:14: error: quotation mismatch: no closing \"\n"},
        {.name = "text after quote", .text = "active_cmd = \"a\"b\n",
         .want = "f.cf:1:17: error: quotation mismatch: text after closing \"\n"},
        {.name = "two values", .text = "active_cmd = \"a b\" c\n",
         .want = "f.cf:1:20: error: unexpected arguments: 'c'\n"},
        {.name = "unquoted blanks", .text = "active_cmd = /bin/x --y\n",
         .want = "f.cf:1:21: error: unexpected arguments: '--y'\n"},
        {.name = "brace on next line", .text = "virtual v\n{\n}\n",
         .want = "f.cf:1:9: error: missing arguments: expected 'virtual NAME {'\n"
                 "f.cf:2:1: error: unknown command '{'\n"
                 "f.cf:3:1: error: unknown command '}': no block is open\n"},
        {.name = "opener extra", .text = "virtual v { x\n}\n",
         .want = "f.cf:1:13: error: unexpected arguments: 'x'\n"
                 "f.cf:2:1: error: unknown command '}': no block is open\n"},
        {.name = "missing close at eof", .text = "virtual v {\n\tactive = 0\n",
         .want = "f.cf:1:1: error: missing '}': virtual 'v' is not closed\n"},
        {.name = "server not closed", .text = "virtual v {\n\tserver s {\n",
         .want = "f.cf:1:1: error: missing '}': virtual 'v' is not closed\n"
                 "f.cf:2:2: error: missing '}': server 's' is not closed\n"},
        {.name = "text after close", .text = "virtual v {\n} trailing\n",
         .want = "f.cf:2:3: error: unexpected text after '}': 'trailing'\n"},
        {.name = "close at top", .text = "}\n", .want = "f.cf:1:1: error: unknown command '}': no block is open\n"},
        {.name = "server at top", .text = "server s {\n}\n",
         .want = "f.cf:1:1: error: unknown command 'server': a server block belongs in a virtual block\n"
                 "f.cf:2:1: error: unknown command '}': no block is open\n"},
        {.name = "nested virtual", .text = "virtual a {\nvirtual b {\n}\n",
         .want = "f.cf:2:1: error: missing '}' before 'virtual' (virtual 'a' is still open)\n"},
        {.name = "global key in block", .text = "virtual v {\n\tkeepalive = 2\n}\n",
         .want = "f.cf:2:2: error: unknown command 'keepalive' in virtual block\n"},
        {.name = "virtual key at top", .text = "scheduler = rr\n",
         .want = "f.cf:1:1: error: unknown command 'scheduler' in global scope\n"},
        {.name = "log_file is unknown", .text = "virtual v {\n\tserver s {\n\t\tlog_file = x\n\t}\n}\n",
         .want = "f.cf:3:3: error: unknown command 'log_file'\n"},
        {.name = "list expected", .text = "virtual v {\n\tdirs = a\n}\n",
         .want = "f.cf:2:9: error: list expected\n"},
        {.name = "list unterminated", .text = "virtual v {\n\tdirs = [ a\n}\n",
         .want = "f.cf:2:11: error: list expected: missing ']'\n"},
        {.name = "control character", .text = "keepalive = 2\x01\n",
         .want = "f.cf:1:14: error: invalid character 0x01\n"},
        {.name = "several errors", .text = "keepalive = x\ndeadtime = y\n",
         .want = "f.cf:1:13: error: duration expected (seconds, to the millisecond): 'x'\n"
                 "f.cf:2:12: error: duration expected (seconds, to the millisecond): 'y'\n"},
        // ---- validation ----
        {.name = "duplicate service", .text = vs("") + vs(""),
         .want = "f.cf:9:1: error: virtual 'v' duplicates the service of virtual 'v' (line 1)\n"},
        {.name = "duplicate fwmark",
         .text = vs("\tfwmark = 5\n") + "virtual w {\n\tactive = 1\n\taddress = 192.0.2.2 eth0:2\n\tfwmark = 5\n}\n",
         .want = "f.cf:10:1: error: virtual 'w' duplicates the service of virtual 'v' (line 1)\n"},
        {.name = "active vs without address", .text = "virtual v {\n\tactive = 1\n}\n",
         .want = "f.cf:1:1: error: active virtual 'v' has no address\n"},
        {.name = "weight negative", .text = "virtual v {\n\tserver s {\n\t\tweight = -1\n\t}\n}\n",
         .want = "f.cf:3:3: error: weight -1 is out of range (0-65535)\n"},
        {.name = "weight too big", .text = "virtual v {\n\tserver s {\n\t\tweight = 70000\n\t}\n}\n",
         .want = "f.cf:3:3: error: weight 70000 is out of range (0-65535)\n"},
        {.name = "timeout zero", .text = vs("\ttimeout = 0\n"),
         .want = "f.cf:4:2: error: timeout must be greater than 0\n"},
        {.name = "keepalive zero", .text = "keepalive = 0\n",
         .want = "f.cf:1:1: error: keepalive must be greater than 0\n"},
        {.name = "unknown scheduler", .text = vs("\tscheduler = fastest\n"),
         .want = "f.cf:4:2: error: unknown scheduler 'fastest'\n"},
        {.name = "flag for wrong scheduler", .text = vs("\tscheduler = rr\n\tsched_flags = sh-port\n"),
         .want = "f.cf:5:2: error: scheduler flag 'sh-port' needs scheduler sh\n"},
        {.name = "nat_router without nat", .text = "network = direct\nnat_router = 10.0.0.1 eth1:1\n" + vs(""),
         .want = "f.cf:2:1: error: nat_router needs network = nat\n"},
        {.name = "backup_active without backup", .text = "backup_active = 1\n" + vs(""),
         .want = "f.cf:1:1: error: backup_active = 1 but no backup address is set\n"},
        {.name = "send_program without expect", .text = vs("\tsend_program = \"/bin/check %h\"\n"),
         .want = "f.cf:4:2: error: send_program needs an expect string\n"},
        {.name = "unknown escape", .text = vs("\tsend = \"GET \\q\"\n"),
         .want = "f.cf:4:2: error: send: unknown escape '\\q'\n"},
        {.name = "trailing backslash", .text = vs("\texpect = \"OK\\\"\n"),
         .want = "f.cf:4:2: error: expect: trailing backslash\n"},
        {.name = "syncd_id range", .text = "syncd_id = 300\n" + vs(""),
         .want = "f.cf:1:1: error: syncd_id must be 0-255\n"},
        {.name = "failover without start_cmd",
         .text = "service = fos\nfailover f {\n\tactive = 1\n\taddress = 192.0.2.5 eth0:1\n}\n",
         .want = "f.cf:2:1: error: failover 'f' has no start_cmd\n"},
        {.name = "failover start_cmd not absolute",
         .text = "service = fos\nfailover f {\n\tactive = 1\n\taddress = 192.0.2.5 eth0:1\n"
                 "\tstart_cmd = \"httpd start\"\n\tstop_cmd = \"/bin/true\"\n}\n",
         .want = "f.cf:5:2: error: start_cmd must start with an absolute path (it is run without a shell or "
                 "PATH search)\n"},
        {.name = "failover cmd_timeout",
         .text = "service = fos\nfailover f {\n\tactive = 1\n\taddress = 192.0.2.5 eth0:1\n"
                 "\tstart_cmd = /bin/true\n\tstop_cmd = /bin/true\n\tcmd_timeout = 0\n}\n",
         .want = "f.cf:7:2: error: cmd_timeout must be greater than 0\n"},
        {.name = "fos shared scsi",
         .text = "service = fos\nprimary_shared = /dev/a\nbackup_shared = /dev/b\n",
         .want = "f.cf:2:1: error: shared SCSI reservation (primary_shared/backup_shared) is not supported\n"},
        {.name = "duplicate real server",
         .text = vs("\tserver t {\n\t\taddress = 10.0.0.1\n\t\tactive = 1\n\t}\n"),
         .want = "f.cf:8:2: error: server 's' duplicates another server's address and port\n"},
    };
    return k;
}

TEST(LvsCfMalformed, EachCaseGivesExactDiagnostics) {
    ASSERT_GE(cases().size(), 40u);
    for (const auto& c : cases()) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(errors(c.text), c.want);
    }
}

TEST(LvsCfMalformed, DigitsAndDotsThatAreNoAddressAreNeverLookedUp) {
    ParseOptions opts = offline_parse_options();
    int lookups = 0;
    opts.resolve_host = [&](const std::string&) -> std::optional<IpAddress> { return ++lookups, std::nullopt; };
    auto loaded = load_config_text("primary = 10.0.1.300\n", "f.cf", opts);
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.diagnostics[0].format(), "f.cf:1:11: error: invalid host name or ip address: '10.0.1.300'");
    EXPECT_EQ(lookups, 0);
}

TEST(LvsCfMalformed, HostileTextIsShownShortAndPrintable) {
    auto loaded = load_config_text("primary = " + std::string(2000000, 'a') + "\n", "f.cf", offline_parse_options());
    ASSERT_FALSE(loaded.diagnostics.empty());
    // The token is cut to 80 characters; the message would be cut at 160 bytes.
    EXPECT_EQ(loaded.diagnostics[0].format(),
              "f.cf:1:11: error: cannot resolve host name '" + std::string(80, 'a') + "...'");
    Diagnostic long_message{Severity::Error, "f.cf", {1, 1}, std::string(1000, 'b')};
    EXPECT_EQ(long_message.format(), "f.cf:1:1: error: " + std::string(157, 'b') + "...");
    Diagnostic d{Severity::Error, "f.cf", {1, 1}, std::string("bad \x1b[2J\xff")};
    EXPECT_EQ(d.format(), "f.cf:1:1: error: bad \\x1b[2J\\xff");
}

TEST(LvsCfMalformed, ABinaryFileGivesAScreenfulNotThousandsOfLines) {
    std::string junk;
    for (int i = 0; i < 5000; ++i) junk += "\x01\x02 = \x03\n";
    auto loaded = load_config_text(junk, "f.cf", offline_parse_options());
    ASSERT_EQ(loaded.diagnostics.size(), kMaxDiagnostics + 1);
    EXPECT_NE(loaded.diagnostics.back().message.find("more diagnostics not shown"), std::string::npos);
}

TEST(LvsCfMalformed, WarningsDoNotFailTheFile) {
    auto loaded = load_config_text("keepalive = 5\ndeadtime = 5\n" + vs(""), "f.cf", offline_parse_options());
    EXPECT_TRUE(loaded.ok());
    ASSERT_FALSE(loaded.diagnostics.empty());
    EXPECT_EQ(loaded.diagnostics[0].format(),
              "f.cf:2:1: warning: deadtime should be several times keepalive (a single lost heartbeat "
              "would cause a failover)");
}

}  // namespace
}  // namespace lvs::config
