// SPDX-License-Identifier: GPL-2.0-or-later
// Group names for lvs.ini's [shm] group, from the system's group database.
#include <grp.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "common/config/settings.h"

namespace lvs::config {

GroupLookup system_group_lookup() {
    return [](const std::string& name) -> std::optional<std::uint32_t> {
        long size = ::sysconf(_SC_GETGR_R_SIZE_MAX);
        std::vector<char> buf(size > 0 ? static_cast<std::size_t>(size) : 16384);
        group gr{};
        group* found = nullptr;
        while (::getgrnam_r(name.c_str(), &gr, buf.data(), buf.size(), &found) == ERANGE && buf.size() < (1u << 20))
            buf.resize(buf.size() * 2);
        if (found == nullptr) return std::nullopt;
        return static_cast<std::uint32_t>(found->gr_gid);
    };
}

}  // namespace lvs::config
