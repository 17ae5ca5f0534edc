// SPDX-License-Identifier: GPL-2.0-or-later
// nanny, pure core of the HTTP check: the response parser (status line,
// headers, Content-Length, chunked transfer coding, or a body delimited by
// the close), the accepted status codes, and the body rule (regular
// expression, SHA-256 digest). Everything is bounded: a response that goes
// beyond a bound is Bad (headers) or cut (body), never a crash or an
// unbounded allocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/result.h"
#include "common/config/http_rules.h"

namespace lvs::nanny::http {

inline constexpr std::size_t kMaxHeaderBytes = 16384;  // status line and headers together
inline constexpr std::size_t kMaxHeaders = 100;
inline constexpr std::size_t kMaxChunkLine = 1024;      // a chunk-size line, with its extensions
inline constexpr std::size_t kMaxInterim = 8;           // 1xx responses before the final one
inline constexpr std::size_t kDefaultMaxBody = 65536;

// Why a response is Bad: a short, stable text for a log line.
enum class Defect : std::uint8_t {
    None, StatusLine, HeaderLine, HeadersTooLong, TooManyHeaders, ContentLength, ChunkSize, ChunkEnd,
    TooManyInterim, Truncated,
};
const char* to_string(Defect d);

class ResponseParser {
public:
    enum class State : std::uint8_t { NeedMore, Done, Bad };

    // `max_body`: bytes of body kept; the rest is counted in discarded()
    // and the response is Done at the cap. `no_body`: the request was HEAD.
    explicit ResponseParser(std::size_t max_body = kDefaultMaxBody, bool no_body = false)
        : max_body_(max_body), no_body_(no_body) {}

    // Bytes as they arrive, in any split. Returns the state after them;
    // bytes after Done or Bad are counted in discarded().
    State feed(std::string_view bytes);
    // The peer closed: ends a close-delimited body; anything else not yet
    // complete is Bad (Truncated).
    State eof();

    State state() const { return state_; }
    Defect defect() const { return defect_; }
    int status() const { return status_; }
    const std::string& body() const { return body_; }
    bool body_cut() const { return cut_; }            // longer than max_body
    std::uint64_t discarded() const { return discarded_; }
    // The first header of that name (case-insensitive), value trimmed.
    std::optional<std::string_view> header(std::string_view name) const;

private:
    enum class Phase : std::uint8_t { Head, Length, ChunkLine, ChunkData, ChunkCrlf, Trailer, Close };

    State fail(Defect d);
    State done();
    bool take_line(std::string_view& in, std::size_t limit, std::string& line, bool& too_long);
    State feed_head(std::string_view& in);
    State head_line(std::string_view line);
    State start_body();
    State feed_chunk_line(std::string_view& in);
    State feed_trailer(std::string_view& in);
    void keep(std::string_view bytes);

    std::size_t max_body_;
    bool no_body_;
    State state_ = State::NeedMore;
    Defect defect_ = Defect::None;
    Phase phase_ = Phase::Head;
    std::string line_;          // a partial line
    std::string headers_;       // "name:value\n" per header, names lower-cased
    std::size_t head_bytes_ = 0;
    std::size_t header_count_ = 0;
    std::size_t interim_ = 0;
    bool status_seen_ = false;
    int status_ = 0;
    std::uint64_t remaining_ = 0;  // of the Content-Length or the current chunk
    std::string body_;
    bool cut_ = false;
    std::uint64_t discarded_ = 0;
};

using config::parse_digest;
using config::StatusSet;
std::string sha256_hex(std::string_view bytes);

// What the body must satisfy: a POSIX extended regular expression and/or
// a SHA-256 digest; with neither, any body.
class BodyRule {
public:
    static Result<BodyRule> make(const std::string& regex, const std::string& digest);
    bool matches(const std::string& body) const;
    bool empty() const { return !regex_ && digest_.empty(); }

private:
    std::shared_ptr<void> regex_;  // regex_t, freed by its deleter
    std::string digest_;
};

// What the HTTP check asks and accepts.
struct HttpSpec {
    bool on = false;
    std::string method = "GET";
    std::string path = "/";
    std::string host;                  // the Host header (filled in: never empty when on)
    std::vector<std::string> headers;  // "Name: value"
    StatusSet status = StatusSet::default_set();
    BodyRule body;
    std::size_t max_body = kDefaultMaxBody;
    int redirects = 0;                 // 3xx followed on this server, at most
};

// "METHOD PATH HTTP/1.1", Host, the extra headers and Connection: close.
std::string build_request(const HttpSpec& spec, std::string_view path);
// The Host header of a server: its address (bracketed for IPv6), with the
// port unless it is the scheme's (80, or 443 with TLS).
std::string default_host(std::string_view address, bool v6, std::uint16_t port, bool tls);
// The path a redirect leads to on this server: a Location that is a path,
// or an absolute URL whose host is `host` (or `address`) on this port and
// scheme. Nothing for a redirect elsewhere.
std::optional<std::string> redirect_path(std::string_view location, std::string_view host, std::string_view address,
                                         std::uint16_t port, bool tls);

}  // namespace lvs::nanny::http
