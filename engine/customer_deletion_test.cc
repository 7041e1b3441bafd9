// Behaviour of deleting a customer: its subscriptions that have not ended are canceled, its
// PaymentMethods detached and its tax IDs deleted before customer.deleted; ended subscriptions
// and other customers' objects are left alone; nothing of the deleted customer renews.
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::testing::ElementsAre;

class CustomerDeletionTest : public BillingTest {
 protected:
  std::vector<std::string> TypesFrom(size_t first) {
    std::vector<std::string> types;
    for (size_t i = first; i < events_.size(); ++i) types.push_back(events_[i].type());
    return types;
  }
};

TEST_F(CustomerDeletionTest, CancelsSubscriptionsDetachesPaymentMethodsDeletesTaxIds) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> subscription = Subscribe(customer, NewPrice());
  ASSERT_THAT(subscription, IsOk());
  ASSERT_EQ(subscription->status(), "active");
  TaxIdCreateParams tax_id;
  tax_id.set_type("us_ein");
  tax_id.set_value("12-3456789");
  ASSERT_THAT(engine_.tax_ids().Create(customer, tax_id), IsOk());
  const size_t first = events_.size();
  ASSERT_THAT(engine_.customers().Delete(customer), IsOk());
  EXPECT_THAT(TypesFrom(first),
              ElementsAre("customer.subscription.deleted", "payment_method.detached",
                          "customer.tax_id.deleted", "customer.deleted"));
  EXPECT_EQ(Sub(subscription->id()).status(), "canceled");
  // Nothing renews once the customer is gone.
  const size_t after = events_.size();
  clock_.Advance(absl::Hours(24 * 40));
  EXPECT_THAT(engine_.subscriptions().Retrieve(subscription->id()), IsOk());
  for (size_t i = after; i < events_.size(); ++i) {
    EXPECT_EQ(events_[i].type(), "balance.available");  // the first payment's funds only
  }
}

TEST_F(CustomerDeletionTest, EndedSubscriptionsAndOtherCustomersAreLeftAlone) {
  const std::string customer = NewCustomer();
  const std::string other = NewCustomer();
  absl::StatusOr<Subscription> ended = Subscribe(customer, NewPrice());
  ASSERT_THAT(ended, IsOk());
  ASSERT_THAT(engine_.subscriptions().Cancel(ended->id()), IsOk());
  absl::StatusOr<Subscription> theirs = Subscribe(other, NewPrice());
  ASSERT_THAT(theirs, IsOk());
  const size_t first = events_.size();
  ASSERT_THAT(engine_.customers().Delete(customer), IsOk());
  EXPECT_THAT(TypesFrom(first), ElementsAre("payment_method.detached", "customer.deleted"));
  EXPECT_EQ(Sub(theirs->id()).status(), "active");
  absl::StatusOr<ListResult<PaymentMethod>> pms = engine_.payment_methods().List(
      ParseParams<PaymentMethodListParams>(absl::StrCat("customer: \"", other, "\"")));
  ASSERT_THAT(pms, IsOk());
  EXPECT_EQ(pms->data.size(), 1u);
}

}  // namespace
}  // namespace paysim
