// api_version.h: Stripe API versions and the behaviours that depend on them.
//
// A version is "YYYY-MM-DD" optionally followed by ".name" (e.g. "2025-03-31.basil"). paysim
// follows the version the caller pins, defaulting to the newest one it knows. Every
// version-dependent behaviour is decided by one predicate here, so the differences can be
// read in one place (shared with Stripe's changelog).
#ifndef PAYSIM_ENGINE_API_VERSION_H_
#define PAYSIM_ENGINE_API_VERSION_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace paysim {

// The newest API version paysim knows; the default everywhere.
inline constexpr absl::string_view kLatestApiVersion = "2026-07-29.dahlia";

// OK if `version` is a well-formed Stripe API version no newer than kLatestApiVersion;
// otherwise an invalid_request_error (param "Stripe-Version").
absl::Status ValidateApiVersion(absl::string_view version);

// True if `version` is on or after `date` ("YYYY-MM-DD"), comparing the date part only.
bool ApiVersionAtLeast(absl::string_view version, absl::string_view date);

// 2025-03-31.basil: a partial capture or a released (canceled or expired) authorization no
// longer creates a Refund nor moves `amount_refunded`; `refunded` stays false.
inline bool ReleasedAmountIsRefunded(absl::string_view version) {
  return !ApiVersionAtLeast(version, "2025-03-31");
}

// 2024-04-10: a PaymentIntent created without `capture_method` gets `automatic_async`
// (before: `automatic`).
inline absl::string_view DefaultCaptureMethod(absl::string_view version) {
  return ApiVersionAtLeast(version, "2024-04-10") ? "automatic_async" : "automatic";
}

// 2025-03-31.basil: a PaymentIntent canceled because its authorization expired has
// cancellation_reason `expired` (before: `automatic`).
inline absl::string_view ExpiredAuthorizationCancellationReason(absl::string_view version) {
  return ApiVersionAtLeast(version, "2025-03-31") ? "expired" : "automatic";
}

// 2025-04-30.basil: a refund waiting for its charge's bank debit to settle shows
// `pending_reason: charge_pending`.
inline bool RefundShowsPendingReason(absl::string_view version) {
  return ApiVersionAtLeast(version, "2025-04-30");
}

// 2020-08-27: a Customer no longer includes its `sources` list unless expanded
// (`expand[]=sources`); before, every customer carried it.
inline bool CustomerSourcesIncludedByDefault(absl::string_view version) {
  return !ApiVersionAtLeast(version, "2020-08-27");
}

// 2022-11-15: a Charge no longer includes its `refunds` list unless expanded
// (`expand[]=refunds`); before, every charge carried its first 10 refunds.
inline bool ChargeRefundsIncludedByDefault(absl::string_view version) {
  return !ApiVersionAtLeast(version, "2022-11-15");
}

// 2022-11-15: a PaymentIntent no longer includes its `charges` list (`latest_charge` names the
// last one).
inline bool PaymentIntentShowsCharges(absl::string_view version) {
  return !ApiVersionAtLeast(version, "2022-11-15");
}

// 2025-03-31.basil: a PaymentIntent no longer names the invoice it collects (`invoice`); the
// invoice's payments name it instead.
inline bool PaymentIntentShowsInvoice(absl::string_view version) {
  return !ApiVersionAtLeast(version, "2025-03-31");
}

// 2025-03-31.basil: an invoice no longer names its PaymentIntent (`payment_intent`), its
// subscription (`subscription`, now `parent.subscription_details.subscription`) or whether it
// is `paid`; a client confirms its payment with `confirmation_secret` instead.
inline bool InvoiceShowsPaymentIntent(absl::string_view version) {
  return !ApiVersionAtLeast(version, "2025-03-31");
}

// 2024-11-20.acacia: a Checkout Session takes `adaptive_pricing[enabled]` (before, the
// parameter is unknown).
inline bool CheckoutTakesAdaptivePricing(absl::string_view version) {
  return ApiVersionAtLeast(version, "2024-11-20");
}

// 2025-03-31.basil: a session Adaptive Pricing converted keeps the merchant's `currency` and
// amounts and shows the customer's in `presentment_details` (before: `currency` and the
// amounts are the customer's, the merchant's under `currency_conversion`).
inline bool CheckoutShowsPresentmentDetails(absl::string_view version) {
  return ApiVersionAtLeast(version, "2025-03-31");
}

}  // namespace paysim

#endif  // PAYSIM_ENGINE_API_VERSION_H_
