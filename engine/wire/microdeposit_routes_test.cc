// The wire door of microdeposit verification: a SetupIntent or PaymentIntent confirmed with
// payment_method_options[us_bank_account][verification_method]=microdeposits, its
// next_action JSON, and POST /v1/{setup,payment}_intents/{id}/verify_microdeposits with the
// secret key or the publishable key and client_secret; Stripe's errors for wrong answers.
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/engine.h"
#include "engine/json_render.h"
#include "engine/wire/wire.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"

namespace paysim {
namespace wire {
namespace {

constexpr absl::string_view kSecret = "Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc";
constexpr absl::string_view kPublishable = "Bearer pk_test_TYooMQauvdEDq54NiTphI7jx";

constexpr absl::string_view kSetup =
    "payment_method_types[]=us_bank_account&confirm=true&"
    "payment_method_data[type]=us_bank_account&"
    "payment_method_data[us_bank_account][account_number]=000123456789&"
    "payment_method_data[us_bank_account][routing_number]=110000000&"
    "payment_method_data[billing_details][name]=Jenny%20Rosen&"
    "payment_method_options[us_bank_account][verification_method]=microdeposits&"
    "mandate_data[customer_acceptance][type]=offline";

class MicrodepositRoutesTest : public ::testing::Test {
 protected:
  Json Answer(int status, absl::string_view key, absl::string_view path,
              absl::string_view body) {
    WireApi::Response r = api_.Handle("POST", path, {{"Authorization", std::string(key)}}, body);
    EXPECT_EQ(r.status, status) << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }
  std::string VerifyPath(const Json& si) {
    return absl::StrCat("/v1/setup_intents/", si["id"].get<std::string>(),
                        "/verify_microdeposits");
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
};

TEST_F(MicrodepositRoutesTest, ConfirmAwaitsAndAmountsVerify) {
  const Json si = Answer(200, kSecret, "/v1/setup_intents", kSetup);
  EXPECT_EQ(si["status"], "requires_action");
  EXPECT_EQ(si["next_action"]["type"], "verify_with_microdeposits");
  const Json& verify = si["next_action"]["verify_with_microdeposits"];
  EXPECT_TRUE(verify["arrival_date"].is_number_integer());
  EXPECT_TRUE(verify["hosted_verification_url"].is_string());
  EXPECT_EQ(verify["microdeposit_type"], "descriptor_code");
  EXPECT_EQ(si["payment_method_options"]["us_bank_account"]["verification_method"],
            "microdeposits");

  const Json mismatch =
      Answer(400, kSecret, VerifyPath(si), "amounts[]=1&amounts[]=2")["error"];
  EXPECT_EQ(mismatch["type"], "invalid_request_error");
  EXPECT_EQ(mismatch["code"], "payment_method_microdeposit_verification_amounts_mismatch");
  EXPECT_EQ(mismatch["setup_intent"]["id"], si["id"]);

  const Json verified = Answer(200, kSecret, VerifyPath(si), "amounts[]=32&amounts[]=45");
  EXPECT_EQ(verified["status"], "succeeded");
  EXPECT_TRUE(verified["next_action"].is_null());
  EXPECT_TRUE(verified["mandate"].is_string());
}

TEST_F(MicrodepositRoutesTest, DescriptorCodeWithThePublishableKey) {
  const Json si = Answer(200, kSecret, "/v1/setup_intents", kSetup);
  const Json verified = Answer(
      200, kPublishable, VerifyPath(si),
      absl::StrCat("descriptor_code=SM11AA&client_secret=", si["client_secret"].get<std::string>()));
  EXPECT_EQ(verified["status"], "succeeded");
}

TEST_F(MicrodepositRoutesTest, AttemptsExceeded) {
  const Json si = Answer(200, kSecret, "/v1/setup_intents", kSetup);
  const Json error = Answer(400, kSecret, VerifyPath(si), "descriptor_code=SM33CC")["error"];
  EXPECT_EQ(error["code"], "payment_method_microdeposit_verification_attempts_exceeded");
  EXPECT_EQ(error["setup_intent"]["status"], "requires_payment_method");
}

constexpr absl::string_view kPayment =
    "amount=1000&currency=usd&payment_method_types[]=us_bank_account&confirm=true&"
    "payment_method_data[type]=us_bank_account&"
    "payment_method_data[us_bank_account][account_number]=000123456789&"
    "payment_method_data[us_bank_account][routing_number]=110000000&"
    "payment_method_data[billing_details][name]=Jenny%20Rosen&"
    "payment_method_options[us_bank_account][verification_method]=microdeposits&"
    "mandate_data[customer_acceptance][type]=offline";

std::string PaymentVerifyPath(const Json& pi) {
  return absl::StrCat("/v1/payment_intents/", pi["id"].get<std::string>(),
                      "/verify_microdeposits");
}

TEST_F(MicrodepositRoutesTest, PaymentIntentAwaitsAndAmountsVerify) {
  const Json pi = Answer(200, kSecret, "/v1/payment_intents", kPayment);
  EXPECT_EQ(pi["status"], "requires_action");
  EXPECT_EQ(pi["next_action"]["type"], "verify_with_microdeposits");
  const Json& verify = pi["next_action"]["verify_with_microdeposits"];
  EXPECT_TRUE(verify["arrival_date"].is_number_integer());
  EXPECT_TRUE(verify["hosted_verification_url"].is_string());
  EXPECT_EQ(verify["microdeposit_type"], "descriptor_code");
  EXPECT_EQ(pi["payment_method_options"]["us_bank_account"]["verification_method"],
            "microdeposits");
  EXPECT_TRUE(pi["latest_charge"].is_null());

  const Json mismatch =
      Answer(400, kSecret, PaymentVerifyPath(pi), "amounts[]=1&amounts[]=2")["error"];
  EXPECT_EQ(mismatch["type"], "invalid_request_error");
  EXPECT_EQ(mismatch["code"], "payment_method_microdeposit_verification_amounts_mismatch");
  EXPECT_EQ(mismatch["payment_intent"]["id"], pi["id"]);

  const Json missing = Answer(400, kSecret, PaymentVerifyPath(pi), "")["error"];
  EXPECT_EQ(missing["code"], "parameter_missing");
  EXPECT_EQ(missing["param"], "amounts");

  const Json verified = Answer(200, kSecret, PaymentVerifyPath(pi), "amounts[]=32&amounts[]=45");
  EXPECT_EQ(verified["status"], "processing");
  EXPECT_TRUE(verified["next_action"].is_null());
  EXPECT_TRUE(verified["latest_charge"].is_string());
}

TEST_F(MicrodepositRoutesTest, PaymentIntentDescriptorCodeWithThePublishableKey) {
  const Json pi = Answer(200, kSecret, "/v1/payment_intents", kPayment);
  const std::string secret = pi["client_secret"].get<std::string>();
  // The publishable key needs the intent's client secret.
  EXPECT_EQ(Answer(400, kPublishable, PaymentVerifyPath(pi), "descriptor_code=SM11AA")["error"]
                ["param"],
            "client_secret");
  const Json verified = Answer(200, kPublishable, PaymentVerifyPath(pi),
                               absl::StrCat("descriptor_code=SM11AA&client_secret=", secret));
  EXPECT_EQ(verified["status"], "processing");
}

TEST_F(MicrodepositRoutesTest, PaymentIntentAttemptsExceeded) {
  const Json pi = Answer(200, kSecret, "/v1/payment_intents", kPayment);
  const Json error = Answer(400, kSecret, PaymentVerifyPath(pi), "descriptor_code=SM33CC")["error"];
  EXPECT_EQ(error["code"], "payment_method_microdeposit_verification_attempts_exceeded");
  EXPECT_EQ(error["payment_intent"]["status"], "requires_payment_method");
  EXPECT_EQ(error["payment_intent"]["last_payment_error"]["code"],
            "payment_method_microdeposit_verification_attempts_exceeded");
}

}  // namespace
}  // namespace wire
}  // namespace paysim
