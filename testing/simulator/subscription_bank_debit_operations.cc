// Operations that make subscriptions pay by bank debit: a US bank account set up with the
// customer's mandate (a SetupIntent) becomes a subscription's default_payment_method,
// sometimes with payment_settings[payment_method_types] restricting its invoices (to the
// account's type, with or without cards; sometimes with a type paysim refuses). Its renewals
// then debit the account: processing, then settled, returned (insufficient funds: the
// invoice's attempt fails, dunning follows) or processing for good. The billing operations'
// invariants check what follows on every invoice and subscription event.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "engine/setup_intents.h"
#include "engine/subscriptions.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

constexpr absl::string_view kSubscriptions = "subscriptions";  // billing_operations.cc's pool

// Stripe's test accounts: settles, returned for insufficient funds, processing for good.
constexpr const char* kAccounts[] = {"000123456789", "000222222227", "000000000009"};

void PayByBankAccount(Simulation& sim) {
  const std::string id = sim.PickId(kSubscriptions, "sub_");
  const absl::StatusOr<Subscription> subscription =
      sim.CallBothEngines([&](Engine& e) { return e.subscriptions().Retrieve(id); });
  SubscriptionChangeParams params;
  if (!subscription.ok()) {
    params.set_default_payment_method("pm_missing");
    sim.ExpectRefusal("an unknown subscription");
    sim.RunCheckedCall("", [&](Engine& e) { return e.subscriptions().Update(id, params); });
    return;
  }
  SetupIntentCreateParams setup;
  setup.set_customer(subscription->customer());
  setup.add_payment_method_types("us_bank_account");
  PaymentMethodDataParams* data = setup.mutable_payment_method_data();
  data->set_type("us_bank_account");
  data->mutable_us_bank_account()->set_account_number(kAccounts[sim.Rand(3)]);
  data->mutable_us_bank_account()->set_routing_number("110000000");
  data->mutable_billing_details()->set_name("Jenny Rosen");
  setup.mutable_mandate_data()->mutable_customer_acceptance()->set_type("offline");
  setup.set_confirm(true);
  const absl::StatusOr<SetupIntent> si =
      sim.CallBothEngines([&](Engine& e) { return e.setup_intents().Create(setup); });
  if (!si.ok() || si->status() != "succeeded") return;
  params.set_default_payment_method(si->payment_method());
  if (sim.Chance(30)) {
    params.mutable_payment_settings()->add_payment_method_types("us_bank_account");
    if (sim.Chance(50)) params.mutable_payment_settings()->add_payment_method_types("card");
  } else if (sim.Chance(10)) {
    params.mutable_payment_settings()->set_payment_method_types_emptied(true);
  }
  const std::string status = subscription->status();
  if (sim.Chance(10)) {
    params.mutable_payment_settings()->add_payment_method_types("wechat_pay");
    sim.ExpectRefusal("a payment_settings[payment_method_types] paysim does not take");
  } else if (status == "canceled" || status == "incomplete_expired") {
    sim.ExpectRefusal(absl::StrCat("an update of a ", status, " subscription"));
  } else {
    sim.ExpectSuccess("a bank account as the subscription's default payment method");
  }
  sim.RunCheckedCall(id, [&](Engine& e) { return e.subscriptions().Update(id, params); });
}

}  // namespace

void RegisterSubscriptionBankDebitOperations(ResourceRegistry& registry) {
  registry.AddOperation("subscription_pay_by_bank_account", 1, PayByBankAccount);
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
