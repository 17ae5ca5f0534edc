// SPDX-License-Identifier: GPL-2.0-or-later
// Result/Error helpers.
#include "common/base/result.h"

#include <cstring>

namespace lvs {

const char* to_string(ErrorCode code) noexcept {
    switch (code) {
        case ErrorCode::Config: return "config";
        case ErrorCode::Io: return "io";
        case ErrorCode::Netlink: return "netlink";
        case ErrorCode::Exists: return "exists";
        case ErrorCode::NotFound: return "not-found";
        case ErrorCode::Permission: return "permission";
        case ErrorCode::Protocol: return "protocol";
        case ErrorCode::Timeout: return "timeout";
        case ErrorCode::Layout: return "layout";
        case ErrorCode::Invalid: return "invalid";
    }
    return "unknown";
}

std::string Error::message() const {
    if (sys_errno == 0) return context;
    return context + ": " + std::strerror(sys_errno);
}

}  // namespace lvs
