// payment_link_test_fixture.h (tests only): PaymentLinkTest, the fixture the tests of a Payment
// Link's settings share: an engine on a FakeClock, a price (one-time or monthly) of a new
// product, links made from text-format params, and refusals checked to change nothing.
#ifndef PAYSIM_ENGINE_PAYMENT_LINK_TEST_FIXTURE_H_
#define PAYSIM_ENGINE_PAYMENT_LINK_TEST_FIXTURE_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace payment_link_test {

using ::paysim::testing::FakeClock;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;

class PaymentLinkTest : public ::testing::Test {
 protected:
  // A new price of 15 USD, monthly when `recurring`.
  std::string Price(bool recurring) {
    absl::StatusOr<paysim::Price> price = engine_.prices().Create(ParseParams<PriceCreateParams>(
        absl::StrCat("currency: \"usd\" unit_amount: 1500 ",
                     recurring ? "recurring { interval: \"month\" } " : "",
                     "product_data { name: \"Plan\" }")));
    EXPECT_THAT(price, IsOk());
    return price.ok() ? price->id() : "";
  }
  // Create params (text format): one of a new price, and `extra`.
  std::string Link(bool recurring, const std::string& extra) {
    return absl::StrCat("line_items { price: \"", Price(recurring), "\" quantity: 1 } ", extra);
  }
  absl::StatusOr<PaymentLink> TryCreate(const std::string& text) {
    return engine_.payment_links().Create(ParseParams<PaymentLinkCreateParams>(text));
  }
  PaymentLink Create(const std::string& text) {
    absl::StatusOr<PaymentLink> link = TryCreate(text);
    EXPECT_THAT(link, IsOk());
    return link.value_or(PaymentLink());
  }
  absl::StatusOr<PaymentLink> Update(const std::string& id, const std::string& text) {
    return engine_.payment_links().Update(id, ParseParams<PaymentLinkUpdateParams>(text));
  }
  // A create refused about `param`, which makes no link (and no event).
  void ExpectRefused(const std::string& text, const std::string& param) {
    const size_t events = engine_.events().size();
    EXPECT_THAT(TryCreate(text), StripeErrorWithParam("invalid_request_error", "", param));
    EXPECT_EQ(engine_.events().size(), events);
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 7}};
};

}  // namespace payment_link_test
}  // namespace paysim

#endif  // PAYSIM_ENGINE_PAYMENT_LINK_TEST_FIXTURE_H_
