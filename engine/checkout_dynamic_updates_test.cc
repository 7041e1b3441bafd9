// Checkout dynamic updates: `permissions[update_shipping_details]` on create (embedded and
// custom sessions), the merchant's update of `shipping_options` (replaced, the first chosen,
// the totals and a waiting PaymentIntent following; `shipping_options=` removes them) and of
// `collected_information[shipping_details]` (rendered at once, paid with; with server_only the
// page cannot send its own); the refusals, which change nothing.
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/json_render.h"
#include "testing/checkout_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;

constexpr char kAddress[] =
    R"pb(name: "Jenny Rosen"
         address { line1: "1 Main St" city: "Springfield" postal_code: "12345" country: "US" })pb";

class CheckoutDynamicUpdatesTest : public testing::CheckoutFixture {
 protected:
  // A payment session selling one 20 USD item with `ui` ("hosted_page", "embedded_page",
  // "elements"), shipping to the US and Canada, offering ground_ then express_.
  CheckoutSessionCreateParams Params(const std::string& ui = "embedded_page",
                                     const std::string& permission = "") {
    CheckoutSessionCreateParams params = SessionParams(item_);
    params.set_ui_mode(ui);
    if (ui != "hosted_page") {
      params.clear_success_url();
      params.set_return_url("https://example.com/return");
    }
    params.mutable_shipping_address_collection()->add_allowed_countries("US");
    params.mutable_shipping_address_collection()->add_allowed_countries("CA");
    params.add_shipping_options()->set_shipping_rate(ground_.id());
    params.add_shipping_options()->set_shipping_rate(express_.id());
    if (!permission.empty()) {
      params.mutable_permissions()->set_update_shipping_details(permission);
    }
    return params;
  }
  CheckoutSession MustCreate(const CheckoutSessionCreateParams& params,
                             const RequestOptions& options = {}) {
    absl::StatusOr<CheckoutSession> session =
        engine_.checkout_sessions().Create(params, options);
    EXPECT_THAT(session, IsOk());
    return session.value_or(CheckoutSession());
  }
  CheckoutSession Retrieve(const std::string& id) {
    return engine_.checkout_sessions().Retrieve(id).value_or(CheckoutSession());
  }
  absl::StatusOr<CheckoutSession> Update(const std::string& id, const std::string& params) {
    return engine_.checkout_sessions().Update(id,
                                              ParseParams<CheckoutSessionUpdateParams>(params));
  }
  // Updating `id` with `params` is refused naming `param` (HTTP 400); nothing changes.
  void ExpectUpdateRefused(const std::string& id, const std::string& params,
                           const std::string& code, const std::string& param) {
    const std::string before = RenderJson(Retrieve(id));
    const size_t rates = RateCount();
    const size_t events = engine_.events().size();
    absl::StatusOr<CheckoutSession> result = Update(id, params);
    EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error", code, param));
    EXPECT_THAT(result, HttpStatusIs(400));
    EXPECT_EQ(RenderJson(Retrieve(id)), before);
    EXPECT_EQ(RateCount(), rates);
    EXPECT_EQ(engine_.events().size(), events);
  }
  void ExpectCreateRefused(const CheckoutSessionCreateParams& params, const std::string& param) {
    const size_t before = SessionCount();
    absl::StatusOr<CheckoutSession> result = engine_.checkout_sessions().Create(params);
    EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error", "", param));
    EXPECT_THAT(result, HttpStatusIs(400));
    EXPECT_EQ(SessionCount(), before);
  }
  size_t RateCount() {
    return engine_.shipping_rates()
        .List(ParseParams<ShippingRateListParams>("limit: 100"))
        .value_or(ListResult<ShippingRate>())
        .data.size();
  }
  PaymentIntent IntentOf(const std::string& session) {
    return engine_.payment_intents()
        .Retrieve(Retrieve(session).payment_intent())
        .value_or(PaymentIntent());
  }

  const Price item_ = NewPrice(2000);
  const ShippingRate ground_ = NewShippingRate(500);
  const ShippingRate express_ = NewShippingRate(1500);
};

TEST_F(CheckoutDynamicUpdatesTest, PermissionsRenderedAsGivenOnEmbeddedAndCustomSessions) {
  EXPECT_TRUE(ToJson(MustCreate(Params()))["permissions"].is_null());
  const CheckoutSession server = MustCreate(Params("embedded_page", "server_only"));
  EXPECT_EQ(ToJson(server)["permissions"]["update_shipping_details"], "server_only");
  const CheckoutSession client = MustCreate(Params("elements", "client_only"));
  EXPECT_EQ(ToJson(client)["permissions"]["update_shipping_details"], "client_only");
}

TEST_F(CheckoutDynamicUpdatesTest, PermissionsRefusedOnHostedSessionsAndUnknownValues) {
  ExpectCreateRefused(Params("hosted_page", "server_only"), "permissions");
  ExpectCreateRefused(Params("embedded_page", "anyone"), "permissions[update_shipping_details]");
}

TEST_F(CheckoutDynamicUpdatesTest, ShippingOptionsReplacedTheFirstChosen) {
  const CheckoutSession session = MustCreate(Params("hosted_page"));
  ASSERT_EQ(session.amount_total(), 2500);
  const size_t rates = RateCount();
  absl::StatusOr<CheckoutSession> updated = Update(session.id(), absl::StrCat(R"pb(
    shipping_options { shipping_rate_data { display_name: "Courier"
                                            fixed_amount { amount: 900 currency: "usd" } } }
    shipping_options { shipping_rate: ")pb", ground_.id(), R"pb(" })pb"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(RateCount(), rates + 1);  // the courier's rate is made
  ASSERT_EQ(updated->shipping_options_size(), 2);
  const std::string courier = updated->shipping_options(0).shipping_rate();
  EXPECT_NE(courier, ground_.id());
  EXPECT_EQ(updated->shipping_options(0).shipping_amount(), 900);
  EXPECT_EQ(updated->shipping_options(1).shipping_rate(), ground_.id());
  EXPECT_EQ(updated->shipping_cost().shipping_rate(), courier);
  EXPECT_EQ(updated->shipping_cost().amount_total(), 900);
  EXPECT_EQ(updated->total_details().amount_shipping(), 900);
  EXPECT_EQ(updated->amount_subtotal(), 2000);
  EXPECT_EQ(updated->amount_total(), 2900);
  EXPECT_EQ(RenderJson(Retrieve(session.id())), RenderJson(*updated));

  // The customer pays the new total.
  ASSERT_THAT(Pay(session.id(), "pm_card_visa", absl::StrCat("shipping { ", kAddress, " }")),
              IsOk());
  EXPECT_EQ(Retrieve(session.id()).status(), "complete");
  EXPECT_EQ(IntentOf(session.id()).amount(), 2900);
}

TEST_F(CheckoutDynamicUpdatesTest, EmptiedShippingOptionsLeaveNoShippingCost) {
  const CheckoutSession session = MustCreate(Params("hosted_page"));
  absl::StatusOr<CheckoutSession> updated = Update(session.id(), "shipping_options_emptied: true");
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->shipping_options_size(), 0);
  EXPECT_TRUE(ToJson(*updated)["shipping_cost"].is_null());
  EXPECT_EQ(updated->total_details().amount_shipping(), 0);
  EXPECT_EQ(updated->amount_total(), 2000);
}

TEST_F(CheckoutDynamicUpdatesTest, AWaitingPaymentIntentAsksForTheNewTotal) {
  RequestOptions before_deferred;  // the session's PaymentIntent is made with it
  before_deferred.api_version = "2022-07-01";
  CheckoutSessionCreateParams params = Params("hosted_page");
  params.clear_ui_mode();  // "hosted_page" is a later version's name
  const CheckoutSession session = MustCreate(params, before_deferred);
  ASSERT_EQ(IntentOf(session.id()).amount(), 2500);
  ASSERT_THAT(Update(session.id(),
                     absl::StrCat("shipping_options { shipping_rate: \"", express_.id(), "\" }")),
              IsOk());
  EXPECT_EQ(IntentOf(session.id()).amount(), 3500);
}

TEST_F(CheckoutDynamicUpdatesTest, ShippingOptionsRefusedAsOnCreateChangingNothing) {
  const CheckoutSession session = MustCreate(Params("hosted_page"));
  std::string six;
  for (int i = 0; i < 6; ++i) {
    absl::StrAppend(&six, "shipping_options { shipping_rate: \"", ground_.id(), "\" } ");
  }
  ExpectUpdateRefused(session.id(), six, "", "shipping_options");
  ExpectUpdateRefused(session.id(), "shipping_options { shipping_rate: \"shr_missing\" }",
                      "resource_missing", "shipping_options[0][shipping_rate]");
  ExpectUpdateRefused(session.id(), "shipping_options { }", "", "shipping_options[0]");
  const ShippingRate euros = NewShippingRate(700, "eur");
  ExpectUpdateRefused(session.id(),
                      absl::StrCat("shipping_options { shipping_rate: \"", euros.id(), "\" }"),
                      "", "shipping_options[0][shipping_rate]");
  // A total over the largest charge (999,999.99 USD).
  ExpectUpdateRefused(session.id(), R"pb(
    shipping_options { shipping_rate_data {
      display_name: "Freight" fixed_amount { amount: 99999000 currency: "usd" } } })pb",
                      "amount_too_large", "shipping_options");
  // A session in another mode takes no shipping options.
  const CheckoutSession setup = MustCreate([&] {
    CheckoutSessionCreateParams p;
    p.set_mode("setup");
    p.set_currency("usd");
    p.set_success_url("https://example.com/success");
    return p;
  }());
  ExpectUpdateRefused(setup.id(),
                      absl::StrCat("shipping_options { shipping_rate: \"", ground_.id(), "\" }"),
                      "", "shipping_options");
}

TEST_F(CheckoutDynamicUpdatesTest, OnlyAnOpenSessionChangesItsShipping) {
  const CheckoutSession expired = MustCreate(Params("hosted_page"));
  ASSERT_THAT(engine_.checkout_sessions().Expire(expired.id()), IsOk());
  ExpectUpdateRefused(expired.id(),
                      absl::StrCat("shipping_options { shipping_rate: \"", ground_.id(), "\" }"),
                      "", "");
  const CheckoutSession paid = MustCreate(Params());
  ASSERT_THAT(Pay(paid.id(), "pm_card_visa", absl::StrCat("shipping { ", kAddress, " }")), IsOk());
  ExpectUpdateRefused(paid.id(), absl::StrCat("collected_information { shipping_details { ",
                                              kAddress, " } }"),
                      "", "");
  // Metadata still changes on either (checkout_sessions.h).
  EXPECT_THAT(Update(paid.id(), R"pb(metadata { key: "order" value: "42" })pb"), IsOk());
}

TEST_F(CheckoutDynamicUpdatesTest, CollectedShippingDetailsRenderedAtOnceAndPaidWith) {
  const CheckoutSession session = MustCreate(Params());
  EXPECT_TRUE(ToJson(session)["collected_information"].is_null());
  absl::StatusOr<CheckoutSession> updated = Update(
      session.id(), absl::StrCat("collected_information { shipping_details { ", kAddress, " } }"));
  ASSERT_THAT(updated, IsOk());
  const Json shown = ToJson(*updated)["collected_information"]["shipping_details"];
  EXPECT_EQ(shown["name"], "Jenny Rosen");
  EXPECT_EQ(shown["address"]["line1"], "1 Main St");
  EXPECT_EQ(shown["address"]["country"], "US");
  EXPECT_TRUE(shown["address"]["line2"].is_null());
  EXPECT_EQ(updated->status(), "open");

  // The customer enters no address: the collected one ships.
  ASSERT_THAT(Pay(session.id(), "pm_card_visa"), IsOk());
  const CheckoutSession complete = Retrieve(session.id());
  EXPECT_EQ(complete.status(), "complete");
  EXPECT_EQ(ToJson(complete)["collected_information"]["shipping_details"], shown);
  EXPECT_EQ(IntentOf(session.id()).shipping().address().line1(), "1 Main St");
  EXPECT_EQ(IntentOf(session.id()).shipping().name(), "Jenny Rosen");
}

TEST_F(CheckoutDynamicUpdatesTest, ClientOnlyPageMayEnterAnotherAddress) {
  const CheckoutSession session = MustCreate(Params("elements", "client_only"));
  ASSERT_THAT(Update(session.id(), absl::StrCat("collected_information { shipping_details { ",
                                                kAddress, " } }")),
              IsOk());
  ASSERT_THAT(Pay(session.id(), "pm_card_visa",
                  R"pb(shipping { name: "Jo" address { line1: "9 Elm" country: "CA" } })pb"),
              IsOk());
  const CheckoutSession complete = Retrieve(session.id());
  EXPECT_EQ(complete.collected_information().shipping_details().address().line1(), "9 Elm");
  EXPECT_EQ(complete.collected_information().shipping_details().name(), "Jo");
}

TEST_F(CheckoutDynamicUpdatesTest, ServerOnlySessionsPayWithTheServersAddressOnly) {
  const CheckoutSession session = MustCreate(Params("embedded_page", "server_only"));
  // Not yet set by the server: the page cannot pay, nor send an address of its own.
  EXPECT_THAT(Pay(session.id(), "pm_card_visa"),
              StripeErrorWithParam("invalid_request_error", "", "shipping"));
  EXPECT_THAT(Pay(session.id(), "pm_card_visa", absl::StrCat("shipping { ", kAddress, " }")),
              StripeErrorWithParam("invalid_request_error", "", "shipping"));
  EXPECT_EQ(Retrieve(session.id()).status(), "open");

  // The server answers the address change with the address and a cheaper option for it.
  ASSERT_THAT(Update(session.id(), absl::StrCat(R"pb(
    collected_information { shipping_details { )pb", kAddress, R"pb( } }
    shipping_options { shipping_rate: ")pb", express_.id(), R"pb(" })pb")),
              IsOk());
  EXPECT_THAT(Pay(session.id(), "pm_card_visa", absl::StrCat("shipping { ", kAddress, " }")),
              StripeErrorWithParam("invalid_request_error", "", "shipping"));
  ASSERT_THAT(Pay(session.id(), "pm_card_visa"), IsOk());
  const CheckoutSession complete = Retrieve(session.id());
  EXPECT_EQ(complete.status(), "complete");
  EXPECT_EQ(complete.amount_total(), 3500);
  EXPECT_EQ(IntentOf(session.id()).amount(), 3500);
  EXPECT_EQ(IntentOf(session.id()).shipping().address().postal_code(), "12345");
}

TEST_F(CheckoutDynamicUpdatesTest, CollectedInformationRefusedChangingNothing) {
  const CheckoutSession hosted = MustCreate(Params("hosted_page"));
  ExpectUpdateRefused(hosted.id(),
                      absl::StrCat("collected_information { shipping_details { ", kAddress,
                                   " } }"),
                      "", "collected_information");
  const CheckoutSession session = MustCreate(Params());
  const std::string prefix = "collected_information { shipping_details { ";
  ExpectUpdateRefused(session.id(),
                      prefix + R"pb(address { line1: "1 Main" country: "US" } } })pb",
                      "parameter_missing", "collected_information[shipping_details][name]");
  ExpectUpdateRefused(session.id(), prefix + R"pb(name: "J" } })pb", "parameter_missing",
                      "collected_information[shipping_details][address]");
  ExpectUpdateRefused(session.id(), prefix + R"pb(name: "J" address { country: "US" } } })pb",
                      "parameter_missing",
                      "collected_information[shipping_details][address][line1]");
  ExpectUpdateRefused(session.id(), prefix + R"pb(name: "J" address { line1: "1" } } })pb",
                      "parameter_missing",
                      "collected_information[shipping_details][address][country]");
  ExpectUpdateRefused(session.id(),
                      prefix + R"pb(name: "J" address { line1: "1" country: "FR" } } })pb", "",
                      "collected_information[shipping_details][address][country]");
  // A session that collects no shipping address.
  CheckoutSessionCreateParams plain = Params();
  plain.clear_shipping_address_collection();
  const CheckoutSession no_shipping = MustCreate(plain);
  ExpectUpdateRefused(no_shipping.id(), absl::StrCat(prefix, kAddress, " } }"), "",
                      "collected_information[shipping_details]");
  // A refused part refuses the whole update: the valid shipping options stay unchanged.
  ExpectUpdateRefused(session.id(),
                      absl::StrCat("shipping_options { shipping_rate: \"", express_.id(),
                                   "\" } ", prefix, R"pb(name: "J" } })pb"),
                      "parameter_missing", "collected_information[shipping_details][address]");
}

// ---- line_items (2025-12-15.clover on, custom-ui sessions) ----

class CheckoutLineItemUpdatesTest : public CheckoutDynamicUpdatesTest {
 protected:
  // An elements session selling item_ (20 USD) x1 and mug_ (7 USD) x2, shipping ground_ (5 USD).
  CheckoutSession TwoLineSession() {
    CheckoutSessionCreateParams params = Params("elements");
    CheckoutLineItemParams* mugs = params.add_line_items();
    mugs->set_price(mug_.id());
    mugs->set_quantity(2);
    return MustCreate(params);
  }
  static std::string Line(const std::string& fields) {
    return absl::StrCat("line_items { ", fields, " } ");
  }

  const Price mug_ = NewPrice(700);
  const Price lamp_ = NewPrice(1200);
};

TEST_F(CheckoutLineItemUpdatesTest, KeptByIdNewAsOnCreateTheRestRemoved) {
  const CheckoutSession session = TwoLineSession();
  ASSERT_EQ(session.amount_total(), 3900);
  const std::string first = session.line_items(0).id();
  const std::string mugs = session.line_items(1).id();
  absl::StatusOr<CheckoutSession> updated =
      Update(session.id(), Line(absl::StrCat("id: \"", mugs, "\" quantity: 3")) +
                               Line(absl::StrCat("price: \"", lamp_.id(), "\" quantity: 1")));
  ASSERT_THAT(updated, IsOk());
  ASSERT_EQ(updated->line_items_size(), 2);
  EXPECT_EQ(updated->line_items(0).id(), mugs);  // kept, in the order given
  EXPECT_EQ(updated->line_items(0).price().id(), mug_.id());
  EXPECT_EQ(updated->line_items(0).quantity(), 3);
  EXPECT_EQ(updated->line_items(0).amount_total(), 2100);
  EXPECT_NE(updated->line_items(1).id(), first);  // a new line
  EXPECT_EQ(updated->line_items(1).id().rfind("li_", 0), 0u);
  EXPECT_EQ(updated->line_items(1).price().id(), lamp_.id());
  EXPECT_EQ(updated->amount_subtotal(), 3300);
  EXPECT_EQ(updated->amount_total(), 3800);  // shipping stays
  EXPECT_EQ(RenderJson(Retrieve(session.id())), RenderJson(*updated));

  ASSERT_THAT(Pay(session.id(), "pm_card_visa", absl::StrCat("shipping { ", kAddress, " }")),
              IsOk());
  EXPECT_EQ(IntentOf(session.id()).amount(), 3800);
}

TEST_F(CheckoutLineItemUpdatesTest, AKeptLineTakesANewPriceOrKeepsItsAdHocOne) {
  CheckoutSessionCreateParams params = Params("elements");
  params.clear_line_items();
  CheckoutLineItemParams* custom = params.add_line_items();
  *custom->mutable_price_data() = ParseParams<CheckoutPriceDataParams>(
      absl::StrCat("currency: \"usd\" unit_amount: 450 product: \"", item_.product(), "\""));
  custom->set_quantity(1);
  const CheckoutSession session = MustCreate(params);
  const LineItem line = session.line_items(0);
  absl::StatusOr<CheckoutSession> kept =
      Update(session.id(), Line(absl::StrCat("id: \"", line.id(), "\" quantity: 4")));
  ASSERT_THAT(kept, IsOk());
  EXPECT_EQ(kept->line_items(0).price().id(), line.price().id());  // the ad hoc price kept
  EXPECT_EQ(kept->amount_subtotal(), 1800);
  absl::StatusOr<CheckoutSession> repriced = Update(
      session.id(), Line(absl::StrCat("id: \"", line.id(), "\" price: \"", lamp_.id(), "\"")));
  ASSERT_THAT(repriced, IsOk());
  EXPECT_EQ(repriced->line_items(0).id(), line.id());
  EXPECT_EQ(repriced->line_items(0).price().id(), lamp_.id());
  EXPECT_EQ(repriced->line_items(0).quantity(), 4);  // the quantity it had
  EXPECT_EQ(repriced->amount_subtotal(), 4800);

  // A new line's price_data may name a product to make (product_data), as on create.
  absl::StatusOr<CheckoutSession> wrapped = Update(
      session.id(), Line(absl::StrCat("id: \"", line.id(), "\"")) + Line(R"pb(
        price_data { currency: "usd" unit_amount: 300 product_data { name: "Gift wrap" } }
        quantity: 1)pb"));
  ASSERT_THAT(wrapped, IsOk());
  ASSERT_EQ(wrapped->line_items_size(), 2);
  EXPECT_EQ(wrapped->line_items(1).description(), "Gift wrap");
  EXPECT_EQ(wrapped->amount_subtotal(), 5100);
}

TEST_F(CheckoutLineItemUpdatesTest, RefusedAsOnCreateChangingNothing) {
  const CheckoutSession session = TwoLineSession();
  const std::string first = session.line_items(0).id();
  ExpectUpdateRefused(session.id(), Line("id: \"li_missing\""), "resource_missing",
                      "line_items[0][id]");
  ExpectUpdateRefused(session.id(),
                      Line(absl::StrCat("id: \"", first, "\"")) +
                          Line(absl::StrCat("id: \"", first, "\" quantity: 2")),
                      "", "line_items[1][id]");
  ExpectUpdateRefused(session.id(),
                      Line(absl::StrCat("id: \"", first, "\"")) +
                          Line(absl::StrCat("price: \"", lamp_.id(), "\"")),
                      "", "line_items[1]");  // a new line needs its quantity
  ExpectUpdateRefused(session.id(), Line(absl::StrCat("id: \"", first, "\" quantity: 0")),
                      "parameter_invalid_integer", "line_items[0][quantity]");
  const Price monthly = NewPrice(900, "usd", "recurring { interval: \"month\" }");
  ExpectUpdateRefused(session.id(), Line(absl::StrCat("price: \"", monthly.id(), "\" quantity: 1")),
                      "", "line_items[0]");  // a recurring price in payment mode
  const Price euros = NewPrice(900, "eur");
  ExpectUpdateRefused(session.id(), Line(absl::StrCat("price: \"", euros.id(), "\" quantity: 1")),
                      "", "line_items[0]");
  ExpectUpdateRefused(session.id(), Line(absl::StrCat("price: \"", lamp_.id(), "\" quantity: 1")) +
                                        "collected_information { shipping_details { } }",
                      "parameter_missing", "collected_information[shipping_details][name]");

  // Lines and shipping that pass alone but together go over the largest charge (999,999.99).
  const Price dear = NewPrice(99999000);
  ExpectUpdateRefused(session.id(),
                      Line(absl::StrCat("price: \"", dear.id(), "\" quantity: 1")) +
                          absl::StrCat("shipping_options { shipping_rate: \"", express_.id(),
                                       "\" }"),
                      "amount_too_large", "shipping_options");
  ASSERT_THAT(Update(session.id(), Line(absl::StrCat("price: \"", dear.id(), "\" quantity: 1"))),
              IsOk());  // with ground shipping: 999,995.00

  // Other ui modes, and versions before 2025-12-15.clover, take no line items.
  const CheckoutSession embedded = MustCreate(Params("embedded_page"));
  ExpectUpdateRefused(embedded.id(),
                      Line(absl::StrCat("id: \"", embedded.line_items(0).id(), "\"")), "",
                      "line_items");
  RequestOptions before;
  before.api_version = "2025-11-17.clover";
  CheckoutSessionCreateParams custom = Params("elements");
  custom.set_ui_mode("custom");
  const CheckoutSession older = MustCreate(custom, before);
  EXPECT_THAT(engine_.checkout_sessions().Update(
                  older.id(),
                  ParseParams<CheckoutSessionUpdateParams>(
                      Line(absl::StrCat("id: \"", older.line_items(0).id(), "\" quantity: 2"))),
                  before),
              StripeErrorWithParam("invalid_request_error", "parameter_unknown", "line_items"));
  EXPECT_EQ(Retrieve(older.id()).line_items(0).quantity(), 1);
  // Nor an expired session.
  ASSERT_THAT(engine_.checkout_sessions().Expire(session.id()), IsOk());
  ExpectUpdateRefused(session.id(), Line(absl::StrCat("id: \"", first, "\" quantity: 2")), "",
                      "");
}

}  // namespace
}  // namespace paysim
