// SPDX-License-Identifier: GPL-2.0-or-later
// INI settings through inih's stream API; our reader counts lines so every
// diagnostic carries its line number.
#include "common/config/settings.h"

#include <arpa/inet.h>
#include <ini.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "common/base/file.h"

namespace lvs::config {
namespace {

struct ParseState {
    std::string_view text;
    std::size_t pos = 0;
    int line = 0;
    const std::string* file = nullptr;
    LoadedSettings* out = nullptr;
    const GroupLookup* groups = nullptr;
};

// inih reader: one line per call, like fgets.
char* read_line(char* buf, int size, void* stream) {
    auto* st = static_cast<ParseState*>(stream);
    if (st->pos >= st->text.size() || size <= 1) return nullptr;
    std::size_t end = st->text.find('\n', st->pos);
    end = end == std::string_view::npos ? st->text.size() : end + 1;
    std::size_t n = std::min(end - st->pos, static_cast<std::size_t>(size - 1));
    std::memcpy(buf, st->text.data() + st->pos, n);
    buf[n] = '\0';
    for (std::size_t i = 0; i < n; ++i)
        if (buf[i] == '\0') buf[i] = ' ';  // an embedded NUL would hide the rest of the line
    st->pos = end;  // an over-long line is cut; the rest is dropped
    ++st->line;
    return buf;
}

void error(ParseState& st, std::string msg) {
    st.out->diagnostics.push_back({Severity::Error, *st.file, {st.line, 1}, std::move(msg)});
}

bool set_path(std::string& field, const char* value, ParseState& st, const char* name) {
    if (value[0] != '/') {
        error(st, std::string("[paths] ") + name + " must be an absolute path");
        return true;
    }
    field = value;
    return true;
}

// [shm] group: a gid, or a group name resolved now, so that an unknown
// group stops the daemons at start with the line that names it.
void set_group(ParseState& st, const char* value) {
    Settings& s = st.out->settings;
    const std::string v = value;
    if (v.empty()) return error(st, "[shm] group must name a group");
    if (v.find_first_not_of("0123456789") == std::string::npos) {
        const unsigned long long gid = v.size() <= 10 ? std::strtoull(v.c_str(), nullptr, 10) : ~0ull;
        if (gid >= 0xffffffffull) return error(st, "[shm] group " + quoted(v) + " is no valid gid");
        s.shm_group = v;
        s.shm_gid = static_cast<std::int64_t>(gid);
        return;
    }
    s.shm_group = v;
    s.shm_gid = -1;
    if (!*st.groups) return;
    const auto gid = (*st.groups)(v);
    if (!gid) return error(st, "[shm] group: no such group " + quoted(v));
    s.shm_gid = static_cast<std::int64_t>(*gid);
}

// "[web] KEY must be ..." unless `value` is a whole number in [lo, hi].
bool set_number(ParseState& st, const char* key, const char* value, long lo, long hi, long& out) {
    char* end = nullptr;
    errno = 0;
    const long v = std::strtol(value, &end, 10);
    if (end == value || *end != '\0' || errno != 0 || v < lo || v > hi) {
        error(st, std::string("[web] ") + key + " must be " + std::to_string(lo) + " to " + std::to_string(hi));
        return false;
    }
    out = v;
    return true;
}

// [web]: lvsweb's listener, TLS files, password file and sessions.
void web_key(ParseState& st, const std::string& key, const char* value) {
    Settings& s = st.out->settings;
    long n = 0;
    if (key == "address" || key == "sync_address" || key == "sync_peer") {
        unsigned char buf[16];
        if (inet_pton(AF_INET, value, buf) != 1 && inet_pton(AF_INET6, value, buf) != 1)
            return error(st, "[web] " + key + " must be a numeric IPv4 or IPv6 address, not " + quoted(value));
        (key == "address" ? s.web_address : key == "sync_address" ? s.web_sync_address : s.web_sync_peer) = value;
    } else if (key == "port" || key == "sync_port") {
        if (set_number(st, key.c_str(), value, 1, 65535, n))
            (key == "port" ? s.web_port : s.web_sync_port) = static_cast<std::uint16_t>(n);
    } else if (key == "tls_cert" || key == "tls_key" || key == "password_file") {
        if (value[0] != '/') return error(st, "[web] " + key + " must be an absolute path");
        (key == "tls_cert" ? s.web_tls_cert : key == "tls_key" ? s.web_tls_key : s.web_password_file) = value;
    } else if (key == "session_idle") {
        if (set_number(st, "session_idle", value, 60, 86400, n)) s.web_session_idle_s = static_cast<int>(n);
    } else {
        error(st, "unknown key " + quoted(key) + " in section [web]");
    }
}

int handler(void* user, const char* section, const char* name, const char* value) {
    auto& st = *static_cast<ParseState*>(user);
    Settings& s = st.out->settings;
    const std::string sec = section, key = name;
    if (sec == "paths") {
        if (key == "lvsd") return set_path(s.lvsd, value, st, name);
        if (key == "nanny") return set_path(s.nanny, value, st, name);
        if (key == "fos") return set_path(s.fos, value, st, name);
        if (key == "send_arp") return set_path(s.send_arp, value, st, name);
        if (key == "ipvsadm") return set_path(s.ipvsadm, value, st, name);
    } else if (sec == "log") {
        if (key == "facility") {
            if (log::facility_from_name(value) < 0) error(st, std::string("unknown log facility ") + quoted(value));
            else s.log_facility = value;
            return 1;
        }
        if (key == "level") {
            if (!log::level_from_name(value, &s.log_level))
                error(st, std::string("unknown log level ") + quoted(value));
            return 1;
        }
    } else if (sec == "shm" && key == "name") {
        if (value[0] == '\0' || std::strchr(value, '/') != nullptr || std::strlen(value) > 200)
            error(st, "[shm] name must be a non-empty word without '/'");
        else s.shm_name = value;
        return 1;
    } else if (sec == "shm" && key == "group") {
        set_group(st, value);
        return 1;
    } else if (sec == "status" && key == "listen") {
        s.status_listen = value;
        return 1;
    } else if (sec == "heartbeat" && key == "key_file") {
        s.heartbeat_key_file = value;
        return 1;
    } else if (sec == "heartbeat" && key == "rt_priority") {
        char* end = nullptr;
        const long v = std::strtol(value, &end, 10);
        if (end == value || *end != '\0' || v < 0 || v > 99) error(st, "[heartbeat] rt_priority must be 0 to 99");
        else s.heartbeat_rt_priority = static_cast<int>(v);
        return 1;
    } else if (sec == "web") {
        web_key(st, key, value);
        return 1;
    } else if (sec != "paths" && sec != "log" && sec != "shm" && sec != "status" && sec != "heartbeat") {
        error(st, "unknown section [" + sec + "]");
        return 1;
    }
    error(st, "unknown key " + quoted(key) + " in section [" + sec + "]");
    return 1;
}

}  // namespace

LoadedSettings parse_settings_string(std::string_view text, const std::string& file, const GroupLookup& groups) {
    LoadedSettings out;
    ParseState st{text, 0, 0, &file, &out, &groups};
    const int rc = ini_parse_stream(read_line, &st, handler, &st);
    if (rc > 0) out.diagnostics.push_back({Severity::Error, file, {rc, 1}, "syntax error"});
    sort_diagnostics(out.diagnostics);
    return out;
}

Result<LoadedSettings> load_settings(const std::string& path, bool required) {
    auto text = read_file(path);
    if (!text.ok()) {
        if (!required && text.error().sys_errno == ENOENT) return LoadedSettings{};
        return text.error();
    }
    return parse_settings_string(*text, path, system_group_lookup());
}

}  // namespace lvs::config
