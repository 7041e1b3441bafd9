// Tests of an event's origin (engine/internal/event_log.h): the engine's sequential request ids,
// the request an event shows, and how an event record keeps its origin, type and previous
// attributes.
#include <cstdint>
#include <limits>
#include <string>

#include "engine/internal/event_log.h"
#include "engine/internal/event_record.h"
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

TEST(SequentialRequestIdTest, ParsesBackOnlyTheEnginesOwnForm) {
  for (const uint64_t n : {uint64_t{1}, uint64_t{61}, uint64_t{62}, uint64_t{238328},
                           std::numeric_limits<uint64_t>::max()}) {
    EXPECT_EQ(ParseSequentialRequestId(SequentialRequestId(n)), n);
  }
  EXPECT_EQ(ParseSequentialRequestId("req_00000000000000"), 0u);
  EXPECT_EQ(ParseSequentialRequestId("req_0000000000001"), 0u);     // 13 digits
  EXPECT_EQ(ParseSequentialRequestId("req_000000000000001"), 0u);   // 15 digits
  EXPECT_EQ(ParseSequentialRequestId("rex_00000000000001"), 0u);
  EXPECT_EQ(ParseSequentialRequestId("req_0000000000000-"), 0u);    // not base62
  EXPECT_EQ(ParseSequentialRequestId("req_zzzzzzzzzzzzzz"), 0u);    // past 64 bits
  EXPECT_EQ(ParseSequentialRequestId("req_given"), 0u);
  EXPECT_EQ(ParseSequentialRequestId(""), 0u);
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

TEST(EventRecordTest, KeepsACallNumberPastThirtyTwoBitsAsItsText) {
  uint16_t type = 0;
  ASSERT_TRUE(EventLog::Record::InternType("charge.succeeded", &type));
  EventOrigin origin;
  origin.number = uint64_t{1} << 40;
  origin.request.set_idempotency_key("k");
  const EventLog::Record record("evt_1", type, 10, EventObject(), EventObject(), origin, 10);
  EXPECT_EQ(record.origin().Request().id(), SequentialRequestId(uint64_t{1} << 40));
  EXPECT_EQ(record.origin().Request().idempotency_key(), "k");

  origin.number = std::numeric_limits<uint32_t>::max();
  const EventLog::Record fits("evt_2", type, 10, EventObject(), EventObject(), origin, 10);
  EXPECT_EQ(fits.origin().number, std::numeric_limits<uint32_t>::max());
  EXPECT_FALSE(fits.origin().request.has_id());
}

TEST(EventRecordTest, ATypeIsKeptOnceWhereverItsTextLives) {
  uint16_t from_literal = 0;
  uint16_t from_text = 0;
  uint16_t other = 0;
  ASSERT_TRUE(EventLog::Record::InternStaticType("customer.updated", &from_literal));
  const std::string text = "customer.updated";
  ASSERT_TRUE(EventLog::Record::InternType(text, &from_text));
  ASSERT_TRUE(EventLog::Record::InternType("customer.deleted", &other));
  EXPECT_EQ(from_literal, from_text);
  EXPECT_NE(from_text, other);
  const EventLog::Record record("evt_3", from_text, 1, EventObject(), EventObject(),
                                EventOrigin(), 1);
  EXPECT_EQ(record.type(), "customer.updated");
  EXPECT_EQ(record.created(), 1);
}

TEST(EventRecordTest, PreviousAttributesGivenAsTextAreShownAsGiven) {
  uint16_t type = 0;
  ASSERT_TRUE(EventLog::Record::InternType("customer.updated", &type));
  PreviousAttributesText text;
  text.text.Set(R"({"email":null})");
  const EventLog::Record with("evt_4", type, 1, EventObject(), std::move(text), EventOrigin(), 1);
  EXPECT_EQ(with.PreviousAttributesText(), R"({"email":null})");
  const EventLog::Record without("evt_5", type, 1, EventObject(), EventObject(), EventOrigin(),
                                 1);
  EXPECT_EQ(without.PreviousAttributesText(), "");
}

}  // namespace
}  // namespace paysim
