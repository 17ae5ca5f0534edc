// SPDX-License-Identifier: GPL-2.0-or-later
// lvs.cf goldens: every tests/golden/lvs_cf/NN-topic.cf parses cleanly and
// prints exactly NN-topic.out; printing is stable and round-trips. The test
// only reads the goldens; `make golden-update` rewrites them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/config/parser.h"
#include "common/config/writer.h"

namespace lvs::config {
namespace {

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::filesystem::path> golden_inputs() {
    std::vector<std::filesystem::path> out;
    for (const auto& e : std::filesystem::directory_iterator("tests/golden/lvs_cf"))
        if (e.path().extension() == ".cf") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::string errors_of(const Diagnostics& diags) {
    std::string s;
    for (const auto& d : diags)
        if (d.severity == Severity::Error) s += d.format() + "\n";
    return s;
}

TEST(LvsCfGolden, EveryInputPrintsItsGolden) {
    const auto inputs = golden_inputs();
    ASSERT_GE(inputs.size(), 4u);
    for (const auto& cf : inputs) {
        SCOPED_TRACE(cf.string());
        auto loaded = load_config_text(slurp(cf), cf.string(), offline_parse_options());
        EXPECT_EQ(errors_of(loaded.diagnostics), "");
        auto want = cf;
        want.replace_extension(".out");
        EXPECT_EQ(print_config(loaded.config), slurp(want));
    }
}

TEST(LvsCfGolden, PrintParsePrintIsStableAndRoundTrips) {
    for (const auto& cf : golden_inputs()) {
        SCOPED_TRACE(cf.string());
        auto first = load_config_text(slurp(cf), cf.string(), offline_parse_options());
        const std::string printed = print_config(first.config);
        auto second = load_config_text(printed, "printed", offline_parse_options());
        EXPECT_EQ(errors_of(second.diagnostics), "");
        EXPECT_EQ(print_config(second.config), printed);
        EXPECT_EQ(print_config(second.config, PrintMode::All), print_config(first.config, PrintMode::All));
    }
}

TEST(LvsCfGolden, SampleFileIsValid) {
    const std::string text = slurp("etc/lvs.cf.sample");
    ASSERT_FALSE(text.empty());
    auto loaded = load_config_text(text, "etc/lvs.cf.sample", offline_parse_options());
    EXPECT_EQ(errors_of(loaded.diagnostics), "");
}

TEST(LvsCfGolden, SpecExampleModel) {
    auto loaded = load_config_text(slurp("tests/golden/lvs_cf/01-spec-nat-example.cf"), "x",
                                   offline_parse_options());
    const LvsConfig& c = loaded.config;
    ASSERT_EQ(c.virtuals.size(), 3u);
    EXPECT_EQ(c.virtuals[0].port, 80);  // "port = http"
    EXPECT_EQ(c.virtuals[0].servers[0].port, 80);
    EXPECT_EQ(c.virtuals[0].servers[1].port, 8080);
    EXPECT_EQ(c.virtuals[0].send, "GET /health HTTP/1.0\\r\\nHost: www.example.com\\r\\n\\r\\n");
    EXPECT_EQ(c.virtuals[2].protocol, Protocol::Udp);
    EXPECT_EQ(c.keepalive, Millis{2000});
    EXPECT_EQ(c.active_cmd, "/usr/local/sbin/lvs-became-active --notify");
    EXPECT_EQ(c.nat_router_device, "eth1:1");
}

TEST(LvsCf, CrlfParsesLikeLf) {
    const std::string lf = slurp("tests/golden/lvs_cf/01-spec-nat-example.cf");
    std::string crlf;
    for (char ch : lf) {
        if (ch == '\n') crlf += '\r';
        crlf += ch;
    }
    auto a = load_config_text(lf, "lf", offline_parse_options());
    auto b = load_config_text(crlf, "crlf", offline_parse_options());
    EXPECT_EQ(errors_of(b.diagnostics), "");
    EXPECT_EQ(print_config(a.config), print_config(b.config));
}

TEST(LvsCf, ExplicitBackupPrivateIsKept) {
    auto loaded = load_config_text("primary = 192.0.2.1\nbackup = 192.0.2.2\nbackup_private = 10.0.0.2\n",
                                   "f", offline_parse_options());
    EXPECT_EQ(loaded.config.primary_private.to_string(), "192.0.2.1");
    EXPECT_EQ(loaded.config.backup_private.to_string(), "10.0.0.2");
}

TEST(LvsCf, PrivateAddressesDefaultToPublic) {
    auto loaded = load_config_text("primary = 192.0.2.1\nbackup = 192.0.2.2\n", "f", offline_parse_options());
    EXPECT_EQ(loaded.config.primary_private.to_string(), "192.0.2.1");
    EXPECT_EQ(loaded.config.backup_private.to_string(), "192.0.2.2");
}

TEST(LvsCf, ServerPortFollowsVirtualPortParsedSoFar) {
    auto loaded = load_config_text(
        "virtual v {\n server a {\n address = 10.0.0.1\n }\n port = 81\n server b {\n address = 10.0.0.2\n }\n}\n",
        "f", offline_parse_options());
    ASSERT_EQ(loaded.config.virtuals.size(), 1u);
    EXPECT_EQ(loaded.config.virtuals[0].servers[0].port, 80);
    EXPECT_EQ(loaded.config.virtuals[0].servers[1].port, 81);
}

TEST(LvsCf, ResolvesHostNamesThroughTheInjectedResolver) {
    ParseOptions o = offline_parse_options();
    o.resolve_host = [](const std::string& n) -> std::optional<IpAddress> {
        if (n == "lb1.example") return IpAddress::parse("192.0.2.7");
        return std::nullopt;
    };
    auto loaded = load_config_text("primary = lb1.example\n", "f", o);
    EXPECT_EQ(loaded.config.primary.to_string(), "192.0.2.7");
}

TEST(LvsCf, FormatsDurations) {
    EXPECT_EQ(format_duration(Millis{2000}), "2");
    EXPECT_EQ(format_duration(Millis{20}), "0.02");
    EXPECT_EQ(format_duration(Millis{1500}), "1.5");
    EXPECT_EQ(format_duration(Millis{1001}), "1.001");
}

}  // namespace
}  // namespace lvs::config
