// Customers: the default PaymentMethod (and payment_method on create), delete, events with
// previous_attributes, list and idempotent replays.
#include <string>
#include <vector>

#include "engine/customers_test_fixture.h"
#include "engine/request_options.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace customers_test {
namespace {

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
}  // namespace customers_test
}  // namespace paysim
