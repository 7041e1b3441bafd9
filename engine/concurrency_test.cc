// Thread safety: several threads use one Engine at once (creates, captures, refunds, reads,
// customers, PaymentIntents, snapshots) while another moves the clock; afterwards every
// invariant holds (testing/audit.h AuditEngine), every call's object is in the store, and
// a subscriber received every event exactly once, in emission order. Run it under TSan with
// `./bazelw test --config=tsan //engine:concurrency_test`.
#include <algorithm>
#include <atomic>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "testing/audit.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::IsOk;

constexpr int kThreads = 4;
constexpr int kOperationsPerThread = 400;

// Ids shared between the threads, so that each acts on the others' objects too.
class SharedIds {
 public:
  void Add(const std::string& id) {
    absl::MutexLock lock(&mu_);
    ids_.push_back(id);
  }
  std::string Pick(std::mt19937_64& rng) {
    absl::MutexLock lock(&mu_);
    return ids_.empty() ? "none" : ids_[rng() % ids_.size()];
  }

 private:
  absl::Mutex mu_;
  std::vector<std::string> ids_ ABSL_GUARDED_BY(mu_);
};

TEST(ConcurrencyTest, ManyThreadsOneEngineKeepEveryInvariant) {
  FakeClock clock;
  Engine engine({.clock = &clock, .seed = 2026});

  absl::Mutex delivered_mu;
  std::vector<std::string> delivered;  // event ids, in delivery order
  engine.events().Subscribe({"*"}, [&](const Event& event) {
    absl::MutexLock lock(&delivered_mu);
    delivered.push_back(event.id());
  });

  SharedIds charges, holds, customers, intents;
  std::atomic<int> created_charges{0};
  std::atomic<int> unexpected{0};  // errors without a Stripe error: never expected
  std::atomic<bool> done{false};

  auto check = [&](const absl::Status& status) {
    if (!status.ok() && !GetStripeError(status).has_value()) ++unexpected;
  };

  auto worker = [&](int index) {
    std::mt19937_64 rng(index);
    for (int i = 0; i < kOperationsPerThread; ++i) {
      switch (rng() % 10) {
        case 0:
        case 1: {
          ChargeCreateParams params;
          params.set_amount(100 + static_cast<int64_t>(rng() % 5000));
          params.set_currency("usd");
          params.set_source(rng() % 5 == 0 ? "tok_chargeDeclined" : "tok_visa");
          const bool capture = rng() % 2 == 0;
          params.set_capture(capture);
          absl::StatusOr<Charge> charge = engine.charges().Create(params);
          check(charge.status());
          if (charge.ok()) {
            ++created_charges;
            charges.Add(charge->id());
            if (!capture) holds.Add(charge->id());
          }
          break;
        }
        case 2: {
          ChargeCaptureParams params;
          if (rng() % 2 == 0) params.set_amount(50 + static_cast<int64_t>(rng() % 100));
          check(engine.charges().Capture(holds.Pick(rng), params).status());
          break;
        }
        case 3: {
          RefundCreateParams params;
          params.set_charge(charges.Pick(rng));
          if (rng() % 2 == 0) params.set_amount(1 + static_cast<int64_t>(rng() % 200));
          check(engine.refunds().Create(params).status());
          break;
        }
        case 4: {
          check(engine.charges().Retrieve(charges.Pick(rng)).status());
          check(engine.balance().Retrieve().status());
          break;
        }
        case 5: {
          ChargeListParams params;
          params.set_limit(5);
          check(engine.charges().List(params).status());
          EventListParams events;
          events.set_limit(3);
          check(engine.events().List(events).status());
          break;
        }
        case 6: {
          CustomerCreateParams params;
          params.set_email(absl::StrCat("t", index, "-", i, "@example.com"));
          params.set_payment_method("pm_card_visa");
          params.mutable_invoice_settings()->set_default_payment_method("pm_card_visa");
          absl::StatusOr<Customer> customer = engine.customers().Create(
              params, {.idempotency_key = absl::StrCat("cus-", index, "-", i % 7)});
          check(customer.status());
          if (customer.ok()) customers.Add(customer->id());
          break;
        }
        case 7: {
          PaymentIntentCreateParams params;
          params.set_amount(500 + static_cast<int64_t>(rng() % 1000));
          params.set_currency("usd");
          params.set_payment_method("pm_card_visa");
          params.set_capture_method("manual");
          params.set_confirm(true);
          absl::StatusOr<PaymentIntent> pi = engine.payment_intents().Create(params);
          check(pi.status());
          if (pi.ok()) intents.Add(pi->id());
          break;
        }
        case 8: {
          const std::string id = intents.Pick(rng);
          if (rng() % 2 == 0) {
            check(engine.payment_intents().Capture(id, {}).status());
          } else {
            check(engine.payment_intents().Cancel(id, {}).status());
          }
          break;
        }
        default: {
          ChargeCreateParams params;
          params.set_amount(700);
          params.set_currency("usd");
          params.set_customer(customers.Pick(rng));
          check(engine.charges().Create(params).status());
          if (rng() % 20 == 0) check(engine.Snapshot().status());
          break;
        }
      }
    }
  };

  std::thread mover([&] {
    std::mt19937_64 rng(99);
    while (!done.load()) {
      clock.Advance(absl::Minutes(static_cast<int64_t>(rng() % (3 * 24 * 60))));
      engine.FireDueTimers();
      std::this_thread::yield();
    }
  });
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(worker, t);
  for (std::thread& thread : threads) thread.join();
  done = true;
  mover.join();
  engine.FireDueTimers();

  EXPECT_EQ(unexpected.load(), 0);
  EXPECT_GT(created_charges.load(), 0);
  EXPECT_THAT(testing::AuditEngine(engine), IsOk());

  // Every event was delivered once, in the order the log holds them (the log keeps the last 30
  // days of them: the clock moves by up to 3 days at a time, so the oldest may be gone).
  std::vector<std::string> logged;
  std::string after;
  for (;;) {
    EventListParams params;
    params.set_limit(100);
    if (!after.empty()) params.set_starting_after(after);
    absl::StatusOr<ListResult<Event>> page = engine.events().List(params);
    ASSERT_THAT(page, IsOk());
    for (const Event& event : page->data) logged.push_back(event.id());
    if (!page->has_more || page->data.empty()) break;
    after = page->data.back().id();
  }
  std::reverse(logged.begin(), logged.end());
  absl::MutexLock lock(&delivered_mu);
  EXPECT_EQ(delivered.size(), engine.events().emitted());
  ASSERT_LE(logged.size(), delivered.size());
  EXPECT_TRUE(std::equal(logged.begin(), logged.end(), delivered.end() - logged.size()))
      << "events were delivered out of emission order";
}

}  // namespace
}  // namespace paysim
