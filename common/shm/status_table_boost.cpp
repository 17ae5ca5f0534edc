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
                                                         bool* replaced_stale, std::int64_t group) {
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
        if (group >= 0) {
            // Readable by the group, before anything is written to it.
            const int fd = impl->shm.get_mapping_handle().handle;
            if (::fchown(fd, static_cast<uid_t>(-1), static_cast<gid_t>(group)) != 0 || ::fchmod(fd, 0640) != 0) {
                const int e = errno;
                bip::shared_memory_object::remove(name.c_str());
                return make_error(ErrorCode::Permission,
                                  "status segment " + name + ": group " + std::to_string(group), e);
            }
        }
        const std::size_t size = segment_size(rs_slots);
        impl->shm.truncate(static_cast<bip::offset_t>(size));
        impl->region = bip::mapped_region(impl->shm, bip::read_write, 0, size);
        auto* base = static_cast<std::uint8_t*>(impl->region.get_address());
        std::memset(base, 0, size);
        new (base + kRouterOffset) RouterSlot();
        new (base + kLvsdOffset) LvsdSlot();
        new (base + kFosOffset) FosSlot();
        new (base + kEcmpOffset) EcmpSlot();
        for (std::uint32_t i = 0; i < rs_slots; ++i) {
            new (base + kSlotsOffset + i * sizeof(RealServerSlot)) RealServerSlot();
            new (base + dest_offset(rs_slots) + i * sizeof(DestSlot)) DestSlot();
        }
        Header h{kMagic, kLayoutVersion, sizeof(Header), sizeof(RealServerRecord), rs_slots,
                 static_cast<std::int32_t>(getpid()), 1, static_cast<std::int64_t>(std::time(nullptr))};
        std::memcpy(base, &h, sizeof h);
        impl->inode = inode_of(name);
        return std::unique_ptr<StatusTable>(new StatusTable(std::move(impl)));
    } catch (const bip::interprocess_exception& e) {
        return make_error(ErrorCode::Io, std::string("status segment ") + name + ": " + e.what());
    }
}

Result<std::unique_ptr<StatusTable>> StatusTable::open(const std::string& name, Access access) {
    const auto mode = access == Access::ReadOnly ? bip::read_only : bip::read_write;
    try {
        auto impl = std::make_unique<Impl>();
        impl->name = name;
        impl->shm = bip::shared_memory_object(bip::open_only, name.c_str(), mode);
        bip::offset_t size = 0;
        if (!impl->shm.get_size(size) || static_cast<std::size_t>(size) < kSlotsOffset)
            return make_error(ErrorCode::Layout, "status segment " + name + " is too small");
        impl->region = bip::mapped_region(impl->shm, mode);
        Header h;
        std::memcpy(&h, impl->region.get_address(), sizeof h);
        if (!header_ok(h, impl->region.get_size()))
            return make_error(ErrorCode::Layout, "status segment " + name + " has another layout");
        impl->inode = inode_of(name);
        return std::unique_ptr<StatusTable>(new StatusTable(std::move(impl)));
    } catch (const bip::interprocess_exception& e) {
        const int err = e.get_native_error();
        const ErrorCode code = err == EACCES || err == EPERM ? ErrorCode::Permission
                               : err == ENOENT               ? ErrorCode::NotFound
                                                             : ErrorCode::Io;
        return make_error(code, std::string("status segment ") + name + ": " + e.what());
    }
}

const Header& StatusTable::header() const {
    return *static_cast<const Header*>(impl_->region.get_address());
}

namespace {
template <typename T>
T& at(void* base, std::size_t offset) {
    return *reinterpret_cast<T*>(static_cast<std::uint8_t*>(base) + offset);
}
}  // namespace

RealServerSlot& StatusTable::rs(std::uint32_t index) {
    return at<RealServerSlot>(impl_->region.get_address(), kSlotsOffset + index * sizeof(RealServerSlot));
}
const RealServerSlot& StatusTable::rs(std::uint32_t index) const {
    return at<RealServerSlot>(impl_->region.get_address(), kSlotsOffset + index * sizeof(RealServerSlot));
}
DestSlot& StatusTable::dest(std::uint32_t index) {
    return at<DestSlot>(impl_->region.get_address(), dest_offset(rs_slots()) + index * sizeof(DestSlot));
}
const DestSlot& StatusTable::dest(std::uint32_t index) const {
    return at<DestSlot>(impl_->region.get_address(), dest_offset(rs_slots()) + index * sizeof(DestSlot));
}
RouterSlot& StatusTable::router() { return at<RouterSlot>(impl_->region.get_address(), kRouterOffset); }
const RouterSlot& StatusTable::router() const { return at<RouterSlot>(impl_->region.get_address(), kRouterOffset); }
FosSlot& StatusTable::fos() { return at<FosSlot>(impl_->region.get_address(), kFosOffset); }
const FosSlot& StatusTable::fos() const { return at<FosSlot>(impl_->region.get_address(), kFosOffset); }
EcmpSlot& StatusTable::ecmp() { return at<EcmpSlot>(impl_->region.get_address(), kEcmpOffset); }
const EcmpSlot& StatusTable::ecmp() const { return at<EcmpSlot>(impl_->region.get_address(), kEcmpOffset); }
LvsdSlot& StatusTable::lvsd() { return at<LvsdSlot>(impl_->region.get_address(), kLvsdOffset); }
const LvsdSlot& StatusTable::lvsd() const { return at<LvsdSlot>(impl_->region.get_address(), kLvsdOffset); }

bool StatusTable::is_stale() const { return inode_of(impl_->name) != impl_->inode; }

}  // namespace lvs::shm
