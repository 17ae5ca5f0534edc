// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: arbitrary bytes through the lvs.cf lexer, parser,
// validator and printer. Anything that loads without errors must print to
// text that loads again without errors and prints the same.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/config/parser.h"
#include "common/config/writer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace lvs::config;
    static const ParseOptions opts = offline_parse_options();
    const std::string text(reinterpret_cast<const char*>(data), size);
    LoadedConfig first = load_config_text(text, "fuzz.cf", opts);
    for (const auto& d : first.diagnostics) (void)d.format();
    const std::string printed = print_config(first.config);
    if (!first.ok()) return 0;
    LoadedConfig second = load_config_text(printed, "printed.cf", opts);
    if (!second.ok()) std::abort();
    if (print_config(second.config) != printed) std::abort();
    if (print_config(second.config, PrintMode::All) != print_config(first.config, PrintMode::All))
        std::abort();
    return 0;
}
