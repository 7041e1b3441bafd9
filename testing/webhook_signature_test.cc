// SignPayload / VerifySignature: a known HMAC, the round trip, and each of Stripe's errors.
#include "testing/webhook_signature.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/webhooks/signature.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace paysim {
namespace testing {
namespace {

using ::testing::HasSubstr;

constexpr absl::string_view kSecret = "whsec_test_secret";
constexpr absl::string_view kPayload = R"({"id": "evt_1"})";
constexpr int64_t kT = 1767225600;  // 2026-01-01T00:00:00Z
const absl::Time kNow = absl::FromUnixSeconds(kT);

TEST(WebhookSignatureTest, MatchesAnIndependentHmac) {
  // python3: hmac.new(b"whsec_test_secret", b'1767225600.{"id": "evt_1"}', sha256).hexdigest()
  EXPECT_EQ(SignPayload(kSecret, kT, kPayload),
            "t=1767225600,v1=7be99e50782d9224d639ce055b2bb2e21edcea29b7f73d0e680ebd8259c2583c");
}

TEST(WebhookSignatureTest, RoundTrip) {
  EXPECT_THAT(VerifySignature(kPayload, SignPayload(kSecret, kT, kPayload), kSecret, kNow),
              IsOk());
}

TEST(WebhookSignatureTest, NoHeader) {
  EXPECT_THAT(VerifySignature(kPayload, "", kSecret, kNow),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "No stripe-signature header value was provided."));
}

TEST(WebhookSignatureTest, NoTimestamp) {
  const std::string v1 = webhooks::ComputeSignature(kSecret, kT, kPayload);
  for (const std::string& header :
       {absl::StrCat("v1=", v1), absl::StrCat("t=abc,v1=", v1), std::string("garbage")}) {
    EXPECT_THAT(VerifySignature(kPayload, header, kSecret, kNow),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         "Unable to extract timestamp and signatures from header"))
        << header;
  }
}

TEST(WebhookSignatureTest, NoV1Signature) {
  const std::string v0 = webhooks::ComputeSignature(kSecret, kT, kPayload);
  EXPECT_THAT(VerifySignature(kPayload, absl::StrCat("t=", kT, ",v0=", v0), kSecret, kNow),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "No signatures found with expected scheme"));
}

TEST(WebhookSignatureTest, Mismatch) {
  const std::string header = SignPayload(kSecret, kT, kPayload);
  // Another body, another secret, another timestamp with the same signature.
  EXPECT_THAT(VerifySignature(R"({"id": "evt_2"})", header, kSecret, kNow),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("No signatures found matching the expected signature")));
  EXPECT_THAT(VerifySignature(kPayload, header, "whsec_other", kNow),
              StatusIs(absl::StatusCode::kUnauthenticated));
  const std::string v1 = webhooks::ComputeSignature(kSecret, kT, kPayload);
  EXPECT_THAT(VerifySignature(kPayload, absl::StrCat("t=", kT + 1, ",v1=", v1), kSecret, kNow),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST(WebhookSignatureTest, AnyOfSeveralV1SignaturesMayMatch) {
  const std::string good = webhooks::ComputeSignature(kSecret, kT, kPayload);
  const std::string header =
      absl::StrCat("t=", kT, ",v1=", std::string(64, '0'), ",v0=abc,v1=", good);
  EXPECT_THAT(VerifySignature(kPayload, header, kSecret, kNow), IsOk());
}

TEST(WebhookSignatureTest, ToleranceIsInclusiveToTheSecond) {
  const std::string header = SignPayload(kSecret, kT, kPayload);
  EXPECT_THAT(VerifySignature(kPayload, header, kSecret, kNow + absl::Seconds(300)), IsOk());
  EXPECT_THAT(
      VerifySignature(kPayload, header, kSecret, kNow + absl::Seconds(300) + absl::Milliseconds(999)),
      IsOk());
  EXPECT_THAT(VerifySignature(kPayload, header, kSecret, kNow + absl::Seconds(301)),
              StatusIs(absl::StatusCode::kOutOfRange, "Timestamp outside the tolerance zone"));
  EXPECT_THAT(VerifySignature(kPayload, header, kSecret, kNow + absl::Seconds(31),
                              absl::Seconds(30)),
              StatusIs(absl::StatusCode::kOutOfRange));
}

TEST(WebhookSignatureTest, FutureTimestampsAndZeroTolerancePass) {
  const std::string header = SignPayload(kSecret, kT, kPayload);
  EXPECT_THAT(VerifySignature(kPayload, header, kSecret, kNow - absl::Hours(1)), IsOk());
  EXPECT_THAT(VerifySignature(kPayload, header, kSecret, kNow + absl::Hours(24 * 365),
                              absl::ZeroDuration()),
              IsOk());
}

TEST(WebhookSignatureTest, MismatchIsReportedBeforeAge) {
  const std::string header = SignPayload(kSecret, kT, kPayload);
  EXPECT_THAT(VerifySignature("tampered", header, kSecret, kNow + absl::Hours(1)),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

}  // namespace
}  // namespace testing
}  // namespace paysim
