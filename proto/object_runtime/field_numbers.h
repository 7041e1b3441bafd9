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
//   1000-1999  always rendered, as 1-49: the continuation for an object whose numbers below
//              50 are all taken (numbers are never reused, so that snapshots keep parsing)
//   2000-2999  rendered as 1-49, but only on an object of the shape before an API version
//              changed it: its internal bool `legacy_shape` is true (an invoice made before
//              2025-03-31.basil shows `paid`, `payment_intent`, `subscription`)
//   3000-3999  the same, only when `legacy_shape` is false (the keys the change added, as an
//              invoice's `parent`). A message with fields in these bands declares
//              `bool legacy_shape` among its internal fields (objgen refuses it otherwise).
//   4000 and up  always rendered, as 1-49
//   5000-5999  always rendered and always null: fields Stripe renders that paysim never sets
//              (Connect's `application`, `on_behalf_of`, `transfer_data`...). objgen gives
//              them no storage and no accessors (code that would set one does not compile), so
//              they cost nothing per object version. Only optional strings and scalars.
//   6000-6999  always rendered, as 1-49, but as null while empty: a list or a hash that Stripe
//              renders as null when it holds nothing (an invoice's `custom_fields`). Only
//              repeated and map fields.
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
constexpr int kFirstLegacyShapeField = 2000;
constexpr int kFirstCurrentShapeField = 3000;
constexpr int kEndShapeFields = 4000;
constexpr int kFirstAlwaysNullField = 5000;
constexpr int kEndAlwaysNullFields = 6000;
constexpr int kFirstNullWhenEmptyField = 6000;
constexpr int kEndNullWhenEmptyFields = 7000;

// The internal bool field that says which shape an object has (2000-3999).
constexpr char kLegacyShapeFieldName[] = "legacy_shape";

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

// 2000-2999: rendered always on an object whose `legacy_shape` is true, else never.
constexpr bool IsLegacyShapeFieldNumber(int number) {
  return number >= kFirstLegacyShapeField && number < kFirstCurrentShapeField;
}

// 3000-3999: rendered always on an object whose `legacy_shape` is false, else never.
constexpr bool IsCurrentShapeFieldNumber(int number) {
  return number >= kFirstCurrentShapeField && number < kEndShapeFields;
}

// 5000-5999: rendered always, always null (never stored).
constexpr bool IsAlwaysNullFieldNumber(int number) {
  return number >= kFirstAlwaysNullField && number < kEndAlwaysNullFields;
}

// 6000-6999: a list or hash rendered as null while empty.
constexpr bool IsNullWhenEmptyFieldNumber(int number) {
  return number >= kFirstNullWhenEmptyField && number < kEndNullWhenEmptyFields;
}

// Whether a field numbered `number` renders on an object whose `legacy_shape` is `legacy`
// (always true outside 2000-3999).
constexpr bool RendersInShape(int number, bool legacy) {
  return IsLegacyShapeFieldNumber(number) ? legacy
         : IsCurrentShapeFieldNumber(number) ? !legacy
                                             : true;
}

// 1-49, 1000-1999 and 4000 up: rendered always, null when unset. (2000-3999: the same on an
// object of their shape.)
constexpr bool IsAlwaysRenderedFieldNumber(int number) {
  return number < kFirstWhenSetField ||
         (number >= kFirstOverflowField && number < kFirstLegacyShapeField) ||
         number >= kEndShapeFields;
}

}  // namespace paysim

#endif  // PAYSIM_PROTO_OBJECT_RUNTIME_FIELD_NUMBERS_H_
