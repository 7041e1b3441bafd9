// Prices: create, retrieve, update, list; the checks every new Price passes (POST /v1/prices,
// a product's default_price_data, a line item's price_data) and what Checkout may sell.
#include "engine/prices.h"
#include "engine/internal/interned.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/api_version.h"
#include "engine/currency.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/price_tiers.h"
#include "engine/metadata.h"
#include "engine/internal/catalog.h"
#include "engine/internal/catalog_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"

namespace paysim {
namespace {

using internal::World;

std::string Param(absl::string_view prefix, absl::string_view name) {
  return prefix.empty() ? std::string(name) : absl::StrCat(prefix, "[", name, "]");
}

// Stripe's bounds error for an integer parameter ("This value must be greater than or equal
// to 1.", as Stripe answers a quantity of 0).
absl::Status IntegerBound(absl::string_view param, absl::string_view relation, int64_t bound) {
  return InvalidRequestError("parameter_invalid_integer", param,
                             absl::StrCat("This value must be ", relation, " ", bound, "."));
}

// How many of `interval` fit in kPriceMaxIntervalDays (3 years, 36 months, 156 weeks).
int64_t MaxIntervalCount(absl::string_view interval) {
  if (interval == "day") return kPriceMaxIntervalDays;
  if (interval == "week") return 156;
  if (interval == "month") return 36;
  return 3;  // year
}

absl::Status CheckLookupKey(World& w, const std::string& key, absl::string_view except_id) {
  if (key.size() > static_cast<size_t>(kPriceLookupKeyMaxLength)) {
    return InvalidRequestError("", "lookup_key",
                               absl::StrCat("The lookup_key can be at most ",
                                            kPriceLookupKeyMaxLength, " characters long."));
  }
  std::string holder;
  w.prices().ForEach([&](const Price& p) {
    if (p.active() && p.lookup_key() == key && p.id() != except_id) holder = p.id();
  });
  if (!holder.empty()) {
    return InvalidRequestError(
        "", "lookup_key", absl::StrCat("A price (`", holder, "`) already uses that lookup key."));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Price> PriceService::Create(const PriceCreateParams& params,
                                           const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Price>(
      options, "POST /v1/prices", params, [&]() -> absl::StatusOr<Price> {
        // validate
        internal::PriceInput input;
        if (params.has_currency()) input.currency = params.currency();
        if (params.has_unit_amount()) input.unit_amount = params.unit_amount();
        if (params.has_product()) input.product = params.product();
        if (params.has_product_data()) input.product_data = &params.product_data();
        if (params.has_recurring()) input.recurring = &params.recurring();
        if (params.has_tax_behavior()) input.tax_behavior = params.tax_behavior();
        if (params.has_billing_scheme()) input.billing_scheme = params.billing_scheme();
        input.tiers = &params.tiers();
        if (params.has_tiers_mode()) input.tiers_mode = params.tiers_mode();
        if (params.has_transform_quantity()) input.transform = &params.transform_quantity();
        PAYSIM_ASSIGN_OR_RETURN(internal::PriceDraft draft,
                                internal::CheckPriceInput(w, input, "", false));
        PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
        const bool active = !params.has_active() || params.active();
        if (!params.lookup_key().empty() && active) {
          PAYSIM_RETURN_IF_ERROR(CheckLookupKey(w, params.lookup_key(), ""));
        }

        // commit: product.created (for product_data), then price.created.
        Price price = internal::NewPrice(w, draft, draft.product, /*ad_hoc=*/false);
        price.set_active(active);
        if (!params.lookup_key().empty()) price.set_lookup_key(params.lookup_key());
        *price.mutable_metadata() = params.metadata();
        if (!params.nickname().empty()) price.set_nickname(params.nickname());
        return internal::PriceLifecycle::Create(w, std::move(price));
      });
}

absl::StatusOr<Price> PriceService::Retrieve(absl::string_view id, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Price> {
    PAYSIM_ASSIGN_OR_RETURN(const Price* price, w.prices().Get(id));
    return *price;
  });
}

absl::StatusOr<Price> PriceService::Update(absl::string_view id, const PriceUpdateParams& params,
                                           const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Price>(
      options, [&] { return absl::StrCat("POST /v1/prices/", id); }, params,
      [&]() -> absl::StatusOr<Price> {
    // validate
    PAYSIM_ASSIGN_OR_RETURN(const Price* price, w.prices().Get(id));
    PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
    if (params.has_tax_behavior()) {
      PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(
          params.tax_behavior(), {"exclusive", "inclusive", "unspecified"}, "tax_behavior"));
      // Stripe lets tax_behavior be set once, from unspecified.
      if (price->tax_behavior() != "unspecified" && params.tax_behavior() != price->tax_behavior()) {
        return InvalidRequestError(
            "", "tax_behavior",
            "You cannot update `tax_behavior` field once it has been specified.");
      }
    }
    const bool active = params.has_active() ? params.active() : price->active();
    const std::string lookup_key = params.has_lookup_key() ? params.lookup_key() : price->lookup_key();
    if (active && !lookup_key.empty()) {
      PAYSIM_RETURN_IF_ERROR(CheckLookupKey(w, lookup_key, price->id()));
    }
    Price updated = *price;
    PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));

    // transition: an empty nickname or lookup_key unsets it.
    updated.set_active(active);
    if (params.has_nickname()) {
      if (params.nickname().empty()) {
        updated.clear_nickname();
      } else {
        updated.set_nickname(params.nickname());
      }
    }
    if (params.has_lookup_key()) {
      if (params.lookup_key().empty()) {
        updated.clear_lookup_key();
      } else {
        updated.set_lookup_key(params.lookup_key());
      }
    }
    if (params.has_tax_behavior()) updated.set_tax_behavior(params.tax_behavior());

    // commit
    return internal::PriceLifecycle::Update(w, *price, updated);
  });
}

absl::StatusOr<ListResult<Price>> PriceService::List(const PriceListParams& params,
                                                     const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<Price>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    if (params.has_type()) {
      PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(params.type(), {"one_time", "recurring"}, "type"));
    }
    return w.prices().List(window, "/v1/prices", [&](const Price& p) {
      return !p.ad_hoc() && (!params.has_active() || p.active() == params.active()) &&
             (!params.has_currency() || p.currency() == params.currency()) &&
             (!params.has_product() || p.product() == params.product()) &&
             (!params.has_type() || p.type() == params.type());
    });
  });
}

namespace internal {
namespace {

// The meter of a recurring price (`recurring[meter]`), checked: only a metered price has one,
// an active meter of this account; from 2025-03-31.basil a metered price must have one
// (Stripe removed usage records then). Empty: none.
absl::StatusOr<std::string> CheckPriceMeter(World& world, const PriceRecurringParams& recurring,
                                            absl::string_view usage_type,
                                            const std::string& meter_param) {
  if (!recurring.has_meter()) {
    if (usage_type == "metered" && ApiVersionAtLeast(world.api_version(), "2025-03-31")) {
      return ParameterMissing(meter_param);
    }
    return std::string();
  }
  // UNCERTAIN: the wording of these refusals.
  if (usage_type != "metered") {
    return InvalidRequestError("", meter_param,
                               "A meter can only be set on a price whose usage_type is "
                               "`metered`.");
  }
  const BillingMeter* meter = world.billing_meters().Find(recurring.meter());
  if (meter == nullptr) return ResourceMissing("billing.meter", recurring.meter(), meter_param);
  if (meter->status() != "active") {
    return InvalidRequestError("", meter_param,
                               "You can't attach a deactivated meter to a price.");
  }
  return meter->id();
}

}  // namespace

absl::StatusOr<PriceDraft> CheckPriceInput(World& world, const PriceInput& input,
                                           absl::string_view prefix, bool product_omitted_ok) {
  PriceDraft draft;
  const std::string currency_param = Param(prefix, "currency");
  if (!input.currency.has_value()) return ParameterMissing(currency_param);
  const CurrencyInfo* currency = nullptr;
  PAYSIM_RETURN_IF_ERROR(ValidateCurrency(*input.currency, &currency, currency_param));
  draft.currency = std::string(currency->code);

  // The amount: a unit amount, or tiers (price_tiers.h).
  PAYSIM_RETURN_IF_ERROR(CheckPriceScheme(input, prefix, &draft));

  if (input.product.has_value() && input.product_data != nullptr) {
    return InvalidRequestError(
        "", Param(prefix, "product"),
        "You may only specify one of these parameters: product, product_data.");
  }
  if (input.product.has_value()) {
    const Product* product = world.products().Find(*input.product);
    if (product == nullptr) return ResourceMissing("product", *input.product, Param(prefix, "product"));
    draft.product = product->id();
  } else if (input.product_data != nullptr) {
    PAYSIM_RETURN_IF_ERROR(CheckProductData(*input.product_data, Param(prefix, "product_data")));
    draft.product_data = input.product_data;
  } else if (!product_omitted_ok) {
    return ParameterMissing(Param(prefix, "product"));
  }

  if (input.recurring != nullptr) {
    const PriceRecurringParams& recurring = *input.recurring;
    const std::string recurring_param = Param(prefix, "recurring");
    const std::string interval_param = absl::StrCat(recurring_param, "[interval]");
    if (!recurring.has_interval()) return ParameterMissing(interval_param);
    PAYSIM_RETURN_IF_ERROR(
        ValidateEnum(recurring.interval(), {"day", "week", "month", "year"}, interval_param));
    const std::string count_param = absl::StrCat(recurring_param, "[interval_count]");
    const int64_t count = recurring.has_interval_count() ? recurring.interval_count() : 1;
    if (count < 1) return IntegerBound(count_param, "greater than or equal to", 1);
    if (count > MaxIntervalCount(recurring.interval())) {
      // UNCERTAIN (wording): Stripe documents "Maximum of three years interval allowed (3
      // years, 36 months, or 156 weeks)".
      return InvalidRequestError(
          "", count_param,
          "The maximum billing interval is three years (3 years, 36 months, or 156 weeks).");
    }
    const std::string usage_param = absl::StrCat(recurring_param, "[usage_type]");
    if (recurring.has_usage_type()) {
      PAYSIM_RETURN_IF_ERROR(
          ValidateEnum(recurring.usage_type(), {"licensed", "metered"}, usage_param));
    }
    draft.recurring = true;
    draft.interval = recurring.interval();
    draft.interval_count = count;
    draft.usage_type = recurring.has_usage_type() ? recurring.usage_type() : "licensed";
    PAYSIM_ASSIGN_OR_RETURN(
        draft.meter,
        CheckPriceMeter(world, recurring, draft.usage_type,
                        input.meter_param.empty() ? absl::StrCat(recurring_param, "[meter]")
                                                  : std::string(input.meter_param)));
  }

  draft.tax_behavior = "unspecified";
  if (input.tax_behavior.has_value()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(*input.tax_behavior,
                                        {"exclusive", "inclusive", "unspecified"},
                                        Param(prefix, "tax_behavior")));
    draft.tax_behavior = *input.tax_behavior;
  }
  return draft;
}

Price NewPrice(World& world, const PriceDraft& draft, const std::string& product_id,
               bool ad_hoc) {
  std::string product = product_id;
  if (product.empty() && draft.product_data != nullptr) {
    product = CreateProductFromData(world, *draft.product_data).id();
  }
  const std::string id = world.ids().NewId("price_");
  Price price = DraftPrice(world, draft, ad_hoc);
  price.set_id(id);
  price.set_product(product);
  return price;
}

const Price& CreateDraftPrice(World& world, Price price) {
  price.set_id(world.ids().NewId("price_"));
  return PriceLifecycle::Create(world, std::move(price));
}

Price DraftPrice(World& world, const PriceDraft& draft, bool ad_hoc) {
  Price price;
  price.set_object(PAYSIM_INTERNED("price"));
  // UNCERTAIN: Stripe shows a price made from a line item's price_data as inactive (it can
  // only be used where it was made).
  price.set_active(!ad_hoc);
  const bool tiered = draft.billing_scheme == "tiered";
  price.set_billing_scheme(tiered ? PAYSIM_INTERNED("tiered") : PAYSIM_INTERNED("per_unit"));
  price.set_created(world.created());
  price.set_currency(draft.currency);
  price.set_livemode(false);
  price.set_product(draft.product);
  if (draft.recurring) {
    PriceRecurring* recurring = price.mutable_recurring();
    recurring->set_interval(draft.interval);
    recurring->set_interval_count(draft.interval_count);
    recurring->set_usage_type(draft.usage_type);
    if (!draft.meter.empty()) recurring->set_meter(draft.meter);
  }
  price.set_tax_behavior(draft.tax_behavior);
  for (const PriceTier& tier : draft.tiers) price.add_tiers(tier);
  if (tiered) price.set_tiers_mode(draft.tiers_mode);
  if (draft.transform.has_value()) *price.mutable_transform_quantity() = *draft.transform;
  price.set_type(draft.recurring ? "recurring" : "one_time");
  if (!tiered) {
    price.set_unit_amount(draft.unit_amount);
    price.set_unit_amount_decimal(absl::StrCat(draft.unit_amount));
  }
  price.set_ad_hoc(ad_hoc);
  return price;
}

absl::StatusOr<const Price*> FindSellablePrice(World& world, absl::string_view id,
                                               absl::string_view param) {
  const Price* price = world.prices().Find(id);
  if (price == nullptr || price->ad_hoc()) return ResourceMissing("price", id, param);
  if (!price->active()) {
    return InvalidRequestError(
        "", param, "The price specified is inactive. This field only accepts active prices.");
  }
  const Product* product = world.products().Find(price->product());
  if (product == nullptr || !product->active()) {
    // UNCERTAIN (wording): Stripe's code is product_inactive.
    return InvalidRequestError(
        "product_inactive", param,
        "The product of the price specified is inactive. This field only accepts prices of "
        "active products.");
  }
  return price;
}

}  // namespace internal
}  // namespace paysim
