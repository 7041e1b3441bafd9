// Benchmarks of what a call about one customer (or one charge) costs as the store holds more.
//
//   ./bazelw run -c opt //bench:customer_list_bench
//
// BM_CustomerPaymentMethods/N: N customers with a saved card each (not timed), then one
//   customer's `GET /v1/payment_methods?customer=` (the engine call), a different customer
//   each time; items_per_second is lists per second. It should not fall as N grows.
// BM_CustomerInvoices/N: N customers with a one-off invoice each, then one customer's
//   `GET /v1/invoices?customer=`.
// BM_CustomerUpdate/N: N customers with a draft invoice each, then one customer's email
//   changed (its drafts copy it: engine/invoices.h).
// BM_ChargeRefunds/N: N charges with a refund each, then one charge's
//   `GET /v1/refunds?charge=` (what rendering a charge costs on API versions before
//   2022-11-15, which embed its refunds).
// BM_InvoicePaymentRetrieve/N: N customers with an open invoice each (finalized, its default
//   payment open), then one invoice payment's `GET /v1/invoice_payments/{id}`.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "engine/engine.h"
#include "testing/fake_clock.h"

namespace paysim {
namespace {

struct Fixture {
  testing::FakeClock clock;
  std::unique_ptr<Engine> engine;
  std::vector<std::string> customers;
};

// An engine with `n` customers, each with a saved card and, if `invoices`, a draft one-off
// invoice of one 10 usd item.
std::unique_ptr<Fixture> Customers(int64_t n, bool invoices) {
  auto world = std::make_unique<Fixture>();
  EngineOptions options;
  options.clock = &world->clock;
  options.seed = 5;
  world->engine = std::make_unique<Engine>(options);
  Engine& engine = *world->engine;
  for (int64_t i = 0; i < n; ++i) {
    const std::string customer = engine.customers().Create(CustomerCreateParams())->id();
    PaymentMethodAttachParams attach;
    attach.set_customer(customer);
    if (!engine.payment_methods().Attach("pm_card_visa", attach).ok()) std::abort();
    if (invoices) {
      InvoiceItemCreateParams item;
      item.set_customer(customer);
      item.set_currency("usd");
      item.set_amount(1000);
      if (!engine.invoice_items().Create(item).ok()) std::abort();
      InvoiceCreateParams invoice;
      invoice.set_customer(customer);
      invoice.set_pending_invoice_items_behavior("include");
      if (!engine.invoices().Create(invoice).ok()) std::abort();
    }
    world->customers.push_back(customer);
  }
  return world;
}

void BM_CustomerPaymentMethods(benchmark::State& state) {
  std::unique_ptr<Fixture> world = Customers(state.range(0), /*invoices=*/false);
  size_t next = 0;
  for (auto _ : state) {
    PaymentMethodListParams params;
    params.set_customer(world->customers[next++ % world->customers.size()]);
    absl::StatusOr<ListResult<PaymentMethod>> page = world->engine->payment_methods().List(params);
    if (!page.ok() || page->data.size() != 1) std::abort();
    benchmark::DoNotOptimize(page);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CustomerPaymentMethods)->Arg(1000)->Arg(100000);

void BM_CustomerInvoices(benchmark::State& state) {
  std::unique_ptr<Fixture> world = Customers(state.range(0), /*invoices=*/true);
  size_t next = 0;
  for (auto _ : state) {
    InvoiceListParams params;
    params.set_customer(world->customers[next++ % world->customers.size()]);
    absl::StatusOr<ListResult<Invoice>> page = world->engine->invoices().List(params);
    if (!page.ok() || page->data.size() != 1) std::abort();
    benchmark::DoNotOptimize(page);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CustomerInvoices)->Arg(1000)->Arg(100000);

void BM_CustomerUpdate(benchmark::State& state) {
  std::unique_ptr<Fixture> world = Customers(state.range(0), /*invoices=*/true);
  size_t next = 0;
  for (auto _ : state) {
    CustomerUpdateParams params;
    params.set_email(absl::StrCat("customer", next, "@example.com"));
    if (!world->engine->customers()
             .Update(world->customers[next++ % world->customers.size()], params)
             .ok()) {
      std::abort();
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CustomerUpdate)->Arg(1000)->Arg(100000);

void BM_ChargeRefunds(benchmark::State& state) {
  testing::FakeClock clock;
  EngineOptions options;
  options.clock = &clock;
  options.seed = 5;
  Engine engine(options);
  std::vector<std::string> charges;
  for (int64_t i = 0; i < state.range(0); ++i) {
    ChargeCreateParams charge;
    charge.set_amount(1000);
    charge.set_currency("usd");
    charge.set_source("tok_visa");
    absl::StatusOr<Charge> made = engine.charges().Create(charge);
    if (!made.ok()) std::abort();
    RefundCreateParams refund;
    refund.set_charge(made->id());
    refund.set_amount(100);
    if (!engine.refunds().Create(refund).ok()) std::abort();
    charges.push_back(made->id());
  }
  size_t next = 0;
  for (auto _ : state) {
    RefundListParams params;
    params.set_charge(charges[next++ % charges.size()]);
    absl::StatusOr<ListResult<Refund>> page = engine.refunds().List(params);
    if (!page.ok() || page->data.size() != 1) std::abort();
    benchmark::DoNotOptimize(page);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ChargeRefunds)->Arg(1000)->Arg(100000);

void BM_InvoicePaymentRetrieve(benchmark::State& state) {
  std::unique_ptr<Fixture> world = Customers(state.range(0), /*invoices=*/false);
  Engine& engine = *world->engine;
  std::vector<std::string> payments;
  for (const std::string& customer : world->customers) {
    InvoiceItemCreateParams item;
    item.set_customer(customer);
    item.set_currency("usd");
    item.set_amount(1000);
    if (!engine.invoice_items().Create(item).ok()) std::abort();
    InvoiceCreateParams create;
    create.set_customer(customer);
    create.set_pending_invoice_items_behavior("include");
    absl::StatusOr<Invoice> draft = engine.invoices().Create(create);
    if (!draft.ok()) std::abort();
    InvoiceFinalizeParams finalize;
    finalize.set_auto_advance(false);
    absl::StatusOr<Invoice> open = engine.invoices().Finalize(draft->id(), finalize);
    if (!open.ok() || open->payments().data_size() != 1) std::abort();
    payments.push_back(open->payments().data(0).id());
  }
  size_t next = 0;
  for (auto _ : state) {
    absl::StatusOr<InvoicePayment> payment =
        engine.invoice_payments().Retrieve(payments[next++ % payments.size()]);
    if (!payment.ok()) std::abort();
    benchmark::DoNotOptimize(payment);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_InvoicePaymentRetrieve)->Arg(1000)->Arg(100000);

}  // namespace
}  // namespace paysim

// main(): bench_main.cc.
