// Plans: Stripe's plan parameters checked and mapped onto the catalog's recurring Price, and
// the price rendered back as a Plan.
#include "engine/plans.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "engine/currency.h"
#include "engine/internal/catalog.h"
#include "engine/internal/catalog_lifecycle.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/interned.h"
#include "engine/internal/params_util.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"
#include "engine/metadata.h"
#include "engine/prices.h"

namespace paysim {
namespace {

using internal::World;

// A recurring, user-made price: what Stripe shows as a plan.
bool IsPlan(const Price& price) { return !price.ad_hoc() && price.type() == "recurring"; }

absl::StatusOr<const Price*> FindPlan(World& w, absl::string_view id) {
  const Price* price = w.prices().Find(id);
  if (price == nullptr || !IsPlan(*price)) return ResourceMissing("plan", id);
  return price;
}

int64_t MaxIntervalCount(absl::string_view interval) {
  if (interval == "day") return kPriceMaxIntervalDays;
  if (interval == "week") return 156;
  if (interval == "month") return 36;
  return 3;  // year
}

// `amount_decimal` as whole minor units. UNCERTAIN: Stripe accepts up to 12 decimal places;
// paysim's prices hold whole minor units, so a fractional amount is refused.
absl::StatusOr<int64_t> ParseAmountDecimal(const std::string& text) {
  std::vector<std::string> parts = absl::StrSplit(text, '.');
  int64_t whole = 0;
  const bool digits = !parts[0].empty() && parts.size() <= 2 &&
                      std::all_of(parts[0].begin(), parts[0].end(), absl::ascii_isdigit) &&
                      absl::SimpleAtoi(parts[0], &whole);
  if (!digits) {
    return InvalidRequestError("", "amount_decimal", absl::StrCat("Invalid decimal: ", text));
  }
  if (parts.size() == 2 && parts[1].find_first_not_of('0') != std::string::npos) {
    return InvalidRequestError(
        "", "amount_decimal",
        "paysim holds whole minor units only: amount_decimal must have no fractional part.");
  }
  return whole;
}

// The plan's amount; absent (nullopt) only for a tiered plan, whose tiers price it.
absl::Status CheckPlanAmount(const PlanCreateParams& params, absl::optional<int64_t>* out) {
  int64_t value = 0;
  int64_t* amount = &value;
  if (params.has_amount() && params.has_amount_decimal()) {
    return InvalidRequestError(
        "", "amount", "You may only specify one of these parameters: amount, amount_decimal.");
  }
  absl::string_view param = params.has_amount_decimal() ? "amount_decimal" : "amount";
  if (params.has_amount()) {
    *amount = params.amount();
  } else if (params.has_amount_decimal()) {
    PAYSIM_ASSIGN_OR_RETURN(*amount, ParseAmountDecimal(params.amount_decimal()));
  } else if (params.billing_scheme() == "tiered") {
    return absl::OkStatus();
  } else {
    return ParameterMissing("amount");
  }
  if (*amount < 0) {
    return InvalidRequestError("parameter_invalid_integer", param,
                               "This value must be greater than or equal to 0.");
  }
  if (*amount > kPriceMaxUnitAmount) {
    return InvalidRequestError(
        "parameter_invalid_integer", param,
        absl::StrCat("This value must be less than or equal to ", kPriceMaxUnitAmount, "."));
  }
  *out = value;
  return absl::OkStatus();
}

absl::Status CheckRecurrence(const PlanCreateParams& params) {
  if (!params.has_interval()) return ParameterMissing("interval");
  PAYSIM_RETURN_IF_ERROR(
      internal::ValidateEnum(params.interval(), {"day", "week", "month", "year"}, "interval"));
  if (params.has_interval_count()) {
    if (params.interval_count() < 1) {
      return InvalidRequestError("parameter_invalid_integer", "interval_count",
                                 "This value must be greater than or equal to 1.");
    }
    if (params.interval_count() > MaxIntervalCount(params.interval())) {
      // UNCERTAIN (wording), as for prices.
      return InvalidRequestError(
          "", "interval_count",
          "The maximum billing interval is three years (3 years, 36 months, or 156 weeks).");
    }
  }
  if (params.has_usage_type()) {
    PAYSIM_RETURN_IF_ERROR(
        internal::ValidateEnum(params.usage_type(), {"licensed", "metered"}, "usage_type"));
  }
  return absl::OkStatus();
}

// The inline `product[...]` hash as the catalog's product_data.
PriceProductDataParams ProductData(const PlanProductParams& product) {
  PriceProductDataParams data;
  if (product.has_name()) data.set_name(product.name());
  if (product.has_active()) data.set_active(product.active());
  *data.mutable_metadata() = product.metadata();
  if (product.has_statement_descriptor()) {
    data.set_statement_descriptor(product.statement_descriptor());
  }
  if (product.has_tax_code()) data.set_tax_code(product.tax_code());
  if (product.has_unit_label()) data.set_unit_label(product.unit_label());
  return data;
}

bool UsedBySubscription(World& w, absl::string_view price_id) {
  bool used = false;
  w.subscriptions().ForEach([&](const Subscription& subscription) {
    for (const SubscriptionItem& item : subscription.items().data()) {
      if (item.price().id() == price_id) used = true;
    }
  });
  return used;
}

}  // namespace

absl::StatusOr<Plan> PlanService::Create(const PlanCreateParams& params,
                                         const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Plan>(options, "POST /v1/plans", params, [&]() -> absl::StatusOr<Plan> {
    // validate: Stripe's plan parameters first, named as the plan names them.
    if (!params.has_currency()) return ParameterMissing("currency");
    absl::optional<int64_t> amount;
    PAYSIM_RETURN_IF_ERROR(CheckPlanAmount(params, &amount));
    PAYSIM_RETURN_IF_ERROR(CheckRecurrence(params));
    if (params.has_id()) {
      if (params.id().empty()) return internal::CannotUnset("id");
      if (w.prices().Find(params.id()) != nullptr) {
        return InvalidRequestError("resource_already_exists", "id", "Plan already exists.");
      }
    }
    if (!params.has_product()) return ParameterMissing("product");
    const PlanProductParams& product = params.product();
    const bool by_id = product.has_string_form();
    const PriceProductDataParams product_data = ProductData(product);
    if (by_id && (product.has_name() || product.has_active() || product.metadata_size() > 0)) {
      // UNCERTAIN (wording): both forms of `product` at once.
      return InvalidRequestError("", "product",
                                 "Give `product` as an id or as a hash, not both.");
    }
    if (!by_id) PAYSIM_RETURN_IF_ERROR(internal::CheckProductData(product_data, "product"));
    PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));

    // Then the catalog's own checks of the price it stores.
    PriceRecurringParams recurring;
    recurring.set_interval(params.interval());
    if (params.has_interval_count()) recurring.set_interval_count(params.interval_count());
    if (params.has_usage_type()) recurring.set_usage_type(params.usage_type());
    if (params.has_meter()) recurring.set_meter(params.meter());
    internal::PriceInput input;
    input.currency = params.currency();
    input.unit_amount = amount;
    // The tiers (price_tiers.h), named as a plan names them.
    if (params.has_billing_scheme()) input.billing_scheme = params.billing_scheme();
    input.tiers = &params.tiers();
    if (params.has_tiers_mode()) input.tiers_mode = params.tiers_mode();
    if (params.has_transform_usage()) input.transform = &params.transform_usage();
    input.amount_param = "amount";
    input.transform_param = "transform_usage";
    input.meter_param = "meter";
    if (by_id) {
      input.product = product.string_form();
    } else {
      input.product_data = &product_data;
    }
    input.recurring = &recurring;
    PAYSIM_ASSIGN_OR_RETURN(internal::PriceDraft draft,
                            internal::CheckPriceInput(w, input, "", /*product_omitted_ok=*/false));

    // commit: product.created (inline product), price.created, plan.created.
    Price price = internal::NewPrice(w, draft, draft.product, /*ad_hoc=*/false);
    if (params.has_id()) price.set_id(params.id());
    price.set_active(!params.has_active() || params.active());
    *price.mutable_metadata() = params.metadata();
    if (!params.nickname().empty()) price.set_nickname(params.nickname());
    price.set_plan(true);
    return internal::PlanOf(internal::PriceLifecycle::Create(w, std::move(price)));
  });
}

absl::StatusOr<Plan> PlanService::Retrieve(absl::string_view id, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Plan> {
    PAYSIM_ASSIGN_OR_RETURN(const Price* price, FindPlan(w, id));
    return internal::PlanOf(*price);
  });
}

absl::StatusOr<Plan> PlanService::Update(absl::string_view id, const PlanUpdateParams& params,
                                         const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Plan>(
      options, [&] { return absl::StrCat("POST /v1/plans/", id); }, params,
      [&]() -> absl::StatusOr<Plan> {
        // validate
        PAYSIM_ASSIGN_OR_RETURN(const Price* price, FindPlan(w, id));
        PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
        if (params.has_product()) {
          if (params.product().empty()) return internal::CannotUnset("product");
          if (w.products().Find(params.product()) == nullptr) {
            return ResourceMissing("product", params.product(), "product");
          }
          if (params.product() != price->product() && UsedBySubscription(w, price->id())) {
            // UNCERTAIN (wording): Stripe documents that the product "cannot be changed once
            // it has been used in a subscription".
            return InvalidRequestError(
                "", "product",
                "The product of a plan cannot be changed once it has been used in a "
                "subscription.");
          }
        }
        Price updated = *price;
        PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));

        // transition: an empty nickname unsets it.
        if (params.has_active()) updated.set_active(params.active());
        if (params.has_nickname()) {
          if (params.nickname().empty()) {
            updated.clear_nickname();
          } else {
            updated.set_nickname(params.nickname());
          }
        }
        if (params.has_product()) updated.set_product(params.product());

        // commit: price.updated, plan.updated.
        return internal::PlanOf(internal::PriceLifecycle::Update(w, *price, updated));
      });
}

absl::StatusOr<DeletedObject> PlanService::Delete(absl::string_view id,
                                                  const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<DeletedObject> {
    PAYSIM_ASSIGN_OR_RETURN(const Price* price, FindPlan(w, id));
    DeletedObject deleted;
    deleted.set_id(price->id());
    deleted.set_object(PAYSIM_INTERNED("plan"));
    deleted.set_deleted(true);
    internal::PriceLifecycle::DeletePlan(w, *price);
    return deleted;
  });
}

absl::StatusOr<ListResult<Plan>> PlanService::List(const PlanListParams& params,
                                                   const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<Plan>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    PAYSIM_ASSIGN_OR_RETURN(
        ListResult<Price> prices, w.prices().List(window, "/v1/plans", [&](const Price& p) {
          return IsPlan(p) && (!params.has_active() || p.active() == params.active()) &&
                 (!params.has_product() || p.product() == params.product());
        }));
    ListResult<Plan> plans;
    plans.data.reserve(prices.data.size());
    for (const Price& price : prices.data) plans.data.push_back(internal::PlanOf(price));
    plans.has_more = prices.has_more;
    plans.url = std::move(prices.url);
    return plans;
  });
}

namespace internal {

Plan PlanOf(const Price& price) {
  Plan plan;
  plan.set_id(price.id());
  plan.set_object(PAYSIM_INTERNED("plan"));
  plan.set_active(price.active());
  if (price.has_unit_amount()) plan.set_amount(price.unit_amount());
  if (price.has_unit_amount_decimal()) plan.set_amount_decimal(price.unit_amount_decimal());
  plan.set_billing_scheme(price.billing_scheme());
  plan.set_created(price.created());
  plan.set_currency(price.currency());
  plan.set_interval(price.recurring().interval());
  plan.set_interval_count(price.recurring().interval_count());
  plan.set_livemode(price.livemode());
  *plan.mutable_metadata() = price.metadata();
  if (price.has_nickname()) plan.set_nickname(price.nickname());
  plan.set_product(price.product());
  for (const PriceTier& tier : price.tiers()) {
    PlanTier* out = plan.add_tiers();
    if (tier.has_flat_amount()) out->set_flat_amount(tier.flat_amount());
    if (tier.has_flat_amount_decimal()) out->set_flat_amount_decimal(tier.flat_amount_decimal());
    if (tier.has_unit_amount()) out->set_unit_amount(tier.unit_amount());
    if (tier.has_unit_amount_decimal()) out->set_unit_amount_decimal(tier.unit_amount_decimal());
    if (tier.has_up_to()) out->set_up_to(tier.up_to());
  }
  if (price.has_tiers_mode()) plan.set_tiers_mode(price.tiers_mode());
  if (price.has_transform_quantity()) {
    plan.mutable_transform_usage()->set_divide_by(price.transform_quantity().divide_by());
    plan.mutable_transform_usage()->set_round(price.transform_quantity().round());
  }
  plan.set_usage_type(price.recurring().usage_type());
  if (price.recurring().has_meter()) plan.set_meter(price.recurring().meter());
  return plan;
}

}  // namespace internal
}  // namespace paysim
