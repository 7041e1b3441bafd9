// card_catalog.h: Stripe's test cards — numbers, `pm_card_*` aliases and `tok_*` tokens — and
// how each behaves in test mode (success, decline, fraud block, CVC/address check results,
// 3D Secure, refund and balance quirks).
//
// The catalog is immutable static data; every function here is thread-safe.
//
// Example:
//   const TestCard* card = FindTestCardByAlias("tok_chargeDeclined");
//   if (card != nullptr && card->charge_outcome == CardOutcome::kDeclined) {
//     // card->code == "card_declined", card->decline_code == "generic_decline"
//   }
#ifndef PAYSIM_ENGINE_CARD_CATALOG_H_
#define PAYSIM_ENGINE_CARD_CATALOG_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace paysim {

// What happens when the card is charged (Charges API or a PaymentIntent confirmation).
enum class CardOutcome {
  kSucceeded,            // authorized (and captured unless capture=false)
  kDeclined,             // issuer declines: 402 card_error with code/decline_code below
  kBlocked,              // Radar blocks: 402 card_error card_declined/fraudulent, outcome.type "blocked"
  kDeclinedAfterAttach,  // attaching to a customer succeeds; every charge is declined
};

// 3D Secure behaviour (used by PaymentIntents/SetupIntents).
enum class ThreeDSecure {
  kNotSupported,           // proceeds without authentication
  kOptional,               // supported, never required; not enrolled: a request for it
                           // (request_three_d_secure any|challenge) prompts no one
  kPromptsWhenRequested,   // supported, never required; enrolled: a request for it prompts
  kRequired,               // every payment requires authentication (on- and off-session)
  kRequiredOnSetup,        // requires authentication unless set up for off-session use
  kSetupForOffSession,     // on-session payments require it; off-session always succeed
  kRequiredThenDeclined,   // authentication required, then declined (code/decline_code below)
  kOptionalProcessingError,  // never required; if authentication is requested anyway
                             // (request_three_d_secure), it fails with the error below
};

// One test card. Every string_view points to static storage.
struct TestCard {
  absl::string_view number;   // the PAN, digits only
  absl::string_view brand;     // PaymentMethod brand: "visa", "mastercard", "amex", "discover",
                               // "diners", "jcb", "unionpay"
  absl::string_view co_brand;  // a co-branded card's local network ("cartes_bancaires",
                               // "eftpos_au"), `brand` being its global one; otherwise ""
  absl::string_view funding;  // "credit" | "debit" | "prepaid"
  absl::string_view country;  // ISO 3166-1 alpha-2 of the issuer

  CardOutcome charge_outcome = CardOutcome::kSucceeded;
  // For kDeclined / kBlocked / kDeclinedAfterAttach, and for ThreeDSecure::kRequiredThenDeclined /
  // kOptionalProcessingError: Stripe's error.
  absl::string_view code;          // e.g. "card_declined", "expired_card", "incorrect_cvc"
  absl::string_view decline_code;  // e.g. "generic_decline", "insufficient_funds"; may be empty
  absl::string_view message;       // Stripe's human message
  absl::string_view param;         // "exp_month" for expired_card, "cvc" for incorrect_cvc, or ""
  absl::string_view advice_code;           // "try_again_later", "do_not_try_again", ... or ""
  absl::string_view network_advice_code;   // "02", ... or ""
  absl::string_view network_decline_code;  // "51", ... or ""

  // Results of the checks when the matching data is supplied ("pass" | "fail" |
  // "unavailable"); a check whose data is absent is "unchecked" / null, as Stripe does.
  absl::string_view cvc_check = "pass";
  absl::string_view address_line1_check = "pass";
  absl::string_view address_postal_code_check = "pass";
  absl::string_view risk_level = "normal";  // "normal" | "elevated" | "highest"

  ThreeDSecure three_d_secure = ThreeDSecure::kOptional;

  bool refund_pending = false;       // refunds start pending, later succeed (pm_card_pendingRefund)
  bool refund_fails = false;         // refunds start succeeded, later fail (pm_card_refundFail)
  bool bypass_pending = false;       // funds go straight to the available balance
  bool dispute = false;              // a successful payment is later disputed (not yet simulated)
  // With `dispute`: "fraudulent" | "product_not_received" | "inquiry" | "multiple" |
  // "ce3_eligible" | "compliance" | "early_fraud_warning" (an issuer fraud record, no dispute).
  absl::string_view dispute_kind;
};

// The card with this exact number (digits only), or nullptr if it is not a test card.
const TestCard* FindTestCardByNumber(absl::string_view number);

// The card behind a `pm_card_*` alias or a `tok_*` test token name, or nullptr if `alias` is
// not one of Stripe's test names.
const TestCard* FindTestCardByAlias(absl::string_view alias);

// Every card in the catalog, each number once (for tests and listings).
absl::Span<const TestCard> AllTestCards();

// Every `pm_card_*` / `tok_*` name that FindTestCardByAlias() knows (for tests and listings).
absl::Span<const absl::string_view> AllTestCardAliases();

// True if `number` passes the Luhn checksum (digits only; false for any other character).
bool PassesLuhn(absl::string_view number);

// Display brand as the legacy `card` object writes it: "Visa", "MasterCard",
// "American Express", "Discover", "Diners Club", "JCB", "UnionPay", otherwise "Unknown".
absl::string_view LegacyBrandName(absl::string_view brand);

// A stable 16-character fingerprint for a card number, the same for every engine and seed
// (Stripe gives one card number one fingerprint within an account).
std::string CardFingerprint(absl::string_view number);

}  // namespace paysim

#endif  // PAYSIM_ENGINE_CARD_CATALOG_H_
