// SPDX-License-Identifier: GPL-2.0-or-later
// lvsweb's lvs.cf pages: the global settings and redundancy page (with the
// list of virtual servers, Add, Apply, Undo) and one page per virtual
// server (its keys, its real servers, add and remove). The fields come
// from the keyword table (common/config/keywords.h), each with its
// <label>; an error is shown next to its field and, as FILE:LINE:COL, at
// the top. Pure.
#pragma once

#include <string>
#include <vector>

#include "common/config/text_edit.h"
#include "common/http/form.h"

namespace lvs::web {

struct ConfigView {
    const config::FileView* file = nullptr;  // null: lvs.cf could not be read (`error`)
    std::string path;                        // lvs.cf's path, shown
    std::string csrf;
    std::string notice;
    std::string error;
    std::vector<config::FieldDiagnostic> diagnostics;
    // A refused form's fields, shown again in the form they came from.
    const http::Fields* submitted = nullptr;
};

std::string config_page(const ConfigView& v);
// `name` not in the file: a page that says so, with a link back.
std::string virtual_page(const ConfigView& v, const std::string& name);

// The page a form's block lives on: "/config" or "/config/virtual/NAME".
std::string page_of(const std::string& virt);

}  // namespace lvs::web
