// SPDX-License-Identifier: GPL-2.0-or-later
// The IPVS golden writer: writes every request of the golden table
// (tests/support/ipvs_golden_cases.h) as DIR/NN-name.hex. Run by
// `make golden-update` (tests/golden/update.sh); the codec test only reads
// the files, so a golden changes only through this command and a reviewed
// diff. Usage: ipvs_golden DIR
#include <cstdio>
#include <string>

#include "tests/support/ipvs_golden_cases.h"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fputs("usage: ipvs_golden DIR\n", stderr);
        return 2;
    }
    int rc = 0;
    for (const auto& c : lvs::ipvs::golden::cases()) {
        const std::string path = std::string(argv[1]) + "/" + c.file;
        const std::string text = lvs::ipvs::golden::hex(c.bytes);
        std::FILE* f = std::fopen(path.c_str(), "wb");
        const bool ok = f && std::fwrite(text.data(), 1, text.size(), f) == text.size();
        if (!f || std::fclose(f) != 0 || !ok) {
            std::perror(path.c_str());
            rc = 1;
        }
    }
    return rc;
}
