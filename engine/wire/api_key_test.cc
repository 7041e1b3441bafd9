// Tests of api_key: the Authorization header as Stripe's test mode reads it.
#include "engine/wire/api_key.h"

#include <string>

#include "absl/strings/escaping.h"
#include "engine/stripe_error.h"
#include "gtest/gtest.h"

namespace paysim {
namespace wire {
namespace {

constexpr absl::string_view kNoKey =
    "You did not provide an API key. You need to provide your API key in the Authorization "
    "header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See "
    "https://stripe.com/docs/api#authentication for details, or we can help at "
    "https://support.stripe.com/.";

std::string Refusal(absl::optional<absl::string_view> header) {
  absl::Status s = CheckAuthorization(header);
  absl::optional<StripeError> e = GetStripeError(s);
  if (!e.has_value()) return "no Stripe error: " + s.ToString();
  EXPECT_EQ(HttpStatus(s), 401);
  EXPECT_EQ(e->type(), "invalid_request_error");
  EXPECT_FALSE(e->has_code());
  EXPECT_FALSE(e->has_param());
  return e->message();
}

TEST(ApiKey, AcceptsBearerTestKeys) {
  EXPECT_TRUE(CheckAuthorization("Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc").ok());
  EXPECT_TRUE(CheckAuthorization("bearer   sk_test_abc  ").ok());
  EXPECT_TRUE(CheckAuthorization("Bearer rk_test_abc").ok());
}

TEST(ApiKey, KindOfKey) {
  EXPECT_EQ(*ReadApiKey("Bearer sk_test_abc"), ApiKeyKind::kSecret);
  EXPECT_EQ(*ReadApiKey("Bearer rk_test_abc"), ApiKeyKind::kSecret);
  EXPECT_EQ(*ReadApiKey("Bearer pk_test_TYooMQauvdEDq54NiTphI7jx"), ApiKeyKind::kPublishable);
  EXPECT_EQ(*ReadApiKey("Basic " + absl::Base64Escape("pk_test_abc:")), ApiKeyKind::kPublishable);
  EXPECT_TRUE(CheckAuthorization("Bearer pk_test_abc").ok());
}

TEST(ApiKey, AcceptsCurlBasicAuth) {
  // curl -u sk_test_abc:   sends Basic base64("sk_test_abc:")
  EXPECT_TRUE(CheckAuthorization("Basic " + absl::Base64Escape("sk_test_abc:")).ok());
  EXPECT_TRUE(CheckAuthorization("Basic " + absl::Base64Escape("sk_test_abc")).ok());
  EXPECT_EQ(Refusal("Basic " + absl::Base64Escape("sk_nope:")),
            "Invalid API Key provided: sk_nop***");
  EXPECT_EQ(Refusal("Basic " + absl::Base64Escape(":")), kNoKey);
  EXPECT_EQ(Refusal("Basic !!!"),
            "Invalid API Key provided: the Basic credentials are not base64.");
}

TEST(ApiKey, MissingKey) {
  EXPECT_EQ(Refusal(absl::nullopt), kNoKey);
  EXPECT_EQ(Refusal(""), kNoKey);
  EXPECT_EQ(Refusal("Bearer "), kNoKey);
  EXPECT_EQ(Refusal("Token sk_test_abc"), kNoKey);
}

TEST(ApiKey, InvalidKeysAreMasked) {
  EXPECT_EQ(Refusal("Bearer sk_foo"), "Invalid API Key provided: sk_foo***");
  EXPECT_EQ(Refusal("Bearer sk_foobarbaz"), "Invalid API Key provided: sk_foo***");
  EXPECT_EQ(Refusal("Bearer pk_test_"), "Invalid API Key provided: pk_tes***");
  EXPECT_EQ(Refusal("Bearer pk_test_a.b"), "Invalid API Key provided: pk_tes***");
  EXPECT_EQ(Refusal("Bearer sk_test_"), "Invalid API Key provided: sk_tes***");
  EXPECT_EQ(Refusal("Bearer sk_test_a-b"), "Invalid API Key provided: sk_tes***");
  EXPECT_EQ(Refusal("Bearer abc"), "Invalid API Key provided: abc***");
}

TEST(ApiKey, RefusesLiveKeys) {
  EXPECT_EQ(Refusal("Bearer sk_live_abc"),
            "paysim is a test-mode simulator and refuses live API keys (sk_live_...). Use a "
            "test key (sk_test_...).");
  EXPECT_EQ(Refusal("Bearer pk_live_abc"),
            "paysim is a test-mode simulator and refuses live API keys (pk_live_...). Use a "
            "test key (sk_test_...).");
  EXPECT_EQ(Refusal("Basic " + absl::Base64Escape("rk_live_abc:")),
            "paysim is a test-mode simulator and refuses live API keys (rk_live_...). Use a "
            "test key (sk_test_...).");
}

TEST(ApiKey, Mask) {
  EXPECT_EQ(MaskApiKey("sk_foobar"), "sk_foo***");
  EXPECT_EQ(MaskApiKey("ab"), "ab***");
}

}  // namespace
}  // namespace wire
}  // namespace paysim
