// SPDX-License-Identifier: GPL-2.0-or-later
// StatusTable: a mapped status segment (Boost.Interprocess shared_memory_object
// + mapped_region; no managed segment, no mutex). The top process creates
// it; nannies open it and write only their own slot.
#pragma once

#include <memory>
#include <string>

#include "common/base/result.h"
#include "common/shm/status_layout.h"

namespace lvs::shm {

class StatusTable {
public:
    // Creates (or re-creates) the segment: mode 0600, or with `group` (a
    // gid, -1 = none) mode 0640 and that group, so that its members can
    // read it (lvsctl check run by a monitoring agent). A stale segment of
    // an earlier run is replaced; `*replaced_stale` says so.
    static Result<std::unique_ptr<StatusTable>> create(const std::string& name, std::uint32_t rs_slots,
                                                       bool* replaced_stale = nullptr, std::int64_t group = -1);
    // Opens an existing segment; ErrorCode::Layout if magic/version/sizes
    // differ, NotFound if there is none, Permission if the caller may not
    // open it. A read-only table (lvsctl) must not publish: it is mapped
    // read-only, and its seqlock readers only load.
    enum class Access : std::uint8_t { ReadWrite, ReadOnly };
    static Result<std::unique_ptr<StatusTable>> open(const std::string& name, Access access = Access::ReadWrite);
    static void remove(const std::string& name);

    ~StatusTable();
    StatusTable(const StatusTable&) = delete;
    StatusTable& operator=(const StatusTable&) = delete;

    const Header& header() const;
    std::uint32_t rs_slots() const { return header().rs_slots; }
    RealServerSlot& rs(std::uint32_t index);
    const RealServerSlot& rs(std::uint32_t index) const;
    DestSlot& dest(std::uint32_t index);
    const DestSlot& dest(std::uint32_t index) const;
    RouterSlot& router();
    const RouterSlot& router() const;
    LvsdSlot& lvsd();
    const LvsdSlot& lvsd() const;
    FosSlot& fos();
    const FosSlot& fos() const;
    EcmpSlot& ecmp();
    const EcmpSlot& ecmp() const;
    // True when the name no longer refers to the mapped segment (removed
    // or replaced underneath us).
    bool is_stale() const;

private:
    struct Impl;
    explicit StatusTable(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace lvs::shm
