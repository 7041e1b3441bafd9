// Behaviour of Customers: create, retrieve, validation, update and sources. The other part,
// customers_payment_methods_test: default PaymentMethod, delete, events, list, idempotency.
#include <string>
#include <vector>

#include "engine/customers_test_fixture.h"
#include "engine/request_options.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace customers_test {
namespace {

// ---- create and retrieve ----

TEST_F(CustomersTest, CreateSetsStripeDefaults) {
  Customer customer = MustCreate();
  EXPECT_THAT(customer.id(), MatchesRegex("cus_[0-9A-Za-z]{14}"));
  EXPECT_EQ(customer.object(), "customer");
  EXPECT_FALSE(customer.has_address());
  EXPECT_EQ(customer.balance(), 0);
  EXPECT_EQ(customer.created(), kStart);
  EXPECT_FALSE(customer.has_currency());
  EXPECT_FALSE(customer.has_default_source());
  EXPECT_FALSE(customer.delinquent());
  EXPECT_FALSE(customer.has_description());
  EXPECT_FALSE(customer.has_email());
  EXPECT_THAT(customer.invoice_prefix(), MatchesRegex("[0-9A-Z]{8}"));
  ASSERT_TRUE(customer.has_invoice_settings());
  EXPECT_FALSE(customer.invoice_settings().has_default_payment_method());
  EXPECT_FALSE(customer.livemode());
  EXPECT_THAT(customer.metadata(), IsEmpty());
  EXPECT_FALSE(customer.has_name());
  EXPECT_EQ(customer.next_invoice_sequence(), 1);
  EXPECT_FALSE(customer.has_phone());
  EXPECT_THAT(customer.preferred_locales(), IsEmpty());
  EXPECT_FALSE(customer.has_shipping());
  EXPECT_EQ(customer.tax_exempt(), "none");
  EXPECT_FALSE(customer.has_test_clock());
}

TEST_F(CustomersTest, CreateKeepsEveryGivenField) {
  Customer customer = MustCreate(ParseParams<CustomerCreateParams>(R"pb(
    email: "jenny@example.com"
    name: "Jenny Rosen"
    phone: "+15555550123"
    description: "first customer"
    address { line1: "1 Main St" city: "Springfield" postal_code: "12345" country: "US" }
    shipping {
      name: "Jenny Rosen"
      phone: "+15555550100"
      address { line1: "2 Side St" city: "Shelbyville" country: "US" }
    }
    metadata { key: "order" value: "42" }
    metadata { key: "plan" value: "gold" }
  )pb"));
  EXPECT_EQ(customer.email(), "jenny@example.com");
  EXPECT_EQ(customer.name(), "Jenny Rosen");
  EXPECT_EQ(customer.phone(), "+15555550123");
  EXPECT_EQ(customer.description(), "first customer");
  EXPECT_EQ(customer.address().line1(), "1 Main St");
  EXPECT_EQ(customer.address().city(), "Springfield");
  EXPECT_EQ(customer.address().postal_code(), "12345");
  EXPECT_EQ(customer.address().country(), "US");
  EXPECT_FALSE(customer.address().has_line2());
  EXPECT_FALSE(customer.address().has_state());
  EXPECT_EQ(customer.shipping().name(), "Jenny Rosen");
  EXPECT_EQ(customer.shipping().phone(), "+15555550100");
  EXPECT_EQ(customer.shipping().address().line1(), "2 Side St");
  EXPECT_EQ(customer.shipping().address().city(), "Shelbyville");
  EXPECT_FALSE(customer.shipping().has_carrier());
  EXPECT_THAT(customer.metadata(), UnorderedElementsAre(Pair("order", "42"), Pair("plan", "gold")));
}

TEST_F(CustomersTest, RetrieveReturnsTheStoredCustomer) {
  Customer customer = WithEmail("a@example.com");
  absl::StatusOr<Customer> retrieved = engine_.customers().Retrieve(customer.id());
  ASSERT_THAT(retrieved, IsOk());
  EXPECT_EQ(retrieved->SerializeAsString(), customer.SerializeAsString());
}

TEST_F(CustomersTest, RetrieveUnknownIsResourceMissing) {
  absl::StatusOr<Customer> customer = engine_.customers().Retrieve("cus_nope");
  EXPECT_THAT(customer, StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(customer, HttpStatusIs(404));
  EXPECT_THAT(customer, StatusIs(absl::StatusCode::kNotFound, "No such customer: 'cus_nope'"));
}

TEST_F(CustomersTest, IdsAreCusAndFourteenBase62CharactersAndDistinct) {
  Customer first = MustCreate();
  Customer second = MustCreate();
  EXPECT_THAT(first.id(), MatchesRegex("cus_[0-9A-Za-z]{14}"));
  EXPECT_THAT(second.id(), MatchesRegex("cus_[0-9A-Za-z]{14}"));
  EXPECT_NE(first.id(), second.id());
  EXPECT_NE(first.invoice_prefix(), second.invoice_prefix());
}

// ---- validation ----

TEST_F(CustomersTest, InvalidEmailIsRejected) {
  CustomerCreateParams params;
  params.set_email("not-an-email");
  absl::StatusOr<Customer> customer = engine_.customers().Create(params);
  EXPECT_THAT(customer, StripeErrorWithParam("invalid_request_error", "email_invalid", "email"));
  EXPECT_THAT(customer, HttpStatusIs(400));
  EXPECT_THAT(customer,
              StatusIs(absl::StatusCode::kInvalidArgument, "Invalid email address: not-an-email"));
  EXPECT_EQ(engine_.events().size(), 0u);
}

TEST_F(CustomersTest, EmailShapesThatAreInvalid) {
  for (const char* email : {"@example.com", "a@", "a@b", "a@@b.com", "a b@example.com"}) {
    CustomerCreateParams params;
    params.set_email(email);
    EXPECT_THAT(engine_.customers().Create(params),
                StripeErrorWithParam("invalid_request_error", "email_invalid", "email"))
        << email;
  }
}

TEST_F(CustomersTest, InvalidEmailOnUpdateChangesNothing) {
  Customer customer = WithEmail("a@example.com");
  CustomerUpdateParams update;
  update.set_email("broken");
  update.set_name("Changed");
  EXPECT_THAT(engine_.customers().Update(customer.id(), update),
              StripeErrorWithParam("invalid_request_error", "email_invalid", "email"));
  absl::StatusOr<Customer> now = engine_.customers().Retrieve(customer.id());
  ASSERT_THAT(now, IsOk());
  EXPECT_EQ(now->email(), "a@example.com");
  EXPECT_FALSE(now->has_name());
}

TEST_F(CustomersTest, ShippingNeedsNameAddressAndLine1) {
  EXPECT_THAT(engine_.customers().Create(ParseParams<CustomerCreateParams>(
                  R"pb(shipping { address { line1: "1 Main St" } })pb")),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "shipping[name]"));
  EXPECT_THAT(engine_.customers().Create(
                  ParseParams<CustomerCreateParams>(R"pb(shipping { name: "Jenny" })pb")),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "shipping[address]"));
  EXPECT_THAT(engine_.customers().Create(ParseParams<CustomerCreateParams>(
                  R"pb(shipping { name: "Jenny" address { city: "Paris" } })pb")),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "shipping[address][line1]"));
}

TEST_F(CustomersTest, MetadataWithTooManyKeysIsRejected) {
  CustomerCreateParams params;
  for (int i = 0; i < 51; ++i) (*params.mutable_metadata())[absl::StrCat("k", i)] = "v";
  EXPECT_THAT(engine_.customers().Create(params),
              StripeErrorWithParam("invalid_request_error", "", "metadata"));
  params.mutable_metadata()->erase("k50");
  EXPECT_THAT(engine_.customers().Create(params), IsOk());
}

TEST_F(CustomersTest, MetadataKeyAndValueLengthsAreLimited) {
  CustomerCreateParams long_key;
  (*long_key.mutable_metadata())[std::string(41, 'k')] = "v";
  EXPECT_THAT(engine_.customers().Create(long_key),
              StripeErrorWithParam("invalid_request_error", "",
                                   "metadata[" + std::string(41, 'k') + "]"));
  CustomerCreateParams long_value;
  (*long_value.mutable_metadata())["key"] = std::string(501, 'v');
  EXPECT_THAT(engine_.customers().Create(long_value),
              StripeErrorWithParam("invalid_request_error", "", "metadata[key]"));
  CustomerCreateParams brackets;
  (*brackets.mutable_metadata())["a[b]"] = "v";
  EXPECT_THAT(engine_.customers().Create(brackets),
              StripeErrorWithParam("invalid_request_error", "", "metadata[a[b]]"));
  CustomerCreateParams at_limits;
  (*at_limits.mutable_metadata())[std::string(40, 'k')] = std::string(500, 'v');
  EXPECT_THAT(engine_.customers().Create(at_limits), IsOk());
}

// ---- update ----

TEST_F(CustomersTest, UpdateChangesOnlyTheGivenFields) {
  Customer customer = MustCreate(ParseParams<CustomerCreateParams>(
      R"pb(email: "a@example.com" name: "Ann" description: "d" phone: "1")pb"));
  absl::StatusOr<Customer> updated = engine_.customers().Update(
      customer.id(), ParseParams<CustomerUpdateParams>(R"pb(name: "Anne" phone: "2")pb"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->name(), "Anne");
  EXPECT_EQ(updated->phone(), "2");
  EXPECT_EQ(updated->email(), "a@example.com");
  EXPECT_EQ(updated->description(), "d");
  EXPECT_EQ(updated->created(), customer.created());
  EXPECT_EQ(engine_.customers().Retrieve(customer.id())->SerializeAsString(),
            updated->SerializeAsString());
}

TEST_F(CustomersTest, UpdateMergesMetadataAndEmptyValueRemovesAKey) {
  Customer customer = MustCreate(ParseParams<CustomerCreateParams>(R"pb(
    metadata { key: "keep" value: "1" }
    metadata { key: "drop" value: "2" }
    metadata { key: "change" value: "3" }
  )pb"));
  absl::StatusOr<Customer> updated = engine_.customers().Update(
      customer.id(), ParseParams<CustomerUpdateParams>(R"pb(
        metadata { key: "drop" value: "" }
        metadata { key: "change" value: "33" }
        metadata { key: "new" value: "4" }
      )pb"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_THAT(updated->metadata(), UnorderedElementsAre(Pair("keep", "1"), Pair("change", "33"),
                                                        Pair("new", "4")));
}

TEST_F(CustomersTest, UpdateBeyondFiftyMetadataKeysChangesNothing) {
  CustomerCreateParams params;
  for (int i = 0; i < 50; ++i) (*params.mutable_metadata())[absl::StrCat("k", i)] = "v";
  Customer customer = MustCreate(params);
  CustomerUpdateParams update;
  (*update.mutable_metadata())["one_more"] = "v";
  update.set_name("Changed");
  EXPECT_THAT(engine_.customers().Update(customer.id(), update),
              StripeErrorWithParam("invalid_request_error", "", "metadata"));
  absl::StatusOr<Customer> now = engine_.customers().Retrieve(customer.id());
  ASSERT_THAT(now, IsOk());
  EXPECT_EQ(now->metadata().size(), 50u);
  EXPECT_FALSE(now->has_name());
  // Removing one key makes room for another in the same update.
  (*update.mutable_metadata())["k0"] = "";
  EXPECT_THAT(engine_.customers().Update(customer.id(), update), IsOk());
}

TEST_F(CustomersTest, EmptyStringUnsetsAnOptionalString) {
  Customer customer = MustCreate(ParseParams<CustomerCreateParams>(
      R"pb(email: "a@example.com" name: "Ann" description: "d" phone: "1")pb"));
  absl::StatusOr<Customer> updated = engine_.customers().Update(
      customer.id(),
      ParseParams<CustomerUpdateParams>(R"pb(email: "" name: "" description: "" phone: "")pb"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_FALSE(updated->has_email());
  EXPECT_FALSE(updated->has_name());
  EXPECT_FALSE(updated->has_description());
  EXPECT_FALSE(updated->has_phone());
  std::vector<Event> events = Events("customer.updated");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data().previous_attributes(),
            R"({"description":"d","email":"a@example.com","name":"Ann","phone":"1"})");
}

TEST_F(CustomersTest, EmptyStringOnCreateLeavesTheFieldNull) {
  Customer customer =
      MustCreate(ParseParams<CustomerCreateParams>(R"pb(email: "" name: "")pb"));
  EXPECT_FALSE(customer.has_email());
  EXPECT_FALSE(customer.has_name());
}

TEST_F(CustomersTest, DecliningTestTokenCannotBeSaved) {
  CustomerCreateParams params;
  params.set_source("tok_chargeDeclined");
  absl::StatusOr<Customer> customer = engine_.customers().Create(params);
  EXPECT_THAT(customer, StripeErrorIs("card_error", "card_declined", "generic_decline"));
  EXPECT_THAT(customer, HttpStatusIs(402));
  EXPECT_THAT(engine_.customers().List(CustomerListParams())->data, IsEmpty());
}

TEST_F(CustomersTest, UpdateUnknownIsResourceMissing) {
  EXPECT_THAT(engine_.customers().Update("cus_nope", CustomerUpdateParams()),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
}

TEST_F(CustomersTest, UpdateWithoutChangesEmitsNoEvent) {
  Customer customer = WithEmail("a@example.com");
  ASSERT_THAT(engine_.customers().Update(
                  customer.id(), ParseParams<CustomerUpdateParams>(R"pb(email: "a@example.com")pb")),
              IsOk());
  EXPECT_THAT(Events("customer.updated"), IsEmpty());
}

// ---- sources ----

TEST_F(CustomersTest, TestTokenSourceBecomesTheDefaultCard) {
  CustomerCreateParams params;
  params.set_source("tok_visa");
  absl::StatusOr<Customer> customer = engine_.customers().Create(params);
  ASSERT_THAT(customer, IsOk());
  EXPECT_THAT(customer->default_source(), MatchesRegex("card_[0-9A-Za-z]{24}"));

  // The saved card pays a charge of the customer: it belongs to the customer.
  ChargeCreateParams charge;
  charge.set_amount(500);
  charge.set_currency("usd");
  charge.set_customer(customer->id());
  absl::StatusOr<Charge> paid = engine_.charges().Create(charge);
  ASSERT_THAT(paid, IsOk());
  EXPECT_EQ(paid->source().id(), customer->default_source());
  EXPECT_EQ(paid->source().customer(), customer->id());
  EXPECT_EQ(paid->source().brand(), "Visa");
  EXPECT_EQ(paid->source().last4(), "4242");
}

TEST_F(CustomersTest, CreatedTokenSourceIsUsedUpAndItsCardSaved) {
  TokenCreateParams token_params = ParseParams<TokenCreateParams>(
      R"pb(card { number: "5555555555554444" exp_month: 4 exp_year: 2031 cvc: "123" })pb");
  absl::StatusOr<Token> token = engine_.tokens().Create(token_params);
  ASSERT_THAT(token, IsOk());
  CustomerCreateParams params;
  params.set_source(token->id());
  absl::StatusOr<Customer> customer = engine_.customers().Create(params);
  ASSERT_THAT(customer, IsOk());
  EXPECT_EQ(customer->default_source(), token->card().id());
  EXPECT_TRUE(engine_.tokens().Retrieve(token->id())->used());

  ChargeCreateParams charge;
  charge.set_amount(500);
  charge.set_currency("usd");
  charge.set_customer(customer->id());
  absl::StatusOr<Charge> paid = engine_.charges().Create(charge);
  ASSERT_THAT(paid, IsOk());
  EXPECT_EQ(paid->source().id(), token->card().id());
  EXPECT_EQ(paid->source().customer(), customer->id());
  EXPECT_EQ(paid->source().exp_month(), 4);
  EXPECT_EQ(paid->source().exp_year(), 2031);
}

TEST_F(CustomersTest, UsedTokenSourceIsRejectedAndNoCustomerCreated) {
  absl::StatusOr<Token> token = engine_.tokens().Create(ParseParams<TokenCreateParams>(
      R"pb(card { number: "4242424242424242" exp_month: 4 exp_year: 2031 })pb"));
  ASSERT_THAT(token, IsOk());
  CustomerCreateParams params;
  params.set_source(token->id());
  ASSERT_THAT(engine_.customers().Create(params), IsOk());
  absl::StatusOr<Customer> second = engine_.customers().Create(params);
  EXPECT_THAT(second, StripeErrorWithParam("invalid_request_error", "token_already_used", "source"));
  EXPECT_THAT(second, HttpStatusIs(400));
  EXPECT_EQ(engine_.customers().List(CustomerListParams())->data.size(), 1u);
  EXPECT_EQ(Events("customer.created").size(), 1u);
}

TEST_F(CustomersTest, UnknownSourceIsResourceMissing) {
  CustomerCreateParams params;
  params.set_source("tok_doesnotexist");
  EXPECT_THAT(engine_.customers().Create(params),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "source"));
}

TEST_F(CustomersTest, UpdateWithSourceReplacesTheDefaultSource) {
  CustomerCreateParams create;
  create.set_source("tok_visa");
  Customer customer = MustCreate(create);
  CustomerUpdateParams update;
  update.set_source("tok_mastercard");
  absl::StatusOr<Customer> updated = engine_.customers().Update(customer.id(), update);
  ASSERT_THAT(updated, IsOk());
  EXPECT_THAT(updated->default_source(), MatchesRegex("card_[0-9A-Za-z]{24}"));
  EXPECT_NE(updated->default_source(), customer.default_source());
  // Stripe deletes the old default: it is no longer the customer's.
  CustomerUpdateParams back;
  back.set_default_source(customer.default_source());
  EXPECT_THAT(engine_.customers().Update(customer.id(), back),
              StripeErrorWithParam("invalid_request_error", "", "default_source"));
}

TEST_F(CustomersTest, DefaultSourceMustBelongToTheCustomer) {
  CustomerCreateParams with_card;
  with_card.set_source("tok_visa");
  Customer owner = MustCreate(with_card);
  Customer other = MustCreate();
  CustomerUpdateParams update;
  update.set_default_source(owner.default_source());
  EXPECT_THAT(engine_.customers().Update(other.id(), update),
              StripeErrorWithParam("invalid_request_error", "", "default_source"));
}

}  // namespace
}  // namespace customers_test
}  // namespace paysim
