// Customers: create, retrieve, update, delete, list.
#include "engine/customers.h"
#include "engine/internal/interned.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/api_version.h"
#include "engine/internal/card_details.h"
#include "engine/internal/customer_deletion.h"
#include "engine/internal/customer_discounts.h"
#include "engine/internal/customer_profile.h"
#include "engine/internal/tax_id_lifecycle.h"
#include "engine/internal/tax_id_types.h"
#include "engine/internal/test_clock_lifecycle.h"
#include "engine/test_clocks.h"
#include "engine/internal/customer_balance_lifecycle.h"
#include "engine/internal/customer_lifecycle.h"
#include "engine/internal/params_util.h"
#include "engine/internal/payment_method_lifecycle.h"
#include "engine/internal/source_tokens.h"
#include "engine/metadata.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"

namespace paysim {
namespace {

using internal::CustomerBalanceLifecycle;
using internal::CustomerLifecycle;
using internal::PaymentMethodLifecycle;
using internal::CheckSourceToken;
using internal::SourceToken;
using internal::World;

// The checks a create and an update share; nothing is changed.
template <typename Params>
absl::Status ValidateCommon(const Params& params) {
  if (params.has_email() && !params.email().empty()) {
    PAYSIM_RETURN_IF_ERROR(internal::ValidateEmail(params.email(), "email"));
  }
  if (params.has_shipping()) {
    PAYSIM_RETURN_IF_ERROR(internal::ValidateShipping(params.shipping(), "shipping"));
  }
  PAYSIM_RETURN_IF_ERROR(internal::ValidateProfile(params));
  return ValidateMetadata(params.metadata());
}

// `invoice_settings[default_payment_method]` must be attached to `customer_id`.
absl::Status ValidateDefaultPaymentMethod(World& w, const std::string& pm_id,
                                          absl::string_view customer_id,
                                          absl::string_view attaching_pm_id) {
  constexpr absl::string_view kParam = "invoice_settings[default_payment_method]";
  if (pm_id.empty() || pm_id == attaching_pm_id) return absl::OkStatus();
  PAYSIM_ASSIGN_OR_RETURN(const PaymentMethod* pm,
                          PaymentMethodLifecycle::FindUsable(w, pm_id, kParam));
  if (!pm->has_customer() || pm->customer() != customer_id) {
    return InvalidRequestError(
        "", kParam,
        absl::StrCat("The customer does not have a payment method with the ID ", pm_id,
                     ". The payment method must be attached to the customer."));
  }
  return absl::OkStatus();
}

template <typename Params>
internal::DiscountRequest DiscountRequestOf(const Params& params) {
  internal::DiscountRequest request;
  if (params.has_coupon()) request.coupon = params.coupon();
  if (params.has_promotion_code()) request.promotion_code = params.promotion_code();
  return request;
}

}  // namespace

absl::StatusOr<Customer> CustomerService::Create(const CustomerCreateParams& params,
                                                 const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Customer>(
      options, "POST /v1/customers", params, [&]() -> absl::StatusOr<Customer> {
        // validate
        PAYSIM_RETURN_IF_ERROR(ValidateCommon(params));
        SourceToken token;
        if (params.has_source()) {
          PAYSIM_ASSIGN_OR_RETURN(token, CheckSourceToken(w, params.source()));
        }
        const PaymentMethod* pm = nullptr;
        const TestCard* alias = nullptr;
        if (params.has_payment_method()) {
          alias = FindTestCardByAlias(params.payment_method());
          if (alias == nullptr) {
            PAYSIM_ASSIGN_OR_RETURN(pm, PaymentMethodLifecycle::FindUsable(
                                            w, params.payment_method(), "payment_method"));
            if (pm->has_customer()) {
              return InvalidRequestError(
                  "", "payment_method",
                  "The payment method you provided has already been attached to a customer.");
            }
          }
          const TestCard* card = alias != nullptr ? alias : FindTestCardByNumber(pm->card().number());
          if (card != nullptr) PAYSIM_RETURN_IF_ERROR(PaymentMethodLifecycle::CheckAttachable(*card));
        }
        for (int i = 0; i < params.tax_id_data_size(); ++i) {
          PAYSIM_RETURN_IF_ERROR(internal::ValidateTaxIdData(
              params.tax_id_data(i), absl::StrCat("tax_id_data[", i, "]")));
        }
        // A new customer has nothing attached yet: only the `payment_method` being attached
        // can be its default.
        const std::string& pm_default = params.invoice_settings().default_payment_method();
        PAYSIM_RETURN_IF_ERROR(ValidateDefaultPaymentMethod(
            w, pm_default, "", params.has_payment_method() ? params.payment_method() : ""));
        {
          Customer located;  // where the new customer is, for tax[validate_location]
          if (params.has_address()) internal::ApplyAddress(params.address(), located.mutable_address());
          if (params.has_shipping()) {
            internal::ApplyShipping(params.shipping(), located.mutable_shipping());
          }
          PAYSIM_RETURN_IF_ERROR(
              internal::CheckTaxLocation(w, located, params.tax().validate_location()));
        }
        const internal::DiscountRequest discount = DiscountRequestOf(params);
        internal::DiscountChoice choice;
        if (discount.given() && !discount.removes()) {
          PAYSIM_ASSIGN_OR_RETURN(choice, internal::CheckDiscount(w, discount, ""));
        }
        std::string test_clock;
        if (params.has_test_clock()) {
          PAYSIM_ASSIGN_OR_RETURN(const TestClock* clock,
                                  w.test_clocks().Get(params.test_clock(), "test_clock"));
          if (internal::TestClockLifecycle::CustomerCount(w, clock->id()) >=
              kTestClockMaxCustomers) {
            // UNCERTAIN: Stripe's wording (its docs give the limit of 3 customers per clock).
            return InvalidRequestError(
                "", "test_clock",
                absl::StrCat("This test clock already has the maximum number of customers (",
                             kTestClockMaxCustomers, ")."));
          }
          test_clock = clock->id();
        }
        // transition + commit, on the test clock's time if the customer has one
        const World::TimelineScope timeline =
            internal::TestClockLifecycle::EnterClockTimeline(w, test_clock);
        Customer customer = CustomerLifecycle::New(w);
        if (!test_clock.empty()) customer.set_test_clock(test_clock);
        if (choice.coupon != nullptr) {
          *customer.mutable_discount() = internal::RedeemDiscount(w, choice, customer.id());
        }
        if (params.has_address()) internal::ApplyAddress(params.address(), customer.mutable_address());
        // As on update, an empty string leaves an optional string null.
        if (!params.description().empty()) customer.set_description(params.description());
        if (!params.email().empty()) customer.set_email(params.email());
        *customer.mutable_metadata() = params.metadata();
        if (!params.name().empty()) customer.set_name(params.name());
        if (!params.phone().empty()) customer.set_phone(params.phone());
        if (params.has_balance()) customer.set_balance(params.balance());
        internal::ApplyProfile(params, customer);
        // A balance is in the customer's currency: the first one sets it.
        if (customer.balance() != 0 && !customer.has_currency()) {
          customer.set_currency(std::string(internal::kDefaultBalanceCurrency));
        }
        if (params.has_shipping()) internal::ApplyShipping(params.shipping(), customer.mutable_shipping());
        // The card is made first (its id is the new customer's default_source) and saved
        // once the customer exists: customer.created, then customer.source.created.
        Card card;
        if (token.given()) {
          card = internal::TakeCardFromToken(w, token);
          customer.set_default_source(card.id_shared());
        }
        // customer.created carries the customer as created (its default PaymentMethod
        // included), then payment_method.attached follows.
        const PaymentMethod* attached = nullptr;
        if (params.has_payment_method()) {
          attached = alias != nullptr ? &PaymentMethodLifecycle::Mint(w, *alias) : pm;
          if (pm_default == params.payment_method()) {
            customer.mutable_invoice_settings()->set_default_payment_method(attached->id_shared());
          }
        }
        const Customer& stored = CustomerLifecycle::Create(w, std::move(customer));
        CustomerBalanceLifecycle::RecordApplied(w, stored, stored.balance(), "initial");
        if (token.given()) CustomerLifecycle::AddCard(w, std::move(card), stored.id());
        if (attached != nullptr) PaymentMethodLifecycle::Attach(w, *attached, stored.id());
        for (const TaxIdCreateParams& tax_id : params.tax_id_data()) {
          internal::TaxIdLifecycle::Add(w, stored, tax_id.type(), tax_id.value());
        }
        return stored;
      });
}

absl::StatusOr<Customer> CustomerService::Retrieve(absl::string_view id,
                                                   const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Customer> {
    PAYSIM_ASSIGN_OR_RETURN(const Customer* customer, w.customers().Get(id));
    return *customer;
  });
}

absl::StatusOr<Customer> CustomerService::Update(absl::string_view id,
                                                 const CustomerUpdateParams& params,
                                                 const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Customer>(
      options, [&] { return absl::StrCat("POST /v1/customers/", id); }, params,
      [&]() -> absl::StatusOr<Customer> {
    PAYSIM_ASSIGN_OR_RETURN(const Customer* customer, w.customers().Get(id));
    PAYSIM_RETURN_IF_ERROR(ValidateCommon(params));
    if (params.has_invoice_settings() &&
        params.invoice_settings().has_default_payment_method()) {
      PAYSIM_RETURN_IF_ERROR(ValidateDefaultPaymentMethod(
          w, params.invoice_settings().default_payment_method(), customer->id(), ""));
    }
    SourceToken token;
    if (params.has_source()) {
      PAYSIM_ASSIGN_OR_RETURN(token, CheckSourceToken(w, params.source()));
    }
    if (params.has_default_source()) {
      const Card* card = w.cards().Find(params.default_source());
      if (card == nullptr || card->customer() != customer->id()) {
        return InvalidRequestError(
            "", "default_source",
            absl::StrCat("The customer ", customer->id(), " does not have a source with ID ",
                         params.default_source(), "."));
      }
    }
    const internal::DiscountRequest discount = DiscountRequestOf(params);
    internal::DiscountChoice choice;
    if (discount.given() && !discount.removes()) {
      PAYSIM_ASSIGN_OR_RETURN(choice, internal::CheckDiscount(w, discount, customer->id()));
    }
    {
      Customer located = *customer;  // where the update leaves it, for tax[validate_location]
      if (params.has_address()) internal::ApplyAddress(params.address(), located.mutable_address());
      if (params.has_shipping()) internal::ApplyShipping(params.shipping(), located.mutable_shipping());
      // Stripe's default on update: auto from 2024-10-28.acacia on, deferred before.
      absl::string_view validate = "deferred";
      if (params.tax().has_validate_location()) {
        validate = params.tax().validate_location();
      } else if (ApiVersionAtLeast(w.api_version(), "2024-10-28")) {
        validate = "auto";
      }
      PAYSIM_RETURN_IF_ERROR(internal::CheckTaxLocation(w, located, validate));
    }
    Customer updated = *customer;
    PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));
    if (discount.removes()) updated.clear_discount();
    if (choice.coupon != nullptr) {
      *updated.mutable_discount() = internal::RedeemDiscount(w, choice, customer->id());
    }
    if (params.has_address()) internal::ApplyAddress(params.address(), updated.mutable_address());
    if (params.has_balance()) updated.set_balance(params.balance());
    const int64_t balance_moved = updated.balance() - customer->balance();
    if (balance_moved != 0 && !updated.has_currency()) {
      updated.set_currency(std::string(internal::kDefaultBalanceCurrency));
    }
    // Stripe unsets an optional string given as an empty string: it becomes null.
    if (params.has_description() && params.description().empty()) {
      updated.clear_description();
    } else if (params.has_description()) {
      updated.set_description(params.description());
    }
    if (params.has_email() && params.email().empty()) {
      updated.clear_email();
    } else if (params.has_email()) {
      updated.set_email(params.email());
    }
    if (params.has_name() && params.name().empty()) {
      updated.clear_name();
    } else if (params.has_name()) {
      updated.set_name(params.name());
    }
    if (params.has_phone() && params.phone().empty()) {
      updated.clear_phone();
    } else if (params.has_phone()) {
      updated.set_phone(params.phone());
    }
    if (params.has_shipping()) internal::ApplyShipping(params.shipping(), updated.mutable_shipping());
    internal::ApplyProfile(params, updated);
    if (params.has_default_source()) updated.set_default_source(params.default_source());
    if (params.has_invoice_settings() &&
        params.invoice_settings().has_default_payment_method()) {
      const std::string& pm = params.invoice_settings().default_payment_method();
      if (pm.empty()) {
        updated.mutable_invoice_settings()->clear_default_payment_method();
      } else {
        updated.mutable_invoice_settings()->set_default_payment_method(pm);
      }
    }
    if (token.given()) {
      // Stripe: "Passing source will create a new source object, make it the new customer
      // default source, and delete the old customer default if one exists."
      const std::string old_default = customer->default_source();
      const std::string added =
          CustomerLifecycle::AddCard(w, internal::TakeCardFromToken(w, token), updated.id()).id();
      updated.set_default_source(added);
      if (const Card* old = w.cards().Find(old_default); old != nullptr && !old_default.empty()) {
        CustomerLifecycle::DeleteCard(w, *old);
      }
    }
    const Customer& stored = CustomerLifecycle::Update(w, *customer, updated);
    CustomerBalanceLifecycle::RecordApplied(w, stored, balance_moved, "adjustment");
    return stored;
  });
}

absl::StatusOr<Discount> CustomerService::DeleteDiscount(absl::string_view id,
                                                         const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Discount> {
    PAYSIM_ASSIGN_OR_RETURN(const Customer* customer, w.customers().Get(id));
    if (!customer->has_discount()) {
      // UNCERTAIN: Stripe's wording.
      return MakeStripeError([&] {
        StripeError error;
        error.set_type("invalid_request_error");
        error.set_code("resource_missing");
        error.set_message(absl::StrCat("No active discount for customer: ", customer->id()));
        error.set_http_status(404);
        return error;
      }());
    }
    Discount deleted = customer->discount();
    deleted.set_deleted(true);
    Customer updated = *customer;
    updated.clear_discount();
    CustomerLifecycle::Update(w, *customer, updated);
    return deleted;
  });
}

absl::StatusOr<DeletedObject> CustomerService::Delete(absl::string_view id,
                                                      const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<DeletedObject> {
    PAYSIM_ASSIGN_OR_RETURN(const Customer* customer, w.customers().Get(id));
    DeletedObject deleted;
    deleted.set_id(customer->id());
    deleted.set_object(PAYSIM_INTERNED("customer"));
    deleted.set_deleted(true);
    internal::DeleteCustomer(w, *customer);
    return deleted;
  });
}

absl::StatusOr<ListResult<Customer>> CustomerService::List(const CustomerListParams& params,
                                                           const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<Customer>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    return w.customers().List(window, "/v1/customers", [&](const Customer& c) {
      return !params.has_email() || c.email() == params.email();
    });
  });
}

}  // namespace paysim
