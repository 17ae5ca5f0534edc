// SPDX-License-Identifier: GPL-2.0-or-later
// The nanny command line, as lvsd (one per real server) and fos (one per
// failover service) start it.
#include "common/config/nanny_command.h"
#include "tests/support/sample_configs.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace lvs::config {
namespace {

using Argv = std::vector<std::string>;

Argv real_server_argv(const LvsConfig& c, std::uint32_t slot, const NannyOptions& opts) {
    return nanny_argv(c.virtuals[0], RealServerCheck{&c, &c.virtuals[0].servers[0], "lvs", slot}, opts);
}

TEST(NannyArgv, RealServerPiranhaShapePlusSlot) {
    const auto c = testing::web_config();
    const Argv want = {
        "/opt/nanny", "--nofork", "-h", "10.0.1.21", "-p", "80", "-r", "8080", "-s", "GET / HTTP/1.0\\r\\n\\r\\n",
        "-x", "HTTP", "-a", "180", "-I", "/sbin/ipvsadm", "-t", "2.5", "--interval", "2.5", "--fall", "1",
        "-V", "192.0.2.80", "-M", "m", "--lvs", "--shm", "lvs", "--slot", "3", "--name", "www/rs1",
        "--log-facility", "daemon", "--log-level", "info"};
    EXPECT_EQ(real_server_argv(c, 3, NannyOptions{"/opt/nanny", false, false}), want);
}

TEST(NannyArgv, RealServerEveryOption) {
    auto c = testing::web_config();
    c.network = Forwarding::Direct;
    auto& v = c.virtuals[0];
    v.client_monitor = "/usr/local/bin/checker";
    v.fwmark = 7;
    v.protocol = Protocol::Udp;
    v.send_program = "/bin/probe %h";
    v.quiesce_server = true;
    v.use_regex = true;
    v.interval = Millis{1000};
    v.fall = 2;
    v.rise = 3;
    v.slow_start = Millis{4500};
    v.load_monitor = "uptime";
    v.servers[0].weight = 7;
    const Argv want = {
        "/usr/local/bin/checker", "--nofork", "-h", "10.0.1.21", "-p", "80", "-r", "8080", "-f", "7", "-u", "-e",
        "/bin/probe %h", "-s", "GET / HTTP/1.0\\r\\n\\r\\n", "-x", "HTTP", "-q", "--regex", "-v", "-a", "180",
        "-I", "/sbin/ipvsadm", "-t", "2.5", "--interval", "1", "--fall", "2", "-V", "192.0.2.80", "-M", "g",
        "-w", "7", "--slow-start", "4.5", "--rise", "3", "-U", c.rsh_command, "--nodaemon", "--lvs", "--shm", "lvs",
        "--slot", "0", "--name", "www/rs1", "--log-facility", "local3", "--log-level", "debug"};
    EXPECT_EQ(real_server_argv(c, 0, NannyOptions{"/opt/nanny", true, true, "local3", log::Level::Debug}), want);
    c.network = Forwarding::Tunnel;
    v.load_monitor = "rup";
    const auto a = real_server_argv(c, 0, NannyOptions{});
    EXPECT_EQ(std::find(a.begin(), a.end(), "-M")[1], "i");
    EXPECT_EQ(std::find(a.begin(), a.end(), "-U")[1], "rup");
}

TEST(NannyArgv, WeightAndSlowStartOnlyWhenNannyDrivesTheWeight) {
    auto c = testing::web_config();
    c.virtuals[0].servers[0].weight = 7;
    c.virtuals[0].slow_start = Millis{4500};
    const auto a = real_server_argv(c, 0, NannyOptions{});
    const auto has = [&](const std::string& opt, const std::string& val) {
        for (std::size_t i = 0; i + 1 < a.size(); ++i)
            if (a[i] == opt && a[i + 1] == val) return true;
        return false;
    };
    EXPECT_EQ(a[0], "/usr/sbin/nanny");
    EXPECT_TRUE(has("-w", "7"));
    EXPECT_TRUE(has("--slow-start", "4.5"));
    EXPECT_TRUE(nanny_drives_weight(c.virtuals[0]));
    c.virtuals[0].slow_start = Millis{0};
    EXPECT_FALSE(nanny_drives_weight(c.virtuals[0]));
    const auto b = real_server_argv(c, 0, NannyOptions{});
    EXPECT_EQ(std::count(b.begin(), b.end(), "-w"), 0);
    c.virtuals[0].load_monitor = "rup";
    EXPECT_TRUE(nanny_drives_weight(c.virtuals[0]));
}

TEST(NannyArgv, FailoverPiranhaShape) {
    EXPECT_EQ(nanny_argv(testing::web_failover(), FailoverCheck{"192.0.2.11"}, NannyOptions{"/opt/nanny", true, true}),
              (Argv{"/opt/nanny", "--nofork", "-h", "192.0.2.80", "-V", "192.0.2.11", "-p", "8080", "-v", "-s",
                    "GET / HTTP/1.0\\r\\n\\r\\n", "-x", "HTTP", "-t", "2", "--nodaemon", "--grace", "30", "--fos",
                    "--name", "web", "--log-facility", "daemon", "--log-level", "info"}));
}

TEST(NannyArgv, FailoverEveryOption) {
    auto fs = testing::web_failover();
    fs.protocol = Protocol::Udp;
    fs.send_program = "/bin/probe";
    fs.use_regex = true;
    fs.quiesce_server = true;  // an LVS option: not passed
    fs.interval = Millis{500};
    fs.cmd_timeout = Millis{5000};
    EXPECT_EQ(nanny_argv(fs, FailoverCheck{"192.0.2.11"}, NannyOptions{}),
              (Argv{"/usr/sbin/nanny", "--nofork", "-h", "192.0.2.80", "-V", "192.0.2.11", "-p", "8080", "-u", "-e",
                    "/bin/probe", "-s", "GET / HTTP/1.0\\r\\n\\r\\n", "-x", "HTTP", "--regex", "-t", "2",
                    "--interval", "0.5", "--grace", "5", "--fos", "--name", "web", "--log-facility", "daemon",
                    "--log-level", "info"}));
}

// lvs.ini's [log] reaches every nanny, whoever starts it: nanny reads no
// lvs.ini of its own.
TEST(NannyArgv, LogFacilityAndLevelAlwaysPassed) {
    const auto c = testing::web_config();
    const NannyOptions opts{"/opt/nanny", false, false, "local5", log::Level::Warning};
    const auto tail = [](const Argv& a) { return Argv(a.end() - 4, a.end()); };
    const Argv want = {"--log-facility", "local5", "--log-level", "warning"};
    EXPECT_EQ(tail(real_server_argv(c, 0, opts)), want);
    EXPECT_EQ(tail(nanny_argv(testing::web_failover(), FailoverCheck{"192.0.2.11"}, opts)), want);
}

}  // namespace
}  // namespace lvs::config
