// Engine::RunIdempotent: a front door's own calls share the account's Idempotency-Key space
// and its rules.
#include <string>

#include "absl/time/time.h"
#include "engine/engine.h"
#include "engine/stripe_error.h"
#include "proto/common.obj.h"
#include "proto/params.pb.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using testing::FakeClock;
using testing::HttpStatusIs;
using testing::IsOk;
using testing::StripeErrorIs;
using testing::StripeErrorWithParam;

constexpr absl::string_view kEndpoint = "POST /v1/webhook_endpoints";

class RunIdempotentTest : public ::testing::Test {
 protected:
  // An outside object made by a call: a DeletedObject whose id numbers the runs.
  absl::StatusOr<DeletedObject> Make(const CustomerCreateParams& params, RequestOptions options,
                                     absl::string_view endpoint = kEndpoint) {
    return engine_.RunIdempotent<DeletedObject>(
        options, endpoint, params, [&]() -> absl::StatusOr<DeletedObject> {
          ++runs_;
          if (params.email() == "bad") return ParameterMissing("email");
          if (params.email() == "declined") {
            StripeError error;
            error.set_type("card_error");
            error.set_code("card_declined");
            error.set_http_status(402);
            return MakeStripeError(std::move(error));
          }
          DeletedObject made;
          made.set_id(absl::StrCat("obj_", runs_));
          made.set_object(params.email());
          return made;
        });
  }

  static CustomerCreateParams Email(absl::string_view email) {
    CustomerCreateParams params;
    params.set_email(std::string(email));
    return params;
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 1}};
  int runs_ = 0;
};

TEST_F(RunIdempotentTest, WithoutAKeyEveryCallRuns) {
  EXPECT_EQ(Make(Email("a"), {})->id(), "obj_1");
  EXPECT_EQ(Make(Email("a"), {})->id(), "obj_2");
}

TEST_F(RunIdempotentTest, TheSameKeyAndParamsReplayTheFirstResult) {
  bool replayed = true;
  absl::StatusOr<DeletedObject> first =
      Make(Email("a"), {.idempotency_key = "k", .idempotent_replayed = &replayed});
  ASSERT_THAT(first, IsOk());
  EXPECT_FALSE(replayed);
  absl::StatusOr<DeletedObject> second =
      Make(Email("a"), {.idempotency_key = "k", .idempotent_replayed = &replayed});
  ASSERT_THAT(second, IsOk());
  EXPECT_TRUE(replayed);
  EXPECT_EQ(second->SerializeAsString(), first->SerializeAsString());
  EXPECT_EQ(runs_, 1);
}

TEST_F(RunIdempotentTest, OtherParamsOrEndpointAreAnIdempotencyError) {
  ASSERT_THAT(Make(Email("a"), {.idempotency_key = "k"}), IsOk());
  EXPECT_THAT(Make(Email("b"), {.idempotency_key = "k"}), StripeErrorIs("idempotency_error", ""));
  EXPECT_THAT(Make(Email("a"), {.idempotency_key = "k"}, "POST /v1/webhook_endpoints/we_1"),
              StripeErrorIs("idempotency_error", ""));
  EXPECT_EQ(runs_, 1);
}

TEST_F(RunIdempotentTest, OneKeySpaceWithTheEnginesOwnCalls) {
  const CustomerCreateParams customer = Email("a@example.com");
  ASSERT_THAT(engine_.customers().Create(customer, {.idempotency_key = "k"}), IsOk());
  EXPECT_THAT(Make(customer, {.idempotency_key = "k"}), StripeErrorIs("idempotency_error", ""));
  ASSERT_THAT(Make(customer, {.idempotency_key = "k2"}), IsOk());
  EXPECT_THAT(engine_.customers().Create(customer, {.idempotency_key = "k2"}),
              StripeErrorIs("idempotency_error", ""));
  EXPECT_EQ(runs_, 1);
}

TEST_F(RunIdempotentTest, ARefusalIsNotRememberedADeclineIs) {
  EXPECT_THAT(Make(Email("bad"), {.idempotency_key = "k"}), HttpStatusIs(400));
  EXPECT_THAT(Make(Email("bad"), {.idempotency_key = "k"}), HttpStatusIs(400));
  EXPECT_EQ(runs_, 2);
  bool replayed = false;
  EXPECT_THAT(Make(Email("declined"), {.idempotency_key = "d"}), HttpStatusIs(402));
  EXPECT_THAT(Make(Email("declined"), {.idempotency_key = "d", .idempotent_replayed = &replayed}),
              StripeErrorIs("card_error", "card_declined"));
  EXPECT_TRUE(replayed);
  EXPECT_EQ(runs_, 3);
}

TEST_F(RunIdempotentTest, KeysAreForgottenAfter24SimulatedHours) {
  ASSERT_THAT(Make(Email("a"), {.idempotency_key = "k"}), IsOk());
  clock_.Advance(absl::Hours(24) - absl::Seconds(1));
  EXPECT_EQ(Make(Email("a"), {.idempotency_key = "k"})->id(), "obj_1");
  clock_.Advance(absl::Seconds(1));
  EXPECT_EQ(Make(Email("a"), {.idempotency_key = "k"})->id(), "obj_2");
}

TEST_F(RunIdempotentTest, AKeyOver255CharactersIsRefused) {
  EXPECT_THAT(Make(Email("a"), {.idempotency_key = std::string(256, 'x')}),
              StripeErrorWithParam("invalid_request_error", "", "Idempotency-Key"));
  EXPECT_EQ(runs_, 0);
}

}  // namespace
}  // namespace paysim
