// SPDX-License-Identifier: GPL-2.0-or-later
// lvs.cf key-level differences.
#include "common/config/text_diff.h"

#include "common/config/diagnostic.h"

namespace lvs::config {

namespace {

// The value of `key` in `keys`, the last line winning; null when absent.
const std::string* last_value(const std::vector<KeyValue>& keys, const std::string& key) {
    const std::string* v = nullptr;
    for (const auto& k : keys)
        if (k.key == key) v = &k.value;
    return v;
}

bool first_of(const std::vector<KeyValue>& keys, std::size_t i) {
    for (std::size_t j = 0; j < i; ++j)
        if (keys[j].key == keys[i].key) return false;
    return true;
}

const BlockView* find_server(const BlockView& vs, const std::string& name) {
    for (const auto& s : vs.servers)
        if (s.name == name) return &s;
    return nullptr;
}

struct Differ {
    std::vector<Change>& out;

    void keys(const std::vector<KeyValue>& a, const std::vector<KeyValue>& b, const KeyPath& block, bool failover) {
        for (std::size_t i = 0; i < b.size(); ++i) {
            if (!first_of(b, i)) continue;
            const std::string& after = *last_value(b, b[i].key);
            const std::string* before = last_value(a, b[i].key);
            if (before && *before == after) continue;
            out.push_back({{block.virt, block.server, b[i].key}, before ? *before : "", after, "", failover});
        }
        for (std::size_t i = 0; i < a.size(); ++i)
            if (first_of(a, i) && !last_value(b, a[i].key))
                out.push_back({{block.virt, block.server, a[i].key}, *last_value(a, a[i].key), "", "", failover});
    }

    void block(const std::string& what, const KeyPath& at, bool failover) { out.push_back({at, "", "", what, failover}); }

    // A new block: "added", then every key (and server) as set from nothing.
    void added(const BlockView& b, const KeyPath& at, bool failover) {
        block("added", at, failover);
        keys({}, b.keys, at, failover);
        for (const auto& s : b.servers) added(s, {at.virt, s.name, ""}, failover);
    }

    void virtual_block(const BlockView* a, const BlockView& b) {
        const KeyPath at{b.name, "", ""};
        if (a && a->failover != b.failover) block("removed", at, a->failover), a = nullptr;
        if (!a) return added(b, at, b.failover);
        keys(a->keys, b.keys, at, b.failover);
        for (const auto& s : b.servers) {
            const BlockView* was = find_server(*a, s.name);
            if (was) keys(was->keys, s.keys, {b.name, s.name, ""}, b.failover);
            else added(s, {b.name, s.name, ""}, b.failover);
        }
        for (const auto& s : a->servers)
            if (!find_server(b, s.name)) block("removed", {b.name, s.name, ""}, b.failover);
    }
};

std::string printable(std::string s) {
    for (auto& ch : s)
        if ((static_cast<unsigned char>(ch) < 0x20 && ch != '\t') || ch == 0x7f) ch = '?';
    return s;
}

}  // namespace

std::string change_text(const Change& c) {
    std::string where;
    if (!c.path.virt.empty()) where = (c.failover ? "failover " : "virtual ") + quoted(c.path.virt);
    if (!c.path.server.empty()) where += " server " + quoted(c.path.server);
    if (c.path.key.empty()) return printable(where + " " + c.what);
    if (where.empty()) where = "global";
    const auto shown = [](const std::string& v) { return v.empty() ? std::string("(unset)") : quoted(v); };
    return printable(where + " key " + quoted(c.path.key) + ": " + shown(c.before) + " -> " + shown(c.after));
}

std::vector<Change> diff_config(std::string_view before, std::string_view after) {
    const FileView a = view_config(before), b = view_config(after);
    std::vector<Change> out;
    Differ d{out};
    d.keys(a.globals, b.globals, {}, false);
    for (const auto& vb : b.virtuals) d.virtual_block(a.find_virtual(vb.name), vb);
    for (const auto& va : a.virtuals)
        if (!b.find_virtual(va.name)) d.block("removed", {va.name, "", ""}, va.failover);
    return out;
}

std::vector<std::string> change_lines(const std::vector<Change>& changes, std::size_t limit) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < changes.size() && i < limit; ++i) out.push_back(change_text(changes[i]));
    if (changes.size() > limit) out.push_back("... and " + std::to_string(changes.size() - limit) + " more");
    return out;
}

}  // namespace lvs::config
