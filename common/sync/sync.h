// SPDX-License-Identifier: GPL-2.0-or-later
// Pushing lvs.cf to the partner router and receiving it there (lvsctl
// sync, lvsweb's Synchronize button and its sync listener). The receiver
// validates the file with the daemons' parser, installs it (lvs.cf.bak
// kept, common/config/install.h), asks for a reload and answers with the
// installed file's digest, the one the heartbeat carries.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/config/install.h"
#include "common/config/settings.h"
#include "common/sync/codec.h"
#include "common/sync/tls_link.h"

namespace lvs::sync {

enum class PushOutcome : std::uint8_t {
    Installed,  // the partner installed it (`digest`)
    Refused,    // the partner refused it (`message`: its reason)
    Failed,     // no answer: connection, handshake, timeout (`message`)
};
const char* to_string(PushOutcome o);

struct PushResult {
    PushOutcome outcome = PushOutcome::Failed;
    std::string message;
    hb::Digest digest{};
    std::string peer;  // "ADDRESS port N", once known
    // Installed: what changed in the partner's lvs.cf, a line a change
    // (common/config/text_diff.h), as the partner logged it.
    std::vector<std::string> changes;
    bool invalid_here = false;  // Failed: the local lvs.cf is not valid, so it was not sent
};

struct PushTarget {
    std::string address;  // numeric
    std::uint16_t port = kDefaultPort;
    std::chrono::milliseconds step = kDefaultStep;
};

// Connects, sends `text`, reads the answer. Blocks `step` at most for each
// of the connect, the handshake and sending lvs.cf, and kExchangeLimit for
// the answer.
PushResult push_config(const std::string& text, const PushTarget& to, const Psk& psk);

// lvsctl sync and the Synchronize button: validates the local lvs.cf
// (an invalid file is not sent), derives the PSK from [heartbeat] key_file,
// pushes to [web] sync_peer (default: the partner in lvs.cf) on sync_port.
PushResult sync_to_partner(const std::string& config_path, const config::Settings& s,
                           std::chrono::milliseconds step = kDefaultStep);

struct ReceiverPorts {
    std::function<config::InstallReport(const std::string& text)> install;
    std::function<std::string()> reload;  // "" when requested, else why not
};

// The answer to one request: Installed with the digest and the key-level
// changes from the file it replaced (at most 50 lines), or Refused with
// the reason (the partner's diagnostics, FILE:LINE:COL, at most five).
Frame receive(const Frame& request, const ReceiverPorts& ports);

}  // namespace lvs::sync
