// Behaviour tests of Stripe's Search API (engine/search.h): each operator (: ~ > < >= <=,
// null, negation), AND and OR, metadata keys, nested fields, booleans and numbers, newest
// first, pages through next_page, and the refusals (param `query`, `limit`, `page`), which
// change nothing.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr int64_t kStart = 1767225600;  // FakeClock's default: 2026-01-01T00:00:00Z

template <typename T>
std::vector<std::string> Ids(const absl::StatusOr<SearchResult<T>>& result) {
  std::vector<std::string> ids;
  if (!result.ok()) return ids;
  for (const T& object : result->data) ids.push_back(std::string(object.id()));
  return ids;
}

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    jenny_ = NewCustomer(R"pb(email: "jenny@example.com" name: "Jenny Rosen"
                              metadata { key: "plan" value: "pro" })pb");
    clock_.Advance(absl::Seconds(10));
    bob_ = NewCustomer(R"pb(email: "bob@example.org" name: "Bob" phone: "+15555550100"
                            metadata { key: "plan" value: "free" })pb");
    clock_.Advance(absl::Seconds(10));
    ann_ = NewCustomer(R"pb(email: "ann@example.com" name: "Ann Jenkins")pb");
  }

  std::string NewCustomer(const std::string& text) {
    absl::StatusOr<Customer> customer =
        engine_.customers().Create(ParseParams<CustomerCreateParams>(text));
    EXPECT_THAT(customer, IsOk());
    return customer.ok() ? std::string(customer->id()) : "";
  }

  absl::StatusOr<SearchResult<Customer>> Customers(const std::string& query,
                                                   const std::string& more = "") {
    SearchParams params = ParseParams<SearchParams>(more);
    params.set_query(query);
    return engine_.search().Customers(params);
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 7}};
  std::string jenny_, bob_, ann_;
};

TEST_F(SearchTest, EqualsIsExactAndCaseInsensitive) {
  EXPECT_THAT(Ids(Customers("email:'jenny@example.com'")), ElementsAre(jenny_));
  EXPECT_THAT(Ids(Customers("email:\"JENNY@example.COM\"")), ElementsAre(jenny_));
  EXPECT_THAT(Ids(Customers("email:'jenny@example'")), IsEmpty());
  const absl::StatusOr<SearchResult<Customer>> result = Customers("name:'bob'");
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->url, "/v1/customers/search");
  EXPECT_FALSE(result->has_more);
  EXPECT_EQ(result->next_page, "");
}

TEST_F(SearchTest, ContainsNegationNullAndMetadata) {
  EXPECT_THAT(Ids(Customers("name~'jen'")), ElementsAre(ann_, jenny_));  // newest first
  EXPECT_THAT(Ids(Customers("email~'example.com'")), ElementsAre(ann_, jenny_));
  EXPECT_THAT(Ids(Customers("metadata['plan']:'pro'")), ElementsAre(jenny_));
  EXPECT_THAT(Ids(Customers("-metadata['plan']:'pro'")), ElementsAre(ann_, bob_));
  EXPECT_THAT(Ids(Customers("metadata[\"plan\"]:null")), ElementsAre(ann_));
  EXPECT_THAT(Ids(Customers("phone:null")), ElementsAre(ann_, jenny_));
  EXPECT_THAT(Ids(Customers("-phone:null")), ElementsAre(bob_));
}

TEST_F(SearchTest, AndOrAndCreatedOneSecondEitherSide) {
  EXPECT_THAT(Ids(Customers("name~'jen' AND metadata['plan']:'pro'")), ElementsAre(jenny_));
  EXPECT_THAT(Ids(Customers("email:'bob@example.org' OR email:'ann@example.com'")),
              ElementsAre(ann_, bob_));
  const int64_t bob_created = kStart + 10;
  EXPECT_THAT(Ids(Customers(absl::StrCat("created>", bob_created - 1))), ElementsAre(ann_, bob_));
  EXPECT_THAT(Ids(Customers(absl::StrCat("created>", bob_created))), ElementsAre(ann_));
  EXPECT_THAT(Ids(Customers(absl::StrCat("created>=", bob_created))), ElementsAre(ann_, bob_));
  EXPECT_THAT(Ids(Customers(absl::StrCat("created<", bob_created + 1))),
              ElementsAre(bob_, jenny_));
  EXPECT_THAT(Ids(Customers(absl::StrCat("created<=", bob_created - 1))), ElementsAre(jenny_));
  EXPECT_THAT(Ids(Customers(absl::StrCat("created:", bob_created))), ElementsAre(bob_));
}

TEST_F(SearchTest, PagesThroughNextPage) {
  absl::StatusOr<SearchResult<Customer>> page = Customers("email~'example'", "limit: 2");
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(Ids(page), ElementsAre(ann_, bob_));
  EXPECT_TRUE(page->has_more);
  EXPECT_EQ(page->next_page, bob_);
  page = Customers("email~'example'", absl::StrCat("limit: 2 page: \"", page->next_page, "\""));
  EXPECT_THAT(Ids(page), ElementsAre(jenny_));
  EXPECT_FALSE(page->has_more);
}

TEST_F(SearchTest, RefusalsNameTheirParamAndChangeNothing) {
  const auto before = engine_.StateSummary();
  for (const char* query :
       {"", "   ", "nope:'x'", "email", "email='x'", "email:", "email:'unclosed",
        "name~'je'", "created>'soon'", "email:'a' AND name:'b' OR phone:'c'",
        "email:'a' XOR name:'b'", "metadata[plan]:'pro'", "email>null",
        "email:'a' OR email:'b' OR email:'c' OR email:'d' OR email:'e' OR email:'f' OR "
        "email:'g' OR email:'h' OR email:'i' OR email:'j' OR email:'k'"}) {
    EXPECT_THAT(Customers(query), StripeErrorWithParam("invalid_request_error", "", "query"))
        << query;
  }
  EXPECT_THAT(Customers("email~'example'", "limit: 0"),
              StripeErrorWithParam("invalid_request_error", "", "limit"));
  EXPECT_THAT(Customers("email~'example'", "limit: 101"),
              StripeErrorWithParam("invalid_request_error", "", "limit"));
  EXPECT_THAT(Customers("email~'example'", "page: \"cus_nope\""),
              StripeErrorWithParam("invalid_request_error", "", "page"));
  EXPECT_EQ(engine_.StateSummary(), before);
}

TEST_F(SearchTest, ChargesPaymentIntentsAndTheCatalog) {
  absl::StatusOr<Charge> small = engine_.charges().Create(ParseParams<ChargeCreateParams>(
      R"pb(amount: 500 currency: "usd" source: "tok_visa")pb"));
  ASSERT_THAT(small, IsOk());
  absl::StatusOr<Charge> large = engine_.charges().Create(ParseParams<ChargeCreateParams>(
      R"pb(amount: 5000 currency: "eur" source: "tok_mastercard")pb"));
  ASSERT_THAT(large, IsOk());
  SearchParams params;
  params.set_query("amount>1000");
  EXPECT_THAT(Ids(engine_.search().Charges(params)), ElementsAre(large->id()));
  params.set_query("payment_method_details.card.last4:'4242' AND refunded:'false'");
  EXPECT_THAT(Ids(engine_.search().Charges(params)), ElementsAre(small->id()));
  params.set_query("currency:'usd' OR currency:'eur'");
  EXPECT_THAT(Ids(engine_.search().Charges(params)), ElementsAre(large->id(), small->id()));

  absl::StatusOr<PaymentIntent> held =
      engine_.payment_intents().Create(ParseParams<PaymentIntentCreateParams>(
          R"pb(amount: 2000 currency: "usd" payment_method: "pm_card_visa"
               capture_method: "manual" confirm: true)pb"));
  ASSERT_THAT(held, IsOk());
  params.set_query("status:'requires_capture'");
  EXPECT_THAT(Ids(engine_.search().PaymentIntents(params)), ElementsAre(held->id()));

  absl::StatusOr<Price> price = engine_.prices().Create(ParseParams<PriceCreateParams>(
      R"pb(currency: "usd" unit_amount: 900 lookup_key: "pro_monthly"
           product_data { name: "Pro plan" } recurring { interval: "month" })pb"));
  ASSERT_THAT(price, IsOk());
  params.set_query("active:'true' AND type:'recurring' AND lookup_key:'pro_monthly'");
  EXPECT_THAT(Ids(engine_.search().Prices(params)), ElementsAre(price->id()));
  params.set_query("name~'pro p'");
  EXPECT_THAT(Ids(engine_.search().Products(params)), ElementsAre(price->product()));
  params.set_query("email:'x'");  // not a product field
  EXPECT_THAT(engine_.search().Products(params),
              StripeErrorWithParam("invalid_request_error", "", "query"));
}

}  // namespace
}  // namespace paysim
