// SPDX-License-Identifier: GPL-2.0-or-later
// The lvs.cf keyword table: Piranha's keys, spelled as in its files, plus
// our extensions (marked "extension").
#include "common/config/keywords.h"

namespace lvs::config::detail {
namespace {

template <typename C> C* block(Target& t);
template <> LvsConfig* block<LvsConfig>(Target& t) { return t.g; }
template <> VirtualServer* block<VirtualServer>(Target& t) { return t.vs; }
template <> RealServer* block<RealServer>(Target& t) { return t.rs; }

template <typename> struct MemberOf;
template <typename C, typename T> struct MemberOf<T C::*> { using Class = C; };

// Pointer to the field `M` of the block it belongs to.
template <auto M> void* field(Target& t) {
    using C = typename MemberOf<decltype(M)>::Class;
    return &(block<C>(t)->*M);
}

constexpr EnumWord kService[] = {{"lvs", 0}, {"fos", 1}};
constexpr EnumWord kNetwork[] = {{"nat", 0}, {"direct", 1}, {"tunnel", 2}};
constexpr EnumWord kProtocol[] = {{"tcp", 0}, {"udp", 1}, {"sctp", 2}};
constexpr EnumWord kConflict[] = {{"nothing", 1}, {"preempt", 2}};
constexpr EnumWord kInitial[] = {{"down", 0}, {"up", 1}};
constexpr EnumWord kCheck[] = {{"tcp", 0}, {"http", 1}, {"dns", 2}};
constexpr EnumWord kRedundancy[] = {{"pair", 0}, {"ecmp", 1}};

template <std::size_t N> Keyword en(const char* name, unsigned scopes, void* (*f)(Target&),
                                    const EnumWord (&w)[N]) {
    return Keyword{name, scopes, Kind::Enum, f, nullptr, w, N};
}

using LC = LvsConfig;
using VS = VirtualServer;
using RS = RealServer;
constexpr unsigned kVS = kVirtual;

const std::vector<Keyword> kTable = {
    // ---- global ----
    en("service", kGlobal, field<&LC::service>, kService),
    {"serial_no", kGlobal, Kind::Int, field<&LC::serial_no>},
    {"primary", kGlobal, Kind::NonZeroHost, field<&LC::primary>},
    {"primary_private", kGlobal, Kind::NonZeroHost, field<&LC::primary_private>},
    {"primary_shared", kGlobal, Kind::String, field<&LC::primary_shared>},
    {"backup", kGlobal, Kind::Host, field<&LC::backup>},
    {"backup_private", kGlobal, Kind::NonZeroHost, field<&LC::backup_private>},
    {"backup_shared", kGlobal, Kind::String, field<&LC::backup_shared>},
    {"backup_active", kGlobal, Kind::Bool, field<&LC::backup_active>},
    {"heartbeat", kGlobal, Kind::Bool, field<&LC::heartbeat>},
    {"heartbeat_port", kGlobal, Kind::Port, field<&LC::heartbeat_port>},
    {"keepalive", kGlobal, Kind::Duration, field<&LC::keepalive>},
    {"deadtime", kGlobal, Kind::Duration, field<&LC::deadtime>},
    {"monitor_links", kGlobal, Kind::Int, field<&LC::monitor_links>},
    en("network", kGlobal, field<&LC::network>, kNetwork),
    {"nat_router", kGlobal, Kind::HostDev, field<&LC::nat_router>, field<&LC::nat_router_device>},
    {"nat_nmask", kGlobal, Kind::Mask, field<&LC::nat_nmask>},
    {"ipvsadm", kGlobal, Kind::String, field<&LC::ipvsadm>},
    {"syncdaemon", kGlobal, Kind::Bool, field<&LC::syncdaemon>},
    {"syncd_iface", kGlobal, Kind::String, field<&LC::syncd_iface>},
    {"syncd_id", kGlobal, Kind::Int, field<&LC::syncd_id>},
    {"tcp_timeout", kGlobal, Kind::Int, field<&LC::tcp_timeout>},
    {"tcpfin_timeout", kGlobal, Kind::Int, field<&LC::tcpfin_timeout>},
    {"udp_timeout", kGlobal, Kind::Int, field<&LC::udp_timeout>},
    {"hard_shutdown", kGlobal, Kind::Bool, field<&LC::hard_shutdown>},
    {"active_cmd", kGlobal, Kind::OptString, field<&LC::active_cmd>},
    {"inactive_cmd", kGlobal, Kind::OptString, field<&LC::inactive_cmd>},
    {"rsh_command", kGlobal, Kind::String, field<&LC::rsh_command>},
    en("reservation_conflict_action", kGlobal, field<&LC::reservation_conflict_action>, kConflict),
    {"debug_level", kGlobal, Kind::String, field<&LC::debug_level>},
    {"sync", kGlobal, Kind::Bool, field<&LC::sync>},
    {"reconcile_interval", kGlobal, Kind::Duration, field<&LC::reconcile_interval>},  // extension
    {"arp_count", kGlobal, Kind::Int, field<&LC::arp_count>},                         // extension
    {"arp_interval", kGlobal, Kind::Duration, field<&LC::arp_interval>},              // extension
    {"arp_refresh", kGlobal, Kind::Duration, field<&LC::arp_refresh>},                // extension
    {"failback", kGlobal, Kind::Bool, field<&LC::failback>},                          // extension
    {"failback_delay", kGlobal, Kind::Duration, field<&LC::failback_delay>},          // extension
    // extensions: redundancy = ecmp (BGP through BIRD)
    en("redundancy", kGlobal, field<&LC::redundancy>, kRedundancy),
    {"bgp_local_as", kGlobal, Kind::UInt, field<&LC::bgp_local_as>},
    {"bgp_peer", kGlobal, Kind::AddressList, field<&LC::bgp_peer>},
    {"bgp_peer_as", kGlobal, Kind::UIntList, field<&LC::bgp_peer_as>},
    {"bfd", kGlobal, Kind::Bool, field<&LC::bfd>},
    {"bfd_interval", kGlobal, Kind::Duration, field<&LC::bfd_interval>},
    {"bfd_multiplier", kGlobal, Kind::Int, field<&LC::bfd_multiplier>},
    {"announce_min_servers", kGlobal, Kind::Int, field<&LC::announce_min_servers>},
    {"announce_warmup", kGlobal, Kind::Duration, field<&LC::announce_warmup>},
    {"withdraw_drain", kGlobal, Kind::Duration, field<&LC::withdraw_drain>},
    {"birdc", kGlobal, Kind::String, field<&LC::birdc>},
    {"bird_socket", kGlobal, Kind::String, field<&LC::bird_socket>},
    {"bird_include", kGlobal, Kind::String, field<&LC::bird_include>},
    // ---- virtual / failover ----
    {"active", kVS, Kind::Bool, field<&VS::active>},
    {"address", kVS, Kind::HostDev, field<&VS::address>, field<&VS::device>},
    {"vip_nmask", kVS, Kind::Mask, field<&VS::vip_nmask>},
    {"sorry_server", kVS, Kind::Address, field<&VS::sorry_server>},
    {"fwmark", kVS, Kind::UInt, field<&VS::fwmark>},
    en("protocol", kVS, field<&VS::protocol>, kProtocol),
    {"port", kVS, Kind::Port, field<&VS::port>},
    {"scheduler", kVS, Kind::String, field<&VS::scheduler>},
    {"sched_flags", kVS, Kind::WordOrList, field<&VS::sched_flags>},  // extension
    {"persistent", kVS, Kind::UInt, field<&VS::persistent>},
    {"pmask", kVS, Kind::Mask, field<&VS::pmask>},
    {"client_monitor", kVS, Kind::String, field<&VS::client_monitor>},
    {"send", kVS, Kind::OptString, field<&VS::send>},
    {"expect", kVS, Kind::OptString, field<&VS::expect>},
    {"send_program", kVS, Kind::OptString, field<&VS::send_program>},
    {"use_regex", kVS, Kind::Bool, field<&VS::use_regex>},
    {"timeout", kVS, Kind::Duration, field<&VS::timeout>},
    {"interval", kVS, Kind::OptDuration, field<&VS::interval>},  // extension
    {"reentry", kVS, Kind::Duration, field<&VS::reentry>},
    {"rise", kVS, Kind::OptInt, field<&VS::rise>},               // extension
    {"fall", kVS, Kind::Int, field<&VS::fall>},                  // extension
    {"slow_start", kVS, Kind::Duration, field<&VS::slow_start>},  // extension
    {"quiesce_server", kVS, Kind::Bool, field<&VS::quiesce_server>},
    en("initial_state", kVS, field<&VS::initial_state>, kInitial),  // extension
    en("check", kVS, field<&VS::check>, kCheck),                  // extension
    {"dns_name", kVS, Kind::OptString, field<&VS::dns_name>},     // extension
    {"dns_type", kVS, Kind::String, field<&VS::dns_type>},        // extension
    {"dns_answer", kVS, Kind::OptString, field<&VS::dns_answer>},  // extension
    {"dns_rd", kVS, Kind::Bool, field<&VS::dns_rd>},              // extension
    {"announce_min_servers", kVS, Kind::OptInt, field<&VS::announce_min_servers>},  // extension (ecmp)
    {"load_monitor", kVS, Kind::OptString, field<&VS::load_monitor>},
    {"start_cmd", kVS, Kind::OptString, field<&VS::start_cmd>},
    {"stop_cmd", kVS, Kind::OptString, field<&VS::stop_cmd>},
    {"cmd_timeout", kVS, Kind::Duration, field<&VS::cmd_timeout>},  // extension (fos)
    {"master", kVS, Kind::Host, field<&VS::master>},
    {"dirs", kVS, Kind::List, field<&VS::dirs>},
    // extensions: the HTTP check and TLS (nanny; `check` is above)
    {"http_method", kVS, Kind::String, field<&VS::http_method>},
    {"http_path", kVS, Kind::String, field<&VS::http_path>},
    {"http_host", kVS, Kind::OptString, field<&VS::http_host>},
    {"http_headers", kVS, Kind::WordOrList, field<&VS::http_headers>},
    {"http_status", kVS, Kind::String, field<&VS::http_status>},
    {"http_body", kVS, Kind::OptString, field<&VS::http_body>},
    {"http_digest", kVS, Kind::OptString, field<&VS::http_digest>},
    {"http_max_body", kVS, Kind::Int, field<&VS::http_max_body>},
    {"http_redirects", kVS, Kind::Int, field<&VS::http_redirects>},
    {"tls", kVS, Kind::Bool, field<&VS::tls>},
    {"tls_sni", kVS, Kind::OptString, field<&VS::tls_sni>},
    {"tls_ca", kVS, Kind::OptString, field<&VS::tls_ca>},
    {"tls_verify_name", kVS, Kind::OptString, field<&VS::tls_verify_name>},
    {"tls_cert", kVS, Kind::OptString, field<&VS::tls_cert>},
    {"tls_key", kVS, Kind::OptString, field<&VS::tls_key>},
    {"tls_min_version", kVS, Kind::String, field<&VS::tls_min_version>},
    {"tls_expiry_warn_days", kVS, Kind::Int, field<&VS::tls_expiry_warn_days>},
    {"tls_expiry_fails", kVS, Kind::Bool, field<&VS::tls_expiry_fails>},
    // ---- server (inside virtual) ----
    {"address", kServer, Kind::Host, field<&RS::address>},
    {"active", kServer, Kind::Bool, field<&RS::active>},
    {"weight", kServer, Kind::Int, field<&RS::weight>},
    {"port", kServer, Kind::PortNumber, field<&RS::port>},
    {"uthreshold", kServer, Kind::UInt, field<&RS::uthreshold>},  // extension
    {"lthreshold", kServer, Kind::UInt, field<&RS::lthreshold>},  // extension
};

}  // namespace

const std::vector<Keyword>& keyword_table() { return kTable; }

const Keyword* find_keyword(std::string_view name, Scope scope) {
    for (const auto& k : kTable)
        if ((k.scopes & scope) != 0 && name == k.name) return &k;
    return nullptr;
}

bool is_keyword(std::string_view name) {
    for (const auto& k : kTable)
        if (name == k.name) return true;
    return false;
}

}  // namespace lvs::config::detail
