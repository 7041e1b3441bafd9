// The main() of paysim's Google Benchmark programs: the heap on transparent huge pages (see
// cli/huge_page_heap.h; GLIBC_TUNABLES=glibc.malloc.hugetlb=0 measures without), which the
// report's context names, Abseil's lock-order checking off, then the benchmarks as
// BENCHMARK_MAIN() runs them.
#include "absl/synchronization/mutex.h"
#include "benchmark/benchmark.h"
#include "cli/huge_page_heap.h"

int main(int argc, char** argv) {
  paysim::cli::ReexecWithHugePageHeap(argv);
  // As `paysim serve` (cli/main.cc): Debian's Abseil is a debug build, whose absl::Mutex
  // records every acquisition in a process-wide lock graph to detect lock-order cycles. Tests
  // keep that check; benchmarks measure the engine without it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  benchmark::AddCustomContext("heap", paysim::cli::HeapDescription());
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
