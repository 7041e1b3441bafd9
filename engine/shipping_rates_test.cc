// Behaviour tests of ShippingRates: what create sets and renders, every refused parameter
// (with its param, and nothing stored), update (active, metadata, tax_behavior and its one-way
// rule), retrieve, list with its filters, that shipping rates emit no events, and
// fixed_amount[currency_options] at create and update.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/json_render.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr int64_t kStart = 1767225600;  // FakeClock's default: 2026-01-01T00:00:00Z
constexpr char kGround[] =
    R"pb(display_name: "Ground" fixed_amount { amount: 500 currency: "usd" })pb";

class ShippingRatesTest : public ::testing::Test {
 protected:
  ShippingRate Create(const std::string& text) {
    absl::StatusOr<ShippingRate> rate =
        engine_.shipping_rates().Create(ParseParams<ShippingRateCreateParams>(text));
    EXPECT_THAT(rate, IsOk());
    return rate.value_or(ShippingRate());
  }

  absl::Status CreateError(const std::string& text) {
    return engine_.shipping_rates().Create(ParseParams<ShippingRateCreateParams>(text)).status();
  }

  absl::StatusOr<ShippingRate> Update(const std::string& id, const std::string& text) {
    return engine_.shipping_rates().Update(id, ParseParams<ShippingRateUpdateParams>(text));
  }

  std::vector<std::string> ListIds(const std::string& text) {
    absl::StatusOr<ListResult<ShippingRate>> list =
        engine_.shipping_rates().List(ParseParams<ShippingRateListParams>(text));
    EXPECT_THAT(list, IsOk());
    std::vector<std::string> ids;
    if (list.ok()) {
      for (const ShippingRate& r : list->data) ids.push_back(r.id());
    }
    return ids;
  }

  size_t Stored() { return ListIds("limit: 100").size(); }

  size_t EventCount() {
    EventListParams params;
    params.set_limit(100);
    return engine_.events().List(params).value_or(ListResult<Event>()).data.size();
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 7}};
};

TEST_F(ShippingRatesTest, CreateSetsEveryField) {
  const ShippingRate rate = Create(R"pb(
    display_name: "Express"
    fixed_amount { amount: 1500 currency: "EUR" }
    delivery_estimate {
      minimum { unit: "business_day" value: 1 }
      maximum { unit: "business_day" value: 2 }
    }
    tax_behavior: "exclusive"
    tax_code: "txcd_92010001"
    metadata { key: "carrier" value: "dhl" }
  )pb");
  EXPECT_THAT(rate.id(), HasSubstr("shr_"));
  EXPECT_EQ(rate.object(), "shipping_rate");
  EXPECT_TRUE(rate.active());
  EXPECT_EQ(rate.created(), kStart);
  EXPECT_EQ(rate.display_name(), "Express");
  EXPECT_EQ(rate.fixed_amount().amount(), 1500);
  EXPECT_EQ(rate.fixed_amount().currency(), "eur");
  EXPECT_EQ(rate.delivery_estimate().minimum().unit(), "business_day");
  EXPECT_EQ(rate.delivery_estimate().maximum().value(), 2);
  EXPECT_EQ(rate.tax_behavior(), "exclusive");
  EXPECT_EQ(rate.tax_code(), "txcd_92010001");
  EXPECT_EQ(rate.type(), "fixed_amount");
  EXPECT_EQ(rate.metadata().at("carrier"), "dhl");
}

TEST_F(ShippingRatesTest, RendersStripesShapeWithNullsForWhatIsUnset) {
  const ShippingRate rate = Create(kGround);
  const std::string json = RenderJson(rate);
  EXPECT_THAT(json, HasSubstr(R"("object": "shipping_rate")"));
  EXPECT_THAT(json, HasSubstr(R"("delivery_estimate": null)"));
  EXPECT_THAT(json, HasSubstr(R"("tax_behavior": "unspecified")"));
  EXPECT_THAT(json, HasSubstr(R"("tax_code": null)"));
  EXPECT_THAT(json, HasSubstr(R"("type": "fixed_amount")"));
  EXPECT_THAT(json, HasSubstr(R"("amount": 500)"));
}

TEST_F(ShippingRatesTest, RefusesBadParamsNamingEachAndStoresNothing) {
  struct Case {
    std::string text;
    std::string code;
    std::string param;
  };
  const std::string missing = "parameter_missing";
  const std::string bad_integer = "parameter_invalid_integer";
  const std::vector<Case> cases = {
      {R"pb(fixed_amount { amount: 500 currency: "usd" })pb", missing, "display_name"},
      {R"pb(display_name: "" fixed_amount { amount: 500 currency: "usd" })pb", "",
       "display_name"},
      {absl::StrCat(R"pb(display_name: ")pb", std::string(101, 'x'),
                    R"pb(" fixed_amount { amount: 500 currency: "usd" })pb"),
       "", "display_name"},
      {R"pb(display_name: "Ground")pb", missing, "fixed_amount"},
      {R"pb(display_name: "Ground" fixed_amount { currency: "usd" })pb", missing,
       "fixed_amount[amount]"},
      {R"pb(display_name: "Ground" fixed_amount { amount: 500 })pb", missing,
       "fixed_amount[currency]"},
      {R"pb(display_name: "Ground" fixed_amount { amount: -1 currency: "usd" })pb", bad_integer,
       "fixed_amount[amount]"},
      {R"pb(display_name: "Ground" fixed_amount { amount: 500 currency: "zzz" })pb", "",
       "fixed_amount[currency]"},
      {absl::StrCat(kGround, R"pb( type: "delivery_estimate")pb"), "", "type"},
      {absl::StrCat(kGround, R"pb( tax_behavior: "sometimes")pb"), "", "tax_behavior"},
      {absl::StrCat(kGround, R"pb( delivery_estimate { minimum { value: 1 } })pb"), missing,
       "delivery_estimate[minimum][unit]"},
      {absl::StrCat(kGround, R"pb( delivery_estimate { maximum { unit: "day" } })pb"), missing,
       "delivery_estimate[maximum][value]"},
      {absl::StrCat(kGround, R"pb( delivery_estimate { maximum { unit: "year" value: 1 } })pb"),
       "", "delivery_estimate[maximum][unit]"},
      {absl::StrCat(kGround, R"pb( delivery_estimate { minimum { unit: "day" value: 0 } })pb"),
       bad_integer, "delivery_estimate[minimum][value]"},
      {R"pb(display_name: "Ground"
            fixed_amount {
              amount: 500
              currency: "usd"
              currency_options {
                key: "zzz"
                value { amount: 400 }
              }
            })pb",
       "", "fixed_amount[currency_options][zzz]"},
      {R"pb(display_name: "Ground"
            fixed_amount {
              amount: 500
              currency: "usd"
              currency_options {
                key: "usd"
                value { amount: 400 }
              }
            })pb",
       "", "fixed_amount[currency_options][usd]"},
      {R"pb(display_name: "Ground"
            fixed_amount {
              amount: 500
              currency: "usd"
              currency_options {
                key: "eur"
                value { tax_behavior: "exclusive" }
              }
            })pb",
       missing, "fixed_amount[currency_options][eur][amount]"},
      {R"pb(display_name: "Ground"
            fixed_amount {
              amount: 500
              currency: "usd"
              currency_options {
                key: "eur"
                value { amount: -1 }
              }
            })pb",
       bad_integer, "fixed_amount[currency_options][eur][amount]"},
      {R"pb(display_name: "Ground"
            fixed_amount {
              amount: 500
              currency: "usd"
              currency_options {
                key: "eur"
                value { amount: 400 tax_behavior: "sometimes" }
              }
            })pb",
       "", "fixed_amount[currency_options][eur][tax_behavior]"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_THAT(CreateError(c.text),
                StripeErrorWithParam("invalid_request_error", c.code, c.param));
  }
  EXPECT_EQ(Stored(), 0u);
}

TEST_F(ShippingRatesTest, UpdateChangesActiveMetadataAndAnUnspecifiedTaxBehavior) {
  const ShippingRate rate = Create(kGround);
  absl::StatusOr<ShippingRate> updated = Update(
      rate.id(), R"pb(active: false tax_behavior: "inclusive" metadata { key: "k" value: "v" })pb");
  ASSERT_THAT(updated, IsOk());
  EXPECT_FALSE(updated->active());
  EXPECT_EQ(updated->tax_behavior(), "inclusive");
  EXPECT_EQ(updated->metadata().at("k"), "v");
  EXPECT_EQ(updated->fixed_amount().amount(), 500);
  EXPECT_EQ(engine_.shipping_rates().Retrieve(rate.id())->tax_behavior(), "inclusive");

  // Once inclusive or exclusive, tax_behavior stays (the same value is accepted).
  EXPECT_THAT(Update(rate.id(), R"pb(tax_behavior: "exclusive")pb"),
              StripeErrorWithParam("invalid_request_error", "", "tax_behavior"));
  EXPECT_THAT(Update(rate.id(), R"pb(tax_behavior: "inclusive")pb"), IsOk());
  EXPECT_THAT(Update(rate.id(), R"pb(active: true)pb"), IsOk());
  EXPECT_TRUE(engine_.shipping_rates().Retrieve(rate.id())->active());
}

TEST_F(ShippingRatesTest, FixedAmountInOtherCurrencies) {
  const ShippingRate rate = Create(R"pb(display_name: "Ground"
                                        fixed_amount {
                                          amount: 500
                                          currency: "usd"
                                          currency_options {
                                            key: "gbp"
                                            value { amount: 400 tax_behavior: "inclusive" }
                                          }
                                          currency_options {
                                            key: "EUR"
                                            value { amount: 0 }
                                          }
                                        })pb");
  EXPECT_EQ(rate.fixed_amount().amount(), 500);
  ASSERT_EQ(rate.fixed_amount().currency_options_size(), 2);
  const ShippingRateCurrencyOption& eur = rate.fixed_amount().currency_options(0);
  EXPECT_EQ(eur.currency(), "eur");
  EXPECT_EQ(eur.amount(), 0);
  EXPECT_EQ(eur.tax_behavior(), "unspecified");
  const ShippingRateCurrencyOption& gbp = rate.fixed_amount().currency_options(1);
  EXPECT_EQ(gbp.currency(), "gbp");
  EXPECT_EQ(gbp.amount(), 400);
  EXPECT_EQ(gbp.tax_behavior(), "inclusive");
}

TEST_F(ShippingRatesTest, UpdateAddsAndChangesCurrencyOptions) {
  const ShippingRate rate = Create(R"pb(display_name: "Ground"
                                        fixed_amount {
                                          amount: 500
                                          currency: "usd"
                                          currency_options {
                                            key: "eur"
                                            value { amount: 450 tax_behavior: "exclusive" }
                                          }
                                        })pb");
  absl::StatusOr<ShippingRate> updated = Update(rate.id(), R"pb(fixed_amount {
                                                                  currency_options {
                                                                    key: "eur"
                                                                    value { amount: 470 }
                                                                  }
                                                                  currency_options {
                                                                    key: "gbp"
                                                                    value { amount: 400 }
                                                                  }
                                                                })pb");
  ASSERT_THAT(updated, IsOk());
  ASSERT_EQ(updated->fixed_amount().currency_options_size(), 2);
  EXPECT_EQ(updated->fixed_amount().currency_options(0).amount(), 470);
  EXPECT_EQ(updated->fixed_amount().currency_options(0).tax_behavior(), "exclusive");
  EXPECT_EQ(updated->fixed_amount().currency_options(1).currency(), "gbp");
  EXPECT_EQ(updated->fixed_amount().currency_options(1).amount(), 400);

  // Refused, changing nothing: a new currency without its amount, an option's tax_behavior
  // once exclusive, the rate's own currency.
  EXPECT_THAT(Update(rate.id(), R"pb(fixed_amount {
                                       currency_options {
                                         key: "jpy"
                                         value { tax_behavior: "inclusive" }
                                       }
                                     })pb"),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "fixed_amount[currency_options][jpy][amount]"));
  EXPECT_THAT(Update(rate.id(), R"pb(active: false
                                     fixed_amount {
                                       currency_options {
                                         key: "eur"
                                         value { tax_behavior: "inclusive" }
                                       }
                                     })pb"),
              StripeErrorWithParam("invalid_request_error", "",
                                   "fixed_amount[currency_options][eur][tax_behavior]"));
  EXPECT_THAT(Update(rate.id(), R"pb(fixed_amount {
                                       currency_options {
                                         key: "usd"
                                         value { amount: 1 }
                                       }
                                     })pb"),
              StripeErrorWithParam("invalid_request_error", "",
                                   "fixed_amount[currency_options][usd]"));
  absl::StatusOr<ShippingRate> read = engine_.shipping_rates().Retrieve(rate.id());
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(*read, *updated);
}

TEST_F(ShippingRatesTest, UnknownIdIsResourceMissing) {
  EXPECT_THAT(engine_.shipping_rates().Retrieve("shr_missing"), HttpStatusIs(404));
  EXPECT_THAT(Update("shr_missing", "active: false"), HttpStatusIs(404));
}

TEST_F(ShippingRatesTest, ListIsNewestFirstAndFiltersByActiveAndCurrency) {
  const ShippingRate usd = Create(kGround);
  clock_.Advance(absl::Seconds(1));
  const ShippingRate eur =
      Create(R"pb(display_name: "Ground EU" fixed_amount { amount: 700 currency: "eur" })pb");
  clock_.Advance(absl::Seconds(1));
  const ShippingRate archived = Create(kGround);
  ASSERT_THAT(Update(archived.id(), "active: false"), IsOk());

  EXPECT_THAT(ListIds(""), ElementsAre(archived.id(), eur.id(), usd.id()));
  EXPECT_THAT(ListIds("active: true"), ElementsAre(eur.id(), usd.id()));
  EXPECT_THAT(ListIds("active: false"), ElementsAre(archived.id()));
  EXPECT_THAT(ListIds(R"pb(currency: "EUR")pb"), ElementsAre(eur.id()));
  EXPECT_THAT(ListIds(R"pb(currency: "jpy")pb"), IsEmpty());
  EXPECT_THAT(ListIds("limit: 1"), ElementsAre(archived.id()));
}

TEST_F(ShippingRatesTest, EmitNoEvents) {
  const ShippingRate rate = Create(kGround);
  ASSERT_THAT(Update(rate.id(), "active: false"), IsOk());
  EXPECT_EQ(EventCount(), 0u);
}

}  // namespace
}  // namespace paysim
