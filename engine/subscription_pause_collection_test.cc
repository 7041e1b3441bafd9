// Behaviour tests of pausing a subscription's payment collection (pause_collection): each
// behavior at a renewal, resumes_at one second either side of the renewal, the pause ending by
// itself at resumes_at, unsetting it, the invoice.upcoming it suppresses, and its errors.
#include <string>

#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class PauseCollectionTest : public BillingTest {
 protected:
  static constexpr int64_t kMar1 = 1772323200;  // 2026-03-01T00:00:00Z

  absl::StatusOr<Subscription> Pause(const std::string& id, const std::string& pause) {
    return engine_.subscriptions().Update(
        id, ParseParams<SubscriptionChangeParams>(absl::StrCat("pause_collection { ", pause, " }")));
  }

  // A monthly subscription from kStart, paid, with its customer's card.
  std::string Subscribed(int64_t amount = 2000) {
    absl::StatusOr<Subscription> sub = Subscribe(NewCustomer(), NewPrice(amount));
    EXPECT_THAT(sub, IsOk());
    return sub.ok() ? sub->id() : "";
  }
};

TEST_F(PauseCollectionTest, SettingItIsAnUpdateAndKeepsTheStatus) {
  const std::string id = Subscribed();
  const size_t first = events_.size();
  absl::StatusOr<Subscription> paused = Pause(id, "behavior: \"void\"");
  ASSERT_THAT(paused, IsOk());
  EXPECT_EQ(paused->status(), "active");
  EXPECT_EQ(paused->pause_collection().behavior(), "void");
  EXPECT_FALSE(paused->pause_collection().has_resumes_at());
  ASSERT_THAT(TypesSince(first), ElementsAre("customer.subscription.updated"));
  EXPECT_EQ(events_.back().data().previous_attributes(), R"({"pause_collection":null})");
  EXPECT_EQ(Sub(id).pause_collection().behavior(), "void");
}

TEST_F(PauseCollectionTest, KeepAsDraftLeavesTheRenewalADraftAndSendsNoUpcomingNotice) {
  const std::string id = Subscribed();
  ASSERT_THAT(Pause(id, "behavior: \"keep_as_draft\""), IsOk());
  const size_t first = events_.size();
  At(kFeb1);
  const Subscription s = Sub(id);
  EXPECT_EQ(s.status(), "active");
  Invoice invoice = Inv(s.latest_invoice());
  EXPECT_EQ(invoice.status(), "draft");
  EXPECT_FALSE(invoice.auto_advance());
  At(kFeb1 + 2 * kDay);
  invoice = Inv(invoice.id());
  EXPECT_EQ(invoice.status(), "draft");
  EXPECT_EQ(invoice.amount_paid(), 0);
  EXPECT_THAT(TypesSince(first, "invoice"), ElementsAre("invoice.created"));
  EXPECT_THAT(TypesSince(first, "charge"), IsEmpty());
  // Collected by hand later, as Stripe's docs describe.
  ASSERT_THAT(engine_.invoices().Pay(invoice.id(), ParseParams<InvoicePayParams>("")), IsOk());
  EXPECT_EQ(Inv(invoice.id()).status(), "paid");
}

TEST_F(PauseCollectionTest, VoidVoidsTheRenewalAtOnceWithoutAPaymentOrTheCreditBalance) {
  const std::string id = Subscribed();
  const std::string customer = Sub(id).customer();
  ASSERT_THAT(engine_.customers().Update(customer, ParseParams<CustomerUpdateParams>(
                                                       "balance: -500")),
              IsOk());
  ASSERT_THAT(Pause(id, "behavior: \"void\""), IsOk());
  const size_t first = events_.size();
  At(kFeb1);
  const Subscription s = Sub(id);
  EXPECT_EQ(s.status(), "active");
  const Invoice invoice = Inv(s.latest_invoice());
  EXPECT_EQ(invoice.status(), "void");
  EXPECT_TRUE(invoice.has_number());
  EXPECT_EQ(invoice.status_transitions().finalized_at(), kFeb1);
  EXPECT_EQ(invoice.status_transitions().voided_at(), kFeb1);
  EXPECT_TRUE(invoice.payment_intent_id().empty());
  EXPECT_EQ(invoice.starting_balance(), 0);
  EXPECT_EQ(invoice.amount_due(), 2000);
  EXPECT_FALSE(invoice.auto_advance());
  EXPECT_THAT(TypesSince(first, "invoice"),
              ElementsAre("invoice.created", "invoice.finalized", "invoice.voided"));
  EXPECT_THAT(TypesSince(first, "payment_intent"), IsEmpty());
  absl::StatusOr<Customer> after = engine_.customers().Retrieve(customer);
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->balance(), -500);  // the credit is kept for later invoices
  At(kFeb1 + kHour);
  EXPECT_EQ(Inv(invoice.id()).status(), "void");
}

TEST_F(PauseCollectionTest, MarkUncollectibleMarksTheRenewalAtOnce) {
  const std::string id = Subscribed();
  ASSERT_THAT(Pause(id, "behavior: \"mark_uncollectible\""), IsOk());
  const size_t first = events_.size();
  At(kFeb1);
  const Invoice invoice = Inv(Sub(id).latest_invoice());
  EXPECT_EQ(invoice.status(), "uncollectible");
  EXPECT_EQ(invoice.status_transitions().marked_uncollectible_at(), kFeb1);
  EXPECT_EQ(invoice.amount_remaining(), 2000);
  EXPECT_THAT(TypesSince(first, "invoice"),
              ElementsAre("invoice.created", "invoice.finalized", "invoice.marked_uncollectible"));
  EXPECT_EQ(Sub(id).status(), "active");
  // An uncollectible invoice can still be paid.
  ASSERT_THAT(engine_.invoices().Pay(invoice.id(), ParseParams<InvoicePayParams>("")), IsOk());
  EXPECT_EQ(Inv(invoice.id()).status(), "paid");
}

TEST_F(PauseCollectionTest, ARenewalOneSecondBeforeResumesAtIsPaused) {
  const std::string id = Subscribed();
  ASSERT_THAT(Pause(id, absl::StrCat("behavior: \"void\" resumes_at: ", kFeb1 + 1)), IsOk());
  At(kFeb1);
  EXPECT_EQ(Inv(Sub(id).latest_invoice()).status(), "void");
  EXPECT_TRUE(Sub(id).has_pause_collection());
  const size_t first = events_.size();
  At(kFeb1 + 1);  // the pause ends by itself
  EXPECT_FALSE(Sub(id).has_pause_collection());
  ASSERT_THAT(TypesSince(first), ElementsAre("customer.subscription.updated"));
  EXPECT_THAT(events_.back().data().previous_attributes(),
              HasSubstr(absl::StrCat(R"("pause_collection":{"behavior":"void","resumes_at":)",
                                     kFeb1 + 1, "}")));
}

TEST_F(PauseCollectionTest, ARenewalAtResumesAtIsCollected) {
  const std::string id = Subscribed();
  ASSERT_THAT(Pause(id, absl::StrCat("behavior: \"void\" resumes_at: ", kFeb1)), IsOk());
  At(kFeb1 - 1);
  EXPECT_TRUE(Sub(id).has_pause_collection());
  At(kFeb1);
  const Subscription s = Sub(id);
  EXPECT_FALSE(s.has_pause_collection());
  const Invoice invoice = Inv(s.latest_invoice());
  EXPECT_EQ(invoice.status(), "draft");
  EXPECT_TRUE(invoice.auto_advance());
  At(kFeb1 + kHour);
  EXPECT_EQ(Inv(invoice.id()).status(), "paid");
}

TEST_F(PauseCollectionTest, APauseEndingBeforeTheRenewalLetsItsNoticeAndPaymentThrough) {
  const std::string id = Subscribed();
  ASSERT_THAT(Pause(id, absl::StrCat("behavior: \"keep_as_draft\" resumes_at: ", kFeb1 - 10 * kDay)),
              IsOk());
  const size_t first = events_.size();
  At(kFeb1 + kHour);
  EXPECT_THAT(TypesSince(first, "invoice."),
              ElementsAre("invoice.upcoming", "invoice.created", "invoice.finalized",
                          "invoice.paid", "invoice.payment_succeeded"));
  EXPECT_EQ(Inv(Sub(id).latest_invoice()).status(), "paid");
  // A pause still on at the notice's time (7 days before) keeps the notice back.
  ASSERT_THAT(Pause(id, absl::StrCat("behavior: \"keep_as_draft\" resumes_at: ", kMar1 + 1)),
              IsOk());
  const size_t second = events_.size();
  At(kMar1);
  EXPECT_THAT(TypesSince(second, "invoice."), ElementsAre("invoice.created"));
}

TEST_F(PauseCollectionTest, AnEmptyPauseCollectionUnsetsIt) {
  const std::string id = Subscribed();
  ASSERT_THAT(Pause(id, "behavior: \"void\""), IsOk());
  absl::StatusOr<Subscription> resumed = Pause(id, "");
  ASSERT_THAT(resumed, IsOk());
  EXPECT_FALSE(resumed->has_pause_collection());
  EXPECT_EQ(events_.back().data().previous_attributes(),
            R"({"pause_collection":{"behavior":"void","resumes_at":null}})");
  At(kFeb1 + kHour);
  EXPECT_EQ(Inv(Sub(id).latest_invoice()).status(), "paid");
}

TEST_F(PauseCollectionTest, ACanceledSubscriptionKeepsItsPauseAtResumesAt) {
  const std::string id = Subscribed();
  ASSERT_THAT(Pause(id, absl::StrCat("behavior: \"void\" resumes_at: ", kStart + kDay)), IsOk());
  ASSERT_THAT(engine_.subscriptions().Cancel(id, SubscriptionCancelNowParams()), IsOk());
  const size_t first = events_.size();
  At(kStart + kDay);
  EXPECT_THAT(TypesSince(first), IsEmpty());
  EXPECT_EQ(Sub(id).pause_collection().behavior(), "void");
}

TEST_F(PauseCollectionTest, BadInputIsRefusedAndChangesNothing) {
  const std::string id = Subscribed();
  const size_t first = events_.size();
  EXPECT_THAT(Pause(id, absl::StrCat("resumes_at: ", kFeb1)),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "pause_collection[behavior]"));
  EXPECT_THAT(Pause(id, "behavior: \"later\""),
              StripeErrorWithParam("invalid_request_error", "", "pause_collection[behavior]"));
  EXPECT_THAT(Pause(id, absl::StrCat("behavior: \"void\" resumes_at: ", kStart)),
              StripeErrorWithParam("invalid_request_error", "", "pause_collection[resumes_at]"));
  EXPECT_THAT(TypesSince(first), IsEmpty());
  EXPECT_FALSE(Sub(id).has_pause_collection());
}

}  // namespace
}  // namespace paysim
