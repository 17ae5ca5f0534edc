// SPDX-License-Identifier: GPL-2.0-or-later
// StatusTable over Boost.Interprocess. Boost throws; every call is wrapped
// here and turned into a Result.
#include <sys/stat.h>
#include <unistd.h>

#include <boost/interprocess/mapped_region.hpp>
#include <boost/interprocess/shared_memory_object.hpp>
#include <cerrno>
#include <csignal>
#include <ctime>
#include <new>

#include "common/shm/status_table.h"

namespace bip = boost::interprocess;

namespace lvs::shm {

struct StatusTable::Impl {
    std::string name;
    bip::shared_memory_object shm;
    bip::mapped_region region;
    ino_t inode = 0;
};

namespace {

ino_t inode_of(const std::string& name) {
    struct stat st{};
    const std::string path = "/dev/shm/" + name;
    return ::stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

bool header_ok(const Header& h, std::size_t size) {
    return h.magic == kMagic && h.layout_version == kLayoutVersion && h.header_size == sizeof(Header) &&
           h.rs_record_size == sizeof(RealServerRecord) && segment_size(h.rs_slots) <= size;
}

}  // namespace

StatusTable::StatusTable(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StatusTable::~StatusTable() = default;

void StatusTable::remove(const std::string& name) { bip::shared_memory_object::remove(name.c_str()); }

Result<std::unique_ptr<StatusTable>> StatusTable::create(const std::string& name, std::uint32_t rs_slots,
                                                         bool* replaced_stale) {
    if (replaced_stale) *replaced_stale = false;
    try {
        if (auto old = open(name); old.ok()) {
            const pid_t owner = (*old)->header().creator_pid;
            if (owner > 0 && owner != getpid() && ::kill(owner, 0) == 0)
                return make_error(ErrorCode::Exists, "status segment " + name + " is in use by pid " +
                                                         std::to_string(owner));
        }
        if (inode_of(name) != 0 && replaced_stale) *replaced_stale = true;
        bip::shared_memory_object::remove(name.c_str());
        auto impl = std::make_unique<Impl>();
        impl->name = name;
        bip::permissions perm(0600);
        impl->shm = bip::shared_memory_object(bip::create_only, name.c_str(), bip::read_write, perm);
        const std::size_t size = segment_size(rs_slots);
        impl->shm.truncate(static_cast<bip::offset_t>(size));
        impl->region = bip::mapped_region(impl->shm, bip::read_write, 0, size);
        auto* base = static_cast<std::uint8_t*>(impl->region.get_address());
        std::memset(base, 0, size);
        for (std::uint32_t i = 0; i < rs_slots; ++i)
            new (base + kSlotsOffset + i * sizeof(RealServerSlot)) RealServerSlot();
        Header h{kMagic, kLayoutVersion, sizeof(Header), sizeof(RealServerRecord), rs_slots,
                 static_cast<std::int32_t>(getpid()), 1, static_cast<std::int64_t>(std::time(nullptr))};
        std::memcpy(base, &h, sizeof h);
        impl->inode = inode_of(name);
        return std::unique_ptr<StatusTable>(new StatusTable(std::move(impl)));
    } catch (const bip::interprocess_exception& e) {
        return make_error(ErrorCode::Io, std::string("status segment ") + name + ": " + e.what());
    }
}

Result<std::unique_ptr<StatusTable>> StatusTable::open(const std::string& name) {
    try {
        auto impl = std::make_unique<Impl>();
        impl->name = name;
        impl->shm = bip::shared_memory_object(bip::open_only, name.c_str(), bip::read_write);
        bip::offset_t size = 0;
        if (!impl->shm.get_size(size) || static_cast<std::size_t>(size) < kSlotsOffset)
            return make_error(ErrorCode::Layout, "status segment " + name + " is too small");
        impl->region = bip::mapped_region(impl->shm, bip::read_write);
        Header h;
        std::memcpy(&h, impl->region.get_address(), sizeof h);
        if (!header_ok(h, impl->region.get_size()))
            return make_error(ErrorCode::Layout, "status segment " + name + " has another layout");
        impl->inode = inode_of(name);
        return std::unique_ptr<StatusTable>(new StatusTable(std::move(impl)));
    } catch (const bip::interprocess_exception& e) {
        return make_error(ErrorCode::NotFound, std::string("status segment ") + name + ": " + e.what());
    }
}

const Header& StatusTable::header() const {
    return *static_cast<const Header*>(impl_->region.get_address());
}

RealServerSlot& StatusTable::rs(std::uint32_t index) {
    auto* base = static_cast<std::uint8_t*>(impl_->region.get_address());
    return *reinterpret_cast<RealServerSlot*>(base + kSlotsOffset + index * sizeof(RealServerSlot));
}

bool StatusTable::is_stale() const { return inode_of(impl_->name) != impl_->inode; }

}  // namespace lvs::shm
