// payment_settings[payment_method_options][card][request_three_d_secure] on subscriptions and
// invoices: kept on the subscription, copied onto each invoice it makes, passed to the
// invoice's PaymentIntent, where the test cards answer it (three_d_secure_request.h).
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"
#include "engine/json_render.h"

namespace paysim {
namespace {

using ::paysim::testing::StripeErrorWithParam;
using ::testing::HasSubstr;

constexpr char kAny[] =
    "payment_settings { payment_method_options { card { request_three_d_secure: \"any\" } } }";

class SubscriptionThreeDSecureTest : public BillingTest {
 protected:
  PaymentIntent Pi(const Invoice& invoice) {
    absl::StatusOr<PaymentIntent> pi =
        engine_.payment_intents().Retrieve(invoice.payment_intent_id());
    EXPECT_TRUE(pi.ok()) << pi.status();
    return pi.ok() ? *pi : PaymentIntent();
  }
};

TEST_F(SubscriptionThreeDSecureTest, TheRequestReachesEachInvoiceAndItsPaymentIntent) {
  const std::string customer = NewCustomer("pm_card_threeDSecureOptional");
  absl::StatusOr<Subscription> created = Subscribe(customer, NewPrice(), kAny);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->payment_settings().payment_method_options().card().request_three_d_secure(),
            "any");
  const std::string json = RenderJson(*created);
  EXPECT_THAT(json, HasSubstr("\"request_three_d_secure\": \"any\""));
  EXPECT_THAT(json, HasSubstr("\"konbini\": null"));

  // The first invoice is paid on-session: the enrolled card asks the customer.
  EXPECT_EQ(created->status(), "incomplete");
  std::vector<Invoice> invoices = InvoicesOf(created->id());
  ASSERT_EQ(invoices.size(), 1u);
  EXPECT_EQ(invoices[0].payment_settings().payment_method_options().card()
                .request_three_d_secure(),
            "any");
  PaymentIntent first = Pi(invoices[0]);
  EXPECT_EQ(first.status(), "requires_action");
  EXPECT_EQ(first.payment_method_options().card().request_three_d_secure(), "any");
  ASSERT_TRUE(engine_.payment_intents().CompleteThreeDSecure(first.id()).ok());
  EXPECT_EQ(Sub(created->id()).status(), "active");

  // The renewal is paid off-session: asked for 3D Secure, the card needs its customer.
  At(kFeb1 + kHour);
  invoices = InvoicesOf(created->id());
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[1].status(), "open");
  PaymentIntent renewal = Pi(invoices[1]);
  EXPECT_EQ(renewal.payment_method_options().card().request_three_d_secure(), "any");
  EXPECT_EQ(renewal.last_payment_error().code(), "authentication_required");
  EXPECT_EQ(Sub(created->id()).status(), "past_due");
}

TEST_F(SubscriptionThreeDSecureTest, WithoutTheRequestTheSameCardIsNeverAsked) {
  const std::string customer = NewCustomer("pm_card_threeDSecureOptional");
  absl::StatusOr<Subscription> created = Subscribe(customer, NewPrice());
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->status(), "active");
  EXPECT_FALSE(created->payment_settings().has_payment_method_options());
  EXPECT_THAT(RenderJson(*created), HasSubstr("\"payment_method_options\": null"));
  At(kFeb1 + kHour);
  std::vector<Invoice> invoices = InvoicesOf(created->id());
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[1].status(), "paid");
  EXPECT_EQ(Pi(invoices[1]).payment_method_options().card().request_three_d_secure(),
            "automatic");
}

TEST_F(SubscriptionThreeDSecureTest, AnUpdateAsksFromTheNextInvoiceOn) {
  const std::string customer = NewCustomer("pm_card_threeDSecureOptional");
  absl::StatusOr<Subscription> created = Subscribe(customer, NewPrice());
  ASSERT_TRUE(created.ok()) << created.status();
  absl::StatusOr<Subscription> updated = engine_.subscriptions().Update(
      created->id(), testing::ParseParams<SubscriptionChangeParams>(
                         "payment_settings { payment_method_options { card { "
                         "request_three_d_secure: \"challenge\" } } }"));
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->payment_settings().payment_method_options().card().request_three_d_secure(),
            "challenge");
  EXPECT_EQ(updated->payment_settings().save_default_payment_method(), "off");
  At(kFeb1 + kHour);
  std::vector<Invoice> invoices = InvoicesOf(created->id());
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(Pi(invoices[1]).payment_method_options().card().request_three_d_secure(),
            "challenge");
  EXPECT_EQ(invoices[1].status(), "open");
}

TEST_F(SubscriptionThreeDSecureTest, OneOffInvoicesTakeTheRequestToo) {
  const std::string customer = NewCustomer("pm_card_threeDSecureOptional");
  absl::StatusOr<Invoice> invoice = engine_.invoices().Create(
      testing::ParseParams<InvoiceCreateParams>(absl::StrCat(
          "customer: \"", customer,
          "\" payment_settings { payment_method_options { card { request_three_d_secure: "
          "\"any\" } } }")));
  ASSERT_TRUE(invoice.ok()) << invoice.status();
  EXPECT_EQ(invoice->payment_settings().payment_method_options().card().request_three_d_secure(),
            "any");
}

TEST_F(SubscriptionThreeDSecureTest, BadValuesAreRefusedAndChangeNothing) {
  const std::string customer = NewCustomer();
  const std::string price = NewPrice();
  const std::string before = Snapshot();
  EXPECT_THAT(
      Subscribe(customer, price,
                "payment_settings { payment_method_options { card { request_three_d_secure: "
                "\"maybe\" } } }"),
      StripeErrorWithParam("invalid_request_error", "",
                           "payment_settings[payment_method_options][card]"
                           "[request_three_d_secure]"));
  EXPECT_THAT(
      engine_.invoices().Create(testing::ParseParams<InvoiceCreateParams>(absl::StrCat(
          "customer: \"", customer,
          "\" payment_settings { payment_method_options { card { request_three_d_secure: "
          "\"never\" } } }"))),
      StripeErrorWithParam("invalid_request_error", "",
                           "payment_settings[payment_method_options][card]"
                           "[request_three_d_secure]"));
  EXPECT_EQ(Snapshot(), before);
}

}  // namespace
}  // namespace paysim
