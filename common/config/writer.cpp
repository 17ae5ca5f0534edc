// SPDX-License-Identifier: GPL-2.0-or-later
// Canonical lvs.cf printer, driven by the keyword table.
#include "common/config/writer.h"

#include <optional>

#include "common/config/keywords.h"

namespace lvs::config {
namespace {

using detail::Keyword;
using detail::Kind;
using detail::Target;

bool needs_quotes(const std::string& s) {
    if (s.empty() || s[0] == '"' || s[0] == '\'' || s[0] == '#') return true;
    if (s == "=" || s == "{" || s == "}" || s == "[" || s == "]") return true;
    return s.find_first_of(" \t") != std::string::npos;
}

std::string quoted(const std::string& s, bool force) {
    if (!force && !needs_quotes(s)) return s;
    if (s.find('"') == std::string::npos) return '"' + s + '"';
    if (s.find('\'') == std::string::npos) return '\'' + s + '\'';
    return s;  // both quote kinds: only possible for a blank-free token
}

std::string list_text(const std::vector<std::string>& v) {
    std::string out = "[";
    for (const auto& w : v) out += " " + quoted(w, false);
    return out + " ]";
}

// The printed value of a key, or nullopt when unset.
std::optional<std::string> value_text(const Keyword& kw, Target& t) {
    void* f = kw.field(t);
    switch (kw.kind) {
        case Kind::Int: return std::to_string(*static_cast<int*>(f));
        case Kind::UInt: return std::to_string(*static_cast<std::uint32_t*>(f));
        case Kind::OptInt: {
            auto& v = *static_cast<std::optional<int>*>(f);
            return v ? std::optional(std::to_string(*v)) : std::nullopt;
        }
        case Kind::Bool: return *static_cast<bool*>(f) ? "1" : "0";
        case Kind::Port: case Kind::PortNumber: return std::to_string(*static_cast<std::uint16_t*>(f));
        case Kind::Duration: return format_duration(*static_cast<Millis*>(f));
        case Kind::OptDuration: {
            auto& v = *static_cast<std::optional<Millis>*>(f);
            return v ? std::optional(format_duration(*v)) : std::nullopt;
        }
        case Kind::Host: case Kind::NonZeroHost: case Kind::Address: case Kind::Mask: {
            auto& a = *static_cast<IpAddress*>(f);
            return a.is_set() ? std::optional(a.to_string()) : std::nullopt;
        }
        case Kind::HostDev: {
            auto& a = *static_cast<IpAddress*>(f);
            if (!a.is_set()) return std::nullopt;
            return a.to_string() + " " + quoted(*static_cast<std::string*>(kw.field2(t)), false);
        }
        case Kind::String: return quoted(*static_cast<std::string*>(f), false);
        case Kind::OptString: {
            auto& v = *static_cast<std::optional<std::string>*>(f);
            return v ? std::optional(quoted(*v, true)) : std::nullopt;
        }
        case Kind::Enum: {
            const auto v = *static_cast<std::uint8_t*>(f);
            for (std::size_t i = 0; i < kw.nwords; ++i)
                if (kw.words[i].value == v) return std::string(kw.words[i].word);
            return std::nullopt;  // Unset
        }
        case Kind::List: {
            auto& v = *static_cast<std::vector<std::string>*>(f);
            return v.empty() ? std::nullopt : std::optional(list_text(v));
        }
        case Kind::WordOrList: {
            auto& v = *static_cast<std::vector<std::string>*>(f);
            if (v.empty()) return std::nullopt;
            return v.size() == 1 ? quoted(v[0], false) : list_text(v);
        }
        case Kind::AddressList: {
            std::vector<std::string> words;
            for (const auto& a : *static_cast<std::vector<IpAddress>*>(f)) words.push_back(a.to_string());
            if (words.empty()) return std::nullopt;
            return words.size() == 1 ? words[0] : list_text(words);
        }
        case Kind::UIntList: {
            std::vector<std::string> words;
            for (auto n : *static_cast<std::vector<std::uint32_t>*>(f)) words.push_back(std::to_string(n));
            if (words.empty()) return std::nullopt;
            return words.size() == 1 ? words[0] : list_text(words);
        }
    }
    return std::nullopt;
}

class Writer {
public:
    explicit Writer(PrintMode mode) : mode_(mode) {}

    std::string run(const LvsConfig& cfg) {
        LvsConfig copy = cfg, def;
        Target t{&copy, nullptr, nullptr}, d{&def, nullptr, nullptr};
        const bool skip_pp = cfg.primary.is_set() && cfg.primary_private == cfg.primary;
        const bool skip_bp = skip_pp && cfg.backup_private == cfg.backup;
        for (const auto& kw : detail::keyword_table()) {
            if ((kw.scopes & detail::kGlobal) == 0) continue;
            const std::string name = kw.name;
            if (mode_ == PrintMode::Canonical &&
                ((name == "primary_private" && skip_pp) || (name == "backup_private" && skip_bp)))
                continue;
            // `service` is always printed, so even an empty model prints a
            // non-empty (and so loadable) file.
            if (name == "service") out_ += std::string("service = ") + to_string(cfg.service) + "\n";
            else key(kw, t, d, "");
        }
        for (const auto& vs : cfg.virtuals) block(vs);
        for (const auto& fs : cfg.failovers) block(fs);
        return std::move(out_);
    }

private:
    void key(const Keyword& kw, Target& t, Target& d, const char* indent) {
        auto v = value_text(kw, t);
        if (!v) return;
        if (mode_ == PrintMode::Canonical && v == value_text(kw, d)) return;
        out_ += std::string(indent) + kw.name + " = " + *v + "\n";
    }

    void block(const VirtualServer& vs) {
        VirtualServer copy = vs, def;
        Target t{nullptr, &copy, nullptr}, d{nullptr, &def, nullptr};
        out_ += std::string("\n") + (vs.is_failover ? "failover " : "virtual ") + quoted(vs.name, false) +
                " {\n";
        for (const auto& kw : detail::keyword_table())
            if (kw.scopes & detail::kVirtual) key(kw, t, d, "\t");
        for (const auto& rs : vs.servers) server(rs, vs.port);
        out_ += "}\n";
    }

    void server(const RealServer& rs, std::uint16_t vs_port) {
        RealServer copy = rs, def;
        def.port = vs_port;  // an unset server port inherits the VS port
        Target t{nullptr, nullptr, &copy}, d{nullptr, nullptr, &def};
        out_ += "\n\tserver " + quoted(rs.name, false) + " {\n";
        for (const auto& kw : detail::keyword_table())
            if (kw.scopes & detail::kServer) key(kw, t, d, "\t\t");
        out_ += "\t}\n";
    }

    PrintMode mode_;
    std::string out_;
};

}  // namespace

std::string format_duration(Millis ms) {
    const long long v = ms.count();
    std::string s = std::to_string(v / 1000);
    const long long frac = v % 1000;
    if (frac != 0) {
        std::string f = std::to_string(frac);
        f.insert(0, 3 - f.size(), '0');
        while (f.back() == '0') f.pop_back();
        s += "." + f;
    }
    return s;
}

std::string print_config(const LvsConfig& cfg, PrintMode mode) { return Writer(mode).run(cfg); }

}  // namespace lvs::config
