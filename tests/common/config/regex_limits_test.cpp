// SPDX-License-Identifier: GPL-2.0-or-later
// Regex complexity limits: what regcomp would choke on is refused first.
#include "common/config/regex_limits.h"

#include <gtest/gtest.h>

#include "common/config/parser.h"

namespace lvs::config {
namespace {

TEST(RegexLimits, OrdinaryPatternsPass) {
    for (const char* p : {"^HTTP/1\\.[01] 200", "^220 .*ESMTP", "[[:alpha:]]+ (ok|ready)", "a{1,3}b?", "[]+*?{]x",
                          "\\++\\*", ""})
        EXPECT_FALSE(regex_limit_error(p)) << p;
}

TEST(RegexLimits, ExplosivePatternsAreRefused) {
    EXPECT_TRUE(regex_limit_error("A\\\\#####++++++++++++++"));  // the fuzzer's find
    EXPECT_TRUE(regex_limit_error("a**"));
    EXPECT_TRUE(regex_limit_error("a{2}{3}"));
    EXPECT_TRUE(regex_limit_error("((a{50}){50}){101}"));
    EXPECT_TRUE(regex_limit_error(std::string(300, 'a')));
    EXPECT_TRUE(regex_limit_error("(((((((((a)))))))))"));
    std::string many;
    for (int i = 0; i < 33; ++i) many += "a*";
    EXPECT_TRUE(regex_limit_error(many));
}

TEST(RegexLimits, ValidationReportsThemWithAPosition) {
    auto r = load_config_text("virtual w {\n\tactive = 1\n\taddress = 192.0.2.80 eth0:1\n\tport = 80\n"
                               "\tuse_regex = 1\n\texpect = \"a++\"\n}\n",
                               "t.cf", offline_parse_options());
    ASSERT_FALSE(r.ok());
    bool seen = false;
    for (const auto& d : r.diagnostics) seen |= d.format().find("t.cf:6:") == 0 && d.format().find("repetition") != std::string::npos;
    EXPECT_TRUE(seen);
    auto bad = load_config_text("virtual w {\n\tactive = 1\n\taddress = 192.0.2.80 eth0:1\n\tport = 80\n"
                                 "\tuse_regex = 1\n\texpect = \"(unclosed\"\n}\n",
                                 "t.cf", offline_parse_options());
    ASSERT_FALSE(bad.ok());
}

}  // namespace
}  // namespace lvs::config
