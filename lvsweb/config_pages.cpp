// SPDX-License-Identifier: GPL-2.0-or-later
// HTML of the lvs.cf pages.
#include "lvsweb/config_pages.h"

#include "common/config/keywords.h"
#include "lvsweb/config_form.h"
#include "lvsweb/html.h"

namespace lvs::web {

namespace {

using config::KeyPath;
using config::detail::Keyword;
using config::detail::Kind;

std::string head(const std::string& title) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
           html(title) + "</title>\n<link rel=\"stylesheet\" href=\"/lvsweb.css\">\n</head>\n";
}

std::string hidden(const char* name, const std::string& value) {
    return "<input type=\"hidden\" name=\"" + std::string(name) + "\" value=\"" + html(value) + "\">";
}

// What a key takes, from its kind in the keyword table.
std::string hint(const Keyword& kw) {
    if (kw.kind == Kind::Enum) {
        std::string o = "one of:";
        for (std::size_t i = 0; i < kw.nwords; ++i) o += std::string(" ") + kw.words[i].word;
        return o;
    }
    switch (kw.kind) {
        case Kind::Bool: return "0 or 1";
        case Kind::Duration: case Kind::OptDuration: return "seconds (1.5 is allowed)";
        case Kind::Port: case Kind::PortNumber: return "a port, 1-65535";
        case Kind::HostDev: return "address, then optionally a device (eth0:1)";
        case Kind::List: return "[ a b c ]";
        case Kind::WordOrList: return "a word, or [ a b ]";
        case Kind::String: case Kind::OptString: return "text; in double quotes if it has blanks";
        default: return "";
    }
}

// An element id from a path: "f-KEY", "f-SERVER-KEY" (names are
// restricted to letters, digits, '_', '-', '.' and ':').
std::string field_id(const KeyPath& p) { return "f-" + (p.server.empty() ? "" : p.server + "--") + p.key; }

bool same_block(const KeyPath& a, const KeyPath& b) { return a.virt == b.virt && a.server == b.server; }

// The submitted form's block, when it was this one's key form.
bool submitted_here(const ConfigView& v, const KeyPath& block) {
    if (!v.submitted) return false;
    const std::string what = http::field(*v.submitted, "do").value_or("");
    const KeyPath sent{http::field(*v.submitted, "virt").value_or(""), http::field(*v.submitted, "server").value_or(""), ""};
    const char* want = !block.server.empty() ? "server" : !block.virt.empty() ? "virtual" : "global";
    return what == want && same_block(sent, block);
}

std::string field_row(const ConfigView& v, const Keyword& kw, const KeyPath& block) {
    const KeyPath p{block.virt, block.server, kw.name};
    std::string value;
    if (submitted_here(v, block)) value = http::field(*v.submitted, key_field(kw.name)).value_or("");
    else if (v.file) v.file->value(p, value);
    const std::string id = field_id(p);
    std::string o = "<div class=\"field\"><label for=\"" + html(id) + "\">" + html(kw.name) + "</label> <input type=\"text\" id=\"" +
                    html(id) + "\" name=\"" + html(key_field(kw.name)) + "\" value=\"" + html(value) + "\" aria-describedby=\"" +
                    html(id) + "-hint\"> <span class=\"hint\" id=\"" + html(id) + "-hint\">" + html(hint(kw)) + "</span>";
    for (const auto& d : v.diagnostics)
        if (d.path == p)
            o += " <span class=\"error field-error\" role=\"alert\">" + html(d.diag.format()) + "</span>";
    return o + "</div>\n";
}

// A form with every key of the block's scope.
std::string key_form(const ConfigView& v, const KeyPath& block, const char* what, const std::string& button) {
    std::string o = "<form method=\"post\" action=\"/config\" class=\"keys\">" + hidden("csrf", v.csrf) + hidden("do", what);
    if (!block.virt.empty()) o += hidden("virt", block.virt);
    if (!block.server.empty()) o += hidden("server", block.server);
    o += "\n";
    const unsigned scope = scope_of(block);
    for (const auto& kw : config::detail::keyword_table())
        if ((kw.scopes & scope) != 0) o += field_row(v, kw, block);
    return o + "<button type=\"submit\">" + html(button) + "</button>\n</form>\n";
}

std::string button_form(const ConfigView& v, const char* what, const KeyPath& block, const std::string& label) {
    std::string o = "<form method=\"post\" action=\"/config\" class=\"inline\">" + hidden("csrf", v.csrf) + hidden("do", what);
    if (!block.virt.empty()) o += hidden("virt", block.virt);
    if (!block.server.empty()) o += hidden("server", block.server);
    return o + "<button type=\"submit\">" + html(label) + "</button></form>";
}

// A form that adds a block: its name (and, for a virtual, its kind), and
// a few keys to start with.
std::string add_form(const ConfigView& v, const char* what, const std::string& virt, const std::vector<const char*>& keys,
                     const std::string& button) {
    const std::string p = virt.empty() ? "add-v" : "add-s";
    std::string o = "<form method=\"post\" action=\"/config\" class=\"keys\">" + hidden("csrf", v.csrf) + hidden("do", what);
    if (!virt.empty()) o += hidden("virt", virt);
    o += "\n<div class=\"field\"><label for=\"" + p + "-name\">Name</label> <input type=\"text\" id=\"" + p +
         "-name\" name=\"name\" required></div>\n";
    if (virt.empty())
        o += "<div class=\"field\"><label for=\"add-v-kind\">Kind</label> <select id=\"add-v-kind\" name=\"kind\">"
             "<option value=\"virtual\" selected>virtual server (IPVS)</option>"
             "<option value=\"failover\">failover service (fos)</option></select></div>\n";
    for (const char* k : keys)
        o += "<div class=\"field\"><label for=\"" + p + "-" + k + "\">" + k + "</label> <input type=\"text\" id=\"" + p + "-" +
             k + "\" name=\"" + key_field(k) + "\"></div>\n";
    return o + "<button type=\"submit\">" + html(button) + "</button>\n</form>\n";
}

std::string top(const ConfigView& v, const std::string& title) {
    std::string o = head("lvsweb: " + title) + "<body>\n<header>\n<h1>" + html(title) +
                    "</h1>\n<nav><a href=\"/control\">Control</a> <a href=\"/config\">lvs.cf</a></nav>\n</header>\n<main>\n";
    o += "<p id=\"notice\" class=\"notice\" role=\"status\">" + html(v.notice) + "</p>\n";
    if (!v.error.empty()) o += "<p class=\"error\" role=\"alert\">" + html(v.error) + "</p>\n";
    if (!v.diagnostics.empty()) {
        o += "<ul class=\"diagnostics\" role=\"alert\">\n";
        for (const auto& d : v.diagnostics) o += "<li>" + html(d.diag.format()) + "</li>\n";
        o += "</ul>\n";
    }
    return o;
}

const char* kBottom = "</main>\n</body>\n</html>\n";

}  // namespace

std::string page_of(const std::string& virt) { return virt.empty() ? "/config" : "/config/virtual/" + virt; }

std::string config_page(const ConfigView& v) {
    std::string o = top(v, "lvs.cf: global settings");
    o += "<p>File: <code>" + html(v.path) + "</code>. Each Apply validates the whole file, writes it (the previous one is kept as <code>" +
         html(v.path) + ".bak</code>) and asks the daemons to reload.</p>\n";
    o += "<div class=\"actions\">" + button_form(v, "undo", {}, "Undo the last change") + " " +
         button_form(v, "sync", {}, "Synchronize to the partner") + "</div>\n";
    if (!v.file) return o + kBottom;
    o += "<section aria-labelledby=\"global-h\">\n<h2 id=\"global-h\">Global settings and redundancy</h2>\n";
    o += key_form(v, {}, "global", "Apply global settings") + "</section>\n";
    o += "<section aria-labelledby=\"virtuals-h\">\n<h2 id=\"virtuals-h\">Virtual servers</h2>\n<ul>\n";
    for (const auto& b : v.file->virtuals)
        o += "<li><a href=\"" + html(page_of(b.name)) + "\">" + html(b.name) + "</a>" + (b.failover ? " (failover)" : "") +
             " " + button_form(v, "remove-virtual", {b.name, "", ""}, "Remove " + b.name) + "</li>\n";
    o += "</ul>\n<h3>Add a virtual server or a failover service</h3>\n" +
         add_form(v, "add-virtual", "", {"address", "port", "protocol"}, "Add the virtual server or failover service") + "</section>\n";
    return o + kBottom;
}

std::string virtual_page(const ConfigView& v, const std::string& name) {
    const config::BlockView* b = v.file ? v.file->find_virtual(name) : nullptr;
    std::string o = top(v, "lvs.cf: virtual " + name);
    if (!b) return o + "<p>There is no virtual server " + html(name) + " in lvs.cf.</p>\n" + kBottom;
    o += "<section aria-labelledby=\"keys-h\">\n<h2 id=\"keys-h\">" + std::string(b->failover ? "Failover" : "Virtual") +
         " server " + html(name) + "</h2>\n" + key_form(v, {name, "", ""}, "virtual", "Apply " + name) + "</section>\n";
    if (b->failover) return o + kBottom;
    o += "<section aria-labelledby=\"servers-h\">\n<h2 id=\"servers-h\">Real servers</h2>\n";
    for (const auto& s : b->servers)
        o += "<h3>" + html(s.name) + "</h3>\n" + key_form(v, {name, s.name, ""}, "server", "Apply " + s.name) +
             button_form(v, "remove-server", {name, s.name, ""}, "Remove " + s.name) + "\n";
    o += "<h3>Add a real server</h3>\n" + add_form(v, "add-server", name, {"address", "port", "weight"}, "Add the real server") +
         "</section>\n";
    return o + kBottom;
}

}  // namespace lvs::web
