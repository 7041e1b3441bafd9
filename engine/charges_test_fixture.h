// charges_test_fixture.h (tests only): what the Charges behaviour tests share: request
// builders, listing helpers and ChargesTest, whose engine runs on a FakeClock with seed 7.
#ifndef PAYSIM_ENGINE_CHARGES_TEST_FIXTURE_H_
#define PAYSIM_ENGINE_CHARGES_TEST_FIXTURE_H_

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace charges_test {

using ::paysim::testing::FakeClock;
using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::IsOkAndHolds;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Property;
using ::testing::SizeIs;

inline constexpr int64_t kStart = 1767225600;  // FakeClock's default: 2026-01-01T00:00:00Z
inline constexpr int64_t kSevenDays = 7 * 24 * 3600;
inline constexpr absl::Duration kDay = absl::Hours(24);
inline constexpr char kPreBasil[] = "2024-06-20";

inline ChargeCreateParams ChargeParams(int64_t amount, const std::string& source, bool capture = true) {
  ChargeCreateParams params;
  params.set_amount(amount);
  params.set_currency("usd");
  params.set_source(source);
  if (!capture) params.set_capture(false);
  return params;
}

inline ChargeCaptureParams CaptureAmount(int64_t amount) {
  ChargeCaptureParams params;
  params.set_amount(amount);
  return params;
}

inline StripeError ErrorOf(const absl::Status& status) {
  absl::optional<StripeError> error = GetStripeError(status);
  EXPECT_TRUE(error.has_value()) << status;
  return error.value_or(StripeError());
}

// Every event, oldest first.
inline std::vector<Event> AllEvents(Engine& engine) {
  EventListParams params;
  params.set_limit(100);
  absl::StatusOr<ListResult<Event>> page = engine.events().List(params);
  EXPECT_THAT(page, IsOk());
  if (!page.ok()) return {};
  return std::vector<Event>(page->data.rbegin(), page->data.rend());
}

inline std::vector<std::string> EventTypes(Engine& engine) {
  std::vector<std::string> types;
  for (const Event& event : AllEvents(engine)) types.push_back(event.type());
  return types;
}

inline std::vector<Event> EventsOfType(Engine& engine, const std::string& type) {
  std::vector<Event> out;
  for (Event& event : AllEvents(engine)) {
    if (event.type() == type) out.push_back(std::move(event));
  }
  return out;
}

inline std::vector<Charge> AllCharges(Engine& engine) {
  ChargeListParams params;
  params.set_limit(100);
  absl::StatusOr<ListResult<Charge>> page = engine.charges().List(params);
  EXPECT_THAT(page, IsOk());
  return page.ok() ? page->data : std::vector<Charge>();
}

inline std::vector<Refund> RefundsOf(Engine& engine, const std::string& charge_id) {
  RefundListParams params;
  params.set_charge(charge_id);
  absl::StatusOr<ListResult<Refund>> page = engine.refunds().List(params);
  EXPECT_THAT(page, IsOk());
  return page.ok() ? page->data : std::vector<Refund>();
}

inline std::vector<std::string> Ids(const std::vector<Charge>& charges) {
  std::vector<std::string> ids;
  for (const Charge& charge : charges) ids.push_back(charge.id());
  return ids;
}

class ChargesTest : public ::testing::Test {
 protected:
  // Creates a charge that must succeed.
  Charge MustCreate(const ChargeCreateParams& params, const RequestOptions& options = {}) {
    absl::StatusOr<Charge> charge = engine_.charges().Create(params, options);
    EXPECT_THAT(charge, IsOk());
    return charge.value_or(Charge());
  }

  // A create rejected with an invalid_request_error that changes nothing.
  void ExpectCreateRejected(const ChargeCreateParams& params, const std::string& code,
                            const std::string& param, int http_status = 400) {
    const size_t events_before = engine_.events().size();
    absl::StatusOr<Charge> result = engine_.charges().Create(params);
    EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error", code, param));
    EXPECT_THAT(result, HttpStatusIs(http_status));
    EXPECT_THAT(AllCharges(engine_), IsEmpty());
    EXPECT_EQ(engine_.events().size(), events_before);
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 7}};
};

}  // namespace charges_test
}  // namespace paysim

#endif  // PAYSIM_ENGINE_CHARGES_TEST_FIXTURE_H_
