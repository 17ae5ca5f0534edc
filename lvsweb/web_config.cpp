// SPDX-License-Identifier: GPL-2.0-or-later
// lvsweb's lvs.cf pages: show, turn a form into edits, validate, install
// (PATH.bak kept), log each change once, ask the daemons to reload; undo
// and Synchronize, each logged key by key too.
// Invalid input writes nothing.
#include "common/base/file.h"
#include "common/log/logger.h"
#include "lvsweb/config_form.h"
#include "lvsweb/config_pages.h"
#include "lvsweb/pages.h"
#include "lvsweb/responses.h"
#include "lvsweb/web_app.h"

namespace lvs::web {

namespace {

constexpr std::string_view kVirtualPrefix = "/config/virtual/";

// The diagnostics of an install, keyed as the editor keys them.
std::vector<config::FieldDiagnostic> keyed(const config::Diagnostics& diags, const std::string& text) {
    const config::FileView v = config::view_config(text);
    std::vector<config::FieldDiagnostic> out;
    for (const auto& d : diags) out.push_back({d, config::path_at_line(v, d.loc.line)});
    return out;
}

std::size_t errors_in(const std::vector<config::FieldDiagnostic>& d) {
    std::size_t n = 0;
    for (const auto& x : d) n += x.diag.severity == config::Severity::Error;
    return n;
}

// A page's view: the file as it is now (FILE, which V points to, outlives
// it), the session's CSRF token and its pending notice, taken once.
void read_view(const ConfigPorts& ports, Session& session, ConfigView& v, config::FileView& file) {
    v.path = ports.path;
    v.csrf = session.csrf;
    v.notice = std::move(session.notice);
    session.notice.clear();
    const auto text = ports.read();
    if (text.ok()) file = config::view_config(*text), v.file = &file;
    else v.error = text.error().message();
}

}  // namespace

ConfigPorts system_config_ports(const std::string& path, const config::Settings& settings) {
    ConfigPorts p;
    p.path = path;
    p.parse = config::system_parse_options();
    const config::ParseOptions opts = p.parse;
    p.read = [path] { return read_file(path); };
    p.install = [path, opts](const std::string& text) { return config::install_config(path, text, opts); };
    p.undo = [path, opts] { return config::undo_config(path, opts); };
    p.sync = [path, settings] { return sync::sync_to_partner(path, settings); };
    return p;
}

http::Response WebApp::config_get(Context& c) {
    ConfigView v;
    config::FileView file;
    read_view(ports_.config, *c.session, v, file);
    return page(200, config_page(v));
}

http::Response WebApp::virtual_get(Context& c) {
    const std::string name = c.req.path.substr(kVirtualPrefix.size());
    ConfigView v;
    config::FileView file;
    read_view(ports_.config, *c.session, v, file);
    const bool found = v.file && v.file->find_virtual(name);
    return page(found || !v.file ? 200 : 404, virtual_page(v, name));
}

// Signals the daemons to reload lvs.cf; "" when requested, else why not.
std::string WebApp::reload(const std::string& peer) {
    const auto snap = ports_.snapshot();
    if (!snap.ok()) return snap.error().message();
    const auto p = status::request_control(status::Action::Reload, "", *snap, "lvsweb user at " + peer, ports_.signal);
    if (p.outcome != status::ControlOutcome::Requested) return status::describe_failure(p);
    last_ = Tracked{p, ports_.now(), peer, {}};
    return "";
}

http::Response WebApp::config_post(Context& c) {
    const std::string& peer = c.req.peer;
    if (http::field(c.form, "do").value_or("") == "undo") return config_undo(c);
    if (http::field(c.form, "do").value_or("") == "sync") return config_sync(c);
    const std::string virt = http::field(c.form, "virt").value_or("");
    const std::string back = http::field(c.form, "do").value_or("") == "add-virtual" ||
                                     http::field(c.form, "do").value_or("") == "remove-virtual"
                                 ? page_of("")
                                 : page_of(virt);
    const auto text = ports_.config.read();
    if (!text.ok()) return page(503, error_page(503, text.error().message()));
    const config::FileView file = config::view_config(*text);
    const FormEdits fe = form_edits(c.form, file);
    if (!fe.error.empty()) return page(400, error_page(400, fe.error));
    if (fe.edits.empty()) {
        c.session->notice = "Nothing changed.";
        return redirect(back);
    }
    ConfigView v;
    v.path = ports_.config.path;
    v.csrf = c.session->csrf;
    v.file = &file;
    v.submitted = &c.form;
    const auto r = config::edit_config(*text, fe.edits, ports_.config.path, ports_.config.parse);
    if (r.outcome != config::EditOutcome::Valid) {
        v.diagnostics = r.diagnostics;
        v.error = "Not applied: lvs.cf would not be valid. Nothing was written.";
        LVS_LOG_INFO("lvs.cf change from %s refused: %zu error(s)", peer.c_str(), errors_in(r.diagnostics));
        return page(422, back == "/config" ? config_page(v) : virtual_page(v, virt));
    }
    const auto ins = ports_.config.install(r.text);
    if (ins.outcome != config::InstallOutcome::Installed) {
        v.diagnostics = keyed(ins.diagnostics, r.text);
        v.error = "Not applied: " + (ins.error.empty() ? std::string(config::to_string(ins.outcome)) : ins.error) + ".";
        LVS_LOG_ERROR("lvs.cf change from %s failed: %s", peer.c_str(), v.error.c_str());
        return page(ins.outcome == config::InstallOutcome::Invalid ? 422 : 500,
                    back == "/config" ? config_page(v) : virtual_page(v, virt));
    }
    for (const auto& ch : fe.changes) LVS_LOG_NOTICE("lvs.cf: %s (by %s)", change_text(ch).c_str(), peer.c_str());
    const std::string why = reload(peer);
    c.session->notice = "Applied " + std::to_string(fe.changes.size()) + " change(s) to " + ports_.config.path +
                        (why.empty() ? "; reload requested." : "; not reloaded: " + why);
    if (!why.empty()) LVS_LOG_WARN("lvs.cf changed by %s but not reloaded: %s", peer.c_str(), why.c_str());
    const bool gone = !virt.empty() && !config::view_config(r.text).find_virtual(virt);
    return redirect(gone ? page_of("") : back);
}

http::Response WebApp::config_undo(Context& c) {
    const std::string& peer = c.req.peer;
    const auto r = ports_.config.undo();
    if (r.outcome != config::InstallOutcome::Installed) {
        const std::string why = r.outcome == config::InstallOutcome::Invalid
                                    ? config::backup_path(ports_.config.path) + " is not valid"
                                    : r.error;
        LVS_LOG_INFO("lvs.cf undo from %s refused: %s", peer.c_str(), why.c_str());
        c.session->notice = "Nothing undone: " + why + ".";
        return redirect(page_of(""));
    }
    LVS_LOG_NOTICE("lvs.cf: undo, %s restored (by %s)", config::backup_path(ports_.config.path).c_str(), peer.c_str());
    // What the undo changed: the file it replaced against the one restored.
    if (const auto now = ports_.config.read(); now.ok())
        for (const auto& line : config::change_lines(config::diff_config(r.previous, *now)))
            LVS_LOG_NOTICE("lvs.cf: undo: %s (by %s)", line.c_str(), peer.c_str());
    const std::string why = reload(peer);
    c.session->notice = "Restored the previous lvs.cf" + (why.empty() ? "; reload requested." : "; not reloaded: " + why);
    return redirect(page_of(""));
}

http::Response WebApp::config_sync(Context& c) {
    const std::string& peer = c.req.peer;
    const auto r = ports_.config.sync();
    const std::string to = r.peer.empty() ? "the partner" : r.peer;
    switch (r.outcome) {
        case sync::PushOutcome::Installed:
            LVS_LOG_NOTICE("lvs.cf sent to %s (by %s): installed, sha256 %s", to.c_str(), peer.c_str(), hb::to_hex(r.digest).c_str());
            for (const auto& line : r.changes) LVS_LOG_NOTICE("lvs.cf on %s: %s (by %s)", to.c_str(), line.c_str(), peer.c_str());
            c.session->notice = "lvs.cf installed on " + to + " (sha256 " + hb::to_hex(r.digest) + ")" +
                                (r.message.empty() ? "." : ": " + r.message);
            break;
        case sync::PushOutcome::Refused:
            LVS_LOG_WARN("lvs.cf sent to %s (by %s): refused", to.c_str(), peer.c_str());
            c.session->notice = to + " refused lvs.cf: " + r.message;
            break;
        case sync::PushOutcome::Failed:
            LVS_LOG_WARN("lvs.cf sync to %s (by %s) failed: %s", to.c_str(), peer.c_str(), r.message.c_str());
            c.session->notice = "Synchronize failed: " + r.message;
            break;
    }
    return redirect(page_of(""));
}

}  // namespace lvs::web
