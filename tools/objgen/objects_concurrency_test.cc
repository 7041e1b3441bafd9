// Several threads copying and reading shared objects while each changes its private copies:
// the reference counts are atomic and shared nodes never change. Also run under
// ThreadSanitizer: ./bazelw test --config=tsan //tools/objgen:objects_concurrency_test
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/json_writer.h"
#include "gtest/gtest.h"
#include "proto/event.obj.h"
#include "proto/object_runtime/previous_attributes.h"
#include "tools/objgen/charge_fixture.h"

namespace paysim {
namespace objgen {
namespace {

constexpr int kThreads = 4;
constexpr int kRounds = 2000;

TEST(ObjectsConcurrencyTest, SharedObjectsCopiedReadAndChangedPrivately) {
  const Charge shared = MakeTokVisaCharge(1);
  std::string shared_json;
  JsonWriter shared_out(&shared_json);
  shared.WriteJson(shared_out);

  std::vector<Event> events(kThreads);  // one per thread: written only by it
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        Charge copy = shared;  // shares every node
        copy.set_amount_refunded(i);
        copy.mutable_outcome()->set_risk_score(t);
        (*copy.mutable_metadata())["thread"] = absl::StrCat(t);
        copy.mutable_payment_method_details()->mutable_card()->mutable_checks()->set_cvc_check(
            i % 2 ? "pass" : "fail");
        Event event;
        *event.mutable_data()->mutable_object()->mutable_charge() = copy;
        event.mutable_data()->set_previous_attributes(obj::PreviousAttributes(shared, copy));
        events[t] = event;  // the previous one's nodes are released here, maybe last
        std::string json;
        JsonWriter out(&json);
        shared.WriteJson(out);
        ASSERT_EQ(json, shared_json);
        ASSERT_EQ(copy.source(), shared.source());
        ASSERT_TRUE(copy.source().SharesRepWith(shared.source()));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(shared, MakeTokVisaCharge(1));
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(events[t].data().object().charge().metadata().at("thread"), absl::StrCat(t));
  }
}

TEST(ObjectsConcurrencyTest, ObjectsHandedBetweenThreads) {
  // One thread builds versions, another reads and drops them: the last release may happen on
  // either side.
  std::vector<Charge> versions(kRounds);
  Charge current = MakeTokVisaCharge(2);
  std::thread reader;
  for (int i = 0; i < kRounds; ++i) {
    current.set_amount_captured(i);
    versions[i] = current;
  }
  reader = std::thread([&] {
    for (int i = 0; i < kRounds; ++i) {
      EXPECT_EQ(versions[i].amount_captured(), i);
      versions[i].Clear();
    }
  });
  for (int i = 0; i < kRounds; ++i) current.mutable_outcome()->set_risk_score(i);
  reader.join();
  EXPECT_EQ(current.outcome().risk_score(), kRounds - 1);
}

}  // namespace
}  // namespace objgen
}  // namespace paysim
