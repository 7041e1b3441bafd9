// Behaviour tests of Payment Links: what create sets, refused parameters (with their param,
// nothing changed), update, list and line items, the customer's visit (a Checkout Session
// with payment_link set) and the completed-sessions limit that deactivates a link.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

class PaymentLinksTest : public ::testing::Test {
 protected:
  std::string OneTimePrice(int64_t amount, const std::string& currency = "usd") {
    absl::StatusOr<Price> price = engine_.prices().Create(ParseParams<PriceCreateParams>(
        absl::StrCat("currency: \"", currency, "\" unit_amount: ", amount,
                     " product_data { name: \"Widget\" }")));
    EXPECT_THAT(price, IsOk());
    return price.ok() ? price->id() : "";
  }

  std::string RecurringPrice(int64_t amount, const std::string& interval = "month") {
    absl::StatusOr<Price> price = engine_.prices().Create(ParseParams<PriceCreateParams>(
        absl::StrCat("currency: \"usd\" unit_amount: ", amount, " recurring { interval: \"",
                     interval, "\" } product_data { name: \"Plan\" }")));
    EXPECT_THAT(price, IsOk());
    return price.ok() ? price->id() : "";
  }

  static std::string Item(const std::string& price, int64_t quantity = 1) {
    return absl::StrCat("line_items { price: \"", price, "\" quantity: ", quantity, " } ");
  }

  absl::StatusOr<PaymentLink> TryCreate(const std::string& text) {
    return engine_.payment_links().Create(ParseParams<PaymentLinkCreateParams>(text));
  }

  PaymentLink Create(const std::string& text) {
    absl::StatusOr<PaymentLink> link = TryCreate(text);
    EXPECT_THAT(link, IsOk());
    return link.value_or(PaymentLink());
  }

  PaymentLink Update(const std::string& id, const std::string& text) {
    absl::StatusOr<PaymentLink> link =
        engine_.payment_links().Update(id, ParseParams<PaymentLinkUpdateParams>(text));
    EXPECT_THAT(link, IsOk());
    return link.value_or(PaymentLink());
  }

  CheckoutSession Open(const std::string& id) {
    absl::StatusOr<CheckoutSession> session = engine_.payment_links().Open(id);
    EXPECT_THAT(session, IsOk());
    return session.value_or(CheckoutSession());
  }

  void Pay(const std::string& session) {
    CheckoutPayParams params;
    params.set_payment_method("pm_card_visa");
    params.set_email("guest@example.com");
    EXPECT_THAT(engine_.checkout_page().Pay(session, params), IsOk());
  }

  std::vector<std::string> EventTypes() {
    EventListParams params;
    params.set_limit(100);
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> types;
    if (!page.ok()) return types;
    for (auto it = page->data.rbegin(); it != page->data.rend(); ++it) {
      if (it->type().rfind("payment_link.", 0) == 0) types.push_back(it->type());
    }
    return types;
  }

  std::vector<std::string> ListIds(const std::string& text) {
    absl::StatusOr<ListResult<PaymentLink>> list =
        engine_.payment_links().List(ParseParams<PaymentLinkListParams>(text));
    EXPECT_THAT(list, IsOk());
    std::vector<std::string> ids;
    if (list.ok()) {
      for (const PaymentLink& link : list->data) ids.push_back(link.id());
    }
    return ids;
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 7}};
};

TEST_F(PaymentLinksTest, CreateSetsStripesDefaults) {
  const std::string price = OneTimePrice(1500);
  PaymentLink link = Create(Item(price, 2) + R"pb(metadata { key: "k" value: "v" })pb");
  EXPECT_THAT(link.id(), StartsWith("plink_"));
  EXPECT_EQ(link.object(), "payment_link");
  EXPECT_TRUE(link.active());
  EXPECT_FALSE(link.livemode());
  EXPECT_THAT(link.url(), StartsWith("https://buy.stripe.com/test_"));
  EXPECT_EQ(link.after_completion().type(), "hosted_confirmation");
  EXPECT_TRUE(link.after_completion().has_hosted_confirmation());
  EXPECT_FALSE(link.after_completion().has_redirect());
  EXPECT_FALSE(link.allow_promotion_codes());
  EXPECT_EQ(link.billing_address_collection(), "auto");
  EXPECT_EQ(link.currency(), "usd");
  EXPECT_EQ(link.customer_creation(), "if_required");
  EXPECT_EQ(link.payment_method_collection(), "always");
  EXPECT_EQ(link.submit_type(), "auto");
  EXPECT_FALSE(link.has_restrictions());
  EXPECT_EQ(link.metadata().at("k"), "v");
  ASSERT_EQ(link.line_items_size(), 1);
  EXPECT_EQ(link.line_items(0).price().id(), price);
  EXPECT_EQ(link.line_items(0).quantity(), 2);
  EXPECT_EQ(link.line_items(0).amount_total(), 3000);
  EXPECT_THAT(EventTypes(), ElementsAre("payment_link.created"));
}

TEST_F(PaymentLinksTest, CreateTakesSettings) {
  PaymentLink link = Create(Item(OneTimePrice(1500)) + R"pb(
    after_completion { type: "redirect" redirect { url: "https://example.com/thanks" } }
    allow_promotion_codes: true
    billing_address_collection: "required"
    customer_creation: "always"
    restrictions { completed_sessions { limit: 3 } }
    submit_type: "donate"
  )pb");
  EXPECT_EQ(link.after_completion().type(), "redirect");
  EXPECT_EQ(link.after_completion().redirect().url(), "https://example.com/thanks");
  EXPECT_FALSE(link.after_completion().has_hosted_confirmation());
  EXPECT_TRUE(link.allow_promotion_codes());
  EXPECT_EQ(link.billing_address_collection(), "required");
  EXPECT_EQ(link.customer_creation(), "always");
  EXPECT_EQ(link.restrictions().completed_sessions().limit(), 3);
  EXPECT_EQ(link.restrictions().completed_sessions().count(), 0);
  EXPECT_EQ(link.submit_type(), "donate");
}

TEST_F(PaymentLinksTest, RefusedCreatesChangeNothing) {
  const std::string usd = OneTimePrice(1500);
  const std::string eur = OneTimePrice(1500, "eur");
  const std::string monthly = RecurringPrice(1000);
  const std::string yearly = RecurringPrice(10000, "year");
  struct Case {
    std::string params;
    std::string code;
    std::string param;
  };
  const std::vector<Case> cases = {
      {"", "parameter_missing", "line_items"},
      {R"pb(line_items { quantity: 1 })pb", "parameter_missing", "line_items[0][price]"},
      {absl::StrCat("line_items { price: \"", usd, "\" }"), "parameter_missing",
       "line_items[0][quantity]"},
      {Item("price_missing"), "resource_missing", "line_items[0][price]"},
      {Item(usd, 0), "parameter_invalid_integer", "line_items[0][quantity]"},
      {Item(usd) + Item(eur), "", "line_items[1]"},
      {Item(monthly) + Item(yearly), "", "line_items[1]"},
      {Item(monthly) + R"pb(customer_creation: "always")pb", "", "customer_creation"},
      {Item(monthly) + R"pb(submit_type: "pay")pb", "", "submit_type"},
      {Item(usd) + R"pb(submit_type: "buy")pb", "", "submit_type"},
      {Item(usd) + R"pb(restrictions { completed_sessions { limit: 0 } })pb",
       "parameter_invalid_integer", "restrictions[completed_sessions][limit]"},
      {Item(usd) + R"pb(restrictions { completed_sessions {} })pb", "parameter_missing",
       "restrictions[completed_sessions][limit]"},
      {Item(usd) + R"pb(after_completion { redirect { url: "https://example.com" } })pb",
       "parameter_missing", "after_completion[type]"},
      {Item(usd) + R"pb(after_completion { type: "redirect" })pb", "parameter_missing",
       "after_completion[redirect]"},
      {Item(usd) + R"pb(after_completion { type: "redirect" redirect { url: "nope" } })pb",
       "url_invalid", "after_completion[redirect][url]"},
      {Item(usd) + R"pb(payment_method_types: "ideal")pb", "", "payment_method_types[0]"},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(TryCreate(c.params),
                StripeErrorWithParam("invalid_request_error", c.code, c.param))
        << c.params;
  }
  EXPECT_THAT(TryCreate(""), HttpStatusIs(400));
  EXPECT_THAT(ListIds(""), IsEmpty());
  EXPECT_THAT(EventTypes(), IsEmpty());
}

TEST_F(PaymentLinksTest, RecurringPricesWithOneTimeOnesMakeASubscriptionLink) {
  PaymentLink link = Create(Item(RecurringPrice(1000)) + Item(OneTimePrice(500)));
  EXPECT_EQ(link.customer_creation(), "always");
  CheckoutSession session = Open(link.id());
  EXPECT_EQ(session.mode(), "subscription");
  EXPECT_EQ(session.payment_link(), link.id());
}

TEST_F(PaymentLinksTest, UpdateChangesSettingsWithAnEvent) {
  PaymentLink link = Create(Item(OneTimePrice(1500)));
  PaymentLink updated = Update(link.id(), R"pb(allow_promotion_codes: true
                                              metadata { key: "a" value: "b" })pb");
  EXPECT_TRUE(updated.allow_promotion_codes());
  EXPECT_EQ(updated.metadata().at("a"), "b");
  Update(link.id(), "");  // nothing changes: no event
  EXPECT_THAT(EventTypes(), ElementsAre("payment_link.created", "payment_link.updated"));

  EventListParams params;
  params.set_type("payment_link.updated");
  absl::StatusOr<ListResult<Event>> events = engine_.events().List(params);
  ASSERT_THAT(events, IsOk());
  ASSERT_EQ(events->data.size(), 1u);
  EXPECT_THAT(events->data[0].data().previous_attributes(),
              HasSubstr("\"allow_promotion_codes\":false"));
}

TEST_F(PaymentLinksTest, UpdateLineItemQuantitiesAndRestrictions) {
  PaymentLink link = Create(Item(OneTimePrice(1500)) +
                            R"pb(restrictions { completed_sessions { limit: 5 } })pb");
  const std::string item = link.line_items(0).id();
  PaymentLink updated = Update(
      link.id(), absl::StrCat("line_items { id: \"", item, "\" quantity: 3 }"));
  EXPECT_EQ(updated.line_items(0).quantity(), 3);
  EXPECT_EQ(updated.line_items(0).amount_total(), 4500);

  EXPECT_THAT(engine_.payment_links().Update(
                  link.id(), ParseParams<PaymentLinkUpdateParams>(
                                 R"pb(line_items { id: "li_missing" quantity: 2 })pb")),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "line_items[0][id]"));
  EXPECT_THAT(engine_.payment_links().Update(
                  link.id(), ParseParams<PaymentLinkUpdateParams>(absl::StrCat(
                                 "line_items { id: \"", item, "\" quantity: 0 }"))),
              StripeErrorWithParam("invalid_request_error", "parameter_invalid_integer",
                                   "line_items[0][quantity]"));
  EXPECT_EQ(engine_.payment_links().Retrieve(link.id())->line_items(0).quantity(), 3);

  // An empty restrictions (the wire's `restrictions=`) removes the limit.
  PaymentLinkUpdateParams unset;
  unset.mutable_restrictions();
  absl::StatusOr<PaymentLink> unlimited = engine_.payment_links().Update(link.id(), unset);
  ASSERT_THAT(unlimited, IsOk());
  EXPECT_FALSE(unlimited->has_restrictions());
}

TEST_F(PaymentLinksTest, UnknownLinkIs404) {
  EXPECT_THAT(engine_.payment_links().Retrieve("plink_missing"), HttpStatusIs(404));
  EXPECT_THAT(engine_.payment_links().Open("plink_missing"), HttpStatusIs(404));
}

TEST_F(PaymentLinksTest, ListFiltersByActive) {
  const std::string price = OneTimePrice(1500);
  PaymentLink a = Create(Item(price));
  PaymentLink b = Create(Item(price));
  Update(a.id(), "active: false");
  EXPECT_THAT(ListIds(""), ElementsAre(b.id(), a.id()));
  EXPECT_THAT(ListIds("active: true"), ElementsAre(b.id()));
  EXPECT_THAT(ListIds("active: false"), ElementsAre(a.id()));
}

TEST_F(PaymentLinksTest, ListLineItemsPaginates) {
  PaymentLink link = Create(Item(OneTimePrice(100)) + Item(OneTimePrice(200)) +
                            Item(OneTimePrice(300)));
  absl::StatusOr<ListResult<LineItem>> page = engine_.payment_links().ListLineItems(
      link.id(), ParseParams<PaymentLinkLineItemListParams>("limit: 2"));
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->data.size(), 2u);
  EXPECT_TRUE(page->has_more);
  EXPECT_EQ(page->url, absl::StrCat("/v1/payment_links/", link.id(), "/line_items"));
  absl::StatusOr<ListResult<LineItem>> rest = engine_.payment_links().ListLineItems(
      link.id(), ParseParams<PaymentLinkLineItemListParams>(
                     absl::StrCat("starting_after: \"", page->data[1].id(), "\"")));
  ASSERT_THAT(rest, IsOk());
  ASSERT_EQ(rest->data.size(), 1u);
  EXPECT_EQ(rest->data[0].amount_total(), 300);
  EXPECT_FALSE(rest->has_more);
}

TEST_F(PaymentLinksTest, OpenGivesASessionWithTheLinksSettings) {
  PaymentLink link = Create(Item(OneTimePrice(1500), 2) + R"pb(
    after_completion { type: "redirect" redirect { url: "https://example.com/done" } }
    billing_address_collection: "required"
    phone_number_collection { enabled: true }
  )pb");
  CheckoutSession session = Open(link.id());
  EXPECT_THAT(session.id(), StartsWith("cs_test_"));
  EXPECT_EQ(session.status(), "open");
  EXPECT_EQ(session.mode(), "payment");
  EXPECT_EQ(session.payment_link(), link.id());
  EXPECT_EQ(session.amount_total(), 3000);
  EXPECT_EQ(session.success_url(), "https://example.com/done");
  EXPECT_EQ(session.billing_address_collection(), "required");
  EXPECT_TRUE(session.phone_number_collection().enabled());
}

TEST_F(PaymentLinksTest, LimitReachedDeactivatesTheLink) {
  PaymentLink link = Create(Item(OneTimePrice(1500)) +
                            R"pb(restrictions { completed_sessions { limit: 2 } })pb");
  CheckoutSession first = Open(link.id());
  CheckoutSession second = Open(link.id());
  CheckoutSession third = Open(link.id());
  Pay(first.id());
  absl::StatusOr<PaymentLink> after_one = engine_.payment_links().Retrieve(link.id());
  ASSERT_THAT(after_one, IsOk());
  EXPECT_TRUE(after_one->active());
  EXPECT_EQ(after_one->restrictions().completed_sessions().count(), 1);
  EXPECT_THAT(EventTypes(), ElementsAre("payment_link.created"));

  Pay(second.id());
  absl::StatusOr<PaymentLink> after_two = engine_.payment_links().Retrieve(link.id());
  ASSERT_THAT(after_two, IsOk());
  EXPECT_FALSE(after_two->active());
  EXPECT_EQ(after_two->restrictions().completed_sessions().count(), 2);
  EXPECT_THAT(EventTypes(), ElementsAre("payment_link.created", "payment_link.updated"));

  // An inactive link refuses visits; a session opened before may still complete.
  EXPECT_THAT(engine_.payment_links().Open(link.id()),
              StripeErrorWithParam("invalid_request_error", "payment_link_inactive", ""));
  Pay(third.id());
  absl::StatusOr<PaymentLink> after_three = engine_.payment_links().Retrieve(link.id());
  ASSERT_THAT(after_three, IsOk());
  EXPECT_EQ(after_three->restrictions().completed_sessions().count(), 3);

  // Reactivated with a higher limit, it opens again.
  Update(link.id(), R"pb(active: true restrictions { completed_sessions { limit: 10 } })pb");
  EXPECT_THAT(engine_.payment_links().Open(link.id()), IsOk());
}

TEST_F(PaymentLinksTest, DeactivatedLinkRefusesToOpenUntilReactivated) {
  PaymentLink link = Create(Item(OneTimePrice(1500)));
  Update(link.id(), "active: false");
  EXPECT_THAT(engine_.payment_links().Open(link.id()), HttpStatusIs(400));
  Update(link.id(), "active: true");
  EXPECT_EQ(Open(link.id()).payment_link(), link.id());
}

TEST_F(PaymentLinksTest, ShippingOptionsGoToTheSessionsItOpens) {
  absl::StatusOr<ShippingRate> ground = engine_.shipping_rates().Create(
      ParseParams<ShippingRateCreateParams>(R"pb(display_name: "Ground" type: "fixed_amount"
                                                fixed_amount { amount: 500 currency: "usd" })pb"));
  ASSERT_THAT(ground, IsOk());
  absl::StatusOr<ShippingRate> express = engine_.shipping_rates().Create(
      ParseParams<ShippingRateCreateParams>(R"pb(display_name: "Express" type: "fixed_amount"
                                                fixed_amount { amount: 1500 currency: "usd" })pb"));
  ASSERT_THAT(express, IsOk());
  const PaymentLink link = Create(absl::StrCat(
      Item(OneTimePrice(2000)), "shipping_address_collection { allowed_countries: \"US\" } ",
      "shipping_options { shipping_rate: \"", ground->id(), "\" } ",
      "shipping_options { shipping_rate: \"", express->id(), "\" }"));
  ASSERT_EQ(link.shipping_options_size(), 2);
  EXPECT_EQ(link.shipping_options(0).shipping_rate(), ground->id());
  EXPECT_EQ(link.shipping_options(0).shipping_amount(), 500);
  EXPECT_EQ(link.shipping_options(1).shipping_amount(), 1500);

  const CheckoutSession session = Open(link.id());
  ASSERT_EQ(session.shipping_options_size(), 2);
  EXPECT_EQ(session.shipping_cost().shipping_rate(), ground->id());  // the first, preselected
  EXPECT_EQ(session.total_details().amount_shipping(), 500);
  EXPECT_EQ(session.amount_total(), 2500);
}

TEST_F(PaymentLinksTest, ShippingOptionRefusals) {
  const std::string price = OneTimePrice(2000);
  EXPECT_THAT(TryCreate(Item(price) + "shipping_options { }"),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "shipping_options[0][shipping_rate]"));
  EXPECT_THAT(TryCreate(Item(price) + R"pb(shipping_options { shipping_rate: "shr_missing" })pb"),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "shipping_options[0][shipping_rate]"));
  absl::StatusOr<ShippingRate> euro = engine_.shipping_rates().Create(
      ParseParams<ShippingRateCreateParams>(R"pb(display_name: "Euro" type: "fixed_amount"
                                                fixed_amount { amount: 500 currency: "eur" })pb"));
  ASSERT_THAT(euro, IsOk());
  EXPECT_THAT(TryCreate(Item(price) +
                        absl::StrCat("shipping_options { shipping_rate: \"", euro->id(), "\" }")),
              StripeErrorWithParam("invalid_request_error", "",
                                   "shipping_options[0][shipping_rate]"));
  EXPECT_THAT(ListIds(""), IsEmpty());
}

TEST_F(PaymentLinksTest, ConsentCollectionGoesToTheSessionsItOpens) {
  const std::string price = OneTimePrice(1200);
  EXPECT_FALSE(Create(Item(price)).has_consent_collection());  // null unless given
  const PaymentLink link = Create(
      Item(price) + R"pb(consent_collection {
                           payment_method_reuse_agreement { position: "hidden" }
                           promotions: "none"
                           terms_of_service: "required"
                         })pb");
  EXPECT_EQ(link.consent_collection().payment_method_reuse_agreement().position(), "hidden");
  EXPECT_EQ(link.consent_collection().promotions(), "none");
  EXPECT_EQ(link.consent_collection().terms_of_service(), "required");

  const CheckoutSession session = Open(link.id());
  EXPECT_EQ(session.consent_collection().terms_of_service(), "required");
  EXPECT_EQ(session.consent_collection().payment_method_reuse_agreement().position(), "hidden");
  Pay(session.id());
  absl::StatusOr<CheckoutSession> completed = engine_.checkout_sessions().Retrieve(session.id());
  ASSERT_THAT(completed, IsOk());
  EXPECT_EQ(completed->consent().terms_of_service(), "accepted");

  // `consent_collection=` removes it; the link's next sessions ask for nothing.
  const PaymentLink cleared = Update(link.id(), "consent_collection { }");
  EXPECT_FALSE(cleared.has_consent_collection());
  EXPECT_FALSE(Open(link.id()).has_consent_collection());
}

TEST_F(PaymentLinksTest, ConsentCollectionRefusals) {
  const std::string price = OneTimePrice(1200);
  EXPECT_THAT(TryCreate(Item(price) + R"pb(consent_collection { terms_of_service: "maybe" })pb"),
              StripeErrorWithParam("invalid_request_error", "",
                                   "consent_collection[terms_of_service]"));
  EXPECT_THAT(TryCreate(Item(price) + "consent_collection { payment_method_reuse_agreement { } }"),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "consent_collection[payment_method_reuse_agreement][position]"));
  EXPECT_THAT(ListIds(""), IsEmpty());
  const PaymentLink link = Create(Item(price));
  EXPECT_THAT(engine_.payment_links().Update(
                  link.id(), ParseParams<PaymentLinkUpdateParams>(
                                 R"pb(consent_collection { promotions: "always" })pb")),
              StripeErrorWithParam("invalid_request_error", "", "consent_collection[promotions]"));
  EXPECT_FALSE(engine_.payment_links().Retrieve(link.id())->has_consent_collection());
}

}  // namespace
}  // namespace paysim
