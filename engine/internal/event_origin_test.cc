// Tests of an event's origin (engine/internal/event_log.h): the engine's sequential request ids
// and the request an event shows.
#include <string>

#include "engine/internal/event_log.h"
#include "gtest/gtest.h"

namespace paysim {
namespace {

TEST(SequentialRequestIdTest, IsFourteenBase62DigitsZeroPadded) {
  EXPECT_EQ(SequentialRequestId(1), "req_00000000000001");
  EXPECT_EQ(SequentialRequestId(61), "req_0000000000000z");
  EXPECT_EQ(SequentialRequestId(62), "req_00000000000010");  // carries into the next digit
  EXPECT_EQ(SequentialRequestId(62 * 62 + 2 * 62 + 35), "req_0000000000012Z");
  EXPECT_EQ(SequentialRequestId(0), "req_00000000000000");
}

TEST(EventOriginTest, ANumberIsShownAsTheSequentialIdBesideTheIdempotencyKey) {
  EventOrigin origin;
  origin.number = 7;
  origin.request.set_idempotency_key("order-7");
  const EventRequest shown = origin.Request();
  EXPECT_EQ(shown.id(), "req_00000000000007");
  EXPECT_EQ(shown.idempotency_key(), "order-7");
  EXPECT_FALSE(origin.request.has_id());  // the text is not kept
}

TEST(EventOriginTest, AGivenRequestIdIsShownAsGiven) {
  EventOrigin origin;
  origin.request.set_id("req_given");
  EXPECT_EQ(origin.Request().id(), "req_given");
  EXPECT_FALSE(origin.Request().has_idempotency_key());
}

TEST(EventOriginTest, AnAutomaticEventShowsAnEmptyRequest) {
  EventOrigin origin;
  origin.number = 3;
  origin.request.set_idempotency_key("k");
  origin.Clear();
  EXPECT_FALSE(origin.Request().has_id());
  EXPECT_FALSE(origin.Request().has_idempotency_key());
}

}  // namespace
}  // namespace paysim
