// Behaviour tests of the preview of a new subscription (create_preview with a customer and
// subscription_details[items], no subscription; before basil upcoming's subscription_items):
// the invoice equals the first invoice the same subscription then bills (amounts, lines,
// periods), a trial's lines are free, trial_end one second either side of now, the errors name
// the preview's params, and the preview changes nothing (the engine's snapshot, ids included).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::SizeIs;

class NewSubscriptionPreviewTest : public BillingTest {
 protected:
  void SetUp() override {
    customer_ = NewCustomer();
    price_ = NewPrice(1500);
  }

  absl::StatusOr<Invoice> Preview(const std::string& details) {
    return engine_.invoices().CreatePreview(ParseParams<InvoiceCreatePreviewParams>(
        absl::StrCat("customer: \"", customer_, "\" subscription_details { ", details, " }")));
  }

  // What an invoice bills, line by line, as a customer sees it.
  static std::vector<std::string> Billed(const Invoice& invoice) {
    std::vector<std::string> out;
    out.push_back(absl::StrCat("subtotal ", invoice.subtotal(), " total ", invoice.total(),
                               " due ", invoice.amount_due(), " period ",
                               invoice.period_start(), "-", invoice.period_end()));
    for (const InvoiceLineItem& line : invoice.lines().data()) {
      out.push_back(absl::StrCat(line.description(), ": ", line.amount(), " ",
                                 line.period().start(), "-", line.period().end()));
    }
    return out;
  }

  std::string customer_;
  std::string price_;
};

TEST_F(NewSubscriptionPreviewTest, PreviewsTheFirstInvoiceTheSubscriptionThenBills) {
  const std::string before = Snapshot();
  const size_t events = events_.size();
  absl::StatusOr<Invoice> preview =
      Preview(absl::StrCat("items { price: \"", price_, "\" quantity: 2 }"));
  ASSERT_THAT(preview, IsOk());
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(events_.size(), events);
  EXPECT_TRUE(preview->id().empty());
  EXPECT_EQ(preview->billing_reason(), "upcoming");
  EXPECT_EQ(preview->status(), "draft");
  EXPECT_EQ(preview->customer(), customer_);
  EXPECT_FALSE(preview->parent().subscription_details().has_subscription());
  EXPECT_EQ(preview->amount_due(), 3000);
  ASSERT_THAT(preview->lines().data(), SizeIs(1));
  EXPECT_EQ(preview->lines().data(0).quantity(), 2);

  absl::StatusOr<Subscription> sub = engine_.subscriptions().Create(
      ParseParams<SubscriptionCreateParams>(absl::StrCat(
          "customer: \"", customer_, "\" items { price: \"", price_, "\" quantity: 2 }")));
  ASSERT_THAT(sub, IsOk());
  const Invoice first = Inv(sub->latest_invoice());
  EXPECT_EQ(Billed(*preview), Billed(first));
  EXPECT_EQ(Billed(first)[0], absl::StrCat("subtotal 3000 total 3000 due 3000 period ", kStart,
                                           "-", kFeb1));
}

TEST_F(NewSubscriptionPreviewTest, ATrialsFirstInvoiceIsFreeAndTrialEndMustBeAhead) {
  absl::StatusOr<Invoice> at_now =
      Preview(absl::StrCat("items { price: \"", price_, "\" } trial_end: \"", kStart, "\""));
  EXPECT_THAT(at_now,
              StripeErrorWithParam("invalid_request_error", "", "subscription_details[trial_end]"));

  const int64_t trial_end = kStart + 1;
  absl::StatusOr<Invoice> preview = Preview(
      absl::StrCat("items { price: \"", price_, "\" } trial_end: \"", trial_end, "\""));
  ASSERT_THAT(preview, IsOk());
  EXPECT_EQ(preview->total(), 0);
  ASSERT_THAT(preview->lines().data(), SizeIs(1));
  EXPECT_EQ(preview->lines().data(0).period().end(), trial_end);

  absl::StatusOr<Subscription> sub =
      Subscribe(customer_, price_, absl::StrCat("trial_end: ", trial_end));
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(Billed(*preview), Billed(Inv(sub->latest_invoice())));
  EXPECT_THAT(Billed(*preview)[1], ::testing::StartsWith("Trial period for "));
}

TEST_F(NewSubscriptionPreviewTest, ItsItemsTaxRatesAndACancelAtInTheFirstPeriodCount) {
  const std::string rate = NewTaxRate(10, /*inclusive=*/false);
  const int64_t cancel_at = kStart + 10 * kDay;
  absl::StatusOr<Invoice> preview =
      Preview(absl::StrCat("items { price: \"", price_, "\" tax_rates: \"", rate,
                           "\" } cancel_at: \"", cancel_at, "\""));
  ASSERT_THAT(preview, IsOk());
  absl::StatusOr<Subscription> sub = engine_.subscriptions().Create(
      ParseParams<SubscriptionCreateParams>(absl::StrCat(
          "customer: \"", customer_, "\" items { price: \"", price_, "\" tax_rates: \"", rate,
          "\" } cancel_at: \"", cancel_at, "\"")));
  ASSERT_THAT(sub, IsOk());
  const Invoice first = Inv(sub->latest_invoice());
  EXPECT_EQ(Billed(*preview), Billed(first));
  EXPECT_EQ(preview->total(), first.total());
  EXPECT_LT(first.subtotal(), 1500);  // 10 of January's 31 days
  EXPECT_GT(first.total(), first.subtotal());
}

TEST_F(NewSubscriptionPreviewTest, ErrorsNameThePreviewsParams) {
  EXPECT_THAT(Preview("items { price: \"price_missing\" }"),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "subscription_details[items][0][price]"));
  EXPECT_THAT(Preview("items { id: \"si_123\" quantity: 2 }"),
              StripeErrorWithParam("invalid_request_error", "",
                                   "subscription_details[items][0][id]"));
  EXPECT_THAT(Preview(absl::StrCat("items { price: \"", price_, "\" } trial_end: \"soon\"")),
              StripeErrorWithParam("invalid_request_error", "parameter_invalid_integer",
                                   "subscription_details[trial_end]"));
  // Before basil, GET /v1/invoices/upcoming names them subscription_items[...].
  RequestOptions legacy;
  legacy.api_version = "2024-06-20";
  absl::StatusOr<Invoice> upcoming = engine_.invoices().Upcoming(
      ParseParams<InvoiceUpcomingParams>(absl::StrCat(
          "customer: \"", customer_, "\" subscription_items { price: \"price_missing\" }")),
      legacy);
  EXPECT_THAT(upcoming,
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "subscription_items[0][price]"));
  absl::StatusOr<Invoice> legacy_preview = engine_.invoices().Upcoming(
      ParseParams<InvoiceUpcomingParams>(absl::StrCat(
          "customer: \"", customer_, "\" subscription_items { price: \"", price_, "\" }")),
      legacy);
  ASSERT_THAT(legacy_preview, IsOk());
  EXPECT_EQ(legacy_preview->amount_due(), 1500);
  EXPECT_FALSE(legacy_preview->has_subscription());
}

TEST_F(NewSubscriptionPreviewTest, ABillingCycleAnchorPreviewsTheProratedStub) {
  const int64_t anchor = kStart + 14 * kDay;  // 14 of the 31 days of the interval up to it
  absl::StatusOr<Invoice> preview = Preview(absl::StrCat(
      "items { price: \"", price_, "\" quantity: 1 } billing_cycle_anchor: \"", anchor, "\""));
  ASSERT_THAT(preview, IsOk());
  absl::StatusOr<Subscription> sub =
      Subscribe(customer_, price_, absl::StrCat("billing_cycle_anchor: ", anchor));
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(Billed(*preview), Billed(Inv(sub->latest_invoice())));
  EXPECT_EQ(preview->amount_due(), 677);  // 1500 * 14 / 31, rounded
  EXPECT_THAT(Preview(absl::StrCat("items { price: \"", price_, "\" } billing_cycle_anchor: \"",
                                   kFeb1 + 1, "\"")),
              StripeErrorWithParam("invalid_request_error", "",
                                   "subscription_details[billing_cycle_anchor]"));
}

TEST_F(NewSubscriptionPreviewTest, ACustomerWithNothingToPayWithIsPreviewedToo) {
  customer_ = NewCustomer(/*alias=*/"");
  absl::StatusOr<Invoice> preview = Preview(absl::StrCat("items { price: \"", price_, "\" }"));
  ASSERT_THAT(preview, IsOk());
  EXPECT_EQ(preview->amount_due(), 1500);
}

}  // namespace
}  // namespace paysim
