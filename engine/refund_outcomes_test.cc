// Behaviour tests of refunds that change after they are made: pm_card_pendingRefund (pending,
// then succeeded), pm_card_refundFail (succeeded, then failed), cancel of a pending refund,
// each at kRefundOutcomeDelay one second either side, with balance transactions and events.
#include <string>
#include <vector>

#include "engine/internal/refund_lifecycle.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::testing::ElementsAre;

class RefundOutcomesTest : public ::testing::Test {
 protected:
  Charge Pay(const std::string& source, int64_t amount = 5000) {
    ChargeCreateParams params;
    params.set_amount(amount);
    params.set_currency("usd");
    params.set_source(source);
    absl::StatusOr<Charge> charge = engine_.charges().Create(params);
    EXPECT_THAT(charge, IsOk());
    return charge.ok() ? *charge : Charge();
  }

  Refund RefundOf(const Charge& charge, int64_t amount) {
    RefundCreateParams params;
    params.set_charge(charge.id());
    params.set_amount(amount);
    absl::StatusOr<Refund> refund = engine_.refunds().Create(params);
    EXPECT_THAT(refund, IsOk());
    return refund.ok() ? *refund : Refund();
  }

  Refund Retrieve(const std::string& id) {
    absl::StatusOr<Refund> refund = engine_.refunds().Retrieve(id);
    EXPECT_THAT(refund, IsOk());
    return refund.ok() ? *refund : Refund();
  }

  Charge RetrieveCharge(const std::string& id) {
    absl::StatusOr<Charge> charge = engine_.charges().Retrieve(id);
    EXPECT_THAT(charge, IsOk());
    return charge.ok() ? *charge : Charge();
  }

  std::vector<std::string> EventTypesSince(size_t first) {
    EventListParams params;
    params.set_limit(100);
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> types;
    if (!page.ok()) return types;
    for (auto it = page->data.rbegin(); it != page->data.rend(); ++it) types.push_back(it->type());
    return std::vector<std::string>(types.begin() + std::min(first, types.size()), types.end());
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 11}};
};

TEST_F(RefundOutcomesTest, PendingRefundSucceedsAfterTheDelay) {
  const Charge charge = Pay("tok_pendingRefund");
  const Refund refund = RefundOf(charge, 2000);
  EXPECT_EQ(refund.status(), "pending");
  EXPECT_EQ(RetrieveCharge(charge.id()).amount_refunded(), 2000);
  const size_t events = EventTypesSince(0).size();
  clock_.Advance(kRefundOutcomeDelay - absl::Seconds(1));
  EXPECT_EQ(Retrieve(refund.id()).status(), "pending");
  clock_.Advance(absl::Seconds(1));
  const Refund settled = Retrieve(refund.id());
  EXPECT_EQ(settled.status(), "succeeded");
  EXPECT_FALSE(settled.has_failure_reason());
  EXPECT_THAT(EventTypesSince(events), ElementsAre("charge.refund.updated", "refund.updated"));
}

TEST_F(RefundOutcomesTest, FailingRefundFailsAndGivesTheMoneyBack) {
  const Charge charge = Pay("tok_refundFail");
  const Refund refund = RefundOf(charge, 5000);
  EXPECT_EQ(refund.status(), "succeeded");
  EXPECT_TRUE(RetrieveCharge(charge.id()).refunded());
  const size_t events = EventTypesSince(0).size();
  clock_.Advance(kRefundOutcomeDelay - absl::Seconds(1));
  EXPECT_EQ(Retrieve(refund.id()).status(), "succeeded");
  clock_.Advance(absl::Seconds(1));
  const Refund failed = Retrieve(refund.id());
  EXPECT_EQ(failed.status(), "failed");
  EXPECT_EQ(failed.failure_reason(), "expired_or_canceled_card");
  ASSERT_TRUE(failed.has_failure_balance_transaction());
  absl::StatusOr<BalanceTransaction> txn =
      engine_.balance().RetrieveTransaction(failed.failure_balance_transaction());
  ASSERT_THAT(txn, IsOk());
  EXPECT_EQ(txn->amount(), 5000);
  EXPECT_EQ(txn->type(), "refund_failure");
  const Charge after = RetrieveCharge(charge.id());
  EXPECT_EQ(after.amount_refunded(), 0);
  EXPECT_FALSE(after.refunded());
  EXPECT_THAT(EventTypesSince(events), ElementsAre("charge.refund.updated", "refund.updated",
                                                   "refund.failed", "charge.updated"));
  // The amount is refundable again.
  EXPECT_EQ(RefundOf(charge, 5000).status(), "succeeded");
}

TEST_F(RefundOutcomesTest, OrdinaryRefundsNeverChange) {
  const Charge charge = Pay("tok_visa");
  const Refund refund = RefundOf(charge, 100);
  clock_.Advance(absl::Hours(24 * 30));
  EXPECT_EQ(Retrieve(refund.id()), refund);
}

TEST_F(RefundOutcomesTest, CancelAPendingRefund) {
  const Charge charge = Pay("tok_pendingRefund");
  const Refund refund = RefundOf(charge, 5000);
  clock_.Advance(kRefundOutcomeDelay - absl::Seconds(1));
  const size_t events = EventTypesSince(0).size();
  absl::StatusOr<Refund> canceled = engine_.refunds().Cancel(refund.id());
  ASSERT_THAT(canceled, IsOk());
  EXPECT_EQ(canceled->status(), "canceled");
  EXPECT_EQ(canceled->failure_reason(), "merchant_request");
  EXPECT_TRUE(canceled->has_failure_balance_transaction());
  EXPECT_EQ(RetrieveCharge(charge.id()).amount_refunded(), 0);
  EXPECT_THAT(EventTypesSince(events),
              ElementsAre("charge.refund.updated", "refund.updated", "charge.updated"));
  clock_.Advance(absl::Seconds(1));  // the timer finds it canceled: nothing happens
  EXPECT_EQ(Retrieve(refund.id()), *canceled);
}

TEST_F(RefundOutcomesTest, CancelRefusedOutsidePendingChangesNothing) {
  const Refund succeeded = RefundOf(Pay("tok_visa"), 100);
  const auto summary = engine_.StateSummary();
  EXPECT_THAT(engine_.refunds().Cancel(succeeded.id()), HttpStatusIs(400));
  EXPECT_THAT(engine_.refunds().Cancel("re_missing"), HttpStatusIs(404));
  EXPECT_EQ(engine_.StateSummary(), summary);
  const Refund pending = RefundOf(Pay("tok_pendingRefund"), 100);
  clock_.Advance(kRefundOutcomeDelay);
  EXPECT_THAT(engine_.refunds().Cancel(pending.id()), HttpStatusIs(400));  // succeeded by now
}

TEST_F(RefundOutcomesTest, UpdateMetadataOfAPendingRefund) {
  const Refund refund = RefundOf(Pay("tok_pendingRefund"), 100);
  absl::StatusOr<Refund> updated = engine_.refunds().Update(
      refund.id(), ParseParams<RefundUpdateParams>(R"pb(metadata { key: "k" value: "v" })pb"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->status(), "pending");
  EXPECT_EQ(updated->metadata().at("k"), "v");
}

}  // namespace
}  // namespace paysim
