// checkout_fixture.h: a GoogleTest fixture for tests of Checkout Sessions: an Engine on a
// FakeClock and the calls nearly every Checkout test makes (a price, a shipping rate, the
// params of a session, the simulated customer paying). Header-only.
//
//   #include "testing/checkout_fixture.h"
//
//   class MyCheckoutTest : public paysim::testing::CheckoutFixture {};
//
//   TEST_F(MyCheckoutTest, PaysTheTotal) {
//     const paysim::Price price = NewPrice(2000);
//     absl::StatusOr<paysim::CheckoutSession> session =
//         engine_.checkout_sessions().Create(SessionParams(price));
//     ASSERT_THAT(session, paysim::testing::IsOk());
//     ASSERT_THAT(Pay(session->id(), "pm_card_visa"), paysim::testing::IsOk());
//   }
//
// Helpers that create objects fail the current test (and return an empty object) when the
// engine refuses them. The engine's options can be set through the constructor; its clock is
// always the fixture's clock_. Thread safety: as a GoogleTest fixture, one test's thread.
#ifndef PAYSIM_TESTING_CHECKOUT_FIXTURE_H_
#define PAYSIM_TESTING_CHECKOUT_FIXTURE_H_

#include <cstdint>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace testing {

class CheckoutFixture : public ::testing::Test {
 protected:
  // `options.clock` is replaced by &clock_; seed 7 unless `options` says otherwise.
  explicit CheckoutFixture(EngineOptions options = WithSeed(7))
      : engine_(WithClock(std::move(options), &clock_)) {}

  // A one-time price of `unit_amount` in `currency` for a new product named "thing";
  // `extra` adds PriceCreateParams text (`tax_behavior: "exclusive"`).
  Price NewPrice(int64_t unit_amount, absl::string_view currency = "usd",
                 absl::string_view extra = "") {
    absl::StatusOr<Price> price = engine_.prices().Create(ParseParams<PriceCreateParams>(
        absl::StrCat("currency: \"", currency, "\" unit_amount: ", unit_amount,
                     " product_data { name: \"thing\" } ", extra)));
    EXPECT_THAT(price, IsOk());
    return price.value_or(Price());
  }

  // A fixed-amount shipping rate "Ground" of `amount` in `currency`; `extra` adds
  // ShippingRateCreateParams text.
  ShippingRate NewShippingRate(int64_t amount, absl::string_view currency = "usd",
                               absl::string_view extra = "") {
    absl::StatusOr<ShippingRate> rate =
        engine_.shipping_rates().Create(ParseParams<ShippingRateCreateParams>(absl::StrCat(
            "display_name: \"Ground\" fixed_amount { amount: ", amount, " currency: \"",
            currency, "\" } ", extra)));
    EXPECT_THAT(rate, IsOk());
    return rate.value_or(ShippingRate());
  }

  // A Customer from CustomerCreateParams text (`email: "a@example.com"`).
  Customer NewCustomer(absl::string_view params = "") {
    absl::StatusOr<Customer> customer =
        engine_.customers().Create(ParseParams<CustomerCreateParams>(params));
    EXPECT_THAT(customer, IsOk());
    return customer.value_or(Customer());
  }

  // The params of a session of `mode` (hosted, with a success_url) selling one of `price`.
  CheckoutSessionCreateParams SessionParams(const Price& price,
                                            absl::string_view mode = "payment") {
    CheckoutSessionCreateParams params;
    params.set_mode(std::string(mode));
    params.set_success_url("https://example.com/success");
    CheckoutLineItemParams* item = params.add_line_items();
    item->set_price(price.id());
    item->set_quantity(1);
    return params;
  }

  // The simulated customer pays session `id` with `payment_method` (a test card alias, a
  // saved card) after entering the CheckoutPayParams text `entered` (email, billing_address,
  // shipping...); "email" defaults to jenny@example.com.
  absl::StatusOr<CheckoutPage> Pay(absl::string_view id, absl::string_view payment_method,
                                   absl::string_view entered = "") {
    CheckoutPayParams params = ParseParams<CheckoutPayParams>(entered);
    params.set_payment_method(std::string(payment_method));
    if (!params.has_email()) params.set_email("jenny@example.com");
    return engine_.checkout_page().Pay(id, params);
  }

  // How many sessions the engine lists.
  size_t SessionCount() {
    return engine_.checkout_sessions()
        .List(CheckoutSessionListParams())
        .value_or(ListResult<CheckoutSession>())
        .data.size();
  }

  FakeClock clock_;
  Engine engine_;

 private:
  static EngineOptions WithSeed(uint64_t seed) {
    EngineOptions options;
    options.seed = seed;
    return options;
  }
  static EngineOptions WithClock(EngineOptions options, FakeClock* clock) {
    options.clock = clock;
    return options;
  }
};

}  // namespace testing
}  // namespace paysim

#endif  // PAYSIM_TESTING_CHECKOUT_FIXTURE_H_
