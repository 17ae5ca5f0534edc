// SPDX-License-Identifier: GPL-2.0-or-later
// lvsweb's lvs.cf forms turned into edits (common/config/text_edit.h): the
// fields are "k.KEY" for each key of the keyword table in the form's scope,
// plus "do" (what the form does), "virt" and "server" (which block) and
// "name" (a block to add). A field equal to the file's value is no change;
// an emptied field removes its key. Pure.
#pragma once

#include <string>
#include <vector>

#include "common/config/text_diff.h"
#include "common/config/text_edit.h"
#include "common/http/form.h"

namespace lvs::web {

// One change as it is logged (common/config/text_diff.h).
using config::Change;
using config::change_text;

struct FormEdits {
    std::vector<config::Edit> edits;
    std::vector<Change> changes;
    std::string error;  // a malformed form (no such "do", a missing name): nothing to do
};

FormEdits form_edits(const http::Fields& form, const config::FileView& file);

// The form field of a key.
std::string key_field(const std::string& key);

// The keyword table's scope for a block path (global, virtual, server).
unsigned scope_of(const config::KeyPath& at);

}  // namespace lvs::web
