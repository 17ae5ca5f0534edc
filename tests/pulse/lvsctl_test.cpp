// SPDX-License-Identifier: GPL-2.0-or-later
// lvsctl's command line and real-server matching.
#include "pulse/lvsctl.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "common/base/exit_codes.h"

namespace lvs::lvsctl {
namespace {

int parse(std::vector<std::string> words, Command& c) {
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    std::FILE* devnull = std::freopen("/dev/null", "w", stderr);
    (void)devnull;
    return parse_command(static_cast<int>(argv.size()), argv.data(), c);
}

TEST(LvsctlCommand, VerbsTargetsAndOptions) {
    Command c;
    EXPECT_EQ(parse({"lvsctl"}, c), -1);
    EXPECT_EQ(c.verb, Command::Verb::Status);
    c = {};
    EXPECT_EQ(parse({"lvsctl", "status", "--json"}, c), -1);
    EXPECT_TRUE(c.json);
    c = {};
    EXPECT_EQ(parse({"lvsctl", "--shm", "x", "drain", "www/rs1"}, c), -1);
    EXPECT_EQ(c.verb, Command::Verb::Drain);
    EXPECT_EQ(c.target, "www/rs1");
    EXPECT_EQ(c.shm, "x");
    c = {};
    EXPECT_EQ(parse({"lvsctl", "drain"}, c), kExitUsage);
    c = {};
    EXPECT_EQ(parse({"lvsctl", "reload", "extra"}, c), kExitUsage);
    c = {};
    EXPECT_EQ(parse({"lvsctl", "explode"}, c), kExitUsage);
    c = {};
    EXPECT_EQ(parse({"lvsctl", "check", "-q"}, c), -1);
    EXPECT_TRUE(c.quiet);
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

}  // namespace
}  // namespace lvs::lvsctl
