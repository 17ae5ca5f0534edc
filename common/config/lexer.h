// SPDX-License-Identifier: GPL-2.0-or-later
// lvs.cf lexer: lines of blank-separated tokens with line:col (Piranha's
// grammar), where we deviate from Piranha's quirks: CRLF is a line end
// (Piranha read only the first line of a DOS file), blanks after a closing
// quote are allowed (Piranha: "quotation mismatch"), and single quotes are
// stripped like double (Piranha passed them on into the probe string).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/config/diagnostic.h"

namespace lvs::config {

struct Token {
    std::string text;   // without surrounding quotes
    Location loc;       // of the first character (the quote, if quoted)
    bool quoted = false;
};

struct TokenLine {
    int line = 0;
    std::span<const Token> tokens;  // never empty; points into Lexed::tokens
};

// Every token of a file in one array (one allocation, not one per line),
// and the lines as views into it. Movable, not copyable: the views follow
// the array's storage.
struct Lexed {
    Lexed() = default;
    Lexed(Lexed&&) = default;
    Lexed& operator=(Lexed&&) = default;
    Lexed(const Lexed&) = delete;
    Lexed& operator=(const Lexed&) = delete;
    std::vector<Token> tokens;
    std::vector<TokenLine> lines;
};

// Splits `text` into non-blank, non-comment lines. A line with a lexical
// error (bad quote, control character) is reported and dropped.
Lexed lex(std::string_view text, const std::string& file, Diagnostics& diags);

}  // namespace lvs::config
