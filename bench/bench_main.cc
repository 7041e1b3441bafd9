// The main() of paysim's Google Benchmark programs: the heap on transparent huge pages (see
// cli/huge_page_heap.h; GLIBC_TUNABLES=glibc.malloc.hugetlb=0 measures without), which the
// report's context names, then the benchmarks as BENCHMARK_MAIN() runs them.
#include "benchmark/benchmark.h"
#include "cli/huge_page_heap.h"

int main(int argc, char** argv) {
  paysim::cli::ReexecWithHugePageHeap(argv);
  benchmark::AddCustomContext("heap", paysim::cli::HeapDescription());
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
