// audit.h: AuditEngine, the whole-world consistency check that the randomized simulator
// (simulator.h) runs at the end of each epoch, for any test that drives an Engine its own way
// (the concurrency test, the wire fuzzer, users' own stress tests).
//
// Thread safety: reads the engine through its public, thread-safe API, but the audit reads
// many pages: run it when no other thread is using the engine, or its answer may mix states.
#ifndef PAYSIM_TESTING_AUDIT_H_
#define PAYSIM_TESTING_AUDIT_H_

#include "absl/status/status.h"
#include "engine/engine.h"

namespace paysim {
namespace testing {

// AuditEngine()
//
// Checks the whole world through the public API, in O(objects): every charge's captured,
// released and refunded amounts against its refunds; every balance transaction against its
// source; the balance against the sum of the transactions; event ids unique and events in
// time order. OK, or kInternal naming the first broken invariant.
absl::Status AuditEngine(Engine& engine);

}  // namespace testing
}  // namespace paysim

#endif  // PAYSIM_TESTING_AUDIT_H_
