// SPDX-License-Identifier: GPL-2.0-or-later
// redundancy = ecmp, pure: BIRD 2's answers as birdc prints them, read into
// structs: `configure`, `show protocols`, `show bfd sessions` and
// `show route protocol ...`. Lines that do not fit are skipped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lvs::pulse {

// One row of `show protocols`.
struct BirdProtocol {
    std::string name;
    std::string proto;   // BGP, BFD, Static, Device...
    std::string table;
    std::string state;   // up, down, start, stop, flush
    std::string since;   // as BIRD printed it
    std::string info;    // BGP: Established, Active, Connect, Idle... and any detail
    // The BGP session state: the first word of info ("Established").
    std::string bgp_state() const;
    bool operator==(const BirdProtocol&) const = default;
};

// One row of `show bfd sessions`.
struct BirdBfdSession {
    std::string protocol;   // the BFD protocol it belongs to
    std::string address;
    std::string interface;
    std::string state;      // AdminDown, Down, Init, Up
    std::string since;
    std::string interval;   // seconds, as printed
    std::string timeout;    // seconds, as printed
    bool operator==(const BirdBfdSession&) const = default;
};

// What pulse reports in lvsctl status and /metrics.
struct BirdStatus {
    std::vector<BirdProtocol> bgp;        // the BGP protocols of show protocols
    std::vector<BirdBfdSession> bfd;
    std::vector<std::string> routes;      // announced prefixes, 198.51.100.10/32
};

enum class BirdConfigure : std::uint8_t { Reconfigured, InProgress, Failed };
const char* to_string(BirdConfigure c);

// The outcome of `birdc configure`; on Failed, `why` gets BIRD's last line.
BirdConfigure parse_configure(std::string_view text, std::string& why);
std::vector<BirdProtocol> parse_protocols(std::string_view text);
std::vector<BirdBfdSession> parse_bfd_sessions(std::string_view text);
// The prefixes of `show route ...`, each once, in order.
std::vector<std::string> parse_routes(std::string_view text);

}  // namespace lvs::pulse
