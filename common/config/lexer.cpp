// SPDX-License-Identifier: GPL-2.0-or-later
// lvs.cf lexer.
#include "common/config/lexer.h"

#include <algorithm>
#include <cstdio>

namespace lvs::config {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

struct LineLexer {
    std::string_view s;
    int line;
    const std::string& file;
    Diagnostics& diags;

    void error(int col, std::string msg) {
        diags.push_back({Severity::Error, file, {line, col}, std::move(msg)});
    }

    // Returns false (after reporting) if the line is lexically broken.
    bool run(std::vector<Token>& out) {
        std::size_t i = 0;
        while (i < s.size()) {
            while (i < s.size() && is_blank(s[i])) ++i;
            if (i >= s.size()) break;
            const int col = static_cast<int>(i) + 1;
            const char c = s[i];
            if (c == '"' || c == '\'') {
                const std::size_t close = s.find(c, i + 1);
                if (close == std::string_view::npos) {
                    error(col, std::string("quotation mismatch: no closing ") + c);
                    return false;
                }
                if (close + 1 < s.size() && !is_blank(s[close + 1])) {
                    error(static_cast<int>(close) + 2,
                          std::string("quotation mismatch: text after closing ") + c);
                    return false;
                }
                out.push_back({std::string(s.substr(i + 1, close - i - 1)), {line, col}, true});
                i = close + 1;
                continue;
            }
            std::size_t j = i;
            while (j < s.size() && !is_blank(s[j])) ++j;
            out.push_back({std::string(s.substr(i, j - i)), {line, col}, false});
            i = j;
        }
        return true;
    }
};

// Reports the first control character (other than tab) of a line.
bool check_chars(std::string_view s, int line, const std::string& file, Diagnostics& diags) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto u = static_cast<unsigned char>(s[i]);
        if ((u < 0x20 && u != '\t') || u == 0x7f) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "invalid character 0x%02x", u);
            diags.push_back({Severity::Error, file, {line, static_cast<int>(i) + 1}, buf});
            return false;
        }
    }
    return true;
}

}  // namespace

Lexed lex(std::string_view text, const std::string& file, Diagnostics& diags) {
    Lexed out;
    struct Span {
        int line;
        std::size_t first, count;
    };
    std::vector<Span> spans;
    const auto newlines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    spans.reserve(newlines);
    out.tokens.reserve(3 * newlines);  // "key = value" per line, mostly
    int line_no = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view s = text.substr(pos, end - pos);
        pos = end + 1;
        ++line_no;
        // CRLF ends a line (Piranha ended a line at the next CR, so it read
        // only the first line of a DOS file).
        if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
        std::size_t first = 0;
        while (first < s.size() && is_blank(s[first])) ++first;
        if (first == s.size() || s[first] == '#') continue;
        if (!check_chars(s, line_no, file, diags)) continue;
        const std::size_t before = out.tokens.size();
        LineLexer lx{s, line_no, file, diags};
        if (lx.run(out.tokens) && out.tokens.size() > before)
            spans.push_back({line_no, before, out.tokens.size() - before});
        else
            out.tokens.resize(before);  // a broken line leaves nothing behind
    }
    // The array no longer grows: the views can point into it now.
    out.lines.reserve(spans.size());
    for (const auto& sp : spans)
        out.lines.push_back({sp.line, std::span<const Token>(out.tokens.data() + sp.first, sp.count)});
    return out;
}

}  // namespace lvs::config
