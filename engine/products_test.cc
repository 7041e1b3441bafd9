// Behaviour tests of Products: create (fields, custom ids, default_price_data), the checks,
// update (previous_attributes, unsetting, default_price), delete, list, events.
#include <string>
#include <vector>

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

constexpr int64_t kStart = 1767225600;

class ProductsTest : public ::testing::Test {
 protected:
  Product MustCreate(absl::string_view text) {
    absl::StatusOr<Product> product =
        engine_.products().Create(ParseParams<ProductCreateParams>(text));
    EXPECT_THAT(product, IsOk());
    return product.value_or(Product());
  }

  std::vector<std::string> EventTypes() {
    EventListParams params;
    params.set_limit(100);
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
    std::vector<std::string> types;
    if (!page.ok()) return types;
    for (auto it = page->data.rbegin(); it != page->data.rend(); ++it) types.push_back(it->type());
    return types;
  }

  void ExpectRejected(absl::string_view text, const std::string& code, const std::string& param) {
    const size_t events = engine_.events().size();
    EXPECT_THAT(engine_.products().Create(ParseParams<ProductCreateParams>(text)),
                StripeErrorWithParam("invalid_request_error", code, param));
    EXPECT_EQ(engine_.events().size(), events);
    absl::StatusOr<ListResult<Product>> all = engine_.products().List({});
    ASSERT_THAT(all, IsOk());
    EXPECT_THAT(all->data, IsEmpty());
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 5}};
};

TEST_F(ProductsTest, CreateSetsStripeFields) {
  Product p = MustCreate(R"pb(name: "T-shirt" description: "Cotton" images: "https://img.example/1"
                             metadata { key: "sku" value: "TS-1" } unit_label: "shirt"
                             statement_descriptor: "TSHIRT SHOP" shippable: true)pb");
  EXPECT_THAT(p.id(), StartsWith("prod_"));
  EXPECT_EQ(p.id().size(), 5u + 14u);
  EXPECT_EQ(p.object(), "product");
  EXPECT_TRUE(p.active());
  EXPECT_EQ(p.created(), kStart);
  EXPECT_EQ(p.updated(), kStart);
  EXPECT_EQ(p.name(), "T-shirt");
  EXPECT_EQ(p.description(), "Cotton");
  EXPECT_THAT(p.images(), ElementsAre("https://img.example/1"));
  EXPECT_EQ(p.metadata().at("sku"), "TS-1");
  EXPECT_EQ(p.unit_label(), "shirt");
  EXPECT_EQ(p.statement_descriptor(), "TSHIRT SHOP");
  EXPECT_TRUE(p.shippable());
  EXPECT_FALSE(p.has_default_price());
  EXPECT_FALSE(p.livemode());
  EXPECT_THAT(EventTypes(), ElementsAre("product.created"));
}

TEST_F(ProductsTest, NameIsRequiredAndCannotBeEmpty) {
  ExpectRejected(R"pb(description: "x")pb", "parameter_missing", "name");
  ExpectRejected(R"pb(name: "")pb", "", "name");
}

TEST_F(ProductsTest, ChecksLimits) {
  ExpectRejected(R"pb(name: "a" images: "1" images: "2" images: "3" images: "4" images: "5"
                     images: "6" images: "7" images: "8" images: "9")pb",
                 "", "images");
  ExpectRejected(R"pb(name: "a" unit_label: "thirteen char")pb", "", "unit_label");
  ExpectRejected(R"pb(name: "a" statement_descriptor: "ab")pb", "", "statement_descriptor");
  ExpectRejected(R"pb(name: "a" metadata { key: "k[1]" value: "v" })pb", "", "metadata[k[1]]");
}

TEST_F(ProductsTest, CustomIdMustBeNew) {
  Product p = MustCreate(R"pb(id: "basic-plan" name: "Basic")pb");
  EXPECT_EQ(p.id(), "basic-plan");
  EXPECT_THAT(engine_.products().Create(ParseParams<ProductCreateParams>(
                  R"pb(id: "basic-plan" name: "Again")pb")),
              StripeErrorWithParam("invalid_request_error", "resource_already_exists", "id"));
}

TEST_F(ProductsTest, DefaultPriceDataMakesTheDefaultPrice) {
  Product p = MustCreate(R"pb(name: "Pro" default_price_data {
                                currency: "EUR" unit_amount: 1500 recurring { interval: "month" }
                              })pb");
  ASSERT_TRUE(p.has_default_price());
  absl::StatusOr<Price> price = engine_.prices().Retrieve(p.default_price());
  ASSERT_THAT(price, IsOk());
  EXPECT_EQ(price->product(), p.id());
  EXPECT_EQ(price->currency(), "eur");
  EXPECT_EQ(price->unit_amount(), 1500);
  EXPECT_EQ(price->type(), "recurring");
  EXPECT_TRUE(price->active());
  EXPECT_THAT(EventTypes(), ElementsAre("product.created", "price.created"));
}

TEST_F(ProductsTest, BadDefaultPriceDataCreatesNothing) {
  ExpectRejected(R"pb(name: "Pro" default_price_data { unit_amount: 1500 })pb",
                 "parameter_missing", "default_price_data[currency]");
  ExpectRejected(R"pb(name: "Pro" default_price_data { currency: "usd" unit_amount: -1 })pb",
                 "parameter_invalid_integer", "default_price_data[unit_amount]");
}

TEST_F(ProductsTest, UpdateRecordsPreviousAttributesAndUnsets) {
  Product p = MustCreate(R"pb(name: "T-shirt" description: "Cotton")pb");
  clock_.Advance(absl::Minutes(5));
  absl::StatusOr<Product> updated = engine_.products().Update(
      p.id(), ParseParams<ProductUpdateParams>(R"pb(name: "Tee" description: "" active: false)pb"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->name(), "Tee");
  EXPECT_FALSE(updated->has_description());
  EXPECT_FALSE(updated->active());
  EXPECT_EQ(updated->updated(), kStart + 300);
  EventListParams last;
  last.set_limit(1);
  absl::StatusOr<ListResult<Event>> events = engine_.events().List(last);
  ASSERT_THAT(events, IsOk());
  EXPECT_EQ(events->data[0].type(), "product.updated");
  EXPECT_THAT(events->data[0].data().previous_attributes(), HasSubstr(R"("name":"T-shirt")"));
  EXPECT_THAT(events->data[0].data().previous_attributes(), HasSubstr(R"("active":true)"));

  EXPECT_THAT(engine_.products().Update(p.id(), ParseParams<ProductUpdateParams>(R"pb(name: "")pb")),
              StripeErrorWithParam("invalid_request_error", "", "name"));
}

TEST_F(ProductsTest, DefaultPriceMustBeAnActivePriceOfTheProduct) {
  Product a = MustCreate(R"pb(name: "A" default_price_data { currency: "usd" unit_amount: 100 })pb");
  Product b = MustCreate(R"pb(name: "B")pb");
  EXPECT_THAT(engine_.products().Update(
                  b.id(), ParseParams<ProductUpdateParams>(
                              "default_price: \"" + a.default_price() + "\"")),
              StripeErrorWithParam("invalid_request_error", "", "default_price"));
  EXPECT_THAT(engine_.products().Update(
                  b.id(), ParseParams<ProductUpdateParams>(R"pb(default_price: "price_nope")pb")),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "default_price"));
}

TEST_F(ProductsTest, DeleteOnlyWithoutPrices) {
  Product with_price =
      MustCreate(R"pb(name: "A" default_price_data { currency: "usd" unit_amount: 100 })pb");
  EXPECT_THAT(engine_.products().Delete(with_price.id()),
              StripeErrorWithParam("invalid_request_error", "", ""));
  Product bare = MustCreate(R"pb(name: "B")pb");
  absl::StatusOr<DeletedObject> deleted = engine_.products().Delete(bare.id());
  ASSERT_THAT(deleted, IsOk());
  EXPECT_TRUE(deleted->deleted());
  EXPECT_EQ(deleted->object(), "product");
  EXPECT_THAT(engine_.products().Retrieve(bare.id()), HttpStatusIs(404));
}

TEST_F(ProductsTest, ListFiltersByActive) {
  Product a = MustCreate(R"pb(name: "A")pb");
  Product b = MustCreate(R"pb(name: "B" active: false)pb");
  ProductListParams active;
  active.set_active(true);
  absl::StatusOr<ListResult<Product>> page = engine_.products().List(active);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->data.size(), 1u);
  EXPECT_EQ(page->data[0].id(), a.id());
  page = engine_.products().List({});
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->data.size(), 2u);
  EXPECT_EQ(page->data[0].id(), b.id());  // newest first
  EXPECT_EQ(page->url, "/v1/products");
}

}  // namespace
}  // namespace paysim
