// field_numbers.h: how a field's number decides whether and when it is rendered as Stripe's
// JSON. The same rules hold for every object, in both renderings (engine/json_render.h by
// reflection, the generated objects' writers) and in objgen, which reads them from here.
//
//   1-49       always rendered (null when an optional field is unset)
//   50-89      rendered only when set: fields Stripe includes only where they apply
//   90-99      rendered only when included: Stripe's fields "not included by default", which
//              a request's expand[] asks for
//   100-999    internal: paysim's bookkeeping, never rendered (nor accepted from the wire in
//              request params)
//   1000 and up  always rendered, as 1-49: the continuation for an object whose numbers below
//              50 are all taken (numbers are never reused, so that snapshots keep parsing)
//
// Keys are written in declaration order whatever the numbers, so a field numbered 1000 or more
// is declared at its alphabetical place among the others.
//
// Thread safety: constants and pure functions.
#ifndef PAYSIM_PROTO_OBJECT_RUNTIME_FIELD_NUMBERS_H_
#define PAYSIM_PROTO_OBJECT_RUNTIME_FIELD_NUMBERS_H_

namespace paysim {

constexpr int kFirstWhenSetField = 50;
constexpr int kFirstIncludableField = 90;
constexpr int kFirstInternalField = 100;
constexpr int kFirstOverflowField = 1000;

// 100-999: never rendered.
constexpr bool IsInternalFieldNumber(int number) {
  return number >= kFirstInternalField && number < kFirstOverflowField;
}

// 90-99: rendered only when included.
constexpr bool IsIncludableFieldNumber(int number) {
  return number >= kFirstIncludableField && number < kFirstInternalField;
}

// 50-89: rendered only when set.
constexpr bool IsWhenSetFieldNumber(int number) {
  return number >= kFirstWhenSetField && number < kFirstIncludableField;
}

// 1-49 and 1000 up: rendered always, null when unset.
constexpr bool IsAlwaysRenderedFieldNumber(int number) {
  return number < kFirstWhenSetField || number >= kFirstOverflowField;
}

}  // namespace paysim

#endif  // PAYSIM_PROTO_OBJECT_RUNTIME_FIELD_NUMBERS_H_
