// SPDX-License-Identifier: GPL-2.0-or-later
// lvs.cf push and receive.
#include "common/sync/sync.h"

#include <unistd.h>

#include "common/base/file.h"
#include "common/config/parser.h"
#include "common/config/text_diff.h"
#include "common/sync/peer.h"

namespace lvs::sync {

namespace {

hb::Digest digest(const std::string& text) {
    return hb::sha256(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

std::string reasons(const config::InstallReport& r) {
    std::string out = "lvs.cf is not valid on the partner:";
    std::size_t n = 0;
    for (const auto& d : r.diagnostics) {
        if (d.severity != config::Severity::Error) continue;
        if (++n > 5) return out + " (more not shown)";
        out += "\n" + d.format();
    }
    return out;
}

}  // namespace

const char* to_string(PushOutcome o) {
    switch (o) {
        case PushOutcome::Installed: return "installed";
        case PushOutcome::Refused: return "refused";
        case PushOutcome::Failed: return "failed";
    }
    return "?";
}

PushResult push_config(const std::string& text, const PushTarget& to, const Psk& psk) {
    PushResult r;
    if (text.size() > kMaxFrame) return r.message = "lvs.cf is larger than 16 MiB", r;
    auto fd = connect_to(to.address, to.port, to.step);
    if (!fd.ok()) return r.message = fd.error().message(), r;
    auto answer = exchange(*fd, psk, push(text), {to.step, kExchangeLimit});
    ::close(*fd);
    if (!answer.ok()) return r.message = answer.error().message(), r;
    if (answer->type == FrameType::Refused) {
        r.outcome = PushOutcome::Refused;
        r.message = answer->payload;
        return r;
    }
    if (answer->type != FrameType::Installed) return r.message = "the partner answered with a push", r;
    r.outcome = PushOutcome::Installed;
    r.digest = digest_of(*answer);
    r.changes = changes_of(*answer);
    if (r.digest != digest(text)) r.message = "the partner installed a file of another digest";
    return r;
}

PushResult sync_to_partner(const std::string& config_path, const config::Settings& s, std::chrono::milliseconds step) {
    PushResult r;
    auto text = read_file(config_path);
    if (!text.ok()) return r.message = text.error().message(), r;
    const auto loaded = config::load_config_text(*text, config_path, config::system_parse_options());
    if (!loaded.ok()) {
        r.invalid_here = true;
        r.message = config_path + " is not valid here; not sent:";
        for (const auto& d : loaded.diagnostics)
            if (d.severity == config::Severity::Error) r.message += "\n" + d.format();
        return r;
    }
    std::string peer = s.web_sync_peer;
    if (peer.empty()) {
        const auto p = partner_address(loaded.config, is_local_address);
        if (!p) return r.message = "no partner: set [web] sync_peer in lvs.ini (this host is neither primary nor backup in " + config_path + ")", r;
        peer = p->to_string();
    }
    r.peer = peer + " port " + std::to_string(s.web_sync_port);
    auto psk = psk_from_key_file(s.heartbeat_key_file);
    if (!psk.ok()) return r.message = psk.error().message(), r;
    PushResult out = push_config(*text, {peer, s.web_sync_port, step}, *psk);
    out.peer = r.peer;
    return out;
}

Frame receive(const Frame& request, const ReceiverPorts& ports) {
    if (request.type != FrameType::Push) return refused("expected lvs.cf (a push frame)");
    const auto r = ports.install(request.payload);
    switch (r.outcome) {
        case config::InstallOutcome::Installed: break;
        case config::InstallOutcome::Invalid: return refused(reasons(r));
        default: return refused("the partner could not install lvs.cf: " + r.error);
    }
    (void)ports.reload();  // the answer is about the file; the reload is logged by the caller's port
    return installed(digest(request.payload), config::change_lines(config::diff_config(r.previous, request.payload)));
}

}  // namespace lvs::sync
