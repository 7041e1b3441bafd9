// A Payment Link's invoice_creation: rendered on the link (not enabled by default, null on a
// subscription link), passed to each session the link opens (so its payment makes a paid
// invoice for the customer it creates), changed by update, and refused on a subscription link
// (nothing changed).
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/payment_link_test_fixture.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::StripeErrorWithParam;

constexpr char kEnabled[] =
    R"pb(invoice_creation {
           enabled: true
           invoice_data { footer: "Thanks" custom_fields { name: "Ref" value: "A1" } }
         })pb";

class PaymentLinkInvoiceCreationTest : public payment_link_test::PaymentLinkTest {
 protected:
  // Opens the link and pays its session with a card: the completed session.
  CheckoutSession OpenAndPay(const std::string& link) {
    absl::StatusOr<CheckoutSession> session = engine_.payment_links().Open(link);
    EXPECT_THAT(session, IsOk());
    if (!session.ok()) return CheckoutSession();
    CheckoutPayParams pay;
    pay.set_payment_method("pm_card_visa");
    pay.set_email("buyer@example.com");
    EXPECT_THAT(engine_.checkout_page().Pay(session->id(), pay), IsOk());
    return engine_.checkout_sessions().Retrieve(session->id()).value_or(CheckoutSession());
  }
};

TEST_F(PaymentLinkInvoiceCreationTest, EachPaymentMakesAPaidInvoice) {
  const PaymentLink link = Create(Link(false, kEnabled));
  EXPECT_TRUE(link.invoice_creation().enabled());
  EXPECT_EQ(link.invoice_creation().invoice_data().footer(), "Thanks");
  const CheckoutSession done = OpenAndPay(link.id());
  EXPECT_TRUE(done.invoice_creation().enabled());
  ASSERT_TRUE(done.has_customer());
  ASSERT_TRUE(done.has_invoice());
  absl::StatusOr<Invoice> invoice = engine_.invoices().Retrieve(done.invoice());
  ASSERT_THAT(invoice, IsOk());
  EXPECT_EQ(invoice->status(), "paid");
  EXPECT_EQ(invoice->customer(), done.customer());
  EXPECT_EQ(invoice->amount_paid(), 1500);
  EXPECT_EQ(invoice->footer(), "Thanks");
  ASSERT_EQ(invoice->custom_fields_size(), 1);
  EXPECT_EQ(invoice->custom_fields(0).value(), "A1");
}

TEST_F(PaymentLinkInvoiceCreationTest, OffByDefaultAndTurnedOffByUpdate) {
  const PaymentLink plain = Create(Link(false, ""));
  EXPECT_TRUE(plain.has_invoice_creation());
  EXPECT_FALSE(plain.invoice_creation().enabled());
  EXPECT_FALSE(OpenAndPay(plain.id()).has_invoice());
  EXPECT_FALSE(Create(Link(true, "")).has_invoice_creation());  // a subscription link

  const PaymentLink link = Create(Link(false, kEnabled));
  absl::StatusOr<PaymentLink> off = Update(link.id(), "invoice_creation { enabled: false }");
  ASSERT_THAT(off, IsOk());
  EXPECT_FALSE(off->invoice_creation().enabled());
  EXPECT_FALSE(off->invoice_creation().invoice_data().has_footer());
  const CheckoutSession done = OpenAndPay(link.id());
  EXPECT_FALSE(done.has_invoice());
  EXPECT_FALSE(done.has_customer());  // if_required: a guest stays a guest
  absl::StatusOr<PaymentLink> on = Update(link.id(), kEnabled);
  ASSERT_THAT(on, IsOk());
  EXPECT_TRUE(OpenAndPay(link.id()).has_invoice());
}

TEST_F(PaymentLinkInvoiceCreationTest, RefusedOnASubscriptionLink) {
  ExpectRefused(Link(true, kEnabled), "invoice_creation[enabled]");
  const PaymentLink monthly = Create(Link(true, ""));
  const size_t events = engine_.events().size();
  EXPECT_THAT(Update(monthly.id(), kEnabled),
              StripeErrorWithParam("invalid_request_error", "", "invoice_creation[enabled]"));
  EXPECT_EQ(engine_.events().size(), events);
  // A link that sells once checks invoice_data as Checkout does.
  ExpectRefused(Link(false, R"pb(invoice_creation {
                                   enabled: true
                                   invoice_data { footer: ")pb" + std::string(5001, 'f') +
                                "\" } }"),
                "invoice_creation[invoice_data][footer]");
}

}  // namespace
}  // namespace paysim
