#include "cli/huge_page_heap.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace paysim {
namespace cli {
namespace {

constexpr char kTunable[] = "glibc.malloc.hugetlb";

std::string Tunables() {
  const char* value = std::getenv("GLIBC_TUNABLES");
  return value == nullptr ? "" : value;
}

bool KernelRefusesHugePages() {
  std::ifstream file("/sys/kernel/mm/transparent_hugepage/enabled");
  if (!file) return true;  // no transparent huge pages at all
  std::stringstream text;
  text << file.rdbuf();
  return absl::StrContains(text.str(), "[never]");
}

}  // namespace

void ReexecWithHugePageHeap(char** argv) {
#ifdef __GLIBC__
  const std::string tunables = Tunables();
  if (absl::StrContains(tunables, kTunable) || KernelRefusesHugePages()) return;
  const std::string value =
      tunables.empty() ? absl::StrCat(kTunable, "=1") : absl::StrCat(tunables, ":", kTunable, "=1");
  if (setenv("GLIBC_TUNABLES", value.c_str(), 1) != 0) return;
  execv("/proc/self/exe", argv);
  // exec failed: run on as before, with the environment as it was.
  if (tunables.empty()) {
    unsetenv("GLIBC_TUNABLES");
  } else {
    setenv("GLIBC_TUNABLES", tunables.c_str(), 1);
  }
#else
  (void)argv;
#endif
}

std::string HeapDescription() {
  const std::string tunables = Tunables();
  if (absl::StrContains(tunables, absl::StrCat(kTunable, "=1")) && !KernelRefusesHugePages()) {
    return absl::StrCat("transparent huge pages (", kTunable, "=1)");
  }
  return "4 KiB pages";
}

}  // namespace cli
}  // namespace paysim
