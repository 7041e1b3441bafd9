// Checkout in setup and subscription modes (the setup seed flow end to end, 3D Secure,
// expiry, the subscription it starts and its period by API version), and determinism.
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

// ======================= setup mode =======================

TEST_F(CheckoutTest, SetupModeSeedFlowEndToEnd) {
  // A customer saves a card through Checkout; days later the merchant charges it off-session.
  const std::string customer = NewCustomer();
  CheckoutSessionCreateParams params = SetupParams(customer);
  params.mutable_setup_intent_data()->set_description("Save card for later");
  size_t mark = engine_.events().size();
  CheckoutSession s = MustCreate(params);
  EXPECT_THAT(TypesSince(mark), ElementsAre("setup_intent.created"));
  EXPECT_EQ(s.payment_status(), "no_payment_required");
  EXPECT_FALSE(s.has_saved_payment_method_options());

  mark = engine_.events().size();
  CheckoutPage page = MustPay(s.id(), PayWith("pm_card_visa", ""));
  EXPECT_EQ(page.status(), "complete");
  EXPECT_THAT(TypesSince(mark), ElementsAre("payment_method.attached", "setup_intent.succeeded",
                                            "checkout.session.completed"));
  CheckoutSession done = MustRetrieve(s.id());
  EXPECT_EQ(done.status(), "complete");
  EXPECT_EQ(done.payment_status(), "no_payment_required");
  EXPECT_FALSE(done.customer_details().has_address());  // not present in setup mode
  EXPECT_EQ(done.customer_details().email(), "jenny@example.com");

  // From the completed session: its setup_intent, its payment_method, on the customer.
  absl::StatusOr<SetupIntent> si = engine_.setup_intents().Retrieve(done.setup_intent());
  ASSERT_THAT(si, IsOk());
  EXPECT_EQ(si->status(), "succeeded");
  EXPECT_EQ(si->customer(), customer);
  EXPECT_EQ(si->description(), "Save card for later");
  absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Retrieve(si->payment_method());
  ASSERT_THAT(pm, IsOk());
  EXPECT_EQ(pm->customer(), customer);

  clock_.Advance(absl::Hours(24 * 3));
  PaymentIntentCreateParams later;
  later.set_amount(4200);
  later.set_currency("usd");
  later.set_customer(customer);
  later.set_payment_method(pm->id());
  later.set_off_session(true);
  later.set_confirm(true);
  absl::StatusOr<PaymentIntent> charged = engine_.payment_intents().Create(later);
  ASSERT_THAT(charged, IsOk());
  EXPECT_EQ(charged->status(), "succeeded");
  EXPECT_EQ(charged->amount_received(), 4200);
}

TEST_F(CheckoutTest, SetupModeWithThreeDSecureAndCustomerCreation) {
  CheckoutSessionCreateParams params = SetupParams();
  params.set_customer_creation("always");
  CheckoutSession s = MustCreate(params);
  CheckoutPage challenge = MustPay(s.id(), PayWith("pm_card_authenticationRequiredOnSetup"));
  EXPECT_EQ(challenge.next_action(), "three_d_secure");
  CheckoutSession waiting = MustRetrieve(s.id());
  EXPECT_EQ(waiting.status(), "open");
  ASSERT_TRUE(waiting.has_customer());
  absl::StatusOr<CheckoutPage> done = engine_.checkout_page().CompleteThreeDSecure(s.id());
  ASSERT_THAT(done, IsOk());
  EXPECT_EQ(done->status(), "complete");
  absl::StatusOr<SetupIntent> si = engine_.setup_intents().Retrieve(s.setup_intent());
  ASSERT_THAT(si, IsOk());
  EXPECT_EQ(si->customer(), waiting.customer());
  absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Retrieve(si->payment_method());
  ASSERT_THAT(pm, IsOk());
  EXPECT_EQ(pm->customer(), waiting.customer());
}

TEST_F(CheckoutTest, SetupModeExpiryCancelsTheSetupIntent) {
  CheckoutSession s = MustCreate(SetupParams());
  const size_t mark = engine_.events().size();
  clock_.Advance(absl::Hours(24));
  EXPECT_EQ(MustRetrieve(s.id()).status(), "expired");
  EXPECT_THAT(TypesSince(mark), ElementsAre("setup_intent.canceled", "checkout.session.expired"));
}

// ======================= subscription mode =======================

TEST_F(CheckoutTest, SubscriptionModeStartsASubscription) {
  clock_.SetTime(absl::FromCivil(absl::CivilSecond(2026, 1, 31, 12, 0, 0), absl::UTCTimeZone()));
  CheckoutSessionCreateParams params = SubscriptionParams();
  params.mutable_line_items(0)->set_quantity(2);
  (*params.mutable_subscription_data()->mutable_metadata())["plan"] = "pro";
  CheckoutSession s = MustCreate(params);
  EXPECT_THAT(s.id(), StartsWith("cs_test_b1"));
  EXPECT_EQ(s.amount_total(), 3000);
  EXPECT_EQ(s.payment_method_collection(), "always");
  EXPECT_FALSE(s.has_customer_creation());
  const size_t mark = engine_.events().size();
  CheckoutPayParams pay = PayWith("pm_card_visa", "sub@example.com");
  MustPay(s.id(), pay);
  EXPECT_THAT(TypesSince(mark),
              ElementsAre("customer.created", "payment_intent.created", "charge.succeeded",
                          "payment_method.attached", "payment_intent.succeeded",
                          "customer.subscription.created", "invoice.created",
                          "invoice.finalized", "invoice.paid", "invoice.payment_succeeded",
                          "invoice_payment.paid", "checkout.session.completed"));
  CheckoutSession done = MustRetrieve(s.id());
  EXPECT_EQ(done.payment_status(), "paid");
  EXPECT_FALSE(done.has_payment_intent());  // Stripe's first payment belongs to an invoice
  ASSERT_TRUE(done.has_customer());
  absl::StatusOr<Subscription> sub = engine_.subscriptions().Retrieve(done.subscription());
  ASSERT_THAT(sub, IsOk());
  EXPECT_THAT(sub->id(), StartsWith("sub_"));
  EXPECT_EQ(sub->status(), "active");
  EXPECT_EQ(sub->customer(), done.customer());
  EXPECT_EQ(sub->metadata().at("plan"), "pro");
  EXPECT_EQ(sub->collection_method(), "charge_automatically");
  ASSERT_THAT(sub->items().data(), SizeIs(1));
  const SubscriptionItem& item = sub->items().data(0);
  EXPECT_EQ(item.quantity(), 2);
  EXPECT_EQ(item.price().recurring().interval(), "month");
  const int64_t start = absl::ToUnixSeconds(
      absl::FromCivil(absl::CivilSecond(2026, 1, 31, 12, 0, 0), absl::UTCTimeZone()));
  EXPECT_EQ(item.current_period_start(), start);
  // January 31st plus a month is February 28th.
  EXPECT_EQ(item.current_period_end(),
            absl::ToUnixSeconds(absl::FromCivil(absl::CivilSecond(2026, 2, 28, 12, 0, 0),
                                                absl::UTCTimeZone())));
  EXPECT_FALSE(sub->has_current_period_end());  // on the items from basil on
  absl::StatusOr<PaymentMethod> pm =
      engine_.payment_methods().Retrieve(sub->default_payment_method());
  ASSERT_THAT(pm, IsOk());
  EXPECT_EQ(pm->customer(), done.customer());
  SubscriptionListParams mine;
  mine.set_customer(done.customer());
  absl::StatusOr<ListResult<Subscription>> listed = engine_.subscriptions().List(mine);
  ASSERT_THAT(listed, IsOk());
  EXPECT_THAT(listed->data, SizeIs(1));
}

TEST_F(CheckoutTest, SubscriptionPeriodOnTheSubscriptionBeforeBasil) {
  VersionedEngine old(kPreBasil);
  absl::StatusOr<Price> price = old.engine.prices().Create(ParseParams<PriceCreateParams>(
      R"pb(currency: "usd" unit_amount: 700 recurring { interval: "week" interval_count: 2 }
           product_data { name: "Box" })pb"));
  ASSERT_THAT(price, IsOk());
  const CheckoutSession done = CompleteSubscriptionSession(old.engine, price->id());
  absl::StatusOr<Subscription> sub = old.engine.subscriptions().Retrieve(done.subscription());
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->current_period_start(), kStart);
  EXPECT_EQ(sub->current_period_end(), kStart + 14 * 86400);
}

TEST(PeriodEndTest, CalendarArithmetic) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  auto at = [&](int y, int m, int d) {
    return absl::ToUnixSeconds(absl::FromCivil(absl::CivilSecond(y, m, d, 8, 30, 0), utc));
  };
  EXPECT_EQ(PeriodEnd(at(2026, 1, 31), "month", 1), at(2026, 2, 28));
  EXPECT_EQ(PeriodEnd(at(2028, 1, 31), "month", 1), at(2028, 2, 29));
  EXPECT_EQ(PeriodEnd(at(2026, 3, 15), "month", 3), at(2026, 6, 15));
  EXPECT_EQ(PeriodEnd(at(2028, 2, 29), "year", 1), at(2029, 2, 28));
  EXPECT_EQ(PeriodEnd(at(2026, 12, 30), "week", 1), at(2027, 1, 6));
  EXPECT_EQ(PeriodEnd(at(2026, 1, 1), "day", 45), at(2026, 2, 15));
}

// ======================= determinism =======================

TEST(CheckoutDeterminismTest, SameSeedSameObjectsAndEvents) {
  auto run = []() {
    FakeClock clock;
    Engine engine({.clock = &clock, .seed = 99});
    CheckoutSessionCreateParams params = ParseParams<CheckoutSessionCreateParams>(R"pb(
      mode: "payment"
      line_items { quantity: 1 price_data { currency: "usd" unit_amount: 999
                                            product_data { name: "Thing" } } })pb");
    absl::StatusOr<CheckoutSession> s = engine.checkout_sessions().Create(params);
    CheckoutPayParams pay;
    pay.set_payment_method("pm_card_visa");
    pay.set_email("a@example.com");
    (void)engine.checkout_page().Pay(s->id(), pay);
    std::string out = RenderJson(*engine.checkout_sessions().Retrieve(s->id()));
    EventListParams all;
    all.set_limit(100);
    absl::StatusOr<ListResult<Event>> events = engine.events().List(all);
    for (const Event& e : events->data) out += RenderJson(e);
    return out;
  };
  EXPECT_EQ(run(), run());
}

}  // namespace
}  // namespace checkout_sessions_test
}  // namespace paysim
