// SPDX-License-Identifier: GPL-2.0-or-later
// Captures what a call writes to stderr, for a test to assert on: file
// descriptor 2 (so stdio, getopt and the logger alike) goes to a temporary
// file from construction until text() or destruction, then back to what it
// was, so the tests after it keep their stderr. If the capture cannot be
// set up, stderr is left alone and text() is empty.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <string>

namespace lvs::testing {

class StderrCapture {
public:
    StderrCapture() : file_(std::tmpfile()) {
        std::fflush(stderr);
        if (file_ && (saved_ = ::dup(2)) >= 0 && ::dup2(::fileno(file_), 2) < 0) {
            ::close(saved_);
            saved_ = -1;
        }
    }
    ~StderrCapture() {
        restore();
        if (file_) std::fclose(file_);
    }
    StderrCapture(const StderrCapture&) = delete;
    StderrCapture& operator=(const StderrCapture&) = delete;

    // Ends the capture and returns everything written during it.
    std::string text() {
        restore();
        std::string out;
        if (!file_) return out;
        std::rewind(file_);
        char buf[4096];
        for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, file_)) > 0;) out.append(buf, n);
        return out;
    }

private:
    void restore() {
        if (saved_ < 0) return;
        std::fflush(stderr);
        ::dup2(saved_, 2);
        ::close(saved_);
        saved_ = -1;
    }

    std::FILE* file_;
    int saved_ = -1;
};

}  // namespace lvs::testing
