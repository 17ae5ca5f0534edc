// SPDX-License-Identifier: GPL-2.0-or-later
// lvsweb's sync listener ([web] sync_address, sync_port): the partner's
// lvsctl sync or Synchronize button pushes lvs.cf here over TLS 1.3 with
// the heartbeat key's PSK (common/sync). One connection at a time, served
// on the event loop with deadlines of 3 s for the handshake, 10 s for the
// request and 3 s for the answer (tls_link.h): a stalled partner holds
// lvsweb's pages that long at most.
#pragma once

#include <memory>
#include <string>

#include "common/base/result.h"
#include "common/ev/event_loop.h"
#include "common/sync/sync.h"

namespace lvs::web {

class SyncListener {
public:
    // Binds ADDRESS:PORT and serves each connection with `ports` (install,
    // reload); every push is logged with the partner's address.
    static Result<std::unique_ptr<SyncListener>> start(const std::string& address, std::uint16_t port, sync::Psk psk,
                                                       sync::ReceiverPorts ports);
    ~SyncListener();  // stops watching, then closes the socket
    SyncListener(const SyncListener&) = delete;
    SyncListener& operator=(const SyncListener&) = delete;

private:
    SyncListener(int fd, sync::Psk psk, sync::ReceiverPorts ports);
    void accept_one();
    int fd_;
    std::unique_ptr<ev::Io> io_;
    sync::Psk psk_;
    sync::ReceiverPorts ports_;
};

}  // namespace lvs::web
