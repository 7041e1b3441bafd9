// customers_test_fixture.h (tests only): CustomersTest, the fixture the Customers behaviour
// tests share (an engine on a FakeClock and its helpers).
#ifndef PAYSIM_ENGINE_CUSTOMERS_TEST_FIXTURE_H_
#define PAYSIM_ENGINE_CUSTOMERS_TEST_FIXTURE_H_

#include <string>
#include <vector>

#include "engine/request_options.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace customers_test {

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

inline constexpr int64_t kStart = 1767225600;  // FakeClock's default: 2026-01-01T00:00:00Z

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

}  // namespace customers_test
}  // namespace paysim

#endif  // PAYSIM_ENGINE_CUSTOMERS_TEST_FIXTURE_H_
