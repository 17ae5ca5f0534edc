// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: arbitrary bytes through lvsweb's request parsers (the
// form body and the Cookie header) and its HTML escaping. An accepted form
// has named, distinct fields, no NUL, at most kMaxFormFields; cookies are
// bounded; escaped text can open no tag and end no attribute.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>

#include "common/http/form.h"
#include "lvsweb/html.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    auto form = lvs::http::parse_form(text);
    if (form.ok()) {
        if (form->size() > lvs::http::kMaxFormFields) std::abort();
        std::set<std::string> names;
        for (const auto& [k, v] : *form) {
            if (k.empty() || !names.insert(k).second) std::abort();
            if (k.find('\0') != std::string::npos || v.find('\0') != std::string::npos) std::abort();
        }
    }
    const auto cookies = lvs::http::parse_cookies(text);
    if (cookies.size() > lvs::http::kMaxCookies) std::abort();
    for (const auto& [k, v] : cookies)
        if (k.empty() || k.find(';') != std::string::npos || v.find(';') != std::string::npos) std::abort();
    const std::string escaped = lvs::web::html(text);
    if (escaped.find_first_of("<>\"'") != std::string::npos) std::abort();
    return 0;
}
