// coupons.h: Coupons, a percent-off or amount-off discount that customers redeem (directly, as
// a customer's discount, or through a promotion code).
//
// Lifecycle (engine/internal/coupon_lifecycle.h): created valid; no longer valid from the
// instant its redeem_by comes (on the engine's clock) or once times_redeemed reaches
// max_redemptions; only its name, metadata and currency_options change after creation;
// deleted on request.
//
// An amount_off coupon may also name its amount in other currencies (`currency_options`,
// Stripe's multi-currency coupons): a session, invoice or subscription in such a currency
// takes that amount off; in a currency with no amount the coupon is refused.
//
// Example:
//   auto coupon = engine.coupons().Create(ParseParams<CouponCreateParams>(
//       R"pb(percent_off: 25 duration: "repeating" duration_in_months: 3)pb"));
//   // coupon->id(): 8 characters A-Z0-9 unless `id` was given; valid: true
//
// Errors (a refused call changes nothing; HTTP 400 unless stated):
//   - both percent_off and amount_off (param percent_off), or neither (parameter_missing,
//     param percent_off);
//   - percent_off outside (0, 100] (param percent_off); amount_off not positive
//     (parameter_invalid_integer); amount_off without currency (parameter_missing, currency);
//     an unknown currency;
//   - currency_options on a percent_off coupon (param currency_options); a key not a supported
//     currency, or the coupon's own currency (param currency_options[<ccy>]); its amount_off
//     missing (parameter_missing) or not positive (parameter_invalid_integer), param
//     currency_options[<ccy>][amount_off] (engine/internal/currency_options.h);
//   - duration not once|repeating|forever; duration_in_months missing with repeating
//     (parameter_missing), given with another duration, or not positive (duration_in_months);
//   - max_redemptions not positive; redeem_by not after now (param redeem_by);
//   - applies_to[products][] naming an unknown product: resource_missing;
//   - an `id` in use: resource_already_exists (param id); a name over kCouponNameMaxLength;
//   - an unknown coupon id: resource_missing (404); metadata as everywhere (metadata.h).
// Events: coupon.created, coupon.updated (with previous_attributes), coupon.deleted.
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_COUPONS_H_
#define PAYSIM_ENGINE_COUPONS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/common.obj.h"
#include "proto/coupon.obj.h"
#include "proto/discount_params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

// Stripe's limit on a coupon's name.
constexpr int kCouponNameMaxLength = 40;
// The length of a generated coupon id (Stripe's are 8 characters, A-Z and 0-9).
constexpr int kCouponGeneratedIdLength = 8;

class CouponService {
 public:
  explicit CouponService(internal::World* world) : world_(world) {}

  // Create()
  //
  // percent_off, or amount_off with currency (and currency_options); duration (default
  // once), duration_in_months (with repeating), max_redemptions, redeem_by,
  // applies_to[products][], id, name, metadata.
  // Event coupon.created.
  absl::StatusOr<Coupon> Create(const CouponCreateParams& params,
                                const RequestOptions& options = {});

  absl::StatusOr<Coupon> Retrieve(absl::string_view id, const RequestOptions& options = {});

  // Name, metadata and currency_options (each currency given is added or replaced; an
  // amount_off coupon only). An empty name unsets it. Event coupon.updated when something
  // changed.
  absl::StatusOr<Coupon> Update(absl::string_view id, const CouponUpdateParams& params,
                                const RequestOptions& options = {});

  // Event coupon.deleted. Promotion codes of the coupon keep its last version.
  absl::StatusOr<DeletedObject> Delete(absl::string_view id, const RequestOptions& options = {});

  // Newest first; `created` (created=T or created[gt|gte|lt|lte]=T) when given.
  absl::StatusOr<ListResult<Coupon>> List(const CouponListParams& params,
                                          const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_COUPONS_H_
