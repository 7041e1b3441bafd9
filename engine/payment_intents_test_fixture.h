// payment_intents_test_fixture.h (tests only): what the PaymentIntents behaviour tests share:
// request builders, listing helpers and PaymentIntentsTest, whose engine runs on a FakeClock
// with seed 7 and which makes intents in each status for the transition tests.
#ifndef PAYSIM_ENGINE_PAYMENT_INTENTS_TEST_FIXTURE_H_
#define PAYSIM_ENGINE_PAYMENT_INTENTS_TEST_FIXTURE_H_

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/json_render.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace payment_intents_test {

using ::paysim::testing::FakeClock;
using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::IsOkAndHolds;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Property;
using ::testing::SizeIs;
using ::testing::StartsWith;

inline constexpr int64_t kStart = 1767225600;  // FakeClock's default: 2026-01-01T00:00:00Z
inline constexpr int64_t kSevenDays = 7 * 24 * 3600;
inline constexpr absl::Duration kDay = absl::Hours(24);
inline constexpr char kPreBasil[] = "2024-06-20";
inline constexpr char kUnexpected[] = "payment_intent_unexpected_state";
inline constexpr char kAuthRequiredMessage[] =
    "Your card was declined. This transaction requires authentication.";

inline PaymentIntentCreateParams PiParams(int64_t amount, const std::string& payment_method = "",
                                   const std::string& capture_method = "", bool confirm = false) {
  PaymentIntentCreateParams params;
  params.set_amount(amount);
  params.set_currency("usd");
  if (!payment_method.empty()) params.set_payment_method(payment_method);
  if (!capture_method.empty()) params.set_capture_method(capture_method);
  if (confirm) params.set_confirm(true);
  return params;
}

inline PaymentIntentConfirmParams ConfirmWith(const std::string& payment_method = "",
                                       bool off_session = false) {
  PaymentIntentConfirmParams params;
  if (!payment_method.empty()) params.set_payment_method(payment_method);
  if (off_session) params.set_off_session(true);
  return params;
}

inline PaymentIntentCaptureParams CaptureAmount(int64_t amount) {
  PaymentIntentCaptureParams params;
  params.set_amount_to_capture(amount);
  return params;
}

inline PaymentIntentCancelParams CancelFor(const std::string& reason = "") {
  PaymentIntentCancelParams params;
  if (!reason.empty()) params.set_cancellation_reason(reason);
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

// The types of the events emitted after the first `skip`.
inline std::vector<std::string> EventTypesAfter(Engine& engine, size_t skip) {
  std::vector<std::string> types = EventTypes(engine);
  return std::vector<std::string>(types.begin() + std::min(skip, types.size()), types.end());
}

inline std::vector<Charge> AllCharges(Engine& engine) {
  ChargeListParams params;
  params.set_limit(100);
  absl::StatusOr<ListResult<Charge>> page = engine.charges().List(params);
  EXPECT_THAT(page, IsOk());
  return page.ok() ? page->data : std::vector<Charge>();
}

inline std::vector<PaymentIntent> AllIntents(Engine& engine) {
  PaymentIntentListParams params;
  params.set_limit(100);
  absl::StatusOr<ListResult<PaymentIntent>> page = engine.payment_intents().List(params);
  EXPECT_THAT(page, IsOk());
  return page.ok() ? page->data : std::vector<PaymentIntent>();
}

inline std::vector<Refund> RefundsOf(Engine& engine, const std::string& charge_id) {
  RefundListParams params;
  params.set_charge(charge_id);
  absl::StatusOr<ListResult<Refund>> page = engine.refunds().List(params);
  EXPECT_THAT(page, IsOk());
  return page.ok() ? page->data : std::vector<Refund>();
}

MATCHER_P(PiStatusIs, status, std::string("is a PaymentIntent with status ") + status) {
  *result_listener << "PaymentIntent " << arg.id() << " has status " << arg.status();
  return arg.status() == std::string(status);
}

class PaymentIntentsTest : public ::testing::Test {
 protected:
  PaymentIntent MustCreate(const PaymentIntentCreateParams& params,
                           const RequestOptions& options = {}) {
    absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Create(params, options);
    EXPECT_THAT(pi, IsOk());
    return pi.value_or(PaymentIntent());
  }

  PaymentIntent MustRetrieve(const std::string& id) {
    absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Retrieve(id);
    EXPECT_THAT(pi, IsOk());
    return pi.value_or(PaymentIntent());
  }

  Charge MustRetrieveCharge(const std::string& id) {
    absl::StatusOr<Charge> charge = engine_.charges().Retrieve(id);
    EXPECT_THAT(charge, IsOk());
    return charge.value_or(Charge());
  }

  PaymentMethod MustRetrievePm(const std::string& id) {
    absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Retrieve(id);
    EXPECT_THAT(pm, IsOk());
    return pm.value_or(PaymentMethod());
  }

  std::string NewCustomer() {
    absl::StatusOr<Customer> customer = engine_.customers().Create({});
    EXPECT_THAT(customer, IsOk());
    return customer.ok() ? customer->id() : "";
  }

  // A `pm_card_*` card saved on `customer`; returns the new pm_... id.
  std::string SavedCard(const std::string& customer, const std::string& card) {
    PaymentMethodAttachParams attach;
    attach.set_customer(customer);
    absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Attach(card, attach);
    EXPECT_THAT(pm, IsOk());
    return pm.ok() ? pm->id() : "";
  }

  // customer + payment_method + off_session + confirm: a merchant-initiated payment.
  absl::StatusOr<PaymentIntent> ChargeOffSession(const std::string& customer, const std::string& pm,
                                                 int64_t amount = 1500) {
    PaymentIntentCreateParams params = PiParams(amount, pm, "", /*confirm=*/true);
    params.set_customer(customer);
    params.set_off_session(true);
    return engine_.payment_intents().Create(params);
  }

  // A create rejected with an invalid_request_error that changes nothing.
  void ExpectCreateRejected(const PaymentIntentCreateParams& params, const std::string& code,
                            const std::string& param, int http_status = 400) {
    const size_t events_before = engine_.events().size();
    absl::StatusOr<PaymentIntent> result = engine_.payment_intents().Create(params);
    EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error", code, param));
    EXPECT_THAT(result, HttpStatusIs(http_status));
    EXPECT_THAT(AllIntents(engine_), IsEmpty());
    EXPECT_EQ(engine_.events().size(), events_before);
  }

  // `call` fails with payment_intent_unexpected_state and leaves intent `id` and the events
  // as they were. Returns the error.
  template <typename Call>
  StripeError ExpectUnexpectedState(const std::string& id, Call call) {
    const PaymentIntent before = MustRetrieve(id);
    const size_t events_before = engine_.events().size();
    const size_t charges_before = AllCharges(engine_).size();
    absl::StatusOr<PaymentIntent> result = call();
    EXPECT_THAT(result, StripeErrorIs("invalid_request_error", kUnexpected));
    EXPECT_THAT(result, HttpStatusIs(400));
    EXPECT_THAT(result, ::paysim::testing::StatusIs(absl::StatusCode::kFailedPrecondition));
    EXPECT_EQ(MustRetrieve(id).SerializeAsString(), before.SerializeAsString());
    EXPECT_EQ(engine_.events().size(), events_before);
    EXPECT_EQ(AllCharges(engine_).size(), charges_before);
    StripeError error = ErrorOf(result.status());
    EXPECT_EQ(error.payment_intent(), id);
    return error;
  }

  // Intents in each status, for the transition tests.
  PaymentIntent InRequiresPaymentMethod() { return MustCreate(PiParams(1000)); }
  PaymentIntent InRequiresConfirmation() { return MustCreate(PiParams(1000, "pm_card_visa")); }
  PaymentIntent InRequiresAction() {
    return MustCreate(PiParams(1000, "pm_card_authenticationRequired", "", true));
  }
  PaymentIntent InRequiresCapture() {
    return MustCreate(PiParams(1000, "pm_card_visa", "manual", true));
  }
  PaymentIntent InSucceeded() { return MustCreate(PiParams(1000, "pm_card_visa", "", true)); }
  PaymentIntent InCanceled() {
    PaymentIntent pi = InRequiresConfirmation();
    EXPECT_THAT(engine_.payment_intents().Cancel(pi.id(), {}), IsOk());
    return MustRetrieve(pi.id());
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 7}};
};

}  // namespace payment_intents_test
}  // namespace paysim

#endif  // PAYSIM_ENGINE_PAYMENT_INTENTS_TEST_FIXTURE_H_
