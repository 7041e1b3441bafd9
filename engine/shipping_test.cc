// Behaviour tests of `shipping` on PaymentIntents (create, update, confirm), on the Charge an
// intent makes, on charges made directly, and on the PaymentIntent a Checkout Session makes from
// `payment_intent_data[shipping]`: the shape, Stripe's errors, removal, previous_attributes.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "engine/json_render.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

constexpr char kShipping[] = R"pb(
  shipping {
    name: "Jenny Rosen"
    address { line1: "510 Townsend St" city: "San Francisco" state: "CA"
              postal_code: "94103" country: "US" }
  })pb";

class ShippingTest : public ::testing::Test {
 protected:
  PaymentIntentCreateParams Intent(const std::string& extra = "") {
    return ParseParams<PaymentIntentCreateParams>(
        absl::StrCat(R"pb(amount: 2000 currency: "usd" )pb", extra));
  }

  PaymentIntent MustCreate(const PaymentIntentCreateParams& params) {
    absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Create(params);
    EXPECT_THAT(pi, IsOk());
    return pi.value_or(PaymentIntent());
  }

  Charge MustRetrieveCharge(const std::string& id) {
    absl::StatusOr<Charge> charge = engine_.charges().Retrieve(id);
    EXPECT_THAT(charge, IsOk());
    return charge.value_or(Charge());
  }

  std::vector<Event> EventsOfType(const std::string& type) {
    EventListParams params;
    params.set_limit(100);
    params.set_type(type);
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
    EXPECT_THAT(page, IsOk());
    return page.ok() ? page->data : std::vector<Event>();
  }

  size_t EventCount() {
    EventListParams params;
    params.set_limit(100);
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
    return page.ok() ? page->data.size() : 0;
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
};

// ---- the PaymentIntent ----

TEST_F(ShippingTest, NullWhenAbsent) {
  const PaymentIntent pi = MustCreate(Intent());
  EXPECT_FALSE(pi.has_shipping());
  EXPECT_THAT(RenderJson(pi), HasSubstr(R"("shipping": null)"));
}

TEST_F(ShippingTest, CreateRendersEveryFieldUnsetOnesNull) {
  const PaymentIntent pi = MustCreate(Intent(kShipping));
  EXPECT_EQ(pi.shipping().name(), "Jenny Rosen");
  EXPECT_EQ(pi.shipping().address().line1(), "510 Townsend St");
  EXPECT_EQ(pi.shipping().address().country(), "US");
  const std::string json = RenderJson(pi);
  EXPECT_THAT(json, HasSubstr(R"("shipping": {
    "address": {
      "city": "San Francisco",
      "country": "US",
      "line1": "510 Townsend St",
      "line2": null,
      "postal_code": "94103",
      "state": "CA"
    },
    "carrier": null,
    "name": "Jenny Rosen",
    "phone": null,
    "tracking_number": null
  },)"));
}

TEST_F(ShippingTest, CreateRefusesIncompleteShippingAndCreatesNothing) {
  EXPECT_THAT(engine_.payment_intents().Create(
                  Intent(R"pb(shipping { address { line1: "1 Main St" } })pb")),
              AllOf(StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                         "shipping[name]"),
                    HttpStatusIs(400)));
  EXPECT_THAT(engine_.payment_intents().Create(Intent(R"pb(shipping { name: "Jenny" })pb")),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "shipping[address]"));
  EXPECT_THAT(engine_.payment_intents().Create(
                  Intent(R"pb(shipping { name: "Jenny" address { city: "Paris" } })pb")),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "shipping[address][line1]"));
  EXPECT_THAT(
      engine_.payment_intents().Create(
          Intent(R"pb(shipping { name: "" address { line1: "1 Main St" } })pb")),
      StripeErrorWithParam("invalid_request_error", "parameter_missing", "shipping[name]"));
  // `shipping=` on create: nothing to unset.
  absl::Status empty = engine_.payment_intents().Create(Intent("shipping {}")).status();
  EXPECT_THAT(empty, StripeErrorWithParam("invalid_request_error", "", "shipping"));
  EXPECT_THAT(empty.message(), HasSubstr("cannot be unset"));
  EXPECT_EQ(EventCount(), 0u);
  absl::StatusOr<ListResult<PaymentIntent>> list =
      engine_.payment_intents().List(PaymentIntentListParams());
  ASSERT_THAT(list, IsOk());
  EXPECT_THAT(list->data, IsEmpty());
}

TEST_F(ShippingTest, UpdateReplacesAndEmptyRemoves) {
  const PaymentIntent pi = MustCreate(Intent(kShipping));
  absl::StatusOr<PaymentIntent> updated =
      engine_.payment_intents().Update(pi.id(), ParseParams<PaymentIntentUpdateParams>(R"pb(
        shipping { name: "Ann" address { line1: "1 Rue de Rivoli" country: "FR" } phone: "+33 1"
                   carrier: "La Poste" tracking_number: "LP123" })pb"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->shipping().name(), "Ann");
  EXPECT_EQ(updated->shipping().address().country(), "FR");
  EXPECT_FALSE(updated->shipping().address().has_city());  // replaced, not merged
  EXPECT_EQ(updated->shipping().carrier(), "La Poste");
  EXPECT_EQ(updated->shipping().tracking_number(), "LP123");
  EXPECT_EQ(updated->shipping().phone(), "+33 1");

  updated = engine_.payment_intents().Update(
      pi.id(), ParseParams<PaymentIntentUpdateParams>("shipping {}"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_FALSE(updated->has_shipping());
  EXPECT_THAT(RenderJson(*updated), HasSubstr(R"("shipping": null)"));
}

TEST_F(ShippingTest, RefusedUpdateChangesNothing) {
  const PaymentIntent pi = MustCreate(Intent(kShipping));
  EXPECT_THAT(engine_.payment_intents().Update(
                  pi.id(), ParseParams<PaymentIntentUpdateParams>(
                               R"pb(description: "x" shipping { carrier: "UPS" })pb")),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "shipping[name]"));
  absl::StatusOr<PaymentIntent> after = engine_.payment_intents().Retrieve(pi.id());
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(RenderJson(*after), RenderJson(pi));
}

TEST_F(ShippingTest, ChargeCarriesTheIntentsShipping) {
  const PaymentIntent pi = MustCreate(
      Intent(absl::StrCat(kShipping, R"pb( payment_method: "pm_card_visa" confirm: true)pb")));
  EXPECT_EQ(pi.status(), "succeeded");
  const Charge charge = MustRetrieveCharge(pi.latest_charge());
  EXPECT_EQ(charge.shipping(), pi.shipping());
  EXPECT_EQ(charge.shipping().name(), "Jenny Rosen");
  // The event announcing success shows it too.
  std::vector<Event> succeeded = EventsOfType("payment_intent.succeeded");
  ASSERT_THAT(succeeded, SizeIs(1));
  EXPECT_EQ(succeeded[0].data().object().payment_intent().shipping().name(), "Jenny Rosen");
}

TEST_F(ShippingTest, TrackingNumberAddedAfterThePayment) {
  const PaymentIntent pi = MustCreate(
      Intent(absl::StrCat(kShipping, R"pb( payment_method: "pm_card_visa" confirm: true)pb")));
  absl::StatusOr<PaymentIntent> updated =
      engine_.payment_intents().Update(pi.id(), ParseParams<PaymentIntentUpdateParams>(R"pb(
        shipping { name: "Jenny Rosen" address { line1: "510 Townsend St" }
                   carrier: "USPS" tracking_number: "9400" })pb"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->status(), "succeeded");
  EXPECT_EQ(updated->shipping().tracking_number(), "9400");
}

TEST_F(ShippingTest, ConfirmSetsOrRemovesShipping) {
  const PaymentIntent pi = MustCreate(Intent());
  PaymentIntentConfirmParams confirm = ParseParams<PaymentIntentConfirmParams>(
      absl::StrCat(R"pb(payment_method: "pm_card_visa" )pb", kShipping));
  absl::StatusOr<PaymentIntent> confirmed = engine_.payment_intents().Confirm(pi.id(), confirm);
  ASSERT_THAT(confirmed, IsOk());
  EXPECT_EQ(confirmed->shipping().name(), "Jenny Rosen");
  EXPECT_EQ(MustRetrieveCharge(confirmed->latest_charge()).shipping().address().city(),
            "San Francisco");

  const PaymentIntent second = MustCreate(Intent(kShipping));
  confirmed = engine_.payment_intents().Confirm(
      second.id(),
      ParseParams<PaymentIntentConfirmParams>(R"pb(payment_method: "pm_card_visa" shipping {})pb"));
  ASSERT_THAT(confirmed, IsOk());
  EXPECT_FALSE(confirmed->has_shipping());
  EXPECT_FALSE(MustRetrieveCharge(confirmed->latest_charge()).has_shipping());
}

TEST_F(ShippingTest, RefusedConfirmChangesNothing) {
  const PaymentIntent pi = MustCreate(Intent(kShipping));
  const size_t events = EventCount();
  EXPECT_THAT(engine_.payment_intents().Confirm(
                  pi.id(), ParseParams<PaymentIntentConfirmParams>(
                               R"pb(payment_method: "pm_card_visa" shipping { name: "Ann" })pb")),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "shipping[address]"));
  absl::StatusOr<PaymentIntent> after = engine_.payment_intents().Retrieve(pi.id());
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(RenderJson(*after), RenderJson(pi));
  EXPECT_EQ(EventCount(), events);
}

// ---- charges made directly ----

TEST_F(ShippingTest, ChargeUpdateShowsTheOldShippingInPreviousAttributes) {
  absl::StatusOr<Charge> charge = engine_.charges().Create(ParseParams<ChargeCreateParams>(
      absl::StrCat(R"pb(amount: 999 currency: "usd" source: "tok_visa" )pb", kShipping)));
  ASSERT_THAT(charge, IsOk());
  EXPECT_EQ(charge->shipping().address().state(), "CA");
  absl::StatusOr<Charge> updated = engine_.charges().Update(
      charge->id(), ParseParams<ChargeUpdateParams>(R"pb(
        shipping { name: "Jenny Rosen" address { line1: "510 Townsend St" }
                   tracking_number: "1Z999" })pb"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->shipping().tracking_number(), "1Z999");
  EXPECT_FALSE(updated->shipping().address().has_state());
  std::vector<Event> events = EventsOfType("charge.updated");
  ASSERT_THAT(events, SizeIs(1));
  const std::string& previous = events[0].data().previous_attributes();
  EXPECT_THAT(previous, HasSubstr(R"("shipping":)"));
  EXPECT_THAT(previous, HasSubstr(R"("state":"CA")"));
  EXPECT_THAT(previous, HasSubstr(R"("tracking_number":null)"));
  EXPECT_THAT(previous, Not(HasSubstr("1Z999")));
}

TEST_F(ShippingTest, ChargeShippingCannotBeEmptied) {
  absl::StatusOr<Charge> charge = engine_.charges().Create(ParseParams<ChargeCreateParams>(
      absl::StrCat(R"pb(amount: 999 currency: "usd" source: "tok_visa" )pb", kShipping)));
  ASSERT_THAT(charge, IsOk());
  EXPECT_THAT(
      engine_.charges().Update(charge->id(), ParseParams<ChargeUpdateParams>("shipping {}")),
              StripeErrorWithParam("invalid_request_error", "", "shipping"));
  EXPECT_THAT(engine_.charges().Update(charge->id(), ParseParams<ChargeUpdateParams>(
                                                         R"pb(shipping { name: "Ann" })pb")),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "shipping[address]"));
  EXPECT_EQ(MustRetrieveCharge(charge->id()).shipping(), charge->shipping());
  EXPECT_THAT(EventsOfType("charge.updated"), IsEmpty());
}

// ---- Checkout ----

class CheckoutShippingTest : public ShippingTest {
 protected:
  CheckoutSessionCreateParams Session(const std::string& mode, const std::string& extra) {
    CheckoutSessionCreateParams params = ParseParams<CheckoutSessionCreateParams>(
        absl::StrCat("mode: \"", mode, "\" success_url: \"https://shop.example/ok\" ", extra));
    absl::StatusOr<Price> price = engine_.prices().Create(ParseParams<PriceCreateParams>(
        mode == "subscription"
            ? R"pb(currency: "usd" unit_amount: 1500 recurring { interval: "month" }
                   product_data { name: "Plan" })pb"
            : R"pb(currency: "usd" unit_amount: 2000 product_data { name: "Widget" })pb"));
    EXPECT_THAT(price, IsOk());
    if (mode != "setup") {
      CheckoutLineItemParams* item = params.add_line_items();
      item->set_price(price.ok() ? price->id() : "");
      item->set_quantity(1);
    } else {
      params.set_currency("usd");
    }
    return params;
  }
};

TEST_F(CheckoutShippingTest, PaymentIntentDataShippingBecomesTheIntentsShipping) {
  const std::string data = R"pb(payment_intent_data {
    shipping { name: "Jenny Rosen" address { line1: "510 Townsend St" country: "US" }
               carrier: "USPS" } })pb";
  absl::StatusOr<CheckoutSession> session =
      engine_.checkout_sessions().Create(Session("payment", data));
  ASSERT_THAT(session, IsOk());
  CheckoutPayParams pay;
  pay.set_payment_method("pm_card_visa");
  pay.set_email("jenny@example.com");
  ASSERT_THAT(engine_.checkout_page().Pay(session->id(), pay), IsOk());
  absl::StatusOr<CheckoutSession> done = engine_.checkout_sessions().Retrieve(session->id());
  ASSERT_THAT(done, IsOk());
  absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Retrieve(done->payment_intent());
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->shipping().name(), "Jenny Rosen");
  EXPECT_EQ(pi->shipping().carrier(), "USPS");
  EXPECT_EQ(MustRetrieveCharge(pi->latest_charge()).shipping(), pi->shipping());

  // Before 2022-08-01 the intent exists from the start, with the shipping.
  RequestOptions old;
  old.api_version = "2020-08-27";
  session = engine_.checkout_sessions().Create(Session("payment", data), old);
  ASSERT_THAT(session, IsOk());
  pi = engine_.payment_intents().Retrieve(session->payment_intent());
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->shipping().address().line1(), "510 Townsend St");
}

TEST_F(CheckoutShippingTest, TheCollectedAddressIsConfirmedOntoTheIntent) {
  absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(Session(
      "payment", R"pb(shipping_address_collection { allowed_countries: "US" }
                      payment_intent_data { shipping { name: "Office"
                                                       address { line1: "1 Main St" } } })pb"));
  ASSERT_THAT(session, IsOk());
  CheckoutPayParams pay = ParseParams<CheckoutPayParams>(R"pb(
    payment_method: "pm_card_visa" email: "jenny@example.com"
    shipping { name: "Jenny Rosen" address { line1: "510 Townsend St" city: "San Francisco"
                                             postal_code: "94103" country: "US" } })pb");
  ASSERT_THAT(engine_.checkout_page().Pay(session->id(), pay), IsOk());
  absl::StatusOr<CheckoutSession> done = engine_.checkout_sessions().Retrieve(session->id());
  ASSERT_THAT(done, IsOk());
  EXPECT_EQ(done->status(), "complete");
  absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Retrieve(done->payment_intent());
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->status(), "succeeded");
  EXPECT_EQ(pi->shipping().name(), "Jenny Rosen");
  EXPECT_EQ(pi->shipping().address().postal_code(), "94103");
  EXPECT_FALSE(pi->shipping().address().has_state());
  EXPECT_EQ(MustRetrieveCharge(pi->latest_charge()).shipping(), pi->shipping());
}

TEST_F(CheckoutShippingTest, RefusedOutsidePaymentModeAndWhenIncomplete) {
  EXPECT_THAT(
      engine_.checkout_sessions().Create(Session(
          "setup", R"pb(payment_intent_data { shipping { name: "Jenny" address {
            line1: "1 Main St" } } })pb")),
      StripeErrorWithParam("invalid_request_error", "", "payment_intent_data"));
  EXPECT_THAT(engine_.checkout_sessions().Create(Session(
                  "payment", R"pb(payment_intent_data { shipping { name: "Jenny"
                                  address { city: "Paris" } } })pb")),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "payment_intent_data[shipping][address][line1]"));
  EXPECT_THAT(engine_.checkout_sessions().Create(Session(
                  "payment", R"pb(payment_intent_data { shipping { address {
                                  line1: "1 Main St" } } })pb")),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "payment_intent_data[shipping][name]"));
  absl::StatusOr<ListResult<CheckoutSession>> list =
      engine_.checkout_sessions().List(CheckoutSessionListParams());
  ASSERT_THAT(list, IsOk());
  EXPECT_THAT(list->data, IsEmpty());
}

}  // namespace
}  // namespace paysim
