// SPDX-License-Identifier: GPL-2.0-or-later
// lvsweb's sync listener: accept, one TLS exchange, close.
#include "lvsweb/sync_listener.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "common/ev/event_loop.h"
#include "common/log/logger.h"
#include "common/net/sockaddr.h"

namespace lvs::web {

namespace {

std::string peer_of(const sockaddr_storage& ss) {
    char buf[INET6_ADDRSTRLEN] = "?";
    if (ss.ss_family == AF_INET)
        ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&ss)->sin_addr, buf, sizeof buf);
    else if (ss.ss_family == AF_INET6)
        ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&ss)->sin6_addr, buf, sizeof buf);
    return buf;
}

Result<int> listen_on(const std::string& address, std::uint16_t port) {
    const auto ip = IpAddress::parse(address);
    if (!ip) return make_error(ErrorCode::Config, "[web] sync_address is not a numeric address: " + address);
    sockaddr_storage ss{};
    const socklen_t len = net::to_sockaddr(*ip, port, ss);
    const int fd = ::socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return make_error(ErrorCode::Io, "socket", errno);
    const int one = 1;
    (void)::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0 || ::listen(fd, 4) != 0) {
        const int e = errno;
        ::close(fd);
        return make_error(ErrorCode::Io, "cannot listen for lvs.cf sync on " + address + " port " + std::to_string(port), e);
    }
    return fd;
}

}  // namespace

Result<std::unique_ptr<SyncListener>> SyncListener::start(const std::string& address, std::uint16_t port, sync::Psk psk,
                                                          sync::ReceiverPorts ports) {
    auto fd = listen_on(address, port);
    if (!fd.ok()) return fd.error();
    std::unique_ptr<SyncListener> l(new SyncListener(*fd, std::move(psk), std::move(ports)));
    SyncListener* self = l.get();
    l->io_ = ev::Loop::instance().io([self](int) { self->accept_one(); });
    l->io_->start(*fd, ev::Io::kRead);
    return l;
}

SyncListener::SyncListener(int fd, sync::Psk psk, sync::ReceiverPorts ports)
    : fd_(fd), psk_(std::move(psk)), ports_(std::move(ports)) {}

SyncListener::~SyncListener() {
    if (io_) io_->stop();
    ::close(fd_);
}

void SyncListener::accept_one() {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    const int c = ::accept4(fd_, reinterpret_cast<sockaddr*>(&ss), &len, SOCK_CLOEXEC);
    if (c < 0) return;  // gone before we looked, or EAGAIN
    const std::string peer = peer_of(ss);
    sync::Frame answer;
    bool answered = false;
    const Status st = sync::serve_one(c, psk_, [&](const sync::Frame& f) {
        answer = sync::receive(f, ports_);
        answered = true;
        return answer;
    });
    ::close(c);
    if (!answered) {
        LVS_LOG_WARN("lvs.cf sync from %s failed: %s", peer.c_str(), st.ok() ? "no request" : st.error().message().c_str());
    } else if (answer.type == sync::FrameType::Installed) {
        LVS_LOG_NOTICE("lvs.cf received from %s and installed (sha256 %s)%s", peer.c_str(),
                       hb::to_hex(sync::digest_of(answer)).c_str(), st.ok() ? "" : "; the answer was not delivered");
        for (const auto& line : sync::changes_of(answer)) LVS_LOG_NOTICE("lvs.cf from %s: %s", peer.c_str(), line.c_str());
    } else {
        std::string why = answer.payload;
        for (auto& ch : why)
            if (ch == '\n') ch = ';';
        LVS_LOG_WARN("lvs.cf from %s refused: %s", peer.c_str(), why.c_str());
    }
}

}  // namespace lvs::web
