// Behaviour of customers' tax IDs: the object, verification on the clock (each boundary one
// second either side, on the customer's test clock too), list, retrieve, delete, tax_id_data
// on customer create, deletion with the customer, events, and refused calls that change
// nothing.
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class TaxIdsTest : public BillingTest {
 protected:
  absl::StatusOr<TaxId> Add(const std::string& customer, const std::string& type,
                            const std::string& value) {
    TaxIdCreateParams params;
    params.set_type(type);
    params.set_value(value);
    return engine_.tax_ids().Create(customer, params);
  }
  TaxId MustAdd(const std::string& customer, const std::string& type, const std::string& value) {
    absl::StatusOr<TaxId> tax_id = Add(customer, type, value);
    EXPECT_THAT(tax_id, IsOk());
    return tax_id.value_or(TaxId());
  }
  std::string Status(const std::string& customer, const std::string& id) {
    absl::StatusOr<TaxId> tax_id = engine_.tax_ids().Retrieve(customer, id);
    EXPECT_THAT(tax_id, IsOk());
    return tax_id.ok() ? tax_id->verification().status() : "";
  }
  std::vector<std::string> EventTypes(size_t from) {
    std::vector<std::string> types;
    for (size_t i = from; i < events_.size(); ++i) types.push_back(events_[i].type());
    return types;
  }
};

TEST_F(TaxIdsTest, AnEuVatNumberIsPendingWithItsCountryAndOwner) {
  const std::string customer = NewCustomer("");
  const size_t first = events_.size();
  const TaxId tax_id = MustAdd(customer, "eu_vat", "DE123456789");
  EXPECT_THAT(tax_id.id(), ::testing::StartsWith("txi_"));
  EXPECT_EQ(tax_id.object(), "tax_id");
  EXPECT_EQ(tax_id.country(), "DE");
  EXPECT_EQ(tax_id.created(), kStart);
  EXPECT_EQ(tax_id.customer(), customer);
  EXPECT_FALSE(tax_id.livemode());
  EXPECT_EQ(tax_id.owner().type(), "customer");
  EXPECT_EQ(tax_id.owner().customer(), customer);
  EXPECT_EQ(tax_id.type(), "eu_vat");
  EXPECT_EQ(tax_id.value(), "DE123456789");
  EXPECT_EQ(tax_id.verification().status(), "pending");
  EXPECT_FALSE(tax_id.verification().has_verified_name());
  EXPECT_THAT(EventTypes(first), ElementsAre("customer.tax_id.created"));
  EXPECT_EQ(events_[first].data().object().tax_id().id(), tax_id.id());
}

TEST_F(TaxIdsTest, VerificationAnswersAfterTheDelay) {
  const std::string customer = NewCustomer("");
  const TaxId tax_id = MustAdd(customer, "eu_vat", "FR12345678901");
  const size_t first = events_.size();
  clock_.Advance(kTaxIdVerificationDelay - absl::Seconds(1));
  EXPECT_EQ(Status(customer, tax_id.id()), "pending");
  clock_.Advance(absl::Seconds(1));
  EXPECT_EQ(Status(customer, tax_id.id()), "verified");
  ASSERT_THAT(EventTypes(first), ElementsAre("customer.tax_id.updated"));
  EXPECT_EQ(events_[first].data().previous_attributes(),
            R"({"verification":{"status":"pending"}})");
  EXPECT_EQ(events_[first].created(), kStart + absl::ToInt64Seconds(kTaxIdVerificationDelay));
}

TEST_F(TaxIdsTest, StripesTestValuesAreRejectedOrStayPending) {
  const std::string customer = NewCustomer("");
  const TaxId rejected = MustAdd(customer, "gb_vat", "GB111111111");
  const TaxId waiting = MustAdd(customer, "au_abn", "12222222222");
  clock_.Advance(absl::Hours(24));
  EXPECT_EQ(Status(customer, rejected.id()), "unverified");
  EXPECT_EQ(Status(customer, waiting.id()), "pending");
}

TEST_F(TaxIdsTest, TypesStripeDoesNotVerifyAreUnavailable) {
  const std::string customer = NewCustomer("");
  const TaxId ein = MustAdd(customer, "us_ein", "12-3456789");
  EXPECT_EQ(ein.verification().status(), "unavailable");
  EXPECT_EQ(ein.country(), "US");
  const size_t first = events_.size();
  clock_.Advance(absl::Hours(1));
  EXPECT_EQ(Status(customer, ein.id()), "unavailable");
  EXPECT_EQ(events_.size(), first);
}

TEST_F(TaxIdsTest, GreekAndOssNumbersHaveTheirCountries) {
  const std::string customer = NewCustomer("");
  EXPECT_EQ(MustAdd(customer, "eu_vat", "EL123456789").country(), "GR");
  const TaxId oss = MustAdd(customer, "eu_oss_vat", "EU123456789");
  EXPECT_FALSE(oss.has_country());
}

TEST_F(TaxIdsTest, OnATestClockVerificationFollowsTheClock) {
  absl::StatusOr<TestClock> clock = engine_.test_clocks().Create(
      ParseParams<TestClockCreateParams>(absl::StrCat("frozen_time: ", kFeb1)));
  ASSERT_THAT(clock, IsOk());
  absl::StatusOr<Customer> customer = engine_.customers().Create(
      ParseParams<CustomerCreateParams>(absl::StrCat("test_clock: \"", clock->id(), "\"")));
  ASSERT_THAT(customer, IsOk());
  const TaxId tax_id = MustAdd(customer->id(), "eu_vat", "NL123456789B01");
  EXPECT_EQ(tax_id.created(), kFeb1);
  clock_.Advance(absl::Hours(1));  // the engine's own time: not the customer's
  EXPECT_EQ(Status(customer->id(), tax_id.id()), "pending");
  const int64_t due = kFeb1 + absl::ToInt64Seconds(kTaxIdVerificationDelay);
  ASSERT_THAT(engine_.test_clocks().Advance(clock->id(), ParseParams<TestClockAdvanceParams>(
                                                             absl::StrCat("frozen_time: ", due - 1))),
              IsOk());
  EXPECT_EQ(Status(customer->id(), tax_id.id()), "pending");
  ASSERT_THAT(engine_.test_clocks().Advance(clock->id(), ParseParams<TestClockAdvanceParams>(
                                                             absl::StrCat("frozen_time: ", due))),
              IsOk());
  EXPECT_EQ(Status(customer->id(), tax_id.id()), "verified");
}

TEST_F(TaxIdsTest, ListRetrieveAndDelete) {
  const std::string customer = NewCustomer("");
  const std::string other = NewCustomer("");
  const TaxId first = MustAdd(customer, "eu_vat", "DE123456789");
  clock_.Advance(absl::Seconds(1));
  const TaxId second = MustAdd(customer, "ca_bn", "123456789");
  const TaxId theirs = MustAdd(other, "us_ein", "12-3456789");
  absl::StatusOr<ListResult<TaxId>> page = engine_.tax_ids().List(customer, TaxIdListParams());
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->data.size(), 2u);
  EXPECT_EQ(page->data[0].id(), second.id());  // newest first
  EXPECT_EQ(page->data[1].id(), first.id());
  EXPECT_EQ(page->url, "/v1/customers/" + customer + "/tax_ids");
  EXPECT_THAT(engine_.tax_ids().Retrieve(customer, theirs.id()),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(engine_.tax_ids().Delete(customer, theirs.id()), HttpStatusIs(404));

  const size_t before = events_.size();
  absl::StatusOr<DeletedObject> deleted = engine_.tax_ids().Delete(customer, first.id());
  ASSERT_THAT(deleted, IsOk());
  EXPECT_EQ(deleted->id(), first.id());
  EXPECT_EQ(deleted->object(), "tax_id");
  EXPECT_TRUE(deleted->deleted());
  EXPECT_THAT(EventTypes(before), ElementsAre("customer.tax_id.deleted"));
  EXPECT_THAT(engine_.tax_ids().Retrieve(customer, first.id()), HttpStatusIs(404));
  // A deleted pending tax ID is never verified.
  const size_t after_delete = events_.size();
  clock_.Advance(absl::Hours(1));
  EXPECT_THAT(engine_.tax_ids().Retrieve(customer, second.id()), IsOk());
  EXPECT_EQ(events_.size(), after_delete);
}

TEST_F(TaxIdsTest, WithTaxIdsEmbedsTheListWithItsCount) {
  const std::string customer = NewCustomer("");
  for (int i = 0; i < kEmbeddedTaxIdsLimit + 1; ++i) {
    MustAdd(customer, "us_ein", absl::StrCat("12-345678", i % 10));
  }
  absl::StatusOr<Customer> plain = engine_.customers().Retrieve(customer);
  ASSERT_THAT(plain, IsOk());
  EXPECT_FALSE(plain->has_tax_ids());
  absl::StatusOr<Customer> with = engine_.tax_ids().WithTaxIds(*plain);
  ASSERT_THAT(with, IsOk());
  EXPECT_EQ(with->tax_ids().object(), "list");
  EXPECT_EQ(with->tax_ids().data_size(), kEmbeddedTaxIdsLimit);
  EXPECT_TRUE(with->tax_ids().has_more());
  EXPECT_EQ(with->tax_ids().total_count(), kEmbeddedTaxIdsLimit + 1);
}

TEST_F(TaxIdsTest, TaxIdDataOnCustomerCreate) {
  const size_t first = events_.size();
  absl::StatusOr<Customer> customer = engine_.customers().Create(ParseParams<CustomerCreateParams>(
      R"pb(tax_id_data { type: "eu_vat" value: "IE1234567T" }
           tax_id_data { type: "us_ein" value: "98-7654321" })pb"));
  ASSERT_THAT(customer, IsOk());
  EXPECT_THAT(EventTypes(first),
              ElementsAre("customer.created", "customer.tax_id.created", "customer.tax_id.created"));
  absl::StatusOr<ListResult<TaxId>> page =
      engine_.tax_ids().List(customer->id(), TaxIdListParams());
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->data.size(), 2u);
  EXPECT_EQ(page->data[0].country(), "US");  // the second given is the newest
  EXPECT_EQ(page->data[1].country(), "IE");
}

TEST_F(TaxIdsTest, BadTaxIdDataCreatesNoCustomer) {
  const size_t first = events_.size();
  EXPECT_THAT(engine_.customers().Create(ParseParams<CustomerCreateParams>(
                  R"pb(tax_id_data { type: "eu_vat" value: "DE123456789" }
                       tax_id_data { type: "eu_vat" value: "US123" })pb")),
              StripeErrorWithParam("invalid_request_error", "tax_id_invalid",
                                   "tax_id_data[1][value]"));
  EXPECT_THAT(engine_.customers().Create(
                  ParseParams<CustomerCreateParams>(R"pb(tax_id_data { value: "DE123456789" })pb")),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "tax_id_data[0][type]"));
  EXPECT_EQ(events_.size(), first);
  absl::StatusOr<ListResult<Customer>> customers = engine_.customers().List(CustomerListParams());
  ASSERT_THAT(customers, IsOk());
  EXPECT_TRUE(customers->data.empty());
}

TEST_F(TaxIdsTest, DeletingTheCustomerDeletesItsTaxIds) {
  const std::string customer = NewCustomer("");
  const TaxId tax_id = MustAdd(customer, "eu_vat", "DE123456789");
  const size_t first = events_.size();
  ASSERT_THAT(engine_.customers().Delete(customer), IsOk());
  EXPECT_THAT(EventTypes(first), ElementsAre("customer.tax_id.deleted", "customer.deleted"));
  clock_.Advance(absl::Hours(1));
  EXPECT_THAT(engine_.customers().List(CustomerListParams()), IsOk());  // the timer fires
  EXPECT_EQ(events_.size(), first + 2);
}

TEST_F(TaxIdsTest, RefusalsNameTheParameterAndChangeNothing) {
  const std::string customer = NewCustomer("");
  struct Case {
    std::string type, value, code, param;
  };
  const Case cases[] = {
      {"", "DE123456789", "parameter_missing", "type"},
      {"eu_vat", "", "parameter_missing", "value"},
      {"xx_vat", "123", "", "type"},
      {"eu_vat", "123456789", "tax_id_invalid", "value"},    // no country prefix
      {"eu_vat", "US123456789", "tax_id_invalid", "value"},  // not an EU prefix
      {"gb_vat", "GB1234", "tax_id_invalid", "value"},
      {"us_ein", "123456789", "tax_id_invalid", "value"},
      {"au_abn", "1234567890", "tax_id_invalid", "value"},
      {"ch_vat", "CHE123456789", "tax_id_invalid", "value"},
  };
  const size_t first = events_.size();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.type + " " + c.value);
    TaxIdCreateParams params;
    if (!c.type.empty()) params.set_type(c.type);
    if (!c.value.empty()) params.set_value(c.value);
    EXPECT_THAT(engine_.tax_ids().Create(customer, params),
                StripeErrorWithParam("invalid_request_error", c.code, c.param));
  }
  absl::StatusOr<TaxId> malformed = Add(customer, "us_ein", "12345");
  EXPECT_THAT(malformed.status().message(), HasSubstr("Invalid value for us_ein."));
  EXPECT_THAT(Add("cus_missing", "us_ein", "12-3456789"),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_EQ(events_.size(), first);
  absl::StatusOr<ListResult<TaxId>> page = engine_.tax_ids().List(customer, TaxIdListParams());
  ASSERT_THAT(page, IsOk());
  EXPECT_TRUE(page->data.empty());
  EXPECT_THAT(Add(customer, "ch_vat", "CHE-123.456.789 MWST"), IsOk());
}

}  // namespace
}  // namespace paysim
