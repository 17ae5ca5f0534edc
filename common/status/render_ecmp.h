// SPDX-License-Identifier: GPL-2.0-or-later
// The redundancy = ecmp parts of lvsctl's table and JSON (render.cpp calls
// them when pulse runs that mode): what this router announces and why not,
// and BIRD's BGP and BFD sessions and routes. Pure.
#pragma once

#include <sstream>

#include "common/status/snapshot.h"

namespace lvs::status {

// The table's lines about announcements and BIRD.
void ecmp_table(std::ostringstream& o, const Snapshot& s);
// The "ecmp" object of lvsctl-status/1 (null when the record is absent).
void ecmp_json(std::ostringstream& o, const Snapshot& s);
// Addresses the record says are announced.
std::uint32_t ecmp_announced(const shm::EcmpRecord& e);
// BGP sessions whose state is Established.
std::uint32_t ecmp_established(const shm::EcmpRecord& e);
// A NUL-terminated field of at most `n` bytes.
std::string field(const char* s, std::size_t n);

}  // namespace lvs::status
