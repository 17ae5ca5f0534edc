// SPDX-License-Identifier: GPL-2.0-or-later
// redundancy = ecmp: reading birdc's output (see bird_status.h).
#include "pulse/bird_status.h"

#include <algorithm>

#include "common/base/ip_address.h"

namespace lvs::pulse {
namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> out;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        std::string_view l = text.substr(0, nl);
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        out.push_back(l);
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    return out;
}

std::vector<std::string> words(std::string_view l) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < l.size()) {
        while (i < l.size() && (l[i] == ' ' || l[i] == '\t')) ++i;
        const std::size_t b = i;
        while (i < l.size() && l[i] != ' ' && l[i] != '\t') ++i;
        if (i > b) out.emplace_back(l.substr(b, i - b));
    }
    return out;
}

std::string join(const std::vector<std::string>& w, std::size_t from, std::size_t to) {
    std::string s;
    for (std::size_t i = from; i < to && i < w.size(); ++i) s += (s.empty() ? "" : " ") + w[i];
    return s;
}

bool is_date(const std::string& w) {  // 2026-12-04
    return w.size() == 10 && w[4] == '-' && w[7] == '-' &&
           std::all_of(w.begin(), w.end(), [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
}
bool is_time(const std::string& w) {  // 13:40:01 or 13:40:01.123
    return w.size() >= 8 && w[2] == ':' && w[5] == ':' &&
           std::all_of(w.begin(), w.end(), [](char c) { return (c >= '0' && c <= '9') || c == ':' || c == '.'; });
}
// How many words the "Since" column takes at `i`: "DATE TIME" is two.
std::size_t since_words(const std::vector<std::string>& w, std::size_t i) {
    return i + 1 < w.size() && is_date(w[i]) && is_time(w[i + 1]) ? 2 : 1;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

std::string BirdProtocol::bgp_state() const { return info.substr(0, info.find(' ')); }

const char* to_string(BirdConfigure c) {
    switch (c) {
        case BirdConfigure::Reconfigured: return "reconfigured";
        case BirdConfigure::InProgress: return "reconfiguration in progress";
        case BirdConfigure::Failed: return "failed";
    }
    return "failed";
}

BirdConfigure parse_configure(std::string_view text, std::string& why) {
    std::string_view last;
    for (auto l : lines_of(text)) {
        if (l == "Reconfigured") return BirdConfigure::Reconfigured;
        if (starts_with(l, "Reconfiguration in progress") || starts_with(l, "Reconfiguration already in progress"))
            return BirdConfigure::InProgress;
        if (!words(l).empty()) last = l;
    }
    why = last.empty() ? "no answer from birdc" : std::string(last);
    return BirdConfigure::Failed;
}

std::vector<BirdProtocol> parse_protocols(std::string_view text) {
    std::vector<BirdProtocol> out;
    bool table = false;
    for (auto l : lines_of(text)) {
        const auto w = words(l);
        if (w.size() >= 4 && w[0] == "Name" && w[1] == "Proto") {
            table = true;
            continue;
        }
        if (!table || w.size() < 5 || l[0] == ' ' || l[0] == '\t') continue;
        const std::size_t n = since_words(w, 4);
        out.push_back({w[0], w[1], w[2], w[3], join(w, 4, 4 + n), join(w, 4 + n, w.size())});
    }
    return out;
}

std::vector<BirdBfdSession> parse_bfd_sessions(std::string_view text) {
    std::vector<BirdBfdSession> out;
    std::string proto;
    bool table = false;
    for (auto l : lines_of(text)) {
        const auto w = words(l);
        if (w.size() == 1 && w[0].size() > 1 && w[0].back() == ':' && l[0] != ' ') {
            proto = w[0].substr(0, w[0].size() - 1);
            table = false;
            continue;
        }
        if (w.size() >= 3 && w[0] == "IP" && w[1] == "address") {
            table = true;
            continue;
        }
        if (!table || w.size() < 6 || !IpAddress::parse(w[0])) continue;
        const std::size_t n = since_words(w, 3);
        if (w.size() < 3 + n + 2) continue;
        out.push_back({proto, w[0], w[1], w[2], join(w, 3, 3 + n), w[3 + n], w[4 + n]});
    }
    return out;
}

std::vector<std::string> parse_routes(std::string_view text) {
    std::vector<std::string> out;
    for (auto l : lines_of(text)) {
        if (l.empty() || l[0] == ' ' || l[0] == '\t') continue;
        const auto w = words(l);
        const auto slash = w[0].find('/');
        if (slash == std::string::npos || !IpAddress::parse(std::string_view(w[0]).substr(0, slash))) continue;
        if (std::find(out.begin(), out.end(), w[0]) == out.end()) out.push_back(w[0]);
    }
    return out;
}

}  // namespace lvs::pulse
