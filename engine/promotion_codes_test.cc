// Behaviour tests of Promotion codes: what create sets, generated codes, case-insensitive
// uniqueness among active codes, every refused parameter (with its param, nothing changed),
// expires_at against the clock (one second either side), update (active, metadata) and
// reactivation, the list filters, the events, and minimum amounts in other currencies.
#include <string>
#include <vector>

#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr int64_t kStart = 1767225600;  // FakeClock's default: 2026-01-01T00:00:00Z

class PromotionCodesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<Coupon> coupon = engine_.coupons().Create(
        ParseParams<CouponCreateParams>(R"pb(id: "C10" percent_off: 10)pb"));
    ASSERT_THAT(coupon, IsOk());
    CustomerCreateParams customer;
    customer.set_email("ann@example.com");
    absl::StatusOr<Customer> ann = engine_.customers().Create(customer);
    ASSERT_THAT(ann, IsOk());
    customer_ = ann->id();
  }

  PromotionCode Create(const std::string& text) {
    absl::StatusOr<PromotionCode> code =
        engine_.promotion_codes().Create(ParseParams<PromotionCodeCreateParams>(text));
    EXPECT_THAT(code, IsOk());
    return code.ok() ? *code : PromotionCode();
  }

  absl::Status CreateError(const std::string& text) {
    return engine_.promotion_codes().Create(ParseParams<PromotionCodeCreateParams>(text)).status();
  }

  absl::StatusOr<PromotionCode> Update(const std::string& id, const std::string& text) {
    return engine_.promotion_codes().Update(id, ParseParams<PromotionCodeUpdateParams>(text));
  }

  std::vector<std::string> EventTypes() {
    EventListParams params;
    params.set_limit(100);
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> types;
    if (page.ok()) {
      for (auto it = page->data.rbegin(); it != page->data.rend(); ++it) {
        types.push_back(it->type());
      }
    }
    return types;
  }

  std::vector<std::string> ListCodes(const std::string& text) {
    absl::StatusOr<ListResult<PromotionCode>> list =
        engine_.promotion_codes().List(ParseParams<PromotionCodeListParams>(text));
    EXPECT_THAT(list, IsOk());
    std::vector<std::string> codes;
    if (list.ok()) {
      for (const PromotionCode& p : list->data) codes.push_back(p.code());
    }
    return codes;
  }

  void AdvanceTo(int64_t unix_seconds) { clock_.SetTime(absl::FromUnixSeconds(unix_seconds)); }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 7}};
  std::string customer_;
};

TEST_F(PromotionCodesTest, CreateWithAGeneratedCode) {
  PromotionCode code = Create(R"pb(coupon: "C10")pb");
  EXPECT_EQ(code.id().substr(0, 6), "promo_");
  EXPECT_EQ(code.object(), "promotion_code");
  EXPECT_EQ(code.code().size(), 8u);
  for (char c : code.code()) EXPECT_TRUE((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) << c;
  EXPECT_TRUE(code.active());
  EXPECT_EQ(code.coupon().id(), "C10");
  EXPECT_EQ(code.coupon().percent_off(), 10);
  EXPECT_EQ(code.created(), kStart);
  EXPECT_FALSE(code.has_customer());
  EXPECT_FALSE(code.has_expires_at());
  EXPECT_FALSE(code.has_max_redemptions());
  EXPECT_FALSE(code.restrictions().first_time_transaction());
  EXPECT_FALSE(code.restrictions().has_minimum_amount());
  EXPECT_EQ(code.times_redeemed(), 0);
  EXPECT_THAT(EventTypes(), ElementsAre("coupon.created", "customer.created",
                                        "promotion_code.created"));
}

TEST_F(PromotionCodesTest, CreateWithEverything) {
  PromotionCode code = Create(R"pb(coupon: "C10" code: "Summer25" active: true customer: ")pb" +
                              customer_ + R"pb(" expires_at: 1767312000 max_redemptions: 3
                              restrictions { first_time_transaction: true minimum_amount: 5000
                                             minimum_amount_currency: "USD" }
                              metadata { key: "k" value: "v" })pb");
  EXPECT_EQ(code.code(), "Summer25");
  EXPECT_EQ(code.customer(), customer_);
  EXPECT_EQ(code.expires_at(), 1767312000);
  EXPECT_EQ(code.max_redemptions(), 3);
  EXPECT_TRUE(code.restrictions().first_time_transaction());
  EXPECT_EQ(code.restrictions().minimum_amount(), 5000);
  EXPECT_EQ(code.restrictions().minimum_amount_currency(), "usd");
  EXPECT_EQ(code.metadata().at("k"), "v");
}

TEST_F(PromotionCodesTest, MinimumAmountsInOtherCurrencies) {
  PromotionCode code = Create(R"pb(coupon: "C10"
                                   restrictions {
                                     minimum_amount: 5000
                                     minimum_amount_currency: "usd"
                                     currency_options {
                                       key: "gbp"
                                       value { minimum_amount: 4000 }
                                     }
                                     currency_options {
                                       key: "EUR"
                                       value { minimum_amount: 0 }
                                     }
                                   })pb");
  EXPECT_EQ(code.restrictions().minimum_amount(), 5000);
  ASSERT_EQ(code.restrictions().currency_options_size(), 2);
  EXPECT_EQ(code.restrictions().currency_options(0).currency(), "eur");
  EXPECT_EQ(code.restrictions().currency_options(0).minimum_amount(), 0);
  EXPECT_EQ(code.restrictions().currency_options(1).currency(), "gbp");
  EXPECT_EQ(code.restrictions().currency_options(1).minimum_amount(), 4000);
  absl::StatusOr<PromotionCode> read = engine_.promotion_codes().Retrieve(code.id());
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->restrictions(), code.restrictions());
}

TEST_F(PromotionCodesTest, CodesAreUniqueAmongActiveCodesInAnyCase) {
  PromotionCode first = Create(R"pb(coupon: "C10" code: "FALL20")pb");
  EXPECT_THAT(CreateError(R"pb(coupon: "C10" code: "fall20")pb"),
              StripeErrorWithParam("invalid_request_error", "resource_already_exists", "code"));
  // An inactive code may share it; once the first is inactive, another active one may too.
  Create(R"pb(coupon: "C10" code: "Fall20" active: false)pb");
  ASSERT_THAT(Update(first.id(), R"pb(active: false)pb"), IsOk());
  PromotionCode second = Create(R"pb(coupon: "C10" code: "fall20")pb");
  // The first cannot come back while the second is active.
  EXPECT_THAT(Update(first.id(), R"pb(active: true)pb"),
              StripeErrorWithParam("invalid_request_error", "resource_already_exists", "code"));
  ASSERT_THAT(Update(second.id(), R"pb(active: false)pb"), IsOk());
  EXPECT_THAT(Update(first.id(), R"pb(active: true)pb"), IsOk());
}

TEST_F(PromotionCodesTest, BadInputIsRefusedWithItsParamAndChangesNothing) {
  ASSERT_THAT(engine_.coupons().Create(ParseParams<CouponCreateParams>(
                  R"pb(id: "SHORT" percent_off: 5 redeem_by: 1767229200)pb")),
              IsOk());
  const std::vector<std::string> before = EventTypes();
  struct Case {
    std::string params;
    const char* code;
    const char* param;
  };
  const Case cases[] = {
      {R"pb(code: "X")pb", "parameter_missing", "coupon"},
      {R"pb(coupon: "NOPE")pb", "resource_missing", "coupon"},
      {R"pb(coupon: "C10" code: "")pb", "", "code"},
      {R"pb(coupon: "C10" code: "TWO WORDS")pb", "", "code"},
      {R"pb(coupon: "C10" code: "a-b")pb", "", "code"},
      {R"pb(coupon: "C10" customer: "cus_missing")pb", "resource_missing", "customer"},
      {R"pb(coupon: "C10" expires_at: 1767225600)pb", "", "expires_at"},
      {R"pb(coupon: "SHORT" expires_at: 1767229201)pb", "", "expires_at"},
      {R"pb(coupon: "C10" max_redemptions: 0)pb", "parameter_invalid_integer",
       "max_redemptions"},
      {R"pb(coupon: "C10" restrictions { minimum_amount: 100 })pb", "parameter_missing",
       "restrictions[minimum_amount_currency]"},
      {R"pb(coupon: "C10" restrictions { minimum_amount_currency: "usd" })pb",
       "parameter_missing", "restrictions[minimum_amount]"},
      {R"pb(coupon: "C10" restrictions { minimum_amount: -1 minimum_amount_currency: "usd" })pb",
       "parameter_invalid_integer", "restrictions[minimum_amount]"},
      {R"pb(coupon: "C10" restrictions { minimum_amount: 1 minimum_amount_currency: "zzz" })pb",
       "", "restrictions[minimum_amount_currency]"},
      {R"pb(coupon: "C10"
            restrictions {
              currency_options {
                key: "eur"
                value { minimum_amount: 100 }
              }
            })pb",
       "parameter_missing", "restrictions[minimum_amount]"},
      {R"pb(coupon: "C10"
            restrictions {
              minimum_amount: 100
              minimum_amount_currency: "usd"
              currency_options {
                key: "zzz"
                value { minimum_amount: 100 }
              }
            })pb",
       "", "restrictions[currency_options][zzz]"},
      {R"pb(coupon: "C10"
            restrictions {
              minimum_amount: 100
              minimum_amount_currency: "usd"
              currency_options {
                key: "USD"
                value { minimum_amount: 100 }
              }
            })pb",
       "", "restrictions[currency_options][USD]"},
      {R"pb(coupon: "C10"
            restrictions {
              minimum_amount: 100
              minimum_amount_currency: "usd"
              currency_options {
                key: "eur"
                value {}
              }
            })pb",
       "parameter_missing", "restrictions[currency_options][eur][minimum_amount]"},
      {R"pb(coupon: "C10"
            restrictions {
              minimum_amount: 100
              minimum_amount_currency: "usd"
              currency_options {
                key: "eur"
                value { minimum_amount: -1 }
              }
            })pb",
       "parameter_invalid_integer", "restrictions[currency_options][eur][minimum_amount]"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.params);
    const absl::Status status = CreateError(c.params);
    EXPECT_THAT(status, StripeErrorWithParam("invalid_request_error", c.code, c.param));
    EXPECT_THAT(status, HttpStatusIs(400));
  }
  EXPECT_THAT(ListCodes(""), IsEmpty());
  EXPECT_EQ(EventTypes(), before);
}

TEST_F(PromotionCodesTest, ExpiresAtOneSecondAheadAndAtRedeemByAreAccepted) {
  ASSERT_THAT(engine_.coupons().Create(ParseParams<CouponCreateParams>(
                  R"pb(id: "SHORT" percent_off: 5 redeem_by: 1767229200)pb")),
              IsOk());
  EXPECT_EQ(Create(R"pb(coupon: "C10" expires_at: 1767225601)pb").expires_at(), kStart + 1);
  EXPECT_EQ(Create(R"pb(coupon: "SHORT" expires_at: 1767229200)pb").expires_at(),
            kStart + 3600);
}

TEST_F(PromotionCodesTest, ACouponNoLongerValidTakesNoNewCodes) {
  ASSERT_THAT(engine_.coupons().Create(ParseParams<CouponCreateParams>(
                  R"pb(id: "SHORT" percent_off: 5 redeem_by: 1767229200)pb")),
              IsOk());
  AdvanceTo(kStart + 3600 - 1);
  Create(R"pb(coupon: "SHORT")pb");
  AdvanceTo(kStart + 3600);
  EXPECT_THAT(CreateError(R"pb(coupon: "SHORT")pb"),
              StripeErrorWithParam("invalid_request_error", "", "coupon"));
}

TEST_F(PromotionCodesTest, AnExpiredCodeCannotBeReactivated) {
  PromotionCode code = Create(R"pb(coupon: "C10" expires_at: 1767229200)pb");
  ASSERT_THAT(Update(code.id(), R"pb(active: false)pb"), IsOk());
  AdvanceTo(kStart + 3600 - 1);
  ASSERT_THAT(Update(code.id(), R"pb(active: true)pb"), IsOk());
  ASSERT_THAT(Update(code.id(), R"pb(active: false)pb"), IsOk());
  AdvanceTo(kStart + 3600);
  EXPECT_THAT(Update(code.id(), R"pb(active: true)pb"),
              StripeErrorWithParam("invalid_request_error", "", "active"));
  absl::StatusOr<PromotionCode> read = engine_.promotion_codes().Retrieve(code.id());
  ASSERT_THAT(read, IsOk());
  EXPECT_FALSE(read->active());
}

TEST_F(PromotionCodesTest, UpdateActiveAndMetadataSendsUpdated) {
  PromotionCode code = Create(R"pb(coupon: "C10" code: "A1")pb");
  absl::StatusOr<PromotionCode> updated =
      Update(code.id(), R"pb(active: false metadata { key: "k" value: "v" })pb");
  ASSERT_THAT(updated, IsOk());
  EXPECT_FALSE(updated->active());
  EXPECT_EQ(updated->metadata().at("k"), "v");
  ASSERT_THAT(Update(code.id(), ""), IsOk());  // nothing changed: no event
  EXPECT_THAT(EventTypes(), ElementsAre("coupon.created", "customer.created",
                                        "promotion_code.created", "promotion_code.updated"));
  EXPECT_THAT(engine_.promotion_codes().Update("promo_missing", PromotionCodeUpdateParams()),
              HttpStatusIs(404));
}

TEST_F(PromotionCodesTest, ListFilters) {
  ASSERT_THAT(engine_.coupons().Create(
                  ParseParams<CouponCreateParams>(R"pb(id: "C20" percent_off: 20)pb")),
              IsOk());
  Create(R"pb(coupon: "C10" code: "ONE")pb");
  AdvanceTo(kStart + 1);
  Create(R"pb(coupon: "C20" code: "TWO" customer: ")pb" + customer_ + R"pb(")pb");
  AdvanceTo(kStart + 2);
  Create(R"pb(coupon: "C20" code: "THREE" active: false)pb");
  EXPECT_THAT(ListCodes(""), ElementsAre("THREE", "TWO", "ONE"));
  EXPECT_THAT(ListCodes(R"pb(code: "two")pb"), ElementsAre("TWO"));
  EXPECT_THAT(ListCodes(R"pb(coupon: "C20")pb"), ElementsAre("THREE", "TWO"));
  EXPECT_THAT(ListCodes(R"pb(active: false)pb"), ElementsAre("THREE"));
  EXPECT_THAT(ListCodes(R"pb(active: true)pb"), ElementsAre("TWO", "ONE"));
  EXPECT_THAT(ListCodes(R"pb(customer: ")pb" + customer_ + R"pb(")pb"), ElementsAre("TWO"));
}

}  // namespace
}  // namespace paysim
