#include "engine/internal/customer_lifecycle.h"
#include "engine/internal/interned.h"

#include <cstdint>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "engine/card_catalog.h"
#include "engine/internal/customer_discounts.h"
#include "engine/internal/event_log.h"
#include "engine/internal/invoice_lifecycle.h"

namespace paysim {
namespace internal {
namespace {

using Machine = CustomerLifecycle::Machine;
using S = CustomerState;
using T = CustomerTrigger;

constexpr Machine::Row kRows[] = {
    {Machine::kCreated, T::kCreate, S::kActive, "customer.created"},
    {Machine::From({S::kActive}), T::kDelete, S::kDeleted, "customer.deleted"},
};
constexpr absl::string_view kStates[] = {"active", "deleted"};
constexpr absl::string_view kRendered[] = {"-", "deleted: true"};
constexpr absl::string_view kTriggers[] = {"create", "delete"};

// Whether an update's previous_attributes (JSON) name a field the customer's draft invoices
// copy. A key met inside another field (a custom field's "name") only costs a needless copy.
bool DetailsChanged(absl::string_view previous) {
  for (absl::string_view key : {"\"address\":", "\"email\":", "\"name\":", "\"phone\":",
                                "\"shipping\":", "\"tax_exempt\":"}) {
    if (absl::StrContains(previous, key)) return true;
  }
  return false;
}

}  // namespace

const Machine& CustomerLifecycle::machine() {
  static constexpr Machine kMachine(kRows, {"customer", "deleted", kStates, kRendered, kTriggers});
  return kMachine;
}

Customer CustomerLifecycle::New(World& world) {
  Customer customer;
  customer.set_id(world.ids().NewId("cus_"));
  customer.set_object(PAYSIM_INTERNED("customer"));
  customer.set_balance(0);
  customer.set_created(world.created());
  customer.set_delinquent(false);
  customer.set_invoice_prefix(absl::AsciiStrToUpper(world.ids().RandomString(8)));
  customer.mutable_invoice_settings();
  customer.set_livemode(false);
  customer.set_next_invoice_sequence(1);
  customer.set_tax_exempt(PAYSIM_INTERNED("none"));
  return customer;
}

const Customer& CustomerLifecycle::Create(World& world, Customer customer) {
  const Customer& stored = world.customers().Insert(Key(), std::move(customer));
  if (stored.has_test_clock()) {
    world.clock_customers(Key()).Enter(stored.test_clock(), world.customers(), stored);
  }
  ForEachEvent(machine().FindCreate(T::kCreate)->events,
               [&](absl::string_view type) { world.Emit(type, stored); });
  EmitDiscountChange(world, nullptr, stored.has_discount() ? &stored.discount() : nullptr);
  return stored;
}

const Customer& CustomerLifecycle::Update(World& world, const Customer& current,
                                          const Customer& updated) {
  Customer& customer = *world.customers().Mutable(Key(), current.id());
  const Customer before = customer;
  std::string previous = PreviousAttributes(customer, updated);
  const bool details = DetailsChanged(previous);
  OrdinalIndex& on_clock = world.clock_customers(Key());
  if (customer.has_test_clock()) on_clock.Leave(customer.test_clock(), world.customers(), customer);
  customer = updated;
  if (customer.has_test_clock()) on_clock.Enter(customer.test_clock(), world.customers(), customer);
  if (!previous.empty()) world.Emit("customer.updated", customer, std::move(previous));
  EmitDiscountChange(world, before.has_discount() ? &before.discount() : nullptr,
                     customer.has_discount() ? &customer.discount() : nullptr);
  if (details) InvoiceLifecycle::OnCustomerDetailsChanged(world, customer);
  return customer;
}

void CustomerLifecycle::EndDiscount(World& world, const Customer& customer) {
  Customer updated = customer;
  updated.clear_discount();
  Update(world, customer, updated);
}

void CustomerLifecycle::Delete(World& world, const Customer& customer) {
  const Machine::Row* row = machine().Find(S::kActive, T::kDelete);
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, customer); });
  if (customer.has_test_clock()) {
    world.clock_customers(Key()).Leave(customer.test_clock(), world.customers(), customer);
  }
  world.customers().Delete(Key(), customer.id());
}

namespace {

// The index of customers by test clock: built from the store by the first lookup in a fresh
// or restored world, then kept by Create, Update and Delete.
const OrdinalIndex& ClockCustomers(World& world, WriteKey<CustomerLifecycle> key) {
  return world.clock_customers(key).BuiltFrom(
      world.customers(), [](const Customer& customer) -> std::optional<absl::string_view> {
        if (!customer.has_test_clock()) return std::nullopt;
        return absl::string_view(customer.test_clock());
      });
}

}  // namespace

void CustomerLifecycle::ForEachOnClock(World& world, absl::string_view clock_id,
                                       absl::FunctionRef<void(const Customer&)> visit) {
  for (const int64_t ordinal : ClockCustomers(world, Key()).Of(clock_id)) {
    if (const Customer* customer = world.customers().AtOrdinal(ordinal)) visit(*customer);
  }
}

int CustomerLifecycle::CountOnClock(World& world, absl::string_view clock_id) {
  return static_cast<int>(ClockCustomers(world, Key()).Of(clock_id).size());
}

const Card& CustomerLifecycle::AddCard(World& world, Card card, const std::string& customer_id) {
  card.set_customer(customer_id);
  card.set_created(world.created());
  if (card.cvc_provided()) {
    const TestCard* test_card = FindTestCardByNumber(card.number());
    card.set_cvc_check(std::string(test_card != nullptr ? test_card->cvc_check : "pass"));
  }
  const Card& stored = world.cards().Insert(Key(), std::move(card));
  world.customer_cards(Key()).Enter(customer_id, world.cards(), stored);
  world.Emit("customer.source.created", stored);
  return stored;
}

const Card& CustomerLifecycle::UpdateCard(World& world, const Card& current, const Card& updated) {
  Card& card = *world.cards().Mutable(Key(), current.id());
  std::string previous = PreviousAttributes(card, updated);
  OrdinalIndex& index = world.customer_cards(Key());
  if (card.has_customer()) index.Leave(card.customer(), world.cards(), card);
  card = updated;
  if (card.has_customer()) index.Enter(card.customer(), world.cards(), card);
  if (!previous.empty()) world.Emit("customer.source.updated", card, std::move(previous));
  return card;
}

void CustomerLifecycle::SetUpCardForOffSession(World& world, const Card& card) {
  world.cards().Mutable(Key(), card.id())->set_setup_for_off_session(true);
}

void CustomerLifecycle::DeleteCard(World& world, const Card& card) {
  world.Emit("customer.source.deleted", card);
  world.customer_cards(Key()).Leave(card.customer(), world.cards(), card);
  world.cards().Delete(Key(), card.id());
}

void CustomerLifecycle::ForEachCardOf(World& world, absl::string_view customer_id,
                                      absl::FunctionRef<void(const Card&)> visit) {
  for (const int64_t ordinal : CardsByCustomer(world).Of(customer_id)) {
    if (const Card* card = world.cards().AtOrdinal(ordinal)) visit(*card);
  }
}

const OrdinalIndex& CustomerLifecycle::CardsByCustomer(World& world) {
  return world.customer_cards(Key()).BuiltFrom(
      world.cards(), [](const Card& card) -> std::optional<absl::string_view> {
        if (!card.has_customer()) return std::nullopt;
        return absl::string_view(card.customer());
      });
}

std::string CustomerLifecycle::TakeInvoiceNumber(World& world, const std::string& customer_id) {
  Customer* customer = world.customers().Mutable(Key(), customer_id);
  if (customer == nullptr) return "";
  const int64_t sequence = customer->next_invoice_sequence();
  customer->set_next_invoice_sequence(sequence + 1);
  return absl::StrFormat("%s-%04d", customer->invoice_prefix(), sequence);
}

void CustomerLifecycle::SetCashBalanceReconciliationMode(World& world, const Customer& current,
                                                         absl::string_view mode) {
  Customer& customer = *world.customers().Mutable(Key(), current.id());
  if (mode.empty()) {
    customer.clear_cash_balance_reconciliation_mode();
  } else {
    customer.set_cash_balance_reconciliation_mode(mode);
  }
}

void CustomerLifecycle::CountDiscountedInvoice(World& world, const Customer& current) {
  Customer& customer = *world.customers().Mutable(Key(), current.id());
  Discount* discount = customer.mutable_discount();
  discount->set_invoices_discounted(discount->invoices_discounted() + 1);
}

}  // namespace internal
}  // namespace paysim
