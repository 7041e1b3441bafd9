// huge_page_heap.h: backing glibc's heap with transparent huge pages, for paysim's own
// programs (`paysim`, the benchmarks).
//
// paysim keeps every object, version and event in memory, so a long run (a server, a
// benchmark) keeps growing its heap, and each new 4 KiB page costs a page fault when first
// touched. On virtual machines those faults dominate: measured on the CI machine, they were
// about 40% of BM_ChargeLifecycle's time. glibc (2.35 and later) can ask the kernel for
// transparent huge pages for its heap (the tunable glibc.malloc.hugetlb=1), which turns about
// 500 faults into one. Tunables are read only when a program starts, so the program re-executes
// itself once with the tunable set.
//
// Embedding the engine in your own tests: set the same variable for them if you like
// (`GLIBC_TUNABLES=glibc.malloc.hugetlb=1`, e.g. `bazel test --test_env=...`); nothing in the
// engine depends on it.
#ifndef PAYSIM_CLI_HUGE_PAGE_HEAP_H_
#define PAYSIM_CLI_HUGE_PAGE_HEAP_H_

#include <string>

namespace paysim {
namespace cli {

// Re-executes the running program (/proc/self/exe, the same argv and pid) with
// glibc.malloc.hugetlb=1 added to GLIBC_TUNABLES, unless GLIBC_TUNABLES already names
// glibc.malloc.hugetlb (set it to 0 to opt out), the kernel has transparent huge pages set to
// "never", or the C library is not glibc. Returns only when it did not re-execute (including
// when exec fails: the program then runs as it would have).
// Call it first thing in main(), before any thread starts. Not thread-safe.
void ReexecWithHugePageHeap(char** argv);

// What the heap is running with, for reports: "transparent huge pages (glibc.malloc.hugetlb=1)"
// or "4 KiB pages".
std::string HeapDescription();

}  // namespace cli
}  // namespace paysim

#endif  // PAYSIM_CLI_HUGE_PAGE_HEAP_H_
