// PaymentMethods (card): create, retrieve, update, attach, detach, list.
#include "engine/payment_methods.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/empty.pb.h"
#include "engine/card_details.h"
#include "engine/metadata.h"
#include "engine/operations.h"
#include "engine/params_util.h"
#include "engine/status_macros.h"
#include "engine/world.h"

namespace paysim {
namespace {

using internal::World;

absl::Status ValidateAllowRedisplay(absl::string_view value) {
  if (value == "always" || value == "limited" || value == "unspecified") return absl::OkStatus();
  return InvalidRequestError(
      "", "allow_redisplay",
      absl::StrCat("Invalid allow_redisplay: must be one of always, limited, or unspecified"));
}

PaymentMethod NewPaymentMethod(World& w, const internal::CheckedCard& checked) {
  PaymentMethod pm;
  pm.set_id(w.ids.NewId("pm_"));
  pm.set_object("payment_method");
  pm.set_allow_redisplay("unspecified");
  *pm.mutable_billing_details() = internal::EmptyBillingDetails();
  *pm.mutable_card() = internal::MakePaymentMethodCard(checked);
  pm.set_created(w.created());
  pm.set_livemode(false);
  pm.set_type("card");
  return pm;
}

// The PaymentMethod named `id`: a stored one, or a new one minted for a `pm_card_*` name.
absl::StatusOr<PaymentMethod*> ResolveForAttach(World& w, absl::string_view id) {
  if (absl::StartsWith(id, "pm_card_")) {
    const TestCard* card = FindTestCardByAlias(id);
    if (card == nullptr) return ResourceMissing("PaymentMethod", id);
    PAYSIM_RETURN_IF_ERROR(internal::CheckAttachable(*card));
    return &internal::MintPaymentMethod(w, *card);
  }
  return w.payment_methods.Get(id);
}

}  // namespace

absl::StatusOr<PaymentMethod> PaymentMethodService::Create(const PaymentMethodCreateParams& params,
                                                           const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<PaymentMethod>(
      options, "POST /v1/payment_methods", params, [&]() -> absl::StatusOr<PaymentMethod> {
        if (!params.has_type()) return ParameterMissing("type");
        if (params.type() != "card") {
          return InvalidRequestError(
              "", "type",
              absl::StrCat("Invalid type: ", params.type(),
                           ". paysim supports PaymentMethods of type card."));
        }
        if (!params.has_card()) return ParameterMissing("card");
        if (params.has_allow_redisplay()) {
          PAYSIM_RETURN_IF_ERROR(ValidateAllowRedisplay(params.allow_redisplay()));
        }
        PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
        if (params.has_billing_details() && params.billing_details().has_email()) {
          PAYSIM_RETURN_IF_ERROR(
              internal::ValidateEmail(params.billing_details().email(), "billing_details[email]"));
        }
        internal::CheckedCard checked;
        Token* token = nullptr;
        if (params.card().has_token()) {
          if (params.card().has_number()) {
            return InvalidRequestError("parameters_exclusive", "card[token]",
                                       "You cannot provide both card[token] and card[number].");
          }
          const std::string& token_id = params.card().token();
          const TestCard* test_token =
              absl::StartsWith(token_id, "tok_") ? FindTestCardByAlias(token_id) : nullptr;
          if (test_token != nullptr) {
            // A test token name (`tok_visa`) stands for a fresh card each time (tokens.h).
            checked = internal::CheckedTestCard(*test_token, w.now);
          } else {
            PAYSIM_ASSIGN_OR_RETURN(token,
                                    internal::FindUsableToken(w, token_id, "card[token]"));
            const Card& card = token->card();
            checked = internal::CheckedCard{FindTestCardByNumber(card.number()), card.exp_month(),
                                            card.exp_year(), card.cvc_provided()};
          }
        } else {
          PAYSIM_ASSIGN_OR_RETURN(checked, internal::CheckCardParams(params.card(), w.now, "card"));
        }
        if (token != nullptr) token->set_used(true);
        PaymentMethod pm = NewPaymentMethod(w, checked);
        if (params.has_allow_redisplay()) pm.set_allow_redisplay(params.allow_redisplay());
        if (params.has_billing_details()) {
          internal::ApplyBillingDetails(params.billing_details(), pm.mutable_billing_details());
        }
        *pm.mutable_metadata() = params.metadata();
        return w.payment_methods.Insert(std::move(pm));
      });
}

absl::StatusOr<PaymentMethod> PaymentMethodService::Retrieve(absl::string_view id,
                                                             const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<PaymentMethod> {
    if (absl::StartsWith(id, "pm_card_")) {
      const TestCard* card = FindTestCardByAlias(id);
      if (card == nullptr) return ResourceMissing("PaymentMethod", id);
      return internal::MintPaymentMethod(w, *card);
    }
    PAYSIM_ASSIGN_OR_RETURN(PaymentMethod * pm, w.payment_methods.Get(id));
    return *pm;
  });
}

absl::StatusOr<PaymentMethod> PaymentMethodService::Update(absl::string_view id,
                                                           const PaymentMethodUpdateParams& params,
                                                           const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<PaymentMethod>(
      options, absl::StrCat("POST /v1/payment_methods/", id), params,
      [&]() -> absl::StatusOr<PaymentMethod> {
    PAYSIM_ASSIGN_OR_RETURN(PaymentMethod * pm, w.payment_methods.Get(id));
    if (!pm->has_customer()) {
      return StateError("", "payment_method",
                        "You must save this PaymentMethod to a customer before you can update it.");
    }
    if (params.has_allow_redisplay()) {
      PAYSIM_RETURN_IF_ERROR(ValidateAllowRedisplay(params.allow_redisplay()));
    }
    if (params.has_billing_details() && params.billing_details().has_email()) {
      PAYSIM_RETURN_IF_ERROR(
          internal::ValidateEmail(params.billing_details().email(), "billing_details[email]"));
    }
    PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
    PaymentMethod updated = *pm;
    PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));
    if (params.has_card()) {
      const int32_t month = params.card().has_exp_month() ? params.card().exp_month()
                                                          : updated.card().exp_month();
      const int32_t year = params.card().has_exp_year() ? params.card().exp_year()
                                                        : updated.card().exp_year();
      if (month < 1 || month > 12) {
        return InvalidRequestError("invalid_expiry_month", "card[exp_month]",
                                   "Your card's expiration month is invalid.");
      }
      if (year < 2000 || year > 2100) {
        return InvalidRequestError("invalid_expiry_year", "card[exp_year]",
                                   "Your card's expiration year is invalid.");
      }
      updated.mutable_card()->set_exp_month(month);
      updated.mutable_card()->set_exp_year(year);
    }
    if (params.has_allow_redisplay()) updated.set_allow_redisplay(params.allow_redisplay());
    if (params.has_billing_details()) {
      internal::ApplyBillingDetails(params.billing_details(), updated.mutable_billing_details());
    }
    std::string previous = PreviousAttributes(*pm, updated);
    *pm = std::move(updated);
    if (!previous.empty()) w.Emit("payment_method.updated", *pm, std::move(previous));
    return *pm;
  });
}

absl::StatusOr<PaymentMethod> PaymentMethodService::Attach(absl::string_view id,
                                                           const PaymentMethodAttachParams& params,
                                                           const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<PaymentMethod>(
      options, absl::StrCat("POST /v1/payment_methods/", id, "/attach"), params,
      [&]() -> absl::StatusOr<PaymentMethod> {
    if (!params.has_customer()) return ParameterMissing("customer");
    PAYSIM_ASSIGN_OR_RETURN(Customer * customer, w.customers.Get(params.customer(), "customer"));
    if (!absl::StartsWith(id, "pm_card_")) {
      PAYSIM_ASSIGN_OR_RETURN(PaymentMethod * existing, w.payment_methods.Get(id));
      if (existing->detached()) return internal::PaymentMethodNotReusable("payment_method");
      if (existing->has_customer()) {
        if (existing->customer() == customer->id()) return *existing;
        return StateError("", "",
                          "The payment method you provided has already been attached to a "
                          "customer.");
      }
      const TestCard* card = FindTestCardByNumber(existing->card().number());
      if (card != nullptr) PAYSIM_RETURN_IF_ERROR(internal::CheckAttachable(*card));
    }
    PAYSIM_ASSIGN_OR_RETURN(PaymentMethod * pm, ResolveForAttach(w, id));
    internal::AttachPaymentMethod(w, *pm, customer->id());
    return *pm;
  });
}

absl::StatusOr<PaymentMethod> PaymentMethodService::Detach(absl::string_view id,
                                                           const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<PaymentMethod>(
      options, absl::StrCat("POST /v1/payment_methods/", id, "/detach"),
      google::protobuf::Empty::default_instance(),  // no params
      [&]() -> absl::StatusOr<PaymentMethod> {
    PAYSIM_ASSIGN_OR_RETURN(PaymentMethod * pm, w.payment_methods.Get(id));
    if (!pm->has_customer()) {
      return StateError("", "payment_method",
                        absl::StrCat("The payment method ", id, " is not attached to a customer."));
    }
    Customer* customer = w.customers.Find(pm->customer());
    if (customer != nullptr &&
        customer->invoice_settings().default_payment_method() == pm->id()) {
      Customer before = *customer;
      customer->mutable_invoice_settings()->clear_default_payment_method();
      w.Emit("customer.updated", *customer, PreviousAttributes(before, *customer));
    }
    pm->clear_customer();
    pm->set_detached(true);
    w.Emit("payment_method.detached", *pm);
    return *pm;
  });
}

absl::StatusOr<ListResult<PaymentMethod>> PaymentMethodService::List(
    const PaymentMethodListParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<PaymentMethod>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    if (params.has_customer()) {
      PAYSIM_RETURN_IF_ERROR(w.customers.Get(params.customer(), "customer").status());
    }
    if (params.has_type() && params.type() != "card") {
      return InvalidRequestError("", "type",
                                 absl::StrCat("Invalid type: ", params.type(),
                                              ". paysim supports PaymentMethods of type card."));
    }
    return w.payment_methods.List(window, "/v1/payment_methods", [&](const PaymentMethod& pm) {
      return !params.has_customer() || pm.customer() == params.customer();
    });
  });
}

namespace internal {

absl::StatusOr<PaymentMethod*> FindUsablePaymentMethod(World& world, absl::string_view id,
                                                       absl::string_view param) {
  PAYSIM_ASSIGN_OR_RETURN(PaymentMethod * pm, world.payment_methods.Get(id, param));
  if (pm->detached()) return PaymentMethodNotReusable(param);
  return pm;
}

absl::Status PaymentMethodNotReusable(absl::string_view param) {
  return StateError("", param,
                    "This PaymentMethod was previously used without being attached to a "
                    "Customer or was detached from a Customer, and may not be used again.");
}

PaymentMethod& MintPaymentMethod(World& world, const TestCard& card) {
  return world.payment_methods.Insert(NewPaymentMethod(world, CheckedTestCard(card, world.now)));
}

void AttachPaymentMethod(World& world, PaymentMethod& pm, const std::string& customer_id) {
  pm.set_customer(customer_id);
  // Attaching runs the CVC check (unchecked -> the card's result).
  if (pm.card().cvc_provided()) {
    const TestCard* card = FindTestCardByNumber(pm.card().number());
    pm.mutable_card()->mutable_checks()->set_cvc_check(
        std::string(card != nullptr ? card->cvc_check : "pass"));
  }
  world.Emit("payment_method.attached", pm);
}

absl::Status CheckAttachable(const TestCard& card) {
  if (card.charge_outcome == CardOutcome::kDeclined ||
      card.charge_outcome == CardOutcome::kBlocked) {
    StripeError error;
    error.set_type("card_error");
    error.set_code(std::string(card.code.empty() ? "card_declined" : card.code));
    if (!card.decline_code.empty()) error.set_decline_code(std::string(card.decline_code));
    error.set_message(
        std::string(card.message.empty() ? "Your card was declined." : card.message));
    if (!card.param.empty()) error.set_param(std::string(card.param));
    error.set_http_status(402);
    return MakeStripeError(std::move(error));
  }
  return absl::OkStatus();
}

}  // namespace internal
}  // namespace paysim
