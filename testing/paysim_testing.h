// paysim_testing.h: everything a user's test needs, in one include.
//
//   #include "testing/paysim_testing.h"
//
//   TEST(Checkout, HoldExpires) {
//     paysim::testing::FakeClock clock;
//     paysim::Engine engine({.clock = &clock, .seed = 1});
//     ...
//   }
//
// Re-exports gMock/gTest, the status matchers, the Stripe matchers and FakeClock, and adds
// ParseParams<T>() to write request parameters as text and RestoredCopy() to check that what
// your code built survives a snapshot.
#ifndef PAYSIM_TESTING_PAYSIM_TESTING_H_
#define PAYSIM_TESTING_PAYSIM_TESTING_H_

#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/engine.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"
#include "testing/status_matchers.h"
#include "testing/stripe_matchers.h"

namespace paysim {
namespace testing {

// Params from protobuf text format, e.g.
//   ParseParams<ChargeCreateParams>(R"pb(amount: 999 currency: "usd" source: "tok_visa")pb")
// Fails the current test (and returns empty params) if the text does not parse.
template <typename Params>
Params ParseParams(absl::string_view text) {
  Params params;
  if (!google::protobuf::TextFormat::ParseFromString(std::string(text), &params)) {
    ADD_FAILURE() << "cannot parse " << Params::descriptor()->full_name() << " from: " << text;
  }
  return params;
}

// RestoredCopy()
//
// A second engine that continues from `engine`'s state now: Engine::Snapshot(), then
// Engine::Restore() with `options` (give it the clock the test drives; every other option
// comes from the snapshot). The two engines then run apart. Errors: Snapshot's or Restore's.
//   absl::StatusOr<std::unique_ptr<Engine>> copy = RestoredCopy(engine, {.clock = &clock});
//   ASSERT_THAT(copy, IsOk());
// Thread safety: as Engine::Snapshot().
inline absl::StatusOr<std::unique_ptr<Engine>> RestoredCopy(const Engine& engine,
                                                            EngineOptions options = {}) {
  absl::StatusOr<EngineSnapshot> snapshot = engine.Snapshot();
  if (!snapshot.ok()) return snapshot.status();
  return Engine::Restore(*snapshot, std::move(options));
}

}  // namespace testing
}  // namespace paysim

#endif  // PAYSIM_TESTING_PAYSIM_TESTING_H_
