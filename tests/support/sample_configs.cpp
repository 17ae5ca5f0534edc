// SPDX-License-Identifier: GPL-2.0-or-later
#include "tests/support/sample_configs.h"

namespace lvs::testing {

config::LvsConfig web_config() {
    config::LvsConfig c;
    config::VirtualServer v;
    v.name = "www";
    v.active = true;
    v.address = *IpAddress::parse("192.0.2.80");
    v.send = "GET / HTTP/1.0\\r\\n\\r\\n";
    v.expect = "HTTP";
    v.timeout = config::Millis{2500};
    for (int i = 1; i <= 2; ++i) {
        config::RealServer r;
        r.name = "rs" + std::to_string(i);
        r.address = *IpAddress::parse(("10.0.1.2" + std::to_string(i)).c_str());
        r.active = true;
        r.port = 8080;
        v.servers.push_back(r);
    }
    c.virtuals.push_back(v);
    return c;
}

config::VirtualServer web_failover() {
    config::VirtualServer fs;
    fs.name = "web";
    fs.is_failover = true;
    fs.active = true;
    fs.address = *IpAddress::parse("192.0.2.80");
    fs.port = 8080;
    fs.send = "GET / HTTP/1.0\\r\\n\\r\\n";
    fs.expect = "HTTP";
    fs.timeout = config::Millis{2000};
    return fs;
}

}  // namespace lvs::testing
