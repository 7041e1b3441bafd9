#include "engine/internal/three_d_secure_request.h"

#include "absl/strings/str_cat.h"
#include "engine/internal/intent_common.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {

absl::StatusOr<const std::string*> CheckThreeDSecureRequest(
    const CardIntentOptionsParams& options, bool takes_card, absl::string_view prefix) {
  if (!options.has_request_three_d_secure()) return nullptr;
  const std::string& request = options.request_three_d_secure();
  const std::string card_param = prefix.empty()
                                     ? std::string("payment_method_options[card]")
                                     : absl::StrCat(prefix, "[payment_method_options][card]");
  if (absl::Status valid =
          ValidateEnum(request, {kThreeDSecureAutomatic, "any", "challenge"},
                       absl::StrCat(card_param, "[request_three_d_secure]"));
      !valid.ok()) {
    return valid;
  }
  if (!takes_card) {
    return InvalidRequestError("", card_param,
                               "payment_method_options[card] cannot be given: `card` is not "
                               "among the payment_method_types of this intent.");
  }
  return &request;
}

bool ThreeDSecureRequested(absl::string_view request_three_d_secure) {
  return request_three_d_secure == "any" || request_three_d_secure == "challenge";
}

bool ThreeDSecureRequestFails(const TestCard& card, bool requested) {
  return requested && card.three_d_secure == ThreeDSecure::kOptionalProcessingError;
}

TestCard RequestFailedCard(const TestCard& card) {
  TestCard failed = card;
  failed.charge_outcome = CardOutcome::kDeclined;
  return failed;
}

}  // namespace internal
}  // namespace paysim
