// A Checkout Session in subscription mode with subscription_data[default_tax_rates]: lines
// without rates of their own are taxed at the defaults on the session and its first invoice,
// the subscription keeps them for its renewals, and the parameter's limits.
#include <string>

#include "engine/checkout_sessions_test_fixture.h"

namespace paysim {
namespace checkout_sessions_test {
namespace {

class CheckoutDefaultTaxRatesTest : public CheckoutTest {
 protected:
  TaxRate NewRate(double percentage, bool active = true) {
    TaxRateCreateParams params;
    params.set_display_name("Sales tax");
    params.set_percentage(percentage);
    params.set_inclusive(false);
    if (!active) params.set_active(false);
    absl::StatusOr<TaxRate> rate = engine_.tax_rates().Create(params);
    EXPECT_THAT(rate, IsOk());
    return rate.value_or(TaxRate());
  }
  CheckoutSessionCreateParams WithDefaults(const std::string& rate) {
    CheckoutSessionCreateParams params = SubscriptionParams();
    params.mutable_subscription_data()->add_default_tax_rates(rate);
    return params;
  }
};

TEST_F(CheckoutDefaultTaxRatesTest, LinesWithoutTheirOwnRatesAreTaxedAtTheDefaults) {
  const TaxRate ten = NewRate(10);
  const TaxRate five = NewRate(5);
  CheckoutSessionCreateParams params = WithDefaults(ten.id());
  CheckoutLineItemParams* fee = params.add_line_items();  // taxed at its own rate
  fee->set_price(OneTimePrice(500));
  fee->set_quantity(1);
  fee->add_tax_rates(five.id());
  const CheckoutSession s = MustCreate(params);
  EXPECT_EQ(s.line_items(0).amount_tax(), 150);
  EXPECT_EQ(s.line_items(1).amount_tax(), 25);
  EXPECT_EQ(s.total_details().amount_tax(), 175);
  EXPECT_EQ(s.amount_total(), 2175);

  MustPay(s.id(), PayWith("pm_card_visa", "tax@example.com"));
  const CheckoutSession done = MustRetrieve(s.id());
  EXPECT_EQ(done.payment_status(), "paid");
  absl::StatusOr<Subscription> sub = engine_.subscriptions().Retrieve(done.subscription());
  ASSERT_THAT(sub, IsOk());
  ASSERT_EQ(sub->default_tax_rates_size(), 1);
  EXPECT_EQ(sub->default_tax_rates(0).id(), ten.id());
  absl::StatusOr<Invoice> first = engine_.invoices().Retrieve(done.invoice());
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->total(), 2175);
  EXPECT_EQ(first->amount_paid(), 2175);

  // The renewal: the recurring line at the default rate.
  const int64_t period_end = sub->items().data(0).current_period_end();
  clock_.SetTime(absl::FromUnixSeconds(period_end - 1));
  EXPECT_EQ(engine_.subscriptions().Retrieve(sub->id())->latest_invoice(), done.invoice());
  clock_.SetTime(absl::FromUnixSeconds(period_end));
  const std::string renewal = engine_.subscriptions().Retrieve(sub->id())->latest_invoice();
  EXPECT_NE(renewal, done.invoice());
  EXPECT_EQ(engine_.invoices().Retrieve(renewal)->total(), 1650);
}

TEST_F(CheckoutDefaultTaxRatesTest, TheDefaultsLimits) {
  EXPECT_THAT(engine_.checkout_sessions().Create(WithDefaults("txr_missing")),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "subscription_data[default_tax_rates][0]"));
  ExpectRejected(WithDefaults(NewRate(8, /*active=*/false).id()), "",
                 "subscription_data[default_tax_rates][0]");
  CheckoutSessionCreateParams automatic = WithDefaults(NewRate(8).id());
  automatic.mutable_automatic_tax()->set_enabled(true);
  ExpectRejected(automatic, "", "subscription_data[default_tax_rates]");
  CheckoutSessionCreateParams setup = SetupParams();
  setup.mutable_setup_intent_data()->add_default_tax_rates(NewRate(8).id());
  ExpectRejected(setup, "parameter_unknown", "setup_intent_data[default_tax_rates]");
}

}  // namespace
}  // namespace checkout_sessions_test
}  // namespace paysim
