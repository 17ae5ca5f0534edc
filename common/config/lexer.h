// SPDX-License-Identifier: GPL-2.0-or-later
// lvs.cf lexer: lines of blank-separated tokens with line:col (Piranha
// grammar, spec §2.1), with the §11.1 fixes: CRLF is a line end, blanks
// after a closing quote are allowed, single quotes are stripped like double.
#pragma once

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
    std::vector<Token> tokens;  // never empty
};

// Splits `text` into non-blank, non-comment lines. A line with a lexical
// error (bad quote, control character) is reported and dropped.
std::vector<TokenLine> lex(std::string_view text, const std::string& file, Diagnostics& diags);

}  // namespace lvs::config
