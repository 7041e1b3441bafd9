#include "engine/internal/checkout_dynamic_updates.h"

#include <string>
#include <utility>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
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
                      absl::StrCat("This Checkout Session's shipping can only be updated while it "
                                   "is open; it has a status of `",
                                   session.status(), "`."));
  }
  return StateError("", "",
                    "This Checkout Session's shipping cannot be updated while its payment is "
                    "being confirmed.");
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

}  // namespace

absl::Status CheckPermissions(const CheckoutSessionCreateParams& params, CheckoutUi ui,
                              absl::string_view ui_name) {
  if (!params.has_permissions()) return absl::OkStatus();
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
  if (!change.replaces_shipping_options && !sets_details) return change;
  if (session.status() != "open" || session.confirming()) return NotChangeable(session);
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
    PAYSIM_RETURN_IF_ERROR(CheckTotalWith(session, change.shipping_options));
  }
  if (sets_details) {
    PAYSIM_ASSIGN_OR_RETURN(
        change.shipping_details,
        CheckShippingDetails(session, params.collected_information().shipping_details()));
  }
  return change;
}

}  // namespace internal
}  // namespace paysim
