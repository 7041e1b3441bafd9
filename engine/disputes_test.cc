// Behaviour tests of Disputes and early fraud warnings: the test cards open them at the
// capture, the due date (one second either side), evidence, submission and the decision,
// close, the balance transactions, the events, the list filters, and refused calls.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/dispute_lifecycle.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr int64_t kStart = 1767225600;  // FakeClock's default: 2026-01-01T00:00:00Z
// 23:59:59 UTC seven days after 2026-01-01.
constexpr int64_t kDueBy = kStart + 8 * 86400 - 1;

class DisputesTest : public ::testing::Test {
 protected:
  // A captured charge of `amount` by `source`; the dispute (if any) is opened by the next call.
  Charge Pay(const std::string& source, int64_t amount = 2000) {
    ChargeCreateParams params;
    params.set_amount(amount);
    params.set_currency("usd");
    params.set_source(source);
    absl::StatusOr<Charge> charge = engine_.charges().Create(params);
    EXPECT_THAT(charge, IsOk());
    return charge.ok() ? *charge : Charge();
  }

  // The one dispute of `charge`.
  Dispute DisputeOf(const Charge& charge) {
    DisputeListParams params;
    params.set_charge(charge.id());
    absl::StatusOr<ListResult<Dispute>> list = engine_.disputes().List(params);
    EXPECT_THAT(list, IsOk());
    if (!list.ok() || list->data.size() != 1) {
      ADD_FAILURE() << "expected one dispute";
      return Dispute();
    }
    return list->data[0];
  }

  Dispute Retrieve(const std::string& id) {
    absl::StatusOr<Dispute> dispute = engine_.disputes().Retrieve(id);
    EXPECT_THAT(dispute, IsOk());
    return dispute.ok() ? *dispute : Dispute();
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

  size_t EventCount() { return EventTypesSince(0).size(); }

  int64_t Available() {
    absl::StatusOr<Balance> balance = engine_.balance().Retrieve();
    EXPECT_THAT(balance, IsOk());
    return balance.ok() ? balance->available(0).amount() : 0;
  }

  DisputeUpdateParams Evidence(const std::string& text, bool submit) {
    DisputeUpdateParams params;
    params.mutable_evidence()->set_uncategorized_text(text);
    if (submit) params.set_submit(true);
    return params;
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 7}};
};

TEST_F(DisputesTest, FraudulentCardOpensAChargebackRightAfterTheCharge) {
  const Charge charge = Pay("tok_createDispute");
  EXPECT_FALSE(charge.disputed());  // the call that charged answers before the dispute opens
  const Dispute dispute = DisputeOf(charge);
  EXPECT_EQ(dispute.object(), "dispute");
  EXPECT_TRUE(absl::StartsWith(dispute.id(), "du_"));
  EXPECT_EQ(dispute.status(), "needs_response");
  EXPECT_EQ(dispute.reason(), "fraudulent");
  EXPECT_EQ(dispute.amount(), 2000);
  EXPECT_EQ(dispute.created(), kStart);
  EXPECT_EQ(dispute.evidence_details().due_by(), kDueBy);
  EXPECT_FALSE(dispute.is_charge_refundable());
  EXPECT_EQ(dispute.payment_method_details().card().case_type(), "chargeback");
  ASSERT_THAT(dispute.balance_transactions(), SizeIs(1));
  const BalanceTransaction& withdrawal = dispute.balance_transactions(0);
  EXPECT_EQ(withdrawal.amount(), -2000);
  EXPECT_EQ(withdrawal.fee(), kDisputeFee);
  EXPECT_EQ(withdrawal.net(), -2000 - kDisputeFee);
  EXPECT_EQ(withdrawal.type(), "adjustment");
  EXPECT_EQ(withdrawal.reporting_category(), "dispute");
  EXPECT_EQ(withdrawal.source(), dispute.id());
  absl::StatusOr<Charge> disputed = engine_.charges().Retrieve(charge.id());
  ASSERT_THAT(disputed, IsOk());
  EXPECT_TRUE(disputed->disputed());
  EXPECT_THAT(EventTypesSince(0),
              ElementsAre("charge.succeeded", "charge.dispute.created",
                          "charge.dispute.funds_withdrawn", "charge.updated"));
}

TEST_F(DisputesTest, EveryDisputeTestNameOpensItsKind) {
  struct Case {
    const char* source;
    const char* status;
    const char* reason;
  };
  for (const Case& c : {Case{"tok_createDispute", "needs_response", "fraudulent"},
                        Case{"tok_createDisputeProductNotReceived", "needs_response",
                             "product_not_received"},
                        Case{"tok_createDisputeInquiry", "warning_needs_response", "general"},
                        Case{"tok_createComplianceDispute", "needs_response", "noncompliant"}}) {
    SCOPED_TRACE(c.source);
    const Dispute dispute = DisputeOf(Pay(c.source));
    EXPECT_EQ(dispute.status(), c.status);
    EXPECT_EQ(dispute.reason(), c.reason);
  }
}

TEST_F(DisputesTest, PaymentIntentWithDisputePaymentMethod) {
  absl::StatusOr<PaymentIntent> intent =
      engine_.payment_intents().Create(ParseParams<PaymentIntentCreateParams>(
          R"pb(amount: 1500 currency: "usd" payment_method: "pm_card_createDispute"
               confirm: true payment_method_types: "card")pb"));
  ASSERT_THAT(intent, IsOk());
  DisputeListParams params;
  params.set_payment_intent(intent->id());
  absl::StatusOr<ListResult<Dispute>> list = engine_.disputes().List(params);
  ASSERT_THAT(list, IsOk());
  ASSERT_THAT(list->data, SizeIs(1));
  EXPECT_EQ(list->data[0].payment_intent(), intent->id());
  EXPECT_EQ(list->data[0].charge(), intent->latest_charge());
}

TEST_F(DisputesTest, UnansweredDisputeIsLostWhenTheDueDateComes) {
  const Dispute opened = DisputeOf(Pay("tok_createDispute"));
  const size_t events = EventCount();
  clock_.SetTime(absl::FromUnixSeconds(kDueBy - 1));
  EXPECT_EQ(Retrieve(opened.id()).status(), "needs_response");
  clock_.SetTime(absl::FromUnixSeconds(kDueBy));
  const Dispute lost = Retrieve(opened.id());
  EXPECT_EQ(lost.status(), "lost");
  EXPECT_THAT(lost.balance_transactions(), SizeIs(1));  // nothing reinstated
  // The charge's funds became available on day 2; the dispute closed at its due date.
  EXPECT_THAT(EventTypesSince(events), ElementsAre("balance.available", "charge.dispute.closed"));
}

TEST_F(DisputesTest, UnansweredInquiryClosesAsWarningClosed) {
  const Dispute opened = DisputeOf(Pay("tok_createDisputeInquiry"));
  EXPECT_THAT(opened.balance_transactions(), IsEmpty());
  EXPECT_TRUE(opened.is_charge_refundable());
  clock_.SetTime(absl::FromUnixSeconds(kDueBy - 1));
  EXPECT_EQ(Retrieve(opened.id()).status(), "warning_needs_response");
  clock_.SetTime(absl::FromUnixSeconds(kDueBy));
  EXPECT_EQ(Retrieve(opened.id()).status(), "warning_closed");
}

TEST_F(DisputesTest, WinningEvidenceWinsAndReinstatesAmountAndFee) {
  const Dispute opened = DisputeOf(Pay("tok_createDispute"));
  const int64_t before = Available();
  absl::StatusOr<Dispute> staged =
      engine_.disputes().Update(opened.id(), Evidence("winning_evidence", false));
  ASSERT_THAT(staged, IsOk());
  EXPECT_EQ(staged->status(), "needs_response");
  EXPECT_TRUE(staged->evidence_details().has_evidence());
  EXPECT_EQ(staged->evidence_details().submission_count(), 0);
  const size_t events = EventCount();
  DisputeUpdateParams submit;
  submit.set_submit(true);
  absl::StatusOr<Dispute> submitted = engine_.disputes().Update(opened.id(), submit);
  ASSERT_THAT(submitted, IsOk());
  EXPECT_EQ(submitted->status(), "under_review");
  EXPECT_EQ(submitted->evidence_details().submission_count(), 1);
  const Dispute won = Retrieve(opened.id());
  EXPECT_EQ(won.status(), "won");
  EXPECT_TRUE(won.is_charge_refundable());
  ASSERT_THAT(won.balance_transactions(), SizeIs(2));
  EXPECT_EQ(won.balance_transactions(1).amount(), 2000);
  EXPECT_EQ(won.balance_transactions(1).net(), 2000 + kDisputeFee);
  EXPECT_EQ(won.balance_transactions(1).reporting_category(), "dispute_reversal");
  EXPECT_EQ(Available(), before + 2000 + kDisputeFee);
  EXPECT_THAT(EventTypesSince(events),
              ElementsAre("charge.dispute.updated", "charge.dispute.closed",
                          "charge.dispute.funds_reinstated"));
}

TEST_F(DisputesTest, LosingEvidenceLoses) {
  const Dispute opened = DisputeOf(Pay("tok_createDisputeProductNotReceived"));
  ASSERT_THAT(engine_.disputes().Update(opened.id(), Evidence("losing_evidence", true)), IsOk());
  const Dispute lost = Retrieve(opened.id());
  EXPECT_EQ(lost.status(), "lost");
  EXPECT_THAT(lost.balance_transactions(), SizeIs(1));
}

TEST_F(DisputesTest, OtherEvidenceStaysUnderReviewPastTheDueDate) {
  const Dispute opened = DisputeOf(Pay("tok_createDispute"));
  ASSERT_THAT(engine_.disputes().Update(opened.id(), Evidence("a receipt", true)), IsOk());
  clock_.SetTime(absl::FromUnixSeconds(kDueBy + 86400));
  EXPECT_EQ(Retrieve(opened.id()).status(), "under_review");
}

TEST_F(DisputesTest, InquiryWonClosesAndLostEscalates) {
  const Dispute won = DisputeOf(Pay("tok_createDisputeInquiry"));
  ASSERT_THAT(engine_.disputes().Update(won.id(), Evidence("winning_evidence", true)), IsOk());
  EXPECT_EQ(Retrieve(won.id()).status(), "warning_closed");

  const Dispute inquiry = DisputeOf(Pay("tok_createDisputeInquiry"));
  absl::StatusOr<Dispute> submitted =
      engine_.disputes().Update(inquiry.id(), Evidence("losing_evidence", true));
  ASSERT_THAT(submitted, IsOk());
  EXPECT_EQ(submitted->status(), "warning_under_review");
  const Dispute escalated = Retrieve(inquiry.id());
  EXPECT_EQ(escalated.status(), "needs_response");
  EXPECT_THAT(escalated.balance_transactions(), SizeIs(1));
  EXPECT_FALSE(escalated.is_charge_refundable());
}

TEST_F(DisputesTest, InquiryRefundedInFullClosesInsteadOfEscalating) {
  const Charge charge = Pay("tok_createDisputeInquiry");
  const Dispute inquiry = DisputeOf(charge);
  RefundCreateParams refund;
  refund.set_charge(charge.id());
  ASSERT_THAT(engine_.refunds().Create(refund), IsOk());
  ASSERT_THAT(engine_.disputes().Update(inquiry.id(), Evidence("losing_evidence", true)), IsOk());
  const Dispute closed = Retrieve(inquiry.id());
  EXPECT_EQ(closed.status(), "warning_closed");
  EXPECT_THAT(closed.balance_transactions(), IsEmpty());
}

TEST_F(DisputesTest, CloseAcceptsTheDispute) {
  const Dispute opened = DisputeOf(Pay("tok_createDispute"));
  absl::StatusOr<Dispute> closed = engine_.disputes().Close(opened.id());
  ASSERT_THAT(closed, IsOk());
  EXPECT_EQ(closed->status(), "lost");
  const Dispute inquiry = DisputeOf(Pay("tok_createDisputeInquiry"));
  closed = engine_.disputes().Close(inquiry.id());
  ASSERT_THAT(closed, IsOk());
  EXPECT_EQ(closed->status(), "warning_closed");
}

TEST_F(DisputesTest, RefusedCallsChangeNothing) {
  const Dispute opened = DisputeOf(Pay("tok_createDispute"));
  const auto summary = engine_.StateSummary();
  EXPECT_THAT(engine_.disputes().Retrieve("du_missing"), HttpStatusIs(404));
  EXPECT_THAT(engine_.disputes().Close("du_missing"),
              StripeErrorIs("invalid_request_error", "resource_missing"));
  DisputeUpdateParams file;
  file.mutable_evidence()->set_receipt("file_123");
  file.mutable_evidence()->set_uncategorized_text("winning_evidence");
  EXPECT_THAT(engine_.disputes().Update(opened.id(), file),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "evidence[receipt]"));
  DisputeUpdateParams long_text;
  long_text.mutable_evidence()->set_uncategorized_text(
      std::string(kDisputeEvidenceTextMaxLength + 1, 'x'));
  EXPECT_THAT(engine_.disputes().Update(opened.id(), long_text), HttpStatusIs(400));
  EXPECT_EQ(engine_.StateSummary(), summary);
  EXPECT_EQ(Retrieve(opened.id()), opened);

  ASSERT_THAT(engine_.disputes().Close(opened.id()), IsOk());
  const Dispute lost = Retrieve(opened.id());
  const auto after_close = engine_.StateSummary();
  EXPECT_THAT(engine_.disputes().Close(opened.id()), HttpStatusIs(400));
  EXPECT_THAT(engine_.disputes().Update(opened.id(), Evidence("winning_evidence", true)),
              StripeErrorWithParam("invalid_request_error", "", "evidence"));
  EXPECT_EQ(engine_.StateSummary(), after_close);
  EXPECT_EQ(Retrieve(opened.id()), lost);
}

TEST_F(DisputesTest, MetadataUpdatesInAnyState) {
  const Dispute opened = DisputeOf(Pay("tok_createDispute"));
  ASSERT_THAT(engine_.disputes().Close(opened.id()), IsOk());
  const size_t events = EventCount();
  absl::StatusOr<Dispute> updated = engine_.disputes().Update(
      opened.id(), ParseParams<DisputeUpdateParams>(R"pb(metadata { key: "case" value: "7" })pb"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->metadata().at("case"), "7");
  EXPECT_EQ(updated->status(), "lost");
  EXPECT_THAT(EventTypesSince(events), ElementsAre("charge.dispute.updated"));
}

TEST_F(DisputesTest, ChargedBackChargeCannotBeRefundedUntilWon) {
  const Charge charge = Pay("tok_createDispute");
  const Dispute opened = DisputeOf(charge);
  RefundCreateParams refund;
  refund.set_charge(charge.id());
  EXPECT_THAT(engine_.refunds().Create(refund),
              StripeErrorIs("invalid_request_error", "charge_disputed"));
  const Charge inquiry = Pay("tok_createDisputeInquiry");
  DisputeOf(inquiry);
  refund.set_charge(inquiry.id());
  EXPECT_THAT(engine_.refunds().Create(refund), IsOk());
}

TEST_F(DisputesTest, ListFiltersByCreated) {
  Pay("tok_createDispute");
  clock_.Advance(absl::Seconds(10));
  const Dispute later = DisputeOf(Pay("tok_createDispute"));
  DisputeListParams params;
  params.mutable_created()->set_gt(kStart);
  absl::StatusOr<ListResult<Dispute>> list = engine_.disputes().List(params);
  ASSERT_THAT(list, IsOk());
  ASSERT_THAT(list->data, SizeIs(1));
  EXPECT_EQ(list->data[0].id(), later.id());
  params.mutable_created()->clear_gt();
  params.mutable_created()->set_lte(kStart + 10);
  list = engine_.disputes().List(params);
  ASSERT_THAT(list, IsOk());
  EXPECT_THAT(list->data, SizeIs(2));
}

TEST_F(DisputesTest, EarlyFraudWarningCardWarnsWithoutDispute) {
  const Charge charge = Pay("tok_createIssuerFraudRecord");
  EarlyFraudWarningListParams params;
  params.set_charge(charge.id());
  absl::StatusOr<ListResult<EarlyFraudWarning>> list = engine_.early_fraud_warnings().List(params);
  ASSERT_THAT(list, IsOk());
  ASSERT_THAT(list->data, SizeIs(1));
  EXPECT_EQ(list->data[0].object(), "radar.early_fraud_warning");
  EXPECT_TRUE(list->data[0].actionable());
  EXPECT_THAT(engine_.early_fraud_warnings().Retrieve(list->data[0].id()), IsOk());
  DisputeListParams disputes;
  disputes.set_charge(charge.id());
  EXPECT_THAT(engine_.disputes().List(disputes)->data, IsEmpty());
  EXPECT_THAT(EventTypesSince(0),
              ElementsAre("charge.succeeded", "radar.early_fraud_warning.created"));
}

TEST_F(DisputesTest, OrdinaryCardsAreNotDisputed) {
  const Charge charge = Pay("tok_visa");
  DisputeListParams params;
  EXPECT_THAT(engine_.disputes().List(params)->data, IsEmpty());
  EXPECT_FALSE(engine_.charges().Retrieve(charge.id())->disputed());
}

TEST_F(DisputesTest, ManualCaptureIsDisputedAtTheCapture) {
  ChargeCreateParams params;
  params.set_amount(3000);
  params.set_currency("usd");
  params.set_source("tok_createDispute");
  params.set_capture(false);
  absl::StatusOr<Charge> held = engine_.charges().Create(params);
  ASSERT_THAT(held, IsOk());
  DisputeListParams all;
  EXPECT_THAT(engine_.disputes().List(all)->data, IsEmpty());
  ChargeCaptureParams capture;
  capture.set_amount(2500);
  ASSERT_THAT(engine_.charges().Capture(held->id(), capture), IsOk());
  EXPECT_EQ(DisputeOf(*held).amount(), 2500);
}

}  // namespace
}  // namespace paysim
