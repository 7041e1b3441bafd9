#include "engine/internal/billing_portal_flow.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/url_param.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

constexpr absl::string_view kFlow = "flow_data";

std::string Param(absl::string_view a, absl::string_view b = "", absl::string_view c = "") {
  std::string out = absl::StrCat(kFlow, "[", a, "]");
  if (!b.empty()) absl::StrAppend(&out, "[", b, "]");
  if (!c.empty()) absl::StrAppend(&out, "[", c, "]");
  return out;
}

// A hash that belongs to another `type` (or `after_completion[type]`) than the one given.
absl::Status NotForType(absl::string_view param, absl::string_view field,
                        absl::string_view type) {
  return InvalidRequestError(
      "", param,
      absl::StrCat("You can only pass `", field, "` when the type is `", field, "`, not `", type,
                   "`."));
}

absl::StatusOr<BillingPortalFlowAfterCompletion> CheckAfterCompletion(
    const BillingPortalFlowDataParams& params) {
  BillingPortalFlowAfterCompletion out;
  if (!params.has_after_completion()) {
    out.set_type("portal_homepage");
    return out;
  }
  const BillingPortalFlowAfterCompletionParams& given = params.after_completion();
  if (!given.has_type() || given.type().empty()) {
    return ParameterMissing(Param("after_completion", "type"));
  }
  PAYSIM_RETURN_IF_ERROR(ValidateEnum(given.type(),
                                      {"hosted_confirmation", "portal_homepage", "redirect"},
                                      Param("after_completion", "type")));
  out.set_type(given.type());
  if (given.has_hosted_confirmation()) {
    if (given.type() != "hosted_confirmation") {
      return NotForType(Param("after_completion", "hosted_confirmation"), "hosted_confirmation",
                        given.type());
    }
  }
  if (given.type() == "hosted_confirmation") {
    BillingPortalFlowHostedConfirmation* confirmation = out.mutable_hosted_confirmation();
    if (given.hosted_confirmation().has_custom_message()) {
      const std::string& message = given.hosted_confirmation().custom_message();
      if (message.size() > kPortalFlowMessageMaxLength) {
        return InvalidRequestError(
            "", Param("after_completion", "hosted_confirmation", "custom_message"),
            absl::StrCat("Invalid string: must be at most ", kPortalFlowMessageMaxLength,
                         " characters"));
      }
      confirmation->set_custom_message(message);
    }
  }
  if (given.has_redirect() && given.type() != "redirect") {
    return NotForType(Param("after_completion", "redirect"), "redirect", given.type());
  }
  if (given.type() == "redirect") {
    const std::string param = Param("after_completion", "redirect", "return_url");
    if (!given.redirect().has_return_url() || given.redirect().return_url().empty()) {
      return ParameterMissing(param);
    }
    PAYSIM_RETURN_IF_ERROR(CheckUrlParam(given.redirect().return_url(), param));
    out.mutable_redirect()->set_return_url(given.redirect().return_url());
  }
  return out;
}

// The customer's own subscription that can still change, named by `param`.
absl::StatusOr<const Subscription*> CustomersSubscription(World& world, bool given,
                                                          const std::string& id,
                                                          absl::string_view customer,
                                                          const std::string& param) {
  if (!given || id.empty()) return ParameterMissing(param);
  PAYSIM_ASSIGN_OR_RETURN(const Subscription* subscription,
                          world.subscriptions().Get(id, param));
  if (subscription->customer() != customer) {
    return InvalidRequestError(
        "", param,
        absl::StrCat("The subscription ", id, " does not belong to the customer ", customer,
                     "."));
  }
  if (subscription->status() == "canceled" || subscription->status() == "incomplete_expired") {
    return InvalidRequestError(
        "", param,
        absl::StrCat("The subscription ", id, " is ", subscription->status(),
                     " and cannot be changed in the portal."));
  }
  return subscription;
}

absl::Status FeatureOff(absl::string_view type, absl::string_view feature) {
  return InvalidRequestError(
      "", Param("type"),
      absl::StrCat("The flow `", type, "` needs the portal configuration's `features[", feature,
                   "]` to be enabled."));
}

absl::StatusOr<BillingPortalFlowSubscriptionCancel> CheckCancel(
    World& world, const BillingPortalFlowSubscriptionCancelParams& given,
    absl::string_view customer) {
  BillingPortalFlowSubscriptionCancel out;
  PAYSIM_ASSIGN_OR_RETURN(
      const Subscription* subscription,
      CustomersSubscription(world, given.has_subscription(), given.subscription(), customer,
                            Param("subscription_cancel", "subscription")));
  out.set_subscription(subscription->id());
  if (!given.has_retention()) return out;
  const BillingPortalFlowRetentionParams& retention = given.retention();
  const std::string type_param = Param("subscription_cancel", "retention") + "[type]";
  if (!retention.has_type() || retention.type().empty()) return ParameterMissing(type_param);
  PAYSIM_RETURN_IF_ERROR(ValidateEnum(retention.type(), {"coupon_offer"}, type_param));
  const std::string coupon_param =
      Param("subscription_cancel", "retention") + "[coupon_offer][coupon]";
  if (!retention.coupon_offer().has_coupon() || retention.coupon_offer().coupon().empty()) {
    return ParameterMissing(coupon_param);
  }
  PAYSIM_ASSIGN_OR_RETURN(const Coupon* coupon,
                          world.coupons().Get(retention.coupon_offer().coupon(), coupon_param));
  if (!coupon->valid()) {
    return InvalidRequestError("", coupon_param,
                               absl::StrCat("Coupon ", coupon->id(), " is no longer valid."));
  }
  out.mutable_retention()->set_type(retention.type());
  out.mutable_retention()->mutable_coupon_offer()->set_coupon(coupon->id());
  return out;
}

absl::StatusOr<BillingPortalFlowSubscriptionUpdateConfirm> CheckUpdateConfirm(
    World& world, const BillingPortalFlowSubscriptionUpdateConfirmParams& given,
    absl::string_view customer) {
  BillingPortalFlowSubscriptionUpdateConfirm out;
  PAYSIM_ASSIGN_OR_RETURN(
      const Subscription* subscription,
      CustomersSubscription(world, given.has_subscription(), given.subscription(), customer,
                            Param("subscription_update_confirm", "subscription")));
  out.set_subscription(subscription->id());
  const std::string items_param = Param("subscription_update_confirm", "items");
  if (given.items().empty()) return ParameterMissing(items_param);
  // Stripe: "Currently, only up to one may be specified and subscriptions with multiple items
  // are not updatable."
  if (given.items_size() > 1) {
    return InvalidRequestError("", items_param,
                               "Only one subscription item can be updated in this flow.");
  }
  if (subscription->items().data_size() > 1) {
    return InvalidRequestError(
        "", Param("subscription_update_confirm", "subscription"),
        absl::StrCat("The subscription ", subscription->id(),
                     " has more than one item and cannot be updated in the portal."));
  }
  const BillingPortalFlowItemParams& item = given.items(0);
  const std::string item_param = items_param + "[0]";
  if (!item.has_id() || item.id().empty()) return ParameterMissing(item_param + "[id]");
  if (subscription->items().data_size() == 0 ||
      subscription->items().data(0).id() != item.id()) {
    return InvalidRequestError(
        "", item_param + "[id]",
        absl::StrCat("The subscription item ", item.id(), " is not an item of ",
                     subscription->id(), "."));
  }
  BillingPortalFlowItem* rendered = out.add_items();
  rendered->set_id(item.id());
  if (item.has_price()) {
    const std::string price_param = item_param + "[price]";
    PAYSIM_ASSIGN_OR_RETURN(const Price* price, world.prices().Get(item.price(), price_param));
    if (!price->has_recurring()) {
      return InvalidRequestError(
          "", price_param,
          absl::StrCat("The price ", price->id(), " is not a recurring price."));
    }
    if (!price->active()) {
      return InvalidRequestError("", price_param,
                                 absl::StrCat("The price ", price->id(), " is not active."));
    }
    rendered->set_price(price->id());
  }
  if (item.has_quantity()) {
    if (item.quantity() < 0) {
      return InvalidRequestError("", item_param + "[quantity]",
                                 "This value must be greater than or equal to 0.");
    }
    rendered->set_quantity(item.quantity());
  }
  const std::string discounts_param = Param("subscription_update_confirm", "discounts");
  if (given.discounts_size() > 1) {
    return InvalidRequestError("", discounts_param,
                               "Only one discount can be applied in this flow.");
  }
  for (const BillingPortalFlowDiscountParams& discount : given.discounts()) {
    const std::string param = discounts_param + "[0]";
    if (discount.has_coupon() == discount.has_promotion_code()) {
      return InvalidRequestError(
          "", param, "Pass exactly one of `coupon` and `promotion_code` for each discount.");
    }
    BillingPortalFlowDiscount* out_discount = out.add_discounts();
    if (discount.has_coupon()) {
      PAYSIM_ASSIGN_OR_RETURN(const Coupon* coupon,
                              world.coupons().Get(discount.coupon(), param + "[coupon]"));
      if (!coupon->valid()) {
        return InvalidRequestError("", param + "[coupon]",
                                   absl::StrCat("Coupon ", coupon->id(), " is no longer valid."));
      }
      out_discount->set_coupon(coupon->id());
    } else {
      PAYSIM_ASSIGN_OR_RETURN(
          const PromotionCode* code,
          world.promotion_codes().Get(discount.promotion_code(), param + "[promotion_code]"));
      if (!code->active()) {
        return InvalidRequestError(
            "", param + "[promotion_code]",
            absl::StrCat("The promotion code ", code->id(), " is not active."));
      }
      out_discount->set_promotion_code(code->id());
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<BillingPortalFlow> CheckPortalFlow(World& world,
                                                  const BillingPortalFlowDataParams& params,
                                                  absl::string_view customer,
                                                  const BillingPortalFeatures& features) {
  if (!params.has_type() || params.type().empty()) return ParameterMissing(Param("type"));
  const std::string& type = params.type();
  PAYSIM_RETURN_IF_ERROR(ValidateEnum(type,
                                      {"payment_method_update", "subscription_cancel",
                                       "subscription_update", "subscription_update_confirm"},
                                      Param("type")));
  // A hash for another type than the one given.
  if (params.has_subscription_cancel() && type != "subscription_cancel") {
    return NotForType(Param("subscription_cancel"), "subscription_cancel", type);
  }
  if (params.has_subscription_update() && type != "subscription_update") {
    return NotForType(Param("subscription_update"), "subscription_update", type);
  }
  if (params.has_subscription_update_confirm() && type != "subscription_update_confirm") {
    return NotForType(Param("subscription_update_confirm"), "subscription_update_confirm", type);
  }
  BillingPortalFlow flow;
  flow.set_type(type);
  PAYSIM_ASSIGN_OR_RETURN(*flow.mutable_after_completion(), CheckAfterCompletion(params));
  if (type == "payment_method_update") {
    if (!features.payment_method_update().enabled()) {
      return FeatureOff(type, "payment_method_update");
    }
  } else if (type == "subscription_cancel") {
    if (!params.has_subscription_cancel()) {
      return ParameterMissing(Param("subscription_cancel"));
    }
    PAYSIM_ASSIGN_OR_RETURN(*flow.mutable_subscription_cancel(),
                            CheckCancel(world, params.subscription_cancel(), customer));
    if (!features.subscription_cancel().enabled()) return FeatureOff(type, "subscription_cancel");
  } else if (type == "subscription_update") {
    if (!params.has_subscription_update()) {
      return ParameterMissing(Param("subscription_update"));
    }
    PAYSIM_ASSIGN_OR_RETURN(
        const Subscription* subscription,
        CustomersSubscription(world, params.subscription_update().has_subscription(),
                              params.subscription_update().subscription(), customer,
                              Param("subscription_update", "subscription")));
    flow.mutable_subscription_update()->set_subscription(subscription->id());
    if (!features.subscription_update().enabled()) return FeatureOff(type, "subscription_update");
  } else {
    if (!params.has_subscription_update_confirm()) {
      return ParameterMissing(Param("subscription_update_confirm"));
    }
    PAYSIM_ASSIGN_OR_RETURN(*flow.mutable_subscription_update_confirm(),
                            CheckUpdateConfirm(world, params.subscription_update_confirm(),
                                               customer));
  }
  return flow;
}

}  // namespace internal
}  // namespace paysim
