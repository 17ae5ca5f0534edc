// SPDX-License-Identifier: GPL-2.0-or-later
// A consistent-enough copy of the status table: each record is read under
// its seqlock (records are individually consistent; the table as a whole is
// a snapshot of moments a few microseconds apart). Readers never write.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/base/result.h"
#include "common/shm/status_table.h"

namespace lvs::status {

struct ServerView {
    std::uint32_t slot = 0;
    shm::RealServerRecord rs{};  // written by the nanny
    shm::DestRecord dest{};      // written by lvsd
};

struct Snapshot {
    bool router_present = false;  // pulse runs (router.pid != 0)
    bool lvsd_present = false;
    bool fos_present = false;     // a fos has written its record (fos.pid != 0)
    bool ecmp_present = false;    // pulse runs with redundancy = ecmp (ecmp.pid != 0)
    shm::RouterRecord router{};
    shm::LvsdRecord lvsd{};
    shm::FosRecord fos{};
    shm::EcmpRecord ecmp{};
    // The process that created the segment (pulse, or lvsd on its own).
    // Gone: the segment is stale, its writer died without removing it.
    std::int32_t creator_pid = 0;
    bool creator_alive = true;
    std::vector<ServerView> servers;  // slots in use, ordered by name
    std::int64_t now_mono_ns = 0;
    std::int64_t now_real_s = 0;
    std::uint64_t torn_reads = 0;     // records skipped: their writer died mid-update
};

Snapshot read_snapshot(const shm::StatusTable& table);

// Text helpers shared by the renderers.
std::string address_text(std::uint8_t family, const std::uint8_t (&addr)[16]);
std::string service_text(const shm::DestRecord& d);  // "TCP 192.0.2.80:80", "FWM 7"
std::string server_text(const shm::RealServerRecord& r);  // "10.0.1.21:80", "[2001:db8::1]:80"
// "www/rs1" from the slot, else the address.
std::string server_name(const ServerView& v);
std::string vs_name(const ServerView& v);
std::string short_name(const ServerView& v);  // "rs1" of "www/rs1"
bool is_up(const shm::RealServerRecord& r);   // up or forced up
// Real servers grouped by virtual server, in name order.
std::map<std::string, std::vector<const ServerView*>> by_virtual(const Snapshot& s);

}  // namespace lvs::status
