// Behaviour tests of Coupons: what create sets, every refused parameter (with its param, and
// nothing changed), custom ids, `valid` on the clock (one second either side of redeem_by),
// update, delete, list, the events, the promotion codes that embed a coupon, and
// currency_options (amounts in other currencies) at create and update.
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

class CouponsTest : public ::testing::Test {
 protected:
  Coupon Create(const std::string& text) {
    absl::StatusOr<Coupon> coupon = engine_.coupons().Create(ParseParams<CouponCreateParams>(text));
    EXPECT_THAT(coupon, IsOk());
    return coupon.ok() ? *coupon : Coupon();
  }

  absl::Status CreateError(const std::string& text) {
    return engine_.coupons().Create(ParseParams<CouponCreateParams>(text)).status();
  }

  Coupon Retrieve(const std::string& id) {
    absl::StatusOr<Coupon> coupon = engine_.coupons().Retrieve(id);
    EXPECT_THAT(coupon, IsOk());
    return coupon.ok() ? *coupon : Coupon();
  }

  std::vector<Event> Events() {
    EventListParams params;
    params.set_limit(100);
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
    EXPECT_THAT(page, IsOk());
    if (!page.ok()) return {};
    return std::vector<Event>(page->data.rbegin(), page->data.rend());
  }

  std::vector<std::string> EventTypes() {
    std::vector<std::string> types;
    for (const Event& e : Events()) types.push_back(e.type());
    return types;
  }

  std::vector<std::string> ListIds() {
    absl::StatusOr<ListResult<Coupon>> list = engine_.coupons().List(CouponListParams());
    EXPECT_THAT(list, IsOk());
    std::vector<std::string> ids;
    if (list.ok()) {
      for (const Coupon& c : list->data) ids.push_back(c.id());
    }
    return ids;
  }

  void AdvanceTo(int64_t unix_seconds) { clock_.SetTime(absl::FromUnixSeconds(unix_seconds)); }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 7}};
};

TEST_F(CouponsTest, CreatePercentOffDefaultsToOnce) {
  Coupon coupon = Create(R"pb(percent_off: 20)pb");
  EXPECT_EQ(coupon.id().size(), 8u);
  for (char c : coupon.id()) EXPECT_TRUE((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) << c;
  EXPECT_EQ(coupon.object(), "coupon");
  EXPECT_EQ(coupon.percent_off(), 20);
  EXPECT_FALSE(coupon.has_amount_off());
  EXPECT_FALSE(coupon.has_currency());
  EXPECT_EQ(coupon.duration(), "once");
  EXPECT_FALSE(coupon.has_duration_in_months());
  EXPECT_FALSE(coupon.has_max_redemptions());
  EXPECT_FALSE(coupon.has_redeem_by());
  EXPECT_FALSE(coupon.has_applies_to());
  EXPECT_EQ(coupon.created(), kStart);
  EXPECT_EQ(coupon.times_redeemed(), 0);
  EXPECT_TRUE(coupon.valid());
  EXPECT_FALSE(coupon.livemode());
  EXPECT_THAT(EventTypes(), ElementsAre("coupon.created"));
  EXPECT_EQ(Retrieve(coupon.id()), coupon);
}

TEST_F(CouponsTest, CreateAmountOffRepeatingWithEverything) {
  ProductCreateParams product;
  product.set_name("Hat");
  absl::StatusOr<Product> hat = engine_.products().Create(product);
  ASSERT_THAT(hat, IsOk());
  Coupon coupon = Create(R"pb(id: "TENOFF" amount_off: 1000 currency: "USD"
                              duration: "repeating" duration_in_months: 3 max_redemptions: 5
                              redeem_by: 1767312000 name: "Ten off"
                              applies_to { products: ")pb" +
                         hat->id() + R"pb(" } metadata { key: "k" value: "v" })pb");
  EXPECT_EQ(coupon.id(), "TENOFF");
  EXPECT_EQ(coupon.amount_off(), 1000);
  EXPECT_EQ(coupon.currency(), "usd");
  EXPECT_FALSE(coupon.has_percent_off());
  EXPECT_EQ(coupon.duration(), "repeating");
  EXPECT_EQ(coupon.duration_in_months(), 3);
  EXPECT_EQ(coupon.max_redemptions(), 5);
  EXPECT_EQ(coupon.redeem_by(), 1767312000);
  EXPECT_EQ(coupon.name(), "Ten off");
  EXPECT_THAT(coupon.applies_to().products(), ElementsAre(hat->id()));
  EXPECT_EQ(coupon.metadata().at("k"), "v");
}

TEST_F(CouponsTest, DuplicateIdIsRefused) {
  Create(R"pb(id: "SAME" percent_off: 5)pb");
  EXPECT_THAT(CreateError(R"pb(id: "SAME" percent_off: 10)pb"),
              StripeErrorWithParam("invalid_request_error", "resource_already_exists", "id"));
  EXPECT_EQ(Retrieve("SAME").percent_off(), 5);
}

TEST_F(CouponsTest, BadInputIsRefusedWithItsParamAndChangesNothing) {
  struct Case {
    const char* params;
    const char* code;
    const char* param;
  };
  const Case cases[] = {
      {R"pb(percent_off: 10 amount_off: 100 currency: "usd")pb", "", "percent_off"},
      {R"pb(duration: "forever")pb", "parameter_missing", "percent_off"},
      {R"pb(amount_off: 100)pb", "parameter_missing", "currency"},
      {R"pb(amount_off: 0 currency: "usd")pb", "parameter_invalid_integer", "amount_off"},
      {R"pb(amount_off: -5 currency: "usd")pb", "parameter_invalid_integer", "amount_off"},
      {R"pb(amount_off: 100 currency: "zzz")pb", "", "currency"},
      {R"pb(percent_off: 0)pb", "", "percent_off"},
      {R"pb(percent_off: -1)pb", "", "percent_off"},
      {R"pb(percent_off: 100.01)pb", "", "percent_off"},
      {R"pb(percent_off: 10 duration: "weekly")pb", "", "duration"},
      {R"pb(percent_off: 10 duration: "repeating")pb", "parameter_missing",
       "duration_in_months"},
      {R"pb(percent_off: 10 duration: "repeating" duration_in_months: 0)pb",
       "parameter_invalid_integer", "duration_in_months"},
      {R"pb(percent_off: 10 duration: "once" duration_in_months: 3)pb", "",
       "duration_in_months"},
      {R"pb(percent_off: 10 duration: "forever" duration_in_months: 3)pb", "",
       "duration_in_months"},
      {R"pb(percent_off: 10 max_redemptions: 0)pb", "parameter_invalid_integer",
       "max_redemptions"},
      {R"pb(percent_off: 10 redeem_by: 1767225600)pb", "", "redeem_by"},
      {R"pb(percent_off: 10 redeem_by: 1767225599)pb", "", "redeem_by"},
      {R"pb(percent_off: 10 applies_to { products: "prod_missing" })pb", "resource_missing",
       "applies_to[products][0]"},
      {R"pb(percent_off: 10 name: "12345678901234567890123456789012345678901")pb", "", "name"},
      {R"pb(percent_off: 10 id: "")pb", "", "id"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.params);
    const absl::Status status = CreateError(c.params);
    EXPECT_THAT(status, StripeErrorWithParam("invalid_request_error", c.code, c.param));
    EXPECT_THAT(status, HttpStatusIs(400));
  }
  EXPECT_THAT(ListIds(), IsEmpty());
  EXPECT_THAT(EventTypes(), IsEmpty());
}

TEST_F(CouponsTest, PercentOffOfOneHundredIsAccepted) {
  EXPECT_EQ(Create(R"pb(percent_off: 100)pb").percent_off(), 100);
  EXPECT_EQ(Create(R"pb(percent_off: 12.5)pb").percent_off(), 12.5);
}

TEST_F(CouponsTest, RedeemByOneSecondAheadIsAccepted) {
  EXPECT_EQ(Create(R"pb(percent_off: 10 redeem_by: 1767225601)pb").redeem_by(), kStart + 1);
}

TEST_F(CouponsTest, NoLongerValidFromRedeemByOnTheClock) {
  Coupon coupon = Create(R"pb(percent_off: 10 redeem_by: 1767229200)pb");  // kStart + 1 h
  AdvanceTo(kStart + 3600 - 1);
  EXPECT_TRUE(Retrieve(coupon.id()).valid());
  AdvanceTo(kStart + 3600);
  EXPECT_FALSE(Retrieve(coupon.id()).valid());
  AdvanceTo(kStart + 3600 + 1);
  EXPECT_FALSE(Retrieve(coupon.id()).valid());
  // No event announces it.
  EXPECT_THAT(EventTypes(), ElementsAre("coupon.created"));
}

TEST_F(CouponsTest, UpdateNameAndMetadataOnly) {
  Coupon coupon = Create(R"pb(percent_off: 10 name: "Old")pb");
  absl::StatusOr<Coupon> updated = engine_.coupons().Update(
      coupon.id(), ParseParams<CouponUpdateParams>(
                       R"pb(name: "New" metadata { key: "k" value: "v" })pb"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->name(), "New");
  EXPECT_EQ(updated->metadata().at("k"), "v");
  EXPECT_EQ(updated->percent_off(), 10);
  std::vector<Event> events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].type(), "coupon.updated");
  EXPECT_EQ(events[1].data().previous_attributes(), R"({"metadata":{"k":null},"name":"Old"})");

  // An empty name unsets it; an update that changes nothing sends no event.
  updated = engine_.coupons().Update(coupon.id(), ParseParams<CouponUpdateParams>(R"pb(name: "")pb"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_FALSE(updated->has_name());
  ASSERT_THAT(engine_.coupons().Update(coupon.id(), CouponUpdateParams()), IsOk());
  EXPECT_THAT(EventTypes(), ElementsAre("coupon.created", "coupon.updated", "coupon.updated"));
}

TEST_F(CouponsTest, UpdateOfAnUnknownCouponIs404) {
  const absl::Status status =
      engine_.coupons().Update("NOPE", CouponUpdateParams()).status();
  EXPECT_THAT(status, StripeErrorIs("invalid_request_error", "resource_missing"));
  EXPECT_THAT(status, HttpStatusIs(404));
}

TEST_F(CouponsTest, DeleteRemovesTheCoupon) {
  Coupon coupon = Create(R"pb(percent_off: 10)pb");
  absl::StatusOr<DeletedObject> deleted = engine_.coupons().Delete(coupon.id());
  ASSERT_THAT(deleted, IsOk());
  EXPECT_EQ(deleted->id(), coupon.id());
  EXPECT_EQ(deleted->object(), "coupon");
  EXPECT_TRUE(deleted->deleted());
  EXPECT_THAT(engine_.coupons().Retrieve(coupon.id()), HttpStatusIs(404));
  EXPECT_THAT(engine_.coupons().Delete(coupon.id()), HttpStatusIs(404));
  EXPECT_THAT(EventTypes(), ElementsAre("coupon.created", "coupon.deleted"));
  // Its id is free again.
  EXPECT_EQ(Create(R"pb(percent_off: 5 id: ")pb" + coupon.id() + R"pb(")pb").percent_off(), 5);
}

TEST_F(CouponsTest, ListIsNewestFirst) {
  const std::string a = Create(R"pb(percent_off: 10)pb").id();
  AdvanceTo(kStart + 1);
  const std::string b = Create(R"pb(percent_off: 20)pb").id();
  EXPECT_THAT(ListIds(), ElementsAre(b, a));
}

TEST_F(CouponsTest, SameSeedSameIds) {
  FakeClock clock;
  Engine other({.clock = &clock, .seed = 7});
  const std::string mine = Create(R"pb(percent_off: 10)pb").id();
  absl::StatusOr<Coupon> theirs =
      other.coupons().Create(ParseParams<CouponCreateParams>(R"pb(percent_off: 10)pb"));
  ASSERT_THAT(theirs, IsOk());
  EXPECT_EQ(theirs->id(), mine);
}

TEST_F(CouponsTest, PromotionCodesEmbedTheCouponAsItIsNow) {
  Coupon coupon = Create(R"pb(percent_off: 10 redeem_by: 1767229200)pb");
  absl::StatusOr<PromotionCode> code = engine_.promotion_codes().Create(
      ParseParams<PromotionCodeCreateParams>(R"pb(coupon: ")pb" + coupon.id() + R"pb(")pb"));
  ASSERT_THAT(code, IsOk());
  ASSERT_THAT(engine_.coupons().Update(coupon.id(),
                                       ParseParams<CouponUpdateParams>(R"pb(name: "Ten")pb")),
              IsOk());
  AdvanceTo(kStart + 3600);
  absl::StatusOr<PromotionCode> read = engine_.promotion_codes().Retrieve(code->id());
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->coupon().name(), "Ten");
  EXPECT_FALSE(read->coupon().valid());
}

TEST_F(CouponsTest, AmountOffCouponTakesCurrencyOptionsSortedByCurrency) {
  Coupon coupon = Create(R"pb(amount_off: 500
                              currency: "USD"
                              currency_options {
                                key: "gbp"
                                value { amount_off: 400 }
                              }
                              currency_options {
                                key: "EUR"
                                value { amount_off: 450 }
                              })pb");
  EXPECT_EQ(coupon.amount_off(), 500);
  EXPECT_EQ(coupon.currency(), "usd");
  ASSERT_EQ(coupon.currency_options_size(), 2);
  EXPECT_EQ(coupon.currency_options(0).currency(), "eur");
  EXPECT_EQ(coupon.currency_options(0).amount_off(), 450);
  EXPECT_EQ(coupon.currency_options(1).currency(), "gbp");
  EXPECT_EQ(coupon.currency_options(1).amount_off(), 400);
  EXPECT_EQ(Retrieve(coupon.id()).currency_options(), coupon.currency_options());
  EXPECT_EQ(Create(R"pb(amount_off: 500 currency: "usd")pb").currency_options_size(), 0);
}

TEST_F(CouponsTest, BadCurrencyOptionsAreRefusedWithTheirParamAndChangeNothing) {
  struct Case {
    const char* params;
    const char* code;
    const char* param;
  };
  const Case cases[] = {
      {R"pb(percent_off: 10 currency_options {
              key: "eur"
              value { amount_off: 100 }
            })pb",
       "", "currency_options"},
      {R"pb(amount_off: 500 currency: "usd" currency_options {
              key: "zzz"
              value { amount_off: 100 }
            })pb",
       "", "currency_options[zzz]"},
      {R"pb(amount_off: 500 currency: "usd" currency_options {
              key: "usd"
              value { amount_off: 100 }
            })pb",
       "", "currency_options[usd]"},
      {R"pb(amount_off: 500 currency: "usd" currency_options {
              key: "eur"
              value {}
            })pb",
       "parameter_missing", "currency_options[eur][amount_off]"},
      {R"pb(amount_off: 500 currency: "usd" currency_options {
              key: "eur"
              value { amount_off: 0 }
            })pb",
       "parameter_invalid_integer", "currency_options[eur][amount_off]"},
      {R"pb(amount_off: 500 currency: "usd" currency_options {
              key: "eur"
              value { amount_off: 100 }
            } currency_options {
              key: "EUR"
              value { amount_off: 100 }
            })pb",
       "", "currency_options[eur]"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.params);
    const absl::Status status = CreateError(c.params);
    EXPECT_THAT(status, StripeErrorWithParam("invalid_request_error", c.code, c.param));
    EXPECT_THAT(status, HttpStatusIs(400));
  }
  EXPECT_THAT(ListIds(), IsEmpty());
  EXPECT_THAT(EventTypes(), IsEmpty());
}

TEST_F(CouponsTest, UpdateAddsAndReplacesCurrencyOptions) {
  Coupon coupon = Create(R"pb(amount_off: 500 currency: "usd" currency_options {
                                key: "eur"
                                value { amount_off: 450 }
                              })pb");
  absl::StatusOr<Coupon> updated = engine_.coupons().Update(
      coupon.id(), ParseParams<CouponUpdateParams>(R"pb(currency_options {
                                                          key: "gbp"
                                                          value { amount_off: 400 }
                                                        }
                                                        currency_options {
                                                          key: "eur"
                                                          value { amount_off: 470 }
                                                        })pb"));
  ASSERT_THAT(updated, IsOk());
  ASSERT_EQ(updated->currency_options_size(), 2);
  EXPECT_EQ(updated->currency_options(0).currency(), "eur");
  EXPECT_EQ(updated->currency_options(0).amount_off(), 470);
  EXPECT_EQ(updated->currency_options(1).currency(), "gbp");
  EXPECT_EQ(updated->currency_options(1).amount_off(), 400);
  EXPECT_EQ(updated->amount_off(), 500);
  EXPECT_EQ(Retrieve(coupon.id()).currency_options(), updated->currency_options());
  EXPECT_THAT(EventTypes(), ElementsAre("coupon.created", "coupon.updated"));
}

TEST_F(CouponsTest, BadCurrencyOptionsOnUpdateChangeNothing) {
  Coupon percent = Create(R"pb(percent_off: 10)pb");
  Coupon amount = Create(R"pb(amount_off: 500 currency: "usd")pb");
  absl::Status status =
      engine_.coupons()
          .Update(percent.id(), ParseParams<CouponUpdateParams>(R"pb(currency_options {
                                                                      key: "eur"
                                                                      value { amount_off: 100 }
                                                                    })pb"))
          .status();
  EXPECT_THAT(status, StripeErrorWithParam("invalid_request_error", "", "currency_options"));
  status = engine_.coupons()
               .Update(amount.id(), ParseParams<CouponUpdateParams>(R"pb(
                         name: "Five"
                         currency_options {
                           key: "usd"
                           value { amount_off: 100 }
                         })pb"))
               .status();
  EXPECT_THAT(status, StripeErrorWithParam("invalid_request_error", "", "currency_options[usd]"));
  status = engine_.coupons()
               .Update(amount.id(), ParseParams<CouponUpdateParams>(R"pb(currency_options {
                                                                          key: "eur"
                                                                          value { amount_off: -1 }
                                                                        })pb"))
               .status();
  EXPECT_THAT(status, StripeErrorWithParam("invalid_request_error", "parameter_invalid_integer",
                                           "currency_options[eur][amount_off]"));
  EXPECT_EQ(Retrieve(percent.id()), percent);
  EXPECT_EQ(Retrieve(amount.id()), amount);
  EXPECT_THAT(EventTypes(), ElementsAre("coupon.created", "coupon.created"));
}

}  // namespace
}  // namespace paysim
