// Behaviour tests of customer portal deep links (flow_data on POST /v1/billing_portal/sessions,
// engine/internal/billing_portal_flow.h): each flow type rendered as the session's `flow` with
// its after_completion (portal_homepage by default), a retention coupon, an update to confirm
// with its item, price, quantity and discount; and the refusals, each naming its
// `flow_data[...]` param and changing nothing (not even making the default configuration).
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/billing_test_fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace paysim {
namespace {

using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;

class BillingPortalFlowTest : public BillingTest {
 protected:
  void SetUp() override {
    customer_ = NewCustomer();
    price_ = NewPrice(1500);
    absl::StatusOr<Subscription> sub = Subscribe(customer_, price_);
    ASSERT_THAT(sub, IsOk());
    sub_ = sub->id();
    item_ = sub->items().data(0).id();
  }

  absl::StatusOr<BillingPortalSession> Session(const std::string& flow,
                                               const std::string& more = "") {
    return engine_.billing_portal().CreateSession(ParseParams<BillingPortalSessionCreateParams>(
        absl::StrCat("customer: \"", customer_, "\" flow_data { ", flow, " } ", more)));
  }

  // The session is refused (400, invalid_request_error `code` naming `param`) and nothing
  // changes.
  void ExpectRefused(const std::string& flow, const std::string& code, const std::string& param,
                     const std::string& more = "") {
    const auto before = engine_.StateSummary();
    absl::StatusOr<BillingPortalSession> session = Session(flow, more);
    EXPECT_THAT(session, StripeErrorWithParam("invalid_request_error", code, param)) << flow;
    EXPECT_THAT(session, HttpStatusIs(400)) << flow;
    EXPECT_EQ(engine_.StateSummary(), before) << flow;
  }

  std::string NewCoupon() {
    absl::StatusOr<Coupon> coupon = engine_.coupons().Create(
        ParseParams<CouponCreateParams>("percent_off: 20 duration: \"once\""));
    EXPECT_THAT(coupon, IsOk());
    return coupon.ok() ? coupon->id() : "";
  }

  std::string customer_;
  std::string price_;
  std::string sub_;
  std::string item_;
};

TEST_F(BillingPortalFlowTest, ASessionWithoutFlowDataHasNoFlow) {
  absl::StatusOr<BillingPortalSession> session = engine_.billing_portal().CreateSession(
      ParseParams<BillingPortalSessionCreateParams>(absl::StrCat("customer: \"", customer_, "\"")));
  ASSERT_THAT(session, IsOk());
  EXPECT_FALSE(session->has_flow());
}

TEST_F(BillingPortalFlowTest, PaymentMethodUpdateReturnsToTheHomepageByDefault) {
  absl::StatusOr<BillingPortalSession> session = Session("type: \"payment_method_update\"");
  ASSERT_THAT(session, IsOk());
  ASSERT_TRUE(session->has_flow());
  EXPECT_EQ(session->flow().type(), "payment_method_update");
  EXPECT_EQ(session->flow().after_completion().type(), "portal_homepage");
  EXPECT_FALSE(session->flow().after_completion().has_redirect());
  EXPECT_FALSE(session->flow().after_completion().has_hosted_confirmation());
  EXPECT_FALSE(session->flow().has_subscription_cancel());
  EXPECT_FALSE(session->flow().has_subscription_update());
  EXPECT_FALSE(session->flow().has_subscription_update_confirm());
}

TEST_F(BillingPortalFlowTest, SubscriptionCancelWithARetentionCouponAndARedirect) {
  const std::string coupon = NewCoupon();
  absl::StatusOr<BillingPortalSession> session = Session(absl::StrCat(
      "type: \"subscription_cancel\" subscription_cancel { subscription: \"", sub_,
      "\" retention { type: \"coupon_offer\" coupon_offer { coupon: \"", coupon, "\" } } } ",
      "after_completion { type: \"redirect\" redirect { return_url: \"https://example.com/b\" } }"));
  ASSERT_THAT(session, IsOk());
  const BillingPortalFlow& flow = session->flow();
  EXPECT_EQ(flow.type(), "subscription_cancel");
  EXPECT_EQ(flow.subscription_cancel().subscription(), sub_);
  EXPECT_EQ(flow.subscription_cancel().retention().type(), "coupon_offer");
  EXPECT_EQ(flow.subscription_cancel().retention().coupon_offer().coupon(), coupon);
  EXPECT_EQ(flow.after_completion().type(), "redirect");
  EXPECT_EQ(flow.after_completion().redirect().return_url(), "https://example.com/b");
  // Nothing happens to the subscription until the customer acts (a test, through the API).
  EXPECT_EQ(Sub(sub_).status(), "active");
  EXPECT_FALSE(Sub(sub_).cancel_at_period_end());
}

TEST_F(BillingPortalFlowTest, SubscriptionUpdateConfirmCarriesItsItemAndDiscount) {
  const std::string other = NewPrice(2500);
  const std::string coupon = NewCoupon();
  absl::StatusOr<BillingPortalSession> session = Session(absl::StrCat(
      "type: \"subscription_update_confirm\" subscription_update_confirm { subscription: \"",
      sub_, "\" items { id: \"", item_, "\" price: \"", other, "\" quantity: 2 } ",
      "discounts { coupon: \"", coupon, "\" } } after_completion { type: ",
      "\"hosted_confirmation\" hosted_confirmation { custom_message: \"Thanks!\" } }"));
  ASSERT_THAT(session, IsOk());
  const BillingPortalFlowSubscriptionUpdateConfirm& confirm =
      session->flow().subscription_update_confirm();
  EXPECT_EQ(confirm.subscription(), sub_);
  ASSERT_EQ(confirm.items_size(), 1);
  EXPECT_EQ(confirm.items(0).id(), item_);
  EXPECT_EQ(confirm.items(0).price(), other);
  EXPECT_EQ(confirm.items(0).quantity(), 2);
  ASSERT_EQ(confirm.discounts_size(), 1);
  EXPECT_EQ(confirm.discounts(0).coupon(), coupon);
  EXPECT_FALSE(confirm.discounts(0).has_promotion_code());
  EXPECT_EQ(session->flow().after_completion().hosted_confirmation().custom_message(),
            "Thanks!");
}

TEST_F(BillingPortalFlowTest, SubscriptionUpdateNeedsTheFeatureInTheConfiguration) {
  // The default configuration does not let customers switch plans.
  ExpectRefused(absl::StrCat("type: \"subscription_update\" subscription_update { "
                             "subscription: \"", sub_, "\" }"),
                "", "flow_data[type]");
  absl::StatusOr<BillingPortalConfiguration> configuration =
      engine_.billing_portal().CreateConfiguration(ParseParams<BillingPortalConfigurationParams>(
          absl::StrCat("features { subscription_update { enabled: true default_allowed_updates: "
                       "\"price\" products { product: \"",
                       engine_.prices().Retrieve(price_)->product(), "\" prices: \"", price_,
                       "\" } } }")));
  ASSERT_THAT(configuration, IsOk());
  absl::StatusOr<BillingPortalSession> session =
      Session(absl::StrCat("type: \"subscription_update\" subscription_update { subscription: \"",
                           sub_, "\" }"),
              absl::StrCat("configuration: \"", configuration->id(), "\""));
  ASSERT_THAT(session, IsOk());
  EXPECT_EQ(session->flow().subscription_update().subscription(), sub_);
}

TEST_F(BillingPortalFlowTest, Refusals) {
  const std::string cancel = absl::StrCat("type: \"subscription_cancel\" ");
  ExpectRefused("", "parameter_missing", "flow_data[type]");
  ExpectRefused("type: \"upgrade\"", "", "flow_data[type]");
  ExpectRefused(cancel, "parameter_missing", "flow_data[subscription_cancel]");
  ExpectRefused(cancel + "subscription_cancel { }", "parameter_missing",
                "flow_data[subscription_cancel][subscription]");
  ExpectRefused(cancel + "subscription_cancel { subscription: \"sub_nope\" }",
                "resource_missing", "flow_data[subscription_cancel][subscription]");
  ExpectRefused(absl::StrCat("type: \"payment_method_update\" subscription_cancel { "
                             "subscription: \"", sub_, "\" }"),
                "", "flow_data[subscription_cancel]");
  ExpectRefused(absl::StrCat(cancel, "subscription_cancel { subscription: \"", sub_,
                             "\" retention { type: \"coupon_offer\" } }"),
                "parameter_missing",
                "flow_data[subscription_cancel][retention][coupon_offer][coupon]");
  ExpectRefused(absl::StrCat(cancel, "subscription_cancel { subscription: \"", sub_,
                             "\" retention { type: \"coupon_offer\" coupon_offer { coupon: "
                             "\"nope\" } } }"),
                "resource_missing",
                "flow_data[subscription_cancel][retention][coupon_offer][coupon]");
  ExpectRefused("type: \"payment_method_update\" after_completion { }", "parameter_missing",
                "flow_data[after_completion][type]");
  ExpectRefused("type: \"payment_method_update\" after_completion { type: \"redirect\" }",
                "parameter_missing", "flow_data[after_completion][redirect][return_url]");
  ExpectRefused("type: \"payment_method_update\" after_completion { type: \"redirect\" "
                "redirect { return_url: \"nope\" } }",
                "url_invalid", "flow_data[after_completion][redirect][return_url]");
  ExpectRefused("type: \"payment_method_update\" after_completion { type: \"portal_homepage\" "
                "redirect { return_url: \"https://example.com\" } }",
                "", "flow_data[after_completion][redirect]");
  ExpectRefused(absl::StrCat("type: \"payment_method_update\" after_completion { type: "
                             "\"hosted_confirmation\" hosted_confirmation { custom_message: \"",
                             std::string(501, 'x'), "\" } }"),
                "", "flow_data[after_completion][hosted_confirmation][custom_message]");

  // Update-confirm: one item of the subscription, an existing recurring price, one discount.
  const std::string confirm = absl::StrCat(
      "type: \"subscription_update_confirm\" subscription_update_confirm { subscription: \"",
      sub_, "\" ");
  ExpectRefused(confirm + "}", "parameter_missing",
                "flow_data[subscription_update_confirm][items]");
  ExpectRefused(confirm + "items { id: \"si_nope\" } }", "",
                "flow_data[subscription_update_confirm][items][0][id]");
  ExpectRefused(absl::StrCat(confirm, "items { id: \"", item_, "\" } items { id: \"", item_,
                             "\" } }"),
                "", "flow_data[subscription_update_confirm][items]");
  ExpectRefused(absl::StrCat(confirm, "items { id: \"", item_, "\" price: \"price_nope\" } }"),
                "resource_missing", "flow_data[subscription_update_confirm][items][0][price]");
  ExpectRefused(absl::StrCat(confirm, "items { id: \"", item_, "\" } discounts { } }"), "",
                "flow_data[subscription_update_confirm][discounts][0]");
  ExpectRefused(absl::StrCat(confirm, "items { id: \"", item_,
                             "\" } discounts { promotion_code: \"promo_nope\" } }"),
                "resource_missing",
                "flow_data[subscription_update_confirm][discounts][0][promotion_code]");
}

TEST_F(BillingPortalFlowTest, TheSubscriptionMustBeTheCustomersAndNotCanceled) {
  const std::string flow = absl::StrCat(
      "type: \"subscription_cancel\" subscription_cancel { subscription: \"", sub_, "\" }");
  const std::string mine = customer_;
  customer_ = NewCustomer();  // another customer's session
  ExpectRefused(flow, "", "flow_data[subscription_cancel][subscription]");
  customer_ = mine;
  ASSERT_THAT(Session(flow), IsOk());
  ASSERT_THAT(engine_.subscriptions().Cancel(sub_), IsOk());
  ExpectRefused(flow, "", "flow_data[subscription_cancel][subscription]");
}

}  // namespace
}  // namespace paysim
