// PaymentMethods (card, and the bank debits sepa_debit and us_bank_account): create,
// retrieve, update, attach, detach, list.
#include "engine/payment_methods.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/empty.pb.h"
#include "engine/internal/bank_debit_params.h"
#include "engine/internal/card_details.h"
#include "engine/internal/card_source_payment_method.h"
#include "engine/internal/customer_lifecycle.h"
#include "engine/internal/params_util.h"
#include "engine/internal/payment_method_lifecycle.h"
#include "engine/internal/token_lifecycle.h"
#include "engine/metadata.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"

namespace paysim {
namespace {

using internal::CustomerLifecycle;
using internal::PaymentMethodLifecycle;
using internal::TokenLifecycle;
using internal::World;

absl::Status ValidateAllowRedisplay(absl::string_view value) {
  if (value == "always" || value == "limited" || value == "unspecified") return absl::OkStatus();
  return InvalidRequestError(
      "", "allow_redisplay",
      absl::StrCat("Invalid allow_redisplay: must be one of always, limited, or unspecified"));
}

// The PaymentMethod named `id`: a stored one, or a new one minted for a `pm_card_*` name.
absl::StatusOr<const PaymentMethod*> ResolveForAttach(World& w, absl::string_view id) {
  if (absl::StartsWith(id, "pm_card_")) {
    const TestCard* card = FindTestCardByAlias(id);
    if (card == nullptr) return ResourceMissing("PaymentMethod", id);
    PAYSIM_RETURN_IF_ERROR(PaymentMethodLifecycle::CheckAttachable(*card));
    return &PaymentMethodLifecycle::Mint(w, *card);
  }
  return w.payment_methods().Get(id);
}

}  // namespace

absl::StatusOr<PaymentMethod> PaymentMethodService::Create(const PaymentMethodCreateParams& params,
                                                           const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<PaymentMethod>(
      options, "POST /v1/payment_methods", params, [&]() -> absl::StatusOr<PaymentMethod> {
        if (!params.has_type()) return ParameterMissing("type");
        if (internal::IsBankDebitType(params.type())) {
          PAYSIM_ASSIGN_OR_RETURN(
              internal::BankDebitDraft draft,
              internal::CheckBankDebitParams(internal::BankDebitParamsOf(params), ""));
          return internal::CreateBankDebitPaymentMethod(w, std::move(draft));
        }
        if (params.type() != "card") {
          return InvalidRequestError(
              "", "type",
              absl::StrCat("Invalid type: ", params.type(),
                           ". paysim supports PaymentMethods of type card, sepa_debit and "
                           "us_bank_account."));
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
        const Token* token = nullptr;
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
            checked = internal::CheckedTestCard(*test_token, w.now());
          } else {
            PAYSIM_ASSIGN_OR_RETURN(token,
                                    TokenLifecycle::FindUsable(w, token_id, "card[token]"));
            const Card& card = token->card();
            checked = internal::CheckedCard{FindTestCardByNumber(card.number()), card.exp_month(),
                                            card.exp_year(), card.cvc_provided()};
          }
        } else {
          PAYSIM_ASSIGN_OR_RETURN(checked, internal::CheckCardParams(params.card(), w.now(), "card"));
        }
        if (token != nullptr) TokenLifecycle::Use(w, *token);
        PaymentMethod pm = PaymentMethodLifecycle::NewCard(w, checked);
        if (params.has_allow_redisplay()) pm.set_allow_redisplay(params.allow_redisplay());
        if (params.has_billing_details()) {
          internal::ApplyBillingDetails(params.billing_details(), pm.mutable_billing_details());
        }
        *pm.mutable_metadata() = params.metadata();
        return PaymentMethodLifecycle::Create(w, std::move(pm));
      });
}

absl::StatusOr<PaymentMethod> PaymentMethodService::Retrieve(absl::string_view id,
                                                             const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<PaymentMethod> {
    if (absl::StartsWith(id, "pm_card_")) {
      const TestCard* card = FindTestCardByAlias(id);
      if (card == nullptr) return ResourceMissing("PaymentMethod", id);
      return PaymentMethodLifecycle::Mint(w, *card);
    }
    // A customer's saved card answers as a PaymentMethod of the same id.
    if (const Card* card = internal::FindSavedCard(w, id)) {
      return internal::PaymentMethodOfCard(*card);
    }
    PAYSIM_ASSIGN_OR_RETURN(const PaymentMethod* pm, w.payment_methods().Get(id));
    return *pm;
  });
}

absl::StatusOr<PaymentMethod> PaymentMethodService::Update(absl::string_view id,
                                                           const PaymentMethodUpdateParams& params,
                                                           const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<PaymentMethod>(
      options, [&] { return absl::StrCat("POST /v1/payment_methods/", id); }, params,
      [&]() -> absl::StatusOr<PaymentMethod> {
    PAYSIM_ASSIGN_OR_RETURN(const PaymentMethod* pm, w.payment_methods().Get(id));
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
    return PaymentMethodLifecycle::Update(w, *pm, updated);
  });
}

absl::StatusOr<PaymentMethod> PaymentMethodService::Attach(absl::string_view id,
                                                           const PaymentMethodAttachParams& params,
                                                           const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<PaymentMethod>(
      options, [&] { return absl::StrCat("POST /v1/payment_methods/", id, "/attach"); }, params,
      [&]() -> absl::StatusOr<PaymentMethod> {
    if (!params.has_customer()) return ParameterMissing("customer");
    PAYSIM_ASSIGN_OR_RETURN(const Customer* customer,
                            w.customers().Get(params.customer(), "customer"));
    if (!absl::StartsWith(id, "pm_card_")) {
      PAYSIM_ASSIGN_OR_RETURN(const PaymentMethod* existing, w.payment_methods().Get(id));
      if (PaymentMethodLifecycle::StateOf(*existing) == internal::PaymentMethodState::kDetached) {
        return PaymentMethodLifecycle::NotReusable("payment_method");
      }
      if (existing->has_customer()) {
        if (existing->customer() == customer->id()) return *existing;
        return StateError("", "",
                          "The payment method you provided has already been attached to a "
                          "customer.");
      }
      const TestCard* card = FindTestCardByNumber(existing->card().number());
      if (card != nullptr) PAYSIM_RETURN_IF_ERROR(PaymentMethodLifecycle::CheckAttachable(*card));
    }
    PAYSIM_ASSIGN_OR_RETURN(const PaymentMethod* pm, ResolveForAttach(w, id));
    PaymentMethodLifecycle::Attach(w, *pm, customer->id());
    return *pm;
  });
}

absl::StatusOr<PaymentMethod> PaymentMethodService::Detach(absl::string_view id,
                                                           const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<PaymentMethod>(
      options, [&] { return absl::StrCat("POST /v1/payment_methods/", id, "/detach"); },
      google::protobuf::Empty::default_instance(),  // no params
      [&]() -> absl::StatusOr<PaymentMethod> {
    PAYSIM_ASSIGN_OR_RETURN(const PaymentMethod* pm, w.payment_methods().Get(id));
    if (!pm->has_customer()) {
      return StateError("", "payment_method",
                        absl::StrCat("The payment method ", id, " is not attached to a customer."));
    }
    const Customer* customer = w.customers().Find(pm->customer());
    if (customer != nullptr &&
        customer->invoice_settings().default_payment_method() == pm->id()) {
      Customer updated = *customer;
      updated.mutable_invoice_settings()->clear_default_payment_method();
      CustomerLifecycle::Update(w, *customer, updated);
    }
    PaymentMethodLifecycle::Detach(w, *pm);
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
      PAYSIM_RETURN_IF_ERROR(w.customers().Get(params.customer(), "customer").status());
    }
    if (params.has_type() && params.type() != "card" &&
        !internal::IsBankDebitType(params.type())) {
      return InvalidRequestError("", "type",
                                 absl::StrCat("Invalid type: ", params.type(),
                                              ". paysim supports PaymentMethods of type card, "
                                              "sepa_debit and us_bank_account."));
    }
    auto kept = [&](const PaymentMethod& pm) {
      return (!params.has_customer() || pm.customer() == params.customer()) &&
             (!params.has_type() || pm.type() == params.type());
    };
    if (params.has_customer() && (!params.has_type() || params.type() == "card")) {
      // A customer's list holds its saved cards too (card_source_payment_method.h).
      return internal::ListCustomerPaymentMethodsAndCards(w, params.customer(), window,
                                                          "/v1/payment_methods", kept);
    }
    if (params.has_customer()) {  // the customer's only: no walk over every PaymentMethod
      return w.payment_methods().ListAt(
          window, "/v1/payment_methods",
          PaymentMethodLifecycle::ByCustomer(w).Of(params.customer()), kept);
    }
    return w.payment_methods().List(window, "/v1/payment_methods", kept);
  });
}

}  // namespace paysim
