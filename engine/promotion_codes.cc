// Promotion codes: create, retrieve, update (active, metadata), list.
#include "engine/promotion_codes.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/currency.h"
#include "engine/internal/currency_options.h"
#include "engine/internal/params_util.h"
#include "engine/internal/promotion_code_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"
#include "engine/metadata.h"

namespace paysim {
namespace {

using internal::PromotionCodeLifecycle;
using internal::World;

// The active promotion code other than `except_id` whose code is `code` in any case, if any.
const PromotionCode* ActiveWithCode(World& w, absl::string_view code,
                                    absl::string_view except_id) {
  const PromotionCode* found = nullptr;
  w.promotion_codes().ForEach([&](const PromotionCode& other) {
    if (found == nullptr && other.active() && other.id() != except_id &&
        absl::EqualsIgnoreCase(other.code(), code)) {
      found = &other;
    }
  });
  return found;
}

// UNCERTAIN: Stripe's wording.
absl::Status CodeTaken(absl::string_view code) {
  return InvalidRequestError(
      "resource_already_exists", "code",
      absl::StrCat("An active promotion code with `code: ", code, "` already exists."));
}

absl::Status ValidateCode(const std::string& code) {
  if (code.empty()) return internal::CannotUnset("code");
  if (static_cast<int>(code.size()) > kPromotionCodeMaxLength) {
    return InvalidRequestError("", "code",
                               absl::StrCat("Invalid code: must be at most ",
                                            kPromotionCodeMaxLength, " characters"));
  }
  for (char c : code) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) {
      // Stripe: "Valid characters are lower case letters (a-z), upper case letters (A-Z), and
      // digits (0-9)." UNCERTAIN: the wording of the refusal.
      return InvalidRequestError(
          "", "code",
          "Invalid code: valid characters are lower case letters (a-z), upper case letters "
          "(A-Z), and digits (0-9).");
    }
  }
  return absl::OkStatus();
}

absl::Status DraftRestrictions(const PromotionCodeRestrictionsParams& params,
                               PromotionCodeRestrictions* out) {
  if (params.has_first_time_transaction()) {
    out->set_first_time_transaction(params.first_time_transaction());
  }
  if (params.has_minimum_amount()) {
    if (params.minimum_amount() < 0) {
      return InvalidRequestError("parameter_invalid_integer", "restrictions[minimum_amount]",
                                 "This value must be greater than or equal to 0.");
    }
    if (!params.has_minimum_amount_currency()) {
      return InvalidRequestError(
          "parameter_missing", "restrictions[minimum_amount_currency]",
          "You must pass minimum_amount_currency when passing minimum_amount.");
    }
    const CurrencyInfo* currency = nullptr;
    PAYSIM_RETURN_IF_ERROR(ValidateCurrency(params.minimum_amount_currency(), &currency,
                                            "restrictions[minimum_amount_currency]"));
    PAYSIM_ASSIGN_OR_RETURN(std::vector<PromotionCodeCurrencyOption> options,
                            internal::CheckPromotionCurrencyOptions(
                                params.currency_options(), currency->code,
                                "restrictions[currency_options]"));
    out->set_minimum_amount(params.minimum_amount());
    out->set_minimum_amount_currency(std::string(currency->code));
    for (PromotionCodeCurrencyOption& option : options) {
      out->mutable_currency_options()->Add(std::move(option));
    }
  } else if (params.has_minimum_amount_currency()) {
    return InvalidRequestError(
        "parameter_missing", "restrictions[minimum_amount]",
        "You must pass minimum_amount when passing minimum_amount_currency.");
  } else if (!params.currency_options().empty()) {
    // UNCERTAIN: Stripe's rule and wording; paysim asks for the minimum in one currency first
    // (minimum_amount with minimum_amount_currency), as coupons ask for amount_off.
    return InvalidRequestError(
        "parameter_missing", "restrictions[minimum_amount]",
        "You must pass minimum_amount and minimum_amount_currency when passing "
        "currency_options.");
  }
  return absl::OkStatus();
}

// The coupon a code is for: it must exist and still be valid.
absl::StatusOr<const Coupon*> FindValidCoupon(World& w, const PromotionCodeCreateParams& params) {
  if (!params.has_coupon()) return ParameterMissing("coupon");
  if (params.coupon().empty()) return internal::CannotUnset("coupon");
  PAYSIM_ASSIGN_OR_RETURN(const Coupon* coupon, w.coupons().Get(params.coupon(), "coupon"));
  if (!coupon->valid()) {
    // UNCERTAIN: Stripe's wording.
    return InvalidRequestError("", "coupon",
                               absl::StrCat("Coupon ", coupon->id(), " is no longer valid."));
  }
  return coupon;
}

// The code the create parameters describe, or the error for the first bad parameter.
absl::StatusOr<PromotionCode> Draft(World& w, const PromotionCodeCreateParams& params) {
  PAYSIM_ASSIGN_OR_RETURN(const Coupon* coupon, FindValidCoupon(w, params));
  const bool active = !params.has_active() || params.active();
  if (params.has_code()) {
    PAYSIM_RETURN_IF_ERROR(ValidateCode(params.code()));
    if (active && ActiveWithCode(w, params.code(), "") != nullptr) {
      return CodeTaken(params.code());
    }
  }
  if (params.has_customer()) {
    if (params.customer().empty()) return internal::CannotUnset("customer");
    PAYSIM_RETURN_IF_ERROR(w.customers().Get(params.customer(), "customer").status());
  }
  if (params.has_expires_at()) {
    // UNCERTAIN: Stripe's wording of both.
    if (params.expires_at() <= w.created()) {
      return InvalidRequestError("", "expires_at", "Invalid expires_at: must be in the future.");
    }
    if (coupon->has_redeem_by() && params.expires_at() > coupon->redeem_by()) {
      return InvalidRequestError(
          "", "expires_at",
          "The promotion code's expires_at cannot be after its coupon's redeem_by.");
    }
  }
  if (params.has_max_redemptions() && params.max_redemptions() <= 0) {
    return InvalidRequestError("parameter_invalid_integer", "max_redemptions",
                               "Invalid positive integer");
  }
  PromotionCode draft;
  PAYSIM_RETURN_IF_ERROR(DraftRestrictions(params.restrictions(), draft.mutable_restrictions()));
  PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
  PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), draft.mutable_metadata()));

  draft.set_active(active);
  if (params.has_code()) {
    draft.set_code(params.code());
  } else {
    std::string code;
    do {
      code = w.ids().RandomCode(kPromotionCodeGeneratedLength);
    } while (ActiveWithCode(w, code, "") != nullptr);
    draft.set_code(code);
  }
  *draft.mutable_coupon() = *coupon;
  if (params.has_customer()) draft.set_customer(params.customer());
  if (params.has_expires_at()) draft.set_expires_at(params.expires_at());
  if (params.has_max_redemptions()) draft.set_max_redemptions(params.max_redemptions());
  return draft;
}

// Why `code` cannot be active again, or OK.
absl::Status CheckReactivation(World& w, const PromotionCode& code) {
  const Coupon* coupon = w.coupons().Find(code.coupon().id());
  // UNCERTAIN: Stripe's wording. Its API reference: "A promotion code can only be reactivated
  // when the coupon is still valid and the promotion code is otherwise redeemable."
  const bool redeemable =
      coupon != nullptr && coupon->valid() &&
      (!code.has_expires_at() || code.expires_at() > w.created()) &&
      (!code.has_max_redemptions() || code.times_redeemed() < code.max_redemptions());
  if (!redeemable) {
    return InvalidRequestError(
        "", "active",
        absl::StrCat("Promotion code ", code.id(),
                     " cannot be reactivated: it can no longer be redeemed."));
  }
  if (ActiveWithCode(w, code.code(), code.id()) != nullptr) return CodeTaken(code.code());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<PromotionCode> PromotionCodeService::Create(
    const PromotionCodeCreateParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<PromotionCode>(
      options, "POST /v1/promotion_codes", params, [&]() -> absl::StatusOr<PromotionCode> {
        PAYSIM_ASSIGN_OR_RETURN(PromotionCode draft, Draft(w, params));
        return PromotionCodeLifecycle::Create(w, std::move(draft));
      });
}

absl::StatusOr<PromotionCode> PromotionCodeService::Retrieve(absl::string_view id,
                                                             const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<PromotionCode> {
    PAYSIM_ASSIGN_OR_RETURN(const PromotionCode* code, w.promotion_codes().Get(id));
    return *code;
  });
}

absl::StatusOr<PromotionCode> PromotionCodeService::Update(
    absl::string_view id, const PromotionCodeUpdateParams& params,
    const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<PromotionCode>(
      options, [&] { return absl::StrCat("POST /v1/promotion_codes/", id); }, params,
      [&]() -> absl::StatusOr<PromotionCode> {
        PAYSIM_ASSIGN_OR_RETURN(const PromotionCode* code, w.promotion_codes().Get(id));
        if (params.has_active() && params.active() && !code->active()) {
          PAYSIM_RETURN_IF_ERROR(CheckReactivation(w, *code));
        }
        PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
        PromotionCode updated = *code;
        PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));
        if (params.has_active()) updated.set_active(params.active());
        return PromotionCodeLifecycle::Update(w, *code, updated);
      });
}

absl::StatusOr<ListResult<PromotionCode>> PromotionCodeService::List(
    const PromotionCodeListParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<PromotionCode>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    return w.promotion_codes().List(window, "/v1/promotion_codes", [&](const PromotionCode& p) {
      return (!params.has_active() || p.active() == params.active()) &&
             (!params.has_code() || absl::EqualsIgnoreCase(p.code(), params.code())) &&
             (!params.has_coupon() || p.coupon().id() == params.coupon()) &&
             (!params.has_customer() || p.customer() == params.customer());
    });
  });
}

}  // namespace paysim
