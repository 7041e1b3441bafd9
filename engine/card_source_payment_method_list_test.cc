// A customer's PaymentMethod list holds its saved cards (card sources) beside its
// PaymentMethods: newest first, with Stripe's pagination over both, only for the customer's
// own list (not the account-wide one), of type card or any type; a deleted card leaves it.
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class CardSourcePaymentMethodListTest : public BillingTest {
 protected:
  absl::StatusOr<ListResult<PaymentMethod>> List(PaymentMethodListParams params) {
    return engine_.payment_methods().List(params);
  }

  std::vector<std::string> Ids(const absl::StatusOr<ListResult<PaymentMethod>>& page) {
    std::vector<std::string> ids;
    EXPECT_THAT(page, IsOk());
    if (page.ok()) {
      for (const PaymentMethod& pm : page->data) ids.push_back(pm.id());
    }
    return ids;
  }

  PaymentMethodListParams Of(const std::string& customer) {
    PaymentMethodListParams params;
    params.set_customer(customer);
    return params;
  }

  // A customer with, one second apart: card A, PaymentMethod B, card C, PaymentMethod D.
  std::string Mixed(std::vector<std::string>* oldest_first) {
    const std::string customer = NewCustomer(/*alias=*/"");
    oldest_first->push_back(AddSource(customer, "tok_visa"));
    At(kStart + 1);
    oldest_first->push_back(AttachCard(customer, "pm_card_mastercard"));
    At(kStart + 2);
    oldest_first->push_back(AddSource(customer, "tok_amex"));
    At(kStart + 3);
    oldest_first->push_back(AttachCard(customer, "pm_card_discover"));
    return customer;
  }
};

TEST_F(CardSourcePaymentMethodListTest, SavedCardsAreListedNewestFirstAmongPaymentMethods) {
  std::vector<std::string> made;
  const std::string customer = Mixed(&made);
  absl::StatusOr<ListResult<PaymentMethod>> page = List(Of(customer));
  EXPECT_THAT(Ids(page), ElementsAre(made[3], made[2], made[1], made[0]));
  ASSERT_THAT(page, IsOk());
  EXPECT_FALSE(page->has_more);
  EXPECT_EQ(page->url, "/v1/payment_methods");
  const PaymentMethod& card = page->data[1];  // the amex source, as a card PaymentMethod
  EXPECT_EQ(card.object(), "payment_method");
  EXPECT_EQ(card.type(), "card");
  EXPECT_EQ(card.customer(), customer);
  EXPECT_EQ(card.card().brand(), "amex");
  EXPECT_EQ(card.created(), kStart + 2);

  // Of type card: the same; of another type: none of them.
  PaymentMethodListParams cards = Of(customer);
  cards.set_type("card");
  EXPECT_THAT(Ids(List(cards)), ElementsAre(made[3], made[2], made[1], made[0]));
  PaymentMethodListParams sepa = Of(customer);
  sepa.set_type("sepa_debit");
  EXPECT_THAT(Ids(List(sepa)), IsEmpty());
}

TEST_F(CardSourcePaymentMethodListTest, PagesRunAcrossCardsAndPaymentMethods) {
  std::vector<std::string> made;
  const std::string customer = Mixed(&made);
  PaymentMethodListParams first = Of(customer);
  first.set_limit(2);
  absl::StatusOr<ListResult<PaymentMethod>> page = List(first);
  EXPECT_THAT(Ids(page), ElementsAre(made[3], made[2]));
  EXPECT_TRUE(page->has_more);

  PaymentMethodListParams next = first;
  next.set_starting_after(made[2]);  // a card as the cursor
  page = List(next);
  EXPECT_THAT(Ids(page), ElementsAre(made[1], made[0]));
  EXPECT_FALSE(page->has_more);

  PaymentMethodListParams back = first;
  back.set_ending_before(made[0]);
  page = List(back);
  EXPECT_THAT(Ids(page), ElementsAre(made[2], made[1]));
  EXPECT_TRUE(page->has_more);

  PaymentMethodListParams unknown = first;
  unknown.set_starting_after("card_nothere");
  EXPECT_THAT(List(unknown), StripeErrorWithParam("invalid_request_error", "resource_missing",
                                                  "starting_after"));
}

TEST_F(CardSourcePaymentMethodListTest, WithinOneSecondPaymentMethodsComeFirst) {
  const std::string customer = NewCustomer(/*alias=*/"");
  const std::string card = AddSource(customer, "tok_visa");
  const std::string pm = AttachCard(customer, "pm_card_visa");
  EXPECT_THAT(Ids(List(Of(customer))), ElementsAre(pm, card));
}

TEST_F(CardSourcePaymentMethodListTest, OnlyTheCustomersOwnListHoldsItsCards) {
  std::vector<std::string> made;
  const std::string customer = Mixed(&made);
  const std::string other = NewCustomer(/*alias=*/"");
  const std::string others_card = AddSource(other, "tok_visa");
  EXPECT_THAT(Ids(List(Of(other))), ElementsAre(others_card));
  // The account-wide list (no customer) holds PaymentMethods only.
  PaymentMethodListParams all;
  all.set_limit(100);
  for (const std::string& id : Ids(List(all))) EXPECT_EQ(id.rfind("card_", 0), std::string::npos);
}

TEST_F(CardSourcePaymentMethodListTest, ADeletedCardLeavesTheList) {
  std::vector<std::string> made;
  const std::string customer = Mixed(&made);
  ASSERT_THAT(engine_.customer_sources().Delete(customer, made[2]), IsOk());
  EXPECT_THAT(Ids(List(Of(customer))), ElementsAre(made[3], made[1], made[0]));
  // As a cursor it is now unknown.
  PaymentMethodListParams after = Of(customer);
  after.set_starting_after(made[2]);
  EXPECT_THAT(List(after), StripeErrorWithParam("invalid_request_error", "resource_missing",
                                                "starting_after"));
}

TEST_F(CardSourcePaymentMethodListTest, ACursorOfAnotherCustomerPagesByCreation) {
  const std::string customer = NewCustomer(/*alias=*/"");
  const std::string other = NewCustomer(/*alias=*/"");
  const std::string oldest = AddSource(customer, "tok_visa");
  At(kStart + 1);
  const std::string between = AddSource(other, "tok_visa");
  At(kStart + 2);
  const std::string newest = AttachCard(customer, "pm_card_visa");
  PaymentMethodListParams after = Of(customer);
  after.set_starting_after(between);
  EXPECT_THAT(Ids(List(after)), ElementsAre(oldest));
  PaymentMethodListParams before = Of(customer);
  before.set_ending_before(between);
  absl::StatusOr<ListResult<PaymentMethod>> page = List(before);
  EXPECT_THAT(Ids(page), ElementsAre(newest));
  EXPECT_FALSE(page->has_more);
}

}  // namespace
}  // namespace paysim
