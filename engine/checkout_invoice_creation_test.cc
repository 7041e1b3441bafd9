// Checkout's post-payment invoices (`invoice_creation`): what create checks and renders, the
// customer a guest becomes, the paid invoice the completed session names (its lines, discount,
// taxes, shipping, invoice_data), the events in order, a hold that pays the invoice only when
// captured, and the refusals (nothing changed), each length limit one either side.
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/checkout_sessions_test_fixture.h"

namespace paysim {
namespace checkout_sessions_test {
namespace {

constexpr char kInvoiceData[] =
    R"pb(invoice_creation {
           enabled: true
           invoice_data {
             description: "Order 42"
             footer: "Thank you"
             metadata { key: "order" value: "42" }
             custom_fields { name: "PO" value: "7" }
             rendering_options { amount_tax_display: "exclude_tax" }
           }
         })pb";

class CheckoutInvoiceCreationTest : public CheckoutTest {
 protected:
  CheckoutSessionCreateParams WithInvoice(CheckoutSessionCreateParams params,
                                          const std::string& creation = kInvoiceData) {
    params.MergeFrom(ParseParams<CheckoutSessionCreateParams>(creation));
    return params;
  }
  Invoice InvoiceOf(const CheckoutSession& session) {
    EXPECT_TRUE(session.has_invoice());
    return MustRetrieveInvoice(session.invoice());
  }
};

TEST_F(CheckoutInvoiceCreationTest, AGuestsPaymentMakesACustomerAndAPaidInvoice) {
  const CheckoutSession created = MustCreate(WithInvoice(PaymentParams(2000, 2)));
  EXPECT_TRUE(created.invoice_creation().enabled());
  const CheckoutInvoiceData& data = created.invoice_creation().invoice_data();
  EXPECT_EQ(data.description(), "Order 42");
  EXPECT_EQ(data.footer(), "Thank you");
  EXPECT_EQ(data.metadata().at("order"), "42");
  ASSERT_EQ(data.custom_fields_size(), 1);
  EXPECT_EQ(data.custom_fields(0).name(), "PO");
  EXPECT_EQ(data.rendering_options().amount_tax_display(), "exclude_tax");
  EXPECT_FALSE(created.has_invoice());

  const size_t mark = engine_.events().size();
  MustPay(created.id(), PayWith("pm_card_visa"));
  EXPECT_THAT(TypesSince(mark),
              ElementsAre("customer.created", "payment_intent.created", "charge.succeeded",
                          "payment_intent.succeeded", "invoice.created", "invoice.finalized",
                          "invoice.paid", "invoice.payment_succeeded", "invoice_payment.paid",
                          "checkout.session.completed"));
  const CheckoutSession done = MustRetrieve(created.id());
  ASSERT_TRUE(done.has_customer());  // if_required: the invoice requires one
  const Invoice invoice = InvoiceOf(done);
  EXPECT_EQ(invoice.customer(), done.customer());
  EXPECT_EQ(invoice.customer_email(), "guest@example.com");
  EXPECT_EQ(invoice.status(), "paid");
  EXPECT_EQ(invoice.billing_reason(), "manual");
  EXPECT_EQ(invoice.collection_method(), "charge_automatically");
  EXPECT_EQ(invoice.total(), 4000);
  EXPECT_EQ(invoice.amount_due(), 4000);
  EXPECT_EQ(invoice.amount_paid(), 4000);
  EXPECT_EQ(invoice.amount_remaining(), 0);
  EXPECT_TRUE(invoice.has_number());
  EXPECT_TRUE(invoice.has_hosted_invoice_url());
  EXPECT_EQ(invoice.description(), "Order 42");
  EXPECT_EQ(invoice.footer(), "Thank you");
  EXPECT_EQ(invoice.metadata().at("order"), "42");
  ASSERT_EQ(invoice.custom_fields_size(), 1);
  EXPECT_EQ(invoice.custom_fields(0).value(), "7");
  EXPECT_EQ(invoice.rendering().amount_tax_display(), "exclude_tax");
  ASSERT_EQ(invoice.lines().data_size(), 1);
  EXPECT_EQ(invoice.lines().data(0).amount(), 4000);
  EXPECT_EQ(invoice.lines().data(0).quantity(), 2);
  EXPECT_EQ(invoice.lines().data(0).description(), "Widget");
  EXPECT_FALSE(invoice.has_shipping_cost());
  EXPECT_EQ(invoice.payment_intent_id(), done.payment_intent());
  EXPECT_EQ(MustRetrievePi(done.payment_intent()).amount_received(), invoice.amount_paid());
}

TEST_F(CheckoutInvoiceCreationTest, WithoutItNoInvoiceAndAGuestStaysAGuest) {
  CheckoutSessionCreateParams params = PaymentParams();
  const CheckoutSession plain = MustCreate(params);
  EXPECT_TRUE(plain.has_invoice_creation());
  EXPECT_FALSE(plain.invoice_creation().enabled());
  EXPECT_EQ(plain.invoice_creation().invoice_data().custom_fields_size(), 0);
  EXPECT_FALSE(plain.invoice_creation().invoice_data().has_rendering_options());
  const CheckoutSession disabled =
      MustCreate(WithInvoice(params, "invoice_creation { enabled: false }"));
  EXPECT_FALSE(disabled.invoice_creation().enabled());
  for (const CheckoutSession& s : {plain, disabled}) {
    MustPay(s.id(), PayWith("pm_card_visa"));
    const CheckoutSession done = MustRetrieve(s.id());
    EXPECT_FALSE(done.has_invoice());
    EXPECT_FALSE(done.has_customer());
  }
  // Subscription mode renders it null (its invoices come anyway).
  EXPECT_FALSE(MustCreate(SubscriptionParams()).has_invoice_creation());
}

TEST_F(CheckoutInvoiceCreationTest, TheInvoiceBillsWhatTheSessionCharged) {
  absl::StatusOr<Coupon> coupon =
      engine_.coupons().Create(ParseParams<CouponCreateParams>("percent_off: 10"));
  ASSERT_THAT(coupon, IsOk());
  absl::StatusOr<ShippingRate> ground =
      engine_.shipping_rates().Create(ParseParams<ShippingRateCreateParams>(
          R"pb(display_name: "Ground" type: "fixed_amount"
               fixed_amount { amount: 500 currency: "usd" })pb"));
  ASSERT_THAT(ground, IsOk());
  CheckoutSessionCreateParams params = WithInvoice(PaymentParams(1999, 3));
  params.mutable_line_items(0)->add_tax_rates(NewRate(8.25).id());
  params.add_discounts()->set_coupon(coupon->id());
  params.add_shipping_options()->set_shipping_rate(ground->id());
  const std::string customer = NewCustomer("jenny@example.com");
  params.set_customer(customer);
  const CheckoutSession created = MustCreate(params);
  MustPay(created.id(), PayWith("pm_card_visa", ""));
  const CheckoutSession done = MustRetrieve(created.id());
  const Invoice invoice = InvoiceOf(done);
  EXPECT_EQ(invoice.customer(), customer);
  // 3 x 19.99 = 59.97, less 10% = 53.97 (5.997 rounds to 6.00), taxed 8.25% = 4.45, + 5.00.
  EXPECT_EQ(done.amount_total(), 5997 - 600 + 445 + 500);
  EXPECT_EQ(invoice.subtotal(), done.amount_subtotal());
  EXPECT_EQ(invoice.total(), done.amount_total());
  EXPECT_EQ(invoice.amount_paid(), done.amount_total());
  EXPECT_EQ(MustRetrievePi(done.payment_intent()).amount(), invoice.total());
  EXPECT_EQ(invoice.amount_shipping(), 500);
  ASSERT_TRUE(invoice.has_shipping_cost());
  EXPECT_EQ(invoice.shipping_cost().shipping_rate(), ground->id());
  EXPECT_EQ(invoice.shipping_cost().amount_total(), 500);
  ASSERT_EQ(invoice.total_discount_amounts_size(), 1);
  EXPECT_EQ(invoice.total_discount_amounts(0).amount(), 600);
  ASSERT_EQ(invoice.lines().data_size(), 1);
  EXPECT_EQ(invoice.lines().data(0).rates_size(), 1);
  // The coupon was redeemed once (by the session), not again by the invoice.
  absl::StatusOr<Coupon> after = engine_.coupons().Retrieve(coupon->id());
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->times_redeemed(), 1);
}

TEST_F(CheckoutInvoiceCreationTest, AHoldPaysTheInvoiceWhenCaptured) {
  CheckoutSessionCreateParams params = WithInvoice(PaymentParams(2500));
  params.mutable_payment_intent_data()->set_capture_method("manual");
  const CheckoutSession created = MustCreate(params);
  MustPay(created.id(), PayWith("pm_card_visa"));
  const CheckoutSession done = MustRetrieve(created.id());
  EXPECT_EQ(done.status(), "complete");
  EXPECT_EQ(InvoiceOf(done).status(), "open");
  EXPECT_EQ(InvoiceOf(done).amount_remaining(), 2500);
  ASSERT_THAT(engine_.payment_intents().Capture(done.payment_intent(), {}), IsOk());
  const Invoice paid = InvoiceOf(done);
  EXPECT_EQ(paid.status(), "paid");
  EXPECT_EQ(paid.amount_paid(), 2500);
}

TEST_F(CheckoutInvoiceCreationTest, RefusedAndNothingChanged) {
  const CheckoutSessionCreateParams payment = PaymentParams();
  ExpectRejected(WithInvoice(payment, "invoice_creation { invoice_data { footer: \"x\" } }"),
                 "parameter_missing", "invoice_creation[enabled]");
  ExpectRejected(WithInvoice(SubscriptionParams()), "", "invoice_creation[enabled]");
  ExpectRejected(WithInvoice(SetupParams()), "", "invoice_creation[enabled]");
  // Enabling it only in payment mode; disabled is accepted anywhere.
  MustCreate(WithInvoice(SubscriptionParams(), "invoice_creation { enabled: false }"));

  auto with = [&](const std::string& data) {
    return WithInvoice(payment,
                       absl::StrCat("invoice_creation { enabled: true invoice_data { ", data,
                                    " } }"));
  };
  const std::string at_limit(1500, 'd');
  MustCreate(with(absl::StrCat("description: \"", at_limit, "\"")));
  ExpectRejected(with(absl::StrCat("description: \"", at_limit, "d\"")), "",
                 "invoice_creation[invoice_data][description]");
  const std::string footer(5000, 'f');
  MustCreate(with(absl::StrCat("footer: \"", footer, "\"")));
  ExpectRejected(with(absl::StrCat("footer: \"", footer, "f\"")), "",
                 "invoice_creation[invoice_data][footer]");
  std::string five;
  for (int i = 0; i < 5; ++i) five += "custom_fields { name: \"n\" value: \"v\" } ";
  ExpectRejected(with(five), "", "invoice_creation[invoice_data][custom_fields]");
  ExpectRejected(with("custom_fields { name: \"n\" }"), "parameter_missing",
                 "invoice_creation[invoice_data][custom_fields][0][value]");
  ExpectRejected(with("rendering_options { amount_tax_display: \"always\" }"), "",
                 "invoice_creation[invoice_data][rendering_options][amount_tax_display]");
  // "" leaves it null.
  const CheckoutSession unset = MustCreate(with("rendering_options { amount_tax_display: \"\" }"));
  EXPECT_FALSE(unset.invoice_creation().invoice_data().has_rendering_options());
}

}  // namespace
}  // namespace checkout_sessions_test
}  // namespace paysim
