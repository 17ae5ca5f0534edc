// SPDX-License-Identifier: GPL-2.0-or-later
#include "lvsweb/html.h"

#include <gtest/gtest.h>

namespace lvs::web {
namespace {

TEST(Html, EscapesMarkupQuotesAndControlBytes) {
    EXPECT_EQ(html("plain www/rs1 10.0.1.21:80"), "plain www/rs1 10.0.1.21:80");
    EXPECT_EQ(html("<script>alert(\"x\")</script>"), "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    EXPECT_EQ(html("a&b 'c'"), "a&amp;b &#39;c&#39;");
    EXPECT_EQ(html("\" onmouseover=\"x"), "&quot; onmouseover=&quot;x");
    EXPECT_EQ(html(std::string("a\0b\x1b[31m\x7f", 9)), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD[31m\xEF\xBF\xBD");
    EXPECT_EQ(html("tab\tnewline\n"), "tab\tnewline\n");
    EXPECT_EQ(html("caf\xc3\xa9"), "caf\xc3\xa9");
    EXPECT_EQ(html(""), "");
}

}  // namespace
}  // namespace lvs::web
