// Checkout Sessions in payment mode: completion with the events in order, no double
// completion, expiry one second either side, 3D Secure, declines, manual capture, saved
// cards, customer creation, the deferred PaymentIntent, what a guest must give, lists.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/checkout_sessions_test_fixture.h"
#include "engine/json_render.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace checkout_sessions_test {
namespace {

// ======================= payment mode =======================

TEST_F(CheckoutTest, GuestPaysWithATestCard) {
  CheckoutSession s = MustCreate(PaymentParams(2000, 2));
  const size_t mark = engine_.events().size();
  CheckoutPage page = MustPay(s.id(), PayWith("pm_card_visa"));
  EXPECT_EQ(page.status(), "complete");
  EXPECT_EQ(page.redirect_url(), "https://shop.example/success?session_id=" + s.id());
  EXPECT_THAT(TypesSince(mark), ElementsAre("payment_intent.created", "charge.succeeded",
                                            "payment_intent.succeeded",
                                            "checkout.session.completed"));

  CheckoutSession done = MustRetrieve(s.id());
  EXPECT_EQ(done.status(), "complete");
  EXPECT_EQ(done.payment_status(), "paid");
  EXPECT_FALSE(done.has_url());
  EXPECT_FALSE(done.has_customer());  // if_required: a guest stays a guest
  EXPECT_EQ(done.customer_details().email(), "guest@example.com");
  PaymentIntent pi = MustRetrievePi(done.payment_intent());
  EXPECT_EQ(pi.status(), "succeeded");
  EXPECT_EQ(pi.amount(), 4000);
  EXPECT_EQ(pi.amount_received(), 4000);
  EXPECT_EQ(pi.currency(), "usd");
  absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Retrieve(pi.payment_method());
  ASSERT_THAT(pm, IsOk());
  EXPECT_EQ(pm->billing_details().email(), "guest@example.com");

  // The completed event carries the completed session.
  std::vector<Event> events = AllEvents();
  EXPECT_EQ(events.back().data().object().checkout_session().status(), "complete");
}

TEST_F(CheckoutTest, NoDoubleCompletion) {
  CheckoutSession s = MustCreate(PaymentParams());
  MustPay(s.id(), PayWith("pm_card_visa"));
  const size_t events = engine_.events().size();
  EXPECT_THAT(engine_.checkout_page().Pay(s.id(), PayWith("pm_card_mastercard")),
              StripeErrorIs("invalid_request_error", ""));
  EXPECT_EQ(engine_.events().size(), events);
  ChargeListParams all;
  absl::StatusOr<ListResult<Charge>> charges = engine_.charges().List(all);
  ASSERT_THAT(charges, IsOk());
  EXPECT_THAT(charges->data, SizeIs(1));
  EXPECT_THAT(engine_.checkout_sessions().Expire(s.id()), HttpStatusIs(400));
  EXPECT_THAT(engine_.checkout_page().CompleteThreeDSecure(s.id()), HttpStatusIs(400));
}

TEST_F(CheckoutTest, ExpiresAtItsExpiresAtOneSecondEitherSide) {
  CheckoutSessionCreateParams params = PaymentParams();
  params.set_expires_at(kStart + 3600);
  CheckoutSession s = MustCreate(params);
  clock_.SetTime(absl::FromUnixSeconds(kStart + 3599));
  EXPECT_EQ(MustRetrieve(s.id()).status(), "open");
  const size_t mark = engine_.events().size();
  clock_.SetTime(absl::FromUnixSeconds(kStart + 3600));
  CheckoutSession expired = MustRetrieve(s.id());
  EXPECT_EQ(expired.status(), "expired");
  EXPECT_FALSE(expired.has_url());
  std::vector<Event> events = AllEvents();
  ASSERT_EQ(TypesSince(mark), std::vector<std::string>{"checkout.session.expired"});
  EXPECT_EQ(events.back().created(), kStart + 3600);
  EXPECT_FALSE(events.back().request().has_id());  // automatic
  EXPECT_THAT(engine_.checkout_page().Pay(s.id(), PayWith("pm_card_visa")), HttpStatusIs(400));
}

TEST_F(CheckoutTest, ExpireByTheMerchant) {
  CheckoutSession s = MustCreate(PaymentParams());
  absl::StatusOr<CheckoutSession> expired = engine_.checkout_sessions().Expire(s.id());
  ASSERT_THAT(expired, IsOk());
  EXPECT_EQ(expired->status(), "expired");
  EXPECT_THAT(engine_.checkout_sessions().Expire(s.id()),
              StripeErrorIs("invalid_request_error", ""));
  EXPECT_THAT(engine_.checkout_sessions().Expire("cs_test_missing"), HttpStatusIs(404));
  // The timer at expires_at finds it expired already: nothing more happens.
  const size_t events = engine_.events().size();
  clock_.Advance(absl::Hours(25));
  engine_.FireDueTimers();
  EXPECT_EQ(engine_.events().size(), events);
}

TEST_F(CheckoutTest, ExpiryCancelsTheWaitingPaymentIntent) {
  CheckoutSession s = MustCreate(PaymentParams());
  CheckoutPage page = MustPay(s.id(), PayWith("pm_card_threeDSecure2Required"));
  EXPECT_EQ(page.next_action(), "three_d_secure");
  const size_t mark = engine_.events().size();
  ASSERT_THAT(engine_.checkout_sessions().Expire(s.id()), IsOk());
  EXPECT_THAT(TypesSince(mark),
              ElementsAre("payment_intent.canceled", "checkout.session.expired"));
  PaymentIntent pi = MustRetrievePi(MustRetrieve(s.id()).payment_intent());
  EXPECT_EQ(pi.status(), "canceled");
  EXPECT_EQ(pi.cancellation_reason(), "automatic");
  EXPECT_THAT(engine_.checkout_page().CompleteThreeDSecure(s.id()), HttpStatusIs(400));
}

TEST_F(CheckoutTest, DeclineThenAnotherCard) {
  CheckoutSession s = MustCreate(PaymentParams());
  const size_t mark = engine_.events().size();
  CheckoutPage declined = MustPay(s.id(), PayWith("pm_card_visa_chargeDeclinedInsufficientFunds"));
  EXPECT_EQ(declined.status(), "open");
  EXPECT_EQ(declined.error().code(), "card_declined");
  EXPECT_EQ(declined.error().decline_code(), "insufficient_funds");
  EXPECT_THAT(TypesSince(mark), ElementsAre("payment_intent.created", "charge.failed",
                                            "payment_intent.payment_failed"));
  CheckoutSession open = MustRetrieve(s.id());
  EXPECT_EQ(open.status(), "open");
  EXPECT_TRUE(open.has_payment_intent());

  CheckoutPage paid = MustPay(s.id(), PayWith("pm_card_visa"));
  EXPECT_EQ(paid.status(), "complete");
  EXPECT_FALSE(paid.has_error());
  PaymentIntent pi = MustRetrievePi(open.payment_intent());  // the same intent, confirmed again
  EXPECT_EQ(pi.status(), "succeeded");
}

TEST_F(CheckoutTest, RequestThreeDSecureReachesTheSessionsIntents) {
  // payment_method_options[card][request_three_d_secure]=any: the enrolled optional card
  // (4000000000003055) is challenged; left automatic it is not.
  CheckoutSessionCreateParams params = PaymentParams();
  params.mutable_payment_method_options()->mutable_card()->set_request_three_d_secure("any");
  CheckoutSession s = MustCreate(params);
  EXPECT_EQ(s.payment_method_options().card().request_three_d_secure(), "any");
  CheckoutPage challenge = MustPay(s.id(), PayWith("pm_card_threeDSecureOptional"));
  EXPECT_EQ(challenge.next_action(), "three_d_secure");
  PaymentIntent pi = MustRetrievePi(MustRetrieve(s.id()).payment_intent());
  EXPECT_EQ(pi.payment_method_options().card().request_three_d_secure(), "any");
  absl::StatusOr<CheckoutPage> done = engine_.checkout_page().CompleteThreeDSecure(s.id());
  ASSERT_THAT(done, IsOk());
  EXPECT_EQ(done->status(), "complete");

  CheckoutSession plain = MustCreate(PaymentParams());
  EXPECT_EQ(plain.payment_method_options().card().request_three_d_secure(), "automatic");
  EXPECT_EQ(MustPay(plain.id(), PayWith("pm_card_threeDSecureOptional")).status(), "complete");

  CheckoutSessionCreateParams setup = SetupParams();
  setup.mutable_payment_method_options()->mutable_card()->set_request_three_d_secure(
      "challenge");
  CheckoutSession s2 = MustCreate(setup);
  absl::StatusOr<SetupIntent> si = engine_.setup_intents().Retrieve(s2.setup_intent());
  ASSERT_THAT(si, IsOk());
  EXPECT_EQ(si->payment_method_options().card().request_three_d_secure(), "challenge");

  params.mutable_payment_method_options()->mutable_card()->set_request_three_d_secure("often");
  EXPECT_THAT(engine_.checkout_sessions().Create(params),
              StripeErrorWithParam("invalid_request_error", "",
                                   "payment_method_options[card][request_three_d_secure]"));
}

TEST_F(CheckoutTest, ThreeDSecureCompletedOrFailed) {
  CheckoutSession s = MustCreate(PaymentParams());
  CheckoutPage challenge = MustPay(s.id(), PayWith("pm_card_threeDSecure2Required"));
  EXPECT_EQ(challenge.status(), "open");
  EXPECT_EQ(challenge.next_action(), "three_d_secure");
  EXPECT_EQ(MustRetrievePi(MustRetrieve(s.id()).payment_intent()).next_action().type(),
            "redirect_to_url");

  absl::StatusOr<CheckoutPage> failed = engine_.checkout_page().FailThreeDSecure(s.id());
  ASSERT_THAT(failed, IsOk());
  EXPECT_EQ(failed->status(), "open");
  EXPECT_EQ(failed->error().code(), "payment_intent_authentication_failure");
  EXPECT_THAT(engine_.checkout_page().CompleteThreeDSecure(s.id()), HttpStatusIs(400));

  MustPay(s.id(), PayWith("pm_card_threeDSecure2Required"));
  const size_t mark = engine_.events().size();
  absl::StatusOr<CheckoutPage> done = engine_.checkout_page().CompleteThreeDSecure(s.id());
  ASSERT_THAT(done, IsOk());
  EXPECT_EQ(done->status(), "complete");
  EXPECT_THAT(TypesSince(mark), ElementsAre("charge.succeeded", "payment_intent.succeeded",
                                            "checkout.session.completed"));
  // One request: the helper's events carry one request id.
  std::vector<Event> events = AllEvents();
  EXPECT_EQ(events[mark].request().id(), events.back().request().id());
}

TEST_F(CheckoutTest, ManualCaptureCompletesUnpaid) {
  CheckoutSessionCreateParams params = PaymentParams();
  params.mutable_payment_intent_data()->set_capture_method("manual");
  params.mutable_payment_intent_data()->set_description("Order 9");
  (*params.mutable_payment_intent_data()->mutable_metadata())["order"] = "9";
  CheckoutSession s = MustCreate(params);
  MustPay(s.id(), PayWith("pm_card_visa"));
  CheckoutSession done = MustRetrieve(s.id());
  EXPECT_EQ(done.status(), "complete");
  EXPECT_EQ(done.payment_status(), "unpaid");
  PaymentIntent pi = MustRetrievePi(done.payment_intent());
  EXPECT_EQ(pi.status(), "requires_capture");
  EXPECT_EQ(pi.description(), "Order 9");
  EXPECT_EQ(pi.metadata().at("order"), "9");
}

TEST_F(CheckoutTest, ReturningCustomerSavesTheCardForLater) {
  const std::string customer = NewCustomer();
  CheckoutSessionCreateParams params = PaymentParams();
  params.set_customer(customer);
  params.mutable_payment_intent_data()->set_setup_future_usage("off_session");
  CheckoutSession s = MustCreate(params);
  const size_t mark = engine_.events().size();
  MustPay(s.id(), PayWith("pm_card_visa", ""));
  EXPECT_THAT(TypesSince(mark),
              ElementsAre("payment_intent.created", "charge.succeeded", "payment_method.attached",
                          "payment_intent.succeeded", "checkout.session.completed"));
  CheckoutSession done = MustRetrieve(s.id());
  EXPECT_EQ(done.customer(), customer);
  EXPECT_EQ(done.customer_details().email(), "jenny@example.com");  // the customer's email
  PaymentIntent pi = MustRetrievePi(done.payment_intent());
  EXPECT_EQ(pi.customer(), customer);
  absl::StatusOr<Charge> charge = engine_.charges().Retrieve(pi.latest_charge());
  ASSERT_THAT(charge, IsOk());
  EXPECT_EQ(charge->customer(), customer);
  absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Retrieve(pi.payment_method());
  ASSERT_THAT(pm, IsOk());
  EXPECT_EQ(pm->customer(), customer);
}

TEST_F(CheckoutTest, CustomerCreationAlways) {
  CheckoutSessionCreateParams params = PaymentParams();
  params.set_customer_creation("always");
  CheckoutSession s = MustCreate(params);
  CheckoutPayParams pay = PayWith("pm_card_visa", "new@example.com");
  pay.set_name("New Customer");
  const size_t mark = engine_.events().size();
  MustPay(s.id(), pay);
  EXPECT_EQ(TypesSince(mark).front(), "customer.created");
  CheckoutSession done = MustRetrieve(s.id());
  ASSERT_TRUE(done.has_customer());
  absl::StatusOr<Customer> customer = engine_.customers().Retrieve(done.customer());
  ASSERT_THAT(customer, IsOk());
  EXPECT_EQ(customer->email(), "new@example.com");
  EXPECT_EQ(customer->name(), "New Customer");
  EXPECT_EQ(MustRetrievePi(done.payment_intent()).customer(), done.customer());
}

TEST_F(CheckoutTest, PaymentIntentAtCreationBefore20220801) {
  VersionedEngine old(kPreDeferred);
  CheckoutSessionCreateParams params;
  params.set_mode("payment");
  params.add_line_items()->set_price(NewPrice(old.engine, 1000));
  params.mutable_line_items(0)->set_quantity(1);
  params.set_success_url(kSuccessUrl);
  absl::StatusOr<CheckoutSession> s = old.engine.checkout_sessions().Create(params);
  ASSERT_THAT(s, IsOk());
  EXPECT_THAT(s->payment_intent(), StartsWith("pi_"));
  EXPECT_EQ(s->customer_creation(), "always");
  EXPECT_EQ(s->ui_mode(), "hosted");
  CheckoutPayParams pay;
  pay.set_payment_method("pm_card_visa");
  pay.set_email("old@example.com");
  ASSERT_THAT(old.engine.checkout_page().Pay(s->id(), pay), IsOk());
  absl::StatusOr<CheckoutSession> done = old.engine.checkout_sessions().Retrieve(s->id());
  ASSERT_THAT(done, IsOk());
  EXPECT_EQ(done->payment_intent(), s->payment_intent());
  EXPECT_TRUE(done->has_customer());  // customer_creation defaulted to always
}

TEST_F(CheckoutTest, GuestMustGiveAnEmailAndWhatTheSessionCollects) {
  CheckoutSession s = MustCreate(PaymentParams());
  EXPECT_THAT(engine_.checkout_page().Pay(s.id(), PayWith("pm_card_visa", "")),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "email"));
  EXPECT_THAT(engine_.checkout_page().Pay(s.id(), PayWith("pm_card_nope")),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "payment_method"));
  CheckoutPayParams shipping = PayWith("pm_card_visa");
  shipping.mutable_shipping()->set_name("x");
  EXPECT_THAT(engine_.checkout_page().Pay(s.id(), shipping),
              StripeErrorWithParam("invalid_request_error", "", "shipping"));

  CheckoutSessionCreateParams required = PaymentParams();
  required.set_billing_address_collection("required");
  required.mutable_shipping_address_collection()->add_allowed_countries("US");
  CheckoutSession r = MustCreate(required);
  CheckoutPayParams pay = PayWith("pm_card_visa");
  pay.mutable_billing_address()->set_country("US");
  EXPECT_THAT(engine_.checkout_page().Pay(r.id(), pay),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "billing_address[line1]"));
  *pay.mutable_billing_address() = ParseParams<AddressParams>(
      R"pb(line1: "1 Main St" city: "SF" state: "CA" postal_code: "94107" country: "US")pb");
  EXPECT_THAT(engine_.checkout_page().Pay(r.id(), pay),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "shipping[address][line1]"));
  *pay.mutable_shipping() = ParseParams<ShippingParams>(
      R"pb(name: "Jenny" address { line1: "2 Rue" country: "FR" })pb");
  EXPECT_THAT(engine_.checkout_page().Pay(r.id(), pay),
              StripeErrorWithParam("invalid_request_error", "", "shipping[address][country]"));
  pay.mutable_shipping()->mutable_address()->set_country("US");
  EXPECT_EQ(MustPay(r.id(), pay).status(), "complete");
  CheckoutSession done = MustRetrieve(r.id());
  EXPECT_EQ(done.collected_information().shipping_details().name(), "Jenny");
  EXPECT_EQ(done.customer_details().address().postal_code(), "94107");
  // Nothing was charged by the refused attempts.
  absl::StatusOr<ListResult<Charge>> charges = engine_.charges().List({});
  ASSERT_THAT(charges, IsOk());
  EXPECT_THAT(charges->data, SizeIs(1));
}

TEST_F(CheckoutTest, ListSessionsAndLineItemPages) {
  const std::string customer = NewCustomer();
  CheckoutSessionCreateParams params = PaymentParams();
  for (int i = 0; i < 4; ++i) *params.add_line_items() = params.line_items(0);
  params.set_customer(customer);
  CheckoutSession mine = MustCreate(params);
  MustCreate(PaymentParams());

  CheckoutSessionListParams by_customer;
  by_customer.set_customer(customer);
  absl::StatusOr<ListResult<CheckoutSession>> page =
      engine_.checkout_sessions().List(by_customer);
  ASSERT_THAT(page, IsOk());
  ASSERT_THAT(page->data, SizeIs(1));
  EXPECT_EQ(page->data[0].id(), mine.id());
  CheckoutSessionListParams open;
  open.set_status("open");
  page = engine_.checkout_sessions().List(open);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(page->data, SizeIs(2));

  CheckoutLineItemListParams two;
  two.set_limit(2);
  absl::StatusOr<ListResult<LineItem>> first = engine_.checkout_sessions().ListLineItems(mine.id(), two);
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(first->data, SizeIs(2));
  EXPECT_TRUE(first->has_more);
  two.set_starting_after(first->data[1].id());
  absl::StatusOr<ListResult<LineItem>> second =
      engine_.checkout_sessions().ListLineItems(mine.id(), two);
  ASSERT_THAT(second, IsOk());
  ASSERT_THAT(second->data, SizeIs(2));
  EXPECT_TRUE(second->has_more);
  two.clear_starting_after();
  two.set_ending_before(second->data[0].id());
  absl::StatusOr<ListResult<LineItem>> back =
      engine_.checkout_sessions().ListLineItems(mine.id(), two);
  ASSERT_THAT(back, IsOk());
  ASSERT_THAT(back->data, SizeIs(2));
  EXPECT_EQ(back->data[0].id(), first->data[0].id());
  EXPECT_FALSE(back->has_more);
}

}  // namespace
}  // namespace checkout_sessions_test
}  // namespace paysim
