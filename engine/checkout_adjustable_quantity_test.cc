// Checkout line items with adjustable quantities: the customer changes a quantity on the page
// (within the line's minimum and maximum, Stripe's defaults 0 and 99), every amount follows,
// and the payment, a waiting PaymentIntent and a subscription take the new quantity; the
// refusals of create and of the page change nothing. Payment Links pass the setting on.
#include <string>

#include "absl/strings/str_cat.h"
#include "testing/checkout_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;

class CheckoutAdjustableQuantityTest : public testing::CheckoutFixture {
 protected:
  // A payment session selling `quantity` of a 10 USD price, adjustable as `adjustable` says
  // (CheckoutAdjustableQuantityParams text; empty: not adjustable).
  CheckoutSessionCreateParams Params(int64_t quantity, const std::string& adjustable) {
    CheckoutSessionCreateParams params = SessionParams(NewPrice(1000));
    params.mutable_line_items(0)->set_quantity(quantity);
    if (!adjustable.empty()) {
      *params.mutable_line_items(0)->mutable_adjustable_quantity() =
          ParseParams<CheckoutAdjustableQuantityParams>(adjustable);
    }
    return params;
  }
  CheckoutSession MustCreate(const CheckoutSessionCreateParams& params) {
    absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(params);
    EXPECT_THAT(session, IsOk());
    return session.value_or(CheckoutSession());
  }
  absl::StatusOr<CheckoutPage> Adjust(const CheckoutSession& session, int64_t quantity,
                                      int line = 0) {
    CheckoutQuantityParams params;
    params.set_line_item(session.line_items(line).id());
    params.set_quantity(quantity);
    return engine_.checkout_page().AdjustQuantity(session.id(), params);
  }
  CheckoutSession Retrieve(const std::string& id) {
    return engine_.checkout_sessions().Retrieve(id).value_or(CheckoutSession());
  }
  PaymentIntent IntentOf(const std::string& session) {
    return engine_.payment_intents()
        .Retrieve(Retrieve(session).payment_intent())
        .value_or(PaymentIntent());
  }
  void ExpectCreateRefused(const CheckoutSessionCreateParams& params, const std::string& code,
                           const std::string& param) {
    const size_t before = SessionCount();
    EXPECT_THAT(engine_.checkout_sessions().Create(params),
                StripeErrorWithParam("invalid_request_error", code, param));
    EXPECT_EQ(SessionCount(), before);
  }
};

TEST_F(CheckoutAdjustableQuantityTest, TheCustomerPaysForTheQuantityChosenOnThePage) {
  const CheckoutSession session =
      MustCreate(Params(2, "enabled: true minimum: 1 maximum: 5"));
  EXPECT_EQ(session.amount_total(), 2000);
  ASSERT_THAT(Adjust(session, 4), IsOk());
  const CheckoutSession adjusted = Retrieve(session.id());
  EXPECT_EQ(adjusted.line_items(0).quantity(), 4);
  EXPECT_EQ(adjusted.line_items(0).amount_subtotal(), 4000);
  EXPECT_EQ(adjusted.amount_subtotal(), 4000);
  EXPECT_EQ(adjusted.amount_total(), 4000);
  ASSERT_THAT(Pay(session.id(), "pm_card_visa"), IsOk());
  EXPECT_EQ(IntentOf(session.id()).amount(), 4000);
  EXPECT_EQ(IntentOf(session.id()).status(), "succeeded");
  absl::StatusOr<ListResult<LineItem>> lines =
      engine_.checkout_sessions().ListLineItems(session.id(), {});
  ASSERT_THAT(lines, IsOk());
  EXPECT_EQ(lines->data[0].quantity(), 4);
}

TEST_F(CheckoutAdjustableQuantityTest, TheBoundsHoldOneEitherSide) {
  const CheckoutSession session =
      MustCreate(Params(2, "enabled: true minimum: 1 maximum: 5"));
  EXPECT_THAT(Adjust(session, 6),
              StripeErrorWithParam("invalid_request_error", "parameter_invalid_integer",
                                   "quantity"));
  EXPECT_THAT(Adjust(session, 5), IsOk());
  EXPECT_THAT(Adjust(session, 0),
              StripeErrorWithParam("invalid_request_error", "parameter_invalid_integer",
                                   "quantity"));
  EXPECT_THAT(Adjust(session, 1), IsOk());
  EXPECT_EQ(Retrieve(session.id()).amount_total(), 1000);
}

TEST_F(CheckoutAdjustableQuantityTest, StripesDefaultsAreZeroAndNinetyNine) {
  const CheckoutSession session = MustCreate(Params(1, "enabled: true"));
  EXPECT_THAT(Adjust(session, 100),
              StripeErrorWithParam("invalid_request_error", "parameter_invalid_integer",
                                   "quantity"));
  EXPECT_THAT(Adjust(session, 99), IsOk());
  // The only item in the cart cannot go down to 0, though the minimum is 0.
  EXPECT_THAT(Adjust(session, 0), StripeErrorWithParam("invalid_request_error", "", "quantity"));
  EXPECT_EQ(Retrieve(session.id()).amount_total(), 99000);
}

TEST_F(CheckoutAdjustableQuantityTest, OneOfTwoItemsMayGoToZero) {
  CheckoutSessionCreateParams params = Params(1, "enabled: true");
  CheckoutLineItemParams* fixed = params.add_line_items();
  fixed->set_price(NewPrice(700).id());
  fixed->set_quantity(1);
  const CheckoutSession session = MustCreate(params);
  EXPECT_EQ(session.amount_total(), 1700);
  ASSERT_THAT(Adjust(session, 0), IsOk());
  EXPECT_EQ(Retrieve(session.id()).amount_total(), 700);
  // The other line's quantity is fixed.
  EXPECT_THAT(Adjust(session, 2, /*line=*/1),
              StripeErrorWithParam("invalid_request_error", "", "line_item"));
}

TEST_F(CheckoutAdjustableQuantityTest, ThePageRefusesWhatItCannotDo) {
  const CheckoutSession session = MustCreate(Params(1, "enabled: true"));
  CheckoutQuantityParams params;
  params.set_quantity(2);
  EXPECT_THAT(engine_.checkout_page().AdjustQuantity(session.id(), params),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "line_item"));
  params.set_line_item("li_missing");
  EXPECT_THAT(engine_.checkout_page().AdjustQuantity(session.id(), params),
              StripeErrorWithParam("invalid_request_error", "", "line_item"));
  params.set_line_item(session.line_items(0).id());
  params.clear_quantity();
  EXPECT_THAT(engine_.checkout_page().AdjustQuantity(session.id(), params),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "quantity"));
  const CheckoutSession fixed = MustCreate(Params(1, ""));
  EXPECT_THAT(Adjust(fixed, 2), StripeErrorWithParam("invalid_request_error", "", "line_item"));
  // Once paid, nothing changes.
  ASSERT_THAT(Pay(session.id(), "pm_card_visa"), IsOk());
  EXPECT_THAT(Adjust(session, 2), testing::HttpStatusIs(400));
  EXPECT_EQ(Retrieve(session.id()).amount_total(), 1000);
}

TEST_F(CheckoutAdjustableQuantityTest, AWaitingPaymentIntentAsksForTheNewTotal) {
  const CheckoutSession session = MustCreate(Params(1, "enabled: true"));
  ASSERT_THAT(Pay(session.id(), "pm_card_chargeDeclined"), IsOk());  // the page shows a decline
  EXPECT_EQ(IntentOf(session.id()).status(), "requires_payment_method");
  ASSERT_THAT(Adjust(session, 3), IsOk());
  EXPECT_EQ(IntentOf(session.id()).amount(), 3000);
  ASSERT_THAT(Pay(session.id(), "pm_card_visa"), IsOk());
  EXPECT_EQ(IntentOf(session.id()).status(), "succeeded");
  EXPECT_EQ(IntentOf(session.id()).amount_received(), 3000);
}

TEST_F(CheckoutAdjustableQuantityTest, CreateRefusesBadSettings) {
  ExpectCreateRefused(Params(1, "minimum: 1"), "parameter_missing",
                      "line_items[0][adjustable_quantity][enabled]");
  ExpectCreateRefused(Params(1, "enabled: true minimum: -1"), "parameter_invalid_integer",
                      "line_items[0][adjustable_quantity][minimum]");
  ExpectCreateRefused(Params(1, "enabled: true maximum: 1000000"), "parameter_invalid_integer",
                      "line_items[0][adjustable_quantity][maximum]");
  ExpectCreateRefused(Params(2, "enabled: true minimum: 3 maximum: 2"), "",
                      "line_items[0][adjustable_quantity][minimum]");
  ExpectCreateRefused(Params(6, "enabled: true maximum: 5"), "", "line_items[0][quantity]");
  EXPECT_THAT(engine_.checkout_sessions().Create(Params(5, "enabled: true maximum: 5")),
              IsOk());
  EXPECT_THAT(engine_.checkout_sessions().Create(Params(1, "enabled: true maximum: 999999")),
              IsOk());
}

TEST_F(CheckoutAdjustableQuantityTest, ASubscriptionStartsWithTheChosenQuantity) {
  absl::StatusOr<Price> monthly = engine_.prices().Create(ParseParams<PriceCreateParams>(
      "currency: \"usd\" unit_amount: 1200 recurring { interval: \"month\" } "
      "product_data { name: \"Seat\" }"));
  ASSERT_THAT(monthly, IsOk());
  CheckoutSessionCreateParams params = SessionParams(*monthly, "subscription");
  params.mutable_line_items(0)->mutable_adjustable_quantity()->set_enabled(true);
  const CheckoutSession session = MustCreate(params);
  ASSERT_THAT(Adjust(session, 3), IsOk());
  ASSERT_THAT(Pay(session.id(), "pm_card_visa"), IsOk());
  absl::StatusOr<Subscription> subscription =
      engine_.subscriptions().Retrieve(Retrieve(session.id()).subscription());
  ASSERT_THAT(subscription, IsOk());
  EXPECT_EQ(subscription->items().data(0).quantity(), 3);
  absl::StatusOr<Invoice> invoice = engine_.invoices().Retrieve(subscription->latest_invoice());
  ASSERT_THAT(invoice, IsOk());
  EXPECT_EQ(invoice->amount_paid(), 3600);
}

TEST_F(CheckoutAdjustableQuantityTest, PaymentLinksPassTheSettingToTheirSessions) {
  const Price price = NewPrice(500);
  absl::StatusOr<PaymentLink> link = engine_.payment_links().Create(
      ParseParams<PaymentLinkCreateParams>(absl::StrCat(
          "line_items { price: \"", price.id(),
          "\" quantity: 2 adjustable_quantity { enabled: true minimum: 1 maximum: 10 } }")));
  ASSERT_THAT(link, IsOk());
  absl::StatusOr<CheckoutSession> session = engine_.payment_links().Open(link->id());
  ASSERT_THAT(session, IsOk());
  EXPECT_THAT(Adjust(*session, 11),
              StripeErrorWithParam("invalid_request_error", "parameter_invalid_integer",
                                   "quantity"));
  ASSERT_THAT(Adjust(*session, 10), IsOk());
  EXPECT_EQ(Retrieve(session->id()).amount_total(), 5000);
  // The link's own quantity keeps to the bounds too.
  PaymentLinkUpdateParams update;
  PaymentLinkLineItemUpdateParams* item = update.add_line_items();
  item->set_id(link->line_items(0).id());
  item->set_quantity(11);
  EXPECT_THAT(engine_.payment_links().Update(link->id(), update),
              StripeErrorWithParam("invalid_request_error", "", "line_items[0][quantity]"));
  // Update moves the bounds (for the new quantity), or removes them.
  item->mutable_adjustable_quantity()->set_enabled(true);
  item->mutable_adjustable_quantity()->set_maximum(20);
  ASSERT_THAT(engine_.payment_links().Update(link->id(), update), IsOk());
  absl::StatusOr<CheckoutSession> wider = engine_.payment_links().Open(link->id());
  ASSERT_THAT(wider, IsOk());
  EXPECT_EQ(wider->line_items(0).quantity(), 11);
  EXPECT_THAT(Adjust(*wider, 20), IsOk());
  item->clear_quantity();
  item->mutable_adjustable_quantity()->set_enabled(false);
  ASSERT_THAT(engine_.payment_links().Update(link->id(), update), IsOk());
  absl::StatusOr<CheckoutSession> fixed = engine_.payment_links().Open(link->id());
  ASSERT_THAT(fixed, IsOk());
  EXPECT_THAT(Adjust(*fixed, 3), StripeErrorWithParam("invalid_request_error", "", "line_item"));
  EXPECT_THAT(engine_.payment_links().Create(ParseParams<PaymentLinkCreateParams>(absl::StrCat(
                  "line_items { price: \"", price.id(),
                  "\" quantity: 2 adjustable_quantity { enabled: true maximum: 1 } }"))),
              StripeErrorWithParam("invalid_request_error", "", "line_items[0][quantity]"));
}

}  // namespace
}  // namespace paysim
