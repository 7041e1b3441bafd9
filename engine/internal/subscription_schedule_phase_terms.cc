// What a schedule's phase becomes (subscription_schedule_request.h): its terms, the params of
// the subscription it starts or changes, the prices its price_data makes, its add_invoice_items.
#include <string>
#include <utility>
#include <vector>

#include "engine/internal/catalog.h"
#include "engine/internal/invoice_payment_method.h"
#include "engine/internal/meter_usage.h"
#include "engine/internal/subscription_request.h"
#include "engine/internal/subscription_schedule_discounts.h"
#include "engine/internal/subscription_schedule_request.h"

namespace paysim {
namespace internal {

PhaseTerms PhaseTermsOf(World& world, const SubscriptionSchedule& schedule,
                        const SubscriptionSchedulePhase& phase) {
  const SubscriptionScheduleDefaultSettings& defaults = schedule.default_settings();
  PhaseTerms terms;
  terms.default_tax_rates.assign(phase.default_tax_rates().begin(),
                                 phase.default_tax_rates().end());
  terms.collection_method =
      phase.has_collection_method() ? phase.collection_method() : defaults.collection_method();
  if (terms.collection_method == "send_invoice") {
    // The phase's days_until_due, else the defaults'. UNCERTAIN: with neither, 30 days.
    terms.days_until_due = phase.invoice_settings().has_days_until_due()
                               ? phase.invoice_settings().days_until_due()
                           : defaults.invoice_settings().has_days_until_due()
                               ? defaults.invoice_settings().days_until_due()
                               : 30;
  }
  const std::string pm = phase.has_default_payment_method() ? phase.default_payment_method()
                         : defaults.has_default_payment_method()
                             ? defaults.default_payment_method()
                             : "";
  if (!pm.empty() && CheckSubscriptionPaymentMethod(world, pm, schedule.customer()).ok()) {
    terms.default_payment_method = pm;
  }
  if (phase.has_description()) {
    terms.description = phase.description();
  } else if (defaults.has_description()) {
    terms.description = defaults.description();
  }
  PhaseDiscountTerms(world, schedule, phase, terms);
  return terms;
}

SubscriptionCreateParams SubscriptionParamsFor(World& world, const SubscriptionSchedule& schedule,
                                               const SubscriptionSchedulePhase& phase) {
  SubscriptionCreateParams params;
  params.set_customer(schedule.customer());
  for (const SubscriptionSchedulePhaseItem& item : phase.items()) {
    SubscriptionItemParams* out = params.add_items();
    const Price* price = world.prices().Find(item.price());
    if (price != nullptr && price->ad_hoc()) {
      // Made for the phase (price_data): checked as an item's price_data; StartSubscription
      // bills the phase's own price.
      *out->mutable_price_data() = PriceDataOf(*price);
    } else {
      out->set_price(item.price());
    }
    if (price == nullptr || !BillsUsage(*price)) out->set_quantity(item.quantity());
    for (const auto& [key, value] : item.metadata()) (*out->mutable_metadata())[key] = value;
    for (const TaxRate& rate : item.tax_rates()) out->add_tax_rates(rate.id());
  }
  *params.mutable_add_invoice_items() = AddInvoiceItemsOf(world, phase);
  const PhaseTerms terms = PhaseTermsOf(world, schedule, phase);
  for (const TaxRate& rate : terms.default_tax_rates) params.add_default_tax_rates(rate.id());
  params.set_collection_method(terms.collection_method);
  if (terms.days_until_due.has_value()) params.set_days_until_due(*terms.days_until_due);
  if (terms.default_payment_method.has_value()) {
    params.set_default_payment_method(*terms.default_payment_method);
  }
  if (terms.description.has_value()) params.set_description(*terms.description);
  if (terms.discount.has_value()) {
    BillingDiscountParams* discount = params.add_discounts();
    if (terms.discount->promotion_code != nullptr) {
      discount->set_promotion_code(terms.discount->promotion_code->id());
    } else {
      discount->set_coupon(terms.discount->coupon->id());
    }
  }
  for (const auto& [key, value] : phase.metadata()) (*params.mutable_metadata())[key] = value;
  if (phase.has_trial_end() && phase.trial_end() > world.created()) {
    params.set_trial_end(phase.trial_end());
  }
  // UNCERTAIN: with nothing to pay it, Stripe still starts a scheduled subscription; paysim
  // leaves its first invoice open (incomplete) rather than refusing.
  Subscription probe;
  probe.set_customer(schedule.customer());
  if (params.has_default_payment_method()) {
    probe.set_default_payment_method(params.default_payment_method());
  }
  params.set_payment_behavior(PaymentMethodFor(world, probe).empty()
                                  ? "default_incomplete"
                                  : "allow_incomplete");
  params.set_off_session(true);
  return params;
}

void MakePhasePrices(World& world, std::vector<PhasePrice> prices, SubscriptionSchedule& schedule) {
  for (PhasePrice& made : prices) {
    const std::string id = CreateDraftPrice(world, std::move(made.price)).id();
    SubscriptionSchedulePhase* phase = schedule.mutable_phases(made.phase);
    if (made.add_invoice_item) {
      phase->mutable_add_invoice_items(made.index)->set_price(id);
    } else {
      phase->mutable_items(made.index)->set_plan(id);
      phase->mutable_items(made.index)->set_price(id);
    }
  }
}

google::protobuf::RepeatedPtrField<SubscriptionAddInvoiceItemParams> AddInvoiceItemsOf(
    World& world, const SubscriptionSchedulePhase& phase) {
  google::protobuf::RepeatedPtrField<SubscriptionAddInvoiceItemParams> out;
  for (const SubscriptionSchedulePhaseAddInvoiceItem& item : phase.add_invoice_items()) {
    SubscriptionAddInvoiceItemParams* given = out.Add();
    const Price* price = world.prices().Find(item.price());
    if (price != nullptr && price->ad_hoc()) {
      SubscriptionAddInvoiceItemPriceDataParams* data = given->mutable_price_data();
      data->set_currency(price->currency());
      data->set_product(price->product());
      data->set_unit_amount_decimal(price->unit_amount_decimal());
    } else {
      given->set_price(item.price());
    }
    if (item.has_quantity()) given->set_quantity(item.quantity());
    for (const TaxRate& rate : item.tax_rates()) given->add_tax_rates(rate.id());
  }
  return out;
}

}  // namespace internal
}  // namespace paysim
