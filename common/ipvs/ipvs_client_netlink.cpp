// SPDX-License-Identifier: GPL-2.0-or-later
// The IPVS generic-netlink socket adapter.
#include "common/ipvs/ipvs_client_netlink.h"

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <sys/socket.h>

#include <cerrno>
#include <cstdlib>
#include <functional>

#include "common/ipvs/ipvs_codec.h"

namespace lvs::ipvs {

using codec::Bytes;
using codec::Reply;

Error netlink_error(int err, const std::string& context) {
    switch (err) {
        case EEXIST: return make_error(ErrorCode::Exists, context, err);
        case ENOENT: case ESRCH: return make_error(ErrorCode::NotFound, context, err);
        case EPERM: case EACCES: return make_error(ErrorCode::Permission, context, err);
        default: return make_error(ErrorCode::Netlink, context, err);
    }
}

struct NetlinkIpvsClient::Impl {
    nl_sock* sock = nullptr;
    std::uint16_t family = 0;
    std::uint32_t seq = 1;

    ~Impl() {
        if (sock) nl_socket_free(sock);
    }

    std::uint32_t next_seq() { return seq++; }

    Status send(const Bytes& b) {
        const int rc = nl_sendto(sock, const_cast<std::uint8_t*>(b.data()), b.size());
        if (rc < 0) return make_error(ErrorCode::Netlink, std::string("netlink send: ") + nl_geterror(rc));
        return ok_status();
    }

    // Receives one datagram and hands each message to `fn`, which returns
    // false to stop. Errors: transport, malformed reply.
    Status receive(const std::function<bool(const Reply&)>& fn, bool& stop) {
        // One datagram per call into a buffer larger than any dump part
        // (no MSG_PEEK round trip: one system call per datagram).
        ssize_t n;
        do {
            n = ::recv(nl_socket_get_fd(sock), rbuf.data(), rbuf.size(), 0);
        } while (n < 0 && errno == EINTR);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return make_error(ErrorCode::Netlink, "IPVS request: no answer from the kernel within 2 s", ETIMEDOUT);
        if (n <= 0) return make_error(ErrorCode::Netlink, "netlink receive", n < 0 ? errno : EPIPE);
        auto replies = codec::split(std::span<const std::uint8_t>(rbuf.data(), static_cast<std::size_t>(n)));
        if (!replies.ok()) return replies.error();
        for (const auto& r : *replies) {
            if (!fn(r)) {
                stop = true;
                break;
            }
        }
        return ok_status();
    }
    std::vector<std::uint8_t> rbuf = std::vector<std::uint8_t>(1 << 20);

    // A request answered by one ACK (or one reply message, then the ACK).
    Status transact(const Bytes& req, std::uint32_t want_seq, const std::function<Status(const Reply&)>& on_data) {
        if (auto s = send(req); !s.ok()) return s;
        Status result;
        bool stop = false;
        while (!stop) {
            auto s = receive([&](const Reply& r) {
                if (r.seq != want_seq) return true;
                if (r.is_error) {
                    if (r.error != 0) result = netlink_error(r.error, "IPVS request");
                    return false;
                }
                if (r.is_done) return false;
                if (on_data) {
                    if (auto st = on_data(r); !st.ok()) result = st;
                }
                return (r.flags & NLM_F_MULTI) != 0;
            }, stop);
            if (!s.ok()) return s;
        }
        return result;
    }
};

NetlinkIpvsClient::NetlinkIpvsClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
NetlinkIpvsClient::~NetlinkIpvsClient() = default;

Result<std::unique_ptr<NetlinkIpvsClient>> NetlinkIpvsClient::open() {
    auto impl = std::make_unique<Impl>();
    impl->sock = nl_socket_alloc();
    if (!impl->sock) return make_error(ErrorCode::Netlink, "cannot allocate a netlink socket");
    nl_socket_disable_seq_check(impl->sock);
    nl_socket_disable_auto_ack(impl->sock);
    if (int rc = genl_connect(impl->sock); rc < 0)
        return make_error(ErrorCode::Netlink, std::string("generic netlink connect: ") + nl_geterror(rc));
    nl_socket_set_buffer_size(impl->sock, 8 << 20, 8 << 20);
    // A request the kernel never answers must not stop the caller's loop
    // (pulse's heartbeats) for good: wait at most 2 s at a time. (In the
    // e2e guest, pulse once slept for good in this receive with the answer
    // never seen; with the limit the receive looks again and finds it.)
    const timeval limit{2, 0};
    setsockopt(nl_socket_get_fd(impl->sock), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    const int family = genl_ctrl_resolve(impl->sock, "IPVS");
    if (family < 0)
        return make_error(ErrorCode::NotFound,
                          "IPVS generic netlink family not found: is the ip_vs module loaded?");
    impl->family = static_cast<std::uint16_t>(family);
    return std::unique_ptr<NetlinkIpvsClient>(new NetlinkIpvsClient(std::move(impl)));
}

Result<std::vector<ServiceWithDests>> NetlinkIpvsClient::dump() {
    std::vector<ServiceWithDests> out;
    Impl& m = *impl_;
    std::uint32_t seq = m.next_seq();
    Status st = m.transact(codec::encode_dump_services(m.family, seq), seq, [&](const Reply& r) -> Status {
        auto svc = codec::decode_service(r.payload);
        if (!svc.ok()) return svc.error();
        out.push_back(ServiceWithDests{*svc, {}, {}});
        return ok_status();
    });
    if (!st.ok()) return st.error();
    for (auto& sd : out) {
        seq = m.next_seq();
        st = m.transact(codec::encode_dump_dests(m.family, seq, sd.service.key), seq, [&](const Reply& r) -> Status {
            DestStats stats;
            auto d = codec::decode_dest(r.payload, &stats);
            if (!d.ok()) return d.error();
            sd.dests.push_back(*d);
            sd.stats.push_back(stats);
            return ok_status();
        });
        if (!st.ok() && st.error().code != ErrorCode::NotFound) return st.error();
    }
    return out;
}

Result<std::vector<Status>> NetlinkIpvsClient::apply(std::span<const Op> ops) {
    Impl& m = *impl_;
    std::vector<Status> results(ops.size());
    const std::uint32_t base = m.seq;
    m.seq += static_cast<std::uint32_t>(ops.size());
    std::size_t sent = 0, acked = 0;
    Bytes batch;
    while (acked < ops.size()) {
        // Several requests share one datagram: the kernel's netlink_rcv_skb
        // handles each message of a buffer in turn and ACKs each one.
        batch.clear();
        while (sent < ops.size() && sent - acked < kWindow && batch.size() < kBatchBytes) {
            const Bytes msg = codec::encode_op(m.family, base + static_cast<std::uint32_t>(sent), ops[sent]);
            batch.insert(batch.end(), msg.begin(), msg.end());
            ++sent;
        }
        if (!batch.empty()) {
            if (auto s = m.send(batch); !s.ok()) return s.error();
        }
        bool stop = false;
        auto s = m.receive([&](const Reply& r) {
            if (!r.is_error || r.seq < base || r.seq >= base + ops.size()) return true;
            const std::size_t i = r.seq - base;
            if (r.error != 0) results[i] = netlink_error(r.error, to_string(ops[i]));
            ++acked;
            return true;
        }, stop);
        if (!s.ok()) return s.error();
    }
    return results;
}

Result<Timeouts> NetlinkIpvsClient::get_timeouts() {
    Impl& m = *impl_;
    const std::uint32_t seq = m.next_seq();
    Timeouts t;
    bool got = false;
    Status st = m.transact(codec::encode_get_timeouts(m.family, seq), seq, [&](const Reply& r) -> Status {
        auto d = codec::decode_timeouts(r.payload);
        if (!d.ok()) return d.error();
        t = *d;
        got = true;
        return ok_status();
    });
    if (!st.ok()) return st.error();
    if (!got) return make_error(ErrorCode::Protocol, "no timeouts in the reply");
    return t;
}

Status NetlinkIpvsClient::set_timeouts(const Timeouts& t) {
    const std::uint32_t seq = impl_->next_seq();
    return impl_->transact(codec::encode_set_timeouts(impl_->family, seq, t), seq, nullptr);
}

Result<std::vector<SyncDaemon>> NetlinkIpvsClient::list_daemons() {
    Impl& m = *impl_;
    const std::uint32_t seq = m.next_seq();
    std::vector<SyncDaemon> out;
    Status st = m.transact(codec::encode_dump_daemons(m.family, seq), seq, [&](const Reply& r) -> Status {
        auto d = codec::decode_daemon(r.payload);
        if (!d.ok()) return d.error();
        out.push_back(*d);
        return ok_status();
    });
    if (!st.ok()) return st.error();
    return out;
}

Status NetlinkIpvsClient::start_daemon(const SyncDaemon& d) {
    const std::uint32_t seq = impl_->next_seq();
    return impl_->transact(codec::encode_new_daemon(impl_->family, seq, d), seq, nullptr);
}

Status NetlinkIpvsClient::stop_daemon(SyncDaemon::State state) {
    const std::uint32_t seq = impl_->next_seq();
    return impl_->transact(codec::encode_del_daemon(impl_->family, seq, state), seq, nullptr);
}

Status NetlinkIpvsClient::flush() {
    const std::uint32_t seq = impl_->next_seq();
    return impl_->transact(codec::encode_flush(impl_->family, seq), seq, nullptr);
}

}  // namespace lvs::ipvs
