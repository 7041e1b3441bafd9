// Coupons: create, retrieve, update (name, metadata, currency_options), delete, list.
#include "engine/coupons.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/currency.h"
#include "engine/internal/coupon_lifecycle.h"
#include "engine/internal/currency_options.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/interned.h"
#include "engine/internal/params_util.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"
#include "engine/metadata.h"

namespace paysim {
namespace {

using internal::CouponLifecycle;
using internal::World;

absl::Status ValidateName(const std::string& name) {
  if (static_cast<int>(name.size()) > kCouponNameMaxLength) {
    // UNCERTAIN: Stripe's wording (its API reference documents the 40-character limit).
    return InvalidRequestError("", "name",
                               absl::StrCat("Invalid name: must be at most ",
                                            kCouponNameMaxLength, " characters"));
  }
  return absl::OkStatus();
}

// `currency_options` (given on create or update) set on `coupon`, an amount_off coupon.
absl::Status DraftCurrencyOptions(
    const google::protobuf::Map<std::string, CouponCurrencyOptionParams>& options,
    Coupon* coupon) {
  if (options.empty()) return absl::OkStatus();
  if (!coupon->has_amount_off()) {
    // UNCERTAIN: Stripe's wording ("only supported if `amount_off` is passed").
    return InvalidRequestError("", "currency_options",
                               "currency_options can only be set on an amount_off coupon.");
  }
  PAYSIM_ASSIGN_OR_RETURN(
      std::vector<CouponCurrencyOption> entries,
      internal::CheckCouponCurrencyOptions(options, coupon->currency(), "currency_options"));
  internal::MergeCurrencyOptions(entries, coupon->mutable_currency_options());
  return absl::OkStatus();
}

// The discount itself: exactly one of percent_off and amount_off (with currency), and the
// amounts in other currencies.
// UNCERTAIN: the wording of these refusals (Stripe documents the rules, not the messages).
absl::Status DraftAmount(const CouponCreateParams& params, Coupon* draft) {
  if (params.has_percent_off() && params.has_amount_off()) {
    return InvalidRequestError("", "percent_off",
                               "You may only specify one of these parameters: amount_off, "
                               "percent_off.");
  }
  if (!params.has_percent_off() && !params.has_amount_off()) {
    return InvalidRequestError("parameter_missing", "percent_off",
                               "You must specify either percent_off or amount_off.");
  }
  if (params.has_percent_off()) {
    if (!(params.percent_off() > 0 && params.percent_off() <= 100)) {
      return InvalidRequestError(
          "", "percent_off",
          "Invalid percent_off: must be greater than 0 and less than or equal to 100.");
    }
    draft->set_percent_off(params.percent_off());
  } else {
    if (params.amount_off() <= 0) {
      return InvalidRequestError("parameter_invalid_integer", "amount_off",
                                 "Invalid positive integer");
    }
    if (!params.has_currency()) {
      return InvalidRequestError("parameter_missing", "currency",
                                 "You must pass currency when passing amount_off.");
    }
    draft->set_amount_off(params.amount_off());
  }
  if (params.has_currency()) {
    const CurrencyInfo* currency = nullptr;
    PAYSIM_RETURN_IF_ERROR(ValidateCurrency(params.currency(), &currency));
    draft->set_currency(std::string(currency->code));
  }
  return DraftCurrencyOptions(params.currency_options(), draft);
}

// duration and duration_in_months (required exactly when repeating).
absl::Status DraftDuration(const CouponCreateParams& params, Coupon* draft) {
  const std::string duration = params.has_duration() ? params.duration() : "once";
  PAYSIM_RETURN_IF_ERROR(
      internal::ValidateEnum(duration, {"forever", "once", "repeating"}, "duration"));
  if (duration == "repeating") {
    if (!params.has_duration_in_months()) {
      return InvalidRequestError(
          "parameter_missing", "duration_in_months",
          "Missing required param: duration_in_months. It is required when duration is "
          "repeating.");
    }
    if (params.duration_in_months() <= 0) {
      return InvalidRequestError("parameter_invalid_integer", "duration_in_months",
                                 "Invalid positive integer");
    }
    draft->set_duration_in_months(params.duration_in_months());
  } else if (params.has_duration_in_months()) {
    return InvalidRequestError(
        "", "duration_in_months",
        "duration_in_months can only be set when duration is repeating.");
  }
  draft->set_duration(duration);
  return absl::OkStatus();
}

// The coupon the create parameters describe, or the error for the first bad parameter.
absl::StatusOr<Coupon> Draft(World& w, const CouponCreateParams& params) {
  Coupon draft;
  if (params.has_id()) {
    if (params.id().empty()) return internal::CannotUnset("id");
    if (w.coupons().Find(params.id()) != nullptr) {
      return InvalidRequestError("resource_already_exists", "id", "Coupon already exists.");
    }
  }
  PAYSIM_RETURN_IF_ERROR(DraftAmount(params, &draft));
  PAYSIM_RETURN_IF_ERROR(DraftDuration(params, &draft));
  if (params.has_max_redemptions()) {
    if (params.max_redemptions() <= 0) {
      return InvalidRequestError("parameter_invalid_integer", "max_redemptions",
                                 "Invalid positive integer");
    }
    draft.set_max_redemptions(params.max_redemptions());
  }
  if (params.has_redeem_by()) {
    if (params.redeem_by() <= w.created()) {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError("", "redeem_by", "Invalid redeem_by: must be in the future.");
    }
    draft.set_redeem_by(params.redeem_by());
  }
  if (params.has_applies_to()) {
    for (int i = 0; i < params.applies_to().products_size(); ++i) {
      const std::string& product = params.applies_to().products(i);
      if (w.products().Find(product) == nullptr) {
        return ResourceMissing("product", product, absl::StrCat("applies_to[products][", i, "]"));
      }
      draft.mutable_applies_to()->add_products(product);
    }
    if (params.applies_to().products_size() == 0) draft.mutable_applies_to();
  }
  if (params.has_name()) {
    PAYSIM_RETURN_IF_ERROR(ValidateName(params.name()));
    if (!params.name().empty()) draft.set_name(params.name());
  }
  PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
  PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), draft.mutable_metadata()));
  draft.set_id(params.has_id() ? params.id() : w.ids().RandomCode(kCouponGeneratedIdLength));
  return draft;
}

}  // namespace

absl::StatusOr<Coupon> CouponService::Create(const CouponCreateParams& params,
                                             const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Coupon>(options, "POST /v1/coupons", params,
                                 [&]() -> absl::StatusOr<Coupon> {
                                   PAYSIM_ASSIGN_OR_RETURN(Coupon draft, Draft(w, params));
                                   return CouponLifecycle::Create(w, std::move(draft));
                                 });
}

absl::StatusOr<Coupon> CouponService::Retrieve(absl::string_view id,
                                               const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Coupon> {
    PAYSIM_ASSIGN_OR_RETURN(const Coupon* coupon, w.coupons().Get(id));
    return *coupon;
  });
}

absl::StatusOr<Coupon> CouponService::Update(absl::string_view id,
                                             const CouponUpdateParams& params,
                                             const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Coupon>(
      options, [&] { return absl::StrCat("POST /v1/coupons/", id); }, params,
      [&]() -> absl::StatusOr<Coupon> {
        PAYSIM_ASSIGN_OR_RETURN(const Coupon* coupon, w.coupons().Get(id));
        if (params.has_name()) PAYSIM_RETURN_IF_ERROR(ValidateName(params.name()));
        PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
        Coupon updated = *coupon;
        PAYSIM_RETURN_IF_ERROR(DraftCurrencyOptions(params.currency_options(), &updated));
        PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));
        if (params.has_name()) {
          if (params.name().empty()) {
            updated.clear_name();
          } else {
            updated.set_name(params.name());
          }
        }
        return CouponLifecycle::Update(w, *coupon, updated);
      });
}

absl::StatusOr<DeletedObject> CouponService::Delete(absl::string_view id,
                                                    const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<DeletedObject> {
    PAYSIM_ASSIGN_OR_RETURN(const Coupon* coupon, w.coupons().Get(id));
    DeletedObject deleted;
    deleted.set_id(coupon->id());
    deleted.set_object(PAYSIM_INTERNED("coupon"));
    deleted.set_deleted(true);
    CouponLifecycle::Delete(w, *coupon);
    return deleted;
  });
}

absl::StatusOr<ListResult<Coupon>> CouponService::List(const CouponListParams& params,
                                                       const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<Coupon>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    return w.coupons().List(window, "/v1/coupons", [](const Coupon&) { return true; });
  });
}

}  // namespace paysim
