// The "no state regresses" check, fed by tables of terminal states.
#include "testing/simulator/lifecycles.h"

#include <string>
#include <vector>

#include "engine/engine.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "proto/event.pb.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class LifecyclesTest : public ::testing::Test {
 protected:
  // Checks `object`; returns the reports.
  std::vector<std::string> Check(const Lifecycle& lifecycle,
                                 const google::protobuf::Message& object, bool current = false) {
    std::vector<std::string> reports;
    CheckNoStateRegresses(lifecycle, object, current, record_,
                          [&](const std::string& what) { reports.push_back(what); });
    return reports;
  }

  LifecycleRecord record_;
};

TEST_F(LifecyclesTest, AStatusOnceTerminalStays) {
  const Lifecycle lifecycle =
      MakeLifecycle(PaymentIntent::descriptor(), {StatusIs("succeeded"), StatusIs("canceled")});
  pb::PaymentIntent pi;
  pi.set_id("pi_1");
  pi.set_status("requires_confirmation");
  EXPECT_THAT(Check(lifecycle, pi), IsEmpty());
  EXPECT_FALSE(record_.Reached("pi_1", "succeeded"));
  pi.set_status("succeeded");
  EXPECT_THAT(Check(lifecycle, pi), IsEmpty());
  EXPECT_TRUE(record_.Reached("pi_1", "succeeded"));
  EXPECT_THAT(Check(lifecycle, pi), IsEmpty());
  pi.set_status("canceled");
  EXPECT_THAT(Check(lifecycle, pi),
              ElementsAre("pi_1 left a terminal state (was succeeded; now status=canceled)"));
}

TEST_F(LifecyclesTest, FlagsAreStatesOfTheirOwnAndOneReportNamesEveryStateLeft) {
  const Lifecycle lifecycle =
      MakeLifecycle(Token::descriptor(), {FlagSet("used"), FlagSet("expired")});
  pb::Token token;
  token.set_id("tok_1");
  token.set_used(true);
  token.set_expired(true);
  EXPECT_THAT(Check(lifecycle, token), IsEmpty());
  EXPECT_TRUE(record_.Reached("tok_1", "used"));
  EXPECT_TRUE(record_.Reached("tok_1", "expired"));
  token.set_used(false);
  token.set_expired(false);
  EXPECT_THAT(Check(lifecycle, token),
              ElementsAre("tok_1 left a terminal state (was used, expired; now used=false "
                          "expired=false)"));
}

TEST_F(LifecyclesTest, AnObjectGoneAfterAnEventIsReportedOnlyWhenReadBack) {
  const Lifecycle lifecycle =
      MakeLifecycle(Customer::descriptor(), {GoneAfterEvent("deleted", "customer.deleted")});
  pb::Customer customer;
  customer.set_id("cus_1");
  record_.NoteEvent(lifecycle, customer, "customer.updated");
  EXPECT_FALSE(record_.Reached("cus_1", "deleted"));
  record_.NoteEvent(lifecycle, customer, "customer.deleted");
  EXPECT_TRUE(record_.Reached("cus_1", "deleted"));
  EXPECT_THAT(Check(lifecycle, customer, /*current=*/false), IsEmpty());
  EXPECT_THAT(Check(lifecycle, customer, /*current=*/true),
              ElementsAre(HasSubstr("cus_1 is read again after it was deleted")));
}

TEST_F(LifecyclesTest, ObjectsAreKeptApart) {
  const Lifecycle lifecycle = MakeLifecycle(Charge::descriptor(), {StatusIs("failed")});
  pb::Charge failed;
  failed.set_id("ch_1");
  failed.set_status("failed");
  pb::Charge other;
  other.set_id("ch_2");
  other.set_status("succeeded");
  EXPECT_THAT(Check(lifecycle, failed), IsEmpty());
  EXPECT_THAT(Check(lifecycle, other), IsEmpty());
  EXPECT_FALSE(record_.Reached("ch_2", "failed"));
  record_.Clear();
  EXPECT_FALSE(record_.Reached("ch_1", "failed"));
}

TEST(LifecyclesDeathTest, ATableNamingAFieldTheProtoLacksIsABug) {
  EXPECT_DEATH(MakeLifecycle(Charge::descriptor(), {FlagSet("no_such_field")}), "no_such_field");
}

}  // namespace
}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
