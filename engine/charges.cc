// Charges: the whole Charges API lifecycle in one place.
//
//   Create  -> succeeded (captured, or an uncaptured hold) | failed (402)
//   Capture -> captured; a partial capture releases the remainder
//   hold expiry (timer, kAuthorizationWindow after creation) -> released
//   Refunds of a charge live in refunds.cc.
#include "engine/charges.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/api_version.h"
#include "engine/card_details.h"
#include "engine/currency.h"
#include "engine/metadata.h"
#include "engine/operations.h"
#include "engine/params_util.h"
#include "engine/statement_descriptor.h"
#include "engine/status_macros.h"
#include "engine/world.h"

namespace paysim {
namespace {

using internal::World;

// What pays for a charge, resolved and checked but not yet changed.
struct PaymentSource {
  const TestCard* card = nullptr;
  int32_t exp_month = 0;
  int32_t exp_year = 0;
  bool cvc_provided = false;
  std::string customer;
  Token* token = nullptr;                 // consumed on commit
  const TestCard* mint_token = nullptr;   // `tok_*` test name: a new card on commit
  const TestCard* mint_pm = nullptr;      // `pm_card_*` name: a new PaymentMethod on commit
  const Card* card_source = nullptr;      // a customer's saved card
  PaymentMethod* payment_method = nullptr;
};

absl::Status NotLinked(absl::string_view customer, absl::string_view source) {
  return InvalidRequestError(
      "", "source",
      absl::StrCat("Customer ", customer, " does not have a linked source with ID ", source, "."));
}

absl::StatusOr<PaymentSource> ResolveSource(World& w, const ChargeCreateParams& params) {
  PaymentSource out;
  const Customer* customer = nullptr;
  if (params.has_customer()) {
    PAYSIM_ASSIGN_OR_RETURN(Customer * c, w.customers.Get(params.customer(), "customer"));
    customer = c;
    out.customer = c->id();
  }
  if (!params.has_source() && customer == nullptr) {
    return InvalidRequestError("parameter_missing", "source", "Must provide source or customer.");
  }
  std::string source = params.source();
  if (!params.has_source()) {
    // The customer's default: its default source card, else its default PaymentMethod.
    if (customer->has_default_source()) {
      source = customer->default_source();
    } else if (customer->invoice_settings().has_default_payment_method()) {
      source = customer->invoice_settings().default_payment_method();
    } else {
      return InvalidRequestError("missing", "card",
                                 "Cannot charge a customer that has no active card");
    }
  }
  if (absl::StartsWith(source, "tok_")) {
    if (customer != nullptr) return NotLinked(customer->id(), source);
    if (const TestCard* card = FindTestCardByAlias(source)) {
      out.mint_token = card;
      internal::CheckedCard checked = internal::CheckedTestCard(*card, w.now);
      out.card = card;
      out.exp_month = checked.exp_month;
      out.exp_year = checked.exp_year;
      out.cvc_provided = checked.cvc_provided;
      return out;
    }
    PAYSIM_ASSIGN_OR_RETURN(out.token, internal::FindUsableToken(w, source, "source"));
    const Card& card = out.token->card();
    out.card = FindTestCardByNumber(card.number());
    out.exp_month = card.exp_month();
    out.exp_year = card.exp_year();
    out.cvc_provided = card.cvc_provided();
    return out;
  }
  if (absl::StartsWith(source, "card_")) {
    const Card* card = w.cards.Find(source);
    if (customer == nullptr) return ResourceMissing("source", source, "source");
    if (card == nullptr || card->customer() != customer->id()) {
      return NotLinked(customer->id(), source);
    }
    out.card_source = card;
    out.card = FindTestCardByNumber(card->number());
    out.exp_month = card->exp_month();
    out.exp_year = card->exp_year();
    out.cvc_provided = card->cvc_provided();
    return out;
  }
  if (absl::StartsWith(source, "pm_card_")) {
    const TestCard* card = FindTestCardByAlias(source);
    if (card == nullptr) return ResourceMissing("PaymentMethod", source, "source");
    internal::CheckedCard checked = internal::CheckedTestCard(*card, w.now);
    out.mint_pm = card;
    out.card = card;
    out.exp_month = checked.exp_month;
    out.exp_year = checked.exp_year;
    out.cvc_provided = true;
    return out;
  }
  if (absl::StartsWith(source, "pm_")) {
    PAYSIM_ASSIGN_OR_RETURN(PaymentMethod * pm,
                            internal::FindUsablePaymentMethod(w, source, "source"));
    if (pm->has_customer() && (customer == nullptr || pm->customer() != customer->id())) {
      return InvalidRequestError(
          "", "source",
          absl::StrCat("The PaymentMethod ", source, " belongs to the Customer ", pm->customer(),
                       ". Please include the Customer in the `customer` parameter."));
    }
    if (customer != nullptr && !pm->has_customer()) {
      return InvalidRequestError(
          "", "source",
          absl::StrCat("The customer does not have a payment method with the ID ", source,
                       ". The payment method must be attached to the customer."));
    }
    out.payment_method = pm;
    out.card = FindTestCardByNumber(pm->card().number());
    out.exp_month = pm->card().exp_month();
    out.exp_year = pm->card().exp_year();
    out.cvc_provided = pm->card().cvc_provided();
    return out;
  }
  return ResourceMissing("source", source, "source");
}

absl::Status ValidateDescriptors(const World& w, const ChargeCreateParams& params) {
  if (params.has_statement_descriptor()) {
    PAYSIM_RETURN_IF_ERROR(
        ValidateStatementDescriptor(params.statement_descriptor(), "statement_descriptor"));
  }
  if (params.has_statement_descriptor_suffix()) {
    PAYSIM_RETURN_IF_ERROR(ValidateStatementDescriptorSuffix(
        params.statement_descriptor_suffix(), w.options.statement_descriptor_prefix,
        "statement_descriptor_suffix"));
  }
  return absl::OkStatus();
}

// On a card Charge, Stripe uses `statement_descriptor` as the suffix when no suffix is given.
// A `statement_descriptor` may be 22 characters, so "PREFIX* " plus it can be longer than a
// statement holds: Stripe does not document this case; paysim cuts the result to 22 characters,
// as a `statement_descriptor_suffix` is limited so that it fits.
std::string CalculatedDescriptor(const World& w, const Charge& charge) {
  const std::string& suffix = charge.has_statement_descriptor_suffix()
                                  ? charge.statement_descriptor_suffix()
                                  : charge.statement_descriptor();
  std::string out = CalculatedStatementDescriptor(w.options.statement_descriptor,
                                                  w.options.statement_descriptor_prefix, suffix);
  if (out.size() > static_cast<size_t>(kStatementDescriptorMaxLength)) {
    out.resize(kStatementDescriptorMaxLength);
    absl::StripTrailingAsciiWhitespace(&out);
  }
  return out;
}

int32_t RiskScore(World& w, absl::string_view risk_level) {
  if (risk_level == "highest") return 75 + static_cast<int32_t>(w.ids.Uniform(25));
  if (risk_level == "elevated") return 65 + static_cast<int32_t>(w.ids.Uniform(10));
  return static_cast<int32_t>(w.ids.Uniform(65));
}

void SetOutcome(World& w, const TestCard& card, Charge& charge) {
  ChargeOutcome* outcome = charge.mutable_outcome();
  outcome->set_risk_level(std::string(card.risk_level));
  outcome->set_risk_score(RiskScore(w, card.risk_level));
  switch (card.charge_outcome) {
    case CardOutcome::kSucceeded:
      outcome->set_network_status("approved_by_network");
      outcome->set_seller_message("Payment complete.");
      outcome->set_type("authorized");
      return;
    case CardOutcome::kBlocked:
      outcome->set_network_status("not_sent_to_network");
      outcome->set_reason("highest_risk_level");
      outcome->set_seller_message("Stripe blocked this payment as too risky.");
      outcome->set_type("blocked");
      return;
    case CardOutcome::kDeclined:
    case CardOutcome::kDeclinedAfterAttach:
      if (!card.advice_code.empty()) outcome->set_advice_code(std::string(card.advice_code));
      if (!card.network_advice_code.empty()) {
        outcome->set_network_advice_code(std::string(card.network_advice_code));
      }
      if (!card.network_decline_code.empty()) {
        outcome->set_network_decline_code(std::string(card.network_decline_code));
      }
      outcome->set_network_status("declined_by_network");
      outcome->set_reason(std::string(card.decline_code.empty() ? card.code : card.decline_code));
      outcome->set_seller_message("The bank did not return any further details with this decline.");
      outcome->set_type("issuer_declined");
      return;
  }
}

// A legacy card's holder name and address, as the charge's billing_details.
BillingDetails BillingDetailsOfCard(const Card& card) {
  BillingDetails details = internal::EmptyBillingDetails();
  Address* address = details.mutable_address();
  if (card.has_address_city()) address->set_city(card.address_city());
  if (card.has_address_country()) address->set_country(card.address_country());
  if (card.has_address_line1()) address->set_line1(card.address_line1());
  if (card.has_address_line2()) address->set_line2(card.address_line2());
  if (card.has_address_zip()) address->set_postal_code(card.address_zip());
  if (card.has_address_state()) address->set_state(card.address_state());
  if (card.has_name()) details.set_name(card.name());
  return details;
}

bool Declines(const TestCard& card) {
  return card.charge_outcome != CardOutcome::kSucceeded;
}

// Marks the hold released; before basil the released amount shows as a Refund.
void ReleaseAuthorization(World& w, Charge& charge, int64_t amount, absl::string_view reason,
                          bool* refund_created, std::string* refund_id) {
  *refund_created = false;
  if (amount <= 0 || !ReleasedAmountIsRefunded(w.api_version())) return;
  Refund& refund = internal::RecordRefund(w, charge, amount, reason, {}, false);
  *refund_created = true;
  *refund_id = refund.id();
}

void EmitRefundEvents(World& w, const Charge& charge, const std::string& refund_id) {
  if (const Refund* refund = w.refunds.Find(refund_id)) w.Emit("refund.created", *refund);
  w.Emit("charge.refunded", charge);
}

}  // namespace

absl::StatusOr<Charge> ChargeService::Create(const ChargeCreateParams& params,
                                             const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Charge>(
      options, "POST /v1/charges", params, [&]() -> absl::StatusOr<Charge> {
        // validate
        if (!params.has_amount()) return ParameterMissing("amount");
        if (!params.has_currency()) return ParameterMissing("currency");
        const CurrencyInfo* currency = nullptr;
        PAYSIM_RETURN_IF_ERROR(ValidateCurrency(params.currency(), &currency));
        PAYSIM_RETURN_IF_ERROR(ValidateChargeAmount(params.amount(), *currency));
        PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
        PAYSIM_RETURN_IF_ERROR(ValidateDescriptors(w, params));
        if (params.has_receipt_email()) {
          PAYSIM_RETURN_IF_ERROR(internal::ValidateEmail(params.receipt_email(), "receipt_email"));
        }
        if (params.has_shipping()) {
          PAYSIM_RETURN_IF_ERROR(internal::ValidateShipping(params.shipping(), "shipping"));
        }
        PAYSIM_ASSIGN_OR_RETURN(PaymentSource source, ResolveSource(w, params));
        if (source.card == nullptr) {
          return InvalidRequestError("", "source", "The card on this source is not a test card.");
        }
        const TestCard& card = *source.card;
        const bool capture = !params.has_capture() || params.capture();

        // transition
        Charge charge = internal::NewCardCharge(w, card, params.amount(), currency->code,
                                                source.exp_month, source.exp_year,
                                                source.cvc_provided);
        if (!source.customer.empty()) charge.set_customer(source.customer);
        if (params.has_description()) charge.set_description(params.description());
        *charge.mutable_metadata() = params.metadata();
        if (params.has_receipt_email()) charge.set_receipt_email(params.receipt_email());
        if (params.has_shipping()) internal::ApplyShipping(params.shipping(), charge.mutable_shipping());
        if (params.has_statement_descriptor()) {
          charge.set_statement_descriptor(params.statement_descriptor());
        }
        if (params.has_statement_descriptor_suffix()) {
          charge.set_statement_descriptor_suffix(params.statement_descriptor_suffix());
        }

        // commit: the paying object first (a test name mints one; a token is used up).
        if (source.token != nullptr) {
          source.token->set_used(true);
          *charge.mutable_source() = source.token->card();
        } else if (source.mint_token != nullptr) {
          internal::CheckedCard checked = internal::CheckedTestCard(card, w.now);
          *charge.mutable_source() = internal::MakeLegacyCard(w.ids.NewId("card_"), checked, nullptr);
        } else if (source.card_source != nullptr) {
          *charge.mutable_source() = *source.card_source;
        }
        if (charge.has_source()) {
          charge.set_payment_method(charge.source().id());
          *charge.mutable_billing_details() = BillingDetailsOfCard(charge.source());
          charge.mutable_source()->clear_cvc_check();
          if (source.cvc_provided) charge.mutable_source()->set_cvc_check(std::string(card.cvc_check));
        } else {
          PaymentMethod& pm = source.payment_method != nullptr
                                  ? *source.payment_method
                                  : internal::MintPaymentMethod(w, card);
          charge.set_payment_method(pm.id());
          *charge.mutable_billing_details() = pm.billing_details();
        }
        Charge& stored = internal::SettleCardCharge(w, std::move(charge), card, capture);
        if (stored.status() == "failed") return internal::CardDeclinedError(card, stored.id());
        return stored;
      });
}

absl::StatusOr<Charge> ChargeService::Retrieve(absl::string_view id,
                                               const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Charge> {
    PAYSIM_ASSIGN_OR_RETURN(Charge * charge, w.charges.Get(id));
    return *charge;
  });
}

absl::StatusOr<Charge> ChargeService::Update(absl::string_view id, const ChargeUpdateParams& params,
                                             const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Charge>(
      options, absl::StrCat("POST /v1/charges/", id), params,
      [&]() -> absl::StatusOr<Charge> {
    PAYSIM_ASSIGN_OR_RETURN(Charge * charge, w.charges.Get(id));
    PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
    if (params.has_receipt_email()) {
      PAYSIM_RETURN_IF_ERROR(internal::ValidateEmail(params.receipt_email(), "receipt_email"));
    }
    if (params.has_shipping()) {
      PAYSIM_RETURN_IF_ERROR(internal::ValidateShipping(params.shipping(), "shipping"));
    }
    Charge updated = *charge;
    PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));
    if (params.has_description()) updated.set_description(params.description());
    if (params.has_receipt_email()) updated.set_receipt_email(params.receipt_email());
    if (params.has_shipping()) {
      updated.clear_shipping();
      internal::ApplyShipping(params.shipping(), updated.mutable_shipping());
    }
    std::string previous = PreviousAttributes(*charge, updated);
    *charge = std::move(updated);
    if (!previous.empty()) w.Emit("charge.updated", *charge, std::move(previous));
    return *charge;
  });
}

absl::StatusOr<Charge> ChargeService::Capture(absl::string_view id,
                                              const ChargeCaptureParams& params,
                                              const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Charge>(
      options, absl::StrCat("POST /v1/charges/", id, "/capture"), params,
      [&]() -> absl::StatusOr<Charge> {
    // validate
    PAYSIM_ASSIGN_OR_RETURN(Charge * charge, w.charges.Get(id));
    if (charge->status() == "failed") {
      // Stripe documents capture_unauthorized_payment ("You cannot capture this unauthorized
      // payment") without naming the case; a declined charge is the one it fits.
      return StateError("capture_unauthorized_payment", "",
                        absl::StrCat("Charge ", id, " has failed and cannot be captured."));
    }
    if (charge->captured()) {
      return StateError("charge_already_captured", "",
                        absl::StrCat("Charge ", id, " has already been captured."));
    }
    if (charge->authorization_released()) {
      const int64_t capture_before =
          charge->payment_method_details().card().capture_before();
      if (w.created() >= capture_before) {
        return StateError("charge_expired_for_capture", "",
                          absl::StrCat("Charge ", id,
                                       " cannot be captured as the authorization has expired."));
      }
      return StateError("charge_already_refunded", "",
                        absl::StrCat("Charge ", id, " has already been refunded."));
    }
    if (charge->has_payment_intent()) {
      // UNCERTAIN: Stripe's docs say not to capture a PaymentIntent's charge through the Charges
      // API, without naming the error. paysim refuses, so the intent and its charge never
      // disagree (capturing the charge here left the intent requires_capture, capturable again).
      return StateError("", "",
                        absl::StrCat("Charge ", id, " belongs to PaymentIntent ",
                                     charge->payment_intent(),
                                     ". Capture the PaymentIntent instead."));
    }
    const int64_t amount = params.has_amount() ? params.amount() : charge->amount();
    const CurrencyInfo* currency = FindCurrency(charge->currency());
    if (amount > charge->amount()) {
      return InvalidRequestError(
          "amount_too_large", "amount",
          absl::StrCat("You cannot capture more than the amount of the charge (",
                       FormatAmount(charge->amount(), *currency), ")."));
    }
    PAYSIM_RETURN_IF_ERROR(ValidateChargeAmount(amount, *currency));
    if (params.has_receipt_email()) {
      PAYSIM_RETURN_IF_ERROR(internal::ValidateEmail(params.receipt_email(), "receipt_email"));
    }
    if (params.has_statement_descriptor()) {
      PAYSIM_RETURN_IF_ERROR(
          ValidateStatementDescriptor(params.statement_descriptor(), "statement_descriptor"));
    }
    if (params.has_statement_descriptor_suffix()) {
      PAYSIM_RETURN_IF_ERROR(ValidateStatementDescriptorSuffix(
          params.statement_descriptor_suffix(), w.options.statement_descriptor_prefix,
          "statement_descriptor_suffix"));
    }
    // transition + commit
    if (params.has_receipt_email()) charge->set_receipt_email(params.receipt_email());
    if (params.has_statement_descriptor()) {
      charge->set_statement_descriptor(params.statement_descriptor());
    }
    if (params.has_statement_descriptor_suffix()) {
      charge->set_statement_descriptor_suffix(params.statement_descriptor_suffix());
    }
    internal::CaptureHold(w, *charge, amount);
    return *charge;
  });
}

absl::StatusOr<ListResult<Charge>> ChargeService::List(const ChargeListParams& params,
                                                       const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<Charge>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    return w.charges.List(window, "/v1/charges", [&](const Charge& c) {
      return (!params.has_customer() || c.customer() == params.customer()) &&
             (!params.has_payment_intent() || c.payment_intent() == params.payment_intent());
    });
  });
}

namespace internal {

Charge NewCardCharge(World& world, const TestCard& card, int64_t amount,
                     absl::string_view currency, int32_t exp_month, int32_t exp_year,
                     bool cvc_provided) {
  Charge charge;
  charge.set_id(world.ids.NewId("ch_"));
  charge.set_object("charge");
  charge.set_amount(amount);
  *charge.mutable_billing_details() = EmptyBillingDetails();
  charge.set_created(world.created());
  charge.set_currency(std::string(currency));
  charge.set_disputed(false);
  charge.set_livemode(false);
  PaymentMethodDetails* details = charge.mutable_payment_method_details();
  *details->mutable_card() =
      MakeChargeCardDetails(card, exp_month, exp_year, cvc_provided, amount);
  details->set_type("card");
  SetOutcome(world, card, charge);
  return charge;
}

Charge& SettleCardCharge(World& world, Charge charge, const TestCard& card, bool capture) {
  charge.set_calculated_statement_descriptor(CalculatedDescriptor(world, charge));
  charge.set_refunded(false);
  if (Declines(card)) {
    charge.set_amount_captured(0);
    charge.set_captured(false);
    charge.set_failure_code(std::string(card.code.empty() ? "card_declined" : card.code));
    charge.set_failure_message(
        std::string(card.message.empty() ? "Your card was declined." : card.message));
    charge.set_paid(false);
    charge.set_status("failed");
    Charge& stored = world.charges.Insert(std::move(charge));
    world.Emit("charge.failed", stored);
    return stored;
  }
  charge.set_captured(capture);
  charge.set_paid(true);
  charge.set_status("succeeded");
  if (capture) {
    charge.set_amount_captured(charge.amount());
  } else {
    charge.mutable_payment_method_details()->mutable_card()->set_capture_before(
        absl::ToUnixSeconds(world.now + kAuthorizationWindow));
  }
  Charge& stored = world.charges.Insert(std::move(charge));
  if (capture) {
    stored.set_balance_transaction(
        RecordChargeTransaction(world, stored, stored.amount(), card.bypass_pending).id());
  } else {
    world.timers.Schedule(world.now + kAuthorizationWindow, TimerKind::kAuthorizationExpiry,
                          stored.id());
  }
  world.Emit("charge.succeeded", stored);
  return stored;
}

void CaptureHold(World& world, Charge& charge, int64_t amount) {
  charge.set_captured(true);
  charge.set_amount_captured(amount);
  charge.set_calculated_statement_descriptor(CalculatedDescriptor(world, charge));
  const TestCard* paying = nullptr;
  if (charge.has_source()) {
    paying = FindTestCardByNumber(charge.source().number());
  } else if (const PaymentMethod* pm = world.payment_methods.Find(charge.payment_method())) {
    paying = FindTestCardByNumber(pm->card().number());
  }
  charge.set_balance_transaction(
      RecordChargeTransaction(world, charge, amount, paying != nullptr && paying->bypass_pending)
          .id());
  bool refund_created = false;
  std::string refund_id;
  ReleaseAuthorization(world, charge, charge.amount() - amount, "", &refund_created, &refund_id);
  world.Emit("charge.captured", charge);
  if (refund_created) EmitRefundEvents(world, charge, refund_id);
}

void CancelHold(World& world, Charge& charge, absl::string_view reason) {
  charge.set_authorization_released(true);
  bool refund_created = false;
  std::string refund_id;
  ReleaseAuthorization(world, charge, charge.amount(), reason, &refund_created, &refund_id);
  if (refund_created) EmitRefundEvents(world, charge, refund_id);
}

void OnAuthorizationExpiry(World& world, const std::string& charge_id) {
  Charge* charge = world.charges.Find(charge_id);
  if (charge == nullptr || charge->captured() || charge->authorization_released() ||
      charge->status() != "succeeded") {
    return;  // captured or canceled in time: nothing to expire
  }
  charge->set_authorization_released(true);
  bool refund_created = false;
  std::string refund_id;
  ReleaseAuthorization(world, *charge, charge->amount(), "expired_uncaptured_charge",
                       &refund_created, &refund_id);
  world.Emit("charge.expired", *charge);
  if (refund_created) EmitRefundEvents(world, *charge, refund_id);
  // A PaymentIntent's hold: the intent is canceled too (payment_intent.canceled).
  if (charge->has_payment_intent()) CancelPaymentIntentOnHoldExpiry(world, *charge);
}

}  // namespace internal
}  // namespace paysim
