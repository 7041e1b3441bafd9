// Behaviour tests of payment_settings[payment_method_types] on subscriptions and invoices:
// given types are copied from a subscription onto each invoice it makes and restrict the
// invoice's PaymentIntent (Stripe's documented ACH subscription: default_incomplete, confirmed
// with a bank account, active when the debit settles, kBankDebitSettlementDelay later, one
// second either side); without them, Stripe's automatic choice adds the bank debit type of the
// payment method an attempt charges; a type outside given ones fails the attempt; bad types
// are refused naming the parameter and change nothing.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/billing_test_fixture.h"
#include "engine/checkout_sessions.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kAchData[] = R"pb(
  type: "us_bank_account"
  us_bank_account { account_number: "000123456789" routing_number: "110000000" }
  billing_details { name: "Jenny Rosen" })pb";

template <typename Repeated>
std::vector<std::string> Types(const Repeated& types) {
  return std::vector<std::string>(types.begin(), types.end());
}

class SubscriptionPaymentMethodTypesTest : public BillingTest {
 protected:
  // An ACH account saved on `customer` with a multi-use mandate (a confirmed SetupIntent).
  std::string SetUpAch(const std::string& customer) {
    SetupIntentCreateParams params;
    params.set_customer(customer);
    params.add_payment_method_types("us_bank_account");
    *params.mutable_payment_method_data() =
        testing::ParseParams<PaymentMethodDataParams>(kAchData);
    params.mutable_mandate_data()->mutable_customer_acceptance()->set_type("offline");
    params.set_confirm(true);
    absl::StatusOr<SetupIntent> si = engine_.setup_intents().Create(params);
    EXPECT_THAT(si, IsOk());
    return si.ok() ? si->payment_method() : "";
  }

  PaymentIntent IntentOf(const Invoice& invoice) {
    return engine_.payment_intents().Retrieve(invoice.payment_intent_id()).value_or(
        PaymentIntent());
  }

  size_t SubscriptionCount() {
    SubscriptionListParams params;
    params.set_status("all");
    return engine_.subscriptions().List(params)->data.size();
  }
};

TEST_F(SubscriptionPaymentMethodTypesTest, AchSubscriptionIsActiveWhenTheDebitSettles) {
  At(1767225600);  // 2026-01-01
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(), R"pb(
    payment_behavior: "default_incomplete"
    payment_settings {
      save_default_payment_method: "on_subscription"
      payment_method_types: "us_bank_account"
    })pb");
  ASSERT_THAT(sub, IsOk());
  EXPECT_THAT(Types(sub->payment_settings().payment_method_types()),
              ElementsAre("us_bank_account"));
  const Invoice first = Inv(sub->latest_invoice());
  EXPECT_THAT(Types(first.payment_settings().payment_method_types()),
              ElementsAre("us_bank_account"));
  EXPECT_THAT(Types(IntentOf(first).payment_method_types()), ElementsAre("us_bank_account"));

  PaymentIntentConfirmParams confirm;
  *confirm.mutable_payment_method_data() =
      testing::ParseParams<PaymentMethodDataParams>(kAchData);
  confirm.mutable_mandate_data()->mutable_customer_acceptance()->set_type("offline");
  absl::StatusOr<PaymentIntent> pi =
      engine_.payment_intents().Confirm(first.payment_intent_id(), confirm);
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->status(), "processing");
  EXPECT_EQ(Sub(sub->id()).status(), "incomplete");

  const int64_t settles = 1767225600 + absl::ToInt64Seconds(kBankDebitSettlementDelay);
  At(settles - 1);
  EXPECT_EQ(Inv(first.id()).status(), "open");
  EXPECT_EQ(Sub(sub->id()).status(), "incomplete");
  At(settles);
  EXPECT_EQ(Inv(first.id()).status(), "paid");
  const Subscription active = Sub(sub->id());
  EXPECT_EQ(active.status(), "active");
  EXPECT_EQ(active.default_payment_method(), pi->payment_method());
  At(settles + 1);
  EXPECT_EQ(Sub(sub->id()).status(), "active");
}

TEST_F(SubscriptionPaymentMethodTypesTest, AutomaticChoiceTakesTheBankDebitTypeOfTheDefault) {
  At(1767225600);
  const std::string customer = NewCustomer();
  const std::string ach = SetUpAch(customer);
  absl::StatusOr<Subscription> sub =
      Subscribe(customer, NewPrice(), absl::StrCat("default_payment_method: \"", ach, "\""));
  ASSERT_THAT(sub, IsOk());
  EXPECT_THAT(Types(sub->payment_settings().payment_method_types()), IsEmpty());
  const Invoice first = Inv(sub->latest_invoice());
  EXPECT_THAT(Types(first.payment_settings().payment_method_types()), IsEmpty());
  const PaymentIntent pi = IntentOf(first);
  EXPECT_THAT(Types(pi.payment_method_types()), ElementsAre("card", "us_bank_account"));
  EXPECT_EQ(pi.status(), "processing");
  EXPECT_EQ(pi.payment_method(), ach);

  // A card subscription's invoices keep Stripe's card-only choice.
  const std::string card_customer = NewCustomer();
  absl::StatusOr<Subscription> card_sub = Subscribe(card_customer, NewPrice());
  ASSERT_THAT(card_sub, IsOk());
  EXPECT_THAT(Types(IntentOf(Inv(card_sub->latest_invoice())).payment_method_types()),
              ElementsAre("card"));
}

TEST_F(SubscriptionPaymentMethodTypesTest, ATypeOutsideTheGivenOnesFailsTheAttempt) {
  At(1767225600);
  const std::string customer = NewCustomer();
  const std::string ach = SetUpAch(customer);
  absl::StatusOr<Subscription> sub = Subscribe(
      customer, NewPrice(),
      absl::StrCat("default_payment_method: \"", ach,
                   "\" payment_behavior: \"allow_incomplete\" "
                   "payment_settings { payment_method_types: \"card\" }"));
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->status(), "incomplete");
  const Invoice first = Inv(sub->latest_invoice());
  EXPECT_EQ(first.status(), "open");
  EXPECT_EQ(first.attempt_count(), 1);
  EXPECT_THAT(Types(IntentOf(first).payment_method_types()), ElementsAre("card"));
  EXPECT_EQ(IntentOf(first).status(), "requires_payment_method");

  InvoicePayParams pay;
  pay.set_payment_method(ach);
  EXPECT_THAT(engine_.invoices().Pay(first.id(), pay),
              StripeErrorWithParam("invalid_request_error", "", "payment_method"));
  EXPECT_EQ(Inv(first.id()).status(), "open");
  EXPECT_EQ(Inv(first.id()).attempt_count(), 1);  // refused before any attempt
}

TEST_F(SubscriptionPaymentMethodTypesTest, UpdatesReachLaterInvoicesAndEmptyingRestoresTheChoice) {
  At(1767225600);
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice());
  ASSERT_THAT(sub, IsOk());
  SubscriptionChangeParams update = testing::ParseParams<SubscriptionChangeParams>(
      R"pb(payment_settings { payment_method_types: "card"
                              payment_method_types: "sepa_debit" })pb");
  absl::StatusOr<Subscription> updated = engine_.subscriptions().Update(sub->id(), update);
  ASSERT_THAT(updated, IsOk());
  EXPECT_THAT(Types(updated->payment_settings().payment_method_types()),
              ElementsAre("card", "sepa_debit"));
  EXPECT_EQ(updated->payment_settings().save_default_payment_method(), "off");

  const int64_t renewal = updated->items().data(0).current_period_end();
  At(renewal - 1);
  EXPECT_EQ(InvoicesOf(sub->id()).size(), 1u);
  At(renewal);
  std::vector<Invoice> invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_THAT(Types(invoices[1].payment_settings().payment_method_types()),
              ElementsAre("card", "sepa_debit"));

  update = testing::ParseParams<SubscriptionChangeParams>(
      R"pb(payment_settings { payment_method_types_emptied: true })pb");
  updated = engine_.subscriptions().Update(sub->id(), update);
  ASSERT_THAT(updated, IsOk());
  EXPECT_THAT(Types(updated->payment_settings().payment_method_types()), IsEmpty());
  At(updated->items().data(0).current_period_end() + 3600);  // the renewal, finalized
  invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 3u);
  EXPECT_THAT(Types(invoices[2].payment_settings().payment_method_types()), IsEmpty());
  EXPECT_THAT(Types(IntentOf(invoices[2]).payment_method_types()), ElementsAre("card"));
}

TEST_F(SubscriptionPaymentMethodTypesTest, AnOpenInvoicesIntentFollowsItsTypes) {
  const std::string customer = NewCustomer();
  InvoiceItemCreateParams item;
  item.set_customer(customer);
  item.set_amount(2500);
  item.set_currency("usd");
  ASSERT_THAT(engine_.invoice_items().Create(item), IsOk());
  InvoiceCreateParams create = testing::ParseParams<InvoiceCreateParams>(
      R"pb(pending_invoice_items_behavior: "include"
           payment_settings { payment_method_types: "us_bank_account" })pb");
  create.set_customer(customer);
  absl::StatusOr<Invoice> draft = engine_.invoices().Create(create);
  ASSERT_THAT(draft, IsOk());
  EXPECT_THAT(Types(draft->payment_settings().payment_method_types()),
              ElementsAre("us_bank_account"));
  absl::StatusOr<Invoice> open = engine_.invoices().Finalize(draft->id(), InvoiceFinalizeParams());
  ASSERT_THAT(open, IsOk());
  EXPECT_THAT(Types(IntentOf(*open).payment_method_types()), ElementsAre("us_bank_account"));

  InvoiceUpdateParams update = testing::ParseParams<InvoiceUpdateParams>(
      R"pb(payment_settings { payment_method_types: "card"
                              payment_method_types: "us_bank_account" })pb");
  absl::StatusOr<Invoice> updated = engine_.invoices().Update(open->id(), update);
  ASSERT_THAT(updated, IsOk());
  EXPECT_THAT(Types(updated->payment_settings().payment_method_types()),
              ElementsAre("card", "us_bank_account"));
  EXPECT_THAT(Types(IntentOf(*updated).payment_method_types()),
              ElementsAre("card", "us_bank_account"));
}

TEST_F(SubscriptionPaymentMethodTypesTest, BadTypesAreRefusedAndChangeNothing) {
  const std::string customer = NewCustomer();
  const std::string price = NewPrice();
  EXPECT_THAT(Subscribe(customer, price,
                        R"pb(payment_settings { payment_method_types: "card"
                                                payment_method_types: "paypal" })pb"),
              StripeErrorWithParam("invalid_request_error", "",
                                   "payment_settings[payment_method_types][1]"));
  EXPECT_EQ(SubscriptionCount(), 0u);

  // error_if_incomplete: a card where only bank accounts may pay is refused up front.
  EXPECT_THAT(Subscribe(customer, price,
                        R"pb(payment_behavior: "error_if_incomplete"
                             payment_settings { payment_method_types: "us_bank_account" })pb"),
              StripeErrorWithParam("invalid_request_error", "", "payment_method"));
  EXPECT_EQ(SubscriptionCount(), 0u);

  absl::StatusOr<Subscription> sub = Subscribe(customer, price);
  ASSERT_THAT(sub, IsOk());
  const SubscriptionChangeParams update = testing::ParseParams<SubscriptionChangeParams>(
      R"pb(payment_settings { payment_method_types: "klarna" })pb");
  EXPECT_THAT(engine_.subscriptions().Update(sub->id(), update),
              StripeErrorWithParam("invalid_request_error", "",
                                   "payment_settings[payment_method_types][0]"));
  EXPECT_THAT(Types(Sub(sub->id()).payment_settings().payment_method_types()), IsEmpty());

  InvoiceCreateParams create = testing::ParseParams<InvoiceCreateParams>(
      R"pb(payment_settings { payment_method_types: "ideal" })pb");
  create.set_customer(customer);
  absl::StatusOr<Invoice> refused = engine_.invoices().Create(create);
  EXPECT_THAT(refused, StripeErrorWithParam("invalid_request_error", "",
                                            "payment_settings[payment_method_types][0]"));
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("ideal"));
  EXPECT_EQ(InvoicesOf(sub->id()).size(), 1u);
}

// An error_if_incomplete change billed now whose payment method the subscription's types
// refuse is refused before any part of the request is committed: its add_invoice_items and
// its coupon as well.
TEST_F(SubscriptionPaymentMethodTypesTest, RefusedErrorIfIncompleteChangeCommitsNothing) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(1000));
  ASSERT_THAT(sub, IsOk());
  ASSERT_THAT(engine_.subscriptions().Update(
                  sub->id(), testing::ParseParams<SubscriptionChangeParams>(R"pb(
                    payment_settings { payment_method_types: "us_bank_account" })pb")),
              IsOk());
  absl::StatusOr<Coupon> coupon = engine_.coupons().Create(
      testing::ParseParams<CouponCreateParams>(R"pb(percent_off: 10 duration: "once")pb"));
  ASSERT_THAT(coupon, IsOk());
  At(kStart + 10 * kDay);
  const Subscription current = Sub(sub->id());
  const std::string before = Snapshot();
  EXPECT_THAT(
      engine_.subscriptions().Update(
          sub->id(),
          testing::ParseParams<SubscriptionChangeParams>(absl::StrCat(
              "items { id: \"", current.items().data(0).id(), "\" quantity: 2 } ",
              "proration_behavior: \"always_invoice\" payment_behavior: \"error_if_incomplete\" ",
              "coupon: \"", coupon->id(), "\" add_invoice_items { price_data { currency: \"usd\" ",
              "product: \"", current.items().data(0).price().product(),
              "\" unit_amount: 300 } }"))),
      StripeErrorWithParam("invalid_request_error", "", "payment_method"));
  EXPECT_EQ(Snapshot(), before);
  EXPECT_THAT(InvoiceItemsOf(customer), IsEmpty());
  EXPECT_EQ(engine_.coupons().Retrieve(coupon->id())->times_redeemed(), 0);
}

// A change invoiced now that must be paid within the request (error_if_incomplete) or waits
// for its payment (pending_if_incomplete) is refused when a bank debit would pay it, which
// settles days later; nothing is committed. allow_incomplete debits the account.
TEST_F(SubscriptionPaymentMethodTypesTest, ChangesPaidAtOnceRefuseABankDebit) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(1000));
  ASSERT_THAT(sub, IsOk());
  const std::string ach = SetUpAch(customer);
  ASSERT_THAT(engine_.subscriptions().Update(
                  sub->id(), testing::ParseParams<SubscriptionChangeParams>(absl::StrCat(
                                 "default_payment_method: \"", ach, "\""))),
              IsOk());
  At(kStart + 10 * kDay);
  const Subscription current = Sub(sub->id());
  const std::string change = absl::StrCat(
      "items { id: \"", current.items().data(0).id(), "\" quantity: 2 } ",
      "proration_behavior: \"always_invoice\" payment_behavior: ");
  const std::string before = Snapshot();
  for (const std::string behavior : {"error_if_incomplete", "pending_if_incomplete"}) {
    SCOPED_TRACE(behavior);
    EXPECT_THAT(engine_.subscriptions().Update(
                    sub->id(), testing::ParseParams<SubscriptionChangeParams>(
                                   absl::StrCat(change, "\"", behavior, "\""))),
                StripeErrorWithParam("invalid_request_error", "", "payment_behavior"));
    EXPECT_EQ(Snapshot(), before);
  }
  absl::StatusOr<Subscription> allowed = engine_.subscriptions().Update(
      sub->id(), testing::ParseParams<SubscriptionChangeParams>(
                     absl::StrCat(change, "\"allow_incomplete\"")));
  ASSERT_THAT(allowed, IsOk());
  EXPECT_EQ(allowed->items().data(0).quantity(), 2);
  EXPECT_EQ(IntentOf(Inv(allowed->latest_invoice())).status(), "processing");
}

}  // namespace
}  // namespace paysim
