// SPDX-License-Identifier: GPL-2.0-or-later
// lvs.cf parser: block structure and assignments over the lexer's lines.
// Every error is reported (the parser resynchronises at the next line).
#include "common/config/parser.h"

#include "common/base/file.h"
#include "common/config/keywords.h"
#include "common/config/lexer.h"
#include "common/config/validate.h"
#include "common/config/values.h"

namespace lvs::config {
namespace {

using detail::Scope;

const char* scope_name(Scope s) {
    return s == detail::kGlobal ? "global scope" : s == detail::kServer ? "server block" : "virtual block";
}

class Parser {
public:
    Parser(const std::string& file, const ParseOptions& opts, Diagnostics& diags)
        : file_(file), opts_(opts), diags_(diags) {}

    LvsConfig run(const std::vector<TokenLine>& lines) {
        for (const auto& l : lines) line(l);
        if (rs_) {
            error(rs_->loc, "missing '}': server " + quoted(rs_->name) + " is not closed");
            close_server();
        }
        if (vs_) {
            error(vs_->loc, std::string("missing '}': ") + kind() + " " + quoted(vs_->name) + " is not closed");
            close_virtual();
        }
        apply_private_defaults();
        return std::move(cfg_);
    }

private:
    void error(Location loc, std::string msg) {
        diags_.push_back({Severity::Error, file_, loc, std::move(msg)});
    }
    void warning(Location loc, std::string msg) {
        diags_.push_back({Severity::Warning, file_, loc, std::move(msg)});
    }
    const char* kind() const { return vs_ && vs_->is_failover ? "failover" : "virtual"; }

    void line(const TokenLine& l) {
        const Token& t0 = l.tokens.front();
        const bool word = !t0.quoted;
        if (word && t0.text == "}") return close_block(l);
        if (word && (t0.text == "virtual" || t0.text == "failover")) return open_virtual(l);
        if (word && t0.text == "server") return open_server(l);
        assign(l);
    }

    // Validates "WORD NAME {" and returns NAME's token, or null after an error.
    const Token* opener(const TokenLine& l) {
        const auto& t = l.tokens;
        if (t.size() < 3 || t[2].text != "{" || t[2].quoted) {
            error(t.size() < 3 ? t.back().loc : t[2].loc,
                  "missing arguments: expected " + quoted(t[0].text + " NAME {"));
            return nullptr;
        }
        if (t.size() > 3) {
            error(t[3].loc, "unexpected arguments: " + quoted(t[3].text));
            return nullptr;
        }
        return &t[1];
    }

    void open_virtual(const TokenLine& l) {
        if (rs_) {
            error(l.tokens[0].loc, "missing '}' before " + quoted(l.tokens[0].text) + " (server " +
                                       quoted(rs_->name) + " is still open)");
            close_server();
        }
        if (vs_) {
            error(l.tokens[0].loc, "missing '}' before " + quoted(l.tokens[0].text) + " (" +
                                       kind() + " " + quoted(vs_->name) + " is still open)");
            close_virtual();
        }
        const Token* name = opener(l);
        if (!name) return;
        vs_.emplace();
        vs_->name = name->text;
        vs_->loc = l.tokens[0].loc;
        vs_->is_failover = l.tokens[0].text == "failover";
    }

    void open_server(const TokenLine& l) {
        if (!vs_) {
            error(l.tokens[0].loc, "unknown command 'server': a server block belongs in a virtual block");
            return;
        }
        if (rs_) {
            error(l.tokens[0].loc, "missing '}' before 'server' (server " + quoted(rs_->name) + " is still open)");
            close_server();
        }
        const Token* name = opener(l);
        if (!name) return;
        rs_.emplace();
        rs_->name = name->text;
        rs_->loc = l.tokens[0].loc;
        // The VS port as parsed so far, as in Piranha: a `port =` line after
        // this server block does not reach this server.
        rs_->port = vs_->port;
    }

    void close_block(const TokenLine& l) {
        if (l.tokens.size() > 1)
            error(l.tokens[1].loc, "unexpected text after '}': " + quoted(l.tokens[1].text));
        if (rs_) close_server();
        else if (vs_) close_virtual();
        else error(l.tokens[0].loc, "unknown command '}': no block is open");
    }

    void close_server() {
        vs_->servers.push_back(std::move(*rs_));
        rs_.reset();
    }
    void close_virtual() {
        auto& list = vs_->is_failover ? cfg_.failovers : cfg_.virtuals;
        list.push_back(std::move(*vs_));
        vs_.reset();
    }

    void assign(const TokenLine& l) {
        const Scope scope = rs_ ? detail::kServer : vs_ ? detail::kVirtual : detail::kGlobal;
        const Token& key = l.tokens[0];
        const detail::Keyword* kw = key.quoted ? nullptr : detail::find_keyword(key.text, scope);
        if (!kw) {
            if (!key.quoted && detail::is_keyword(key.text))
                error(key.loc, "unknown command " + quoted(key.text) + " in " + scope_name(scope));
            else
                error(key.loc, "unknown command " + quoted(key.text));
            return;
        }
        if (l.tokens.size() < 2 || l.tokens[1].text != "=" || l.tokens[1].quoted) {
            error(l.tokens.size() < 2 ? key.loc : l.tokens[1].loc,
                  "equal (=) expected after command " + quoted(key.text));
            return;
        }
        if (l.tokens.size() < 3) {
            error(l.tokens[1].loc, "missing arguments for " + quoted(key.text));
            return;
        }
        detail::Target target{&cfg_, vs_ ? &*vs_ : nullptr, rs_ ? &*rs_ : nullptr};
        const std::span<const Token> values(l.tokens.data() + 2, l.tokens.size() - 2);
        if (auto e = detail::apply_value(*kw, target, l.tokens[1], values, opts_)) {
            error(e->loc, e->message);
            return;
        }
        KeyLocations& keys = rs_ ? rs_->keys : vs_ ? vs_->keys : cfg_.keys;
        if (auto before = keys.set(kw->name, key.loc))
            warning(key.loc, quoted(key.text) + " is set again; this value replaces line " +
                                 std::to_string(before->line));
    }

    // Without primary_private, the heartbeat uses the public addresses:
    // primary_private = primary and backup_private = backup. Piranha also
    // overwrote an explicit backup_private here; we default only fields the
    // file did not set, so an explicit backup_private is kept.
    void apply_private_defaults() {
        if (!cfg_.keys.count("primary") || cfg_.keys.count("primary_private")) return;
        cfg_.primary_private = cfg_.primary;
        if (!cfg_.keys.count("backup_private")) cfg_.backup_private = cfg_.backup;
    }

    const std::string& file_;
    const ParseOptions& opts_;
    Diagnostics& diags_;
    LvsConfig cfg_;
    std::optional<VirtualServer> vs_;
    std::optional<RealServer> rs_;
};

}  // namespace

LvsConfig parse_config(std::string_view text, const std::string& file, const ParseOptions& opts,
                       Diagnostics& diags) {
    if (text.empty()) {
        diags.push_back({Severity::Error, file, {1, 1}, "Empty configuration"});
        return LvsConfig{};
    }
    const Lexed lexed = lex(text, file, diags);
    return Parser(file, opts, diags).run(lexed.lines);
}

LoadedConfig load_config_text(std::string_view text, const std::string& file,
                              const ParseOptions& opts) {
    LoadedConfig out;
    out.config = parse_config(text, file, opts, out.diagnostics);
    if (!has_errors(out.diagnostics)) {
        Diagnostics v = validate(out.config, file);
        out.diagnostics.insert(out.diagnostics.end(), v.begin(), v.end());
    }
    sort_diagnostics(out.diagnostics);
    cap_diagnostics(out.diagnostics);
    return out;
}

Result<LoadedConfig> load_config_file(const std::string& path, const ParseOptions& opts) {
    auto text = read_file(path);
    if (!text.ok()) return text.error();
    return load_config_text(*text, path, opts);
}

}  // namespace lvs::config
