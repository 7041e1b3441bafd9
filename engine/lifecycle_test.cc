// The published lifecycle tables: well formed, and what the engine does follows them.
#include "engine/lifecycle.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "engine/engine.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::Not;
using testing::FakeClock;
using testing::IsOk;
using testing::ParseParams;

bool IsState(const Lifecycle& l, const std::string& s) {
  for (const std::string& state : l.states) {
    if (state == s) return true;
  }
  return false;
}

TEST(Lifecycles, EveryTableIsWellFormed) {
  std::set<std::string> resources;
  for (const Lifecycle* l : Lifecycles()) {
    SCOPED_TRACE(l->resource);
    EXPECT_TRUE(resources.insert(l->resource).second) << "listed twice";
    EXPECT_EQ(FindLifecycle(l->resource), l);
    EXPECT_THAT(l->states, Not(IsEmpty()));
    EXPECT_EQ(l->rendered_status.size(), l->states.size());
    EXPECT_THAT(l->From(""), Not(IsEmpty())) << "nothing creates it";
    for (const LifecycleTransition& t : l->transitions) {
      EXPECT_TRUE(t.from.empty() || IsState(*l, t.from)) << t.from;
      EXPECT_TRUE(IsState(*l, t.to)) << t.to;
      EXPECT_FALSE(t.trigger.empty());
    }
    // Every state can be reached from creation.
    std::set<std::string> reached;
    std::vector<std::string> frontier = {""};
    while (!frontier.empty()) {
      const std::string from = frontier.back();
      frontier.pop_back();
      for (const LifecycleTransition* t : l->From(from)) {
        if (reached.insert(t->to).second) frontier.push_back(t->to);
      }
    }
    for (const std::string& state : l->states) EXPECT_THAT(reached, Contains(state));
  }
  EXPECT_EQ(FindLifecycle("no_such_resource"), nullptr);
}

TEST(Lifecycles, PaymentIntentTableNamesEveryWayItMoves) {
  const Lifecycle* pi = FindLifecycle("payment_intent");
  ASSERT_NE(pi, nullptr);
  EXPECT_TRUE(pi->Allows("requires_payment_method", "processing"));
  EXPECT_TRUE(pi->Allows("processing", "succeeded"));
  EXPECT_TRUE(pi->Allows("processing", "requires_payment_method"));
  EXPECT_FALSE(pi->Allows("processing", "canceled"));  // a submitted debit is not canceled
  EXPECT_TRUE(pi->Allows("requires_capture", "canceled"));
  EXPECT_FALSE(pi->Allows("succeeded", "canceled"));
  EXPECT_FALSE(pi->Allows("canceled", "requires_payment_method"));
  bool session_expiry = false;
  for (const LifecycleTransition& t : pi->transitions) {
    if (t.trigger == "its Checkout Session expires" && t.to == "canceled") session_expiry = true;
  }
  EXPECT_TRUE(session_expiry);
}

TEST(Lifecycles, DisputeAndRefundTablesNameTheirOutcomes) {
  const Lifecycle* dispute = FindLifecycle("dispute");
  ASSERT_NE(dispute, nullptr);
  EXPECT_TRUE(dispute->Allows("", "needs_response"));
  EXPECT_TRUE(dispute->Allows("", "warning_needs_response"));
  EXPECT_TRUE(dispute->Allows("needs_response", "under_review"));
  EXPECT_TRUE(dispute->Allows("under_review", "won"));
  EXPECT_TRUE(dispute->Allows("under_review", "lost"));
  EXPECT_TRUE(dispute->Allows("needs_response", "lost"));  // close, or the due date
  EXPECT_TRUE(dispute->Allows("warning_needs_response", "warning_closed"));
  EXPECT_TRUE(dispute->Allows("warning_under_review", "needs_response"));  // escalated
  EXPECT_FALSE(dispute->Allows("won", "lost"));
  EXPECT_FALSE(dispute->Allows("lost", "under_review"));
  const Lifecycle* refund = FindLifecycle("refund");
  ASSERT_NE(refund, nullptr);
  EXPECT_TRUE(refund->Allows("", "pending"));
  EXPECT_TRUE(refund->Allows("pending", "succeeded"));
  EXPECT_TRUE(refund->Allows("succeeded", "failed"));
  EXPECT_TRUE(refund->Allows("pending", "canceled"));
  EXPECT_FALSE(refund->Allows("failed", "succeeded"));
  EXPECT_FALSE(refund->Allows("succeeded", "canceled"));
}

// Drives every kind of flow and checks each resource's observed moves against its table: a
// change of state is a row of the table, and the event that announced it is one the table
// names for entering that state.
class FollowsTheTables : public ::testing::Test {
 protected:
  FollowsTheTables() : engine_({.clock = &clock_, .seed = 11}) {
    engine_.events().Subscribe({"*"}, [this](const Event& e) { Observe(e); });
  }

  // Status-like state of the event's object, for the lifecycles whose states are Stripe's.
  void Observe(const Event& event) {
    const StripeObject& o = event.data().object();
    std::string resource, id, status;
    if (o.has_payment_intent()) {
      resource = "payment_intent", id = o.payment_intent().id(), status = o.payment_intent().status();
    } else if (o.has_setup_intent()) {
      resource = "setup_intent", id = o.setup_intent().id(), status = o.setup_intent().status();
    } else if (o.has_checkout_session()) {
      resource = "checkout.session", id = o.checkout_session().id();
      status = o.checkout_session().status();
    } else if (o.has_refund()) {
      resource = "refund", id = o.refund().id(), status = o.refund().status();
    } else {
      return;
    }
    const Lifecycle* l = FindLifecycle(resource);
    ASSERT_NE(l, nullptr);
    const std::string before = last_[id];
    // A resource created without an event (a Checkout Session) is first seen later.
    bool creation_announced = false;
    for (const LifecycleTransition* t : l->From("")) creation_announced |= !t->events.empty();
    if (!before.empty() || creation_announced) {
      EXPECT_TRUE(l->Allows(before, status)) << event.type() << ": " << before << " -> " << status;
    }
    // The event is one the table names for a row entering `status` (updates aside).
    if (absl::EndsWith(event.type(), ".updated")) return;
    bool named = false;
    for (const LifecycleTransition& t : l->transitions) {
      if (t.to != status) continue;
      for (absl::string_view type : absl::StrSplit(t.events, ", ")) {
        named = named || type == event.type();
      }
    }
    EXPECT_TRUE(named) << event.type() << " entering " << status;
    last_[id] = status;
    ++observed_;
  }

  FakeClock clock_;
  Engine engine_;
  std::map<std::string, std::string> last_;
  int observed_ = 0;
};

TEST_F(FollowsTheTables, IntentsRefundsAndCheckout) {
  // A PaymentIntent through 3D Secure, a decline and recovery, manual capture and refund.
  auto pi = engine_.payment_intents().Create(ParseParams<PaymentIntentCreateParams>(
      R"pb(amount: 2000 currency: "usd" payment_method: "pm_card_threeDSecure2Required"
           capture_method: "manual" confirm: true)pb"));
  ASSERT_THAT(pi, IsOk());
  ASSERT_THAT(engine_.payment_intents().CompleteThreeDSecure(pi->id()), IsOk());
  ASSERT_THAT(engine_.payment_intents().Capture(pi->id(), {}), IsOk());
  RefundCreateParams refund;
  refund.set_payment_intent(pi->id());
  refund.set_amount(500);
  ASSERT_THAT(engine_.refunds().Create(refund), IsOk());

  auto declined = engine_.payment_intents().Create(ParseParams<PaymentIntentCreateParams>(
      R"pb(amount: 2000 currency: "usd" payment_method: "pm_card_chargeDeclinedExpiredCard" confirm: true)pb"));
  EXPECT_FALSE(declined.ok());
  auto listed = engine_.payment_intents().List({});
  ASSERT_THAT(listed, IsOk());
  const std::string retry = listed->data[0].id();
  ASSERT_THAT(engine_.payment_intents().Confirm(
                  retry, ParseParams<PaymentIntentConfirmParams>(R"pb(payment_method: "pm_card_visa")pb")),
              IsOk());

  // A hold that expires, and a cancel.
  auto held = engine_.payment_intents().Create(ParseParams<PaymentIntentCreateParams>(
      R"pb(amount: 900 currency: "usd" payment_method: "pm_card_visa" capture_method: "manual"
           confirm: true)pb"));
  ASSERT_THAT(held, IsOk());
  auto canceled = engine_.payment_intents().Create(
      ParseParams<PaymentIntentCreateParams>(R"pb(amount: 900 currency: "usd")pb"));
  ASSERT_THAT(canceled, IsOk());
  ASSERT_THAT(engine_.payment_intents().Cancel(canceled->id(), {}), IsOk());
  clock_.Advance(kAuthorizationWindow);
  engine_.FireDueTimers();

  // A SetupIntent with 3D Secure that fails, then succeeds.
  auto si = engine_.setup_intents().Create(ParseParams<SetupIntentCreateParams>(
      R"pb(payment_method: "pm_card_threeDSecure2Required" confirm: true)pb"));
  ASSERT_THAT(si, IsOk());
  ASSERT_THAT(engine_.setup_intents().FailThreeDSecure(si->id()), IsOk());
  ASSERT_THAT(engine_.setup_intents().Confirm(
                  si->id(), ParseParams<SetupIntentConfirmParams>(R"pb(payment_method: "pm_card_visa")pb")),
              IsOk());

  // Checkout: one paid, one left to expire, one paid by a bank debit that settles.
  auto price = engine_.prices().Create(ParseParams<PriceCreateParams>(
      R"pb(currency: "usd" unit_amount: 2500 product_data { name: "Mug" })pb"));
  ASSERT_THAT(price, IsOk());
  CheckoutSessionCreateParams create;
  create.set_mode("payment");
  create.set_success_url("https://shop.example/done");
  create.add_line_items()->set_price(price->id());
  create.mutable_line_items(0)->set_quantity(1);
  create.add_payment_method_types("card");
  create.add_payment_method_types("us_bank_account");
  auto paid = engine_.checkout_sessions().Create(create);
  auto abandoned = engine_.checkout_sessions().Create(create);
  auto debited = engine_.checkout_sessions().Create(create);
  ASSERT_THAT(paid, IsOk());
  ASSERT_THAT(abandoned, IsOk());
  ASSERT_THAT(debited, IsOk());
  ASSERT_THAT(engine_.checkout_page().Pay(paid->id(), ParseParams<CheckoutPayParams>(
                                                          R"pb(payment_method: "pm_card_visa"
                                                               email: "a@example.com")pb")),
              IsOk());
  ASSERT_THAT(engine_.checkout_page().Pay(
                  debited->id(), ParseParams<CheckoutPayParams>(
                                     R"pb(payment_method: "pm_usBankAccount_success"
                                          email: "b@example.com" name: "B")pb")),
              IsOk());
  clock_.Advance(kCheckoutSessionLifetime);
  clock_.Advance(kBankDebitSettlementDelay);
  engine_.FireDueTimers();

  EXPECT_GE(observed_, 25);
}

}  // namespace
}  // namespace paysim
