// Behaviour tests of a quote's lines beyond an existing price: prices made inline
// (`line_items[i][price_data]`, one-time or recurring) through acceptance into a subscription or
// an invoice, an update's `line_items[i][id]` keeping an existing line, and refusals that name
// the parameter and change nothing.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;

class QuoteLineItemsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<Customer> customer = engine_.customers().Create(
        ParseParams<CustomerCreateParams>(R"pb(source: "tok_visa")pb"));
    ASSERT_THAT(customer, IsOk());
    customer_ = customer->id();
    absl::StatusOr<Product> product =
        engine_.products().Create(ParseParams<ProductCreateParams>(R"pb(name: "Seats")pb"));
    ASSERT_THAT(product, IsOk());
    product_ = product->id();
  }

  absl::StatusOr<Quote> Create(const std::string& lines) {
    return engine_.quotes().Create(
        ParseParams<QuoteCreateParams>(absl::StrCat("customer: \"", customer_, "\" ", lines)));
  }

  // price_data of `amount` usd for the fixture's product; recurring when `interval` is given.
  std::string Inline(int64_t amount, const std::string& interval = "") {
    return absl::StrCat("price_data { currency: \"usd\" product: \"", product_,
                        "\" unit_amount: ", amount,
                        interval.empty() ? ""
                                         : absl::StrCat(" recurring { interval: \"", interval,
                                                        "\" }"),
                        " }");
  }

  Quote Accepted(const std::string& id) {
    absl::StatusOr<Quote> open = engine_.quotes().Finalize(id, QuoteFinalizeParams());
    EXPECT_THAT(open, IsOk());
    absl::StatusOr<Quote> accepted = engine_.quotes().Accept(id);
    EXPECT_THAT(accepted, IsOk());
    return accepted.ok() ? *accepted : Quote();
  }

  std::string Snapshot() {
    absl::StatusOr<EngineSnapshot> snapshot = engine_.Snapshot();
    EXPECT_THAT(snapshot, IsOk());
    if (!snapshot.ok()) return "";
    snapshot->clear_calls();
    return snapshot->SerializeAsString();
  }

  std::vector<std::string> PriceEvents() {
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(EventListParams());
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> types;
    if (!page.ok()) return types;
    for (const Event& e : page->data) {
      if (e.type().rfind("price.", 0) == 0) types.push_back(e.type());
    }
    return types;
  }

  ::paysim::testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 11}};
  std::string customer_;
  std::string product_;
};

TEST_F(QuoteLineItemsTest, InlinePricesAreMadeInactiveAndPriceTheLines) {
  const size_t price_events = PriceEvents().size();
  absl::StatusOr<Quote> quote = Create(absl::StrCat("line_items { ", Inline(2000, "month"),
                                                    " quantity: 3 } line_items { ",
                                                    Inline(5000), " }"));
  ASSERT_THAT(quote, IsOk());
  ASSERT_EQ(quote->line_items_size(), 2);
  const Price& monthly = quote->line_items(0).price();
  EXPECT_TRUE(absl::StartsWith(monthly.id(), "price_")) << monthly.id();
  EXPECT_FALSE(monthly.active());
  EXPECT_EQ(monthly.type(), "recurring");
  EXPECT_EQ(monthly.product(), product_);
  EXPECT_EQ(quote->line_items(1).price().type(), "one_time");
  EXPECT_EQ(quote->line_items(0).description(), "Seats");
  EXPECT_EQ(quote->amount_total(), 3 * 2000 + 5000);
  EXPECT_EQ(quote->computed().recurring().amount_total(), 3 * 2000);
  EXPECT_EQ(quote->computed().upfront().line_items(0).price().id(), monthly.id());
  EXPECT_EQ(PriceEvents().size(), price_events);  // no price.created for inline prices
  absl::StatusOr<Price> retrieved = engine_.prices().Retrieve(monthly.id());
  ASSERT_THAT(retrieved, IsOk());
  EXPECT_FALSE(retrieved->active());
}

TEST_F(QuoteLineItemsTest, AcceptingBillsTheLinesOwnInlinePrices) {
  absl::StatusOr<Quote> quote = Create(absl::StrCat("line_items { ", Inline(2000, "month"),
                                                    " quantity: 3 } line_items { ",
                                                    Inline(5000), " }"));
  ASSERT_THAT(quote, IsOk());
  const Quote accepted = Accepted(quote->id());
  absl::StatusOr<Subscription> sub = engine_.subscriptions().Retrieve(accepted.subscription());
  ASSERT_THAT(sub, IsOk());
  ASSERT_EQ(sub->items().data_size(), 1);
  EXPECT_EQ(sub->items().data(0).price().id(), quote->line_items(0).price().id());
  EXPECT_EQ(sub->items().data(0).quantity(), 3);
  absl::StatusOr<Invoice> invoice = engine_.invoices().Retrieve(sub->latest_invoice());
  ASSERT_THAT(invoice, IsOk());
  EXPECT_EQ(invoice->status(), "paid");
  EXPECT_EQ(invoice->amount_paid(), 3 * 2000 + 5000);
}

TEST_F(QuoteLineItemsTest, AcceptingAOneTimeInlineQuoteMakesAnInvoiceOfItsAmounts) {
  absl::StatusOr<Quote> quote =
      Create(absl::StrCat("line_items { ", Inline(1250), " quantity: 2 }"));
  ASSERT_THAT(quote, IsOk());
  const Quote accepted = Accepted(quote->id());
  absl::StatusOr<Invoice> invoice = engine_.invoices().Retrieve(accepted.invoice());
  ASSERT_THAT(invoice, IsOk());
  EXPECT_EQ(invoice->status(), "draft");
  EXPECT_EQ(invoice->amount_due(), 2500);
  ASSERT_EQ(invoice->lines().data_size(), 1);
}

TEST_F(QuoteLineItemsTest, AnUpdateKeepsTheLinesItNamesAndRemovesTheOthers) {
  absl::StatusOr<Quote> quote = Create(absl::StrCat("line_items { ", Inline(2000, "month"),
                                                    " } line_items { ", Inline(5000), " }"));
  ASSERT_THAT(quote, IsOk());
  const std::string kept = quote->line_items(0).id();
  const std::string kept_price = quote->line_items(0).price().id();
  absl::StatusOr<Quote> updated = engine_.quotes().Update(
      quote->id(), ParseParams<QuoteUpdateParams>(absl::StrCat(
                       "line_items { id: \"", kept, "\" quantity: 4 } line_items { ",
                       Inline(700), " }")));
  ASSERT_THAT(updated, IsOk());
  ASSERT_EQ(updated->line_items_size(), 2);
  EXPECT_EQ(updated->line_items(0).id(), kept);
  EXPECT_EQ(updated->line_items(0).price().id(), kept_price);
  EXPECT_EQ(updated->line_items(0).quantity(), 4);
  EXPECT_NE(updated->line_items(1).id(), quote->line_items(1).id());  // a new line
  EXPECT_EQ(updated->amount_total(), 4 * 2000 + 700);

  // A kept line may take a new price; its quantity stays unless given.
  absl::StatusOr<Quote> repriced = engine_.quotes().Update(
      quote->id(), ParseParams<QuoteUpdateParams>(
                       absl::StrCat("line_items { id: \"", kept, "\" ", Inline(2500, "month"),
                                    " }")));
  ASSERT_THAT(repriced, IsOk());
  ASSERT_EQ(repriced->line_items_size(), 1);
  EXPECT_EQ(repriced->line_items(0).id(), kept);
  EXPECT_NE(repriced->line_items(0).price().id(), kept_price);
  EXPECT_EQ(repriced->amount_total(), 4 * 2500);
}

TEST_F(QuoteLineItemsTest, RefusalsNameTheLineParameterAndChangeNothing) {
  absl::StatusOr<Quote> quote = Create(absl::StrCat("line_items { ", Inline(2000, "month"),
                                                    " }"));
  ASSERT_THAT(quote, IsOk());
  const std::string line = quote->line_items(0).id();
  const std::string before = Snapshot();
  struct Case {
    std::string lines;
    std::string code;
    std::string param;
  };
  const std::vector<Case> creates = {
      {"line_items { price_data { product: \"" + product_ + "\" unit_amount: 1 } }",
       "parameter_missing", "line_items[0][price_data][currency]"},
      {"line_items { price_data { currency: \"usd\" unit_amount: 1 } }", "parameter_missing",
       "line_items[0][price_data][product]"},
      {"line_items { price_data { currency: \"usd\" product: \"prod_nope\" unit_amount: 1 } }",
       "resource_missing", "line_items[0][price_data][product]"},
      {"line_items { price_data { currency: \"usd\" product: \"" + product_ + "\" } }",
       "parameter_missing", "line_items[0][price_data][unit_amount]"},
      {"line_items { price_data { currency: \"usd\" product: \"" + product_ +
           "\" unit_amount: 1 recurring { } } }",
       "parameter_missing", "line_items[0][price_data][recurring][interval]"},
      {"line_items { price: \"price_x\" " + Inline(100) + " }", "",
       "line_items[0][price_data]"},
      {"line_items { " + Inline(100) + " } line_items { price_data { currency: \"eur\" "
       "product: \"" + product_ + "\" unit_amount: 1 } }",
       "", "line_items[1][price_data]"},
      {"line_items { id: \"" + line + "\" }", "parameter_unknown", "line_items[0][id]"},
  };
  for (const Case& c : creates) {
    SCOPED_TRACE(c.lines);
    EXPECT_THAT(Create(c.lines), StripeErrorWithParam("invalid_request_error", c.code, c.param));
  }
  const std::vector<Case> updates = {
      {"line_items { id: \"li_nope\" }", "resource_missing", "line_items[0][id]"},
      {"line_items { id: \"" + line + "\" } line_items { id: \"" + line + "\" }", "",
       "line_items[1][id]"},
      {"line_items { id: \"" + line + "\" quantity: 0 }", "parameter_invalid_integer",
       "line_items[0][quantity]"},
      {"line_items { quantity: 2 }", "parameter_missing", "line_items[0][price]"},
  };
  for (const Case& c : updates) {
    SCOPED_TRACE(c.lines);
    EXPECT_THAT(engine_.quotes().Update(quote->id(), ParseParams<QuoteUpdateParams>(c.lines)),
                StripeErrorWithParam("invalid_request_error", c.code, c.param));
  }
  EXPECT_EQ(Snapshot(), before);  // no price made, no id drawn
}

}  // namespace
}  // namespace paysim
