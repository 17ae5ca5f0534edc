// SPDX-License-Identifier: GPL-2.0-or-later
// lvs.cf forms to edits.
#include "lvsweb/config_form.h"

#include "common/config/keywords.h"

namespace lvs::web {

namespace {

using config::Edit;
using config::KeyPath;

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
    std::size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    return s.substr(i);
}

// Every k.KEY field of the block's scope against the file's value.
void key_edits(const http::Fields& form, const config::FileView& file, const KeyPath& block, bool failover, FormEdits& out) {
    const unsigned scope = scope_of(block);
    for (const auto& kw : config::detail::keyword_table()) {
        if ((kw.scopes & scope) == 0) continue;
        const auto f = http::field(form, key_field(kw.name));
        if (!f) continue;
        const KeyPath p{block.virt, block.server, kw.name};
        std::string before;
        const bool present = file.value(p, before);
        const std::string after = trimmed(*f);
        if (after == before && (present || after.empty())) continue;
        if (after.empty()) {
            out.edits.push_back({Edit::Op::RemoveKey, p, ""});
        } else {
            out.edits.push_back({Edit::Op::SetKey, p, after});
        }
        out.changes.push_back({p, before, after, "", failover});
    }
}

}  // namespace

std::string key_field(const std::string& key) { return "k." + key; }

unsigned scope_of(const KeyPath& at) {
    return !at.server.empty() ? config::detail::kServer : !at.virt.empty() ? config::detail::kVirtual : config::detail::kGlobal;
}

FormEdits form_edits(const http::Fields& form, const config::FileView& file) {
    FormEdits out;
    const std::string what = http::field(form, "do").value_or("");
    const std::string virt = http::field(form, "virt").value_or("");
    const std::string server = http::field(form, "server").value_or("");
    const std::string name = trimmed(http::field(form, "name").value_or(""));
    const config::BlockView* vs = file.find_virtual(virt);
    const bool in_failover = vs && vs->failover;
    if (what == "global") {
        key_edits(form, file, {}, false, out);
    } else if (what == "virtual" && !virt.empty()) {
        key_edits(form, file, {virt, "", ""}, in_failover, out);
    } else if (what == "server" && !virt.empty() && !server.empty()) {
        key_edits(form, file, {virt, server, ""}, in_failover, out);
    } else if (what == "add-virtual") {
        if (name.empty()) return out.error = "Name the virtual server to add.", out;
        const std::string kind = http::field(form, "kind").value_or("virtual");
        if (kind != "virtual" && kind != "failover")
            return out.error = "Unknown kind " + config::quoted(kind) + ": virtual or failover.", out;
        const bool failover = kind == "failover";
        out.edits.push_back({Edit::Op::AddVirtual, {name, "", ""}, failover ? "failover" : ""});
        out.changes.push_back({{name, "", ""}, "", "", "added", failover});
        key_edits(form, file, {name, "", ""}, failover, out);
    } else if (what == "add-server" && !virt.empty()) {
        if (name.empty()) return out.error = "Name the real server to add.", out;
        out.edits.push_back({Edit::Op::AddServer, {virt, name, ""}, ""});
        out.changes.push_back({{virt, name, ""}, "", "", "added", in_failover});
        key_edits(form, file, {virt, name, ""}, in_failover, out);
    } else if (what == "remove-virtual" && !virt.empty()) {
        out.edits.push_back({Edit::Op::RemoveVirtual, {virt, "", ""}, ""});
        out.changes.push_back({{virt, "", ""}, "", "", "removed", in_failover});
    } else if (what == "remove-server" && !virt.empty() && !server.empty()) {
        out.edits.push_back({Edit::Op::RemoveServer, {virt, server, ""}, ""});
        out.changes.push_back({{virt, server, ""}, "", "", "removed", in_failover});
    } else {
        out.error = "Unknown form: " + config::quoted(what) + ".";
    }
    return out;
}

}  // namespace lvs::web
