// SPDX-License-Identifier: GPL-2.0-or-later
// lvs.cf validation of the check keys: check = tcp | http | dns, the http_*
// and dns_* keys, and TLS (tls, tls_*).
#include <regex.h>
#include <unistd.h>

#include <utility>

#include "common/config/http_rules.h"
#include "common/config/regex_limits.h"
#include "common/config/validate.h"
#include "common/net/dns_message.h"

namespace lvs::config {
namespace {

class CheckValidator {
public:
    CheckValidator(const VirtualServer& vs, const std::string& file, Diagnostics& out)
        : vs_(vs), file_(file), out_(out) {}

    void run() {
        scope();
        if (vs_.check == CheckKind::Http) http();
        if (vs_.check == CheckKind::Dns) dns();
        if (vs_.tls) tls();
    }

private:
    Location at(const char* key) const {
        const Location* l = vs_.keys.find(key);
        return l ? *l : vs_.loc;
    }
    void err(const char* key, std::string m) { out_.push_back({Severity::Error, file_, at(key), std::move(m)}); }

    // Keys that mean nothing without the check they belong to.
    void scope() {
        static const char* const kHttp[] = {"http_method", "http_path", "http_host", "http_headers", "http_status",
                                            "http_body", "http_digest", "http_max_body", "http_redirects"};
        static const char* const kTls[] = {"tls_sni", "tls_ca", "tls_verify_name", "tls_cert", "tls_key",
                                           "tls_min_version", "tls_expiry_warn_days", "tls_expiry_fails"};
        static const char* const kDns[] = {"dns_name", "dns_type", "dns_answer", "dns_rd"};
        if (vs_.check != CheckKind::Http)
            for (const char* k : kHttp)
                if (vs_.keys.count(k)) err(k, std::string(k) + " needs check = http");
        if (vs_.check != CheckKind::Dns)
            for (const char* k : kDns)
                if (vs_.keys.count(k)) err(k, std::string(k) + " needs check = dns");
        if (!vs_.tls)
            for (const char* k : kTls)
                if (vs_.keys.count(k)) err(k, std::string(k) + " needs tls = 1");
        const bool tcp = vs_.protocol == Protocol::Tcp && !vs_.send_program;
        if (vs_.check == CheckKind::Http && !tcp)
            err("check", "check = http needs protocol = tcp and no send_program");
        if (vs_.tls && (!tcp || vs_.check == CheckKind::Dns))
            err("tls", "tls = 1 needs a TCP check (protocol = tcp, check = tcp or http, no send_program)");
        if (vs_.check == CheckKind::Http && (vs_.send || vs_.expect))
            err(vs_.send ? "send" : "expect", "send and expect belong to check = tcp (check = http builds the request)");
    }

    void http() {
        if (!is_http_token(vs_.http_method)) err("http_method", "http_method must be a method name such as GET");
        if (vs_.http_path.empty() || vs_.http_path[0] != '/' || !is_http_word(vs_.http_path))
            err("http_path", "http_path must start with / and hold no spaces or control characters");
        if (vs_.http_host && !is_http_word(*vs_.http_host))
            err("http_host", "http_host must hold no spaces or control characters");
        for (const auto& h : vs_.http_headers) {
            const auto colon = h.find(':');
            bool ok = colon != std::string::npos && is_http_token(std::string_view(h).substr(0, colon));
            for (char c : h) ok = ok && c != '\r' && c != '\n' && c != '\0';
            if (!ok) err("http_headers", "http_headers: " + quoted(h) + " is not \"Name: value\"");
        }
        if (auto s = StatusSet::parse(vs_.http_status); !s.ok()) err("http_status", "http_status: " + s.error().context);
        if (vs_.http_body) body_regex(*vs_.http_body);
        if (vs_.http_digest && !parse_digest(*vs_.http_digest).ok())
            err("http_digest", "http_digest must be 64 hex digits (the body's SHA-256, as nanny --digest prints it)");
        if (vs_.http_max_body < 1 || vs_.http_max_body > (16 << 20))
            err("http_max_body", "http_max_body must be 1-16777216 bytes");
        if (vs_.http_redirects < 0 || vs_.http_redirects > 10) err("http_redirects", "http_redirects must be 0-10");
    }

    // One question over UDP: the send/expect keys mean nothing to it.
    void dns() {
        for (const char* k : {"send", "expect", "send_program"})
            if (vs_.keys.count(k)) err(k, std::string(k) + " is not used by check = dns");
        if (!vs_.dns_name) return err("check", "check = dns needs dns_name");
        if (auto why = net::dns::name_error(*vs_.dns_name); !why.empty())
            err("dns_name", "dns_name: " + quoted(*vs_.dns_name) + " is not a DNS name (" + why + ")");
        const auto type = net::dns::parse_type(vs_.dns_type);
        if (!type) return err("dns_type", "dns_type: unknown type " + quoted(vs_.dns_type));
        if (!vs_.dns_answer || net::dns::AnswerRule::make(*type, *vs_.dns_answer)) return;
        const std::string name = net::dns::type_name(*type);
        if (*type == net::dns::kTypeA || *type == net::dns::kTypeAAAA)
            err("dns_answer", "dns_answer: " + quoted(*vs_.dns_answer) + " is not an IPv" + (name == "A" ? "4" : "6") +
                                  " address (dns_type " + name + ")");
        else if (net::dns::AnswerRule::make(*type, "a"))
            err("dns_answer", "dns_answer: " + quoted(*vs_.dns_answer) + " is not a DNS name (dns_type " + name + ")");
        else
            err("dns_answer", "dns_answer cannot be checked for dns_type " + name +
                                  " (only A, AAAA, CNAME, MX, NS, PTR, SOA, SRV and TXT)");
    }

    void body_regex(const std::string& text) {
        if (auto why = regex_limit_error(text)) return err("http_body", "http_body: " + *why);
        regex_t re;
        if (int rc = regcomp(&re, text.c_str(), REG_EXTENDED | REG_NOSUB); rc != 0) {
            char buf[128];
            regerror(rc, &re, buf, sizeof buf);
            return err("http_body", std::string("http_body: bad regular expression: ") + buf);
        }
        regfree(&re);
    }

    void tls() {
        using Key = std::pair<const char*, const std::optional<std::string>*>;
        const Key files[] = {{"tls_ca", &vs_.tls_ca}, {"tls_cert", &vs_.tls_cert}, {"tls_key", &vs_.tls_key}};
        for (const auto& [k, v] : files)
            if (*v && ::access((*v)->c_str(), R_OK) != 0) err(k, std::string(k) + ": cannot read " + quoted(**v));
        if (vs_.tls_cert.has_value() != vs_.tls_key.has_value())
            err(vs_.tls_cert ? "tls_cert" : "tls_key", "tls_cert and tls_key go together (the client certificate)");
        for (const auto& [k, v] : {Key{"tls_sni", &vs_.tls_sni}, Key{"tls_verify_name", &vs_.tls_verify_name}})
            if (*v && !is_http_word(**v)) err(k, std::string(k) + " must be a host name");
        if (vs_.tls_min_version != "1.2" && vs_.tls_min_version != "1.3")
            err("tls_min_version", "tls_min_version must be 1.2 or 1.3");
        if (vs_.tls_expiry_warn_days < 0 || vs_.tls_expiry_warn_days > 3650)
            err("tls_expiry_warn_days", "tls_expiry_warn_days must be 0-3650");
    }

    const VirtualServer& vs_;
    const std::string& file_;
    Diagnostics& out_;
};

}  // namespace

void validate_check_keys(const VirtualServer& vs, const std::string& file, Diagnostics& out) {
    CheckValidator(vs, file, out).run();
}

}  // namespace lvs::config
