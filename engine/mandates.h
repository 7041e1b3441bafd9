// mandates.h: Mandates (`mandate_...`): the permission a customer gave to debit a bank debit
// PaymentMethod (sepa_debit, us_bank_account). Read-only here, as in Stripe's API: mandates
// are made when the customer accepts one (engine/internal/mandate_lifecycle.h):
//   - a PaymentIntent confirmed with a bank debit PaymentMethod and mandate_data: single_use
//     {amount, currency} for that payment, or multi_use when it saves the PaymentMethod
//     (setup_future_usage); its charge's payment_method_details.<type>.mandate names it;
//   - a SetupIntent that succeeds with a bank debit PaymentMethod: multi_use; the intent's
//     `mandate` names it;
//   - a Checkout Session paid by bank debit.
// A multi-use mandate covers the PaymentMethod's later debits: an off-session PaymentIntent
// with the saved PaymentMethod needs no mandate_data, and its charge names the same mandate (as
// does a confirmation with `mandate=<id>`).
//
// Example:
//   auto si = engine.setup_intents().Create(ParseParams<SetupIntentCreateParams>(R"pb(
//       customer: "cus_..." payment_method_types: "sepa_debit" confirm: true
//       payment_method_data { type: "sepa_debit" sepa_debit { iban: "DE89370400440532013000" }
//                             billing_details { name: "Jenny Rosen" email: "jenny@example.com" } }
//       mandate_data { customer_acceptance { type: "offline" } })pb"));
//   auto mandate = engine.mandates().Retrieve(si->mandate());   // active, multi_use
//
// Errors: an unknown id: invalid_request_error resource_missing (404, param "mandate"),
// "No such mandate: '<id>'".
// Events: none (paysim's mandates do not change once made; Stripe's mandate.updated follows a
// change).
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_MANDATES_H_
#define PAYSIM_ENGINE_MANDATES_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/request_options.h"
#include "proto/mandate.obj.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

class MandateService {
 public:
  explicit MandateService(internal::World* world) : world_(world) {}

  // Retrieve()
  //
  // The mandate `id`; resource_missing (404) if there is none.
  absl::StatusOr<Mandate> Retrieve(absl::string_view id, const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_MANDATES_H_
