// The `created` filter of the coupon, promotion code and tax rate lists: created=T and
// created[gt|gte|lt|lte]=T, each bound one second either side of an object's creation.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr int64_t kStart = 1767225600;  // FakeClock's default: 2026-01-01T00:00:00Z

class DiscountListsCreatedTest : public ::testing::Test {
 protected:
  // Three objects: made at kStart, kStart + 10 and kStart + 20 by `make(i)`.
  template <typename F>
  std::vector<std::string> MakeThree(F make) {
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) {
      if (i > 0) clock_.Advance(absl::Seconds(10));
      ids.push_back(make(i));
    }
    return ids;
  }

  template <typename Params, typename List>
  std::vector<std::string> Ids(List list, const std::string& created) {
    const auto page = list(ParseParams<Params>(created));
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> ids;
    if (page.ok()) {
      for (const auto& object : page->data) ids.push_back(object.id());
    }
    return ids;
  }

  // Every bound one second either side of the middle object's creation (kStart + 10); the
  // lists are newest first.
  template <typename Params, typename List>
  void CheckBounds(List list, const std::vector<std::string>& ids) {
    const auto at = [&](const std::string& text) { return Ids<Params>(list, text); };
    const int64_t t = kStart + 10;
    EXPECT_THAT(at(absl::StrCat("created { exact: ", t, " }")), ElementsAre(ids[1]));
    EXPECT_THAT(at(absl::StrCat("created { exact: ", t - 1, " }")), IsEmpty());
    EXPECT_THAT(at(absl::StrCat("created { gte: ", t, " }")), ElementsAre(ids[2], ids[1]));
    EXPECT_THAT(at(absl::StrCat("created { gte: ", t + 1, " }")), ElementsAre(ids[2]));
    EXPECT_THAT(at(absl::StrCat("created { gt: ", t - 1, " }")), ElementsAre(ids[2], ids[1]));
    EXPECT_THAT(at(absl::StrCat("created { gt: ", t, " }")), ElementsAre(ids[2]));
    EXPECT_THAT(at(absl::StrCat("created { lte: ", t, " }")), ElementsAre(ids[1], ids[0]));
    EXPECT_THAT(at(absl::StrCat("created { lte: ", t - 1, " }")), ElementsAre(ids[0]));
    EXPECT_THAT(at(absl::StrCat("created { lt: ", t + 1, " }")), ElementsAre(ids[1], ids[0]));
    EXPECT_THAT(at(absl::StrCat("created { lt: ", t, " }")), ElementsAre(ids[0]));
    EXPECT_THAT(at(absl::StrCat("created { gt: ", t - 1, " lt: ", t + 1, " }")),
                ElementsAre(ids[1]));
    EXPECT_THAT(at(""), ElementsAre(ids[2], ids[1], ids[0]));
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 7}};
};

TEST_F(DiscountListsCreatedTest, Coupons) {
  const std::vector<std::string> ids = MakeThree([&](int i) {
    absl::StatusOr<Coupon> coupon = engine_.coupons().Create(ParseParams<CouponCreateParams>(
        absl::StrCat("percent_off: ", 10 + i, " duration: \"once\"")));
    EXPECT_THAT(coupon, IsOk());
    return coupon.ok() ? coupon->id() : "";
  });
  CheckBounds<CouponListParams>(
      [&](const CouponListParams& p) { return engine_.coupons().List(p); }, ids);
}

TEST_F(DiscountListsCreatedTest, PromotionCodes) {
  ASSERT_THAT(engine_.coupons().Create(ParseParams<CouponCreateParams>(
                  R"pb(id: "C10" percent_off: 10 duration: "once")pb")),
              IsOk());
  const std::vector<std::string> ids = MakeThree([&](int i) {
    absl::StatusOr<PromotionCode> code = engine_.promotion_codes().Create(
        ParseParams<PromotionCodeCreateParams>(absl::StrCat("coupon: \"C10\" code: \"CODE", i,
                                                            "\"")));
    EXPECT_THAT(code, IsOk());
    return code.ok() ? code->id() : "";
  });
  CheckBounds<PromotionCodeListParams>(
      [&](const PromotionCodeListParams& p) { return engine_.promotion_codes().List(p); }, ids);
}

TEST_F(DiscountListsCreatedTest, TaxRates) {
  const std::vector<std::string> ids = MakeThree([&](int i) {
    absl::StatusOr<TaxRate> rate = engine_.tax_rates().Create(ParseParams<TaxRateCreateParams>(
        absl::StrCat("display_name: \"VAT\" percentage: ", 5 + i, " inclusive: false")));
    EXPECT_THAT(rate, IsOk());
    return rate.ok() ? rate->id() : "";
  });
  CheckBounds<TaxRateListParams>(
      [&](const TaxRateListParams& p) { return engine_.tax_rates().List(p); }, ids);
}

}  // namespace
}  // namespace paysim
