// billing_portal.h: Stripe's customer portal, /v1/billing_portal/configurations and
// /v1/billing_portal/sessions.
//
// A configuration (`bpc_...`) says what customers may do in the portal: update their details
// (`features[customer_update]`, with `allowed_updates`), see their invoices
// (`invoice_history`), change their payment method (`payment_method_update`), cancel
// subscriptions (`subscription_cancel`: `mode` at_period_end or immediately,
// `proration_behavior`, `cancellation_reason` with its `options`) and switch them
// (`subscription_update`: `default_allowed_updates`, the `products` and their recurring prices
// to switch between, `proration_behavior`); its `business_profile`, `default_return_url`,
// `login_page`, `name` and metadata. A session (`bps_...`) sends one customer to the portal of
// one configuration: its `url` (https://billing.stripe.com/p/session/test_...) and where the
// portal returns them (`return_url`, else the configuration's `default_return_url`). paysim
// has no portal page: a test drives the changes a customer would make there through the API
// (SubscriptionService::Update, Cancel, CustomerService::Update...).
//
// A session created without `configuration` uses the account's default configuration
// (`is_default`, engine/internal/billing_portal_lifecycle.h: paysim's account has its portal
// settings saved; the default exists from the first such session). `flow_data` (deep links:
// payment_method_update, subscription_cancel, subscription_update,
// subscription_update_confirm) is checked and rendered as the session's `flow`
// (engine/internal/billing_portal_flow.h says what is checked); as for the rest of the portal,
// what the customer does in the flow a test does through the API.
//
// Events: billing_portal.configuration.created, billing_portal.configuration.updated (with
// previous_attributes), billing_portal.session.created.
//
// Errors (invalid_request_error; a refused call changes nothing):
//   - create without `features`: parameter_missing (param features); a feature given without
//     `enabled`: parameter_missing (features[FEATURE][enabled]);
//   - a value outside Stripe's lists (allowed_updates, options, mode, proration_behavior,
//     default_allowed_updates, locale): param of that value;
//   - subscription_update enabled without products or default_allowed_updates:
//     parameter_missing; a product or price that does not exist: resource_missing (param of
//     it); a price not a recurring price of its product (param of it);
//   - business_profile[headline] over 60 characters, a name over 256; a URL not http(s):
//     url_invalid (param of it);
//   - deactivating the default configuration (param active);
//   - a session without `customer`: parameter_missing; an unknown customer or configuration:
//     resource_missing; an inactive configuration (param configuration);
//   - flow_data: its refusals name the offending `flow_data[...]` field
//     (billing_portal_flow.h): a missing type or subscription, a subscription of another
//     customer or canceled, a flow whose feature the configuration has off.
//
// Example:
//   BillingPortalSessionCreateParams params;
//   params.set_customer(customer_id);
//   params.set_return_url("https://example.com/account");
//   absl::StatusOr<BillingPortalSession> session = engine.billing_portal().CreateSession(params);
//   // redirect the customer to session->url()
//
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_BILLING_PORTAL_H_
#define PAYSIM_ENGINE_BILLING_PORTAL_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/billing_portal.obj.h"
#include "proto/billing_portal_params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

// The longest business_profile[headline] and name Stripe takes.
inline constexpr int kPortalHeadlineMaxLength = 60;
inline constexpr int kPortalNameMaxLength = 256;

class BillingPortalService {
 public:
  explicit BillingPortalService(internal::World* world) : world_(world) {}

  // CreateConfiguration()
  //
  // A new active configuration (never the default): the features given, each other feature
  // off.
  absl::StatusOr<BillingPortalConfiguration> CreateConfiguration(
      const BillingPortalConfigurationParams& params, const RequestOptions& options = {});

  absl::StatusOr<BillingPortalConfiguration> RetrieveConfiguration(
      absl::string_view id, const RequestOptions& options = {});

  // UpdateConfiguration()
  //
  // Changes what `params` gives (a feature's fields one by one; `active` deactivates or
  // reactivates it). An update that changes nothing emits nothing.
  absl::StatusOr<BillingPortalConfiguration> UpdateConfiguration(
      absl::string_view id, const BillingPortalConfigurationParams& params,
      const RequestOptions& options = {});

  // Configurations, newest first; `active` and `is_default` filter.
  absl::StatusOr<ListResult<BillingPortalConfiguration>> ListConfigurations(
      const BillingPortalConfigurationListParams& params, const RequestOptions& options = {});

  // CreateSession()
  //
  // A portal session for `params.customer` (sessions cannot be retrieved, as in Stripe).
  absl::StatusOr<BillingPortalSession> CreateSession(
      const BillingPortalSessionCreateParams& params, const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_BILLING_PORTAL_H_
