// Charges: the whole Charges API lifecycle in one place.
//
//   Create  -> succeeded (captured, or an uncaptured hold) | failed (402)
//   Capture -> captured; a partial capture releases the remainder
//   hold expiry (timer, kAuthorizationWindow after creation) -> released
//   Refunds of a charge live in refunds.cc.
#include "engine/charges.h"
#include "engine/internal/interned.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/api_version.h"
#include "engine/internal/card_details.h"
#include "engine/currency.h"
#include "engine/metadata.h"
#include "engine/internal/charge_lifecycle.h"
#include "engine/internal/params_util.h"
#include "engine/internal/payment_method_lifecycle.h"
#include "engine/internal/token_lifecycle.h"
#include "engine/statement_descriptor.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"

namespace paysim {
namespace {

using internal::ChargeLifecycle;
using internal::PaymentMethodLifecycle;
using internal::TokenLifecycle;
using internal::World;

// What pays for a charge, resolved and checked but not yet changed.
struct PaymentSource {
  const TestCard* card = nullptr;
  int32_t exp_month = 0;
  int32_t exp_year = 0;
  bool cvc_provided = false;
  std::string customer;
  const Token* token = nullptr;           // consumed on commit
  const TestCard* mint_token = nullptr;   // `tok_*` test name: a new card on commit
  const TestCard* mint_pm = nullptr;      // `pm_card_*` name: a new PaymentMethod on commit
  const Card* card_source = nullptr;      // a customer's saved card
  const PaymentMethod* payment_method = nullptr;
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
    PAYSIM_ASSIGN_OR_RETURN(const Customer* c, w.customers().Get(params.customer(), "customer"));
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
      internal::CheckedCard checked = internal::CheckedTestCard(*card, w.now());
      out.card = card;
      out.exp_month = checked.exp_month;
      out.exp_year = checked.exp_year;
      out.cvc_provided = checked.cvc_provided;
      return out;
    }
    PAYSIM_ASSIGN_OR_RETURN(out.token, TokenLifecycle::FindUsable(w, source, "source"));
    const Card& card = out.token->card();
    out.card = FindTestCardByNumber(card.number());
    out.exp_month = card.exp_month();
    out.exp_year = card.exp_year();
    out.cvc_provided = card.cvc_provided();
    return out;
  }
  if (absl::StartsWith(source, "card_")) {
    const Card* card = w.cards().Find(source);
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
    internal::CheckedCard checked = internal::CheckedTestCard(*card, w.now());
    out.mint_pm = card;
    out.card = card;
    out.exp_month = checked.exp_month;
    out.exp_year = checked.exp_year;
    out.cvc_provided = true;
    return out;
  }
  if (absl::StartsWith(source, "pm_")) {
    PAYSIM_ASSIGN_OR_RETURN(const PaymentMethod* pm,
                            PaymentMethodLifecycle::FindUsable(w, source, "source"));
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
        params.statement_descriptor_suffix(), w.options().statement_descriptor_prefix,
        "statement_descriptor_suffix"));
  }
  return absl::OkStatus();
}

// A legacy card's holder name and address, as the charge's billing_details.
BillingDetails BillingDetailsOfCard(const Card& card) {
  BillingDetails details = internal::EmptyBillingDetails();
  if (!card.has_address_city() && !card.has_address_country() && !card.has_address_line1() &&
      !card.has_address_line2() && !card.has_address_zip() && !card.has_address_state() &&
      !card.has_name()) {
    return details;  // the shared empty version
  }
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

// A charge's `shipping`, on create and update. Stripe's Charge API has no empty form of it
// (unlike a PaymentIntent's update): `shipping=` is refused. UNCERTAIN for the update.
absl::Status ValidateChargeShipping(const ShippingParams& shipping) {
  if (internal::IsUnsetRequest(shipping)) return internal::CannotUnset("shipping");
  return internal::ValidateShipping(shipping, "shipping");
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
          PAYSIM_RETURN_IF_ERROR(ValidateChargeShipping(params.shipping()));
        }
        PAYSIM_ASSIGN_OR_RETURN(PaymentSource source, ResolveSource(w, params));
        if (source.card == nullptr) {
          return InvalidRequestError("", "source", "The card on this source is not a test card.");
        }
        const TestCard& card = *source.card;
        const bool capture = !params.has_capture() || params.capture();

        // transition
        Charge charge = ChargeLifecycle::NewCardCharge(w, card, params.amount(), source.exp_month,
                                                       source.exp_year, source.cvc_provided);
        charge.set_currency(internal::Interned(currency->code));
        if (!source.customer.empty()) charge.set_customer(source.customer);
        if (params.has_description()) charge.set_description(params.description());
        *charge.mutable_metadata() = params.metadata();
        if (params.has_receipt_email()) charge.set_receipt_email(params.receipt_email());
        if (params.has_shipping()) {
          *charge.mutable_shipping() = internal::ShippingFrom(params.shipping());
        }
        if (params.has_statement_descriptor()) {
          charge.set_statement_descriptor(params.statement_descriptor());
        }
        if (params.has_statement_descriptor_suffix()) {
          charge.set_statement_descriptor_suffix(params.statement_descriptor_suffix());
        }
        if (!params.transfer_group().empty()) charge.set_transfer_group(params.transfer_group());

        // commit: the paying object first (a test name mints one; a token is used up).
        if (source.token != nullptr) {
          TokenLifecycle::Use(w, *source.token);
          *charge.mutable_source() = source.token->card();
        } else if (source.mint_token != nullptr) {
          internal::CheckedCard checked = internal::CheckedTestCard(card, w.now());
          *charge.mutable_source() = internal::MakeLegacyCard(w.ids().NewId("card_"), checked,
                                                              nullptr, card.cvc_check);
        } else if (source.card_source != nullptr) {
          *charge.mutable_source() = *source.card_source;
        }
        if (charge.has_source()) {
          charge.set_payment_method(charge.source().id_shared());
          *charge.mutable_billing_details() = BillingDetailsOfCard(charge.source());
          // The charge's CVC check (changed only if it differs: a card's stable block stays
          // shared with the cards of the same test card).
          const Card& shown = charge.source();
          if (shown.has_cvc_check() != source.cvc_provided ||
              (source.cvc_provided && shown.cvc_check() != card.cvc_check)) {
            charge.mutable_source()->clear_cvc_check();
            if (source.cvc_provided) {
              charge.mutable_source()->set_cvc_check(internal::Interned(card.cvc_check));
            }
          }
        } else {
          const PaymentMethod& pm = source.payment_method != nullptr
                                        ? *source.payment_method
                                        : PaymentMethodLifecycle::Mint(w, card);
          charge.set_payment_method(pm.id_shared());
          *charge.mutable_billing_details() = pm.billing_details();
        }
        const Charge& stored = ChargeLifecycle::SettleCard(w, std::move(charge), card, capture);
        if (stored.status() == "failed") return internal::CardDeclinedError(card, stored.id());
        return stored;
      });
}

absl::StatusOr<Charge> ChargeService::Retrieve(absl::string_view id,
                                               const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Charge> {
    PAYSIM_ASSIGN_OR_RETURN(const Charge* charge, w.charges().Get(id));
    return *charge;
  });
}

absl::StatusOr<Charge> ChargeService::Update(absl::string_view id, const ChargeUpdateParams& params,
                                             const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Charge>(
      options, [&] { return absl::StrCat("POST /v1/charges/", id); }, params,
      [&]() -> absl::StatusOr<Charge> {
    PAYSIM_ASSIGN_OR_RETURN(const Charge* charge, w.charges().Get(id));
    PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
    if (params.has_receipt_email()) {
      PAYSIM_RETURN_IF_ERROR(internal::ValidateEmail(params.receipt_email(), "receipt_email"));
    }
    if (params.has_shipping()) PAYSIM_RETURN_IF_ERROR(ValidateChargeShipping(params.shipping()));
    if (params.has_transfer_group()) {
      PAYSIM_RETURN_IF_ERROR(internal::CheckTransferGroupUpdate(
          charge->has_transfer_group(), charge->transfer_group(), params.transfer_group()));
    }
    Charge updated = *charge;
    PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));
    if (params.has_description()) updated.set_description(params.description());
    if (params.has_receipt_email()) updated.set_receipt_email(params.receipt_email());
    if (params.has_shipping()) {
      *updated.mutable_shipping() = internal::ShippingFrom(params.shipping());
    }
    if (!params.transfer_group().empty()) updated.set_transfer_group(params.transfer_group());
    return ChargeLifecycle::Update(w, *charge, updated);
  });
}

absl::StatusOr<Charge> ChargeService::Capture(absl::string_view id,
                                              const ChargeCaptureParams& params,
                                              const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Charge>(
      options, [&] { return absl::StrCat("POST /v1/charges/", id, "/capture"); }, params,
      [&]() -> absl::StatusOr<Charge> {
    // validate
    PAYSIM_ASSIGN_OR_RETURN(const Charge* charge, w.charges().Get(id));
    const internal::ChargeState state = ChargeLifecycle::StateOf(*charge);
    if (state == internal::ChargeState::kFailed) {
      // Stripe documents capture_unauthorized_payment ("You cannot capture this unauthorized
      // payment") without naming the case; a declined charge is the one it fits.
      return StateError("capture_unauthorized_payment", "",
                        absl::StrCat("Charge ", id, " has failed and cannot be captured."));
    }
    if (state == internal::ChargeState::kCaptured || state == internal::ChargeState::kPending) {
      return StateError("charge_already_captured", "",
                        absl::StrCat("Charge ", id, " has already been captured."));
    }
    if (state == internal::ChargeState::kReleased) {
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
      // Stripe refuses ("This uncaptured Charge was created by a PaymentIntent (pi_...). You must
      // capture the PaymentIntent instead. For more information, see ..."). UNCERTAIN: the
      // page the last sentence links to; paysim ends after "instead."
      return StateError("", "",
                        absl::StrCat("This uncaptured Charge was created by a PaymentIntent (",
                                     charge->payment_intent(),
                                     "). You must capture the PaymentIntent instead."));
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
          params.statement_descriptor_suffix(), w.options().statement_descriptor_prefix,
          "statement_descriptor_suffix"));
    }
    // transition + commit
    ChargeLifecycle::CaptureDetails details;
    if (params.has_receipt_email()) details.receipt_email = &params.receipt_email();
    if (params.has_statement_descriptor()) {
      details.statement_descriptor = &params.statement_descriptor();
    }
    if (params.has_statement_descriptor_suffix()) {
      details.statement_descriptor_suffix = &params.statement_descriptor_suffix();
    }
    ChargeLifecycle::Capture(w, *charge, amount, details);
    return *w.charges().Find(id);
  });
}

absl::StatusOr<ListResult<Charge>> ChargeService::List(const ChargeListParams& params,
                                                       const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<Charge>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    auto keep = [&](const Charge& c) {
      return !params.has_payment_intent() || c.payment_intent() == params.payment_intent();
    };
    if (params.has_customer()) {  // the customer's only: no walk over every charge
      return w.charges().ListAt(window, "/v1/charges",
                                ChargeLifecycle::ByCustomer(w).Of(params.customer()), keep);
    }
    if (params.has_payment_intent()) {  // the intent's only
      return w.charges().ListAt(window, "/v1/charges",
                                ChargeLifecycle::ByPaymentIntent(w).Of(params.payment_intent()),
                                keep);
    }
    return w.charges().List(window, "/v1/charges", keep);
  });
}

}  // namespace paysim
