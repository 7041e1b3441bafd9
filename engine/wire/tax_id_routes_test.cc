// The wire door of customers' tax IDs (/v1/customers/{id}/tax_ids), `tax_id_data[]` and the
// profile parameters on POST /v1/customers, `expand[]=tax_ids`, the rendered shape, and
// Stripe's errors.
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

constexpr absl::string_view kKey = "Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc";

class TaxIdRoutesTest : public ::testing::Test {
 protected:
  Json Answer(int status, absl::string_view method, absl::string_view path,
              absl::string_view body = "") {
    WireApi::Response r =
        api_.Handle(method, path, {{"Authorization", std::string(kKey)}}, body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
};

TEST_F(TaxIdRoutesTest, CreateRetrieveListDelete) {
  const std::string cus = Answer(200, "POST", "/v1/customers")["id"].get<std::string>();
  const std::string base = absl::StrCat("/v1/customers/", cus, "/tax_ids");
  const Json tax_id = Answer(200, "POST", base, "type=eu_vat&value=DE123456789");
  const std::string id = tax_id["id"].get<std::string>();
  EXPECT_EQ(tax_id["object"], "tax_id");
  EXPECT_EQ(tax_id["country"], "DE");
  EXPECT_EQ(tax_id["customer"], cus);
  EXPECT_TRUE(tax_id["customer_account"].is_null());
  EXPECT_EQ(tax_id["livemode"], false);
  EXPECT_EQ(tax_id["owner"]["type"], "customer");
  EXPECT_EQ(tax_id["owner"]["customer"], cus);
  EXPECT_TRUE(tax_id["owner"]["account"].is_null());
  EXPECT_EQ(tax_id["type"], "eu_vat");
  EXPECT_EQ(tax_id["value"], "DE123456789");
  EXPECT_EQ(tax_id["verification"]["status"], "pending");
  EXPECT_TRUE(tax_id["verification"]["verified_name"].is_null());

  EXPECT_EQ(Answer(200, "GET", absl::StrCat(base, "/", id))["id"], id);
  const Json list = Answer(200, "GET", base);
  EXPECT_EQ(list["object"], "list");
  EXPECT_EQ(list["url"], base);
  ASSERT_EQ(list["data"].size(), 1u);
  EXPECT_EQ(Answer(200, "GET", absl::StrCat(base, "/", id, "?expand[]=customer"))["customer"]["id"],
            cus);

  clock_.Advance(kTaxIdVerificationDelay);
  EXPECT_EQ(Answer(200, "GET", absl::StrCat(base, "/", id))["verification"]["status"], "verified");
  const Json updated = Answer(200, "GET", "/v1/events?type=customer.tax_id.updated")["data"][0];
  EXPECT_EQ(updated["data"]["previous_attributes"]["verification"]["status"], "pending");

  const Json deleted = Answer(200, "DELETE", absl::StrCat(base, "/", id));
  EXPECT_EQ(deleted, Json::parse(absl::StrCat(R"({"id":")", id,
                                              R"(","object":"tax_id","deleted":true})")));
  const Json missing = Answer(404, "GET", absl::StrCat(base, "/", id));
  EXPECT_EQ(missing["error"]["code"], "resource_missing");
  EXPECT_EQ(missing["error"]["param"], "id");
}

TEST_F(TaxIdRoutesTest, CustomerCreateTakesTaxIdDataAndTheProfile) {
  const Json customer = Answer(
      200, "POST", "/v1/customers?expand[]=tax_ids",
      "tax_id_data[0][type]=gb_vat&tax_id_data[0][value]=GB123456789"
      "&preferred_locales[0]=en-GB&preferred_locales[1]=fr&tax_exempt=reverse"
      "&invoice_prefix=ACME&next_invoice_sequence=5"
      "&cash_balance[settings][reconciliation_mode]=manual");
  EXPECT_EQ(customer["preferred_locales"], Json::parse(R"(["en-GB","fr"])"));
  EXPECT_EQ(customer["tax_exempt"], "reverse");
  EXPECT_EQ(customer["invoice_prefix"], "ACME");
  EXPECT_EQ(customer["next_invoice_sequence"], 5);
  const Json& tax_ids = customer["tax_ids"];
  EXPECT_EQ(tax_ids["object"], "list");
  EXPECT_EQ(tax_ids["total_count"], 1);
  EXPECT_EQ(tax_ids["has_more"], false);
  EXPECT_EQ(tax_ids["data"][0]["value"], "GB123456789");
  EXPECT_EQ(tax_ids["data"][0]["country"], "GB");
  const std::string cus = customer["id"].get<std::string>();
  EXPECT_FALSE(Answer(200, "GET", absl::StrCat("/v1/customers/", cus)).contains("tax_ids"));
  EXPECT_EQ(Answer(200, "GET", absl::StrCat("/v1/customers/", cus, "/cash_balance"))
                ["settings"]["reconciliation_mode"],
            "manual");
  // `preferred_locales=` empties the list.
  EXPECT_EQ(Answer(200, "POST", absl::StrCat("/v1/customers/", cus), "preferred_locales=")
                ["preferred_locales"],
            Json::array());
}

TEST_F(TaxIdRoutesTest, StripesErrors) {
  const std::string cus = Answer(200, "POST", "/v1/customers")["id"].get<std::string>();
  const std::string base = absl::StrCat("/v1/customers/", cus, "/tax_ids");
  Json e = Answer(400, "POST", base, "type=eu_vat&value=12")["error"];
  EXPECT_EQ(e["type"], "invalid_request_error");
  EXPECT_EQ(e["code"], "tax_id_invalid");
  EXPECT_EQ(e["param"], "value");
  EXPECT_EQ(e["message"], "Invalid value for eu_vat.");
  e = Answer(400, "POST", base, "value=DE123456789")["error"];
  EXPECT_EQ(e["code"], "parameter_missing");
  EXPECT_EQ(e["param"], "type");
  e = Answer(400, "POST", base, "type=zz_tin&value=1")["error"];
  EXPECT_EQ(e["param"], "type");
  EXPECT_THAT(e["message"].get<std::string>(),
              ::testing::StartsWith("Invalid type: must be one of ad_nrt, ae_trn,"));
  e = Answer(400, "POST", "/v1/customers", "tax_exempt=maybe")["error"];
  EXPECT_EQ(e["param"], "tax_exempt");
  e = Answer(400, "POST", "/v1/customers", "invoice_prefix=ab")["error"];
  EXPECT_EQ(e["param"], "invoice_prefix");
  e = Answer(404, "POST", "/v1/customers/cus_nope/tax_ids", "type=us_ein&value=12-3456789")
          ["error"];
  EXPECT_EQ(e["code"], "resource_missing");
  EXPECT_EQ(Answer(200, "GET", base)["data"].size(), 0u);
}

}  // namespace
}  // namespace wire
}  // namespace paysim
