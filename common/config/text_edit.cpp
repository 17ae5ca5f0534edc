// SPDX-License-Identifier: GPL-2.0-or-later
// The text-preserving lvs.cf editor: the file as lines (each with its own
// line end), a structural view of them, and edits as line insertions,
// replacements and removals.
#include "common/config/text_edit.h"

#include <algorithm>
#include <cstdio>

#include "common/config/keywords.h"
#include "common/config/lexer.h"

namespace lvs::config {

namespace {

bool blank(char c) { return c == ' ' || c == '\t'; }

std::vector<Token> tokens_of(std::string_view line) {
    Diagnostics ignored;
    const Lexed lx = lex(line, "", ignored);
    if (lx.lines.empty() || !ignored.empty()) return {};
    return {lx.lines.front().tokens.begin(), lx.lines.front().tokens.end()};
}

std::string_view without_eol(std::string_view l) {
    while (!l.empty() && (l.back() == '\n' || l.back() == '\r')) l.remove_suffix(1);
    return l;
}

std::string indent_of(std::string_view l) {
    std::size_t i = 0;
    while (i < l.size() && blank(l[i])) ++i;
    return std::string(l.substr(0, i));
}

std::string trim(std::string_view s) {
    while (!s.empty() && blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && blank(s.back())) s.remove_suffix(1);
    return std::string(s);
}

// The value of a key line: the text after its '=' (column eq_col, 1-based).
std::string value_text(std::string_view line, int eq_col) {
    return trim(without_eol(line).substr(static_cast<std::size_t>(eq_col)));
}

std::vector<std::string> split_lines(std::string_view t) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < t.size()) {
        std::size_t end = t.find('\n', pos);
        end = end == std::string_view::npos ? t.size() : end + 1;
        out.emplace_back(t.substr(pos, end - pos));
        pos = end;
    }
    return out;
}

std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l;
    return out;
}

bool valid_name(std::string_view n) {
    if (n.empty() || n.size() > kMaxBlockName) return false;
    return std::all_of(n.begin(), n.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
               c == '.' || c == ':';
    });
}

unsigned scope_of(const KeyPath& p) {
    return !p.server.empty() ? detail::kServer : !p.virt.empty() ? detail::kVirtual : detail::kGlobal;
}

std::string hex_byte(unsigned char c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02x", c);
    return buf;
}

// The file being edited: its lines, the style it is written in, and a
// fresh structural view after each edit.
class Doc {
public:
    explicit Doc(std::string_view text) : lines_(split_lines(text)) {
        if (!lines_.empty() && lines_.front().size() >= 2 && lines_.front().ends_with("\r\n")) eol_ = "\r\n";
        for (const auto& l : lines_)
            if (!l.empty() && l[0] == '\t') {
                unit_ = "\t";
                break;
            }
    }
    std::string text() const { return join(lines_); }

    // "" when done, else why not.
    std::string apply(const Edit& e) {
        view_ = view_config(text());
        const KeyPath& p = e.at;
        switch (e.op) {
            case Edit::Op::SetKey: return set_key(p, trim(e.value));
            case Edit::Op::RemoveKey: return remove_key(p);
            case Edit::Op::AddVirtual: return add_virtual(p.virt, e.value == "failover");
            case Edit::Op::RemoveVirtual: return remove_block(p, false);
            case Edit::Op::AddServer: return add_server(p);
            case Edit::Op::RemoveServer: return remove_block(p, true);
        }
        return "unknown edit";
    }

private:
    // The block a key path names (null: the global scope), or why not.
    std::string find(const KeyPath& p, const BlockView*& vs, const BlockView*& rs) const {
        vs = rs = nullptr;
        if (p.virt.empty()) return p.server.empty() ? "" : "a server belongs in a virtual block";
        vs = view_.find_virtual(p.virt);
        if (!vs) return "no virtual " + quoted(p.virt);
        if (p.server.empty()) return "";
        for (const auto& s : vs->servers)
            if (s.name == p.server) rs = &s;
        return rs ? "" : "no server " + quoted(p.server) + " in virtual " + quoted(p.virt);
    }

    std::string set_key(const KeyPath& p, const std::string& value) {
        if (std::string why = value_problem(p, value); !why.empty()) return why;
        const BlockView *vs, *rs;
        if (std::string why = find(p, vs, rs); !why.empty()) return why;
        const BlockView* b = rs ? rs : vs;
        const std::vector<KeyValue>& keys = b ? b->keys : view_.globals;
        for (auto it = keys.rbegin(); it != keys.rend(); ++it)
            if (it->key == p.key) return replace_value(static_cast<std::size_t>(it->line - 1), value);
        const std::size_t at = insert_point(b, vs && !rs);
        std::string ind = keys.empty() ? (b ? indent_of(lines_[static_cast<std::size_t>(b->line - 1)]) + unit_ : "")
                                       : indent_of(lines_[static_cast<std::size_t>(keys.front().line - 1)]);
        insert(at, {ind + p.key + " = " + value});
        return "";
    }

    std::string replace_value(std::size_t i, const std::string& value) {
        const std::string_view l = without_eol(lines_[i]);
        const std::string eol = lines_[i].substr(l.size());
        const std::vector<Token> t = tokens_of(l);
        std::size_t v = static_cast<std::size_t>(t[1].loc.col);  // just after '='
        const std::size_t gap = v;
        while (v < l.size() && blank(l[v])) ++v;
        lines_[i] = std::string(l.substr(0, v)) + (v == gap ? " " : "") + value + eol;
        return "";
    }

    // Line index where a new key of block `b` goes: after its last own key
    // (a virtual's own keys end before its first server: a `port =` after a
    // server block does not reach that server), else after the opener.
    std::size_t insert_point(const BlockView* b, bool virtual_block) const {
        const std::vector<KeyValue>& keys = b ? b->keys : view_.globals;
        int limit = b ? (b->close_line ? b->close_line : static_cast<int>(lines_.size()) + 1)
                      : (view_.virtuals.empty() ? static_cast<int>(lines_.size()) + 1 : view_.virtuals.front().line);
        if (virtual_block && !b->servers.empty()) limit = b->servers.front().line;
        int last = b ? b->line : 0;
        for (const auto& k : keys)
            if (k.line < limit) last = std::max(last, k.line);
        if (!b && last == 0) return static_cast<std::size_t>(limit - 1);
        return static_cast<std::size_t>(last);
    }

    std::string remove_key(const KeyPath& p) {
        if (!detail::find_keyword(p.key, static_cast<detail::Scope>(scope_of(p))))
            return "unknown key " + quoted(p.key);
        const BlockView *vs, *rs;
        if (std::string why = find(p, vs, rs); !why.empty()) return why;
        const BlockView* b = rs ? rs : vs;
        const std::vector<KeyValue>& keys = b ? b->keys : view_.globals;
        for (auto it = keys.rbegin(); it != keys.rend(); ++it)
            if (it->key == p.key) lines_.erase(lines_.begin() + (it->line - 1));
        return "";
    }

    std::string add_virtual(const std::string& name, bool failover) {
        if (!valid_name(name)) return "a virtual's name is 1-64 letters, digits, '_', '-', '.' or ':'";
        if (view_.find_virtual(name)) return "virtual " + quoted(name) + " exists";
        std::vector<std::string> add;
        if (!lines_.empty() && !trim(without_eol(lines_.back())).empty()) add.push_back("");
        add.push_back(std::string(failover ? "failover " : "virtual ") + name + " {");
        add.push_back("}");
        insert(lines_.size(), add);
        return "";
    }

    std::string add_server(const KeyPath& p) {
        if (!valid_name(p.server)) return "a server's name is 1-64 letters, digits, '_', '-', '.' or ':'";
        const BlockView *vs, *rs;
        KeyPath v{p.virt, "", ""};
        if (std::string why = find(v, vs, rs); !why.empty()) return why;
        if (vs->failover) return "a failover block has no servers";
        for (const auto& s : vs->servers)
            if (s.name == p.server) return "server " + quoted(p.server) + " exists in virtual " + quoted(p.virt);
        const std::string ind = vs->keys.empty() ? indent_of(lines_[static_cast<std::size_t>(vs->line - 1)]) + unit_
                                                 : indent_of(lines_[static_cast<std::size_t>(vs->keys.front().line - 1)]);
        const std::size_t at = vs->close_line ? static_cast<std::size_t>(vs->close_line - 1) : lines_.size();
        insert(at, {ind + "server " + p.server + " {", ind + "}"});
        return "";
    }

    std::string remove_block(const KeyPath& p, bool server) {
        const BlockView *vs, *rs;
        if (std::string why = find(p, vs, rs); !why.empty()) return why;
        const BlockView* b = server ? rs : vs;
        if (!b) return "name the server to remove";
        std::size_t first = static_cast<std::size_t>(b->line - 1);
        const std::size_t end = b->close_line ? static_cast<std::size_t>(b->close_line) : lines_.size();
        const auto is_blank = [&](std::size_t i) { return trim(without_eol(lines_[i])).empty(); };
        if (first > 0 && is_blank(first - 1) && (end == lines_.size() || is_blank(end))) --first;
        lines_.erase(lines_.begin() + static_cast<std::ptrdiff_t>(first), lines_.begin() + static_cast<std::ptrdiff_t>(end));
        return "";
    }

    void insert(std::size_t at, const std::vector<std::string>& add) {
        if (at > 0 && at == lines_.size() && !lines_.back().ends_with("\n")) lines_.back() += eol_;
        std::vector<std::string> with_eol;
        for (const auto& a : add) with_eol.push_back(a + eol_);
        lines_.insert(lines_.begin() + static_cast<std::ptrdiff_t>(at), with_eol.begin(), with_eol.end());
    }

    std::vector<std::string> lines_;
    std::string eol_ = "\n";
    std::string unit_ = "    ";
    FileView view_;
};

// The view's scan: blocks and key lines, tolerant of broken lines.
class Scanner {
public:
    FileView run(std::string_view text) {
        const auto lines = split_lines(text);
        for (std::size_t i = 0; i < lines.size(); ++i) line(lines[i], static_cast<int>(i) + 1);
        return std::move(out_);
    }

private:
    BlockView* current() {
        if (vi_ < 0) return nullptr;
        BlockView& v = out_.virtuals[static_cast<std::size_t>(vi_)];
        return si_ < 0 ? &v : &v.servers[static_cast<std::size_t>(si_)];
    }
    void line(std::string_view l, int no) {
        const std::vector<Token> t = tokens_of(l);
        if (t.empty()) return;
        const bool word = !t[0].quoted;
        if (word && t[0].text == "}") {
            if (BlockView* b = current()) b->close_line = no;
            (si_ >= 0 ? si_ : vi_) = -1;
            return;
        }
        const bool opener = t.size() == 3 && t[2].text == "{" && !t[2].quoted && word;
        if (opener && (t[0].text == "virtual" || t[0].text == "failover")) {
            out_.virtuals.push_back({t[1].text, t[0].text == "failover", no, 0, {}, {}});
            vi_ = static_cast<int>(out_.virtuals.size()) - 1;
            si_ = -1;
            return;
        }
        if (opener && t[0].text == "server" && vi_ >= 0) {
            auto& list = out_.virtuals[static_cast<std::size_t>(vi_)].servers;
            list.push_back({t[1].text, false, no, 0, {}, {}});
            si_ = static_cast<int>(list.size()) - 1;
            return;
        }
        if (t.size() >= 2 && t[1].text == "=" && !t[1].quoted && word) {
            KeyValue kv{t[0].text, value_text(l, t[1].loc.col), no};
            if (BlockView* b = current()) b->keys.push_back(std::move(kv));
            else out_.globals.push_back(std::move(kv));
        }
    }
    FileView out_;
    int vi_ = -1, si_ = -1;
};

bool find_value(const std::vector<KeyValue>& keys, const std::string& key, std::string& out) {
    for (auto it = keys.rbegin(); it != keys.rend(); ++it)
        if (it->key == key) {
            out = it->value;
            return true;
        }
    out.clear();
    return false;
}

// Where a refused edit points: its key's line, else its block's, else 1:1.
Location where(const FileView& v, const KeyPath& p) {
    const BlockView* vs = p.virt.empty() ? nullptr : v.find_virtual(p.virt);
    if (!p.virt.empty() && !vs) return {1, 1};
    const BlockView* b = vs;
    if (vs && !p.server.empty()) {
        b = nullptr;
        for (const auto& s : vs->servers)
            if (s.name == p.server) b = &s;
        if (!b) return {vs->line, 1};
    }
    const std::vector<KeyValue>& keys = b ? b->keys : v.globals;
    for (auto it = keys.rbegin(); it != keys.rend(); ++it)
        if (it->key == p.key) return {it->line, 1};
    return b ? Location{b->line, 1} : Location{1, 1};
}

bool within(const BlockView& b, int line) { return line >= b.line && (b.close_line == 0 || line <= b.close_line); }

}  // namespace

const char* to_string(EditOutcome o) {
    switch (o) {
        case EditOutcome::Valid: return "valid";
        case EditOutcome::Invalid: return "invalid";
        case EditOutcome::Refused: return "refused";
    }
    return "?";
}

FileView view_config(std::string_view text) { return Scanner().run(text); }

const BlockView* FileView::find_virtual(std::string_view name) const {
    for (const auto& v : virtuals)
        if (v.name == name) return &v;
    return nullptr;
}

bool FileView::value(const KeyPath& p, std::string& out) const {
    out.clear();
    if (p.virt.empty()) return find_value(globals, p.key, out);
    const BlockView* v = find_virtual(p.virt);
    if (!v) return false;
    if (p.server.empty()) return find_value(v->keys, p.key, out);
    for (const auto& s : v->servers)
        if (s.name == p.server) return find_value(s.keys, p.key, out);
    return false;
}

KeyPath path_at_line(const FileView& v, int line) {
    const auto key_on = [line](const std::vector<KeyValue>& keys) {
        for (const auto& k : keys)
            if (k.line == line) return k.key;
        return std::string();
    };
    for (const auto& vs : v.virtuals) {
        if (!within(vs, line)) continue;
        for (const auto& rs : vs.servers)
            if (within(rs, line)) return {vs.name, rs.name, key_on(rs.keys)};
        return {vs.name, "", key_on(vs.keys)};
    }
    return {"", "", key_on(v.globals)};
}

std::string value_problem(const KeyPath& at, std::string_view value) {
    if (!detail::find_keyword(at.key, static_cast<detail::Scope>(scope_of(at))))
        return "unknown key " + quoted(at.key) + (at.server.empty() ? at.virt.empty() ? " in global scope" : " in a virtual block" : " in a server block");
    if (value.size() > kMaxEditValue) return "the value is longer than " + std::to_string(kMaxEditValue) + " bytes";
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && u != '\t') || u == 0x7f)
            return "the value has a control character " + hex_byte(u) + " (a value is one line of printable text)";
    }
    if (trim(value).empty()) return "the value is empty (clear the field to remove the key)";
    Diagnostics d;
    const std::string line = "k = " + std::string(value);
    const Lexed lx = lex(line, "", d);
    if (!d.empty()) return "the value is malformed: " + d.front().message;
    for (const auto& t : lx.lines.front().tokens) {
        if (t.quoted) continue;
        if (t.text.find_first_of("{}") != std::string::npos) return "the value has a brace outside quotes";
        if (t.text.find_first_of("\"'") != std::string::npos) return "the value has a quote inside a word";
    }
    return "";
}

Result<std::string> apply_edits(std::string_view text, const std::vector<Edit>& edits) {
    Doc doc(text);
    for (const auto& e : edits)
        if (std::string why = doc.apply(e); !why.empty()) return make_error(ErrorCode::Invalid, why);
    return doc.text();
}

EditResult edit_config(std::string_view text, const std::vector<Edit>& edits, const std::string& file,
                       const ParseOptions& opts) {
    EditResult r;
    Doc doc(text);
    for (const auto& e : edits) {
        if (std::string why = doc.apply(e); !why.empty()) {
            r.outcome = EditOutcome::Refused;
            r.text = std::string(text);
            r.diagnostics.push_back({{Severity::Error, file, where(view_config(text), e.at), why}, e.at});
            return r;
        }
    }
    r.text = doc.text();
    LoadedConfig loaded = load_config_text(r.text, file, opts);
    const FileView v = view_config(r.text);
    for (auto& d : loaded.diagnostics) {
        KeyPath p = path_at_line(v, d.loc.line);
        r.diagnostics.push_back({std::move(d), std::move(p)});
    }
    r.outcome = loaded.ok() ? EditOutcome::Valid : EditOutcome::Invalid;
    return r;
}

}  // namespace lvs::config
