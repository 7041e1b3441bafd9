// The first invoice of a subscription a Checkout Session starts: made, finalized and paid by
// the session's payment when the session completes, named by the session (`invoice`) and the
// subscription (`latest_invoice`), with the session's amounts (one-time items, coupon, tax
// rates), in the shape of the API version; renewals then follow it.
#include <string>
#include <vector>

#include "engine/checkout_sessions_test_fixture.h"

namespace paysim {
namespace checkout_sessions_test {
namespace {

class CheckoutSubscriptionInvoiceTest : public CheckoutTest {};

TEST_F(CheckoutSubscriptionInvoiceTest, CompletionPaysTheFirstInvoice) {
  CheckoutSession s = MustCreate(SubscriptionParams());
  EXPECT_FALSE(s.has_invoice());  // nothing billed while the session is open
  const size_t mark = engine_.events().size();
  MustPay(s.id(), PayWith("pm_card_visa", "sub@example.com"));
  EXPECT_THAT(TypesSince(mark),
              ElementsAre("customer.created", "payment_intent.created", "charge.succeeded",
                          "payment_method.attached", "payment_intent.succeeded",
                          "customer.subscription.created", "invoice.created",
                          "invoice.finalized", "invoice.paid", "invoice.payment_succeeded",
                          "invoice_payment.paid", "checkout.session.completed"));
  const CheckoutSession done = MustRetrieve(s.id());
  ASSERT_TRUE(done.has_invoice());
  EXPECT_FALSE(done.has_payment_intent());  // the payment is the invoice's
  const Subscription sub = MustRetrieveSubscription(done.subscription());
  EXPECT_EQ(sub.latest_invoice(), done.invoice());
  EXPECT_EQ(sub.status(), "active");

  const Invoice invoice = MustRetrieveInvoice(done.invoice());
  EXPECT_EQ(invoice.status(), "paid");
  EXPECT_EQ(invoice.billing_reason(), "subscription_create");
  EXPECT_EQ(invoice.customer(), done.customer());
  EXPECT_EQ(invoice.collection_method(), "charge_automatically");
  EXPECT_EQ(invoice.total(), done.amount_total());
  EXPECT_EQ(invoice.amount_due(), 1500);
  EXPECT_EQ(invoice.amount_paid(), 1500);
  EXPECT_EQ(invoice.amount_remaining(), 0);
  EXPECT_EQ(invoice.attempt_count(), 1);
  EXPECT_TRUE(invoice.attempted());
  EXPECT_EQ(invoice.status_transitions().finalized_at(), kStart);
  EXPECT_EQ(invoice.status_transitions().paid_at(), kStart);
  EXPECT_FALSE(invoice.has_next_payment_attempt());
  EXPECT_THAT(invoice.number(), ::testing::EndsWith("-0001"));
  EXPECT_EQ(invoice.period_start(), kStart);
  ASSERT_THAT(invoice.lines().data(), SizeIs(1));
  const InvoiceLineItem& line = invoice.lines().data(0);
  EXPECT_EQ(line.amount(), 1500);
  EXPECT_EQ(line.subscription_item(), sub.items().data(0).id());
  EXPECT_EQ(line.period().start(), kStart);
  EXPECT_EQ(line.period().end(), sub.items().data(0).current_period_end());
  // From basil on the invoice names its subscription under parent.
  EXPECT_EQ(invoice.parent().subscription_details().subscription(), sub.id());
  EXPECT_FALSE(invoice.has_payment_intent());
  // Its payment is the session's.
  ASSERT_EQ(invoice.payments().data_size(), 1);
  EXPECT_EQ(invoice.payments().data(0).status(), "paid");
  EXPECT_EQ(invoice.payments().data(0).amount_paid(), 1500);
  EXPECT_EQ(invoice.payments().data(0).payment().payment_intent(), invoice.payment_intent_id());
  const std::string json = RenderJson(invoice);
  EXPECT_THAT(json, HasSubstr("\"billing_reason\": \"subscription_create\""));
}

TEST_F(CheckoutSubscriptionInvoiceTest, RenewalsFollowTheFirstInvoice) {
  CheckoutSession s = MustCreate(SubscriptionParams());
  MustPay(s.id(), PayWith("pm_card_visa", "sub@example.com"));
  const CheckoutSession done = MustRetrieve(s.id());
  const Subscription sub = MustRetrieveSubscription(done.subscription());
  const int64_t period_end = sub.items().data(0).current_period_end();

  clock_.SetTime(absl::FromUnixSeconds(period_end - 1));
  EXPECT_EQ(MustRetrieveSubscription(sub.id()).latest_invoice(), done.invoice());
  clock_.SetTime(absl::FromUnixSeconds(period_end));
  const Subscription renewed = MustRetrieveSubscription(sub.id());
  ASSERT_NE(renewed.latest_invoice(), done.invoice());
  const Invoice renewal = MustRetrieveInvoice(renewed.latest_invoice());
  EXPECT_EQ(renewal.billing_reason(), "subscription_cycle");
  EXPECT_EQ(renewal.status(), "draft");
  EXPECT_THAT(renewal.number(), IsEmpty());
  clock_.Advance(absl::Hours(1));
  const Invoice paid = MustRetrieveInvoice(renewed.latest_invoice());
  EXPECT_EQ(paid.status(), "paid");
  EXPECT_EQ(paid.amount_paid(), 1500);
  EXPECT_THAT(paid.number(), ::testing::EndsWith("-0002"));  // the first invoice took -0001
}

TEST_F(CheckoutSubscriptionInvoiceTest, OneTimeItemsCouponAndTaxRatesMatchTheSessionsTotal) {
  absl::StatusOr<Coupon> coupon = engine_.coupons().Create(
      ParseParams<CouponCreateParams>(R"pb(id: "WELCOME" percent_off: 25 duration: "once")pb"));
  ASSERT_THAT(coupon, IsOk());
  const TaxRate rate = NewRate(8.25);
  CheckoutSessionCreateParams params = SubscriptionParams();
  params.mutable_line_items(0)->add_tax_rates(rate.id());
  CheckoutLineItemParams* setup_fee = params.add_line_items();
  setup_fee->set_price(OneTimePrice(999));
  setup_fee->set_quantity(1);
  setup_fee->add_tax_rates(rate.id());
  params.add_discounts()->set_coupon("WELCOME");
  CheckoutSession s = MustCreate(params);
  MustPay(s.id(), PayWith("pm_card_visa", "sub@example.com"));
  const CheckoutSession done = MustRetrieve(s.id());
  ASSERT_EQ(done.status(), "complete");

  const Invoice invoice = MustRetrieveInvoice(done.invoice());
  ASSERT_THAT(invoice.lines().data(), SizeIs(2));
  EXPECT_EQ(invoice.lines().data(0).amount(), 1500);  // the plan, for its first period
  EXPECT_EQ(invoice.lines().data(1).amount(), 999);   // the setup fee, billed once
  EXPECT_FALSE(invoice.lines().data(1).has_subscription_item());
  EXPECT_EQ(invoice.subtotal(), done.amount_subtotal());
  EXPECT_EQ(invoice.total(), done.amount_total());
  EXPECT_EQ(invoice.amount_paid(), done.amount_total());
  EXPECT_EQ(invoice.amount_remaining(), 0);
  ASSERT_THAT(invoice.discounts(), SizeIs(1));
  EXPECT_EQ(invoice.discounts(0), MustRetrieveSubscription(done.subscription()).discount().id());

  // The `once` coupon was spent on the first invoice: the renewal bills the full price, taxed.
  const Subscription sub = MustRetrieveSubscription(done.subscription());
  clock_.SetTime(absl::FromUnixSeconds(sub.items().data(0).current_period_end()));
  const Invoice renewal = MustRetrieveInvoice(MustRetrieveSubscription(sub.id()).latest_invoice());
  ASSERT_THAT(renewal.lines().data(), SizeIs(1));
  EXPECT_EQ(renewal.subtotal(), 1500);
  EXPECT_EQ(renewal.total(), 1500 + 124);  // 8.25% of 15.00, rounded
}

TEST_F(CheckoutSubscriptionInvoiceTest, AutomaticTaxIsTheSessionsTax) {
  absl::StatusOr<Price> price = engine_.prices().Create(ParseParams<PriceCreateParams>(
      R"pb(currency: "usd" unit_amount: 2000 tax_behavior: "exclusive"
           recurring { interval: "month" } product_data { name: "Plan" })pb"));
  ASSERT_THAT(price, IsOk());
  CheckoutSessionCreateParams params = SubscriptionParams();
  params.mutable_line_items(0)->set_price(price->id());
  params.mutable_automatic_tax()->set_enabled(true);
  CheckoutSession s = MustCreate(params);
  CheckoutPayParams pay = ParseParams<CheckoutPayParams>(
      R"pb(payment_method: "pm_card_visa" email: "tax@example.com"
           billing_address { country: "US" state: "CA" postal_code: "94107" })pb");
  MustPay(s.id(), pay);
  const CheckoutSession done = MustRetrieve(s.id());
  ASSERT_EQ(done.status(), "complete");
  EXPECT_EQ(done.amount_total(), 2145);  // 7.25% of 20.00
  const Invoice invoice = MustRetrieveInvoice(done.invoice());
  EXPECT_TRUE(invoice.automatic_tax().enabled());
  EXPECT_EQ(invoice.automatic_tax().status(), "complete");
  EXPECT_EQ(invoice.subtotal(), 2000);
  EXPECT_EQ(invoice.total(), 2145);
  EXPECT_EQ(invoice.amount_paid(), 2145);
}

TEST_F(CheckoutSubscriptionInvoiceTest, BeforeBasilTheInvoiceAndIntentNameEachOther) {
  VersionedEngine old(kPreBasil);
  absl::StatusOr<Price> price = old.engine.prices().Create(ParseParams<PriceCreateParams>(
      R"pb(currency: "usd" unit_amount: 700 recurring { interval: "month" }
           product_data { name: "Box" })pb"));
  ASSERT_THAT(price, IsOk());
  const CheckoutSession done = CompleteSubscriptionSession(old.engine, price->id());
  absl::StatusOr<Invoice> invoice = old.engine.invoices().Retrieve(done.invoice());
  ASSERT_THAT(invoice, IsOk());
  EXPECT_TRUE(invoice->paid());
  EXPECT_EQ(invoice->subscription(), done.subscription());
  ASSERT_TRUE(invoice->has_payment_intent());
  absl::StatusOr<PaymentIntent> pi = old.engine.payment_intents().Retrieve(invoice->payment_intent());
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->status(), "succeeded");
  EXPECT_EQ(pi->amount_received(), invoice->amount_paid());
  EXPECT_EQ(pi->description(), "Subscription creation");
  EXPECT_FALSE(invoice->has_parent());
}

}  // namespace
}  // namespace checkout_sessions_test
}  // namespace paysim
