// Checkout optional items: rendered as given (null when none), kept out of the order until the
// customer adds one on the page, then a line item whose amount the totals, the PaymentIntent
// and a subscription take; its adjustable quantity; the refusals of create and of the page,
// which change nothing.
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

class CheckoutOptionalItemsTest : public testing::CheckoutFixture {
 protected:
  // A payment session selling one 10 USD item and offering `optional` (price, quantity and,
  // when not empty, CheckoutAdjustableQuantityParams text).
  CheckoutSessionCreateParams Params(const Price& optional, int64_t quantity = 1,
                                     const std::string& adjustable = "") {
    CheckoutSessionCreateParams params = SessionParams(main_);
    CheckoutOptionalItemParams* item = params.add_optional_items();
    item->set_price(optional.id());
    item->set_quantity(quantity);
    if (!adjustable.empty()) {
      *item->mutable_adjustable_quantity() =
          ParseParams<CheckoutAdjustableQuantityParams>(adjustable);
    }
    return params;
  }
  CheckoutSession MustCreate(const CheckoutSessionCreateParams& params) {
    absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(params);
    EXPECT_THAT(session, IsOk());
    return session.value_or(CheckoutSession());
  }
  CheckoutSession Retrieve(const std::string& id) {
    return engine_.checkout_sessions().Retrieve(id).value_or(CheckoutSession());
  }
  absl::StatusOr<CheckoutPage> Add(const std::string& session, const std::string& price) {
    CheckoutOptionalItemAddParams params;
    params.set_price(price);
    return engine_.checkout_page().AddOptionalItem(session, params);
  }
  PaymentIntent IntentOf(const std::string& session) {
    return engine_.payment_intents()
        .Retrieve(Retrieve(session).payment_intent())
        .value_or(PaymentIntent());
  }
  void ExpectCreateRefused(const CheckoutSessionCreateParams& params, const std::string& code,
                           const std::string& param) {
    const size_t before = SessionCount();
    absl::StatusOr<CheckoutSession> result = engine_.checkout_sessions().Create(params);
    EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error", code, param));
    EXPECT_THAT(result, HttpStatusIs(400));
    EXPECT_EQ(SessionCount(), before);
  }
  // Adding `price` to `session` is refused naming `param`; the session is unchanged.
  void ExpectAddRefused(const std::string& session, const std::string& price,
                        const std::string& code, const std::string& param) {
    const CheckoutSession before = Retrieve(session);
    const size_t events = engine_.events().size();
    absl::StatusOr<CheckoutPage> page = Add(session, price);
    EXPECT_THAT(page, StripeErrorWithParam("invalid_request_error", code, param));
    EXPECT_THAT(page, HttpStatusIs(400));
    const CheckoutSession after = Retrieve(session);
    EXPECT_EQ(after.line_items_size(), before.line_items_size());
    EXPECT_EQ(after.amount_total(), before.amount_total());
    EXPECT_EQ(engine_.events().size(), events);
  }

  const Price main_ = NewPrice(1000);
  const Price warranty_ = NewPrice(300);
};

TEST_F(CheckoutOptionalItemsTest, RenderedAsGivenAndOutOfTheOrderUntilAdded) {
  const CheckoutSession plain = MustCreate(SessionParams(main_));
  EXPECT_TRUE(ToJson(plain)["optional_items"].is_null());

  const CheckoutSession session =
      MustCreate(Params(warranty_, 2, "enabled: true minimum: 1 maximum: 5"));
  const Json shown = ToJson(session)["optional_items"];
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0]["price"], warranty_.id());
  EXPECT_EQ(shown[0]["quantity"], 2);
  EXPECT_EQ(shown[0]["adjustable_quantity"]["enabled"], true);
  EXPECT_EQ(shown[0]["adjustable_quantity"]["minimum"], 1);
  EXPECT_EQ(shown[0]["adjustable_quantity"]["maximum"], 5);
  EXPECT_EQ(session.line_items_size(), 1);
  EXPECT_EQ(session.amount_total(), 1000);

  // Without adjustable_quantity: null; bounds not given: null.
  const CheckoutSession fixed = MustCreate(Params(warranty_));
  EXPECT_TRUE(ToJson(fixed)["optional_items"][0]["adjustable_quantity"].is_null());
  const CheckoutSession open_bounds = MustCreate(Params(warranty_, 1, "enabled: true"));
  const Json bounds = ToJson(open_bounds)["optional_items"][0]["adjustable_quantity"];
  EXPECT_TRUE(bounds["minimum"].is_null());
  EXPECT_TRUE(bounds["maximum"].is_null());

  // Paid without adding it: the order is the line items alone.
  ASSERT_THAT(Pay(fixed.id(), "pm_card_visa"), IsOk());
  EXPECT_EQ(Retrieve(fixed.id()).amount_total(), 1000);
  EXPECT_EQ(IntentOf(fixed.id()).amount_received(), 1000);
}

TEST_F(CheckoutOptionalItemsTest, TheCustomerAddsAnItemAndPaysForIt) {
  const CheckoutSession session = MustCreate(Params(warranty_, 2, "enabled: true"));
  ASSERT_THAT(Pay(session.id(), "pm_card_chargeDeclined"), IsOk());  // the page shows a decline
  EXPECT_EQ(IntentOf(session.id()).amount(), 1000);
  const size_t events = engine_.events().size();
  ASSERT_THAT(Add(session.id(), warranty_.id()), IsOk());
  const CheckoutSession added = Retrieve(session.id());
  ASSERT_EQ(added.line_items_size(), 2);
  EXPECT_EQ(added.line_items(1).price().id(), warranty_.id());
  EXPECT_EQ(added.line_items(1).quantity(), 2);
  EXPECT_EQ(added.line_items(1).amount_total(), 600);
  EXPECT_EQ(added.amount_subtotal(), 1600);
  EXPECT_EQ(added.amount_total(), 1600);
  EXPECT_EQ(ToJson(added)["optional_items"].size(), 1u);  // stays as given
  EXPECT_EQ(IntentOf(session.id()).amount(), 1600);  // the waiting PaymentIntent follows
  EXPECT_EQ(engine_.events().size(), events);  // no event

  // Its adjustable quantity, as a line item's.
  CheckoutQuantityParams quantity;
  quantity.set_line_item(added.line_items(1).id());
  quantity.set_quantity(0);
  ASSERT_THAT(engine_.checkout_page().AdjustQuantity(session.id(), quantity), IsOk());
  EXPECT_EQ(Retrieve(session.id()).amount_total(), 1000);
  quantity.set_quantity(1);
  ASSERT_THAT(engine_.checkout_page().AdjustQuantity(session.id(), quantity), IsOk());

  // Added once only.
  ExpectAddRefused(session.id(), warranty_.id(), "", "price");
  ASSERT_THAT(Pay(session.id(), "pm_card_visa"), IsOk());
  EXPECT_EQ(Retrieve(session.id()).status(), "complete");
  EXPECT_EQ(IntentOf(session.id()).amount_received(), 1300);
}

TEST_F(CheckoutOptionalItemsTest, ASubscriptionTakesAnAddedRecurringItem) {
  absl::StatusOr<Price> seat = engine_.prices().Create(ParseParams<PriceCreateParams>(
      "currency: \"usd\" unit_amount: 1200 recurring { interval: \"month\" } "
      "product_data { name: \"Seat\" }"));
  absl::StatusOr<Price> support = engine_.prices().Create(ParseParams<PriceCreateParams>(
      "currency: \"usd\" unit_amount: 500 recurring { interval: \"month\" } "
      "product_data { name: \"Priority support\" }"));
  ASSERT_THAT(seat, IsOk());
  ASSERT_THAT(support, IsOk());
  CheckoutSessionCreateParams params = SessionParams(*seat, "subscription");
  CheckoutOptionalItemParams* item = params.add_optional_items();
  item->set_price(support->id());
  item->set_quantity(1);
  CheckoutOptionalItemParams* setup_fee = params.add_optional_items();
  setup_fee->set_price(warranty_.id());  // one-time: on the first invoice only
  setup_fee->set_quantity(1);
  const CheckoutSession session = MustCreate(params);
  ASSERT_THAT(Add(session.id(), support->id()), IsOk());
  ASSERT_THAT(Add(session.id(), warranty_.id()), IsOk());
  EXPECT_EQ(Retrieve(session.id()).amount_total(), 2000);
  ASSERT_THAT(Pay(session.id(), "pm_card_visa"), IsOk());
  absl::StatusOr<Subscription> subscription =
      engine_.subscriptions().Retrieve(Retrieve(session.id()).subscription());
  ASSERT_THAT(subscription, IsOk());
  ASSERT_EQ(subscription->items().data_size(), 2);
  EXPECT_EQ(subscription->items().data(1).price().id(), support->id());
  absl::StatusOr<Invoice> invoice = engine_.invoices().Retrieve(subscription->latest_invoice());
  ASSERT_THAT(invoice, IsOk());
  EXPECT_EQ(invoice->amount_paid(), 2000);
}

TEST_F(CheckoutOptionalItemsTest, CreateRefusesWhatStripeRefuses) {
  CheckoutSessionCreateParams params = Params(warranty_);
  params.mutable_optional_items(0)->clear_price();
  ExpectCreateRefused(params, "parameter_missing", "optional_items[0][price]");
  params = Params(warranty_);
  params.mutable_optional_items(0)->clear_quantity();
  ExpectCreateRefused(params, "parameter_missing", "optional_items[0][quantity]");
  ExpectCreateRefused(Params(warranty_, 0), "parameter_invalid_integer",
                      "optional_items[0][quantity]");
  ExpectCreateRefused(Params(warranty_, 1, "minimum: 1"), "parameter_missing",
                      "optional_items[0][adjustable_quantity][enabled]");
  ExpectCreateRefused(Params(warranty_, 7, "enabled: true maximum: 5"), "",
                      "optional_items[0][quantity]");
  params = Params(warranty_);
  params.mutable_optional_items(0)->set_price("price_missing");
  ExpectCreateRefused(params, "resource_missing", "optional_items[0][price]");
  ExpectCreateRefused(Params(NewPrice(300, "eur")), "", "optional_items[0][price]");
  absl::StatusOr<Price> monthly = engine_.prices().Create(ParseParams<PriceCreateParams>(
      "currency: \"usd\" unit_amount: 500 recurring { interval: \"month\" } "
      "product_data { name: \"Plan\" }"));
  ASSERT_THAT(monthly, IsOk());
  ExpectCreateRefused(Params(*monthly), "", "optional_items[0][price]");  // payment mode
  params = Params(warranty_);
  *params.add_optional_items() = params.optional_items(0);
  ExpectCreateRefused(params, "", "optional_items[1][price]");  // twice
  params = SessionParams(main_);
  for (int i = 0; i <= kCheckoutMaxOptionalItems; ++i) {
    CheckoutOptionalItemParams* item = params.add_optional_items();
    item->set_price(NewPrice(100 + i).id());
    item->set_quantity(1);
  }
  ExpectCreateRefused(params, "", "optional_items");
  params.mutable_optional_items()->RemoveLast();
  EXPECT_THAT(engine_.checkout_sessions().Create(params), IsOk());  // ten: accepted
  RequestOptions acacia;  // before basil: no such parameter
  acacia.api_version = "2025-02-24.acacia";
  EXPECT_THAT(engine_.checkout_sessions().Create(Params(warranty_), acacia),
              StripeErrorWithParam("invalid_request_error", "parameter_unknown",
                                   "optional_items"));
  RequestOptions basil;
  basil.api_version = "2025-03-31.basil";
  EXPECT_THAT(engine_.checkout_sessions().Create(Params(warranty_), basil), IsOk());
  params = Params(warranty_);
  params.set_ui_mode("elements");  // `custom` before 2026-03-25
  params.clear_success_url();
  params.set_return_url("https://example.com/return");
  ExpectCreateRefused(params, "", "optional_items");
}

TEST_F(CheckoutOptionalItemsTest, ThePageRefusesWhatItDoesNotOffer) {
  const CheckoutSession session = MustCreate(Params(warranty_));
  ExpectAddRefused(session.id(), "", "parameter_missing", "price");
  ExpectAddRefused(session.id(), main_.id(), "", "price");  // a line item, not optional
  ExpectAddRefused(session.id(), "price_missing", "", "price");
  EXPECT_THAT(Add("cs_test_missing", warranty_.id()), HttpStatusIs(404));
  ASSERT_THAT(engine_.checkout_sessions().Expire(session.id()), IsOk());
  EXPECT_THAT(Add(session.id(), warranty_.id()), HttpStatusIs(400));
  EXPECT_EQ(Retrieve(session.id()).line_items_size(), 1);
}

TEST_F(CheckoutOptionalItemsTest, PaymentLinksOfferThemOnEverySession) {
  const std::string items = absl::StrCat("line_items { price: \"", main_.id(),
                                         "\" quantity: 1 } optional_items { price: \"",
                                         warranty_.id(), "\" quantity: 1 ");
  absl::StatusOr<PaymentLink> link = engine_.payment_links().Create(
      ParseParams<PaymentLinkCreateParams>(items + "adjustable_quantity { enabled: true } }"));
  ASSERT_THAT(link, IsOk());
  const Json shown = ToJson(*link)["optional_items"];
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0]["price"], warranty_.id());
  EXPECT_EQ(shown[0]["adjustable_quantity"]["enabled"], true);
  EXPECT_TRUE(shown[0]["adjustable_quantity"]["maximum"].is_null());
  absl::StatusOr<PaymentLink> plain = engine_.payment_links().Create(
      ParseParams<PaymentLinkCreateParams>(absl::StrCat("line_items { price: \"", main_.id(),
                                                        "\" quantity: 1 }")));
  ASSERT_THAT(plain, IsOk());
  EXPECT_TRUE(ToJson(*plain)["optional_items"].is_null());

  absl::StatusOr<CheckoutSession> session = engine_.payment_links().Open(link->id());
  ASSERT_THAT(session, IsOk());
  EXPECT_EQ(ToJson(*session)["optional_items"], shown);
  ASSERT_THAT(Add(session->id(), warranty_.id()), IsOk());
  ASSERT_THAT(Pay(session->id(), "pm_card_visa"), IsOk());
  EXPECT_EQ(IntentOf(session->id()).amount_received(), 1300);

  // Checked as Checkout checks them, named as given.
  const Price euros = NewPrice(300, "eur");
  const size_t events = engine_.events().size();
  EXPECT_THAT(engine_.payment_links().Create(ParseParams<PaymentLinkCreateParams>(
                  absl::StrCat("line_items { price: \"", main_.id(),
                               "\" quantity: 1 } optional_items { price: \"", euros.id(),
                               "\" quantity: 1 }"))),
              StripeErrorWithParam("invalid_request_error", "", "optional_items[0][price]"));
  EXPECT_THAT(engine_.payment_links().Create(ParseParams<PaymentLinkCreateParams>(
                  absl::StrCat("line_items { price: \"", main_.id(),
                               "\" quantity: 1 } optional_items { price: \"", warranty_.id(),
                               "\" }"))),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "optional_items[0][quantity]"));
  EXPECT_EQ(engine_.events().size(), events);
}


TEST_F(CheckoutOptionalItemsTest, PaymentLinkUpdateReplacesThem) {
  absl::StatusOr<PaymentLink> link = engine_.payment_links().Create(
      ParseParams<PaymentLinkCreateParams>(absl::StrCat(
          "line_items { price: \"", main_.id(), "\" quantity: 1 } optional_items { price: \"",
          warranty_.id(), "\" quantity: 1 }")));
  ASSERT_THAT(link, IsOk());
  const Price case_ = NewPrice(500);
  const size_t events = engine_.events().size();
  absl::StatusOr<PaymentLink> updated = engine_.payment_links().Update(
      link->id(), ParseParams<PaymentLinkUpdateParams>(absl::StrCat(
                      "optional_items { price: \"", case_.id(),
                      "\" quantity: 2 adjustable_quantity { enabled: true maximum: 3 } }")));
  ASSERT_THAT(updated, IsOk());
  const Json shown = ToJson(*updated)["optional_items"];
  ASSERT_EQ(shown.size(), 1u);  // the whole list again: the warranty is gone
  EXPECT_EQ(shown[0]["price"], case_.id());
  EXPECT_EQ(shown[0]["quantity"], 2);
  EXPECT_EQ(shown[0]["adjustable_quantity"]["maximum"], 3);
  EXPECT_EQ(engine_.events().size(), events + 1);  // payment_link.updated
  absl::StatusOr<CheckoutSession> session = engine_.payment_links().Open(link->id());
  ASSERT_THAT(session, IsOk());
  EXPECT_EQ(ToJson(*session)["optional_items"], shown);
  ExpectAddRefused(session->id(), warranty_.id(), "", "price");
  ASSERT_THAT(Add(session->id(), case_.id()), IsOk());
  ASSERT_THAT(Pay(session->id(), "pm_card_visa"), IsOk());
  EXPECT_EQ(IntentOf(session->id()).amount_received(), 2000);

  // Refused as Checkout refuses them, changing nothing; `optional_items=` removes them.
  const Price euros = NewPrice(300, "eur");
  const size_t before = engine_.events().size();
  EXPECT_THAT(engine_.payment_links().Update(
                  link->id(), ParseParams<PaymentLinkUpdateParams>(absl::StrCat(
                                  "optional_items { price: \"", euros.id(), "\" quantity: 1 }"))),
              StripeErrorWithParam("invalid_request_error", "", "optional_items[0][price]"));
  EXPECT_THAT(engine_.payment_links().Update(
                  link->id(), ParseParams<PaymentLinkUpdateParams>(absl::StrCat(
                                  "optional_items { price: \"", case_.id(), "\" }"))),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "optional_items[0][quantity]"));
  RequestOptions acacia;
  acacia.api_version = "2025-02-24.acacia";
  EXPECT_THAT(engine_.payment_links().Update(
                  link->id(), ParseParams<PaymentLinkUpdateParams>("optional_items_emptied: true"),
                  acacia),
              StripeErrorWithParam("invalid_request_error", "parameter_unknown",
                                   "optional_items"));
  EXPECT_EQ(engine_.events().size(), before);
  EXPECT_EQ(ToJson(*engine_.payment_links().Retrieve(link->id()))["optional_items"], shown);
  absl::StatusOr<PaymentLink> emptied = engine_.payment_links().Update(
      link->id(), ParseParams<PaymentLinkUpdateParams>("optional_items_emptied: true"));
  ASSERT_THAT(emptied, IsOk());
  EXPECT_TRUE(ToJson(*emptied)["optional_items"].is_null());
}

}  // namespace
}  // namespace paysim
