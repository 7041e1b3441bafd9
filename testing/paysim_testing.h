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
// ParseParams<T>() to write request parameters as text.
#ifndef PAYSIM_TESTING_PAYSIM_TESTING_H_
#define PAYSIM_TESTING_PAYSIM_TESTING_H_

#include <string>

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

}  // namespace testing
}  // namespace paysim

#endif  // PAYSIM_TESTING_PAYSIM_TESTING_H_
