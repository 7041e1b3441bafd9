// Behaviour of PaymentMethods: create (details, token), test names, attach, detach, update,
// list, and their events.
#include <string>
#include <vector>

#include "engine/card_catalog.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StatusIs;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

constexpr int64_t kStart = 1767225600;  // FakeClock's default: 2026-01-01T00:00:00Z
constexpr char kAlreadyAttached[] =
    "The payment method you provided has already been attached to a customer.";

PaymentMethodCreateParams CardDetails(absl::string_view number, absl::string_view cvc = "123") {
  PaymentMethodCreateParams params;
  params.set_type("card");
  params.mutable_card()->set_number(std::string(number));
  params.mutable_card()->set_exp_month(12);
  params.mutable_card()->set_exp_year(2027);
  if (!cvc.empty()) params.mutable_card()->set_cvc(std::string(cvc));
  return params;
}

class PaymentMethodsTest : public ::testing::Test {
 protected:
  PaymentMethod MustCreate(const PaymentMethodCreateParams& params) {
    absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Create(params);
    EXPECT_THAT(pm, IsOk());
    return pm.value_or(PaymentMethod());
  }

  std::string NewCustomer() {
    absl::StatusOr<Customer> customer = engine_.customers().Create(CustomerCreateParams());
    EXPECT_THAT(customer, IsOk());
    return customer.ok() ? customer->id() : "";
  }

  absl::StatusOr<PaymentMethod> Attach(absl::string_view pm, const std::string& customer) {
    PaymentMethodAttachParams params;
    params.set_customer(customer);
    return engine_.payment_methods().Attach(pm, params);
  }

  std::vector<std::string> ListIds(const PaymentMethodListParams& params) {
    absl::StatusOr<ListResult<PaymentMethod>> page = engine_.payment_methods().List(params);
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> ids;
    if (page.ok()) {
      for (const PaymentMethod& pm : page->data) ids.push_back(pm.id());
    }
    return ids;
  }

  std::vector<std::string> OfCustomer(const std::string& customer) {
    PaymentMethodListParams params;
    params.set_customer(customer);
    return ListIds(params);
  }

  std::vector<Event> Events(absl::string_view type) {
    EventListParams params;
    params.set_limit(100);
    params.set_type(std::string(type));
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
    EXPECT_THAT(page, IsOk());
    return page.ok() ? page->data : std::vector<Event>();
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 23}};
};

// ---- create ----

TEST_F(PaymentMethodsTest, CreateFromCardDetails) {
  PaymentMethod pm = MustCreate(CardDetails("4242424242424242"));
  EXPECT_THAT(pm.id(), MatchesRegex("pm_[0-9A-Za-z]{24}"));
  EXPECT_EQ(pm.object(), "payment_method");
  EXPECT_EQ(pm.type(), "card");
  EXPECT_EQ(pm.allow_redisplay(), "unspecified");
  EXPECT_EQ(pm.created(), kStart);
  EXPECT_FALSE(pm.livemode());
  EXPECT_FALSE(pm.has_customer());
  EXPECT_THAT(pm.metadata(), IsEmpty());
  ASSERT_TRUE(pm.billing_details().has_address());
  EXPECT_FALSE(pm.billing_details().address().has_line1());
  EXPECT_FALSE(pm.billing_details().has_email());
  EXPECT_FALSE(pm.billing_details().has_name());

  const PaymentMethodCard& card = pm.card();
  EXPECT_EQ(card.brand(), "visa");
  EXPECT_EQ(card.display_brand(), "visa");
  EXPECT_EQ(card.last4(), "4242");
  EXPECT_EQ(card.exp_month(), 12);
  EXPECT_EQ(card.exp_year(), 2027);
  EXPECT_EQ(card.funding(), "credit");
  EXPECT_EQ(card.country(), "US");
  EXPECT_EQ(card.fingerprint(), CardFingerprint("4242424242424242"));
  EXPECT_EQ(card.checks().cvc_check(), "unchecked");
  EXPECT_FALSE(card.checks().has_address_line1_check());
  EXPECT_FALSE(card.checks().has_address_postal_code_check());
  EXPECT_THAT(card.networks().available(), ElementsAre("visa"));
  EXPECT_FALSE(card.networks().has_preferred());
  EXPECT_TRUE(card.three_d_secure_usage().supported());
  // Creating a PaymentMethod emits no event.
  EXPECT_EQ(engine_.events().size(), 0u);
}

TEST_F(PaymentMethodsTest, CvcCheckIsNullWithoutACvc) {
  PaymentMethod pm = MustCreate(CardDetails("4242424242424242", ""));
  EXPECT_FALSE(pm.card().checks().has_cvc_check());
}

TEST_F(PaymentMethodsTest, CoBrandedCardShowsItsLocalNetworkAsDisplayBrand) {
  PaymentMethod pm = MustCreate(CardDetails("4000002500001001"));
  EXPECT_EQ(pm.card().brand(), "visa");
  EXPECT_EQ(pm.card().display_brand(), "cartes_bancaires");
  EXPECT_EQ(pm.card().country(), "FR");
}

TEST_F(PaymentMethodsTest, CreateChecksTheCardDetails) {
  EXPECT_THAT(engine_.payment_methods().Create(CardDetails("4242424242424241")),
              StripeErrorIs("card_error", "incorrect_number"));
  PaymentMethodCreateParams no_month = CardDetails("4242424242424242");
  no_month.mutable_card()->clear_exp_month();
  EXPECT_THAT(engine_.payment_methods().Create(no_month),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "card[exp_month]"));
  EXPECT_THAT(engine_.payment_methods().Create(CardDetails("378282246310005", "123")),
              StripeErrorIs("card_error", "invalid_cvc"));
}

TEST_F(PaymentMethodsTest, CreateNeedsTypeCardAndCard) {
  PaymentMethodCreateParams no_type = CardDetails("4242424242424242");
  no_type.clear_type();
  EXPECT_THAT(engine_.payment_methods().Create(no_type),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "type"));
  PaymentMethodCreateParams sepa = CardDetails("4242424242424242");
  sepa.set_type("ideal");  // a type paysim does not simulate
  EXPECT_THAT(engine_.payment_methods().Create(sepa),
              StripeErrorWithParam("invalid_request_error", "", "type"));
  PaymentMethodCreateParams no_card;
  no_card.set_type("card");
  absl::StatusOr<PaymentMethod> missing = engine_.payment_methods().Create(no_card);
  EXPECT_THAT(missing, StripeErrorWithParam("invalid_request_error", "parameter_missing", "card"));
  EXPECT_THAT(missing, HttpStatusIs(400));
}

TEST_F(PaymentMethodsTest, CreateFromATokenUsesItUp) {
  absl::StatusOr<Token> token = engine_.tokens().Create(ParseParams<TokenCreateParams>(
      R"pb(card { number: "5555555555554444" exp_month: 7 exp_year: 2032 cvc: "321" })pb"));
  ASSERT_THAT(token, IsOk());
  PaymentMethodCreateParams params;
  params.set_type("card");
  params.mutable_card()->set_token(token->id());
  PaymentMethod pm = MustCreate(params);
  EXPECT_EQ(pm.card().brand(), "mastercard");
  EXPECT_EQ(pm.card().last4(), "4444");
  EXPECT_EQ(pm.card().exp_month(), 7);
  EXPECT_EQ(pm.card().exp_year(), 2032);
  EXPECT_EQ(pm.card().fingerprint(), token->card().fingerprint());
  EXPECT_EQ(pm.card().checks().cvc_check(), "unchecked");
  EXPECT_TRUE(engine_.tokens().Retrieve(token->id())->used());

  absl::StatusOr<PaymentMethod> again = engine_.payment_methods().Create(params);
  EXPECT_THAT(again,
              StripeErrorWithParam("invalid_request_error", "token_already_used", "card[token]"));
  EXPECT_THAT(again, HttpStatusIs(400));
}

TEST_F(PaymentMethodsTest, TestTokenNameCanBeUsedAsCardTokenAnyNumberOfTimes) {
  PaymentMethodCreateParams params;
  params.set_type("card");
  params.mutable_card()->set_token("tok_mastercard");
  PaymentMethod first = MustCreate(params);
  PaymentMethod second = MustCreate(params);
  EXPECT_NE(first.id(), second.id());
  EXPECT_EQ(first.card().brand(), "mastercard");
  EXPECT_EQ(first.card().last4(), "4444");
  EXPECT_EQ(first.card().exp_year(), 2029);
}

TEST_F(PaymentMethodsTest, TokenAndNumberTogetherAreRejected) {
  absl::StatusOr<Token> token = engine_.tokens().Create(ParseParams<TokenCreateParams>(
      R"pb(card { number: "4242424242424242" exp_month: 7 exp_year: 2032 })pb"));
  ASSERT_THAT(token, IsOk());
  PaymentMethodCreateParams params = CardDetails("4242424242424242");
  params.mutable_card()->set_token(token->id());
  EXPECT_THAT(engine_.payment_methods().Create(params),
              StripeErrorWithParam("invalid_request_error", "parameters_exclusive", "card[token]"));
  EXPECT_FALSE(engine_.tokens().Retrieve(token->id())->used());
}

TEST_F(PaymentMethodsTest, UnknownTokenIsResourceMissing) {
  PaymentMethodCreateParams params;
  params.set_type("card");
  params.mutable_card()->set_token("tok_doesnotexist");
  EXPECT_THAT(engine_.payment_methods().Create(params),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "card[token]"));
}

TEST_F(PaymentMethodsTest, BillingDetailsAndMetadataAreKept) {
  PaymentMethodCreateParams params = CardDetails("4242424242424242");
  *params.mutable_billing_details() = ParseParams<BillingDetailsParams>(R"pb(
    name: "Jenny Rosen" email: "jenny@example.com" phone: "+15555550123"
    address { line1: "1 Main St" postal_code: "12345" country: "US" }
  )pb");
  (*params.mutable_metadata())["order"] = "42";
  PaymentMethod pm = MustCreate(params);
  EXPECT_EQ(pm.billing_details().name(), "Jenny Rosen");
  EXPECT_EQ(pm.billing_details().email(), "jenny@example.com");
  EXPECT_EQ(pm.billing_details().phone(), "+15555550123");
  EXPECT_EQ(pm.billing_details().address().line1(), "1 Main St");
  EXPECT_EQ(pm.billing_details().address().postal_code(), "12345");
  EXPECT_EQ(pm.billing_details().address().country(), "US");
  EXPECT_FALSE(pm.billing_details().address().has_city());
  EXPECT_THAT(pm.metadata(), UnorderedElementsAre(Pair("order", "42")));
}

TEST_F(PaymentMethodsTest, InvalidBillingEmailIsRejected) {
  PaymentMethodCreateParams params = CardDetails("4242424242424242");
  params.mutable_billing_details()->set_email("nope");
  EXPECT_THAT(engine_.payment_methods().Create(params),
              StripeErrorWithParam("invalid_request_error", "email_invalid", "billing_details[email]"));
}

TEST_F(PaymentMethodsTest, AllowRedisplayTakesStripesThreeValues) {
  for (const char* value : {"always", "limited", "unspecified"}) {
    PaymentMethodCreateParams params = CardDetails("4242424242424242");
    params.set_allow_redisplay(value);
    absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Create(params);
    ASSERT_THAT(pm, IsOk()) << value;
    EXPECT_EQ(pm->allow_redisplay(), value);
  }
  PaymentMethodCreateParams params = CardDetails("4242424242424242");
  params.set_allow_redisplay("sometimes");
  absl::StatusOr<PaymentMethod> bad = engine_.payment_methods().Create(params);
  EXPECT_THAT(bad, StripeErrorWithParam("invalid_request_error", "", "allow_redisplay"));
  EXPECT_THAT(bad, HttpStatusIs(400));
}

// ---- test names ----

TEST_F(PaymentMethodsTest, RetrievingATestNameMintsANewPaymentMethodEachTime) {
  absl::StatusOr<PaymentMethod> first = engine_.payment_methods().Retrieve("pm_card_visa");
  absl::StatusOr<PaymentMethod> second = engine_.payment_methods().Retrieve("pm_card_visa");
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(second, IsOk());
  EXPECT_THAT(first->id(), MatchesRegex("pm_[0-9A-Za-z]{24}"));
  EXPECT_NE(first->id(), second->id());
  EXPECT_EQ(first->card().last4(), "4242");
  EXPECT_EQ(first->card().brand(), "visa");
  EXPECT_EQ(first->card().exp_year(), 2029);  // a few years after now
  EXPECT_EQ(first->card().checks().cvc_check(), "unchecked");
  EXPECT_FALSE(first->has_customer());
  // Each minted PaymentMethod is stored.
  absl::StatusOr<PaymentMethod> stored = engine_.payment_methods().Retrieve(first->id());
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->SerializeAsString(), first->SerializeAsString());
}

TEST_F(PaymentMethodsTest, UnknownIdsAreResourceMissing) {
  absl::StatusOr<PaymentMethod> unknown = engine_.payment_methods().Retrieve("pm_nope");
  EXPECT_THAT(unknown, StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(unknown, HttpStatusIs(404));
  EXPECT_THAT(unknown, StatusIs(absl::StatusCode::kNotFound, "No such PaymentMethod: 'pm_nope'"));
  EXPECT_THAT(engine_.payment_methods().Retrieve("pm_card_notacard"),
              StripeErrorIs("invalid_request_error", "resource_missing"));
}

// ---- attach ----

TEST_F(PaymentMethodsTest, AttachSetsTheCustomerAndRunsTheCvcCheck) {
  std::string customer = NewCustomer();
  PaymentMethod pm = MustCreate(CardDetails("4242424242424242"));
  absl::StatusOr<PaymentMethod> attached = Attach(pm.id(), customer);
  ASSERT_THAT(attached, IsOk());
  EXPECT_EQ(attached->id(), pm.id());
  EXPECT_EQ(attached->customer(), customer);
  EXPECT_EQ(attached->card().checks().cvc_check(), "pass");
  EXPECT_EQ(engine_.payment_methods().Retrieve(pm.id())->customer(), customer);

  std::vector<Event> events = Events("payment_method.attached");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data().object().payment_method().SerializeAsString(),
            attached->SerializeAsString());
  EXPECT_FALSE(events[0].data().has_previous_attributes());
}

TEST_F(PaymentMethodsTest, AttachWithoutCvcLeavesTheCheckNull) {
  std::string customer = NewCustomer();
  PaymentMethod pm = MustCreate(CardDetails("4242424242424242", ""));
  absl::StatusOr<PaymentMethod> attached = Attach(pm.id(), customer);
  ASSERT_THAT(attached, IsOk());
  EXPECT_FALSE(attached->card().checks().has_cvc_check());
}

TEST_F(PaymentMethodsTest, AttachingATestNameMintsAndAttachesOne) {
  std::string customer = NewCustomer();
  absl::StatusOr<PaymentMethod> attached = Attach("pm_card_visa", customer);
  ASSERT_THAT(attached, IsOk());
  EXPECT_THAT(attached->id(), MatchesRegex("pm_[0-9A-Za-z]{24}"));
  EXPECT_EQ(attached->customer(), customer);
  EXPECT_EQ(attached->card().checks().cvc_check(), "pass");
  EXPECT_THAT(OfCustomer(customer), ElementsAre(attached->id()));
}

TEST_F(PaymentMethodsTest, DecliningTestCardCannotBeAttached) {
  std::string customer = NewCustomer();
  const size_t events_before = engine_.events().size();
  absl::StatusOr<PaymentMethod> attached = Attach("pm_card_visa_chargeDeclined", customer);
  EXPECT_THAT(attached, StripeErrorIs("card_error", "card_declined", "generic_decline"));
  EXPECT_THAT(attached, HttpStatusIs(402));
  EXPECT_THAT(attached, StatusIs(absl::StatusCode::kFailedPrecondition, "Your card was declined."));
  EXPECT_THAT(ListIds(PaymentMethodListParams()), IsEmpty());
  EXPECT_EQ(engine_.events().size(), events_before);
}

TEST_F(PaymentMethodsTest, DecliningCardCreatedFromDetailsCannotBeAttached) {
  std::string customer = NewCustomer();
  PaymentMethod pm = MustCreate(CardDetails("4000000000009995"));
  EXPECT_THAT(Attach(pm.id(), customer),
              StripeErrorIs("card_error", "card_declined", "insufficient_funds"));
  absl::StatusOr<PaymentMethod> after = engine_.payment_methods().Retrieve(pm.id());
  ASSERT_THAT(after, IsOk());
  EXPECT_FALSE(after->has_customer());
  EXPECT_EQ(after->card().checks().cvc_check(), "unchecked");
  EXPECT_THAT(Events("payment_method.attached"), IsEmpty());
}

TEST_F(PaymentMethodsTest, ExpiredCardTestNameFailsWithItsOwnError) {
  absl::StatusOr<PaymentMethod> attached =
      Attach("pm_card_chargeDeclinedExpiredCard", NewCustomer());
  EXPECT_THAT(attached, StripeErrorWithParam("card_error", "expired_card", "exp_month"));
  EXPECT_THAT(attached, HttpStatusIs(402));
}

TEST_F(PaymentMethodsTest, RadarBlockedCardCannotBeAttached) {
  EXPECT_THAT(Attach("pm_card_radarBlock", NewCustomer()),
              StripeErrorIs("card_error", "card_declined", "fraudulent"));
}

TEST_F(PaymentMethodsTest, ChargeCustomerFailCardAttachesFine) {
  std::string customer = NewCustomer();
  absl::StatusOr<PaymentMethod> attached = Attach("pm_card_chargeCustomerFail", customer);
  ASSERT_THAT(attached, IsOk());
  EXPECT_EQ(attached->customer(), customer);
  EXPECT_EQ(attached->card().last4(), "0341");
}

TEST_F(PaymentMethodsTest, AttachingToAnotherCustomerIsRejected) {
  std::string first = NewCustomer();
  std::string second = NewCustomer();
  PaymentMethod pm = MustCreate(CardDetails("4242424242424242"));
  ASSERT_THAT(Attach(pm.id(), first), IsOk());
  absl::StatusOr<PaymentMethod> again = Attach(pm.id(), second);
  EXPECT_THAT(again, StripeErrorIs("invalid_request_error", ""));
  EXPECT_THAT(again, HttpStatusIs(400));
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kFailedPrecondition, kAlreadyAttached));
  EXPECT_EQ(engine_.payment_methods().Retrieve(pm.id())->customer(), first);
}

TEST_F(PaymentMethodsTest, AttachingAgainToTheSameCustomerChangesNothing) {
  std::string customer = NewCustomer();
  PaymentMethod pm = MustCreate(CardDetails("4242424242424242"));
  ASSERT_THAT(Attach(pm.id(), customer), IsOk());
  absl::StatusOr<PaymentMethod> again = Attach(pm.id(), customer);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->customer(), customer);
  EXPECT_EQ(Events("payment_method.attached").size(), 1u);
}

TEST_F(PaymentMethodsTest, AttachNeedsAnExistingCustomer) {
  PaymentMethod pm = MustCreate(CardDetails("4242424242424242"));
  EXPECT_THAT(engine_.payment_methods().Attach(pm.id(), PaymentMethodAttachParams()),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "customer"));
  absl::StatusOr<PaymentMethod> unknown = Attach(pm.id(), "cus_nope");
  EXPECT_THAT(unknown, StripeErrorWithParam("invalid_request_error", "resource_missing", "customer"));
  EXPECT_THAT(unknown, HttpStatusIs(400));
  EXPECT_THAT(Attach("pm_nope", NewCustomer()),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
}

TEST_F(PaymentMethodsTest, AttachingToADeletedCustomerIsResourceMissing) {
  std::string customer = NewCustomer();
  ASSERT_THAT(engine_.customers().Delete(customer), IsOk());
  EXPECT_THAT(Attach("pm_card_visa", customer),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "customer"));
  EXPECT_THAT(ListIds(PaymentMethodListParams()), IsEmpty());
}

// ---- detach ----

TEST_F(PaymentMethodsTest, DetachClearsTheCustomerForGood) {
  std::string customer = NewCustomer();
  PaymentMethod pm = MustCreate(CardDetails("4242424242424242"));
  ASSERT_THAT(Attach(pm.id(), customer), IsOk());
  absl::StatusOr<PaymentMethod> detached = engine_.payment_methods().Detach(pm.id());
  ASSERT_THAT(detached, IsOk());
  EXPECT_FALSE(detached->has_customer());
  EXPECT_THAT(OfCustomer(customer), IsEmpty());

  std::vector<Event> events = Events("payment_method.detached");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_FALSE(events[0].data().object().payment_method().has_customer());

  absl::StatusOr<PaymentMethod> reattach = Attach(pm.id(), customer);
  EXPECT_THAT(reattach, StripeErrorIs("invalid_request_error", ""));
  EXPECT_THAT(reattach, HttpStatusIs(400));
  EXPECT_THAT(engine_.payment_methods().Detach(pm.id()), StripeErrorIs("invalid_request_error", ""));
}

TEST_F(PaymentMethodsTest, DetachedPaymentMethodCannotPay) {
  std::string customer = NewCustomer();
  PaymentMethod pm = MustCreate(CardDetails("4242424242424242"));
  ASSERT_THAT(Attach(pm.id(), customer), IsOk());
  ASSERT_THAT(engine_.payment_methods().Detach(pm.id()), IsOk());
  ChargeCreateParams charge;
  charge.set_amount(500);
  charge.set_currency("usd");
  charge.set_source(pm.id());
  EXPECT_THAT(engine_.charges().Create(charge),
              StripeErrorWithParam("invalid_request_error", "", "source"));
}

TEST_F(PaymentMethodsTest, DetachingAnUnattachedPaymentMethodIsRejected) {
  PaymentMethod pm = MustCreate(CardDetails("4242424242424242"));
  absl::StatusOr<PaymentMethod> detached = engine_.payment_methods().Detach(pm.id());
  EXPECT_THAT(detached, StripeErrorIs("invalid_request_error", ""));
  EXPECT_THAT(detached, HttpStatusIs(400));
  EXPECT_THAT(engine_.payment_methods().Detach("pm_nope"),
              StripeErrorIs("invalid_request_error", "resource_missing"));
}

TEST_F(PaymentMethodsTest, DetachClearsTheCustomersDefaultPaymentMethod) {
  std::string customer = NewCustomer();
  PaymentMethod pm = MustCreate(CardDetails("4242424242424242"));
  ASSERT_THAT(Attach(pm.id(), customer), IsOk());
  CustomerUpdateParams update;
  update.mutable_invoice_settings()->set_default_payment_method(pm.id());
  ASSERT_THAT(engine_.customers().Update(customer, update), IsOk());

  ASSERT_THAT(engine_.payment_methods().Detach(pm.id()), IsOk());
  absl::StatusOr<Customer> after = engine_.customers().Retrieve(customer);
  ASSERT_THAT(after, IsOk());
  EXPECT_FALSE(after->invoice_settings().has_default_payment_method());
  std::vector<Event> updates = Events("customer.updated");
  ASSERT_EQ(updates.size(), 2u);
  EXPECT_EQ(updates[0].data().previous_attributes(),
            R"({"invoice_settings":{"default_payment_method":")" + pm.id() + R"("}})");
}

TEST_F(PaymentMethodsTest, DetachKeepsAnotherDefaultPaymentMethod) {
  std::string customer = NewCustomer();
  PaymentMethod kept = MustCreate(CardDetails("4242424242424242"));
  PaymentMethod dropped = MustCreate(CardDetails("5555555555554444"));
  ASSERT_THAT(Attach(kept.id(), customer), IsOk());
  ASSERT_THAT(Attach(dropped.id(), customer), IsOk());
  CustomerUpdateParams update;
  update.mutable_invoice_settings()->set_default_payment_method(kept.id());
  ASSERT_THAT(engine_.customers().Update(customer, update), IsOk());
  ASSERT_THAT(engine_.payment_methods().Detach(dropped.id()), IsOk());
  EXPECT_EQ(engine_.customers().Retrieve(customer)->invoice_settings().default_payment_method(),
            kept.id());
  EXPECT_EQ(Events("customer.updated").size(), 1u);
}

// ---- update ----

TEST_F(PaymentMethodsTest, UpdateRequiresAnAttachedPaymentMethod) {
  PaymentMethod pm = MustCreate(CardDetails("4242424242424242"));
  PaymentMethodUpdateParams update;
  update.mutable_billing_details()->set_name("Jenny");
  absl::StatusOr<PaymentMethod> updated = engine_.payment_methods().Update(pm.id(), update);
  EXPECT_THAT(updated, StripeErrorIs("invalid_request_error", ""));
  EXPECT_THAT(updated, HttpStatusIs(400));
  EXPECT_FALSE(engine_.payment_methods().Retrieve(pm.id())->billing_details().has_name());
}

TEST_F(PaymentMethodsTest, UpdateChangesBillingDetailsAndEmitsUpdated) {
  std::string customer = NewCustomer();
  PaymentMethod pm = MustCreate(CardDetails("4242424242424242"));
  ASSERT_THAT(Attach(pm.id(), customer), IsOk());
  PaymentMethodUpdateParams update = ParseParams<PaymentMethodUpdateParams>(R"pb(
    billing_details { name: "Jenny Rosen" address { city: "Springfield" } }
    allow_redisplay: "always"
    metadata { key: "k" value: "v" }
  )pb");
  absl::StatusOr<PaymentMethod> updated = engine_.payment_methods().Update(pm.id(), update);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->billing_details().name(), "Jenny Rosen");
  EXPECT_EQ(updated->billing_details().address().city(), "Springfield");
  EXPECT_EQ(updated->allow_redisplay(), "always");
  EXPECT_THAT(updated->metadata(), UnorderedElementsAre(Pair("k", "v")));
  EXPECT_EQ(updated->customer(), customer);

  std::vector<Event> events = Events("payment_method.updated");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data().previous_attributes(),
            R"({"allow_redisplay":"unspecified",)"
            R"("billing_details":{"address":{"city":null},"name":null},)"
            R"("metadata":{"k":null}})");
}

TEST_F(PaymentMethodsTest, UpdateValidatesAllowRedisplay) {
  std::string customer = NewCustomer();
  absl::StatusOr<PaymentMethod> pm = Attach("pm_card_visa", customer);
  ASSERT_THAT(pm, IsOk());
  PaymentMethodUpdateParams update;
  update.set_allow_redisplay("never");
  EXPECT_THAT(engine_.payment_methods().Update(pm->id(), update),
              StripeErrorWithParam("invalid_request_error", "", "allow_redisplay"));
  update.set_allow_redisplay("limited");
  absl::StatusOr<PaymentMethod> updated = engine_.payment_methods().Update(pm->id(), update);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->allow_redisplay(), "limited");
}

TEST_F(PaymentMethodsTest, UpdateChangesTheCardExpiry) {
  absl::StatusOr<PaymentMethod> pm = Attach("pm_card_visa", NewCustomer());
  ASSERT_THAT(pm, IsOk());
  PaymentMethodUpdateParams update;
  update.mutable_card()->set_exp_month(13);
  EXPECT_THAT(engine_.payment_methods().Update(pm->id(), update),
              StripeErrorWithParam("invalid_request_error", "invalid_expiry_month",
                                   "card[exp_month]"));
  update.mutable_card()->set_exp_month(2);
  update.mutable_card()->set_exp_year(2033);
  absl::StatusOr<PaymentMethod> updated = engine_.payment_methods().Update(pm->id(), update);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->card().exp_month(), 2);
  EXPECT_EQ(updated->card().exp_year(), 2033);
}

TEST_F(PaymentMethodsTest, UpdateWithoutChangesEmitsNothing) {
  absl::StatusOr<PaymentMethod> pm = Attach("pm_card_visa", NewCustomer());
  ASSERT_THAT(pm, IsOk());
  ASSERT_THAT(engine_.payment_methods().Update(pm->id(), PaymentMethodUpdateParams()), IsOk());
  EXPECT_THAT(Events("payment_method.updated"), IsEmpty());
}

// ---- list ----

TEST_F(PaymentMethodsTest, ListByCustomerIsNewestFirst) {
  std::string alice = NewCustomer();
  std::string bob = NewCustomer();
  absl::StatusOr<PaymentMethod> a1 = Attach("pm_card_visa", alice);
  absl::StatusOr<PaymentMethod> b1 = Attach("pm_card_mastercard", bob);
  absl::StatusOr<PaymentMethod> a2 = Attach("pm_card_amex", alice);
  absl::StatusOr<PaymentMethod> a3 = Attach("pm_card_discover", alice);
  ASSERT_THAT(a1, IsOk());
  ASSERT_THAT(b1, IsOk());
  ASSERT_THAT(a2, IsOk());
  ASSERT_THAT(a3, IsOk());
  EXPECT_THAT(OfCustomer(alice), ElementsAre(a3->id(), a2->id(), a1->id()));
  EXPECT_THAT(OfCustomer(bob), ElementsAre(b1->id()));

  PaymentMethodListParams page;
  page.set_customer(alice);
  page.set_limit(2);
  absl::StatusOr<ListResult<PaymentMethod>> first = engine_.payment_methods().List(page);
  ASSERT_THAT(first, IsOk());
  EXPECT_TRUE(first->has_more);
  EXPECT_EQ(first->url, "/v1/payment_methods");
  page.set_starting_after(a2->id());
  EXPECT_THAT(ListIds(page), ElementsAre(a1->id()));

  ASSERT_THAT(engine_.payment_methods().Detach(a2->id()), IsOk());
  EXPECT_THAT(OfCustomer(alice), ElementsAre(a3->id(), a1->id()));
}

TEST_F(PaymentMethodsTest, ListOfAnUnknownCustomerIsResourceMissing) {
  PaymentMethodListParams params;
  params.set_customer("cus_nope");
  EXPECT_THAT(engine_.payment_methods().List(params),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "customer"));
}

}  // namespace
}  // namespace paysim
