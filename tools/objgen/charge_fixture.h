// charge_fixture.h: a Charge object shaped as the engine makes one for a `tok_visa` charge
// (about 25 strings set, outcome, payment_method_details.card with checks, billing_details
// with an address, the source card), for tests and benchmarks. Constant strings are interned.
#ifndef PAYSIM_TOOLS_OBJGEN_CHARGE_FIXTURE_H_
#define PAYSIM_TOOLS_OBJGEN_CHARGE_FIXTURE_H_

#include <cstdint>

#include "proto/charge.obj.h"

namespace paysim {
namespace objgen {

// The `n`th such charge (ids and the amount depend on n).
Charge MakeTokVisaCharge(int64_t n);

}  // namespace objgen
}  // namespace paysim

#endif  // PAYSIM_TOOLS_OBJGEN_CHARGE_FIXTURE_H_
