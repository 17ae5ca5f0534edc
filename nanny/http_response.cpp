// SPDX-License-Identifier: GPL-2.0-or-later
// HTTP/1.1 response parsing, status sets and body rules.
#include "nanny/http_response.h"

#include <regex.h>

#include <algorithm>
#include <cctype>
#include <span>

#include "common/config/regex_limits.h"
#include "common/hb/heartbeat.h"

namespace lvs::nanny::http {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// Decimal digits only, at most 18 of them (no overflow).
std::optional<std::uint64_t> decimal(std::string_view s) {
    if (s.empty() || s.size() > 18) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return v;
}

// "host:port", the scheme's port added when the authority has none.
std::string with_port(std::string_view authority, std::uint16_t dflt) {
    const bool bracketed = authority.starts_with("[");
    const bool has_port = bracketed ? authority.find("]:") != std::string_view::npos
                                    : std::count(authority.begin(), authority.end(), ':') == 1;
    return std::string(authority) + (has_port ? "" : ":" + std::to_string(dflt));
}

}  // namespace

const char* to_string(Defect d) {
    static const char* kNames[] = {"none", "bad status line", "bad header line", "headers too long",
                                   "too many headers", "bad Content-Length", "bad chunk size",
                                   "bad chunk end", "too many interim responses", "truncated"};
    const auto i = static_cast<std::size_t>(d);
    return i < sizeof kNames / sizeof kNames[0] ? kNames[i] : "unknown";
}

ResponseParser::State ResponseParser::fail(Defect d) {
    defect_ = d;
    line_.clear();
    return state_ = State::Bad;
}

ResponseParser::State ResponseParser::done() {
    line_.clear();
    return state_ = State::Done;
}

void ResponseParser::keep(std::string_view bytes) {
    const std::size_t room = max_body_ - body_.size();
    if (bytes.size() > room) {
        cut_ = true;
        discarded_ += bytes.size() - room;
        bytes = bytes.substr(0, room);
    }
    body_.append(bytes);
}

// Moves bytes up to and including '\n' from `in` into `line` (without the
// line end); true when a whole line is there. More than `limit` bytes
// without a line end sets `too_long`.
bool ResponseParser::take_line(std::string_view& in, std::size_t limit, std::string& line, bool& too_long) {
    const auto nl = in.find('\n');
    const std::size_t n = nl == std::string_view::npos ? in.size() : nl;
    too_long = line.size() + n > limit;
    if (too_long) return false;
    line.append(in.substr(0, n));
    if (nl == std::string_view::npos) {
        in = {};
        return false;
    }
    in.remove_prefix(nl + 1);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
}

ResponseParser::State ResponseParser::feed(std::string_view in) {
    while (!in.empty() && state_ == State::NeedMore) {
        switch (phase_) {
            case Phase::Head: feed_head(in); break;
            case Phase::Length:
            case Phase::ChunkData: {
                const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, in.size()));
                remaining_ -= n;
                keep(in.substr(0, n));
                in.remove_prefix(n);
                if (body_.size() >= max_body_) {  // at the cap: judged on what was read
                    cut_ = cut_ || remaining_ > 0;
                    done();
                } else if (remaining_ == 0) {
                    if (phase_ == Phase::Length) done();
                    else phase_ = Phase::ChunkCrlf;
                }
                break;
            }
            case Phase::ChunkCrlf: {
                bool too_long = false;
                if (take_line(in, 2, line_, too_long)) {
                    if (!line_.empty()) fail(Defect::ChunkEnd);
                    line_.clear();
                    phase_ = Phase::ChunkLine;
                } else if (too_long) {
                    fail(Defect::ChunkEnd);
                }
                break;
            }
            case Phase::ChunkLine: feed_chunk_line(in); break;
            case Phase::Trailer: feed_trailer(in); break;
            case Phase::Close:
                keep(in);
                in = {};
                if (body_.size() >= max_body_) done();
                break;
        }
    }
    discarded_ += in.size();
    return state_;
}

ResponseParser::State ResponseParser::eof() {
    if (state_ != State::NeedMore) return state_;
    if (phase_ == Phase::Close) return done();
    return fail(Defect::Truncated);
}

ResponseParser::State ResponseParser::feed_head(std::string_view& in) {
    bool too_long = false;
    const bool whole = take_line(in, kMaxHeaderBytes - std::min(head_bytes_, kMaxHeaderBytes), line_, too_long);
    if (too_long) return fail(Defect::HeadersTooLong);
    if (!whole) return state_;
    head_bytes_ += line_.size() + 1;  // complete lines only: the same count in any split
    const std::string line = std::move(line_);
    line_.clear();
    return head_line(line);
}

// One line of the head: the status line, a header, or the blank line.
ResponseParser::State ResponseParser::head_line(std::string_view line) {
    if (!status_seen_) {
        // "HTTP/1.x SSS[ reason]"
        if (line.size() < 12 || line.substr(0, 7) != "HTTP/1." || !std::isdigit(static_cast<unsigned char>(line[7])) ||
            line[8] != ' ' || (line.size() > 12 && line[12] != ' '))
            return fail(Defect::StatusLine);
        const auto code = decimal(line.substr(9, 3));
        if (!code || *code < 100 || *code > 599) return fail(Defect::StatusLine);
        status_ = static_cast<int>(*code);
        status_seen_ = true;
        return state_;
    }
    if (line.empty()) return start_body();
    if (line.front() == ' ' || line.front() == '\t') return fail(Defect::HeaderLine);  // obsolete folding
    const auto colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos) return fail(Defect::HeaderLine);
    const auto name = line.substr(0, colon);
    if (!config::is_http_token(name)) return fail(Defect::HeaderLine);
    if (++header_count_ > kMaxHeaders) return fail(Defect::TooManyHeaders);
    for (char c : name) headers_.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    headers_.push_back(':');
    headers_.append(trim(line.substr(colon + 1)));
    headers_.push_back('\n');
    return state_;
}

std::optional<std::string_view> ResponseParser::header(std::string_view name) const {
    std::string_view rest = headers_;
    while (!rest.empty()) {
        const auto nl = rest.find('\n');
        const auto entry = rest.substr(0, nl);
        rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
        const auto colon = entry.find(':');
        if (iequals(entry.substr(0, colon), name)) return entry.substr(colon + 1);
    }
    return std::nullopt;
}

// The blank line after the headers: how the body is delimited (RFC 9112 6.3).
ResponseParser::State ResponseParser::start_body() {
    if (status_ < 200) {  // interim: the final response follows
        if (++interim_ > kMaxInterim) return fail(Defect::TooManyInterim);
        status_seen_ = false;
        status_ = 0;
        headers_.clear();
        header_count_ = 0;
        head_bytes_ = 0;
        return state_;
    }
    if (no_body_ || status_ == 204 || status_ == 304) return done();
    if (const auto te = header("transfer-encoding")) {
        const auto comma = te->rfind(',');
        const auto last = trim(comma == std::string_view::npos ? *te : te->substr(comma + 1));
        phase_ = iequals(last, "chunked") ? Phase::ChunkLine : Phase::Close;
        return state_;
    }
    std::optional<std::uint64_t> length;
    std::string_view rest = headers_;
    while (!rest.empty()) {  // every Content-Length must agree
        const auto nl = rest.find('\n');
        const auto entry = rest.substr(0, nl);
        rest.remove_prefix(nl + 1);
        if (!entry.starts_with("content-length:")) continue;
        const auto v = decimal(entry.substr(15));
        if (!v || (length && *length != *v)) return fail(Defect::ContentLength);
        length = v;
    }
    if (!length) {
        phase_ = Phase::Close;
        return state_;
    }
    remaining_ = *length;
    phase_ = Phase::Length;
    return remaining_ == 0 ? done() : state_;
}

ResponseParser::State ResponseParser::feed_chunk_line(std::string_view& in) {
    bool too_long = false;
    if (!take_line(in, kMaxChunkLine, line_, too_long)) return too_long ? fail(Defect::ChunkSize) : state_;
    std::string_view size = line_;
    size = trim(size.substr(0, size.find(';')));
    if (size.empty() || size.size() > 15) return fail(Defect::ChunkSize);
    std::uint64_t v = 0;
    for (char c : size) {
        const int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                      : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
                      : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                                  : -1;
        if (d < 0) return fail(Defect::ChunkSize);
        v = v * 16 + static_cast<std::uint64_t>(d);
    }
    line_.clear();
    remaining_ = v;
    phase_ = v == 0 ? Phase::Trailer : Phase::ChunkData;
    return state_;
}

ResponseParser::State ResponseParser::feed_trailer(std::string_view& in) {
    bool too_long = false;
    const bool whole = take_line(in, kMaxHeaderBytes - std::min(head_bytes_, kMaxHeaderBytes), line_, too_long);
    if (too_long) return fail(Defect::HeadersTooLong);
    if (!whole) return state_;
    head_bytes_ += line_.size() + 1;
    const bool blank = line_.empty();
    line_.clear();
    return blank ? done() : state_;
}

std::string sha256_hex(std::string_view bytes) {
    const auto d = hb::sha256(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
    return hb::to_hex(d);
}

Result<BodyRule> BodyRule::make(const std::string& regex, const std::string& digest) {
    BodyRule r;
    if (!digest.empty()) {
        auto d = parse_digest(digest);
        if (!d) return std::move(d).error();
        r.digest_ = *d;
    }
    if (regex.empty()) return r;
    if (auto why = config::regex_limit_error(regex)) return make_error(ErrorCode::Config, "bad body regex: " + *why);
    auto* re = new regex_t;
    const int rc = regcomp(re, regex.c_str(), REG_EXTENDED | REG_NOSUB);
    if (rc != 0) {
        char buf[128];
        regerror(rc, re, buf, sizeof buf);
        delete re;
        return make_error(ErrorCode::Config, std::string("bad body regex: ") + buf);
    }
    r.regex_ = std::shared_ptr<void>(re, [](void* p) {
        regfree(static_cast<regex_t*>(p));
        delete static_cast<regex_t*>(p);
    });
    return r;
}

bool BodyRule::matches(const std::string& body) const {
    if (regex_) {
        regmatch_t whole{0, static_cast<regoff_t>(body.size())};  // REG_STARTEND: NULs in the body are bytes
        if (regexec(static_cast<const regex_t*>(regex_.get()), body.c_str(), 1, &whole, REG_STARTEND) != 0)
            return false;
    }
    return digest_.empty() || sha256_hex(body) == digest_;
}

std::string build_request(const HttpSpec& spec, std::string_view path) {
    std::string r = spec.method + " " + std::string(path) + " HTTP/1.1\r\nHost: " + spec.host +
                    "\r\nUser-Agent: lvs-nanny\r\nAccept: */*\r\nConnection: close\r\n";
    for (const auto& h : spec.headers) r += h + "\r\n";
    return r + "\r\n";
}

std::string default_host(std::string_view address, bool v6, std::uint16_t port, bool tls) {
    std::string h = v6 ? "[" + std::string(address) + "]" : std::string(address);
    if (port != (tls ? 443 : 80)) h += ":" + std::to_string(port);
    return h;
}

std::optional<std::string> redirect_path(std::string_view location, std::string_view host, std::string_view address,
                                         std::uint16_t port, bool tls) {
    location = trim(location);
    if (location.starts_with("/") && !location.starts_with("//"))
        return config::is_http_word(location) ? std::optional<std::string>(location) : std::nullopt;
    const std::string_view scheme = tls ? "https://" : "http://";
    if (location.size() < scheme.size() || !iequals(location.substr(0, scheme.size()), scheme)) return std::nullopt;
    location.remove_prefix(scheme.size());
    const auto slash = location.find('/');
    const std::string_view authority = location.substr(0, slash);
    const std::string path = slash == std::string_view::npos ? "/" : std::string(location.substr(slash));
    if (!config::is_http_word(path)) return std::nullopt;
    const std::uint16_t dflt = tls ? 443 : 80;
    const std::string got = with_port(authority, dflt);
    const std::string addr_port =
        (address.find(':') != std::string_view::npos ? "[" + std::string(address) + "]" : std::string(address)) + ":" +
        std::to_string(port);
    if (iequals(got, with_port(host, dflt)) || iequals(got, addr_port)) return path;
    return std::nullopt;
}

}  // namespace lvs::nanny::http
