// SPDX-License-Identifier: GPL-2.0-or-later
#include "common/config/settings.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace lvs::config {
namespace {

std::string errors(const LoadedSettings& s) {
    std::string out;
    for (const auto& d : s.diagnostics) out += d.format() + "\n";
    return out;
}

TEST(Settings, DefaultsWhenEmpty) {
    auto s = parse_settings_string("", "x.ini");
    EXPECT_TRUE(s.ok());
    EXPECT_EQ(s.settings.nanny, "/usr/sbin/nanny");
    EXPECT_EQ(s.settings.shm_name, "lvs");
    EXPECT_EQ(s.settings.status_listen, "127.0.0.1:9539");
}

TEST(Settings, ReadsEveryKey) {
    auto s = parse_settings_string(
        "[paths]\nlvsd = /opt/lvsd\nnanny = /opt/nanny\nfos = /opt/fos\nsend_arp = /opt/sa\n"
        "ipvsadm = /opt/ipvsadm\n[log]\nfacility = local3\nlevel = debug\n[shm]\nname = lvs-test\n"
        "[status]\nlisten = [::1]:9100\n[heartbeat]\nkey_file = /etc/hb.key\nrt_priority = 0\n",
        "x.ini");
    EXPECT_EQ(errors(s), "");
    EXPECT_EQ(s.settings.lvsd, "/opt/lvsd");
    EXPECT_EQ(s.settings.send_arp, "/opt/sa");
    EXPECT_EQ(s.settings.log_facility, "local3");
    EXPECT_EQ(s.settings.log_level, log::Level::Debug);
    EXPECT_EQ(s.settings.shm_name, "lvs-test");
    EXPECT_EQ(s.settings.status_listen, "[::1]:9100");
    EXPECT_EQ(s.settings.heartbeat_key_file, "/etc/hb.key");
    EXPECT_EQ(s.settings.heartbeat_rt_priority, 0);
}

TEST(Settings, ReportsEveryBadLineWithItsNumber) {
    struct Case {
        const char* name;
        const char* text;
        const char* want;
    };
    const Case cases[] = {
        {.name = "unknown key", .text = "[paths]\nlvsd = /a\nfoo = 1\n",
         .want = "x.ini:3:1: error: unknown key 'foo' in section [paths]\n"},
        {.name = "unknown section", .text = "; c\n[nope]\nk = v\n",
         .want = "x.ini:3:1: error: unknown section [nope]\n"},
        {.name = "key outside section", .text = "k = v\n", .want = "x.ini:1:1: error: unknown section []\n"},
        {.name = "relative path", .text = "[paths]\nnanny = nanny\n",
         .want = "x.ini:2:1: error: [paths] nanny must be an absolute path\n"},
        {.name = "bad facility", .text = "[log]\nfacility = kern7\n",
         .want = "x.ini:2:1: error: unknown log facility 'kern7'\n"},
        {.name = "bad level", .text = "[log]\n\nlevel = loud\n",
         .want = "x.ini:3:1: error: unknown log level 'loud'\n"},
        {.name = "bad shm name", .text = "[shm]\nname = a/b\n",
         .want = "x.ini:2:1: error: [shm] name must be a non-empty word without '/'\n"},
        {.name = "syntax", .text = "[log]\nthis line has no equals\n", .want = "x.ini:2:1: error: syntax error\n"},
        {.name = "two errors", .text = "[log]\nlevel = a\nlevel = b\n",
         .want = "x.ini:2:1: error: unknown log level 'a'\nx.ini:3:1: error: unknown log level 'b'\n"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto s = parse_settings_string(c.text, "x.ini");
        EXPECT_FALSE(s.ok());
        EXPECT_EQ(errors(s), c.want);
    }
}

// [shm] group: a gid as is, a name through the lookup; an unknown name
// stops the daemons at start, with its line.
TEST(Settings, ShmGroupByNameOrGid) {
    const GroupLookup groups = [](const std::string& n) -> std::optional<std::uint32_t> {
        if (n == "nagios") return 117;
        return std::nullopt;
    };
    auto s = parse_settings_string("[shm]\nname = x\ngroup = nagios\n", "x.ini", groups);
    EXPECT_EQ(errors(s), "");
    EXPECT_EQ(s.settings.shm_group, "nagios");
    EXPECT_EQ(s.settings.shm_gid, 117);
    s = parse_settings_string("[shm]\ngroup = 4\n", "x.ini", groups);
    EXPECT_EQ(errors(s), "");
    EXPECT_EQ(s.settings.shm_gid, 4);
    EXPECT_EQ(parse_settings_string("", "x.ini", groups).settings.shm_gid, -1);  // none: root only
    s = parse_settings_string("[shm]\nname = x\n\ngroup = nagois\n", "x.ini", groups);
    EXPECT_EQ(errors(s), "x.ini:4:1: error: [shm] group: no such group 'nagois'\n");
    s = parse_settings_string("[shm]\ngroup = 4294967295\n", "x.ini", groups);
    EXPECT_EQ(errors(s), "x.ini:2:1: error: [shm] group '4294967295' is no valid gid\n");
    s = parse_settings_string("[shm]\ngroup =\n", "x.ini", groups);
    EXPECT_EQ(errors(s), "x.ini:2:1: error: [shm] group must name a group\n");
    // Without a lookup (tools that only read the name) a name is kept unresolved.
    s = parse_settings_string("[shm]\ngroup = nagios\n", "x.ini");
    EXPECT_EQ(errors(s), "");
    EXPECT_EQ(s.settings.shm_gid, -1);
}

TEST(Settings, ShmGroupFromTheSystem) {
    const auto root = system_group_lookup()("root");
    ASSERT_TRUE(root.has_value());
    EXPECT_EQ(*root, 0u);
    EXPECT_FALSE(system_group_lookup()("no-such-group-lvs-test").has_value());
}

TEST(Settings, MissingDefaultFileMeansDefaults) {
    auto r = load_settings("/nonexistent/lvs.ini", false);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->ok());
    auto required = load_settings("/nonexistent/lvs.ini", true);
    EXPECT_FALSE(required.ok());
}

// Hostile paths: refused without reading (no hang on a FIFO, no endless
// read of /dev/zero), whether the file is required or the default.
TEST(Settings, WhatIsNoRegularFileIsRefusedUnread) {
    const std::string fifo = "/tmp/settings_test." + std::to_string(::getpid()) + ".fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    for (const std::string& path : {std::string("/dev/zero"), std::string("/tmp"), fifo}) {
        for (bool required : {true, false}) {
            auto r = load_settings(path, required);
            ASSERT_FALSE(r.ok()) << path;
            EXPECT_EQ(r.error().code, ErrorCode::Io) << path;
        }
    }
    EXPECT_EQ(load_settings("/tmp", true).error().context, "/tmp is a directory");
    ::unlink(fifo.c_str());
}

TEST(Settings, SampleFileIsValid) {
    auto r = load_settings("etc/lvs.ini.sample", true);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(errors(*r), "");
}

TEST(Settings, WebSection) {
    auto d = parse_settings_string("", "x.ini");
    EXPECT_EQ(d.settings.web_address, "127.0.0.1");
    EXPECT_EQ(d.settings.web_port, 3636);
    EXPECT_EQ(d.settings.web_password_file, "/etc/sysconfig/ha/lvsweb.passwd");
    EXPECT_EQ(d.settings.web_session_idle_s, 900);
    auto s = parse_settings_string("[web]\naddress = 2001:db8::1\nport = 8443\ntls_cert = /etc/c.pem\n"
                                   "tls_key = /etc/k.pem\npassword_file = /etc/pw\nsession_idle = 600\n",
                                   "x.ini");
    EXPECT_EQ(errors(s), "");
    EXPECT_EQ(s.settings.web_address, "2001:db8::1");
    EXPECT_EQ(s.settings.web_port, 8443);
    EXPECT_EQ(s.settings.web_tls_cert, "/etc/c.pem");
    EXPECT_EQ(s.settings.web_tls_key, "/etc/k.pem");
    EXPECT_EQ(s.settings.web_password_file, "/etc/pw");
    EXPECT_EQ(s.settings.web_session_idle_s, 600);
    auto bad = parse_settings_string("[web]\naddress = localhost\nport = 0\ntls_cert = c.pem\nsession_idle = 5\nfoo = 1\n",
                                     "x.ini");
    EXPECT_EQ(errors(bad),
              "x.ini:2:1: error: [web] address must be a numeric IPv4 or IPv6 address, not 'localhost'\n"
              "x.ini:3:1: error: [web] port must be 1 to 65535\n"
              "x.ini:4:1: error: [web] tls_cert must be an absolute path\n"
              "x.ini:5:1: error: [web] session_idle must be 60 to 86400\n"
              "x.ini:6:1: error: unknown key 'foo' in section [web]\n");
}

TEST(Settings, WebSyncKeys) {
    auto d = parse_settings_string("", "x.ini");
    EXPECT_EQ(d.settings.web_sync_address, "");
    EXPECT_EQ(d.settings.web_sync_port, 3637);
    EXPECT_EQ(d.settings.web_sync_peer, "");
    auto s = parse_settings_string("[web]\nsync_address = 10.0.0.1\nsync_port = 4000\nsync_peer = fd00::2\n", "x.ini");
    EXPECT_EQ(errors(s), "");
    EXPECT_EQ(s.settings.web_sync_address, "10.0.0.1");
    EXPECT_EQ(s.settings.web_sync_port, 4000);
    EXPECT_EQ(s.settings.web_sync_peer, "fd00::2");
    auto bad = parse_settings_string("[web]\nsync_address = any\nsync_port = 70000\nsync_peer = router2\n", "x.ini");
    EXPECT_EQ(errors(bad),
              "x.ini:2:1: error: [web] sync_address must be a numeric IPv4 or IPv6 address, not 'any'\n"
              "x.ini:3:1: error: [web] sync_port must be 1 to 65535\n"
              "x.ini:4:1: error: [web] sync_peer must be a numeric IPv4 or IPv6 address, not 'router2'\n");
}

}  // namespace
}  // namespace lvs::config
