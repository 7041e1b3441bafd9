// Behaviour of Customers: fields, validation, sources, default PaymentMethod, delete, list,
// events and idempotency.
#include <string>
#include <vector>

#include "engine/request_options.h"
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

class CustomersTest : public ::testing::Test {
 protected:
  Customer MustCreate(const CustomerCreateParams& params = {}) {
    absl::StatusOr<Customer> customer = engine_.customers().Create(params);
    EXPECT_THAT(customer, IsOk());
    return customer.value_or(Customer());
  }

  Customer WithEmail(absl::string_view email) {
    CustomerCreateParams params;
    params.set_email(std::string(email));
    return MustCreate(params);
  }

  PaymentMethod MustMintPaymentMethod() {
    absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Retrieve("pm_card_visa");
    EXPECT_THAT(pm, IsOk());
    return pm.value_or(PaymentMethod());
  }

  absl::StatusOr<PaymentMethod> Attach(const std::string& pm, const std::string& customer) {
    PaymentMethodAttachParams params;
    params.set_customer(customer);
    return engine_.payment_methods().Attach(pm, params);
  }

  std::vector<Event> Events(absl::string_view type = "") {
    EventListParams params;
    params.set_limit(100);
    if (!type.empty()) params.set_type(std::string(type));
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
    EXPECT_THAT(page, IsOk());
    return page.ok() ? page->data : std::vector<Event>();
  }

  std::vector<std::string> Ids(const ListResult<Customer>& page) {
    std::vector<std::string> ids;
    for (const Customer& c : page.data) ids.push_back(c.id());
    return ids;
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 11}};
};

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

// ---- default PaymentMethod ----

TEST_F(CustomersTest, DefaultPaymentMethodMustBeAttachedOnCreate) {
  PaymentMethod pm = MustMintPaymentMethod();
  CustomerCreateParams params;
  params.mutable_invoice_settings()->set_default_payment_method(pm.id());
  absl::StatusOr<Customer> customer = engine_.customers().Create(params);
  EXPECT_THAT(customer, StripeErrorWithParam("invalid_request_error", "",
                                             "invoice_settings[default_payment_method]"));
  EXPECT_THAT(customer, HttpStatusIs(400));
  EXPECT_THAT(Events("customer.created"), IsEmpty());
}

TEST_F(CustomersTest, DefaultPaymentMethodMustBeAttachedToThisCustomerOnUpdate) {
  Customer customer = MustCreate();
  Customer other = MustCreate();
  PaymentMethod pm = MustMintPaymentMethod();
  ASSERT_THAT(Attach(pm.id(), other.id()), IsOk());
  CustomerUpdateParams update;
  update.mutable_invoice_settings()->set_default_payment_method(pm.id());
  EXPECT_THAT(engine_.customers().Update(customer.id(), update),
              StripeErrorWithParam("invalid_request_error", "",
                                   "invoice_settings[default_payment_method]"));
  EXPECT_FALSE(
      engine_.customers().Retrieve(customer.id())->invoice_settings().has_default_payment_method());
}

TEST_F(CustomersTest, UnknownDefaultPaymentMethodIsResourceMissing) {
  Customer customer = MustCreate();
  CustomerUpdateParams update;
  update.mutable_invoice_settings()->set_default_payment_method("pm_nope");
  EXPECT_THAT(engine_.customers().Update(customer.id(), update),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "invoice_settings[default_payment_method]"));
}

TEST_F(CustomersTest, AttachedPaymentMethodCanBeTheDefaultAndBeCleared) {
  Customer customer = MustCreate();
  PaymentMethod pm = MustMintPaymentMethod();
  ASSERT_THAT(Attach(pm.id(), customer.id()), IsOk());
  CustomerUpdateParams update;
  update.mutable_invoice_settings()->set_default_payment_method(pm.id());
  absl::StatusOr<Customer> updated = engine_.customers().Update(customer.id(), update);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->invoice_settings().default_payment_method(), pm.id());

  update.mutable_invoice_settings()->set_default_payment_method("");
  absl::StatusOr<Customer> cleared = engine_.customers().Update(customer.id(), update);
  ASSERT_THAT(cleared, IsOk());
  EXPECT_FALSE(cleared->invoice_settings().has_default_payment_method());
}

TEST_F(CustomersTest, PaymentMethodOnCreateIsAttached) {
  PaymentMethod pm = MustMintPaymentMethod();
  CustomerCreateParams params;
  params.set_payment_method(pm.id());
  Customer customer = MustCreate(params);
  absl::StatusOr<PaymentMethod> attached = engine_.payment_methods().Retrieve(pm.id());
  ASSERT_THAT(attached, IsOk());
  EXPECT_EQ(attached->customer(), customer.id());
  EXPECT_FALSE(customer.invoice_settings().has_default_payment_method());
  std::vector<Event> events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].type(), "customer.created");
  EXPECT_EQ(events[0].type(), "payment_method.attached");
  EXPECT_EQ(events[0].data().object().payment_method().customer(), customer.id());
}

TEST_F(CustomersTest, PaymentMethodOnCreateCanBeTheDefault) {
  PaymentMethod pm = MustMintPaymentMethod();
  CustomerCreateParams params;
  params.set_payment_method(pm.id());
  params.mutable_invoice_settings()->set_default_payment_method(pm.id());
  Customer customer = MustCreate(params);
  EXPECT_EQ(customer.invoice_settings().default_payment_method(), pm.id());
  // customer.created carries the customer as created, default included.
  std::vector<Event> created = Events("customer.created");
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].data().object().customer().invoice_settings().default_payment_method(),
            pm.id());
}

TEST_F(CustomersTest, TestPaymentMethodNameOnCreateMintsAndAttachesOne) {
  CustomerCreateParams params;
  params.set_payment_method("pm_card_mastercard");
  params.mutable_invoice_settings()->set_default_payment_method("pm_card_mastercard");
  Customer customer = MustCreate(params);
  const std::string& pm_id = customer.invoice_settings().default_payment_method();
  EXPECT_THAT(pm_id, MatchesRegex("pm_[0-9A-Za-z]{24}"));
  absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Retrieve(pm_id);
  ASSERT_THAT(pm, IsOk());
  EXPECT_EQ(pm->customer(), customer.id());
  EXPECT_EQ(pm->card().brand(), "mastercard");
}

TEST_F(CustomersTest, DecliningPaymentMethodOnCreateCreatesNothing) {
  CustomerCreateParams params;
  params.set_payment_method("pm_card_visa_chargeDeclined");
  absl::StatusOr<Customer> customer = engine_.customers().Create(params);
  EXPECT_THAT(customer, StripeErrorIs("card_error", "card_declined", "generic_decline"));
  EXPECT_THAT(customer, HttpStatusIs(402));
  EXPECT_THAT(engine_.customers().List(CustomerListParams())->data, IsEmpty());
  EXPECT_THAT(engine_.payment_methods().List(PaymentMethodListParams())->data, IsEmpty());
  EXPECT_EQ(engine_.events().size(), 0u);
}

TEST_F(CustomersTest, PaymentMethodOfAnotherCustomerCannotBeGivenOnCreate) {
  Customer other = MustCreate();
  PaymentMethod pm = MustMintPaymentMethod();
  ASSERT_THAT(Attach(pm.id(), other.id()), IsOk());
  CustomerCreateParams params;
  params.set_payment_method(pm.id());
  EXPECT_THAT(engine_.customers().Create(params),
              StripeErrorWithParam("invalid_request_error", "", "payment_method"));
}

// ---- delete ----

TEST_F(CustomersTest, DeleteReturnsADeletedObjectAndTheCustomerIsGone) {
  Customer customer = WithEmail("a@example.com");
  absl::StatusOr<DeletedObject> deleted = engine_.customers().Delete(customer.id());
  ASSERT_THAT(deleted, IsOk());
  EXPECT_EQ(deleted->id(), customer.id());
  EXPECT_EQ(deleted->object(), "customer");
  EXPECT_TRUE(deleted->deleted());

  absl::StatusOr<Customer> retrieved = engine_.customers().Retrieve(customer.id());
  EXPECT_THAT(retrieved, StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(retrieved, HttpStatusIs(404));
  EXPECT_THAT(retrieved, StatusIs(absl::StatusCode::kNotFound,
                                  "No such customer: '" + customer.id() + "'"));
  EXPECT_THAT(engine_.customers().Delete(customer.id()),
              StripeErrorIs("invalid_request_error", "resource_missing"));
  EXPECT_THAT(engine_.customers().Update(customer.id(), CustomerUpdateParams()),
              StripeErrorIs("invalid_request_error", "resource_missing"));
  EXPECT_THAT(engine_.customers().List(CustomerListParams())->data, IsEmpty());
}

// ---- events ----

TEST_F(CustomersTest, CreateEmitsCustomerCreated) {
  Customer customer = WithEmail("a@example.com");
  std::vector<Event> events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type(), "customer.created");
  EXPECT_EQ(events[0].created(), kStart);
  EXPECT_EQ(events[0].data().object().customer().SerializeAsString(), customer.SerializeAsString());
  EXPECT_FALSE(events[0].data().has_previous_attributes());
}

TEST_F(CustomersTest, UpdateEmitsCustomerUpdatedWithPreviousValues) {
  Customer customer = MustCreate(ParseParams<CustomerCreateParams>(
      R"pb(email: "old@example.com" metadata { key: "a" value: "1" })pb"));
  clock_.Advance(absl::Minutes(5));
  absl::StatusOr<Customer> updated = engine_.customers().Update(
      customer.id(), ParseParams<CustomerUpdateParams>(R"pb(
        email: "new@example.com"
        name: "New"
        metadata { key: "a" value: "" }
        metadata { key: "b" value: "2" }
      )pb"));
  ASSERT_THAT(updated, IsOk());
  std::vector<Event> events = Events("customer.updated");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].created(), kStart + 300);
  EXPECT_EQ(events[0].data().object().customer().email(), "new@example.com");
  EXPECT_EQ(events[0].data().previous_attributes(),
            R"({"email":"old@example.com","metadata":{"a":"1","b":null},"name":null})");
}

TEST_F(CustomersTest, NestedChangesReportOnlyTheChangedKeys) {
  Customer customer = MustCreate(ParseParams<CustomerCreateParams>(
      R"pb(address { line1: "1 Main St" city: "Springfield" })pb"));
  PaymentMethod pm = MustMintPaymentMethod();
  ASSERT_THAT(Attach(pm.id(), customer.id()), IsOk());
  CustomerUpdateParams update;
  update.mutable_address()->set_city("Shelbyville");
  update.mutable_invoice_settings()->set_default_payment_method(pm.id());
  ASSERT_THAT(engine_.customers().Update(customer.id(), update), IsOk());
  std::vector<Event> events = Events("customer.updated");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data().previous_attributes(),
            R"({"address":{"city":"Springfield"},)"
            R"("invoice_settings":{"default_payment_method":null}})");
}

TEST_F(CustomersTest, DeleteEmitsCustomerDeleted) {
  Customer customer = WithEmail("a@example.com");
  ASSERT_THAT(engine_.customers().Delete(customer.id()), IsOk());
  std::vector<Event> events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type(), "customer.deleted");
  EXPECT_EQ(events[0].data().object().customer().id(), customer.id());
  EXPECT_EQ(events[0].data().object().customer().email(), "a@example.com");
  EXPECT_FALSE(events[0].data().has_previous_attributes());
}

// ---- list ----

TEST_F(CustomersTest, ListIsNewestFirstAndPaginates) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(MustCreate().id());

  CustomerListParams first_page;
  first_page.set_limit(2);
  absl::StatusOr<ListResult<Customer>> page = engine_.customers().List(first_page);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(Ids(*page), ElementsAre(ids[4], ids[3]));
  EXPECT_TRUE(page->has_more);
  EXPECT_EQ(page->url, "/v1/customers");

  CustomerListParams next = first_page;
  next.set_starting_after(ids[3]);
  page = engine_.customers().List(next);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(Ids(*page), ElementsAre(ids[2], ids[1]));
  EXPECT_TRUE(page->has_more);

  next.set_starting_after(ids[1]);
  page = engine_.customers().List(next);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(Ids(*page), ElementsAre(ids[0]));
  EXPECT_FALSE(page->has_more);

  CustomerListParams previous = first_page;
  previous.set_ending_before(ids[2]);
  page = engine_.customers().List(previous);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(Ids(*page), ElementsAre(ids[4], ids[3]));
  EXPECT_FALSE(page->has_more);
}

TEST_F(CustomersTest, ListDefaultsToTenAndSkipsDeletedCustomers) {
  std::vector<std::string> ids;
  for (int i = 0; i < 12; ++i) ids.push_back(MustCreate().id());
  ASSERT_THAT(engine_.customers().Delete(ids[11]), IsOk());
  absl::StatusOr<ListResult<Customer>> page = engine_.customers().List(CustomerListParams());
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->data.size(), 10u);
  EXPECT_EQ(page->data.front().id(), ids[10]);
  EXPECT_EQ(page->data.back().id(), ids[1]);
  EXPECT_TRUE(page->has_more);
}

TEST_F(CustomersTest, ListFiltersByExactEmail) {
  Customer a1 = WithEmail("a@example.com");
  WithEmail("b@example.com");
  Customer a2 = WithEmail("a@example.com");
  WithEmail("A@example.com");
  CustomerListParams params;
  params.set_email("a@example.com");
  absl::StatusOr<ListResult<Customer>> page = engine_.customers().List(params);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(Ids(*page), ElementsAre(a2.id(), a1.id()));
  EXPECT_FALSE(page->has_more);
}

TEST_F(CustomersTest, ListRejectsABadLimitAndAnUnknownCursor) {
  CustomerListParams params;
  params.set_limit(101);
  EXPECT_THAT(engine_.customers().List(params),
              StripeErrorWithParam("invalid_request_error", "", "limit"));
  params.set_limit(0);
  EXPECT_THAT(engine_.customers().List(params),
              StripeErrorWithParam("invalid_request_error", "", "limit"));
  CustomerListParams cursor;
  cursor.set_starting_after("cus_nope");
  EXPECT_THAT(engine_.customers().List(cursor),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "starting_after"));
}

// ---- idempotency ----

TEST_F(CustomersTest, SameIdempotencyKeyAndParamsReplaysTheCustomer) {
  CustomerCreateParams params;
  params.set_email("a@example.com");
  bool replayed = false;
  absl::StatusOr<Customer> first =
      engine_.customers().Create(params, {.idempotency_key = "cust-1"});
  absl::StatusOr<Customer> second = engine_.customers().Create(
      params, {.idempotency_key = "cust-1", .idempotent_replayed = &replayed});
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(second, IsOk());
  EXPECT_TRUE(replayed);
  EXPECT_EQ(second->SerializeAsString(), first->SerializeAsString());
  EXPECT_EQ(engine_.customers().List(CustomerListParams())->data.size(), 1u);
  EXPECT_EQ(Events("customer.created").size(), 1u);
}

TEST_F(CustomersTest, ReplayReturnsTheCustomerAsFirstCreated) {
  CustomerCreateParams params;
  params.set_email("a@example.com");
  absl::StatusOr<Customer> first =
      engine_.customers().Create(params, {.idempotency_key = "cust-1"});
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(engine_.customers().Update(
                  first->id(), ParseParams<CustomerUpdateParams>(R"pb(name: "Later")pb")),
              IsOk());
  absl::StatusOr<Customer> replay =
      engine_.customers().Create(params, {.idempotency_key = "cust-1"});
  ASSERT_THAT(replay, IsOk());
  EXPECT_FALSE(replay->has_name());
}

TEST_F(CustomersTest, SameIdempotencyKeyWithOtherParamsIsAnIdempotencyError) {
  CustomerCreateParams params;
  params.set_email("a@example.com");
  ASSERT_THAT(engine_.customers().Create(params, {.idempotency_key = "cust-1"}), IsOk());
  params.set_email("b@example.com");
  absl::StatusOr<Customer> other = engine_.customers().Create(params, {.idempotency_key = "cust-1"});
  EXPECT_THAT(other, StripeErrorIs("idempotency_error", ""));
  EXPECT_THAT(other, HttpStatusIs(400));
  EXPECT_THAT(other, StatusIs(absl::StatusCode::kInvalidArgument,
                              "Keys for idempotent requests can only be used with the same "
                              "parameters they were first used with. Try using a key other than "
                              "'cust-1' if you meant to execute a different request."));
}

TEST_F(CustomersTest, IdempotencyKeyOfAnotherEndpointIsAnIdempotencyError) {
  ASSERT_THAT(engine_.customers().Create(CustomerCreateParams(), {.idempotency_key = "k"}), IsOk());
  EXPECT_THAT(engine_.tokens().Create(ParseParams<TokenCreateParams>(
                                          R"pb(card {
                                                 number: "4242424242424242"
                                                 exp_month: 1
                                                 exp_year: 2030
                                               })pb"),
                                      {.idempotency_key = "k"}),
              StripeErrorIs("idempotency_error", ""));
}

TEST_F(CustomersTest, IdempotencyKeyLongerThan255CharactersIsRejected) {
  absl::StatusOr<Customer> customer =
      engine_.customers().Create(CustomerCreateParams(), {.idempotency_key = std::string(256, 'x')});
  EXPECT_THAT(customer, StripeErrorWithParam("invalid_request_error", "", "Idempotency-Key"));
  EXPECT_THAT(customer, HttpStatusIs(400));
  EXPECT_EQ(engine_.events().size(), 0u);
}

TEST_F(CustomersTest, IdempotencyKeyIsForgottenAfter24Hours) {
  CustomerCreateParams params;
  params.set_email("a@example.com");
  absl::StatusOr<Customer> first =
      engine_.customers().Create(params, {.idempotency_key = "cust-1"});
  ASSERT_THAT(first, IsOk());
  clock_.Advance(kIdempotencyKeyLifetime - absl::Seconds(1));
  absl::StatusOr<Customer> replay =
      engine_.customers().Create(params, {.idempotency_key = "cust-1"});
  ASSERT_THAT(replay, IsOk());
  EXPECT_EQ(replay->id(), first->id());
  clock_.Advance(absl::Seconds(1));
  absl::StatusOr<Customer> fresh = engine_.customers().Create(params, {.idempotency_key = "cust-1"});
  ASSERT_THAT(fresh, IsOk());
  EXPECT_NE(fresh->id(), first->id());
  EXPECT_EQ(Events("customer.created").size(), 2u);
}

TEST_F(CustomersTest, EventsOfAnIdempotentRequestCarryTheKey) {
  ASSERT_THAT(engine_.customers().Create(CustomerCreateParams(), {.idempotency_key = "cust-1"}),
              IsOk());
  std::vector<Event> events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].request().idempotency_key(), "cust-1");
  EXPECT_THAT(events[0].request().id(), MatchesRegex("req_[0-9A-Za-z]+"));
}

}  // namespace
}  // namespace paysim
