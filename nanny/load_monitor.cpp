// SPDX-License-Identifier: GPL-2.0-or-later
// load_monitor: command line, load-average parsing, weight rule.
#include "nanny/load_monitor.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "nanny/program_check.h"

namespace lvs::nanny {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t'; }

bool is_remote_shell(std::string_view prog) {
    const auto slash = prog.rfind('/');
    const std::string_view base = slash == std::string_view::npos ? prog : prog.substr(slash + 1);
    return base == "rsh" || base == "ssh";
}

// The number at `s[i]`, digits with at most one dot, ended by ',', a blank
// or the end of the text.
std::optional<double> number_at(std::string_view s, std::size_t i) {
    const std::size_t start = i;
    int dots = 0, digits = 0;
    for (; i < s.size() && (is_digit(s[i]) || s[i] == '.'); ++i) {
        if (s[i] == '.') ++dots;
        else ++digits;
    }
    if (digits == 0 || dots > 1 || i - start > 16) return std::nullopt;
    if (i < s.size() && s[i] != ',' && !is_space(s[i]) && s[i] != '\n' && s[i] != '\r') return std::nullopt;
    const std::string text(s.substr(start, i - start));
    const double v = std::strtod(text.c_str(), nullptr);
    if (!std::isfinite(v) || v < 0 || v >= 1e6) return std::nullopt;
    return v;
}

}  // namespace

std::optional<std::vector<std::string>> load_command_argv(std::string_view load_cmd, std::string_view host) {
    if (load_cmd.empty() || load_cmd == "none") return std::nullopt;
    const bool templ = load_cmd.find("%h") != std::string_view::npos;
    auto argv = program_argv(load_cmd, host, 0);
    if (!argv.ok()) return std::nullopt;
    if (templ) return *argv;
    argv->push_back(std::string(host));
    if (is_remote_shell((*argv)[0])) argv->push_back("uptime");
    return *argv;
}

std::optional<double> parse_load_average(std::string_view s) {
    for (std::size_t at = s.find("load"); at != std::string_view::npos; at = s.find("load", at + 1)) {
        std::size_t i = at + 4;
        for (std::string_view word : {" average", "s"}) {
            if (s.substr(i, word.size()) == word) i += word.size();
        }
        if (i < s.size() && s[i] == ':') ++i;
        const std::size_t before = i;
        while (i < s.size() && is_space(s[i])) ++i;
        if (i == before && i < s.size() && s[i - 1] != ':') continue;  // "loadavg0.1": not a field
        if (auto v = number_at(s, i)) return v;
    }
    return std::nullopt;
}

int load_adjusted_weight(int last, int w, int scale, double load) {
    if (load == 1.0 || w <= 0) return last;
    const double step = static_cast<double>(w) / 2.0;
    double next = load < 1.0 ? last + step * std::cbrt(1.0 - load) : last - step * std::cbrt(load - 1.0);
    const double hi = std::min(static_cast<double>(w) * scale, 65535.0);  // IPVS weights are 16 bit in ipvsadm
    if (next > hi) next = hi;
    if (next < w) next = w;
    const int n = static_cast<int>(next);
    return std::abs(n - last) >= w / 4 && n != last ? n : last;
}

}  // namespace lvs::nanny
