// SPDX-License-Identifier: GPL-2.0-or-later
// lvs.cf install and undo in a temporary directory: validated first, the
// previous file kept as PATH.bak, mode kept, undo swaps back.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "common/base/file.h"
#include "common/config/install.h"

namespace lvs::config {
namespace {

const std::string kGood = "serial_no = 1\nprimary = 192.0.2.1\nvirtual v {\n address = 192.0.2.10 eth0:1\n port = 80\n"
                          " server a {\n  address = 10.0.0.1\n }\n}\n";

class Install : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/lvs_install_test.XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        path_ = dir_ + "/lvs.cf";
    }
    void TearDown() override {
        for (const auto& f : {path_, backup_path(path_)}) ::unlink(f.c_str());
        ::rmdir(dir_.c_str());
    }
    std::string read(const std::string& p) {
        auto t = read_file(p);
        return t.ok() ? *t : "<" + t.error().message() + ">";
    }
    std::string dir_, path_;
};

TEST_F(Install, WritesAndKeepsTheBackupAndMode) {
    ASSERT_TRUE(write_file_atomic(path_, "# old\n" + kGood).ok());
    ASSERT_EQ(::chmod(path_.c_str(), 0640), 0);
    std::string next = kGood;
    next.replace(next.find("port = 80"), 9, "port = 81");
    const auto r = install_config(path_, next, offline_parse_options());
    ASSERT_EQ(r.outcome, InstallOutcome::Installed) << r.error;
    EXPECT_EQ(read(path_), next);
    EXPECT_EQ(read(backup_path(path_)), "# old\n" + kGood);
    EXPECT_EQ(r.previous, "# old\n" + kGood);
    struct stat st {};
    ASSERT_EQ(::stat(path_.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0640u);
    ASSERT_EQ(::stat(backup_path(path_).c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0640u);
}

TEST_F(Install, InvalidTextChangesNothing) {
    ASSERT_TRUE(write_file_atomic(path_, kGood).ok());
    const auto r = install_config(path_, "virtual v {\n scheduler = nosuch\n", offline_parse_options());
    EXPECT_EQ(r.outcome, InstallOutcome::Invalid);
    EXPECT_TRUE(has_errors(r.diagnostics));
    EXPECT_EQ(r.diagnostics.front().file, path_);
    EXPECT_EQ(read(path_), kGood);
    EXPECT_EQ(::access(backup_path(path_).c_str(), F_OK), -1);
}

TEST_F(Install, FirstInstallHasNoBackupAndUndoSaysSo) {
    ASSERT_EQ(install_config(path_, kGood, offline_parse_options()).outcome, InstallOutcome::Installed);
    EXPECT_EQ(read(path_), kGood);
    EXPECT_EQ(::access(backup_path(path_).c_str(), F_OK), -1);
    const auto u = undo_config(path_, offline_parse_options());
    EXPECT_EQ(u.outcome, InstallOutcome::NoBackup);
    EXPECT_NE(u.error.find("nothing to undo"), std::string::npos);
}

TEST_F(Install, UndoSwapsAndASecondUndoRedoes) {
    const std::string a = "# a\n" + kGood, b = "# b\n" + kGood;
    ASSERT_TRUE(write_file_atomic(path_, a).ok());
    ASSERT_EQ(install_config(path_, b, offline_parse_options()).outcome, InstallOutcome::Installed);
    ASSERT_EQ(undo_config(path_, offline_parse_options()).outcome, InstallOutcome::Installed);
    EXPECT_EQ(read(path_), a);
    EXPECT_EQ(read(backup_path(path_)), b);
    ASSERT_EQ(undo_config(path_, offline_parse_options()).outcome, InstallOutcome::Installed);
    EXPECT_EQ(read(path_), b);
}

TEST_F(Install, UndoRefusesAnInvalidBackup) {
    ASSERT_TRUE(write_file_atomic(path_, kGood).ok());
    ASSERT_TRUE(write_file_atomic(backup_path(path_), "bogus = 1\n").ok());
    EXPECT_EQ(undo_config(path_, offline_parse_options()).outcome, InstallOutcome::Invalid);
    EXPECT_EQ(read(path_), kGood);
}

TEST_F(Install, AtomicWriteLeavesNoTemporaryAndReportsErrors) {
    ASSERT_TRUE(write_file_atomic(path_, "x").ok());
    ASSERT_TRUE(write_file_atomic(path_, "yz").ok());
    EXPECT_EQ(read(path_), "yz");
    EXPECT_EQ(::access((path_ + ".tmp." + std::to_string(::getpid())).c_str(), F_OK), -1);
    const auto st = write_file_atomic(dir_ + "/no/such/dir/f", "x");
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().sys_errno, ENOENT);
}

}  // namespace
}  // namespace lvs::config
