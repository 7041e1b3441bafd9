// Updating intents before they are confirmed: POST /v1/setup_intents/{id} (customer,
// description, metadata, payment_method, payment_method_types, payment_method_options) and a
// PaymentIntent's payment_method_options on update; what each status allows, the errors, and
// that a refused update changes nothing.
#include <string>
#include <vector>

#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::StripeErrorWithParam;

class IntentUpdateTest : public ::testing::Test {
 protected:
  SetupIntent NewSetupIntent(const std::string& payment_method = "") {
    SetupIntentCreateParams params;
    if (!payment_method.empty()) params.set_payment_method(payment_method);
    absl::StatusOr<SetupIntent> si = engine_.setup_intents().Create(params);
    EXPECT_THAT(si, IsOk());
    return si.value_or(SetupIntent());
  }
  SetupIntent MustUpdate(const std::string& id, const SetupIntentUpdateParams& params) {
    absl::StatusOr<SetupIntent> si = engine_.setup_intents().Update(id, params);
    EXPECT_THAT(si, IsOk());
    return si.value_or(SetupIntent());
  }
  // An update refused with `code` about `param`, which changes nothing.
  void ExpectRefused(const std::string& id, const SetupIntentUpdateParams& params,
                     const std::string& code, const std::string& param) {
    const SetupIntent before = *engine_.setup_intents().Retrieve(id);
    const size_t events = engine_.events().size();
    absl::StatusOr<SetupIntent> result = engine_.setup_intents().Update(id, params);
    EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error", code, param));
    EXPECT_THAT(result, HttpStatusIs(400));
    EXPECT_EQ(engine_.setup_intents().Retrieve(id)->SerializeAsString(),
              before.SerializeAsString());
    EXPECT_EQ(engine_.events().size(), events);
  }
  std::string NewCustomer() {
    absl::StatusOr<Customer> customer = engine_.customers().Create({});
    EXPECT_THAT(customer, IsOk());
    return customer.ok() ? customer->id() : "";
  }

  testing::FakeClock clock_;
  Engine engine_{EngineOptions{&clock_}};
};

TEST_F(IntentUpdateTest, ASetupIntentTakesItsPaymentMethodAndDetailsBeforeConfirmation) {
  const SetupIntent si = NewSetupIntent();
  EXPECT_EQ(si.status(), "requires_payment_method");
  const size_t events = engine_.events().size();
  const std::string customer = NewCustomer();
  SetupIntentUpdateParams params;
  params.set_customer(customer);
  params.set_description("Save the card");
  (*params.mutable_metadata())["order"] = "42";
  params.set_payment_method("pm_card_visa");
  params.mutable_payment_method_options()->mutable_card()->set_request_three_d_secure("any");
  const SetupIntent updated = MustUpdate(si.id(), params);
  EXPECT_EQ(updated.status(), "requires_confirmation");
  EXPECT_EQ(updated.customer(), customer);
  EXPECT_EQ(updated.description(), "Save the card");
  EXPECT_EQ(updated.metadata().at("order"), "42");
  EXPECT_FALSE(updated.payment_method().empty());
  EXPECT_EQ(updated.payment_method_options().card().request_three_d_secure(), "any");
  EXPECT_EQ(engine_.events().size(), events + 1);  // customer.created only: no update event

  // Confirmed as updated: the card saved on the customer.
  absl::StatusOr<SetupIntent> done = engine_.setup_intents().Confirm(si.id(), {});
  ASSERT_THAT(done, IsOk());
  EXPECT_EQ(done->status(), "succeeded");
  EXPECT_EQ(engine_.payment_methods().Retrieve(done->payment_method())->customer(), customer);
}

TEST_F(IntentUpdateTest, ANewPaymentMethodReplacesTheOneAwaitingAuthentication) {
  SetupIntentCreateParams create;
  create.set_payment_method("pm_card_threeDSecure2Required");
  create.set_confirm(true);
  absl::StatusOr<SetupIntent> si = engine_.setup_intents().Create(create);
  ASSERT_THAT(si, IsOk());
  EXPECT_EQ(si->status(), "requires_action");
  SetupIntentUpdateParams params;
  params.set_payment_method("pm_card_visa");
  const SetupIntent updated = MustUpdate(si->id(), params);
  EXPECT_EQ(updated.status(), "requires_confirmation");
  EXPECT_FALSE(updated.has_next_action());
  EXPECT_NE(updated.payment_method(), si->payment_method());
  // Metadata alone keeps the status.
  SetupIntentUpdateParams metadata;
  (*metadata.mutable_metadata())["k"] = "v";
  EXPECT_EQ(MustUpdate(si->id(), metadata).status(), "requires_confirmation");
}

TEST_F(IntentUpdateTest, PaymentMethodTypesReplaceTheIntentsAndTheirCardOptions) {
  const SetupIntent si = NewSetupIntent();
  EXPECT_EQ(si.payment_method_options().card().request_three_d_secure(), "automatic");
  SetupIntentUpdateParams params;
  params.add_payment_method_types("sepa_debit");
  const SetupIntent updated = MustUpdate(si.id(), params);
  ASSERT_EQ(updated.payment_method_types_size(), 1);
  EXPECT_EQ(updated.payment_method_types(0), "sepa_debit");
  EXPECT_FALSE(updated.payment_method_options().has_card());
  // A card no longer fits, nor do card options.
  SetupIntentUpdateParams card;
  card.set_payment_method("pm_card_visa");
  ExpectRefused(si.id(), card, "", "payment_method");
  SetupIntentUpdateParams options;
  options.mutable_payment_method_options()->mutable_card()->set_request_three_d_secure("any");
  ExpectRefused(si.id(), options, "", "payment_method_options[card]");
}

TEST_F(IntentUpdateTest, BadUpdatesAreRefusedAndChangeNothing) {
  const SetupIntent si = NewSetupIntent("pm_card_visa");
  SetupIntentUpdateParams customer;
  customer.set_customer("cus_missing");
  ExpectRefused(si.id(), customer, "resource_missing", "customer");
  SetupIntentUpdateParams pm;
  pm.set_payment_method("pm_missing");
  ExpectRefused(si.id(), pm, "resource_missing", "payment_method");
  SetupIntentUpdateParams types;
  types.add_payment_method_types("bitcoin");
  ExpectRefused(si.id(), types, "", "payment_method_types[0]");
  SetupIntentUpdateParams three_d_secure;
  three_d_secure.mutable_payment_method_options()->mutable_card()->set_request_three_d_secure(
      "always");
  ExpectRefused(si.id(), three_d_secure, "",
                "payment_method_options[card][request_three_d_secure]");
  EXPECT_THAT(engine_.setup_intents().Update("seti_missing", {}), HttpStatusIs(404));

  // Once succeeded or canceled it takes no update.
  ASSERT_THAT(engine_.setup_intents().Confirm(si.id(), {}), IsOk());
  SetupIntentUpdateParams description;
  description.set_description("late");
  EXPECT_THAT(engine_.setup_intents().Update(si.id(), description),
              StripeErrorWithParam("invalid_request_error", "setup_intent_unexpected_state", ""));
  const SetupIntent other = NewSetupIntent();
  ASSERT_THAT(engine_.setup_intents().Cancel(other.id(), {}), IsOk());
  EXPECT_THAT(engine_.setup_intents().Update(other.id(), description), HttpStatusIs(400));
}

TEST_F(IntentUpdateTest, APaymentIntentAsksFor3DSecureFromItsUpdate) {
  PaymentIntentCreateParams create;
  create.set_amount(2000);
  create.set_currency("usd");
  create.set_payment_method("pm_card_threeDSecureOptional");
  absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Create(create);
  ASSERT_THAT(pi, IsOk());
  PaymentIntentUpdateParams bad;
  bad.mutable_payment_method_options()->mutable_card()->set_request_three_d_secure("sometimes");
  EXPECT_THAT(engine_.payment_intents().Update(pi->id(), bad),
              StripeErrorWithParam("invalid_request_error", "",
                                   "payment_method_options[card][request_three_d_secure]"));
  PaymentIntentUpdateParams update;
  update.mutable_payment_method_options()->mutable_card()->set_request_three_d_secure("any");
  absl::StatusOr<PaymentIntent> updated = engine_.payment_intents().Update(pi->id(), update);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->payment_method_options().card().request_three_d_secure(), "any");
  EXPECT_EQ(updated->status(), "requires_confirmation");
  // The card enrolled for optional 3D Secure is asked now.
  absl::StatusOr<PaymentIntent> confirmed = engine_.payment_intents().Confirm(pi->id(), {});
  ASSERT_THAT(confirmed, IsOk());
  EXPECT_EQ(confirmed->status(), "requires_action");
  // After the payment the options are fixed.
  ASSERT_THAT(engine_.payment_intents().CompleteThreeDSecure(pi->id()), IsOk());
  EXPECT_THAT(engine_.payment_intents().Update(pi->id(), update),
              StripeErrorWithParam("invalid_request_error", "payment_intent_unexpected_state",
                                   "payment_method_options"));
}

TEST_F(IntentUpdateTest, APaymentIntentTakesATransferGroupOnlyWhileItHasNone) {
  PaymentIntentCreateParams create;
  create.set_amount(2000);
  create.set_currency("usd");
  absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Create(create);
  ASSERT_THAT(pi, IsOk());
  PaymentIntentUpdateParams update;
  update.set_transfer_group("order_1");
  absl::StatusOr<PaymentIntent> updated = engine_.payment_intents().Update(pi->id(), update);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->transfer_group(), "order_1");
  EXPECT_THAT(engine_.payment_intents().Update(pi->id(), update), IsOk());  // the same: a no-op
  update.set_transfer_group("order_2");
  EXPECT_THAT(engine_.payment_intents().Update(pi->id(), update),
              StripeErrorWithParam("invalid_request_error", "", "transfer_group"));
  EXPECT_EQ(engine_.payment_intents().Retrieve(pi->id())->transfer_group(), "order_1");
}

}  // namespace
}  // namespace paysim
