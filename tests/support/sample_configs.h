// SPDX-License-Identifier: GPL-2.0-or-later
// Small configurations several unit tests share.
#pragma once

#include "common/config/lvs_config.h"

namespace lvs::testing {

// Virtual server "www" on 192.0.2.80:80 with an HTTP send/expect check
// (timeout 2.5 s) and real servers rs1 10.0.1.21 and rs2 10.0.1.22 on 8080.
config::LvsConfig web_config();

// Failover service "web" on 192.0.2.80:8080 with an HTTP send/expect check
// (timeout 2 s).
config::VirtualServer web_failover();

}  // namespace lvs::testing
