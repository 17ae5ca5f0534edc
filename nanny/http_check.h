// SPDX-License-Identifier: GPL-2.0-or-later
// nanny's HTTP check and TLS: the probe settings from the command line,
// and `nanny --digest URL` (fetch once, print the body's SHA-256). The
// prober itself is make_stream_prober() (nanny/probe.h).
#pragma once

#include <string>

#include "common/base/result.h"
#include "nanny/options.h"
#include "nanny/probe.h"

namespace lvs::nanny {

// Fills spec.http and spec.tls from the options (spec.addr and spec.port
// set). Defaults: the Host header is the server's address (bracketed for
// IPv6, with a port other than the scheme's); the SNI is the Host when that
// is a name; the verified name is the SNI.
Result<void> http_tls_spec(const Options& o, ProbeSpec& spec);

// http://HOST[:PORT]/PATH or https://...: the parts of a URL.
struct Url {
    bool tls = false;
    std::string host;       // as written, without brackets
    std::string authority;  // host[:port] as written: the Host header
    std::uint16_t port = 80;
    std::string path = "/";
};
Result<Url> parse_url(const std::string& text);

// nanny --digest URL: exit status 0 after printing the digest, 1 with a
// message on standard error.
int digest_main(const Options& o);

}  // namespace lvs::nanny
