#include "tools/objgen/code_printer.h"

#include <cstdio>
#include <cstdlib>

namespace paysim {
namespace objgen {

void CodePrinter::Print(const Vars& vars, const std::string& text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      text_.push_back('\n');
      at_line_start_ = true;
      continue;
    }
    if (at_line_start_) {
      text_.append(indent_, ' ');
      at_line_start_ = false;
    }
    if (c != '$') {
      text_.push_back(c);
      continue;
    }
    const size_t end = text.find('$', i + 1);
    if (end == std::string::npos) {
      std::fprintf(stderr, "objgen: unmatched $ in template: %s\n", text.c_str());
      std::abort();
    }
    const std::string name = text.substr(i + 1, end - i - 1);
    if (name.empty()) {
      text_.push_back('$');
    } else {
      auto it = vars.find(name);
      if (it == vars.end()) {
        std::fprintf(stderr, "objgen: no variable $%s$ for template: %s\n", name.c_str(),
                     text.c_str());
        std::abort();
      }
      text_.append(it->second);
    }
    i = end;
  }
}

}  // namespace objgen
}  // namespace paysim
