// SPDX-License-Identifier: GPL-2.0-or-later
// One IPVS change, as produced by lvsd's reconciler and executed (in bulk)
// by an IpvsClient.
#pragma once

#include <string>

#include "common/ipvs/ipvs_types.h"

namespace lvs::ipvs {

struct Op {
    enum class Kind : std::uint8_t { AddService, UpdateService, DeleteService, AddDest, UpdateDest, DeleteDest };
    Kind kind = Kind::AddService;
    Service service;   // key always set; full for Add/UpdateService
    Destination dest;  // key always set for *Dest; full for Add/UpdateDest

    static Op add_service(const Service& s) { return {Kind::AddService, s, {}}; }
    static Op update_service(const Service& s) { return {Kind::UpdateService, s, {}}; }
    static Op delete_service(const ServiceKey& k) { return {Kind::DeleteService, Service{.key = k}, {}}; }
    static Op add_dest(const ServiceKey& k, const Destination& d) { return {Kind::AddDest, Service{.key = k}, d}; }
    static Op update_dest(const ServiceKey& k, const Destination& d) {
        return {Kind::UpdateDest, Service{.key = k}, d};
    }
    static Op delete_dest(const ServiceKey& k, const DestKey& d) {
        return {Kind::DeleteDest, Service{.key = k}, Destination{.key = d}};
    }
    bool is_dest_op() const { return kind >= Kind::AddDest; }
};

// "add-service TCP 192.0.2.80:80 wlc", "update-dest TCP 192.0.2.80:80 -> 10.0.0.1:80 Masq 5"...
std::string to_string(const Op& op);

}  // namespace lvs::ipvs
