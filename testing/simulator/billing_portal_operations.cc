// Operations on the customer portal: create a configuration (some features on, sometimes none
// given or a mode Stripe does not have), update one (a headline, login_page, or `active`
// flipped; the default refuses deactivation), create a session (a customer of the pool or an
// unknown one; a configuration of the pool, an unknown one, or none: the default; sometimes a
// deep link); and the portal's invariants: a configuration's login_page has its url exactly
// while enabled, a session's url is a portal url and its configuration was active, the
// default is one, a cancel flow names one of the customer's own subscriptions.
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "engine/billing_portal.h"
#include "engine/subscriptions.h"
#include "testing/simulator/object_invariants.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

constexpr absl::string_view kConfigurations = "portal_configurations";
constexpr absl::string_view kSubscriptions = "subscriptions";  // billing_operations.cc's pool

void CreateConfiguration(Simulation& sim) {
  BillingPortalConfigurationParams params;
  BillingPortalFeaturesParams* features = params.mutable_features();
  features->mutable_invoice_history()->set_enabled(sim.Chance(70));
  if (sim.Chance(50)) features->mutable_payment_method_update()->set_enabled(true);
  if (sim.Chance(50)) {
    BillingPortalSubscriptionCancelParams* cancel = features->mutable_subscription_cancel();
    cancel->set_enabled(true);
    cancel->set_mode(sim.Chance(50) ? "immediately" : "at_period_end");
    if (sim.Chance(10)) {
      cancel->set_mode("whenever");
      sim.ExpectRefusal("a cancellation mode Stripe does not have");
    }
  }
  if (sim.Chance(30)) params.mutable_login_page()->set_enabled(true);
  if (sim.Chance(30)) params.set_default_return_url("https://example.com/account");
  if (sim.Chance(8)) {
    params.clear_features();
    sim.ExpectRefusal("a configuration without features");
  }
  sim.RunCheckedCall("", [&](Engine& e) {
    return e.billing_portal().CreateConfiguration(params);
  });
}

void UpdateConfiguration(Simulation& sim) {
  const std::string id = sim.PickId(kConfigurations, "bpc_");
  const absl::StatusOr<BillingPortalConfiguration> before = sim.CallBothEngines(
      [&](Engine& e) { return e.billing_portal().RetrieveConfiguration(id); });
  BillingPortalConfigurationParams params;
  switch (sim.Rand(3)) {
    case 0:
      params.mutable_business_profile()->set_headline(absl::StrCat("Plan ", sim.Rand(100)));
      break;
    case 1:
      params.mutable_login_page()->set_enabled(sim.Chance(50));
      break;
    default:
      params.set_active(before.ok() ? !before->active() : false);
      if (before.ok() && before->is_default() && before->active()) {
        sim.ExpectRefusal("deactivating the default configuration");
      }
      break;
  }
  if (!before.ok()) sim.ExpectRefusal("an unknown configuration");
  sim.RunCheckedCall(id, [&](Engine& e) {
    return e.billing_portal().UpdateConfiguration(id, params);
  });
}

// A deep link: a payment method update, or the cancellation of a subscription of the pool
// (the customer's or another's, maybe canceled: the engine decides, the call's rules hold
// either way); after completion sometimes a redirect, rarely to a URL that is none.
void AddFlow(Simulation& sim, BillingPortalFlowDataParams* flow) {
  if (sim.Chance(50)) {
    flow->set_type("payment_method_update");
  } else {
    flow->set_type("subscription_cancel");
    flow->mutable_subscription_cancel()->set_subscription(
        sim.PickId(kSubscriptions, "sub_"));
  }
  if (sim.Chance(30)) {
    flow->mutable_after_completion()->set_type("redirect");
    const bool bad = sim.Chance(10);
    flow->mutable_after_completion()->mutable_redirect()->set_return_url(
        bad ? "not a url" : "https://example.com/done");
    if (bad) sim.ExpectRefusal("a flow's redirect that is no URL");
  }
}

void CreateSession(Simulation& sim) {
  BillingPortalSessionCreateParams params;
  params.set_customer(sim.PickId(pool::kCustomers, "cus_"));
  const std::string customer = params.customer();
  const absl::StatusOr<Customer> payer =
      sim.CallBothEngines([&](Engine& e) { return e.customers().Retrieve(customer); });
  if (!payer.ok()) sim.ExpectRefusal("an unknown customer");
  if (sim.Chance(60)) {
    params.set_configuration(sim.PickId(kConfigurations, "bpc_"));
    const std::string id = params.configuration();
    const absl::StatusOr<BillingPortalConfiguration> configuration = sim.CallBothEngines(
        [&](Engine& e) { return e.billing_portal().RetrieveConfiguration(id); });
    if (!configuration.ok() || !configuration->active()) {
      sim.ExpectRefusal("an unknown or inactive configuration");
    }
  }
  if (sim.Chance(20)) params.set_locale(sim.Chance(90) ? "fr" : "xx");
  if (params.locale() == "xx") sim.ExpectRefusal("a locale Stripe does not have");
  if (sim.Chance(25)) AddFlow(sim, params.mutable_flow_data());
  sim.RunCheckedCall("", [&](Engine& e) { return e.billing_portal().CreateSession(params); });
}

void ObserveConfiguration(Simulation& sim, const Event& event) {
  const BillingPortalConfiguration& configuration =
      event.data().object().billing_portal_configuration();
  sim.pool(kConfigurations).Add(configuration.id(), sim.rng());
  ObserveObject(sim, configuration, /*current=*/false);
  if (configuration.login_page().enabled() != configuration.login_page().has_url()) {
    sim.ReportViolation(absl::StrCat(configuration.id(), ": login_page enabled ",
                                     configuration.login_page().enabled(), " with url ",
                                     configuration.login_page().has_url() ? "set" : "null"));
  }
  sim.Touch(configuration.id());
}

void ObserveSession(Simulation& sim, const Event& event) {
  const BillingPortalSession& session = event.data().object().billing_portal_session();
  ObserveObject(sim, session, /*current=*/false);
  if (!absl::StartsWith(session.url(), "https://billing.stripe.com/p/session/test_")) {
    sim.ReportViolation(absl::StrCat(session.id(), ": url ", session.url()));
  }
  if (session.has_flow() && session.flow().has_subscription_cancel()) {
    // A cancel flow leads to one of the session customer's own subscriptions.
    const std::string sub = session.flow().subscription_cancel().subscription();
    const absl::StatusOr<Subscription> found =
        sim.CallBothEngines([&](Engine& e) { return e.subscriptions().Retrieve(sub); });
    if (!found.ok() || found->customer() != session.customer()) {
      sim.ReportViolation(absl::StrCat(session.id(), ": a cancel flow for ", sub,
                                       ", not a subscription of ", session.customer()));
    }
  }
  const std::string id = session.configuration();
  const absl::StatusOr<BillingPortalConfiguration> configuration = sim.CallBothEngines(
      [&](Engine& e) { return e.billing_portal().RetrieveConfiguration(id); });
  if (!configuration.ok()) {
    sim.ReportViolation(absl::StrCat(session.id(), ": its configuration ", id, " is unknown"));
  } else if (configuration->is_default()) {
    sim.pool(kConfigurations).Add(id, sim.rng());  // the default, made by this session
    BillingPortalConfigurationListParams defaults;
    defaults.set_is_default(true);
    const absl::StatusOr<ListResult<BillingPortalConfiguration>> all = sim.CallBothEngines(
        [&](Engine& e) { return e.billing_portal().ListConfigurations(defaults); });
    if (all.ok() && all->data.size() != 1) {
      sim.ReportViolation(absl::StrCat(all->data.size(), " default portal configurations"));
    }
  }
}

}  // namespace

void RegisterBillingPortalOperations(ResourceRegistry& registry) {
  registry.AddOperation("billing_portal_configuration_create", 1, CreateConfiguration);
  registry.AddOperation("billing_portal_configuration_update", 1, UpdateConfiguration);
  registry.AddOperation("billing_portal_session_create", 2, CreateSession);
  registry.AddRetriever("bpc_", [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(sim.CallBothEngines(
        [&](Engine& e) { return e.billing_portal().RetrieveConfiguration(id); }));
  });
  registry.AddEventObserver(StripeObject::kBillingPortalConfiguration, ObserveConfiguration);
  registry.AddEventObserver(StripeObject::kBillingPortalSession, ObserveSession);
  registry.AddLifecycle(BillingPortalConfiguration::descriptor(), std::vector<TerminalState>{});
  // Stripe has no way to read a session back.
  registry.AddLifecycle(BillingPortalSession::descriptor(),
                        {GoneAfterEvent("created", "billing_portal.session.created")});
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
