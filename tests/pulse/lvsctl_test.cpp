// SPDX-License-Identifier: GPL-2.0-or-later
// lvsctl's command line (and what it says on stderr when it refuses one),
// real-server matching, and sync's exit status for a file not valid here.
#include "pulse/lvsctl.h"

#include <sys/stat.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>

#include "common/base/exit_codes.h"
#include "common/log/logger.h"
#include "tests/support/stderr_capture.h"

namespace lvs::lvsctl {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

struct Parsed {
    int rc;
    std::string err;  // what parse_command wrote to stderr
};

// Parses `words`, capturing stderr around the call only: the tests after
// this one must keep theirs, so fd 2 is checked to be the same file again.
Parsed parse(std::vector<std::string> words, Command& c) {
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    struct stat before {}, after {};
    EXPECT_EQ(::fstat(2, &before), 0);
    Parsed p{};
    {
        lvs::testing::StderrCapture cap;
        p.rc = parse_command(static_cast<int>(argv.size()), argv.data(), c);
        p.err = cap.text();
    }
    EXPECT_EQ(::fstat(2, &after), 0);
    EXPECT_TRUE(after.st_dev == before.st_dev && after.st_ino == before.st_ino) << "stderr was not given back";
    return p;
}

TEST(LvsctlCommand, VerbsTargetsAndOptions) {
    Command c;
    EXPECT_EQ(parse({"lvsctl"}, c).rc, -1);
    EXPECT_EQ(c.verb, Command::Verb::Status);
    c = {};
    EXPECT_EQ(parse({"lvsctl", "status", "--json"}, c).rc, -1);
    EXPECT_TRUE(c.json);
    c = {};
    const Parsed drain = parse({"lvsctl", "--shm", "x", "drain", "www/rs1"}, c);
    EXPECT_EQ(drain.rc, -1);
    EXPECT_EQ(drain.err, "");
    EXPECT_EQ(c.verb, Command::Verb::Drain);
    EXPECT_EQ(c.target, "www/rs1");
    EXPECT_EQ(c.shm, "x");
    c = {};
    EXPECT_EQ(parse({"lvsctl", "check", "--quiet"}, c).rc, -1);
    EXPECT_TRUE(c.quiet);
    c = {};
    EXPECT_EQ(parse({"lvsctl", "--help"}, c).rc, -1);
    EXPECT_EQ(c.verb, Command::Verb::Help);
}

TEST(LvsctlCommand, SyncAndItsConfigFile) {
    Command c;
    EXPECT_EQ(parse({"lvsctl", "sync"}, c).rc, -1);
    EXPECT_EQ(c.verb, Command::Verb::Sync);
    EXPECT_EQ(c.config, "/etc/sysconfig/ha/lvs.cf");
    c = {};
    const Parsed p = parse({"lvsctl", "sync", "--configfile", "/tmp/other.cf"}, c);
    EXPECT_EQ(p.rc, -1);
    EXPECT_EQ(p.err, "");
    EXPECT_EQ(c.verb, Command::Verb::Sync);
    EXPECT_EQ(c.config, "/tmp/other.cf");
    c = {};
    EXPECT_EQ(parse({"lvsctl", "--configfile=/a.cf", "sync"}, c).rc, -1);
    EXPECT_EQ(c.config, "/a.cf");
    c = {};
    EXPECT_EQ(parse({"lvsctl", "sync", "--configfile=/b.cf"}, c).rc, -1);
    EXPECT_EQ(c.config, "/b.cf");
    c = {};
    EXPECT_THAT(parse({"lvsctl", "sync", "--configfile"}, c).err, StartsWith("lvsctl: --configfile needs a file\n"));
    c = {};
    EXPECT_EQ(parse({"lvsctl", "sync", "extra"}, c).rc, kExitUsage);
}

// -i and -q, once spellings of --settings and --quiet, are gone (send_arp's
// -i is its interface, nanny's -q its --quiesce_server), before the verb and
// after it; -h is no longer help (nanny's -h is its real server).
TEST(LvsctlCommand, OldSpellingsAreGone) {
    Command c;
    EXPECT_EQ(parse({"lvsctl", "--settings", "/x.ini", "--quiet", "check"}, c).rc, -1);
    EXPECT_EQ(c.settings, "/x.ini");
    EXPECT_TRUE(c.settings_given);
    EXPECT_TRUE(c.quiet);
    EXPECT_EQ(c.verb, Command::Verb::Check);
    c = {};
    EXPECT_EQ(parse({"lvsctl", "check", "--quiet"}, c).rc, -1);
    EXPECT_TRUE(c.quiet);
    const std::vector<std::vector<std::string>> gone = {{"lvsctl", "-i", "/old.ini", "status"},
                                                        {"lvsctl", "-q", "check"},
                                                        {"lvsctl", "check", "-q"},
                                                        {"lvsctl", "status", "-q"},
                                                        {"lvsctl", "-h"}};
    for (const auto& words : gone) {
        SCOPED_TRACE(words[1] + " " + words.back());
        c = {};
        EXPECT_NE(parse(words, c).rc, -1);
    }
    c = {};
    EXPECT_EQ(parse({"lvsctl", "status", "-q"}, c).rc, kExitUsage);
    c = {};
    EXPECT_EQ(parse({"lvsctl", "check", "-q"}, c).rc, 3);  // a plugin's usage error: UNKNOWN
}

TEST(LvsctlCommand, RefusalsSayWhyAndShowTheUsage) {
    struct Case {
        std::vector<std::string> words;
        const char* first_line;  // the reason, before the usage
    };
    const Case cases[] = {
        {{"lvsctl", "drain"}, "lvsctl: drain needs one real server\n"},
        {{"lvsctl", "reload", "extra"}, "lvsctl: reload takes no argument\n"},
        {{"lvsctl", "explode"}, "lvsctl: unknown command explode\n"},
        {{"lvsctl", "status", "--bogus"}, "lvsctl: unknown option --bogus\n"},
        {{"lvsctl", "--bogus"}, "lvsctl: unrecognized option '--bogus'\n"},  // getopt's own words
    };
    for (const auto& k : cases) {
        SCOPED_TRACE(k.words.back());
        Command c;
        const Parsed p = parse(k.words, c);
        EXPECT_EQ(p.rc, kExitUsage);
        EXPECT_THAT(p.err, StartsWith(k.first_line));
        EXPECT_THAT(p.err, HasSubstr("usage: lvsctl [--settings INI]"));
        EXPECT_THAT(p.err, HasSubstr("      --quiet "));
    }
}

TEST(LvsctlCheck, ThresholdsBeforeOrAfterTheVerb) {
    Command c;
    EXPECT_EQ(parse({"lvsctl", "check", "-w", "3:", "-c", "1"}, c).rc, -1);
    ASSERT_TRUE(c.check.thresholds.warning && c.check.thresholds.critical);
    EXPECT_EQ(c.check.thresholds.warning->text(), "3:");
    EXPECT_EQ(c.check.thresholds.critical->text(), "1:");  // plain N means N: for servers up
    c = {};
    EXPECT_EQ(parse({"lvsctl", "-w", "~:5", "--critical=@0:0", "check", "--per-virtual", "--quiet"}, c).rc, -1);
    EXPECT_EQ(c.verb, Command::Verb::Check);
    EXPECT_EQ(c.check.thresholds.warning->text(), "~:5");
    EXPECT_EQ(c.check.thresholds.critical->text(), "@0:0");
    EXPECT_TRUE(c.check.per_virtual);
    EXPECT_TRUE(c.quiet);
    c = {};
    EXPECT_EQ(parse({"lvsctl", "check", "-w2", "--warning", "4", "-c1:"}, c).rc, -1);
    EXPECT_EQ(c.check.thresholds.warning->text(), "4:");  // the last one counts
    EXPECT_EQ(c.check.thresholds.critical->text(), "1:");
}

// check is a monitoring plugin: any usage error is UNKNOWN (3); the other
// verbs keep 4.
TEST(LvsctlCheck, UsageErrorsAreUnknown) {
    struct Case {
        std::vector<std::string> words;
        int rc;
        const char* first_line;
    };
    const Case cases[] = {
        {{"lvsctl", "check", "-w", "x"}, 3, "lvsctl: -w: bad threshold range 'x': want N, N:, ~:M, N:M or @N:M\n"},
        {{"lvsctl", "check", "-c"}, 3, "lvsctl: -c needs a range\n"},
        {{"lvsctl", "check", "--bogus"}, 3, "lvsctl: unknown option --bogus\n"},
        {{"lvsctl", "--bogus", "check"}, 3, "lvsctl: unrecognized option '--bogus'\n"},
        {{"lvsctl", "check", "extra"}, 3, "lvsctl: check takes no argument\n"},
        {{"lvsctl", "-w", "5:2", "check"}, 3, "lvsctl: -w: bad threshold range '5:2': its start is above its end\n"},
        {{"lvsctl", "status", "-w", "3"}, 4, "lvsctl: -w, -c and --per-virtual are for check only\n"},
        {{"lvsctl", "--per-virtual"}, 4, "lvsctl: -w, -c and --per-virtual are for check only\n"},
    };
    for (const auto& k : cases) {
        SCOPED_TRACE(k.words.back());
        Command c;
        const Parsed p = parse(k.words, c);
        EXPECT_EQ(p.rc, k.rc);
        EXPECT_THAT(p.err, StartsWith(k.first_line));
        EXPECT_THAT(p.err, HasSubstr("lvsctl check [--quiet] [-w RANGE] [-c RANGE]"));
    }
}

status::ServerView sv(std::uint32_t slot, const char* name, std::uint8_t last_octet) {
    status::ServerView v;
    v.slot = slot;
    v.rs.family = 4;
    v.rs.addr[0] = 10, v.rs.addr[1] = 0, v.rs.addr[2] = 1, v.rs.addr[3] = last_octet;
    v.rs.port = 80;
    std::snprintf(v.rs.name, sizeof v.rs.name, "%s", name);
    return v;
}

TEST(LvsctlMatch, ExactNameThenServerNameThenAddress) {
    status::Snapshot s;
    s.servers = {sv(0, "www/rs1", 21), sv(1, "www/rs2", 22), sv(2, "ftp/rs1", 21)};
    ASSERT_EQ(match_servers(s, "www/rs1").size(), 1u);
    EXPECT_EQ(match_servers(s, "www/rs1")[0]->slot, 0u);
    EXPECT_EQ(match_servers(s, "rs2").size(), 1u);
    EXPECT_EQ(match_servers(s, "rs1").size(), 2u);  // ambiguous: lvsctl refuses
    EXPECT_EQ(match_servers(s, "10.0.1.22:80").size(), 1u);
    EXPECT_TRUE(match_servers(s, "nothing").empty());
}

// sync with a file that is not valid here: nothing sent, the reason on
// stderr, exit status 2 as lvsctl(8) says (a failed push is 1).
TEST(LvsctlSync, AFileNotValidHereIsNotSentAndExits2) {
    if (::geteuid() != 0) GTEST_SKIP() << "lvsctl sync needs root";
    char dir[] = "/tmp/lvsctl-sync-XXXXXX";
    ASSERT_NE(::mkdtemp(dir), nullptr);
    const std::string ini = std::string(dir) + "/lvs.ini", bad = std::string(dir) + "/lvs.cf";
    FILE* f = std::fopen(ini.c_str(), "w");
    std::fputs("[heartbeat]\nkey_file = /nonexistent/hb.key\n", f);
    std::fclose(f);
    f = std::fopen(bad.c_str(), "w");
    std::fputs("serial_no = {\n", f);
    std::fclose(f);
    Command c;
    ASSERT_EQ(parse({"lvsctl", "--settings", ini, "sync", "--configfile", bad}, c).rc, -1);
    int rc = 0;
    std::string err;
    {
        lvs::testing::StderrCapture cap;
        rc = run(c);
        err = cap.text();
    }
    log::use_stderr();  // run() logs to syslog from here on
    EXPECT_EQ(rc, kExitConfig);
    EXPECT_THAT(err, HasSubstr("lvsctl: sync to the partner failed: " + bad + " is not valid here; not sent:\n" + bad + ":1:13: error:"));
    std::remove(ini.c_str());
    std::remove(bad.c_str());
    ::rmdir(dir);
}

}  // namespace
}  // namespace lvs::lvsctl
