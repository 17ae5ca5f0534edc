// SPDX-License-Identifier: GPL-2.0-or-later
// Reading birdc's answers (BIRD 2's output format) and the BIRD adapter:
// birdc's argv, the atomic write, the child run, the recording fake.
#include "pulse/bird_status.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

#include "common/config/parser.h"
#include "common/ev/event_loop.h"

#include "pulse/bird_control.h"
#include "tests/fakes/fake_bird_control.h"

namespace lvs::pulse {
namespace {

// `birdc show protocols`, short ISO times, one peer down with its reason.
constexpr const char* kProtocols =
    "BIRD 2.0.12 ready.\n"
    "Name       Proto      Table      State  Since         Info\n"
    "device1    Device     ---        up     13:40:01.123  \n"
    "lvs_vips4  Static     master4    up     13:40:01.123  \n"
    "lvs_vips6  Static     master6    up     13:40:01.123  \n"
    "lvs_bfd    BFD        ---        up     13:40:01.123  \n"
    "lvs_bgp_192_0_2_1 BGP        ---        up     13:40:05.456  Established   \n"
    "lvs_bgp_192_0_2_2 BGP        ---        start  2026-12-03 22:01:07  Active        Socket: Connection refused\n";

// `birdc show bfd sessions`.
constexpr const char* kBfd =
    "BIRD 2.0.12 ready.\n"
    "lvs_bfd:\n"
    "IP address                Interface  State      Since         Interval  Timeout\n"
    "192.0.2.1                 eth0       Up         13:40:02.000    0.100    0.300\n"
    "192.0.2.2                 eth0       Down       2026-12-03 22:01:07    1.000    0.000\n";

// `birdc show route protocol lvs_vips4` with two routes, lvs_vips6 with none.
constexpr const char* kRoutes4 =
    "BIRD 2.0.12 ready.\n"
    "Table master4:\n"
    "198.51.100.10/32     blackhole [lvs_vips4 13:40:01.123] * (200)\n"
    "198.51.100.11/32     blackhole [lvs_vips4 13:40:01.123] * (200)\n";
constexpr const char* kRoutes6 = "BIRD 2.0.12 ready.\n";

TEST(BirdStatus, ParsesProtocols) {
    const auto p = parse_protocols(kProtocols);
    ASSERT_EQ(p.size(), 6u);
    EXPECT_EQ(p[0], (BirdProtocol{"device1", "Device", "---", "up", "13:40:01.123", ""}));
    EXPECT_EQ(p[4], (BirdProtocol{"lvs_bgp_192_0_2_1", "BGP", "---", "up", "13:40:05.456", "Established"}));
    EXPECT_EQ(p[4].bgp_state(), "Established");
    EXPECT_EQ(p[5].since, "2026-12-03 22:01:07");
    EXPECT_EQ(p[5].info, "Active Socket: Connection refused");
    EXPECT_EQ(p[5].bgp_state(), "Active");
}

TEST(BirdStatus, ParsesBfdSessions) {
    const auto s = parse_bfd_sessions(kBfd);
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0], (BirdBfdSession{"lvs_bfd", "192.0.2.1", "eth0", "Up", "13:40:02.000", "0.100", "0.300"}));
    EXPECT_EQ(s[1].state, "Down");
    EXPECT_EQ(s[1].since, "2026-12-03 22:01:07");
    EXPECT_EQ(s[1].interval, "1.000");
    EXPECT_EQ(s[1].timeout, "0.000");
}

TEST(BirdStatus, ParsesRoutes) {
    EXPECT_EQ(parse_routes(kRoutes4), (std::vector<std::string>{"198.51.100.10/32", "198.51.100.11/32"}));
    EXPECT_TRUE(parse_routes(kRoutes6).empty());
    // An ECMP route's second next hop is a continuation line.
    EXPECT_EQ(parse_routes("Table master6:\n2001:db8::10/128   unicast [x 12:00:00] * (200)\n"
                           "\tvia fe80::1 on eth0\n"),
              (std::vector<std::string>{"2001:db8::10/128"}));
}

TEST(BirdStatus, CombinesIntoTheStatus) {
    const BirdStatus s = bird_status(kProtocols, kBfd, {kRoutes4, kRoutes6, kRoutes4});
    ASSERT_EQ(s.bgp.size(), 2u);  // the BGP rows only
    EXPECT_EQ(s.bgp[1].name, "lvs_bgp_192_0_2_2");
    EXPECT_EQ(s.bfd.size(), 2u);
    EXPECT_EQ(s.routes, (std::vector<std::string>{"198.51.100.10/32", "198.51.100.11/32"}));
}

TEST(BirdStatus, GarbageGivesNothing) {
    EXPECT_TRUE(parse_protocols("Unable to connect to server control socket\n").empty());
    EXPECT_TRUE(parse_bfd_sessions("lvs_bfd:\nno table here\n").empty());
    EXPECT_TRUE(parse_routes("Network not found\n\n").empty());
    EXPECT_TRUE(parse_protocols("").empty());
}

TEST(BirdStatus, ConfigureOutcome) {
    std::string why;
    EXPECT_EQ(parse_configure("BIRD 2.0.12 ready.\nReading configuration from /etc/bird/bird.conf\nReconfigured\n", why),
              BirdConfigure::Reconfigured);
    EXPECT_EQ(parse_configure("Reading configuration from /etc/bird/bird.conf\nReconfiguration in progress\n", why),
              BirdConfigure::InProgress);
    EXPECT_EQ(parse_configure("Reconfiguration already in progress, queueing new config\n", why),
              BirdConfigure::InProgress);
    EXPECT_EQ(parse_configure("BIRD 2.0.12 ready.\nReading configuration from /etc/bird/bird.conf\n"
                              "/etc/bird/lvs-vips.conf:12:3 syntax error, unexpected CF_SYM_UNDEFINED\n",
                              why),
              BirdConfigure::Failed);
    EXPECT_EQ(why, "/etc/bird/lvs-vips.conf:12:3 syntax error, unexpected CF_SYM_UNDEFINED");
    EXPECT_EQ(parse_configure("", why), BirdConfigure::Failed);
    EXPECT_EQ(why, "no answer from birdc");
    EXPECT_STREQ(to_string(BirdConfigure::InProgress), "reconfiguration in progress");
}

TEST(BirdControl, BirdcArgvIsExplicit) {
    BirdPaths p;
    p.birdc = "/usr/sbin/birdc";
    p.socket = "/run/bird/bird.ctl";
    EXPECT_EQ(birdc_argv(p, {"show", "bfd", "sessions"}),
              (std::vector<std::string>{"/usr/sbin/birdc", "-s", "/run/bird/bird.ctl", "show", "bfd", "sessions"}));
}

TEST(BirdControl, StatusAsksForTheRoutesOfTheFamiliesInUseOnly) {
    const char* text =
        "service = lvs\nredundancy = ecmp\nnetwork = direct\nbgp_local_as = 64512\nbgp_peer = 192.0.2.1\n"
        "bgp_peer_as = 64500\nbfd = 1\nvirtual www {\n active = 1\n address = 198.51.100.80 lo:1\n scheduler = mh\n"
        " server rs1 {\n  address = 10.0.1.21\n  active = 1\n }\n}\n";
    auto loaded = config::load_config_text(text, "f", config::offline_parse_options());
    ASSERT_TRUE(loaded.ok());
    const BirdPaths p = bird_paths(loaded.config);
    EXPECT_TRUE(p.routes4);
    EXPECT_FALSE(p.routes6);
    using C = std::vector<std::vector<std::string>>;
    EXPECT_EQ(status_commands(p), (C{{"show", "protocols"}, {"show", "bfd", "sessions"},
                                     {"show", "route", "protocol", "lvs_vips4"}}));
    BirdPaths both;  // the defaults: both families, no BFD
    EXPECT_EQ(status_commands(both), (C{{"show", "protocols"}, {"show", "route", "protocol", "lvs_vips4"},
                                        {"show", "route", "protocol", "lvs_vips6"}}));
}

// Runs the event loop until `got` holds an answer (birdc runs beside it).
template <typename T>
void wait_for(std::optional<T>& got) {
    const auto t0 = std::chrono::steady_clock::now();
    while (!got && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5)) ev::Loop::instance().run_once();
}

class TempDir : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/bird_test.XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl), nullptr);
        dir = tmpl;
    }
    void TearDown() override {
        for (const char* f : {"/lvs-vips.conf", "/birdc", "/args"}) ::unlink((dir + f).c_str());
        ::rmdir(dir.c_str());
    }
    static std::string slurp(const std::string& path) {
        std::ifstream in(path);
        std::ostringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }
    // A stand-in birdc: records its arguments, prints `answer`, exits `rc`.
    std::string fake_birdc(const std::string& answer, int rc) {
        const std::string path = dir + "/birdc";
        std::ofstream(path) << "#!/bin/sh\necho \"$@\" >> " << dir << "/args\nprintf '%s\\n' '" << answer
                            << "'\nexit " << rc << "\n";
        ::chmod(path.c_str(), 0755);
        return path;
    }
    std::string dir;
};

TEST_F(TempDir, WriteFileAtomicReplacesTheFile) {
    const std::string path = dir + "/lvs-vips.conf";
    ASSERT_TRUE(write_file_atomic(path, "one\n").ok());
    ASSERT_TRUE(write_file_atomic(path, "two\n").ok());
    EXPECT_EQ(slurp(path), "two\n");
    EXPECT_NE(::access((path + ".tmp").c_str(), F_OK), 0);
    auto bad = write_file_atomic(dir + "/no/such/dir/x", "x");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::Io);
}

TEST_F(TempDir, ApplyWritesAndReconfigures) {
    BirdPaths p;
    p.birdc = fake_birdc("Reconfigured", 0);
    p.socket = dir + "/bird.ctl";
    p.include = dir + "/lvs-vips.conf";
    BirdControlLinux bird(p);
    std::optional<Result<void>> got;
    bird.apply("fragment\n", [&](Result<void> r) { got = std::move(r); });
    EXPECT_EQ(slurp(p.include), "fragment\n");  // written before birdc runs
    wait_for(got);
    ASSERT_TRUE(got.has_value());
    EXPECT_TRUE(got->ok()) << got->error().message();
    EXPECT_EQ(slurp(dir + "/args"), "-s " + dir + "/bird.ctl configure\n");
}

TEST_F(TempDir, ApplyReportsBirdsRefusal) {
    BirdPaths p;
    p.birdc = fake_birdc("x.conf:1:1 syntax error", 0);
    p.include = dir + "/lvs-vips.conf";
    BirdControlLinux bird(p);
    std::optional<Result<void>> got;
    bird.apply("bad\n", [&](Result<void> r) { got = std::move(r); });
    wait_for(got);
    ASSERT_TRUE(got.has_value());
    ASSERT_FALSE(got->ok());
    EXPECT_EQ(got->error().code, ErrorCode::Config);
    EXPECT_EQ(got->error().context, "BIRD refused its configuration: x.conf:1:1 syntax error");
    // The one-shot form, for pulse --release-addresses, waits for birdc.
    auto now = apply_and_wait(p, "bad\n");
    ASSERT_FALSE(now.ok());
    EXPECT_EQ(now.error().context, "BIRD refused its configuration: x.conf:1:1 syntax error");
}

TEST_F(TempDir, ApplyThatCannotWriteAnswersAtOnce) {
    BirdPaths p;
    p.birdc = fake_birdc("Reconfigured", 0);
    p.include = dir + "/no/such/dir/lvs-vips.conf";
    BirdControlLinux bird(p);
    std::optional<Result<void>> got;
    bird.apply("x\n", [&](Result<void> r) { got = std::move(r); });
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->error().code, ErrorCode::Io);
}

TEST_F(TempDir, BirdcFailureAndTimeout) {
    auto r = run_capture({fake_birdc("Unable to connect", 1)}, std::chrono::milliseconds{3000});
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().context.find("exited with status 1: Unable to connect"), std::string::npos);
    auto t = run_capture({"/bin/sleep", "5"}, std::chrono::milliseconds{100});
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().code, ErrorCode::Timeout);
    auto missing = run_capture({dir + "/no-birdc"}, std::chrono::milliseconds{100});
    EXPECT_FALSE(missing.ok());
}

TEST_F(TempDir, StatusAsksBirdcOneCommandAfterTheOther) {
    BirdPaths p;
    p.birdc = fake_birdc("lvs_bgp_192_0_2_1 BGP --- up 13:40:05 Established", 0);
    p.socket = "/s";
    p.bfd = true;
    BirdControlLinux bird(p);
    std::optional<Result<BirdStatus>> got;
    bird.status([&](Result<BirdStatus> r) { got = std::move(r); });
    std::optional<Result<BirdStatus>> second;
    bird.status([&](Result<BirdStatus> r) { second = std::move(r); });  // one at a time
    ASSERT_TRUE(second.has_value());
    EXPECT_FALSE(second->ok());
    wait_for(got);
    ASSERT_TRUE(got.has_value());
    ASSERT_TRUE(got->ok()) << got->error().message();
    EXPECT_EQ(slurp(dir + "/args"),
              "-s /s show protocols\n-s /s show bfd sessions\n-s /s show route protocol lvs_vips4\n"
              "-s /s show route protocol lvs_vips6\n");
    EXPECT_TRUE((*got)->bgp.empty());  // no header line: not a table
}

TEST_F(TempDir, StatusEndsAtTheFirstFailure) {
    BirdPaths p;
    p.birdc = fake_birdc("Unable to connect to server control socket", 1);
    p.socket = "/s";
    BirdControlLinux bird(p);
    std::optional<Result<BirdStatus>> got;
    bird.status([&](Result<BirdStatus> r) { got = std::move(r); });
    wait_for(got);
    ASSERT_TRUE(got.has_value());
    ASSERT_FALSE(got->ok());
    EXPECT_NE(got->error().context.find("Unable to connect"), std::string::npos);
    EXPECT_EQ(slurp(dir + "/args"), "-s /s show protocols\n");
}

TEST(FakeBirdControl, RecordsAndAnswersAtOnceOrWhenTold) {
    FakeBirdControl fake;
    BirdControl& bird = fake;
    std::vector<bool> outcomes;
    bird.apply("a", [&](Result<void> r) { outcomes.push_back(r.ok()); });
    fake.apply_error = make_error(ErrorCode::Io, "down");
    bird.apply("b", [&](Result<void> r) { outcomes.push_back(r.ok()); });
    EXPECT_EQ(fake.applied, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(outcomes, (std::vector<bool>{true, false}));
    fake.hold_apply = true;
    fake.apply_error.reset();
    bird.apply("c", [&](Result<void> r) { outcomes.push_back(r.ok()); });
    EXPECT_EQ(outcomes.size(), 2u);
    EXPECT_TRUE(fake.finish_apply());
    EXPECT_EQ(outcomes.size(), 3u);
    fake.next_status.routes = {"198.51.100.10/32"};
    std::optional<Result<BirdStatus>> s;
    bird.status([&](Result<BirdStatus> r) { s = std::move(r); });
    ASSERT_TRUE(s.has_value() && s->ok());
    EXPECT_EQ((*s)->routes.size(), 1u);
    EXPECT_EQ(fake.status_calls, 1);
}

}  // namespace
}  // namespace lvs::pulse
