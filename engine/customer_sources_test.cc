// Behaviour of a customer's legacy card sources: saving cards from tokens, the default source,
// retrieve/update/delete/list, charging saved cards, events, and refusals that change nothing.
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
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;

class CustomerSourcesTest : public ::testing::Test {
 protected:
  Customer MustCreateCustomer(const CustomerCreateParams& params = {}) {
    absl::StatusOr<Customer> customer = engine_.customers().Create(params);
    EXPECT_THAT(customer, IsOk());
    return customer.value_or(Customer());
  }

  absl::StatusOr<Card> AddSource(const std::string& customer, const std::string& source) {
    CustomerSourceCreateParams params;
    params.set_source(source);
    return engine_.customer_sources().Create(customer, params);
  }

  Card MustAddSource(const std::string& customer, const std::string& source) {
    absl::StatusOr<Card> card = AddSource(customer, source);
    EXPECT_THAT(card, IsOk());
    return card.value_or(Card());
  }

  std::string DefaultSource(const std::string& customer) {
    absl::StatusOr<Customer> c = engine_.customers().Retrieve(customer);
    EXPECT_THAT(c, IsOk());
    return c.ok() ? c->default_source() : "";
  }

  std::vector<std::string> EventTypes() {
    EventListParams params;
    params.set_limit(100);
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> types;
    if (page.ok()) {
      for (auto it = page->data.rbegin(); it != page->data.rend(); ++it) {
        types.push_back(it->type());
      }
    }
    return types;
  }

  absl::StatusOr<Charge> ChargeCustomer(const std::string& customer,
                                        const std::string& source = "") {
    ChargeCreateParams params;
    params.set_amount(700);
    params.set_currency("usd");
    params.set_customer(customer);
    if (!source.empty()) params.set_source(source);
    return engine_.charges().Create(params);
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 7}};
};

TEST_F(CustomerSourcesTest, TestTokenBecomesASavedCardAndTheDefault) {
  Customer customer = MustCreateCustomer();
  Card card = MustAddSource(customer.id(), "tok_visa");
  EXPECT_THAT(card.id(), MatchesRegex("card_[0-9A-Za-z]{24}"));
  EXPECT_EQ(card.object(), "card");
  EXPECT_EQ(card.customer(), customer.id());
  EXPECT_EQ(card.brand(), "Visa");
  EXPECT_EQ(card.last4(), "4242");
  EXPECT_EQ(card.funding(), "credit");
  EXPECT_EQ(card.country(), "US");
  EXPECT_EQ(card.cvc_check(), "pass");  // saving runs the CVC check
  EXPECT_FALSE(card.fingerprint().empty());
  EXPECT_EQ(DefaultSource(customer.id()), card.id());
  EXPECT_THAT(EventTypes(),
              ElementsAre("customer.created", "customer.source.created", "customer.updated"));
}

TEST_F(CustomerSourcesTest, SecondCardIsNotTheDefault) {
  Customer customer = MustCreateCustomer();
  Card first = MustAddSource(customer.id(), "tok_visa");
  Card second = MustAddSource(customer.id(), "tok_mastercard");
  EXPECT_EQ(second.brand(), "MasterCard");
  EXPECT_EQ(DefaultSource(customer.id()), first.id());
  absl::StatusOr<ListResult<Card>> list =
      engine_.customer_sources().List(customer.id(), CustomerSourceListParams());
  ASSERT_THAT(list, IsOk());
  ASSERT_EQ(list->data.size(), 2u);
  EXPECT_EQ(list->data[0].id(), second.id());  // newest first
  EXPECT_EQ(list->data[1].id(), first.id());
  EXPECT_EQ(list->url, "/v1/customers/" + customer.id() + "/sources");
}

TEST_F(CustomerSourcesTest, StoredTokenIsUsedUp) {
  absl::StatusOr<Token> token = engine_.tokens().Create(ParseParams<TokenCreateParams>(
      R"pb(card { number: "4242424242424242" exp_month: 4 exp_year: 2031 cvc: "123" })pb"));
  ASSERT_THAT(token, IsOk());
  Customer customer = MustCreateCustomer();
  Card card = MustAddSource(customer.id(), token->id());
  EXPECT_EQ(card.id(), token->card().id());
  EXPECT_EQ(card.exp_year(), 2031);
  absl::StatusOr<Card> again = AddSource(customer.id(), token->id());
  EXPECT_THAT(again,
              StripeErrorWithParam("invalid_request_error", "token_already_used", "source"));
}

TEST_F(CustomerSourcesTest, RefusalsChangeNothing) {
  Customer customer = MustCreateCustomer();
  EXPECT_THAT(AddSource("cus_missing", "tok_visa"),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(AddSource("cus_missing", "tok_visa"), HttpStatusIs(404));
  EXPECT_THAT(engine_.customer_sources().Create(customer.id(), CustomerSourceCreateParams()),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "source"));
  EXPECT_THAT(AddSource(customer.id(), "tok_nope"),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "source"));
  absl::StatusOr<Card> declined = AddSource(customer.id(), "tok_chargeDeclined");
  EXPECT_THAT(declined, StripeErrorIs("card_error", "card_declined", "generic_decline"));
  EXPECT_THAT(declined, HttpStatusIs(402));
  EXPECT_EQ(DefaultSource(customer.id()), "");
  EXPECT_THAT(engine_.customer_sources().List(customer.id(), CustomerSourceListParams())->data,
              IsEmpty());
  EXPECT_THAT(EventTypes(), ElementsAre("customer.created"));
}

TEST_F(CustomerSourcesTest, RetrieveOnlyTheCustomersOwnCard) {
  Customer owner = MustCreateCustomer();
  Customer other = MustCreateCustomer();
  Card card = MustAddSource(owner.id(), "tok_visa");
  EXPECT_THAT(engine_.customer_sources().Retrieve(owner.id(), card.id()), IsOk());
  absl::StatusOr<Card> foreign = engine_.customer_sources().Retrieve(other.id(), card.id());
  EXPECT_THAT(foreign, StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(foreign, HttpStatusIs(404));
  EXPECT_THAT(engine_.customer_sources().Retrieve(owner.id(), "card_nope"),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
}

TEST_F(CustomerSourcesTest, UpdateChangesFieldsAndAnnouncesWhatChanged) {
  Customer customer = MustCreateCustomer();
  Card card = MustAddSource(customer.id(), "tok_visa");
  absl::StatusOr<Card> updated = engine_.customer_sources().Update(
      customer.id(), card.id(),
      ParseParams<CustomerSourceUpdateParams>(
          R"pb(name: "Jenny Rosen" exp_month: 7 exp_year: 2032 address_zip: "94103"
               metadata { key: "k" value: "v" })pb"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->name(), "Jenny Rosen");
  EXPECT_EQ(updated->exp_month(), 7);
  EXPECT_EQ(updated->exp_year(), 2032);
  EXPECT_EQ(updated->address_zip(), "94103");
  EXPECT_EQ(updated->metadata().at("k"), "v");
  EXPECT_EQ(EventTypes().back(), "customer.source.updated");

  // A charge of the customer uses the updated card.
  absl::StatusOr<Charge> charge = ChargeCustomer(customer.id());
  ASSERT_THAT(charge, IsOk());
  EXPECT_EQ(charge->source().exp_month(), 7);
}

TEST_F(CustomerSourcesTest, BadExpiryIsACardErrorAndChangesNothing) {
  Customer customer = MustCreateCustomer();
  Card card = MustAddSource(customer.id(), "tok_visa");
  const size_t events = EventTypes().size();
  EXPECT_THAT(engine_.customer_sources().Update(
                  customer.id(), card.id(),
                  ParseParams<CustomerSourceUpdateParams>(R"pb(exp_month: 13 name: "x")pb")),
              StripeErrorWithParam("card_error", "invalid_expiry_month", "exp_month"));
  EXPECT_THAT(engine_.customer_sources().Update(
                  customer.id(), card.id(),
                  ParseParams<CustomerSourceUpdateParams>(R"pb(exp_year: 1999)pb")),
              StripeErrorWithParam("card_error", "invalid_expiry_year", "exp_year"));
  EXPECT_FALSE(engine_.customer_sources().Retrieve(customer.id(), card.id())->has_name());
  EXPECT_EQ(EventTypes().size(), events);
}

TEST_F(CustomerSourcesTest, DeletingTheDefaultPicksTheNewestRemaining) {
  Customer customer = MustCreateCustomer();
  Card first = MustAddSource(customer.id(), "tok_visa");
  Card second = MustAddSource(customer.id(), "tok_mastercard");
  Card third = MustAddSource(customer.id(), "tok_amex");
  absl::StatusOr<DeletedObject> deleted =
      engine_.customer_sources().Delete(customer.id(), first.id());
  ASSERT_THAT(deleted, IsOk());
  EXPECT_EQ(deleted->id(), first.id());
  EXPECT_EQ(deleted->object(), "card");
  EXPECT_TRUE(deleted->deleted());
  EXPECT_EQ(DefaultSource(customer.id()), third.id());
  std::vector<std::string> types = EventTypes();
  ASSERT_GE(types.size(), 2u);
  EXPECT_EQ(types[types.size() - 2], "customer.source.deleted");
  EXPECT_EQ(types.back(), "customer.updated");
  EXPECT_THAT(engine_.customer_sources().Retrieve(customer.id(), first.id()),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));

  // Deleting a card that is not the default leaves the default alone.
  ASSERT_THAT(engine_.customer_sources().Delete(customer.id(), second.id()), IsOk());
  EXPECT_EQ(DefaultSource(customer.id()), third.id());
  ASSERT_THAT(engine_.customer_sources().Delete(customer.id(), third.id()), IsOk());
  EXPECT_EQ(DefaultSource(customer.id()), "");
  EXPECT_THAT(ChargeCustomer(customer.id()),
              StripeErrorWithParam("invalid_request_error", "missing", "card"));
}

TEST_F(CustomerSourcesTest, ChargesTheDefaultOrTheNamedCard) {
  Customer customer = MustCreateCustomer();
  Card visa = MustAddSource(customer.id(), "tok_visa");
  Card mastercard = MustAddSource(customer.id(), "tok_mastercard");
  absl::StatusOr<Charge> by_default = ChargeCustomer(customer.id());
  ASSERT_THAT(by_default, IsOk());
  EXPECT_EQ(by_default->source().id(), visa.id());
  absl::StatusOr<Charge> named = ChargeCustomer(customer.id(), mastercard.id());
  ASSERT_THAT(named, IsOk());
  EXPECT_EQ(named->source().id(), mastercard.id());
  EXPECT_EQ(named->source().last4(), "4444");

  // Another customer's card is not linked to this one.
  Customer other = MustCreateCustomer();
  EXPECT_THAT(ChargeCustomer(other.id(), visa.id()),
              StripeErrorWithParam("invalid_request_error", "", "source"));
}

TEST_F(CustomerSourcesTest, SavedCardThatDeclinesFailsTheCharge) {
  Customer customer = MustCreateCustomer();
  Card card = MustAddSource(customer.id(), "tok_chargeCustomerFail");
  absl::StatusOr<Charge> charge = ChargeCustomer(customer.id());
  EXPECT_THAT(charge, StripeErrorIs("card_error", "card_declined", "generic_decline"));
  EXPECT_THAT(charge, HttpStatusIs(402));
  ChargeListParams list;
  list.set_customer(customer.id());
  absl::StatusOr<ListResult<Charge>> charges = engine_.charges().List(list);
  ASSERT_THAT(charges, IsOk());
  ASSERT_EQ(charges->data.size(), 1u);
  EXPECT_EQ(charges->data[0].status(), "failed");
  EXPECT_EQ(charges->data[0].source().id(), card.id());
}

TEST_F(CustomerSourcesTest, NewSourceOnUpdateReplacesAndDeletesTheOldDefault) {
  CustomerCreateParams create;
  create.set_source("tok_visa");
  Customer customer = MustCreateCustomer(create);
  CustomerUpdateParams update;
  update.set_source("tok_mastercard");
  absl::StatusOr<Customer> updated = engine_.customers().Update(customer.id(), update);
  ASSERT_THAT(updated, IsOk());
  EXPECT_NE(updated->default_source(), customer.default_source());
  EXPECT_THAT(engine_.customer_sources().Retrieve(customer.id(), customer.default_source()),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(EventTypes(),
              ElementsAre("customer.created", "customer.source.created",
                          "customer.source.created", "customer.source.deleted",
                          "customer.updated"));
}

TEST_F(CustomerSourcesTest, ListFiltersByObject) {
  Customer customer = MustCreateCustomer();
  MustAddSource(customer.id(), "tok_visa");
  EXPECT_EQ(engine_.customer_sources()
                .List(customer.id(), ParseParams<CustomerSourceListParams>(R"pb(object: "card")pb"))
                ->data.size(),
            1u);
  EXPECT_THAT(engine_.customer_sources()
                  .List(customer.id(),
                        ParseParams<CustomerSourceListParams>(R"pb(object: "bank_account")pb"))
                  ->data,
              IsEmpty());
  EXPECT_THAT(engine_.customer_sources().List(
                  customer.id(), ParseParams<CustomerSourceListParams>(R"pb(object: "x")pb")),
              StripeErrorWithParam("invalid_request_error", "", "object"));
}

TEST_F(CustomerSourcesTest, WithSourcesEmbedsTheListAndTotalCount) {
  Customer customer = MustCreateCustomer();
  for (int i = 0; i < kEmbeddedSourcesLimit + 1; ++i) MustAddSource(customer.id(), "tok_visa");
  absl::StatusOr<Customer> with = engine_.customer_sources().WithSources(customer);
  ASSERT_THAT(with, IsOk());
  EXPECT_EQ(with->sources().object(), "list");
  EXPECT_EQ(with->sources().data_size(), kEmbeddedSourcesLimit);
  EXPECT_TRUE(with->sources().has_more());
  EXPECT_EQ(with->sources().total_count(), kEmbeddedSourcesLimit + 1);
  EXPECT_EQ(with->sources().url(), "/v1/customers/" + customer.id() + "/sources");
}

}  // namespace
}  // namespace paysim
