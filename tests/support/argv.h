// SPDX-License-Identifier: GPL-2.0-or-later
// A command line for the option parsers under test: the words live as long
// as the Argv, and argv() is the char** main() would get.
#pragma once

#include <string>
#include <vector>

namespace lvs::testing {

class Argv {
public:
    Argv(std::initializer_list<std::string> words) : words_(words) {
        for (auto& w : words_) ptrs_.push_back(w.data());
        ptrs_.push_back(nullptr);
    }
    Argv(const Argv&) = delete;  // argv() points into this object's words
    Argv& operator=(const Argv&) = delete;
    int argc() const { return static_cast<int>(words_.size()); }
    char** argv() { return ptrs_.data(); }

private:
    std::vector<std::string> words_;
    std::vector<char*> ptrs_;
};

}  // namespace lvs::testing
