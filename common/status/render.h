// SPDX-License-Identifier: GPL-2.0-or-later
// Pure renderers of a status snapshot: lvsctl's table and JSON, and the
// Prometheus text exposition (the check verdict is in check.h).
#pragma once

#include <string>
#include <vector>

#include "common/status/check.h"
#include "common/status/snapshot.h"

namespace lvs::status {

std::string render_table(const Snapshot& s);
// Schema "lvsctl-status/1", documented in lvsctl(8).
std::string render_json(const Snapshot& s);
// Prometheus text format 0.0.4. `extra` is appended as is (the exporter's
// own counters).
std::string render_metrics(const Snapshot& s, const std::string& extra = {});

// Quoting for the two formats; bytes outside printable ASCII are escaped,
// so hostile names from lvs.cf can never break the output.
std::string json_string(const std::string& s);
std::string prom_label(const std::string& s);
std::string printable(const std::string& s);  // for the table: '?' for control bytes

}  // namespace lvs::status
