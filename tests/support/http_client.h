// SPDX-License-Identifier: GPL-2.0-or-later
// The HTTP tests' client: one request to 127.0.0.1:PORT, the whole reply,
// and a way to run a client on a thread while the test's libev loop serves.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

#include "common/ev/event_loop.h"

namespace lvs::testing {

// Sends `request` (then, with half_close, shuts the sending side) and reads
// until the server closes; empty when the connection failed.
inline std::string http_exchange(std::uint16_t port, const std::string& request, bool half_close = true) {
    std::string reply;
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
        (void)::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
        if (half_close) ::shutdown(fd, SHUT_WR);
        char buf[8192];
        for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) reply.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return reply;
}

// Runs `client` on a thread while the loop serves; returns when it is done.
inline void with_loop(const std::function<void()>& client) {
    std::atomic<bool> done{false};
    std::thread t([&] {
        client();
        done = true;
    });
    auto& loop = ev::Loop::instance();
    auto check = loop.timer([&] {
        if (done) loop.stop();
    });
    check->start(std::chrono::milliseconds(10), std::chrono::milliseconds(10));
    loop.run();
    t.join();
}

}  // namespace lvs::testing
