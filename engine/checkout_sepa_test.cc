// Behaviour tests of SEPA Direct Debit in Checkout, the delayed-notification payment method of
// Stripe's CLI fixtures checkout.session.async_payment_succeeded / _failed: a payment-mode
// session offering sepa_debit (eur only), paid on the page with the sepa_debit PaymentMethod
// made from the IBAN the customer typed, completes unpaid with the PaymentIntent processing;
// kBankDebitSettlementDelay later (one second either side) the test IBAN decides:
// async_payment_succeeded (paid) or async_payment_failed.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/checkout_sessions.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::StartsWith;

constexpr int64_t kStart = 1767225600;  // 2026-01-01T00:00:00Z, FakeClock's start

class CheckoutSepaTest : public ::testing::Test {
 protected:
  CheckoutSessionCreateParams Params(const std::string& currency = "eur",
                                     const std::string& mode = "payment") {
    CheckoutSessionCreateParams params;
    params.set_mode(mode);
    if (mode == "setup") {
      params.set_currency(currency);
    } else {
      absl::StatusOr<Price> price = engine_.prices().Create(ParseParams<PriceCreateParams>(
          absl::StrCat("currency: \"", currency,
                       "\" unit_amount: 1500 product_data { name: \"myproduct\" }")));
      EXPECT_THAT(price, IsOk());
      CheckoutLineItemParams* item = params.add_line_items();
      item->set_price(price.ok() ? price->id() : "");
      item->set_quantity(2);
    }
    params.add_payment_method_types("sepa_debit");
    params.set_success_url("https://httpbin.org/post");
    params.set_cancel_url("https://httpbin.org/post");
    return params;
  }

  // The CLI fixture's session: setup_future_usage and shipping in payment_intent_data.
  CheckoutSession FixtureSession() {
    CheckoutSessionCreateParams params = Params();
    CheckoutPaymentIntentDataParams* data = params.mutable_payment_intent_data();
    data->set_setup_future_usage("off_session");
    data->mutable_shipping()->set_name("Jenny Rosen");
    data->mutable_shipping()->mutable_address()->set_line1("510 Townsend St");
    data->mutable_shipping()->mutable_address()->set_country("US");
    absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(params);
    EXPECT_THAT(session, IsOk());
    return session.value_or(CheckoutSession());
  }

  // The sepa_debit PaymentMethod the page makes from the IBAN the customer typed.
  std::string SepaPaymentMethod(const std::string& iban) {
    PaymentMethodCreateParams params;
    params.set_type("sepa_debit");
    params.mutable_sepa_debit()->set_iban(iban);
    params.mutable_billing_details()->set_name("Jenny Rosen");
    params.mutable_billing_details()->set_email("stripe@example.com");
    absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Create(params);
    EXPECT_THAT(pm, IsOk());
    return pm.ok() ? pm->id() : "";
  }

  absl::StatusOr<CheckoutPage> Pay(const std::string& session, const std::string& pm) {
    CheckoutPayParams params;
    params.set_payment_method(pm);
    return engine_.checkout_page().Pay(session, params);
  }

  std::vector<std::string> TypesSince(size_t mark) {
    EventListParams params;
    params.set_limit(100);
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
    std::vector<std::string> types;
    if (!page.ok()) return types;
    for (auto it = page->data.rbegin(); it != page->data.rend(); ++it) types.push_back(it->type());
    return std::vector<std::string>(types.begin() + static_cast<long>(mark), types.end());
  }

  CheckoutSession Session(const std::string& id) {
    return engine_.checkout_sessions().Retrieve(id).value_or(CheckoutSession());
  }
  PaymentIntent Intent(const std::string& id) {
    return engine_.payment_intents().Retrieve(id).value_or(PaymentIntent());
  }

  // Pays a fixture session with `iban`: complete, unpaid, processing; returns the session.
  CheckoutSession PaidWith(const std::string& iban) {
    CheckoutSession s = FixtureSession();
    const std::string pm = SepaPaymentMethod(iban);
    const size_t mark = engine_.events().size();
    absl::StatusOr<CheckoutPage> page = Pay(s.id(), pm);
    EXPECT_THAT(page, IsOk());
    EXPECT_THAT(TypesSince(mark),
                ElementsAre("payment_intent.created", "charge.pending",
                            "payment_intent.processing", "checkout.session.completed"));
    CheckoutSession done = Session(s.id());
    EXPECT_EQ(done.status(), "complete");
    EXPECT_EQ(done.payment_status(), "unpaid");
    const PaymentIntent pi = Intent(done.payment_intent());
    EXPECT_EQ(pi.status(), "processing");
    EXPECT_EQ(pi.payment_method(), pm);  // the page's PaymentMethod, not a new one
    absl::StatusOr<Charge> charge = engine_.charges().Retrieve(pi.latest_charge());
    EXPECT_THAT(charge, IsOk());
    if (charge.ok()) {
      EXPECT_EQ(charge->status(), "pending");
      EXPECT_EQ(charge->payment_method_details().type(), "sepa_debit");
      EXPECT_THAT(charge->payment_method_details().sepa_debit().mandate(), StartsWith("mandate_"));
      // The mandate the customer accepted on the page: online; single-use unless the payment
      // saves the PaymentMethod (the session's PaymentIntent then has setup_future_usage).
      absl::StatusOr<Mandate> mandate =
          engine_.mandates().Retrieve(charge->payment_method_details().sepa_debit().mandate());
      EXPECT_THAT(mandate, IsOk());
      if (mandate.ok()) {
        EXPECT_EQ(mandate->payment_method(), pm);
        EXPECT_EQ(mandate->status(), "active");
        EXPECT_EQ(mandate->customer_acceptance().type(), "online");
        if (pi.has_setup_future_usage()) {
          EXPECT_EQ(mandate->type(), "multi_use");
        } else {
          EXPECT_EQ(mandate->type(), "single_use");
          EXPECT_EQ(mandate->single_use().amount(), pi.amount());
          EXPECT_EQ(mandate->single_use().currency(), pi.currency());
        }
      }
    }
    return done;
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 7}};
};

// Setup mode is engine/checkout_setup_bank_debits_test.cc's.
TEST_F(CheckoutSepaTest, SessionOffersSepaDebitInEurOnly) {
  absl::StatusOr<CheckoutSession> eur = engine_.checkout_sessions().Create(Params());
  ASSERT_THAT(eur, IsOk());
  EXPECT_THAT(eur->payment_method_types(), ElementsAre("sepa_debit"));
  EXPECT_EQ(eur->amount_total(), 3000);

  const CheckoutSessionCreateParams usd = Params("usd");
  const CheckoutSessionCreateParams setup_usd = Params("usd", "setup");
  const size_t events = engine_.events().size();
  EXPECT_THAT(engine_.checkout_sessions().Create(usd),
              StripeErrorWithParam("invalid_request_error", "", "payment_method_types[0]"));
  EXPECT_THAT(engine_.checkout_sessions().Create(setup_usd),
              StripeErrorWithParam("invalid_request_error", "", "payment_method_types[0]"));
  EXPECT_EQ(engine_.events().size(), events);
}

TEST_F(CheckoutSepaTest, SucceedingIbanPaysAfterTheDelayOneSecondEitherSide) {
  const CheckoutSession s = PaidWith("DE89370400440532013000");
  clock_.SetTime(absl::FromUnixSeconds(kStart) + kBankDebitSettlementDelay - absl::Seconds(1));
  EXPECT_EQ(Intent(s.payment_intent()).status(), "processing");
  EXPECT_EQ(Session(s.id()).payment_status(), "unpaid");
  const size_t mark = engine_.events().size();
  clock_.SetTime(absl::FromUnixSeconds(kStart) + kBankDebitSettlementDelay);
  EXPECT_EQ(Session(s.id()).payment_status(), "paid");
  EXPECT_THAT(TypesSince(mark),
              ElementsAre("charge.succeeded", "payment_intent.succeeded",
                          "checkout.session.async_payment_succeeded"));
  const PaymentIntent pi = Intent(s.payment_intent());
  EXPECT_EQ(pi.status(), "succeeded");
  EXPECT_EQ(pi.amount_received(), 3000);
}

TEST_F(CheckoutSepaTest, FailingIbanFailsAfterTheDelayOneSecondEitherSide) {
  const CheckoutSession s = PaidWith("DE62370400440532013001");
  clock_.SetTime(absl::FromUnixSeconds(kStart) + kBankDebitSettlementDelay - absl::Seconds(1));
  EXPECT_EQ(Intent(s.payment_intent()).status(), "processing");
  const size_t mark = engine_.events().size();
  clock_.SetTime(absl::FromUnixSeconds(kStart) + kBankDebitSettlementDelay);
  EXPECT_THAT(TypesSince(mark), ElementsAre("charge.failed", "payment_intent.payment_failed",
                                            "checkout.session.async_payment_failed"));
  const CheckoutSession after = Session(s.id());
  EXPECT_EQ(after.status(), "complete");
  EXPECT_EQ(after.payment_status(), "unpaid");
  const PaymentIntent pi = Intent(s.payment_intent());
  EXPECT_EQ(pi.status(), "requires_payment_method");
  EXPECT_EQ(pi.last_payment_error().code(), "insufficient_funds");
}

// The IBANs of Stripe's CLI fixtures: async_payment_succeeded's and async_payment_failed's.
TEST_F(CheckoutSepaTest, CliFixtureIbans) {
  const CheckoutSession ok = PaidWith("AT611904300234573201");
  const CheckoutSession failed = PaidWith("IT60X0542811101000000123456");
  clock_.Advance(kBankDebitSettlementDelay);
  EXPECT_EQ(Session(ok.id()).payment_status(), "paid");
  EXPECT_EQ(Intent(failed.payment_intent()).status(), "requires_payment_method");
  EXPECT_EQ(Session(failed.id()).payment_status(), "unpaid");
}

TEST_F(CheckoutSepaTest, RefusedWhereNotOfferedOrDetached) {
  // A card-only session does not take a sepa_debit PaymentMethod.
  CheckoutSessionCreateParams cards = Params("eur");
  cards.clear_payment_method_types();
  cards.add_payment_method_types("card");
  absl::StatusOr<CheckoutSession> card_session = engine_.checkout_sessions().Create(cards);
  ASSERT_THAT(card_session, IsOk());
  const std::string pm = SepaPaymentMethod("DE89370400440532013000");
  const size_t events = engine_.events().size();
  EXPECT_THAT(Pay(card_session->id(), pm),
              StripeErrorWithParam("invalid_request_error", "", "payment_method"));
  EXPECT_EQ(Session(card_session->id()).status(), "open");
  EXPECT_EQ(engine_.events().size(), events);
}

}  // namespace
}  // namespace paysim
