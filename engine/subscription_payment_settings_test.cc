// payment_settings[save_default_payment_method] on subscriptions: `on_subscription` makes the
// payment method that pays an invoice the subscription's default_payment_method (Stripe's
// documented subscription integration: default_incomplete, then the customer confirms the
// first invoice's PaymentIntent); `off` (the default) leaves it; bad values refused.
#include <string>

#include "engine/billing_test_fixture.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class SubscriptionPaymentSettingsTest : public BillingTest {
 protected:
  // A default_incomplete subscription of a customer with no payment method, its first
  // invoice then paid by the customer confirming its PaymentIntent with a Visa card.
  Subscription SubscribeAndPay(const std::string& save) {
    absl::StatusOr<Subscription> sub = Subscribe(
        NewCustomer(""), NewPrice(1500),
        absl::StrCat("payment_behavior: \"default_incomplete\" ",
                     save.empty() ? ""
                                  : absl::StrCat("payment_settings { save_default_payment_method: \"",
                                                 save, "\" }")));
    EXPECT_THAT(sub, IsOk());
    EXPECT_EQ(sub->status(), "incomplete");
    PaymentIntentConfirmParams confirm;
    confirm.set_payment_method("pm_card_visa");
    mark_ = events_.size();
    EXPECT_THAT(
        engine_.payment_intents().Confirm(Inv(sub->latest_invoice()).payment_intent_id(), confirm),
        IsOk());
    return Sub(sub->id());
  }

  size_t mark_ = 0;
};

TEST_F(SubscriptionPaymentSettingsTest, OnSubscriptionSavesTheCardThatPaidTheFirstInvoice) {
  const Subscription paid = SubscribeAndPay("on_subscription");
  EXPECT_EQ(paid.status(), "active");
  EXPECT_EQ(paid.payment_settings().save_default_payment_method(), "on_subscription");
  EXPECT_THAT(paid.default_payment_method(), StartsWith("pm_"));
  // The card is the customer's, and the one its PaymentIntent used.
  absl::StatusOr<PaymentMethod> pm =
      engine_.payment_methods().Retrieve(paid.default_payment_method());
  ASSERT_THAT(pm, IsOk());
  EXPECT_EQ(pm->customer(), paid.customer());
  // One customer.subscription.updated carries both changes.
  EXPECT_THAT(TypesSince(mark_, "customer.subscription"),
              ElementsAre("customer.subscription.updated"));
  for (size_t i = mark_; i < events_.size(); ++i) {
    if (events_[i].type() != "customer.subscription.updated") continue;
    const std::string& previous = events_[i].data().previous_attributes();
    EXPECT_THAT(previous, HasSubstr("\"default_payment_method\":null"));
    EXPECT_THAT(previous, HasSubstr("\"status\":\"incomplete\""));
  }
  // Renewals are charged to it.
  At(kFeb1 + kHour);
  EXPECT_EQ(Inv(Sub(paid.id()).latest_invoice()).status(), "paid");
}

TEST_F(SubscriptionPaymentSettingsTest, OffLeavesTheDefaultUnset) {
  const Subscription unspecified = SubscribeAndPay("");
  EXPECT_EQ(unspecified.status(), "active");
  EXPECT_EQ(unspecified.payment_settings().save_default_payment_method(), "off");
  EXPECT_FALSE(unspecified.has_default_payment_method());
  const Subscription off = SubscribeAndPay("off");
  EXPECT_EQ(off.payment_settings().save_default_payment_method(), "off");
  EXPECT_FALSE(off.has_default_payment_method());
}

TEST_F(SubscriptionPaymentSettingsTest, TurnedOnByAnUpdateTheNextPaymentSavesItsCard) {
  const std::string customer = NewCustomer();  // its invoice default: a Visa card
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(1500));
  ASSERT_THAT(sub, IsOk());
  ASSERT_EQ(sub->status(), "active");
  EXPECT_FALSE(sub->has_default_payment_method());
  absl::StatusOr<Subscription> on = engine_.subscriptions().Update(
      sub->id(), ParseParams<SubscriptionChangeParams>(
                     "payment_settings { save_default_payment_method: \"on_subscription\" }"));
  ASSERT_THAT(on, IsOk());
  EXPECT_EQ(on->payment_settings().save_default_payment_method(), "on_subscription");
  EXPECT_FALSE(on->has_default_payment_method());
  // The renewal is paid with the customer's default: it becomes the subscription's.
  At(kFeb1 + kHour - 1);
  EXPECT_FALSE(Sub(sub->id()).has_default_payment_method());
  const size_t mark = events_.size();
  At(kFeb1 + kHour);
  const Subscription renewed = Sub(sub->id());
  ASSERT_EQ(Inv(renewed.latest_invoice()).status(), "paid");
  EXPECT_THAT(renewed.default_payment_method(), StartsWith("pm_"));
  EXPECT_THAT(TypesSince(mark, "customer.subscription"),
              ElementsAre("customer.subscription.updated"));
  // Turned off again, nothing more changes.
  ASSERT_THAT(engine_.subscriptions().Update(
                  sub->id(), ParseParams<SubscriptionChangeParams>(
                                 "payment_settings { save_default_payment_method: \"off\" }")),
              IsOk());
  EXPECT_EQ(Sub(sub->id()).payment_settings().save_default_payment_method(), "off");
}

TEST_F(SubscriptionPaymentSettingsTest, BadValuesAreRefused) {
  const std::string customer = NewCustomer();
  EXPECT_THAT(Subscribe(customer, NewPrice(1500),
                        "payment_settings { save_default_payment_method: \"always\" }"),
              StripeErrorWithParam("invalid_request_error", "",
                                   "payment_settings[save_default_payment_method]"));
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(1500));
  ASSERT_THAT(sub, IsOk());
  EXPECT_THAT(engine_.subscriptions().Update(
                  sub->id(), ParseParams<SubscriptionChangeParams>(
                                 "payment_settings { save_default_payment_method: \"on\" } "
                                 "description: \"changed\"")),
              StripeErrorWithParam("invalid_request_error", "",
                                   "payment_settings[save_default_payment_method]"));
  EXPECT_EQ(Sub(sub->id()).payment_settings().save_default_payment_method(), "off");
  EXPECT_FALSE(Sub(sub->id()).has_description());
}

}  // namespace
}  // namespace paysim
