// promotion_codes.h: Promotion codes (`promo_...`), customer-facing codes for a coupon.
//
// A code is `active` unless created or updated with active=false; it can be limited to one
// customer, to max_redemptions uses, to an expires_at instant (on the engine's clock), to a
// customer's first transaction and to a minimum order amount (in minimum_amount_currency, and
// in other currencies through restrictions[currency_options]; an order in a currency without
// a minimum is refused). Codes are compared without
// regard to case, and two active codes may not share one. Lifecycle:
// engine/internal/promotion_code_lifecycle.h.
//
// Example:
//   auto code = engine.promotion_codes().Create(ParseParams<PromotionCodeCreateParams>(
//       R"pb(coupon: "SUMMER25" code: "SUMMER25" max_redemptions: 100)pb"));
//
// Errors (a refused call changes nothing; HTTP 400 unless stated):
//   - coupon missing (parameter_missing); an unknown coupon (resource_missing, param coupon);
//     a coupon no longer valid (param coupon);
//   - code empty, over kPromotionCodeMaxLength characters or with characters other than A-Z,
//     a-z, 0-9 (param code); the code of another active promotion code, in any case:
//     resource_already_exists (param code);
//   - an unknown customer (resource_missing, param customer);
//   - expires_at not after now, or after the coupon's redeem_by (param expires_at);
//   - max_redemptions not positive;
//   - restrictions[minimum_amount] negative, or without restrictions[minimum_amount_currency]
//     (parameter_missing), or a currency without an amount; an unknown currency;
//   - restrictions[currency_options] without restrictions[minimum_amount] (parameter_missing,
//     param restrictions[minimum_amount]); a key not a supported currency, or
//     minimum_amount_currency itself (param restrictions[currency_options][<ccy>]); its
//     minimum_amount missing (parameter_missing) or negative (parameter_invalid_integer);
//   - update active=true of a code that cannot be redeemed any more (coupon not valid, expired,
//     used up) or whose code another active code has (param active);
//   - an unknown promotion code id: resource_missing (404); metadata as everywhere.
// Events: promotion_code.created, promotion_code.updated (with previous_attributes).
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_PROMOTION_CODES_H_
#define PAYSIM_ENGINE_PROMOTION_CODES_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/discount_params.pb.h"
#include "proto/promotion_code.obj.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

// Stripe's limit on a promotion code's `code`.
constexpr int kPromotionCodeMaxLength = 500;
// The length of a generated code (A-Z and 0-9).
constexpr int kPromotionCodeGeneratedLength = 8;

class PromotionCodeService {
 public:
  explicit PromotionCodeService(internal::World* world) : world_(world) {}

  // A code for `coupon`: `code` (generated when absent), active (default true), customer,
  // expires_at, max_redemptions, restrictions, metadata. Event promotion_code.created.
  absl::StatusOr<PromotionCode> Create(const PromotionCodeCreateParams& params,
                                       const RequestOptions& options = {});

  absl::StatusOr<PromotionCode> Retrieve(absl::string_view id,
                                         const RequestOptions& options = {});

  // active and metadata. Event promotion_code.updated when something changed.
  absl::StatusOr<PromotionCode> Update(absl::string_view id,
                                       const PromotionCodeUpdateParams& params,
                                       const RequestOptions& options = {});

  // Newest first; filtered by active, code (case-insensitive), coupon, customer and created
  // (created=T or created[gt|gte|lt|lte]=T) when given.
  absl::StatusOr<ListResult<PromotionCode>> List(const PromotionCodeListParams& params,
                                                 const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_PROMOTION_CODES_H_
