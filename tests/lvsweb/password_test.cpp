// SPDX-License-Identifier: GPL-2.0-or-later
// yescrypt hashes and the password file.
#include "lvsweb/password.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace lvs::web {
namespace {

TEST(Password, HashAndVerify) {
    auto h = hash_password("correct horse battery");
    ASSERT_TRUE(h.ok()) << h.error().message();
    EXPECT_EQ(h->rfind("$y$", 0), 0u);
    EXPECT_TRUE(verify_password("correct horse battery", *h));
    EXPECT_FALSE(verify_password("correct horse batter", *h));
    EXPECT_FALSE(verify_password("", *h));
    EXPECT_FALSE(verify_password("correct horse battery", ""));
    EXPECT_FALSE(verify_password("correct horse battery", "*0"));
    auto h2 = hash_password("correct horse battery");
    ASSERT_TRUE(h2.ok());
    EXPECT_NE(*h, *h2);  // a fresh salt each time
}

TEST(Password, Problems) {
    EXPECT_EQ(password_problem("12345678"), "");
    EXPECT_NE(password_problem("1234567"), "");
    EXPECT_NE(password_problem(std::string(513, 'x')), "");
    EXPECT_NE(password_problem("good length\x01"), "");
}

TEST(Password, FileIsAtomicPrivateAndChecked) {
    char dir[] = "/tmp/lvsweb-pw-XXXXXX";
    ASSERT_NE(::mkdtemp(dir), nullptr);
    const std::string path = std::string(dir) + "/lvsweb.passwd";
    EXPECT_EQ(read_password_file(path).error().code, ErrorCode::NotFound);
    auto h = hash_password("correct horse battery");
    ASSERT_TRUE(h.ok());
    ASSERT_TRUE(write_password_file(path, *h).ok());
    struct stat st{};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    auto back = read_password_file(path);
    ASSERT_TRUE(back.ok()) << back.error().message();
    EXPECT_EQ(*back, *h);
    ASSERT_TRUE(write_password_file(path, "$y$replaced").ok());  // replaced whole
    EXPECT_EQ(*read_password_file(path), "$y$replaced");
    ::chmod(path.c_str(), 0644);
    EXPECT_EQ(read_password_file(path).error().code, ErrorCode::Permission);
    ::chmod(path.c_str(), 0600);
    std::ofstream(path) << "not a hash\n";
    EXPECT_EQ(read_password_file(path).error().code, ErrorCode::Config);
    EXPECT_FALSE(write_password_file(std::string(dir) + "/no/such/dir/pw", *h).ok());
    ::unlink(path.c_str());
    EXPECT_EQ(::rmdir(dir), 0);  // no temporary file left behind
}

}  // namespace
}  // namespace lvs::web
