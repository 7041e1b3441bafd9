// A customer's `tax` hash (customer_tax.h): where Stripe Tax places the customer and whether
// automatic tax is supported there, tax[ip_address], and tax[validate_location] on create and
// update (each refusal changing nothing).
#include <string>

#include "engine/customer_tax.h"
#include "testing/checkout_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;

class CustomerTaxTest : public testing::CheckoutFixture {
 protected:
  absl::StatusOr<Customer> Create(const std::string& text) {
    return engine_.customers().Create(ParseParams<CustomerCreateParams>(text));
  }
  absl::StatusOr<Customer> Update(const std::string& id, const std::string& text) {
    return engine_.customers().Update(id, ParseParams<CustomerUpdateParams>(text));
  }
  CustomerTax TaxOf(const Customer& customer) {
    return CustomerTaxOf(customer, engine_.options().automatic_tax_table);
  }
  size_t CustomerCount() {
    CustomerListParams params;
    params.set_limit(100);
    return engine_.customers().List(params).value_or(ListResult<Customer>()).data.size();
  }
};

TEST_F(CustomerTaxTest, AddressWhereTheAccountCollectsIsSupported) {
  absl::StatusOr<Customer> customer =
      Create(R"pb(address { country: "US" state: "TX" postal_code: "73301" })pb");
  ASSERT_THAT(customer, IsOk());
  const CustomerTax tax = TaxOf(*customer);
  EXPECT_EQ(tax.automatic_tax(), "supported");
  EXPECT_EQ(tax.location().country(), "US");
  EXPECT_EQ(tax.location().state(), "TX");
  EXPECT_EQ(tax.location().source(), "billing_address");
  EXPECT_FALSE(tax.has_ip_address());
}

TEST_F(CustomerTaxTest, ShippingAddressComesFirst) {
  absl::StatusOr<Customer> customer = Create(
      R"pb(address { country: "US" state: "TX" postal_code: "73301" }
           shipping { name: "J" address { line1: "1 Rue" country: "FR" postal_code: "75001" } })pb");
  ASSERT_THAT(customer, IsOk());
  const CustomerTax tax = TaxOf(*customer);
  EXPECT_EQ(tax.automatic_tax(), "supported");
  EXPECT_EQ(tax.location().country(), "FR");
  EXPECT_FALSE(tax.location().has_state());
  EXPECT_EQ(tax.location().source(), "shipping_destination");
}

TEST_F(CustomerTaxTest, ElsewhereIsNotCollectingAndNoPlaceIsUnrecognized) {
  absl::StatusOr<Customer> brazil = Create(R"pb(address { country: "BR" })pb");
  ASSERT_THAT(brazil, IsOk());
  EXPECT_EQ(TaxOf(*brazil).automatic_tax(), "not_collecting");
  EXPECT_EQ(TaxOf(*brazil).location().country(), "BR");

  // A US address needs its postal code; an IP address alone places nobody here.
  absl::StatusOr<Customer> no_zip =
      Create(R"pb(address { country: "US" state: "TX" } tax { ip_address: "203.0.113.7" })pb");
  ASSERT_THAT(no_zip, IsOk());
  const CustomerTax tax = TaxOf(*no_zip);
  EXPECT_EQ(tax.automatic_tax(), "unrecognized_location");
  EXPECT_FALSE(tax.has_location());
  EXPECT_EQ(tax.ip_address(), "203.0.113.7");
}

TEST_F(CustomerTaxTest, IpAddressIsKeptReplacedAndRemoved) {
  absl::StatusOr<Customer> customer = Create(R"pb(tax { ip_address: "2001:db8::1" })pb");
  ASSERT_THAT(customer, IsOk());
  EXPECT_EQ(TaxOf(*customer).ip_address(), "2001:db8::1");
  absl::StatusOr<Customer> updated =
      Update(customer->id(), R"pb(tax { ip_address: "198.51.100.4" })pb");
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(TaxOf(*updated).ip_address(), "198.51.100.4");
  updated = Update(customer->id(), R"pb(tax { ip_address: "" })pb");
  ASSERT_THAT(updated, IsOk());
  EXPECT_FALSE(TaxOf(*updated).has_ip_address());
}

TEST_F(CustomerTaxTest, BadValuesAreRefusedAndChangeNothing) {
  const size_t before = CustomerCount();
  EXPECT_THAT(Create(R"pb(tax { ip_address: "300.1.2.3" })pb"),
              StripeErrorWithParam("invalid_request_error", "", "tax[ip_address]"));
  EXPECT_THAT(Create(R"pb(tax { validate_location: "auto" })pb"),
              StripeErrorWithParam("invalid_request_error", "", "tax[validate_location]"));
  EXPECT_EQ(CustomerCount(), before);
  absl::StatusOr<Customer> customer = Create(R"pb(tax { ip_address: "192.0.2.1" })pb");
  ASSERT_THAT(customer, IsOk());
  EXPECT_THAT(Update(customer->id(), R"pb(tax { validate_location: "later" })pb"),
              StripeErrorWithParam("invalid_request_error", "", "tax[validate_location]"));
  EXPECT_THAT(Update(customer->id(), R"pb(tax { ip_address: "192.0.2" })pb"),
              HttpStatusIs(400));
  absl::StatusOr<Customer> fetched = engine_.customers().Retrieve(customer->id());
  ASSERT_THAT(fetched, IsOk());
  EXPECT_EQ(fetched->tax_ip_address(), "192.0.2.1");
}

TEST_F(CustomerTaxTest, ValidateImmediatelyRefusesAnUnrecognizedPlace) {
  const size_t before = CustomerCount();
  absl::StatusOr<Customer> refused =
      Create(R"pb(address { country: "US" } tax { validate_location: "immediately" })pb");
  EXPECT_THAT(refused, StripeErrorIs("invalid_request_error", "customer_tax_location_invalid"));
  EXPECT_THAT(refused, HttpStatusIs(400));
  EXPECT_EQ(CustomerCount(), before);
  // deferred (the default) takes it.
  absl::StatusOr<Customer> deferred = Create(R"pb(address { country: "US" })pb");
  ASSERT_THAT(deferred, IsOk());
  // On update, the place the update leaves counts.
  EXPECT_THAT(Update(deferred->id(), R"pb(tax { validate_location: "immediately" })pb"),
              StripeErrorIs("invalid_request_error", "customer_tax_location_invalid"));
  absl::StatusOr<Customer> fixed = Update(
      deferred->id(),
      R"pb(address { postal_code: "10001" state: "NY" } tax { validate_location: "immediately" })pb");
  ASSERT_THAT(fixed, IsOk());
  EXPECT_EQ(TaxOf(*fixed).automatic_tax(), "supported");
}

TEST_F(CustomerTaxTest, AutoChecksOnlyCustomersWithAutomaticTaxSubscriptions) {
  // Without such a subscription, an update (auto by default) may leave the place unknown.
  absl::StatusOr<Customer> plain =
      Create(R"pb(address { country: "US" state: "TX" postal_code: "73301" })pb");
  ASSERT_THAT(plain, IsOk());
  EXPECT_THAT(Update(plain->id(), R"pb(address { postal_code: "" })pb"), IsOk());

  // A customer subscribed through Checkout with automatic tax is checked.
  absl::StatusOr<Customer> taxed =
      Create(R"pb(address { country: "US" state: "TX" postal_code: "73301" })pb");
  ASSERT_THAT(taxed, IsOk());
  const Price price =
      NewPrice(1000, "usd", R"pb(tax_behavior: "exclusive" recurring { interval: "month" })pb");
  CheckoutSessionCreateParams params = SessionParams(price, "subscription");
  params.set_customer(taxed->id());
  params.mutable_automatic_tax()->set_enabled(true);
  absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(params);
  ASSERT_THAT(session, IsOk());
  ASSERT_THAT(Pay(session->id(), "pm_card_visa"), IsOk());
  absl::StatusOr<CheckoutSession> done = engine_.checkout_sessions().Retrieve(session->id());
  ASSERT_THAT(done, IsOk());
  absl::StatusOr<Subscription> sub = engine_.subscriptions().Retrieve(done->subscription());
  ASSERT_THAT(sub, IsOk());
  EXPECT_TRUE(sub->automatic_tax().enabled());  // as the session's
  EXPECT_THAT(Update(taxed->id(), R"pb(address { postal_code: "" })pb"),
              StripeErrorIs("invalid_request_error", "customer_tax_location_invalid"));
  EXPECT_THAT(Update(taxed->id(), R"pb(address { postal_code: "" }
                                       tax { validate_location: "deferred" })pb"),
              IsOk());
}

}  // namespace
}  // namespace paysim
