#include "engine/internal/subscription_request.h"

#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "engine/internal/billing_cycle_anchor.h"
#include "engine/internal/billing_params.h"
#include "engine/internal/card_source_payment_method.h"
#include "engine/internal/catalog.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/meter_usage.h"
#include "engine/internal/payment_method_lifecycle.h"
#include "engine/internal/price_tiers.h"
#include "engine/internal/prorations.h"
#include "engine/internal/invoice_payment_method.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/subscription_automatic_tax.h"
#include "engine/internal/subscription_cancellation.h"
#include "engine/internal/subscription_default_settings.h"
#include "engine/metadata.h"
#include "engine/stripe_error.h"
#include "engine/subscriptions.h"

namespace paysim {
namespace internal {

absl::Status OnlyOneOf(absl::string_view a, absl::string_view b, const std::string& param) {
  // UNCERTAIN: Stripe's wording (its usual one for exclusive parameters).
  return InvalidRequestError(
      "", param, absl::StrCat("You may only specify one of these parameters: ", a, ", ", b, "."));
}

absl::StatusOr<Price> CheckItemPriceData(World& world,
                                         const SubscriptionItemPriceDataParams& data,
                                         const std::string& prefix) {
  return CheckInlinePriceData(world, data, prefix, /*recurring_required=*/true);
}

SubscriptionItemPriceDataParams PriceDataOf(const Price& price) {
  SubscriptionItemPriceDataParams data;
  data.set_currency(price.currency());
  data.set_product(price.product());
  data.set_unit_amount(price.unit_amount());
  data.set_tax_behavior(price.tax_behavior());
  data.mutable_recurring()->set_interval(price.recurring().interval());
  data.mutable_recurring()->set_interval_count(price.recurring().interval_count());
  return data;
}

void MakeInlinePrices(World& world, Subscription& subscription) {
  for (int i = 0; i < subscription.items().data_size(); ++i) {
    SubscriptionItem* item = subscription.mutable_items()->mutable_data(i);
    if (item->price().id().empty()) {
      *item->mutable_price() = CreateDraftPrice(world, item->price());
    }
  }
}

namespace {

absl::Status CheckItems(World& world, const SubscriptionCreateParams& params,
                        Subscription* draft, int64_t* amount) {
  if (params.items_size() == 0) return ParameterMissing("items");
  if (params.items_size() > kSubscriptionMaxItems) {
    return InvalidRequestError("", "items",
                               absl::StrCat("You may only specify up to ", kSubscriptionMaxItems,
                                            " items."));
  }
  absl::optional<Price> first;
  for (int i = 0; i < params.items_size(); ++i) {
    const SubscriptionItemParams& item = params.items(i);
    std::string param;
    const Price* price = nullptr;
    Price inline_price;
    if (item.has_price_data()) {
      param = absl::StrCat("items[", i, "][price_data]");
      if (item.has_price() || item.has_plan()) {
        return OnlyOneOf(item.has_plan() ? "plan" : "price", "price_data", param);
      }
      PAYSIM_ASSIGN_OR_RETURN(inline_price, CheckItemPriceData(world, item.price_data(), param));
      price = &inline_price;
    } else {
      PAYSIM_ASSIGN_OR_RETURN(
          const std::string price_id,
          ItemPriceId(world, item.has_price() ? &item.price() : nullptr,
                      item.has_plan() ? &item.plan() : nullptr,
                      [i](absl::string_view field) {
                        return absl::StrCat("items[", i, "][", field, "]");
                      },
                      &param));
      if (price_id.empty()) return ParameterMissing(param);
      PAYSIM_ASSIGN_OR_RETURN(price, RecurringPrice(world, price_id, param));
    }
    if (!first.has_value()) {
      first = *price;
    } else if (price->currency() != first->currency()) {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError("", param,
                                 "All prices on a subscription must have the same currency.");
    } else if (price->recurring().interval() != first->recurring().interval() ||
               price->recurring().interval_count() != first->recurring().interval_count()) {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError(
          "", param, "All prices on a subscription must have the same recurring interval.");
    }
    const bool metered = BillsUsage(*price);
    if (metered && item.has_quantity()) {
      return MeteredQuantityGiven(absl::StrCat("items[", i, "][quantity]"));
    }
    const int64_t quantity = item.has_quantity() ? item.quantity() : metered ? 0 : 1;
    if (quantity < 0) {
      return InvalidRequestError("parameter_invalid_integer",
                                 absl::StrCat("items[", i, "][quantity]"),
                                 "This value must be greater than or equal to 0.");
    }
    PAYSIM_RETURN_IF_ERROR(ValidateMetadata(item.metadata()));
    PAYSIM_ASSIGN_OR_RETURN(std::vector<TaxRate> rates,
                            CheckBillingTaxRates(world, item.tax_rates(),
                                          absl::StrCat("items[", i, "][tax_rates]")));
    SubscriptionItem* out = draft->mutable_items()->add_data();
    for (TaxRate& rate : rates) out->add_tax_rates(std::move(rate));
    PAYSIM_RETURN_IF_ERROR(MergeMetadata(item.metadata(), out->mutable_metadata()));
    *out->mutable_price() = *price;
    if (!metered) out->set_quantity(quantity);  // a metered item has none
    *amount += metered ? 0 : PriceAmount(*price, quantity);
  }
  draft->set_currency(first->currency());
  return absl::OkStatus();
}

// The trial's end (Unix seconds), or 0 for none.
absl::StatusOr<int64_t> CheckTrial(World& world, const SubscriptionCreateParams& params) {
  const int64_t now = world.created();
  if (params.has_trial_end() && params.has_trial_period_days()) {
    // UNCERTAIN: Stripe's wording.
    return InvalidRequestError("", "trial_end",
                               "You may not specify both trial_end and trial_period_days.");
  }
  if (params.has_trial_period_days()) {
    if (params.trial_period_days() < 0 ||
        params.trial_period_days() > kSubscriptionMaxTrialDays) {
      return InvalidRequestError(
          "", "trial_period_days",
          absl::StrCat("The maximum number of trial period days is ", kSubscriptionMaxTrialDays,
                       "."));
    }
    return params.trial_period_days() == 0 ? 0 : now + params.trial_period_days() * 86400;
  }
  if (params.has_trial_end()) {
    if (params.trial_end() <= now) {
      return InvalidRequestError("", "trial_end",
                                 "Invalid timestamp: must be an integer Unix timestamp in the "
                                 "future.");
    }
    if (params.trial_end() > now + kSubscriptionMaxTrialDays * 86400) {
      return InvalidRequestError("", "trial_end",
                                 absl::StrCat("The trial_end may be at most ",
                                              kSubscriptionMaxTrialDays, " days in the future."));
    }
    return params.trial_end();
  }
  return 0;
}

}  // namespace

absl::Status CheckSubscriptionPaymentMethod(World& world, const std::string& pm_id,
                                            const std::string& customer) {
  constexpr absl::string_view kParam = "default_payment_method";
  PAYSIM_ASSIGN_OR_RETURN(const PaymentMethod* pm,
                          PaymentMethodLifecycle::FindUsable(world, pm_id, kParam));
  if (!pm->has_customer() || pm->customer() != customer) {
    return InvalidRequestError(
        "", kParam,
        absl::StrCat("The customer does not have a payment method with the ID ", pm_id,
                     ". The payment method must be attached to the customer."));
  }
  return absl::OkStatus();
}

absl::StatusOr<const Price*> RecurringPrice(World& world, const std::string& price_id,
                                            const std::string& param) {
  PAYSIM_ASSIGN_OR_RETURN(const Price* price, world.prices().Get(price_id, param));
  if (price->type() != "recurring") {
    return InvalidRequestError(
        "", param,
        "The price specified is set to `type=one_time` but this field only accepts prices "
        "with `type=recurring`.");
  }
  if (!price->active()) {
    // UNCERTAIN: Stripe's wording for an archived price.
    return InvalidRequestError("", param,
                               absl::StrCat("The price specified (", price->id(),
                                            ") is inactive. This field only accepts active "
                                            "prices."));
  }
  return price;
}

absl::StatusOr<std::string> ItemPriceId(World& world, const std::string* price,
                                        const std::string* plan,
                                        const std::function<std::string(absl::string_view)>& name,
                                        std::string* param) {
  *param = name(plan != nullptr ? "plan" : "price");
  if (price != nullptr && plan != nullptr) {
    // UNCERTAIN: Stripe's wording (its usual one for exclusive parameters).
    return InvalidRequestError("", *param,
                               "You may only specify one of these parameters: plan, price.");
  }
  if (plan != nullptr) {
    const Price* found = world.prices().Find(*plan);
    if (found == nullptr || found->type() != "recurring") {
      return ResourceMissing("plan", *plan, *param);
    }
    return *plan;
  }
  return price != nullptr ? *price : std::string();
}

absl::StatusOr<std::string> CheckTrialEndBehavior(const SubscriptionTrialSettingsParams& params) {
  const SubscriptionTrialEndBehaviorParams& end = params.end_behavior();
  if (!end.has_missing_payment_method()) return std::string("create_invoice");
  PAYSIM_RETURN_IF_ERROR(ValidateEnum(end.missing_payment_method(),
                                      {"cancel", "create_invoice", "pause"},
                                      "trial_settings[end_behavior][missing_payment_method]"));
  return end.missing_payment_method();
}

absl::StatusOr<SubscriptionRequest> CheckSubscriptionCreate(
    World& world, const SubscriptionCreateParams& params) {
  SubscriptionRequest out;
  Subscription& draft = out.draft;
  if (!params.has_customer()) return ParameterMissing("customer");
  PAYSIM_ASSIGN_OR_RETURN(const Customer* customer,
                          world.customers().Get(params.customer(), "customer"));
  draft.set_customer(customer->id_shared());
  int64_t amount = 0;
  PAYSIM_RETURN_IF_ERROR(CheckItems(world, params, &draft, &amount));

  const std::string collection =
      params.has_collection_method() ? params.collection_method() : "charge_automatically";
  PAYSIM_RETURN_IF_ERROR(ValidateEnum(collection, {"charge_automatically", "send_invoice"},
                                      "collection_method"));
  draft.set_collection_method(collection);
  if (collection == "send_invoice") {
    if (!params.has_days_until_due()) return ParameterMissing("days_until_due");
    if (params.days_until_due() < 0 || params.days_until_due() > kMaxDaysUntilDue) {
      return InvalidRequestError("", "days_until_due",
                                 absl::StrCat("days_until_due must be between 0 and ",
                                              kMaxDaysUntilDue, "."));
    }
    draft.set_days_until_due(params.days_until_due());
  } else if (params.has_days_until_due()) {
    // UNCERTAIN: Stripe's wording.
    return InvalidRequestError(
        "", "days_until_due",
        "days_until_due can only be set when collection_method is send_invoice.");
  }
  const std::string behavior =
      params.has_payment_behavior() ? params.payment_behavior() : "allow_incomplete";
  PAYSIM_RETURN_IF_ERROR(ValidateEnum(
      behavior, {"allow_incomplete", "default_incomplete", "error_if_incomplete"},
      "payment_behavior"));
  draft.set_payment_behavior(behavior);
  PAYSIM_ASSIGN_OR_RETURN(const int64_t trial_end, CheckTrial(world, params));
  PAYSIM_ASSIGN_OR_RETURN(const std::string end_behavior,
                          CheckTrialEndBehavior(params.trial_settings()));
  draft.mutable_trial_settings()->mutable_end_behavior()->set_missing_payment_method(
      end_behavior);
  if (params.automatic_tax().enabled()) {
    PAYSIM_RETURN_IF_ERROR(CheckAutomaticTaxAllowed(world, customer, draft));
  }
  PAYSIM_ASSIGN_OR_RETURN(std::vector<TaxRate> defaults,
                          CheckBillingTaxRates(world, params.default_tax_rates(), "default_tax_rates"));
  for (TaxRate& rate : defaults) draft.add_default_tax_rates(std::move(rate));
  const BillingDiscountAsk ask = BillingDiscountAskOf(params);
  PAYSIM_ASSIGN_OR_RETURN(out.discount, CheckBillingDiscount(world, ask, customer->id(),
                                                             draft.currency(), "subscription"));
  if (out.discount.has_value() && out.discount->coupon->has_percent_off() &&
      out.discount->coupon->percent_off() >= 100) {
    amount = 0;  // nothing to pay now (UNCERTAIN for amount_off: the first total decides)
  }
  if (trial_end > 0) {
    draft.set_trial_end(trial_end);
    amount = 0;
  }
  const PriceRecurring& recurring = draft.items().data(0).price().recurring();
  const int64_t now = world.created();
  PAYSIM_ASSIGN_OR_RETURN(const AnchorAsk anchor,
                          CheckBillingCycleAnchor(world, params, trial_end, recurring));
  if (anchor.configured) *draft.mutable_billing_cycle_anchor_config() = anchor.config;
  if (anchor.anchor > 0) {
    // The stub up to the anchor: its share of the interval that ends there, or nothing.
    draft.set_billing_cycle_anchor(anchor.anchor);
    draft.set_free_first_period(anchor.free_stub);
    draft.set_stub_after_trial(trial_end > 0 && anchor.anchor > trial_end);
    const int day = static_cast<int>(anchor.config.day_of_month());  // 0 without a config
    amount = anchor.free_stub ? 0
                              : ProratedAmount(amount, anchor.anchor - now,
                                               IntervalEndingAt(anchor.anchor, recurring, day));
  }
  // cancel_at inside the first period cuts it short: its invoice bills that part of it.
  const int64_t first_end =
      trial_end > 0 ? trial_end
                    : anchor.anchor > 0
                          ? anchor.anchor
                          : PeriodEnd(now, recurring.interval(), recurring.interval_count());
  PAYSIM_ASSIGN_OR_RETURN(
      const CancelAtAsk cancel_at,
      CheckCancelAt(world,
                    params.has_cancel_at() && !params.cancel_at().empty() ? &params.cancel_at()
                                                                          : nullptr,
                    first_end, params.has_cancel_at_period_end() && params.cancel_at_period_end()));
  if (cancel_at.given) {
    draft.set_cancel_at(cancel_at.at);
    if (cancel_at.at < first_end) {
      amount = ProratedAmount(amount, cancel_at.at - now, first_end - now);
    }
  }
  if (params.has_default_payment_method() && !params.default_payment_method().empty()) {
    PAYSIM_RETURN_IF_ERROR(
        CheckSubscriptionPaymentMethod(world, params.default_payment_method(), customer->id()));
    draft.set_default_payment_method(params.default_payment_method());
  }
  if (params.has_default_source() && !params.default_source().empty()) {
    PAYSIM_RETURN_IF_ERROR(
        CheckCustomerSource(world, params.default_source(), customer->id(), "default_source"));
    draft.set_default_source(params.default_source());
  }
  PAYSIM_RETURN_IF_ERROR(CheckSubscriptionPaymentSettings(params.payment_settings()));
  SetSubscriptionPaymentSettings(params.payment_settings(), draft);
  PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
  PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), draft.mutable_metadata()));
  if (params.has_description()) draft.set_description(params.description());
  draft.set_cancel_at_period_end(params.has_cancel_at_period_end() &&
                                 params.cancel_at_period_end());

  PAYSIM_ASSIGN_OR_RETURN(out.add_invoice_items, CheckAddInvoiceItems(world, params.add_invoice_items(), draft));
  const bool all_free = out.discount.has_value() && out.discount->coupon->has_percent_off() &&
                        out.discount->coupon->percent_off() >= 100;
  // Billed now, on the first invoice, trial or not.
  for (const InvoiceItem& item : out.add_invoice_items) {
    if (!all_free) amount += item.amount();
  }

  out.payment_method = PaymentMethodFor(world, draft);
  if (collection == "charge_automatically" && amount > 0 && out.payment_method.empty() &&
      behavior != "default_incomplete") {
    // Stripe's answer when nothing can pay the first invoice (default_incomplete waits for
    // the customer instead).
    return InvalidRequestError(
        "", "",
        "This customer has no attached payment source or default payment method. Please "
        "consider adding a default payment method. For more information, visit "
        "https://stripe.com/docs/billing/subscriptions/payment-methods-setting"
        "#payment-method-priority.");
  }
  if (collection == "charge_automatically" && amount > 0 && behavior == "error_if_incomplete") {
    PAYSIM_RETURN_IF_ERROR(CheckPaymentMethodAllowed(world, draft, out.payment_method));
  }
  out.first_amount = amount;
  out.off_session = params.has_off_session() && params.off_session();
  return out;
}

absl::StatusOr<int64_t> CheckTrialEnd(const World& w, const Subscription& subscription,
                                      absl::string_view text, absl::string_view param) {
  int64_t trial_end = 0;
  if (text != "now") {
    absl::string_view digits = text;
    if (!digits.empty() && digits[0] == '-') digits.remove_prefix(1);
    if (digits.empty() || digits.find_first_not_of("0123456789") != absl::string_view::npos ||
        !absl::SimpleAtoi(text, &trial_end)) {
      return InvalidRequestError("parameter_invalid_integer", param,
                                 absl::StrCat("Invalid integer: ", text));
    }
  }
  if (subscription.status() != "trialing") {
    // UNCERTAIN: Stripe can also start a new trial on an active subscription; paysim moves
    // only a running trial.
    return InvalidRequestError(
        "", param,
        absl::StrCat("paysim moves trial_end only while a subscription is trialing; ",
                     subscription.id(), " is ", subscription.status(), "."));
  }
  if (text == "now") return 0;
  if (trial_end <= w.created()) {
    return InvalidRequestError("", param,
                               "Invalid timestamp: must be an integer Unix timestamp in the "
                               "future, or `now`.");
  }
  if (trial_end > w.created() + kSubscriptionMaxTrialDays * 86400) {
    return InvalidRequestError("", param,
                               absl::StrCat("The trial_end may be at most ",
                                            kSubscriptionMaxTrialDays,
                                            " days in the future."));
  }
  return trial_end;
}

absl::StatusOr<SubscriptionDiscountUpdate> CheckSubscriptionDiscountUpdate(
    World& world, const Subscription& subscription, const SubscriptionChangeParams& params) {
  SubscriptionDiscountUpdate out;
  BillingDiscountAsk ask = BillingDiscountAskOf(params);
  if ((ask.coupon.has_value() && ask.coupon->empty()) ||
      (ask.promotion_code.has_value() && ask.promotion_code->empty())) {
    if (ask.discounts > 0 || (ask.coupon.has_value() && ask.promotion_code.has_value())) {
      // UNCERTAIN (wording).
      return InvalidRequestError("", ask.coupon.has_value() ? "coupon" : "promotion_code",
                                 "An empty value removes the discount: pass nothing else.");
    }
    out.removes_discount = true;
  } else {
    PAYSIM_ASSIGN_OR_RETURN(out.discount,
                            CheckBillingDiscount(world, ask, subscription.customer(),
                                                 subscription.currency(), "subscription"));
  }
  if (params.default_tax_rates_size() > 0) {
    PAYSIM_ASSIGN_OR_RETURN(
        out.default_tax_rates,
        CheckBillingTaxRates(world, params.default_tax_rates(), "default_tax_rates"));
  } else if (params.default_tax_rates_emptied()) {
    out.default_tax_rates.emplace();  // `default_tax_rates=`: none any more
  }
  return out;
}

void ApplySubscriptionDiscountUpdate(World& world, const SubscriptionDiscountUpdate& update,
                                     Subscription& updated) {
  if (update.removes_discount) updated.clear_discount();
  if (update.discount.has_value()) {
    Discount discount = RedeemDiscount(world, *update.discount, updated.customer());
    discount.set_subscription(updated.id_shared());
    *updated.mutable_discount() = std::move(discount);
  }
  if (update.default_tax_rates.has_value()) {
    updated.clear_default_tax_rates();
    for (const TaxRate& rate : *update.default_tax_rates) *updated.add_default_tax_rates() = rate;
  }
}

}  // namespace internal
}  // namespace paysim
