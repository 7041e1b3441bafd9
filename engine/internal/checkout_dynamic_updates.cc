#include "engine/internal/checkout_dynamic_updates.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "engine/checkout_sessions.h"
#include "engine/internal/checkout_automatic_tax.h"
#include "engine/internal/checkout_line_items.h"
#include "engine/internal/checkout_session_request.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/params_util.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

constexpr absl::string_view kDetailsParam = "collected_information[shipping_details]";

absl::Status NotChangeable(const CheckoutSession& session) {
  // UNCERTAIN: Stripe's wording.
  if (session.status() != "open") {
    return StateError("", "",
                      absl::StrCat("This Checkout Session's line items and shipping can only be "
                                   "updated while it is open; it has a status of `",
                                   session.status(), "`."));
  }
  return StateError("", "",
                    "This Checkout Session's line items and shipping cannot be updated while "
                    "its payment is being confirmed.");
}

absl::StatusOr<CheckoutShippingDetails> CheckShippingDetails(
    const CheckoutSession& session, const CheckoutShippingDetailsParams& given) {
  if (CheckoutSessionLifecycle::UiOf(session) == CheckoutUi::kHosted) {
    // Stripe: "Can only be set when updating embedded or custom sessions." (wording UNCERTAIN)
    return InvalidRequestError("", "collected_information",
                               "`collected_information` can only be set when updating embedded "
                               "or custom Checkout Sessions.");
  }
  if (!session.has_shipping_address_collection()) {
    return InvalidRequestError("", kDetailsParam,
                               "This Checkout Session does not collect a shipping address.");
  }
  if (!given.has_name() || given.name().empty()) {
    return ParameterMissing(absl::StrCat(kDetailsParam, "[name]"));
  }
  if (!given.has_address()) return ParameterMissing(absl::StrCat(kDetailsParam, "[address]"));
  if (given.address().line1().empty()) {
    return ParameterMissing(absl::StrCat(kDetailsParam, "[address][line1]"));
  }
  if (given.address().country().empty()) {
    return ParameterMissing(absl::StrCat(kDetailsParam, "[address][country]"));
  }
  if (!absl::c_linear_search(session.shipping_address_collection().allowed_countries(),
                             given.address().country())) {
    return InvalidRequestError(
        "", absl::StrCat(kDetailsParam, "[address][country]"),
        absl::StrCat("This Checkout Session does not ship to ", given.address().country(), "."));
  }
  CheckoutShippingDetails details;
  ApplyAddress(given.address(), details.mutable_address());
  details.set_name(given.name());
  return details;
}

// `session` with `plans` as its shipping options (the rates of shipping_rate_data not yet
// made), its totals checked as a page's change is.
absl::Status CheckTotalWith(const CheckoutSession& session,
                            const std::vector<ShippingOptionPlan>& plans) {
  CheckoutSession draft = session;
  draft.clear_shipping_options();
  draft.clear_shipping_cost();
  for (const ShippingOptionPlan& plan : plans) {
    CheckoutShippingOption* option = draft.add_shipping_options();
    option->set_shipping_amount(plan.amount());
    if (plan.rate != nullptr) option->set_shipping_rate(plan.rate->id());
  }
  if (!plans.empty()) {
    CheckoutShippingCost* cost = draft.mutable_shipping_cost();
    cost->set_amount_subtotal(plans[0].amount());
    cost->set_amount_total(plans[0].amount());
    cost->set_shipping_rate(draft.shipping_options(0).shipping_rate());
  }
  return CheckChangedTotal(std::move(draft), "shipping_options");
}

// ---- line_items (2025-12-15.clover, custom ui) ----

// The update's line `given` as a create's line item, for Checkout's own checks: a kept line
// (`kept`, when given its id; else nullptr) takes what it is given over what it has; its price,
// when not given another, is named by id if it is still sellable, else described as price_data
// (an ad hoc or since archived price), and kept as it is.
CheckoutLineItemParams AsCreateLine(World& w, const CheckoutLineItemUpdateParams& given,
                                    const LineItem* kept) {
  CheckoutLineItemParams line;
  if (given.has_price()) line.set_price(given.price());
  if (given.has_price_data()) *line.mutable_price_data() = given.price_data();
  if (given.has_quantity()) line.set_quantity(given.quantity());
  if (given.has_adjustable_quantity()) {
    *line.mutable_adjustable_quantity() = given.adjustable_quantity();
  }
  for (const std::string& rate : given.tax_rates()) line.add_tax_rates(rate);
  if (kept == nullptr) return line;
  if (!given.has_price() && !given.has_price_data()) {
    const Price& price = kept->price();
    const Price* stored = w.prices().Find(price.id());
    if (stored != nullptr && stored->active() && !stored->ad_hoc()) {
      line.set_price(price.id());
    } else {
      CheckoutPriceDataParams* data = line.mutable_price_data();
      data->set_currency(price.currency());
      data->set_unit_amount(price.unit_amount());
      data->set_product(price.product());
      if (price.has_recurring()) {
        data->mutable_recurring()->set_interval(price.recurring().interval());
        data->mutable_recurring()->set_interval_count(price.recurring().interval_count());
      }
      if (!price.tax_behavior().empty()) data->set_tax_behavior(price.tax_behavior());
    }
  }
  if (!given.has_quantity() && kept->quantity() > 0) line.set_quantity(kept->quantity());
  if (!given.has_adjustable_quantity() && kept->has_adjustable_quantity()) {
    CheckoutAdjustableQuantityParams* bounds = line.mutable_adjustable_quantity();
    bounds->set_enabled(true);
    bounds->set_minimum(kept->adjustable_quantity().minimum());
    bounds->set_maximum(kept->adjustable_quantity().maximum());
  }
  if (given.tax_rates().empty() && !given.tax_rates_emptied()) {
    for (const TaxRate& rate : kept->tax_rates()) line.add_tax_rates(rate.id());
  }
  for (const TaxRate& rate : kept->dynamic_tax_rates()) line.add_dynamic_tax_rates(rate.id());
  return line;
}

// The session's line items as `changes` would leave them, for the total's check (no ids, no
// ad hoc prices made).
CheckoutSession WithLines(const CheckoutSession& session, const std::vector<LineChange>& changes) {
  CheckoutSession draft = session;
  draft.clear_line_items();
  for (const LineChange& change : changes) AddPlannedLine(change.plan, draft);
  return draft;
}

// The update's line items checked as `request` (made here; the plans point into it).
absl::StatusOr<std::vector<LineChange>> CheckLineChanges(
    World& w, const CheckoutSession& session, const CheckoutSessionUpdateParams& params,
    std::shared_ptr<const CheckoutSessionCreateParams>& request) {
  if (!CheckoutUpdatesLineItems(w.api_version())) return ParameterUnknown("line_items");
  if (CheckoutSessionLifecycle::UiOf(session) != CheckoutUi::kElements) {
    // UNCERTAIN: Stripe's wording (it documents the update "with a custom UI").
    return InvalidRequestError(
        "", "line_items",
        absl::StrCat("`line_items` can only be updated on a Checkout Session with `ui_mode: ",
                     CheckoutUiModesRenamed(w.api_version()) ? "elements" : "custom", "`."));
  }
  if (session.mode() == "setup") {
    return InvalidRequestError("", "line_items",
                               "A Checkout Session in `setup` mode has no line items.");
  }
  // Checkout's own checks of a new session's lines.
  auto made = std::make_shared<CheckoutSessionCreateParams>();
  request = made;
  CheckoutSessionCreateParams& as_create = *made;
  as_create.set_mode(session.mode());
  std::vector<int> kept(params.line_items_size(), -1);
  for (int i = 0; i < params.line_items_size(); ++i) {
    const CheckoutLineItemUpdateParams& given = params.line_items(i);
    const LineItem* line = nullptr;
    if (given.has_id()) {
      const std::string param = absl::StrCat("line_items[", i, "][id]");
      for (int j = 0; j < session.line_items_size(); ++j) {
        if (session.line_items(j).id() == given.id()) {
          kept[i] = j;
          line = &session.line_items(j);
        }
      }
      if (line == nullptr) return ResourceMissing("line item", given.id(), param);
      for (int k = 0; k < i; ++k) {
        if (kept[k] == kept[i]) {
          // UNCERTAIN: Stripe's wording.
          return InvalidRequestError(
              "", param, absl::StrCat("The line item ", given.id(), " is given twice."));
        }
      }
    }
    *as_create.add_line_items() = AsCreateLine(w, given, line);
  }
  PAYSIM_ASSIGN_OR_RETURN(std::vector<LinePlan> plans, CheckLineItems(w, as_create));
  std::vector<LineChange> changes(plans.size());
  for (size_t i = 0; i < plans.size(); ++i) {
    if (plans[i].currency() != session.currency()) {
      // UNCERTAIN (wording), as on create.
      return InvalidRequestError("", absl::StrCat("line_items[", i, "]"),
                                 "All line items of a Checkout Session must use the same "
                                 "currency.");
    }
    LineChange& change = changes[i];
    const CheckoutLineItemUpdateParams& given = params.line_items(static_cast<int>(i));
    change.kept = kept[i];
    change.keeps_price = kept[i] >= 0 && !given.has_price() && !given.has_price_data();
    change.plan = std::move(plans[i]);
    if (change.keeps_price) {
      change.plan.price = w.prices().Find(session.line_items(kept[i]).price().id());
      change.plan.draft = PriceDraft();
    }
  }
  if (session.automatic_tax().enabled()) {
    CheckoutSessionCreateParams taxed;
    taxed.mutable_automatic_tax()->set_enabled(true);
    std::vector<LinePlan> checked;
    for (const LineChange& change : changes) checked.push_back(change.plan);
    PAYSIM_RETURN_IF_ERROR(CheckAutomaticTax(w, taxed, session.mode(), checked, {}, nullptr));
  }
  PAYSIM_RETURN_IF_ERROR(CheckChangedTotal(WithLines(session, changes), "line_items"));
  return changes;
}

}  // namespace

absl::Status CheckPermissions(const CheckoutSessionCreateParams& params, CheckoutUi ui,
                              absl::string_view ui_name, absl::string_view version) {
  if (!params.has_permissions()) return absl::OkStatus();
  if (!CheckoutTakesPermissions(version)) return ParameterUnknown("permissions");
  if (ui == CheckoutUi::kHosted) {
    // Stripe: "Can only be set when creating embedded or custom sessions." (wording UNCERTAIN)
    return InvalidRequestError(
        "", "permissions",
        absl::StrCat("`permissions` is not supported with `ui_mode: ", ui_name, "`."));
  }
  if (params.permissions().has_update_shipping_details()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(params.permissions().update_shipping_details(),
                                        {"client_only", "server_only"},
                                        "permissions[update_shipping_details]"));
  }
  return absl::OkStatus();
}

bool ServerSetsShipping(const CheckoutSession& session) {
  return session.permissions().update_shipping_details() == "server_only";
}

absl::StatusOr<CheckoutSessionChange> CheckUpdate(World& world, const CheckoutSession& session,
                                                  const CheckoutSessionUpdateParams& params) {
  CheckoutSessionChange change;
  change.replaces_shipping_options =
      !params.shipping_options().empty() || params.shipping_options_emptied();
  const bool sets_details = params.collected_information().has_shipping_details();
  const bool sets_lines = !params.line_items().empty();
  if (!change.replaces_shipping_options && !sets_details && !sets_lines) return change;
  if (session.status() != "open" || session.confirming()) return NotChangeable(session);
  if (sets_lines) {
    PAYSIM_ASSIGN_OR_RETURN(change.line_items,
                            CheckLineChanges(world, session, params, change.line_request));
  }
  if (change.replaces_shipping_options) {
    if (session.mode() != "payment") {
      // As on create (checkout_shipping.cc); UNCERTAIN: Stripe's wording.
      return InvalidRequestError("", "shipping_options",
                                 "`shipping_options` can only be used in `payment` mode.");
    }
    PAYSIM_ASSIGN_OR_RETURN(
        change.shipping_options,
        CheckShippingOptions(world, params.shipping_options(), session.mode(),
                             session.currency()));
    // With the new lines when they change too: the total is checked as the update leaves it.
    PAYSIM_RETURN_IF_ERROR(CheckTotalWith(
        change.line_items.has_value() ? WithLines(session, *change.line_items) : session,
        change.shipping_options));
    if (session.automatic_tax().enabled()) {
      CheckoutSessionCreateParams taxed;
      taxed.mutable_automatic_tax()->set_enabled(true);
      PAYSIM_RETURN_IF_ERROR(
          CheckAutomaticTax(world, taxed, session.mode(), {}, change.shipping_options, nullptr));
    }
  }
  if (sets_details) {
    PAYSIM_ASSIGN_OR_RETURN(
        change.shipping_details,
        CheckShippingDetails(session, params.collected_information().shipping_details()));
  }
  return change;
}

std::vector<LineItem> BuildLines(World& world, const CheckoutSession& session,
                                 const std::vector<LineChange>& changes) {
  std::vector<LineItem> lines;
  lines.reserve(changes.size());
  for (const LineChange& change : changes) {
    LineItem item;
    if (change.keeps_price) {
      item = session.line_items(change.kept);
      item.set_quantity(change.plan.quantity);
      item.clear_tax_rates();
      for (const TaxRate* rate : change.plan.tax_rates) item.add_tax_rates(*rate);
      item.clear_adjustable_quantity();
      if (change.plan.adjustable) {
        item.mutable_adjustable_quantity()->set_minimum(change.plan.minimum);
        item.mutable_adjustable_quantity()->set_maximum(change.plan.maximum);
      }
    } else {
      BuildLineItem(world, change.plan, item);
      if (change.kept >= 0) item.set_id(session.line_items(change.kept).id());
    }
    lines.push_back(std::move(item));
  }
  return lines;
}

}  // namespace internal
}  // namespace paysim
