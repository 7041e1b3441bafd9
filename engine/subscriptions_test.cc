// Behaviour tests of Subscriptions: creation (paid at once, incomplete, trial, send_invoice,
// payment_behavior), the incomplete window and trial end one second either side, update,
// cancel, list, refused calls (Stripe's error, nothing changed), and the default settings a
// subscription renders.
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"
#include "engine/json_render.h"
#include "nlohmann/json.hpp"

namespace paysim {
namespace {

using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;

using SubscriptionsTest = BillingTest;

TEST_F(SubscriptionsTest, FirstInvoicePaidAtOnceMakesItActive) {
  const std::string customer = NewCustomer();
  const std::string price = NewPrice(1500);
  const size_t first = events_.size();
  absl::StatusOr<Subscription> sub =
      Subscribe(customer, price, "items { price: \"" + price + "\" quantity: 2 }");
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->status(), "active");
  EXPECT_EQ(sub->collection_method(), "charge_automatically");
  EXPECT_EQ(sub->billing_cycle_anchor(), kStart);
  ASSERT_EQ(sub->items().data_size(), 2);
  EXPECT_EQ(sub->items().data(0).current_period_start(), kStart);
  EXPECT_EQ(sub->items().data(0).current_period_end(), kFeb1);
  EXPECT_FALSE(sub->has_current_period_end());  // basil: on the items only
  const Invoice invoice = Inv(sub->latest_invoice());
  EXPECT_EQ(invoice.status(), "paid");
  EXPECT_EQ(invoice.billing_reason(), "subscription_create");
  EXPECT_EQ(invoice.total(), 1500 * 3);
  EXPECT_EQ(invoice.amount_paid(), 4500);
  EXPECT_EQ(invoice.amount_remaining(), 0);
  EXPECT_EQ(invoice.attempt_count(), 1);
  EXPECT_TRUE(invoice.attempted());
  EXPECT_THAT(TypesSince(first, "customer.subscription"),
              ElementsAre("customer.subscription.created", "customer.subscription.updated"));
  EXPECT_THAT(TypesSince(first, "invoice"),
              ElementsAre("invoice.created", "invoice.finalized", "invoice.paid",
                          "invoice.payment_succeeded", "invoice_payment.paid"));
  absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Retrieve(invoice.payment_intent_id());
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->status(), "succeeded");
  EXPECT_EQ(pi->amount(), 4500);
  EXPECT_EQ(pi->description(), "Subscription creation");
}

TEST_F(SubscriptionsTest, BeforeBasilThePeriodAndInvoiceFieldsAreOnTheObjects) {
  const std::string customer = NewCustomer();
  const std::string price = NewPrice();
  RequestOptions old;
  old.api_version = "2024-06-20";
  absl::StatusOr<Subscription> sub = engine_.subscriptions().Create(
      ParseParams<SubscriptionCreateParams>("customer: \"" + customer + "\" items { price: \"" +
                                            price + "\" }"),
      old);
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->current_period_end(), kFeb1);
  const Invoice invoice = Inv(sub->latest_invoice());
  EXPECT_EQ(invoice.subscription(), sub->id());
  EXPECT_TRUE(invoice.paid());
  EXPECT_EQ(invoice.payment_intent(), invoice.payment_intent_id());
  EXPECT_EQ(invoice.lines().data(0).price().id(), price);
  EXPECT_FALSE(invoice.has_parent());
}

TEST_F(SubscriptionsTest, DeclinedFirstPaymentLeavesItIncompleteThenExpiresAfter23Hours) {
  const std::string customer = NewCustomer("pm_card_chargeCustomerFail");
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice());
  ASSERT_THAT(sub, IsOk());  // allow_incomplete: the subscription, incomplete
  EXPECT_EQ(sub->status(), "incomplete");
  Invoice invoice = Inv(sub->latest_invoice());
  EXPECT_EQ(invoice.status(), "open");
  EXPECT_EQ(invoice.attempt_count(), 1);
  EXPECT_FALSE(invoice.has_next_payment_attempt());  // first invoices are not retried

  At(kStart + 23 * kHour - 1);
  EXPECT_EQ(Sub(sub->id()).status(), "incomplete");
  const size_t first = events_.size();
  At(kStart + 23 * kHour);
  EXPECT_EQ(Sub(sub->id()).status(), "incomplete_expired");
  EXPECT_EQ(Sub(sub->id()).ended_at(), kStart + 23 * kHour);
  EXPECT_EQ(Inv(invoice.id()).status(), "void");
  EXPECT_THAT(TypesSince(first, "invoice"), ElementsAre("invoice.voided"));
  absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Retrieve(invoice.payment_intent_id());
  EXPECT_EQ(pi->status(), "canceled");
  EXPECT_EQ(pi->cancellation_reason(), "void_invoice");
  // Expired: no renewal at the period end.
  At(kFeb1 + kDay);
  EXPECT_EQ(InvoicesOf(sub->id()).size(), 1u);
}

TEST_F(SubscriptionsTest, IncompleteBecomesActiveWhenTheCustomerPaysTheInvoice) {
  const std::string customer = NewCustomer("");
  const std::string price = NewPrice();
  absl::StatusOr<Subscription> sub =
      Subscribe(customer, price, "payment_behavior: \"default_incomplete\"");
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->status(), "incomplete");
  const Invoice invoice = Inv(sub->latest_invoice());
  EXPECT_EQ(invoice.attempt_count(), 0);
  // The customer confirms the invoice's PaymentIntent (as Stripe.js would).
  PaymentIntentConfirmParams confirm;
  confirm.set_payment_method("pm_card_visa");
  ASSERT_THAT(engine_.payment_intents().Confirm(invoice.payment_intent_id(), confirm), IsOk());
  EXPECT_EQ(Inv(invoice.id()).status(), "paid");
  EXPECT_EQ(Sub(sub->id()).status(), "active");
  // Still active after the 23 hours.
  At(kStart + 23 * kHour);
  EXPECT_EQ(Sub(sub->id()).status(), "active");
}

TEST_F(SubscriptionsTest, ErrorIfIncompleteAnswersTheDecline) {
  const std::string customer = NewCustomer("pm_card_chargeCustomerFail");
  EXPECT_THAT(Subscribe(customer, NewPrice(), "payment_behavior: \"error_if_incomplete\""),
              StripeErrorIs("card_error", "card_declined", "generic_decline"));
}

TEST_F(SubscriptionsTest, TrialEndsOnTheSecond) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(), "trial_period_days: 14");
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->status(), "trialing");
  EXPECT_EQ(sub->trial_start(), kStart);
  EXPECT_EQ(sub->trial_end(), kStart + 14 * kDay);
  EXPECT_EQ(sub->items().data(0).current_period_end(), kStart + 14 * kDay);
  const Invoice trial = Inv(sub->latest_invoice());
  EXPECT_EQ(trial.status(), "paid");
  EXPECT_EQ(trial.total(), 0);
  EXPECT_TRUE(trial.payment_intent_id().empty());

  At(kStart + 14 * kDay - 1);
  EXPECT_EQ(Sub(sub->id()).status(), "trialing");
  At(kStart + 14 * kDay);
  const Subscription active = Sub(sub->id());
  EXPECT_EQ(active.status(), "active");
  EXPECT_EQ(active.billing_cycle_anchor(), kStart + 14 * kDay);
  EXPECT_EQ(active.items().data(0).current_period_end(), kStart + 14 * kDay + 31 * kDay);
  const Invoice renewal = Inv(active.latest_invoice());
  EXPECT_EQ(renewal.billing_reason(), "subscription_cycle");
  EXPECT_EQ(renewal.status(), "draft");
  At(kStart + 14 * kDay + kHour);
  EXPECT_EQ(Inv(renewal.id()).status(), "paid");
}

TEST_F(SubscriptionsTest, SendInvoiceIsActiveWithAnOpenInvoiceDueLater) {
  const std::string customer = NewCustomer("");
  absl::StatusOr<Subscription> sub = Subscribe(
      customer, NewPrice(), "collection_method: \"send_invoice\" days_until_due: 30");
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->status(), "active");
  EXPECT_EQ(sub->days_until_due(), 30);
  const Invoice invoice = Inv(sub->latest_invoice());
  EXPECT_EQ(invoice.status(), "open");
  EXPECT_EQ(invoice.due_date(), kStart + 30 * kDay);
  EXPECT_FALSE(invoice.has_next_payment_attempt());
  EXPECT_TRUE(invoice.payment_intent_id().empty());
}

TEST_F(SubscriptionsTest, SendInvoiceGoesPastDueAtItsDueDateAndBackWhenPaid) {
  absl::StatusOr<Subscription> sub = Subscribe(
      NewCustomer(""), NewPrice(), "collection_method: \"send_invoice\" days_until_due: 10");
  ASSERT_THAT(sub, IsOk());
  const int64_t due = kStart + 10 * kDay;
  At(due - 1);
  EXPECT_EQ(Sub(sub->id()).status(), "active");
  const size_t first = events_.size();
  At(due);
  EXPECT_EQ(Sub(sub->id()).status(), "past_due");
  EXPECT_THAT(TypesSince(first), ElementsAre("customer.subscription.updated"));
  At(due + 1);
  EXPECT_EQ(Sub(sub->id()).status(), "past_due");

  InvoicePayParams paid;
  paid.set_paid_out_of_band(true);
  ASSERT_THAT(engine_.invoices().Pay(sub->latest_invoice(), paid), IsOk());
  EXPECT_EQ(Sub(sub->id()).status(), "active");

  // The renewal's invoice (finalized an hour after the period ends) paid before its due date:
  // the subscription stays active past it.
  At(kFeb1 + kHour);
  const std::string renewal = Sub(sub->id()).latest_invoice();
  ASSERT_EQ(Inv(renewal).status(), "open");
  EXPECT_EQ(Inv(renewal).due_date(), kFeb1 + kHour + 10 * kDay);
  ASSERT_THAT(engine_.invoices().Pay(renewal, paid), IsOk());
  At(kFeb1 + kHour + 10 * kDay);
  EXPECT_EQ(Sub(sub->id()).status(), "active");
}

TEST_F(SubscriptionsTest, UpdateAndCancel) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice());
  ASSERT_THAT(sub, IsOk());
  const size_t first = events_.size();
  absl::StatusOr<Subscription> updated = engine_.subscriptions().Update(
      sub->id(), ParseParams<SubscriptionChangeParams>(
                     R"pb(cancel_at_period_end: true metadata { key: "plan" value: "pro" })pb"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_TRUE(updated->cancel_at_period_end());
  EXPECT_EQ(updated->cancel_at(), kFeb1);
  EXPECT_EQ(updated->metadata().at("plan"), "pro");
  ASSERT_EQ(events_.size(), first + 1);
  EXPECT_EQ(events_.back().type(), "customer.subscription.updated");
  EXPECT_EQ(events_.back().data().previous_attributes(),
            R"({"cancel_at":null,"cancel_at_period_end":false,"canceled_at":null,)"
            R"("cancellation_details":{"reason":null},"metadata":{"plan":null}})");
  // The same update again changes nothing: no event.
  ASSERT_THAT(engine_.subscriptions().Update(
                  sub->id(), ParseParams<SubscriptionChangeParams>("cancel_at_period_end: true")),
              IsOk());
  EXPECT_EQ(events_.size(), first + 1);

  absl::StatusOr<Subscription> canceled = engine_.subscriptions().Cancel(sub->id());
  ASSERT_THAT(canceled, IsOk());
  EXPECT_EQ(canceled->status(), "canceled");
  EXPECT_EQ(canceled->canceled_at(), kStart);
  EXPECT_EQ(events_.back().type(), "customer.subscription.deleted");
  EXPECT_THAT(engine_.subscriptions().Cancel(sub->id()),
              StripeErrorIs("invalid_request_error", ""));
  // Not listed by default, listed with status=all.
  EXPECT_EQ(engine_.subscriptions().List(SubscriptionListParams())->data.size(), 0u);
  EXPECT_EQ(engine_.subscriptions()
                .List(ParseParams<SubscriptionListParams>("status: \"all\""))
                ->data.size(),
            1u);
}

TEST_F(SubscriptionsTest, RefusedCreatesChangeNothing) {
  const std::string customer = NewCustomer();
  const std::string price = NewPrice();
  absl::StatusOr<Price> one_time = engine_.prices().Create(ParseParams<PriceCreateParams>(
      R"pb(currency: "usd" unit_amount: 500 product_data { name: "Setup" })pb"));
  ASSERT_THAT(one_time, IsOk());
  const size_t first = events_.size();
  EXPECT_THAT(engine_.subscriptions().Create(ParseParams<SubscriptionCreateParams>(
                  "items { price: \"" + price + "\" }")),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "customer"));
  EXPECT_THAT(Subscribe("cus_missing", price),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "customer"));
  EXPECT_THAT(engine_.subscriptions().Create(ParseParams<SubscriptionCreateParams>(
                  "customer: \"" + customer + "\"")),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "items"));
  EXPECT_THAT(Subscribe(customer, "price_missing"),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "items[0][price]"));
  EXPECT_THAT(Subscribe(customer, one_time->id()),
              StripeErrorWithParam("invalid_request_error", "", "items[0][price]"));
  EXPECT_THAT(Subscribe(customer, price, "collection_method: \"send_invoice\""),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "days_until_due"));
  EXPECT_THAT(Subscribe(customer, price, "payment_behavior: \"sometimes\""),
              StripeErrorWithParam("invalid_request_error", "", "payment_behavior"));
  EXPECT_THAT(Subscribe(customer, price, "trial_period_days: 731"),
              StripeErrorWithParam("invalid_request_error", "", "trial_period_days"));
  EXPECT_THAT(Subscribe(customer, price, "trial_end: 1767225600"),
              StripeErrorWithParam("invalid_request_error", "", "trial_end"));
  const std::string other = NewCustomer();
  const std::string others_card = AttachCard(other, "pm_card_mastercard");
  const size_t after_other = events_.size();
  EXPECT_THAT(Subscribe(customer, price, "default_payment_method: \"" + others_card + "\""),
              StripeErrorWithParam("invalid_request_error", "", "default_payment_method"));
  EXPECT_THAT(Subscribe(NewCustomer(""), price), HttpStatusIs(400));
  EXPECT_EQ(TypesSince(after_other, "customer.subscription").size(), 0u);
  EXPECT_EQ(TypesSince(first, "invoice").size(), 0u);
  EXPECT_EQ(engine_.subscriptions()
                .List(ParseParams<SubscriptionListParams>("status: \"all\""))
                ->data.size(),
            0u);
  EXPECT_THAT(engine_.subscriptions().Retrieve("sub_missing"), HttpStatusIs(404));
}

TEST_F(SubscriptionsTest, ASubscriptionRendersStripesDefaultSettings) {
  absl::StatusOr<Subscription> sub = Subscribe(NewCustomer(), NewPrice());
  ASSERT_THAT(sub, IsOk());
  const nlohmann::json json = nlohmann::json::parse(RenderJson(Sub(sub->id())));
  EXPECT_EQ(json["billing_mode"], nlohmann::json::parse(R"({"flexible":null,"type":"classic"})"));
  EXPECT_EQ(json["invoice_settings"],
            nlohmann::json::parse(R"({"account_tax_ids":null,"issuer":{"type":"self"}})"));
  EXPECT_EQ(json["payment_settings"],
            nlohmann::json::parse(R"({"payment_method_options":null,)"
                                  R"("payment_method_types":null,)"
                                  R"("save_default_payment_method":"off"})"));
  EXPECT_EQ(json["cancellation_details"],
            nlohmann::json::parse(R"({"comment":null,"feedback":null,"reason":null})"));
  for (const char* null_field :
       {"application", "application_fee_percent", "billing_cycle_anchor_config",
        "billing_thresholds", "default_source", "next_pending_invoice_item_invoice",
        "on_behalf_of", "pending_invoice_item_interval", "pending_setup_intent",
        "pending_update", "transfer_data"}) {
    ASSERT_TRUE(json.contains(null_field)) << null_field;
    EXPECT_TRUE(json[null_field].is_null()) << null_field;
  }
}

}  // namespace
}  // namespace paysim
