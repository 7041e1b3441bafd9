// heap_counter.h: counts the heap blocks and bytes of a test or benchmark binary that links it
// (it replaces the global operator new and delete).
//
// Bytes are counted only between StartCountingBytes() and StopCountingBytes() (counting costs
// a malloc_usable_size call per allocation); allocations are always counted. Objects' nodes
// that the node pool (proto/object_runtime/node_pool.h) serves count too: those the calling
// thread makes and drops, by their size class.
#ifndef PAYSIM_TOOLS_OBJGEN_HEAP_COUNTER_H_
#define PAYSIM_TOOLS_OBJGEN_HEAP_COUNTER_H_

namespace paysim {
namespace objgen {

// Allocations through operator new so far.
long HeapAllocations();

// Whether this binary's operator new is the counting one (not under a sanitizer that
// replaces operator new itself, as ASan does).
bool HeapCountingWorks();

// Bytes of the blocks allocated and not freed while counting, as glibc's malloc accounts them
// (malloc_usable_size plus its 8-byte header per block). mallinfo2() counts the same, but also
// the blocks parked in malloc's thread cache, so it cannot see a few hundred bytes.
long HeapBytesInUse();
void StartCountingBytes();
void StopCountingBytes();

}  // namespace objgen
}  // namespace paysim

#endif  // PAYSIM_TOOLS_OBJGEN_HEAP_COUNTER_H_
