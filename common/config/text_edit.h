// SPDX-License-Identifier: GPL-2.0-or-later
// A text-preserving lvs.cf editor (lvsweb's pages): edits (set or remove a
// key of the global scope, of a virtual/failover block or of a server
// block; add or remove a virtual or a server) applied to the file's text
// keep every comment, blank line and untouched line as it was. A changed
// key keeps its line, indentation and "key = " spelling; a new key goes at
// the end of its block with the block's indentation. The result is then
// parsed and validated as the daemons do. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/config/diagnostic.h"
#include "common/config/parser.h"

namespace lvs::config {

// Where a key lives: virt "" is the global scope; server "" the virtual
// (or failover) block itself.
struct KeyPath {
    std::string virt;
    std::string server;
    std::string key;
    bool operator==(const KeyPath&) const = default;
};

struct Edit {
    enum class Op : std::uint8_t { SetKey, RemoveKey, AddVirtual, RemoveVirtual, AddServer, RemoveServer };
    Op op = Op::SetKey;
    KeyPath at;         // Add/RemoveVirtual: at.virt; Add/RemoveServer: at.virt and at.server
    std::string value;  // SetKey: the text after '=' as written in lvs.cf ("1", "\"GET / HTTP/1.0\"");
                        // AddVirtual: "failover" for a failover block
};

// Limits on what an edit may write: one line, printable, no block syntax.
inline constexpr std::size_t kMaxEditValue = 4096;
inline constexpr std::size_t kMaxBlockName = 64;

// One key line of the file as it is: its value is the text after '='.
struct KeyValue {
    std::string key;
    std::string value;
    int line = 0;  // 1-based
};
struct BlockView {
    std::string name;
    bool failover = false;
    int line = 0;        // the opening line, 1-based
    int close_line = 0;  // its '}', 0 when the block is not closed
    std::vector<KeyValue> keys;
    std::vector<BlockView> servers;
};
// The file's structure as written (what the pages show). Tolerant: a
// broken line is skipped, an unclosed block ends at the end of the file.
struct FileView {
    std::vector<KeyValue> globals;
    std::vector<BlockView> virtuals;  // virtual and failover blocks, in file order
    // The value of `p` as written ("" and false when the key is absent;
    // the last line wins, as in the parser).
    bool value(const KeyPath& p, std::string& out) const;
    const BlockView* find_virtual(std::string_view name) const;
};
FileView view_config(std::string_view text);

// A diagnostic and the key (or block) it belongs to, so that a page can
// show it next to its field; path.key "" for a block or the whole file.
struct FieldDiagnostic {
    Diagnostic diag;
    KeyPath path;
};

enum class EditOutcome : std::uint8_t {
    Valid,     // `text` parses and validates (warnings may remain)
    Invalid,   // `text` is the edited text, which does not validate
    Refused,   // an edit itself was refused (hostile value, no such block): `text` is the input
};
const char* to_string(EditOutcome o);

struct EditResult {
    EditOutcome outcome = EditOutcome::Refused;
    std::string text;
    std::vector<FieldDiagnostic> diagnostics;
};

// Applies `edits` in order to `text`, then parses and validates the result
// (diagnostics name `file`).
EditResult edit_config(std::string_view text, const std::vector<Edit>& edits, const std::string& file,
                       const ParseOptions& opts);

// Only the text step (no validation): the new text, or the refusal.
Result<std::string> apply_edits(std::string_view text, const std::vector<Edit>& edits);

// "" if `value` may be written as key `key` of that scope, else why not.
std::string value_problem(const KeyPath& at, std::string_view value);

// The key a diagnostic at `line` of `text` belongs to.
KeyPath path_at_line(const FileView& v, int line);

}  // namespace lvs::config
