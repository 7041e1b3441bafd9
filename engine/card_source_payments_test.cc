// Behaviour of a customer's saved cards (card sources, `card_...`) where Stripe expects a
// PaymentMethod: a PaymentIntent paying with one by id or, confirmed with nothing named, with
// the customer's default source; subscriptions and invoices paid (and renewals retried) with the
// default source, or with their own `default_source`; GET /v1/payment_methods/card_...; and
// the refusals, which change nothing.
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;

class CardSourcePaymentsTest : public BillingTest {
 protected:
  // A customer whose only way to pay is a card source made from `token` (its default source).
  std::string CustomerWithSource(const std::string& token, std::string* card_id) {
    const std::string customer = NewCustomer(/*alias=*/"");
    *card_id = AddSource(customer, token);
    return customer;
  }

  absl::StatusOr<PaymentIntent> Pay(const std::string& fields) {
    return engine_.payment_intents().Create(ParseParams<PaymentIntentCreateParams>(
        "amount: 1200 currency: \"usd\" confirm: true " + fields));
  }

  Charge ChargeOf(const PaymentIntent& pi) {
    absl::StatusOr<Charge> charge = engine_.charges().Retrieve(pi.latest_charge());
    EXPECT_THAT(charge, IsOk());
    return charge.value_or(Charge());
  }

  size_t PaymentIntentCount() {
    PaymentIntentListParams params;
    params.set_limit(100);
    absl::StatusOr<ListResult<PaymentIntent>> page = engine_.payment_intents().List(params);
    EXPECT_THAT(page, IsOk());
    return page.ok() ? page->data.size() : 0;
  }
};

TEST_F(CardSourcePaymentsTest, PaymentIntentPaysWithASavedCardById) {
  std::string card;
  const std::string customer = CustomerWithSource("tok_mastercard", &card);
  absl::StatusOr<PaymentIntent> pi =
      Pay("customer: \"" + customer + "\" payment_method: \"" + card + "\"");
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->status(), "succeeded");
  EXPECT_EQ(pi->payment_method(), card);
  const Charge charge = ChargeOf(*pi);
  EXPECT_EQ(charge.status(), "succeeded");
  EXPECT_EQ(charge.payment_method(), card);
  EXPECT_EQ(charge.source().id(), card);  // the card itself, as a Charges API charge has it
  EXPECT_EQ(charge.source().customer(), customer);
  EXPECT_EQ(charge.payment_method_details().card().last4(), "4444");
  EXPECT_EQ(charge.customer(), customer);
}

TEST_F(CardSourcePaymentsTest, ConfirmedWithNothingNamedPaysWithTheDefaultSource) {
  std::string first;
  const std::string customer = CustomerWithSource("tok_visa", &first);
  const std::string second = AddSource(customer, "tok_amex");  // saved, not the default
  absl::StatusOr<PaymentIntent> pi = Pay("customer: \"" + customer + "\"");
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->status(), "succeeded");
  EXPECT_EQ(pi->payment_method(), first);
  EXPECT_EQ(ChargeOf(*pi).source().id(), first);

  // Confirming an intent made without one, too.
  absl::StatusOr<PaymentIntent> later = engine_.payment_intents().Create(
      ParseParams<PaymentIntentCreateParams>("amount: 500 currency: \"usd\" customer: \"" +
                                             customer + "\""));
  ASSERT_THAT(later, IsOk());
  EXPECT_EQ(later->status(), "requires_payment_method");
  absl::StatusOr<PaymentIntent> confirmed =
      engine_.payment_intents().Confirm(later->id(), PaymentIntentConfirmParams());
  ASSERT_THAT(confirmed, IsOk());
  EXPECT_EQ(confirmed->status(), "succeeded");
  EXPECT_EQ(confirmed->payment_method(), first);
  EXPECT_NE(second, first);
}

TEST_F(CardSourcePaymentsTest, NoDefaultSourceStillMeansNoPaymentMethod) {
  const std::string customer = NewCustomer(/*alias=*/"");
  EXPECT_THAT(Pay("customer: \"" + customer + "\""),
              StripeErrorIs("invalid_request_error", "payment_intent_unexpected_state"));
  EXPECT_EQ(PaymentIntentCount(), 0u);
}

TEST_F(CardSourcePaymentsTest, DecliningSavedCardFailsThePaymentWithItsCharge) {
  std::string card;
  const std::string customer = CustomerWithSource("tok_chargeCustomerFail", &card);
  absl::StatusOr<PaymentIntent> pi =
      Pay("customer: \"" + customer + "\" payment_method: \"" + card + "\"");
  EXPECT_THAT(pi, StripeErrorIs("card_error", "card_declined"));
  PaymentIntentListParams params;
  absl::StatusOr<ListResult<PaymentIntent>> page = engine_.payment_intents().List(params);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->data.size(), 1u);
  const PaymentIntent& failed = page->data[0];
  EXPECT_EQ(failed.status(), "requires_payment_method");
  EXPECT_EQ(failed.last_payment_error().payment_method(), card);
  const Charge charge = ChargeOf(failed);
  EXPECT_EQ(charge.status(), "failed");
  EXPECT_EQ(charge.source().id(), card);
}

TEST_F(CardSourcePaymentsTest, RefusalsNameThePaymentMethodAndCreateNothing) {
  std::string card;
  const std::string customer = CustomerWithSource("tok_visa", &card);
  // No customer on the intent: the card belongs to one.
  EXPECT_THAT(Pay("payment_method: \"" + card + "\""),
              StripeErrorWithParam("invalid_request_error", "", "payment_method"));
  // Another customer's card.
  const std::string other = NewCustomer(/*alias=*/"");
  EXPECT_THAT(Pay("customer: \"" + other + "\" payment_method: \"" + card + "\""),
              StripeErrorWithParam("invalid_request_error", "", "payment_method"));
  // No such card.
  EXPECT_THAT(Pay("customer: \"" + customer + "\" payment_method: \"card_missing\""),
              StripeErrorIs("invalid_request_error", "resource_missing"));
  // A deleted card.
  ASSERT_THAT(engine_.customer_sources().Delete(customer, card), IsOk());
  EXPECT_THAT(Pay("customer: \"" + customer + "\" payment_method: \"" + card + "\""),
              StripeErrorIs("invalid_request_error", "resource_missing"));
  EXPECT_EQ(PaymentIntentCount(), 0u);
  // A SetupIntent likewise: the card's customer only.
  std::string saved;
  CustomerWithSource("tok_visa", &saved);
  EXPECT_THAT(engine_.setup_intents().Create(ParseParams<SetupIntentCreateParams>(
                  "customer: \"" + customer + "\" payment_method: \"" + saved + "\"")),
              StripeErrorWithParam("invalid_request_error", "", "payment_method"));
}

TEST_F(CardSourcePaymentsTest, SetupIntentSetsUpASavedCardForOffSessionPayments) {
  // 4000002500003155: authentication unless set up for off-session use.
  absl::StatusOr<Token> token = engine_.tokens().Create(ParseParams<TokenCreateParams>(
      "card { number: \"4000002500003155\" exp_month: 12 exp_year: 2031 cvc: \"123\" }"));
  ASSERT_THAT(token, IsOk());
  std::string card;
  const std::string customer = CustomerWithSource(token->id(), &card);
  const std::string off_session =
      "customer: \"" + customer + "\" payment_method: \"" + card + "\" off_session: true";
  EXPECT_THAT(Pay(off_session),
              StripeErrorIs("card_error", "authentication_required", "authentication_required"));

  absl::StatusOr<SetupIntent> si = engine_.setup_intents().Create(
      ParseParams<SetupIntentCreateParams>("customer: \"" + customer + "\" payment_method: \"" +
                                           card + "\" usage: \"off_session\" confirm: true"));
  ASSERT_THAT(si, IsOk());
  EXPECT_EQ(si->status(), "requires_action");
  const size_t first = events_.size();
  absl::StatusOr<SetupIntent> done = engine_.setup_intents().CompleteThreeDSecure(si->id());
  ASSERT_THAT(done, IsOk());
  EXPECT_EQ(done->status(), "succeeded");
  EXPECT_EQ(done->payment_method(), card);
  // The card was saved already: nothing is attached.
  EXPECT_THAT(TypesSince(first), ElementsAre("setup_intent.succeeded"));

  absl::StatusOr<PaymentIntent> paid = Pay(off_session);
  ASSERT_THAT(paid, IsOk());
  EXPECT_EQ(paid->status(), "succeeded");
}

TEST_F(CardSourcePaymentsTest, CardDeletedDuringAuthenticationFailsTheIntent) {
  std::string card;
  const std::string customer = CustomerWithSource("tok_threeDSecure2Required", &card);
  absl::StatusOr<PaymentIntent> pi =
      Pay("customer: \"" + customer + "\" payment_method: \"" + card + "\"");
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->status(), "requires_action");
  ASSERT_THAT(engine_.customer_sources().Delete(customer, card), IsOk());
  // The failure shows on the intent.
  engine_.payment_intents().CompleteThreeDSecure(pi->id()).IgnoreError();
  absl::StatusOr<PaymentIntent> current = engine_.payment_intents().Retrieve(pi->id());
  ASSERT_THAT(current, IsOk());
  EXPECT_EQ(current->status(), "requires_payment_method");
  EXPECT_EQ(current->last_payment_error().code(), "resource_missing");
  EXPECT_FALSE(current->has_latest_charge());
}

TEST_F(CardSourcePaymentsTest, SavedCardAnswersAsAPaymentMethod) {
  std::string card;
  const std::string customer = CustomerWithSource("tok_visa", &card);
  CustomerSourceUpdateParams update;
  update.set_name("Jenny Rosen");
  update.set_address_zip("94103");
  ASSERT_THAT(engine_.customer_sources().Update(customer, card, update), IsOk());
  absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Retrieve(card);
  ASSERT_THAT(pm, IsOk());
  EXPECT_EQ(pm->id(), card);
  EXPECT_EQ(pm->object(), "payment_method");
  EXPECT_EQ(pm->type(), "card");
  EXPECT_EQ(pm->customer(), customer);
  EXPECT_EQ(pm->created(), kStart);
  EXPECT_EQ(pm->card().brand(), "visa");
  EXPECT_EQ(pm->card().last4(), "4242");
  EXPECT_EQ(pm->billing_details().name(), "Jenny Rosen");
  EXPECT_EQ(pm->billing_details().address().postal_code(), "94103");
  absl::StatusOr<Card> stored = engine_.customer_sources().Retrieve(customer, card);
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(pm->card().fingerprint(), stored->fingerprint());
  EXPECT_EQ(pm->card().exp_year(), stored->exp_year());

  ASSERT_THAT(engine_.customer_sources().Delete(customer, card), IsOk());
  EXPECT_THAT(engine_.payment_methods().Retrieve(card),
              StripeErrorIs("invalid_request_error", "resource_missing"));
}

TEST_F(CardSourcePaymentsTest, SubscriptionIsPaidAndRenewedWithTheDefaultSource) {
  std::string card;
  const std::string customer = CustomerWithSource("tok_visa", &card);
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(2000));
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->status(), "active");
  const Invoice first = Inv(sub->latest_invoice());
  EXPECT_EQ(first.status(), "paid");
  absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Retrieve(first.payment_intent_id());
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->payment_method(), card);
  EXPECT_EQ(ChargeOf(*pi).source().id(), card);

  At(kFeb1 + kHour - 1);
  const std::string renewal = Sub(sub->id()).latest_invoice();
  EXPECT_EQ(Inv(renewal).status(), "draft");
  At(kFeb1 + kHour);
  const Invoice paid = Inv(renewal);
  EXPECT_EQ(paid.status(), "paid");
  EXPECT_EQ(paid.amount_paid(), 2000);
  pi = engine_.payment_intents().Retrieve(paid.payment_intent_id());
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->payment_method(), card);
  EXPECT_TRUE(pi->off_session());
}

TEST_F(CardSourcePaymentsTest, DefaultPaymentMethodComesBeforeTheDefaultSource) {
  std::string card;
  const std::string customer = CustomerWithSource("tok_visa", &card);
  const std::string pm = AttachCard(customer, "pm_card_mastercard");
  SetDefaultCard(customer, pm);
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice());
  ASSERT_THAT(sub, IsOk());
  absl::StatusOr<PaymentIntent> pi =
      engine_.payment_intents().Retrieve(Inv(sub->latest_invoice()).payment_intent_id());
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->payment_method(), pm);
}

TEST_F(CardSourcePaymentsTest, FailedRenewalOnTheDefaultSourceRecoversWithANewDefault) {
  std::string card;
  const std::string customer = CustomerWithSource("tok_visa", &card);
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice());
  ASSERT_THAT(sub, IsOk());
  // The default source becomes a card that attaches but declines.
  const std::string failing = AddSource(customer, "tok_chargeCustomerFail");
  CustomerUpdateParams update;
  update.set_default_source(failing);
  ASSERT_THAT(engine_.customers().Update(customer, update), IsOk());

  const int64_t first_attempt = kFeb1 + kHour;
  size_t first = events_.size();
  At(first_attempt);
  EXPECT_EQ(Sub(sub->id()).status(), "past_due");
  const Invoice invoice = Inv(Sub(sub->id()).latest_invoice());
  EXPECT_EQ(invoice.status(), "open");
  EXPECT_EQ(invoice.attempt_count(), 1);
  EXPECT_THAT(TypesSince(first, "charge"), ElementsAre("charge.failed"));
  EXPECT_EQ(events_.back().type(), "customer.subscription.updated");

  update.set_default_source(card);
  ASSERT_THAT(engine_.customers().Update(customer, update), IsOk());
  At(first_attempt + 3 * kDay - 1);
  EXPECT_EQ(Sub(sub->id()).status(), "past_due");
  At(first_attempt + 3 * kDay);
  EXPECT_EQ(Sub(sub->id()).status(), "active");
  const Invoice paid = Inv(invoice.id());
  EXPECT_EQ(paid.status(), "paid");
  EXPECT_EQ(paid.attempt_count(), 2);
  absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Retrieve(paid.payment_intent_id());
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->payment_method(), card);
}

TEST_F(CardSourcePaymentsTest, InvoicePayTakesASavedCardOfItsCustomerOnly) {
  std::string card;
  const std::string customer = CustomerWithSource("tok_visa", &card);
  std::string other_card;
  const std::string other = CustomerWithSource("tok_mastercard", &other_card);
  absl::StatusOr<InvoiceItem> item = engine_.invoice_items().Create(
      ParseParams<InvoiceItemCreateParams>("customer: \"" + customer +
                                           "\" amount: 900 currency: \"usd\""));
  ASSERT_THAT(item, IsOk());
  absl::StatusOr<Invoice> invoice = engine_.invoices().Create(ParseParams<InvoiceCreateParams>(
      "customer: \"" + customer + "\" pending_invoice_items_behavior: \"include\""));
  ASSERT_THAT(invoice, IsOk());
  ASSERT_THAT(engine_.invoices().Finalize(invoice->id(), InvoiceFinalizeParams()), IsOk());

  InvoicePayParams pay;
  pay.set_payment_method(other_card);
  EXPECT_THAT(engine_.invoices().Pay(invoice->id(), pay),
              StripeErrorWithParam("invalid_request_error", "", "payment_method"));
  EXPECT_EQ(Inv(invoice->id()).status(), "open");
  EXPECT_EQ(Inv(invoice->id()).attempt_count(), 0);

  pay.set_payment_method(card);
  absl::StatusOr<Invoice> paid = engine_.invoices().Pay(invoice->id(), pay);
  ASSERT_THAT(paid, IsOk());
  EXPECT_EQ(paid->status(), "paid");
  EXPECT_EQ(paid->amount_paid(), 900);
  absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Retrieve(paid->payment_intent_id());
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->payment_method(), card);
  EXPECT_NE(other, customer);
}

TEST_F(CardSourcePaymentsTest, SubscriptionDefaultSourceComesBeforeTheCustomers) {
  std::string customer_default;
  const std::string customer = CustomerWithSource("tok_visa", &customer_default);
  const std::string failing = AddSource(customer, "tok_chargeCustomerFail");
  const std::string mastercard = AddSource(customer, "tok_mastercard");
  absl::StatusOr<Subscription> sub =
      Subscribe(customer, NewPrice(), "default_source: \"" + mastercard + "\"");
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->default_source(), mastercard);
  absl::StatusOr<PaymentIntent> pi =
      engine_.payment_intents().Retrieve(Inv(sub->latest_invoice()).payment_intent_id());
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->payment_method(), mastercard);

  // Changed to the declining card: the renewal fails on it, not on the customer's default.
  absl::StatusOr<Subscription> changed = engine_.subscriptions().Update(
      sub->id(), ParseParams<SubscriptionChangeParams>("default_source: \"" + failing + "\""));
  ASSERT_THAT(changed, IsOk());
  EXPECT_EQ(changed->default_source(), failing);
  At(kFeb1 + kHour);
  EXPECT_EQ(Sub(sub->id()).status(), "past_due");

  // Removed: the retry falls back to the customer's default source and recovers.
  changed = engine_.subscriptions().Update(
      sub->id(), ParseParams<SubscriptionChangeParams>("default_source: \"\""));
  ASSERT_THAT(changed, IsOk());
  EXPECT_FALSE(changed->has_default_source());
  At(kFeb1 + kHour + 3 * kDay);
  const Subscription recovered = Sub(sub->id());
  EXPECT_EQ(recovered.status(), "active");
  pi = engine_.payment_intents().Retrieve(Inv(recovered.latest_invoice()).payment_intent_id());
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->payment_method(), customer_default);
}

TEST_F(CardSourcePaymentsTest, DefaultSourceMustBeTheCustomersCard) {
  std::string card;
  const std::string customer = CustomerWithSource("tok_visa", &card);
  std::string other_card;
  CustomerWithSource("tok_visa", &other_card);
  const std::string price = NewPrice();
  EXPECT_THAT(Subscribe(customer, price, "default_source: \"" + other_card + "\""),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "default_source"));
  EXPECT_THAT(Subscribe(customer, price, "default_source: \"card_missing\""),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "default_source"));
  SubscriptionListParams list;
  list.set_customer(customer);
  absl::StatusOr<ListResult<Subscription>> subs = engine_.subscriptions().List(list);
  ASSERT_THAT(subs, IsOk());
  EXPECT_TRUE(subs->data.empty());

  absl::StatusOr<Subscription> sub = Subscribe(customer, price);
  ASSERT_THAT(sub, IsOk());
  EXPECT_THAT(engine_.subscriptions().Update(sub->id(), ParseParams<SubscriptionChangeParams>(
                                                            "default_source: \"" + other_card +
                                                            "\"")),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "default_source"));
  EXPECT_FALSE(Sub(sub->id()).has_default_source());
  EXPECT_THAT(engine_.invoices().Create(ParseParams<InvoiceCreateParams>(
                  "customer: \"" + customer + "\" default_source: \"" + other_card + "\"")),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "default_source"));
}

TEST_F(CardSourcePaymentsTest, InvoiceDefaultSourcePaysItsInvoice) {
  std::string card;
  const std::string customer = CustomerWithSource("tok_visa", &card);
  const std::string amex = AddSource(customer, "tok_amex");
  ASSERT_THAT(engine_.invoice_items().Create(ParseParams<InvoiceItemCreateParams>(
                  "customer: \"" + customer + "\" amount: 400 currency: \"usd\"")),
              IsOk());
  absl::StatusOr<Invoice> invoice = engine_.invoices().Create(ParseParams<InvoiceCreateParams>(
      "customer: \"" + customer + "\" pending_invoice_items_behavior: \"include\""));
  ASSERT_THAT(invoice, IsOk());
  EXPECT_FALSE(invoice->has_default_source());
  absl::StatusOr<Invoice> updated = engine_.invoices().Update(
      invoice->id(), ParseParams<InvoiceUpdateParams>("default_source: \"" + amex + "\""));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->default_source(), amex);
  // Only a draft's default_source changes.
  ASSERT_THAT(engine_.invoices().Finalize(invoice->id(), InvoiceFinalizeParams()), IsOk());
  EXPECT_THAT(engine_.invoices().Update(invoice->id(), ParseParams<InvoiceUpdateParams>(
                                                           "default_source: \"" + card + "\"")),
              StripeErrorWithParam("invalid_request_error", "", "default_source"));
  absl::StatusOr<Invoice> paid = engine_.invoices().Pay(invoice->id(), InvoicePayParams());
  ASSERT_THAT(paid, IsOk());
  EXPECT_EQ(paid->status(), "paid");
  EXPECT_EQ(paid->default_source(), amex);
  absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Retrieve(paid->payment_intent_id());
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->payment_method(), amex);
}

}  // namespace
}  // namespace paysim
