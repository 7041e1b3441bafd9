// code_printer.h: text output for objgen, with `$var$` substitution and indentation.
//
// Example:
//   CodePrinter p;
//   p.Print({{"name", "id"}}, "const std::string& $name$() const;\n");
//
// Not thread-safe.
#ifndef PAYSIM_TOOLS_OBJGEN_CODE_PRINTER_H_
#define PAYSIM_TOOLS_OBJGEN_CODE_PRINTER_H_

#include <map>
#include <string>

namespace paysim {
namespace objgen {

using Vars = std::map<std::string, std::string>;

class CodePrinter {
 public:
  // Appends `text` with each `$name$` replaced by vars.at(name) ("$$" writes "$"), every
  // non-empty line indented by the current indentation. REQUIRES: every name is in `vars`
  // (an unknown name aborts: it is a bug of objgen).
  void Print(const Vars& vars, const std::string& text);
  void Print(const std::string& text) { Print(Vars(), text); }

  void Indent() { indent_ += 2; }
  void Outdent() { indent_ -= 2; }

  const std::string& text() const { return text_; }

 private:
  std::string text_;
  int indent_ = 0;
  bool at_line_start_ = true;
};

}  // namespace objgen
}  // namespace paysim

#endif  // PAYSIM_TOOLS_OBJGEN_CODE_PRINTER_H_
