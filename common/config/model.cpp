// SPDX-License-Identifier: GPL-2.0-or-later
// Names of the lvs.cf model's enumerations, as written in the file.
#include "common/config/lvs_config.h"

namespace lvs::config {

const char* to_string(ServiceMode v) { return v == ServiceMode::Fos ? "fos" : "lvs"; }

const char* to_string(Forwarding v) {
    switch (v) {
        case Forwarding::Nat: return "nat";
        case Forwarding::Direct: return "direct";
        case Forwarding::Tunnel: return "tunnel";
    }
    return "nat";
}

const char* to_string(Protocol v) {
    switch (v) {
        case Protocol::Tcp: return "tcp";
        case Protocol::Udp: return "udp";
        case Protocol::Sctp: return "sctp";
    }
    return "tcp";
}

const char* to_string(ConflictAction v) {
    switch (v) {
        case ConflictAction::Unset: return "";
        case ConflictAction::Nothing: return "nothing";
        case ConflictAction::Preempt: return "preempt";
    }
    return "";
}

const char* to_string(Redundancy v) { return v == Redundancy::Ecmp ? "ecmp" : "pair"; }

}  // namespace lvs::config
