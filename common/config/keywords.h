// SPDX-License-Identifier: GPL-2.0-or-later
// The lvs.cf keyword table: the one place that lists every key, its scopes,
// its value kind and the model field it sets. The parser reads values
// through it and the writer prints through it, so a new key is one line in
// keywords.cpp (plus its man-page entry).
#pragma once

#include <string_view>
#include <vector>

#include "common/config/lvs_config.h"

namespace lvs::config::detail {

enum Scope : unsigned { kGlobal = 1, kVirtual = 2, kServer = 4 };

enum class Kind : std::uint8_t {
    Int,          // int: strtol base 0, "" = 0
    UInt,         // std::uint32_t, same syntax, >= 0
    OptInt,       // std::optional<int>
    Bool,         // bool: 0 or 1
    Port,         // std::uint16_t: number or TCP service name
    PortNumber,   // std::uint16_t: number only (server port)
    Duration,     // Millis: seconds, fractions to the millisecond
    OptDuration,  // std::optional<Millis>
    Host,         // IpAddress: literal or resolved name
    NonZeroHost,  // IpAddress: like Host, 0.0.0.0 refused
    Address,      // IpAddress: literal only
    Mask,         // IpAddress: IPv4 dotted quad only
    HostDev,      // IpAddress + device (two values)
    String,       // std::string
    OptString,    // std::optional<std::string>
    Enum,         // an enum class with a uint8_t underlying type
    List,         // std::vector<std::string>: [ a b c ]
    WordOrList,   // std::vector<std::string>: word or [ a b ]
    AddressList,  // std::vector<IpAddress>: literal address or [ a b ]
    UIntList,     // std::vector<std::uint32_t>: number or [ a b ]
};

// The blocks a key can write to while parsing (null when not in scope).
struct Target {
    LvsConfig* g = nullptr;
    VirtualServer* vs = nullptr;
    RealServer* rs = nullptr;
};

struct EnumWord {
    const char* word;
    std::uint8_t value;
};

struct Keyword {
    const char* name;
    unsigned scopes;
    Kind kind;
    void* (*field)(Target&);               // the field in the right block
    void* (*field2)(Target&) = nullptr;    // HostDev: the device string
    const EnumWord* words = nullptr;       // Enum: the legal words
    std::size_t nwords = 0;
};

// Keys in canonical print order.
const std::vector<Keyword>& keyword_table();
// The key `name` valid in `scope`, or null.
const Keyword* find_keyword(std::string_view name, Scope scope);
// True if `name` is a key in any scope (for "not allowed here" messages).
bool is_keyword(std::string_view name);

}  // namespace lvs::config::detail
