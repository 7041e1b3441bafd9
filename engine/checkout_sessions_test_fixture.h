// checkout_sessions_test_fixture.h (tests only): what the Checkout Sessions behaviour tests
// share: CheckoutTest (an engine on a FakeClock, session params by mode, the simulated
// customer's steps), an engine pinned to another API version, and price helpers.
#ifndef PAYSIM_ENGINE_CHECKOUT_SESSIONS_TEST_FIXTURE_H_
#define PAYSIM_ENGINE_CHECKOUT_SESSIONS_TEST_FIXTURE_H_

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/json_render.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace checkout_sessions_test {

using ::paysim::testing::FakeClock;
using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::StartsWith;

inline constexpr int64_t kStart = 1767225600;  // 2026-01-01T00:00:00Z
inline constexpr char kPreDahlia[] = "2026-02-25.clover";
inline constexpr char kPreBasil[] = "2025-02-24.acacia";
inline constexpr char kPreDeferred[] = "2022-07-01";
inline constexpr char kSuccessUrl[] =
    "https://shop.example/success?session_id={CHECKOUT_SESSION_ID}";

// What a card's billing details hold, for the prefill rules.
struct Billing {
  std::string email = "jenny@example.com";
  std::string name = "Jenny Rosen";
  std::string line1 = "1 Main St";
  std::string city = "San Francisco";
  std::string state = "CA";
  std::string postal_code = "94107";
  std::string country = "US";
};

class CheckoutTest : public ::testing::Test {
 protected:
  // ---- catalog ----

  std::string OneTimePrice(int64_t amount, const std::string& currency = "usd") {
    absl::StatusOr<Price> price = engine_.prices().Create(ParseParams<PriceCreateParams>(
        absl::StrCat("currency: \"", currency, "\" unit_amount: ", amount,
                     " product_data { name: \"Widget\" }")));
    EXPECT_THAT(price, IsOk());
    return price.ok() ? price->id() : "";
  }

  std::string MonthlyPrice(int64_t amount, const std::string& interval = "month") {
    absl::StatusOr<Price> price = engine_.prices().Create(ParseParams<PriceCreateParams>(
        absl::StrCat("currency: \"usd\" unit_amount: ", amount, " recurring { interval: \"",
                     interval, "\" } product_data { name: \"Plan\" }")));
    EXPECT_THAT(price, IsOk());
    return price.ok() ? price->id() : "";
  }

  // An exclusive tax rate of `percentage` ("Sales tax").
  TaxRate NewRate(double percentage) {
    TaxRateCreateParams params;
    params.set_display_name("Sales tax");
    params.set_percentage(percentage);
    params.set_inclusive(false);
    absl::StatusOr<TaxRate> rate = engine_.tax_rates().Create(params);
    EXPECT_THAT(rate, IsOk());
    return rate.value_or(TaxRate());
  }

  // ---- sessions ----

  CheckoutSessionCreateParams PaymentParams(int64_t amount = 2000, int64_t quantity = 1) {
    CheckoutSessionCreateParams params;
    params.set_mode("payment");
    CheckoutLineItemParams* item = params.add_line_items();
    item->set_price(OneTimePrice(amount));
    item->set_quantity(quantity);
    params.set_success_url(kSuccessUrl);
    return params;
  }

  CheckoutSessionCreateParams SetupParams(const std::string& customer = "") {
    CheckoutSessionCreateParams params;
    params.set_mode("setup");
    params.set_currency("usd");
    if (!customer.empty()) params.set_customer(customer);
    params.set_success_url(kSuccessUrl);
    return params;
  }

  CheckoutSessionCreateParams SubscriptionParams(const std::string& customer = "") {
    CheckoutSessionCreateParams params;
    params.set_mode("subscription");
    CheckoutLineItemParams* item = params.add_line_items();
    item->set_price(MonthlyPrice(1500));
    item->set_quantity(1);
    if (!customer.empty()) params.set_customer(customer);
    params.set_success_url(kSuccessUrl);
    return params;
  }

  CheckoutSession MustCreate(const CheckoutSessionCreateParams& params,
                             const RequestOptions& options = {}) {
    absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(params, options);
    EXPECT_THAT(session, IsOk());
    return session.value_or(CheckoutSession());
  }

  CheckoutSession MustRetrieve(const std::string& id) {
    absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Retrieve(id);
    EXPECT_THAT(session, IsOk());
    return session.value_or(CheckoutSession());
  }

  // A create refused with `code` about `param`, which changes nothing.
  void ExpectRejected(const CheckoutSessionCreateParams& params, const std::string& code,
                      const std::string& param, const RequestOptions& options = {}) {
    const size_t events = engine_.events().size();
    const size_t sessions = AllSessions().size();
    absl::StatusOr<CheckoutSession> result = engine_.checkout_sessions().Create(params, options);
    EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error", code, param));
    EXPECT_THAT(result, HttpStatusIs(400));
    EXPECT_EQ(engine_.events().size(), events);
    EXPECT_EQ(AllSessions().size(), sessions);
  }

  std::vector<CheckoutSession> AllSessions() {
    CheckoutSessionListParams params;
    params.set_limit(100);
    absl::StatusOr<ListResult<CheckoutSession>> page = engine_.checkout_sessions().List(params);
    return page.ok() ? page->data : std::vector<CheckoutSession>();
  }

  // ---- what a subscription-mode session starts ----

  Subscription MustRetrieveSubscription(const std::string& id) {
    absl::StatusOr<Subscription> subscription = engine_.subscriptions().Retrieve(id);
    EXPECT_THAT(subscription, IsOk());
    return subscription.value_or(Subscription());
  }

  Invoice MustRetrieveInvoice(const std::string& id) {
    absl::StatusOr<Invoice> invoice = engine_.invoices().Retrieve(id);
    EXPECT_THAT(invoice, IsOk());
    return invoice.value_or(Invoice());
  }

  // ---- customers and saved cards ----

  std::string NewCustomer(const std::string& email = "jenny@example.com") {
    CustomerCreateParams params;
    if (!email.empty()) params.set_email(email);
    absl::StatusOr<Customer> customer = engine_.customers().Create(params);
    EXPECT_THAT(customer, IsOk());
    return customer.ok() ? customer->id() : "";
  }

  // A card saved on `customer` with `billing` and `allow_redisplay`.
  std::string SavedCard(const std::string& customer, const Billing& billing = {},
                        const std::string& allow_redisplay = "always",
                        const std::string& card = "pm_card_visa") {
    PaymentMethodAttachParams attach;
    attach.set_customer(customer);
    absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Attach(card, attach);
    EXPECT_THAT(pm, IsOk());
    if (!pm.ok()) return "";
    PaymentMethodUpdateParams update;
    update.set_allow_redisplay(allow_redisplay);
    BillingDetailsParams* details = update.mutable_billing_details();
    if (!billing.email.empty()) details->set_email(billing.email);
    if (!billing.name.empty()) details->set_name(billing.name);
    AddressParams* address = details->mutable_address();
    if (!billing.line1.empty()) address->set_line1(billing.line1);
    if (!billing.city.empty()) address->set_city(billing.city);
    if (!billing.state.empty()) address->set_state(billing.state);
    if (!billing.postal_code.empty()) address->set_postal_code(billing.postal_code);
    if (!billing.country.empty()) address->set_country(billing.country);
    EXPECT_THAT(engine_.payment_methods().Update(pm->id(), update), IsOk());
    return pm->id();
  }

  // ---- the customer ----

  CheckoutPage View(const std::string& session) {
    absl::StatusOr<CheckoutPage> page = engine_.checkout_page().View(session);
    EXPECT_THAT(page, IsOk());
    return page.value_or(CheckoutPage());
  }

  CheckoutPayParams PayWith(const std::string& payment_method,
                            const std::string& email = "guest@example.com") {
    CheckoutPayParams params;
    params.set_payment_method(payment_method);
    if (!email.empty()) params.set_email(email);
    return params;
  }

  CheckoutPage MustPay(const std::string& session, const CheckoutPayParams& params) {
    absl::StatusOr<CheckoutPage> page = engine_.checkout_page().Pay(session, params);
    EXPECT_THAT(page, IsOk());
    return page.value_or(CheckoutPage());
  }

  // ---- events ----

  std::vector<Event> AllEvents() {
    std::vector<Event> events;
    std::string cursor;
    while (true) {
      EventListParams params;
      params.set_limit(100);
      if (!cursor.empty()) params.set_starting_after(cursor);
      absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
      if (!page.ok() || page->data.empty()) break;
      for (Event& e : page->data) events.push_back(e);
      cursor = events.back().id();
      if (!page->has_more) break;
    }
    return std::vector<Event>(events.rbegin(), events.rend());
  }

  // The event types emitted since the `mark`-th event.
  std::vector<std::string> TypesSince(size_t mark) {
    std::vector<std::string> types;
    std::vector<Event> events = AllEvents();
    for (size_t i = mark; i < events.size(); ++i) types.push_back(events[i].type());
    return types;
  }

  PaymentIntent MustRetrievePi(const std::string& id) {
    absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Retrieve(id);
    EXPECT_THAT(pi, IsOk());
    return pi.value_or(PaymentIntent());
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 11}};
};

// An engine pinned to another API version, with its own clock.
struct VersionedEngine {
  explicit VersionedEngine(const std::string& version)
      : engine({.clock = &clock, .seed = 3, .api_version = version}) {}
  FakeClock clock;
  Engine engine;
};

// A subscription-mode session of `price` (quantity 1) in `engine`, paid by card: the completed
// session.
inline CheckoutSession CompleteSubscriptionSession(Engine& engine, const std::string& price) {
  CheckoutSessionCreateParams params;
  params.set_mode("subscription");
  params.add_line_items()->set_price(price);
  params.mutable_line_items(0)->set_quantity(1);
  absl::StatusOr<CheckoutSession> s = engine.checkout_sessions().Create(params);
  EXPECT_THAT(s, IsOk());
  if (!s.ok()) return CheckoutSession();
  CheckoutPayParams pay;
  pay.set_payment_method("pm_card_visa");
  pay.set_email("old@example.com");
  EXPECT_THAT(engine.checkout_page().Pay(s->id(), pay), IsOk());
  absl::StatusOr<CheckoutSession> done = engine.checkout_sessions().Retrieve(s->id());
  EXPECT_THAT(done, IsOk());
  return done.value_or(CheckoutSession());
}

inline std::string NewPrice(Engine& engine, int64_t amount) {
  absl::StatusOr<Price> price = engine.prices().Create(ParseParams<PriceCreateParams>(
      absl::StrCat("currency: \"usd\" unit_amount: ", amount, " product_data { name: \"W\" }")));
  EXPECT_THAT(price, IsOk());
  return price.ok() ? price->id() : "";
}

}  // namespace checkout_sessions_test
}  // namespace paysim

#endif  // PAYSIM_ENGINE_CHECKOUT_SESSIONS_TEST_FIXTURE_H_
