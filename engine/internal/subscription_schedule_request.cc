#include "engine/internal/subscription_schedule_request.h"

#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "engine/internal/billing_params.h"
#include "engine/internal/catalog.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/interned.h"
#include "engine/internal/meter_usage.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/subscription_request.h"
#include "engine/internal/subscription_schedule_discounts.h"
#include "engine/metadata.h"
#include "engine/stripe_error.h"
#include "engine/subscriptions.h"

namespace paysim {
namespace internal {
namespace {

std::string PhaseParam(int i, absl::string_view name) {
  return absl::StrCat("phases[", i, "][", name, "]");
}

std::string ItemParam(int i, int j, absl::string_view name) {
  return absl::StrCat("phases[", i, "][items][", j, "][", name, "]");
}

// One phase's items, checked against the schedule's interval (`*first`: the first price of the
// schedule); the prices given inline drafted into `*inline_prices`.
absl::Status CheckItems(World& world, const SubscriptionSchedulePhaseParams& params, int i,
                        absl::optional<Price>* first, std::vector<PhasePrice>* inline_prices,
                        SubscriptionSchedulePhase& phase) {
  if (params.items_size() == 0) return ParameterMissing(PhaseParam(i, "items"));
  if (params.items_size() > kSubscriptionMaxItems) {
    return InvalidRequestError("", PhaseParam(i, "items"),
                               absl::StrCat("You may only specify up to ", kSubscriptionMaxItems,
                                            " items."));
  }
  absl::optional<Price> phase_first;
  for (int j = 0; j < params.items_size(); ++j) {
    const SubscriptionSchedulePhaseItemParams& item = params.items(j);
    std::string param;
    Price price;
    if (item.has_price_data()) {
      param = ItemParam(i, j, "price_data");
      if (item.has_price() || item.has_plan()) {
        return OnlyOneOf(item.has_plan() ? "plan" : "price", "price_data", param);
      }
      PAYSIM_ASSIGN_OR_RETURN(price, CheckItemPriceData(world, item.price_data(), param));
    } else {
      PAYSIM_ASSIGN_OR_RETURN(
          const std::string price_id,
          ItemPriceId(world, item.has_price() ? &item.price() : nullptr,
                      item.has_plan() ? &item.plan() : nullptr,
                      [&](absl::string_view field) { return ItemParam(i, j, field); }, &param));
      if (price_id.empty()) return ParameterMissing(param);
      PAYSIM_ASSIGN_OR_RETURN(const Price* found, RecurringPrice(world, price_id, param));
      price = *found;
    }
    if (!phase_first.has_value()) phase_first = price;
    if (!first->has_value()) *first = price;
    if (price.currency() != phase_first->currency()) {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError("", param,
                                 "All prices in a phase must have the same currency.");
    }
    if (price.recurring().interval() != (*first)->recurring().interval() ||
        price.recurring().interval_count() != (*first)->recurring().interval_count()) {
      // UNCERTAIN: Stripe lets phases change the interval (resetting the billing cycle);
      // paysim keeps one interval for the whole schedule.
      return InvalidRequestError(
          "", param,
          "paysim requires every price of a subscription schedule to have the same recurring "
          "interval.");
    }
    const bool metered = BillsUsage(price);
    if (metered && item.has_quantity()) {
      return MeteredQuantityGiven(ItemParam(i, j, "quantity"));
    }
    const int64_t quantity = item.has_quantity() ? item.quantity() : metered ? 0 : 1;
    if (quantity < 0) {
      return InvalidRequestError("parameter_invalid_integer", ItemParam(i, j, "quantity"),
                                 "This value must be greater than or equal to 0.");
    }
    PAYSIM_RETURN_IF_ERROR(ValidateMetadata(item.metadata()));
    PAYSIM_ASSIGN_OR_RETURN(std::vector<TaxRate> rates,
                            CheckBillingTaxRates(world, item.tax_rates(),
                                                 ItemParam(i, j, "tax_rates")));
    SubscriptionSchedulePhaseItem* out = phase.add_items();
    PAYSIM_RETURN_IF_ERROR(MergeMetadata(item.metadata(), out->mutable_metadata()));
    for (TaxRate& rate : rates) *out->add_tax_rates() = std::move(rate);
    if (price.id().empty()) {  // named when made
      inline_prices->push_back(PhasePrice{i, j, /*add_invoice_item=*/false, price});
    } else {
      out->set_plan(price.id());
      out->set_price(price.id());
    }
    if (!metered) out->set_quantity(quantity);  // a metered item has none
  }
  phase.set_currency(phase_first->currency());
  return absl::OkStatus();
}

// The one-time Price a phase's add_invoice_items[j][price_data] describes (`checked`: the
// invoice item CheckAddInvoiceItems made of it), ad hoc, without an id. Its amount may be
// negative (a credit) or fractional (unit_amount_decimal only).
Price AddInvoiceItemPrice(World& world, const SubscriptionAddInvoiceItemPriceDataParams& data,
                          const InvoiceItem& checked) {
  PriceDraft draft;
  draft.currency = checked.currency();
  draft.product = data.product();
  draft.tax_behavior = "unspecified";
  Price price = DraftPrice(world, draft, /*ad_hoc=*/true);
  int64_t whole = 0;
  if (absl::SimpleAtoi(checked.unit_amount_decimal(), &whole)) {
    price.set_unit_amount(whole);
  } else {
    price.clear_unit_amount();
  }
  price.set_unit_amount_decimal(checked.unit_amount_decimal());
  return price;
}

// One phase's add_invoice_items, checked as a subscription's are (in the phase's currency,
// for `customer`); those given by price_data drafted into `*inline_prices`.
absl::Status CheckPhaseAddInvoiceItems(World& world, const SubscriptionSchedulePhaseParams& params,
                                       int i, const std::string& customer,
                                       std::vector<PhasePrice>* inline_prices,
                                       SubscriptionSchedulePhase& phase) {
  Subscription probe;
  probe.set_customer(customer);
  probe.set_currency(phase.currency());
  PAYSIM_ASSIGN_OR_RETURN(
      const std::vector<InvoiceItem> checked,
      CheckAddInvoiceItems(world, params.add_invoice_items(), probe,
                           PhaseParam(i, "add_invoice_items")));
  for (int j = 0; j < params.add_invoice_items_size(); ++j) {
    const SubscriptionAddInvoiceItemParams& given = params.add_invoice_items(j);
    SubscriptionSchedulePhaseAddInvoiceItem* out = phase.add_add_invoice_items();
    out->set_quantity(given.has_quantity() ? given.quantity() : 1);
    for (const std::string& id : given.tax_rates()) {
      if (const TaxRate* rate = world.tax_rates().Find(id)) *out->add_tax_rates() = *rate;
    }
    if (given.has_price_data()) {
      inline_prices->push_back(PhasePrice{
          i, j, /*add_invoice_item=*/true,
          AddInvoiceItemPrice(world, given.price_data(), checked[static_cast<size_t>(j)])});
    } else {
      out->set_price(given.price());
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckDaysUntilDue(int64_t days, const std::string& param) {
  if (days < 0 || days > kMaxDaysUntilDue) {
    return InvalidRequestError("parameter_invalid_integer", param,
                               absl::StrCat("This value must be between 0 and ",
                                            kMaxDaysUntilDue, "."));
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> ParseTime(const World& world, const std::string& text,
                                  absl::string_view param, bool allow_now) {
  if (allow_now && text == "now") return world.created();
  int64_t value = 0;
  absl::string_view digits = text;
  if (!digits.empty() && digits[0] == '-') digits.remove_prefix(1);
  if (digits.empty() || digits.find_first_not_of("0123456789") != absl::string_view::npos ||
      !absl::SimpleAtoi(text, &value)) {
    return InvalidRequestError("parameter_invalid_integer", param,
                               absl::StrCat("Invalid integer: ", text));
  }
  return value;
}

absl::StatusOr<std::vector<SubscriptionSchedulePhase>> CheckPhases(
    World& world,
    const google::protobuf::RepeatedPtrField<SubscriptionSchedulePhaseParams>& params,
    int64_t start, const std::string& customer, const Subscription* subscription,
    std::vector<PhasePrice>* inline_prices) {
  if (params.empty()) return ParameterMissing("phases");
  if (params.size() > kScheduleMaxPhases) {
    return InvalidRequestError("", "phases",
                               absl::StrCat("A subscription schedule may have at most ",
                                            kScheduleMaxPhases, " phases."));
  }
  std::vector<SubscriptionSchedulePhase> phases;
  absl::optional<Price> first;
  int64_t phase_start = start;
  for (int i = 0; i < params.size(); ++i) {
    const SubscriptionSchedulePhaseParams& p = params[i];
    SubscriptionSchedulePhase phase;
    PAYSIM_RETURN_IF_ERROR(CheckItems(world, p, i, &first, inline_prices, phase));
    phase.set_start_date(phase_start);
    if (p.has_iterations() && p.has_end_date()) {
      return InvalidRequestError(
          "", PhaseParam(i, "end_date"),
          "You may only specify one of these parameters: end_date, iterations.");
    }
    int64_t end = 0;
    if (p.has_end_date()) {
      PAYSIM_ASSIGN_OR_RETURN(end, ParseTime(world, p.end_date(), PhaseParam(i, "end_date"),
                                             /*allow_now=*/false));
      if (end <= phase_start) {
        // UNCERTAIN: Stripe's wording.
        return InvalidRequestError(
            "", PhaseParam(i, "end_date"),
            absl::StrCat("The phase's end_date (", end, ") must be after its start_date (",
                         phase_start, ")."));
      }
    } else {
      if (p.has_iterations() && p.iterations() < 1) {
        return InvalidRequestError("parameter_invalid_integer", PhaseParam(i, "iterations"),
                                   "This value must be greater than or equal to 1.");
      }
      // UNCERTAIN: a phase with neither end_date nor iterations lasts one interval.
      const int64_t iterations = p.has_iterations() ? p.iterations() : 1;
      end = PeriodEnd(phase_start, first->recurring().interval(),
                      first->recurring().interval_count() * iterations);
    }
    phase.set_end_date(end);
    if (p.has_trial() && p.trial()) {
      phase.set_trial_end(end);
    } else if (p.has_trial_end()) {
      PAYSIM_ASSIGN_OR_RETURN(const int64_t trial_end,
                              ParseTime(world, p.trial_end(), PhaseParam(i, "trial_end"),
                                        /*allow_now=*/false));
      if (trial_end <= phase_start || trial_end > end) {
        // UNCERTAIN: Stripe's wording.
        return InvalidRequestError("", PhaseParam(i, "trial_end"),
                                   "The trial_end must fall within its phase.");
      }
      phase.set_trial_end(trial_end);
    }
    phase.set_proration_behavior(PAYSIM_INTERNED("create_prorations"));
    if (p.has_proration_behavior()) {
      PAYSIM_RETURN_IF_ERROR(ValidateEnum(p.proration_behavior(),
                                          {"always_invoice", "create_prorations", "none"},
                                          PhaseParam(i, "proration_behavior")));
      phase.set_proration_behavior(p.proration_behavior());
    }
    if (p.has_collection_method()) {
      PAYSIM_RETURN_IF_ERROR(ValidateEnum(p.collection_method(),
                                          {"charge_automatically", "send_invoice"},
                                          PhaseParam(i, "collection_method")));
      phase.set_collection_method(p.collection_method());
    }
    if (p.has_default_payment_method() && !p.default_payment_method().empty()) {
      PAYSIM_RETURN_IF_ERROR(
          CheckSubscriptionPaymentMethod(world, p.default_payment_method(), customer));
      phase.set_default_payment_method(p.default_payment_method());
    }
    if (p.has_currency() && p.currency() != phase.currency()) {
      return InvalidRequestError(
          "", PhaseParam(i, "currency"),
          absl::StrCat("The phase's currency (", p.currency(),
                       ") must be the currency of its prices (", phase.currency(), ")."));
    }
    PAYSIM_RETURN_IF_ERROR(
        CheckPhaseAddInvoiceItems(world, p, i, customer, inline_prices, phase));
    PAYSIM_ASSIGN_OR_RETURN(
        std::vector<TaxRate> defaults,
        CheckBillingTaxRates(world, p.default_tax_rates(), PhaseParam(i, "default_tax_rates")));
    for (TaxRate& rate : defaults) *phase.add_default_tax_rates() = std::move(rate);
    if (p.invoice_settings().has_days_until_due()) {
      PAYSIM_RETURN_IF_ERROR(CheckDaysUntilDue(p.invoice_settings().days_until_due(),
                                               PhaseParam(i, "invoice_settings][days_until_due")));
      phase.mutable_invoice_settings()->set_days_until_due(p.invoice_settings().days_until_due());
    }
    if (p.has_description()) phase.set_description(p.description());
    PAYSIM_RETURN_IF_ERROR(CheckPhaseDiscounts(world, p, i, customer, subscription, phase));
    PAYSIM_RETURN_IF_ERROR(ValidateMetadata(p.metadata()));
    PAYSIM_RETURN_IF_ERROR(MergeMetadata(p.metadata(), phase.mutable_metadata()));
    phase_start = end;
    phases.push_back(std::move(phase));
  }
  return phases;
}

absl::StatusOr<SubscriptionScheduleRequest> CheckScheduleCreate(
    World& world, const SubscriptionScheduleCreateParams& params) {
  SubscriptionScheduleRequest out;
  SubscriptionSchedule& schedule = out.schedule;
  PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
  PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), schedule.mutable_metadata()));
  const std::string end_behavior = params.has_end_behavior() ? params.end_behavior() : "release";
  PAYSIM_RETURN_IF_ERROR(ValidateEnum(end_behavior, {"cancel", "release"}, "end_behavior"));
  schedule.set_end_behavior(end_behavior);
  SubscriptionScheduleDefaultSettings* defaults = schedule.mutable_default_settings();
  defaults->set_billing_cycle_anchor(PAYSIM_INTERNED("automatic"));
  defaults->mutable_automatic_tax()->set_enabled(false);
  defaults->mutable_invoice_settings()->mutable_issuer()->set_type(PAYSIM_INTERNED("self"));
  defaults->set_collection_method(PAYSIM_INTERNED("charge_automatically"));

  if (params.has_from_subscription()) {
    // Stripe: "When using this parameter, other parameters (such as phase values) cannot be
    // set." UNCERTAIN: the wording.
    for (auto [set, name] : {std::make_pair(params.has_customer(), "customer"),
                             std::make_pair(params.phases_size() > 0, "phases"),
                             std::make_pair(params.has_start_date(), "start_date"),
                             std::make_pair(params.has_end_behavior(), "end_behavior")}) {
      if (set) {
        return InvalidRequestError(
            "", name,
            absl::StrCat("You cannot set `", name, "` when `from_subscription` is set."));
      }
    }
    PAYSIM_ASSIGN_OR_RETURN(const Subscription* subscription,
                            world.subscriptions().Get(params.from_subscription(),
                                                      "from_subscription"));
    if (subscription->has_schedule()) {
      return InvalidRequestError(
          "", "from_subscription",
          absl::StrCat("The subscription ", subscription->id(),
                       " is already attached to a schedule (", subscription->schedule(), ")."));
    }
    const std::string status = subscription->status();
    if (status == "canceled" || status == "incomplete_expired") {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError("", "from_subscription",
                                 absl::StrCat("The subscription ", subscription->id(), " is ",
                                              status, " and cannot be scheduled."));
    }
    out.from_subscription = subscription;
    schedule.set_customer(subscription->customer());
    defaults->set_collection_method(subscription->collection_method());
    if (subscription->has_description()) defaults->set_description(subscription->description());
    if (subscription->has_days_until_due() && subscription->collection_method() == "send_invoice") {
      defaults->mutable_invoice_settings()->set_days_until_due(subscription->days_until_due());
    }
    if (subscription->has_default_payment_method()) {
      defaults->set_default_payment_method(subscription->default_payment_method());
    }
    SubscriptionSchedulePhase* phase = schedule.add_phases();
    phase->set_currency(subscription->currency());
    phase->set_start_date(subscription->period_start());
    phase->set_end_date(subscription->period_end());
    phase->set_proration_behavior(PAYSIM_INTERNED("create_prorations"));
    if (subscription->has_trial_end() && subscription->trial_end() > subscription->period_start()) {
      phase->set_trial_end(subscription->trial_end());
    }
    for (const SubscriptionItem& item : subscription->items().data()) {
      SubscriptionSchedulePhaseItem* out_item = phase->add_items();
      *out_item->mutable_metadata() = item.metadata();
      out_item->set_plan(item.price().id());
      out_item->set_price(item.price().id());
      if (item.has_quantity()) out_item->set_quantity(item.quantity());
      for (const TaxRate& rate : item.tax_rates()) *out_item->add_tax_rates() = rate;
    }
    for (const TaxRate& rate : subscription->default_tax_rates()) {
      *phase->add_default_tax_rates() = rate;
    }
    if (subscription->has_discount()) {
      phase->add_discounts()->set_discount(subscription->discount().id());
    }
    return out;
  }

  if (!params.has_customer()) return ParameterMissing("customer");
  PAYSIM_ASSIGN_OR_RETURN(const Customer* customer,
                          world.customers().Get(params.customer(), "customer"));
  schedule.set_customer(customer->id_shared());
  const SubscriptionScheduleDefaultSettingsParams& settings = params.default_settings();
  if (settings.has_collection_method()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(settings.collection_method(),
                                        {"charge_automatically", "send_invoice"},
                                        "default_settings[collection_method]"));
    defaults->set_collection_method(settings.collection_method());
  }
  if (settings.has_default_payment_method() && !settings.default_payment_method().empty()) {
    PAYSIM_RETURN_IF_ERROR(
        CheckSubscriptionPaymentMethod(world, settings.default_payment_method(), customer->id()));
    defaults->set_default_payment_method(settings.default_payment_method());
  }
  if (settings.has_description()) defaults->set_description(settings.description());
  if (settings.invoice_settings().has_days_until_due()) {
    PAYSIM_RETURN_IF_ERROR(CheckDaysUntilDue(settings.invoice_settings().days_until_due(),
                                             "default_settings[invoice_settings][days_until_due]"));
    defaults->mutable_invoice_settings()->set_days_until_due(
        settings.invoice_settings().days_until_due());
  }
  // UNCERTAIN: paysim starts a schedule without start_date now.
  int64_t start = world.created();
  if (params.has_start_date()) {
    PAYSIM_ASSIGN_OR_RETURN(start, ParseTime(world, params.start_date(), "start_date",
                                             /*allow_now=*/true));
    if (start < world.created()) {
      // UNCERTAIN: Stripe backdates a schedule starting in the past; paysim does not.
      return InvalidRequestError(
          "", "start_date",
          "paysim does not backdate subscription schedules: start_date must be `now` or a "
          "time that has not passed.");
    }
  }
  PAYSIM_ASSIGN_OR_RETURN(std::vector<SubscriptionSchedulePhase> phases,
                          CheckPhases(world, params.phases(), start, customer->id(),
                                      /*subscription=*/nullptr, &out.inline_prices));
  for (SubscriptionSchedulePhase& phase : phases) *schedule.add_phases() = std::move(phase);
  return out;
}

}  // namespace internal
}  // namespace paysim
