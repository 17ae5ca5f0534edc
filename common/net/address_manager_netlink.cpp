// SPDX-License-Identifier: GPL-2.0-or-later
// AddressManager over libnl-route (rtnl_addr).
#include <linux/if_addr.h>
#include <net/if.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "common/net/address_manager.h"

namespace lvs::net {
namespace {

class RtnlAddressManager final : public AddressManager {
public:
    RtnlAddressManager() {
        sock_ = nl_socket_alloc();
        if (sock_ && nl_connect(sock_, NETLINK_ROUTE) < 0) {
            nl_socket_free(sock_);
            sock_ = nullptr;
        }
        // A wait for an answer is never endless: a wakeup lost under the
        // e2e guest's TCG held pulse's loop for good in a netlink receive.
        const timeval limit{2, 0};
        if (sock_) setsockopt(nl_socket_get_fd(sock_), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    }
    ~RtnlAddressManager() override {
        if (sock_) nl_socket_free(sock_);
    }

    Status add(const FloatingAddress& a) override { return change(a, true); }
    Status remove(const FloatingAddress& a) override { return change(a, false); }

    Result<bool> present(const FloatingAddress& a) override {
        if (!sock_) return make_error(ErrorCode::Netlink, "rtnetlink socket");
        nl_cache* cache = nullptr;
        if (int rc = rtnl_addr_alloc_cache(sock_, &cache); rc < 0)
            return make_error(ErrorCode::Netlink, std::string("address dump: ") + nl_geterror(rc));
        const int ifindex = static_cast<int>(if_nametoindex(a.device().c_str()));
        bool found = false;
        for (nl_object* o = nl_cache_get_first(cache); o && !found; o = nl_cache_get_next(o)) {
            auto* ra = reinterpret_cast<rtnl_addr*>(o);
            nl_addr* local = rtnl_addr_get_local(ra);
            if (rtnl_addr_get_ifindex(ra) != ifindex || !local) continue;
            const unsigned n = a.addr.is_v6() ? 16 : 4;
            found = nl_addr_get_len(local) == n && std::memcmp(nl_addr_get_binary_addr(local), a.addr.bytes().data(), n) == 0;
        }
        nl_cache_free(cache);
        return found;
    }

private:
    Status change(const FloatingAddress& a, bool add) {
        if (!sock_) return make_error(ErrorCode::Netlink, "rtnetlink socket");
        const int ifindex = static_cast<int>(if_nametoindex(a.device().c_str()));
        if (ifindex == 0) return make_error(ErrorCode::NotFound, "no interface " + a.device(), errno);
        rtnl_addr* ra = rtnl_addr_alloc();
        const int family = a.addr.is_v6() ? AF_INET6 : AF_INET;
        nl_addr* local = nl_addr_build(family, a.addr.bytes().data(), a.addr.is_v6() ? 16 : 4);
        nl_addr_set_prefixlen(local, a.prefix);
        rtnl_addr_set_ifindex(ra, ifindex);
        rtnl_addr_set_local(ra, local);
        rtnl_addr_set_prefixlen(ra, a.prefix);
        if (!a.addr.is_v6() && a.label.size() < IFNAMSIZ) rtnl_addr_set_label(ra, a.label.c_str());
        // A floating IPv6 address skips duplicate address detection: during a
        // switchover the partner still holds it, and DAD would fail it.
        if (a.addr.is_v6()) rtnl_addr_set_flags(ra, IFA_F_NODAD);
        if (!a.addr.is_v6() && a.prefix < 31) {
            std::uint32_t v = a.addr.v4_host_order() | (a.prefix == 0 ? 0xffffffffu : (0xffffffffu >> a.prefix));
            const IpAddress b = IpAddress::v4(v);
            nl_addr* bc = nl_addr_build(AF_INET, b.bytes().data(), 4);
            rtnl_addr_set_broadcast(ra, bc);
            nl_addr_put(bc);
        }
        int rc = add ? rtnl_addr_add(sock_, ra, 0) : rtnl_addr_delete(sock_, ra, 0);
        nl_addr_put(local);
        rtnl_addr_put(ra);
        if (rc == -NLE_EXIST && add) rc = 0;
        if ((rc == -NLE_NOADDR || rc == -NLE_OBJ_NOTFOUND) && !add) rc = 0;
        if (rc < 0)
            return make_error(rc == -NLE_PERM ? ErrorCode::Permission : ErrorCode::Netlink,
                              std::string(add ? "add " : "remove ") + a.addr.to_string() + " on " + a.label + ": " +
                                  nl_geterror(rc));
        return ok_status();
    }

    nl_sock* sock_ = nullptr;
};

}  // namespace

std::unique_ptr<AddressManager> make_rtnl_address_manager() { return std::make_unique<RtnlAddressManager>(); }

}  // namespace lvs::net
