// SPDX-License-Identifier: GPL-2.0-or-later
// lvs.cf's key-level differences, as Undo and a pushed file log them: keys
// set, changed and removed, blocks added (with their keys) and removed,
// failover blocks named as such, comments and order no change, the last of
// a repeated key counting, the lines bounded and printable.
#include <gtest/gtest.h>

#include "common/config/text_diff.h"

namespace lvs::config {
namespace {

std::vector<std::string> lines(std::string_view a, std::string_view b) { return change_lines(diff_config(a, b)); }

const std::string kBefore =
    "# before\n"
    "serial_no = 1\n"
    "deadtime = 3\n"
    "virtual web {\n"
    "    port = 80\n"
    "    server a {\n"
    "        address = 10.0.1.21\n"
    "        weight = 1\n"
    "    }\n"
    "    server b {\n"
    "        address = 10.0.1.22\n"
    "    }\n"
    "}\n"
    "virtual old {\n"
    "    port = 25\n"
    "}\n";

TEST(TextDiff, SameFileButCommentsAndOrderIsNoChange) {
    EXPECT_TRUE(diff_config(kBefore, kBefore).empty());
    const std::string reordered =
        "deadtime = 3\n# a comment\nserial_no = 1\n\nvirtual old {\n  port = 25\n}\nvirtual web {\n\tport = 80\n"
        "\tserver b {\n\t\taddress = 10.0.1.22\n\t}\n\tserver a {\n\t\tweight = 1\n\t\taddress = 10.0.1.21\n\t}\n}\n";
    EXPECT_TRUE(diff_config(kBefore, reordered).empty());
}

TEST(TextDiff, KeysSetChangedAndRemoved) {
    const std::string after =
        "serial_no = 2\n"
        "keepalive = 1\n"
        "virtual web {\n"
        "    port = 80\n"
        "    scheduler = rr\n"
        "    server a {\n"
        "        address = 10.0.1.21\n"
        "        weight = 3\n"
        "    }\n"
        "    server b {\n"
        "        address = 10.0.1.22\n"
        "    }\n"
        "}\n"
        "virtual old {\n"
        "    port = 25\n"
        "}\n";
    EXPECT_EQ(lines(kBefore, after), (std::vector<std::string>{
                                         "global key 'serial_no': '1' -> '2'",
                                         "global key 'keepalive': (unset) -> '1'",
                                         "global key 'deadtime': '3' -> (unset)",
                                         "virtual 'web' key 'scheduler': (unset) -> 'rr'",
                                         "virtual 'web' server 'a' key 'weight': '1' -> '3'",
                                     }));
}

TEST(TextDiff, BlocksAddedWithTheirKeysAndRemoved) {
    const std::string after =
        "serial_no = 1\n"
        "deadtime = 3\n"
        "virtual web {\n"
        "    port = 80\n"
        "    server a {\n"
        "        address = 10.0.1.21\n"
        "        weight = 1\n"
        "    }\n"
        "    server c {\n"
        "        address = 10.0.1.23\n"
        "    }\n"
        "}\n"
        "failover ftp {\n"
        "    port = 21\n"
        "    start_cmd = \"/etc/init.d/vsftpd start\"\n"
        "}\n";
    EXPECT_EQ(lines(kBefore, after), (std::vector<std::string>{
                                         "virtual 'web' server 'c' added",
                                         "virtual 'web' server 'c' key 'address': (unset) -> '10.0.1.23'",
                                         "virtual 'web' server 'b' removed",
                                         "failover 'ftp' added",
                                         "failover 'ftp' key 'port': (unset) -> '21'",
                                         "failover 'ftp' key 'start_cmd': (unset) -> '\"/etc/init.d/vsftpd start\"'",
                                         "virtual 'old' removed",
                                     }));
    // A block that changes kind is removed, then added.
    EXPECT_EQ(lines("virtual x {\n port = 1\n}\n", "failover x {\n port = 1\n}\n"),
              (std::vector<std::string>{"virtual 'x' removed", "failover 'x' added", "failover 'x' key 'port': (unset) -> '1'"}));
    // From no file at all (a first install): every key set.
    EXPECT_EQ(lines("", "serial_no = 1\n"), (std::vector<std::string>{"global key 'serial_no': (unset) -> '1'"}));
}

TEST(TextDiff, TheLastOfARepeatedKeyCounts) {
    EXPECT_TRUE(diff_config("deadtime = 1\ndeadtime = 2\n", "deadtime = 2\n").empty());
    EXPECT_EQ(lines("deadtime = 2\n", "deadtime = 2\ndeadtime = 5\n"),
              (std::vector<std::string>{"global key 'deadtime': '2' -> '5'"}));
}

TEST(TextDiff, LinesAreBoundedAndPrintable) {
    std::string after;
    for (int i = 0; i < 60; ++i) after += "virtual v" + std::to_string(i) + " {\n}\n";
    const auto l = change_lines(diff_config("", after), 50);
    ASSERT_EQ(l.size(), 51u);
    EXPECT_EQ(l[49], "virtual 'v49' added");
    EXPECT_EQ(l[50], "... and 10 more");
    // (a file's line with a control byte is no key: the lexer refuses it)
    EXPECT_EQ(change_text({{"web", "", "send"}, "\"a\x1b[2J\"", "\"b\tc\"", "", false}),
              "virtual 'web' key 'send': '\"a?[2J\"' -> '\"b\tc\"'");
    EXPECT_EQ(lines("x = " + std::string(200, 'y') + "\n", "")[0], "global key 'x': '" + std::string(80, 'y') + "...' -> (unset)");
}

}  // namespace
}  // namespace lvs::config
