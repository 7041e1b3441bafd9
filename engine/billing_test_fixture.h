// billing_test_fixture.h: the fixture the Billing tests share (subscriptions_test,
// invoices_test, renewals_test): a FakeClock-driven engine, a customer with a saved card, a
// monthly price, and readers of subscriptions, invoices and events.
#ifndef PAYSIM_ENGINE_BILLING_TEST_FIXTURE_H_
#define PAYSIM_ENGINE_BILLING_TEST_FIXTURE_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "testing/paysim_testing.h"

namespace paysim {

class BillingTest : public ::testing::Test {
 protected:
  static constexpr int64_t kStart = 1767225600;  // FakeClock's default: 2026-01-01T00:00:00Z
  static constexpr int64_t kDay = 86400;
  static constexpr int64_t kHour = 3600;
  static constexpr int64_t kFeb1 = 1769904000;  // 2026-02-01T00:00:00Z
  static constexpr int64_t kMar1 = 1772323200;  // 2026-03-01T00:00:00Z

  BillingTest() : BillingTest(EngineOptions()) {}
  // An engine with `options` (its clock and seed replaced by the fixture's).
  explicit BillingTest(EngineOptions options) : engine_(WithClock(std::move(options), &clock_)) {
    engine_.events().Subscribe({"*"}, [this](const Event& e) { events_.push_back(e); });
  }
  static EngineOptions WithClock(EngineOptions options, Clock* clock) {
    options.clock = clock;
    options.seed = 7;
    return options;
  }

  // A customer, its card `alias` attached and made its invoice default (unless empty).
  std::string NewCustomer(const std::string& alias = "pm_card_visa") {
    absl::StatusOr<Customer> customer = engine_.customers().Create(CustomerCreateParams());
    EXPECT_TRUE(customer.ok()) << customer.status();
    if (!alias.empty()) SetDefaultCard(customer->id(), AttachCard(customer->id(), alias));
    return customer->id();
  }

  std::string AttachCard(const std::string& customer, const std::string& alias) {
    PaymentMethodAttachParams attach;
    attach.set_customer(customer);
    absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Attach(alias, attach);
    EXPECT_TRUE(pm.ok()) << pm.status();
    return pm.ok() ? pm->id() : "";
  }

  // A card source saved on `customer` from `token` (its default source if it had none).
  std::string AddSource(const std::string& customer, const std::string& token) {
    CustomerSourceCreateParams params;
    params.set_source(token);
    absl::StatusOr<Card> card = engine_.customer_sources().Create(customer, params);
    EXPECT_TRUE(card.ok()) << card.status();
    return card.ok() ? card->id() : "";
  }

  void SetDefaultCard(const std::string& customer, const std::string& pm) {
    CustomerUpdateParams update;
    update.mutable_invoice_settings()->set_default_payment_method(pm);
    EXPECT_TRUE(engine_.customers().Update(customer, update).ok());
  }

  // A product named `name`; its id.
  std::string NewProduct(const std::string& name = "Seat") {
    absl::StatusOr<Product> product = engine_.products().Create(
        testing::ParseParams<ProductCreateParams>(absl::StrCat("name: \"", name, "\"")));
    EXPECT_TRUE(product.ok()) << product.status();
    return product.ok() ? product->id() : "";
  }

  // A recurring price of `amount` usd per `interval`.
  std::string NewPrice(int64_t amount = 1500, const std::string& interval = "month") {
    absl::StatusOr<Price> price = engine_.prices().Create(testing::ParseParams<PriceCreateParams>(
        absl::StrCat("currency: \"usd\" unit_amount: ", amount,
                     " product_data { name: \"Plan\" } recurring { interval: \"", interval,
                     "\" }")));
    EXPECT_TRUE(price.ok()) << price.status();
    return price.ok() ? price->id() : "";
  }

  // A tax rate of `percentage` (`inclusive` or exclusive); its id.
  std::string NewTaxRate(double percentage, bool inclusive) {
    TaxRateCreateParams params;
    params.set_display_name(inclusive ? "VAT" : "Sales tax");
    params.set_percentage(percentage);
    params.set_inclusive(inclusive);
    absl::StatusOr<TaxRate> rate = engine_.tax_rates().Create(params);
    EXPECT_TRUE(rate.ok()) << rate.status();
    return rate.ok() ? rate->id() : "";
  }

  absl::StatusOr<Subscription> Subscribe(const std::string& customer, const std::string& price,
                                         const std::string& more = "") {
    return engine_.subscriptions().Create(testing::ParseParams<SubscriptionCreateParams>(
        absl::StrCat("customer: \"", customer, "\" items { price: \"", price, "\" } ", more)));
  }

  Subscription Sub(const std::string& id) {
    absl::StatusOr<Subscription> s = engine_.subscriptions().Retrieve(id);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? *s : Subscription();
  }

  Invoice Inv(const std::string& id) {
    absl::StatusOr<Invoice> i = engine_.invoices().Retrieve(id);
    EXPECT_TRUE(i.ok()) << i.status();
    return i.ok() ? *i : Invoice();
  }

  // The subscription's invoices, oldest first.
  std::vector<Invoice> InvoicesOf(const std::string& subscription) {
    InvoiceListParams params;
    params.set_subscription(subscription);
    params.set_limit(100);
    absl::StatusOr<ListResult<Invoice>> page = engine_.invoices().List(params);
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok()) return {};
    return std::vector<Invoice>(page->data.rbegin(), page->data.rend());
  }

  // The customer's invoice items, oldest first.
  std::vector<InvoiceItem> InvoiceItemsOf(const std::string& customer) {
    InvoiceItemListParams params;
    params.set_customer(customer);
    params.set_limit(100);
    absl::StatusOr<ListResult<InvoiceItem>> page = engine_.invoice_items().List(params);
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok()) return {};
    return std::vector<InvoiceItem>(page->data.rbegin(), page->data.rend());
  }

  // The engine's state, its call log left out: equal before and after a call that changes
  // nothing (a preview draws no id, stores and emits nothing).
  std::string Snapshot() {
    absl::StatusOr<EngineSnapshot> snapshot = engine_.Snapshot();
    EXPECT_TRUE(snapshot.ok()) << snapshot.status();
    if (!snapshot.ok()) return "";
    snapshot->clear_calls();
    return snapshot->SerializeAsString();
  }

  // Moves the clock to `t` (Unix seconds) and fires what is due.
  void At(int64_t t) {
    clock_.SetTime(absl::FromUnixSeconds(t));
    engine_.FireDueTimers();
  }

  // The types of the events since `first` (an index into events_), filtered by `prefix`.
  std::vector<std::string> TypesSince(size_t first, const std::string& prefix = "") {
    std::vector<std::string> types;
    for (size_t i = first; i < events_.size(); ++i) {
      if (absl::StartsWith(events_[i].type(), prefix)) types.push_back(events_[i].type());
    }
    return types;
  }

  testing::FakeClock clock_;
  Engine engine_;
  std::vector<Event> events_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_BILLING_TEST_FIXTURE_H_
