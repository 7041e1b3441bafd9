// Behaviour tests of the customer portal (engine/billing_portal.h): configurations created with
// Stripe's defaults for what is not given, updated field by field with previous_attributes,
// deactivated and reactivated, listed by filter; sessions on a named configuration or the
// account's default (made by the first session that needs it); and the refusals, each naming
// its param and changing nothing.
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/billing_test_fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

class BillingPortalTest : public BillingTest {
 protected:
  absl::StatusOr<BillingPortalConfiguration> Configure(const std::string& text) {
    return engine_.billing_portal().CreateConfiguration(
        ParseParams<BillingPortalConfigurationParams>(text));
  }
  absl::StatusOr<BillingPortalConfiguration> Change(const std::string& id,
                                                    const std::string& text) {
    return engine_.billing_portal().UpdateConfiguration(
        id, ParseParams<BillingPortalConfigurationParams>(text));
  }
  absl::StatusOr<BillingPortalSession> Session(const std::string& text) {
    return engine_.billing_portal().CreateSession(
        ParseParams<BillingPortalSessionCreateParams>(text));
  }
};

TEST_F(BillingPortalTest, AConfigurationTakesWhatIsGivenAndStripesDefaultsForTheRest) {
  absl::StatusOr<BillingPortalConfiguration> c = Configure(
      "business_profile { headline: \"Acme\" privacy_policy_url: \"https://example.com/p\" } "
      "features { invoice_history { enabled: true } "
      "subscription_cancel { enabled: true mode: \"immediately\" "
      "cancellation_reason { enabled: true options: \"too_expensive\" options: \"other\" } } } "
      "metadata { key: \"team\" value: \"growth\" }");
  ASSERT_THAT(c, IsOk());
  EXPECT_THAT(c->id(), StartsWith("bpc_"));
  EXPECT_EQ(c->object(), "billing_portal.configuration");
  EXPECT_TRUE(c->active());
  EXPECT_FALSE(c->is_default());
  EXPECT_EQ(c->created(), kStart);
  EXPECT_EQ(c->updated(), kStart);
  EXPECT_EQ(c->business_profile().headline(), "Acme");
  EXPECT_FALSE(c->business_profile().has_terms_of_service_url());
  EXPECT_TRUE(c->features().invoice_history().enabled());
  EXPECT_FALSE(c->features().payment_method_update().enabled());
  EXPECT_FALSE(c->features().customer_update().enabled());
  EXPECT_EQ(c->features().subscription_cancel().mode(), "immediately");
  EXPECT_EQ(c->features().subscription_cancel().proration_behavior(), "none");
  EXPECT_THAT(c->features().subscription_cancel().cancellation_reason().options(),
              ElementsAre("too_expensive", "other"));
  EXPECT_FALSE(c->features().subscription_update().enabled());
  EXPECT_EQ(c->features().subscription_update().trial_update_behavior(), "end_trial");
  EXPECT_FALSE(c->login_page().enabled());
  EXPECT_FALSE(c->login_page().has_url());
  EXPECT_EQ(c->metadata().at("team"), "growth");
  EXPECT_THAT(TypesSince(0, "billing_portal"),
              ElementsAre("billing_portal.configuration.created"));
}

TEST_F(BillingPortalTest, SubscriptionUpdateNamesRecurringPricesOfItsProducts) {
  const std::string price = NewPrice(1500);
  const std::string product = engine_.prices().Retrieve(price)->product();
  absl::StatusOr<BillingPortalConfiguration> c = Configure(absl::StrCat(
      "features { subscription_update { enabled: true default_allowed_updates: \"price\" "
      "proration_behavior: \"always_invoice\" products { product: \"", product,
      "\" prices: \"", price, "\" } } }"));
  ASSERT_THAT(c, IsOk());
  ASSERT_EQ(c->features().subscription_update().products().size(), 1);
  EXPECT_EQ(c->features().subscription_update().products(0).product(), product);
  EXPECT_THAT(c->features().subscription_update().products(0).prices(), ElementsAre(price));

  const std::string before = Snapshot();
  EXPECT_THAT(Configure("features { subscription_update { enabled: true "
                        "default_allowed_updates: \"price\" } }"),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "features[subscription_update][products]"));
  EXPECT_THAT(Configure(absl::StrCat("features { subscription_update { enabled: true "
                                     "default_allowed_updates: \"price\" products { product: \"",
                                     product, "\" prices: \"price_missing\" } } }")),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "features[subscription_update][products][0][prices]"));
  EXPECT_THAT(Configure("features { subscription_update { enabled: true "
                        "default_allowed_updates: \"price\" products { product: \"prod_nope\" "
                        "prices: \"x\" } } }"),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "features[subscription_update][products][0][product]"));
  EXPECT_THAT(Configure("features { subscription_update { enabled: true "
                        "default_allowed_updates: \"color\" } }"),
              StripeErrorWithParam("invalid_request_error", "",
                                   "features[subscription_update][default_allowed_updates]"));
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(BillingPortalTest, RefusalsNameTheirParamAndChangeNothing) {
  const std::string before = Snapshot();
  EXPECT_THAT(Configure("business_profile { headline: \"Acme\" }"),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "features"));
  EXPECT_THAT(Configure("features { invoice_history { } }"),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "features[invoice_history][enabled]"));
  EXPECT_THAT(Configure("features { customer_update { enabled: true "
                        "allowed_updates: \"birthday\" } }"),
              StripeErrorWithParam("invalid_request_error", "",
                                   "features[customer_update][allowed_updates]"));
  EXPECT_THAT(Configure("features { subscription_cancel { enabled: true mode: \"later\" } }"),
              StripeErrorWithParam("invalid_request_error", "",
                                   "features[subscription_cancel][mode]"));
  EXPECT_THAT(Configure(absl::StrCat("business_profile { headline: \"", std::string(61, 'a'),
                                     "\" } features { invoice_history { enabled: true } }")),
              StripeErrorWithParam("invalid_request_error", "", "business_profile[headline]"));
  EXPECT_THAT(Configure(absl::StrCat("business_profile { headline: \"", std::string(60, 'a'),
                                     "\" } features { invoice_history { enabled: true } } "
                                     "default_return_url: \"example.com\"")),
              StripeErrorWithParam("invalid_request_error", "url_invalid",
                                   "default_return_url"));
  EXPECT_THAT(Configure("active: false features { invoice_history { enabled: true } }"),
              StripeErrorWithParam("invalid_request_error", "parameter_unknown", "active"));
  EXPECT_THAT(Session(""), StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                                "customer"));
  EXPECT_THAT(Session("customer: \"cus_missing\""),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "customer"));
  EXPECT_EQ(Snapshot(), before);
  // A headline of exactly 60 characters is taken.
  EXPECT_THAT(Configure(absl::StrCat("business_profile { headline: \"", std::string(60, 'a'),
                                     "\" } features { invoice_history { enabled: true } }")),
              IsOk());
}

TEST_F(BillingPortalTest, UpdatesCarryPreviousAttributesAndActiveMovesIt) {
  absl::StatusOr<BillingPortalConfiguration> c =
      Configure("features { invoice_history { enabled: true } }");
  ASSERT_THAT(c, IsOk());
  At(kStart + 60);
  size_t from = events_.size();
  absl::StatusOr<BillingPortalConfiguration> changed = Change(
      c->id(), "features { payment_method_update { enabled: true } } "
               "default_return_url: \"https://example.com/account\" login_page { enabled: true }");
  ASSERT_THAT(changed, IsOk());
  EXPECT_TRUE(changed->features().payment_method_update().enabled());
  EXPECT_TRUE(changed->features().invoice_history().enabled());  // untouched
  EXPECT_EQ(changed->updated(), kStart + 60);
  EXPECT_THAT(changed->login_page().url(), StartsWith("https://billing.stripe.com/p/login/"));
  ASSERT_THAT(TypesSince(from), ElementsAre("billing_portal.configuration.updated"));
  EXPECT_THAT(events_.back().data().previous_attributes(), HasSubstr("\"default_return_url\""));

  // The same values again: nothing changes, nothing is emitted.
  from = events_.size();
  ASSERT_THAT(Change(c->id(), "features { payment_method_update { enabled: true } }"), IsOk());
  EXPECT_THAT(TypesSince(from), IsEmpty());

  absl::StatusOr<BillingPortalConfiguration> off = Change(c->id(), "active: false");
  ASSERT_THAT(off, IsOk());
  EXPECT_FALSE(off->active());
  const std::string customer = NewCustomer("");
  EXPECT_THAT(Session(absl::StrCat("customer: \"", customer, "\" configuration: \"", c->id(),
                                   "\"")),
              StripeErrorWithParam("invalid_request_error", "", "configuration"));
  BillingPortalConfigurationListParams inactive;
  inactive.set_active(false);
  absl::StatusOr<ListResult<BillingPortalConfiguration>> list =
      engine_.billing_portal().ListConfigurations(inactive);
  ASSERT_THAT(list, IsOk());
  ASSERT_EQ(list->data.size(), 1u);
  EXPECT_EQ(list->data[0].id(), c->id());
  ASSERT_THAT(Change(c->id(), "active: true"), IsOk());
  EXPECT_THAT(Session(absl::StrCat("customer: \"", customer, "\" configuration: \"", c->id(),
                                   "\"")),
              IsOk());
}

TEST_F(BillingPortalTest, ASessionSendsTheCustomerToTheDefaultConfigurationOrTheOneNamed) {
  const std::string customer = NewCustomer("");
  size_t from = events_.size();
  absl::StatusOr<BillingPortalSession> s =
      Session(absl::StrCat("customer: \"", customer, "\" locale: \"fr\""));
  ASSERT_THAT(s, IsOk());
  EXPECT_THAT(s->id(), StartsWith("bps_"));
  EXPECT_EQ(s->object(), "billing_portal.session");
  EXPECT_EQ(s->customer(), customer);
  EXPECT_EQ(s->locale(), "fr");
  EXPECT_FALSE(s->has_return_url());
  EXPECT_THAT(s->url(), StartsWith("https://billing.stripe.com/p/session/test_"));
  EXPECT_THAT(TypesSince(from), ElementsAre("billing_portal.session.created"));
  absl::StatusOr<BillingPortalConfiguration> by_default =
      engine_.billing_portal().RetrieveConfiguration(s->configuration());
  ASSERT_THAT(by_default, IsOk());
  EXPECT_TRUE(by_default->is_default());
  EXPECT_TRUE(by_default->features().invoice_history().enabled());
  EXPECT_THAT(Change(by_default->id(), "active: false"),
              StripeErrorWithParam("invalid_request_error", "", "active"));
  // The default is made once.
  absl::StatusOr<BillingPortalSession> again =
      Session(absl::StrCat("customer: \"", customer, "\""));
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->configuration(), s->configuration());

  absl::StatusOr<BillingPortalConfiguration> named = Configure(
      "features { invoice_history { enabled: true } } "
      "default_return_url: \"https://example.com/billing\"");
  ASSERT_THAT(named, IsOk());
  absl::StatusOr<BillingPortalSession> on_named = Session(absl::StrCat(
      "customer: \"", customer, "\" configuration: \"", named->id(), "\""));
  ASSERT_THAT(on_named, IsOk());
  EXPECT_EQ(on_named->return_url(), "https://example.com/billing");
  EXPECT_THAT(Session(absl::StrCat("customer: \"", customer, "\" locale: \"klingon\"")),
              StripeErrorWithParam("invalid_request_error", "", "locale"));
  EXPECT_THAT(Session(absl::StrCat("customer: \"", customer, "\" configuration: \"bpc_nope\"")),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "configuration"));
}

}  // namespace
}  // namespace paysim
