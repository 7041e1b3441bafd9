// Behaviour tests of Quotes: a draft's amounts and default expiry, finalization and its number,
// acceptance into a paid subscription (with and without a trial) or a draft invoice, expiry at
// expires_at one second either side (as created, moved by an update, on a test clock), cancel,
// the lines lists, lists and numbering by customer (a draft given its customer by an update,
// a restored engine), and refused calls that change nothing.
#include <memory>
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

// An invalid_request_error naming `param` (any code: Stripe's codes for quotes are unknown).
MATCHER_P(RefusedNaming, param, "is an invalid_request_error naming '" + std::string(param) + "'") {
  const absl::optional<StripeError> e =
      GetStripeError(::paysim::testing::status_internal::GetStatus(arg));
  if (!e.has_value()) return false;
  *result_listener << "error {type: " << e->type() << ", param: " << e->param()
                   << ", message: " << e->message() << "}";
  return e->type() == "invalid_request_error" && e->param() == std::string(param);
}

constexpr int64_t kStart = 1767225600;  // FakeClock's default: 2026-01-01T00:00:00Z
constexpr int64_t kDay = 86400;
constexpr int64_t kDefaultExpiry = kStart + 30 * kDay;

class QuotesTest : public ::testing::Test {
 protected:
  std::string NewCustomer(const std::string& text = R"pb(source: "tok_visa")pb") {
    absl::StatusOr<Customer> customer =
        engine_.customers().Create(ParseParams<CustomerCreateParams>(text));
    EXPECT_THAT(customer, IsOk());
    return customer.ok() ? customer->id() : "";
  }

  std::string NewPrice(int64_t amount, bool recurring, const std::string& currency = "usd") {
    absl::StatusOr<Price> price = engine_.prices().Create(ParseParams<PriceCreateParams>(
        absl::StrCat("currency: \"", currency, "\" unit_amount: ", amount,
                     " product_data { name: \"Seats\" }",
                     recurring ? " recurring { interval: \"month\" }" : "")));
    EXPECT_THAT(price, IsOk());
    return price.ok() ? price->id() : "";
  }

  Quote Create(const std::string& text) {
    absl::StatusOr<Quote> quote = engine_.quotes().Create(ParseParams<QuoteCreateParams>(text));
    EXPECT_THAT(quote, IsOk());
    return quote.ok() ? *quote : Quote();
  }

  // A draft for a new customer with a card: `quantity` x a monthly 15.00 price.
  Quote MonthlyQuote(int64_t quantity = 10, const std::string& extra = "") {
    customer_ = NewCustomer();
    return Create(absl::StrCat("customer: \"", customer_, "\" line_items { price: \"",
                               NewPrice(1500, true), "\" quantity: ", quantity, " } ", extra));
  }

  Quote Retrieve(const std::string& id) {
    absl::StatusOr<Quote> quote = engine_.quotes().Retrieve(id);
    EXPECT_THAT(quote, IsOk());
    return quote.ok() ? *quote : Quote();
  }

  Quote Finalize(const std::string& id, const std::string& text = "") {
    absl::StatusOr<Quote> quote =
        engine_.quotes().Finalize(id, ParseParams<QuoteFinalizeParams>(text));
    EXPECT_THAT(quote, IsOk());
    return quote.ok() ? *quote : Quote();
  }

  std::vector<std::string> EventTypes() {
    EventListParams params;
    params.set_limit(100);
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> types;
    if (page.ok()) {
      for (auto it = page->data.rbegin(); it != page->data.rend(); ++it) {
        if (it->type().rfind("quote.", 0) == 0) types.push_back(it->type());
      }
    }
    return types;
  }

  void AdvanceTo(int64_t unix_seconds) { clock_.SetTime(absl::FromUnixSeconds(unix_seconds)); }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 23}};
  std::string customer_;
};

TEST_F(QuotesTest, CreatedAsADraftWithItsAmountsAndA30DayExpiry) {
  const Quote quote = MonthlyQuote(10, R"pb(description: "(created by Stripe CLI)")pb");
  EXPECT_EQ(quote.id().substr(0, 3), "qt_");
  EXPECT_EQ(quote.object(), "quote");
  EXPECT_EQ(quote.status(), "draft");
  EXPECT_EQ(quote.customer(), customer_);
  EXPECT_EQ(quote.currency(), "usd");
  EXPECT_EQ(quote.description(), "(created by Stripe CLI)");
  EXPECT_EQ(quote.collection_method(), "charge_automatically");
  EXPECT_EQ(quote.created(), kStart);
  EXPECT_EQ(quote.expires_at(), kDefaultExpiry);
  EXPECT_FALSE(quote.has_number());
  EXPECT_EQ(quote.amount_subtotal(), 15000);
  EXPECT_EQ(quote.amount_total(), 15000);
  ASSERT_TRUE(quote.computed().has_recurring());
  EXPECT_EQ(quote.computed().recurring().amount_total(), 15000);
  EXPECT_EQ(quote.computed().recurring().interval(), "month");
  EXPECT_EQ(quote.computed().recurring().interval_count(), 1);
  EXPECT_EQ(quote.computed().upfront().amount_total(), 15000);
  ASSERT_EQ(quote.line_items_size(), 1);
  EXPECT_EQ(quote.line_items(0).id().substr(0, 3), "li_");
  EXPECT_EQ(quote.line_items(0).description(), "Seats");
  EXPECT_EQ(quote.line_items(0).quantity(), 10);
  EXPECT_EQ(quote.line_items(0).amount_total(), 15000);
  EXPECT_THAT(EventTypes(), ElementsAre("quote.created"));
}

TEST_F(QuotesTest, FinalizeOpensAndNumbersThemPerCustomer) {
  const Quote first = MonthlyQuote();
  const Quote open = Finalize(first.id());
  EXPECT_EQ(open.status(), "open");
  absl::StatusOr<Customer> customer = engine_.customers().Retrieve(customer_);
  ASSERT_THAT(customer, IsOk());
  EXPECT_EQ(open.number(), absl::StrCat("QT-", customer->invoice_prefix(), "-0001-1"));
  EXPECT_EQ(open.status_transitions().finalized_at(), kStart);
  const Quote second = Create(absl::StrCat("customer: \"", customer_,
                                           "\" line_items { price: \"", NewPrice(500, false),
                                           "\" }"));
  EXPECT_EQ(Finalize(second.id()).number(),
            absl::StrCat("QT-", customer->invoice_prefix(), "-0002-1"));
  EXPECT_THAT(EventTypes(),
              ElementsAre("quote.created", "quote.finalized", "quote.created", "quote.finalized"));
}

TEST_F(QuotesTest, AcceptingARecurringQuoteStartsAPaidSubscription) {
  const Quote quote = MonthlyQuote();
  Finalize(quote.id());
  clock_.Advance(absl::Seconds(1));
  absl::StatusOr<Quote> accepted = engine_.quotes().Accept(quote.id());
  ASSERT_THAT(accepted, IsOk());
  EXPECT_EQ(accepted->status(), "accepted");
  EXPECT_EQ(accepted->status_transitions().accepted_at(), kStart + 1);
  ASSERT_TRUE(accepted->has_subscription());
  ASSERT_TRUE(accepted->has_invoice());
  absl::StatusOr<Subscription> subscription =
      engine_.subscriptions().Retrieve(accepted->subscription());
  ASSERT_THAT(subscription, IsOk());
  EXPECT_EQ(subscription->status(), "active");
  EXPECT_EQ(subscription->customer(), customer_);
  ASSERT_EQ(subscription->items().data_size(), 1);
  EXPECT_EQ(subscription->items().data(0).quantity(), 10);
  absl::StatusOr<Invoice> invoice = engine_.invoices().Retrieve(accepted->invoice());
  ASSERT_THAT(invoice, IsOk());
  EXPECT_EQ(invoice->status(), "paid");
  EXPECT_EQ(invoice->amount_paid(), 15000);
  EXPECT_THAT(EventTypes(), ElementsAre("quote.created", "quote.finalized", "quote.accepted"));
  // The quote.accepted event comes after the subscription's own.
  EventListParams params;
  params.set_limit(1);
  absl::StatusOr<ListResult<Event>> last = engine_.events().List(params);
  ASSERT_THAT(last, IsOk());
  EXPECT_EQ(last->data[0].type(), "quote.accepted");
}

TEST_F(QuotesTest, ATrialMakesTheUpfrontAmountZeroAndTheSubscriptionTrialing) {
  const Quote quote =
      MonthlyQuote(2, R"pb(subscription_data { trial_period_days: 14 description: "Pro" })pb");
  EXPECT_EQ(quote.computed().upfront().amount_total(), 0);
  EXPECT_EQ(quote.computed().recurring().amount_total(), 3000);
  EXPECT_EQ(quote.amount_total(), 3000);
  Finalize(quote.id());
  absl::StatusOr<Quote> accepted = engine_.quotes().Accept(quote.id());
  ASSERT_THAT(accepted, IsOk());
  absl::StatusOr<Subscription> subscription =
      engine_.subscriptions().Retrieve(accepted->subscription());
  ASSERT_THAT(subscription, IsOk());
  EXPECT_EQ(subscription->status(), "trialing");
  EXPECT_EQ(subscription->description(), "Pro");
  EXPECT_EQ(subscription->trial_end(), kStart + 14 * kDay);
}

TEST_F(QuotesTest, AcceptingAOneTimeQuoteMakesADraftInvoiceOfItsLines) {
  customer_ = NewCustomer();
  const Quote quote = Create(absl::StrCat(
      "customer: \"", customer_, "\" line_items { price: \"", NewPrice(1099, false),
      "\" quantity: 2 } line_items { price: \"", NewPrice(500, false),
      "\" } collection_method: \"send_invoice\" invoice_settings { days_until_due: 15 } "
      "description: \"Onboarding\" footer: \"Thanks\""));
  EXPECT_FALSE(quote.computed().has_recurring());
  EXPECT_EQ(quote.amount_total(), 2698);
  Finalize(quote.id());
  absl::StatusOr<Quote> accepted = engine_.quotes().Accept(quote.id());
  ASSERT_THAT(accepted, IsOk());
  EXPECT_FALSE(accepted->has_subscription());
  absl::StatusOr<Invoice> invoice = engine_.invoices().Retrieve(accepted->invoice());
  ASSERT_THAT(invoice, IsOk());
  EXPECT_EQ(invoice->status(), "draft");
  EXPECT_EQ(invoice->billing_reason(), "quote_accept");
  EXPECT_EQ(invoice->collection_method(), "send_invoice");
  EXPECT_EQ(invoice->due_date(), kStart + 15 * kDay);
  EXPECT_EQ(invoice->description(), "Onboarding");
  EXPECT_EQ(invoice->footer(), "Thanks");
  EXPECT_EQ(invoice->parent().quote_details().quote(), quote.id());
  EXPECT_EQ(invoice->parent().type(), "quote_details");
  EXPECT_EQ(invoice->amount_due(), 2698);
  EXPECT_EQ(invoice->lines().data_size(), 2);
  EXPECT_FALSE(invoice->auto_advance());
}

TEST_F(QuotesTest, OneTimeLinesOfARecurringQuoteGoOnTheSubscriptionsFirstInvoice) {
  customer_ = NewCustomer();
  const Quote quote = Create(absl::StrCat(
      "customer: \"", customer_, "\" line_items { price: \"", NewPrice(1500, true),
      "\" quantity: 2 } line_items { price: \"", NewPrice(4000, false),
      "\" } subscription_data { trial_period_days: 30 }"));
  EXPECT_EQ(quote.amount_total(), 7000);
  EXPECT_EQ(quote.computed().recurring().amount_total(), 3000);
  EXPECT_EQ(quote.computed().upfront().amount_total(), 4000);  // the trial: only the fee now
  Finalize(quote.id());
  absl::StatusOr<Quote> accepted = engine_.quotes().Accept(quote.id());
  ASSERT_THAT(accepted, IsOk());
  absl::StatusOr<Invoice> invoice = engine_.invoices().Retrieve(accepted->invoice());
  ASSERT_THAT(invoice, IsOk());
  EXPECT_EQ(invoice->status(), "paid");
  EXPECT_EQ(invoice->amount_paid(), quote.computed().upfront().amount_total());
  EXPECT_EQ(invoice->lines().data_size(), 2);
  absl::StatusOr<Subscription> subscription =
      engine_.subscriptions().Retrieve(accepted->subscription());
  ASSERT_THAT(subscription, IsOk());
  EXPECT_EQ(subscription->status(), "trialing");
  EXPECT_EQ(subscription->items().data_size(), 1);
}

TEST_F(QuotesTest, ADraftExpiresAtItsExpiryAndNotASecondBefore) {
  const Quote quote = MonthlyQuote();
  AdvanceTo(kDefaultExpiry - 1);
  EXPECT_EQ(Retrieve(quote.id()).status(), "draft");
  AdvanceTo(kDefaultExpiry);
  const Quote expired = Retrieve(quote.id());
  EXPECT_EQ(expired.status(), "canceled");
  EXPECT_EQ(expired.status_transitions().canceled_at(), kDefaultExpiry);
  // Events list the last 30 days: quote.created (at kStart) has just left the window.
  EXPECT_THAT(EventTypes(), ElementsAre("quote.canceled"));
}

TEST_F(QuotesTest, AnOpenQuoteExpiresAtTheExpiryFinalizeAndUpdateGiveIt) {
  const Quote quote = MonthlyQuote();
  const int64_t at_finalize = kStart + 5 * kDay;
  EXPECT_EQ(Finalize(quote.id(), absl::StrCat("expires_at: ", at_finalize)).expires_at(),
            at_finalize);
  const int64_t moved = kStart + 7 * kDay;
  absl::StatusOr<Quote> updated = engine_.quotes().Update(
      quote.id(), ParseParams<QuoteUpdateParams>(absl::StrCat("expires_at: ", moved)));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->expires_at(), moved);
  AdvanceTo(moved - 1);
  EXPECT_EQ(Retrieve(quote.id()).status(), "open");
  AdvanceTo(moved);
  EXPECT_EQ(Retrieve(quote.id()).status(), "canceled");
  EXPECT_THAT(EventTypes(), ElementsAre("quote.created", "quote.finalized", "quote.canceled"));
}

TEST_F(QuotesTest, AQuoteOnATestClockExpiresWhenTheClockPassesItsExpiry) {
  absl::StatusOr<TestClock> test_clock = engine_.test_clocks().Create(
      ParseParams<TestClockCreateParams>(absl::StrCat("frozen_time: ", kStart - 100 * kDay)));
  ASSERT_THAT(test_clock, IsOk());
  customer_ = NewCustomer(absl::StrCat("test_clock: \"", test_clock->id(), "\""));
  const Quote quote = Create(absl::StrCat("customer: \"", customer_, "\" line_items { price: \"",
                                          NewPrice(700, false), "\" }"));
  EXPECT_EQ(quote.test_clock(), test_clock->id());
  EXPECT_EQ(quote.created(), kStart - 100 * kDay);
  const int64_t expiry = kStart - 70 * kDay;
  EXPECT_EQ(quote.expires_at(), expiry);
  AdvanceTo(kStart + 60 * kDay);  // the engine's clock: the test clock's quote is not due
  EXPECT_EQ(Retrieve(quote.id()).status(), "draft");
  ASSERT_THAT(engine_.test_clocks().Advance(test_clock->id(),
                                            ParseParams<TestClockAdvanceParams>(
                                                absl::StrCat("frozen_time: ", expiry - 1))),
              IsOk());
  EXPECT_EQ(Retrieve(quote.id()).status(), "draft");
  ASSERT_THAT(engine_.test_clocks().Advance(test_clock->id(),
                                            ParseParams<TestClockAdvanceParams>(
                                                absl::StrCat("frozen_time: ", expiry))),
              IsOk());
  EXPECT_EQ(Retrieve(quote.id()).status(), "canceled");
}

TEST_F(QuotesTest, CancelEndsADraftOrAnOpenQuoteOnly) {
  const Quote draft = MonthlyQuote();
  absl::StatusOr<Quote> canceled = engine_.quotes().Cancel(draft.id());
  ASSERT_THAT(canceled, IsOk());
  EXPECT_EQ(canceled->status(), "canceled");
  EXPECT_EQ(canceled->status_transitions().canceled_at(), kStart);
  EXPECT_FALSE(canceled->status_transitions().has_finalized_at());
  EXPECT_THAT(engine_.quotes().Cancel(draft.id()), RefusedNaming(""));
  const Quote open = MonthlyQuote();
  Finalize(open.id());
  EXPECT_EQ(engine_.quotes().Cancel(open.id())->status(), "canceled");
  EXPECT_THAT(EventTypes(), ElementsAre("quote.created", "quote.canceled", "quote.created",
                                        "quote.finalized", "quote.canceled"));
  // No second quote.canceled at the old expiry (events list the last 30 days: none since).
  AdvanceTo(kDefaultExpiry);
  EXPECT_THAT(EventTypes(), IsEmpty());
}

TEST_F(QuotesTest, DraftUpdatesReplaceLinesAndTextsWithoutEvents) {
  const Quote quote = MonthlyQuote(1, R"pb(header: "Offer" metadata { key: "a" value: "1" })pb");
  const std::string price = NewPrice(2000, true);
  absl::StatusOr<Quote> updated = engine_.quotes().Update(
      quote.id(), ParseParams<QuoteUpdateParams>(absl::StrCat(
                      "line_items { price: \"", price,
                      "\" quantity: 3 } header: \"\" metadata { key: \"b\" value: \"2\" }")));
  ASSERT_THAT(updated, IsOk());
  ASSERT_EQ(updated->line_items_size(), 1);
  EXPECT_EQ(updated->line_items(0).price().id(), price);
  EXPECT_EQ(updated->amount_total(), 6000);
  EXPECT_FALSE(updated->has_header());
  EXPECT_EQ(updated->metadata().size(), 2u);
  EXPECT_THAT(EventTypes(), ElementsAre("quote.created"));
  absl::StatusOr<ListResult<LineItem>> lines =
      engine_.quotes().ListLineItems(quote.id(), QuoteLineItemListParams());
  ASSERT_THAT(lines, IsOk());
  ASSERT_EQ(lines->data.size(), 1u);
  EXPECT_EQ(lines->url, absl::StrCat("/v1/quotes/", quote.id(), "/line_items"));
  absl::StatusOr<ListResult<LineItem>> upfront =
      engine_.quotes().ListUpfrontLineItems(quote.id(), QuoteLineItemListParams());
  ASSERT_THAT(upfront, IsOk());
  EXPECT_EQ(upfront->data[0].amount_total(), 6000);
}

TEST_F(QuotesTest, ListFiltersByCustomerAndStatus) {
  const Quote a = MonthlyQuote();
  const std::string first_customer = customer_;
  const Quote b = MonthlyQuote();
  Finalize(b.id());
  auto ids = [&](const std::string& text) {
    std::vector<std::string> out;
    absl::StatusOr<ListResult<Quote>> list =
        engine_.quotes().List(ParseParams<QuoteListParams>(text));
    EXPECT_THAT(list, IsOk());
    if (list.ok()) {
      for (const Quote& q : list->data) out.push_back(q.id());
    }
    return out;
  };
  EXPECT_THAT(ids(""), ElementsAre(b.id(), a.id()));
  EXPECT_THAT(ids(absl::StrCat("customer: \"", first_customer, "\"")), ElementsAre(a.id()));
  EXPECT_THAT(ids(R"pb(status: "open")pb"), ElementsAre(b.id()));
  EXPECT_THAT(ids(R"pb(status: "accepted")pb"), IsEmpty());
  EXPECT_THAT(engine_.quotes().List(ParseParams<QuoteListParams>(R"pb(status: "sent")pb")),
              RefusedNaming("status"));
}

TEST_F(QuotesTest, ADraftGivenItsCustomerByAnUpdateJoinsItsListAndNumbering) {
  const Quote b = MonthlyQuote();
  const std::string second_customer = customer_;
  const Quote a = Create(absl::StrCat("line_items { price: \"", NewPrice(700, false), "\" }"));
  ASSERT_FALSE(a.has_customer());
  auto ids = [](Engine& engine, const std::string& customer) {
    std::vector<std::string> out;
    absl::StatusOr<ListResult<Quote>> list = engine.quotes().List(
        ParseParams<QuoteListParams>(absl::StrCat("customer: \"", customer, "\"")));
    EXPECT_THAT(list, IsOk());
    if (list.ok()) {
      for (const Quote& q : list->data) out.push_back(q.id());
    }
    return out;
  };
  EXPECT_THAT(ids(engine_, second_customer), ElementsAre(b.id()));
  ASSERT_THAT(engine_.quotes().Update(a.id(), ParseParams<QuoteUpdateParams>(absl::StrCat(
                                                  "customer: \"", second_customer, "\""))),
              IsOk());
  EXPECT_THAT(ids(engine_, second_customer), ElementsAre(a.id(), b.id()));
  absl::StatusOr<Customer> customer = engine_.customers().Retrieve(second_customer);
  ASSERT_THAT(customer, IsOk());
  const std::string prefix = absl::StrCat("QT-", customer->invoice_prefix(), "-");
  EXPECT_EQ(Finalize(a.id()).number(), prefix + "0001-1");
  EXPECT_EQ(Finalize(b.id()).number(), prefix + "0002-1");

  // A restored engine lists the same and numbers the customer's next quote after these.
  const std::string price = NewPrice(500, false);
  absl::StatusOr<std::unique_ptr<Engine>> restored =
      testing::RestoredCopy(engine_, {.clock = &clock_});
  ASSERT_THAT(restored, IsOk());
  Engine& again = **restored;
  EXPECT_EQ(ids(again, second_customer), ids(engine_, second_customer));
  absl::StatusOr<Quote> third = again.quotes().Create(ParseParams<QuoteCreateParams>(absl::StrCat(
      "customer: \"", second_customer, "\" line_items { price: \"", price, "\" }")));
  ASSERT_THAT(third, IsOk());
  absl::StatusOr<Quote> open = again.quotes().Finalize(third->id(), QuoteFinalizeParams());
  ASSERT_THAT(open, IsOk());
  EXPECT_EQ(open->number(), prefix + "0003-1");
  EXPECT_THAT(ids(again, second_customer), ElementsAre(third->id(), a.id(), b.id()));
}

TEST_F(QuotesTest, RefusalsChangeNothing) {
  customer_ = NewCustomer();
  const std::string monthly = NewPrice(1500, true);
  const std::string once = NewPrice(900, false);
  const std::string euros = NewPrice(900, false, "eur");
  auto refused = [&](const std::string& text, const std::string& param) {
    EXPECT_THAT(engine_.quotes().Create(ParseParams<QuoteCreateParams>(text)),
                RefusedNaming(param))
        << text;
  };
  const std::string c = absl::StrCat("customer: \"", customer_, "\" ");
  refused(c + "line_items { quantity: 1 }", "line_items[0][price]");
  refused(c + "line_items { price: \"price_missing\" }", "line_items[0][price]");
  refused(c + "line_items { price: \"" + once + "\" quantity: 0 }", "line_items[0][quantity]");
  refused(c + "line_items { price: \"" + once + "\" } line_items { price: \"" + euros + "\" }",
          "line_items[1][price]");
  refused(c + absl::StrCat("expires_at: ", kStart), "expires_at");
  refused(c + "collection_method: \"send_invoice\"", "invoice_settings[days_until_due]");
  refused(c + "invoice_settings { days_until_due: 3 }", "invoice_settings[days_until_due]");
  refused(c + "collection_method: \"by_hand\"", "collection_method");
  refused("customer: \"cus_missing\"", "customer");
  refused(c + "subscription_data { trial_period_days: 0 }",
          "subscription_data[trial_period_days]");
  refused(c + "subscription_data { description: \"" + std::string(501, 'x') + "\" }",
          "subscription_data[description]");

  // Status refusals.
  const Quote empty = Create("");
  EXPECT_THAT(engine_.quotes().Finalize(empty.id(), QuoteFinalizeParams()),
              RefusedNaming("customer"));
  const Quote no_lines = Create(c);
  EXPECT_THAT(engine_.quotes().Finalize(no_lines.id(), QuoteFinalizeParams()),
              RefusedNaming("line_items"));
  EXPECT_THAT(engine_.quotes().Accept(no_lines.id()),
              RefusedNaming(""));
  EXPECT_THAT(engine_.quotes().Update(no_lines.id(), ParseParams<QuoteUpdateParams>(
                                                         R"pb(customer: "cus_other")pb")),
              RefusedNaming("customer"));
  const Quote open = Create(c + "line_items { price: \"" + once + "\" }");
  Finalize(open.id());
  EXPECT_THAT(engine_.quotes().Update(open.id(), ParseParams<QuoteUpdateParams>(
                                                     R"pb(description: "changed")pb")),
              RefusedNaming(""));
  EXPECT_THAT(engine_.quotes().Finalize(open.id(), QuoteFinalizeParams()),
              RefusedNaming(""));
  EXPECT_FALSE(Retrieve(open.id()).has_description());
  EXPECT_THAT(engine_.quotes().Retrieve("qt_missing"),
              RefusedNaming("id"));
  // Only the three quotes made, and only their events.
  absl::StatusOr<ListResult<Quote>> all = engine_.quotes().List(QuoteListParams());
  ASSERT_THAT(all, IsOk());
  EXPECT_EQ(all->data.size(), 3u);
  EXPECT_THAT(EventTypes(),
              ElementsAre("quote.created", "quote.created", "quote.created", "quote.finalized"));
}

TEST_F(QuotesTest, AcceptingForACustomerWithoutAPaymentMethodIsRefusedAndChangesNothing) {
  customer_ = NewCustomer("");
  const Quote quote = Create(absl::StrCat("customer: \"", customer_, "\" line_items { price: \"",
                                          NewPrice(1500, true), "\" }"));
  Finalize(quote.id());
  EXPECT_THAT(engine_.quotes().Accept(quote.id()), ::testing::Not(IsOk()));
  EXPECT_EQ(Retrieve(quote.id()).status(), "open");
  absl::StatusOr<ListResult<Subscription>> subscriptions =
      engine_.subscriptions().List(SubscriptionListParams());
  ASSERT_THAT(subscriptions, IsOk());
  EXPECT_THAT(subscriptions->data, IsEmpty());
}

}  // namespace
}  // namespace paysim

namespace paysim {
namespace {

// EngineOptions::quote_will_expire_days: quote.will_expire that many days before an open
// quote's expires_at, one second either side; none for a draft or without the option.
class QuoteWillExpireTest : public QuotesTest {};

TEST_F(QuoteWillExpireTest, AnOpenQuoteIsAnnouncedDaysBeforeItExpires) {
  testing::FakeClock clock;
  EngineOptions options;
  options.clock = &clock;
  options.seed = 5;
  options.quote_will_expire_days = 7;
  Engine engine(options);
  std::vector<std::string> types;
  engine.events().Subscribe({"quote.*"}, [&](const Event& e) { types.push_back(e.type()); });
  const std::string customer =
      engine.customers().Create(ParseParams<CustomerCreateParams>("")).value().id();
  const std::string price = engine.prices()
                                .Create(ParseParams<PriceCreateParams>(
                                    R"pb(currency: "usd" unit_amount: 100
                                         product_data { name: "Audit" })pb"))
                                .value()
                                .id();
  const std::string text =
      absl::StrCat("customer: \"", customer, "\" line_items { price: \"", price, "\" }");
  const Quote open = engine.quotes().Create(ParseParams<QuoteCreateParams>(text)).value();
  ASSERT_THAT(engine.quotes().Finalize(open.id(), QuoteFinalizeParams()), IsOk());
  engine.quotes().Create(ParseParams<QuoteCreateParams>(text)).value();  // stays a draft
  const int64_t notice = kDefaultExpiry - 7 * kDay;
  clock.SetTime(absl::FromUnixSeconds(notice - 1));
  engine.FireDueTimers();
  EXPECT_THAT(types, ElementsAre("quote.created", "quote.finalized", "quote.created"));
  clock.SetTime(absl::FromUnixSeconds(notice));
  engine.FireDueTimers();
  EXPECT_THAT(types, ElementsAre("quote.created", "quote.finalized", "quote.created",
                                 "quote.will_expire"));
  clock.SetTime(absl::FromUnixSeconds(kDefaultExpiry));
  engine.FireDueTimers();
  EXPECT_THAT(types, ElementsAre("quote.created", "quote.finalized", "quote.created",
                                 "quote.will_expire", "quote.canceled", "quote.canceled"));
}

TEST_F(QuoteWillExpireTest, NoNoticeWithoutTheOption) {
  const Quote quote = MonthlyQuote();
  Finalize(quote.id());
  AdvanceTo(kDefaultExpiry - 1);
  EXPECT_THAT(EventTypes(), ElementsAre("quote.created", "quote.finalized"));
}

}  // namespace
}  // namespace paysim
