#include "engine/internal/checkout_recovery.h"

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {

absl::Status CheckAfterExpiration(const CheckoutSessionCreateParams& params) {
  if (!params.after_expiration().has_recovery()) return absl::OkStatus();
  if (!params.after_expiration().recovery().has_enabled()) {
    return ParameterMissing("after_expiration[recovery][enabled]");
  }
  return absl::OkStatus();
}

void ApplyAfterExpiration(const CheckoutSessionCreateParams& params, CheckoutSession& session) {
  if (!params.after_expiration().has_recovery()) return;
  const CheckoutRecoveryParams& given = params.after_expiration().recovery();
  CheckoutRecovery& recovery = *session.mutable_after_expiration()->mutable_recovery();
  recovery.set_enabled(given.enabled());
  recovery.set_allow_promotion_codes(given.allow_promotion_codes());
  if (given.enabled()) {
    session.set_recovery_params(absl::Base64Escape(params.SerializeAsString()));
  }
}

void OpenRecovery(CheckoutSession& session, int64_t now) {
  if (!session.after_expiration().recovery().enabled()) return;
  CheckoutRecovery& recovery = *session.mutable_after_expiration()->mutable_recovery();
  recovery.set_url(absl::StrCat("https://buy.stripe.com/r/", session.id()));
  recovery.set_expires_at(now + absl::ToInt64Seconds(kCheckoutRecoveryWindow));
}

absl::StatusOr<CheckoutSessionCreateParams> RecoveryRequest(const CheckoutSession& session,
                                                            int64_t now) {
  // UNCERTAIN (wording): paysim's own test helper (Stripe's recovery URL is a web page).
  const CheckoutRecovery& recovery = session.after_expiration().recovery();
  if (!recovery.enabled()) {
    return StateError("", "",
                      "This Checkout Session has no recovery URL: it was created without "
                      "after_expiration[recovery][enabled]=true.");
  }
  if (session.status() != "expired") {
    return StateError("", "",
                      absl::StrCat("This Checkout Session is ", session.status(),
                                   ": its recovery URL works once it has expired."));
  }
  if (now >= recovery.expires_at()) {
    return StateError("", "",
                      absl::StrCat("This Checkout Session's recovery URL expired at ",
                                   recovery.expires_at(), "."));
  }
  std::string serialized;
  CheckoutSessionCreateParams params;
  if (!absl::Base64Unescape(session.recovery_params(), &serialized) ||
      !params.ParseFromString(serialized)) {
    return absl::InternalError("the recovered session's request is unreadable");
  }
  params.clear_expires_at();  // the copy's own default expiry
  params.clear_metadata();     // the session's, as updated since
  for (const auto& [key, value] : session.metadata()) (*params.mutable_metadata())[key] = value;
  if (recovery.allow_promotion_codes() && params.discounts_size() == 0) {
    params.set_allow_promotion_codes(true);
  }
  return params;
}

}  // namespace internal
}  // namespace paysim
