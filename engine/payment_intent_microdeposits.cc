// PaymentIntentService::VerifyMicrodeposits: the customer's answer to the microdeposits of an
// ACH account a PaymentIntent waits for (payment_intents.h).
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/payment_intent_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"
#include "engine/payment_intents.h"

namespace paysim {

using internal::PaymentIntentLifecycle;
using internal::World;

absl::StatusOr<PaymentIntent> PaymentIntentService::VerifyMicrodeposits(
    absl::string_view id, const VerifyMicrodepositsParams& params,
    const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<PaymentIntent>(
      options,
      [&] { return absl::StrCat("POST /v1/payment_intents/", id, "/verify_microdeposits"); },
      params, [&]() -> absl::StatusOr<PaymentIntent> {
        // validate
        PAYSIM_ASSIGN_OR_RETURN(const PaymentIntent* pi, w.payment_intents().Get(id));
        if (!PaymentIntentLifecycle::AwaitsMicrodeposits(*pi)) {
          // UNCERTAIN: Stripe's wording for an intent that awaits no microdeposits.
          return internal::PaymentIntentUnexpectedState(*pi, "verified", {"requires_action"});
        }
        PAYSIM_RETURN_IF_ERROR(internal::CheckMicrodepositAnswer(params));
        const std::vector<int64_t> amounts(params.amounts().begin(), params.amounts().end());

        // transition + commit
        PAYSIM_RETURN_IF_ERROR(PaymentIntentLifecycle::VerifyMicrodeposits(
            w, *pi, amounts, params.has_descriptor_code() ? &params.descriptor_code() : nullptr));
        return *w.payment_intents().Find(pi->id());
      });
}

}  // namespace paysim
