// SPDX-License-Identifier: GPL-2.0-or-later
// lvs.cf's redundancy = ecmp keys: defaults, values, round trip, and the
// errors and warnings at their place (FILE:LINE:COL).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "common/config/parser.h"
#include "common/config/writer.h"

namespace lvs::config {
namespace {

LoadedConfig load(const std::string& text) { return load_config_text(text, "f.cf", offline_parse_options()); }

std::string diags(const std::string& text, Severity sev) {
    std::string s;
    for (const auto& d : load(text).diagnostics)
        if (d.severity == sev) s += d.format() + "\n";
    return s;
}
std::string errors(const std::string& text) { return diags(text, Severity::Error); }
std::string warnings(const std::string& text) { return diags(text, Severity::Warning); }

// A good ecmp file: globals on lines 1-6, the virtual from line 7.
std::string ecmp(const std::string& globals = "", const std::string& vs_body = "") {
    return "redundancy = ecmp\nnetwork = direct\nsyncdaemon = 1\nbgp_local_as = 64512\n"
           "bgp_peer = [ 192.0.2.1 192.0.2.2 ]\nbgp_peer_as = 64500\n" +
           globals +
           "virtual v {\n\tactive = 1\n\taddress = 198.51.100.10 lo:1\n\tscheduler = mh\n" + vs_body +
           "\tserver s {\n\t\taddress = 10.0.0.1\n\t\tactive = 1\n\t}\n}\n";
}

TEST(EcmpKeys, DefaultsKeepPiranhaMeaning) {
    const auto c = load("primary = 192.0.2.9\n").config;
    EXPECT_EQ(c.redundancy, Redundancy::Pair);
    EXPECT_EQ(c.bgp_local_as, 0u);
    EXPECT_TRUE(c.bgp_peer.empty());
    EXPECT_FALSE(c.bfd);
    EXPECT_EQ(c.bfd_interval, Millis{100});
    EXPECT_EQ(c.bfd_multiplier, 3);
    EXPECT_EQ(c.announce_min_servers, 1);
    EXPECT_EQ(c.announce_warmup, Millis{10000});
    EXPECT_EQ(c.withdraw_drain, Millis{5000});
    EXPECT_EQ(c.birdc, "/usr/sbin/birdc");
    EXPECT_EQ(c.bird_socket, "/run/bird/bird.ctl");
    EXPECT_EQ(c.bird_include, "/etc/bird/lvs-vips.conf");
    // None of it is printed for a Piranha file.
    EXPECT_EQ(print_config(c), "service = lvs\nprimary = 192.0.2.9\n");
}

TEST(EcmpKeys, GoodFileHasNoDiagnostics) {
    EXPECT_EQ(errors(ecmp()), "");
    EXPECT_EQ(warnings(ecmp()), "");
}

TEST(EcmpKeys, EveryKeyIsReadAndRoundTrips) {
    const std::string text = ecmp(
        "bgp_peer_as = [ 64500 4200000000 ]\nbfd = 1\nbfd_interval = 0.05\nbfd_multiplier = 5\n"
        "announce_min_servers = 2\nannounce_warmup = 30\nwithdraw_drain = 2.5\nbirdc = /usr/local/sbin/birdc\n"
        "bird_socket = /var/run/bird.ctl\nbird_include = /etc/bird/vips.conf\n",
        "\tannounce_min_servers = 0\n");
    ASSERT_EQ(errors(text), "");
    const auto loaded = load(text);
    const auto& c = loaded.config;
    EXPECT_EQ(c.redundancy, Redundancy::Ecmp);
    EXPECT_EQ(c.bgp_local_as, 64512u);
    ASSERT_EQ(c.bgp_peer.size(), 2u);
    EXPECT_EQ(c.bgp_peer[1].to_string(), "192.0.2.2");
    EXPECT_EQ(c.bgp_peer_as, (std::vector<std::uint32_t>{64500, 4200000000u}));
    EXPECT_TRUE(c.bfd);
    EXPECT_EQ(c.bfd_interval, Millis{50});
    EXPECT_EQ(c.bfd_multiplier, 5);
    EXPECT_EQ(c.announce_min_servers, 2);
    EXPECT_EQ(c.announce_warmup, Millis{30000});
    EXPECT_EQ(c.withdraw_drain, Millis{2500});
    EXPECT_EQ(c.birdc, "/usr/local/sbin/birdc");
    EXPECT_EQ(c.bird_socket, "/var/run/bird.ctl");
    EXPECT_EQ(c.bird_include, "/etc/bird/vips.conf");
    EXPECT_EQ(c.virtuals[0].announce_min_servers, 0);
    const std::string printed = print_config(c);
    EXPECT_NE(printed.find("redundancy = ecmp\n"), std::string::npos);
    EXPECT_NE(printed.find("bgp_peer = [ 192.0.2.1 192.0.2.2 ]\n"), std::string::npos);
    EXPECT_NE(printed.find("bgp_peer_as = [ 64500 4200000000 ]\n"), std::string::npos);
    EXPECT_NE(printed.find("bfd_interval = 0.05\n"), std::string::npos);
    EXPECT_NE(printed.find("\tannounce_min_servers = 0\n"), std::string::npos);
    const auto again = load(printed);
    EXPECT_EQ(errors(printed), "");
    EXPECT_EQ(print_config(again.config), printed);
    EXPECT_EQ(print_config(again.config, PrintMode::All), print_config(c, PrintMode::All));
}

TEST(EcmpKeys, SinglePeerIsAWord) {
    const auto c = load("redundancy = ecmp\nbgp_peer = 2001:db8::1\n").config;
    ASSERT_EQ(c.bgp_peer.size(), 1u);
    EXPECT_EQ(c.bgp_peer[0].to_string(), "2001:db8::1");
    EXPECT_NE(print_config(c).find("bgp_peer = 2001:db8::1\n"), std::string::npos);
}

TEST(EcmpKeys, ListValuesAreCheckedWhereTheyAre) {
    EXPECT_EQ(errors("bgp_peer = [ 192.0.2.1 peer.example ]\n"),
              "f.cf:1:24: error: invalid ip address: 'peer.example'\n");
    EXPECT_EQ(errors("bgp_peer = 192.0.2.1 192.0.2.2\n"),
              "f.cf:1:22: error: unexpected arguments: '192.0.2.2' (several values go in [ ])\n");
    EXPECT_EQ(errors("bgp_peer = [ 192.0.2.1\n"), "f.cf:1:14: error: list expected: missing ']'\n");
    EXPECT_EQ(errors("bgp_peer = [ ]\n"), "f.cf:1:14: error: list expected: at least one value\n");
    EXPECT_EQ(errors("bgp_peer_as = [ 1 x ]\n"), "f.cf:1:19: error: integer expected: 'x'\n");
    EXPECT_EQ(errors("bgp_peer_as = 4294967296\n"), "f.cf:1:15: error: integer out of range: '4294967296'\n");
    EXPECT_EQ(errors("redundancy = active\n"), "f.cf:1:14: error: invalid argument: 'active' for redundancy\n");
}

TEST(EcmpKeys, KeysNeedTheMode) {
    EXPECT_EQ(errors("bgp_local_as = 64512\nbfd = 1\n"),
              "f.cf:1:1: error: bgp_local_as needs redundancy = ecmp\n"
              "f.cf:2:1: error: bfd needs redundancy = ecmp\n");
    EXPECT_EQ(errors("virtual v {\n\tannounce_min_servers = 2\n}\n"),
              "f.cf:2:2: error: announce_min_servers needs redundancy = ecmp\n");
}

TEST(EcmpKeys, NatIsRefusedWithTheReason) {
    const std::string e = errors(ecmp("network = nat\n"));
    EXPECT_EQ(e, "f.cf:7:1: error: redundancy = ecmp refuses network = nat: a real server replies through its "
                 "one gateway, not the router ECMP chose for the request; use direct or tunnel\n");
    // The default (nat) is refused too, at the redundancy line.
    std::string text = ecmp();
    text.replace(text.find("network = direct\n"), 17, "");
    EXPECT_NE(errors(text).find("f.cf:1:1: error: redundancy = ecmp refuses network = nat"), std::string::npos);
    EXPECT_EQ(errors(ecmp("network = tunnel\n")), "");
}

TEST(EcmpKeys, PairModeKeysAndFosAreRefused) {
    EXPECT_NE(errors(ecmp("backup = 192.0.2.7\nbackup_active = 1\n"))
                  .find("f.cf:8:1: error: backup_active has no meaning with redundancy = ecmp"),
              std::string::npos);
    EXPECT_NE(warnings(ecmp("backup = 192.0.2.7\n")).find("f.cf:7:1: warning: backup is ignored"),
              std::string::npos);
    EXPECT_NE(errors(ecmp("service = fos\n")).find("f.cf:7:1: error: redundancy = ecmp needs service = lvs"),
              std::string::npos);
}

TEST(EcmpKeys, BgpIsChecked) {
    EXPECT_EQ(errors("redundancy = ecmp\nnetwork = direct\n"),
              "f.cf:1:1: error: redundancy = ecmp needs bgp_local_as\n"
              "f.cf:1:1: error: redundancy = ecmp needs at least one bgp_peer\n");
    EXPECT_NE(errors(ecmp("bgp_local_as = 23456\n")).find("f.cf:7:1: error: bgp_local_as must be 1-4294967295"),
              std::string::npos);
    EXPECT_NE(errors(ecmp("bgp_peer_as = [ 1 2 3 ]\n"))
                  .find("f.cf:7:1: error: bgp_peer_as lists 3 AS numbers for 2 bgp_peer addresses"),
              std::string::npos);
    EXPECT_NE(errors(ecmp("bgp_peer_as = 0\n")).find("f.cf:7:1: error: bgp_peer_as must be"), std::string::npos);
    EXPECT_NE(errors(ecmp("bgp_peer = [ 192.0.2.1 192.0.2.1 ]\n")).find("is listed twice"), std::string::npos);
    EXPECT_NE(errors(ecmp("bgp_peer = 0.0.0.0\n")).find("is not a router's address"), std::string::npos);
    std::string no_as = ecmp();
    no_as.replace(no_as.find("bgp_peer_as = 64500\n"), 20, "");
    EXPECT_NE(errors(no_as).find("f.cf:1:1: error: redundancy = ecmp needs bgp_peer_as"), std::string::npos);
}

TEST(EcmpKeys, BfdAndTimersAreChecked) {
    EXPECT_EQ(errors(ecmp("bfd_interval = 0.05\n")), "f.cf:7:1: error: bfd_interval needs bfd = 1\n");
    EXPECT_EQ(errors(ecmp("bfd = 1\nbfd_multiplier = 0\n")), "f.cf:8:1: error: bfd_multiplier must be 1-255\n");
    EXPECT_EQ(errors(ecmp("bfd = 1\nbfd_interval = 0\n")),
              "f.cf:8:1: error: bfd_interval must be 0.001-60 seconds\n");
    EXPECT_EQ(errors(ecmp("announce_min_servers = -1\n")),
              "f.cf:7:1: error: announce_min_servers must not be negative\n");
    EXPECT_EQ(errors(ecmp("bird_socket = bird.ctl\n")), "f.cf:7:1: error: bird_socket must be an absolute path\n");
    EXPECT_EQ(errors(ecmp("", "\tannounce_min_servers = -2\n")),
              "f.cf:11:2: error: announce_min_servers must not be negative\n");
}

TEST(EcmpKeys, WarnsAboutSchedulerUnreachableMinimumAndFamily) {
    std::string text = ecmp("", "\tannounce_min_servers = 2\n");
    text.replace(text.find("\tscheduler = mh\n"), 16, "\tscheduler = wlc\n");
    const std::string w = warnings(text);
    EXPECT_NE(w.find("f.cf:10:2: warning: scheduler 'wlc' with redundancy = ecmp: use mh"), std::string::npos) << w;
    EXPECT_NE(w.find("f.cf:11:2: warning: virtual 'v' has 1 active servers but needs 2 up"), std::string::npos) << w;
    std::string v6 = ecmp();
    v6.replace(v6.find("198.51.100.10 lo:1"), 18, "2001:db8::10 lo");
    v6.replace(v6.find("10.0.0.1"), 8, "2001:db8:1::1");
    EXPECT_NE(warnings(v6).find("f.cf:7:1: warning: virtual 'v': no bgp_peer of the address family of 2001:db8::10"),
              std::string::npos)
        << warnings(v6);
    std::string nosync = ecmp();
    nosync.replace(nosync.find("syncdaemon = 1\n"), 15, "");
    EXPECT_NE(warnings(nosync).find("f.cf:1:1: warning: syncdaemon = 0 with redundancy = ecmp"), std::string::npos);
}

TEST(EcmpKeys, SampleFileIsCleanAndSaysWhatItDoes) {
    std::ifstream in("etc/lvs-ecmp.cf.sample");
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    ASSERT_FALSE(text.empty());
    const auto loaded = load_config_text(text, "etc/lvs-ecmp.cf.sample", offline_parse_options());
    std::string all;
    for (const auto& d : loaded.diagnostics) all += d.format() + "\n";
    EXPECT_EQ(all, "");
    EXPECT_EQ(loaded.config.redundancy, Redundancy::Ecmp);
    EXPECT_EQ(loaded.config.network, Forwarding::Direct);
}

}  // namespace
}  // namespace lvs::config
