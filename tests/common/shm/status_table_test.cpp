// SPDX-License-Identifier: GPL-2.0-or-later
#include "common/shm/status_table.h"

#include <gtest/gtest.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace lvs::shm {
namespace {

struct Rec {
    std::uint64_t a, b, c, d;
};

TEST(SeqlockSlot, ReadersNeverSeeATornRecord) {
    SeqlockSlot<Rec> slot;
    std::atomic<bool> stop{false};
    std::atomic<std::uint64_t> good{0};
    // The writer keeps going until the reader has seen records during the
    // writes (on a loaded machine the reader may get no CPU for a while).
    std::thread writer([&] {
        for (std::uint64_t i = 1; i < 100000000; ++i) {
            slot.publish(Rec{i, i, i, i});
            if (i >= 200000 && good.load(std::memory_order_relaxed) >= 1000) break;
        }
        stop = true;
    });
    std::uint64_t reads = 0, torn = 0;
    while (!stop) {
        Rec r{};
        if (slot.read(r)) {
            ++reads;
            good.store(reads, std::memory_order_relaxed);
            if (!(r.a == r.b && r.b == r.c && r.c == r.d)) ++torn;
        }
    }
    writer.join();
    EXPECT_EQ(torn, 0u);
    EXPECT_GT(reads, 0u);
}

// A writer preempted mid-update for milliseconds (a loaded router) is waited
// out, not reported as a torn record.
TEST(SeqlockSlot, AReaderWaitsOutAWriterPreemptedMidUpdate) {
    SeqlockSlot<Rec> slot;
    slot.publish(Rec{1, 1, 1, 1});
    reinterpret_cast<std::atomic<std::uint32_t>*>(&slot)->store(slot.sequence() + 1);
    std::thread writer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        slot.publish(Rec{3, 3, 3, 3});
    });
    Rec r{};
    const bool ok = slot.read(r);
    writer.join();
    ASSERT_TRUE(ok);
    EXPECT_EQ(r.a, 3u);
}

TEST(SeqlockSlot, ASuccessorWriterRepairsASlotLeftMidUpdate) {
    static_assert(std::is_standard_layout_v<SeqlockSlot<Rec>>);
    SeqlockSlot<Rec> slot;
    slot.publish(Rec{1, 1, 1, 1});
    // The writer is killed between its two stores: the count stays odd.
    reinterpret_cast<std::atomic<std::uint32_t>*>(&slot)->store(slot.sequence() + 1);
    Rec r{};
    EXPECT_FALSE(slot.read(r, 10));
    slot.publish(Rec{2, 2, 2, 2});  // a restarted nanny in the same slot
    ASSERT_TRUE(slot.read(r, 10));
    EXPECT_EQ(r.a, 2u);
    EXPECT_EQ(slot.sequence() % 2, 0u);
}

TEST(StatusTable, CreateOpenPublishRead) {
    const std::string name = "lvs-test-" + std::to_string(getpid());
    auto t = StatusTable::create(name, 4);
    ASSERT_TRUE(t.ok()) << t.error().message();
    EXPECT_EQ((*t)->rs_slots(), 4u);
    auto o = StatusTable::open(name);
    ASSERT_TRUE(o.ok()) << o.error().message();
    RealServerRecord rec{};
    rec.state = RsState::Up;
    rec.weight = 7;
    (*o)->rs(2).publish(rec);
    RealServerRecord back{};
    ASSERT_TRUE((*t)->rs(2).read(back));
    EXPECT_EQ(back.state, RsState::Up);
    EXPECT_EQ(back.weight, 7);
    EXPECT_FALSE((*t)->is_stale());
    StatusTable::remove(name);
    EXPECT_TRUE((*t)->is_stale());
}

TEST(StatusTable, RouterLvsdAndDestinationSlotsDoNotOverlap) {
    const std::string name = "lvs-test-slots-" + std::to_string(getpid());
    auto t = StatusTable::create(name, 3);
    ASSERT_TRUE(t.ok());
    RouterRecord router{};
    router.pid = 11;
    router.vip_count = 2;
    (*t)->router().publish(router);
    LvsdRecord lvsd{};
    lvsd.pid = 12;
    (*t)->lvsd().publish(lvsd);
    for (std::uint32_t i = 0; i < 3; ++i) {
        RealServerRecord r{};
        r.owner_pid = static_cast<std::int32_t>(100 + i);
        (*t)->rs(i).publish(r);
        DestRecord d{};
        d.nanny_pid = static_cast<std::int32_t>(200 + i);
        (*t)->dest(i).publish(d);
    }
    auto ro = StatusTable::open(name, StatusTable::Access::ReadOnly);
    ASSERT_TRUE(ro.ok()) << ro.error().message();
    const StatusTable& c = **ro;
    RouterRecord rb{};
    ASSERT_TRUE(c.router().read(rb));
    EXPECT_EQ(rb.pid, 11);
    EXPECT_EQ(rb.vip_count, 2u);
    LvsdRecord lb{};
    ASSERT_TRUE(c.lvsd().read(lb));
    EXPECT_EQ(lb.pid, 12);
    for (std::uint32_t i = 0; i < 3; ++i) {
        RealServerRecord r{};
        DestRecord d{};
        ASSERT_TRUE(c.rs(i).read(r));
        ASSERT_TRUE(c.dest(i).read(d));
        EXPECT_EQ(r.owner_pid, static_cast<std::int32_t>(100 + i));
        EXPECT_EQ(d.nanny_pid, static_cast<std::int32_t>(200 + i));
    }
    StatusTable::remove(name);
}

// [shm] group: mode 0640 and that group, so that its members can map it
// read-only; without one, 0600.
TEST(StatusTable, AGroupMayReadTheSegment) {
    const std::string name = "lvs-test-group-" + std::to_string(getpid());
    const std::string path = "/dev/shm/" + name;
    struct stat st {};
    {
        auto t = StatusTable::create(name, 1);
        ASSERT_TRUE(t.ok());
        ASSERT_EQ(::stat(path.c_str(), &st), 0);
        EXPECT_EQ(st.st_mode & 07777, 0600u);
    }
    const gid_t gid = ::getegid();
    auto t = StatusTable::create(name, 1, nullptr, gid);
    ASSERT_TRUE(t.ok()) << t.error().message();
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0640u);
    EXPECT_EQ(st.st_gid, gid);
    FosRecord f{};
    f.pid = 7;
    (*t)->fos().publish(f);
    auto ro = StatusTable::open(name, StatusTable::Access::ReadOnly);
    ASSERT_TRUE(ro.ok());
    FosRecord back{};
    ASSERT_TRUE((*ro)->fos().read(back));
    EXPECT_EQ(back.pid, 7);
    StatusTable::remove(name);
    auto gone = StatusTable::open(name, StatusTable::Access::ReadOnly);
    ASSERT_FALSE(gone.ok());
    EXPECT_EQ(gone.error().code, ErrorCode::NotFound);
}

// What `lvsctl check` run by a monitoring agent meets: an open read-only
// as user 65534, in a child that dropped root. Returns the error code (as
// an int), or -1 when the open succeeded.
int open_as_nobody(const std::string& name, gid_t gid) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        if (::setgroups(0, nullptr) != 0 || ::setresgid(gid, gid, gid) != 0 || ::setresuid(65534, 65534, 65534) != 0)
            ::_exit(100);
        auto t = StatusTable::open(name, StatusTable::Access::ReadOnly);
        if (t.ok()) {
            RouterRecord r{};
            ::_exit((*t)->router().read(r) && r.pid == 11 ? 99 : 101);
        }
        ::_exit(static_cast<int>(t.error().code));
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 102;
    return code == 99 ? -1 : code;
}

TEST(StatusTable, AnotherUserReadsOnlyThroughTheGroup) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to drop to another user";
    const std::string name = "lvs-test-nobody-" + std::to_string(getpid());
    auto t = StatusTable::create(name, 1);
    ASSERT_TRUE(t.ok());
    RouterRecord r{};
    r.pid = 11;
    (*t)->router().publish(r);
    EXPECT_EQ(open_as_nobody(name, 65534), static_cast<int>(ErrorCode::Permission));
    t = StatusTable::create(name, 1, nullptr, 65534);
    ASSERT_TRUE(t.ok()) << t.error().message();
    (*t)->router().publish(r);
    EXPECT_EQ(open_as_nobody(name, 65534), -1);  // a member reads it
    EXPECT_EQ(open_as_nobody(name, 65533), static_cast<int>(ErrorCode::Permission));
    StatusTable::remove(name);
}

TEST(StatusTable, RefusesAForeignLayoutAndReplacesAStaleSegment) {
    const std::string name = "lvs-test-layout-" + std::to_string(getpid());
    {
        auto t = StatusTable::create(name, 1);
        ASSERT_TRUE(t.ok());
        auto& h = const_cast<Header&>((*t)->header());
        h.layout_version = 999;
        h.creator_pid = 0;
    }
    auto o = StatusTable::open(name);
    ASSERT_FALSE(o.ok());
    EXPECT_EQ(o.error().code, ErrorCode::Layout);
    bool replaced = false;
    auto t = StatusTable::create(name, 2, &replaced);
    ASSERT_TRUE(t.ok());
    EXPECT_TRUE(replaced);
    EXPECT_TRUE(StatusTable::open(name).ok());
    StatusTable::remove(name);
}

}  // namespace
}  // namespace lvs::shm
