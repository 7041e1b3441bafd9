// objects.h: the public API of paysim's object runtime in one include (see README.md beside
// this file for the object model and the thread-safety contract).
//
// Every generated class M (tools/objgen) is a copy-on-write value: copying is a reference count
// increment; a change copies only the nodes on its path. Distinct objects may be used from
// different threads even when they share nodes; one object must not be changed while another
// thread uses it. Pointers returned by mutable_ accessors are valid until the object is next
// copied, assigned, cleared or changed through another accessor.
//
// Example:
//   static const paysim::obj::InternedString kSucceeded("succeeded");
//   paysim::Charge charge;            // the shared default: no allocation
//   charge.set_status(kSucceeded);             // no allocation for the string
//   paysim::Charge captured = charge; // a reference count increment
//   captured.set_captured(true);               // copies the top node only
//   std::string previous = paysim::obj::PreviousAttributes(charge, captured);
#ifndef PAYSIM_PROTO_OBJECT_RUNTIME_OBJECTS_H_
#define PAYSIM_PROTO_OBJECT_RUNTIME_OBJECTS_H_

#include "proto/object_runtime/object_ref.h"            // IWYU pragma: export
#include "proto/object_runtime/previous_attributes.h"   // IWYU pragma: export
#include "proto/object_runtime/repeated.h"              // IWYU pragma: export
#include "proto/object_runtime/string_field.h"          // IWYU pragma: export
#include "proto/object_runtime/string_map.h"            // IWYU pragma: export

#endif  // PAYSIM_PROTO_OBJECT_RUNTIME_OBJECTS_H_
