// interned.h (internal): the engine's constant strings as immortal, shared string nodes.
//
// An object's string field holds a counted node (proto/object_runtime/string_field.h); setting
// one from a constant ("charge", "succeeded", "usd", a test card's brand) would allocate a node
// per object and version. Interned() hands out one immortal node per distinct text instead, so
// constants cost neither an allocation nor memory per object:
//
//   charge.set_object(PAYSIM_INTERNED("charge"));   // a literal: looked up once per call site
//   details.set_brand(Interned(card.brand));         // a catalog field: static storage
//
// Interned(text) expects `text` in static storage (a literal, the card catalog, a table of
// names): its address is the key of a per-thread cache in front of one process-wide table. A
// cached node is checked against the text, so text elsewhere (a request's validated enum
// value) still gets its own node, at the cost of a table lookup when its address was seen
// with other text.
// InternedCopy(text) takes any text whose value recurs (a card's fingerprint): it looks the
// content up in a per-thread cache by content, then the process-wide table. Both return the
// same node for the same content.
// The table only grows: intern constants, never user input.
// InternedDecimal(n) is n's decimal text as a node of its own for the small counts that recur
// (0-999: a line's quantity_decimal), else nullptr.
//
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_INTERNAL_INTERNED_H_
#define PAYSIM_ENGINE_INTERNAL_INTERNED_H_

#include <cstdint>

#include "absl/strings/string_view.h"
#include "proto/object_runtime/string_field.h"

namespace paysim {
namespace internal {

const obj::InternedString& Interned(absl::string_view static_text);
const obj::InternedString& InternedCopy(absl::string_view text);
const obj::InternedString* InternedDecimal(int64_t n);

}  // namespace internal
}  // namespace paysim

// PAYSIM_INTERNED("literal"): Interned() of a string literal, looked up on the first call
// through this call site only (a function-local static); later calls cost a guard check.
#define PAYSIM_INTERNED(literal)                                   \
  ([]() -> const ::paysim::obj::InternedString& {                  \
    static const ::paysim::obj::InternedString& paysim_interned =  \
        ::paysim::internal::Interned(literal);                     \
    return paysim_interned;                                        \
  }())

#endif  // PAYSIM_ENGINE_INTERNAL_INTERNED_H_
