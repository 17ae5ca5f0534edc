// SPDX-License-Identifier: GPL-2.0-or-later
// nanny command line: Piranha's options (its letters and long names) plus
// the extensions lvsd uses to connect a nanny to its shared-memory slot.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/log/logger.h"

namespace lvs::nanny {

// --check http: the request and what the response must be (nanny(8)).
struct HttpOptions {
    bool on = false;                   // --check http (--check tcp: off)
    std::string method = "GET";        // --http-method
    std::string path = "/";            // --http-path
    std::optional<std::string> host;   // --http-host (default: the server's address)
    std::vector<std::string> headers;  // --http-header "Name: value", repeatable
    std::string status = "200-399";    // --http-status
    std::optional<std::string> body;   // --http-body REGEX
    std::optional<std::string> digest; // --http-digest HEX
    std::size_t max_body = 65536;      // --http-max-body
    int redirects = 0;                 // --http-redirects
};

// --tls: TLS on the TCP check.
struct TlsOptions {
    bool on = false;                          // --tls
    std::optional<std::string> sni;           // --tls-sni
    std::optional<std::string> ca;            // --tls-ca FILE|DIR: verify the chain
    std::optional<std::string> verify_name;   // --tls-verify-name
    std::optional<std::string> cert, key;     // --tls-cert, --tls-key
    int min_version = 12;                     // --tls-min-version 1.2|1.3
    int expiry_warn_days = 14;                // --tls-expiry-warn-days
    bool expiry_fails = false;                // --tls-expiry-fails
    bool insecure = false;                    // --insecure (--digest only): no verification
};

struct Options {
    std::string server;              // -h RIP
    bool lvs = false, fos = false;   // --lvs / --fos
    std::chrono::milliseconds timeout{10000};         // -t: Piranha's interval and timeout
    std::optional<std::chrono::milliseconds> interval;  // --interval (extension)
    std::uint16_t port = 80;         // -p VS port
    std::optional<std::uint16_t> rport;  // -r real port
    std::chrono::milliseconds reentry{0};  // -a (0 = 180 s for --lvs, the interval for --fos)
    std::optional<int> rise;         // --rise (extension)
    int fall = 1;                    // --fall (extension)
    std::string vip;                 // -V
    std::uint32_t fwmark = 0;        // -f
    bool udp = false;                // -u
    int weight = 1;                  // -w
    int scale = 10;                  // -S
    std::chrono::milliseconds slow_start{0};  // --slow-start (extension; 0 = off)
    std::chrono::milliseconds grace{0};       // --grace: FOS, never-seen service not failed before this
    std::string method = "m";        // -M
    std::string ipvsadm;             // -I (accepted, unused: nanny never touches IPVS)
    std::string load_cmd = "none";   // -U
    std::optional<std::string> send, expect, program;  // -s -x -e
    // The DNS check (extensions): --dns-name selects it.
    std::optional<std::string> dns_name, dns_type, dns_answer;  // --dns-name --dns-type --dns-answer
    bool dns_rd = false;                                        // --dns-rd
    bool regex = false;              // --regex
    bool suppress = false;           // -T: no escape decoding
    bool quiesce = false;            // -q
    bool nodaemon = false;           // -n
    bool nofork = false;             // --nofork (Piranha's -c, kept)
    bool test_start = false;         // --test-start / --norun
    bool verbose = false;            // -v
    std::string shm;                 // --shm NAME (extension)
    std::optional<std::uint32_t> slot;  // --slot N (extension)
    int notify_pid = 0;              // --notify PID: rung with SIGUSR1 (default: parent)
    std::string name;                // --name VIRTUAL/SERVER (extension, shown by lvsctl)
    std::string log_facility = "daemon";      // --log-facility: lvs.ini [log] facility, from lvsd or fos
    log::Level log_level = log::Level::Info;  // --log-level: lvs.ini [log] level
    HttpOptions http;
    TlsOptions tls;
    std::optional<std::string> digest_url;    // --digest URL: tool mode, prints the body's SHA-256
};

// -1 when good, else the exit status to use (messages on stderr).
int parse_options(int argc, char** argv, Options& out);

}  // namespace lvs::nanny
